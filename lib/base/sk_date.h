/*  sk_date.h: a calendar date as people type it, for the service toolkit
    (common/sk_call.c) and the CLI's option checks. Plain C11, no dependency.
*/
#ifndef SK_DATE_H_INCLUDED
#define SK_DATE_H_INCLUDED

#include <stdbool.h>

//  True if s is exactly "YYYY-MM-DD" and names a day that exists (no
//  2026-02-30; 29 February only in leap years).
bool sk_date_valid (const char *s);

//  True if s is a day and a time of day as people type them:
//  "YYYY-MM-DDTHH:MM[:SS[.F]]" ("T" or a space) with an optional zone "Z"
//  or "+HH[:MM]" / "-HH[:MM]", the day checked as sk_date_valid does and
//  the time within 00:00:00 to 23:59:59. *zoned (may be NULL) tells
//  whether a zone was given; without one the time is Danish local time.
bool sk_time_valid (const char *s, bool *zoned);

//  Selftest
void sk_date_test (bool verbose);

#endif
