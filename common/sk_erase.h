/*  sk_erase.h: the keyed digests an erasure names a person's values by.

    registry.person.erased (proto/PROTOCOL.md) names the erased person's
    name, e-mail and phone by digest, never by value, so that followers
    holding copies (vote's ideas) can find them. A plain hash of a phone
    number is found again by trying all 10^8 numbers, and the event stays
    in the registry's outbox and notify's event log; so the digest is
    HMAC-SHA256 (libsodium's crypto_auth_hmacsha256) under the erase key,
    a secret that registry and vote alone read from their
    `erase_key_file` (sk_config_key) and that never reaches a log, an
    event or the database.

    The value is normalised first, so "+45 12 34 56 78" and "+4512345678",
    "Ole.Hansen@Example.dk" and "ole.hansen@example.dk" have one digest:
    white space (ASCII and U+00A0) is dropped, and letters of ASCII,
    Latin-1 and Latin Extended-A (U+00C0-U+017F: Danish, the other Nordic
    and most European letters) are lower-cased; any other byte is kept.

        if (sk_erase_key_load (config, "registry")) return -1;
        char hex[SK_ERASE_DIGEST_HEX];
        sk_erase_digest ("+45 12 34 56 78", hex);
*/
#ifndef SK_ERASE_H_INCLUDED
#define SK_ERASE_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#include "sk_config.h"

#define SK_ERASE_DIGEST_HEX 65 //  64 lower-case hex digits and a NUL

//  Load the erase key from SERVICE/erase_key_file, once, before any thread
//  reads it. 0, or -1 logged (the service refuses to start).
int sk_erase_key_load (sk_config_t *config, const char *service);
//  The digest of value under the loaded key, as 64 lower-case hex digits.
void sk_erase_digest (const char *value, char hex[SK_ERASE_DIGEST_HEX]);
//  The same under key (sk_erase_digest and the selftest).
void sk_erase_digest_keyed (const uint8_t key[SK_CONFIG_KEY_BYTES], const char *value,
                            char hex[SK_ERASE_DIGEST_HEX]);

//  Selftest (tests/unit/selftest.c): RFC 4231's HMAC-SHA256 vectors and
//  the normalisation.
void sk_erase_test (bool verbose);

#endif
