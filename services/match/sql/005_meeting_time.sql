-- Status meetings at a time of day: the agreement's meeting_time, Danish
-- local time, and each meeting's instant (at), so a monthly meeting at
-- 10:00 stays at 10:00 across the clock changes. Monthly and yearly
-- cadences join quarterly and half-yearly.
ALTER TABLE agreement DROP CONSTRAINT agreement_cadence_check;
ALTER TABLE agreement ADD CONSTRAINT agreement_cadence_check
    CHECK (cadence IN ('monthly', 'quarterly', 'half_yearly', 'yearly'));
ALTER TABLE agreement ADD COLUMN meeting_time time NOT NULL DEFAULT '10:00';
ALTER TABLE meeting ADD COLUMN at timestamptz;
UPDATE meeting m SET at = (m.due_on + a.meeting_time) AT TIME ZONE 'Europe/Copenhagen'
    FROM agreement a WHERE a.id = m.agreement_id;
ALTER TABLE meeting ALTER COLUMN at SET NOT NULL;
