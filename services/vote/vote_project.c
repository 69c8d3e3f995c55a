/*  vote_project.c: the projects of a citizen budget, added, corrected and
    withdrawn before voting opens. A project costs more than 0, no more
    than its pool's budget, and within the pool's minimum and maximum
    project cost when the pool has them. */
#include <czmq.h>

#include "sk_log.h"
#include "sk_number.h"
#include "vote_svc.h"

static const char *s_before_voting[] = { "ideas", "development", NULL };

const sk_col_t vote_project_cols[] = {
    { "id", SK_COL_INT },     { "pool", SK_COL_TEXT },        { "code", SK_COL_TEXT },
    { "title", SK_COL_TEXT }, { "description", SK_COL_TEXT }, { "cost", SK_COL_INT },
    { NULL, SK_COL_TEXT },
};

//  The id of the pool named (or of the only pool when pool is NULL), owned
//  by the call, with its budget and cost range checked against cost; NULL
//  with the call's error set.
static const char *
s_pool_for (sk_call_t *call, int64_t process, const char *pool, int64_t cost)
{
    const char *pool_id = vote_pool_find (call, process, pool);
    if (!pool_id)
        return NULL;
    const char *params[] = { pool_id };
    PGresult *r = sk_call_sql (
        call, "SELECT id, budget, min_cost, max_cost FROM pool WHERE id = $1", 1, params);
    if (!r)
        return NULL;
    int64_t budget = strtoll (PQgetvalue (r, 0, 1), NULL, 10);
    int64_t min = PQgetisnull (r, 0, 2) ? 0 : strtoll (PQgetvalue (r, 0, 2), NULL, 10);
    int64_t max = PQgetisnull (r, 0, 3) ? budget : strtoll (PQgetvalue (r, 0, 3), NULL, 10);
    PQclear (r);
    char c[40], b[40], lo[40], hi[40]; //  amounts as Danes write them, "400.000 kr."
    sk_number_kr (cost, c, sizeof c);
    if (cost <= 0)
        sk_call_fail (call, "invalid_argument", "cost", "a project costs more than 0 kr., not %s",
                      c);
    else if (cost > budget)
        sk_call_fail (call, "invalid_argument", "cost",
                      "project cost %s is more than its pool's budget of %s", c,
                      sk_number_kr (budget, b, sizeof b));
    else if (cost < min || cost > max)
        sk_call_fail (call, "invalid_argument", "cost",
                      "project cost %s is outside its pool's range of %s to %s", c,
                      sk_number_kr (min, lo, sizeof lo), sk_number_kr (max, hi, sizeof hi));
    else
        return pool_id;
    return NULL;
}

//  Reply project id as vote.project.list shows it, and emit it as topic
//  with its process; 0 or -1.
static int
s_project_reply (sk_call_t *call, int64_t process, const char *id, const char *topic)
{
    const char *gp[] = { id };
    PGresult *r = sk_call_sql (call, VOTE_PROJECT_SELECT "WHERE p.id = $1", 1, gp);
    if (!r)
        return -1;
    sk_pack_row (&call->reply, r, 0, vote_project_cols);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kint (&body, "process", process);
    sk_pack_str (&body, "project");
    sk_pack_row (&body, r, 0, vote_project_cols);
    PQclear (r);
    int rc = sk_call_event (call, topic, &body);
    sk_pack_release (&body);
    return rc;
}

//  The project's text fields from the request; 0 or -1.
static int
s_read_text (sk_call_t *call, bool required, const char **title, const char **description)
{
    if (sk_call_str (call, NULL, "title", 500, required, title) < 0
        || sk_call_str (call, NULL, "description", 10000, false, description) < 0)
        return -1;
    if (*title && !**title)
        return sk_call_fail (call, "invalid_argument", "title", "project title is empty");
    return 0;
}

int
vote_project_create (sk_call_t *call)
{
    static const char *keys[] = { "process", "pool", "code", "title", "description", "cost", NULL };
    vote_process_t p;
    const char *pool = NULL, *code = NULL, *title = NULL, *description = NULL;
    int64_t cost, id;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "pool", 200, false, &pool) < 0
        || sk_call_str (call, NULL, "code", 64, false, &code) < 0
        || s_read_text (call, true, &title, &description)
        || sk_call_int (call, NULL, "cost", INT64_MIN / 4, INT64_MAX / 4, true, &cost) < 0
        || vote_process_load (call, "process", VOTE_LOCK_UPDATE, &p))
        return -1;
    return vote_project_add (call, &p, pool, code, title, description, cost, &id);
}

int
vote_project_add (sk_call_t *call, const vote_process_t *process, const char *pool,
                  const char *code, const char *title, const char *description, int64_t cost,
                  int64_t *id_out)
{
    const vote_process_t p = *process;
    if (vote_process_require (call, &p, "add a project", s_before_voting))
        return -1;
    if (!*title)
        return sk_call_fail (call, "invalid_argument", "title", "project title is empty");
    const char *pool_id = s_pool_for (call, p.id, pool, cost);
    if (!pool_id)
        return -1;
    const char *ip[] = {
        sk_call_itoa (call, p.id), call->req->tenant, pool_id, code, title, description,
        sk_call_itoa (call, cost)
    };
    PGresult *r = sk_call_sql (call,
                               "INSERT INTO project (process_id, tenant, pool_id, code, title, "
                               "description, cost) VALUES ($1, $2, $3, coalesce($4, 'p' || "
                               "(SELECT count(*) + 1 FROM project WHERE process_id = $1)), $5, "
                               "$6, $7) RETURNING id",
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
    return s_project_reply (call, p.id, id, "vote.project.created");
}

//  The process (locked, before voting) and the project of the request,
//  with its pool's name and cost; 0 or -1.
static int
s_project_load (sk_call_t *call, const char *what, vote_process_t *p, const char **id,
                const char **pool, int64_t *cost)
{
    int64_t project;
    if (sk_call_int (call, NULL, "project", 1, INT64_MAX, true, &project) < 0
        || vote_process_load (call, "process", VOTE_LOCK_UPDATE, p)
        || vote_process_require (call, p, what, s_before_voting))
        return -1;
    *id = sk_call_itoa (call, project);
    const char *params[] = { *id, sk_call_itoa (call, p->id) };
    PGresult *r = sk_call_sql (call,
                               "SELECT o.name, p.cost FROM project p JOIN pool o "
                               "ON o.id = p.pool_id WHERE p.id = $1 AND p.process_id = $2 "
                               "FOR UPDATE OF p",
                               2, params);
    if (!r)
        return -1;
    if (PQntuples (r) != 1) {
        PQclear (r);
        return sk_call_fail (call, "not_found", "project",
                             "project %lld does not exist in citizen budget %lld",
                             (long long)project, (long long)p->id);
    }
    *pool = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    *cost = strtoll (PQgetvalue (r, 0, 1), NULL, 10);
    PQclear (r);
    return 0;
}

int
vote_project_update (sk_call_t *call)
{
    static const char *keys[] = {
        "process", "project", "title", "description", "cost", "pool", NULL
    };
    vote_process_t p;
    const char *id, *pool, *new_pool = NULL, *title = NULL, *description = NULL;
    int64_t cost;
    if (sk_call_known_keys (call, NULL, keys)
        || s_project_load (call, "change a project", &p, &id, &pool, &cost)
        || s_read_text (call, false, &title, &description)
        || sk_call_str (call, NULL, "pool", 200, false, &new_pool) < 0
        || sk_call_int (call, NULL, "cost", INT64_MIN / 4, INT64_MAX / 4, false, &cost) < 0)
        return -1;
    const char *pool_id = s_pool_for (call, p.id, new_pool ? new_pool : pool, cost);
    if (!pool_id)
        return -1;
    const char *params[] = { id, title, description, sk_call_itoa (call, cost), pool_id };
    if (sk_call_exec (call,
                      "UPDATE project SET title = coalesce($2, title), "
                      "description = coalesce($3, description), cost = $4, pool_id = $5 "
                      "WHERE id = $1",
                      5, params))
        return -1;
    return s_project_reply (call, p.id, id, "vote.project.updated");
}

//  Withdraw a project: it is deleted, and an idea it came from is open
//  again.
int
vote_project_withdraw (sk_call_t *call)
{
    static const char *keys[] = { "process", "project", NULL };
    vote_process_t p;
    const char *id, *pool;
    int64_t cost;
    if (sk_call_known_keys (call, NULL, keys)
        || s_project_load (call, "withdraw a project", &p, &id, &pool, &cost))
        return -1;
    const char *params[] = { id };
    if (sk_call_exec (call,
                      "WITH i AS (UPDATE idea SET status = 'open', project_id = NULL, "
                      "version = version + 1 WHERE project_id = $1) "
                      "DELETE FROM project WHERE id = $1",
                      1, params))
        return -1;
    sk_pack_map (&call->reply, 3);
    sk_pack_kint (&call->reply, "process", p.id);
    sk_pack_kint (&call->reply, "project", strtoll (id, NULL, 10));
    sk_pack_kbool (&call->reply, "withdrawn", true);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kint (&body, "process", p.id);
    sk_pack_kint (&body, "project", strtoll (id, NULL, 10));
    int rc = sk_call_event (call, "vote.project.withdrawn", &body);
    sk_pack_release (&body);
    return rc;
}

int
vote_project_list (sk_call_t *call)
{
    return vote_process_items (
        call, VOTE_PROJECT_SELECT "WHERE p.process_id = $1 ORDER BY o.id, p.id", vote_project_cols);
}
