/*  vote_pabulib.c: citizen budgets to and from Pabulib .pb files.

    Import makes a closed process of a .pb file: one pool with the file's
    budget, its projects (ids as project codes), and its votes as ballots
    with fresh random receipts; it counts as pabutools counts the file
    (counting 'pabulib') unless the file has META samskab_counting. Export
    writes one pool of a closed process as a .pb file for researchers and
    the equalshares.net tools: voters are numbered 1, 2, ... in receipt
    order (random), nothing else of a ballot leaves the service. Its META
    says how the service counted (s_count_of), so that samskab-tally
    counts the file to the same result.
*/
#include <czmq.h>
#include <gmp.h>

#include "sk_log.h"
#include "pabulib/pb.h"
#include "tally/tally.h"
#include "vote_svc.h"

#define S_MAX_PB (SK_MAX_FRAME - 4096) //  the text in one request

static const char *s_after_close[] = { "closed", "published", "implementation", NULL };

//  An exact integer that fits in int64, from q; -1 if q is not one.
static int
s_whole (const mpq_t q, int64_t *value)
{
    if (mpz_cmp_ui (mpq_denref (q), 1) != 0 || !mpz_fits_slong_p (mpq_numref (q))
        || mpz_sgn (mpq_numref (q)) < 0)
        return -1;
    *value = mpz_get_si (mpq_numref (q));
    return 0;
}

//  The import's one pool and its projects, in one statement from arrays:
//  their ids in file order, or NULL with the call's error set.
static PGresult *
s_insert_projects (sk_call_t *call, pb_t *pb, int64_t process, int64_t budget)
{
    size_t np = pb_projects (pb);
    int rc = 0;
    mpq_t q;
    mpq_init (q);
    zchunk_t *codes = zchunk_new ("{", 1), *titles = zchunk_new ("{", 1),
             *costs = zchunk_new ("{", 1);
    for (size_t i = 0; !rc && i < np; i++) {
        int64_t cost = 0;
        pb_project_cost (pb, i, q);
        const char *id = pb_project_id (pb, i);
        const char *title = pb_project_field (pb, i, "name");
        if (s_whole (q, &cost))
            rc = sk_call_fail (call, "invalid_argument", "pb",
                               "cost of project "
                               "\"%.64s\" must be a whole number of DKK",
                               id);
        vote_array_add (codes, id);
        vote_array_add (titles, title && *title ? title : id);
        vote_array_add (costs, sk_call_itoa (call, cost));
    }
    zchunk_extend (codes, "}", 2);
    zchunk_extend (titles, "}", 2);
    zchunk_extend (costs, "}", 2);
    PGresult *ids = NULL;
    if (!rc) {
        const char *params[] = { sk_call_itoa (call, process), call->req->tenant,
                                 (char *)zchunk_data (codes),  (char *)zchunk_data (titles),
                                 (char *)zchunk_data (costs),  sk_call_itoa (call, budget) };
        PGresult *r = sk_call_sql (
            call,
            "WITH o AS (INSERT INTO pool (process_id, tenant, name, budget) "
            "VALUES ($1, $2, 'all', $6) RETURNING id) "
            "INSERT INTO project (process_id, tenant, pool_id, code, title, cost) "
            "SELECT $1, $2, o.id, c, left(t, 500), k FROM o, "
            "unnest($3::text[], $4::text[], $5::bigint[]) WITH ORDINALITY AS p (c, t, k, n) "
            "ORDER BY n RETURNING id",
            6, params);
        if (!r && streq (call->err.code, "invalid_argument"))
            sk_call_fail (call, "invalid_argument", "pb",
                          "project ids must be 1 to 64 letters, digits, \".\", \"_\" or \"-\"");
        ids = r;
    }
    zchunk_destroy (&codes);
    zchunk_destroy (&titles);
    zchunk_destroy (&costs);
    mpq_clear (q);
    return ids;
}

//  The ballots, in one statement from arrays (COPY does not pass the
//  tenant wall), each with a random receipt; ids are the projects' ids in
//  file order. 0, or -1 with the call's error set.
static int
s_insert_ballots (sk_call_t *call, pb_t *pb, pb_type_t type, int64_t process, const PGresult *ids)
{
    size_t nv = pb_voters (pb);
    zchunk_t *receipts = zchunk_new ("{", 1), *lists = zchunk_new ("{", 1),
             *points_ = zchunk_new ("{", 1);
    for (size_t v = 0; v < nv; v++) {
        char receipt[20], num[32];
        vote_receipt_random (receipt);
        vote_array_add (receipts, receipt);
        size_t len = pb_ballot_size (pb, v);
        const uint32_t *b = pb_ballot (pb, v);
        const int64_t *pts = pb_ballot_points (pb, v);
        zchunk_extend (lists, v ? ",\"{" : "\"{", v ? 3 : 2);
        for (size_t k = 0; k < len; k++) {
            int n =
                snprintf (num, sizeof num, "%s%s", k ? "," : "", PQgetvalue (ids, (int)b[k], 0));
            zchunk_extend (lists, num, (size_t)n);
        }
        zchunk_extend (lists, "}\"", 2);
        if (type == PB_CUMULATIVE && pts) {
            zchunk_extend (points_, v ? ",\"{" : "\"{", v ? 3 : 2);
            for (size_t k = 0; k < len; k++) {
                int n = snprintf (num, sizeof num, "%s%lld", k ? "," : "", (long long)pts[k]);
                zchunk_extend (points_, num, (size_t)n);
            }
            zchunk_extend (points_, "}\"", 2);
        } else
            zchunk_extend (points_, v ? ",NULL" : "NULL", v ? 5 : 4);
    }
    zchunk_extend (receipts, "}", 2);
    zchunk_extend (lists, "}", 2);
    zchunk_extend (points_, "}", 2);
    const char *params[] = { sk_call_itoa (call, process), call->req->tenant,
                             (char *)zchunk_data (receipts), (char *)zchunk_data (lists),
                             (char *)zchunk_data (points_) };
    PGresult *r = sk_call_sql (call,
                               "INSERT INTO ballot (process_id, tenant, receipt, projects, points) "
                               "SELECT $1, $2, r, p::bigint[], q::integer[] "
                               "FROM unnest($3::text[], $4::text[], $5::text[]) AS u (r, p, q)",
                               5, params);
    int rc = r ? 0 : -1;
    PQclear (r);
    zchunk_destroy (&receipts);
    zchunk_destroy (&lists);
    zchunk_destroy (&points_);
    return rc;
}

//  The ballot a file's vote type and metadata ask for: *ballot, and
//  *max_choices and *points where the type has them (left as they are
//  otherwise). 0, or -1 with the call's error set for scoring ballots.
static int
s_ballot_of (sk_call_t *call, pb_t *pb, const char **ballot, const char **max_choices,
             const char **points)
{
    pb_type_t type = pb_vote_type (pb);
    if (type == PB_SCORING)
        return sk_call_fail (call, "invalid_argument", "pb",
                             "scoring ballots have no counterpart here: use approval, choose-1, "
                             "cumulative or ordinal");
    if (type == PB_CHOOSE_1)
        *max_choices = "1";
    else if (type == PB_CUMULATIVE)
        *ballot = "cumulative";
    else if (type == PB_ORDINAL)
        *ballot = "ranked";
    if (type == PB_CUMULATIVE) {
        //  The points a voter could spread: the file's, or the most used
        int64_t most = pb_meta (pb, "max_sum_points") ? atoll (pb_meta (pb, "max_sum_points")) : 0;
        for (size_t v = 0; v < pb_voters (pb); v++) {
            int64_t sum = 0;
            const int64_t *pts = pb_ballot_points (pb, v);
            for (size_t k = 0; pts && k < pb_ballot_size (pb, v); k++)
                sum += pts[k];
            most = sum > most ? sum : most;
        }
        *points = sk_call_itoa (call, most > 0 ? most : 1);
    }
    const char *max_length = pb_meta (pb, "max_length");
    if (!*max_choices && max_length && atoll (max_length) > 0 && type != PB_CUMULATIVE)
        *max_choices = sk_call_itoa (call, atoll (max_length));
    return 0;
}

int
vote_pabulib_import (sk_call_t *call)
{
    static const char *keys[] = { "pb", "name", "rule", NULL };
    static const char *rules[] = { "greedy",          "greedy-threshold", "mes", "mes-add1",
                                   "mes-add1-greedy", "phragmen",         NULL };
    const char *text, *name = NULL, *rule = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "pb", S_MAX_PB, true, &text) < 0
        || sk_call_str (call, NULL, "name", 200, false, &name) < 0
        || sk_call_str (call, NULL, "rule", 20, false, &rule) < 0)
        return -1;
    char *err = NULL;
    pb_t *pb = pb_parse (text, strlen (text), "pb", &err);
    if (!pb) {
        sk_call_fail (call, "invalid_argument", "pb", "%s", err);
        free (err);
        return -1;
    }
    const char *ballot = "approval", *max_choices = NULL, *points = NULL;
    pb_type_t type = pb_vote_type (pb);
    int rc = s_ballot_of (call, pb, &ballot, &max_choices, &points);
    //  A file samskab exported with samskab_counting counts samskab's way
    //  (the file says all of it for approval, and for cumulative with
    //  points_cost); without the key, as pabutools counts it
    unsigned counting = pb_counting (pb);
    if (!rc && counting && type != PB_APPROVAL && type != PB_CHOOSE_1
        && !(counting & PB_COUNT_POINTS_COST))
        rc = sk_call_fail (call, "invalid_argument", "pb",
                           "samskab_counting without points_cost on %s ballots has no "
                           "counterpart here",
                           pb_vote_type_name (pb));
    if (!rule) {
        //  The file's rule by our name or Pabulib's ("equalshares")
        const char *file_rule = pb_meta (pb, "rule");
        tally_rule_t parsed;
        if (file_rule && tally_rule_parse (file_rule, &parsed) == 0)
            file_rule = tally_rule_name (parsed);
        for (int i = 0; file_rule && rules[i]; i++)
            if (streq (file_rule, rules[i]))
                rule = rules[i];
    }
    mpq_t q;
    mpq_init (q);
    int64_t budget = 0, threshold = 0;
    pb_budget (pb, q);
    if (!rc && s_whole (q, &budget))
        rc = sk_call_fail (call, "invalid_argument", "pb", "budget must be a whole number of DKK");
    pb_threshold (pb, q);
    if (!rc && s_whole (q, &threshold))
        rc = sk_call_fail (call, "invalid_argument", "pb",
                           "min_project_score_threshold must be a whole number");
    if (!name) {
        const char *d = pb_meta (pb, "description"), *u = pb_meta (pb, "unit");
        const char *i = pb_meta (pb, "instance");
        name = d ? d : sk_call_printf (call, "%s %s", u ? u : "Pabulib", i ? i : "import");
    }
    int64_t process = 0;
    if (!rc) {
        const char *params[] = { call->req->tenant,
                                 name,
                                 sk_call_itoa (call, budget),
                                 ballot,
                                 max_choices,
                                 points,
                                 rule ? rule : "greedy",
                                 sk_call_itoa (call, threshold),
                                 counting ? "samskab" : "pabulib" };
        PGresult *r =
            sk_call_sql (call,
                         "INSERT INTO process (tenant, name, amount, phase, ballot, max_choices, "
                         "points, rule, threshold, counting) VALUES ($1, left($2, 200), $3, "
                         "'closed', $4, $5, $6, $7, $8, $9) RETURNING id",
                         9, params);
        if (!r && streq (call->err.code, "conflict"))
            rc = sk_call_fail (call, "conflict", "name", "citizen budget \"%s\" already exists",
                               name);
        else if (!r)
            rc = -1;
        else
            process = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
        PQclear (r);
    }
    PGresult *ids = rc ? NULL : s_insert_projects (call, pb, process, budget);
    if (!rc && !ids)
        rc = -1;
    if (!rc)
        rc = s_insert_ballots (call, pb, type, process, ids);
    PQclear (ids);
    mpq_clear (q);
    if (!rc) {
        sk_pack_map (&call->reply, 5);
        sk_pack_kint (&call->reply, "process", process);
        sk_pack_kstr (&call->reply, "name", name);
        sk_pack_kstr (&call->reply, "ballot", ballot);
        sk_pack_kint (&call->reply, "projects", (int64_t)pb_projects (pb));
        sk_pack_kint (&call->reply, "ballots", (int64_t)pb_voters (pb));
    }
    pb_destroy (&pb);
    return rc;
}

//  Append a .pb field, quoted when it holds ';', '"', ',' or a line break.
static void
s_field (zchunk_t *out, const char *s)
{
    if (!strpbrk (s, ";\",\r\n")) {
        zchunk_extend (out, s, strlen (s));
        return;
    }
    zchunk_extend (out, "\"", 1);
    for (const char *c = s; *c; c++) {
        if (*c == '"')
            zchunk_extend (out, "\"", 1);
        zchunk_extend (out, c, 1);
    }
    zchunk_extend (out, "\"", 1);
}

static void
s_text (zchunk_t *out, const char *s)
{
    zchunk_extend (out, s, strlen (s));
}

//  How an export describes its counting (doc/DECISIONS.md, "Counting that
//  matches the ballot"): in Pabulib's words where it has them, else in
//  META samskab_counting, so that samskab-tally counts the file as the
//  service counted the pool.
typedef struct {
    const char *type;     //  vote_type
    bool points;          //  VOTES has a points column
    int64_t places;       //  ranked (samskab): points of place 1, else 0
    const char *rule;     //  META rule
    int64_t threshold;    //  min_project_score_threshold, 0 for none
    const char *counting; //  samskab_counting, NULL for none
} s_count_t;

//  The counting of process p's pool of np projects; pabulib: the process
//  counts as pabutools does (an import), so its file says what it said.
static void
s_count_of (const vote_process_t *p, bool pabulib, int np, s_count_t *c)
{
    bool cumulative = streq (p->ballot, "cumulative"), ranked = streq (p->ballot, "ranked");
    tally_rule_t rule;
    c->rule = tally_rule_parse (p->rule, &rule) ? p->rule : tally_rule_pabulib (rule);
    c->threshold = p->threshold;
    c->points = cumulative || (ranked && !pabulib);
    c->places = ranked && !pabulib ? vote_ranked_places (p, np) : 0;
    c->type = cumulative ? "cumulative" : !ranked ? "approval" : pabulib ? "ordinal" : "scoring";
    c->counting = NULL;
    if (pabulib)
        return;
    //  A project no ballot names is never selected: greedy says it with
    //  Pabulib's threshold (every named project has a vote and a point),
    //  MES never selects one anyway, the others need samskab's word
    bool voted_only = false;
    if (streq (p->rule, "greedy") || streq (p->rule, "greedy-threshold")) {
        c->rule = "greedy-threshold";
        c->threshold = c->threshold > 1 && streq (p->rule, "greedy-threshold") ? c->threshold : 1;
    } else
        voted_only = streq (p->rule, "mes-add1-greedy") || streq (p->rule, "phragmen");
    c->counting = c->points && voted_only ? "points_cost,voted_only"
                  : c->points             ? "points_cost"
                  : voted_only            ? "voted_only"
                                          : NULL;
}

//  META from num_projects on: counts, budget, vote type, rule and the
//  counting's keys.
static void
s_meta_count (sk_call_t *call, zchunk_t *out, const vote_process_t *p, const s_count_t *c, int np,
              int nv, const char *budget)
{
    s_text (out, sk_call_printf (call,
                                 "num_projects;%d\nnum_votes;%d\nbudget;%s\n"
                                 "vote_type;%s\nrule;%s\ncurrency;DKK\n",
                                 np, nv, budget, c->type, c->rule));
    if (p->max_choices > 0)
        s_text (out, sk_call_printf (call, "max_length;%lld\n", (long long)p->max_choices));
    if (streq (p->ballot, "cumulative"))
        s_text (out, sk_call_printf (call, "max_sum_points;%lld\n", (long long)p->points));
    if (c->places > 0)
        s_text (out,
                sk_call_printf (call, "min_points;1\nmax_points;%lld\n", (long long)c->places));
    if (c->threshold > 0)
        s_text (out, sk_call_printf (call, "min_project_score_threshold;%lld\n",
                                     (long long)c->threshold));
    if (c->counting)
        s_text (out, sk_call_printf (call, "samskab_counting;%s\n", c->counting));
}

//  Long because: it writes the .pb file's three sections in their order
//  (META, PROJECTS, VOTES) from three results; each section is a few lines.
int
vote_pabulib_export (sk_call_t *call)
{
    static const char *keys[] = { "process", "pool", NULL };
    vote_process_t p;
    const char *pool = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "pool", 200, false, &pool) < 0
        || vote_process_load (call, "process", VOTE_LOCK_NONE, &p)
        || vote_process_require (call, &p, "export", s_after_close))
        return -1;
    const char *pool_id = vote_pool_find (call, p.id, pool);
    if (!pool_id)
        return -1;
    const char *params[] = { sk_call_itoa (call, p.id), pool_id };
    PGresult *o = sk_call_sql (call,
                               "SELECT o.id, o.name, o.budget, p.name, p.tenant, "
                               "(SELECT count(*) FROM pool WHERE process_id = $1), p.area, "
                               //  when voting ran, else the plan
                               "to_char(coalesce((p.voting_opened_at AT TIME ZONE "
                               "'Europe/Copenhagen')::date, p.voting_from), 'DD.MM.YYYY'), "
                               "to_char(coalesce((p.voting_closed_at AT TIME ZONE "
                               "'Europe/Copenhagen')::date, p.voting_until), 'DD.MM.YYYY') "
                               "FROM pool o "
                               "JOIN process p ON p.id = o.process_id "
                               "WHERE o.process_id = $1 AND o.id = $2",
                               2, params);
    if (!o)
        return -1;
    const char *pp[] = { PQgetvalue (o, 0, 0), sk_call_itoa (call, p.id) };
    PGresult *projects =
        sk_call_sql (call,
                     "SELECT j.id, j.code, j.cost, j.title, (SELECT count(*) FROM ballot b "
                     "WHERE b.process_id = $2 AND j.id = ANY (b.projects)), "
                     "EXISTS (SELECT 1 FROM result r WHERE r.project_id = j.id AND r.selected), "
                     "EXISTS (SELECT 1 FROM result r WHERE r.pool_id = $1) FROM project j "
                     "WHERE j.pool_id = $1 ORDER BY j.id",
                     2, pp);
    PGresult *ballots =
        projects
            ? sk_call_sql (call,
                           "SELECT array_to_string(array(SELECT j.code FROM unnest(b.projects) "
                           "WITH ORDINALITY AS x (id, n) JOIN project j ON j.id = x.id "
                           "WHERE j.pool_id = $1 ORDER BY x.n), ','), "
                           "array_to_string(array(SELECT b.points[x.n] FROM unnest(b.projects) "
                           "WITH ORDINALITY AS x (id, n) JOIN project j ON j.id = x.id "
                           "WHERE j.pool_id = $1 ORDER BY x.n), ',') "
                           "FROM ballot b WHERE b.process_id = $2 ORDER BY b.receipt",
                           2, pp)
            : NULL;
    if (!ballots) {
        PQclear (o);
        PQclear (projects);
        return -1;
    }
    //  Pabulib's unit is the municipality by name, which the registry keeps
    const char *unit = vote_registry_municipality (call, PQgetvalue (o, 0, 4));
    if (!unit) {
        PQclear (o);
        PQclear (projects);
        PQclear (ballots);
        return -1;
    }
    int pabulib = vote_process_pabulib (call, p.id);
    if (pabulib < 0) {
        PQclear (o);
        PQclear (projects);
        PQclear (ballots);
        return -1;
    }
    s_count_t count;
    s_count_of (&p, pabulib == 1, PQntuples (projects), &count);
    zchunk_t *out = zchunk_new (NULL, 65536);
    s_text (out, "META\nkey;value\ndescription;");
    s_field (out, PQgetvalue (o, 0, 3));
    s_text (out, "\ncountry;Denmark\nunit;");
    s_field (out, unit);
    s_text (out, sk_call_printf (call, "\ninstance;%lld\n", (long long)p.id));
    //  The area is the district; a pool of several is a subunit
    if (!PQgetisnull (o, 0, 6)) {
        s_text (out, "district;");
        s_field (out, PQgetvalue (o, 0, 6));
        s_text (out, "\n");
    }
    if (atoi (PQgetvalue (o, 0, 5)) > 1) {
        s_text (out, "subunit;");
        s_field (out, PQgetvalue (o, 0, 1));
        s_text (out, "\n");
    }
    for (int d = 7; d <= 8; d++)
        if (!PQgetisnull (o, 0, d))
            s_text (out, sk_call_printf (call, "%s;%s\n", d == 7 ? "date_begin" : "date_end",
                                         PQgetvalue (o, 0, d)));
    int nv = PQntuples (ballots), np = PQntuples (projects);
    s_meta_count (call, out, &p, &count, np, nv, PQgetvalue (o, 0, 2));
    //  selected is the official tally's outcome, 1 for its winners only;
    //  untallied, the optional column is left out (Pabulib has no "not
    //  known" value, and 0 everywhere would say nothing won)
    bool tallied = np > 0 && *PQgetvalue (projects, 0, 6) == 't';
    s_text (out, tallied ? "PROJECTS\nproject_id;cost;votes;selected;name\n"
                         : "PROJECTS\nproject_id;cost;votes;name\n");
    for (int i = 0; i < np; i++) {
        s_text (out, sk_call_printf (call, "%s;%s;%s;", PQgetvalue (projects, i, 1),
                                     PQgetvalue (projects, i, 2), PQgetvalue (projects, i, 4)));
        if (tallied)
            s_text (out, *PQgetvalue (projects, i, 5) == 't' ? "1;" : "0;");
        s_field (out, PQgetvalue (projects, i, 3));
        s_text (out, "\n");
    }
    s_text (out, count.points ? "VOTES\nvoter_id;vote;points\n" : "VOTES\nvoter_id;vote\n");
    for (int v = 0; v < nv; v++) {
        s_text (out, sk_call_printf (call, "%d;", v + 1));
        s_field (out, PQgetvalue (ballots, v, 0));
        if (count.points && count.places > 0) {
            //  Places as points: k for the first in the pool, k-1 next, ...
            const char *codes = PQgetvalue (ballots, v, 0);
            s_text (out, ";");
            for (int64_t k = 0; *codes; k++) {
                s_text (out, sk_call_printf (call, "%s%lld", k ? "," : "",
                                             (long long)(count.places - k)));
                codes += strcspn (codes, ",");
                codes += *codes == ',';
            }
        } else if (count.points) {
            s_text (out, ";");
            s_field (out, PQgetvalue (ballots, v, 1));
        }
        s_text (out, "\n");
    }
    int rc = 0;
    if (zchunk_size (out) > SK_MAX_FRAME - 4096)
        rc = sk_call_fail (call, "invalid_argument", "process",
                           "the .pb file would be %zu bytes, more than one "
                           "reply carries",
                           zchunk_size (out));
    else {
        sk_pack_map (&call->reply, 3);
        sk_pack_kint (&call->reply, "process", p.id);
        sk_pack_kstr (&call->reply, "pool", PQgetvalue (o, 0, 1));
        sk_pack_str (&call->reply, "pb");
        sk_pack_strn (&call->reply, (char *)zchunk_data (out), zchunk_size (out));
    }
    zchunk_destroy (&out);
    PQclear (o);
    PQclear (projects);
    PQclear (ballots);
    return rc;
}
