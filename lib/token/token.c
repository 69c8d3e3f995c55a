/*  token.c: HMAC-SHA256 tokens with an expiry, in base64url. */
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_mem.h"
#include "token/token.h"

#define S_B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

static void
s_why (char *why, size_t why_size, const char *text)
{
    if (why && why_size)
        snprintf (why, why_size, "%s", text);
}

//  The MAC of purpose NUL signed (n bytes).
static void
s_mac (const uint8_t key[TOKEN_KEY_BYTES], const char *purpose, const char *signed_part, size_t n,
       uint8_t mac[crypto_auth_hmacsha256_BYTES])
{
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init (&state, key, TOKEN_KEY_BYTES);
    crypto_auth_hmacsha256_update (&state, (const uint8_t *)purpose, strlen (purpose) + 1);
    crypto_auth_hmacsha256_update (&state, (const uint8_t *)signed_part, n);
    crypto_auth_hmacsha256_final (&state, mac);
}

char *
token_sign (const uint8_t key[TOKEN_KEY_BYTES], const char *purpose, const char *payload,
            int64_t expires)
{
    if (sodium_init () < 0)
        abort (); //  no usable random source: nothing can be signed
    size_t n = strlen (payload);
    size_t b64_len = sodium_base64_ENCODED_LEN (n, S_B64);
    char *b64 = sk_malloc (b64_len);
    sodium_bin2base64 (b64, b64_len, (const uint8_t *)payload, n, S_B64);
    char *signed_part = sk_asprintf ("%s.%lld", b64, (long long)expires);
    free (b64);
    uint8_t mac[crypto_auth_hmacsha256_BYTES];
    s_mac (key, purpose, signed_part, strlen (signed_part), mac);
    char mac64[sodium_base64_ENCODED_LEN (crypto_auth_hmacsha256_BYTES, S_B64)];
    sodium_bin2base64 (mac64, sizeof mac64, mac, sizeof mac, S_B64);
    char *token = sk_asprintf ("%s.%s", signed_part, mac64);
    free (signed_part);
    return token;
}

char *
token_verify (const uint8_t key[TOKEN_KEY_BYTES], const char *purpose, const char *token,
              int64_t now, char *why, size_t why_size)
{
    if (sodium_init () < 0)
        abort ();
    size_t n = token ? strnlen (token, TOKEN_MAX + 1) : 0;
    const char *mac_dot = n && n <= TOKEN_MAX ? strrchr (token, '.') : NULL;
    const char *exp_dot = mac_dot ? memchr (token, '.', (size_t)(mac_dot - token)) : NULL;
    uint8_t mac[crypto_auth_hmacsha256_BYTES];
    size_t mac_len = 0;
    if (!exp_dot
        || sodium_base642bin (mac, sizeof mac, mac_dot + 1, strlen (mac_dot + 1), NULL, &mac_len,
                              NULL, S_B64)
               != 0
        || mac_len != sizeof mac) {
        s_why (why, why_size, "malformed token");
        return NULL;
    }
    uint8_t want[crypto_auth_hmacsha256_BYTES];
    s_mac (key, purpose, token, (size_t)(mac_dot - token), want);
    if (sodium_memcmp (mac, want, sizeof mac) != 0) {
        s_why (why, why_size, "bad signature");
        return NULL;
    }
    //  Signed by us: the parts are as token_sign wrote them
    char *end = NULL;
    long long expires = strtoll (exp_dot + 1, &end, 10);
    if (end != mac_dot) {
        s_why (why, why_size, "malformed token");
        return NULL;
    }
    if (now > expires) {
        s_why (why, why_size, "expired token");
        return NULL;
    }
    size_t b64_len = (size_t)(exp_dot - token);
    char *payload = sk_malloc (b64_len + 1);
    size_t len = 0;
    if (sodium_base642bin ((uint8_t *)payload, b64_len, token, b64_len, NULL, &len, NULL, S_B64)
        != 0) {
        free (payload);
        s_why (why, why_size, "malformed token");
        return NULL;
    }
    payload[len] = 0;
    if (strlen (payload) != len) { //  a NUL inside: never one of ours
        free (payload);
        s_why (why, why_size, "malformed token");
        return NULL;
    }
    return payload;
}
