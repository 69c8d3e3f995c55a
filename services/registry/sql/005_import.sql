-- CSV import (registry.import.*): the client sends the rows of a file in
-- batches; each batch is validated here and its good rows staged; commit
-- moves every staged row into party in one transaction, or nothing.

CREATE TABLE import_batch (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text NOT NULL REFERENCES municipality,
    kind        text NOT NULL CHECK (kind IN ('association', 'company')),
    actor       text NOT NULL,      -- only the caller who began it continues it
    columns     text[] NOT NULL,    -- the file's columns, as party fields
    rows        integer NOT NULL DEFAULT 0,  -- rows received
    bad         integer NOT NULL DEFAULT 0,  -- rows refused
    state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'committed', 'aborted')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE import_row (
    import_id   bigint NOT NULL REFERENCES import_batch ON DELETE CASCADE,
    tenant      text NOT NULL,
    row_no      integer NOT NULL,   -- the record's number in the file (header = 1)
    party_id    bigint,             -- assigned at commit
    vals        text[] NOT NULL,    -- the party's fields in catalogue order, validated
    cvr         text,               -- for the duplicate check
    decl_rel    text[] NOT NULL,    -- declarations: relation, term id, level
    decl_term   integer[] NOT NULL,
    decl_level  smallint[] NOT NULL,
    PRIMARY KEY (import_id, row_no)
);
CREATE INDEX import_row_cvr ON import_row (import_id, cvr) WHERE cvr IS NOT NULL;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['import_batch', 'import_row'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I USING (tenant_visible(tenant)) '
                       'WITH CHECK (tenant_visible(tenant))', t);
    END LOOP;
END $$;
