-- Mails reach the right people (new-user trial: an association
-- subscribed to match. got every proposal of a run, not only its own).

-- A recipient that names a party of the registry ("association:21",
-- "company:40", "institution:7", "volunteer:9") hears only the events that
-- name that party (notify_log.c, s_concerns); staff, system and person
-- recipients hear every event of their topics.
CREATE FUNCTION party_recipient(p_recipient text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT p_recipient ~ '^(association|company|institution|volunteer):'
$$;

-- The essential topics name no party, so a party's subscription never
-- hears them: hearers() counts the others only (the fan-out's match).
CREATE OR REPLACE FUNCTION hearers(p_tenant text, p_topic text) RETURNS SETOF subscription
LANGUAGE sql STABLE AS $$
    SELECT s.* FROM subscription s
    LEFT JOIN preference p ON p.tenant = s.tenant AND p.recipient = s.recipient
    WHERE s.active AND s.tenant = p_tenant AND starts_with(p_topic, s.topic)
      AND NOT coalesce(p.opt_out, false) AND NOT party_recipient(s.recipient)
$$;
