-- Ideas from citizens and associations, development meetings, and paper
-- ballots waiting for a second staff member's confirmation.

CREATE TABLE idea (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    process_id      bigint NOT NULL REFERENCES process ON DELETE CASCADE,
    tenant          text NOT NULL,
    title           text NOT NULL CHECK (title <> ''),
    text            text,
    proposer        text NOT NULL CHECK (proposer IN ('citizen', 'association')),
    association     bigint,                 -- registry party id
    -- Contact details are kept only while needed: erased when the results
    -- are published, or on request (vote.idea.forget)
    contact_name    text,
    contact_email   text,
    contact_phone   text,
    status          text NOT NULL DEFAULT 'open' CHECK (status IN
                        ('open', 'merged', 'realised', 'rejected', 'project')),
    merged_into     bigint REFERENCES idea,
    reason          text,                   -- why rejected; how realised
    project_id      bigint REFERENCES project,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'merged' OR merged_into IS NOT NULL),
    CHECK (status <> 'rejected' OR reason IS NOT NULL),
    CHECK (status <> 'project' OR project_id IS NOT NULL)
);
CREATE INDEX idea_process ON idea (process_id, id);

CREATE TABLE meeting (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    process_id  bigint NOT NULL REFERENCES process ON DELETE CASCADE,
    tenant      text NOT NULL,
    held_on     date NOT NULL,
    title       text NOT NULL CHECK (title <> ''),
    attendance  integer NOT NULL CHECK (attendance >= 0),
    notes       text
);

-- A paper ballot as the first staff member keyed it; the second confirms
-- by keying it again, and only then is it a ballot. entered_by is the
-- first member's certificate key, so the second must be someone else.
CREATE TABLE paper_entry (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    process_id  bigint NOT NULL REFERENCES process ON DELETE CASCADE,
    tenant      text NOT NULL,
    projects    bigint[] NOT NULL,
    points      integer[],
    entered_by  text NOT NULL
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['idea', 'meeting', 'paper_entry'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I USING '
                       '(tenant_visible(tenant)) WITH CHECK '
                       '(tenant_visible(tenant))', t);
    END LOOP;
END $$;
