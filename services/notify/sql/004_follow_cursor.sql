-- The sources' cursors move to follow_cursor, the table of the shared
-- follower (common/sk_follow.c, common/sql/001_follow.sql).
INSERT INTO follow_cursor (source, last)
    SELECT source, last FROM cursor
    ON CONFLICT (source) DO UPDATE SET last = EXCLUDED.last;
DROP TABLE cursor;
