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

#endif
