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

//  n as a Danish amount, "400.000 kr.", into buf; returns buf.
const char *sk_number_kr (int64_t n, char *buf, size_t size);

//  Whole kroner as people write them: "12500", "12.500" (groups of three
//  after a '.'), either with " kr." or "kr" after; true with *value, false
//  for anything else (a decimal comma "12,5", "1.50", a sign, blank).
bool sk_number_parse_kr (const char *text, int64_t *value);

//  A decimal as the services send prices ("5714.29", "10625", "-0.5")
//  rounded to a whole number, half away from zero, into *value; false
//  for anything else (a comma, a blank, more than 18 whole digits).
bool sk_number_round (const char *decimal, int64_t *value);

//  Self test.
void sk_number_test (bool verbose);

#endif
