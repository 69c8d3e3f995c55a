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
}
