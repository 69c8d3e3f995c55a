-- Followers of other services' events (common/sk_follow.c): the last seq
-- applied from each source, moved in the transaction that applies them.
CREATE TABLE follow_cursor (
    source      text PRIMARY KEY,
    last        bigint NOT NULL DEFAULT 0,
    applied_at  timestamptz
);
