-- Login links of samskab-web (doc/DECISIONS.md, "Login by a one-time
-- link"): a link is used once. The web signs and mails the link; the
-- registry keeps only the SHA-256 of each link used, until it expires
-- (registry.login.use prunes the rows past their expiry).
CREATE TABLE login_link (
    hash        text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
    tenant      text NOT NULL REFERENCES municipality,
    party_id    bigint NOT NULL REFERENCES party ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX login_link_expiry ON login_link (tenant, expires_at);
ALTER TABLE login_link ENABLE ROW LEVEL SECURITY;
ALTER TABLE login_link FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON login_link
    USING (tenant_visible(tenant)) WITH CHECK (tenant_visible(tenant));

-- registry.login.find looks a contact address up across municipalities
CREATE INDEX party_email ON party (lower(email))
    WHERE email IS NOT NULL AND archived_at IS NULL;
