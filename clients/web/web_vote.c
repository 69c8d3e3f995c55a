/*  web_vote.c: voting on the web. GET /K/budget/ID/vote shows the code
    form; posting the code shows the ballot (approval or knapsack: a box
    per project, by pool); posting the ballot casts it (vote.ballot.cast)
    and shows the receipt.

    The code travels only in POST bodies: in the ballot form it is a
    hidden field, never in a URL, a redirect or a log line. Every POST
    carries a CSRF token (lib/token, purpose "csrf") whose payload is the
    budget and the value of the sk_csrf cookie (HttpOnly, SameSite=Strict):
    another site can neither read the token nor send the cookie. Every
    POST counts against the client address's web/code_attempts a minute
    (web_limit.c): guessing codes is slow. The
    ballot form carries a random nonce; posting it twice (a lost reply, a
    second click) casts once and shows the same receipt, as the vote
    service answers a repeat of code and nonce.
*/
#include <czmq.h>
#include <sodium.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "web.h"

#define S_MAX_CHOSEN 1000 //  projects one ballot may name

//  The CSRF token for this budget's forms (web_csrf.c); sets the cookie if
//  it is new.
static char *
s_csrf_token (const web_request_t *req, const char *k, int64_t process, web_reply_t *reply)
{
    char scope[32];
    snprintf (scope, sizeof scope, "%s/%lld", k, (long long)process);
    return web_csrf_token (req, scope, reply);
}

//  True if the form's csrf field is a token for this budget and cookie.
static bool
s_csrf_ok (const web_request_t *req, const char *k, int64_t process)
{
    char scope[32];
    snprintf (scope, sizeof scope, "%s/%lld", k, (long long)process);
    return web_csrf_ok (req, scope);
}

//  The page's common values: the budget, its name, the form's action.
static html_data_t *
s_vote_data (const web_request_t *req, const char *k, int64_t process, const msgpack_object *p,
             web_reply_t *reply)
{
    html_data_t *data = web_page_data (req);
    char name[256];
    html_data_set (data, "name", web_str (p, "name", name, sizeof name));
    html_data_set (data, "page_title", name);
    html_data_set (data, "municipality", web_municipality_name (req->web, k));
    html_data_setf (data, "budget_href", "/%s/budget/%lld", k, (long long)process);
    html_data_setf (data, "action", "/%s/budget/%lld/vote", k, (long long)process);
    char *token = s_csrf_token (req, k, process, reply);
    html_data_set (data, "csrf", token);
    free (token);
    return data;
}

//  The ballot: the pools, each with a box per project, those posted ticked.
static void
s_ballot (const web_request_t *req, const msgpack_object *p, html_data_t *data)
{
    const char *chosen[S_MAX_CHOSEN];
    size_t nchosen = web_form_all (req->form, "project", chosen, S_MAX_CHOSEN);
    html_data_flag (data, "ballot_form", true);
    web_page_pools (req, p, data, chosen, nchosen);
}

//  The message for a refused cast, and whether it concerns the code (then
//  the code form is shown again) or the ballot.
static const char *
s_refusal (const sk_error_t *err, bool *about_code)
{
    *about_code = streq (err->field, "code") || streq (err->field, "process");
    if (streq (err->field, "process"))
        return "vote_not_open";
    if (streq (err->field, "code") && streq (err->code, "invalid_argument"))
        return "code_mistyped";
    if (streq (err->field, "code") && streq (err->code, "not_found"))
        return "code_unknown";
    if (streq (err->field, "code") && strstr (err->message, "revoked"))
        return "code_revoked";
    if (streq (err->field, "code"))
        return "code_used";
    return "ballot_refused";
}

//  Cast the posted ballot; 0 with the receipt page in reply, else -1 with
//  err. The code and nonce come from the form as they were posted.
static int
s_cast (const web_request_t *req, const char *k, int64_t process, sk_error_t *err, char *receipt,
        size_t size)
{
    const char *chosen[S_MAX_CHOSEN];
    size_t n = web_form_all (req->form, "project", chosen, S_MAX_CHOSEN);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 4);
    sk_pack_kint (&body, "process", process);
    sk_pack_kstr (&body, "code", web_form_get (req->form, "code"));
    sk_pack_kstr (&body, "nonce", web_form_get (req->form, "nonce"));
    sk_pack_str (&body, "projects");
    sk_pack_array (&body, (uint32_t)n);
    for (size_t i = 0; i < n; i++)
        sk_pack_int (&body, strtoll (chosen[i], NULL, 10));
    sk_frame_t frame;
    int rc = web_call (req->web, "vote.ballot.cast", k, &body, &frame, err);
    sodium_memzero (body.buf.data, body.buf.size); //  it held the code
    sk_pack_release (&body);
    if (rc == 0)
        web_str (web_body (&frame), "receipt", receipt, size);
    sk_frame_release (&frame);
    return rc;
}

//  A fresh nonce for a ballot form: 32 random hex digits.
static void
s_nonce (html_data_t *data)
{
    uint8_t bytes[16];
    char hex[33];
    randombytes_buf (bytes, sizeof bytes);
    sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);
    html_data_set (data, "nonce", hex);
}

//  The POST of a code or a ballot, on a budget in its voting phase.
static void
s_post (const web_request_t *req, const char *k, int64_t process, const msgpack_object *p,
        html_data_t *data, web_reply_t *reply)
{
    const char *code = web_form_get (req->form, "code");
    const char *nonce = web_form_get (req->form, "nonce");
    bool ballot = nonce != NULL;
    if (!code || !*code) {
        html_data_flag (data, "code_form", true);
        html_data_set (data, "error", web_text (req->lang, "code_missing"));
        web_page_render (req, "vote", &data, 200, reply);
        return;
    }
    if (!ballot) { //  the code: show the ballot (the service checks the code at the cast)
        html_data_set (data, "code", code);
        s_nonce (data);
        s_ballot (req, p, data);
        web_page_render (req, "vote", &data, 200, reply);
        return;
    }
    sk_error_t err = { 0 };
    char receipt[64] = "";
    if (s_cast (req, k, process, &err, receipt, sizeof receipt) == 0) {
        html_data_set (data, "receipt", receipt);
        web_page_render (req, "receipt", &data, 200, reply);
        return;
    }
    if (streq (err.code, "unavailable") || streq (err.code, "internal")) {
        html_data_destroy (&data);
        web_page_error (req, streq (err.code, "unavailable") ? 503 : 500, reply);
        return;
    }
    bool about_code;
    const char *key = s_refusal (&err, &about_code);
    html_data_set (data, "error", web_text (req->lang, key));
    if (about_code)
        html_data_flag (data, "code_form", true);
    else {
        html_data_set (data, "code", code);
        html_data_set (data, "nonce", nonce);
        s_ballot (req, p, data);
    }
    web_page_render (req, "vote", &data, 422, reply);
}

void
web_page_vote (const web_request_t *req, const char *k, int64_t process, web_reply_t *reply)
{
    sk_frame_t frame;
    if (web_page_process (req, k, process, &frame, reply)) {
        sk_frame_release (&frame);
        return;
    }
    const msgpack_object *p = web_body (&frame);
    char phase[32], ballot[32];
    web_str (p, "phase", phase, sizeof phase);
    web_str (p, "ballot", ballot, sizeof ballot);
    html_data_t *data = s_vote_data (req, k, process, p, reply);
    int64_t max_choices = web_int (p, "max_choices", 0);
    if (max_choices > 0)
        html_data_setf (data, "max_choices", "%lld", (long long)max_choices);
    html_data_set (
        data, "ballot_text",
        web_text (req->lang, streq (ballot, "knapsack") ? "ballot_knapsack" : "ballot_approval"));
    if (req->post && !web_limit_take (req->client, req->web->code_attempts)) {
        html_data_destroy (&data);
        web_page_error (req, 429, reply);
    } else if (req->post && !s_csrf_ok (req, k, process)) {
        html_data_destroy (&data);
        web_page_error (req, 403, reply);
    } else if (!streq (phase, "voting")) {
        html_data_set (data, "notice", web_text (req->lang, "vote_not_open"));
        web_page_render (req, "vote", &data, 200, reply);
    } else if (!streq (ballot, "approval") && !streq (ballot, "knapsack")) {
        html_data_set (data, "notice", web_text (req->lang, "vote_ballot_unsupported"));
        web_page_render (req, "vote", &data, 200, reply);
    } else if (req->post)
        s_post (req, k, process, p, data, reply);
    else {
        html_data_flag (data, "code_form", true);
        web_page_render (req, "vote", &data, 200, reply);
    }
    sk_frame_release (&frame);
}
