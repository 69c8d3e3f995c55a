-- The vote service: citizen budgets (participatory budgeting) and workshop
-- polls. Every tenant table sits behind the tenant wall.
--
-- Ballot secrecy (doc/DECISIONS.md, "Vote"): nothing here links a ballot to
-- a voter code. Ballots have random ids and no timestamp; a code row knows
-- only whether it is issued, used or revoked, never when; closing a process
-- deletes its code hashes and rewrites its ballots in one transaction in a
-- random order, so neither xmin nor physical order can pair them afterwards.

CREATE TABLE process (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant          text NOT NULL CHECK (tenant ~ '^[0-9]{4}$'),
    area            text,
    name            text NOT NULL CHECK (name <> ''),
    amount          bigint NOT NULL CHECK (amount >= 0),       -- DKK
    phase           text NOT NULL DEFAULT 'ideas' CHECK (phase IN
                        ('ideas', 'development', 'voting', 'closed',
                         'published', 'implementation')),
    ideas_from      date,
    development_from date,
    voting_from     date,
    voting_until    date,
    results_on      date,
    implementation_from date,
    ballot          text NOT NULL DEFAULT 'approval' CHECK (ballot IN
                        ('approval', 'knapsack', 'cumulative', 'ranked')),
    max_choices     integer CHECK (max_choices > 0),
    min_share       integer CHECK (min_share BETWEEN 0 AND 100),
    points          integer CHECK (points > 0),
    rule            text NOT NULL DEFAULT 'greedy' CHECK (rule IN
                        ('greedy', 'greedy-threshold', 'mes', 'mes-add1',
                         'mes-add1-greedy', 'phragmen')),
    threshold       bigint NOT NULL DEFAULT 0 CHECK (threshold >= 0),
    codes_used      bigint,                 -- counted at close
    voters          bigint,                 -- ballots counted at tally
    tallied_rule    text,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant, name)
);

CREATE TABLE pool (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    process_id  bigint NOT NULL REFERENCES process ON DELETE CASCADE,
    tenant      text NOT NULL,
    name        text NOT NULL CHECK (name <> ''),
    budget      bigint NOT NULL CHECK (budget >= 0),       -- DKK
    UNIQUE (process_id, name)
);

CREATE TABLE project (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    process_id  bigint NOT NULL REFERENCES process ON DELETE CASCADE,
    tenant      text NOT NULL,
    pool_id     bigint NOT NULL REFERENCES pool,
    code        text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    title       text NOT NULL CHECK (title <> ''),
    description text,
    cost        bigint NOT NULL CHECK (cost >= 0),         -- DKK
    UNIQUE (process_id, code)
);
CREATE INDEX project_pool ON project (pool_id);

-- Voter codes: only a keyed hash (BLAKE2b with the service's code key over
-- process id and code) and a state. No time, no batch order beyond the batch.
CREATE TABLE code_batch (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    process_id  bigint NOT NULL REFERENCES process ON DELETE CASCADE,
    tenant      text NOT NULL,
    label       text NOT NULL,
    count       integer NOT NULL CHECK (count > 0),
    issued_at   timestamptz NOT NULL DEFAULT now(),
    revoked     boolean NOT NULL DEFAULT false
);

CREATE TABLE voter_code (
    hash        bytea PRIMARY KEY,
    process_id  bigint NOT NULL REFERENCES process ON DELETE CASCADE,
    tenant      text NOT NULL,
    batch_id    bigint NOT NULL REFERENCES code_batch ON DELETE CASCADE,
    state       text NOT NULL DEFAULT 'issued'
                    CHECK (state IN ('issued', 'used', 'revoked'))
);
CREATE INDEX voter_code_batch ON voter_code (batch_id);

-- A ballot: random id, the receipt its voter got, the chosen projects (in
-- rank order for ranked ballots) and their points (cumulative). No time.
CREATE TABLE ballot (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    process_id  bigint NOT NULL REFERENCES process ON DELETE CASCADE,
    tenant      text NOT NULL,
    receipt     text NOT NULL,
    paper       boolean NOT NULL DEFAULT false,
    projects    bigint[] NOT NULL,
    points      integer[],
    UNIQUE (process_id, receipt)
);

-- The tally: winners per pool in selection order.
CREATE TABLE result (
    process_id  bigint NOT NULL REFERENCES process ON DELETE CASCADE,
    tenant      text NOT NULL,
    pool_id     bigint NOT NULL REFERENCES pool,
    position    integer NOT NULL,
    project_id  bigint NOT NULL REFERENCES project,
    votes       bigint NOT NULL,
    score       text,                   -- total points (points ballots)
    price       text,                   -- MES price per supporter, decimal
    price_exact text,                   -- the same as an exact fraction
    completion  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (process_id, pool_id, position)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['process', 'pool', 'project', 'code_batch',
                             'voter_code', 'ballot', 'result'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I USING '
                       '(tenant_visible(tenant)) WITH CHECK '
                       '(tenant_visible(tenant))', t);
    END LOOP;
END $$;
