-- The area's name as the registry's party events carry it, so an
-- explanation says "same area (Aalborg Øst)" rather than an id.
ALTER TABLE party ADD COLUMN area_name text;
