/*  web_ballot.c: the ballot of a citizen budget on the web, for each of
    the vote service's ballot types, without JavaScript:
        approval, knapsack  a box per project (field project=ID)
        cumulative          a number of points per project (points-ID)
        ranked              a select of a place per project (rank-ID)
    web_ballot_data fills the form's values (the posted ones kept, so a
    refused ballot comes back as the voter left it), web_ballot_read turns
    a posted form into the cast's projects and points, and
    web_ballot_refusal names the message for the vote service's refusal.
    The knapsack and cumulative pools carry their limit as data-limit and
    each project its cost (data-cost) for static/ballot.js, which only adds
    a live counter.

    The pools are a part of their own (templates/ballot_pools.html). A
    ballot form shown after a code, with no choice posted yet, is the same
    for every voter of a process version and language: its pools are
    rendered once and kept with the process (web_process.c), so the ballot
    of a 160-project budget is copied rather than made for each voter. A
    ballot shown again with the voter's choices is made anew.
*/
#include <czmq.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "web.h"

//  The form's value of PREFIX-ID, or NULL.
static const char *
s_field (const web_request_t *req, const char *prefix, const char *id)
{
    char name[48];
    snprintf (name, sizeof name, "%s-%s", prefix, id);
    return web_form_get (req->form, name);
}

//  A posted whole number from 0 to max (an empty field is 0); -1 if it is
//  no such number.
static int64_t
s_number (const char *text, int64_t max)
{
    if (!text || !*text)
        return 0;
    char *end = NULL;
    long long v = strtoll (text, &end, 10);
    return end == text || *end || v < 0 || v > max ? -1 : v;
}

typedef struct {
    const web_request_t *req;
    const msgpack_object *p;
    const char *ballot;
    int64_t max_choices;
    int64_t points;
    int64_t err_pool;     //  the id of the pool a refusal names, 0 if none
    const char *err_text; //  and why
} s_ctx_t;

//  One project's fields on the ballot (web_page_pools calls it per row).
static void
s_row (void *arg, const msgpack_object *project, const char *id, size_t pool_size, html_data_t *row)
{
    const s_ctx_t *ctx = arg;
    const web_request_t *req = ctx->req;
    html_data_setf (row, "cost_raw", "%lld", (long long)web_int (project, "cost", 0));
    if (streq (ctx->ballot, "cumulative")) {
        const char *v = s_field (req, "points", id);
        html_data_set (row, "points", v && strlen (v) < 12 ? v : "");
    } else if (streq (ctx->ballot, "ranked")) {
        const char *v = s_field (req, "rank", id);
        size_t places = ctx->max_choices > 0 && (size_t)ctx->max_choices < pool_size
                            ? (size_t)ctx->max_choices
                            : pool_size;
        html_data_list (row, "ranks");
        for (size_t n = 1; n <= places; n++) {
            html_data_t *option = html_data_add (row, "ranks");
            html_data_setf (option, "n", "%zu", n);
            html_data_flag (option, "selected", v && (size_t)atoll (v) == n);
        }
    } else {
        const char *chosen[1000];
        size_t n = web_form_all (req->form, "project", chosen, 1000);
        bool on = false;
        for (size_t c = 0; c < n; c++)
            on |= streq (chosen[c], id);
        html_data_flag (row, "checked", on);
    }
}

//  One pool's explanation and limit.
static void
s_pool (void *arg, const msgpack_object *pool, html_data_t *item)
{
    const s_ctx_t *ctx = arg;
    int64_t budget = web_int (pool, "budget", 0);
    if (ctx->err_pool && web_int (pool, "id", 0) == ctx->err_pool) {
        html_data_set (item, "pool_error", ctx->err_text);
        html_data_setf (item, "pool_id", "%lld", (long long)ctx->err_pool);
    }
    if (streq (ctx->ballot, "knapsack")) {
        html_data_setf (item, "limit", "%lld", (long long)budget);
        int64_t share = web_int (ctx->p, "min_share", 0);
        if (share > 0) {
            char *kr = web_text_kr (ctx->req->lang, (budget * share + 99) / 100);
            html_data_set (item, "min_spend", kr);
            html_data_setf (item, "min_share", "%lld", (long long)share);
            free (kr);
        }
    } else if (streq (ctx->ballot, "cumulative"))
        html_data_setf (item, "limit", "%lld", (long long)ctx->points);
}

void
web_ballot_data (const web_request_t *req, const char *k, int64_t process, const msgpack_object *p,
                 int64_t err_pool, const char *err_text, html_data_t *data)
{
    char ballot[32];
    web_str (p, "ballot", ballot, sizeof ballot);
    s_ctx_t ctx = { .req = req,
                    .p = p,
                    .ballot = ballot,
                    .max_choices = web_int (p, "max_choices", 0),
                    .points = web_int (p, "points", 0),
                    .err_pool = err_pool,
                    .err_text = err_text };
    html_data_flag (data, "ballot_form", true);
    html_data_flag (data, "checkboxes", streq (ballot, "approval") || streq (ballot, "knapsack"));
    html_data_flag (data, "knapsack", streq (ballot, "knapsack"));
    html_data_flag (data, "cumulative", streq (ballot, "cumulative"));
    html_data_flag (data, "ranked", streq (ballot, "ranked"));
    //  Set here too: the pools' part may come rendered from the cache
    const msgpack_object *pools = sk_obj_get (p, "pools");
    html_data_flag (data, "several_pools",
                    pools && pools->type == MSGPACK_OBJECT_ARRAY && pools->via.array.size > 1);
    if (ctx.points > 0)
        html_data_setf (data, "points_total", "%lld", (long long)ctx.points);
    //  The form after the code (no nonce yet): no choice posted
    bool fresh = !web_form_get (req->form, "nonce");
    int64_t version = web_int (p, "version", -1);
    html_part_t *part = fresh ? web_process_part (k, process, version, req->lang) : NULL;
    if (!part) {
        char why[256] = "";
        web_page_pools (req, p, data, s_pool, s_row, &ctx);
        part = html_set_render_part (req->web->templates, "ballot_pools", data, why, sizeof why);
        if (!part)
            sk_error ("could not render the ballot's pools: %s", why);
        else if (fresh)
            web_process_part_keep (k, process, version, req->lang, part);
    }
    //  A part that could not be made leaves ballot_pools without a value:
    //  the page's render fails and says so
    if (part)
        html_data_part (data, "ballot_pools", part);
    html_part_unref (&part);
}

//  A rank and its project, to sort a ranked ballot by place.
typedef struct {
    int64_t rank;
    int64_t project;
    uint32_t index; //  in the process's projects
} s_place_t;

//  True if the projects at a and b of the process are in one pool.
static bool
s_same_pool (const msgpack_object *projects, uint32_t a, uint32_t b)
{
    char pa[256], pb[256];
    return streq (web_str (&projects->via.array.ptr[a], "pool", pa, sizeof pa),
                  web_str (&projects->via.array.ptr[b], "pool", pb, sizeof pb));
}

static int
s_place_cmp (const void *a, const void *b)
{
    const s_place_t *x = a, *y = b;
    return x->rank < y->rank ? -1 : x->rank > y->rank;
}

int
web_ballot_read (const web_request_t *req, const msgpack_object *p, web_ballot_t *out,
                 const char **problem)
{
    char ballot[32], id[24];
    web_str (p, "ballot", ballot, sizeof ballot);
    out->n = 0;
    out->has_points = streq (ballot, "cumulative");
    if (!streq (ballot, "cumulative") && !streq (ballot, "ranked")) {
        const char *chosen[WEB_MAX_CHOSEN];
        size_t n = web_form_all (req->form, "project", chosen, WEB_MAX_CHOSEN);
        for (size_t i = 0; i < n; i++)
            out->projects[out->n++] = strtoll (chosen[i], NULL, 10);
        return 0;
    }
    const msgpack_object *projects = sk_obj_get (p, "projects");
    uint32_t count =
        projects && projects->type == MSGPACK_OBJECT_ARRAY ? projects->via.array.size : 0;
    s_place_t places[WEB_MAX_CHOSEN];
    for (uint32_t j = 0; j < count && out->n < WEB_MAX_CHOSEN; j++) {
        int64_t pid = web_int (&projects->via.array.ptr[j], "id", 0);
        snprintf (id, sizeof id, "%lld", (long long)pid);
        if (out->has_points) {
            int64_t v = s_number (s_field (req, "points", id), 1000000);
            if (v < 0) {
                *problem = "ballot_points_number";
                return -1;
            }
            if (v > 0) {
                out->projects[out->n] = pid;
                out->points[out->n++] = v;
            }
        } else {
            int64_t v = s_number (s_field (req, "rank", id), 10000);
            if (v < 0) {
                *problem = "ballot_rank_number";
                return -1;
            }
            for (size_t k = 0; v > 0 && k < out->n; k++)
                if (places[k].rank == v && s_same_pool (projects, places[k].index, j)) {
                    *problem = "ballot_rank_twice";
                    return -1;
                }
            if (v > 0)
                places[out->n++] = (s_place_t){ v, pid, j };
        }
    }
    if (out->has_points && out->n == 0) {
        *problem = "ballot_empty_points";
        return -1;
    }
    if (!out->has_points) {
        qsort (places, out->n, sizeof *places, s_place_cmp);
        for (size_t k = 0; k < out->n; k++)
            out->projects[k] = places[k].project;
    }
    return 0;
}

const char *
web_ballot_refusal (const sk_error_t *err)
{
    static const struct {
        const char *said, *key;
    } known[] = {
        { "more than its budget", "ballot_over_budget" },
        { "% of its budget", "ballot_under_share" },
        { " projects in pool", "ballot_too_many" },
        { "at least one project", "ballot_empty" },
        { " points in pool", "ballot_too_many_points" },
        { "points must be a whole number", "ballot_points_range" },
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strstr (err->message, known[i].said))
            return known[i].key;
    return "ballot_refused";
}

char *
web_ballot_over_points (web_lang_t lang, const sk_error_t *err)
{
    //  The refusal's detail (vote_ballot.c): {pool (id), points, given}
    int64_t points, given;
    if (!sk_error_detail_get (err, "points", &points)
        || !sk_error_detail_get (err, "given", &given))
        return NULL;
    return sk_asprintf (web_text (lang, "ballot_points_given"), (long long)given,
                        (long long)points);
}

char *
web_ballot_over_budget (web_lang_t lang, const sk_error_t *err, const msgpack_object *p,
                        int64_t *pool)
{
    //  The refusal's detail (vote_ballot.c): {pool (id), budget, total}
    int64_t budget, total;
    if (!sk_error_detail_get (err, "pool", pool) || !sk_error_detail_get (err, "budget", &budget)
        || !sk_error_detail_get (err, "total", &total))
        return NULL;
    const msgpack_object *pools = sk_obj_get (p, "pools"), *named = NULL;
    for (uint32_t i = 0; pools && pools->type == MSGPACK_OBJECT_ARRAY && i < pools->via.array.size;
         i++)
        if (web_int (&pools->via.array.ptr[i], "id", 0) == *pool)
            named = &pools->via.array.ptr[i];
    if (!named)
        return NULL;
    //  One pool goes without its name ("all" by default)
    char name[1024];
    const char *who = pools->via.array.size > 1 ? web_str (named, "name", name, sizeof name)
                                                : web_text (lang, "ballot_over_one");
    char *chosen = web_text_kr (lang, total), *of = web_text_kr (lang, budget);
    char *text = sk_asprintf ("%s: %s %s %s %s%s %s", who, web_text (lang, "ballot_over_chosen"),
                              chosen, web_text (lang, "ballot_over_of"), of, web_text_stop (of),
                              web_text (lang, "ballot_over_fix"));
    free (chosen);
    free (of);
    return text;
}
