-- One search document per party: name (weight A), description (B), its
-- activities (C) and the notes of its visits (D), in one GIN index.
--
-- This table has no row-level security, on purpose: PostgreSQL does not use
-- an index for an operator that is not leakproof (@@ is not) on a table
-- behind a policy, so every search would read the whole party table. The
-- search op names the tenant itself and joins party, whose policy still
-- drops any row of another municipality: the second wall holds.

CREATE TABLE search_doc (
    party_id    bigint PRIMARY KEY REFERENCES party ON DELETE CASCADE,
    tenant      text NOT NULL,
    doc         tsvector NOT NULL
);
CREATE INDEX search_doc_gin ON search_doc USING gin (doc);

CREATE FUNCTION party_search_doc(pid bigint) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT p.search
        || setweight(to_tsvector('danish'::regconfig, coalesce((
               SELECT string_agg(a.name || ' ' || coalesce(a.description, ''), ' ')
               FROM activity a WHERE a.party_id = pid), '')), 'C')
        || setweight(to_tsvector('danish'::regconfig, coalesce((
               SELECT string_agg(concat_ws(' ', v.activities, v.challenges, v.ideas,
                                           v.offer), ' ')
               FROM visit v WHERE v.party_id = pid), '')), 'D')
    FROM party p WHERE p.id = pid
$$;

CREATE FUNCTION party_search_refresh(pid bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO search_doc (party_id, tenant, doc)
    SELECT p.id, p.tenant, party_search_doc(p.id) FROM party p WHERE p.id = pid
    ON CONFLICT (party_id) DO UPDATE SET doc = EXCLUDED.doc
$$;

-- A bulk writer (CSV import) sets samskab.bulk and writes the documents of
-- its new parties in one statement.
CREATE FUNCTION party_search_on_party() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('samskab.bulk', true) IS DISTINCT FROM 'on' THEN
        PERFORM party_search_refresh(NEW.id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER party_search_party AFTER INSERT OR UPDATE OF name, description ON party
    FOR EACH ROW EXECUTE FUNCTION party_search_on_party();

CREATE FUNCTION party_search_on_child() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM party_search_refresh(OLD.party_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.party_id <> OLD.party_id) THEN
        PERFORM party_search_refresh(NEW.party_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER party_search_activity AFTER INSERT OR UPDATE OR DELETE ON activity
    FOR EACH ROW EXECUTE FUNCTION party_search_on_child();
CREATE TRIGGER party_search_visit AFTER INSERT OR UPDATE OR DELETE ON visit
    FOR EACH ROW EXECUTE FUNCTION party_search_on_child();

-- The documents of the parties registered before this migration
SELECT set_config('samskab.tenant', '*', false);
INSERT INTO search_doc (party_id, tenant, doc)
    SELECT p.id, p.tenant, party_search_doc(p.id) FROM party p;
SELECT set_config('samskab.tenant', '', false);
