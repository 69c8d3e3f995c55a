/*  tally_test: the vote engine's API without a .pb file, as the vote
    service uses it (elections built in memory), and the .pb parser's
    agreement with it.

    usage: tally_test [PABULIB_DIR]
    (default $SAMSKAB_SHARED/data/pabulib, else ../shared/data/pabulib from
    the repository root, where tests/run.sh runs it)
*/
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_check.h"
#include "pabulib/pb.h"
#include "tally/tally.h"
#include "tally/tally_words.h"
#include "sk_mem.h"

static void
s_q (mpq_t q, const char *text)
{
    if (mpq_set_str (q, text, 10) != 0)
        abort ();
    mpq_canonicalize (q);
}

/*  The winners of rule on t as "a b c" in selection order (malloc'ed). */
static char *
s_winners (tally_t *t, tally_rule_t rule)
{
    char *err = NULL;
    tally_result_t *r = tally_run (t, rule, &err);
    if (!r) {
        char *out = sk_strdup (err ? err : "error");
        free (err);
        return out;
    }
    size_t n = tally_result_size (r), len = 1;
    for (size_t k = 0; k < n; k++)
        len += strlen (tally_project_id (t, tally_result_winner (r, k))) + 1;
    char *out = sk_calloc (1, len);
    for (size_t k = 0; k < n; k++) {
        if (k)
            strcat (out, " ");
        strcat (out, tally_project_id (t, tally_result_winner (r, k)));
    }
    tally_result_destroy (&r);
    return out;
}

#define CHECK_WINNERS(t, rule, want)                                                               \
    do {                                                                                           \
        char *got_ = s_winners ((t), (rule));                                                      \
        CHECK_STR_EQ (got_, (want));                                                               \
        free (got_);                                                                               \
    } while (0)

/*  Approval election built by hand: three voters, budget 300. */
static tally_t *
s_small_approval (void)
{
    tally_t *t = tally_new (TALLY_SAT_COST);
    mpq_t q;
    mpq_init (q);
    s_q (q, "300");
    tally_set_budget (t, q);
    const char *ids[] = { "A", "B", "C" };
    const char *costs[] = { "200", "100", "150" };
    for (int p = 0; p < 3; p++) {
        s_q (q, costs[p]);
        CHECK_INT_EQ (tally_add_project (t, ids[p], q), p);
    }
    uint32_t v1[] = { 0, 1 }, v2[] = { 0 }, v3[] = { 2, 1 };
    CHECK_INT_EQ (tally_add_ballot (t, 2, v1, NULL), 0);
    CHECK_INT_EQ (tally_add_ballot (t, 1, v2, NULL), 0);
    CHECK_INT_EQ (tally_add_ballot (t, 2, v3, NULL), 0);
    mpq_clear (q);
    return t;
}

static void
s_test_constructor (void)
{
    SK_CASE_BEGIN ();
    tally_t *t = s_small_approval ();
    CHECK_INT_EQ (tally_projects (t), 3);
    CHECK_INT_EQ (tally_voters (t), 3);
    CHECK_INT_EQ (tally_project_votes (t, 0), 2);
    CHECK_INT_EQ (tally_project_votes (t, 1), 2);
    //  greedy by cost x votes: A (400), then C (150) no longer fits, B does
    CHECK_WINNERS (t, TALLY_GREEDY, "A B");
    //  greedy-card: votes per unit cost: B (2/100), A (2/200), C (1/150)
    CHECK_WINNERS (t, TALLY_GREEDY_CARD, "B A");
    //  MES, b = 100 each: A costs its two supporters 100 each (rho
    //  100 / 200), B its two 50 each (rho 50 / 100): an exact tie, A first
    //  by id. Then B is paid by the third voter alone (100 = cost), and C
    //  (150) by nobody with money left.
    CHECK_WINNERS (t, TALLY_MES, "A B");
    //  Phragmén: B (load 50), A ((50 + 200) / 2 = 125), C over budget
    CHECK_WINNERS (t, TALLY_PHRAGMEN, "B A");
    //  The election is not changed by a tally: same answer again.
    CHECK_WINNERS (t, TALLY_MES, "A B");
    mpq_t q;
    mpq_init (q);
    tally_project_score (t, 0, q);
    CHECK_INT_EQ (mpq_cmp_ui (q, 400, 1), 0);
    //  Decimals as the CLI and the vote service print them
    bool exact;
    char *text = tally_decimal (q, 2, &exact);
    CHECK_STR_EQ (text, "400");
    CHECK_INT_EQ (exact, true);
    free (text);
    mpq_set_ui (q, 2, 3);
    text = tally_decimal (q, 2, &exact);
    CHECK_STR_EQ (text, "0.67");
    CHECK_INT_EQ (exact, false);
    free (text);
    mpq_set_ui (q, 1, 200);
    text = tally_decimal (q, 2, NULL);
    CHECK_STR_EQ (text, "0.01");
    free (text);
    mpq_set_ui (q, 0, 1);
    text = tally_decimal (q, 6, NULL);
    CHECK_STR_EQ (text, "0");
    free (text);
    mpq_clear (q);
    tally_destroy (&t);
    CHECK_NULL (t);
    tally_destroy (&t); //  safe on NULL
    SK_CASE_END ("tally: election built in memory");
}

static void
s_test_errors (void)
{
    SK_CASE_BEGIN ();
    tally_t *t = tally_new (TALLY_SAT_POINTS);
    mpq_t q;
    mpq_init (q);
    s_q (q, "-1");
    CHECK_INT_EQ (tally_set_budget (t, q), -1);
    CHECK_INT_EQ (tally_add_project (t, "X", q), -1); //  negative cost
    s_q (q, "10");
    CHECK_INT_EQ (tally_add_project (t, "", q), -1); //  empty id
    CHECK_INT_EQ (tally_add_project (t, "X", q), 0);
    CHECK_INT_EQ (tally_add_project (t, "Y", q), 1);
    uint32_t twice[] = { 0, 0 }, bad[] = { 0, 7 }, ok[] = { 1, 0 };
    int64_t pts[] = { 1, 2 }, huge[] = { 1, TALLY_MAX_POINTS + 1 };
    CHECK_INT_EQ (tally_add_ballot (t, 2, twice, pts), -1);
    CHECK_INT_EQ (tally_add_ballot (t, 2, bad, pts), -1);
    CHECK_INT_EQ (tally_add_ballot (t, 2, ok, huge), -1);
    CHECK_INT_EQ (tally_add_ballot (t, 3, ok, pts), -1); //  > projects
    //  A failed call leaves no trace: the same projects are fine after it.
    CHECK_INT_EQ (tally_add_ballot (t, 2, ok, pts), 0);
    CHECK_INT_EQ (tally_voters (t), 1);
    tally_rule_t rule;
    CHECK_INT_EQ (tally_rule_parse ("mes-add1-greedy", &rule), 0);
    CHECK_INT_EQ (rule, TALLY_MES_ADD1_GREEDY);
    CHECK_INT_EQ (tally_rule_parse ("MES", &rule), -1);
    //  Pabulib's words for the rules are names too
    CHECK_INT_EQ (tally_rule_parse ("equalshares/add1", &rule), 0);
    CHECK_INT_EQ (rule, TALLY_MES_ADD1);
    CHECK_INT_EQ (tally_rule_parse ("equalshares", &rule), 0);
    CHECK_INT_EQ (rule, TALLY_MES);
    CHECK_STR_EQ (tally_rule_pabulib (TALLY_MES_ADD1), "equalshares/add1");
    CHECK_STR_EQ (tally_rule_pabulib (TALLY_GREEDY), "greedy");
    CHECK_STR_EQ (tally_rule_name (TALLY_PHRAGMEN), "phragmen");
    char *err = NULL;
    CHECK_NULL (tally_run (t, TALLY_RULES, &err));
    CHECK_NOT_NULL (err);
    free (err);
    mpq_clear (q);
    tally_destroy (&t);
    SK_CASE_END ("tally: bad projects and ballots are refused");
}

/*  A long ballot is checked in linear time (a quadratic check stalled). */
static void
s_test_long_ballot (void)
{
    SK_CASE_BEGIN ();
    enum { N = 100000 };
    tally_t *t = tally_new (TALLY_SAT_COST);
    mpq_t q;
    mpq_init (q);
    s_q (q, "1");
    uint32_t *all = sk_reallocarray (NULL, N, sizeof (uint32_t));
    char id[16];
    for (uint32_t p = 0; p < N; p++) {
        snprintf (id, sizeof id, "p%u", p);
        CHECK_INT_EQ (tally_add_project (t, id, q), (int)p);
        all[p] = p;
    }
    tally_set_budget (t, q);
    CHECK_INT_EQ (tally_add_ballot (t, N, all, NULL), 0);
    all[N - 1] = 0;
    CHECK_INT_EQ (tally_add_ballot (t, N, all, NULL), -1);
    //  Budget 1 buys one project of cost 1: the first by id ("p0").
    CHECK_WINNERS (t, TALLY_MES, "p0");
    free (all);
    mpq_clear (q);
    tally_destroy (&t);
    SK_CASE_END ("tally: a 100,000-project ballot");
}

/*  The ranking of rule's result on t as "a b c" (malloc'ed). */
static char *
s_ranking (tally_t *t, tally_rule_t rule, bool by_points)
{
    tally_result_t *r = tally_run (t, rule, NULL);
    size_t n = tally_projects (t);
    size_t *order = sk_reallocarray (NULL, n + 1, sizeof (size_t));
    tally_result_ranking (r, t, by_points, order);
    char *out = sk_calloc (1, n * 8 + 1);
    for (size_t k = 0; k < n; k++) {
        if (k)
            strcat (out, " ");
        strcat (out, tally_project_id (t, order[k]));
    }
    free (order);
    tally_result_destroy (&r);
    return out;
}

/*  Every project ranked: the winners in selection order, then the others
    by votes (score on points ballots), most first, ties as added. */
static void
s_test_ranking (void)
{
    SK_CASE_BEGIN ();
    tally_t *t = tally_new (TALLY_SAT_COST);
    mpq_t q;
    mpq_init (q);
    s_q (q, "100");
    tally_set_budget (t, q);
    const char *ids[] = { "A", "B", "C", "D", "E" };
    const char *costs[] = { "100", "200", "50", "300", "150" };
    for (int p = 0; p < 5; p++) {
        s_q (q, costs[p]);
        tally_add_project (t, ids[p], q);
    }
    uint32_t v1[] = { 1, 3, 0 }, v2[] = { 3, 1 }, v3[] = { 1, 3, 4 };
    tally_add_ballot (t, 3, v1, NULL);
    tally_add_ballot (t, 2, v2, NULL);
    tally_add_ballot (t, 3, v3, NULL);
    char *got = s_ranking (t, TALLY_GREEDY, false);
    CHECK_STR_EQ (got, "A B D E C");
    free (got);
    tally_destroy (&t);
    //  Points: X has more votes, Y more points
    t = tally_new (TALLY_SAT_POINTS);
    s_q (q, "1");
    tally_set_budget (t, q);
    s_q (q, "10");
    tally_add_project (t, "X", q);
    tally_add_project (t, "Y", q);
    uint32_t xy[] = { 0, 1 }, x[] = { 0 };
    int64_t p1[] = { 1, 5 }, p2[] = { 1 };
    tally_add_ballot (t, 2, xy, p1);
    tally_add_ballot (t, 1, x, p2);
    got = s_ranking (t, TALLY_GREEDY, true);
    CHECK_STR_EQ (got, "Y X");
    free (got);
    got = s_ranking (t, TALLY_GREEDY, false);
    CHECK_STR_EQ (got, "X Y");
    free (got);
    mpq_clear (q);
    tally_destroy (&t);
    SK_CASE_END ("tally: every project ranked, winners first");
}

/*  Every rule the vote service tallies with is said in Danish and in
    English; the others have no words. */
static void
s_test_words (void)
{
    SK_CASE_BEGIN ();
    const char *rules[] = { "greedy",   "greedy-threshold", "mes",
                            "mes-add1", "mes-add1-greedy",  "phragmen" };
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        tally_rule_t rule;
        CHECK_INT_EQ (tally_rule_parse (rules[i], &rule), 0);
        for (int points = 0; points < 2; points++) {
            CHECK_NOT_NULL (tally_rule_words (rules[i], points, false));
            CHECK_NOT_NULL (tally_rule_words (rules[i], points, true));
        }
    }
    CHECK_STR_CONTAINS (tally_rule_words ("mes", false, false), "Lige store andele");
    CHECK_STR_CONTAINS (tally_rule_words ("mes", false, true), "Equal shares");
    CHECK_STR_CONTAINS (tally_rule_words ("greedy", true, false), "flest point");
    CHECK_NULL (tally_rule_words ("greedy-card", false, false));
    CHECK_NULL (tally_rule_words ("ligelig", false, false));
    CHECK_NULL (tally_rule_words (NULL, false, true));
    //  The whole explanation: what a ballot gives, the rule by its ballot,
    //  no votes never chosen; a Pabulib file's as pabutools counts
    char *text = tally_explain ("cumulative", "greedy", false, false);
    CHECK_STR_CONTAINS (text, "summen af de point");
    CHECK_STR_CONTAINS (text, "flest point");
    CHECK_STR_CONTAINS (text, "som ingen har stemt på, vælges aldrig");
    free (text);
    text = tally_explain ("approval", "greedy", false, true);
    CHECK_STR_CONTAINS (text, "most votes");
    free (text);
    text = tally_explain ("cumulative", "greedy", true, false);
    CHECK_STR_CONTAINS (text, "flest stemmer");
    CHECK_STR_CONTAINS (text, "pabutools");
    free (text);
    CHECK_NULL (tally_explain ("approval", "mes-card", false, false));
    SK_CASE_END ("tally: the rules in Danish and English words");
}

/*  The new-user trial (Esbjerg): budget 90,000, Skaterbane 90,000 and
    Bænk 5,000, two voters giving 9 points to Skaterbane and 1 to Bænk, and
    Vandpost 1,000 that nobody named. sat and voted_only as given. */
static tally_t *
s_trial (tally_sat_t sat, bool voted_only)
{
    tally_t *t = tally_new (sat);
    tally_set_voted_only (t, voted_only);
    mpq_t q;
    mpq_init (q);
    s_q (q, "90000");
    tally_set_budget (t, q);
    const char *ids[] = { "skaterbane", "baenk", "vandpost" };
    const char *costs[] = { "90000", "5000", "1000" };
    for (int p = 0; p < 3; p++) {
        s_q (q, costs[p]);
        tally_add_project (t, ids[p], q);
    }
    uint32_t ballot[] = { 0, 1 };
    int64_t points[] = { 9, 1 };
    for (int v = 0; v < 2; v++)
        tally_add_ballot (t, 2, ballot, points);
    mpq_clear (q);
    return t;
}

/*  Points times cost: most points first (greedy), MES splits the cost by
    points; pabutools' points per krone chose the bench. voted_only never
    selects the project with no votes, under any rule. */
static void
s_test_points_cost (void)
{
    SK_CASE_BEGIN ();
    tally_t *t = s_trial (TALLY_SAT_POINTS, false);
    CHECK_WINNERS (t, TALLY_GREEDY, "baenk vandpost"); //  pabutools: points per krone
    tally_destroy (&t);
    t = s_trial (TALLY_SAT_POINTS_COST, true);
    CHECK_WINNERS (t, TALLY_GREEDY, "skaterbane");
    CHECK_WINNERS (t, TALLY_MES, "skaterbane");
    CHECK_WINNERS (t, TALLY_MES_ADD1_GREEDY, "skaterbane");
    mpq_t q;
    mpq_init (q);
    tally_project_score (t, 0, q); //  the points, not points times cost
    CHECK_INT_EQ (mpq_cmp_si (q, 18, 1), 0);
    tally_result_t *r = tally_run (t, TALLY_MES, NULL);
    CHECK (tally_result_price (r, 0, q)); //  45,000 each: 5,000 per point
    CHECK_INT_EQ (mpq_cmp_si (q, 5000, 1), 0);
    tally_result_destroy (&r);
    tally_destroy (&t);
    //  A budget the skate park does not fit: the bench, never the water post
    t = s_trial (TALLY_SAT_POINTS_COST, true);
    s_q (q, "89999");
    tally_set_budget (t, q);
    for (int rule = 0; rule < TALLY_RULES; rule++)
        CHECK_WINNERS (t, (tally_rule_t)rule, "baenk");
    tally_set_voted_only (t, false);
    CHECK_WINNERS (t, TALLY_GREEDY, "baenk vandpost");
    CHECK_WINNERS (t, TALLY_PHRAGMEN, "baenk vandpost");
    tally_destroy (&t);
    //  Approval (cost satisfaction) with voted_only
    t = tally_new (TALLY_SAT_COST);
    tally_set_voted_only (t, true);
    s_q (q, "100");
    tally_set_budget (t, q);
    s_q (q, "50");
    tally_add_project (t, "a", q);
    tally_add_project (t, "b", q);
    uint32_t va[] = { 0 };
    tally_add_ballot (t, 1, va, NULL);
    for (int rule = 0; rule < TALLY_RULES; rule++)
        CHECK_WINNERS (t, (tally_rule_t)rule, "a");
    mpq_clear (q);
    tally_destroy (&t);
    SK_CASE_END ("tally: points times cost, most points first; no votes, never selected");
}

/*  The parser and the constructor give the same election: load a real
    file, rebuild it through the API, compare every rule's winners. */
static void
s_test_same_as_parser (const char *dir, const char *name)
{
    SK_CASE_BEGIN ();
    char path[4096];
    snprintf (path, sizeof path, "%s/%s", dir, name);
    char *err = NULL;
    pb_t *pb = pb_load (path, &err);
    CHECK_NOT_NULL (pb);
    if (!pb) {
        printf ("#   %s\n", err);
        free (err);
        SK_CASE_END (name);
        return;
    }
    pb_type_t type = pb_vote_type (pb);
    bool points = type == PB_CUMULATIVE || type == PB_SCORING || type == PB_ORDINAL;
    tally_t *a = pb_tally (pb);
    tally_t *b = tally_new (points ? TALLY_SAT_POINTS : TALLY_SAT_COST);
    mpq_t q;
    mpq_init (q);
    pb_budget (pb, q);
    tally_set_budget (b, q);
    pb_threshold (pb, q);
    tally_set_threshold (b, q);
    for (size_t p = 0; p < pb_projects (pb); p++) {
        pb_project_cost (pb, p, q);
        CHECK_INT_EQ (tally_add_project (b, pb_project_id (pb, p), q), (int)p);
    }
    for (size_t v = 0; v < pb_voters (pb); v++) {
        size_t len = pb_ballot_size (pb, v);
        int rc = type == PB_ORDINAL
                     ? tally_add_ranking (b, len, pb_ballot (pb, v))
                     : tally_add_ballot (b, len, pb_ballot (pb, v), pb_ballot_points (pb, v));
        CHECK_INT_EQ (rc, 0);
    }
    for (int r = 0; r < TALLY_RULES; r++) {
        char *wa = s_winners (a, (tally_rule_t)r);
        char *wb = s_winners (b, (tally_rule_t)r);
        CHECK_STR_EQ (wa, wb);
        free (wa);
        free (wb);
    }
    mpq_clear (q);
    tally_destroy (&a);
    tally_destroy (&b);
    pb_destroy (&pb);
    char label[256];
    snprintf (label, sizeof label, "tally: API equals parser on %s", name);
    SK_CASE_END (label);
}

int
main (int argc, char **argv)
{
    char dir_buf[4096];
    const char *dir = "../shared/data/pabulib";
    if (argc > 1)
        dir = argv[1];
    else if (getenv ("SAMSKAB_SHARED")) {
        snprintf (dir_buf, sizeof dir_buf, "%s/data/pabulib", getenv ("SAMSKAB_SHARED"));
        dir = dir_buf;
    }
    s_test_constructor ();
    s_test_errors ();
    s_test_long_ballot ();
    s_test_ranking ();
    s_test_words ();
    s_test_points_cost ();
    s_test_same_as_parser (dir, "toy_ties.pb");
    s_test_same_as_parser (dir, "Switzerland_Zurich_D10.pb");
    s_test_same_as_parser (dir, "US_Stanford_Dataset_PB_Rochester_NY_2019_vote_"
                                "rankings.pb");
    s_test_same_as_parser (dir, "Poland_Swiecie_2023.pb");
    return sk_check_cases_failed ? 1 : 0;
}
