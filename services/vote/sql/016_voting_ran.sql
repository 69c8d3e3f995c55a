-- When voting actually opened and closed (new-user trial): staff may open
-- a vote before voting_from or close it before voting_until, and the pages,
-- the results and the exported .pb's date_begin/date_end then name when it
-- ran. The planned dates stay as planned. NULL: not yet (or a process that
-- opened or closed before this migration, whose plan is all there is).
ALTER TABLE process ADD COLUMN voting_opened_at timestamptz,
                    ADD COLUMN voting_closed_at timestamptz;
