/*  vote_result.c: the tally of a closed citizen budget and its results.

    Each pool is an election for the engine (lib/tally/tally.h): the pool's
    budget, its projects with their codes as ids, and every counted ballot
    restricted to the pool's projects (a ballot naming none of them still
    counts as a voter, as in a Pabulib file). The results are those
    samskab-tally gives for the same data (vote_pabulib.c's export).

    samskab's own processes (counting 'samskab', doc/DECISIONS.md "Counting
    that matches the ballot"): approval and knapsack ballots count with
    cost satisfaction; cumulative ballots with their points times the
    project's cost (greedy: most points first); ranked ballots the same
    with places as points, k for place 1 down to 1 for place k, where k is
    the most projects a ballot may rank in a pool (max_choices, else the
    pool's projects) and the place is the one within the pool. A project
    no ballot names is never selected. Imported .pb files (counting
    'pabulib') count as pabutools does: points as utility, ranked as Borda
    k-1 ... 0 over the ballot's length k in the pool, as samskab-tally
    reads an ordinal .pb file.
*/
#include <czmq.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "vote_svc.h"
#include "tally/tally.h"

static const char *s_after_close[] = { "closed", "published", "implementation", NULL };

//  A non-negative q as a decimal string with at most digits decimals,
//  rounded half up; owned by the call.
static const char *
s_decimal (sk_call_t *call, const mpq_t q, int digits)
{
    char *text = tally_decimal (q, (unsigned)digits, NULL);
    const char *out = sk_call_strdup (call, text);
    free (text);
    return out;
}

static const char *
s_exact (sk_call_t *call, const mpq_t q)
{
    char *s = mpq_get_str (NULL, 10, q);
    const char *copy = sk_call_strdup (call, s);
    void (*gmp_free) (void *, size_t);
    mp_get_memory_functions (NULL, NULL, &gmp_free);
    gmp_free (s, strlen (s) + 1);
    return copy;
}

//  Store the pool's projects the tally did not choose (selected false),
//  after the winners' positions, in tally_result_ranking's order; 0 or -1.
static int
s_store_others (sk_call_t *call, const vote_process_t *p, const char *pool_id, tally_t *t,
                tally_result_t *result, PGresult *projects, bool by_points)
{
    size_t np = tally_projects (t), nw = tally_result_size (result), n = np - nw;
    size_t *order = sk_malloc ((np + 1) * sizeof (size_t));
    tally_result_ranking (result, t, by_points, order);
    const size_t *others = order + nw;
    int rc = 0;
    mpq_t q;
    mpq_init (q);
    for (size_t k = 0; k < n && rc == 0; k++) {
        const char *score = NULL;
        if (by_points) {
            tally_project_score (t, others[k], q);
            score = s_exact (call, q);
        }
        const char *ip[] = { sk_call_itoa (call, p->id),
                             call->req->tenant,
                             pool_id,
                             sk_call_itoa (call, (int64_t)(nw + k + 1)),
                             PQgetvalue (projects, (int)others[k], 0),
                             sk_call_itoa (call, (int64_t)tally_project_votes (t, others[k])),
                             score };
        PGresult *r = sk_call_sql (call,
                                   "INSERT INTO result (process_id, tenant, pool_id, position, "
                                   "project_id, votes, score, selected) "
                                   "VALUES ($1, $2, $3, $4, $5, $6, $7, false)",
                                   7, ip);
        rc = r ? 0 : -1;
        PQclear (r);
    }
    mpq_clear (q);
    free (order);
    return rc;
}

int64_t
vote_ranked_places (const vote_process_t *p, int64_t np)
{
    return p->max_choices > 0 && p->max_choices < np ? p->max_choices : np;
}

//  The points of a ranked ballot's len projects in one pool of np
//  projects, by place: samskab's k, k-1, ..., or with pabulib Borda's
//  len-1, ..., 0.
static void
s_places (const vote_process_t *p, bool pabulib, int np, size_t len, int64_t *points)
{
    int64_t k = pabulib ? (int64_t)len - 1 : vote_ranked_places (p, np);
    if (!pabulib && k < (int64_t)len) //  more than allowed (cannot be): all get a place
        k = (int64_t)len;
    for (size_t i = 0; i < len; i++)
        points[i] = k - (int64_t)i;
}

//  Tally one pool and store its winners, then its other projects; 0 or -1.
//  pabulib: count as pabutools would (an imported .pb file).
static int
s_tally_pool (sk_call_t *call, const vote_process_t *p, const char *pool_id, int64_t budget,
              PGresult *ballots, tally_rule_t rule, bool pabulib)
{
    bool by_points = streq (p->ballot, "cumulative") || streq (p->ballot, "ranked");
    const char *params[] = { pool_id };
    PGresult *projects = sk_call_sql (
        call, "SELECT id, code, cost FROM project WHERE pool_id = $1 ORDER BY id", 1, params);
    if (!projects)
        return -1;
    int np = PQntuples (projects);
    tally_t *t = tally_new (!by_points ? TALLY_SAT_COST
                            : pabulib  ? TALLY_SAT_POINTS
                                       : TALLY_SAT_POINTS_COST);
    tally_set_voted_only (t, !pabulib);
    mpq_t q;
    mpq_init (q);
    mpq_set_si (q, budget, 1);
    tally_set_budget (t, q);
    mpq_set_si (q, p->threshold, 1);
    tally_set_threshold (t, q);
    zhashx_t *index = zhashx_new (); //  project id -> index + 1
    for (int i = 0; i < np; i++) {
        mpq_set_str (q, PQgetvalue (projects, i, 2), 10);
        tally_add_project (t, PQgetvalue (projects, i, 1), q);
        zhashx_insert (index, PQgetvalue (projects, i, 0), (void *)(intptr_t)(i + 1));
    }
    int rc = 0;
    for (int b = 0; b < PQntuples (ballots) && rc == 0; b++) {
        int n = 0, m = 0;
        int64_t *ids = vote_int_array_parse (PQgetvalue (ballots, b, 0), &n);
        int64_t *pts = PQgetisnull (ballots, b, 1)
                           ? NULL
                           : vote_int_array_parse (PQgetvalue (ballots, b, 1), &m);
        uint32_t *mine = sk_malloc (sizeof (uint32_t) * (size_t)(n + 1));
        int64_t *mine_pts = sk_malloc (sizeof (int64_t) * (size_t)(n + 1));
        size_t len = 0;
        for (int k = 0; ids && k < n; k++) {
            char key[24];
            snprintf (key, sizeof key, "%lld", (long long)ids[k]);
            intptr_t at = (intptr_t)zhashx_lookup (index, key);
            if (!at)
                continue;
            mine[len] = (uint32_t)(at - 1);
            mine_pts[len++] = pts && k < m ? pts[k] : 0;
        }
        if (streq (p->ballot, "ranked"))
            s_places (p, pabulib, np, len, mine_pts);
        if (!ids || tally_add_ballot (t, len, mine, by_points ? mine_pts : NULL) < 0)
            rc = sk_call_fail (call, "internal", NULL, "the tally engine refused ballot %d", b);
        free (ids);
        free (pts);
        free (mine);
        free (mine_pts);
    }
    zhashx_destroy (&index);
    char *err = NULL;
    tally_result_t *result = rc ? NULL : tally_run (t, rule, &err);
    if (!rc && !result) {
        rc = sk_call_fail (call, "internal", NULL, "could not tally: %s", err);
        free (err);
    }
    for (size_t k = 0; result && rc == 0 && k < tally_result_size (result); k++) {
        size_t w = tally_result_winner (result, k);
        const char *score = NULL, *price = NULL, *exact = NULL;
        if (by_points) {
            tally_project_score (t, w, q);
            score = s_exact (call, q);
        }
        if (tally_result_price (result, k, q)) {
            price = s_decimal (call, q, 2);
            exact = s_exact (call, q);
        }
        const char *ip[] = { sk_call_itoa (call, p->id),
                             call->req->tenant,
                             pool_id,
                             sk_call_itoa (call, (int64_t)k + 1),
                             PQgetvalue (projects, (int)w, 0),
                             sk_call_itoa (call, (int64_t)tally_project_votes (t, w)),
                             score,
                             price,
                             exact,
                             tally_result_completion (result, k) ? "true" : "false" };
        PGresult *r = sk_call_sql (call,
                                   "INSERT INTO result (process_id, tenant, pool_id, position, "
                                   "project_id, votes, score, price, price_exact, completion) "
                                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                                   10, ip);
        if (!r)
            rc = -1;
        PQclear (r);
    }
    if (result && rc == 0)
        rc = s_store_others (call, p, pool_id, t, result, projects, by_points);
    tally_result_destroy (&result);
    tally_destroy (&t);
    mpq_clear (q);
    PQclear (projects);
    return rc;
}

#define S_RESULT_COLS 11 //  of a result row after its pool id

//  The columns of a project of a pool's "projects" (NULL: not packed).
static const char *s_every_names[S_RESULT_COLS] = { NULL,   "project", "code",    "title",
                                                    "cost", "votes",   "score",   NULL,
                                                    NULL,   NULL,      "selected" };

//  Row k of the results (from its second column) as a map of the columns
//  names names, each by its type.
static void
s_pack_row (sk_pack_t *out, PGresult *rows, int k, const char *const *names)
{
    uint32_t count = 0;
    for (int c = 0; c < S_RESULT_COLS; c++)
        count += names[c] != NULL;
    sk_pack_map (out, count);
    for (int c = 0; c < S_RESULT_COLS; c++) {
        if (!names[c])
            continue;
        sk_pack_str (out, names[c]);
        const char *v = PQgetvalue (rows, k, c + 1);
        if (PQgetisnull (rows, k, c + 1))
            sk_pack_nil (out);
        else if (c == 0 || c == 1 || c == 4 || c == 5)
            sk_pack_int (out, strtoll (v, NULL, 10));
        else if (c == 9 || c == 10)
            sk_pack_bool (out, *v == 't');
        else
            sk_pack_str (out, v);
    }
}

//  The late count (vote.paper.late) of head's columns 5-8 as "late_count":
//  how many papers it added, opened by whom, when, why; nil without one.
static void
s_pack_late (sk_pack_t *out, const PGresult *head)
{
    sk_pack_str (out, "late_count");
    if (PQgetisnull (head, 0, 6)) {
        sk_pack_nil (out);
        return;
    }
    sk_pack_map (out, 4);
    sk_pack_kint (out, "papers", strtoll (PQgetvalue (head, 0, 5), NULL, 10));
    sk_pack_kstr (out, "opened_by", PQgetvalue (head, 0, 6));
    sk_pack_kstr (out, "opened_at", PQgetvalue (head, 0, 7));
    sk_pack_kstr (out, "reason", PQgetvalue (head, 0, 8));
}

//  The results as a reply body (also the body of the tallied event);
//  with "trial": true for a trial count.
static int
s_pack_results (sk_call_t *call, int64_t process, sk_pack_t *out, bool trial)
{
    const char *params[] = { sk_call_itoa (call, process) };
    PGresult *head = sk_call_sql (
        call,
        "SELECT name, phase, tallied_rule, voters, ballot, late_papers, "
        "CASE WHEN late_opened_by IS NOT NULL THEN coalesce(late_opened_name, '') END, "
        "to_char(late_opened_at AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD HH24:MI'), "
        "late_reason, counting FROM process WHERE id = $1",
        1, params);
    if (!head)
        return -1;
    if (PQgetisnull (head, 0, 2)) {
        PQclear (head);
        return sk_call_fail (call, "conflict", "process",
                             "citizen budget %lld has not been tallied with its "
                             "current rule",
                             (long long)process);
    }
    PGresult *pools =
        sk_call_sql (call,
                     "SELECT o.id, o.name, o.budget, coalesce(sum(j.cost), 0) FROM pool o "
                     "LEFT JOIN result r ON r.pool_id = o.id AND r.selected "
                     "LEFT JOIN project j ON j.id = r.project_id "
                     "WHERE o.process_id = $1 GROUP BY o.id ORDER BY o.id",
                     1, params);
    PGresult *winners =
        pools
            ? sk_call_sql (call,
                           "SELECT r.pool_id, r.position, j.id, j.code, j.title, j.cost, r.votes, "
                           "r.score, r.price, r.price_exact, r.completion, r.selected "
                           "FROM result r JOIN project j ON j.id = r.project_id "
                           "WHERE r.process_id = $1 ORDER BY r.pool_id, r.position",
                           1, params)
            : NULL;
    if (!winners) {
        PQclear (head);
        PQclear (pools);
        return -1;
    }
    //  MES prices are per supporter, or per point for points ballots
    bool by_points =
        streq (PQgetvalue (head, 0, 4), "cumulative") || streq (PQgetvalue (head, 0, 4), "ranked");
    const char *names[S_RESULT_COLS] = {
        "position",    "project",
        "code",        "title",
        "cost",        "votes",
        "score",       by_points ? "price_per_point" : "price_per_supporter",
        "price_exact", "greedy_completion",
        NULL
    };
    sk_pack_map (out, 9 + trial);
    if (trial)
        sk_pack_kbool (out, "trial", true);
    sk_pack_kint (out, "process", process);
    sk_pack_kstr (out, "name", PQgetvalue (head, 0, 0));
    sk_pack_kstr (out, "phase", PQgetvalue (head, 0, 1));
    sk_pack_kstr (out, "rule", PQgetvalue (head, 0, 2));
    sk_pack_kstr (out, "ballot", PQgetvalue (head, 0, 4));
    sk_pack_kstr (out, "counting", PQgetvalue (head, 0, 9));
    sk_pack_kint (out, "voters", strtoll (PQgetvalue (head, 0, 3), NULL, 10));
    s_pack_late (out, head);
    sk_pack_str (out, "pools");
    int npools = PQntuples (pools), w = 0, nw = PQntuples (winners);
    sk_pack_array (out, (uint32_t)npools);
    for (int i = 0; i < npools; i++) {
        int64_t budget = strtoll (PQgetvalue (pools, i, 2), NULL, 10);
        int64_t spent = strtoll (PQgetvalue (pools, i, 3), NULL, 10);
        sk_pack_map (out, 6);
        sk_pack_kstr (out, "pool", PQgetvalue (pools, i, 1));
        sk_pack_kint (out, "budget", budget);
        sk_pack_kint (out, "total_cost", spent);
        sk_pack_kint (out, "remaining", budget - spent);
        int first = w, chosen = 0;
        while (w < nw && streq (PQgetvalue (winners, w, 0), PQgetvalue (pools, i, 0)))
            chosen += *PQgetvalue (winners, w++, 11) == 't';
        sk_pack_str (out, "winners");
        sk_pack_array (out, (uint32_t)chosen);
        for (int k = first; k < w; k++)
            if (*PQgetvalue (winners, k, 11) == 't')
                s_pack_row (out, winners, k, names);
        //  Every project: the winners, then the others by votes
        sk_pack_str (out, "projects");
        sk_pack_array (out, (uint32_t)(w - first));
        for (int k = first; k < w; k++)
            s_pack_row (out, winners, k, s_every_names);
    }
    PQclear (head);
    PQclear (pools);
    PQclear (winners);
    return 0;
}

//  Tally p with rule into result and the process's tallied_rule, and reply
//  the results; 0 or -1.
static int
s_tally (sk_call_t *call, const vote_process_t *p, const char *rule_name, tally_rule_t rule,
         bool trial)
{
    const char *params[] = { sk_call_itoa (call, p->id) };
    int pabulib = vote_process_pabulib (call, p->id);
    PGresult *r = pabulib < 0
                      ? NULL
                      : sk_call_sql (call, "DELETE FROM result WHERE process_id = $1", 1, params);
    PQclear (r);
    PGresult *pools =
        r ? sk_call_sql (call, "SELECT id, budget FROM pool WHERE process_id = $1 ORDER BY id", 1,
                         params)
          : NULL;
    PGresult *ballots =
        pools ? sk_call_sql (
            call, "SELECT projects, points FROM ballot WHERE process_id = $1 ORDER BY receipt", 1,
            params)
              : NULL;
    int rc = ballots ? 0 : -1;
    for (int i = 0; rc == 0 && i < PQntuples (pools); i++)
        rc = s_tally_pool (call, p, PQgetvalue (pools, i, 0),
                           strtoll (PQgetvalue (pools, i, 1), NULL, 10), ballots, rule,
                           pabulib == 1);
    const char *up[] = { sk_call_itoa (call, p->id), rule_name,
                         sk_call_itoa (call, ballots ? PQntuples (ballots) : 0) };
    PQclear (pools);
    PQclear (ballots);
    if (rc
        || sk_call_exec (call,
                         "UPDATE process SET tallied_rule = $2, voters = $3, "
                         "version = version + 1 WHERE id = $1",
                         3, up))
        return -1;
    return s_pack_results (call, p->id, &call->reply, trial);
}

//  The official tally with the process's rule; or, with "trial", a count
//  with any rule that is rolled back once its results are packed, so the
//  official rule, results and tallied state stay as they were.
int
vote_results_tally (sk_call_t *call)
{
    static const char *keys[] = { "process", "rule", "trial", NULL };
    static const char *closed[] = { "closed", NULL };
    static const char *after_close[] = { "closed", "published", "implementation", NULL };
    vote_process_t p;
    const char *rule_name = NULL;
    bool trial = false;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "rule", 20, false, &rule_name) < 0
        || sk_call_bool (call, NULL, "trial", false, &trial) < 0
        || vote_process_load (call, "process", VOTE_LOCK_UPDATE, &p)
        || vote_process_require (call, &p, trial ? "count" : "tally", trial ? after_close : closed))
        return -1;
    if (rule_name && !trial)
        return sk_call_fail (call, "invalid_argument", "rule",
                             "a rule is named only for a trial count (\"trial\": true); the "
                             "official rule is changed in the settings");
    if (!rule_name)
        rule_name = p.rule;
    tally_rule_t rule;
    if (tally_rule_parse (rule_name, &rule))
        return sk_call_fail (call, "invalid_argument", "rule",
                             "unknown rule \"%s\": use greedy, greedy-threshold, mes, mes-add1, "
                             "mes-add1-greedy or phragmen",
                             rule_name);
    if (trial) {
        if (sk_call_exec (call, "SAVEPOINT trial", 0, NULL)
            || s_tally (call, &p, rule_name, rule, true))
            return -1;
        return sk_call_exec (call, "ROLLBACK TO SAVEPOINT trial", 0, NULL);
    }
    int64_t waiting;
    if (vote_paper_waiting (call, p.id, &waiting, NULL, 0))
        return -1;
    if (waiting)
        return sk_call_fail (call, "conflict", "process",
                             "%lld paper %s of citizen budget %lld %s for "
                             "a second staff member's confirmation",
                             (long long)waiting, waiting == 1 ? "ballot" : "ballots",
                             (long long)p.id, waiting == 1 ? "waits" : "wait");
    if (s_tally (call, &p, rule_name, rule, false))
        return -1;
    //  The event is the reply
    return sk_call_event (call, "vote.process.tallied", &call->reply);
}

//  The official results packed into out (publication names them).
int
vote_results_pack (sk_call_t *call, int64_t process, sk_pack_t *out)
{
    return s_pack_results (call, process, out, false);
}

int
vote_results_get (sk_call_t *call)
{
    vote_process_t p;
    if (vote_process_only (call, VOTE_LOCK_NONE, &p)
        || vote_process_require (call, &p, "show results", s_after_close))
        return -1;
    return s_pack_results (call, p.id, &call->reply, false);
}
