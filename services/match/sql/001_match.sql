-- The match service: its copy of the registry, proposals, agreements with
-- their status meetings, and speed-dating events. Every table that holds a
-- municipality's data carries tenant and sits behind the tenant wall.

-- The copy of the registry's parties, fed by registry events
-- (match_feed.c). Only the public fields the events carry: a volunteer's
-- name never reaches match.
CREATE TABLE party (
    id              bigint PRIMARY KEY,     -- the registry's id
    tenant          text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('association', 'company', 'institution', 'volunteer')),
    name            text,                   -- NULL for volunteers
    area            integer,
    capacity        integer,                -- volunteer, institution
    csr_capacity    integer,                -- company
    institution_type text,
    availability    text,
    members         integer,
    archived        boolean NOT NULL DEFAULT false,
    version         integer NOT NULL,       -- the registry's version copied
    seq             bigint NOT NULL         -- registry event seq last applied
);
CREATE INDEX party_tenant_kind ON party (tenant, kind) WHERE NOT archived;

-- Declarations: has / needs (competence), serves (target group), speaks
CREATE TABLE party_term (
    party_id        bigint NOT NULL REFERENCES party ON DELETE CASCADE,
    tenant          text NOT NULL,
    relation        text NOT NULL CHECK (relation IN ('has', 'needs', 'serves', 'speaks')),
    term            text NOT NULL,
    level           integer NOT NULL DEFAULT 2,
    PRIMARY KEY (party_id, relation, term)
);
CREATE INDEX party_term_rarity ON party_term (tenant, relation, term);

-- The last registry seq applied; written in the transaction that applies
-- the events (one row per source).
CREATE TABLE feed_cursor (
    source          text PRIMARY KEY,
    last            bigint NOT NULL DEFAULT 0,
    applied_at      timestamptz
);

-- Pairs declined once are never proposed again (a < b)
CREATE TABLE declined (
    tenant          text NOT NULL,
    a               bigint NOT NULL,
    b               bigint NOT NULL,
    proposal_id     bigint,
    declined_by     bigint,                 -- the party that declined
    reason          text,
    declined_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, a, b),
    CHECK (a < b)
);

CREATE TABLE proposal (
    id              bigserial PRIMARY KEY,
    tenant          text NOT NULL,
    kind            text NOT NULL,          -- association-association, ...
    left_id         bigint NOT NULL,
    right_id        bigint NOT NULL,
    score           bigint NOT NULL,
    explanation     bytea NOT NULL,         -- msgpack array of contributions
    state           text NOT NULL DEFAULT 'proposed' CHECK (state IN
                    ('proposed', 'accepted_by_left', 'accepted_by_right',
                     'accepted', 'declined', 'expired')),
    run_id          bigint,                 -- the run that made it, NULL if by hand
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    decided_at      timestamptz,
    agreement_id    bigint
);
CREATE INDEX proposal_open ON proposal (tenant, state, expires_at);
CREATE INDEX proposal_left ON proposal (left_id);
CREATE INDEX proposal_right ON proposal (right_id);
CREATE SEQUENCE run_id;

-- Cooperation agreements (samarbejdsaftale)
CREATE TABLE agreement (
    id              bigserial PRIMARY KEY,
    tenant          text NOT NULL,
    proposal_id     bigint REFERENCES proposal,
    title           text NOT NULL,
    purpose         text,
    target_group    text,
    starts_on       date,
    ends_on         date,
    frequency       text,                   -- how often the activity runs
    shortfall       text,                   -- what happens with too few volunteers
    cadence         text CHECK (cadence IN ('quarterly', 'half_yearly')),
    status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'ended')),
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE agreement_party (
    agreement_id    bigint NOT NULL REFERENCES agreement ON DELETE CASCADE,
    tenant          text NOT NULL,
    party_id        bigint NOT NULL,
    role            text NOT NULL,
    contributes     text,
    PRIMARY KEY (agreement_id, party_id)
);
CREATE INDEX agreement_party_party ON agreement_party (party_id);

-- Status meetings, generated from the cadence counted from the start date
CREATE TABLE meeting (
    id              bigserial PRIMARY KEY,
    tenant          text NOT NULL,
    agreement_id    bigint NOT NULL REFERENCES agreement ON DELETE CASCADE,
    n               integer NOT NULL,       -- 1 = first status meeting
    due_on          date NOT NULL,
    held_on         date,                   -- set with the minutes
    how_it_goes     text,
    improved        text,
    challenges      text,
    next_goal       text,
    due_sent_at     timestamptz,            -- match.meeting.due emitted
    overdue_sent_at timestamptz,            -- match.meeting.overdue emitted
    UNIQUE (agreement_id, n)
);
CREATE INDEX meeting_due ON meeting (tenant, due_on) WHERE held_on IS NULL;

CREATE TABLE action (
    id              bigserial PRIMARY KEY,
    tenant          text NOT NULL,
    agreement_id    bigint NOT NULL REFERENCES agreement ON DELETE CASCADE,
    meeting_id      bigint REFERENCES meeting ON DELETE SET NULL,
    what            text NOT NULL,
    owner           text NOT NULL,
    due_on          date,
    done_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Speed-dating events (the CSR evening)
CREATE TABLE sd_event (
    id              bigserial PRIMARY KEY,
    tenant          text NOT NULL,
    name            text NOT NULL,
    starts_at       timestamptz NOT NULL,
    rounds          integer NOT NULL CHECK (rounds BETWEEN 1 AND 100),
    tables          integer NOT NULL CHECK (tables BETWEEN 1 AND 1000),
    minutes         integer NOT NULL CHECK (minutes BETWEEN 1 AND 240),
    pause           integer NOT NULL DEFAULT 0 CHECK (pause BETWEEN 0 AND 120),
    location        text,
    planned_at      timestamptz,
    objective       bigint
);

CREATE TABLE sd_participant (
    event_id        bigint NOT NULL REFERENCES sd_event ON DELETE CASCADE,
    tenant          text NOT NULL,
    party_id        bigint NOT NULL,
    side            text NOT NULL CHECK (side IN ('association', 'company')),
    max_meetings    integer,
    PRIMARY KEY (event_id, party_id)
);

-- A participant's stated interest in meeting another (either way round);
-- a pair's weight is the sum of both directions
CREATE TABLE sd_interest (
    event_id        bigint NOT NULL REFERENCES sd_event ON DELETE CASCADE,
    tenant          text NOT NULL,
    from_id         bigint NOT NULL,
    to_id           bigint NOT NULL,
    weight          integer NOT NULL CHECK (weight BETWEEN 1 AND 10),
    PRIMARY KEY (event_id, from_id, to_id)
);

CREATE TABLE sd_meeting (
    event_id        bigint NOT NULL REFERENCES sd_event ON DELETE CASCADE,
    tenant          text NOT NULL,
    round           integer NOT NULL,       -- 1-based
    table_no        integer NOT NULL,       -- 1-based
    association_id  bigint NOT NULL,
    company_id      bigint NOT NULL,
    PRIMARY KEY (event_id, round, table_no)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['party', 'party_term', 'declined', 'proposal',
        'agreement', 'agreement_party', 'meeting', 'action', 'sd_event',
        'sd_participant', 'sd_interest', 'sd_meeting'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I USING (tenant_visible(tenant)) '
                       'WITH CHECK (tenant_visible(tenant))', t);
    END LOOP;
END $$;
