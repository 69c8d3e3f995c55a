-- Workshop polls: a quick approval or ranked poll among the participants
-- of a meeting, with results at once. Votes are anonymous: a random id and
-- the chosen option numbers, nothing else.

CREATE TABLE poll (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text NOT NULL CHECK (tenant ~ '^[0-9]{4}$'),
    title       text NOT NULL CHECK (title <> ''),
    meeting     text,
    kind        text NOT NULL CHECK (kind IN ('approval', 'ranked')),
    options     text[] NOT NULL CHECK (cardinality(options) BETWEEN 2 AND 50),
    max_choices integer CHECK (max_choices > 0),
    open        boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE poll_vote (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    poll_id     bigint NOT NULL REFERENCES poll ON DELETE CASCADE,
    tenant      text NOT NULL,
    choices     integer[] NOT NULL      -- option numbers from 1, ranked first first
);
CREATE INDEX poll_vote_poll ON poll_vote (poll_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['poll', 'poll_vote'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I USING '
                       '(tenant_visible(tenant)) WITH CHECK '
                       '(tenant_visible(tenant))', t);
    END LOOP;
END $$;
