-- The best parties for one word, read in rank order instead of ranked at
-- search time. A word found in a third of all parties ("lektiehjælp") had
-- every hit of search_doc read and ranked with ts_rank before the limit
-- (35-85 ms at 100,000 parties). search_term keeps, per party and lexeme
-- of its document, the rank a one-word query gets: ts_rank of the document
-- against that lexeme alone, the same function on the same document, so
-- the value and the order are the ones the ranking search computes. A
-- one-word search reads its top entries from an index; a search with
-- several words, phrases or exclusions ranks search_doc as before.
--
-- Kept from search_doc by statement-level triggers (transition tables), so
-- a bulk writer (CSV import) writes the terms of all its documents in one
-- statement. Like search_doc, no row-level security: the search op names
-- the tenant and joins party, whose policy still holds.

CREATE TABLE search_term (
    party_id    bigint NOT NULL,
    lexeme      text NOT NULL,
    tenant      text NOT NULL,
    rank        real NOT NULL,      -- ts_rank(doc, the lexeme alone)
    kind        text,
    archived    boolean NOT NULL,
    PRIMARY KEY (party_id, lexeme)
);
CREATE INDEX search_term_top ON search_term (tenant, lexeme, rank DESC, party_id)
    INCLUDE (kind, archived);

-- A lexeme as a query of that lexeme alone (quotes and backslashes escaped
-- as tsquery's input wants them)
CREATE FUNCTION lexeme_query(lexeme text) RETURNS tsquery LANGUAGE sql IMMUTABLE AS $$
    SELECT format('''%s''', replace(replace(lexeme, '\', '\\'), '''', ''''''))::tsquery
$$;

CREATE FUNCTION search_term_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_term (party_id, lexeme, tenant, rank, kind, archived)
    SELECT n.party_id, u.lexeme, n.tenant, ts_rank(n.doc, lexeme_query(u.lexeme)),
           n.kind, n.archived
    FROM new_docs n, unnest(n.doc) AS u;
    RETURN NULL;
END $$;

CREATE FUNCTION search_term_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_term t USING old_docs o WHERE t.party_id = o.party_id;
    INSERT INTO search_term (party_id, lexeme, tenant, rank, kind, archived)
    SELECT n.party_id, u.lexeme, n.tenant, ts_rank(n.doc, lexeme_query(u.lexeme)),
           n.kind, n.archived
    FROM new_docs n, unnest(n.doc) AS u;
    RETURN NULL;
END $$;

CREATE FUNCTION search_term_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_term t USING old_docs o WHERE t.party_id = o.party_id;
    RETURN NULL;
END $$;

CREATE TRIGGER search_term_insert AFTER INSERT ON search_doc
    REFERENCING NEW TABLE AS new_docs
    FOR EACH STATEMENT EXECUTE FUNCTION search_term_insert();
CREATE TRIGGER search_term_update AFTER UPDATE ON search_doc
    REFERENCING OLD TABLE AS old_docs NEW TABLE AS new_docs
    FOR EACH STATEMENT EXECUTE FUNCTION search_term_update();
CREATE TRIGGER search_term_delete AFTER DELETE ON search_doc
    REFERENCING OLD TABLE AS old_docs
    FOR EACH STATEMENT EXECUTE FUNCTION search_term_delete();

-- The terms of the documents written before this migration
INSERT INTO search_term (party_id, lexeme, tenant, rank, kind, archived)
SELECT s.party_id, u.lexeme, s.tenant, ts_rank(s.doc, lexeme_query(u.lexeme)),
       s.kind, s.archived
FROM search_doc s, unnest(s.doc) AS u;
