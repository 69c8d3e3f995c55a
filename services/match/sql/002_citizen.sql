-- Citizens who want a mentor (mentor programmes: volunteer with citizen).
-- They are not in the registry: a caseworker registers them here with as
-- little as matching needs (a case reference, no name), and erases them.
-- They live in the party table as kind 'citizen' with ids from 10^12 up,
-- far above any registry id, so proposals and agreements name them alike.
ALTER TABLE party DROP CONSTRAINT party_kind_check;
ALTER TABLE party ADD CONSTRAINT party_kind_check
    CHECK (kind IN ('association', 'company', 'institution', 'volunteer', 'citizen'));
CREATE SEQUENCE citizen_id START 1000000000000;
