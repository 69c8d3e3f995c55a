-- notify: the event log, the cursors it follows sources with, subscriptions,
-- preferences, templates and the delivery outbox (DESIGN.md, "Events, and
-- nothing lost"). The tables are the truth; LISTEN/NOTIFY only wakes.

-- Every event notify knows of, from the services it follows and from
-- external publishers, in one gap-free order of its own (seq).
CREATE TABLE log_seq (
    only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    last        bigint NOT NULL
);
INSERT INTO log_seq VALUES (true, 0);

CREATE TABLE event_log (
    seq         bigint PRIMARY KEY,
    event_id    uuid NOT NULL UNIQUE,
    source      text NOT NULL,          -- a service, or the publisher's name
    source_seq  bigint,                 -- seq at the source; NULL if external
    publisher   text,                   -- key of an external publisher
    topic       text NOT NULL,
    tenant      text NOT NULL,
    ts          timestamptz NOT NULL,   -- when the source wrote it
    received_at timestamptz NOT NULL DEFAULT now(),
    body        bytea NOT NULL,         -- msgpack map, as the source sent it
    UNIQUE (source, source_seq)
);
ALTER TABLE event_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON event_log
    USING (tenant_visible(tenant)) WITH CHECK (tenant_visible(tenant));

-- The last seq of each followed source stored in notify's log; moves in the
-- transaction that stores the events.
CREATE TABLE cursor (
    source      text PRIMARY KEY,
    last        bigint NOT NULL DEFAULT 0
);

-- Who hears about what, and how.
CREATE TABLE subscription (
    id          bigserial PRIMARY KEY,
    tenant      text NOT NULL,
    recipient   text NOT NULL,          -- "person:...", "association:17", ...
    kind        text NOT NULL CHECK (kind IN ('person', 'association', 'staff', 'system')),
    topic       text NOT NULL,          -- prefix; "" is every topic
    channel     text NOT NULL CHECK (channel IN ('webhook', 'email', 'zmq', 'inapp')),
    address     text,                   -- URL, e-mail address or endpoint
    secret      text,                   -- webhook HMAC key / zmq server key
    language    text NOT NULL DEFAULT 'da' CHECK (language IN ('da', 'en')),
    digest      boolean NOT NULL DEFAULT false,
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscription_match ON subscription (tenant) WHERE active;
ALTER TABLE subscription ENABLE ROW LEVEL SECURITY;
ALTER TABLE subscription FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON subscription
    USING (tenant_visible(tenant)) WITH CHECK (tenant_visible(tenant));

-- A recipient's own choices, over all their subscriptions.
CREATE TABLE preference (
    tenant      text NOT NULL,
    recipient   text NOT NULL,
    opt_out     boolean NOT NULL DEFAULT false,
    language    text CHECK (language IN ('da', 'en')),
    digest      boolean,
    PRIMARY KEY (tenant, recipient)
);
ALTER TABLE preference ENABLE ROW LEVEL SECURITY;
ALTER TABLE preference FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON preference
    USING (tenant_visible(tenant)) WITH CHECK (tenant_visible(tenant));

-- The outbox: one row per (event, subscription). pending rows are claimed
-- with FOR UPDATE SKIP LOCKED in the transaction that records the attempt.
CREATE TABLE delivery (
    id          bigserial PRIMARY KEY,
    uid         uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(), -- X-Samskab-Id
    tenant      text NOT NULL,
    subscription bigint NOT NULL REFERENCES subscription (id),
    log_seq     bigint NOT NULL REFERENCES event_log (seq),
    channel     text NOT NULL,
    status      text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'delivered', 'dead', 'digest')),
    attempts    integer NOT NULL DEFAULT 0,
    next_at     timestamptz NOT NULL DEFAULT now(),
    last_error  text,
    subject     text,                   -- rendered, kept for in-app
    text        text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz
);
CREATE INDEX delivery_due ON delivery (next_at) WHERE status = 'pending';
CREATE INDEX delivery_dead ON delivery (id) WHERE status = 'dead';
ALTER TABLE delivery ENABLE ROW LEVEL SECURITY;
ALTER TABLE delivery FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON delivery
    USING (tenant_visible(tenant)) WITH CHECK (tenant_visible(tenant));

-- Every attempt, successful or not.
CREATE TABLE delivery_log (
    id          bigserial PRIMARY KEY,
    delivery    bigint NOT NULL REFERENCES delivery (id),
    tenant      text NOT NULL,
    attempt     integer NOT NULL,
    ok          boolean NOT NULL,
    detail      text NOT NULL,          -- "HTTP 200", "250 OK", the error
    ms          integer NOT NULL,       -- how long the attempt took
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_log_delivery ON delivery_log (delivery);
ALTER TABLE delivery_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE delivery_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON delivery_log
    USING (tenant_visible(tenant)) WITH CHECK (tenant_visible(tenant));

-- Texts per topic prefix and language; {{field}} is a field of the event's
-- body, {{topic}}, {{tenant}} and {{ts}} the event's own. The longest
-- matching prefix wins; "" is the fallback.
CREATE TABLE template (
    topic       text NOT NULL,
    language    text NOT NULL CHECK (language IN ('da', 'en')),
    subject     text NOT NULL,
    body        text NOT NULL,
    PRIMARY KEY (topic, language)
);
INSERT INTO template VALUES
('', 'da', 'Ny hændelse: {{topic}}', 'Der er sket noget, der vedrører dig: {{topic}} ({{ts}}).'),
('', 'en', 'New event: {{topic}}', 'Something that concerns you happened: {{topic}} ({{ts}}).'),
('registry.association.created', 'da', 'Ny forening: {{name}}', 'Foreningen {{name}} er oprettet i kommunen.'),
('registry.association.created', 'en', 'New association: {{name}}', 'The association {{name}} was registered in the municipality.'),
('match.proposal.created', 'da', 'Nyt matchforslag til {{name}}', 'Der er foreslået et match til {{name}}. Se forslaget i samskab.'),
('match.proposal.created', 'en', 'New match proposed to {{name}}', 'A match was proposed to {{name}}. See the proposal in samskab.'),
('match.meeting.reminder', 'da', 'Statusmøde {{date}}', 'Påmindelse: statusmøde om aftalen {{agreement}} den {{date}}.'),
('match.meeting.reminder', 'en', 'Status meeting {{date}}', 'Reminder: status meeting on agreement {{agreement}} on {{date}}.'),
('vote.budget.results', 'da', 'Resultatet af borgerbudgettet {{name}}', 'Resultatet af borgerbudgettet {{name}} er offentliggjort.'),
('vote.budget.results', 'en', 'Results of the citizen budget {{name}}', 'The results of the citizen budget {{name}} are published.');
