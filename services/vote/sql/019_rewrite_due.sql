-- The rewrite after a close, made durable (issue #15). The close marks its
-- process in its own transaction; the committer rewrites voter_code and
-- ballot (VACUUM FULL) and then clears the mark. A rewrite that could not
-- take its lock in time, or a service killed before it ran, leaves the
-- mark, and the committer tries again on a timer and at its start.
ALTER TABLE process ADD COLUMN rewrite_due boolean NOT NULL DEFAULT false;
CREATE INDEX process_rewrite_due ON process (id) WHERE rewrite_due;
