-- CSV import both ways (#16): a row with a party's id updates that party
-- if the party is still at the version the row was exported at; an
-- activities column gives a party's activities (name and activity type).

-- party_id (005) is now the party a row updates, NULL for a row that
-- creates one; version is the party's version the row was exported at.
ALTER TABLE import_row ADD COLUMN version integer;
ALTER TABLE import_row ADD CONSTRAINT import_row_update
    CHECK ((party_id IS NULL) = (version IS NULL));
-- Activities of the row (if the file has the column): name and type
ALTER TABLE import_row ADD COLUMN act_name text[] NOT NULL DEFAULT '{}';
ALTER TABLE import_row ADD COLUMN act_type integer[] NOT NULL DEFAULT '{}';
CREATE INDEX import_row_party ON import_row (import_id, party_id) WHERE party_id IS NOT NULL;
