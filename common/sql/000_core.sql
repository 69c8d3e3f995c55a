-- The service loop's own tables, created in every service's schema
-- (search_path is the service's schema while migrations run).

-- The tenant wall: row-level security policies call this. The service loop
-- sets samskab.tenant for every transaction; "*" is a cross-municipality
-- read by a certificate for all municipalities. Unset means no rows.
CREATE FUNCTION tenant_visible(t text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT current_setting('samskab.tenant', true) IN (t, '*') $$;

-- Stored replies of mutating requests: a retry with the same request id
-- gets the stored reply and changes nothing twice.
CREATE TABLE request_log (
    caller      text NOT NULL,          -- client public key (ZAP User-Id)
    request_id  text NOT NULL,
    op          text NOT NULL,
    reply       bytea NOT NULL,         -- the msgpack reply, byte for byte
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, request_id)
);
CREATE INDEX request_log_created ON request_log (created_at);

-- Gap-free event sequence: one counter row, updated in the transaction that
-- writes the event, so seq follows commit order (a bare sequence leaves gaps
-- and can commit out of order).
CREATE TABLE outbox_seq (
    only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    last        bigint NOT NULL
);
INSERT INTO outbox_seq VALUES (true, 0);

CREATE TABLE outbox (
    seq         bigint PRIMARY KEY,
    event_id    uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    topic       text NOT NULL,
    tenant      text NOT NULL,
    ts          timestamptz NOT NULL DEFAULT now(),
    body        bytea NOT NULL          -- msgpack map
);
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON outbox
    USING (tenant_visible(tenant)) WITH CHECK (tenant_visible(tenant));
