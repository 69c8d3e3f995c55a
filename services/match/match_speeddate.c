/*  match_speeddate.c: the speed-dating ops (the CSR evening) of the service.

    Associations and companies of the copy join an event; each states whom
    it wants to meet (weight 1-10, 1 if not given). The weight of a pair is
    the sum of both directions, so a mutual wish counts double. Planning
    hands the pairs to the exact planner (lib/speeddate) and stores the
    meetings with a round and a table (tables numbered in the order the
    planner lists a round's meetings). A round r starts at
    starts_at + (r - 1) x (minutes + pause).
*/
#include "match_svc.h"
#include "sk_mem.h"
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
        || sk_call_str (call, NULL, "starts_at", 40, true, &starts_at) < 0
        || sk_call_int (call, NULL, "rounds", 1, 100, true, &rounds) < 0
        || sk_call_int (call, NULL, "tables", 1, 1000, true, &tables) < 0
        || sk_call_int (call, NULL, "minutes", 1, 240, true, &minutes) < 0
        || sk_call_int (call, NULL, "pause", 0, 120, false, &pause) < 0
        || sk_call_str (call, NULL, "location", 200, false, &location) < 0)
        return -1;
    const char *params[] = { call->req->tenant,
                             name,
                             starts_at,
                             match_itoa (call, rounds),
                             match_itoa (call, tables),
                             match_itoa (call, minutes),
                             match_itoa (call, pause),
                             location };
    PGresult *r =
        sk_call_sql (call,
                     "INSERT INTO sd_event (tenant, name, starts_at, rounds, tables, minutes, "
                     "pause, location) VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7, $8) "
                     "RETURNING id",
                     8, params);
    if (!r) {
        if (streq (call->err.code, "invalid_argument"))
            sk_call_fail (call, "invalid_argument", "starts_at",
                          "\"%s\" is not a timestamp (e.g. 2026-12-03T17:00:00Z)", starts_at);
        return -1;
    }
    int64_t id = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    PQclear (r);
    sk_pack_t ev;
    sk_pack_init (&ev);
    sk_pack_map (&ev, 3);
    sk_pack_kint (&ev, "id", id);
    sk_pack_kstr (&ev, "name", name);
    sk_pack_kstr (&ev, "starts_at", starts_at);
    int rc = sk_call_event (call, "match.speeddate.created", &ev);
    if (rc == 0)
        sk_pack_raw (&call->reply, ev.buf.data, ev.buf.size);
    sk_pack_release (&ev);
    return rc;
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
                             max >= 0 ? match_itoa (call, max) : NULL };
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
        || sk_call_int (call, NULL, "weight", 1, 10, false, &weight) < 0
        || s_event (call, event, &planned))
        return -1;
    if (planned)
        return sk_call_fail (call, "conflict", "event", "speed-dating event %s is already planned",
                             event);
    const char *params[] = { event, call->req->tenant, from, to, match_itoa (call, weight) };
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
        //  One row per (association, company) pair with its summed weight
        { "SELECT CASE WHEN pf.side = 'association' THEN i.from_id ELSE i.to_id END, "
          "CASE WHEN pf.side = 'association' THEN i.to_id ELSE i.from_id END, "
          "sum(i.weight) FROM sd_interest i JOIN sd_participant pf ON "
          "pf.event_id = i.event_id AND pf.party_id = i.from_id "
          "WHERE i.event_id = $1 GROUP BY 1, 2 ORDER BY 1, 2",
          1, params },
        { "DELETE FROM sd_meeting WHERE event_id = $1", 1, params },
    };
    PGresult *res[4];
    if (sk_db_exec_batch (call->db, &call->err, 4, stmts, res))
        return -1;
    PGresult *ev = res[0], *parts = res[1], *pairs = res[2];
    PQclear (res[3]);
    size_t rounds = (size_t)atoi (PQgetvalue (ev, 0, 0));
    size_t tables = (size_t)atoi (PQgetvalue (ev, 0, 1));
    int n = PQntuples (parts);
    //  Index of each participant on its side, by row
    int64_t *ids = (int64_t *)sk_malloc ((size_t)(n + 1) * sizeof (int64_t));
    size_t *index = (size_t *)sk_malloc ((size_t)(n + 1) * sizeof (size_t));
    size_t nassoc = 0, ncomp = 0;
    for (int i = 0; i < n; i++) {
        ids[i] = strtoll (PQgetvalue (parts, i, 0), NULL, 10);
        index[i] = streq (PQgetvalue (parts, i, 1), "association") ? nassoc++ : ncomp++;
    }
    speeddate_t *plan = speeddate_new (rounds, tables, nassoc, ncomp);
    int rc = 0;
    //  Row of a participant id (rows are in id order)
#define S_ROW(id, row)                                                                             \
    do {                                                                                           \
        int lo_ = 0, hi_ = n;                                                                      \
        while (lo_ < hi_) {                                                                        \
            int mid_ = (lo_ + hi_) / 2;                                                            \
            if (ids[mid_] < (id))                                                                  \
                lo_ = mid_ + 1;                                                                    \
            else                                                                                   \
                hi_ = mid_;                                                                        \
        }                                                                                          \
        (row) = lo_;                                                                               \
    } while (0)
    if (!plan)
        rc = sk_call_fail (call, "invalid_argument", "event",
                           "speed-dating event %s has too many participants", event);
    for (int i = 0; rc == 0 && i < n; i++) {
        int64_t max = strtoll (PQgetvalue (parts, i, 2), NULL, 10);
        if (max < 0)
            continue;
        if (streq (PQgetvalue (parts, i, 1), "association"))
            speeddate_set_association_max (plan, index[i], max);
        else
            speeddate_set_company_max (plan, index[i], max);
    }
    int npairs = PQntuples (pairs);
    int *arow = (int *)sk_malloc ((size_t)(npairs + 1) * sizeof (int));
    int *crow = (int *)sk_malloc ((size_t)(npairs + 1) * sizeof (int));
    for (int k = 0; rc == 0 && k < npairs; k++) {
        S_ROW (strtoll (PQgetvalue (pairs, k, 0), NULL, 10), arow[k]);
        S_ROW (strtoll (PQgetvalue (pairs, k, 1), NULL, 10), crow[k]);
        speeddate_add_interest (plan, index[arow[k]], index[crow[k]],
                                strtoll (PQgetvalue (pairs, k, 2), NULL, 10));
    }
    if (rc == 0)
        speeddate_plan (plan);
    //  Interest numbers are the pair rows, in the order added
    for (size_t round = 0; rc == 0 && round < rounds; round++)
        for (size_t k = 0; rc == 0 && k < speeddate_round_size (plan, round); k++) {
            size_t interest = speeddate_round_meeting (plan, round, k);
            const char *ins[] = { event,
                                  call->req->tenant,
                                  match_itoa (call, (int64_t)round + 1),
                                  match_itoa (call, (int64_t)k + 1),
                                  match_itoa (call, ids[arow[interest]]),
                                  match_itoa (call, ids[crow[interest]]) };
            PGresult *r =
                sk_call_sql (call,
                             "INSERT INTO sd_meeting (event_id, tenant, round, table_no, "
                             "association_id, company_id) VALUES ($1, $2, $3, $4, $5, $6)",
                             6, ins);
            rc = r ? 0 : -1;
            PQclear (r);
        }
    int64_t objective = plan ? speeddate_objective (plan) : 0;
    size_t meetings = plan ? speeddate_meeting_count (plan) : 0;
    if (rc == 0) {
        const char *up[] = { event, match_itoa (call, objective) };
        PGresult *r = sk_call_sql (call,
                                   "UPDATE sd_event SET planned_at = now(), "
                                   "objective = $2 WHERE id = $1",
                                   2, up);
        rc = r ? 0 : -1;
        PQclear (r);
    }
    if (rc == 0) {
        sk_pack_t e;
        sk_pack_init (&e);
        sk_pack_map (&e, 4);
        sk_pack_kint (&e, "id", strtoll (event, NULL, 10));
        sk_pack_kint (&e, "objective", objective);
        sk_pack_kint (&e, "meetings", (int64_t)meetings);
        sk_pack_kint (&e, "interests", npairs);
        rc = sk_call_event (call, "match.speeddate.planned", &e);
        if (rc == 0)
            sk_pack_raw (&call->reply, e.buf.data, e.buf.size);
        sk_pack_release (&e);
    }
    speeddate_destroy (&plan);
    free (arow);
    free (crow);
    free (ids);
    free (index);
    PQclear (ev);
    PQclear (parts);
    PQclear (pairs);
    return rc;
}


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
        { "SELECT id, name, " MATCH_TS ("starts_at") " AS starts_at, rounds, tables, "
                                                     "minutes, pause, location, planned_at "
                                                     "IS NOT NULL AS planned, objective "
                                                     "FROM sd_event WHERE id = $1",
          1, params },
        //  Each meeting once per participant it concerns
        { "SELECT m.round, " MATCH_TS (
              "e.starts_at + make_interval(mins => (m.round - 1) "
              "* (e.minutes + e.pause))") " AS starts_at, " MATCH_TS ("e.starts_at + "
                                                                      "make_interval(mins "
                                                                      "=> (m.round - 1) * "
                                                                      "(e.minutes + "
                                                                      "e.pause) + "
                                                                      "e.minutes)") " AS "
                                                                                    "ends_"
                                                                                    "at, "
                                                                                    "m."
                                                                                    "table_"
                                                                                    "no AS "
                                                                                    "table,"
                                                                                    " x."
                                                                                    "party,"
                                                                                    " "
                                                                                    "x."
                                                                                    "other "
                                                                                    "AS "
                                                                                    "\"with"
                                                                                    "\", "
                                                                                    "w."
                                                                                    "name "
                                                                                    "AS "
                                                                                    "with_"
                                                                                    "name, "
                                                                                    "w."
                                                                                    "kind "
                                                                                    "AS "
                                                                                    "with_"
                                                                                    "kind "
                                                                                    "FROM "
                                                                                    "sd_"
                                                                                    "meetin"
                                                                                    "g m "
                                                                                    "JOIN "
                                                                                    "sd_"
                                                                                    "event "
                                                                                    "e ON "
                                                                                    "e.id "
                                                                                    "= "
                                                                                    "m."
                                                                                    "event_"
                                                                                    "id "
                                                                                    "CROSS "
                                                                                    "JOIN "
                                                                                    "LATERA"
                                                                                    "L "
                                                                                    "(VALUE"
                                                                                    "S "
                                                                                    "(m."
                                                                                    "associ"
                                                                                    "ation_"
                                                                                    "id, "
                                                                                    "m."
                                                                                    "compan"
                                                                                    "y_id),"
                                                                                    " (m."
                                                                                    "compan"
                                                                                    "y_id, "
                                                                                    "m."
                                                                                    "associ"
                                                                                    "ation_"
                                                                                    "id)) "
                                                                                    "AS x "
                                                                                    "(party"
                                                                                    ", "
                                                                                    "other)"
                                                                                    " LEFT "
                                                                                    "JOIN "
                                                                                    "party "
                                                                                    "w ON "
                                                                                    "w.id "
                                                                                    "= "
                                                                                    "x."
                                                                                    "other "
                                                                                    "WHERE "
                                                                                    "m."
                                                                                    "event_"
                                                                                    "id = "
                                                                                    "$1 "
                                                                                    "AND "
                                                                                    "($2::"
                                                                                    "bigint"
                                                                                    " IS "
                                                                                    "NULL "
                                                                                    "OR "
                                                                                    "x."
                                                                                    "party "
                                                                                    "= $2) "
                                                                                    "ORDER "
                                                                                    "BY "
                                                                                    "x."
                                                                                    "party,"
                                                                                    " m."
                                                                                    "round "
                                                                                    "LIMIT "
                                                                                    "4000",
          2, params }, //  under the frame limit
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
