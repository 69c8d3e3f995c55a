/*  sk_check.h: assertion macros for selftests and test programs.

    In the manner of libuv's test/task.h: a failed check prints both operands
    with file and line, and counts the failure instead of aborting, so one run
    reports every broken check. Use the typed macro that fits (CHECK_INT_EQ,
    CHECK_STR_EQ, CHECK_NOT_NULL...); a bare CHECK only for a condition that
    compares no two values. Each test case ends with SK_CASE_END, which
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

//  Integer comparisons: CHECK_INT_EQ (a, b) and the rest print both values.
#define SK_CHECK_INT_(a, op, b)                                                                    \
    do {                                                                                           \
        int64_t a_ = (int64_t)(a), b_ = (int64_t)(b);                                              \
        if (!(a_ op b_))                                                                           \
            SK_CHECK_FAIL_ ("%s %s %s: %" PRId64 " against %" PRId64, #a, #op, #b, a_, b_);        \
    } while (0)
#define CHECK_INT_NE(a, b) SK_CHECK_INT_ (a, !=, b)
#define CHECK_INT_LT(a, b) SK_CHECK_INT_ (a, <, b)
#define CHECK_INT_LE(a, b) SK_CHECK_INT_ (a, <=, b)
#define CHECK_INT_GT(a, b) SK_CHECK_INT_ (a, >, b)
#define CHECK_INT_GE(a, b) SK_CHECK_INT_ (a, >=, b)

//  A condition that compares no two values, with what failed in words:
//  CHECK_TRUE (s_caught_up (), "match caught up with registry's feed").
#define CHECK_TRUE(expr, ...)                                                                      \
    do {                                                                                           \
        if (!(expr)) {                                                                             \
            SK_CHECK_FAIL_ ("check failed: %s", #expr);                                            \
            fprintf (stdout, "#     " __VA_ARGS__);                                                \
            fprintf (stdout, "\n");                                                                \
        }                                                                                          \
    } while (0)

//  A text (an error message) that is not NULL is printed as text.
#define CHECK_NULL(p)                                                                              \
    do {                                                                                           \
        const void *p_ = (p);                                                                      \
        const char *t_ = _Generic((p), char * : p_, const char * : p_, default : NULL);            \
        if (p_ && t_)                                                                              \
            SK_CHECK_FAIL_ ("%s is NULL: it is \"%s\"", #p, t_);                                   \
        else if (p_)                                                                               \
            SK_CHECK_FAIL_ ("%s is NULL: it is %p", #p, p_);                                       \
    } while (0)

#define CHECK_NOT_NULL(p)                                                                          \
    do {                                                                                           \
        if ((p) == NULL)                                                                           \
            SK_CHECK_FAIL_ ("%s is not NULL: it is NULL", #p);                                     \
    } while (0)

#define CHECK_STR_EQ(a, b)                                                                         \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (!a_ || !b_ || strcmp (a_, b_) != 0)                                                    \
            SK_CHECK_FAIL_ ("%s == %s: \"%s\" != \"%s\"", #a, #b, a_ ? a_ : "(null)",              \
                            b_ ? b_ : "(null)");                                                   \
    } while (0)

//  The first n bytes of a and b are equal.
#define CHECK_STRN_EQ(a, b, n)                                                                     \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        int n_ = (int)(n);                                                                         \
        if (!a_ || !b_ || strncmp (a_, b_, (size_t)n_) != 0)                                       \
            SK_CHECK_FAIL_ ("%s == %s (first %d bytes): \"%.*s\" != \"%.*s\"", #a, #b, n_, n_,     \
                            a_ ? a_ : "(null)", n_, b_ ? b_ : "(null)");                           \
    } while (0)

#define CHECK_STR_NE(a, b)                                                                         \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (!a_ || !b_ || strcmp (a_, b_) == 0)                                                    \
            SK_CHECK_FAIL_ ("%s != %s: both \"%s\"", #a, #b, a_ ? a_ : "(null)");                  \
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
