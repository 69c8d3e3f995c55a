/*  web_agreements.c: GET and POST /party/agreements, the cooperation
    agreements the party logged in is a side of (match.own.agreements):
    each with the other parties by name and how to reach them (their
    contact person, e-mail and phone from the registry, registry.KIND.get:
    they agreed to work together; a volunteer's name too, which match does
    not hold), its period and status, its next status meetings, the
    minutes of the meetings held and the actions agreed; and a form for
    the minutes of a meeting held (match.own.minutes), its errors tied to
    their fields.
*/
#include <czmq.h>

#include "sk_mem.h"
#include "web.h"

#define S_NEXT     3  //  next status meetings shown per agreement
#define S_PARTNERS 50 //  partners whose contact one page looks up

//  The free-text fields of the minutes, in the form's order.
static const char *const s_texts[] = { "how_it_goes", "improved", "challenges", "next_goal" };
#define S_TEXTS 4

//  What a POST of the minutes gave: the agreement whose form it was, a
//  problem on one field (NULL: none) and the posted values to show again.
typedef struct {
    int64_t agreement;
    const char *field;   //  "held_on", "how_it_goes", ...; NULL for the form
    const char *problem; //  text key
    bool saved;
} s_post_t;

//  The date typed in the held on field as åååå-mm-dd into iso: the Danish
//  d.m.åååå (1.12.2026, 01.12.2026) rewritten, anything else kept as typed
//  for the service to judge. *none: typed in that form, but no such day
//  (31.11.2026, 29.2.2027).
static const char *
s_held_on (const char *typed, char iso[16], bool *none)
{
    static const unsigned days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    unsigned d, m, y;
    int end = 0;
    *none = false;
    if (!typed)
        return NULL;
    if (sscanf (typed, "%2u.%2u.%4u%n", &d, &m, &y, &end) == 3 && typed[end] == 0 && y >= 1000
        && d >= 1 && d <= 31 && m >= 1 && m <= 12) {
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        *none = d > days[m - 1] || (m == 2 && d == 29 && !leap);
        snprintf (iso, 16, "%04u-%02u-%02u", y % 10000, m % 100, d % 100);
    } else
        snprintf (iso, 16, "%.15s", typed);
    return iso;
}

//  POST: the minutes to match.own.minutes; what happened into post.
static void
s_post (const web_request_t *req, const web_party_t *party, s_post_t *post)
{
    const char *agreement = web_form_get (req->form, "agreement");
    const char *meeting = web_form_get (req->form, "meeting");
    char iso[16];
    bool none;
    const char *held_on = s_held_on (web_form_get (req->form, "held_on"), iso, &none);
    const char *how = web_form_get (req->form, "how_it_goes");
    post->agreement = agreement ? strtoll (agreement, NULL, 10) : 0;
    char today[11];
    web_text_today (today);
    int64_t id = meeting ? strtoll (meeting, NULL, 10) : 0;
    if (id <= 0) {
        post->problem = "minutes_refused";
        return;
    }
    if (none) {
        post->field = "held_on", post->problem = "minutes_date_none";
        return;
    }
    if (held_on && *held_on && strlen (held_on) == 10 && strcmp (held_on, today) > 0) {
        post->field = "held_on", post->problem = "minutes_date_future";
        return;
    }
    if (!how || !*how) {
        post->field = "how_it_goes", post->problem = "minutes_how_needed";
        return;
    }
    sk_pack_t body;
    sk_pack_init (&body);
    uint32_t n = 3;
    for (int i = 1; i < S_TEXTS; i++) {
        const char *v = web_form_get (req->form, s_texts[i]);
        n += v && *v;
    }
    sk_pack_map (&body, n + (held_on && *held_on));
    sk_pack_kint (&body, "party", party->id);
    sk_pack_kint (&body, "id", id);
    if (held_on && *held_on)
        sk_pack_kstr (&body, "held_on", held_on);
    for (int i = 0; i < S_TEXTS; i++) {
        const char *v = web_form_get (req->form, s_texts[i]);
        if (v && *v)
            sk_pack_kstr (&body, s_texts[i], v);
    }
    sk_frame_t frame;
    sk_error_t err = { 0 };
    int rc = web_call (req->web, "match.own.minutes", party->municipality, &body, &frame, &err);
    sk_pack_release (&body);
    sk_frame_release (&frame);
    if (rc == 0)
        post->saved = true, post->problem = "minutes_saved";
    else if (streq (err.code, "invalid_argument") && streq (err.field, "held_on"))
        post->field = "held_on", post->problem = "minutes_date_bad";
    else if (streq (err.code, "invalid_argument")) {
        for (int i = 0; i < S_TEXTS; i++)
            if (streq (err.field, s_texts[i]))
                post->field = s_texts[i];
        post->problem = post->field ? "minutes_too_long" : "minutes_refused";
    } else if (streq (err.code, "conflict"))
        post->problem = streq (err.field, "id") ? "minutes_already" : "minutes_closed";
    else
        post->problem = "minutes_refused";
}

//  The items of key of the reply's body (an array), or NULL.
static const msgpack_object *
s_list (const msgpack_object *body, const char *key)
{
    const msgpack_object *list = sk_obj_get (body, key);
    return list && list->type == MSGPACK_OBJECT_ARRAY ? list : NULL;
}

//  The partners of the party (the other sides of its agreements) as the
//  registry has them, looked up once a page.
typedef struct {
    int64_t id[S_PARTNERS];
    sk_frame_t frame[S_PARTNERS];
    bool found[S_PARTNERS];
    int n;
} s_partners_t;

//  Look up each other party of the agreements in the registry (its kind's
//  get op); one not found or past S_PARTNERS is shown without contact.
static void
s_partners_load (const web_request_t *req, const web_party_t *party, const msgpack_object *parties,
                 s_partners_t *partners)
{
    partners->n = 0;
    for (uint32_t i = 0; parties && i < parties->via.array.size; i++) {
        const msgpack_object *p = &parties->via.array.ptr[i];
        int64_t id = web_int (p, "party", 0);
        bool seen = id == party->id;
        for (int k = 0; k < partners->n && !seen; k++)
            seen = partners->id[k] == id;
        if (seen || partners->n == S_PARTNERS)
            continue;
        char kind[16], op[48];
        snprintf (op, sizeof op, "registry.%s.get", web_str (p, "kind", kind, sizeof kind));
        int k = partners->n++;
        partners->id[k] = id;
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, 1);
        sk_pack_kint (&body, "id", id);
        sk_error_t err = { 0 };
        partners->found[k] =
            *kind
            && web_call (req->web, op, party->municipality, &body, &partners->frame[k], &err) == 0;
        sk_pack_release (&body);
        if (!partners->found[k])
            sk_frame_release (&partners->frame[k]);
    }
}

static void
s_partners_release (s_partners_t *partners)
{
    for (int k = 0; k < partners->n; k++)
        if (partners->found[k])
            sk_frame_release (&partners->frame[k]);
}

//  The registry's party of id, or NULL.
static const msgpack_object *
s_partner (const s_partners_t *partners, int64_t id)
{
    for (int k = 0; k < partners->n; k++)
        if (partners->id[k] == id && partners->found[k])
            return web_body (&partners->frame[k]);
    return NULL;
}

//  The other parties of agreement id by name, "A, B", and each with its
//  contact person, e-mail and phone as the list contacts.
static void
s_with (const web_party_t *party, const msgpack_object *parties, const s_partners_t *partners,
        int64_t id, html_data_t *item)
{
    char *with = sk_strdup ("");
    int contacts = 0;
    html_data_list (item, "contacts");
    for (uint32_t i = 0; parties && i < parties->via.array.size; i++) {
        const msgpack_object *p = &parties->via.array.ptr[i];
        char name[256], buf[256];
        if (web_int (p, "agreement_id", 0) != id || web_int (p, "party", 0) == party->id)
            continue;
        const msgpack_object *reg = s_partner (partners, web_int (p, "party", 0));
        //  match holds no volunteer's name: the registry's, if it answered
        if (!*web_str (p, "name", name, sizeof name) && reg)
            web_str (reg, "name", name, sizeof name);
        char *next = sk_asprintf ("%s%s%s", with, *with ? ", " : "", *name ? name : "–");
        free (with);
        with = next;
        if (!reg)
            continue;
        contacts++;
        html_data_t *c = html_data_add (item, "contacts");
        html_data_set (c, "name", *name ? name : "–");
        static const char *keys[] = { "contact_name", "email", "phone" };
        for (int k = 0; k < 3; k++) {
            char flag[24];
            snprintf (flag, sizeof flag, "has_%s", keys[k]);
            html_data_set (c, keys[k], web_str (reg, keys[k], buf, sizeof buf));
            html_data_flag (c, flag, *buf);
        }
    }
    html_data_flag (item, "has_contacts", contacts > 0);
    html_data_set (item, "with", with);
    free (with);
}

//  "Statusmøde 2" and its date as the page's language writes them; a
//  meeting not held with its time of day in Danish time ("15. december
//  2026 kl. 16.30") when the reply carries it.
static void
s_meeting_label (const web_request_t *req, const msgpack_object *m, const char *date_key,
                 html_data_t *row)
{
    char text[64], day[32];
    snprintf (text, sizeof text, web_text (req->lang, "meeting_n"), (long long)web_int (m, "n", 0));
    html_data_set (row, "label", text);
    bool timed = streq (date_key, "due_on") && *web_str (m, "at", day, sizeof day);
    char *date = timed ? web_text_time (req->lang, day)
                       : web_text_date (req->lang, web_str (m, date_key, day, sizeof day));
    html_data_set (row, "date", date);
    free (date);
}

//  The minutes of held meeting m as the list answers, {question, text}:
//  only the questions answered, an empty answer left out.
static void
s_answers (const web_request_t *req, const msgpack_object *m, html_data_t *row)
{
    html_data_list (row, "answers");
    for (int t = 0; t < S_TEXTS; t++) {
        char text[4096 * 4], key[40];
        if (!*web_str (m, s_texts[t], text, sizeof text))
            continue;
        html_data_t *answer = html_data_add (row, "answers");
        snprintf (key, sizeof key, "minutes_%s", s_texts[t]);
        html_data_set (answer, "question", web_text (req->lang, key));
        html_data_set (answer, "text", text);
    }
}

//  Who wrote the minutes of held meeting m: a party by name (by_party),
//  a party match knows no name of (a volunteer: by_a_party), or staff
//  (by_staff); nothing said for minutes from before that was kept.
static void
s_written_by (const msgpack_object *m, html_data_t *row)
{
    char by[16], name[256];
    web_str (m, "minutes_by", by, sizeof by);
    html_data_flag (row, "by_staff", streq (by, "staff"));
    if (!streq (by, "party"))
        return;
    if (*web_str (m, "minutes_party_name", name, sizeof name))
        html_data_set (row, "by_party", name);
    else
        html_data_flag (row, "by_a_party", true);
}

//  The meetings of agreement id: the past ones without minutes (all of
//  them, so they never hide the next), the next ones from today, the held
//  ones with their minutes, and the options of the minutes form (meetings
//  not held that are due or overdue); how many options.
static int
s_meetings (const web_request_t *req, const msgpack_object *meetings, int64_t id,
            const s_post_t *post, html_data_t *item)
{
    html_data_list (item, "missing");
    html_data_list (item, "next");
    html_data_list (item, "held");
    html_data_list (item, "options");
    int missing = 0, next = 0, held = 0, options = 0;
    const char *chosen = post->agreement == id ? web_form_get (req->form, "meeting") : NULL;
    char today[11];
    web_text_today (today);
    for (uint32_t i = 0; meetings && i < meetings->via.array.size; i++) {
        const msgpack_object *m = &meetings->via.array.ptr[i];
        if (web_int (m, "agreement_id", 0) != id)
            continue;
        char state[16], key[32];
        web_str (m, "state", state, sizeof state);
        snprintf (key, sizeof key, "meeting_state_%s", state);
        if (streq (state, "held")) {
            held++;
            html_data_t *row = html_data_add (item, "held");
            s_meeting_label (req, m, "held_on", row);
            s_answers (req, m, row);
            s_written_by (m, row);
            continue;
        }
        //  a day passed without minutes: maybe held, not coming soon
        char due[16];
        bool past = strcmp (web_str (m, "due_on", due, sizeof due), today) < 0;
        if (past && !streq (state, "overdue"))
            snprintf (key, sizeof key, "meeting_state_past");
        html_data_t *row = NULL;
        if (past)
            missing++, row = html_data_add (item, "missing");
        else if (next++ < S_NEXT)
            row = html_data_add (item, "next");
        if (row) {
            s_meeting_label (req, m, "due_on", row);
            html_data_set (row, "state", web_text (req->lang, key));
            html_data_flag (row, "late", streq (state, "overdue"));
        }
        if (streq (state, "due") || streq (state, "overdue")) {
            options++;
            html_data_t *opt = html_data_add (item, "options");
            s_meeting_label (req, m, "due_on", opt);
            html_data_setf (opt, "meeting", "%lld", (long long)web_int (m, "id", 0));
            char mid[24];
            snprintf (mid, sizeof mid, "%lld", (long long)web_int (m, "id", 0));
            html_data_flag (opt, "selected", chosen && streq (chosen, mid));
        }
    }
    html_data_flag (item, "has_missing", missing > 0);
    html_data_flag (item, "has_next", next > 0);
    html_data_flag (item, "has_held", held > 0);
    return options;
}

//  The minutes form of agreement id: its fields, with the posted values
//  and the problem on its field if this was the agreement posted.
static void
s_form (const web_request_t *req, int64_t id, const s_post_t *post, html_data_t *item)
{
    bool mine = post->agreement == id && !post->saved;
    char today[11];
    web_text_today (today);
    const char *held_on = mine ? web_form_get (req->form, "held_on") : NULL;
    if (held_on)
        html_data_set (item, "held_on", held_on);
    else //  today as the label asks for it, d.m.åååå
        html_data_setf (item, "held_on", "%d.%d.%.4s", atoi (today + 8), atoi (today + 5), today);
    if (mine && post->field && streq (post->field, "held_on"))
        html_data_set (item, "held_on_error", web_text (req->lang, post->problem));
    html_data_list (item, "texts");
    for (int t = 0; t < S_TEXTS; t++) {
        html_data_t *f = html_data_add (item, "texts");
        char key[40];
        snprintf (key, sizeof key, "minutes_%s", s_texts[t]);
        html_data_set (f, "label", web_text (req->lang, key));
        html_data_set (f, "name", s_texts[t]);
        html_data_setf (f, "fid", "%s-%lld", s_texts[t], (long long)id);
        const char *v = mine ? web_form_get (req->form, s_texts[t]) : NULL;
        html_data_set (f, "value", v ? v : "");
        html_data_flag (f, "needed", t == 0);
        if (mine && post->field && streq (post->field, s_texts[t]))
            html_data_set (f, "ferror", web_text (req->lang, post->problem));
    }
}

//  Each agreement of the reply as an item of agreements.
static void
s_put (const web_request_t *req, const web_party_t *party, const msgpack_object *body,
       const s_post_t *post, html_data_t *data)
{
    const msgpack_object *agreements = s_list (body, "agreements");
    s_partners_t *partners = sk_malloc (sizeof *partners);
    s_partners_load (req, party, s_list (body, "parties"), partners);
    html_data_list (data, "agreements");
    for (uint32_t i = 0; agreements && i < agreements->via.array.size; i++) {
        const msgpack_object *a = &agreements->via.array.ptr[i];
        int64_t id = web_int (a, "id", 0);
        html_data_t *item = html_data_add (data, "agreements");
        char buf[1024], key[40];
        html_data_setf (item, "id", "%lld", (long long)id);
        html_data_set (item, "title", web_str (a, "title", buf, sizeof buf));
        snprintf (key, sizeof key, "agreement_status_%s", web_str (a, "status", buf, 16));
        const char *status = web_text (req->lang, key);
        html_data_set (item, "status", status ? status : buf);
        s_with (party, s_list (body, "parties"), partners, id, item);
        char *starts = web_text_date (req->lang, web_str (a, "starts_on", buf, sizeof buf));
        char *ends = web_text_date (req->lang, web_str (a, "ends_on", buf, sizeof buf));
        html_data_flag (item, "has_period", *starts);
        html_data_set (item, "starts", starts);
        html_data_set (item, "ends", ends);
        html_data_flag (item, "has_end", *ends);
        free (starts);
        free (ends);
        int options = s_meetings (req, s_list (body, "meetings"), id, post, item);
        web_str (a, "status", buf, 16);
        bool open = streq (buf, "active") || streq (buf, "paused");
        html_data_flag (item, "minutes_form", open && options > 0);
        s_form (req, id, post, item);
        const msgpack_object *actions = s_list (body, "actions");
        html_data_list (item, "actions");
        int nactions = 0;
        for (uint32_t k = 0; actions && k < actions->via.array.size; k++) {
            const msgpack_object *x = &actions->via.array.ptr[k];
            if (web_int (x, "agreement_id", 0) != id)
                continue;
            nactions++;
            html_data_t *row = html_data_add (item, "actions");
            html_data_set (row, "what", web_str (x, "what", buf, sizeof buf));
            html_data_set (row, "owner", web_str (x, "owner", buf, sizeof buf));
            char *due = web_text_date (req->lang, web_str (x, "due_on", buf, sizeof buf));
            html_data_set (row, "due", due);
            html_data_flag (row, "has_due", *due);
            free (due);
            const msgpack_object *done = sk_obj_get (x, "done");
            html_data_flag (row, "done",
                            done && done->type == MSGPACK_OBJECT_BOOLEAN && done->via.boolean);
        }
        html_data_flag (item, "has_actions", nactions > 0);
    }
    s_partners_release (partners);
    free (partners);
}

void
web_page_agreements (const web_request_t *req, const web_party_t *party, web_reply_t *reply)
{
    //  An expired form (a session's 8 hours) is shown again with what was
    //  typed and a fresh token, not lost
    bool expired = req->post && web_party_csrf_expired (req, party);
    if (req->post && !expired && !web_party_csrf_ok (req, party)) {
        web_page_error (req, 403, reply);
        return;
    }
    s_post_t post = { 0 };
    int status = 200;
    if (expired) {
        const char *agreement = web_form_get (req->form, "agreement");
        post.agreement = agreement ? strtoll (agreement, NULL, 10) : 0;
        post.problem = "form_expired_again";
        status = 403;
    } else if (req->post) {
        s_post (req, party, &post);
        status = post.saved ? 200 : 422;
    }
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "party", party->id);
    sk_frame_t frame;
    sk_error_t err = { 0 };
    int rc = web_call (req->web, "match.own.agreements", party->municipality, &body, &frame, &err);
    sk_pack_release (&body);
    if (rc) {
        sk_frame_release (&frame);
        web_page_error (req, streq (err.code, "unavailable") ? 503 : 500, reply);
        return;
    }
    html_data_t *data = web_page_data (req);
    html_data_set (data, "page_title", web_text (req->lang, "agreements_heading"));
    html_data_set (data, "party_name", party->name);
    if (req->post) {
        html_data_set (data, post.saved ? "notice" : "problem", web_text (req->lang, post.problem));
        if (!post.saved && post.field)
            html_data_setf (data, "problem_href", "#%s-%lld", post.field,
                            (long long)post.agreement);
    }
    s_put (req, party, web_body (&frame), &post, data);
    sk_frame_release (&frame);
    char *token = web_party_csrf (req, party, reply);
    html_data_set (data, "csrf", token);
    free (token);
    web_page_render (req, "agreements", &data, status, reply);
}
