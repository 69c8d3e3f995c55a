/*  token_test: lib/token's selftest and usage example: a token round trip,
    then each way a token must be refused (tampered payload, expiry or MAC,
    expired, another key, another purpose, truncated, junk) and key files
    good and bad.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sk_check.h"
#include "sk_mem.h"
#include "token/token.h"

static const uint8_t s_key[TOKEN_KEY_BYTES] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
static const uint8_t s_other[TOKEN_KEY_BYTES] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12 };
#define S_NOW 1796000000LL

//  token_verify's answer for t: the payload, or "refused: WHY"; freed by
//  the next call.
static const char *
s_verify (const uint8_t *key, const char *purpose, const char *t, long long now)
{
    static char *last = NULL;
    free (last);
    char why[64] = "";
    last = token_verify (key, purpose, t, now, why, sizeof why);
    if (!last)
        last = sk_asprintf ("refused: %s", why);
    return last;
}

static void
s_test_round_trip (void)
{
    SK_CASE_BEGIN ();
    char *t = token_sign (s_key, "csrf", "0730/budget/4 æøå", S_NOW + 60);
    CHECK_STR_EQ (s_verify (s_key, "csrf", t, S_NOW), "0730/budget/4 æøå");
    CHECK_STR_EQ (s_verify (s_key, "csrf", t, S_NOW + 60), "0730/budget/4 æøå");
    //  URL- and cookie-safe: base64url, no padding, no other punctuation
    CHECK_INT_EQ (strspn (t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
                  strlen (t));
    free (t);
    t = token_sign (s_key, "session", "", S_NOW + 1);
    CHECK_STR_EQ (s_verify (s_key, "session", t, S_NOW), "");
    free (t);
    SK_CASE_END ("token: signed and verified, URL-safe");
}

static void
s_test_refused (void)
{
    SK_CASE_BEGIN ();
    char *t = token_sign (s_key, "csrf", "party 12", S_NOW + 60);
    CHECK_STR_EQ (s_verify (s_key, "csrf", t, S_NOW + 61), "refused: expired token");
    CHECK_STR_EQ (s_verify (s_other, "csrf", t, S_NOW), "refused: bad signature");
    CHECK_STR_EQ (s_verify (s_key, "session", t, S_NOW), "refused: bad signature");
    //  Another payload (party 13) under the first token's MAC
    char *forged = sk_strdup (t);
    char *other = token_sign (s_key, "csrf", "party 13", S_NOW + 60);
    memcpy (forged, other, strrchr (other, '.') - other);
    CHECK_STR_EQ (s_verify (s_key, "csrf", forged, S_NOW), "refused: bad signature");
    free (forged), free (other);
    //  A later expiry under the first MAC
    char *dot = strchr (t, '.');
    char *later = sk_asprintf ("%.*s.%lld%s", (int)(dot - t), t, S_NOW + 100000, strrchr (t, '.'));
    CHECK_STR_EQ (s_verify (s_key, "csrf", later, S_NOW + 61), "refused: bad signature");
    free (later);
    //  Each byte changed in turn is refused
    int accepted = 0;
    for (size_t i = 0; i < strlen (t); i++) {
        char *bent = sk_strdup (t);
        bent[i] = bent[i] == 'A' ? 'B' : 'A';
        char why[64];
        char *p = token_verify (s_key, "csrf", bent, S_NOW, why, sizeof why);
        accepted += p != NULL;
        free (p), free (bent);
    }
    CHECK_INT_EQ (accepted, 0);
    //  Truncated anywhere, and junk
    for (size_t n = 0; n < strlen (t); n++) {
        char *cut = sk_strndup (t, n);
        CHECK_STRN_EQ (s_verify (s_key, "csrf", cut, S_NOW), "refused: ", 9);
        free (cut);
    }
    CHECK_STR_EQ (s_verify (s_key, "csrf", NULL, S_NOW), "refused: malformed token");
    CHECK_STR_EQ (s_verify (s_key, "csrf", "a.b.c", S_NOW), "refused: malformed token");
    CHECK_STR_EQ (s_verify (s_key, "csrf", "...", S_NOW), "refused: malformed token");
    char *huge = sk_malloc (TOKEN_MAX + 2);
    memset (huge, 'A', TOKEN_MAX + 1);
    huge[TOKEN_MAX + 1] = 0;
    CHECK_STR_EQ (s_verify (s_key, "csrf", huge, S_NOW), "refused: malformed token");
    free (huge);
    free (t);
    s_verify (s_key, "csrf", NULL, 0); //  and frees the last answer's text
    SK_CASE_END ("token: tampered, expired, another key or purpose, truncated: refused");
}

int
main (int argc, char **argv)
{
    (void)argc, (void)argv;
    s_test_round_trip ();
    s_test_refused ();
    return sk_check_cases_failed ? 1 : 0;
}
