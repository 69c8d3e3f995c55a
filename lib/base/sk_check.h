/*  sk_check.h: assertion macros for selftests and test programs.

    In the manner of libuv's test/task.h: a failed check prints both operands
    with file and line, and counts the failure instead of aborting, so one run
    reports every broken check. Each test case ends with SK_CASE_END, which
    prints the TAP-style line the harness counts ("ok - NAME" or
    "not ok - NAME").
*/
#ifndef SK_CHECK_H_INCLUDED
#define SK_CHECK_H_INCLUDED

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

extern int sk_check_failures;     //  failed checks in the current case
extern int sk_check_cases_failed; //  cases with at least one failure

#define SK_CHECK_FAIL_(fmt, ...)                                                                   \
    do {                                                                                           \
        fprintf (stdout, "#   %s:%d: " fmt "\n", __FILE__, __LINE__, __VA_ARGS__);                 \
        sk_check_failures++;                                                                       \
    } while (0)

#define CHECK(expr)                                                                                \
    do {                                                                                           \
        if (!(expr))                                                                               \
            SK_CHECK_FAIL_ ("check failed: %s", #expr);                                            \
    } while (0)

#define CHECK_INT_EQ(a, b)                                                                         \
    do {                                                                                           \
        int64_t a_ = (int64_t)(a), b_ = (int64_t)(b);                                              \
        if (a_ != b_)                                                                              \
            SK_CHECK_FAIL_ ("%s == %s: %" PRId64 " != %" PRId64, #a, #b, a_, b_);                  \
    } while (0)

#define CHECK_STR_EQ(a, b)                                                                         \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (!a_ || !b_ || strcmp (a_, b_) != 0)                                                    \
            SK_CHECK_FAIL_ ("%s == %s: \"%s\" != \"%s\"", #a, #b, a_ ? a_ : "(null)",              \
                            b_ ? b_ : "(null)");                                                   \
    } while (0)

#define CHECK_STR_CONTAINS(hay, needle)                                                            \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        if (!h_ || !strstr (h_, n_))                                                               \
            SK_CHECK_FAIL_ ("%s contains \"%s\": \"%s\"", #hay, n_, h_ ? h_ : "(null)");           \
    } while (0)

#define SK_CASE_BEGIN() (sk_check_failures = 0)
#define SK_CASE_END(name)                                                                          \
    do {                                                                                           \
        if (sk_check_failures) {                                                                   \
            fprintf (stdout, "not ok - %s: %d failed checks\n", (name), sk_check_failures);        \
            sk_check_cases_failed++;                                                               \
        } else                                                                                     \
            fprintf (stdout, "ok - %s\n", (name));                                                 \
        fflush (stdout);                                                                           \
    } while (0)

#endif
