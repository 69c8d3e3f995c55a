-- Workshop polls (issue #15): a poll may pick several options (pick: how
-- many winners) and limit its participants (max_participants).
ALTER TABLE poll
    ADD COLUMN pick integer NOT NULL DEFAULT 1 CHECK (pick BETWEEN 1 AND 50),
    ADD COLUMN max_participants integer CHECK (max_participants > 0);
