-- The results carry every project of a tallied pool, not only the winners
-- (the web's results page shows those not chosen too): a tally writes a row
-- for each project, the winners first in selection order, then the others
-- (selected false) by votes, or score for points ballots, most first.
ALTER TABLE result ADD COLUMN selected boolean NOT NULL DEFAULT true;
