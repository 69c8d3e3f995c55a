-- Casting and turnout (issue #15). Every tenant column holds one
-- municipality's code: tenant "*" (reading across municipalities) can
-- never be written. NOT VALID: rows an older service wrote with "*" are
-- left for the operator to find (SELECT ... WHERE tenant = '*') and delete;
-- every new row is checked.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['pool', 'project', 'code_batch', 'voter_code',
                             'ballot', 'result', 'idea', 'meeting',
                             'paper_entry', 'poll_vote'] LOOP
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK '
                       '(tenant ~ ''^[0-9]{4}$'') NOT VALID', t, t || '_tenant_check');
    END LOOP;
END $$;

-- A batch's use, counted at the close before the codes are deleted, so
-- turnout per batch survives it (shown to staff only).
ALTER TABLE code_batch
    ADD COLUMN used_count integer,
    ADD COLUMN revoked_count integer;
