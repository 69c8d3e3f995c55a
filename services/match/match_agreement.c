/*  match_agreement.c: cooperation agreements (samarbejdsaftale), their
    status meetings, minutes and actions.

    Status meetings follow the review cadence counted from the start date:
    meeting k is due on starts_on + k x 1, 3, 6 or 12 months (monthly,
    quarterly, half-yearly, yearly), each computed from the start date, so
    a month end is clamped and does not drift (31 Jan + 3 months = 30 Apr,
    + 6 months = 31 Jul; 30 Nov 2023 + 3 months = 29 Feb 2024), moved to
    the next working day when that is a Saturday, a Sunday or a Danish day
    off (match_working_day, sql/008_working_day.sql; a date up to the end
    date counts, even when moved past it), at the
    agreement's meeting_time in Danish local time (10:00 stays 10:00 in
    summer and winter). They are generated when the agreement becomes
    active, up to the end date, or 12 months ahead when it has none (the
    sweep keeps that rolling), each with match.meeting.scheduled, from
    which notify schedules the reminders at once. New dates, cadence or
    time replace the meetings ahead without minutes (match.meeting.cancelled,
    then scheduled); pausing or ending drops them. The sweep emits
    match.meeting.due (match/due_days before) and match.meeting.overdue
    (match/overdue_days after, no minutes), each once per meeting.
*/
#include "match_svc.h"


//  What a meeting event carries, as RETURNING columns of meeting (aliased
//  m or the table itself, named by t): meeting, agreement, n, due_on,
//  title, parties, at.
#define S_MEETING_EVENT(t)                                                                         \
    t ".id, " t ".agreement_id, " t ".n, " t ".due_on::text, (SELECT title FROM agreement x "      \
      "WHERE x.id = " t ".agreement_id), (SELECT string_agg(party_id::text, ',' ORDER BY "         \
      "party_id) FROM agreement_party p WHERE p.agreement_id = " t                                 \
      ".agreement_id), " MATCH_TS (t ".at")

//  Emit one event per row of r (S_MEETING_EVENT's columns).
//  With batch, each says it is one of a schedule made in one go, which
//  notify mails in its summary (match.meeting.schedule), not one by one.
static int
s_meeting_events (sk_call_t *call, PGresult *r, const char *topic, bool batch)
{
    for (int i = 0; i < PQntuples (r); i++) {
        sk_pack_t ev;
        sk_pack_init (&ev);
        //  A meeting already past when scheduled (s_schedule's 8th column)
        //  gets no reminders from notify
        bool past = PQnfields (r) > 7 && *PQgetvalue (r, i, 7) == 't';
        sk_pack_map (&ev, 7 + batch + past);
        if (batch)
            sk_pack_kbool (&ev, "batch", true);
        if (past)
            sk_pack_kbool (&ev, "past", true);
        sk_pack_kint (&ev, "meeting", strtoll (PQgetvalue (r, i, 0), NULL, 10));
        sk_pack_kint (&ev, "agreement", strtoll (PQgetvalue (r, i, 1), NULL, 10));
        sk_pack_kint (&ev, "n", strtoll (PQgetvalue (r, i, 2), NULL, 10));
        sk_pack_kstr (&ev, "due_on", PQgetvalue (r, i, 3));
        sk_pack_kstr (&ev, "title", PQgetvalue (r, i, 4));
        sk_pack_str (&ev, "parties");
        const char *list = PQgetvalue (r, i, 5);
        uint32_t n = *list ? 1 : 0;
        for (const char *s = list; *s; s++)
            n += *s == ',';
        sk_pack_array (&ev, n);
        for (const char *s = list; *s;) {
            sk_pack_int (&ev, strtoll (s, NULL, 10));
            s = strchr (s, ',') ? strchr (s, ',') + 1 : s + strlen (s);
        }
        sk_pack_kstr (&ev, "at", PQgetvalue (r, i, 6));
        int rc = sk_call_event (call, topic, &ev);
        sk_pack_release (&ev);
        if (rc)
            return -1;
    }
    return 0;
}

//  Run sql (parameters tenant or agreement) and emit topic for each
//  meeting it returns; 0 or -1.
static int
s_meetings_do (sk_call_t *call, const char *sql, int nparams, const char *const *params,
               const char *topic)
{
    PGresult *r = sk_call_sql (call, sql, nparams, params);
    if (!r)
        return -1;
    int rc = s_meeting_events (call, r, topic, false);
    PQclear (r);
    return rc;
}

//  One agreement's schedule made in one go (the rows of r, as s_schedule
//  returns them), as match.meeting.schedule: the meetings' times, those
//  already past when scheduled apart (the sweep says nothing of them: no
//  due, no overdue), for one mail instead of one per meeting.
static int
s_schedule_event (sk_call_t *call, PGresult *r)
{
    int rows = PQntuples (r), past = 0;
    for (int i = 0; i < rows; i++)
        past += *PQgetvalue (r, i, 7) == 't';
    sk_pack_t ev;
    sk_pack_init (&ev);
    sk_pack_map (&ev, 6);
    sk_pack_kint (&ev, "agreement", strtoll (PQgetvalue (r, 0, 1), NULL, 10));
    sk_pack_kstr (&ev, "title", PQgetvalue (r, 0, 4));
    sk_pack_kint (&ev, "count", rows);
    sk_pack_kint (&ev, "past", past);
    for (int ahead = 0; ahead < 2; ahead++) {
        sk_pack_str (&ev, ahead ? "meetings" : "past_meetings");
        sk_pack_array (&ev, (uint32_t)(ahead ? rows - past : past));
        for (int i = 0; i < rows; i++)
            if ((*PQgetvalue (r, i, 7) == 't') != ahead)
                sk_pack_str (&ev, PQgetvalue (r, i, 6));
    }
    int rc = sk_call_event (call, "match.meeting.schedule", &ev);
    sk_pack_release (&ev);
    return rc;
}

//  Insert the meetings of active agreements (one, or all of the tenant when
//  agreement is NULL) that are missing, and emit match.meeting.scheduled
//  for each (notify schedules its reminders from it). From the cadence
//  counted from the start date, after the last meeting there is, until the
//  end date or 12 months after today (the sweep keeps that rolling): the
//  whole period when whole (a draft becoming active, which may have
//  started before it was written down), else only what is still ahead. At
//  the agreement's meeting time, Danish local time, so summer time does
//  not move it.
static int
s_schedule (sk_call_t *call, const char *agreement, bool whole)
{
    const char *params[] = { call->req->tenant, agreement, whole ? "t" : "f" };
    PGresult *r = sk_call_sql (
        call,
        "WITH a AS (SELECT a.id, a.tenant, a.starts_on, a.ends_on, a.meeting_time, "
        "CASE a.cadence WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3 "
        "WHEN 'half_yearly' THEN 6 ELSE 12 END AS step, l.last, coalesce(l.n, 0) AS n0 "
        "FROM agreement a LEFT JOIN LATERAL (SELECT max(due_on) AS last, max(n) AS n "
        "FROM meeting m WHERE m.agreement_id = a.id) l ON true "
        "WHERE a.tenant = $1 AND ($2::bigint IS NULL OR a.id = $2) AND a.status = 'active' "
        "AND a.starts_on IS NOT NULL AND a.cadence IS NOT NULL), "
        "d AS (SELECT a.id, a.tenant, a.n0, x.d, x.at, "
        "row_number() OVER (PARTITION BY a.id ORDER BY x.d) AS k FROM a "
        "CROSS JOIN LATERAL generate_series(1, 400) AS g "
        "CROSS JOIN LATERAL (SELECT y.r, match_working_day(y.r) AS d, (match_working_day(y.r) "
        "+ a.meeting_time) AT TIME ZONE 'Europe/Copenhagen' AS at FROM (SELECT (a.starts_on "
        "+ make_interval(months => g * a.step))::date AS r) y) x "
        "WHERE x.r <= coalesce(a.ends_on, (greatest(current_date, a.starts_on) "
        "+ interval '12 months')::date) "
        "AND x.d > coalesce(a.last, '-infinity') AND ($3::bool OR x.at > now())) "
        "INSERT INTO meeting (tenant, agreement_id, n, due_on, at, due_sent_at, overdue_sent_at) "
        "SELECT tenant, id, n0 + k, d, at, CASE WHEN at <= now() THEN now() END, "
        "CASE WHEN at <= now() THEN now() END FROM d ORDER BY id, k "
        "RETURNING " S_MEETING_EVENT ("meeting") ", meeting.at <= now()",
        3, params);
    if (!r)
        return -1;
    int rc = s_meeting_events (call, r, "match.meeting.scheduled", agreement && PQntuples (r) > 1);
    if (rc == 0 && agreement && PQntuples (r) > 1)
        rc = s_schedule_event (call, r);
    PQclear (r);
    return rc;
}

//  Delete the agreement's meetings still ahead and without minutes, and
//  emit match.meeting.cancelled for each (notify drops their reminders).
//  Meetings held, and those past, stay.
static int
s_unschedule (sk_call_t *call, const char *agreement)
{
    const char *params[] = { agreement };
    return s_meetings_do (call,
                          "DELETE FROM meeting m WHERE m.agreement_id = $1 "
                          "AND m.held_on IS NULL AND m.at > now() RETURNING " S_MEETING_EVENT ("m"),
                          1, params, "match.meeting.cancelled");
}

int
match_meeting_sweep (sk_call_t *call, int64_t *due, int64_t *overdue)
{
    if (s_schedule (call, NULL, false))
        return -1;
    const char *params[] = { call->req->tenant, sk_call_itoa (call, match_conf.due_days),
                             sk_call_itoa (call, match_conf.overdue_days) };
#define S_SWEEP(set, cond)                                                                         \
    "UPDATE meeting m SET " set " = now() FROM agreement a WHERE "                                 \
    "a.id = m.agreement_id AND a.status = 'active' AND m.tenant = $1 "                             \
    "AND m.held_on IS NULL AND " cond " RETURNING " S_MEETING_EVENT ("m")
    PGresult *r = sk_call_sql (call,
                               S_SWEEP ("due_sent_at",
                                        "m.due_sent_at IS NULL AND m.due_on >= current_date "
                                        "AND m.due_on <= current_date + $2::int AND $3::int >= 0"),
                               3, params);
    if (!r)
        return -1;
    *due = PQntuples (r);
    int rc = s_meeting_events (call, r, "match.meeting.due", false);
    PQclear (r);
    if (rc)
        return -1;
    r = sk_call_sql (call,
                     S_SWEEP ("overdue_sent_at",
                              "m.overdue_sent_at IS NULL AND m.due_on + $3::int <= current_date "
                              "AND $2::int >= 0"),
                     3, params);
    if (!r)
        return -1;
    *overdue = PQntuples (r);
    rc = s_meeting_events (call, r, "match.meeting.overdue", false);
    PQclear (r);
    return rc;
}

static int
s_agreement_event (sk_call_t *call, const char *id, const char *topic, const char *status)
{
    sk_pack_t ev;
    sk_pack_init (&ev);
    sk_pack_map (&ev, 2);
    sk_pack_kint (&ev, "id", strtoll (id, NULL, 10));
    sk_pack_kstr (&ev, "status", status);
    int rc = sk_call_event (call, topic, &ev);
    sk_pack_release (&ev);
    return rc;
}

int64_t
match_agreement_from_proposal (sk_call_t *call, const char *proposal)
{
    const char *params[] = { proposal };
    PGresult *r =
        sk_call_sql (call,
                     "WITH a AS (INSERT INTO agreement (tenant, proposal_id, title) "
                     "SELECT p.tenant, p.id, coalesce(l.name, 'volunteer ' || p.left_id) "
                     "|| ' & ' || coalesce(r.name, 'volunteer ' || p.right_id) FROM proposal p "
                     "LEFT JOIN party l ON l.id = p.left_id LEFT JOIN party r ON r.id = p.right_id "
                     "WHERE p.id = $1 RETURNING id, tenant), "
                     "ap AS (INSERT INTO agreement_party (agreement_id, tenant, party_id, role) "
                     "SELECT a.id, a.tenant, x.party, x.role FROM a, proposal p, LATERAL "
                     "(VALUES (p.left_id, split_part(p.kind, '-', 1)), "
                     "(p.right_id, split_part(p.kind, '-', 2))) AS x (party, role) "
                     "WHERE p.id = $1), "
                     "u AS (UPDATE proposal SET agreement_id = (SELECT id FROM a) WHERE id = $1) "
                     "SELECT id FROM a",
                     1, params);
    if (!r)
        return -1;
    const char *id = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    PQclear (r);
    if (s_agreement_event (call, id, "match.agreement.created", "draft"))
        return -1;
    return strtoll (id, NULL, 10);
}

//  The agreement's text fields and their limits
static const struct {
    const char *name;
    size_t max;
    bool date;
} s_fields[] = { { "title", 200, false },         { "purpose", 4000, false },
                 { "target_group", 1000, false }, { "starts_on", 10, true },
                 { "ends_on", 10, true },         { "frequency", 200, false },
                 { "shortfall", 2000, false },    { "cadence", 20, false },
                 { "meeting_time", 5, false },    { NULL, 0, false } };
#define S_FIELDS 9

//  A time of day "HH:MM" (00:00 to 23:59)
static bool
s_clock (const char *t)
{
    return strlen (t) == 5 && isdigit ((unsigned char)t[0]) && isdigit ((unsigned char)t[1])
           && t[2] == ':' && isdigit ((unsigned char)t[3]) && isdigit ((unsigned char)t[4])
           && atoi (t) < 24 && atoi (t + 3) < 60;
}

//  Read the fields present; values[i] set for those given (NULL = nil);
//  given[i] says which. 0 or -1.
static int
s_read_fields (sk_call_t *call, const char **values, bool *given)
{
    for (int i = 0; s_fields[i].name; i++) {
        const msgpack_object *o = sk_obj_get (call->req->body, s_fields[i].name);
        given[i] = o != NULL;
        values[i] = NULL;
        if (!o || o->type == MSGPACK_OBJECT_NIL)
            continue;
        int got = s_fields[i].date ? sk_call_date (call, NULL, s_fields[i].name, false, &values[i])
                                   : sk_call_str (call, NULL, s_fields[i].name, s_fields[i].max,
                                                  false, &values[i]);
        if (got < 0)
            return -1;
        if (streq (s_fields[i].name, "cadence") && values[i] && !streq (values[i], "monthly")
            && !streq (values[i], "quarterly") && !streq (values[i], "half_yearly")
            && !streq (values[i], "yearly"))
            return sk_call_fail (call, "invalid_argument", "cadence",
                                 "cadence must be \"monthly\", \"quarterly\", \"half_yearly\" "
                                 "or \"yearly\", not \"%s\"",
                                 values[i]);
        if (streq (s_fields[i].name, "meeting_time") && values[i] && !s_clock (values[i]))
            return sk_call_fail (call, "invalid_argument", "meeting_time",
                                 "meeting_time must be a time of day HH:MM (Danish time), "
                                 "not \"%s\"",
                                 values[i]);
    }
    return 0;
}

//  Replace the agreement's parties with the "parties" array: each
//  {party, role, contributes}. Parties must be in the copy.
//  Why an update matched no row, as the registry says it: the agreement
//  is not there, has ended, or was changed since the version given.
static int
s_update_refused (sk_call_t *call, const char *id, int64_t version)
{
    const char *params[] = { id };
    PGresult *r =
        sk_call_sql (call, "SELECT version, status FROM agreement WHERE id = $1", 1, params);
    if (!r)
        return -1;
    int rc;
    if (PQntuples (r) == 0)
        rc = sk_call_fail (call, "not_found", "id", "agreement %s does not exist", id);
    else if (streq (PQgetvalue (r, 0, 1), "ended"))
        rc = sk_call_fail (call, "conflict", "id", "agreement %s has ended and cannot be changed",
                           id);
    else
        rc = sk_call_fail (call, "conflict", "version",
                           "version %lld of agreement %s is stale; the current version is %s "
                           "(show it again and repeat the change)",
                           (long long)version, id, PQgetvalue (r, 0, 0));
    PQclear (r);
    return rc;
}

static int
s_write_parties (sk_call_t *call, const char *id, const msgpack_object *parties)
{
    const char *params[] = { id };
    if (sk_call_exec (call, "DELETE FROM agreement_party WHERE agreement_id = $1", 1, params))
        return -1;
    static const char *keys[] = { "party", "role", "contributes", NULL };
    for (uint32_t i = 0; i < parties->via.array.size; i++) {
        const msgpack_object *p = &parties->via.array.ptr[i];
        sk_call_scope (call, "parties[%u]", i);
        const char *party, *role, *contributes = NULL;
        if (p->type != MSGPACK_OBJECT_MAP)
            return sk_call_fail (call, "invalid_argument", "", "must be a map");
        if (sk_call_known_keys (call, p, keys) || !(party = match_id (call, p, "party", true))
            || sk_call_str (call, p, "role", 100, true, &role) < 0
            || sk_call_str (call, p, "contributes", 2000, false, &contributes) < 0)
            return -1;
        const char *ins[] = { id, call->req->tenant, party, role, contributes };
        PGresult *r = sk_call_sql (
            call,
            "INSERT INTO agreement_party (agreement_id, tenant, party_id, role, contributes) "
            "SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM party WHERE id = $3) "
            "ON CONFLICT (agreement_id, party_id) DO UPDATE SET role = $4, "
            "contributes = $5 RETURNING 1",
            5, ins);
        if (!r)
            return -1;
        bool found = PQntuples (r) == 1;
        PQclear (r);
        if (!found)
            return sk_call_fail (call, "not_found", "party",
                                 "party %s is not in the match service's copy of "
                                 "the registry for municipality %s",
                                 party, call->req->tenant);
    }
    sk_call_scope (call, "%s", "");
    return 0;
}

int
match_agreement_create (sk_call_t *call)
{
    static const char *keys[] = { "title",        "purpose", "target_group",
                                  "starts_on",    "ends_on", "frequency",
                                  "shortfall",    "cadence", "parties",
                                  "meeting_time", NULL };
    const char *values[S_FIELDS];
    bool given[S_FIELDS];
    const msgpack_object *parties;
    if (sk_call_known_keys (call, NULL, keys) || s_read_fields (call, values, given)
        || sk_call_array (call, NULL, "parties", 50, true, &parties) < 0)
        return -1;
    if (!values[0])
        return sk_call_fail (call, "invalid_argument", "title", "missing required field \"title\"");
    const char *params[] = { call->req->tenant, values[0], values[1], values[2], values[3],
                             values[4],         values[5], values[6], values[7], values[8] };
    PGresult *r =
        sk_call_sql (call,
                     "INSERT INTO agreement (tenant, title, purpose, target_group, starts_on, "
                     "ends_on, frequency, shortfall, cadence, meeting_time) VALUES ($1, $2, $3, "
                     "$4, $5, $6, $7, $8, $9, coalesce($10::time, '10:00')) RETURNING id",
                     10, params);
    if (!r)
        return -1;
    const char *id = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    PQclear (r);
    if (s_write_parties (call, id, parties)
        || s_agreement_event (call, id, "match.agreement.created", "draft"))
        return -1;
    sk_pack_map (&call->reply, 2);
    sk_pack_kint (&call->reply, "id", strtoll (id, NULL, 10));
    sk_pack_kstr (&call->reply, "status", "draft");
    return 0;
}

int
match_agreement_update (sk_call_t *call)
{
    static const char *keys[] = {
        "id",        "version",   "title",   "purpose", "target_group", "starts_on", "ends_on",
        "frequency", "shortfall", "cadence", "parties", "meeting_time", NULL
    };
    const char *values[S_FIELDS], *id;
    bool given[S_FIELDS];
    int64_t version;
    const msgpack_object *parties = NULL;
    if (sk_call_known_keys (call, NULL, keys) || !(id = match_id (call, NULL, "id", true))
        || sk_call_int (call, NULL, "version", 1, INT32_MAX, true, &version) < 0
        || s_read_fields (call, values, given)
        || sk_call_array (call, NULL, "parties", 50, false, &parties) < 0)
        return -1;
    if (given[0] && !values[0])
        return sk_call_fail (call, "invalid_argument", "title", "title cannot be cleared");
    if (given[8] && !values[8])
        return sk_call_fail (call, "invalid_argument", "meeting_time",
                             "meeting_time cannot be cleared");
    const char *params[2 + S_FIELDS] = { id, sk_call_itoa (call, version) };
    int n = 2;
    char *sets = sk_call_strdup (call, "version = version + 1, updated_at = now()");
    bool dates = false;
    for (int i = 0; s_fields[i].name; i++) {
        if (!given[i])
            continue;
        params[n++] = values[i];
        sets = sk_call_printf (call, "%s, %s = $%d", sets, s_fields[i].name, n);
        dates |= s_fields[i].date || streq (s_fields[i].name, "cadence")
                 || streq (s_fields[i].name, "meeting_time");
    }
    PGresult *r = sk_call_sql (
        call,
        sk_call_printf (
            call,
            "UPDATE agreement SET %s WHERE id = $1 AND version = $2 AND status <> 'ended' "
            "RETURNING version, status",
            sets),
        n, params);
    if (!r)
        return -1;
    if (PQntuples (r) == 0) {
        PQclear (r);
        return s_update_refused (call, id, version);
    }
    int64_t now_version = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    const char *status = sk_call_strdup (call, PQgetvalue (r, 0, 1));
    PQclear (r);
    if (parties && s_write_parties (call, id, parties))
        return -1;
    //  The cadence, dates or time moved: the meetings ahead without
    //  minutes follow them
    if (dates && streq (status, "active")
        && (s_unschedule (call, id) || s_schedule (call, id, false)))
        return -1;
    if (s_agreement_event (call, id, "match.agreement.updated", status))
        return -1;
    sk_pack_map (&call->reply, 3);
    sk_pack_kint (&call->reply, "id", strtoll (id, NULL, 10));
    sk_pack_kint (&call->reply, "version", now_version);
    sk_pack_kstr (&call->reply, "status", status);
    return 0;
}

int
match_agreement_status (sk_call_t *call)
{
    static const char *keys[] = { "id", "status", NULL };
    const char *id, *to;
    if (sk_call_known_keys (call, NULL, keys) || !(id = match_id (call, NULL, "id", true))
        || sk_call_str (call, NULL, "status", 20, true, &to) < 0)
        return -1;
    if (!streq (to, "active") && !streq (to, "paused") && !streq (to, "ended"))
        return sk_call_fail (call, "invalid_argument", "status",
                             "status must be \"active\", \"paused\" or \"ended\", "
                             "not \"%s\"",
                             to);
    const char *params[] = { id };
    PGresult *r = sk_call_sql (call,
                               "SELECT status, starts_on IS NOT NULL, cadence IS NOT NULL, "
                               "(SELECT count(*) FROM agreement_party WHERE agreement_id = $1) "
                               "FROM agreement WHERE id = $1 FOR UPDATE",
                               1, params);
    if (!r)
        return -1;
    if (PQntuples (r) == 0) {
        PQclear (r);
        return sk_call_fail (call, "not_found", "id", "agreement %s does not exist", id);
    }
    const char *from = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    bool has_start = *PQgetvalue (r, 0, 1) == 't', has_cadence = *PQgetvalue (r, 0, 2) == 't';
    int64_t parties = strtoll (PQgetvalue (r, 0, 3), NULL, 10);
    PQclear (r);
    //  draft -> active -> paused -> active ... -> ended; ended is final
    bool allowed = (streq (to, "active") && (streq (from, "draft") || streq (from, "paused")))
                   || (streq (to, "paused") && streq (from, "active"))
                   || (streq (to, "ended") && !streq (from, "ended"));
    if (!allowed)
        return sk_call_fail (call, "conflict", "status", "agreement %s cannot go from %s to %s", id,
                             from, to);
    if (streq (to, "active") && (!has_start || !has_cadence || parties < 2))
        return sk_call_fail (call, "invalid_argument",
                             !has_start     ? "starts_on"
                             : !has_cadence ? "cadence"
                                            : "parties",
                             "agreement %s needs a start date, a review cadence and "
                             "at least two parties to become active",
                             id);
    const char *up[] = { id, to };
    if (sk_call_exec (call,
                      "UPDATE agreement SET status = $2, version = version + 1, "
                      "updated_at = now() WHERE id = $1",
                      2, up))
        return -1;
    //  Active schedules the meetings (the whole period the first time);
    //  paused or ended drops those ahead, with their reminders
    if (streq (to, "active") ? s_schedule (call, id, streq (from, "draft"))
                             : streq (from, "active") && s_unschedule (call, id))
        return -1;
    if (s_agreement_event (call, id, "match.agreement.status", to))
        return -1;
    sk_pack_map (&call->reply, 3);
    sk_pack_kint (&call->reply, "id", strtoll (id, NULL, 10));
    sk_pack_kstr (&call->reply, "from", from);
    sk_pack_kstr (&call->reply, "status", to);
    return 0;
}

#define S_AGREEMENT_COLUMNS                                                                        \
    "a.id, a.title, a.status, a.version, a.proposal_id, a.purpose, "                               \
    "a.target_group, a.starts_on::text AS starts_on, a.ends_on::text AS ends_on, "                 \
    "a.frequency, a.shortfall, a.cadence, to_char(a.meeting_time, 'HH24:MI') AS "                  \
    "meeting_time, " MATCH_TS ("a.created_at") " AS created_at"
#define S_AGREEMENT_INTS "id,version,proposal_id"
//  A meeting's state as of today; due and overdue are the parameters
//  holding match/due_days and match/overdue_days
#define S_MEETING_COLUMNS(due, overdue)                                                            \
    "m.id, m.agreement_id, m.n, m.due_on::text AS due_on, " MATCH_TS (                             \
        "m.at") " AS at, "                                                                         \
                "m.held_on::text AS held_on, CASE WHEN m.held_on IS NOT NULL THEN 'held' "         \
                "WHEN m.due_on + " overdue "::int <= current_date THEN 'overdue' "                 \
                "WHEN m.due_on <= current_date + " due "::int THEN 'due' ELSE 'planned' END "      \
                "AS state, m.how_it_goes, m.improved, m.challenges, "                              \
                "m.next_goal, " MATCH_MINUTES_BY
#define S_MEETING_INTS "id,agreement_id,n," MATCH_MINUTES_BY_INTS
#define S_ACTION_COLUMNS                                                                           \
    "x.id, x.agreement_id, x.meeting_id, x.what, x.owner, "                                        \
    "x.due_on::text AS due_on, x.done_at IS NOT NULL AS done"
#define S_ACTION_INTS "id,agreement_id,meeting_id"

int
match_agreement_get (sk_call_t *call)
{
    const char *id = match_only_id (call);
    if (!id)
        return -1;
    const char *params[] = { id, sk_call_itoa (call, match_conf.due_days),
                             sk_call_itoa (call, match_conf.overdue_days) };
    const sk_stmt_t stmts[] = {
        { "SELECT " S_AGREEMENT_COLUMNS " FROM agreement a WHERE a.id = $1", 1, params },
        { "SELECT ap.party_id AS party, p.kind, p.name, ap.role, ap.contributes "
          "FROM agreement_party ap LEFT JOIN party p ON p.id = ap.party_id "
          "WHERE ap.agreement_id = $1 ORDER BY ap.party_id",
          1, params },
        { "SELECT " S_MEETING_COLUMNS ("$2", "$3") " FROM meeting m "
                                                   "WHERE m.agreement_id = $1 ORDER BY m.n",
          3, params },
        { "SELECT " S_ACTION_COLUMNS " FROM action x WHERE x.agreement_id = $1 "
          "ORDER BY x.id",
          1, params },
    };
    PGresult *res[4];
    if (sk_db_exec_batch (call->db, &call->err, 4, stmts, res))
        return -1;
    int rc = 0;
    if (PQntuples (res[0]) == 0)
        rc = sk_call_fail (call, "not_found", "id", "agreement %s does not exist", id);
    else {
        sk_pack_t one;
        sk_pack_init (&one);
        match_pack_rows (&one, res[0], S_AGREEMENT_INTS, NULL);
        sk_pack_map (&call->reply, 4);
        sk_pack_str (&call->reply, "agreement");
        sk_pack_element (&call->reply, &one);
        sk_pack_release (&one);
        sk_pack_str (&call->reply, "parties");
        match_pack_rows (&call->reply, res[1], "party", NULL);
        sk_pack_str (&call->reply, "meetings");
        match_pack_rows (&call->reply, res[2], S_MEETING_INTS, NULL);
        sk_pack_str (&call->reply, "actions");
        match_pack_rows (&call->reply, res[3], S_ACTION_INTS, NULL);
    }
    for (int i = 0; i < 4; i++)
        PQclear (res[i]);
    return rc;
}

int
match_agreement_list (sk_call_t *call)
{
    static const char *keys[] = { "status", "party", NULL };
    const char *status = NULL, *party = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "status", 20, false, &status) < 0)
        return -1;
    if (sk_obj_get (call->req->body, "party") && !(party = match_id (call, NULL, "party", false)))
        return -1;
    const char *params[] = { status, party };
    PGresult *r =
        sk_call_sql (call,
                     "SELECT " S_AGREEMENT_COLUMNS ", (SELECT min(due_on)::text FROM meeting m "
                     "WHERE m.agreement_id = a.id AND m.held_on IS NULL) AS next_meeting "
                     "FROM agreement a WHERE ($1::text IS NULL OR a.status = $1) AND "
                     "($2::bigint IS NULL OR EXISTS (SELECT 1 FROM agreement_party ap "
                     "WHERE ap.agreement_id = a.id AND ap.party_id = $2)) ORDER BY a.id LIMIT 1000",
                     2, params);
    return match_reply_items (call, r, S_AGREEMENT_INTS);
}

int
match_meeting_list (sk_call_t *call)
{
    static const char *keys[] = { "agreement", "state", NULL };
    const char *agreement = NULL, *state = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "state", 20, false, &state) < 0)
        return -1;
    if (sk_obj_get (call->req->body, "agreement")
        && !(agreement = match_id (call, NULL, "agreement", false)))
        return -1;
    const char *params[] = { agreement, state, sk_call_itoa (call, match_conf.due_days),
                             sk_call_itoa (call, match_conf.overdue_days) };
    PGresult *r = sk_call_sql (
        call,
        "SELECT * FROM (SELECT " S_MEETING_COLUMNS (
            "$3", "$4") ", a.title "
                        "FROM meeting m JOIN agreement a ON a.id = m.agreement_id WHERE "
                        "($1::bigint IS NULL OR m.agreement_id = $1) AND a.status <> 'ended') q "
                        "WHERE $2::text IS NULL OR state = $2 ORDER BY due_on, id LIMIT 1000",
        4, params);
    return match_reply_items (call, r, S_MEETING_INTS);
}

int
match_meeting_minutes (sk_call_t *call)
{
    static const char *keys[] = { "id",         "held_on",   "how_it_goes", "improved",
                                  "challenges", "next_goal", NULL };
    const char *id, *held_on = NULL, *how = NULL, *improved = NULL, *challenges = NULL,
                    *next_goal = NULL;
    if (sk_call_known_keys (call, NULL, keys) || !(id = match_id (call, NULL, "id", true))
        || sk_call_date_past (call, NULL, "held_on", false, "a meeting", &held_on) < 0
        || sk_call_str (call, NULL, "how_it_goes", 4000, true, &how) < 0
        || sk_call_str (call, NULL, "improved", 4000, false, &improved) < 0
        || sk_call_str (call, NULL, "challenges", 4000, false, &challenges) < 0
        || sk_call_str (call, NULL, "next_goal", 4000, false, &next_goal) < 0)
        return -1;
    const char *params[] = { id, held_on, how, improved, challenges, next_goal };
    PGresult *r = sk_call_sql (call,
                               "UPDATE meeting SET held_on = coalesce($2::date, current_date), "
                               "how_it_goes = $3, improved = $4, challenges = $5, next_goal = $6, "
                               "minutes_by = 'staff', minutes_party = NULL "
                               "WHERE id = $1 RETURNING agreement_id, n, held_on::text",
                               6, params);
    if (!r)
        return -1;
    if (PQntuples (r) == 0) {
        PQclear (r);
        return sk_call_fail (call, "not_found", "id", "meeting %s does not exist", id);
    }
    sk_pack_t ev;
    sk_pack_init (&ev);
    sk_pack_map (&ev, 4);
    sk_pack_kint (&ev, "meeting", strtoll (id, NULL, 10));
    sk_pack_kint (&ev, "agreement", strtoll (PQgetvalue (r, 0, 0), NULL, 10));
    sk_pack_kint (&ev, "n", strtoll (PQgetvalue (r, 0, 1), NULL, 10));
    sk_pack_kstr (&ev, "held_on", PQgetvalue (r, 0, 2));
    PQclear (r);
    return sk_call_event_reply (call, "match.meeting.held", &ev);
}

int
match_action_add (sk_call_t *call)
{
    static const char *keys[] = { "agreement", "meeting", "what", "owner", "due_on", NULL };
    const char *agreement, *meeting = NULL, *what, *owner, *due_on = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || !(agreement = match_id (call, NULL, "agreement", true))
        || sk_call_str (call, NULL, "what", 2000, true, &what) < 0
        || sk_call_str (call, NULL, "owner", 200, true, &owner) < 0
        || sk_call_date (call, NULL, "due_on", false, &due_on) < 0)
        return -1;
    if (sk_obj_get (call->req->body, "meeting")
        && !(meeting = match_id (call, NULL, "meeting", false)))
        return -1;
    const char *params[] = { call->req->tenant, agreement, meeting, what, owner, due_on };
    PGresult *r =
        sk_call_sql (call,
                     "INSERT INTO action (tenant, agreement_id, meeting_id, what, owner, due_on) "
                     "SELECT $1, a.id, $3, $4, $5, $6 FROM agreement a WHERE a.id = $2 "
                     "AND ($3::bigint IS NULL OR EXISTS (SELECT 1 FROM meeting m WHERE "
                     "m.id = $3 AND m.agreement_id = a.id)) RETURNING id",
                     6, params);
    if (!r)
        return -1;
    if (PQntuples (r) == 0) {
        PQclear (r);
        if (meeting)
            return sk_call_fail (call, "not_found", "meeting",
                                 "meeting %s of agreement %s does not exist", meeting, agreement);
        return sk_call_fail (call, "not_found", "agreement", "agreement %s does not exist",
                             agreement);
    }
    const char *id = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    PQclear (r);
    sk_pack_t ev;
    sk_pack_init (&ev);
    sk_pack_map (&ev, 5);
    sk_pack_kint (&ev, "id", strtoll (id, NULL, 10));
    sk_pack_kint (&ev, "agreement", strtoll (agreement, NULL, 10));
    sk_pack_kstr (&ev, "what", what);
    sk_pack_kstr (&ev, "owner", owner);
    sk_pack_kstr (&ev, "due_on", due_on);
    return sk_call_event_reply (call, "match.action.added", &ev);
}

int
match_action_done (sk_call_t *call)
{
    const char *id = match_only_id (call);
    if (!id)
        return -1;
    const char *params[] = { id };
    PGresult *r = sk_call_sql (call,
                               "UPDATE action SET done_at = coalesce(done_at, now()) WHERE id = $1 "
                               "RETURNING agreement_id",
                               1, params);
    if (!r)
        return -1;
    if (PQntuples (r) == 0) {
        PQclear (r);
        return sk_call_fail (call, "not_found", "id", "action %s does not exist", id);
    }
    sk_pack_map (&call->reply, 3);
    sk_pack_kint (&call->reply, "id", strtoll (id, NULL, 10));
    sk_pack_kint (&call->reply, "agreement", strtoll (PQgetvalue (r, 0, 0), NULL, 10));
    sk_pack_kbool (&call->reply, "done", true);
    PQclear (r);
    return 0;
}

int
match_action_list (sk_call_t *call)
{
    static const char *keys[] = { "agreement", "open", NULL };
    const char *agreement = NULL;
    bool open = false;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_bool (call, NULL, "open", false, &open) < 0)
        return -1;
    if (sk_obj_get (call->req->body, "agreement")
        && !(agreement = match_id (call, NULL, "agreement", false)))
        return -1;
    const char *params[] = { agreement, open ? "t" : "f" };
    PGresult *r =
        sk_call_sql (call,
                     "SELECT " S_ACTION_COLUMNS " FROM action x WHERE ($1::bigint IS NULL OR "
                     "x.agreement_id = $1) AND (NOT $2::bool OR x.done_at IS NULL) "
                     "ORDER BY x.due_on NULLS LAST, x.id LIMIT 1000",
                     2, params);
    return match_reply_items (call, r, S_ACTION_INTS);
}
