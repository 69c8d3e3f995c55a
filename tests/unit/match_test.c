/*  match_test: the exact solver and the speed-dating planner against brute
    force on many small random instances, the three searches against each
    other on medium ones, empty and infeasible inputs, and malformed
    instance files through the JSON front end (tests/unit/match_cli.sh
    checks the CLI and its exit statuses). One TAP line per case.

    usage: match_test [-v]
*/
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"
#include "matchjson/matchjson.h"
#include "speeddate/speeddate.h"
#include "sk_check.h"

static bool verbose;
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

//  xorshift64*: deterministic across platforms.
static uint32_t
s_rand (uint32_t bound)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 32) % bound;
}


//  --------------------------------------------------------------------------
//  Random b-matching instances and their brute-force optimum.

#define BF_MAX_SIDE  5
#define BF_MAX_EDGES 40

typedef struct {
    int nl, nr, ne;
    int lcap[BF_MAX_SIDE], rcap[BF_MAX_SIDE];
    int el[BF_MAX_EDGES], er[BF_MAX_EDGES];
    int64_t score[BF_MAX_EDGES];
    int64_t max_total; //  -1 for none
} instance_t;

static void
s_random_instance (instance_t *in, bool parallel)
{
    in->nl = (int)s_rand (BF_MAX_SIDE + 1);
    in->nr = (int)s_rand (BF_MAX_SIDE + 1);
    for (int i = 0; i < in->nl; i++)
        in->lcap[i] = (int)s_rand (4);
    for (int j = 0; j < in->nr; j++)
        in->rcap[j] = (int)s_rand (4);
    int density = 1 + (int)s_rand (4);     //  in quarters
    int64_t range = s_rand (2) ? 5 : 1000; //  small range: many ties
    in->ne = 0;
    for (int i = 0; i < in->nl; i++)
        for (int j = 0; j < in->nr; j++) {
            int copies = (s_rand (4) < (uint32_t)density) ? 1 : 0;
            if (parallel && copies && s_rand (4) == 0)
                copies = 2;
            for (int c = 0; c < copies; c++) {
                in->el[in->ne] = i;
                in->er[in->ne] = j;
                in->score[in->ne] = 1 + (int64_t)s_rand ((uint32_t)range);
                in->ne++;
            }
        }
    //  Shuffle so edges are not grouped by left
    for (int e = in->ne - 1; e > 0; e--) {
        int f = (int)s_rand ((uint32_t)e + 1);
        int tl = in->el[e], tr = in->er[e];
        int64_t ts = in->score[e];
        in->el[e] = in->el[f];
        in->er[e] = in->er[f];
        in->score[e] = in->score[f];
        in->el[f] = tl;
        in->er[f] = tr;
        in->score[f] = ts;
    }
    in->max_total = -1;
}

//  Best total over edges from index e on, given residual capacities and a
//  budget of edges; exhaustive include/exclude with capacity pruning.
static int64_t
s_brute (const instance_t *in, int e, int *lres, int *rres, int64_t budget)
{
    if (e == in->ne || budget == 0)
        return 0;
    int64_t best = s_brute (in, e + 1, lres, rres, budget);
    int i = in->el[e], j = in->er[e];
    if (lres[i] > 0 && rres[j] > 0) {
        lres[i]--;
        rres[j]--;
        int64_t with = in->score[e] + s_brute (in, e + 1, lres, rres, budget - 1);
        lres[i]++;
        rres[j]++;
        if (with > best)
            best = with;
    }
    return best;
}

static int64_t
s_brute_optimum (const instance_t *in)
{
    int lres[BF_MAX_SIDE], rres[BF_MAX_SIDE];
    memcpy (lres, in->lcap, sizeof lres);
    memcpy (rres, in->rcap, sizeof rres);
    return s_brute (in, 0, lres, rres, in->max_total < 0 ? INT64_MAX : in->max_total);
}

//  Solve with the given search; check feasibility; return the objective,
//  or -1 if the answer is infeasible or inconsistent.
static int64_t
s_engine (const instance_t *in, flow_method_t method)
{
    flow_t *flow = flow_new ((size_t)in->nl, (size_t)in->nr);
    flow_set_method (flow, method);
    for (int i = 0; i < in->nl; i++)
        flow_set_left_capacity (flow, (size_t)i, in->lcap[i]);
    for (int j = 0; j < in->nr; j++)
        flow_set_right_capacity (flow, (size_t)j, in->rcap[j]);
    if (in->max_total >= 0)
        flow_set_max_total (flow, in->max_total);
    for (int e = 0; e < in->ne; e++)
        flow_add_edge (flow, (size_t)in->el[e], (size_t)in->er[e], in->score[e]);
    flow_solve (flow);
    int lused[BF_MAX_SIDE] = { 0 }, rused[BF_MAX_SIDE] = { 0 };
    int64_t total = 0, count = 0;
    for (int e = 0; e < in->ne; e++)
        if (flow_edge_chosen (flow, (size_t)e)) {
            lused[in->el[e]]++;
            rused[in->er[e]]++;
            total += in->score[e];
            count++;
        }
    bool ok = total == flow_objective (flow) && (size_t)count == flow_chosen_count (flow)
              && (in->max_total < 0 || count <= in->max_total);
    for (int i = 0; i < in->nl; i++)
        ok = ok && lused[i] <= in->lcap[i];
    for (int j = 0; j < in->nr; j++)
        ok = ok && rused[j] <= in->rcap[j];
    flow_destroy (&flow);
    return ok ? total : -1;
}

static void
s_test_solver_brute (int count, bool parallel, bool capped, const char *name)
{
    SK_CASE_BEGIN ();
    int mismatches = 0;
    for (int n = 0; n < count; n++) {
        instance_t in;
        s_random_instance (&in, parallel);
        if (in.ne > 16) //  keep the exhaustive search quick
            in.ne = 16;
        if (capped)
            in.max_total = s_rand (6);
        int64_t expect = s_brute_optimum (&in);
        const flow_method_t methods[3] = { FLOW_AUTO, FLOW_DENSE, FLOW_SPARSE };
        for (int m = 0; m < 3; m++) {
            int64_t got = s_engine (&in, methods[m]);
            if (got != expect && mismatches++ < 5)
                printf ("#   instance %d method %d: got %lld, brute force "
                        "%lld\n",
                        n, m, (long long)got, (long long)expect);
        }
        if (!capped) {
            //  The super-source search with a cap that never binds
            in.max_total = INT64_MAX;
            int64_t got = s_engine (&in, FLOW_AUTO);
            in.max_total = -1;
            if (got != expect && mismatches++ < 5)
                printf ("#   instance %d capped search: got %lld, brute "
                        "force %lld\n",
                        n, (long long)got, (long long)expect);
        }
    }
    CHECK_INT_EQ (mismatches, 0);
    SK_CASE_END (name);
}

//  Medium instances: the searches must agree with each other.
static void
s_test_solver_agree (void)
{
    SK_CASE_BEGIN ();
    int mismatches = 0;
    for (int n = 0; n < 60; n++) {
        int nl = 1 + (int)s_rand (60), nr = 1 + (int)s_rand (40);
        int density = 1 + (int)s_rand (100);
        int64_t range = s_rand (2) ? 4 : 100000;
        int64_t objective[4];
        for (int m = 0; m < 4; m++) {
            uint64_t saved = rng_state;
            flow_t *flow = flow_new ((size_t)nl, (size_t)nr);
            flow_set_method (flow, m == 1 ? FLOW_DENSE : m == 2 ? FLOW_SPARSE : FLOW_AUTO);
            if (m == 3)
                flow_set_max_total (flow, INT64_MAX);
            for (int i = 0; i < nl; i++)
                flow_set_left_capacity (flow, (size_t)i, s_rand (5));
            for (int j = 0; j < nr; j++)
                flow_set_right_capacity (flow, (size_t)j, s_rand (5));
            for (int i = 0; i < nl; i++)
                for (int j = 0; j < nr; j++)
                    if ((int)s_rand (100) < density)
                        flow_add_edge (flow, (size_t)i, (size_t)j,
                                       1 + (int64_t)s_rand ((uint32_t)range));
            flow_solve (flow);
            objective[m] = flow_objective (flow);
            flow_destroy (&flow);
            if (m < 3)
                rng_state = saved;
        }
        for (int m = 1; m < 4; m++)
            if (objective[m] != objective[0] && mismatches++ < 5)
                printf ("#   instance %d: search %d gives %lld, auto %lld\n", n, m,
                        (long long)objective[m], (long long)objective[0]);
    }
    CHECK_INT_EQ (mismatches, 0);
    SK_CASE_END ("solver: dense, sparse and capped searches agree on 60 "
                 "medium instances");
}


//  --------------------------------------------------------------------------
//  Planner against brute force: every constraint of the schedule, and the
//  objective equal to the best subset of interests.

#define PL_MAX_SIDE      4
#define PL_MAX_INTERESTS 13 //  2^13 subsets for the exhaustive search

static void
s_test_planner_brute (int count, int max_side, int max_rounds, int max_tables, const char *name)
{
    SK_CASE_BEGIN ();
    int failures = 0;
    for (int n = 0; n < count; n++) {
        int na = 1 + (int)s_rand ((uint32_t)max_side);
        int nc = 1 + (int)s_rand ((uint32_t)max_side);
        int R = (int)s_rand ((uint32_t)max_rounds + 1);
        int T = (int)s_rand ((uint32_t)max_tables + 1);
        int amax[PL_MAX_SIDE], cmax[PL_MAX_SIDE];
        int ia[PL_MAX_INTERESTS], ic[PL_MAX_INTERESTS];
        int64_t iw[PL_MAX_INTERESTS];
        int ni = 0;
        speeddate_t *event = speeddate_new ((size_t)R, (size_t)T, (size_t)na, (size_t)nc);
        for (int a = 0; a < na; a++) {
            amax[a] = (int)s_rand ((uint32_t)max_rounds + 2);
            speeddate_set_association_max (event, (size_t)a, amax[a]);
        }
        for (int c = 0; c < nc; c++) {
            cmax[c] = (int)s_rand ((uint32_t)max_rounds + 2);
            speeddate_set_company_max (event, (size_t)c, cmax[c]);
        }
        for (int a = 0; a < na; a++)
            for (int c = 0; c < nc; c++)
                if (s_rand (4) && ni < PL_MAX_INTERESTS) {
                    ia[ni] = a;
                    ic[ni] = c;
                    iw[ni] = 1 + s_rand (s_rand (2) ? 3 : 50);
                    speeddate_add_interest (event, (size_t)a, (size_t)c, iw[ni]);
                    ni++;
                }
        //  Brute force over subsets of interests
        int64_t expect = 0;
        for (uint32_t mask = 0; mask < (1u << ni); mask++) {
            int adeg[PL_MAX_SIDE] = { 0 }, cdeg[PL_MAX_SIDE] = { 0 }, size = 0;
            int64_t total = 0;
            for (int k = 0; k < ni; k++)
                if (mask & (1u << k)) {
                    adeg[ia[k]]++;
                    cdeg[ic[k]]++;
                    total += iw[k];
                    size++;
                }
            bool ok = size <= R * T;
            for (int a = 0; a < na; a++)
                ok = ok && adeg[a] <= amax[a] && adeg[a] <= R;
            for (int c = 0; c < nc; c++)
                ok = ok && cdeg[c] <= cmax[c] && cdeg[c] <= R;
            if (ok && total > expect)
                expect = total;
        }
        bool ok = speeddate_plan (event) == 0 && speeddate_objective (event) == expect
                  && speeddate_rounds (event) == (size_t)R;
        //  Check the schedule itself
        int64_t held = 0;
        int adeg[PL_MAX_SIDE] = { 0 }, cdeg[PL_MAX_SIDE] = { 0 };
        int seen[PL_MAX_INTERESTS] = { 0 };
        for (int r = 0; ok && r < R; r++) {
            size_t size = speeddate_round_size (event, (size_t)r);
            ok = ok && size <= (size_t)T;
            int abusy[PL_MAX_SIDE] = { 0 }, cbusy[PL_MAX_SIDE] = { 0 };
            for (size_t k = 0; ok && k < size; k++) {
                size_t i = speeddate_round_meeting (event, (size_t)r, k);
                ok = ok && i < (size_t)ni && !seen[i] && speeddate_interest_round (event, i) == r;
                if (!ok)
                    break;
                seen[i] = 1;
                ok = !abusy[ia[i]]++ && !cbusy[ic[i]]++;
                adeg[ia[i]]++;
                cdeg[ic[i]]++;
                held += iw[i];
            }
        }
        for (int a = 0; a < na; a++)
            ok = ok && adeg[a] <= amax[a];
        for (int c = 0; c < nc; c++)
            ok = ok && cdeg[c] <= cmax[c];
        ok = ok && held == expect;
        if (!ok && failures++ < 5)
            printf ("#   planner instance %d: objective %lld, held %lld, "
                    "brute force %lld (R=%d T=%d)\n",
                    n, (long long)speeddate_objective (event), (long long)held, (long long)expect,
                    R, T);
        speeddate_destroy (&event);
    }
    CHECK_INT_EQ (failures, 0);
    SK_CASE_END (name);
}

//  Larger events: the schedule must be valid, balanced (no round above
//  ceil(meetings/R)), and as heavy as the capped selection alone.
static void
s_test_planner_large (void)
{
    SK_CASE_BEGIN ();
    int failures = 0;
    for (int n = 0; n < 300; n++) {
        int na = 1 + (int)s_rand (80), nc = 1 + (int)s_rand (30);
        //  Half of them with so few tables that every round must be full
        int R = 1 + (int)s_rand (12);
        int T = s_rand (2) ? 1 + (int)s_rand (6) : (int)s_rand (40);
        speeddate_t *event = speeddate_new ((size_t)R, (size_t)T, (size_t)na, (size_t)nc);
        int *amax = calloc ((size_t)na, sizeof (int));
        int *cmax = calloc ((size_t)nc, sizeof (int));
        for (int a = 0; a < na; a++) {
            amax[a] = (int)s_rand (15);
            speeddate_set_association_max (event, (size_t)a, amax[a]);
        }
        for (int c = 0; c < nc; c++) {
            cmax[c] = (int)s_rand (15);
            speeddate_set_company_max (event, (size_t)c, cmax[c]);
        }
        int density = 1 + (int)s_rand (100);
        for (int a = 0; a < na; a++)
            for (int c = 0; c < nc; c++)
                if ((int)s_rand (100) < density)
                    speeddate_add_interest (event, (size_t)a, (size_t)c, 1 + s_rand (20));
        bool ok = speeddate_plan (event) == 0;
        size_t meetings = speeddate_meeting_count (event);
        size_t ceiling = (meetings + (size_t)R - 1) / (size_t)R;
        int *adeg = calloc ((size_t)na, sizeof (int));
        int *cdeg = calloc ((size_t)nc, sizeof (int));
        int *abusy = calloc ((size_t)na, sizeof (int));
        int *cbusy = calloc ((size_t)nc, sizeof (int));
        int64_t held = 0;
        size_t total = 0;
        for (int r = 0; ok && r < R; r++) {
            size_t size = speeddate_round_size (event, (size_t)r);
            ok = size <= (size_t)T && size <= ceiling;
            for (size_t k = 0; ok && k < size; k++) {
                size_t i = speeddate_round_meeting (event, (size_t)r, k);
                size_t a = speeddate_interest_association (event, i);
                size_t c = speeddate_interest_company (event, i);
                ok = abusy[a] != r + 1 && cbusy[c] != r + 1;
                abusy[a] = cbusy[c] = r + 1;
                adeg[a]++;
                cdeg[c]++;
                held += speeddate_interest_weight (event, i);
            }
            total += size;
        }
        for (int a = 0; a < na; a++)
            ok = ok && adeg[a] <= amax[a] && adeg[a] <= R;
        for (int c = 0; c < nc; c++)
            ok = ok && cdeg[c] <= cmax[c] && cdeg[c] <= R;
        ok = ok && total == meetings && held == speeddate_objective (event);
        if (!ok && failures++ < 5)
            printf ("#   large planner instance %d invalid\n", n);
        free (amax);
        free (cmax);
        free (adeg);
        free (cdeg);
        free (abusy);
        free (cbusy);
        speeddate_destroy (&event);
    }
    CHECK_INT_EQ (failures, 0);
    SK_CASE_END ("planner: 300 larger events valid and balanced");
}


//  --------------------------------------------------------------------------
//  JSON front end

static char tmp_dir[64];

static char *
s_write_file (const char *name, const char *content)
{
    char *path = NULL;
    if (asprintf (&path, "%s/%s", tmp_dir, name) < 0)
        abort ();
    FILE *file = fopen (path, "w");
    if (!file)
        abort ();
    fputs (content, file);
    fclose (file);
    return path;
}

//  Run a front end on content; returns its rc, with output and message.
static int
s_run_json (bool solve, const char *content, char **out_p, char **err_p)
{
    char *path = s_write_file ("instance.json", content);
    size_t size = 0;
    FILE *out = open_memstream (out_p, &size);
    int rc =
        solve ? matchjson_solve_file (path, out, err_p) : matchjson_plan_file (path, out, err_p);
    fclose (out);
    free (path);
    return rc;
}

static void
s_expect_output (bool solve, const char *content, const char *expect, const char *name)
{
    SK_CASE_BEGIN ();
    char *out = NULL, *err = NULL;
    CHECK_INT_EQ (s_run_json (solve, content, &out, &err), 0);
    CHECK_NULL (err);
    CHECK_STR_EQ (out, expect);
    free (out);
    free (err);
    SK_CASE_END (name);
}

static void
s_expect_error (bool solve, const char *content, const char *message)
{
    SK_CASE_BEGIN ();
    char *out = NULL, *err = NULL;
    CHECK_INT_EQ (s_run_json (solve, content, &out, &err), -1);
    CHECK_STR_CONTAINS (err, message);
    CHECK_STR_EQ (out, "");
    free (out);
    free (err);
    char name[200];
    snprintf (name, sizeof name, "malformed %s file: %s", solve ? "solver" : "planner", message);
    SK_CASE_END (name);
}

static void
s_test_json (void)
{
    s_expect_output (true,
                     "{\"left\":[{\"id\":\"a\",\"capacity\":1},"
                     "{\"id\":\"b\",\"capacity\":1}],"
                     "\"right\":[{\"id\":\"x\",\"capacity\":1},"
                     "{\"id\":\"y\\\"q\",\"capacity\":1}],"
                     "\"edges\":[[\"a\",\"x\",10],[\"a\",\"y\\\"q\",9],"
                     "[\"b\",\"x\",8]]}",
                     "{\n  \"objective\": 17,\n  \"pairs\": [\n"
                     "    [\"a\", \"y\\\"q\"],\n    [\"b\", \"x\"]\n  ]\n}\n",
                     "solver file: answer, pairs in input order, escaping");
    s_expect_output (true, "{\"left\":[],\"right\":[],\"edges\":[]}",
                     "{\n  \"objective\": 0,\n  \"pairs\": []\n}\n", "solver file: empty instance");
    s_expect_output (true,
                     "{\"left\":[{\"id\":\"a\",\"capacity\":0}],"
                     "\"right\":[{\"id\":\"x\",\"capacity\":5}],"
                     "\"edges\":[[\"a\",\"x\",10]]}",
                     "{\n  \"objective\": 0,\n  \"pairs\": []\n}\n",
                     "solver file: nothing feasible (capacity 0)");
    s_expect_output (false,
                     "{\"rounds\":2,\"tables\":1,"
                     "\"associations\":[{\"id\":\"a\",\"max_meetings\":2}],"
                     "\"companies\":[{\"id\":\"x\",\"max_meetings\":2},"
                     "{\"id\":\"y\",\"max_meetings\":2}],"
                     "\"interests\":[[\"a\",\"x\",3],[\"a\",\"y\",4]]}",
                     "{\n  \"objective\": 7,\n  \"rounds\": [\n"
                     "    [[\"a\", \"x\"]],\n    [[\"a\", \"y\"]]\n  ]\n}\n",
                     "planner file: answer");
    s_expect_output (false,
                     "{\"rounds\":0,\"tables\":3,\"associations\":[],"
                     "\"companies\":[],\"interests\":[]}",
                     "{\n  \"objective\": 0,\n  \"rounds\": []\n}\n", "planner file: no rounds");
    s_expect_output (false,
                     "{\"rounds\":2,\"tables\":0,"
                     "\"associations\":[{\"id\":\"a\",\"max_meetings\":2}],"
                     "\"companies\":[{\"id\":\"x\",\"max_meetings\":2}],"
                     "\"interests\":[[\"a\",\"x\",3]]}",
                     "{\n  \"objective\": 0,\n  \"rounds\": [\n    [],\n"
                     "    []\n  ]\n}\n",
                     "planner file: no tables gives empty rounds");

    const char *L = "\"left\":[{\"id\":\"a\",\"capacity\":1}],";
    const char *Rt = "\"right\":[{\"id\":\"x\",\"capacity\":1}],";
    struct {
        const char *edges;
        const char *message;
    } solve_cases[] = {
        { "\"edges\":[[\"a\",\"x\",0]]", "edges[0][2]: score must be a positive integer" },
        { "\"edges\":[[\"a\",\"x\",-3]]", "edges[0][2]: score must be a positive integer" },
        { "\"edges\":[[\"a\",\"x\",1.5]]", "edges[0][2]: score must be a positive integer" },
        { "\"edges\":[[\"a\",\"x\",\"7\"]]", "edges[0][2]: score must be a positive integer" },
        { "\"edges\":[[\"a\",\"x\",2000000000]]", "edges[0][2]: score must be at most" },
        { "\"edges\":[[\"a\",\"x\",1],[\"a\",\"z\",1]]", "edges[1][1]: unknown right id \"z\"" },
        { "\"edges\":[[\"q\",\"x\",1]]", "edges[0][0]: unknown left id \"q\"" },
        { "\"edges\":[[\"a\",\"x\",1],[\"a\",\"x\",2]]", "edges[1]: duplicate edge \"a\" - \"x\"" },
        { "\"edges\":[[\"a\",\"x\"]]", "edges[0]: must be an array [left_id, right_id, score]" },
        { "\"edges\":[[\"a\",5,1]]", "edges[0][1]: right id must be a string" },
        { "\"edges\":{}", "\"edges\": must be an array" },
        { "\"edgez\":[]", "missing \"edges\"" },
    };
    for (size_t k = 0; k < sizeof solve_cases / sizeof solve_cases[0]; k++) {
        char *content = NULL;
        if (asprintf (&content, "{%s%s%s}", L, Rt, solve_cases[k].edges) < 0)
            abort ();
        s_expect_error (true, content, solve_cases[k].message);
        free (content);
    }
    s_expect_error (true,
                    "{\"left\":[{\"id\":\"a\",\"capacity\":-1}],"
                    "\"right\":[],\"edges\":[]}",
                    "left[0].capacity: must be a non-negative integer");
    s_expect_error (true, "{\"left\":[{\"id\":\"a\"}],\"right\":[],\"edges\":[]}",
                    "left[0]: missing \"capacity\"");
    s_expect_error (true,
                    "{\"left\":[{\"id\":\"a\",\"capacity\":1},"
                    "{\"id\":\"a\",\"capacity\":1}],\"right\":[],\"edges\":[]}",
                    "left[1]: duplicate id \"a\"");
    s_expect_error (true,
                    "{\"left\":[{\"id\":\"\",\"capacity\":1}],"
                    "\"right\":[],\"edges\":[]}",
                    "left[0].id: must be a non-empty string");
    s_expect_error (true, "{\"left\":[],\"right\":[7],\"edges\":[]}",
                    "right[0]: must be an object");
    s_expect_error (true, "{\"left\":[],\"right\":[],\"edges\":[]", "could not parse file");
    s_expect_error (true, "", "could not parse file");
    s_expect_error (true, "[1,2]", "top level must be an object");
    s_expect_error (true, "{\"left\":[],\"left\":[],\"right\":[],\"edges\":[]}",
                    "could not parse file");
    s_expect_error (false,
                    "{\"rounds\":-1,\"tables\":1,\"associations\":[],"
                    "\"companies\":[],\"interests\":[]}",
                    "\"rounds\": must be a non-negative integer");
    s_expect_error (false,
                    "{\"rounds\":100000,\"tables\":1,\"associations\":[],"
                    "\"companies\":[],\"interests\":[]}",
                    "\"rounds\": must be at most 1000");
    s_expect_error (false,
                    "{\"rounds\":1,\"associations\":[],"
                    "\"companies\":[],\"interests\":[]}",
                    "missing \"tables\"");
    s_expect_error (false,
                    "{\"rounds\":1,\"tables\":1,"
                    "\"associations\":[{\"id\":\"a\",\"max_meetings\":1}],"
                    "\"companies\":[{\"id\":\"x\",\"max_meetings\":1}],"
                    "\"interests\":[[\"a\",\"x\",0]]}",
                    "interests[0][2]: weight must be a positive integer");
    s_expect_error (false,
                    "{\"rounds\":1,\"tables\":1,"
                    "\"associations\":[{\"id\":\"a\",\"max_meetings\":1}],"
                    "\"companies\":[{\"id\":\"x\",\"max_meetings\":1}],"
                    "\"interests\":[[\"a\",\"x\",1],[\"a\",\"x\",1]]}",
                    "interests[1]: duplicate interest \"a\" - \"x\"");
    s_expect_error (false,
                    "{\"rounds\":1,\"tables\":1,"
                    "\"associations\":[{\"id\":\"a\",\"max_meetings\":1.0}],"
                    "\"companies\":[],\"interests\":[]}",
                    "associations[0].max_meetings: must be a non-negative integer");
    s_expect_error (false,
                    "{\"rounds\":1,\"tables\":1,"
                    "\"associations\":[{\"id\":\"a\",\"max_meetings\":1}],"
                    "\"companies\":[],\"interests\":[[\"x\",\"a\",1]]}",
                    "interests[0][0]: unknown association id \"x\"");

    SK_CASE_BEGIN ();
    char *err = NULL;
    CHECK_INT_EQ (matchjson_solve_file ("/nonexistent/x.json", stdout, &err), -1);
    CHECK_STR_CONTAINS (err, "could not open file \"/nonexistent/x.json\"");
    free (err);
    SK_CASE_END ("missing file: could not open");
}

int
main (int argc, char **argv)
{
    verbose = argc > 1 && strcmp (argv[1], "-v") == 0;
    snprintf (tmp_dir, sizeof tmp_dir, "/tmp/match_test.XXXXXX");
    if (!mkdtemp (tmp_dir)) {
        perror ("mkdtemp");
        return 1;
    }
    s_test_solver_brute (3000, false, false,
                         "solver: 3000 random instances equal brute force "
                         "(all searches)");
    s_test_solver_brute (1000, true, false,
                         "solver: 1000 instances with parallel edges equal "
                         "brute force");
    s_test_solver_brute (1500, false, true,
                         "solver: 1500 instances with a total cap equal "
                         "brute force");
    s_test_solver_agree ();
    s_test_planner_brute (3000, 3, 3, 3,
                          "planner: 3000 small events valid and optimal "
                          "against brute force");
    //  More rounds than tables: the selection fills R x T seats and the
    //  colouring must balance the rounds exactly to fit.
    s_test_planner_brute (2000, 4, 5, 2,
                          "planner: 2000 events with few tables valid and "
                          "optimal against brute force");
    s_test_planner_large ();
    s_test_json ();

    char command[128];
    snprintf (command, sizeof command, "rm -rf %s", tmp_dir);
    if (system (command) != 0)
        fprintf (stderr, "match_test: could not remove %s\n", tmp_dir);
    printf ("# %d failed cases\n", sk_check_cases_failed);
    return sk_check_cases_failed ? 1 : 0;
}
