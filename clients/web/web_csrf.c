/*  web_csrf.c: the CSRF token of a budget's forms (vote, idea), and the
    per-address rate limit every POST to them counts against. A token
    (lib/token, purpose "csrf") whose payload is the budget and the value
    of the sk_csrf cookie (HttpOnly, SameSite=Strict): another site can
    neither read the token nor send the cookie, and a token of one budget
    is refused on another. */
#include <czmq.h>
#include <sodium.h>

#include "sk_mem.h"
#include "web.h"

#define S_CSRF_TTL (2 * 3600) //  seconds a form may stay open

//  A valid sk_csrf cookie (32 hex digits), or NULL.
static const char *
s_cookie (const web_request_t *req)
{
    const char *c = req->csrf_cookie;
    return c && strlen (c) == 32 && strspn (c, "0123456789abcdef") == 32 ? c : NULL;
}

char *
web_csrf_token (const web_request_t *req, const char *k, int64_t process, web_reply_t *reply)
{
    char fresh[33];
    const char *cookie = s_cookie (req);
    if (!cookie) {
        uint8_t bytes[16];
        randombytes_buf (bytes, sizeof bytes);
        sodium_bin2hex (fresh, sizeof fresh, bytes, sizeof bytes);
        cookie = fresh;
        free (reply->set_cookie);
        reply->set_cookie = sk_asprintf ("sk_csrf=%s; Path=/; HttpOnly; SameSite=Strict%s", fresh,
                                         req->web->secure_cookies ? "; Secure" : "");
    }
    char *payload = sk_asprintf ("%s/%lld/%s", k, (long long)process, cookie);
    char *token = token_sign (req->web->token_key, "csrf", payload, time (NULL) + S_CSRF_TTL);
    free (payload);
    return token;
}

bool
web_csrf_ok (const web_request_t *req, const char *k, int64_t process)
{
    const char *cookie = s_cookie (req);
    const char *token = web_form_get (req->form, "csrf");
    if (!cookie || !token)
        return false;
    char why[64];
    char *payload = token_verify (req->web->token_key, "csrf", token, time (NULL), why, sizeof why);
    char *want = sk_asprintf ("%s/%lld/%s", k, (long long)process, cookie);
    bool ok = payload && streq (payload, want);
    free (payload);
    free (want);
    return ok;
}

int
web_csrf_refused (const web_request_t *req, const char *k, int64_t process)
{
    if (req->post && !web_limit_take (req->client, req->web->code_attempts))
        return 429;
    return req->post && !web_csrf_ok (req, k, process) ? 403 : 0;
}
