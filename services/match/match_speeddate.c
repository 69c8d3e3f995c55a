/*  match_speeddate.c: the speed-dating ops (the CSR evening) of the service.

    Associations and companies of the copy join an event; each states whom
    it wants to meet (weight 1-10, 1 if not given), or 0 for "not
    interested". The weight of a pair is the sum of both directions, so a
    mutual wish counts double; a 0 in either direction keeps the pair apart
    whatever the other direction says. Planning
    hands the pairs to the exact planner (lib/speeddate) and stores the
    meetings with a round and a table (tables numbered in the order the
    planner lists a round's meetings). A round r starts at
    starts_at + (r - 1) x (minutes + pause).
*/
#include "match_svc.h"
#include "sk_mem.h"
#include "sk_utf8.h"
#include "speeddate/speeddate.h"

int
match_speeddate_create (sk_call_t *call)
{
    static const char *keys[] = { "name",    "starts_at", "rounds",   "tables",
                                  "minutes", "pause",     "location", NULL };
    const char *name, *starts_at, *location = NULL;
    int64_t rounds, tables, minutes, pause = 0;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "name", 200, true, &name) < 0
        || sk_call_time (call, NULL, "starts_at", true, &starts_at) < 0
        || sk_call_int (call, NULL, "rounds", 1, 100, true, &rounds) < 0
        || sk_call_int (call, NULL, "tables", 1, 1000, true, &tables) < 0
        || sk_call_int (call, NULL, "minutes", 1, 240, true, &minutes) < 0
        || sk_call_int (call, NULL, "pause", 0, 120, false, &pause) < 0
        || sk_call_str (call, NULL, "location", 200, false, &location) < 0)
        return -1;
    if (!sk_utf8_one_line (name))
        return sk_call_fail (call, "invalid_argument", "name",
                             "name must be one line of text, without control characters");
    const char *params[] = { call->req->tenant,
                             name,
                             starts_at,
                             sk_call_itoa (call, rounds),
                             sk_call_itoa (call, tables),
                             sk_call_itoa (call, minutes),
                             sk_call_itoa (call, pause),
                             location };
    PGresult *r =
        sk_call_sql (call,
                     "INSERT INTO sd_event (tenant, name, starts_at, rounds, tables, minutes, "
                     "pause, location) VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7, $8) "
                     "RETURNING id, " MATCH_TS ("starts_at"),
                     8, params);
    if (!r) {
        if (streq (call->err.code, "invalid_argument"))
            sk_call_fail (call, "invalid_argument", "starts_at",
                          "\"%s\" is not a timestamp (e.g. 2026-12-03T17:00:00Z)", starts_at);
        return -1;
    }
    int64_t id = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    sk_pack_t ev;
    sk_pack_init (&ev);
    sk_pack_map (&ev, 3);
    sk_pack_kint (&ev, "id", id);
    sk_pack_kstr (&ev, "name", name);
    sk_pack_kstr (&ev, "starts_at", PQgetvalue (r, 0, 1));
    PQclear (r);
    return sk_call_event_reply (call, "match.speeddate.created", &ev);
}

//  The event, locked; -1 with not_found, or 1 if already planned (then
//  *planned is true), 0 otherwise.
static int
s_event (sk_call_t *call, const char *id, bool *planned)
{
    const char *params[] = { id };
    PGresult *r = sk_call_sql (
        call, "SELECT planned_at IS NOT NULL FROM sd_event WHERE id = $1 FOR UPDATE", 1, params);
    if (!r)
        return -1;
    if (PQntuples (r) == 0) {
        PQclear (r);
        return sk_call_fail (call, "not_found", "event", "speed-dating event %s does not exist",
                             id);
    }
    *planned = *PQgetvalue (r, 0, 0) == 't';
    PQclear (r);
    return 0;
}

int
match_speeddate_join (sk_call_t *call)
{
    static const char *keys[] = { "event", "party", "max_meetings", NULL };
    const char *event, *party;
    int64_t max = -1;
    bool planned;
    if (sk_call_known_keys (call, NULL, keys) || !(event = match_id (call, NULL, "event", true))
        || !(party = match_id (call, NULL, "party", true))
        || sk_call_int (call, NULL, "max_meetings", 0, 100, false, &max) < 0
        || s_event (call, event, &planned))
        return -1;
    if (planned)
        return sk_call_fail (call, "conflict", "event", "speed-dating event %s is already planned",
                             event);
    const char *params[] = { event, call->req->tenant, party,
                             max >= 0 ? sk_call_itoa (call, max) : NULL };
    PGresult *r =
        sk_call_sql (call,
                     "INSERT INTO sd_participant (event_id, tenant, party_id, side, max_meetings) "
                     "SELECT $1, $2, id, kind, $4 FROM party WHERE id = $3 AND NOT archived "
                     "AND kind IN ('association', 'company') ON CONFLICT (event_id, party_id) "
                     "DO UPDATE SET max_meetings = $4 RETURNING side",
                     4, params);
    if (!r)
        return -1;
    if (PQntuples (r) == 0) {
        PQclear (r);
        return sk_call_fail (call, "not_found", "party",
                             "party %s is not an active association or company "
                             "of municipality %s",
                             party, call->req->tenant);
    }
    sk_pack_map (&call->reply, 3);
    sk_pack_kint (&call->reply, "event", strtoll (event, NULL, 10));
    sk_pack_kint (&call->reply, "party", strtoll (party, NULL, 10));
    sk_pack_kstr (&call->reply, "side", PQgetvalue (r, 0, 0));
    PQclear (r);
    return 0;
}

int
match_speeddate_interest (sk_call_t *call)
{
    static const char *keys[] = { "event", "from", "to", "weight", NULL };
    const char *event, *from, *to;
    int64_t weight = 1;
    bool planned;
    if (sk_call_known_keys (call, NULL, keys) || !(event = match_id (call, NULL, "event", true))
        || !(from = match_id (call, NULL, "from", true))
        || !(to = match_id (call, NULL, "to", true))
        || sk_call_int (call, NULL, "weight", 0, 10, false, &weight) < 0
        || s_event (call, event, &planned))
        return -1;
    if (planned)
        return sk_call_fail (call, "conflict", "event", "speed-dating event %s is already planned",
                             event);
    const char *params[] = { event, call->req->tenant, from, to, sk_call_itoa (call, weight) };
    PGresult *r =
        sk_call_sql (call,
                     "INSERT INTO sd_interest (event_id, tenant, from_id, to_id, weight) "
                     "SELECT $1, $2, $3, $4, $5 WHERE (SELECT side FROM sd_participant WHERE "
                     "event_id = $1 AND party_id = $3) IS DISTINCT FROM (SELECT side FROM "
                     "sd_participant WHERE event_id = $1 AND party_id = $4) AND 2 = (SELECT "
                     "count(*) FROM sd_participant WHERE event_id = $1 AND party_id IN ($3, $4)) "
                     "ON CONFLICT (event_id, from_id, to_id) DO UPDATE SET weight = $5 "
                     "RETURNING weight",
                     5, params);
    if (!r)
        return -1;
    if (PQntuples (r) == 0) {
        PQclear (r);
        return sk_call_fail (call, "invalid_argument", "to",
                             "parties %s and %s are not an association and a "
                             "company both taking part in event %s",
                             from, to, event);
    }
    PQclear (r);
    sk_pack_map (&call->reply, 4);
    sk_pack_kint (&call->reply, "event", strtoll (event, NULL, 10));
    sk_pack_kint (&call->reply, "from", strtoll (from, NULL, 10));
    sk_pack_kint (&call->reply, "to", strtoll (to, NULL, 10));
    sk_pack_kint (&call->reply, "weight", weight);
    return 0;
}

//  A plan made from the event's rows: participants in id order with their
//  index on their side, and each pair's association and company rows.
typedef struct {
    PGresult *parts, *pairs; //  participants, pairs with their weights
    int n, npairs;           //  rows of each
    int64_t *ids;            //  participant id by row
    size_t *index;           //  participant index on its side by row
    int *arow, *crow;        //  pair -> rows of its association, company
    speeddate_t *plan;
} s_plan_t;

//  The row of participant id (rows are in id order).
static int
s_plan_row (const s_plan_t *sp, int64_t id)
{
    int lo = 0, hi = sp->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (sp->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

//  Hand the participants, their limits and the pairs to the planner and
//  plan. Returns 0, or -1 with the call's error set.
static int
s_plan_build (sk_call_t *call, const char *event, s_plan_t *sp, size_t rounds, size_t tables)
{
    sp->n = PQntuples (sp->parts);
    sp->npairs = PQntuples (sp->pairs);
    sp->ids = (int64_t *)sk_malloc ((size_t)(sp->n + 1) * sizeof (int64_t));
    sp->index = (size_t *)sk_malloc ((size_t)(sp->n + 1) * sizeof (size_t));
    sp->arow = (int *)sk_malloc ((size_t)(sp->npairs + 1) * sizeof (int));
    sp->crow = (int *)sk_malloc ((size_t)(sp->npairs + 1) * sizeof (int));
    size_t nassoc = 0, ncomp = 0;
    for (int i = 0; i < sp->n; i++) {
        sp->ids[i] = strtoll (PQgetvalue (sp->parts, i, 0), NULL, 10);
        sp->index[i] = streq (PQgetvalue (sp->parts, i, 1), "association") ? nassoc++ : ncomp++;
    }
    sp->plan = speeddate_new (rounds, tables, nassoc, ncomp);
    if (!sp->plan)
        return sk_call_fail (call, "invalid_argument", "event",
                             "speed-dating event %s has too many participants", event);
    for (int i = 0; i < sp->n; i++) {
        int64_t max = strtoll (PQgetvalue (sp->parts, i, 2), NULL, 10);
        if (max < 0)
            continue;
        if (streq (PQgetvalue (sp->parts, i, 1), "association"))
            speeddate_set_association_max (sp->plan, sp->index[i], max);
        else
            speeddate_set_company_max (sp->plan, sp->index[i], max);
    }
    for (int k = 0; k < sp->npairs; k++) {
        sp->arow[k] = s_plan_row (sp, strtoll (PQgetvalue (sp->pairs, k, 0), NULL, 10));
        sp->crow[k] = s_plan_row (sp, strtoll (PQgetvalue (sp->pairs, k, 1), NULL, 10));
        speeddate_add_interest (sp->plan, sp->index[sp->arow[k]], sp->index[sp->crow[k]],
                                strtoll (PQgetvalue (sp->pairs, k, 2), NULL, 10));
    }
    speeddate_plan (sp->plan);
    return 0;
}

//  Store the meetings round by round, tables numbered in the order the
//  planner lists a round's meetings. Returns 0 or -1 (call's error set).
static int
s_plan_store (sk_call_t *call, const char *event, const s_plan_t *sp, size_t rounds)
{
    //  Interest numbers are the pair rows, in the order added
    for (size_t round = 0; round < rounds; round++)
        for (size_t k = 0; k < speeddate_round_size (sp->plan, round); k++) {
            size_t interest = speeddate_round_meeting (sp->plan, round, k);
            const char *ins[] = { event,
                                  call->req->tenant,
                                  sk_call_itoa (call, (int64_t)round + 1),
                                  sk_call_itoa (call, (int64_t)k + 1),
                                  sk_call_itoa (call, sp->ids[sp->arow[interest]]),
                                  sk_call_itoa (call, sp->ids[sp->crow[interest]]) };
            if (sk_call_exec (call,
                              "INSERT INTO sd_meeting (event_id, tenant, round, table_no, "
                              "association_id, company_id) VALUES ($1, $2, $3, $4, $5, $6)",
                              6, ins))
                return -1;
        }
    return 0;
}

//  Mark the event planned, publish match.speeddate.planned and reply with
//  the same summary. Returns 0 or -1 (call's error set).
static int
s_plan_finish (sk_call_t *call, const char *event, const s_plan_t *sp)
{
    int64_t objective = speeddate_objective (sp->plan);
    const char *up[] = { event, sk_call_itoa (call, objective) };
    if (sk_call_exec (call,
                      "UPDATE sd_event SET planned_at = now(), "
                      "objective = $2 WHERE id = $1",
                      2, up))
        return -1;
    sk_pack_t e;
    sk_pack_init (&e);
    sk_pack_map (&e, 4);
    sk_pack_kint (&e, "id", strtoll (event, NULL, 10));
    sk_pack_kint (&e, "objective", objective);
    sk_pack_kint (&e, "meetings", (int64_t)speeddate_meeting_count (sp->plan));
    sk_pack_kint (&e, "interests", sp->npairs);
    return sk_call_event_reply (call, "match.speeddate.planned", &e);
}

int
match_speeddate_plan_op (sk_call_t *call)
{
    static const char *keys[] = { "event", NULL };
    const char *event;
    bool planned;
    if (sk_call_known_keys (call, NULL, keys) || !(event = match_id (call, NULL, "event", true))
        || s_event (call, event, &planned))
        return -1;
    const char *params[] = { event };
    const sk_stmt_t stmts[] = {
        { "SELECT rounds, tables FROM sd_event WHERE id = $1", 1, params },
        { "SELECT party_id, side, coalesce(max_meetings, -1) FROM sd_participant "
          "WHERE event_id = $1 ORDER BY party_id",
          1, params },
        //  One row per (association, company) pair with its summed weight,
        //  none for a pair either side is not interested in (weight 0)
        { "SELECT CASE WHEN pf.side = 'association' THEN i.from_id ELSE i.to_id END, "
          "CASE WHEN pf.side = 'association' THEN i.to_id ELSE i.from_id END, "
          "sum(i.weight) FROM sd_interest i JOIN sd_participant pf ON "
          "pf.event_id = i.event_id AND pf.party_id = i.from_id "
          "WHERE i.event_id = $1 GROUP BY 1, 2 HAVING min(i.weight) > 0 ORDER BY 1, 2",
          1, params },
        { "DELETE FROM sd_meeting WHERE event_id = $1", 1, params },
    };
    PGresult *res[4];
    if (sk_db_exec_batch (call->db, &call->err, 4, stmts, res))
        return -1;
    PQclear (res[3]);
    size_t rounds = (size_t)atoi (PQgetvalue (res[0], 0, 0));
    size_t tables = (size_t)atoi (PQgetvalue (res[0], 0, 1));
    PQclear (res[0]);
    s_plan_t sp = { .parts = res[1], .pairs = res[2] };
    int rc = s_plan_build (call, event, &sp, rounds, tables);
    if (rc == 0)
        rc = s_plan_store (call, event, &sp, rounds);
    if (rc == 0)
        rc = s_plan_finish (call, event, &sp);
    speeddate_destroy (&sp.plan);
    free (sp.arow);
    free (sp.crow);
    free (sp.ids);
    free (sp.index);
    PQclear (sp.parts);
    PQclear (sp.pairs);
    return rc;
}


//  match.speeddate.schedule: the event, then each meeting once per
//  participant it concerns (under the frame limit). Round r starts at
//  starts_at + (r - 1) x (minutes + pause).
#define S_ROUND_MINS "(m.round - 1) * (e.minutes + e.pause)"
// clang-format off
static const char s_schedule_event_sql[] =
    "SELECT id, name, " MATCH_TS ("starts_at") " AS starts_at, rounds, tables, minutes, "
    "pause, location, planned_at IS NOT NULL AS planned, objective FROM sd_event WHERE id = $1";
static const char s_schedule_sql[] =
    "SELECT m.round, "
    MATCH_TS ("e.starts_at + make_interval(mins => " S_ROUND_MINS ")") " AS starts_at, "
    MATCH_TS ("e.starts_at + make_interval(mins => " S_ROUND_MINS " + e.minutes)") " AS ends_at, "
    "m.table_no AS table, x.party, p.name AS party_name, x.other AS \"with\", "
    "w.name AS with_name, w.kind AS with_kind "
    "FROM sd_meeting m JOIN sd_event e ON e.id = m.event_id "
    "CROSS JOIN LATERAL (VALUES (m.association_id, m.company_id), "
    "(m.company_id, m.association_id)) AS x (party, other) "
    "LEFT JOIN party p ON p.id = x.party LEFT JOIN party w ON w.id = x.other "
    "WHERE m.event_id = $1 AND ($2::bigint IS NULL OR x.party = $2) "
    "ORDER BY x.party, m.round LIMIT 4000";
// clang-format on

int
match_speeddate_schedule (sk_call_t *call)
{
    static const char *keys[] = { "event", "party", NULL };
    const char *event, *party = NULL;
    if (sk_call_known_keys (call, NULL, keys) || !(event = match_id (call, NULL, "event", true)))
        return -1;
    if (sk_obj_get (call->req->body, "party") && !(party = match_id (call, NULL, "party", false)))
        return -1;
    const char *params[] = { event, party };
    const sk_stmt_t stmts[] = {
        { s_schedule_event_sql, 1, params },
        { s_schedule_sql, 2, params },
    };
    PGresult *res[2];
    if (sk_db_exec_batch (call->db, &call->err, 2, stmts, res))
        return -1;
    int rc = 0;
    if (PQntuples (res[0]) == 0)
        rc = sk_call_fail (call, "not_found", "event", "speed-dating event %s does not exist",
                           event);
    else {
        sk_pack_t one;
        sk_pack_init (&one);
        match_pack_rows (&one, res[0], "id,rounds,tables,minutes,pause,objective", NULL);
        sk_pack_map (&call->reply, 2);
        sk_pack_str (&call->reply, "event");
        sk_pack_raw (&call->reply, one.buf.data + 1, one.buf.size - 1);
        sk_pack_release (&one);
        sk_pack_str (&call->reply, "items");
        match_pack_rows (&call->reply, res[1], "round,table,party,with", NULL);
    }
    PQclear (res[0]);
    PQclear (res[1]);
    return rc;
}

//  match.speeddate.list: the municipality's events in the order they were
//  created, a page at a time by id.
int
match_speeddate_list (sk_call_t *call)
{
    static const char *keys[] = { "after", "limit", NULL };
    static const sk_col_t cols[] = {
        { "id", SK_COL_INT },        { "name", SK_COL_TEXT },    { "starts_at", SK_COL_TEXT },
        { "rounds", SK_COL_INT },    { "tables", SK_COL_INT },   { "minutes", SK_COL_INT },
        { "location", SK_COL_TEXT }, { "planned", SK_COL_BOOL }, { NULL, 0 }
    };
    int64_t after = 0, limit = 100;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "after", 0, INT64_MAX, false, &after) < 0
        || sk_call_int (call, NULL, "limit", 1, 1000, false, &limit) < 0)
        return -1;
    const char *params[] = { sk_call_itoa (call, after), sk_call_itoa (call, limit) };
    PGresult *r = sk_call_sql (
        call,
        "SELECT id, name, " MATCH_TS (
            "starts_at") " AS starts_at, rounds, "
                         "tables, minutes, location, planned_at IS NOT NULL AS planned "
                         "FROM sd_event WHERE id > $1 ORDER BY id LIMIT $2",
        2, params);
    return sk_call_reply_page (call, r, cols, limit);
}
