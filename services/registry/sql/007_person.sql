-- Personal data (registry.person.export / .erase): where a person's name,
-- e-mail or phone is mentioned in free text. A mention is the value as a
-- whole word (not inside a longer word), case-blind.

CREATE FUNCTION mention_pattern(v text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT '(^|\W)' || regexp_literal(v) || '(?=\W|$)' $$;

CREATE FUNCTION mentions(t text, vals text[]) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS $$ SELECT t IS NOT NULL AND EXISTS (
              SELECT 1 FROM unnest(vals) AS v WHERE t ~* mention_pattern(v)) $$;

CREATE FUNCTION erase_mentions(t text, vals text[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE v text;
BEGIN
    IF t IS NULL THEN
        RETURN NULL;
    END IF;
    -- Longest first, so "Ole Hansen" goes before "Ole"
    FOR v IN SELECT x FROM unnest(vals) AS x ORDER BY length(x) DESC LOOP
        t := regexp_replace(t, mention_pattern(v), '\1[slettet]', 'gi');
    END LOOP;
    RETURN t;
END $$;
