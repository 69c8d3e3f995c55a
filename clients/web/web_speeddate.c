/*  web_speeddate.c: a party's speed-dating events (match.own.*).

    GET /party/speeddate lists the events the party joined or can join.
    GET /party/speeddate/ID shows one: a button to join while it is open
    (and one to leave again until it is planned), then whom the party wants
    to meet (a weight 0-10 for each participant
    on the other side; POSTed as the lists "to" and "weight", in the same
    order), and once the municipality has planned it the party's schedule
    in Danish time. GET /party/speeddate/ID.ics is that schedule as an
    iCalendar file (lib/ics, the CLI's writer: times in UTC).
*/
#include <czmq.h>
#include <time.h>

#include "ics/ics.h"
#include "sk_mem.h"
#include "web.h"

#define S_PREFIX     "/party/speeddate"
#define S_MAX_OTHERS 1000 //  participants one form may weigh (match.own.interest's limit)

//  The event of path /party/speeddate/ID[.ics]: its id (0 for the list),
//  and whether it is the calendar; false if path is none of them.
static bool
s_path (const char *path, int64_t *event, bool *ics)
{
    *event = 0, *ics = false;
    if (streq (path, S_PREFIX))
        return true;
    if (strncmp (path, S_PREFIX "/", strlen (S_PREFIX) + 1) != 0)
        return false;
    const char *id = path + strlen (S_PREFIX) + 1;
    size_t digits = strspn (id, "0123456789");
    if (digits == 0 || digits > 18 || *id == '0')
        return false;
    *ics = streq (id + digits, ".ics");
    if (id[digits] && !*ics)
        return false;
    *event = strtoll (id, NULL, 10);
    return true;
}

bool
web_speeddate_is_page (const char *path)
{
    int64_t event;
    bool ics;
    return s_path (path, &event, &ics);
}

//  A call for the party with {party, event (if not 0)}; 0 with frame, or
//  -1 with err (frame released).
static int
s_call (const web_request_t *req, const web_party_t *party, const char *op, int64_t event,
        sk_frame_t *frame, sk_error_t *err)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, event ? 2 : 1);
    sk_pack_kint (&body, "party", party->id);
    if (event)
        sk_pack_kint (&body, "event", event);
    int rc = web_call (req->web, op, party->municipality, &body, frame, err);
    sk_pack_release (&body);
    if (rc)
        sk_frame_release (frame);
    return rc;
}

static bool
s_flag (const msgpack_object *map, const char *key)
{
    const msgpack_object *v = sk_obj_get (map, key);
    return v && v->type == MSGPACK_OBJECT_BOOLEAN && v->via.boolean;
}

//  The page's data every event page and list has.
static html_data_t *
s_data (const web_request_t *req, const web_party_t *party, const char *title, web_reply_t *reply)
{
    html_data_t *data = web_page_data (req);
    html_data_set (data, "page_title", title);
    html_data_set (data, "party_name", party->name);
    char *token = web_party_csrf (req, party, reply);
    html_data_set (data, "csrf", token);
    free (token);
    return data;
}

//  The facts of event ev into item: name, when, where, rounds, state.
static void
s_event_put (const web_request_t *req, const msgpack_object *ev, html_data_t *item)
{
    char buf[512];
    html_data_setf (item, "id", "%lld", (long long)web_int (ev, "id", 0));
    html_data_set (item, "name", web_str (ev, "name", buf, sizeof buf));
    char *when = web_text_time (req->lang, web_str (ev, "starts_at", buf, sizeof buf));
    html_data_set (item, "when", when);
    free (when);
    html_data_set (item, "where", web_str (ev, "location", buf, sizeof buf));
    html_data_flag (item, "has_where", *buf);
    snprintf (buf, sizeof buf, web_text (req->lang, "speeddate_rounds"),
              (long long)web_int (ev, "rounds", 0), (long long)web_int (ev, "minutes", 0));
    html_data_set (item, "rounds", buf);
    bool joined = s_flag (ev, "joined"), planned = s_flag (ev, "planned");
    html_data_set (item, "state",
                   web_text (req->lang, joined && planned ? "speeddate_planned"
                                        : joined          ? "speeddate_joined"
                                                          : "speeddate_can_join"));
}

//  GET /party/speeddate: the events.
static void
s_list_page (const web_request_t *req, const web_party_t *party, web_reply_t *reply)
{
    sk_frame_t frame;
    sk_error_t err = { 0 };
    if (s_call (req, party, "match.own.speeddates", 0, &frame, &err)) {
        web_page_error (req, streq (err.code, "unavailable") ? 503 : 500, reply);
        return;
    }
    html_data_t *data = s_data (req, party, web_text (req->lang, "speeddates_heading"), reply);
    const msgpack_object *items = sk_obj_get (web_body (&frame), "items");
    html_data_list (data, "events");
    for (uint32_t i = 0; items && items->type == MSGPACK_OBJECT_ARRAY && i < items->via.array.size;
         i++)
        s_event_put (req, &items->via.array.ptr[i], html_data_add (data, "events"));
    sk_frame_release (&frame);
    web_page_render (req, "speeddates", &data, 200, reply);
}

//  The posted weights as match.own.interest's list into body; false if
//  one is not empty (no wish) or a number 0-10 (0: not interested, kept so
//  that the plan keeps the pair apart), or the lists do not pair up.
static bool
s_weights (const web_request_t *req, const web_party_t *party, int64_t event, sk_pack_t *body)
{
    const char **to = sk_malloc (S_MAX_OTHERS * sizeof *to);
    const char **weight = sk_malloc (S_MAX_OTHERS * sizeof *weight);
    size_t n = web_form_all (req->form, "to", to, S_MAX_OTHERS);
    bool ok = web_form_all (req->form, "weight", weight, S_MAX_OTHERS) == n;
    uint32_t given = 0;
    for (size_t i = 0; ok && i < n; i++) {
        char *end;
        long w = strtol (weight[i], &end, 10);
        ok = !*end && w >= 0 && w <= 10 && strtoll (to[i], NULL, 10) > 0;
        given += ok && *weight[i];
    }
    if (ok) {
        sk_pack_init (body);
        sk_pack_map (body, 3);
        sk_pack_kint (body, "party", party->id);
        sk_pack_kint (body, "event", event);
        sk_pack_str (body, "weights");
        sk_pack_array (body, given);
        for (size_t i = 0; i < n; i++)
            if (*weight[i]) {
                sk_pack_map (body, 2);
                sk_pack_kint (body, "to", strtoll (to[i], NULL, 10));
                sk_pack_kint (body, "weight", atoi (weight[i]));
            }
    }
    free (to);
    free (weight);
    return ok;
}

//  POST /party/speeddate/ID: join, or the weights. The text key of what
//  happened; *problem if it is one.
static const char *
s_post (const web_request_t *req, const web_party_t *party, int64_t event, bool *problem)
{
    const char *action = web_form_get (req->form, "action");
    sk_frame_t frame;
    sk_error_t err = { 0 };
    *problem = true;
    int rc;
    if (action && (streq (action, "join") || streq (action, "leave"))) {
        rc = s_call (req, party, streq (action, "join") ? "match.own.join" : "match.own.leave",
                     event, &frame, &err);
    } else {
        sk_pack_t body;
        if (!s_weights (req, party, event, &body))
            return "speeddate_interest_bad";
        rc = web_call (req->web, "match.own.interest", party->municipality, &body, &frame, &err);
        sk_pack_release (&body);
        if (rc)
            sk_frame_release (&frame);
    }
    if (rc)
        return streq (err.code, "conflict")           ? "speeddate_closed"
               : streq (err.code, "invalid_argument") ? "speeddate_interest_bad"
                                                      : "speeddate_refused";
    sk_frame_release (&frame);
    *problem = false;
    return action && streq (action, "join")    ? "speeddate_joined_now"
           : action && streq (action, "leave") ? "speeddate_left_now"
                                               : "speeddate_interest_saved";
}

//  The party's meetings (match.own.schedule's items) as the list schedule.
static void
s_schedule_put (const web_request_t *req, const msgpack_object *items, html_data_t *data)
{
    html_data_list (data, "schedule");
    html_data_flag (data, "has_schedule",
                    items && items->type == MSGPACK_OBJECT_ARRAY && items->via.array.size);
    for (uint32_t i = 0; items && items->type == MSGPACK_OBJECT_ARRAY && i < items->via.array.size;
         i++) {
        const msgpack_object *m = &items->via.array.ptr[i];
        html_data_t *row = html_data_add (data, "schedule");
        char buf[256];
        html_data_setf (row, "round", "%lld", (long long)web_int (m, "round", 0));
        html_data_setf (row, "table", "%lld", (long long)web_int (m, "table", 0));
        html_data_set (row, "with", web_str (m, "with_name", buf, sizeof buf));
        char *t0 = web_text_clock (req->lang, web_str (m, "starts_at", buf, sizeof buf));
        char *t1 = web_text_clock (req->lang, web_str (m, "ends_at", buf, sizeof buf));
        html_data_setf (row, "time", "%s–%s", t0, t1);
        free (t0);
        free (t1);
    }
}

//  The weights form: each participant of the other side with its weight.
static void
s_others_put (const web_request_t *req, const msgpack_object *others, html_data_t *data)
{
    html_data_list (data, "others");
    //  No save button while there is nobody to weigh
    html_data_flag (data, "has_others",
                    others && others->type == MSGPACK_OBJECT_ARRAY && others->via.array.size);
    for (uint32_t i = 0;
         others && others->type == MSGPACK_OBJECT_ARRAY && i < others->via.array.size; i++) {
        const msgpack_object *o = &others->via.array.ptr[i];
        html_data_t *row = html_data_add (data, "others");
        char buf[256];
        int64_t id = web_int (o, "party", 0);
        html_data_setf (row, "party", "%lld", (long long)id);
        html_data_set (row, "name", web_str (o, "name", buf, sizeof buf));
        //  -1: no wish (the party stated none), first and the default
        int64_t weight = web_int (o, "weight", -1);
        html_data_list (row, "weights");
        for (int w = -1; w <= 10; w++) {
            html_data_t *opt = html_data_add (row, "weights");
            if (w >= 0)
                html_data_setf (opt, "w", "%d", w);
            else
                html_data_set (opt, "w", "");
            if (w <= 0)
                html_data_set (
                    opt, "text",
                    web_text (req->lang, w ? "speeddate_weight_none" : "speeddate_weight_0"));
            else
                html_data_setf (opt, "text", "%d", w);
            html_data_flag (opt, "selected", w == weight);
        }
    }
}

//  GET and POST /party/speeddate/ID.
static void
s_event_page (const web_request_t *req, const web_party_t *party, int64_t event, web_reply_t *reply)
{
    if (req->post && !web_party_csrf_ok (req, party)) {
        web_page_error (req, 403, reply);
        return;
    }
    bool problem = false;
    const char *said = req->post ? s_post (req, party, event, &problem) : NULL;
    sk_frame_t frame, schedule;
    sk_error_t err = { 0 };
    if (s_call (req, party, "match.own.speeddate", event, &frame, &err)) {
        web_page_error (req, streq (err.code, "unavailable") ? 503 : 404, reply);
        return;
    }
    const msgpack_object *ev = sk_obj_get (web_body (&frame), "event");
    char name[256];
    html_data_t *data = s_data (req, party, web_str (ev, "name", name, sizeof name), reply);
    s_event_put (req, ev, data);
    if (said)
        html_data_set (data, problem ? "problem" : "notice", web_text (req->lang, said));
    bool joined = s_flag (ev, "joined"), planned = s_flag (ev, "planned");
    html_data_flag (data, "can_join", !joined && !planned);
    html_data_flag (data, "choosing", joined && !planned);
    s_others_put (req, sk_obj_get (web_body (&frame), "others"), data);
    //  Why only the other side is listed: the match service takes wishes
    //  only across sides (associations rate companies and back)
    char side[16], key[40];
    web_str (ev, "side", side, sizeof side);
    snprintf (key, sizeof key, "speeddate_rule_%s", side);
    html_data_set (
        data, "rule",
        web_text (req->lang, streq (side, "company") ? key : "speeddate_rule_association"));
    int status = problem ? 422 : 200;
    if (joined && planned) {
        if (s_call (req, party, "match.own.schedule", event, &schedule, &err)) {
            html_data_destroy (&data);
            sk_frame_release (&frame);
            web_page_error (req, streq (err.code, "unavailable") ? 503 : 500, reply);
            return;
        }
        html_data_flag (data, "planned", true);
        s_schedule_put (req, sk_obj_get (web_body (&schedule), "items"), data);
        sk_frame_release (&schedule);
    }
    sk_frame_release (&frame);
    web_page_render (req, "speeddate", &data, status, reply);
}

//  GET /party/speeddate/ID.ics: the party's schedule as a calendar.
static void
s_ics (const web_request_t *req, const web_party_t *party, int64_t event, web_reply_t *reply)
{
    sk_frame_t frame;
    sk_error_t err = { 0 };
    if (s_call (req, party, "match.own.schedule", event, &frame, &err)) {
        web_page_error (req, streq (err.code, "unavailable") ? 503 : 404, reply);
        return;
    }
    const msgpack_object *ev = sk_obj_get (web_body (&frame), "event");
    const msgpack_object *items = sk_obj_get (web_body (&frame), "items");
    if (!s_flag (ev, "planned")) { //  no schedule yet
        sk_frame_release (&frame);
        web_page_error (req, 404, reply);
        return;
    }
    char name[256], location[256];
    web_str (ev, "name", name, sizeof name);
    web_str (ev, "location", location, sizeof location);
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream (&text, &size);
    time_t now = time (NULL);
    ics_begin (f, "-//samskab//speeddate//EN");
    for (uint32_t i = 0; items && items->type == MSGPACK_OBJECT_ARRAY && i < items->via.array.size;
         i++) {
        const msgpack_object *m = &items->via.array.ptr[i];
        char starts[32], ends[32], with[256], summary[600];
        int64_t round = web_int (m, "round", 0);
        web_str (m, "with_name", with, sizeof with);
        snprintf (summary, sizeof summary, web_text (req->lang, "speeddate_ics_summary"), name,
                  (long long)round, (long long)web_int (m, "table", 0), with);
        ics_meeting_t meeting = { party->municipality, event, party->id, round };
        ics_event_t e = { .starts = web_str (m, "starts_at", starts, sizeof starts),
                          .ends = web_str (m, "ends_at", ends, sizeof ends),
                          .summary = summary,
                          .location = location };
        ics_meeting (f, &meeting, &e, now);
    }
    ics_end (f);
    fclose (f);
    sk_frame_release (&frame);
    reply->status = 200;
    reply->body = text;
    reply->len = size;
    reply->content_type = "text/calendar; charset=utf-8";
    reply->filename = sk_asprintf ("speeddate-%lld.ics", (long long)event);
}

bool
web_speeddate_route (const web_request_t *req, const web_party_t *party, web_reply_t *reply)
{
    int64_t event;
    bool ics;
    if (!s_path (req->path, &event, &ics))
        return false;
    if (req->post && (event == 0 || ics))
        web_page_error (req, 405, reply);
    else if (event == 0)
        s_list_page (req, party, reply);
    else if (ics)
        s_ics (req, party, event, reply);
    else
        s_event_page (req, party, event, reply);
    return true;
}
