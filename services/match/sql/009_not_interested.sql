-- "Ikke interesseret" is a wish of its own (issue 14: a party that marked
-- another not interested was put at a table with it after staff stated the
-- other direction). A weight 0 is stored, not dropped, and a pair with a 0
-- in either direction is never planned.
ALTER TABLE sd_interest DROP CONSTRAINT sd_interest_weight_check;
ALTER TABLE sd_interest ADD CONSTRAINT sd_interest_weight_check CHECK (weight BETWEEN 0 AND 10);
