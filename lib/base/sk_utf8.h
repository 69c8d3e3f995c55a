/*  sk_utf8.h: UTF-8 validation, for the message codec (common/sk_msg.c)
    and the CSV reader (lib/csv). Plain C11, no dependency.
*/
#ifndef SK_UTF8_H_INCLUDED
#define SK_UTF8_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  True if the bytes are valid UTF-8 (no overlongs, surrogates, > U+10FFFF).
bool sk_utf8_valid (const uint8_t *s, size_t len);

//  How many characters (code points) the len bytes of valid UTF-8 hold:
//  text limits count these, as PostgreSQL's varchar(n) does.
size_t sk_utf8_chars (const char *s, size_t len);

//  True if s holds no control character (U+0000-U+001F, U+007F): a name
//  is one line of text.
bool sk_utf8_one_line (const char *s);

#endif
