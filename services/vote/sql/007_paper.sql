-- Paper ballots (issue #15). A wrong first entry is discarded with a
-- reason, kept with who discarded it; it no longer holds the tally up.
-- After the close a paper is entered only in a late count that staff open
-- on the process (who, when, why); an entry keyed then is late, and each
-- late entry confirmed is counted on the process, shown with the results.
ALTER TABLE paper_entry
    ADD COLUMN late boolean NOT NULL DEFAULT false,
    ADD COLUMN discarded_by text,
    ADD COLUMN discard_reason text CHECK (discard_reason <> ''),
    ADD CHECK ((discarded_by IS NULL) = (discard_reason IS NULL));
ALTER TABLE process
    ADD COLUMN late_opened_by text,
    ADD COLUMN late_opened_at timestamptz,
    ADD COLUMN late_reason text CHECK (late_reason <> ''),
    ADD COLUMN late_papers integer NOT NULL DEFAULT 0,
    ADD CHECK ((late_opened_by IS NULL) = (late_opened_at IS NULL));
