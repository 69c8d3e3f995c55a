-- Capacity building for ethnic-minority associations (../shared/DOMAIN.md
-- point 5): one key advisor per association, its history kept; advisory
-- sessions with agreed next steps. And the stories the municipality
-- publishes about partnerships (point 8).

CREATE TABLE advisor_assignment (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text NOT NULL REFERENCES municipality,
    party_id    bigint NOT NULL REFERENCES party ON DELETE CASCADE,
    advisor     text NOT NULL,      -- the key advisor's name
    email       text,
    started_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz         -- NULL while this is the key advisor
);
CREATE UNIQUE INDEX advisor_current ON advisor_assignment (party_id) WHERE ended_at IS NULL;

CREATE TABLE advisory_session (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text NOT NULL REFERENCES municipality,
    party_id    bigint NOT NULL REFERENCES party ON DELETE CASCADE,
    held_on     date NOT NULL,
    advisor     text,               -- the key advisor at the time
    notes       text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX advisory_session_party ON advisory_session (party_id, held_on);

CREATE TABLE next_step (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text NOT NULL REFERENCES municipality,
    session_id  bigint NOT NULL REFERENCES advisory_session ON DELETE CASCADE,
    who         text NOT NULL,      -- who does it
    what        text NOT NULL,
    due         date NOT NULL,      -- by when
    done_at     timestamptz
);
CREATE INDEX next_step_open ON next_step (tenant, due) WHERE done_at IS NULL;

CREATE TABLE story (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text NOT NULL REFERENCES municipality,
    title       text NOT NULL,
    body        text NOT NULL,
    told_on     date NOT NULL,
    parties     bigint[] NOT NULL DEFAULT '{}',
    consent     boolean NOT NULL,   -- the parties agreed to publication
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX story_feed ON story (tenant, told_on DESC) WHERE consent;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['advisor_assignment', 'advisory_session', 'next_step',
                             'story'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I USING (tenant_visible(tenant)) '
                       'WITH CHECK (tenant_visible(tenant))', t);
    END LOOP;
END $$;

-- A string as a regular expression that matches it literally, for erasing a
-- person's name from free text case-blind.
CREATE FUNCTION regexp_literal(s text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT regexp_replace(s, '([\[\].+*?^$(){}|=!<>:#\\-])', '\\\1', 'g') $$;
