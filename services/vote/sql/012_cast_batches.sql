-- How many casts each committed batch of the committer held, per process
-- (issue #15). During voting a ballot shares its transaction id with the
-- update that used its code, so a ballot is linked to its code no finer
-- than its batch; staff see the batch sizes achieved (vote.ballot.batches).
-- Counts only: no time, no code, no receipt.
CREATE TABLE cast_batch (
    process_id  bigint NOT NULL REFERENCES process ON DELETE CASCADE,
    tenant      text NOT NULL CONSTRAINT cast_batch_tenant_check
                CHECK (tenant ~ '^[0-9]{4}$'),
    size        integer NOT NULL CHECK (size > 0),
    batches     bigint NOT NULL,
    PRIMARY KEY (process_id, size)
);
ALTER TABLE cast_batch ENABLE ROW LEVEL SECURITY;
ALTER TABLE cast_batch FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON cast_batch USING (tenant_visible(tenant))
    WITH CHECK (tenant_visible(tenant));
