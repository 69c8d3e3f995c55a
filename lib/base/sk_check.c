/*  sk_check.c: counters behind the sk_check.h macros. */
#include "sk_check.h"

int sk_check_failures = 0;
int sk_check_cases_failed = 0;
