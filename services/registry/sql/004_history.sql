-- Change history of parties: who changed what and when. The service names
-- the caller (key, role, op) in the transaction (samskab.actor...), and
-- this trigger writes one row per change in that same transaction.
-- Personal fields are recorded as changed, never with their values, so the
-- history holds no personal data to erase.

CREATE TABLE party_history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text NOT NULL,
    party_id    bigint NOT NULL REFERENCES party ON DELETE CASCADE,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text,               -- the caller's public key (ZAP User-Id)
    actor_role  text,
    op          text,               -- the op that made the change
    action      text NOT NULL CHECK (action IN
                    ('created', 'updated', 'archived', 'erased')),
    version     integer NOT NULL,   -- the party's version after the change
    changes     jsonb NOT NULL      -- {"field": {"from": x, "to": y}} or {"changed": true}
);
CREATE INDEX party_history_party ON party_history (party_id, id);
ALTER TABLE party_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE party_history FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON party_history
    USING (tenant_visible(tenant)) WITH CHECK (tenant_visible(tenant));

CREATE FUNCTION party_history_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    skip    text[] := ARRAY['id', 'tenant', 'kind', 'version', 'search',
                            'created_at', 'updated_at', 'consent_at'];
    old_row jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) - skip ELSE '{}' END;
    new_row jsonb := to_jsonb(NEW) - skip;
    personal text[] := CASE WHEN NEW.kind = 'volunteer'
                            THEN ARRAY['name', 'description', 'availability', 'email', 'phone']
                            ELSE ARRAY['contact_name', 'email', 'phone'] END;
    changes jsonb := '{}';
    action  text;
    k       text;
BEGIN
    FOR k IN SELECT jsonb_object_keys(new_row) LOOP
        CONTINUE WHEN (old_row -> k) IS NOT DISTINCT FROM (new_row -> k)
                   OR (TG_OP = 'INSERT' AND new_row -> k = 'null'::jsonb);
        IF k = ANY (personal) THEN
            changes := changes || jsonb_build_object(k, jsonb_build_object('changed', true));
        ELSE
            changes := changes || jsonb_build_object(k, jsonb_build_object(
                'from', CASE WHEN TG_OP = 'UPDATE' THEN old_row -> k END, 'to', new_row -> k));
        END IF;
    END LOOP;
    IF TG_OP = 'INSERT' THEN
        action := 'created';
    ELSIF current_setting('samskab.op', true) LIKE '%.erase' THEN
        action := 'erased';
    ELSIF OLD.archived_at IS NULL AND NEW.archived_at IS NOT NULL THEN
        action := 'archived';
    ELSE
        action := 'updated';
    END IF;
    IF changes = '{}' AND TG_OP = 'UPDATE' THEN
        RETURN NULL;
    END IF;
    INSERT INTO party_history (tenant, party_id, actor, actor_role, op, action,
                               version, changes)
    VALUES (NEW.tenant, NEW.id, nullif(current_setting('samskab.actor', true), ''),
            nullif(current_setting('samskab.actor_role', true), ''),
            nullif(current_setting('samskab.op', true), ''), action, NEW.version,
            changes);
    RETURN NULL;
END $$;
CREATE TRIGGER party_history AFTER INSERT OR UPDATE ON party
    FOR EACH ROW EXECUTE FUNCTION party_history_write();
