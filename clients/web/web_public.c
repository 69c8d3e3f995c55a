/*  web_public.c: a municipality's public partnership pages, no login:
    GET /KOMMUNEKODE/stories (and stories.rss, RSS 2.0), the partnership
    stories the parties consented to publish (registry.story.feed), and
    GET /KOMMUNEKODE/offer, what the associations, companies and
    institutions that chose to be published have, whom they serve and
    their activities (registry.party.public), with the terms' labels in the page's language
    (registry.term.list). Neither carries anything personal: the registry
    leaves out personal fields and volunteers. */
#include <czmq.h>

#include "sk_mem.h"
#include "web.h"

#define S_STORIES     100   //  stories a page or feed shows (the feed's most)
#define S_OFFER_PAGES 20    //  registry.party.public pages of 500 read at most
#define S_TEXT_MAX    20480 //  a story's text, as the registry limits it

//  "/0730/PAGE": the kommunekode and *page; false if path is none.
static bool
s_public_path (const char *path, char kommunekode[5], const char **page)
{
    if (strlen (path) < 7 || path[0] != '/' || strspn (path + 1, "0123456789") != 4
        || path[5] != '/')
        return false;
    memcpy (kommunekode, path + 1, 4);
    kommunekode[4] = 0;
    *page = path + 6;
    return true;
}

//  The error page for a failed call: 503 if the registry did not answer.
static void
s_failed (const web_request_t *req, const sk_error_t *err, web_reply_t *reply)
{
    web_page_error (req, streq (err->code, "unavailable") ? 503 : 500, reply);
}

//  The items array of a reply, or NULL.
static const msgpack_object *
s_items (const sk_frame_t *frame)
{
    const msgpack_object *items = sk_obj_get (web_body (frame), "items");
    return items && items->type == MSGPACK_OBJECT_ARRAY ? items : NULL;
}

//  op under tenant k with the body {key: value}; as web_call.
static int
s_call (const web_request_t *req, const char *op, const char *k, const char *key, int64_t value,
        sk_frame_t *frame, sk_error_t *err)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, key, value);
    int rc = web_call (req->web, op, k, &body, frame, err);
    sk_pack_release (&body);
    return rc;
}

//  The data every public page of k has: its strings, the municipality.
static html_data_t *
s_data (const web_request_t *req, const char *k, const char *heading)
{
    html_data_t *data = web_page_data (req);
    const char *name = web_municipality_name (req->web, k);
    html_data_set (data, "municipality", name);
    html_data_set (data, "code", k);
    html_data_setf (data, "page_title", "%s · %s", web_text (req->lang, heading), name);
    html_data_setf (data, "stories_href", "/%s/stories", k);
    html_data_setf (data, "offer_href", "/%s/offer", k);
    return data;
}

//  "Mon, 01 Mar 2027 00:00:00 +0100": midnight of a "YYYY-MM-DD" in
//  Danish local time (summer time from the last Sunday of March to the
//  last Sunday of October, switched at 02:00 and 03:00 local time), as
//  RFC 822 writes it; false if iso is no date.
static bool
s_rfc822 (const char *iso, char *buf, size_t size)
{
    static const char *days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    int y, m, d;
    char tail;
    if (sscanf (iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d };
    time_t t = timegm (&tm);
    gmtime_r (&t, &tm);
    //  The last Sunday of a month of 31 days (March, October) in y
    struct tm last = { .tm_year = y - 1900, .tm_mon = 2, .tm_mday = 31 };
    time_t lt = timegm (&last);
    gmtime_r (&lt, &last);
    int march = 31 - last.tm_wday;
    last = (struct tm){ .tm_year = y - 1900, .tm_mon = 9, .tm_mday = 31 };
    lt = timegm (&last);
    gmtime_r (&lt, &last);
    int october = 31 - last.tm_wday;
    //  At midnight the switch of its day has not happened yet
    bool summer = (m > 3 || (m == 3 && d > march)) && (m < 10 || (m == 10 && d <= october));
    snprintf (buf, size, "%s, %02d %s %04d 00:00:00 %s", days[tm.tm_wday], tm.tm_mday,
              months[tm.tm_mon], y, summer ? "+0200" : "+0100");
    return true;
}

//  GET /k/stories and /k/stories.rss.
static void
s_stories (const web_request_t *req, const char *k, bool rss, web_reply_t *reply)
{
    sk_frame_t frame;
    sk_error_t err = { 0 };
    if (s_call (req, "registry.story.feed", k, "limit", S_STORIES, &frame, &err)) {
        sk_frame_release (&frame);
        s_failed (req, &err, reply);
        return;
    }
    html_data_t *data = s_data (req, k, "stories_heading");
    html_data_setf (data, "site", "%s/%s/stories", req->web->public_url, k);
    html_data_list (data, "stories");
    const msgpack_object *items = s_items (&frame);
    char *text = sk_malloc (S_TEXT_MAX);
    for (uint32_t i = 0; items && i < items->via.array.size; i++) {
        const msgpack_object *s = &items->via.array.ptr[i];
        html_data_t *item = html_data_add (data, "stories");
        html_data_setf (item, "id", "%lld", (long long)web_int (s, "id", 0));
        html_data_set (item, "title", web_str (s, "title", text, S_TEXT_MAX));
        html_data_set (item, "text", web_str (s, "text", text, S_TEXT_MAX));
        char iso[32], rfc[64];
        web_str (s, "date", iso, sizeof iso);
        char *date = web_text_date (req->lang, iso);
        html_data_set (item, "date", date);
        free (date);
        html_data_set (item, "iso", iso);
        html_data_set (item, "rfc822", s_rfc822 (iso, rfc, sizeof rfc) ? rfc : "");
        //  The parties by name (a volunteer's is nil: not shown)
        const msgpack_object *parties = sk_obj_get (s, "parties");
        html_data_list (item, "parties");
        for (uint32_t j = 0;
             parties && parties->type == MSGPACK_OBJECT_ARRAY && j < parties->via.array.size; j++) {
            char name[256];
            if (*web_str (&parties->via.array.ptr[j], "name", name, sizeof name)) {
                html_data_set (html_data_add (item, "parties"), "party", name);
                html_data_flag (item, "has_parties", true);
            }
        }
    }
    free (text);
    sk_frame_release (&frame);
    web_page_render (req, rss ? "rss" : "stories", &data, 200, reply);
    if (rss && reply->status == 200)
        reply->content_type = "application/rss+xml; charset=utf-8";
}

//  The label of term code in taxonomy from the term list, in the page's
//  language; the code itself if the list has none.
static const char *
s_label (const web_request_t *req, const msgpack_object *terms, const char *taxonomy,
         const char *code, char *buf, size_t size)
{
    for (uint32_t i = 0; terms && i < terms->via.array.size; i++) {
        const msgpack_object *t = &terms->via.array.ptr[i];
        char tax[32], c[96];
        if (streq (web_str (t, "taxonomy", tax, sizeof tax), taxonomy)
            && streq (web_str (t, "code", c, sizeof c), code)
            && *web_str (t, req->lang == WEB_EN ? "label_en" : "label_da", buf, size))
            return buf;
    }
    snprintf (buf, size, "%s", code);
    return buf;
}

//  A party's declarations of relation (has: competence, serves: target
//  group) as the list relation of item: {label}. Levels are the
//  matching's, not the public's ("Ældre (1 – lidt)" reads oddly): left out.
static void
s_declarations (const web_request_t *req, const msgpack_object *party, const msgpack_object *terms,
                const char *relation, const char *taxonomy, html_data_t *item)
{
    const msgpack_object *list = sk_obj_get (party, relation);
    html_data_list (item, relation);
    for (uint32_t i = 0; list && list->type == MSGPACK_OBJECT_ARRAY && i < list->via.array.size;
         i++) {
        char code[96], label[256];
        html_data_set (html_data_add (item, relation), "label",
                       s_label (req, terms, taxonomy,
                                web_str (&list->via.array.ptr[i], "term", code, sizeof code), label,
                                sizeof label));
        html_data_flag (item, relation[0] == 'h' ? "has_has" : "has_serves", true);
    }
}

//  A party's activities as the list activities of item: {name, type,
//  description, groups}, the type and target groups by their labels; the
//  profile's publish box promises them.
static void
s_activities (const web_request_t *req, const msgpack_object *party, const msgpack_object *terms,
              html_data_t *item)
{
    const msgpack_object *list = sk_obj_get (party, "activities");
    char *text = sk_malloc (S_TEXT_MAX);
    html_data_list (item, "activities");
    for (uint32_t i = 0; list && list->type == MSGPACK_OBJECT_ARRAY && i < list->via.array.size;
         i++) {
        const msgpack_object *a = &list->via.array.ptr[i];
        char code[96], label[256];
        html_data_t *row = html_data_add (item, "activities");
        html_data_set (row, "name", web_str (a, "name", text, S_TEXT_MAX));
        html_data_set (row, "description", web_str (a, "description", text, S_TEXT_MAX));
        if (*web_str (a, "type", code, sizeof code))
            html_data_set (row, "type",
                           s_label (req, terms, "activity_type", code, label, sizeof label));
        const msgpack_object *groups = sk_obj_get (a, "target_groups");
        text[0] = 0;
        for (uint32_t j = 0;
             groups && groups->type == MSGPACK_OBJECT_ARRAY && j < groups->via.array.size; j++) {
            const msgpack_object *g = &groups->via.array.ptr[j];
            if (g->type != MSGPACK_OBJECT_STR)
                continue;
            snprintf (code, sizeof code, "%.*s", (int)g->via.str.size, g->via.str.ptr);
            size_t len = strlen (text);
            snprintf (text + len, S_TEXT_MAX - len, "%s%s", len ? ", " : "",
                      s_label (req, terms, "target_group", code, label, sizeof label));
        }
        html_data_set (row, "groups", text);
        html_data_flag (item, "has_activities", true);
    }
    free (text);
}

//  One published party as an item of the list parties of data.
static void
s_party (const web_request_t *req, const msgpack_object *p, const msgpack_object *terms,
         html_data_t *data)
{
    char *text = sk_malloc (S_TEXT_MAX);
    html_data_t *item = html_data_add (data, "parties");
    html_data_setf (item, "id", "%lld", (long long)web_int (p, "id", 0));
    html_data_set (item, "name", web_str (p, "name", text, S_TEXT_MAX));
    char key[32], kind[16];
    snprintf (key, sizeof key, "kind_%s", web_str (p, "kind", kind, sizeof kind));
    const char *kind_text = web_text (req->lang, key);
    html_data_set (item, "kind", kind_text ? kind_text : kind);
    html_data_set (item, "description", web_str (p, "description", text, S_TEXT_MAX));
    //  A website is shown as a link only if it is one
    web_str (p, "website", text, S_TEXT_MAX);
    if (strncmp (text, "https://", 8) == 0 || strncmp (text, "http://", 7) == 0)
        html_data_set (item, "website", text);
    s_declarations (req, p, terms, "has", "competence", item);
    s_declarations (req, p, terms, "serves", "target_group", item);
    s_activities (req, p, terms, item);
    free (text);
}

//  GET /k/offer: every published party of k, page by page.
static void
s_offer (const web_request_t *req, const char *k, web_reply_t *reply)
{
    sk_frame_t terms, page;
    sk_error_t err = { 0 };
    if (web_call (req->web, "registry.term.list", k, NULL, &terms, &err)) {
        sk_frame_release (&terms);
        s_failed (req, &err, reply);
        return;
    }
    html_data_t *data = s_data (req, k, "offer_heading");
    html_data_list (data, "parties");
    int64_t after = 0;
    int rc = 0;
    for (int n = 0; rc == 0 && n < S_OFFER_PAGES; n++) {
        rc = s_call (req, "registry.party.public", k, "after", after, &page, &err);
        const msgpack_object *items = rc ? NULL : s_items (&page);
        for (uint32_t i = 0; items && i < items->via.array.size; i++)
            s_party (req, &items->via.array.ptr[i], s_items (&terms), data);
        after = rc ? 0 : web_int (web_body (&page), "next", 0);
        sk_frame_release (&page);
        if (after <= 0)
            break;
    }
    sk_frame_release (&terms);
    if (rc) {
        html_data_destroy (&data);
        s_failed (req, &err, reply);
    } else
        web_page_render (req, "offer", &data, 200, reply);
}

bool
web_public_route (const web_request_t *req, web_reply_t *reply)
{
    char k[5];
    const char *page;
    if (!s_public_path (req->path, k, &page)
        || !(streq (page, "stories") || streq (page, "stories.rss") || streq (page, "offer")))
        return false;
    if (!web_municipality_name (req->web, k))
        web_page_error (req, 404, reply);
    else if (streq (page, "offer"))
        s_offer (req, k, reply);
    else
        s_stories (req, k, streq (page, "stories.rss"), reply);
    return true;
}
