/*  vote_process.c: citizen budgets, their pools, projects and phases. */
#include <czmq.h>

#include "sk_log.h"
#include "sk_number.h"
#include "vote_svc.h"

static const char *s_phases[] = { "ideas",     "development",    "voting", "closed",
                                  "published", "implementation", NULL };
static const char *s_date_keys[] = { "ideas_from",   "development_from", "voting_from",
                                     "voting_until", "results_on",       "implementation_from" };
#define S_DATES 6

//  The request's dates over current (NULL: none yet), each a calendar day,
//  and in order: each on or after every earlier one given (voting until
//  not before voting from). 0 or -1.
static int
s_dates_read (sk_call_t *call, const char **dates)
{
    for (int i = 0; i < S_DATES; i++)
        if (sk_call_date (call, NULL, s_date_keys[i], false, &dates[i]) < 0)
            return -1;
    return 0;
}

static int
s_dates_check (sk_call_t *call, const char *const *dates)
{
    for (int i = 1; i < S_DATES; i++)
        for (int j = 0; dates[i] && j < i; j++)
            if (dates[j] && strcmp (dates[i], dates[j]) < 0)
                return sk_call_fail (call, "invalid_argument", s_date_keys[i],
                                     "dates out of order: \"%s\" %s is before \"%s\" %s",
                                     s_date_keys[i], dates[i], s_date_keys[j], dates[j]);
    return 0;
}

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
    { "voting_opened", SK_COL_TEXT },
    { "voting_closed", SK_COL_TEXT },
    { "paper_ballots", SK_COL_INT },
    { "version", SK_COL_INT },
    { NULL, SK_COL_TEXT },
};
#define S_PROCESS_COLUMNS                                                                          \
    "id, tenant, area, name, amount, phase, ideas_from, development_from, "                        \
    "voting_from, voting_until, results_on, implementation_from, ballot, "                         \
    "max_choices, min_share, points, rule, threshold, codes_used, voters, "                        \
    "tallied_rule, " VOTE_RAN ("opened") ", " VOTE_RAN ("closed") ", paper_ballots, version"

int
vote_process_pabulib (sk_call_t *call, int64_t process)
{
    const char *params[] = { sk_call_itoa (call, process) };
    PGresult *r = sk_call_sql (call, "SELECT counting FROM process WHERE id = $1", 1, params);
    if (!r)
        return -1;
    int pabulib = PQntuples (r) == 1 && streq (PQgetvalue (r, 0, 0), "pabulib");
    PQclear (r);
    return pabulib;
}

static const sk_col_t s_pool_cols[] = {
    { "id", SK_COL_INT },       { "name", SK_COL_TEXT },    { "budget", SK_COL_INT },
    { "projects", SK_COL_INT }, { "min_cost", SK_COL_INT }, { "max_cost", SK_COL_INT },
    { NULL, SK_COL_TEXT },
};
//  Pack process id with its pools and projects as the call's reply (and
//  its official results as "results" when asked), and emit it as topic
//  when topic is not NULL.
static int s_process_pack (sk_call_t *call, PGresult *p, int64_t id, const char *topic,
                           bool results);

//  The row of process id (S_PROCESS_COLUMNS), or NULL (not_found naming
//  key, or the database's error).
static PGresult *
s_process_row (sk_call_t *call, int64_t id, const char *key)
{
    const char *params[] = { sk_call_itoa (call, id) };
    PGresult *p =
        sk_call_sql (call, "SELECT " S_PROCESS_COLUMNS " FROM process WHERE id = $1", 1, params);
    if (p && PQntuples (p) != 1) {
        PQclear (p);
        sk_call_fail (call, "not_found", key, "citizen budget %lld does not exist", (long long)id);
        return NULL;
    }
    return p;
}

static int
s_process_reply (sk_call_t *call, int64_t id, const char *topic, bool results)
{
    PGresult *p = s_process_row (call, id, "process");
    return p ? s_process_pack (call, p, id, topic, results) : -1;
}

//  s_process_reply on the process's row p, which it clears.
static int
s_process_pack (sk_call_t *call, PGresult *p, int64_t id, const char *topic, bool results)
{
    const char *params[] = { sk_call_itoa (call, id) };
    PGresult *pools =
        sk_call_sql (call,
                     "SELECT o.id, o.name, o.budget, count(p.id), o.min_cost, o.max_cost "
                     "FROM pool o "
                     "LEFT JOIN project p ON p.pool_id = o.id WHERE o.process_id = $1 "
                     "GROUP BY o.id ORDER BY o.id",
                     1, params);
    PGresult *projects =
        pools ? sk_call_sql (call, VOTE_PROJECT_SELECT "WHERE p.process_id = $1 ORDER BY p.id", 1,
                             params)
              : NULL;
    if (!projects) {
        PQclear (p);
        PQclear (pools);
        return -1;
    }
    //  The process's map widened by two: pools and projects
    sk_pack_map (&call->reply, sk_cols_count (s_process_cols) + 2 + results);
    sk_pack_fields (&call->reply, p, 0, s_process_cols);
    sk_pack_str (&call->reply, "pools");
    sk_pack_rows (&call->reply, pools, 0, PQntuples (pools), s_pool_cols);
    sk_pack_str (&call->reply, "projects");
    sk_pack_rows (&call->reply, projects, 0, PQntuples (projects), vote_project_cols);
    int rc = 0;
    if (results) {
        sk_pack_str (&call->reply, "results");
        rc = vote_results_pack (call, id, &call->reply);
    }
    if (topic && rc == 0) {
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
    static const char *keys[] = { "name", "budget", "min_cost", "max_cost", NULL };
    const char *name;
    int64_t budget, min = 0, max = 0;
    if (pool->type != MSGPACK_OBJECT_MAP)
        return sk_call_fail (call, "invalid_argument", NULL,
                             "a pool must be a map with \"name\" and \"budget\"");
    if ((item && sk_call_known_keys (call, pool, keys))
        || sk_call_str (call, pool, "name", 200, true, &name) < 0
        || sk_call_int (call, pool, "budget", 0, INT64_MAX / 4, true, &budget) < 0
        || sk_call_int (call, pool, "min_cost", 1, INT64_MAX / 4, false, &min) < 0
        || sk_call_int (call, pool, "max_cost", 1, INT64_MAX / 4, false, &max) < 0)
        return -1;
    if (!*name)
        return sk_call_fail (call, "invalid_argument", "name", "pool name is empty");
    if (min && max && min > max) {
        char lo[40], hi[40];
        return sk_call_fail (call, "invalid_argument", "min_cost",
                             "a pool's minimum project cost %s is above its maximum %s",
                             sk_number_kr (min, lo, sizeof lo), sk_number_kr (max, hi, sizeof hi));
    }
    const char *cp[] = { sk_call_itoa (call, process) };
    PGresult *n = sk_call_sql (call, "SELECT count(*) FROM pool WHERE process_id = $1", 1, cp);
    if (!n)
        return -1;
    int64_t pools = strtoll (PQgetvalue (n, 0, 0), NULL, 10);
    PQclear (n);
    if (pools >= 20)
        return sk_call_fail (call, "invalid_argument", "name",
                             "a citizen budget has at most 20 pools");
    const char *params[] = {
        sk_call_itoa (call, process), call->req->tenant,     name,
        sk_call_itoa (call, budget),  s_opt_int (call, min), s_opt_int (call, max)
    };
    PGresult *r = sk_call_sql (call,
                               "INSERT INTO pool (process_id, tenant, name, budget, min_cost, "
                               "max_cost) VALUES ($1, $2, $3, $4, $5, $6)",
                               6, params);
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
    char p[40], a[40];
    if (pools > amount)
        return sk_call_fail (call, "invalid_argument", "pools",
                             "pool budgets add up to %s, more than the amount of %s",
                             sk_number_kr (pools, p, sizeof p), sk_number_kr (amount, a, sizeof a));
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
    if (s_dates_read (call, dates) || s_dates_check (call, dates))
        return -1;
    if (!*name)
        return sk_call_fail (call, "invalid_argument", "name", "citizen budget name is empty");
    //  The area is one of the municipality's, named or numbered; stored by
    //  its name, which a .pb export calls the district
    if (area && vote_registry_area (call, area, &area))
        return -1;
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
    return s_process_reply (call, id, "vote.process.created", false);
}

//  The process with its pools and projects; given the "version" a caller
//  holds, only {id, version, unchanged: true} while that is still the
//  process's version and it is voting (one query, where the whole process
//  takes three). In voting its pools, projects and ballot are fixed, and
//  what still changes (rule, phase) moves the version; before, a project
//  changes without moving it, so the whole process is sent.
int
vote_process_get (sk_call_t *call)
{
    static const char *keys[] = { "process", "version", NULL };
    int64_t id, version = -1;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "process", 1, INT64_MAX, true, &id) < 0
        || sk_call_int (call, NULL, "version", 0, INT64_MAX, false, &version) < 0)
        return -1;
    PGresult *p = s_process_row (call, id, "process");
    if (!p)
        return -1;
    int version_col = (int)sk_cols_count (s_process_cols) - 1, phase_col = 5;
    if (version < 0 || strtoll (PQgetvalue (p, 0, version_col), NULL, 10) != version
        || !streq (PQgetvalue (p, 0, phase_col), "voting"))
        return s_process_pack (call, p, id, NULL, false);
    PQclear (p);
    sk_pack_map (&call->reply, 3);
    sk_pack_kint (&call->reply, "id", id);
    sk_pack_kint (&call->reply, "version", version);
    sk_pack_kbool (&call->reply, "unchanged", true);
    return 0;
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

//  The dates of process id with the request's over them, checked in order;
//  0 or -1.
static int
s_dates_merge (sk_call_t *call, int64_t id, const char **dates)
{
    const char *params[] = { sk_call_itoa (call, id) };
    PGresult *r = sk_call_sql (call,
                               "SELECT ideas_from, development_from, voting_from, voting_until, "
                               "results_on, implementation_from FROM process WHERE id = $1",
                               1, params);
    if (!r)
        return -1;
    for (int i = 0; i < S_DATES; i++)
        if (!dates[i] && !PQgetisnull (r, 0, i))
            dates[i] = sk_call_strdup (call, PQgetvalue (r, 0, i));
    PQclear (r);
    return s_dates_check (call, dates);
}

int
vote_process_settings (sk_call_t *call)
{
    static const char *keys[] = { "process",
                                  "ballot",
                                  "rule",
                                  "max_choices",
                                  "min_share",
                                  "points",
                                  "threshold",
                                  "ideas_from",
                                  "development_from",
                                  "voting_from",
                                  "voting_until",
                                  "results_on",
                                  "implementation_from",
                                  NULL };
    static const char *before_voting[] = { "ideas", "development", NULL };
    static const char *until_tally[] = { "ideas", "development", "voting", "closed", NULL };
    vote_process_t p;
    s_settings_t s;
    const char *dates[S_DATES] = { NULL };
    if (sk_call_known_keys (call, NULL, keys)
        || vote_process_load (call, "process", VOTE_LOCK_UPDATE, &p) || s_settings_read (call, &s)
        || s_dates_read (call, dates))
        return -1;
    //  The ballot and the dates are fixed once voting opens; the rule until
    //  results are out
    bool ballot_change = s.ballot || s.max_choices >= 0 || s.min_share >= 0 || s.points >= 0;
    bool date_change = false;
    for (int i = 0; i < S_DATES; i++)
        date_change |= dates[i] != NULL;
    if ((ballot_change && vote_process_require (call, &p, "change the ballot", before_voting))
        || (date_change && vote_process_require (call, &p, "change the dates", before_voting))
        || vote_process_require (call, &p, "change the rule", until_tally)
        || (date_change && s_dates_merge (call, p.id, dates)))
        return -1;
    s_settings_apply (&s, &p);
    if (s_settings_check (call, &p))
        return -1;
    const char *params[] = { sk_call_itoa (call, p.id),
                             p.ballot,
                             s_opt_int (call, p.max_choices),
                             s_opt_int (call, p.min_share),
                             s_opt_int (call, p.points),
                             p.rule,
                             sk_call_itoa (call, p.threshold),
                             dates[0],
                             dates[1],
                             dates[2],
                             dates[3],
                             dates[4],
                             dates[5] };
    if (sk_call_exec (call,
                      "UPDATE process SET ballot = $2, max_choices = $3, min_share = $4, "
                      "points = $5, rule = $6, threshold = $7, version = version + 1, "
                      "tallied_rule = CASE WHEN rule = $6 AND threshold = $7 "
                      "THEN tallied_rule END, ideas_from = coalesce($8, ideas_from), "
                      "development_from = coalesce($9, development_from), "
                      "voting_from = coalesce($10, voting_from), "
                      "voting_until = coalesce($11, voting_until), "
                      "results_on = coalesce($12, results_on), "
                      "implementation_from = coalesce($13, implementation_from) WHERE id = $1",
                      13, params))
        return -1;
    return s_process_reply (call, p.id, "vote.process.updated", false);
}

//  Archive a process that never opened voting: it keeps its name and
//  history, its proposers' contact details and voter codes are erased,
//  and nothing changes it again.
int
vote_process_archive (sk_call_t *call)
{
    static const char *before_voting[] = { "ideas", "development", NULL };
    vote_process_t p;
    if (vote_process_only (call, VOTE_LOCK_UPDATE, &p)
        || vote_process_require (call, &p, "archive", before_voting)
        || vote_idea_forget_contacts (call, p.id))
        return -1;
    const char *params[] = { sk_call_itoa (call, p.id) };
    if (sk_call_exec (call,
                      "WITH c AS (DELETE FROM voter_code WHERE process_id = $1) "
                      "UPDATE process SET phase = 'archived', version = version + 1 "
                      "WHERE id = $1",
                      1, params))
        return -1;
    return s_process_reply (call, p.id, "vote.process.archived", false);
}

//  Refuse to publish while paper entries wait (keyed in a late count after
//  the tally): once published they could be neither confirmed nor
//  discarded. 0 or -1.
static int
s_papers_settled (sk_call_t *call, int64_t id)
{
    int64_t waiting;
    char numbers[200];
    if (vote_paper_waiting (call, id, &waiting, numbers, sizeof numbers))
        return -1;
    if (waiting)
        return sk_call_fail (call, "conflict", "phase",
                             "cannot publish citizen budget %lld: %lld paper %s %s for a "
                             "second staff member (%s %s); settle each first: confirm it "
                             "(paper-confirm, then tally again) or discard it with a reason "
                             "(paper-discard)",
                             (long long)id, (long long)waiting, waiting == 1 ? "ballot" : "ballots",
                             waiting == 1 ? "waits" : "wait", waiting == 1 ? "paper" : "papers",
                             numbers);
    return 0;
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
    if (streq (p.phase, "archived"))
        return sk_call_fail (call, "conflict", "phase",
                             "citizen budget %lld is archived: its phase no longer changes",
                             (long long)p.id);
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
        if (s_papers_settled (call, p.id))
            return -1;
        if (!tallied)
            return sk_call_fail (call, "conflict", "phase",
                                 "cannot publish citizen budget %lld: it is not tallied with "
                                 "its current rule and ballots (never tallied, or the rule or "
                                 "the paper ballots changed since the last official tally); "
                                 "tally it again",
                                 (long long)p.id);
        //  The proposers hear the outcome now; their contacts are no
        //  longer needed
        if (vote_idea_forget_contacts (call, p.id))
            return -1;
        topic = "vote.results.published";
    }
    //  When voting ran, not when it was planned to, is what the results
    //  and the .pb name
    if (sk_call_exec (call,
                      "UPDATE process SET phase = $2, version = version + 1, "
                      "voting_opened_at = CASE WHEN $2 = 'voting' THEN now() "
                      "ELSE voting_opened_at END, voting_closed_at = CASE WHEN $2 = 'closed' "
                      "THEN now() ELSE voting_closed_at END WHERE id = $1",
                      2, params))
        return -1;
    //  Publication names the rule and the results it publishes
    return s_process_reply (call, p.id, topic, streq (phase, "published"));
}

int
vote_pool_add (sk_call_t *call)
{
    static const char *keys[] = { "process", "name", "budget", "min_cost", "max_cost", NULL };
    static const char *before_voting[] = { "ideas", "development", NULL };
    vote_process_t p;
    if (sk_call_known_keys (call, NULL, keys)
        || vote_process_load (call, "process", VOTE_LOCK_UPDATE, &p)
        || vote_process_require (call, &p, "add a pool", before_voting)
        || s_pool_insert (call, p.id, call->req->body, false) || s_pools_within_amount (call, p.id))
        return -1;
    return s_process_reply (call, p.id, "vote.process.updated", false);
}
