/*  web_csrf.c: CSRF tokens for every form (doc/DECISIONS.md, "samskab-web").

    A POST needs two things another site cannot have: the sk_csrf cookie
    (random, HttpOnly, SameSite=Strict: the browser sends it only from our
    own pages) and a token in the form (purpose "csrf", two hours; a
    party's forms as long as its session, 8 hours, so minutes typed slowly
    are not lost) whose payload is the form's scope and that cookie's
    value. They must agree,
    so a token from one budget, or from another person's page, is refused.
    web_csrf_refused also turns away a POST over the form's per-address
    rate limit, which the form decides (web_limit.c).
*/
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
web_csrf_token (const web_request_t *req, const char *scope, web_reply_t *reply)
{
    return web_csrf_token_ttl (req, scope, S_CSRF_TTL, reply);
}

char *
web_csrf_token_ttl (const web_request_t *req, const char *scope, int64_t ttl, web_reply_t *reply)
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
    char *payload = sk_asprintf ("%s/%s", scope, cookie);
    char *token = token_sign (req->web->token_key, "csrf", payload, (int64_t)time (NULL) + ttl);
    free (payload);
    return token;
}

//  True if the posted token is one for scope and the cookie at time now.
static bool
s_ok_at (const web_request_t *req, const char *scope, int64_t now)
{
    const char *cookie = s_cookie (req);
    const char *token = web_form_get (req->form, "csrf");
    if (!cookie || !token)
        return false;
    char why[64];
    char *payload = token_verify (req->web->token_key, "csrf", token, now, why, sizeof why);
    char *want = sk_asprintf ("%s/%s", scope, cookie);
    bool ok = payload && streq (payload, want);
    free (payload);
    free (want);
    return ok;
}

bool
web_csrf_ok (const web_request_t *req, const char *scope)
{
    return s_ok_at (req, scope, time (NULL));
}

bool
web_csrf_expired (const web_request_t *req, const char *scope)
{
    return !s_ok_at (req, scope, time (NULL)) && s_ok_at (req, scope, 0);
}

int
web_csrf_refused (const web_request_t *req, const char *scope, bool limited)
{
    if (req->post && limited)
        return 429;
    return req->post && !web_csrf_ok (req, scope) ? 403 : 0;
}

void
web_csrf_budget (char scope[WEB_SCOPE_MAX], const char *k, int64_t process)
{
    snprintf (scope, WEB_SCOPE_MAX, "%s/%lld", k, (long long)process);
}
