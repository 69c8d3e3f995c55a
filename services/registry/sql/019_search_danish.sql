-- Search that understands Danish (issue 16): compound words, ae/oe/aa,
-- target groups and terms by their Danish labels, names first.
--
-- Documents and queries are folded first (æ ae, ø oe, å aa, either case),
-- so "Aeldresagen" and "ældre" meet "Ældresagen". Every word of a query is
-- a prefix of the stems it matches ("fodbold" finds the lexeme
-- "fodboldklub", "lektier", stem "lekti", finds "lektiehjaelp"); stems of
-- fewer than three letters match whole. The document holds the name (A),
-- description (B), activities with their types and target groups, and the
-- Danish labels of the terms the party has, serves or speaks (C), and
-- visit notes (D); name_doc holds the name alone.
--
-- The order is no longer ts_rank's: a party ranks by how many of the
-- query's words its name holds (its tier), then by id. The page is found
-- by walking the municipality's documents in id order, a bounded number
-- of them, and only what that walk cannot prove is asked of the GIN
-- indexes (doc, name_doc), whose answer is then small. search_term (012,
-- 013, 016), the per-lexeme ranks, has no use left: prefixes span many
-- lexemes. It and its triggers go, and so does party.search (003), which
-- the documents no longer copy.

CREATE FUNCTION search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT replace(replace(replace(replace(replace(replace(t,
        'æ', 'ae'), 'Æ', 'ae'), 'ø', 'oe'), 'Ø', 'oe'), 'å', 'aa'), 'Å', 'aa')
$$;

CREATE FUNCTION search_vector(t text, w "char") RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('danish'::regconfig, search_fold(coalesce(t, ''))), w)
$$;

-- A text as a query: web-search syntax (words, "phrase", -word, or) over
-- the folded text, each lexeme of three or more letters a prefix
CREATE FUNCTION search_query(t text) RETURNS tsquery LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    q text := websearch_to_tsquery('danish'::regconfig, search_fold(t))::text;
    parts text[] := regexp_split_to_array(q, '''(?:[^'']|'''')*''');
    lex text[] := ARRAY(SELECT m[1] FROM regexp_matches(q, '''((?:[^'']|'''')*)''', 'g') AS m);
    out text := parts[1];
BEGIN
    FOR i IN 1 .. coalesce(cardinality(lex), 0) LOOP
        out := out || '''' || lex[i] || ''''
               || CASE WHEN char_length(replace(lex[i], '''''', '''')) >= 3 THEN ':*' ELSE '' END
               || parts[i + 1];
    END LOOP;
    RETURN out::tsquery;
END $$;

-- The words a name can hold, for the tier: each lexeme of the query that is
-- not excluded (!), as a query of its own
CREATE FUNCTION search_words(q tsquery) RETURNS tsquery[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(DISTINCT (m[2] || m[3])::tsquery), '{}')
    FROM regexp_matches(q::text, '(!?)(''(?:[^'']|'''')*'')((?::\*)?)', 'g') AS m
    WHERE m[1] = ''
$$;

-- How many of the words the name holds. A call costs (it is not inlined):
-- the searches below first ask whether the name holds any of the words
-- (search_any), which most names do not.
CREATE FUNCTION search_tier(name_doc tsvector, words tsquery[]) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$
    SELECT count(*)::integer FROM unnest(words) AS w WHERE name_doc @@ w
$$;

-- Any of the words (NULL for none)
CREATE FUNCTION search_any(words tsquery[]) RETURNS tsquery LANGUAGE sql IMMUTABLE AS $$
    SELECT string_agg(w::text, ' | ')::tsquery FROM unnest(words) AS w
$$;

-- The Danish labels a party is found by: the terms it has, serves or
-- speaks, and its activities' types and target groups
CREATE FUNCTION party_search_labels(pid bigint) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ',
        (SELECT string_agg(t.label_da, ' ') FROM declaration d JOIN term t ON t.id = d.term_id
         WHERE d.party_id = pid AND d.relation IN ('has', 'serves', 'speaks')),
        (SELECT string_agg(t.label_da, ' ') FROM activity a JOIN term t ON t.id = a.type_id
         WHERE a.party_id = pid),
        (SELECT string_agg(t.label_da, ' ') FROM activity a
         JOIN activity_target x ON x.activity_id = a.id JOIN term t ON t.id = x.term_id
         WHERE a.party_id = pid))
$$;

CREATE OR REPLACE FUNCTION party_search_doc(pid bigint) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT search_vector(p.name, 'A') || search_vector(p.description, 'B')
        || search_vector(concat_ws(' ', (
               SELECT string_agg(a.name || ' ' || coalesce(a.description, ''), ' ')
               FROM activity a WHERE a.party_id = pid), party_search_labels(pid)), 'C')
        || search_vector((
               SELECT string_agg(concat_ws(' ', v.activities, v.challenges, v.ideas,
                                           v.offer), ' ')
               FROM visit v WHERE v.party_id = pid), 'D')
    FROM party p WHERE p.id = pid
$$;

ALTER TABLE search_doc ADD COLUMN name_doc tsvector NOT NULL DEFAULT '';

CREATE OR REPLACE FUNCTION party_search_refresh(pid bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO search_doc (party_id, tenant, doc, kind, archived, name_doc)
    SELECT p.id, p.tenant, party_search_doc(p.id), p.kind, p.archived_at IS NOT NULL,
           search_vector(p.name, 'A')
    FROM party p WHERE p.id = pid
    ON CONFLICT (party_id) DO UPDATE
        SET doc = EXCLUDED.doc, kind = EXCLUDED.kind, archived = EXCLUDED.archived,
            name_doc = EXCLUDED.name_doc
$$;

-- A new party (one or a whole import, 014): its document is its name and
-- description; labels, activities and visits come with their own rows
CREATE OR REPLACE FUNCTION party_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO party_history (tenant, party_id, actor, actor_role, op, action,
                               version, changes)
    SELECT n.tenant, n.id, nullif(current_setting('samskab.actor', true), ''),
           nullif(current_setting('samskab.actor_role', true), ''),
           nullif(current_setting('samskab.op', true), ''), 'created', n.version,
           party_changes('{}', party_fields(n::party), n.kind)
    FROM new_parties n ORDER BY n.id;
    INSERT INTO search_doc (party_id, tenant, doc, kind, archived, name_doc)
    SELECT n.id, n.tenant, search_vector(n.name, 'A') || search_vector(n.description, 'B'),
           n.kind, n.archived_at IS NOT NULL, search_vector(n.name, 'A')
    FROM new_parties n ORDER BY n.id;
    RETURN NULL;
END $$;

-- Declarations: new ones add their labels to the documents (one statement
-- for a whole import), changed or removed ones rewrite them
CREATE FUNCTION search_on_declaration() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE search_doc s SET doc = s.doc || search_vector(l.labels, 'C')
        FROM (SELECT n.party_id, string_agg(t.label_da, ' ') AS labels
              FROM new_rows n JOIN term t ON t.id = n.term_id
              WHERE n.relation IN ('has', 'serves', 'speaks') GROUP BY n.party_id) AS l
        WHERE s.party_id = l.party_id;
    ELSE
        PERFORM party_search_refresh(o.party_id) FROM (SELECT DISTINCT party_id FROM old_rows) o;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_declaration_insert AFTER INSERT ON declaration
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_declaration();
CREATE TRIGGER search_declaration_update AFTER UPDATE ON declaration
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_declaration();
CREATE TRIGGER search_declaration_delete AFTER DELETE ON declaration
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_declaration();

-- An activity's target groups (its own row and type: 009's trigger)
CREATE FUNCTION search_on_activity_target() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM party_search_refresh(a.party_id)
    FROM (SELECT DISTINCT a.party_id FROM activity a
          WHERE a.id IN (SELECT activity_id FROM changed)) AS a;
    RETURN NULL;
END $$;
CREATE TRIGGER search_activity_target_insert AFTER INSERT ON activity_target
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_activity_target();
CREATE TRIGGER search_activity_target_delete AFTER DELETE ON activity_target
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION search_on_activity_target();
DROP TRIGGER party_search_activity ON activity;
CREATE TRIGGER party_search_activity AFTER INSERT OR DELETE
    OR UPDATE OF party_id, name, description, type_id ON activity
    FOR EACH ROW EXECUTE FUNCTION party_search_on_child();

-- A term's Danish label changed: the documents that hold it
CREATE FUNCTION search_on_term() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('samskab.tenant', '*', true);
    PERFORM party_search_refresh(p.party_id) FROM (
        SELECT d.party_id FROM declaration d WHERE d.term_id = NEW.id
        UNION SELECT a.party_id FROM activity a WHERE a.type_id = NEW.id
        UNION SELECT a.party_id FROM activity a JOIN activity_target x
              ON x.activity_id = a.id WHERE x.term_id = NEW.id) AS p;
    RETURN NULL;
END $$;
CREATE TRIGGER search_term_label AFTER UPDATE OF label_da ON term
    FOR EACH ROW WHEN (OLD.label_da IS DISTINCT FROM NEW.label_da)
    EXECUTE FUNCTION search_on_term();

-- search_term and what read it
DROP TRIGGER search_term_insert ON search_doc;
DROP TRIGGER search_term_update ON search_doc;
DROP TRIGGER search_term_delete ON search_doc;
DROP FUNCTION search_term_sync();
DROP FUNCTION search_words(text, tsquery, text, boolean, integer);
DROP FUNCTION search_pair(text, tsquery, text, text, text, boolean, integer);
DROP FUNCTION search_first(text, tsquery, text, boolean, integer);
DROP FUNCTION search_rank(text, tsquery, text, boolean, integer);
DROP FUNCTION search_top(text, text, text, boolean, integer);
DROP FUNCTION lexeme_phi(text[]);
DROP FUNCTION lexeme_query(text);
DROP TABLE search_term;
ALTER TABLE party DROP COLUMN search;

CREATE INDEX search_doc_name ON search_doc USING gin (name_doc);
CREATE INDEX search_doc_walk ON search_doc (tenant, party_id);

-- The documents written before this migration, folded
SELECT set_config('samskab.tenant', '*', false);
UPDATE search_doc s SET doc = party_search_doc(s.party_id), name_doc = search_vector(p.name, 'A')
    FROM party p WHERE p.id = s.party_id;
SELECT set_config('samskab.tenant', '', false);

-- Parties whose name holds at least k of the words: the "or" of the "and"s
-- of every k of them (of one, beyond eight words)
CREATE FUNCTION search_at_least(words tsquery[], k integer) RETURNS tsquery
    LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    n integer := cardinality(words);
    ors text[] := '{}';
    ands text[];
BEGIN
    IF n > 8 THEN
        RETURN search_any(words);
    END IF;
    FOR mask IN 1 .. (1 << n) - 1 LOOP
        ands := ARRAY(SELECT words[i]::text FROM generate_series(1, n) AS i
                      WHERE mask & (1 << (i - 1)) <> 0);
        IF cardinality(ands) = k THEN
            ors := ors || ('(' || array_to_string(ands, ' & ') || ')');
        END IF;
    END LOOP;
    RETURN array_to_string(ors, ' | ')::tsquery;
END $$;

-- The hits after the party in_last whose name holds more than low of the
-- words (any hit for a low of -1), found through the GIN indexes alone:
-- the btree on (tenant, party_id) would read every later document, and a
-- plan made for any query (these are parameters) may take it.
-- Long because: two statements, names or not, each whole.
CREATE FUNCTION search_rest(in_tenant text, in_last bigint, in_q tsquery, in_words tsquery[],
                            low integer, in_kind text, in_archived boolean)
    RETURNS TABLE (id bigint, tier integer) LANGUAGE plpgsql STABLE ROWS 20
    SET enable_indexscan = off SET enable_seqscan = off AS $$
DECLARE
    n integer := cardinality(in_words);
    anyq tsquery := search_any(in_words);
    names tsquery := CASE WHEN low >= 0 THEN search_at_least(in_words, low + 1) END;
BEGIN
    IF low >= 0 THEN
        RETURN QUERY SELECT h.party_id, h.t FROM (
            SELECT d.party_id, search_tier(d.name_doc, in_words) AS t FROM search_doc d
            WHERE d.tenant || '' = in_tenant AND d.party_id + 0 > in_last
              AND d.name_doc @@ names
              AND d.doc @@ in_q AND (in_kind IS NULL OR d.kind = in_kind)
              AND (NOT d.archived OR in_archived)) AS h
        WHERE h.t > low;
    ELSE
        RETURN QUERY SELECT d.party_id,
               CASE WHEN n = 0 OR NOT d.name_doc @@ anyq THEN 0 WHEN n = 1 THEN 1
                    ELSE search_tier(d.name_doc, in_words) END
        FROM search_doc d
        WHERE d.tenant || '' = in_tenant AND d.party_id + 0 > in_last AND d.doc @@ in_q
          AND (in_kind IS NULL OR d.kind = in_kind) AND (NOT d.archived OR in_archived);
    END IF;
END $$;

-- The best in_limit hits of in_q among one municipality's parties: by
-- tier (how many of in_words the name holds), then by id.
--
-- The municipality's documents are read in id order, in chunks (at most
-- 256 + 1,024 + 4,096), while that is the cheaper way to the page. Once
-- in_limit hits of the highest tier there is are read, they are the page.
-- Otherwise the page's lowest tier so far is low, and the only parties
-- that can still change the page are those after the last read whose
-- name holds more than low of the words (or, with fewer than in_limit
-- hits read, every later hit): the GIN indexes of the names and documents
-- find those. That is done as soon as the hits read so far, as a share
-- of the documents read, promise few of them (at most 1,000 among all
-- documents), or after the last chunk. A word in many names is found in
-- the first chunks, a rare word or a miss right after the first.
-- ROWS 20, a page: with the default 1,000 the caller's join read all of
-- party (and its policy) into a hash instead of looking up the page's rows.
-- Long because: the walk and what it proves read best in one piece.
CREATE FUNCTION search_page(in_tenant text, in_q tsquery, in_words tsquery[], in_kind text,
                            in_archived boolean, in_limit integer)
    RETURNS TABLE (id bigint, tier integer) LANGUAGE plpgsql STABLE ROWS 20 AS $$
DECLARE
    n integer := cardinality(in_words);
    anyq tsquery := search_any(in_words);
    total float8 := (SELECT greatest(c.reltuples, 1) FROM pg_class c
                     WHERE c.oid = 'search_doc'::regclass);
    chunk integer;
    last bigint := 0;
    seen integer;
    read integer := 0;
    ids bigint[] := '{}';
    tiers integer[] := '{}';
    more_ids bigint[];
    more_tiers integer[];
    low integer := -1;
    above integer;
BEGIN
    IF numnode(in_q) = 0 THEN
        RETURN;
    END IF;
    FOREACH chunk IN ARRAY '{256, 1024, 4096}'::integer[] LOOP
        WITH w AS MATERIALIZED (
            SELECT d.party_id, d.doc, d.name_doc, d.kind, d.archived FROM search_doc d
            WHERE d.tenant = in_tenant AND d.party_id > last
            ORDER BY d.party_id LIMIT chunk)
        SELECT (SELECT count(*) FROM w), coalesce((SELECT max(w.party_id) FROM w), last),
               ids || coalesce(array_agg(h.party_id ORDER BY h.party_id), '{}'),
               tiers || coalesce(array_agg(h.t ORDER BY h.party_id), '{}')
        INTO seen, last, more_ids, more_tiers
        FROM (SELECT w.party_id,
                     CASE WHEN n = 0 OR NOT w.name_doc @@ anyq THEN 0 WHEN n = 1 THEN 1
                          ELSE search_tier(w.name_doc, in_words) END AS t FROM w
              WHERE w.doc @@ in_q AND (in_kind IS NULL OR w.kind = in_kind)
                AND (NOT w.archived OR in_archived)) AS h;
        ids := more_ids;
        tiers := more_tiers;
        read := read + seen;
        -- Every document read, or the page is all of the highest tier
        IF seen < chunk OR (SELECT count(*) FROM unnest(tiers) AS t WHERE t = n) >= in_limit
        THEN
            RETURN QUERY SELECT u.i, u.t FROM unnest(ids, tiers) AS u (i, t)
                         ORDER BY u.t DESC, u.i LIMIT in_limit;
            RETURN;
        END IF;
        -- What the indexes would still have to find, at the rate read
        low := coalesce((SELECT u.t FROM unnest(ids, tiers) AS u (i, t)
                         ORDER BY u.t DESC, u.i OFFSET in_limit - 1 LIMIT 1), -1);
        above := (SELECT count(*) FROM unnest(tiers) AS t WHERE t > low);
        EXIT WHEN above * total / read <= 1000;
    END LOOP;
    RETURN QUERY SELECT u.i, u.t FROM (
        SELECT * FROM unnest(ids, tiers) AS u (i, t)
        UNION ALL
        SELECT r.id, r.tier FROM search_rest(in_tenant, last, in_q, in_words, low, in_kind,
                                             in_archived) AS r) AS u (i, t)
        ORDER BY u.t DESC, u.i LIMIT in_limit;
END $$;
