/*  sk_date.h: a calendar date as people type it, for the service toolkit
    (common/sk_call.c) and the CLI's option checks. Plain C11, no dependency.
*/
#ifndef SK_DATE_H_INCLUDED
#define SK_DATE_H_INCLUDED

#include <stdbool.h>

//  True if s is exactly "YYYY-MM-DD" and names a day that exists (no
//  2026-02-30; 29 February only in leap years).
bool sk_date_valid (const char *s);

//  Selftest
void sk_date_test (bool verbose);

#endif
