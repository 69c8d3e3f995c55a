/*  web_vote.c: voting on the web. GET /K/budget/ID/vote shows the code
    form; posting the code checks it (vote.code.check: a mistyped, unknown,
    used or revoked code is refused on the code form) and shows the ballot
    (web_ballot.c: approval, knapsack, cumulative or ranked, by pool);
    posting the ballot casts it (vote.ballot.cast) and shows the receipt.

    The code travels only in POST bodies: in the ballot form it is a
    hidden field, never in a URL, a redirect or a log line. Every POST
    carries the budget's CSRF token. A refused code (mistyped, unknown,
    used or revoked: what guessing produces) counts against the client
    address's web/code_attempts a minute, and past it every code POST from
    the address waits for the next minute: guessing codes is slow, while a
    citizens' meeting on one Wi-Fi address votes with right codes freely. The ballot form carries a random nonce; posting it twice (a lost
    reply, a second click) casts once and shows the same receipt, as the
    vote service answers a repeat of code and nonce.
*/
#include <czmq.h>
#include <sodium.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "web.h"

//  The rate-limit bucket of the client's refused codes, into who.
static void
s_code_bucket (const web_request_t *req, char *who, size_t size)
{
    snprintf (who, size, "code %s", req->client);
}

//  Count a refused code against the client's address.
static void
s_code_refused (const web_request_t *req)
{
    char who[96];
    s_code_bucket (req, who, sizeof who);
    web_limit_take (who, req->web->code_attempts);
}

//  The page's common values: the budget, its name, the form's action.
static html_data_t *
s_vote_data (const web_request_t *req, const char *k, int64_t process, const msgpack_object *p,
             web_reply_t *reply)
{
    html_data_t *data = web_page_budget_data (req, k, process, p, "vote");
    char scope[WEB_SCOPE_MAX];
    web_csrf_budget (scope, k, process);
    char *token = web_csrf_token (req, scope, reply);
    html_data_set (data, "csrf", token);
    free (token);
    return data;
}

//  Why the ballot is not open, by phase: not yet, over (with a link to
//  the results once published) or cancelled.
static void
s_not_open (const web_request_t *req, const char *k, int64_t process, const char *phase,
            html_data_t *data)
{
    bool published = streq (phase, "published") || streq (phase, "implementation");
    const char *key = streq (phase, "archived")              ? "vote_archived"
                      : published || streq (phase, "closed") ? "vote_over"
                                                             : "vote_not_open";
    html_data_set (data, "notice", web_text (req->lang, key));
    if (published)
        html_data_setf (data, "results_href", "/%s/budget/%lld/results", k, (long long)process);
}

//  The message for a refused cast, and whether it concerns the code or the
//  form's nonce (then the code form is shown again, to start afresh) or
//  the ballot.
static const char *
s_refusal (const sk_error_t *err, bool *about_code)
{
    *about_code = streq (err->field, "code") || streq (err->field, "process");
    if (streq (err->field, "process"))
        return "vote_not_open";
    if (streq (err->field, "nonce")) { //  a form altered, or kept from a ballot cast
        *about_code = true;
        return "ballot_stale";
    }
    if (streq (err->field, "code") && streq (err->code, "invalid_argument"))
        return "code_mistyped";
    if (streq (err->field, "code") && streq (err->code, "not_found"))
        return "code_unknown";
    if (streq (err->field, "code") && strstr (err->message, "revoked"))
        return "code_revoked";
    if (streq (err->field, "code"))
        return "code_used";
    return web_ballot_refusal (err);
}

//  Cast the ballot; 0 with the receipt, else -1 with err. The code and
//  nonce come from the form as they were posted.
static int
s_cast (const web_request_t *req, const char *k, int64_t process, const web_ballot_t *ballot,
        sk_error_t *err, char *receipt, size_t size)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, ballot->has_points ? 5 : 4);
    sk_pack_kint (&body, "process", process);
    sk_pack_kstr (&body, "code", web_form_get (req->form, "code"));
    sk_pack_kstr (&body, "nonce", web_form_get (req->form, "nonce"));
    sk_pack_str (&body, "projects");
    sk_pack_array (&body, (uint32_t)ballot->n);
    for (size_t i = 0; i < ballot->n; i++)
        sk_pack_int (&body, ballot->projects[i]);
    if (ballot->has_points) {
        sk_pack_str (&body, "points");
        sk_pack_array (&body, (uint32_t)ballot->n);
        for (size_t i = 0; i < ballot->n; i++)
            sk_pack_int (&body, ballot->points[i]);
    }
    sk_frame_t frame;
    int rc = web_call (req->web, "vote.ballot.cast", k, &body, &frame, err);
    sodium_memzero (body.buf.data, body.buf.size); //  it held the code
    sk_pack_release (&body);
    if (rc == 0)
        web_str (web_body (&frame), "receipt", receipt, size);
    sk_frame_release (&frame);
    return rc;
}

//  Ask the vote service whether the posted code may still vote, before
//  the ballot is shown (vote.code.check consumes nothing): NULL if it may,
//  else the key of the message for the code form; err set (code
//  "unavailable" or "internal") if the service could not say.
static const char *
s_code_check (const web_request_t *req, const char *k, int64_t process, sk_error_t *err)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kint (&body, "process", process);
    sk_pack_kstr (&body, "code", web_form_get (req->form, "code"));
    sk_frame_t frame;
    int rc = web_call (req->web, "vote.code.check", k, &body, &frame, err);
    sodium_memzero (body.buf.data, body.buf.size); //  it held the code
    sk_pack_release (&body);
    char state[16] = "";
    if (rc == 0)
        web_str (web_body (&frame), "state", state, sizeof state);
    sk_frame_release (&frame);
    bool about_code;
    if (rc)
        return streq (err->code, "unavailable") || streq (err->code, "internal")
                   ? NULL
                   : s_refusal (err, &about_code);
    return streq (state, "valid")     ? NULL
           : streq (state, "used")    ? "code_used"
           : streq (state, "revoked") ? "code_revoked"
                                      : "code_unknown";
}

//  The error page for a service that could not answer.
static void
s_unavailable (const web_request_t *req, const sk_error_t *err, html_data_t **data_p,
               web_reply_t *reply)
{
    html_data_destroy (data_p);
    web_page_error (req, streq (err->code, "unavailable") ? 503 : 500, reply);
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
    if (!ballot) { //  the code: checked, then the ballot
        sk_error_t err = { 0 };
        const char *refused = s_code_check (req, k, process, &err);
        if (!refused && *err.code) {
            s_unavailable (req, &err, &data, reply);
            return;
        }
        if (refused) { //  the code typed stays in its field, to be corrected
            if (!streq (refused, "vote_not_open"))
                s_code_refused (req);
            html_data_flag (data, "code_form", true);
            html_data_set (data, "error", web_text (req->lang, refused));
            html_data_set (data, "typed", code);
            web_page_render (req, "vote", &data, 422, reply);
            return;
        }
        html_data_set (data, "code", code);
        s_nonce (data);
        web_ballot_data (req, k, process, p, 0, NULL, data);
        web_page_render (req, "vote", &data, 200, reply);
        return;
    }
    sk_error_t err = { 0 };
    char receipt[64] = "";
    const char *problem = NULL;
    web_ballot_t *cast = sk_malloc (sizeof *cast);
    int rc = web_ballot_read (req, p, cast, &problem);
    if (rc == 0)
        rc = s_cast (req, k, process, cast, &err, receipt, sizeof receipt);
    if (rc == 0)
        web_receipt_cast (req, k, process, p, receipt, cast, data);
    free (cast);
    if (rc == 0) {
        web_page_render (req, "receipt", &data, 200, reply);
        return;
    }
    if (streq (err.code, "unavailable") || streq (err.code, "internal")) {
        s_unavailable (req, &err, &data, reply);
        return;
    }
    bool about_code = false;
    const char *key = problem ? problem : s_refusal (&err, &about_code);
    int64_t pool = 0;
    char *over = problem ? NULL : web_ballot_over_budget (req->lang, &err, p, &pool);
    if (!over && !problem)
        over = web_ballot_over_points (req->lang, &err);
    html_data_set (data, "error", over ? over : web_text (req->lang, key));
    if (about_code) {
        if (streq (err.field, "code"))
            s_code_refused (req);
        html_data_flag (data, "code_form", true);
        html_data_set (data, "typed", code);
    } else {
        html_data_set (data, "code", code);
        html_data_set (data, "nonce", nonce);
        web_ballot_data (req, k, process, p, over ? pool : 0, over, data);
    }
    free (over);
    web_page_render (req, "vote", &data, 422, reply);
}

void
web_page_vote (const web_request_t *req, const char *k, int64_t process, web_reply_t *reply)
{
    sk_frame_t frame;
    int rc = req->post ? web_page_process_kept (req, k, process, &frame, reply)
                       : web_page_process (req, k, process, &frame, reply);
    if (rc) {
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
    char *key = sk_asprintf ("ballot_%s", ballot);
    const char *ballot_text = web_text (req->lang, key);
    free (key);
    html_data_set (data, "ballot_text", ballot_text);
    char scope[WEB_SCOPE_MAX], who[96];
    web_csrf_budget (scope, k, process);
    s_code_bucket (req, who, sizeof who);
    int refused =
        web_csrf_refused (req, scope, req->post && web_limit_full (who, req->web->code_attempts));
    if (refused) {
        html_data_destroy (&data);
        web_page_error (req, refused, reply);
    } else if (!streq (phase, "voting")) {
        s_not_open (req, k, process, phase, data);
        web_page_render (req, "vote", &data, 200, reply);
    } else if (!ballot_text) {
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
