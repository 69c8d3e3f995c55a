-- New-user trial of a citizen budget round (issue #15).
--
-- The rows below are read and renumbered across municipalities: the
-- tables force the tenant wall on their owner too, and with samskab.tenant
-- unset (as migrations run) it would show no row at all. For this
-- transaction only.
SELECT set_config('samskab.tenant', '*', true);
--
-- A late count names who opened it by the staff certificate's holder
-- (its "name", "" when it has none), never by its key: late_opened_name.
-- The key stays in late_opened_by, for the checks only. A count opened
-- before this migration has no name recorded (NULL, shown as none).
ALTER TABLE process
    ADD COLUMN late_opened_name text,
    -- The last paper ballot number given in the process: entries are
    -- numbered 1, 2, 3 in each citizen budget (they were one sequence
    -- across all, so budget 4's first entry was "paper 5")
    ADD COLUMN paper_last integer NOT NULL DEFAULT 0,
    -- Paper ballots confirmed (counted at each confirmation), which the
    -- close's question names beside the voter codes used
    ADD COLUMN paper_ballots integer NOT NULL DEFAULT 0;
UPDATE process p SET paper_ballots = n.count
    FROM (SELECT process_id, count(*) AS count FROM ballot WHERE paper GROUP BY process_id) n
    WHERE n.process_id = p.id;

ALTER TABLE paper_entry ADD COLUMN number integer;
-- The entries still kept (confirmed ones became ballots and are gone),
-- renumbered per process in the order they were keyed
UPDATE paper_entry e SET number = n.number
    FROM (SELECT id, row_number() OVER (PARTITION BY process_id ORDER BY id) AS number
          FROM paper_entry) n
    WHERE n.id = e.id;
UPDATE process p SET paper_last = n.last
    FROM (SELECT process_id, max(number) AS last FROM paper_entry GROUP BY process_id) n
    WHERE n.process_id = p.id;
ALTER TABLE paper_entry
    ALTER COLUMN number SET NOT NULL,
    ADD CONSTRAINT paper_entry_number CHECK (number > 0),
    ADD CONSTRAINT paper_entry_process_number UNIQUE (process_id, number);

-- The outbox's tenant is one municipality's code, as every other tenant
-- column of the service (009_casting.sql; NOT VALID for the same reason)
ALTER TABLE outbox ADD CONSTRAINT outbox_tenant_check
    CHECK (tenant ~ '^[0-9]{4}$') NOT VALID;
