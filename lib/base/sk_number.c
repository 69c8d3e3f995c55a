/*  sk_number.c: digits in groups of three. */
#include <stdio.h>
#include <string.h>

#include "sk_check.h"
#include "sk_number.h"

const char *
sk_number_group (int64_t n, char sep, char *buf, size_t size)
{
    char digits[24], grouped[40];
    //  The magnitude as unsigned: -INT64_MIN does not fit an int64_t
    uint64_t m = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
    snprintf (digits, sizeof digits, "%llu", (unsigned long long)m);
    size_t len = strlen (digits), k = 0;
    if (n < 0)
        grouped[k++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            grouped[k++] = sep;
        grouped[k++] = digits[i];
    }
    grouped[k] = 0;
    snprintf (buf, size, "%s", grouped);
    return buf;
}

void
sk_number_test (bool verbose)
{
    if (verbose)
        printf ("# sk_number_test\n");
    SK_CASE_BEGIN ();
    char buf[40];
    CHECK_STR_EQ (sk_number_group (0, '.', buf, sizeof buf), "0");
    CHECK_STR_EQ (sk_number_group (999, '.', buf, sizeof buf), "999");
    CHECK_STR_EQ (sk_number_group (1650, '.', buf, sizeof buf), "1.650");
    CHECK_STR_EQ (sk_number_group (150000, '.', buf, sizeof buf), "150.000");
    CHECK_STR_EQ (sk_number_group (1234567, ',', buf, sizeof buf), "1,234,567");
    CHECK_STR_EQ (sk_number_group (-25000, '.', buf, sizeof buf), "-25.000");
    CHECK_STR_EQ (sk_number_group (INT64_MIN, '.', buf, sizeof buf), "-9.223.372.036.854.775.808");
    SK_CASE_END ("sk_number: digits in groups of three");
}
