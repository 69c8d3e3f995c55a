/*  vote_process.c: citizen budgets, their pools, projects and phases. */
#include <czmq.h>

#include "sk_log.h"
#include "vote_svc.h"

static const char *s_phases[] = { "ideas",     "development",    "voting", "closed",
                                  "published", "implementation", NULL };
static const char *s_date_keys[] = { "ideas_from",   "development_from", "voting_from",
                                     "voting_until", "results_on",       "implementation_from" };
#define S_DATES 6

//  Ballot settings as a request gives them; NULL/-1 when not given.
typedef struct {
    const char *ballot;
    const char *rule;
    int64_t max_choices;
    int64_t min_share;
    int64_t points;
    int64_t threshold;
} s_settings_t;

//  0 if a field's value is absent or one of names; otherwise refuse it,
//  naming the values it may take (use).
static int
s_one_of (sk_call_t *call, const char *field, const char *value, const char *const *names,
          const char *use)
{
    if (!value)
        return 0;
    for (int i = 0; names[i]; i++)
        if (streq (value, names[i]))
            return 0;
    return sk_call_fail (call, "invalid_argument", field, "unknown %s \"%s\": use %s", field, value,
                         use);
}

static int
s_settings_read (sk_call_t *call, s_settings_t *s)
{
    s->ballot = s->rule = NULL;
    s->max_choices = s->min_share = s->points = s->threshold = -1;
    if (sk_call_str (call, NULL, "ballot", 16, false, &s->ballot) < 0
        || sk_call_str (call, NULL, "rule", 20, false, &s->rule) < 0
        || sk_call_int (call, NULL, "max_choices", 1, 10000, false, &s->max_choices) < 0
        || sk_call_int (call, NULL, "min_share", 0, 100, false, &s->min_share) < 0
        || sk_call_int (call, NULL, "points", 1, 1000000, false, &s->points) < 0
        || sk_call_int (call, NULL, "threshold", 0, INT64_MAX / 4, false, &s->threshold) < 0)
        return -1;
    static const char *ballots[] = { "approval", "knapsack", "cumulative", "ranked", NULL };
    static const char *rules[] = { "greedy",          "greedy-threshold", "mes", "mes-add1",
                                   "mes-add1-greedy", "phragmen",         NULL };
    if (s_one_of (call, "ballot", s->ballot, ballots, "approval, knapsack, cumulative or ranked")
        || s_one_of (call, "rule", s->rule, rules,
                     "greedy, greedy-threshold, mes, mes-add1, mes-add1-greedy or phragmen"))
        return -1;
    return 0;
}

//  Check the settings the process will have once s is applied to current.
static int
s_settings_check (sk_call_t *call, const vote_process_t *current)
{
    if (streq (current->ballot, "cumulative") && current->points <= 0)
        return sk_call_fail (call, "invalid_argument", "points",
                             "a cumulative ballot needs \"points\", the "
                             "points each voter may spread");
    if (!streq (current->ballot, "knapsack") && current->min_share > 0)
        return sk_call_fail (call, "invalid_argument", "min_share",
                             "\"min_share\" applies to knapsack ballots only");
    return 0;
}

static void
s_settings_apply (const s_settings_t *s, vote_process_t *p)
{
    if (s->ballot)
        snprintf (p->ballot, sizeof p->ballot, "%s", s->ballot);
    if (s->rule)
        snprintf (p->rule, sizeof p->rule, "%s", s->rule);
    if (s->max_choices >= 0)
        p->max_choices = s->max_choices;
    if (s->min_share >= 0)
        p->min_share = s->min_share;
    if (s->points >= 0)
        p->points = s->points;
    if (s->threshold >= 0)
        p->threshold = s->threshold;
}

static const char *
s_opt_int (sk_call_t *call, int64_t v)
{
    return v > 0 ? sk_call_itoa (call, v) : NULL;
}

//  --------------------------------------------------------------------------
//  The process as replies show it

static const sk_col_t s_process_cols[] = {
    { "id", SK_COL_INT },
    { "municipality", SK_COL_TEXT },
    { "area", SK_COL_TEXT },
    { "name", SK_COL_TEXT },
    { "amount", SK_COL_INT },
    { "phase", SK_COL_TEXT },
    { "ideas_from", SK_COL_TEXT },
    { "development_from", SK_COL_TEXT },
    { "voting_from", SK_COL_TEXT },
    { "voting_until", SK_COL_TEXT },
    { "results_on", SK_COL_TEXT },
    { "implementation_from", SK_COL_TEXT },
    { "ballot", SK_COL_TEXT },
    { "max_choices", SK_COL_INT },
    { "min_share", SK_COL_INT },
    { "points", SK_COL_INT },
    { "rule", SK_COL_TEXT },
    { "threshold", SK_COL_INT },
    { "codes_used", SK_COL_INT },
    { "voters", SK_COL_INT },
    { "tallied_rule", SK_COL_TEXT },
    { "version", SK_COL_INT },
    { NULL, SK_COL_TEXT },
};
#define S_PROCESS_COLUMNS                                                                          \
    "id, tenant, area, name, amount, phase, ideas_from, development_from, "                        \
    "voting_from, voting_until, results_on, implementation_from, ballot, "                         \
    "max_choices, min_share, points, rule, threshold, codes_used, voters, "                        \
    "tallied_rule, version"

static const sk_col_t s_pool_cols[] = {
    { "id", SK_COL_INT },       { "name", SK_COL_TEXT }, { "budget", SK_COL_INT },
    { "projects", SK_COL_INT }, { NULL, SK_COL_TEXT },
};
static const sk_col_t s_project_cols[] = {
    { "id", SK_COL_INT },     { "pool", SK_COL_TEXT },        { "code", SK_COL_TEXT },
    { "title", SK_COL_TEXT }, { "description", SK_COL_TEXT }, { "cost", SK_COL_INT },
    { NULL, SK_COL_TEXT },
};
#define S_PROJECT_SELECT                                                                           \
    "SELECT p.id, o.name, p.code, p.title, p.description, p.cost "                                 \
    "FROM project p JOIN pool o ON o.id = p.pool_id "

//  Pack process id with its pools and projects as the call's reply, and
//  emit it as topic when topic is not NULL.
static int
s_process_reply (sk_call_t *call, int64_t id, const char *topic)
{
    const char *params[] = { sk_call_itoa (call, id) };
    PGresult *p =
        sk_call_sql (call, "SELECT " S_PROCESS_COLUMNS " FROM process WHERE id = $1", 1, params);
    if (!p)
        return -1;
    if (PQntuples (p) != 1) {
        PQclear (p);
        return sk_call_fail (call, "not_found", "process", "citizen budget %lld does not exist",
                             (long long)id);
    }
    PGresult *pools =
        sk_call_sql (call,
                     "SELECT o.id, o.name, o.budget, count(p.id) FROM pool o "
                     "LEFT JOIN project p ON p.pool_id = o.id WHERE o.process_id = $1 "
                     "GROUP BY o.id ORDER BY o.id",
                     1, params);
    PGresult *projects =
        pools ? sk_call_sql (call, S_PROJECT_SELECT "WHERE p.process_id = $1 ORDER BY p.id", 1,
                             params)
              : NULL;
    if (!projects) {
        PQclear (p);
        PQclear (pools);
        return -1;
    }
    //  The process's map widened by two: pools and projects
    sk_pack_map (&call->reply, sk_cols_count (s_process_cols) + 2);
    sk_pack_fields (&call->reply, p, 0, s_process_cols);
    sk_pack_str (&call->reply, "pools");
    sk_pack_rows (&call->reply, pools, 0, PQntuples (pools), s_pool_cols);
    sk_pack_str (&call->reply, "projects");
    sk_pack_rows (&call->reply, projects, 0, PQntuples (projects), s_project_cols);
    int rc = 0;
    if (topic) {
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_row (&body, p, 0, s_process_cols);
        rc = sk_call_event (call, topic, &body);
        sk_pack_release (&body);
    }
    PQclear (p);
    PQclear (pools);
    PQclear (projects);
    return rc;
}

//  Add one pool {name, budget} to process: an item of vote.process.create's
//  pools (only those keys), or vote.pool.add's body (keys checked by it,
//  with "process"); 0 or -1.
static int
s_pool_insert (sk_call_t *call, int64_t process, const msgpack_object *pool, bool item)
{
    static const char *keys[] = { "name", "budget", NULL };
    const char *name;
    int64_t budget;
    if (pool->type != MSGPACK_OBJECT_MAP)
        return sk_call_fail (call, "invalid_argument", NULL,
                             "a pool must be a map with \"name\" and \"budget\"");
    if ((item && sk_call_known_keys (call, pool, keys))
        || sk_call_str (call, pool, "name", 200, true, &name) < 0
        || sk_call_int (call, pool, "budget", 0, INT64_MAX / 4, true, &budget) < 0)
        return -1;
    if (!*name)
        return sk_call_fail (call, "invalid_argument", "name", "pool name is empty");
    const char *cp[] = { sk_call_itoa (call, process) };
    PGresult *n = sk_call_sql (call, "SELECT count(*) FROM pool WHERE process_id = $1", 1, cp);
    if (!n)
        return -1;
    int64_t pools = strtoll (PQgetvalue (n, 0, 0), NULL, 10);
    PQclear (n);
    if (pools >= 20)
        return sk_call_fail (call, "invalid_argument", "name",
                             "a citizen budget has at most 20 pools");
    const char *params[] = { sk_call_itoa (call, process), call->req->tenant, name,
                             sk_call_itoa (call, budget) };
    PGresult *r = sk_call_sql (call,
                               "INSERT INTO pool (process_id, tenant, name, budget) "
                               "VALUES ($1, $2, $3, $4)",
                               4, params);
    if (!r && streq (call->err.code, "conflict"))
        return sk_call_fail (call, "conflict", "name",
                             "pool \"%s\" already exists in this citizen budget", name);
    PQclear (r);
    return r ? 0 : -1;
}

//  Refuse pools whose budgets add up to more than the process's amount.
static int
s_pools_within_amount (sk_call_t *call, int64_t process)
{
    const char *params[] = { sk_call_itoa (call, process) };
    PGresult *r =
        sk_call_sql (call,
                     "SELECT p.amount, coalesce(sum(o.budget), 0) FROM process p "
                     "LEFT JOIN pool o ON o.process_id = p.id WHERE p.id = $1 GROUP BY p.id",
                     1, params);
    if (!r)
        return -1;
    int64_t amount = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    int64_t pools = strtoll (PQgetvalue (r, 0, 1), NULL, 10);
    PQclear (r);
    if (pools > amount)
        return sk_call_fail (call, "invalid_argument", "pools",
                             "pool budgets add up to %lld DKK, more than the "
                             "amount of %lld DKK",
                             (long long)pools, (long long)amount);
    return 0;
}

int
vote_process_create (sk_call_t *call)
{
    static const char *keys[] = { "name",        "area",
                                  "amount",      "pools",
                                  "ideas_from",  "development_from",
                                  "voting_from", "voting_until",
                                  "results_on",  "implementation_from",
                                  "ballot",      "rule",
                                  "max_choices", "min_share",
                                  "points",      "threshold",
                                  NULL };
    const char *name, *area = NULL, *dates[S_DATES] = { NULL };
    int64_t amount;
    const msgpack_object *pools = NULL;
    s_settings_t s;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "name", 200, true, &name) < 0
        || sk_call_str (call, NULL, "area", 200, false, &area) < 0
        || sk_call_int (call, NULL, "amount", 0, INT64_MAX / 4, true, &amount) < 0
        || sk_call_array (call, NULL, "pools", 20, false, &pools) < 0 || s_settings_read (call, &s))
        return -1;
    for (int i = 0; i < S_DATES; i++)
        if (sk_call_str (call, NULL, s_date_keys[i], 10, false, &dates[i]) < 0)
            return -1;
    if (!*name)
        return sk_call_fail (call, "invalid_argument", "name", "citizen budget name is empty");
    vote_process_t p = { .ballot = "approval", .rule = "greedy" };
    s_settings_apply (&s, &p);
    if (s_settings_check (call, &p))
        return -1;
    const char *params[] = { call->req->tenant,
                             area,
                             name,
                             sk_call_itoa (call, amount),
                             dates[0],
                             dates[1],
                             dates[2],
                             dates[3],
                             dates[4],
                             dates[5],
                             p.ballot,
                             s_opt_int (call, p.max_choices),
                             s_opt_int (call, p.min_share),
                             s_opt_int (call, p.points),
                             p.rule,
                             sk_call_itoa (call, p.threshold) };
    PGresult *r = sk_call_sql (call,
                               "INSERT INTO process (tenant, area, name, amount, ideas_from, "
                               "development_from, voting_from, voting_until, results_on, "
                               "implementation_from, ballot, max_choices, min_share, points, rule, "
                               "threshold) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                               "$12, $13, $14, $15, $16) RETURNING id",
                               16, params);
    if (!r && streq (call->err.code, "conflict"))
        return sk_call_fail (call, "conflict", "name", "citizen budget \"%s\" already exists",
                             name);
    if (!r)
        return -1;
    int64_t id = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    PQclear (r);
    if (pools && pools->via.array.size) {
        for (uint32_t i = 0; i < pools->via.array.size; i++) {
            sk_call_scope (call, "pools[%u]", i);
            if (s_pool_insert (call, id, &pools->via.array.ptr[i], true))
                return -1;
        }
        sk_call_scope (call, "%s", "");
    } else {
        //  One pool for the whole amount
        const char *pp[] = { sk_call_itoa (call, id), call->req->tenant,
                             sk_call_itoa (call, amount) };
        if (!(r = sk_call_sql (call,
                               "INSERT INTO pool (process_id, tenant, "
                               "name, budget) VALUES ($1, $2, 'all', $3)",
                               3, pp)))
            return -1;
        PQclear (r);
    }
    if (s_pools_within_amount (call, id))
        return -1;
    return s_process_reply (call, id, "vote.process.created");
}

int
vote_process_get (sk_call_t *call)
{
    vote_process_t p;
    if (vote_process_only (call, VOTE_LOCK_NONE, &p))
        return -1;
    return s_process_reply (call, p.id, NULL);
}

int
vote_process_list (sk_call_t *call)
{
    static const char *keys[] = { "phase", NULL };
    const char *phase = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "phase", 16, false, &phase) < 0)
        return -1;
    const char *params[] = { phase };
    return sk_call_reply_items (
        call,
        sk_call_sql (call,
                     "SELECT " S_PROCESS_COLUMNS " FROM process "
                     "WHERE $1::text IS NULL OR phase = $1 ORDER BY tenant, id",
                     1, params),
        s_process_cols);
}

int
vote_process_settings (sk_call_t *call)
{
    static const char *keys[] = { "process",   "ballot", "rule",      "max_choices",
                                  "min_share", "points", "threshold", NULL };
    static const char *before_voting[] = { "ideas", "development", NULL };
    static const char *until_tally[] = { "ideas", "development", "voting", "closed", NULL };
    vote_process_t p;
    s_settings_t s;
    if (sk_call_known_keys (call, NULL, keys)
        || vote_process_load (call, "process", VOTE_LOCK_UPDATE, &p) || s_settings_read (call, &s))
        return -1;
    //  The ballot is fixed once voting opens; the rule until results are out
    bool ballot_change = s.ballot || s.max_choices >= 0 || s.min_share >= 0 || s.points >= 0;
    if (ballot_change && vote_process_require (call, &p, "change the ballot", before_voting))
        return -1;
    if (vote_process_require (call, &p, "change the rule", until_tally))
        return -1;
    s_settings_apply (&s, &p);
    if (s_settings_check (call, &p))
        return -1;
    const char *params[] = { sk_call_itoa (call, p.id),       p.ballot,
                             s_opt_int (call, p.max_choices), s_opt_int (call, p.min_share),
                             s_opt_int (call, p.points),      p.rule,
                             sk_call_itoa (call, p.threshold) };
    if (sk_call_exec (call,
                      "UPDATE process SET ballot = $2, max_choices = $3, min_share = $4, "
                      "points = $5, rule = $6, threshold = $7, version = version + 1, "
                      "tallied_rule = CASE WHEN rule = $6 AND threshold = $7 "
                      "THEN tallied_rule END WHERE id = $1",
                      7, params))
        return -1;
    return s_process_reply (call, p.id, "vote.process.updated");
}

static int
s_phase_index (const char *phase)
{
    for (int i = 0; s_phases[i]; i++)
        if (streq (s_phases[i], phase))
            return i;
    return -1;
}

int
vote_process_phase (sk_call_t *call)
{
    static const char *keys[] = { "process", "phase", NULL };
    vote_process_t p;
    const char *phase;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "phase", 16, true, &phase) < 0
        || vote_process_load (call, "process", VOTE_LOCK_UPDATE, &p))
        return -1;
    int to = s_phase_index (phase), from = s_phase_index (p.phase);
    if (to < 0)
        return sk_call_fail (call, "invalid_argument", "phase",
                             "unknown phase \"%s\": use ideas, development, "
                             "voting, closed, published or implementation",
                             phase);
    if (to <= from)
        return sk_call_fail (call, "conflict", "phase",
                             "citizen budget %lld is in phase \"%s\"; phases "
                             "only move forward",
                             (long long)p.id, p.phase);
    //  Voting, closing and publishing are never skipped
    int gate = -1;
    for (int g = 2; g <= 4 && gate < 0; g++)
        if (from < g && g < to)
            gate = g;
    if (gate >= 0)
        return sk_call_fail (call, "conflict", "phase",
                             "citizen budget %lld must pass phase \"%s\" before "
                             "\"%s\"",
                             (long long)p.id, s_phases[gate], phase);
    const char *params[] = { sk_call_itoa (call, p.id), phase };
    const char *topic = "vote.process.phase_changed";
    if (streq (phase, "voting")) {
        PGresult *r =
            sk_call_sql (call,
                         "SELECT o.name FROM pool o WHERE o.process_id = $1 AND NOT EXISTS "
                         "(SELECT 1 FROM project p WHERE p.pool_id = o.id) ORDER BY o.id",
                         1, params);
        if (!r)
            return -1;
        if (PQntuples (r) > 0) {
            char name[128];
            snprintf (name, sizeof name, "%s", PQgetvalue (r, 0, 0));
            PQclear (r);
            return sk_call_fail (call, "conflict", "phase",
                                 "cannot open voting: pool \"%s\" has no projects", name);
        }
        PQclear (r);
        topic = "vote.process.opened";
    } else if (streq (phase, "closed")) {
        if (vote_close (call, &p))
            return -1;
        topic = "vote.process.closed";
    } else if (streq (phase, "published")) {
        PGresult *r = sk_call_sql (
            call, "SELECT tallied_rule IS NOT NULL FROM process WHERE id = $1", 1, params);
        if (!r)
            return -1;
        bool tallied = *PQgetvalue (r, 0, 0) == 't';
        PQclear (r);
        if (!tallied)
            return sk_call_fail (call, "conflict", "phase",
                                 "cannot publish citizen budget %lld before it "
                                 "is tallied with its current rule",
                                 (long long)p.id);
        //  The proposers hear the outcome now; their contacts are no
        //  longer needed
        if (vote_idea_forget_contacts (call, p.id))
            return -1;
        topic = "vote.results.published";
    }
    if (sk_call_exec (call, "UPDATE process SET phase = $2, version = version + 1 WHERE id = $1", 2,
                      params))
        return -1;
    return s_process_reply (call, p.id, topic);
}

int
vote_pool_add (sk_call_t *call)
{
    static const char *keys[] = { "process", "name", "budget", NULL };
    static const char *before_voting[] = { "ideas", "development", NULL };
    vote_process_t p;
    if (sk_call_known_keys (call, NULL, keys)
        || vote_process_load (call, "process", VOTE_LOCK_UPDATE, &p)
        || vote_process_require (call, &p, "add a pool", before_voting)
        || s_pool_insert (call, p.id, call->req->body, false) || s_pools_within_amount (call, p.id))
        return -1;
    return s_process_reply (call, p.id, "vote.process.updated");
}

int
vote_project_create (sk_call_t *call)
{
    static const char *keys[] = { "process", "pool", "code", "title", "description", "cost", NULL };
    vote_process_t p;
    const char *pool = NULL, *code = NULL, *title, *description = NULL;
    int64_t cost, id;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "pool", 200, false, &pool) < 0
        || sk_call_str (call, NULL, "code", 64, false, &code) < 0
        || sk_call_str (call, NULL, "title", 500, true, &title) < 0
        || sk_call_str (call, NULL, "description", 10000, false, &description) < 0
        || sk_call_int (call, NULL, "cost", 0, INT64_MAX / 4, true, &cost) < 0
        || vote_process_load (call, "process", VOTE_LOCK_UPDATE, &p))
        return -1;
    return vote_project_add (call, &p, pool, code, title, description, cost, &id);
}

int
vote_project_add (sk_call_t *call, const vote_process_t *process, const char *pool,
                  const char *code, const char *title, const char *description, int64_t cost,
                  int64_t *id_out)
{
    static const char *before_voting[] = { "ideas", "development", NULL };
    const vote_process_t p = *process;
    if (vote_process_require (call, &p, "add a project", before_voting))
        return -1;
    if (!*title)
        return sk_call_fail (call, "invalid_argument", "title", "project title is empty");
    //  Without a pool name the process must have exactly one pool
    const char *params[] = { sk_call_itoa (call, p.id), pool };
    PGresult *r = sk_call_sql (call,
                               "SELECT id, budget FROM pool WHERE process_id = $1 "
                               "AND ($2::text IS NULL OR name = $2)",
                               2, params);
    if (!r)
        return -1;
    int n = PQntuples (r);
    if (n != 1) {
        PQclear (r);
        if (pool)
            return sk_call_fail (call, "not_found", "pool",
                                 "pool \"%s\" does not exist in citizen budget %lld", pool,
                                 (long long)p.id);
        return sk_call_fail (call, "invalid_argument", "pool",
                             "citizen budget %lld has %d pools: name one", (long long)p.id, n);
    }
    const char *pool_id = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    int64_t budget = strtoll (PQgetvalue (r, 0, 1), NULL, 10);
    PQclear (r);
    if (cost > budget)
        return sk_call_fail (call, "invalid_argument", "cost",
                             "project cost %lld DKK is more than its pool's "
                             "budget of %lld DKK",
                             (long long)cost, (long long)budget);
    const char *ip[] = {
        sk_call_itoa (call, p.id), call->req->tenant, pool_id, code, title, description,
        sk_call_itoa (call, cost)
    };
    r = sk_call_sql (call,
                     "INSERT INTO project (process_id, tenant, pool_id, code, title, "
                     "description, cost) VALUES ($1, $2, $3, coalesce($4, 'p' || "
                     "(SELECT count(*) + 1 FROM project WHERE process_id = $1)), $5, $6, $7) "
                     "RETURNING id",
                     7, ip);
    if (!r && streq (call->err.code, "conflict"))
        return sk_call_fail (call, "conflict", "code",
                             "project code \"%s\" already exists in this citizen "
                             "budget",
                             code ? code : "(generated)");
    if (!r && streq (call->err.code, "invalid_argument"))
        return sk_call_fail (call, "invalid_argument", "code",
                             "project code must be 1 to 64 letters, digits, "
                             "\".\", \"_\" or \"-\"");
    if (!r)
        return -1;
    const char *id = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    *id_out = strtoll (id, NULL, 10);
    PQclear (r);
    const char *gp[] = { id };
    r = sk_call_sql (call, S_PROJECT_SELECT "WHERE p.id = $1", 1, gp);
    if (!r)
        return -1;
    sk_pack_row (&call->reply, r, 0, s_project_cols);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kint (&body, "process", p.id);
    sk_pack_str (&body, "project");
    sk_pack_row (&body, r, 0, s_project_cols);
    PQclear (r);
    int rc = sk_call_event (call, "vote.project.created", &body);
    sk_pack_release (&body);
    return rc;
}

int
vote_project_list (sk_call_t *call)
{
    return vote_process_items (call, S_PROJECT_SELECT "WHERE p.process_id = $1 ORDER BY o.id, p.id",
                               s_project_cols);
}
