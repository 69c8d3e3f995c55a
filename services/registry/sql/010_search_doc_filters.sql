-- A search by words alone (the common case) is answered from search_doc:
-- the kind and whether the party is archived are kept beside its document,
-- so ranking and the limit happen before party is read.

ALTER TABLE search_doc ADD COLUMN kind text;
ALTER TABLE search_doc ADD COLUMN archived boolean NOT NULL DEFAULT false;

CREATE OR REPLACE FUNCTION party_search_refresh(pid bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO search_doc (party_id, tenant, doc, kind, archived)
    SELECT p.id, p.tenant, party_search_doc(p.id), p.kind, p.archived_at IS NOT NULL
    FROM party p WHERE p.id = pid
    ON CONFLICT (party_id) DO UPDATE
        SET doc = EXCLUDED.doc, kind = EXCLUDED.kind, archived = EXCLUDED.archived
$$;

DROP TRIGGER party_search_party ON party;
CREATE TRIGGER party_search_party
    AFTER INSERT OR UPDATE OF name, description, archived_at ON party
    FOR EACH ROW EXECUTE FUNCTION party_search_on_party();

SELECT set_config('samskab.tenant', '*', false);
UPDATE search_doc s SET kind = p.kind, archived = p.archived_at IS NOT NULL
    FROM party p WHERE p.id = s.party_id;
SELECT set_config('samskab.tenant', '', false);
