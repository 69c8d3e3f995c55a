/*  web_proposals.c: GET and POST /party/proposals, the open proposals
    where the party logged in is a side (match.own.proposals), each with
    the other side, the answer date and the reasons of its score in plain
    language; accept (match.own.accept) or decline with a reason staff see
    in `samskab match proposals` (match.own.decline). An accept that makes
    the agreement (both sides said yes) says so with a link to it; the
    proposals answered lately stay in a short list, with the party's own
    reason for a no (never the other side's: only staff see that).
*/
#include <czmq.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "web.h"

//  The name of side id of proposal p ("left" or "right"), or the kind's
//  word for a volunteer (whose name the match service does not hold).
static const char *
s_side_name (const web_request_t *req, const msgpack_object *p, int64_t id, char *buf, size_t size)
{
    bool left = web_int (p, "left_id", 0) == id;
    web_str (p, left ? "left_name" : "right_name", buf, size);
    if (!*buf)
        snprintf (buf, size, "%s", web_text (req->lang, "kind_volunteer"));
    return buf;
}

//  A level 1-3 as the page's words ("meget"), in a sentence.
static const char *
s_level_word (const web_request_t *req, int64_t level)
{
    char key[24];
    snprintf (key, sizeof key, "level_word_%lld",
              (long long)(level >= 1 && level <= 3 ? level : 2));
    return web_text (req->lang, key);
}

//  One contribution of an explanation as a sentence to the reader (the
//  party me): "I mangler ...", levels in words, no points.
static char *
s_reason (const web_request_t *req, sk_frame_t terms[WEB_TAXONOMIES], const msgpack_object *p,
          const msgpack_object *c, int64_t me)
{
    char why[32], term[96], label[256], from[256], to[256];
    web_str (c, "reason", why, sizeof why);
    web_term_label (req, terms, web_str (c, "term", term, sizeof term), label, sizeof label);
    int64_t from_id = web_int (c, "from", 0), to_id = web_int (c, "to", 0);
    s_side_name (req, p, from_id, from, sizeof from);
    s_side_name (req, p, to_id, to, sizeof to);
    //  The sentence as the reader is its giver (_we), its taker (_you) or
    //  neither
    const char *who = from_id == me ? "_we" : to_id == me ? "_you" : "";
    char key[48];
    snprintf (key, sizeof key, "reason_%s%s", why, who);
    const char *format = web_text (req->lang, key);
    if (!format) {
        snprintf (key, sizeof key, "reason_%s", why);
        format = web_text (req->lang, key), who = "";
    }
    const char *has = s_level_word (req, web_int (c, "has_level", 0));
    const char *needs = s_level_word (req, web_int (c, "needs_level", 0));
    if (!format)
        return sk_strdup (why);
    if (streq (why, "competence"))
        return streq (who, "_we")    ? sk_asprintf (format, label, has, to, needs)
               : streq (who, "_you") ? sk_asprintf (format, label, needs, from, has)
                                     : sk_asprintf (format, from, label, has, to, needs);
    if (streq (why, "volunteers") || streq (why, "mentor")) {
        long long n = web_int (c, streq (why, "mentor") ? "members" : "active_volunteers", 0);
        return *who ? sk_asprintf (format, n) : sk_asprintf (format, from, n);
    }
    if (streq (why, "target_group") || streq (why, "language"))
        return sk_asprintf (format, label);
    return sk_strdup (format);
}

//  The proposals of the reply as the list proposals of data.
//  A new item of list under data for proposal p: its id and the other
//  side's name (other than party); sets *left when party is p's left side.
static html_data_t *
s_item (const web_request_t *req, const web_party_t *party, const msgpack_object *p,
        const char *list, html_data_t *data, bool *left)
{
    char buf[256];
    *left = web_int (p, "left_id", 0) == party->id;
    html_data_t *item = html_data_add (data, list);
    html_data_setf (item, "id", "%lld", (long long)web_int (p, "id", 0));
    html_data_set (
        item, "other",
        s_side_name (req, p, web_int (p, *left ? "right_id" : "left_id", 0), buf, sizeof buf));
    return item;
}

static void
s_put (const web_request_t *req, const web_party_t *party, sk_frame_t terms[WEB_TAXONOMIES],
       const msgpack_object *items, html_data_t *data)
{
    html_data_list (data, "proposals");
    for (uint32_t i = 0; items && i < items->via.array.size; i++) {
        const msgpack_object *p = &items->via.array.ptr[i];
        bool left;
        char buf[256], state[32];
        html_data_t *item = s_item (req, party, p, "proposals", data, &left);
        web_str (p, "expires_at", buf, sizeof buf);
        buf[strcspn (buf, "T")] = 0;
        char *date = web_text_date (req->lang, buf);
        html_data_set (item, "expires", date);
        free (date);
        web_str (p, "state", state, sizeof state);
        bool mine = streq (state, left ? "accepted_by_left" : "accepted_by_right");
        html_data_set (
            item, "waiting",
            web_text (req->lang, mine ? "proposals_waiting_them" : "proposals_waiting_you"));
        html_data_flag (item, "open", !mine);
        html_data_list (item, "reasons");
        const msgpack_object *ex = sk_obj_get (p, "explanation");
        for (uint32_t k = 0; ex && ex->type == MSGPACK_OBJECT_ARRAY && k < ex->via.array.size;
             k++) {
            char *line = s_reason (req, terms, p, &ex->via.array.ptr[k], party->id);
            html_data_set (html_data_add (item, "reasons"), "reason", line);
            free (line);
        }
    }
}

//  The answered proposals of the reply as the list answered of data.
static void
s_answered_put (const web_request_t *req, const web_party_t *party, const msgpack_object *items,
                html_data_t *data)
{
    html_data_list (data, "answered");
    uint32_t n = items && items->type == MSGPACK_OBJECT_ARRAY ? items->via.array.size : 0;
    html_data_flag (data, "has_answered", n > 0);
    for (uint32_t i = 0; i < n; i++) {
        const msgpack_object *p = &items->via.array.ptr[i];
        bool left;
        char buf[1024], state[32];
        html_data_t *item = s_item (req, party, p, "answered", data, &left);
        web_str (p, "state", state, sizeof state);
        bool mine = web_int (p, "declined_by", 0) == party->id;
        const char *key = streq (state, "accepted") ? "proposals_answer_yes"
                          : mine                    ? "proposals_answer_you_no"
                                                    : "proposals_answer_they_no";
        html_data_set (item, "answer", web_text (req->lang, key));
        web_str (p, "decline_reason", buf, sizeof buf);
        html_data_flag (item, "has_reason", mine && *buf);
        html_data_set (item, "reason", mine ? buf : "");
        int64_t agreement = web_int (p, "agreement_id", 0);
        if (agreement > 0)
            html_data_setf (item, "agreement", "%lld", (long long)agreement);
    }
}

//  Accept or decline the posted proposal; the notice's or problem's key,
//  *agreement the agreement an accept made (both sides said yes), or 0.
static const char *
s_decide (const web_request_t *req, const web_party_t *party, bool *problem, int64_t *agreement)
{
    const char *action = web_form_get (req->form, "action");
    const char *id = web_form_get (req->form, "id");
    const char *reason = web_form_get (req->form, "reason");
    bool accept = action && streq (action, "accept");
    *problem = true;
    if (!id || !action || (!accept && !streq (action, "decline")))
        return "proposals_closed";
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, accept || !reason || !*reason ? 2 : 3);
    sk_pack_kint (&body, "id", strtoll (id, NULL, 10));
    sk_pack_kint (&body, "party", party->id);
    if (!accept && reason && *reason)
        sk_pack_kstr (&body, "reason", reason);
    sk_frame_t frame;
    sk_error_t err = { 0 };
    int rc = web_call (req->web, accept ? "match.own.accept" : "match.own.decline",
                       party->municipality, &body, &frame, &err);
    sk_pack_release (&body);
    *agreement = rc == 0 ? web_int (web_body (&frame), "agreement", 0) : 0;
    sk_frame_release (&frame);
    if (rc && streq (err.field, "reason"))
        return "proposals_reason_long";
    if (rc)
        return streq (err.code, "unavailable") ? "proposals_unavailable" : "proposals_closed";
    *problem = false;
    return !accept ? "proposals_declined" : *agreement ? "proposals_agreed" : "proposals_accepted";
}

void
web_page_proposals (const web_request_t *req, const web_party_t *party, web_reply_t *reply)
{
    if (req->post && !web_party_csrf_ok (req, party)) {
        web_page_error (req, 403, reply);
        return;
    }
    html_data_t *data = web_page_data (req);
    int status = 200;
    if (req->post) {
        bool problem;
        int64_t agreement = 0;
        const char *key = s_decide (req, party, &problem, &agreement);
        html_data_set (data, problem ? "problem" : "notice", web_text (req->lang, key));
        if (agreement)
            html_data_setf (data, "notice_agreement", "%lld", (long long)agreement);
        status = problem ? 409 : 200;
    }
    sk_frame_t terms[WEB_TAXONOMIES], frame;
    sk_error_t err = { 0 };
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "party", party->id);
    int rc = web_terms_load (req, party, terms, &err);
    if (rc == 0
        && web_call (req->web, "match.own.proposals", party->municipality, &body, &frame, &err)) {
        sk_frame_release (&frame);
        web_terms_release (terms);
        rc = -1;
    }
    sk_pack_release (&body);
    if (rc) {
        html_data_destroy (&data);
        web_page_error (req, streq (err.code, "unavailable") ? 503 : 500, reply);
        return;
    }
    html_data_set (data, "page_title", web_text (req->lang, "proposals_heading"));
    html_data_set (data, "party_name", party->name);
    const msgpack_object *items = sk_obj_get (web_body (&frame), "items");
    s_put (req, party, terms, items && items->type == MSGPACK_OBJECT_ARRAY ? items : NULL, data);
    s_answered_put (req, party, sk_obj_get (web_body (&frame), "answered"), data);
    char *token = web_party_csrf (req, party, reply);
    html_data_set (data, "csrf", token);
    free (token);
    sk_frame_release (&frame);
    web_terms_release (terms);
    web_page_render (req, "proposals", &data, status, reply);
}
