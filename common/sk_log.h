/*  sk_log.h: levelled logging to stderr, PostgreSQL's message style.

    One line per message: "2026-11-23 10:00:00.123 registry[123] LOG:  text".
    Messages follow PostgreSQL's guide: lower-case, no trailing period,
    "could not X: Y" for failures. A warning repeated from one call site
    within 10 s is counted, and its next line says how many were held back;
    when the warnings stop, the count is written once the 10 s are over.
*/
#ifndef SK_LOG_H_INCLUDED
#define SK_LOG_H_INCLUDED

#include <stdbool.h>

typedef enum { SK_DEBUG, SK_LOG, SK_WARNING, SK_ERROR, SK_FATAL } sk_level_t;

//  Set the program name shown in every line and the lowest level printed.
void sk_log_init (const char *program, sk_level_t min_level);
//  Parse "debug", "log"/"info", "warning", "error"; -1 if unknown.
int sk_log_level_parse (const char *name);
void sk_log (sk_level_t level, const char *format, ...) __attribute__ ((format (printf, 2, 3)));
//  Write the counts of warnings held back whose 10 s are over (each as the
//  last one held, with the count); the ms until the next such is due, or
//  -1 with none held. Every log line and the exit do it as well.
int sk_log_flush (void);

//  Selftest (tests/unit/selftest.c).
void sk_log_test (bool verbose);

#define sk_debug(...) sk_log (SK_DEBUG, __VA_ARGS__)
#define sk_info(...)  sk_log (SK_LOG, __VA_ARGS__)
#define sk_warn(...)  sk_log (SK_WARNING, __VA_ARGS__)
#define sk_error(...) sk_log (SK_ERROR, __VA_ARGS__)

#endif
