-- A cast sets its code's state to 'used'. With room left on the code's
-- page that update is HOT: no new entries in voter_code_pkey and
-- voter_code_batch, half the WAL records and index work of a cast
-- (bench-ballots). A code is written once and updated once or twice
-- (used, revoked, given back), so half of each page is kept free.
ALTER TABLE voter_code SET (fillfactor = 50);
