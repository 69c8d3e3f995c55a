-- Searches of two words, and of words with exclusions, without ranking every
-- hit. "ældre kvinder" (10,000 hits of 100,000 parties) read and ranked every
-- hit's document with ts_rank (15-40 ms); "frivillige -weekend" (22,000
-- hits) 30-70 ms. The answer stays exactly the one that ranking gives: the
-- same parties, order and rank values.
--
-- ts_rank of a query 'x' & 'y' (PostgreSQL 15, tsrank.c, calc_rank_and) is
-- 1 - prod(1 - c), over every pair of a position of x and one of y, with
-- c = sqrt(w(x) * w(y) * word_distance(distance)) and w the weight of the
-- position (A 1, B 0.4, C 0.2, D 0.1). word_distance is at most its value
-- at a distance of one, d1 = 0.98214477, so -ln(1 - c) <= f(w(x)) * f(w(y))
-- with f(w) = sqrt(-ln(1 - w * sqrt(d1))) (checked for all sixteen pairs of
-- weights; equal when both weights are the same). Hence, with phi the sum
-- of f over a lexeme's positions in a document,
--
--     ts_rank(doc, 'x' & 'y') <= 1 - exp(-phi(x) * phi(y)),
--
-- whatever the distances. search_term keeps phi beside each lexeme's rank,
-- and search_term_pair lists a lexeme's parties by phi, so the parties that
-- can still reach a page's cut-off are found there and only they are
-- ranked. f is rounded up by 1e-5 (float rounding of ts_rank's own
-- arithmetic); a lexeme without positions counts as one position of
-- weight D, as ts_rank counts it.
--
-- One word and exclusions ('x' & !'y'): calc_rank_and finds no pair (the
-- excluded lexemes are in no hit) and every hit gets the same rank, 1e-20,
-- so the page is the hits with the lowest party ids.

CREATE FUNCTION lexeme_phi(weights text[]) RETURNS real LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(2.1712224::float8 * cardinality(array_positions(weights, 'A'))
                    + 0.71054555::float8 * cardinality(array_positions(weights, 'B'))
                    + 0.47000907::float8 * cardinality(array_positions(weights, 'C'))
                    + 0.32305832::float8 * cardinality(array_positions(weights, 'D')),
                    0.32305832::float8)::real
$$;

ALTER TABLE search_term ADD COLUMN phi real NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION search_term_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM search_term t USING old_docs o, unnest(o.doc) AS u
        WHERE t.tenant = o.tenant AND t.lexeme = u.lexeme
          AND t.rank = ts_rank(o.doc, lexeme_query(u.lexeme)) AND t.party_id = o.party_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO search_term (party_id, lexeme, tenant, rank, kind, archived, phi)
        SELECT * FROM (
            SELECT n.party_id, u.lexeme, n.tenant,
                   ts_rank(n.doc, lexeme_query(u.lexeme)) AS rank, n.kind, n.archived,
                   lexeme_phi(u.weights)
            FROM new_docs n, unnest(n.doc) AS u) AS t
        ORDER BY t.tenant, t.lexeme, t.rank DESC, t.party_id;
    END IF;
    RETURN NULL;
END $$;

-- The terms written before this migration, again with their phi
TRUNCATE search_term;
INSERT INTO search_term (party_id, lexeme, tenant, rank, kind, archived, phi)
SELECT * FROM (
    SELECT s.party_id, u.lexeme, s.tenant, ts_rank(s.doc, lexeme_query(u.lexeme)) AS rank,
           s.kind, s.archived, lexeme_phi(u.weights)
    FROM search_doc s, unnest(s.doc) AS u) AS t
ORDER BY t.tenant, t.lexeme, t.rank DESC, t.party_id;
ALTER TABLE search_term ALTER COLUMN phi DROP DEFAULT;

CREATE INDEX search_term_pair ON search_term (tenant, lexeme, phi DESC, party_id)
    INCLUDE (kind, archived);

-- Every hit ranked: queries of other forms (or, phrases, three words), all
-- municipalities ('*'), and what the paths below cannot prove
CREATE FUNCTION search_rank(in_tenant text, in_q tsquery, in_kind text,
                            in_archived boolean, in_limit integer)
    RETURNS TABLE (id bigint, rank real) LANGUAGE sql STABLE AS $$
    SELECT s.party_id, ts_rank(s.doc, in_q) AS rank FROM search_doc s
    WHERE s.doc @@ in_q AND (in_tenant = '*' OR s.tenant = in_tenant)
      AND (in_kind IS NULL OR s.kind = in_kind) AND (NOT s.archived OR in_archived)
    ORDER BY rank DESC, s.party_id LIMIT in_limit
$$;

-- Two words x and y (and any exclusions, which in_q holds): the best
-- in_limit hits, or one row of NULLs when the bound cannot prove them
-- (fewer than in_limit hits among the first parties of both words).
--
-- Every party that ranks c or more has phi(x) * phi(y) >= t (t from c,
-- with a margin of 1e-4 for float rounding), so the larger of its two phi
-- is >= sqrt(t). For each word, those parties are: its first 32 from
-- sqrt(t) up (ranked as they are), and the rest, whose phi is at most the
-- 33rd's (m), with the other word at t / m or more (both read from
-- search_term_pair, joined by party, kept when the product reaches t).
-- They are ranked; if in_limit of them rank c or more, no other party can
-- be on the page, and they are it.
--
-- c: a first cut-off, the in_limit-th rank among the hits that are among
-- the first 2,048 of both words by phi (8,192 if they hold too few), is
-- always low enough, but often well below the page's (0.85-0.91 where the
-- page ends at 0.94 over 100,000 parties); 1 - 0.7 (1 - c) is tried first,
-- as it often is low enough too, and reads far fewer parties. More than
-- 5,000 parties to rank: ranking every hit costs about as much, and is left
-- to search_rank.
CREATE FUNCTION search_pair(in_tenant text, in_q tsquery, in_x text, in_y text,
                            in_kind text, in_archived boolean, in_limit integer)
    RETURNS TABLE (id bigint, rank real) LANGUAGE plpgsql STABLE
    SET enable_bitmapscan = off SET enable_seqscan = off SET enable_nestloop = off AS $$
DECLARE
    depth integer;
    cut real;
    try float8;
    need float8;
    mx real;
    my real;
    cands bigint[];
    ids bigint[];
    ranks real[];
BEGIN
    FOREACH depth IN ARRAY '{2048, 8192}'::integer[] LOOP
        SELECT r.rk INTO cut FROM (
            SELECT s.party_id, ts_rank(s.doc, in_q) AS rk
            FROM search_doc s
            WHERE s.party_id = ANY (ARRAY(
                SELECT a.party_id FROM
                    (SELECT e.party_id FROM search_term e
                     WHERE e.tenant = in_tenant AND e.lexeme = in_x
                       AND (in_kind IS NULL OR e.kind = in_kind) AND (NOT e.archived OR in_archived)
                     ORDER BY e.phi DESC, e.party_id LIMIT depth) AS a
                    JOIN
                    (SELECT e.party_id FROM search_term e
                     WHERE e.tenant = in_tenant AND e.lexeme = in_y
                       AND (in_kind IS NULL OR e.kind = in_kind) AND (NOT e.archived OR in_archived)
                     ORDER BY e.phi DESC, e.party_id LIMIT depth) AS b ON b.party_id = a.party_id))
              AND s.doc @@ in_q) AS r
        ORDER BY r.rk DESC, r.party_id OFFSET in_limit - 1 LIMIT 1;
        EXIT WHEN cut IS NOT NULL;
    END LOOP;
    IF cut IS NULL THEN
        RETURN QUERY SELECT NULL::bigint, NULL::real;
        RETURN;
    END IF;
    SELECT e.phi INTO mx FROM search_term e
    WHERE e.tenant = in_tenant AND e.lexeme = in_x
      AND (in_kind IS NULL OR e.kind = in_kind) AND (NOT e.archived OR in_archived)
    ORDER BY e.phi DESC, e.party_id OFFSET 32 LIMIT 1;
    SELECT e.phi INTO my FROM search_term e
    WHERE e.tenant = in_tenant AND e.lexeme = in_y
      AND (in_kind IS NULL OR e.kind = in_kind) AND (NOT e.archived OR in_archived)
    ORDER BY e.phi DESC, e.party_id OFFSET 32 LIMIT 1;
    FOREACH try IN ARRAY ARRAY[1 - 0.7 * (1 - cut::float8), cut::float8] LOOP
        need := -ln(1 - try + 1e-4);
        cands := ARRAY(
            (SELECT e.party_id FROM search_term e
             WHERE e.tenant = in_tenant AND e.lexeme = in_x AND e.phi >= sqrt(need)
               AND (in_kind IS NULL OR e.kind = in_kind) AND (NOT e.archived OR in_archived)
             ORDER BY e.phi DESC, e.party_id LIMIT 32)
            UNION ALL
            (SELECT e.party_id FROM search_term e
             WHERE e.tenant = in_tenant AND e.lexeme = in_y AND e.phi >= sqrt(need)
               AND (in_kind IS NULL OR e.kind = in_kind) AND (NOT e.archived OR in_archived)
             ORDER BY e.phi DESC, e.party_id LIMIT 32)
            UNION ALL
            SELECT a.party_id FROM search_term a JOIN search_term b ON b.party_id = a.party_id
            WHERE a.tenant = in_tenant AND a.lexeme = in_x AND a.phi >= sqrt(need) AND a.phi <= mx
              AND (in_kind IS NULL OR a.kind = in_kind) AND (NOT a.archived OR in_archived)
              AND b.tenant = in_tenant AND b.lexeme = in_y AND b.phi >= need / mx
              AND a.phi::float8 * b.phi::float8 >= need
            UNION ALL
            SELECT a.party_id FROM search_term a JOIN search_term b ON b.party_id = a.party_id
            WHERE a.tenant = in_tenant AND a.lexeme = in_y AND a.phi >= sqrt(need) AND a.phi <= my
              AND (in_kind IS NULL OR a.kind = in_kind) AND (NOT a.archived OR in_archived)
              AND b.tenant = in_tenant AND b.lexeme = in_x AND b.phi >= need / my
              AND a.phi::float8 * b.phi::float8 >= need);
        -- So many that ranking every hit costs as little: let it
        EXIT WHEN cardinality(cands) > 5000;
        SELECT array_agg(r.party_id ORDER BY r.rk DESC, r.party_id),
               array_agg(r.rk ORDER BY r.rk DESC, r.party_id)
        INTO ids, ranks FROM (
            SELECT s.party_id, ts_rank(s.doc, in_q) AS rk FROM search_doc s
            WHERE s.party_id = ANY (cands) AND s.doc @@ in_q
            ORDER BY rk DESC, s.party_id LIMIT in_limit) AS r;
        IF cardinality(ids) = in_limit AND ranks[in_limit] >= try THEN
            RETURN QUERY SELECT * FROM unnest(ids, ranks);
            RETURN;
        END IF;
    END LOOP;
    RETURN QUERY SELECT NULL::bigint, NULL::real;
END $$;

-- One word and exclusions: every hit ranks 1e-20, so the page is the hits
-- with the lowest party ids, read in that order from the first 4,096
-- documents. One row of NULLs when they hold fewer than in_limit hits.
CREATE FUNCTION search_first(in_tenant text, in_q tsquery, in_kind text,
                             in_archived boolean, in_limit integer)
    RETURNS TABLE (id bigint, rank real) LANGUAGE plpgsql STABLE AS $$
DECLARE
    ids bigint[];
    ranks real[];
BEGIN
    SELECT array_agg(h.party_id ORDER BY h.party_id), array_agg(h.rk ORDER BY h.party_id)
    INTO ids, ranks FROM (
        SELECT s.party_id, ts_rank(s.doc, in_q) AS rk
        FROM (SELECT d.party_id, d.tenant, d.doc, d.kind, d.archived FROM search_doc d
              ORDER BY d.party_id LIMIT 4096) AS s
        WHERE s.tenant = in_tenant AND s.doc @@ in_q
          AND (in_kind IS NULL OR s.kind = in_kind) AND (NOT s.archived OR in_archived)
        ORDER BY s.party_id LIMIT in_limit) AS h;
    IF coalesce(cardinality(ids), 0) < in_limit THEN
        RETURN QUERY SELECT NULL::bigint, NULL::real;
    ELSE
        RETURN QUERY SELECT * FROM unnest(ids, ranks);
    END IF;
END $$;

-- A search by words of one municipality's parties (or of all, '*'): the
-- best in_limit, by ts_rank and then party id. One word (or one word
-- written more than once): search_top (013).
-- Words joined by "and" of which two are wanted: search_pair; one wanted
-- and others excluded: search_first. Anything else, or what these cannot
-- prove: every hit ranked (search_rank). The form is read from the query's
-- text, 'x' & !'y' & ..., quotes and backslashes in a lexeme doubled.
CREATE FUNCTION search_words(in_tenant text, in_q tsquery, in_kind text,
                             in_archived boolean, in_limit integer)
    RETURNS TABLE (id bigint, rank real) LANGUAGE plpgsql STABLE AS $$
DECLARE
    wanted text[] := '{}';
    excluded integer := 0;
    m text[];
    lexeme text;
    done boolean := false;
BEGIN
    IF in_tenant <> '*' AND numnode(in_q) = 1 THEN
        RETURN QUERY SELECT * FROM search_top(in_tenant,
            (tsvector_to_array(in_q::text::tsvector))[1], in_kind, in_archived, in_limit);
        RETURN;
    END IF;
    IF in_tenant <> '*'
       AND in_q::text ~ '^!?''([^'']|'''')*''( & !?''([^'']|'''')*'')*$' THEN
        FOR m IN SELECT regexp_matches(in_q::text, '(!?)''((?:[^'']|'''')*)''', 'g') LOOP
            lexeme := regexp_replace(m[2], '([''\\])\1', '\1', 'g');
            IF m[1] = '!' THEN
                excluded := excluded + 1;
            ELSIF NOT lexeme = ANY (wanted) THEN
                wanted := wanted || lexeme;
            END IF;
        END LOOP;
        IF cardinality(wanted) = 1 AND excluded = 0 THEN
            -- One word written twice ranks as that word alone
            RETURN QUERY SELECT * FROM search_top(in_tenant, wanted[1], in_kind, in_archived,
                                                  in_limit);
            RETURN;
        ELSIF cardinality(wanted) = 2 THEN
            RETURN QUERY SELECT * FROM search_pair(in_tenant, in_q, wanted[1], wanted[2],
                                                   in_kind, in_archived, in_limit) AS p
                         WHERE p.id IS NOT NULL;
            done := FOUND;
        ELSIF cardinality(wanted) = 1 AND excluded > 0 THEN
            RETURN QUERY SELECT * FROM search_first(in_tenant, in_q, in_kind, in_archived,
                                                    in_limit) AS p
                         WHERE p.id IS NOT NULL;
            done := FOUND;
        END IF;
    END IF;
    IF NOT done THEN
        RETURN QUERY SELECT * FROM search_rank(in_tenant, in_q, in_kind, in_archived, in_limit);
    END IF;
END $$;
