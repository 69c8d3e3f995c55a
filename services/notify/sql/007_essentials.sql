-- What a municipality must hear for samskab to work as the README says:
-- the reminders notify fires itself and the status-meeting events of
-- match. Nothing is subscribed by default (doc/DECISIONS.md, "A new
-- municipality hears nothing until it subscribes"); notify.status and the
-- reminder list count who hears each, so a topic that reaches no one shows.
CREATE TABLE essential (
    topic       text PRIMARY KEY,
    ord         integer NOT NULL UNIQUE,    -- the order notify.status lists them in
    what        text NOT NULL               -- for staff, one line of at most 40 characters
);
INSERT INTO essential VALUES
('match.meeting.reminder', 1, 'status meeting in 14 days, and tomorrow'),
('match.meeting.escalated', 2, 'no minutes 7 days after a status meeting'),
('match.meeting.due', 3, 'status meeting due in 14 days (match)'),
('match.meeting.overdue', 4, 'status meeting without minutes (match)'),
('vote.budget.opens', 5, 'citizen budget: a phase opens'),
('vote.budget.closes', 6, 'citizen budget: the last day of voting'),
('vote.budget.results_due', 7, 'citizen budget: the results are due');

-- The subscriptions of the municipality that hear an event of the topic:
-- active, their prefix starting it, their recipient not opted out (the
-- match notify_log_append fans out with, kept the same).
CREATE FUNCTION hearers(p_tenant text, p_topic text) RETURNS SETOF subscription
LANGUAGE sql STABLE AS $$
    SELECT s.* FROM subscription s
    LEFT JOIN preference p ON p.tenant = s.tenant AND p.recipient = s.recipient
    WHERE s.active AND s.tenant = p_tenant AND starts_with(p_topic, s.topic)
      AND NOT coalesce(p.opt_out, false)
$$;
