/*  reg_advice.c: advisors, advisory sessions and next steps. */
#include <czmq.h>

#include "reg_advice.h"
#include "reg_util.h"
#include "sk_event.h"

#define S_MAX_STEPS  50
#define S_STAMP(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

static const sk_col_t s_assignment_cols[] = {
    { "id", SK_COL_INT },     { "association", SK_COL_INT }, { "advisor", SK_COL_TEXT },
    { "email", SK_COL_TEXT }, { "since", SK_COL_TEXT },      { "until", SK_COL_TEXT },
    { NULL, SK_COL_TEXT },
};
#define S_ASSIGNMENT_COLUMNS                                                                       \
    "id, party_id, advisor, email, " S_STAMP ("started_at") ", " S_STAMP ("ended_at")

int
reg_advisor_assign (sk_call_t *call)
{
    static const char *keys[] = { "association", "advisor", "email", NULL };
    const char *party, *advisor, *email = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || reg_party_ref (call, NULL, "association", SK_KIND_ASSOCIATION, true, false, &party) < 0
        || sk_call_str (call, NULL, "advisor", 200, true, &advisor) < 0
        || sk_call_str (call, NULL, "email", 200, false, &email) < 0)
        return -1;
    if (!*advisor)
        return sk_call_fail (call, "invalid_argument", "advisor", "advisor must not be empty");
    const char *params[] = { call->req->tenant, party, advisor, email };
    //  Continuity: the same advisor again changes nothing
    PGresult *r =
        sk_call_sql (call,
                     "SELECT 1 FROM advisor_assignment WHERE party_id = $1 AND ended_at IS NULL "
                     "AND advisor = $2 AND email IS NOT DISTINCT FROM $3::text",
                     3, params + 1);
    if (!r)
        return -1;
    bool same = PQntuples (r) == 1;
    PQclear (r);
    if (same)
        return sk_call_fail (call, "conflict", "advisor",
                             "\"%s\" is already the key advisor of association %s", advisor, party);
    r = sk_call_sql (call,
                     "WITH e AS (UPDATE advisor_assignment SET ended_at = now() "
                     " WHERE party_id = $2 AND ended_at IS NULL RETURNING id) "
                     "INSERT INTO advisor_assignment (tenant, party_id, advisor, email) "
                     "SELECT $1, $2, $3, $4 FROM (SELECT count(*) FROM e) AS x "
                     "RETURNING " S_ASSIGNMENT_COLUMNS,
                     4, params);
    if (!r)
        return -1;
    sk_pack_t event;
    sk_pack_init (&event);
    sk_pack_map (&event, 2);
    sk_pack_kint (&event, "association", strtoll (party, NULL, 10));
    sk_pack_kstr (&event, "since", PQgetvalue (r, 0, 4));
    int rc = sk_call_event (call, "registry.advisor.assigned", &event);
    sk_pack_release (&event);
    if (rc == 0)
        sk_pack_row (&call->reply, r, 0, s_assignment_cols);
    PQclear (r);
    return rc;
}

//  The rows sql selects for the association ($1) a request names in its
//  only field, "association"; NULL with the call's error set.
static PGresult *
s_association_rows (sk_call_t *call, const char *sql, const char **party)
{
    static const char *keys[] = { "association", NULL };
    if (sk_call_known_keys (call, NULL, keys)
        || reg_party_ref (call, NULL, "association", SK_KIND_ASSOCIATION, true, true, party) < 0)
        return NULL;
    const char *params[] = { *party };
    return sk_call_sql (call, sql, 1, params);
}

int
reg_advisor_get (sk_call_t *call)
{
    const char *party;
    PGresult *r = s_association_rows (call,
                                      "SELECT " S_ASSIGNMENT_COLUMNS " FROM advisor_assignment "
                                      "WHERE party_id = $1 ORDER BY started_at DESC, id DESC",
                                      &party);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 3);
    sk_pack_kint (&call->reply, "association", strtoll (party, NULL, 10));
    sk_pack_str (&call->reply, "advisor");
    if (PQntuples (r) && PQgetisnull (r, 0, 5))
        sk_pack_str (&call->reply, PQgetvalue (r, 0, 2));
    else
        sk_pack_nil (&call->reply);
    sk_pack_str (&call->reply, "history");
    sk_pack_rows (&call->reply, r, 0, PQntuples (r), s_assignment_cols);
    PQclear (r);
    return 0;
}

static const sk_col_t s_step_cols[] = {
    { "id", SK_COL_INT },          { "session", SK_COL_INT },
    { "association", SK_COL_INT }, { "association_name", SK_COL_TEXT },
    { "who", SK_COL_TEXT },        { "what", SK_COL_TEXT },
    { "due", SK_COL_TEXT },        { "done_at", SK_COL_TEXT },
    { "advisor", SK_COL_TEXT },    { NULL, SK_COL_TEXT },
};
#define S_STEP_COLUMNS                                                                             \
    "n.id, n.session_id, s.party_id, p.name, n.who, n.what, n.due::text, " S_STAMP (               \
        "n.done_at") ", (SELECT a.advisor FROM advisor_assignment a "                              \
                     " WHERE a.party_id = s.party_id AND a.ended_at IS NULL)"
#define S_STEP_FROM                                                                                \
    " FROM next_step n JOIN advisory_session s ON s.id = n.session_id "                            \
    "JOIN party p ON p.id = s.party_id "

//  Sessions of r (id, association, date, advisor, notes) with their steps.
static int
s_pack_sessions (sk_call_t *call, sk_pack_t *p, PGresult *r)
{
    int rows = PQntuples (r);
    sk_pack_array (p, (uint32_t)rows);
    for (int i = 0; i < rows; i++) {
        const char *params[] = { PQgetvalue (r, i, 0) };
        PGresult *steps =
            sk_call_sql (call,
                         "SELECT " S_STEP_COLUMNS S_STEP_FROM "WHERE n.session_id = $1 "
                         "ORDER BY n.due, n.id",
                         1, params);
        if (!steps)
            return -1;
        sk_pack_map (p, 6);
        sk_pack_kint (p, "id", strtoll (PQgetvalue (r, i, 0), NULL, 10));
        sk_pack_kint (p, "association", strtoll (PQgetvalue (r, i, 1), NULL, 10));
        sk_pack_kstr (p, "date", PQgetvalue (r, i, 2));
        sk_pack_str (p, "advisor");
        sk_pack_cell (p, r, i, 3, SK_COL_TEXT);
        sk_pack_str (p, "notes");
        sk_pack_cell (p, r, i, 4, SK_COL_TEXT);
        sk_pack_str (p, "steps");
        sk_pack_rows (p, steps, 0, PQntuples (steps), s_step_cols);
        PQclear (steps);
    }
    return 0;
}

int
reg_session_create (sk_call_t *call)
{
    static const char *keys[] = { "association", "date", "notes", "steps", NULL };
    const char *party, *date, *notes = NULL;
    const msgpack_object *steps = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || reg_party_ref (call, NULL, "association", SK_KIND_ASSOCIATION, true, false, &party) < 0
        || sk_call_date_past (call, NULL, "date", true, "an advisory session", &date) < 0
        || sk_call_str (call, NULL, "notes", 4000, false, &notes) < 0
        || sk_call_array (call, NULL, "steps", S_MAX_STEPS, false, &steps) < 0)
        return -1;
    const char *params[] = { call->req->tenant, party, date, notes };
    PGresult *r =
        sk_call_sql (call,
                     "INSERT INTO advisory_session (tenant, party_id, held_on, advisor, notes) "
                     "SELECT $1, $2, $3, (SELECT advisor FROM advisor_assignment "
                     " WHERE party_id = $2 AND ended_at IS NULL), $4 "
                     "RETURNING id, party_id, held_on::text, advisor, notes",
                     4, params);
    if (!r)
        return -1;
    const char *session = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    for (uint32_t i = 0; steps && i < steps->via.array.size; i++) {
        const msgpack_object *step = &steps->via.array.ptr[i];
        static const char *step_keys[] = { "who", "what", "due", NULL };
        const char *who, *what, *due;
        sk_call_scope (call, "steps[%u]", i);
        if (step->type != MSGPACK_OBJECT_MAP) {
            PQclear (r);
            return sk_call_fail (call, "invalid_argument", NULL,
                                 "a step must be a map of who, what and due");
        }
        if (sk_call_known_keys (call, step, step_keys)
            || sk_call_str (call, step, "who", 200, true, &who) < 0
            || sk_call_str (call, step, "what", 1000, true, &what) < 0
            || sk_call_date (call, step, "due", true, &due) < 0) {
            PQclear (r);
            return -1;
        }
        const char *p[] = { call->req->tenant, session, who, what, due };
        PGresult *s = sk_call_sql (call,
                                   "INSERT INTO next_step (tenant, session_id, who, what, due) "
                                   "VALUES ($1, $2, $3, $4, $5)",
                                   5, p);
        if (!s) {
            PQclear (r);
            return -1;
        }
        PQclear (s);
    }
    sk_call_scope (call, "%s", "");
    sk_pack_t event;
    sk_pack_init (&event);
    sk_pack_map (&event, 4);
    sk_pack_kint (&event, "id", strtoll (session, NULL, 10));
    sk_pack_kint (&event, "association", strtoll (party, NULL, 10));
    sk_pack_kstr (&event, "date", date);
    sk_pack_kint (&event, "steps", steps ? steps->via.array.size : 0);
    int rc = sk_call_event (call, "registry.session.created", &event);
    sk_pack_release (&event);
    if (rc == 0) {
        sk_pack_t one;
        sk_pack_init (&one);
        rc = s_pack_sessions (call, &one, r);
        if (rc == 0)
            sk_pack_element (&call->reply, &one);
        sk_pack_release (&one);
    }
    PQclear (r);
    return rc;
}

int
reg_session_list (sk_call_t *call)
{
    const char *party;
    PGresult *r = s_association_rows (
        call,
        "SELECT id, party_id, held_on::text, advisor, notes FROM advisory_session "
        "WHERE party_id = $1 ORDER BY held_on, id LIMIT 500",
        &party);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 1);
    sk_pack_str (&call->reply, "items");
    int rc = s_pack_sessions (call, &call->reply, r);
    PQclear (r);
    return rc;
}

int
reg_step_done (sk_call_t *call)
{
    int64_t id;
    if (sk_call_only_id (call, &id))
        return -1;
    const char *params[] = { sk_call_itoa (call, id) };
    PGresult *r = sk_call_sql (call,
                               "WITH u AS (UPDATE next_step SET done_at = now() WHERE id = $1 "
                               " AND done_at IS NULL RETURNING *) "
                               "SELECT " S_STEP_COLUMNS
                               " FROM u n JOIN advisory_session s ON s.id = n.session_id "
                               "JOIN party p ON p.id = s.party_id",
                               1, params);
    if (!r)
        return -1;
    if (PQntuples (r) == 0) {
        PQclear (r);
        r = sk_call_sql (call, "SELECT 1 FROM next_step WHERE id = $1", 1, params);
        bool exists = r && PQntuples (r) == 1;
        PQclear (r);
        if (!r)
            return -1;
        return exists ? sk_call_fail (call, "conflict", "id", "step %lld is already done",
                                      (long long)id)
                      : sk_call_fail (call, "not_found", "id", "step %lld does not exist",
                                      (long long)id);
    }
    sk_pack_t event;
    sk_pack_init (&event);
    sk_pack_map (&event, 3);
    sk_pack_kint (&event, "id", id);
    sk_pack_kint (&event, "session", strtoll (PQgetvalue (r, 0, 1), NULL, 10));
    sk_pack_kint (&event, "association", strtoll (PQgetvalue (r, 0, 2), NULL, 10));
    int rc = sk_call_event (call, "registry.step.done", &event);
    sk_pack_release (&event);
    if (rc == 0)
        sk_pack_row (&call->reply, r, 0, s_step_cols);
    PQclear (r);
    return rc;
}

//  Next steps past their date and not done, oldest first: what staff follow
//  up on. "today" may be given, for planning ahead and for tests.
int
reg_step_overdue (sk_call_t *call)
{
    static const char *keys[] = { "today", "limit", NULL };
    const char *today = NULL;
    int64_t limit = 100;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_date (call, NULL, "today", false, &today) < 0
        || sk_call_int (call, NULL, "limit", 1, 1000, false, &limit) < 0)
        return -1;
    const char *params[] = { today, sk_call_itoa (call, limit) };
    PGresult *r =
        sk_call_sql (call,
                     "SELECT " S_STEP_COLUMNS S_STEP_FROM "WHERE n.done_at IS NULL "
                     "AND n.due < coalesce($1::date, current_date) ORDER BY n.due, n.id LIMIT $2",
                     2, params);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 1);
    sk_pack_str (&call->reply, "items");
    sk_pack_rows (&call->reply, r, 0, PQntuples (r), s_step_cols);
    PQclear (r);
    return 0;
}
