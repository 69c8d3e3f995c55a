/*  web_receipt.c: GET /K/budget/ID/receipt?r=RECEIPT: after the close a
    voter types the receipt the vote page gave and sees that ballot as it
    was counted (vote.receipt.check), its projects by title: a ranked
    ballot numbered in the voter's order, the others (sets, no order) as
    a plain list per pool, with their points on a cumulative ballot; or
    a clear message that no ballot has it.
    While voting the page says whether a ballot with that receipt has
    been received (the receipt, large and printable) and that the ballot
    is shown there once voting has closed: the receipt page's language
    link leads here, so switching language keeps the receipt. A budget
    not yet voting, or archived, has no ballots: the page says so. The receipt is in the query string, which no log line holds;
    nothing on the page names the voter.

    Also the receipt after a cast (web_receipt_cast): the voter's choices,
    in that POST's answer only.
*/
#include <czmq.h>

#include "sk_mem.h"
#include "web.h"

static const char *s_closed[] = { "closed", "published", "implementation", NULL };
static const char *s_voting[] = { "voting", NULL };
static const char *s_archived[] = { "archived", NULL };

//  The project of process p with id, or NULL.
static const msgpack_object *
s_project (const msgpack_object *p, int64_t id)
{
    const msgpack_object *projects = sk_obj_get (p, "projects");
    uint32_t n = projects && projects->type == MSGPACK_OBJECT_ARRAY ? projects->via.array.size : 0;
    for (uint32_t i = 0; i < n; i++)
        if (web_int (&projects->via.array.ptr[i], "id", 0) == id)
            return &projects->via.array.ptr[i];
    return NULL;
}

//  Choice i of the ballot (project, with points if any) as an item of
//  list under data: {place, title, cost, points}.
static void
s_choice (const web_request_t *req, const msgpack_object *project, size_t i, const int64_t *points,
          html_data_t *data, const char *list)
{
    char text[512];
    html_data_t *row = html_data_add (data, list);
    html_data_setf (row, "place", "%zu", i + 1);
    html_data_set (row, "title", project ? web_str (project, "title", text, sizeof text) : "");
    char *kr = web_text_kr (req->lang, project ? web_int (project, "cost", 0) : 0);
    html_data_set (row, "cost", kr);
    free (kr);
    if (points)
        html_data_setf (row, "points", "%lld", (long long)points[i]);
}

//  The ballot (its n projects in its order, and their points if any)
//  into data: the list choice_pools, per pool of p {name, choices:
//  {title, cost, points}, none (nothing chosen there)}, and the flag
//  ranked: a ranked ballot's choices in a pool are in the voter's order
//  there (each pool is ranked on its own), the others' are no order.
static void
s_choices (const web_request_t *req, const msgpack_object *p, const int64_t *ids,
           const int64_t *points, size_t n, html_data_t *data)
{
    char ballot_type[32], pool[256], in[256];
    bool ranked = streq (web_str (p, "ballot", ballot_type, sizeof ballot_type), "ranked");
    html_data_flag (data, "ranked", ranked);
    html_data_list (data, "choice_pools");
    const msgpack_object *pools = sk_obj_get (p, "pools");
    uint32_t npools = pools && pools->type == MSGPACK_OBJECT_ARRAY ? pools->via.array.size : 0;
    html_data_flag (data, "several_pools", npools > 1);
    for (uint32_t k = 0; k < npools; k++) {
        html_data_t *item = html_data_add (data, "choice_pools");
        html_data_set (item, "name", web_str (&pools->via.array.ptr[k], "name", pool, sizeof pool));
        html_data_list (item, "choices");
        bool none = true;
        for (size_t i = 0; i < n; i++) {
            const msgpack_object *project = s_project (p, ids[i]);
            if (project && streq (web_str (project, "pool", in, sizeof in), pool)) {
                s_choice (req, project, i, points, item, "choices");
                none = false;
            }
        }
        html_data_flag (item, "none", none);
    }
}

//  The counted ballot as the list choices of data (s_choices), and the
//  flag paper.
static void
s_ballot (const web_request_t *req, const msgpack_object *p, const msgpack_object *ballot,
          html_data_t *data)
{
    const msgpack_object *ids = sk_obj_get (ballot, "projects");
    const msgpack_object *points = sk_obj_get (ballot, "points");
    uint32_t n = ids && ids->type == MSGPACK_OBJECT_ARRAY ? ids->via.array.size : 0;
    bool has_points = points && points->type == MSGPACK_OBJECT_ARRAY && points->via.array.size == n;
    html_data_flag (data, "paper",
                    sk_obj_get (ballot, "paper")
                        && sk_obj_get (ballot, "paper")->type == MSGPACK_OBJECT_BOOLEAN
                        && sk_obj_get (ballot, "paper")->via.boolean);
    web_ballot_t *b = sk_malloc (sizeof *b);
    b->n = n < WEB_MAX_CHOSEN ? n : WEB_MAX_CHOSEN;
    for (size_t i = 0; i < b->n; i++) {
        b->projects[i] = b->points[i] = 0;
        sk_obj_int (&ids->via.array.ptr[i], &b->projects[i]);
        if (has_points)
            sk_obj_int (&points->via.array.ptr[i], &b->points[i]);
    }
    s_choices (req, p, b->projects, has_points ? b->points : NULL, b->n, data);
    free (b);
}

//  The address of the receipt's own page, in lang, into data as key.
static void
s_receipt_href (const char *k, int64_t process, const char *receipt, web_lang_t lang,
                const char *key, html_data_t *data)
{
    html_data_setf (data, key, "/%s/budget/%lld/receipt?r=%s&lang=%s", k, (long long)process,
                    receipt, lang == WEB_EN ? "en" : "da");
}

void
web_receipt_cast (const web_request_t *req, const char *k, int64_t process, const msgpack_object *p,
                  const char *receipt, const web_ballot_t *cast, html_data_t *data)
{
    html_data_set (data, "receipt", receipt);
    s_choices (req, p, cast->projects, cast->has_points ? cast->points : NULL, cast->n, data);
    //  The language link and the page's own address keep the receipt
    s_receipt_href (k, process, receipt, req->lang == WEB_EN ? WEB_DA : WEB_EN, "other_lang_href",
                    data);
    s_receipt_href (k, process, receipt, req->lang, "receipt_href", data);
}

//  Look the receipt r up; the status of the page, with its values in data:
//  after the close the ballot as counted, while voting (voting) only that
//  it was received.
static int
s_check (const web_request_t *req, const char *k, int64_t process, const msgpack_object *p,
         const char *r, bool voting, html_data_t *data)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kint (&body, "process", process);
    sk_pack_kstr (&body, "receipt", r);
    sk_frame_t frame;
    sk_error_t err = { 0 };
    int rc = web_call (req->web, "vote.receipt.check", k, &body, &frame, &err);
    sk_pack_release (&body);
    int status = 200;
    char receipt[32];
    if (rc == 0 && voting) {
        //  The receipt as the service wrote it, and the language link keeps it
        web_str (web_body (&frame), "receipt", receipt, sizeof receipt);
        html_data_set (data, "pending", receipt);
        s_receipt_href (k, process, receipt, req->lang == WEB_EN ? WEB_DA : WEB_EN,
                        "other_lang_href", data);
    } else if (rc == 0) {
        html_data_set (data, "counted",
                       web_str (web_body (&frame), "receipt", receipt, sizeof receipt));
        s_ballot (req, p, web_body (&frame), data);
    } else if (streq (err.code, "not_found")) {
        html_data_set (data, "error",
                       web_text (req->lang, voting ? "receipt_not_received" : "receipt_not_found"));
        status = 404;
    } else if (streq (err.code, "invalid_argument")) {
        html_data_set (data, "error", web_text (req->lang, "receipt_mistyped"));
        status = 400;
    } else
        status = streq (err.code, "unavailable") ? 503 : 500;
    html_data_flag (data, "receipt_form", !(rc == 0 && voting));
    sk_frame_release (&frame);
    return status;
}

void
web_page_receipt (const web_request_t *req, const char *k, int64_t process, web_reply_t *reply)
{
    sk_frame_t frame;
    if (web_page_process (req, k, process, &frame, reply)) {
        sk_frame_release (&frame);
        return;
    }
    const msgpack_object *p = web_body (&frame);
    html_data_t *data = web_page_budget_data (req, k, process, p, "receipt");
    html_data_flag (data, "lang_en", req->lang == WEB_EN);
    const char *r = web_query (req, "r");
    html_data_set (data, "r", r && strlen (r) <= 40 ? r : "");
    int status = 200;
    bool voting = web_page_phase_in (p, s_voting);
    if (!voting && !web_page_phase_in (p, s_closed)) {
        //  An archived budget, or one not yet voting, has no ballots
        bool archived = web_page_phase_in (p, s_archived);
        html_data_set (data, "notice",
                       web_text (req->lang, archived ? "receipt_archived" : "receipt_not_yet"));
        status = r && *r ? 404 : 200;
    } else if (r && strlen (r) > 40) {
        html_data_flag (data, "receipt_form", true);
        html_data_set (data, "error", web_text (req->lang, "receipt_mistyped"));
        status = 400;
    } else if (r && *r)
        status = s_check (req, k, process, p, r, voting, data);
    else
        html_data_flag (data, "receipt_form", true);
    sk_frame_release (&frame);
    if (status >= 500) {
        html_data_destroy (&data);
        web_page_error (req, status, reply);
    } else
        web_page_render (req, "counted", &data, status, reply);
}
