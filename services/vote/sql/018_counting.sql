-- How a process's ballots are counted (doc/DECISIONS.md, "Counting that
-- matches the ballot"): 'samskab', the vote service's own processes, where
-- points count as points times cost (greedy: most points first), ranked
-- places as k ... 1, and a project no ballot names is never selected; or
-- 'pabulib', a .pb file imported without META samskab_counting, counted as
-- pabutools counts it so that the results equal samskab-tally's on the
-- file. Processes made before this migration count the samskab way from
-- their next tally on (their stored results stay until then).
ALTER TABLE process ADD COLUMN counting text NOT NULL DEFAULT 'samskab'
    CHECK (counting IN ('samskab', 'pabulib'));
