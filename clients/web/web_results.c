/*  web_results.c: a citizen budget's published results.

    GET /K/budget/ID/results             every project per pool, the
                                         winners first, with votes (and
                                         points) and cost, the rule in
                                         plain Danish, a bar chart drawn
                                         here as inline SVG, and a late
                                         count (papers, when, why; not who)
    GET /K/budget/ID/results/pool-N.pb   the anonymised Pabulib file of
                                         pool N (1, 2, ... in the budget's
                                         order; vote.pb.export) as
                                         ID-pool-N.pb, named like the CLI's
                                         export (sk_pb_name)
    GET /K/budget/ID/results/ballots.csv the counted ballots (vote.ballot.list)
                                         as CSV: ';', a BOM, like the codes;
                                         the projects by code and by title

    Only once the results are published (phases published, implementation):
    before that the page says so. The chart is template markup with the
    values escaped like any other; its title and description name it, and
    the table beside it holds the same figures as text.
*/
#include <czmq.h>

#include "csv/csv.h"
#include "tally/tally_words.h"
#include "sk_mem.h"
#include "sk_names.h"
#include "web.h"

#define S_CHART_WIDTH 400 //  the chart's view box
#define S_BAR_MAX     320 //  the longest bar
#define S_ROW         44  //  per project: its label, then its bar

static const char *s_published[] = { "published", "implementation", NULL };
static const char *s_archived[] = { "archived", NULL };

//  A project's weight in the chart: its points on a points ballot, else
//  its votes.
static int64_t
s_weight (const msgpack_object *project, bool by_points)
{
    char score[64];
    return by_points ? strtoll (web_str (project, "score", score, sizeof score), NULL, 10)
                     : web_int (project, "votes", 0);
}

//  The projects of a pool with equal votes (points on a points ballot)
//  into the list "ties" of item, one row per group in the order of the
//  results: its count, the projects with their codes (the tie-break reads
//  the codes), and which were chosen. Returns how many groups.
static int
s_ties (const web_request_t *req, const msgpack_object *projects, uint32_t n, bool by_points,
        html_data_t *item)
{
    bool *done = sk_calloc (n + 1, sizeof (bool));
    int groups = 0;
    html_data_list (item, "ties");
    for (uint32_t k = 0; k < n; k++) {
        if (done[k])
            continue; //  in a group before: none after it has its weight
        int64_t weight = s_weight (&projects->via.array.ptr[k], by_points);
        uint32_t size = 0, chosen = 0;
        for (uint32_t j = k; j < n; j++)
            size += s_weight (&projects->via.array.ptr[j], by_points) == weight;
        if (size < 2)
            continue;
        char *names = NULL, *winners = NULL;
        size_t len = 0, wlen = 0;
        FILE *out = open_memstream (&names, &len), *won = open_memstream (&winners, &wlen);
        for (uint32_t j = k; j < n; j++) {
            const msgpack_object *p = &projects->via.array.ptr[j];
            if (done[j] || s_weight (p, by_points) != weight)
                continue;
            char title[512], code[64];
            const msgpack_object *sel = sk_obj_get (p, "selected");
            bool is_chosen = sel && sel->type == MSGPACK_OBJECT_BOOLEAN && sel->via.boolean;
            web_str (p, "title", title, sizeof title);
            fprintf (out, "%s%s (%s)", j > k ? ", " : "", title,
                     web_str (p, "code", code, sizeof code));
            if (is_chosen)
                fprintf (won, "%s%s", chosen++ ? ", " : "", title);
            done[j] = true;
        }
        fclose (out), fclose (won);
        html_data_t *row = html_data_add (item, "ties");
        html_data_setf (row, "count", "%lld", (long long)weight);
        html_data_set (row, "names", names);
        if (chosen == 0)
            html_data_set (row, "outcome", web_text (req->lang, "results_tie_none"));
        else if (chosen == size)
            html_data_set (row, "outcome", web_text (req->lang, "results_tie_all"));
        else {
            char *text = sk_asprintf ("%s: %s.", web_text (req->lang, "results_tie_some"), winners);
            html_data_set (row, "outcome", text);
            free (text);
        }
        free (names), free (winners);
        groups++;
    }
    free (done);
    //  Not has_ties: a flag that is off is no value, and the page's
    //  has_ties (another pool's ties) would show through
    html_data_flag (item, "pool_has_ties", groups > 0);
    return groups;
}

//  How a greedy rule orders the projects: by votes or points (weight),
//  per krone (per_cost) for greedy-card and a points file counted as
//  pabutools counts it; the code's byte order breaks ties (lib/tally).
typedef struct {
    bool greedy, mes, by_points, per_cost;
} s_rule_t;

//  True if the greedy rule r reached project a before b.
static bool
s_ahead (const s_rule_t *r, const msgpack_object *a, const msgpack_object *b)
{
    __int128 wa = s_weight (a, r->by_points), wb = s_weight (b, r->by_points);
    if (r->per_cost) {
        wa *= web_int (b, "cost", 0);
        wb *= web_int (a, "cost", 0);
    }
    char ca[64], cb[64];
    return wa > wb
           || (wa == wb
               && strcmp (web_str (a, "code", ca, sizeof ca), web_str (b, "code", cb, sizeof cb))
                      < 0);
}

//  Why project k of the n projects of a pool (budget) was not chosen,
//  as the reason of its row: under a greedy rule it cost more than what
//  was left when the rule reached it (the budget less the winners reached
//  before it); under MES its supporters could not pay it. Nothing for a
//  project without votes (never chosen), nor when the rule gives no
//  plain reason.
static void
s_reason (const web_request_t *req, const s_rule_t *rule, const msgpack_object *projects,
          uint32_t n, uint32_t k, int64_t budget, html_data_t *row)
{
    const msgpack_object *project = &projects->via.array.ptr[k];
    if (web_int (project, "votes", 0) == 0)
        return;
    if (rule->mes) {
        html_data_set (row, "reason", web_text (req->lang, "results_reason_mes"));
        return;
    }
    if (!rule->greedy)
        return;
    int64_t left = budget;
    for (uint32_t j = 0; j < n; j++) {
        const msgpack_object *other = &projects->via.array.ptr[j];
        const msgpack_object *sel = sk_obj_get (other, "selected");
        if (j != k && sel && sel->type == MSGPACK_OBJECT_BOOLEAN && sel->via.boolean
            && s_ahead (rule, other, project))
            left -= web_int (other, "cost", 0);
    }
    if (web_int (project, "cost", 0) <= left)
        return; //  another reason (greedy-threshold's minimum)
    char *kr = web_text_kr (req->lang, left);
    char *text = sk_asprintf ("%s: %s", web_text (req->lang, "results_reason_greedy"), kr);
    html_data_set (row, "reason", text);
    free (text);
    free (kr);
}

//  One pool of the results into the list pools of data; how many groups
//  of projects in it have equal votes.
static int
s_pool (const web_request_t *req, const msgpack_object *pool, const s_rule_t *rule, size_t index,
        html_data_t *data)
{
    bool by_points = rule->by_points;
    char text[512];
    html_data_t *item = html_data_add (data, "pools");
    html_data_set (item, "name", web_str (pool, "pool", text, sizeof text));
    html_data_setf (item, "index", "%zu", index);
    const char *amounts[][2] = { { "budget", "budget" },
                                 { "total_cost", "spent" },
                                 { "remaining", "remaining" } };
    for (size_t i = 0; i < 3; i++) {
        char *kr = web_text_kr (req->lang, web_int (pool, amounts[i][0], 0));
        html_data_set (item, amounts[i][1], kr);
        free (kr);
    }
    const msgpack_object *projects = sk_obj_get (pool, "projects");
    uint32_t n = projects && projects->type == MSGPACK_OBJECT_ARRAY ? projects->via.array.size : 0;
    int64_t max = 1;
    for (uint32_t k = 0; k < n; k++)
        if (s_weight (&projects->via.array.ptr[k], by_points) > max)
            max = s_weight (&projects->via.array.ptr[k], by_points);
    html_data_setf (item, "chart_height", "%u", n * S_ROW + 8);
    html_data_list (item, "projects");
    for (uint32_t k = 0; k < n; k++) {
        const msgpack_object *project = &projects->via.array.ptr[k];
        html_data_t *row = html_data_add (item, "projects");
        const msgpack_object *selected = sk_obj_get (project, "selected");
        html_data_flag (row, "selected",
                        selected && selected->type == MSGPACK_OBJECT_BOOLEAN
                            && selected->via.boolean);
        html_data_set (row, "title", web_str (project, "title", text, sizeof text));
        char *kr = web_text_kr (req->lang, web_int (project, "cost", 0));
        html_data_set (row, "cost", kr);
        free (kr);
        html_data_setf (row, "votes", "%lld", (long long)web_int (project, "votes", 0));
        if (by_points)
            html_data_setf (row, "score", "%lld", (long long)s_weight (project, true));
        int64_t weight = s_weight (project, by_points);
        html_data_setf (row, "text_y", "%u", k * S_ROW + 16);
        html_data_setf (row, "bar_y", "%u", k * S_ROW + 22);
        html_data_setf (row, "bar_w", "%lld", (long long)(weight * S_BAR_MAX / max));
        html_data_setf (row, "value_x", "%lld", (long long)(weight * S_BAR_MAX / max + 6));
        html_data_setf (row, "value_y", "%u", k * S_ROW + 36);
        html_data_setf (row, "weight", "%lld", (long long)weight);
        if (!(selected && selected->type == MSGPACK_OBJECT_BOOLEAN && selected->via.boolean))
            s_reason (req, rule, projects, n, k, web_int (pool, "budget", 0), row);
    }
    return s_ties (req, projects, n, by_points, item);
}

//  A late count (paper ballots added after the close) of the results r
//  into data: how many, when it was opened, why; never who opened it.
static void
s_late (const web_request_t *req, const msgpack_object *r, html_data_t *data)
{
    const msgpack_object *late = sk_obj_get (r, "late_count");
    if (!late || late->type != MSGPACK_OBJECT_MAP)
        return;
    char text[1024];
    html_data_flag (data, "late", true);
    html_data_setf (data, "late_papers", "%lld", (long long)web_int (late, "papers", 0));
    char *when = web_text_local (req->lang, web_str (late, "opened_at", text, sizeof text));
    html_data_set (data, "late_opened", when);
    free (when);
    html_data_set (data, "late_reason", web_str (late, "reason", text, sizeof text));
}

//  The results page from the results r of process p.
static void
s_page (const web_request_t *req, const char *k, int64_t process, const msgpack_object *r,
        html_data_t *data, web_reply_t *reply)
{
    char ballot[32], rule[32], counting[16];
    web_str (r, "ballot", ballot, sizeof ballot);
    web_str (r, "rule", rule, sizeof rule);
    bool pabulib = streq (web_str (r, "counting", counting, sizeof counting), "pabulib");
    bool by_points = streq (ballot, "cumulative") || streq (ballot, "ranked");
    html_data_flag (data, "by_points", by_points);
    char *text = tally_explain (ballot, rule, pabulib, req->lang == WEB_EN);
    html_data_set (data, "rule_text", text ? text : rule);
    free (text);
    html_data_setf (data, "voters", "%lld", (long long)web_int (r, "voters", 0));
    html_data_flag (data, "results", true);
    s_late (req, r, data);
    html_data_setf (data, "csv_href", "/%s/budget/%lld/results/ballots.csv", k, (long long)process);
    html_data_setf (data, "pb_href", "/%s/budget/%lld/results/pool-", k, (long long)process);
    const msgpack_object *pools = sk_obj_get (r, "pools");
    uint32_t n = pools && pools->type == MSGPACK_OBJECT_ARRAY ? pools->via.array.size : 0;
    html_data_list (data, "pools");
    html_data_flag (data, "several_pools", n > 1);
    s_rule_t how = { .greedy = strncmp (rule, "greedy", 6) == 0,
                     .mes = strncmp (rule, "mes", 3) == 0,
                     .by_points = by_points,
                     .per_cost = streq (rule, "greedy-card") || (by_points && pabulib) };
    int ties = 0;
    for (uint32_t i = 0; i < n; i++)
        ties += s_pool (req, &pools->via.array.ptr[i], &how, i + 1, data);
    //  How the rule broke them, where there are any: lib/tally takes, of
    //  projects level under the rule, the one whose code comes first in
    //  byte order; the greedy rules are level on equal votes (cost
    //  satisfaction) or points (samskab's points times cost; points per
    //  krone as pabutools counts an imported file), the others on their own
    //  measure; the vote service lists projects not chosen by votes, then
    //  in the order they were added (vote_result.c)
    html_data_flag (data, "has_ties", ties > 0);
    const char *level = strncmp (rule, "greedy", 6) != 0 ? "results_tie_level_other"
                        : by_points && pabulib           ? "results_tie_level_per_krone"
                        : by_points                      ? "results_tie_level_points"
                                                         : "results_tie_level_votes";
    html_data_set (data, "tie_level", web_text (req->lang, level));
    html_data_setf (data, "chart_width", "%d", S_CHART_WIDTH);
    web_page_render (req, "results", &data, 200, reply);
}

//  A download of len bytes (owned) as filename.
static void
s_download (char *body, size_t len, const char *content_type, const char *filename,
            web_reply_t *reply)
{
    reply->status = 200;
    reply->body = body;
    reply->len = len;
    reply->content_type = content_type;
    reply->filename = sk_strdup (filename);
}

//  A project's id and Pabulib code, to name a ballot's projects, and the
//  project (its title).
typedef struct {
    int64_t id;
    char code[64];
    const msgpack_object *project;
} s_code_t;

static int
s_code_cmp (const void *a, const void *b)
{
    const s_code_t *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

//  Values of the array values as one text joined by commas (a project by
//  its code when codes is given; by its title, joined by " | ", when
//  titles); the caller frees it.
static char *
s_joined (const msgpack_object *values, const s_code_t *codes, size_t ncodes, bool titles)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream (&text, &len);
    for (uint32_t j = 0;
         values && values->type == MSGPACK_OBJECT_ARRAY && j < values->via.array.size; j++) {
        int64_t v = 0;
        sk_obj_int (&values->via.array.ptr[j], &v);
        s_code_t key = { .id = v };
        const s_code_t *found =
            codes ? bsearch (&key, codes, ncodes, sizeof *codes, s_code_cmp) : NULL;
        char title[512];
        if (found && titles)
            fprintf (out, "%s%s", j ? " | " : "",
                     web_str (found->project, "title", title, sizeof title));
        else if (found)
            fprintf (out, "%s%s", j ? "," : "", found->code);
        else
            fprintf (out, "%s%lld", j ? "," : "", (long long)v);
    }
    fclose (out);
    return text;
}

//  One counted ballot as a CSV line; its receipt into after.
static void
s_ballot_line (FILE *out, const msgpack_object *ballot, const s_code_t *codes, size_t ncodes,
               char *after, size_t size)
{
    const msgpack_object *paper = sk_obj_get (ballot, "paper");
    char *projects = s_joined (sk_obj_get (ballot, "projects"), codes, ncodes, false);
    char *points = s_joined (sk_obj_get (ballot, "points"), NULL, 0, false);
    char *titles = s_joined (sk_obj_get (ballot, "projects"), codes, ncodes, true);
    csv_field (out, web_str (ballot, "receipt", after, size), ';', false);
    csv_field (out,
               paper && paper->type == MSGPACK_OBJECT_BOOLEAN && paper->via.boolean ? "ja" : "nej",
               ';', false);
    csv_field (out, projects, ';', false);
    csv_field (out, points, ';', false);
    csv_field (out, titles, ';', true);
    free (projects);
    free (points);
    free (titles);
}

//  The counted ballots as CSV into reply, page by page; 0, or -1 with err.
static int
s_ballots_csv (const web_request_t *req, const char *k, int64_t process, const msgpack_object *p,
               web_reply_t *reply, sk_error_t *err)
{
    const msgpack_object *projects = sk_obj_get (p, "projects");
    size_t np = projects && projects->type == MSGPACK_OBJECT_ARRAY ? projects->via.array.size : 0;
    s_code_t *codes = sk_calloc (np + 1, sizeof *codes);
    for (size_t x = 0; x < np; x++) {
        codes[x].id = web_int (&projects->via.array.ptr[x], "id", 0);
        web_str (&projects->via.array.ptr[x], "code", codes[x].code, sizeof codes[x].code);
        codes[x].project = &projects->via.array.ptr[x];
    }
    qsort (codes, np, sizeof *codes, s_code_cmp);
    char *csv = NULL, after[32] = "";
    size_t len = 0;
    FILE *out = open_memstream (&csv, &len);
    fputs ("\xEF\xBB\xBF", out); //  a BOM, so that spreadsheets read UTF-8
    //  The projects by code (as in the .pb files) and by title, in the
    //  same order, so that a citizen can read them
    const char *head[] = { "kvittering", "papir", "projekter", "point", "titler" };
    for (size_t i = 0; i < 5; i++)
        csv_field (out, head[i], ';', i == 4);
    int rc = 0;
    for (uint32_t got = 5000; rc == 0 && got == 5000;) {
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, 3);
        sk_pack_kint (&body, "process", process);
        sk_pack_kstr (&body, "after", after);
        sk_pack_kint (&body, "limit", 5000);
        sk_frame_t frame;
        rc = web_call (req->web, "vote.ballot.list", k, &body, &frame, err);
        sk_pack_release (&body);
        const msgpack_object *items = rc ? NULL : sk_obj_get (web_body (&frame), "items");
        got = items && items->type == MSGPACK_OBJECT_ARRAY ? items->via.array.size : 0;
        for (uint32_t b = 0; b < got; b++)
            s_ballot_line (out, &items->via.array.ptr[b], codes, np, after, sizeof after);
        sk_frame_release (&frame);
    }
    fclose (out);
    free (codes);
    if (rc) {
        free (csv);
        return -1;
    }
    char *name = sk_asprintf ("stemmer-%s-%lld.csv", k, (long long)process);
    s_download (csv, len, "text/csv; charset=utf-8", name, reply);
    free (name);
    return 0;
}

//  Pool n (from 1) of process p as a Pabulib file into reply; 0, or -1
//  with err (not_found for a pool that is not there).
static int
s_pool_pb (const web_request_t *req, const char *k, int64_t process, const msgpack_object *p,
           int64_t n, web_reply_t *reply, sk_error_t *err)
{
    const msgpack_object *pools = sk_obj_get (p, "pools");
    uint32_t count = pools && pools->type == MSGPACK_OBJECT_ARRAY ? pools->via.array.size : 0;
    if (n < 1 || n > count)
        return sk_error_set (err, "not_found", "pool", "no pool %lld", (long long)n);
    char pool[256];
    web_str (&pools->via.array.ptr[n - 1], "name", pool, sizeof pool);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kint (&body, "process", process);
    sk_pack_kstr (&body, "pool", pool);
    sk_frame_t frame;
    int rc = web_call (req->web, "vote.pb.export", k, &body, &frame, err);
    sk_pack_release (&body);
    const msgpack_object *pb = rc ? NULL : sk_obj_get (web_body (&frame), "pb");
    if (rc == 0 && pb && pb->type == MSGPACK_OBJECT_STR) {
        char name[64];
        sk_pb_name (name, sizeof name, process, n);
        s_download (sk_strndup (pb->via.str.ptr, pb->via.str.size), pb->via.str.size,
                    "text/plain; charset=utf-8", name, reply);
    } else if (rc == 0)
        rc = sk_error_set (err, "internal", NULL, "no pb in the reply");
    sk_frame_release (&frame);
    return rc;
}

//  A download (page "results/..."): 0 with it in reply, or -1 with err.
static int
s_file (const web_request_t *req, const char *k, int64_t process, const msgpack_object *p,
        const char *file, web_reply_t *reply, sk_error_t *err)
{
    if (streq (file, "ballots.csv"))
        return s_ballots_csv (req, k, process, p, reply, err);
    size_t digits = strspn (file + 5, "0123456789");
    if (strncmp (file, "pool-", 5) == 0 && digits > 0 && digits < 6 && file[5] != '0'
        && streq (file + 5 + digits, ".pb"))
        return s_pool_pb (req, k, process, p, strtoll (file + 5, NULL, 10), reply, err);
    return sk_error_set (err, "not_found", NULL, "no such file");
}

void
web_page_results (const web_request_t *req, const char *k, int64_t process, const char *file,
                  web_reply_t *reply)
{
    sk_frame_t frame, results;
    if (web_page_process (req, k, process, &frame, reply)) {
        sk_frame_release (&frame);
        return;
    }
    const msgpack_object *p = web_body (&frame);
    bool published = web_page_phase_in (p, s_published);
    sk_error_t err = { 0 };
    int rc = 0;
    msgpack_unpacked_init (&results.unpacked);
    if (published && file)
        rc = s_file (req, k, process, p, file, reply, &err);
    else if (published) {
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, 1);
        sk_pack_kint (&body, "process", process);
        msgpack_unpacked_destroy (&results.unpacked);
        rc = web_call (req->web, "vote.results.get", k, &body, &results, &err);
        sk_pack_release (&body);
    }
    if (rc || (!published && file)) {
        if (!published || streq (err.code, "not_found") || streq (err.code, "conflict"))
            web_page_error (req, 404, reply);
        else
            web_page_error (req, streq (err.code, "unavailable") ? 503 : 500, reply);
    } else if (!file) {
        html_data_t *data = web_page_budget_data (req, k, process, p, "results");
        if (published)
            s_page (req, k, process, web_body (&results), data, reply);
        else {
            //  An archived process will have no results: no date for them
            bool archived = web_page_phase_in (p, s_archived);
            html_data_set (data, "notice",
                           web_text (req->lang, archived ? "allows_archived" : "results_not_yet"));
            char iso[32];
            if (!archived && *web_str (p, "results_on", iso, sizeof iso)) {
                char *date = web_text_date (req->lang, iso);
                html_data_set (data, "results_on", date);
                html_data_set (data, "results_on_iso", iso);
                free (date);
            }
            web_page_render (req, "results", &data, 200, reply);
        }
    }
    sk_frame_release (&results);
    sk_frame_release (&frame);
}
