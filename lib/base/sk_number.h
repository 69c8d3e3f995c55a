/*  sk_number.h: whole numbers as people read them, "1.650" in Danish and
    "1,650" in English, for amounts ("150.000 kr.") and scores on the web
    and in the CLI's charts. Plain C11, no dependency.
*/
#ifndef SK_NUMBER_H_INCLUDED
#define SK_NUMBER_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  n with its digits in groups of three separated by sep ('.' Danish,
//  ',' English), a minus first if negative, into buf; returns buf.
const char *sk_number_group (int64_t n, char sep, char *buf, size_t size);

//  Self test.
void sk_number_test (bool verbose);

#endif
