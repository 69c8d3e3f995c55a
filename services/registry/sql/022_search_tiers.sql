-- Searches of several words by tier, each from the cheapest side (issue 16's
-- p99 target; doc/DECISIONS.md "Registry search").
--
-- search_page (019) read the documents in id order until the page's lowest
-- tier was proven, and a page of several words is rarely all of the highest
-- tier (few names hold two words of a query): "ældre kvinder" read 1,280
-- documents, "aeldre kvinder weekend" 5,376, evaluating every document and
-- calling search_tier (a SQL function, about 19 µs a call) for every named
-- hit, then asked the GIN indexes of the names and of the documents together
-- for the names holding more words, whose document index scan of three
-- common prefixes cost more than the walk. Now the page is filled tier by
-- tier, from the top:
--
--   names holding two or more of the words: all of them from the names'
--   GIN index alone (the document is checked on the few rows it returns);
--   when there are more than 1,000, the walk of 019 (search_walk) instead;
--   names holding one word, then names holding none: each in id order,
--   reading the municipality's documents a bounded number at a time with
--   the cheap test of the short name first, and only what that reading
--   cannot find from the GIN indexes (search_tier_walk).

-- How many of the words the name holds, inlined into the query that calls
-- it (one expression up to eight words, not a function call per row)
CREATE FUNCTION search_tier_many(name_doc tsvector, words tsquery[]) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$
    SELECT count(*)::integer FROM unnest(words) AS w WHERE name_doc @@ w
$$;
CREATE OR REPLACE FUNCTION search_tier(name_doc tsvector, words tsquery[]) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN cardinality(words) > 8 THEN search_tier_many(name_doc, words)
        ELSE coalesce((name_doc @@ words[1])::integer, 0) + coalesce((name_doc @@ words[2])::integer, 0)
           + coalesce((name_doc @@ words[3])::integer, 0) + coalesce((name_doc @@ words[4])::integer, 0)
           + coalesce((name_doc @@ words[5])::integer, 0) + coalesce((name_doc @@ words[6])::integer, 0)
           + coalesce((name_doc @@ words[7])::integer, 0) + coalesce((name_doc @@ words[8])::integer, 0)
        END
$$;

ALTER FUNCTION search_page(text, tsquery, tsquery[], text, boolean, integer)
    RENAME TO search_walk;

-- The hits whose names hold two or more of the words, at most in_cap of
-- them, from the names' GIN index alone: the document's own index is kept
-- out ("IS TRUE"), its common words cost more to read there than the few
-- documents these names have.
CREATE FUNCTION search_several(in_tenant text, in_q tsquery, in_words tsquery[], in_kind text,
                               in_archived boolean, in_cap integer)
    RETURNS TABLE (id bigint, tier integer) LANGUAGE sql STABLE ROWS 20
    SET enable_indexscan = off SET enable_seqscan = off AS $$
    SELECT h.party_id, h.t FROM (
        SELECT d.party_id, search_tier(d.name_doc, in_words) AS t FROM search_doc d
        WHERE d.name_doc @@ search_at_least(in_words, 2) AND d.tenant || '' = in_tenant
          AND (d.doc @@ in_q) IS TRUE AND (in_kind IS NULL OR d.kind = in_kind)
          AND (NOT d.archived OR in_archived)) AS h
    WHERE h.t >= 2
    LIMIT in_cap
$$;

-- The hits of one tier after the party in_last, in id order, from the GIN
-- indexes (the planner picks the names', the documents' or both for the
-- query at hand): parties whose names hold a word of in_any (in_named),
-- except in_skip, or whose names hold none.
CREATE FUNCTION search_tier_rest(in_tenant text, in_last bigint, in_q tsquery, in_any tsquery,
                                 in_named boolean, in_skip bigint[], in_kind text,
                                 in_archived boolean, in_need integer)
    RETURNS bigint[] LANGUAGE plpgsql STABLE
    SET enable_indexscan = off SET enable_seqscan = off SET enable_bitmapscan = on
    SET plan_cache_mode = force_custom_plan AS $$
BEGIN
    IF in_named THEN
        RETURN ARRAY(SELECT d.party_id FROM search_doc d
                     WHERE d.tenant || '' = in_tenant AND d.party_id + 0 > in_last
                       AND d.name_doc @@ in_any AND d.party_id <> ALL (in_skip)
                       AND d.doc @@ in_q AND (in_kind IS NULL OR d.kind = in_kind)
                       AND (NOT d.archived OR in_archived)
                     ORDER BY d.party_id LIMIT in_need);
    END IF;
    RETURN ARRAY(SELECT d.party_id FROM search_doc d
                 WHERE d.tenant || '' = in_tenant AND d.party_id + 0 > in_last
                   AND (in_any IS NULL OR NOT d.name_doc @@ in_any)
                   AND d.doc @@ in_q AND (in_kind IS NULL OR d.kind = in_kind)
                   AND (NOT d.archived OR in_archived)
                 ORDER BY d.party_id LIMIT in_need);
END $$;

-- The first in_need hits of one tier in id order: parties whose names hold
-- a word of in_any (in_named), except in_skip, or whose names hold none.
-- The municipality's documents are read in id order, 256, then 1,024, then
-- 4,096 (a subquery with a LIMIT, so no GIN index is taken for it, and
-- no bitmap or sort of the whole municipality either, which a table never
-- analyzed was given), until in_need are found; as soon as the hits read, as a share of the
-- documents read, promise at most 300 among all documents, or after the
-- last chunk, search_tier_rest finds the rest. A name is a few lexemes, and
-- it is tested before the document.
-- Long because: the walk and its way out read best in one piece.
CREATE FUNCTION search_tier_walk(in_tenant text, in_q tsquery, in_any tsquery, in_named boolean,
                                 in_skip bigint[], in_kind text, in_archived boolean,
                                 in_need integer)
    RETURNS bigint[] LANGUAGE plpgsql STABLE
    SET enable_bitmapscan = off SET enable_seqscan = off AS $$
DECLARE
    -- Never analyzed (-1): as if large, so that only a miss stops the walk
    total float8 := (SELECT CASE WHEN c.reltuples < 0 THEN 1e6 ELSE greatest(c.reltuples, 1) END
                     FROM pg_class c WHERE c.oid = 'search_doc'::regclass);
    chunk integer;
    last bigint := 0;
    seen integer;
    read integer := 0;
    ids bigint[] := '{}';
BEGIN
    FOREACH chunk IN ARRAY '{256, 1024, 4096}'::integer[] LOOP
        ids := ids || ARRAY(
            SELECT w.party_id FROM (
                SELECT d.party_id, d.doc, d.name_doc, d.kind, d.archived FROM search_doc d
                WHERE d.tenant = in_tenant AND d.party_id > last
                ORDER BY d.party_id LIMIT chunk) AS w
            WHERE CASE WHEN in_named THEN w.name_doc @@ in_any AND w.party_id <> ALL (in_skip)
                       ELSE in_any IS NULL OR NOT w.name_doc @@ in_any END
              AND w.doc @@ in_q AND (in_kind IS NULL OR w.kind = in_kind)
              AND (NOT w.archived OR in_archived)
            ORDER BY w.party_id LIMIT in_need - cardinality(ids));
        IF cardinality(ids) >= in_need THEN
            RETURN ids;
        END IF;
        -- The whole chunk was read: where it ended
        SELECT count(*), coalesce(max(w.party_id), last) INTO seen, last FROM (
            SELECT d.party_id FROM search_doc d
            WHERE d.tenant = in_tenant AND d.party_id > last
            ORDER BY d.party_id LIMIT chunk) AS w;
        read := read + seen;
        IF seen < chunk THEN
            RETURN ids;
        END IF;
        EXIT WHEN cardinality(ids) * total / read <= 300;
    END LOOP;
    RETURN ids || search_tier_rest(in_tenant, last, in_q, in_any, in_named, in_skip, in_kind,
                                   in_archived, in_need - cardinality(ids));
END $$;

-- The best in_limit hits of in_q among one municipality's parties: by
-- tier (how many of in_words the name holds), then by id. The tiers of two
-- words or more from the names' index (search_several; more than in_cap of
-- them: the walk of 019, search_walk), then one word, then none, each in
-- id order (search_tier_walk), until the page is full.
-- ROWS 20, a page: see 019.
CREATE FUNCTION search_page(in_tenant text, in_q tsquery, in_words tsquery[], in_kind text,
                            in_archived boolean, in_limit integer, in_cap integer DEFAULT 1000)
    RETURNS TABLE (id bigint, tier integer) LANGUAGE plpgsql STABLE ROWS 20 AS $$
DECLARE
    n integer := cardinality(in_words);
    anyq tsquery := search_any(in_words);
    ids bigint[] := '{}';
    tiers integer[] := '{}';
    found bigint[];
BEGIN
    IF numnode(in_q) = 0 THEN
        RETURN;
    END IF;
    IF n >= 2 THEN
        SELECT coalesce(array_agg(s.id ORDER BY s.tier DESC, s.id), '{}'),
               coalesce(array_agg(s.tier ORDER BY s.tier DESC, s.id), '{}')
        INTO ids, tiers
        FROM search_several(in_tenant, in_q, in_words, in_kind, in_archived, in_cap + 1) AS s;
        IF cardinality(ids) > in_cap THEN
            RETURN QUERY SELECT w.id, w.tier FROM search_walk(in_tenant, in_q, in_words, in_kind,
                                                              in_archived, in_limit) AS w;
            RETURN;
        END IF;
    END IF;
    IF n >= 1 AND cardinality(ids) < in_limit THEN
        found := search_tier_walk(in_tenant, in_q, anyq, true, ids, in_kind, in_archived,
                                  in_limit - cardinality(ids));
        ids := ids || found;
        tiers := tiers || array_fill(1, ARRAY[cardinality(found)]);
    END IF;
    IF cardinality(ids) < in_limit THEN
        found := search_tier_walk(in_tenant, in_q, anyq, false, '{}', in_kind, in_archived,
                                  in_limit - cardinality(ids));
        ids := ids || found;
        tiers := tiers || array_fill(0, ARRAY[cardinality(found)]);
    END IF;
    RETURN QUERY SELECT u.i, u.t FROM unnest(ids, tiers) WITH ORDINALITY AS u (i, t, o)
                 ORDER BY u.o LIMIT in_limit;
END $$;
