/*  token.h: signed, expiring tokens (HMAC-SHA256), for what a web page
    carries between requests instead of a server-side session: a form's
    CSRF token, a login link, a session cookie.

    A token is three base64url (no padding) parts joined by dots:

        PAYLOAD "." EXPIRES "." MAC

    EXPIRES is the Unix time in seconds after which the token is refused,
    in decimal; MAC is HMAC-SHA256 (libsodium's crypto_auth_hmacsha256)
    under the key, over the purpose, a NUL, and "PAYLOAD.EXPIRES" as sent.
    The purpose ("csrf", "session", "login") is signed but not sent, so a
    token made for one purpose is refused for every other. The MAC is
    checked in constant time before anything else is read; the payload is
    signed, not secret (anyone holding the token can read it).

    The key is 32 random bytes; the caller reads it (samskab-web with
    sk_config_key, as every key file: 64 hexadecimal digits, mode 600).

    Contract: C11, libsodium and lib/base; no PostgreSQL, ZeroMQ or czmq.
    Thread-safe: a key is read-only once loaded.

        uint8_t key[TOKEN_KEY_BYTES];
        char *t = token_sign (key, "csrf", "0730/budget/4", time (NULL) + 3600);
        char *payload = token_verify (key, "csrf", t, time (NULL), why, 128);
        free (payload), free (t);
*/
#ifndef TOKEN_TOKEN_H_INCLUDED
#define TOKEN_TOKEN_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

#define TOKEN_KEY_BYTES 32
#define TOKEN_MAX       4096 //  bytes of a token; a longer one is refused

//  A token for payload (any bytes up to NUL) under purpose, valid until
//  expires (Unix seconds). The caller frees it.
char *token_sign (const uint8_t key[TOKEN_KEY_BYTES], const char *purpose, const char *payload,
                  int64_t expires);

//  The payload of token if its MAC is right for key and purpose and now
//  is not after its expiry; the caller frees it. NULL with why
//  ("malformed token", "bad signature", "expired token") otherwise.
char *token_verify (const uint8_t key[TOKEN_KEY_BYTES], const char *purpose, const char *token,
                    int64_t now, char *why, size_t why_size);

#endif
