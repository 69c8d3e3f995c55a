-- A ballot's process is checked where the ballot is written, under a lock
-- on the process row held to the commit: a cast's statement locks it FOR
-- KEY SHARE (and in phase voting) once per batch, a confirmed paper ballot
-- updates it, an imported file creates it, and a close rewrites the
-- ballots with the row locked. The foreign key locked the same row again
-- for every ballot, a tenth of PostgreSQL's time per cast (bench-ballots,
-- doc/DECISIONS.md). No op deletes a process; an operator who deletes one
-- by hand deletes its ballots first.
ALTER TABLE ballot DROP CONSTRAINT ballot_process_id_fkey;
