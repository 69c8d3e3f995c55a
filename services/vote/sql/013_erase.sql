-- A person erased in the registry (registry.person.erased) loses the
-- contact details of the ideas proposed with them (issue #16). The event
-- names the person's values only by this digest: lower case, without
-- white space, SHA-256 in hex; the registry computes the same.
CREATE FUNCTION contact_digest(v text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT encode(sha256(convert_to(lower(regexp_replace(v, '\s', '', 'g')), 'UTF8')), 'hex') $$;
