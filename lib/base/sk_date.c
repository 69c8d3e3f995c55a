/*  sk_date.c: see sk_date.h. */
#include "sk_date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_check.h"

bool
sk_date_valid (const char *s)
{
    if (strlen (s) != 10)
        return false;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
            return false;
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y = atoi (s), m = atoi (s + 5), d = atoi (s + 8);
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] + (m == 2 && leap);
}

//  Two digits at s, at most max; -1 if not.
static int
s_two (const char *s, int max)
{
    if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'))
        return -1;
    int v = (s[0] - '0') * 10 + s[1] - '0';
    return v <= max ? v : -1;
}

bool
sk_time_valid (const char *s, bool *zoned)
{
    char day[11];
    if (strlen (s) < 16 || (s[10] != 'T' && s[10] != ' '))
        return false;
    memcpy (day, s, 10);
    day[10] = 0;
    if (!sk_date_valid (day) || s_two (s + 11, 23) < 0 || s[13] != ':' || s_two (s + 14, 59) < 0)
        return false;
    const char *c = s + 16;
    if (*c == ':') {
        if (s_two (c + 1, 59) < 0)
            return false;
        c += 3;
        if (*c == '.') {
            size_t n = strspn (c + 1, "0123456789");
            if (n == 0 || n > 6)
                return false;
            c += 1 + n;
        }
    }
    if (zoned)
        *zoned = *c != 0;
    if (*c == 'Z' || *c == 'z')
        return c[1] == 0;
    if (*c == '+' || *c == '-') {
        if (s_two (c + 1, 14) < 0)
            return false;
        c += 3;
        if (*c == ':')
            c++;
        return *c == 0 || (s_two (c, 59) >= 0 && c[2] == 0);
    }
    return *c == 0;
}

void
sk_date_test (bool verbose)
{
    if (verbose)
        printf ("# sk_date_test\n");
    SK_CASE_BEGIN ();
    CHECK_TRUE (sk_date_valid ("2026-12-07"), "an ordinary day");
    CHECK_TRUE (sk_date_valid ("2028-02-29"), "29 February of a leap year");
    CHECK_TRUE (sk_date_valid ("2000-02-29"), "2000 is a leap year");
    CHECK_TRUE (!sk_date_valid ("1900-02-29"), "1900 is not");
    CHECK_TRUE (!sk_date_valid ("2026-02-30"), "30 February");
    CHECK_TRUE (!sk_date_valid ("2026-13-01"), "month 13");
    CHECK_TRUE (!sk_date_valid ("2026-04-31"), "31 April");
    CHECK_TRUE (!sk_date_valid ("2026-00-10"), "month 0");
    CHECK_TRUE (!sk_date_valid ("2026-1-10"), "a short month");
    CHECK_TRUE (!sk_date_valid ("2026-01-10x"), "trailing text");
    CHECK_TRUE (!sk_date_valid ("01-10-2026"), "day first");
    CHECK_TRUE (!sk_date_valid (""), "empty");
    SK_CASE_END ("sk_date: calendar dates");

    SK_CASE_BEGIN ();
    bool zoned = true;
    CHECK_TRUE (sk_time_valid ("2027-02-04T17:00:00", &zoned) && !zoned, "local time, no zone");
    CHECK_TRUE (sk_time_valid ("2027-02-04 17:00", &zoned) && !zoned, "a space, no seconds");
    CHECK_TRUE (sk_time_valid ("2027-02-04T17:00:00Z", &zoned) && zoned, "UTC");
    CHECK_TRUE (sk_time_valid ("2027-03-28T02:30:00+01:00", &zoned) && zoned, "an offset");
    CHECK_TRUE (sk_time_valid ("2027-03-28T02:30:00.250+0100", NULL), "fraction, offset HHMM");
    CHECK_TRUE (sk_time_valid ("2027-10-31T02:30-01", NULL), "offset hours only");
    CHECK_TRUE (!sk_time_valid ("2027-02-30T17:00:00", NULL), "30 February");
    CHECK_TRUE (!sk_time_valid ("2027-02-04T24:00:00", NULL), "hour 24");
    CHECK_TRUE (!sk_time_valid ("2027-02-04T17:60", NULL), "minute 60");
    CHECK_TRUE (!sk_time_valid ("2027-02-04T17:00:61", NULL), "second 61");
    CHECK_TRUE (!sk_time_valid ("2027-02-04", NULL), "a day alone");
    CHECK_TRUE (!sk_time_valid ("2027-02-04T17", NULL), "no minutes");
    CHECK_TRUE (!sk_time_valid ("2027-02-04T17:00:00 CET", NULL), "a zone name");
    CHECK_TRUE (!sk_time_valid ("2027-02-04T17:00:00+1", NULL), "a short offset");
    SK_CASE_END ("sk_date: times of day");
}
