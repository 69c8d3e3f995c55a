-- The registry: municipalities, areas, taxonomies and parties with what they
-- have, need and serve. Every tenant table sits behind the tenant wall.

CREATE TABLE municipality (
    code        text PRIMARY KEY CHECK (code ~ '^[0-9]{4}$'),  -- kommunekode
    name        text NOT NULL
);

CREATE TABLE area (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text NOT NULL REFERENCES municipality,
    name        text NOT NULL,
    UNIQUE (tenant, name)
);

-- Taxonomies are shared by all municipalities; hierarchical.
CREATE TABLE term (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    taxonomy    text NOT NULL CHECK (taxonomy IN
                    ('competence', 'target_group', 'activity_type', 'language')),
    code        text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    parent_id   integer REFERENCES term,
    label_da    text NOT NULL,
    label_en    text NOT NULL,
    UNIQUE (taxonomy, code)
);

CREATE TABLE party (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant            text NOT NULL REFERENCES municipality,
    kind              text NOT NULL CHECK (kind IN
                          ('association', 'company', 'institution', 'volunteer')),
    version           integer NOT NULL DEFAULT 1,
    name              text NOT NULL,
    description       text,
    area              bigint REFERENCES area,
    address           text,
    website           text,
    contact_name      text,
    email             text,
    phone             text,
    publish           boolean,
    ethnic_minority   boolean,   -- the association's own self-description
    folkeoplysende    boolean,
    members           integer,
    active_volunteers integer,
    cvr               text,
    employees         integer,
    csr_capacity      integer,
    institution_type  text,
    consent           boolean,
    consent_at        timestamptz,
    availability      text,
    capacity          integer,
    archived_at       timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'volunteer' OR consent)
);
CREATE UNIQUE INDEX party_cvr ON party (tenant, cvr)
    WHERE cvr IS NOT NULL AND archived_at IS NULL;
CREATE INDEX party_kind ON party (tenant, kind, id);

CREATE TABLE declaration (
    party_id    bigint NOT NULL REFERENCES party ON DELETE CASCADE,
    tenant      text NOT NULL,
    relation    text NOT NULL CHECK (relation IN ('has', 'needs', 'serves', 'speaks')),
    term_id     integer NOT NULL REFERENCES term,
    level       smallint NOT NULL DEFAULT 2 CHECK (level BETWEEN 1 AND 3),
    PRIMARY KEY (party_id, relation, term_id)
);
CREATE INDEX declaration_term ON declaration (term_id, relation);

CREATE TABLE activity (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    party_id    bigint NOT NULL REFERENCES party ON DELETE CASCADE,
    tenant      text NOT NULL,
    name        text NOT NULL,
    type_id     integer REFERENCES term,
    description text
);
CREATE INDEX activity_party ON activity (party_id);

CREATE TABLE activity_target (
    activity_id bigint NOT NULL REFERENCES activity ON DELETE CASCADE,
    tenant      text NOT NULL,
    term_id     integer NOT NULL REFERENCES term,
    PRIMARY KEY (activity_id, term_id)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['area', 'party', 'declaration', 'activity',
                             'activity_target'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I USING (tenant_visible(tenant)) '
                       'WITH CHECK (tenant_visible(tenant))', t);
    END LOOP;
END $$;

-- When consent was given is recorded by the database, not by the caller.
CREATE FUNCTION party_consent_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.consent IS TRUE AND NEW.consent_at IS NULL THEN
        NEW.consent_at := now();
    ELSIF NEW.consent IS NOT TRUE THEN
        NEW.consent_at := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER party_consent BEFORE INSERT OR UPDATE ON party
    FOR EACH ROW EXECUTE FUNCTION party_consent_stamp();
