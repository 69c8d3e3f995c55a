-- Reminders: events notify itself writes to its log when they fall due,
-- months ahead (status meetings of agreements, citizen-budget phases), and
-- the state of daily digests.

CREATE TABLE reminder (
    id          bigserial PRIMARY KEY,
    tenant      text NOT NULL,
    key         text NOT NULL,          -- "meeting:17:14d", "budget:4:voting"
    event_id    uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    topic       text NOT NULL,          -- the event written when due
    due_at      timestamptz NOT NULL,
    body        bytea NOT NULL,         -- msgpack map
    status      text NOT NULL DEFAULT 'scheduled'
                CHECK (status IN ('scheduled', 'fired', 'cancelled')),
    log_seq     bigint,                 -- the event it became
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant, key)
);
CREATE INDEX reminder_due ON reminder (due_at) WHERE status = 'scheduled';
ALTER TABLE reminder ENABLE ROW LEVEL SECURITY;
ALTER TABLE reminder FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON reminder
    USING (tenant_visible(tenant)) WITH CHECK (tenant_visible(tenant));

-- When a subscription's last digest went out; deliveries held for a digest
-- are 'digest' until it goes out, then 'digested'
ALTER TABLE subscription ADD COLUMN last_digest_at timestamptz;
ALTER TABLE delivery DROP CONSTRAINT delivery_status_check;
ALTER TABLE delivery ADD CONSTRAINT delivery_status_check
    CHECK (status IN ('pending', 'delivered', 'dead', 'digest', 'digested'));

INSERT INTO template VALUES
('match.meeting.escalated', 'da', 'Manglende referat: aftale {{agreement}}', 'Statusmødet om aftalen {{agreement}} den {{date}} har ikke fået et referat efter 7 dage.'),
('match.meeting.escalated', 'en', 'Missing minutes: agreement {{agreement}}', 'The status meeting on agreement {{agreement}} on {{date}} has no minutes after 7 days.'),
('vote.budget.opens', 'da', 'Borgerbudget {{name}}: fasen {{phase}} begynder {{date}}', 'Fasen {{phase}} i borgerbudgettet {{name}} begynder {{date}}.'),
('vote.budget.opens', 'en', 'Citizen budget {{name}}: the {{phase}} phase opens {{date}}', 'The {{phase}} phase of the citizen budget {{name}} opens {{date}}.'),
('vote.budget.closes', 'da', 'Borgerbudget {{name}}: sidste dag for afstemning {{date}}', 'Afstemningen i borgerbudgettet {{name}} lukker {{date}}.'),
('vote.budget.closes', 'en', 'Citizen budget {{name}}: voting closes {{date}}', 'Voting in the citizen budget {{name}} closes {{date}}.'),
('notify.digest', 'da', 'Dagens overblik: {{count}} nye hændelser', 'Du har {{count}} nye hændelser i samskab:\n{{list}}'),
('notify.digest', 'en', 'Your daily digest: {{count}} new events', 'You have {{count}} new events in samskab:\n{{list}}');
