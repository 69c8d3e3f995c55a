-- A citizen's idea is public only once staff have looked at it (issue
-- #14): visibility 'review' until staff show or hide it. An idea staff
-- record themselves is shown at once. Ideas from before this migration
-- wait for review too: some were proposed on the web and never read.
-- vote.idea.forget erases the title and the text, and hides the idea.
ALTER TABLE idea ADD COLUMN visibility text NOT NULL DEFAULT 'review'
    CHECK (visibility IN ('review', 'shown', 'hidden'));
ALTER TABLE idea DROP CONSTRAINT idea_title_check;
ALTER TABLE idea ADD CONSTRAINT idea_title_check CHECK (title <> '' OR visibility = 'hidden');
