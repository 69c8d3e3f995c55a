-- Outreach visits and Danish full-text search (../shared/DOMAIN.md point 1).
-- The search documents are generated columns under the built-in "danish"
-- configuration: its Snowball stemmer keeps æ, ø and å (unaccent would fold
-- them to ae, o and a, so it is not used).

CREATE TABLE visit (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant        text NOT NULL REFERENCES municipality,
    party_id      bigint NOT NULL REFERENCES party ON DELETE CASCADE,
    visited_on    date NOT NULL,
    staff         text NOT NULL,      -- the municipal staff member who visited
    activities    text,               -- what the party does
    target_groups integer[] NOT NULL DEFAULT '{}',  -- target_group term ids
    challenges    text,
    ideas         text,
    offer         text,               -- what the municipality can offer
    created_at    timestamptz NOT NULL DEFAULT now(),
    search        tsvector GENERATED ALWAYS AS (
                      to_tsvector('danish'::regconfig,
                          coalesce(activities, '') || ' ' || coalesce(challenges, '')
                          || ' ' || coalesce(ideas, '') || ' ' || coalesce(offer, '')))
                      STORED
);
CREATE INDEX visit_party ON visit (party_id, visited_on);
CREATE INDEX visit_search ON visit USING gin (search);

ALTER TABLE visit ENABLE ROW LEVEL SECURITY;
ALTER TABLE visit FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON visit
    USING (tenant_visible(tenant)) WITH CHECK (tenant_visible(tenant));

-- Names weigh more than descriptions
ALTER TABLE party ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('danish'::regconfig, name), 'A')
    || setweight(to_tsvector('danish'::regconfig, coalesce(description, '')), 'B'))
    STORED;
CREATE INDEX party_search ON party USING gin (search);

ALTER TABLE activity ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('danish'::regconfig, name), 'B')
    || setweight(to_tsvector('danish'::regconfig, coalesce(description, '')), 'C'))
    STORED;
CREATE INDEX activity_search ON activity USING gin (search);
