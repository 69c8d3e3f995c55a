/*  match_own.c: samskab-web acting for one party (role P, PROTOCOL.md 7.7)
    on its agreements and its speed-dating events. Every op names the party
    in its body and touches only what that party is a side of; the staff
    op does the work where there is one (match.meeting.minutes,
    match.speeddate.join, match.speeddate.schedule), called with the body
    it takes. The proposals' own ops are beside the proposals
    (match_proposal.c), sharing their decision; the caller check is here.
*/
#include "match_svc.h"

int
match_own_caller (sk_call_t *call)
{
    if (call->caller->role == SK_ROLE_SERVICE && streq (call->caller->municipality, "*"))
        return 0;
    return sk_call_fail (call, "forbidden", NULL,
                         "only a service certificate for all municipalities may act for a party");
}

const char *
match_own_party (sk_call_t *call)
{
    static const char *keys[] = { "party", NULL };
    if (match_own_caller (call) || sk_call_known_keys (call, NULL, keys))
        return NULL;
    return match_id (call, NULL, "party", true);
}

//  Run handler on the request's body without its key drop (the staff op's
//  body), the call's request restored after.
static int
s_as_staff (sk_call_t *call, sk_handler_fn *handler, const char *drop)
{
    const msgpack_object *body = call->req->body;
    uint32_t n = body && body->type == MSGPACK_OBJECT_MAP ? body->via.map.size : 0;
    msgpack_object_kv *kv = (msgpack_object_kv *)sk_call_alloc (call, (n + 1) * sizeof *kv);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < n; i++) {
        const msgpack_object *k = &body->via.map.ptr[i].key;
        if (!(k->type == MSGPACK_OBJECT_STR && k->via.str.size == strlen (drop)
              && memcmp (k->via.str.ptr, drop, k->via.str.size) == 0))
            kv[kept++] = body->via.map.ptr[i];
    }
    msgpack_object map = { .type = MSGPACK_OBJECT_MAP, .via.map = { .size = kept, .ptr = kv } };
    sk_request_t req = *call->req;
    req.body = &map;
    const sk_request_t *own = call->req;
    call->req = &req;
    int rc = handler (call);
    call->req = own;
    return rc;
}

//  ---------------------------------------------------------------------------
//  Agreements

//  The agreements where $1 is a side, newest last
#define S_MINE "SELECT agreement_id FROM agreement_party WHERE party_id = $1"

int
match_own_agreements (sk_call_t *call)
{
    const char *party = match_own_party (call);
    if (!party)
        return -1;
    const char *params[] = { party, sk_call_itoa (call, match_conf.due_days),
                             sk_call_itoa (call, match_conf.overdue_days) };
    const sk_stmt_t stmts[] = {
        { "SELECT a.id, a.title, a.status, a.purpose, a.starts_on::text AS starts_on, "
          "a.ends_on::text AS ends_on, a.cadence FROM agreement a WHERE a.id IN (" S_MINE ") "
          "ORDER BY a.id LIMIT 100",
          1, params },
        { "SELECT ap.agreement_id, ap.party_id AS party, p.kind, p.name, ap.role "
          "FROM agreement_party ap LEFT JOIN party p ON p.id = ap.party_id "
          "WHERE ap.agreement_id IN (" S_MINE ") ORDER BY ap.agreement_id, ap.party_id LIMIT 1000",
          1, params },
        //  The 12 meetings held last, with their minutes, and those not held
        //  of the next year and a half; each state as of today
        { "SELECT m.id, m.agreement_id, m.n, m.due_on::text AS due_on, m.held_on::text AS held_on, "
          "CASE WHEN m.held_on IS NOT NULL THEN 'held' "
          "WHEN m.due_on + $3::int <= current_date THEN 'overdue' "
          "WHEN m.due_on <= current_date + $2::int THEN 'due' ELSE 'planned' END AS state, "
          "m.how_it_goes, m.improved, m.challenges, m.next_goal, " MATCH_MINUTES_BY ", " MATCH_TS (
              "m.at") " AS at "
                      "FROM meeting m WHERE m.id IN "
                      "((SELECT h.id FROM meeting h WHERE h.agreement_id IN (" S_MINE
                      ") AND h.held_on IS NOT "
                      "NULL ORDER BY h.held_on DESC, h.id DESC LIMIT 12) UNION ALL (SELECT u.id "
                      "FROM meeting u "
                      "WHERE u.agreement_id IN (" S_MINE
                      ") AND u.held_on IS NULL AND u.due_on <= current_date "
                      "+ 550 ORDER BY u.due_on LIMIT 600)) ORDER BY m.agreement_id, m.n",
          3, params },
        { "SELECT x.id, x.agreement_id, x.meeting_id, x.what, x.owner, x.due_on::text AS due_on, "
          "x.done_at IS NOT NULL AS done FROM action x WHERE x.agreement_id IN (" S_MINE ") "
          "ORDER BY x.done_at IS NOT NULL, x.due_on NULLS LAST, x.id LIMIT 100",
          1, params },
    };
    PGresult *res[4];
    if (sk_db_exec_batch (call->db, &call->err, 4, stmts, res))
        return -1;
    static const char *names[] = { "agreements", "parties", "meetings", "actions" };
    static const char *ints[] = { "id", "agreement_id,party",
                                  "id,agreement_id,n," MATCH_MINUTES_BY_INTS,
                                  "id,agreement_id,meeting_id" };
    sk_pack_map (&call->reply, 4);
    for (int i = 0; i < 4; i++) {
        sk_pack_str (&call->reply, names[i]);
        match_pack_rows (&call->reply, res[i], ints[i], NULL);
        PQclear (res[i]);
    }
    return 0;
}

int
match_own_minutes (sk_call_t *call)
{
    const char *party, *id;
    if (match_own_caller (call) || !(party = match_id (call, NULL, "party", true))
        || !(id = match_id (call, NULL, "id", true)))
        return -1;
    const char *params[] = { id, party };
    PGresult *r = sk_call_sql (call,
                               "SELECT m.held_on IS NOT NULL, a.status FROM meeting m "
                               "JOIN agreement a ON a.id = m.agreement_id WHERE m.id = $1 "
                               "AND a.id IN (SELECT agreement_id FROM agreement_party "
                               "WHERE party_id = $2) FOR UPDATE OF m",
                               2, params);
    if (!r)
        return -1;
    bool found = PQntuples (r) > 0;
    bool held = found && *PQgetvalue (r, 0, 0) == 't';
    const char *status = found ? sk_call_strdup (call, PQgetvalue (r, 0, 1)) : "";
    PQclear (r);
    if (!found)
        return sk_call_fail (call, "not_found", "id",
                             "meeting %s does not exist in an agreement of party %s", id, party);
    if (held)
        return sk_call_fail (call, "conflict", "id", "meeting %s already has its minutes", id);
    if (!streq (status, "active") && !streq (status, "paused"))
        return sk_call_fail (call, "conflict", NULL, "the agreement of meeting %s is %s", id,
                             status);
    if (s_as_staff (call, match_meeting_minutes, "party"))
        return -1;
    //  The staff op recorded them as staff's: these are the party's
    const char *by[] = { id, party };
    return sk_call_exec (
        call, "UPDATE meeting SET minutes_by = 'party', minutes_party = $2 WHERE id = $1", 2, by);
}

//  ---------------------------------------------------------------------------
//  Speed-dating events

//  The event columns a party sees, e.event
#define S_EVENT_COLUMNS                                                                            \
    "e.id, e.name, " MATCH_TS ("e.starts_at") " AS starts_at, e.rounds, e.minutes, e.pause, "      \
                                              "e.location, e.planned_at IS NOT NULL AS planned, "  \
                                              "s.side, s.party_id IS NOT NULL AS joined"
#define S_EVENT_INTS "id,rounds,minutes,pause"
//  e: events of the tenant; s: the party's participation ($1), if any; k:
//  its kind. Seen: the events it joined, and those it can still join
#define S_EVENT_FROM                                                                               \
    " FROM sd_event e LEFT JOIN sd_participant s ON s.event_id = e.id AND s.party_id = $1 "        \
    "LEFT JOIN party k ON k.id = $1 WHERE (s.party_id IS NOT NULL OR (e.planned_at IS NULL "       \
    "AND e.starts_at > now() AND k.kind IN ('association', 'company') AND NOT k.archived))"

int
match_own_speeddates (sk_call_t *call)
{
    const char *party = match_own_party (call);
    if (!party)
        return -1;
    const char *params[] = { party };
    PGresult *r = sk_call_sql (
        call, "SELECT " S_EVENT_COLUMNS S_EVENT_FROM " ORDER BY e.starts_at, e.id LIMIT 100", 1,
        params);
    return match_reply_items (call, r, S_EVENT_INTS);
}

//  An event and the party in a request (caller and keys checked), if the
//  party sees the event: joined, or one it can join.
typedef struct {
    const char *event, *party;
    bool joined, planned;
} s_seen_t;
static const char *s_event_keys[] = { "event", "party", NULL };

//  Read and look up the event; 0, or -1 with the call's error (not_found
//  for an event the party does not see). The event's row is locked.
static int
s_seen (sk_call_t *call, const char *const *keys, s_seen_t *seen)
{
    if (match_own_caller (call) || sk_call_known_keys (call, NULL, keys)
        || !(seen->event = match_id (call, NULL, "event", true))
        || !(seen->party = match_id (call, NULL, "party", true)))
        return -1;
    const char *params[] = { seen->party, seen->event };
    PGresult *r =
        sk_call_sql (call,
                     "SELECT s.party_id IS NOT NULL, e.planned_at IS NOT NULL" S_EVENT_FROM
                     " AND e.id = $2 FOR UPDATE OF e",
                     2, params);
    if (!r)
        return -1;
    bool found = PQntuples (r) > 0;
    seen->joined = found && *PQgetvalue (r, 0, 0) == 't';
    seen->planned = found && *PQgetvalue (r, 0, 1) == 't';
    PQclear (r);
    if (!found)
        return sk_call_fail (call, "not_found", "event",
                             "speed-dating event %s is not open to party %s", seen->event,
                             seen->party);
    return 0;
}

int
match_own_speeddate (sk_call_t *call)
{
    s_seen_t seen;
    if (s_seen (call, s_event_keys, &seen))
        return -1;
    const char *params[] = { seen.party, seen.event };
    const sk_stmt_t stmts[] = {
        { "SELECT " S_EVENT_COLUMNS S_EVENT_FROM " AND e.id = $2", 2, params },
        //  The other side's participants, with the weight the party gave each
        { "SELECT o.party_id AS party, p.name, o.side, i.weight FROM sd_participant o "
          "JOIN sd_participant me ON me.event_id = o.event_id AND me.party_id = $1 "
          "LEFT JOIN party p ON p.id = o.party_id LEFT JOIN sd_interest i ON "
          "i.event_id = o.event_id AND i.from_id = $1 AND i.to_id = o.party_id "
          "WHERE o.event_id = $2 AND o.side <> me.side ORDER BY p.name, o.party_id LIMIT 1000",
          2, params },
    };
    PGresult *res[2];
    if (sk_db_exec_batch (call->db, &call->err, 2, stmts, res))
        return -1;
    sk_pack_t one;
    sk_pack_init (&one);
    match_pack_rows (&one, res[0], S_EVENT_INTS, NULL);
    sk_pack_map (&call->reply, 2);
    sk_pack_str (&call->reply, "event");
    sk_pack_raw (&call->reply, one.buf.data + 1, one.buf.size - 1); //  the row, not the array
    sk_pack_release (&one);
    sk_pack_str (&call->reply, "others");
    match_pack_rows (&call->reply, res[1], "party,weight", NULL);
    PQclear (res[0]);
    PQclear (res[1]);
    return 0;
}

int
match_own_join (sk_call_t *call)
{
    s_seen_t seen;
    return s_seen (call, s_event_keys, &seen) ? -1 : match_speeddate_join (call);
}

int
match_own_leave (sk_call_t *call)
{
    s_seen_t seen;
    if (s_seen (call, s_event_keys, &seen))
        return -1;
    if (seen.planned)
        return sk_call_fail (call, "conflict", "event", "speed-dating event %s is already planned",
                             seen.event);
    if (!seen.joined)
        return sk_call_fail (call, "conflict", "party", "party %s has not joined event %s",
                             seen.party, seen.event);
    //  Its wishes go with it, and the others' wishes for it
    const char *params[] = { seen.event, seen.party };
    if (sk_call_exec (call,
                      "DELETE FROM sd_interest WHERE event_id = $1 AND $2 IN (from_id, to_id)", 2,
                      params)
        || sk_call_exec (call, "DELETE FROM sd_participant WHERE event_id = $1 AND party_id = $2",
                         2, params))
        return -1;
    sk_pack_map (&call->reply, 2);
    sk_pack_kint (&call->reply, "event", strtoll (seen.event, NULL, 10));
    sk_pack_kint (&call->reply, "party", strtoll (seen.party, NULL, 10));
    return 0;
}

//  Store one stated weight of party for another of the event: 1-10, or 0
//  for not interested (the planner then keeps the pair apart).
static int
s_interest (sk_call_t *call, const char *event, const char *party, const msgpack_object *item)
{
    static const char *keys[] = { "to", "weight", NULL };
    const char *to;
    int64_t weight;
    if (sk_call_known_keys (call, item, keys) || !(to = match_id (call, item, "to", true))
        || sk_call_int (call, item, "weight", 0, 10, true, &weight) < 0)
        return -1;
    const char *params[] = { event, call->req->tenant, party, to, sk_call_itoa (call, weight) };
    PGresult *r = sk_call_sql (call,
                               "INSERT INTO sd_interest (event_id, tenant, from_id, to_id, weight) "
                               "SELECT $1, $2, $3, $4, $5 FROM sd_participant me "
                               "JOIN sd_participant o ON o.event_id = me.event_id "
                               "AND o.party_id = $4 AND o.side <> me.side "
                               "WHERE me.event_id = $1 AND me.party_id = $3 "
                               "ON CONFLICT (event_id, from_id, to_id) DO UPDATE SET weight = $5",
                               5, params);
    if (!r)
        return -1;
    bool stored = atoi (PQcmdTuples (r)) == 1;
    PQclear (r);
    if (!stored)
        return sk_call_fail (call, "invalid_argument", "to",
                             "party %s is not on the other side of event %s", to, event);
    return 0;
}

int
match_own_interest (sk_call_t *call)
{
    static const char *keys[] = { "event", "party", "weights", NULL };
    const msgpack_object *weights;
    s_seen_t seen;
    if (s_seen (call, keys, &seen)
        || sk_call_array (call, NULL, "weights", 1000, true, &weights) < 0)
        return -1;
    const char *event = seen.event, *party = seen.party;
    if (seen.planned)
        return sk_call_fail (call, "conflict", "event", "speed-dating event %s is already planned",
                             event);
    if (!seen.joined)
        return sk_call_fail (call, "conflict", "party", "party %s has not joined event %s", party,
                             event);
    //  The list replaces what the party stated before
    const char *params[] = { event, party };
    if (sk_call_exec (call, "DELETE FROM sd_interest WHERE event_id = $1 AND from_id = $2", 2,
                      params))
        return -1;
    for (uint32_t i = 0; i < weights->via.array.size; i++) {
        sk_call_scope (call, "weights[%u]", i);
        if (s_interest (call, event, party, &weights->via.array.ptr[i]))
            return -1;
    }
    sk_call_scope (call, "%s", "");
    sk_pack_map (&call->reply, 3);
    sk_pack_kint (&call->reply, "event", strtoll (event, NULL, 10));
    sk_pack_kint (&call->reply, "party", strtoll (party, NULL, 10));
    sk_pack_kint (&call->reply, "interests", weights->via.array.size);
    return 0;
}

int
match_own_schedule (sk_call_t *call)
{
    s_seen_t seen;
    if (s_seen (call, s_event_keys, &seen))
        return -1;
    if (!seen.joined)
        return sk_call_fail (call, "not_found", "party", "party %s has not joined event %s",
                             seen.party, seen.event);
    return match_speeddate_schedule (call);
}
