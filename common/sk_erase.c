/*  sk_erase.c: keyed digests of a person's values (sk_erase.h). */
#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "sk_check.h"
#include "sk_erase.h"
#include "sk_mem.h"

//  Written once at start-up, before the service's threads; read-only after
static uint8_t s_key[SK_CONFIG_KEY_BYTES];
static bool s_key_set;

int
sk_erase_key_load (sk_config_t *config, const char *service)
{
    char setting[64];
    snprintf (setting, sizeof setting, "%s/erase_key_file", service);
    if (sodium_init () < 0
        || sk_config_key (config, setting,
                          "registry and vote read the same file; "
                          "deploy/local/stack.sh writes one to keys/erase.key",
                          s_key))
        return -1;
    s_key_set = true;
    return 0;
}

//  The lower-case form of a Latin-1 or Latin Extended-A letter cp, or cp
static unsigned
s_lower (unsigned cp)
{
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
        return cp + 0x20;
    if (cp == 0x178)
        return 0xFF;
    bool even_upper = (cp >= 0x100 && cp <= 0x137 && cp != 0x130) || (cp >= 0x14A && cp <= 0x177);
    bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
    if ((even_upper && cp % 2 == 0) || (odd_upper && cp % 2 == 1))
        return cp + 1;
    return cp;
}

//  value without white space, lower-cased, into out (at most as long)
static size_t
s_normalise (const char *value, char *out)
{
    const uint8_t *s = (const uint8_t *)value;
    size_t n = 0;
    while (*s) {
        if (*s == ' ' || (*s >= '\t' && *s <= '\r')) {
            s++;
            continue;
        }
        if (*s >= 'A' && *s <= 'Z') {
            out[n++] = (char)(*s++ + 32);
            continue;
        }
        //  Two-byte UTF-8 sequences hold U+0080-U+07FF
        if (*s >= 0xC2 && *s <= 0xDF && (s[1] & 0xC0) == 0x80) {
            unsigned cp = ((unsigned)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
            s += 2;
            if (cp == 0xA0)
                continue;
            cp = s_lower (cp);
            out[n++] = (char)(0xC0 | (cp >> 6));
            out[n++] = (char)(0x80 | (cp & 0x3F));
            continue;
        }
        out[n++] = (char)*s++;
    }
    return n;
}

void
sk_erase_digest_keyed (const uint8_t key[SK_CONFIG_KEY_BYTES], const char *value,
                       char hex[SK_ERASE_DIGEST_HEX])
{
    char *text = sk_malloc (strlen (value) + 1);
    size_t len = s_normalise (value, text);
    uint8_t mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init (&state, key, SK_CONFIG_KEY_BYTES);
    crypto_auth_hmacsha256_update (&state, (const uint8_t *)text, len);
    crypto_auth_hmacsha256_final (&state, mac);
    sodium_memzero (text, len);
    free (text);
    sodium_bin2hex (hex, SK_ERASE_DIGEST_HEX, mac, sizeof mac);
}

void
sk_erase_digest (const char *value, char hex[SK_ERASE_DIGEST_HEX])
{
    assert (s_key_set);
    sk_erase_digest_keyed (s_key, value, hex);
}

//  The digest of value under a key of the first n bytes of bytes, the
//  rest zero (HMAC pads a short key with zeros, so RFC 4231's 20- and
//  25-byte keys give their vectors' answers as 32-byte keys)
static const char *
s_digest (const char *bytes, size_t n, const char *value, char *hex)
{
    uint8_t key[SK_CONFIG_KEY_BYTES] = { 0 };
    memcpy (key, bytes, n);
    sk_erase_digest_keyed (key, value, hex);
    return hex;
}

void
sk_erase_test (bool verbose)
{
    (void)verbose;
    SK_CASE_BEGIN ();
    assert (sodium_init () >= 0);
    char hex[SK_ERASE_DIGEST_HEX], other[SK_ERASE_DIGEST_HEX], data[51], key[32];
    //  RFC 4231 test case 3: key 20 x 0xaa, data 50 x 0xdd (kept as they are)
    memset (key, 0xaa, 20);
    memset (data, 0xdd, 50);
    data[50] = 0;
    CHECK_STR_EQ (s_digest (key, 20, data, hex),
                  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    //  Test case 4: key 0x01..0x19, data 50 x 0xcd
    for (int i = 0; i < 25; i++)
        key[i] = (char)(i + 1);
    memset (data, 0xcd, 50);
    CHECK_STR_EQ (s_digest (key, 25, data, hex),
                  "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    //  Case and white space do not matter: the MAC is of the normalised text
    for (int i = 25; i < 32; i++)
        key[i] = 0x7f;
    uint8_t mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init (&state, (const uint8_t *)key, sizeof key);
    crypto_auth_hmacsha256_update (&state, (const uint8_t *)"whatdoyawantfornothing?", 23);
    crypto_auth_hmacsha256_final (&state, mac);
    sodium_bin2hex (other, sizeof other, mac, sizeof mac);
    CHECK_STR_EQ (s_digest (key, 32, "What do ya want for nothing?", hex), other);
    CHECK_STR_EQ (s_digest (key, 32, "+45 12 34 56 78", hex),
                  s_digest (key, 32, "+4512345678", other));
    CHECK_STR_EQ (s_digest (key, 32, "Ole.Hansen@Example.DK", hex),
                  s_digest (key, 32, "ole.hansen@example.dk", other));
    CHECK_STR_EQ (s_digest (key, 32, "ÆBLE ØSTER ÅS Ÿ Ł Č", hex),
                  s_digest (key, 32, "æble\u00a0øster\tås ÿ ł č", other));
    CHECK_STR_NE (s_digest (key, 32, "+4512345679", hex), s_digest (key, 32, "+4512345678", other));
    CHECK_STR_NE (s_digest (key, 31, "+4512345678", hex), other);
    //  Not the plain SHA-256 of the value
    uint8_t plain[crypto_hash_sha256_BYTES];
    crypto_hash_sha256 (plain, (const uint8_t *)"+4512345678", 11);
    sodium_bin2hex (hex, sizeof hex, plain, sizeof plain);
    CHECK_STR_NE (hex, other);
    SK_CASE_END ("sk_erase: keyed digests (RFC 4231 HMAC-SHA256), normalised values");
}
