-- registry.person.erased names a person's values by keyed digest
-- (common/sk_erase.h: HMAC-SHA256 under the erase key, which never
-- reaches the database), so vote computes them itself; the plain SHA-256
-- of 013_erase.sql is no longer used.
DROP FUNCTION contact_digest(text);
