-- The registry cursor moves to follow_cursor, the table of the shared
-- follower (common/sk_follow.c, common/sql/001_follow.sql).
INSERT INTO follow_cursor (source, last, applied_at)
    SELECT source, last, applied_at FROM feed_cursor
    ON CONFLICT (source) DO UPDATE SET last = EXCLUDED.last, applied_at = EXCLUDED.applied_at;
DROP TABLE feed_cursor;
