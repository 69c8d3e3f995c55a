-- Corrections before the vote (issue #15). A process that never opened
-- voting can be archived: phase 'archived', after which no op changes it.
-- A pool may bound its projects' cost ("projects from 25,000 DKK").
ALTER TABLE process DROP CONSTRAINT process_phase_check;
ALTER TABLE process ADD CONSTRAINT process_phase_check CHECK (phase IN
    ('ideas', 'development', 'voting', 'closed', 'published',
     'implementation', 'archived'));
ALTER TABLE pool
    ADD COLUMN min_cost bigint CHECK (min_cost > 0),
    ADD COLUMN max_cost bigint CHECK (max_cost > 0),
    ADD CHECK (min_cost <= max_cost);
