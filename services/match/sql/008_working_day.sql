-- Status meetings fall on working days (new-user trial: a monthly cadence
-- put meetings on 1 January and on Sundays). match_easter is Easter Sunday
-- of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/
-- Butcher), match_day_off whether a date is a Saturday, a Sunday or a day
-- off in Denmark, and match_working_day the date itself or the next
-- working day after it. Days off: the public holidays (1 January, Maundy
-- Thursday, Good Friday, Easter Sunday and Monday, Great Prayer Day until
-- 2023 when it was abolished, Ascension Day, Whit Sunday and Monday, 25 and
-- 26 December) and the days public employers give off by agreement
-- (Constitution Day 5 June, 24 and 31 December). Computed for any year,
-- none written down.
CREATE FUNCTION match_easter(y int) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    a int := y % 19; b int := y / 100; c int := y % 100; d int := b / 4; e int := b % 4;
    f int := (b + 8) / 25; g int := (b - f + 1) / 3;
    h int := (19 * a + b - d - g + 15) % 30; i int := c / 4; k int := c % 4;
    l int := (32 + 2 * e + 2 * i - h - k) % 7; m int := (a + 11 * h + 22 * l) / 451;
BEGIN
    RETURN make_date(y, (h + l - 7 * m + 114) / 31, (h + l - 7 * m + 114) % 31 + 1);
END $$;

CREATE FUNCTION match_day_off(day date) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT extract(isodow FROM day) >= 6
        OR to_char(day, 'MM-DD') IN ('01-01', '06-05', '12-24', '12-25', '12-26', '12-31')
        OR day - match_easter(extract(year FROM day)::int) IN (-3, -2, 0, 1, 39, 49, 50)
        OR (day - match_easter(extract(year FROM day)::int) = 26 AND extract(year FROM day) < 2024)
$$;

CREATE FUNCTION match_working_day(day date) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    WHILE match_day_off(day) LOOP
        day := day + 1;
    END LOOP;
    RETURN day;
END $$;
