-- Who a change's history names (issue #16, "a change's history names the
-- certificate's holder"): party_history keeps the caller's key; this keeps
-- the name its certificate carries (samskab-keygen's NAME, e.g.
-- "anne-jensen"), written by the first change a key makes. A key's
-- certificate is issued to one holder, so the name of a key does not
-- change; a key removed from the clients folder keeps its name here, so old
-- history rows still say who it was.
CREATE TABLE cert_holder (
    key     text PRIMARY KEY CHECK (length(key) = 40),
    name    text NOT NULL CHECK (name <> '' AND length(name) <= 64 AND name !~ '[[:cntrl:]]')
);
