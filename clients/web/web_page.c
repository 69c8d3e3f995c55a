/*  web_page.c: the public pages: the citizen budgets of every
    municipality, and one citizen budget. */
#include <czmq.h>
#include <pthread.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "web.h"

//  Each language's strings (t_KEY), set once and shared by every page
//  under its own values: a page no longer copies some 270 strings.
static html_data_t *s_texts[2];
static pthread_once_t s_texts_once = PTHREAD_ONCE_INIT;

static void
s_texts_make (void)
{
    s_texts[WEB_DA] = html_data_new ();
    web_text_put (s_texts[WEB_DA], WEB_DA);
    s_texts[WEB_EN] = html_data_new ();
    web_text_put (s_texts[WEB_EN], WEB_EN);
}

void
web_page_close (void)
{
    html_data_destroy (&s_texts[WEB_DA]);
    html_data_destroy (&s_texts[WEB_EN]);
}

//  The values every page has: its strings, the query that keeps its
//  language on links ({{q}}), and the link to the other language.
html_data_t *
web_page_data (const web_request_t *req)
{
    pthread_once (&s_texts_once, s_texts_make);
    html_data_t *data = html_data_new_under (s_texts[req->lang == WEB_EN ? WEB_EN : WEB_DA]);
    html_data_set (data, "q", req->lang == WEB_EN ? "?lang=en" : "");
    html_data_setf (data, "other_lang_href", "%s?lang=%s", req->path,
                    req->lang == WEB_EN ? "da" : "en");
    return data;
}

void
web_page_render (const web_request_t *req, const char *name, html_data_t **data_p, int status,
                 web_reply_t *reply)
{
    char why[256] = "";
    reply->body = html_set_render (req->web->templates, name, *data_p, why, sizeof why);
    html_data_destroy (data_p);
    reply->content_type = "text/html; charset=utf-8";
    reply->status = status;
    if (reply->body) {
        reply->len = strlen (reply->body);
        return;
    }
    sk_error ("could not render page %s: %s", name, why);
    if (strcmp (name, "error") == 0) { //  the error page itself: plain text
        reply->body = sk_strdup ("500\n");
        reply->len = 4;
        reply->content_type = "text/plain; charset=utf-8";
        reply->status = 500;
        return;
    }
    web_page_error (req, 500, reply);
}

void
web_page_error (const web_request_t *req, int status, web_reply_t *reply)
{
    html_data_t *data = web_page_data (req);
    char key[16];
    snprintf (key, sizeof key, "title_%d", status);
    html_data_set (data, "error_title", web_text (req->lang, key));
    html_data_set (data, "page_title", web_text (req->lang, key));
    snprintf (key, sizeof key, "text_%d", status);
    html_data_set (data, "error_text", web_text (req->lang, key));
    html_data_setf (data, "status", "%d", status);
    web_page_render (req, "error", &data, status, reply);
}

//  The error page for a failed call: 503 if a service did not answer,
//  404 if what was asked for does not exist (or is not the web's to see).
static void
s_call_failed (const web_request_t *req, const sk_error_t *err, web_reply_t *reply)
{
    if (streq (err->code, "not_found") || streq (err->code, "invalid_argument")
        || streq (err->code, "forbidden"))
        web_page_error (req, 404, reply);
    else
        web_page_error (req, streq (err->code, "unavailable") ? 503 : 500, reply);
}

//  The label of a phase in the page's language ("phase_voting").
static const char *
s_text_of (const web_request_t *req, const char *prefix, const char *value)
{
    char *key = sk_asprintf ("%s_%s", prefix, value);
    const char *text = web_text (req->lang, key);
    free (key);
    return text ? text : "";
}

void
web_page_index (const web_request_t *req, web_reply_t *reply)
{
    sk_frame_t frame;
    sk_error_t err = { 0 };
    if (web_call (req->web, "vote.process.list", "*", NULL, &frame, &err)) {
        sk_frame_release (&frame);
        s_call_failed (req, &err, reply);
        return;
    }
    html_data_t *data = web_page_data (req);
    html_data_set (data, "page_title", web_text (req->lang, "index_heading"));
    html_data_list (data, "municipalities");
    const msgpack_object *items = sk_obj_get (web_body (&frame), "items");
    uint32_t n = items && items->type == MSGPACK_OBJECT_ARRAY ? items->via.array.size : 0;
    html_data_t *group = NULL;
    char last[8] = "";
    //  The items come by municipality: one group each
    for (uint32_t i = 0; i < n; i++) {
        const msgpack_object *p = &items->via.array.ptr[i];
        char code[8], name[256], phase[32];
        web_str (p, "municipality", code, sizeof code);
        const char *mname = web_municipality_name (req->web, code);
        //  An archived process was cancelled before voting: not listed
        if (!mname || streq (web_str (p, "phase", phase, sizeof phase), "archived"))
            continue;
        if (!group || strcmp (code, last) != 0) {
            group = html_data_add (data, "municipalities");
            html_data_set (group, "code", code);
            html_data_set (group, "name", mname);
            snprintf (last, sizeof last, "%s", code);
        }
        html_data_t *item = html_data_add (group, "processes");
        html_data_setf (item, "id", "%lld", (long long)web_int (p, "id", 0));
        html_data_set (item, "name", web_str (p, "name", name, sizeof name));
        html_data_set (item, "phase", s_text_of (req, "phase", phase));
    }
    sk_frame_release (&frame);
    web_page_render (req, "index", &data, 200, reply);
}

//  One {label, date, iso} of the list dates of *list, key naming its
//  label; *list, of kind (history or dates: its class and its heading's
//  text) in the list date_lists of data, made by its first date. The item.
static html_data_t *
s_budget_date (const web_request_t *req, html_data_t **list, const char *kind, const char *key,
               const char *iso, html_data_t *data)
{
    if (!*list) {
        *list = html_data_add (data, "date_lists");
        html_data_set (*list, "kind", kind);
        html_data_set (*list, "heading", web_text (req->lang, kind));
        html_data_list (*list, "dates");
    }
    html_data_t *item = html_data_add (*list, "dates");
    html_data_set (item, "label", s_text_of (req, "date", key));
    char *date = web_text_date (req->lang, iso);
    html_data_set (item, "date", date);
    html_data_set (item, "iso", iso);
    free (date);
    return item;
}

//  What happened, the days voting actually opened and closed (history),
//  then the process's planned dates that are still to come, in order
//  (dates), into the list date_lists of data: a date of a phase the
//  process has reached is past (staff may have moved the phase earlier
//  or later than planned), and so is a planned date before today:
//  neither is shown as coming.
static void
s_budget_dates (const web_request_t *req, const msgpack_object *p, html_data_t *data)
{
    //  Each date and the phase it starts, in the phases' order
    static const char *keys[] = { "ideas_from",   "development_from", "voting_from",
                                  "voting_until", "results_on",       "implementation_from" };
    static const char *starts[] = { "ideas",  "development", "voting",
                                    "closed", "published",   "implementation" };
    char phase[32];
    web_str (p, "phase", phase, sizeof phase);
    size_t reached = 0; //  dates of the phases before the current one, and its own
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
        if (streq (phase, starts[i]))
            reached = i + 1;
    if (streq (phase, "archived"))
        reached = sizeof keys / sizeof *keys;
    html_data_list (data, "date_lists");
    html_data_t *history = NULL, *coming = NULL;
    char iso[32], today[11];
    if (*web_str (p, "voting_opened", iso, sizeof iso))
        s_budget_date (req, &history, "history", "voting_opened", iso, data);
    if (*web_str (p, "voting_closed", iso, sizeof iso)) {
        html_data_t *item = s_budget_date (req, &history, "history", "voting_closed", iso, data);
        //  Closed before the day planned: that day too, so that an early
        //  close is no secret
        char until[32];
        if (*web_str (p, "voting_until", until, sizeof until) && strcmp (iso, until) < 0) {
            char *date = web_text_date (req->lang, until);
            html_data_set (item, "planned", date);
            html_data_set (item, "planned_iso", until);
            free (date);
        }
    }
    web_text_today (today);
    for (size_t i = reached; i < sizeof keys / sizeof *keys; i++)
        if (*web_str (p, keys[i], iso, sizeof iso) && strcmp (iso, today) >= 0)
            s_budget_date (req, &coming, "dates", keys[i], iso, data);
}

void
web_page_pools (const web_request_t *req, const msgpack_object *p, html_data_t *data,
                web_pool_fn *pool_fn, web_row_fn *row_fn, void *arg)
{
    const msgpack_object *pools = sk_obj_get (p, "pools");
    const msgpack_object *projects = sk_obj_get (p, "projects");
    uint32_t npools = pools && pools->type == MSGPACK_OBJECT_ARRAY ? pools->via.array.size : 0;
    uint32_t nprojects =
        projects && projects->type == MSGPACK_OBJECT_ARRAY ? projects->via.array.size : 0;
    html_data_list (data, "pools");
    html_data_flag (data, "several_pools", npools > 1);
    char *text = sk_malloc (4096);
    for (uint32_t i = 0; i < npools; i++) {
        const msgpack_object *pool = &pools->via.array.ptr[i];
        char name[256], id[24];
        html_data_t *item = html_data_add (data, "pools");
        html_data_set (item, "name", web_str (pool, "name", name, sizeof name));
        char *kr = web_text_kr (req->lang, web_int (pool, "budget", 0));
        html_data_set (item, "budget", kr);
        free (kr);
        if (pool_fn)
            pool_fn (arg, pool, item);
        size_t pool_size = 0;
        for (uint32_t j = 0; j < nprojects; j++)
            pool_size += streq (web_str (&projects->via.array.ptr[j], "pool", text, 4096), name);
        html_data_list (item, "projects");
        for (uint32_t j = 0; j < nprojects; j++) {
            const msgpack_object *project = &projects->via.array.ptr[j];
            if (strcmp (web_str (project, "pool", text, 4096), name) != 0)
                continue;
            html_data_t *row = html_data_add (item, "projects");
            snprintf (id, sizeof id, "%lld", (long long)web_int (project, "id", 0));
            html_data_set (row, "id", id);
            html_data_set (row, "title", web_str (project, "title", text, 4096));
            html_data_set (row, "description", web_str (project, "description", text, 4096));
            kr = web_text_kr (req->lang, web_int (project, "cost", 0));
            html_data_set (row, "cost", kr);
            free (kr);
            if (row_fn)
                row_fn (arg, project, id, pool_size, row);
        }
    }
    free (text);
}

static int
s_process (const web_request_t *req, const char *kommunekode, int64_t process, bool ask,
           sk_frame_t *frame, web_reply_t *reply)
{
    if (!web_municipality_name (req->web, kommunekode)) {
        msgpack_unpacked_init (&frame->unpacked);
        web_page_error (req, 404, reply);
        return -1;
    }
    sk_error_t err = { 0 };
    int rc = web_process_get (req->web, kommunekode, process, ask, frame, &err);
    if (rc)
        s_call_failed (req, &err, reply);
    return rc;
}

int
web_page_process (const web_request_t *req, const char *kommunekode, int64_t process,
                  sk_frame_t *frame, web_reply_t *reply)
{
    return s_process (req, kommunekode, process, true, frame, reply);
}

int
web_page_process_kept (const web_request_t *req, const char *kommunekode, int64_t process,
                       sk_frame_t *frame, web_reply_t *reply)
{
    return s_process (req, kommunekode, process, false, frame, reply);
}

html_data_t *
web_page_budget_data (const web_request_t *req, const char *k, int64_t process,
                      const msgpack_object *p, const char *page)
{
    char name[256];
    html_data_t *data = web_page_data (req);
    html_data_set (data, "name", web_str (p, "name", name, sizeof name));
    html_data_set (data, "page_title", name);
    html_data_set (data, "municipality", web_municipality_name (req->web, k));
    html_data_setf (data, "budget_href", "/%s/budget/%lld", k, (long long)process);
    html_data_setf (data, "action", "/%s/budget/%lld/%s", k, (long long)process, page);
    return data;
}

bool
web_page_phase_in (const msgpack_object *p, const char *const *phases)
{
    char phase[32];
    web_str (p, "phase", phase, sizeof phase);
    for (int i = 0; phases[i]; i++)
        if (streq (phase, phases[i]))
            return true;
    return false;
}

//  The citizens' ideas of the process as the list public_ideas, each
//  {title, text, status}: what became of them; never who proposed them.
//  The vote service gives the web's role only the ideas staff have
//  reviewed and shown, and none rejected, without contacts. Left out if
//  vote cannot say.
static void
s_budget_ideas (const web_request_t *req, const char *kommunekode, int64_t process,
                html_data_t *data)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "process", process);
    sk_frame_t frame;
    sk_error_t err = { 0 };
    int rc = web_call (req->web, "vote.idea.list", kommunekode, &body, &frame, &err);
    sk_pack_release (&body);
    const msgpack_object *items = rc == 0 ? sk_obj_get (web_body (&frame), "items") : NULL;
    html_data_list (data, "public_ideas");
    for (uint32_t i = 0; items && items->type == MSGPACK_OBJECT_ARRAY && i < items->via.array.size;
         i++) {
        const msgpack_object *idea = &items->via.array.ptr[i];
        char buf[4096];
        html_data_t *item = html_data_add (data, "public_ideas");
        html_data_set (item, "title", web_str (idea, "title", buf, sizeof buf));
        html_data_set (item, "text", web_str (idea, "text", buf, sizeof buf));
        html_data_set (item, "status",
                       s_text_of (req, "idea_status", web_str (idea, "status", buf, sizeof buf)));
        html_data_flag (data, "has_ideas", true);
    }
    sk_frame_release (&frame);
}

void
web_page_budget (const web_request_t *req, const char *kommunekode, int64_t process,
                 web_reply_t *reply)
{
    sk_frame_t frame;
    if (web_page_process (req, kommunekode, process, &frame, reply)) {
        sk_frame_release (&frame);
        return;
    }
    const char *mname = web_municipality_name (req->web, kommunekode);
    const msgpack_object *p = web_body (&frame);
    html_data_t *data = web_page_data (req);
    char buf[256];
    html_data_set (data, "municipality_code", kommunekode);
    html_data_set (data, "municipality", mname);
    html_data_set (data, "name", web_str (p, "name", buf, sizeof buf));
    html_data_set (data, "page_title", buf);
    if (*web_str (p, "area", buf, sizeof buf))
        html_data_set (data, "area", buf);
    char *kr = web_text_kr (req->lang, web_int (p, "amount", 0));
    html_data_set (data, "amount", kr);
    free (kr);
    web_str (p, "phase", buf, sizeof buf);
    html_data_set (data, "phase_code", buf);
    html_data_set (data, "phase", s_text_of (req, "phase", buf));
    html_data_set (data, "allows", s_text_of (req, "allows", buf));
    html_data_flag (data, "voting", streq (buf, "voting"));
    html_data_setf (data, "vote_href", "/%s/budget/%lld/vote", kommunekode, (long long)process);
    html_data_flag (data, "ideas", streq (buf, "ideas") || streq (buf, "development"));
    html_data_flag (data, "closed",
                    streq (buf, "closed") || streq (buf, "published")
                        || streq (buf, "implementation"));
    //  After the close the page tells how to check a receipt (and, once
    //  published, where the results are), no longer how to vote
    html_data_flag (data, "over",
                    streq (buf, "closed") || streq (buf, "published")
                        || streq (buf, "implementation") || streq (buf, "archived"));
    html_data_flag (data, "lang_en", req->lang == WEB_EN);
    html_data_flag (data, "published", streq (buf, "published") || streq (buf, "implementation"));
    html_data_flag (data, "archived", streq (buf, "archived"));
    html_data_setf (data, "results_href", "/%s/budget/%lld/results", kommunekode,
                    (long long)process);
    html_data_setf (data, "receipt_href", "/%s/budget/%lld/receipt", kommunekode,
                    (long long)process);
    html_data_setf (data, "idea_href", "/%s/budget/%lld/idea", kommunekode, (long long)process);
    html_data_set (data, "ballot",
                   s_text_of (req, "ballot", web_str (p, "ballot", buf, sizeof buf)));
    int64_t max_choices = web_int (p, "max_choices", 0);
    if (max_choices > 0)
        html_data_setf (data, "max_choices", "%lld", (long long)max_choices);
    s_budget_dates (req, p, data);
    web_page_pools (req, p, data, NULL, NULL, NULL);
    //  An archived process will not be held: what was planned for it
    //  (its projects, what became of its ideas) is not shown as coming
    bool archived = streq (web_str (p, "phase", buf, sizeof buf), "archived");
    sk_frame_release (&frame);
    if (!archived)
        s_budget_ideas (req, kommunekode, process, data);
    web_page_render (req, "budget", &data, 200, reply);
}
