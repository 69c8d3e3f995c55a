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

const char *
sk_number_kr (int64_t n, char *buf, size_t size)
{
    char digits[40];
    snprintf (buf, size, "%s kr.", sk_number_group (n, '.', digits, sizeof digits));
    return buf;
}

bool
sk_number_parse_kr (const char *text, int64_t *value)
{
    size_t len = strlen (text);
    //  the unit, if any: "kr." or "kr", a blank before it or not
    if (len >= 3 && strcmp (text + len - 3, "kr.") == 0)
        len -= 3;
    else if (len >= 2 && strcmp (text + len - 2, "kr") == 0)
        len -= 2;
    while (len && text[len - 1] == ' ')
        len--;
    uint64_t n = 0;
    size_t digits = 0, group = 0; //  digits in all, since the last '.'
    bool grouped = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '.') {
            if (!digits || (grouped ? group != 3 : group > 3))
                return false;
            grouped = true, group = 0;
        } else if (c >= '0' && c <= '9') {
            if (++digits > 18)
                return false;
            n = n * 10 + (uint64_t)(c - '0'), group++;
        } else
            return false;
    }
    if (!digits || (grouped && group != 3))
        return false;
    *value = (int64_t)n;
    return true;
}

bool
sk_number_round (const char *decimal, int64_t *value)
{
    const char *c = decimal + (*decimal == '-');
    int64_t n = 0;
    size_t digits = 0;
    for (; *c >= '0' && *c <= '9'; c++) {
        if (++digits > 18)
            return false;
        n = n * 10 + (*c - '0');
    }
    bool up = false;
    if (*c == '.' && c[1]) {
        up = c[1] >= '5';
        for (c++; *c >= '0' && *c <= '9'; c++)
            ;
    }
    if (!digits || *c)
        return false;
    n += up;
    *value = *decimal == '-' ? -n : n;
    return true;
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
    CHECK_STR_EQ (sk_number_kr (400000, buf, sizeof buf), "400.000 kr.");
    int64_t v = 0;
    const char *good[] = { "12500", "12.500", "12.500 kr.", "12500 kr", "12.500kr.", "1.000.000" };
    const int64_t want[] = { 12500, 12500, 12500, 12500, 12500, 1000000 };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        CHECK (sk_number_parse_kr (good[i], &v));
        CHECK_INT_EQ (v, want[i]);
    }
    const char *bad[] = { "12,5", "12,500", "1.50", "12.5000", ".500",     "12.",
                          "-5",   "",       "kr.",  "12 500",  "1234.567", "9999999999999999999" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK (!sk_number_parse_kr (bad[i], &v));
    const char *decimals[] = { "10625", "5714.29", "5714.5", "0.499", "-2.5", "3.000001" };
    const int64_t rounded[] = { 10625, 5714, 5715, 0, -3, 3 };
    for (size_t i = 0; i < sizeof decimals / sizeof *decimals; i++) {
        CHECK (sk_number_round (decimals[i], &v));
        CHECK_INT_EQ (v, rounded[i]);
    }
    const char *not_decimal[] = { "",    "-",     ".5",    "7.",
                                  "5,7", "5 kr.", "1.2.3", "9999999999999999999" };
    for (size_t i = 0; i < sizeof not_decimal / sizeof *not_decimal; i++)
        CHECK (!sk_number_round (not_decimal[i], &v));
    SK_CASE_END ("sk_number: digits in groups of three, amounts in kroner");
}
