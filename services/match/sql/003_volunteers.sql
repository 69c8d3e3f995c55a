-- Scoring also weighs who has the volunteers and who the experience
-- (doc/DECISIONS.md, "Match scoring"): copy active_volunteers too, and
-- replay the registry's events from the start to fill it in (applying an
-- event is idempotent: the copy ends as the last event left it).
ALTER TABLE party ADD COLUMN active_volunteers integer;
UPDATE feed_cursor SET last = 0 WHERE source = 'registry';
