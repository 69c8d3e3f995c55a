-- Writes of many parties at once (CSV import), cheaper:
--
-- A new party's history row and search document are written by statement-
-- level triggers over the statement's new rows (one INSERT each, for one
-- party or 100,000), instead of a row trigger per party that a bulk writer
-- had to switch off (samskab.bulk) and replace by its own statements.
-- Changes (UPDATE) keep the row triggers of 004/008/009/010.
--
-- search_term (012) loses its primary key (party_id, lexeme): its only use
-- was finding a party's terms to replace them, and it made each imported
-- lexeme cost a second index entry. A party's old terms are found through
-- search_term_top by their whole key instead: the rank stored is ts_rank of
-- the stored document, so it is computed again from the old document.
-- Terms are written in the order of that index.

DROP TRIGGER party_history ON party;
CREATE TRIGGER party_history AFTER UPDATE ON party
    FOR EACH ROW EXECUTE FUNCTION party_history_write();
DROP TRIGGER party_search_party ON party;
CREATE TRIGGER party_search_party AFTER UPDATE OF name, description, archived_at ON party
    FOR EACH ROW EXECUTE FUNCTION party_search_on_party();

-- A new party has no activities or visits yet (they reference it): its
-- document is its own name (A) and description (B), party.search.
CREATE FUNCTION party_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO party_history (tenant, party_id, actor, actor_role, op, action,
                               version, changes)
    SELECT n.tenant, n.id, nullif(current_setting('samskab.actor', true), ''),
           nullif(current_setting('samskab.actor_role', true), ''),
           nullif(current_setting('samskab.op', true), ''), 'created', n.version,
           party_changes('{}', party_fields(n::party), n.kind)
    FROM new_parties n ORDER BY n.id;
    INSERT INTO search_doc (party_id, tenant, doc, kind, archived)
    SELECT n.id, n.tenant, n.search, n.kind, n.archived_at IS NOT NULL
    FROM new_parties n ORDER BY n.id;
    RETURN NULL;
END $$;
CREATE TRIGGER party_created AFTER INSERT ON party
    REFERENCING NEW TABLE AS new_parties
    FOR EACH STATEMENT EXECUTE FUNCTION party_created();

ALTER TABLE search_term DROP CONSTRAINT search_term_pkey;

-- One function for the three triggers of 012: a statement's old documents
-- lose their terms, its new ones get theirs
CREATE FUNCTION search_term_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM search_term t USING old_docs o, unnest(o.doc) AS u
        WHERE t.tenant = o.tenant AND t.lexeme = u.lexeme
          AND t.rank = ts_rank(o.doc, lexeme_query(u.lexeme)) AND t.party_id = o.party_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO search_term (party_id, lexeme, tenant, rank, kind, archived)
        SELECT * FROM (
            SELECT n.party_id, u.lexeme, n.tenant,
                   ts_rank(n.doc, lexeme_query(u.lexeme)) AS rank, n.kind, n.archived
            FROM new_docs n, unnest(n.doc) AS u) AS t
        ORDER BY t.tenant, t.lexeme, t.rank DESC, t.party_id;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER search_term_insert ON search_doc;
DROP TRIGGER search_term_update ON search_doc;
DROP TRIGGER search_term_delete ON search_doc;
DROP FUNCTION search_term_insert();
DROP FUNCTION search_term_update();
DROP FUNCTION search_term_delete();
CREATE TRIGGER search_term_insert AFTER INSERT ON search_doc
    REFERENCING NEW TABLE AS new_docs
    FOR EACH STATEMENT EXECUTE FUNCTION search_term_sync();
CREATE TRIGGER search_term_update AFTER UPDATE ON search_doc
    REFERENCING OLD TABLE AS old_docs NEW TABLE AS new_docs
    FOR EACH STATEMENT EXECUTE FUNCTION search_term_sync();
CREATE TRIGGER search_term_delete AFTER DELETE ON search_doc
    REFERENCING OLD TABLE AS old_docs
    FOR EACH STATEMENT EXECUTE FUNCTION search_term_sync();
