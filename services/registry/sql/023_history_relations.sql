-- The history of a change a party made itself (registry.own.update, the
-- web) names that party, and a change records what it declares (has,
-- needs, serves with their levels, speaks) and its activities, not only
-- the party's own columns (issue 14's trial: a web save of levels and
-- activities read "updated 2 web service registry.own.update
-- {"phone": {"changed": true}}").

-- The party that made the change through its own op (samskab.as_party), or
-- null for staff, services and imports.
ALTER TABLE party_history ADD COLUMN as_party bigint;

CREATE OR REPLACE FUNCTION party_history_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changes jsonb;
    action  text;
BEGIN
    IF current_setting('samskab.bulk', true) = 'on' THEN
        RETURN NULL;
    END IF;
    changes := party_changes(CASE WHEN TG_OP = 'UPDATE' THEN party_fields(OLD) ELSE '{}' END,
                             party_fields(NEW), NEW.kind);
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
                               version, changes, as_party)
    VALUES (NEW.tenant, NEW.id, nullif(current_setting('samskab.actor', true), ''),
            nullif(current_setting('samskab.actor_role', true), ''),
            nullif(current_setting('samskab.op', true), ''), action, NEW.version,
            changes, nullif(current_setting('samskab.as_party', true), '')::bigint);
    RETURN NULL;
END $$;

-- What a party declares and its activities, as history compares them:
-- {"has": {"code": level}, "needs": ..., "serves": ..., "speaks": ...,
-- "activities": [{"name", "type", "targets", "description"}]}.
CREATE FUNCTION party_relations(pid bigint) RETURNS jsonb LANGUAGE sql STABLE AS $$
    WITH r AS (SELECT d.relation, jsonb_object_agg(t.code, d.level) AS terms
               FROM declaration d JOIN term t ON t.id = d.term_id
               WHERE d.party_id = pid GROUP BY d.relation)
    SELECT jsonb_build_object(
        'has', coalesce((SELECT terms FROM r WHERE relation = 'has'), '{}'),
        'needs', coalesce((SELECT terms FROM r WHERE relation = 'needs'), '{}'),
        'serves', coalesce((SELECT terms FROM r WHERE relation = 'serves'), '{}'),
        'speaks', coalesce((SELECT terms FROM r WHERE relation = 'speaks'), '{}'),
        'activities', coalesce((SELECT jsonb_agg(jsonb_build_object('name', a.name,
                                    'type', ty.code, 'description', a.description,
                                    'targets', coalesce((SELECT jsonb_agg(tt.code ORDER BY tt.code)
                                        FROM activity_target x JOIN term tt ON tt.id = x.term_id
                                        WHERE x.activity_id = a.id), '[]'))
                                    ORDER BY a.name, a.id)
                                FROM activity a LEFT JOIN term ty ON ty.id = a.type_id
                                WHERE a.party_id = pid), '[]'))
$$;

-- What changed between two party_relations: each relation that differs
-- with its levels from and to; the activities by name from and to (their
-- descriptions can be long), or {"changed": true} if only what is beside
-- the names changed, and always so for a volunteer's (personal) ones.
CREATE FUNCTION party_relation_changes(old_rel jsonb, new_rel jsonb, kind text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(n.key, CASE
        WHEN n.key <> 'activities' THEN
            jsonb_build_object('from', old_rel -> n.key, 'to', n.value)
        WHEN kind <> 'volunteer' AND (SELECT jsonb_agg(e -> 'name') FROM jsonb_array_elements(old_rel -> n.key) e)
             IS DISTINCT FROM (SELECT jsonb_agg(e -> 'name') FROM jsonb_array_elements(n.value) e) THEN
            jsonb_build_object(
                'from', coalesce((SELECT jsonb_agg(e -> 'name') FROM jsonb_array_elements(old_rel -> n.key) e), '[]'),
                'to', coalesce((SELECT jsonb_agg(e -> 'name') FROM jsonb_array_elements(n.value) e), '[]'))
        ELSE '{"changed": true}'::jsonb END), '{}')
    FROM jsonb_each(new_rel) AS n
    WHERE (old_rel -> n.key) IS DISTINCT FROM n.value
$$;

-- After an update of party pid whose relations were old_rel before it: add
-- what changed in them to the history row of the update (the party's
-- version), or write a row of their own if the party's columns did not
-- change.
CREATE FUNCTION party_history_relations(pid bigint, old_rel jsonb) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    p       party;
    delta   jsonb;
BEGIN
    IF current_setting('samskab.bulk', true) = 'on' THEN
        RETURN;
    END IF;
    SELECT * INTO p FROM party WHERE id = pid;
    delta := party_relation_changes(old_rel, party_relations(pid), p.kind);
    IF delta = '{}' THEN
        RETURN;
    END IF;
    UPDATE party_history h SET changes = h.changes || delta
    WHERE h.id = (SELECT max(id) FROM party_history WHERE party_id = pid AND version = p.version);
    IF NOT FOUND THEN
        INSERT INTO party_history (tenant, party_id, actor, actor_role, op, action,
                                   version, changes, as_party)
        VALUES (p.tenant, pid, nullif(current_setting('samskab.actor', true), ''),
                nullif(current_setting('samskab.actor_role', true), ''),
                nullif(current_setting('samskab.op', true), ''), 'updated', p.version,
                delta, nullif(current_setting('samskab.as_party', true), '')::bigint);
    END IF;
END $$;
