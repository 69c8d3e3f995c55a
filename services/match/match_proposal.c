/*  match_proposal.c: optimal assignment under capacities, and proposals.

    match.proposal.run builds the bipartite instance of one kind of
    partnership for the municipality from the copy (capacities: what each
    party may still take on), leaves out declined pairs and pairs with a
    live proposal, solves it exactly with lib/flow, and writes a proposal
    with its explanation for every chosen pair. Association pairs are
    directed, from the association that gives more to the one that gives
    less: each association may give to one and receive from one.

    The room is per kind of partnership: an association with an open CSR
    proposal may still be proposed a partner association. The reply counts
    the candidates left out, per reason (s_reasons).

    Both sides accept or decline; a decline is remembered for the pair for
    ever; an open proposal expires after match/proposal_days, applied on
    read (the state shown) and written by any mutating op of the tenant and
    by the sweep; a proposal both sides accepted becomes a draft agreement.
*/
#include "flow/flow.h"
#include "match_svc.h"
#include "sk_mem.h"

//  Proposals listed in a run's reply (the rest: match.proposal.list)
#define S_MAX_LISTED 1000
#define S_OPEN       "('proposed', 'accepted_by_left', 'accepted_by_right')"
//  The state as of now: an open proposal past its time reads as expired
#define S_STATE                                                                                    \
    "CASE WHEN p.state IN " S_OPEN " AND p.expires_at <= now() "                                   \
    "THEN 'expired' ELSE p.state END"

int
match_proposal_expire (sk_call_t *call)
{
    const char *params[] = { call->req->tenant };
    PGresult *r = sk_call_sql (call,
                               "UPDATE proposal SET state = 'expired', decided_at = now() "
                               "WHERE tenant = $1 AND state IN " S_OPEN " AND expires_at <= now() "
                               "RETURNING id, kind, left_id, right_id",
                               1, params);
    if (!r)
        return -1;
    int rc = 0;
    for (int i = 0; rc == 0 && i < PQntuples (r); i++) {
        sk_pack_t ev;
        sk_pack_init (&ev);
        sk_pack_map (&ev, 4);
        sk_pack_kint (&ev, "id", strtoll (PQgetvalue (r, i, 0), NULL, 10));
        sk_pack_kstr (&ev, "kind", PQgetvalue (r, i, 1));
        sk_pack_kint (&ev, "left", strtoll (PQgetvalue (r, i, 2), NULL, 10));
        sk_pack_kint (&ev, "right", strtoll (PQgetvalue (r, i, 3), NULL, 10));
        rc = sk_call_event (call, "match.proposal.expired", &ev);
        sk_pack_release (&ev);
    }
    rc = rc ? -1 : PQntuples (r);
    PQclear (r);
    return rc;
}

//  Why a candidate was left out of a run (the run's reply, "left_out"):
//  parties of the kind without room for another partnership of it; pairs
//  declined before; pairs with a proposal already (not expired); pairs
//  whose stated times never meet; institutions that are not a school or
//  youth club (association-institution); pairs with nothing in common
//  (score 0); and candidate pairs the optimal assignment did not choose.
enum {
    S_NO_ROOM,
    S_DECLINED,
    S_PROPOSED,
    S_TIMES,
    S_INSTITUTION_TYPE,
    S_NOTHING_IN_COMMON,
    S_NOT_CHOSEN,
    S_REASONS
};
static const char *s_reasons[S_REASONS] = { "no_room",   "declined",         "proposed",
                                            "times",     "institution_type", "nothing_in_common",
                                            "not_chosen" };

//  The reason a pair that both have room is left out before scoring, or
//  -1 if it is to be scored.
static int
s_left_out (match_pool_t *pool, const char *kind, const score_party_t *a, const score_party_t *b)
{
    const char *why = match_pool_excluded_why (pool, a->id, b->id);
    if (why)
        return streq (why, "declined") ? S_DECLINED : S_PROPOSED;
    if (score_kind_allows (kind, a, b))
        return -1;
    //  score_kind_allows refuses times that never meet, then the type
    return a->available && b->available && !(a->available & b->available) ? S_TIMES
                                                                          : S_INSTITUTION_TYPE;
}

//  Node index of each party of the pool on one side, -1 if not on it.
static int64_t *
s_side (match_pool_t *pool, const char *kind, size_t *count)
{
    size_t n = match_pool_size (pool);
    int64_t *index = (int64_t *)sk_malloc ((n + 1) * sizeof (int64_t));
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        score_party_t *p = match_pool_party (pool, i);
        index[i] = streq (p->kind, kind) && p->capacity > 0 ? (int64_t)(*count)++ : -1;
    }
    return index;
}

//  Write one proposal and its event, and list it in the reply if listed;
//  0 or -1.
static int
s_propose (sk_call_t *call, match_pool_t *pool, const char *kind, const char *run, score_party_t *a,
           score_party_t *b, int64_t score, bool listed)
{
    sk_pack_t explain;
    sk_pack_init (&explain);
    match_score_pair (pool, a, b, &explain);
    //  Hex in one pass: the explanation can be a few kilobytes
    char *buf = (char *)sk_malloc (2 * explain.buf.size + 3);
    strcpy (buf, "\\x");
    for (size_t k = 0; k < explain.buf.size; k++)
        snprintf (buf + 2 + 2 * k, 3, "%02x", (uint8_t)explain.buf.data[k]);
    const char *hex = sk_call_strdup (call, buf);
    free (buf);
    const char *params[] = { call->req->tenant,
                             kind,
                             sk_call_itoa (call, a->id),
                             sk_call_itoa (call, b->id),
                             sk_call_itoa (call, score),
                             hex,
                             run,
                             sk_call_itoa (call, match_conf.proposal_days) };
    PGresult *r = sk_call_sql (
        call,
        "INSERT INTO proposal (tenant, kind, left_id, right_id, score, explanation, "
        "run_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6::bytea, $7, "
        "now() + make_interval(days => $8::int)) RETURNING id, " MATCH_TS ("expires_at"),
        8, params);
    if (!r) {
        sk_pack_release (&explain);
        return -1;
    }
    sk_pack_t ev;
    sk_pack_init (&ev);
    //  The sides' names where the copy has them (not a volunteer's), so a
    //  mail about the proposal can name them
    sk_pack_map (&ev, 7 + (a->name != NULL) + (b->name != NULL));
    sk_pack_kint (&ev, "id", strtoll (PQgetvalue (r, 0, 0), NULL, 10));
    sk_pack_kstr (&ev, "kind", kind);
    sk_pack_kint (&ev, "left", a->id);
    sk_pack_kint (&ev, "right", b->id);
    if (a->name)
        sk_pack_kstr (&ev, "left_name", a->name);
    if (b->name)
        sk_pack_kstr (&ev, "right_name", b->name);
    sk_pack_kint (&ev, "score", score);
    sk_pack_kstr (&ev, "expires_at", PQgetvalue (r, 0, 1));
    sk_pack_str (&ev, "explanation");
    sk_pack_raw (&ev, explain.buf.data, explain.buf.size);
    int rc = sk_call_event (call, "match.proposal.created", &ev);
    if (rc == 0 && listed) {
        //  The reply lists it without the explanation (proposal.get has it)
        //  with both parties' names (a volunteer's is not in the copy: nil)
        sk_pack_map (&call->reply, 6);
        sk_pack_kint (&call->reply, "id", strtoll (PQgetvalue (r, 0, 0), NULL, 10));
        sk_pack_kint (&call->reply, "left", a->id);
        sk_pack_str (&call->reply, "left_name");
        if (a->name)
            sk_pack_str (&call->reply, a->name);
        else
            sk_pack_nil (&call->reply);
        sk_pack_kint (&call->reply, "right", b->id);
        sk_pack_str (&call->reply, "right_name");
        if (b->name)
            sk_pack_str (&call->reply, b->name);
        else
            sk_pack_nil (&call->reply);
        sk_pack_kint (&call->reply, "score", score);
    }
    sk_pack_release (&ev);
    sk_pack_release (&explain);
    PQclear (r);
    return rc;
}

//  Long because: one run is read, lock, score every pair, assign and store
//  in one transaction whose steps share the candidates' arrays; the
//  scoring and the assignment themselves are in match_score.c and the
//  flow engine.
int
match_proposal_run (sk_call_t *call)
{
    static const char *keys[] = { "kind", "limit", NULL };
    const char *kind, *left, *right;
    int64_t limit = 0;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "kind", 40, true, &kind) < 0
        || sk_call_int (call, NULL, "limit", 1, 100000, false, &limit) < 0)
        return -1;
    if (score_kind_parse (kind, &left, &right))
        return sk_call_fail (call, "invalid_argument", "kind", "unknown kind of partnership \"%s\"",
                             kind);
    //  One run at a time per municipality: two at once would both see the
    //  same room and propose beyond it
    const char *lock[] = { call->req->tenant };
    PGresult *locked =
        sk_call_sql (call, "SELECT pg_advisory_xact_lock(hashtext('match.run.' || $1))", 1, lock);
    if (!locked)
        return -1;
    PQclear (locked);
    if (match_proposal_expire (call) < 0)
        return -1;
    unsigned mask = 0;
    static const char *names[5] = { "association", "company", "institution", "volunteer",
                                    "citizen" };
    for (int k = 0; k < 5; k++)
        if (streq (left, names[k]) || streq (right, names[k]))
            mask |= 1u << k;
    match_pool_t *pool = match_pool_load_for (call, mask, kind);
    if (!pool)
        return -1;
    //  Why candidates were left out: parties without room, then pairs
    int64_t left_out[S_REASONS] = { 0 };
    size_t n = match_pool_size (pool), nleft, nright;
    int64_t *li = s_side (pool, left, &nleft);
    int64_t *ri = s_side (pool, right, &nright);
    flow_t *flow = flow_new (nleft, nright);
    for (size_t i = 0; i < n; i++) {
        score_party_t *p = match_pool_party (pool, i);
        if ((streq (p->kind, left) || streq (p->kind, right)) && p->capacity <= 0)
            left_out[S_NO_ROOM]++;
        if (li[i] >= 0)
            flow_set_left_capacity (flow, (size_t)li[i], p->capacity);
        if (ri[i] >= 0)
            flow_set_right_capacity (flow, (size_t)ri[i], p->capacity);
    }
    if (limit > 0)
        flow_set_max_total (flow, limit);
    bool same = streq (left, right);
    size_t *edge_a = NULL, *edge_b = NULL, nedges = 0, room = 0;
    for (size_t i = 0; i < n; i++) {
        if (li[i] < 0)
            continue;
        score_party_t *a = match_pool_party (pool, i);
        for (size_t j = same ? i + 1 : 0; j < n; j++) {
            if (ri[j] < 0)
                continue;
            score_party_t *b = match_pool_party (pool, j);
            int reason = s_left_out (pool, kind, a, b);
            int64_t score = reason < 0 ? match_score_pair (pool, a, b, NULL) : 0;
            if (reason < 0 && score <= 0)
                reason = S_NOTHING_IN_COMMON;
            if (reason >= 0) {
                left_out[reason]++;
                continue;
            }
            size_t from = i, to = j;
            //  Association pairs: from the one that gives more
            if (same && match_score_given (pool, b, a) > match_score_given (pool, a, b)) {
                from = j;
                to = i;
            }
            if (nedges == room) {
                room = room ? 2 * room : 256;
                edge_a = (size_t *)sk_realloc (edge_a, room * sizeof (size_t));
                edge_b = (size_t *)sk_realloc (edge_b, room * sizeof (size_t));
            }
            edge_a[nedges] = from;
            edge_b[nedges++] = to;
            flow_add_edge (flow, (size_t)li[from], (size_t)ri[to],
                           score > FLOW_MAX_SCORE ? FLOW_MAX_SCORE : score);
        }
    }
    flow_solve (flow);
    int rc = 0;
    PGresult *r = sk_call_sql (call, "SELECT nextval('run_id')", 0, NULL);
    const char *run = r ? sk_call_strdup (call, PQgetvalue (r, 0, 0)) : NULL;
    PQclear (r);
    if (!run)
        rc = -1;
    size_t chosen = flow_chosen_count (flow);
    left_out[S_NOT_CHOSEN] = (int64_t)(nedges - chosen);
    if (rc == 0) {
        sk_pack_map (&call->reply, 7);
        sk_pack_str (&call->reply, "left_out");
        sk_pack_map (&call->reply, S_REASONS);
        for (int k = 0; k < S_REASONS; k++)
            sk_pack_kint (&call->reply, s_reasons[k], left_out[k]);
        sk_pack_kstr (&call->reply, "kind", kind);
        sk_pack_kint (&call->reply, "run", strtoll (run, NULL, 10));
        sk_pack_kint (&call->reply, "candidates", (int64_t)nedges);
        sk_pack_kint (&call->reply, "objective", flow_objective (flow));
        sk_pack_kint (&call->reply, "count", (int64_t)chosen);
        sk_pack_str (&call->reply, "items");
        sk_pack_array (&call->reply, (uint32_t)(chosen < S_MAX_LISTED ? chosen : S_MAX_LISTED));
    }
    size_t made = 0;
    for (size_t e = 0; rc == 0 && e < nedges; e++)
        if (flow_edge_chosen (flow, e))
            rc = s_propose (call, pool, kind, run, match_pool_party (pool, edge_a[e]),
                            match_pool_party (pool, edge_b[e]), flow_edge_score (flow, e),
                            made++ < S_MAX_LISTED);
    flow_destroy (&flow);
    free (edge_a);
    free (edge_b);
    free (li);
    free (ri);
    match_pool_destroy (&pool);
    return rc;
}

#define S_PROPOSAL_COLUMNS                                                                         \
    "p.id, p.kind, p.left_id, l.name AS left_name, p.right_id, "                                   \
    "r.name AS right_name, p.score, " S_STATE                                                      \
    " AS state, p.run_id, " MATCH_TS ("p.created_at") " AS created_at, " MATCH_TS (                \
        "p.expires_at") " AS expires_at, p.agreement_id, dc.declined_by, dc.reason AS "            \
                        "decline_reason"
#define S_PROPOSAL_INTS "id,left_id,right_id,score,run_id,agreement_id,declined_by"
//  The joins S_PROPOSAL_COLUMNS reads: both parties and a decline
#define S_PROPOSAL_JOINS                                                                           \
    "LEFT JOIN party l ON l.id = p.left_id LEFT JOIN party r ON r.id = p.right_id "                \
    "LEFT JOIN declined dc ON dc.tenant = p.tenant AND dc.proposal_id = p.id "

int
match_proposal_list (sk_call_t *call)
{
    static const char *keys[] = { "state", "party", "kind", "limit", "after", NULL };
    const char *state = NULL, *kind = NULL, *party = NULL, *after = "0";
    int64_t limit = 100;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "state", 20, false, &state) < 0
        || sk_call_str (call, NULL, "kind", 40, false, &kind) < 0
        || sk_call_int (call, NULL, "limit", 1, 1000, false, &limit) < 0)
        return -1;
    if (sk_obj_get (call->req->body, "party") && !(party = match_id (call, NULL, "party", false)))
        return -1;
    if (sk_obj_get (call->req->body, "after") && !(after = match_id (call, NULL, "after", false)))
        return -1;
    const char *params[] = { state, kind, party, after, sk_call_itoa (call, limit) };
    PGresult *r = sk_call_sql (call,
                               "SELECT * FROM (SELECT " S_PROPOSAL_COLUMNS
                               " FROM proposal p " S_PROPOSAL_JOINS
                               "WHERE ($2::text IS NULL OR p.kind = $2) AND ($3::bigint IS NULL OR "
                               "$3 IN (p.left_id, p.right_id)) AND p.id > $4) q "
                               "WHERE $1::text IS NULL OR state = $1 ORDER BY id LIMIT $5",
                               5, params);
    return match_reply_items (call, r, S_PROPOSAL_INTS);
}

//  Load one proposal (locked when mutating); NULL with the error set.
static PGresult *
s_load (sk_call_t *call, const char *id, bool lock)
{
    const char *params[] = { id };
    PGresult *r = sk_call_sql (call,
                               sk_call_printf (call,
                                               "SELECT " S_PROPOSAL_COLUMNS
                                               ", p.explanation FROM proposal p " S_PROPOSAL_JOINS
                                               "WHERE p.id = $1%s",
                                               lock ? " FOR UPDATE OF p" : ""),
                               1, params);
    if (r && PQntuples (r) == 0) {
        PQclear (r);
        sk_call_fail (call, "not_found", "id", "proposal %s does not exist", id);
        return NULL;
    }
    return r;
}

int
match_proposal_get (sk_call_t *call)
{
    const char *id = match_only_id (call);
    if (!id)
        return -1;
    PGresult *r = s_load (call, id, false);
    if (!r)
        return -1;
    sk_pack_t rows;
    sk_pack_init (&rows);
    match_pack_rows (&rows, r, S_PROPOSAL_INTS, "explanation");
    sk_pack_element (&call->reply, &rows);
    sk_pack_release (&rows);
    PQclear (r);
    return 0;
}

//  Accept or decline for one side of a proposal.
static int
s_decide (sk_call_t *call, bool accept)
{
    static const char *keys[] = { "id", "party", "reason", NULL };
    const char *id, *party, *reason = NULL;
    if (sk_call_known_keys (call, NULL, keys) || !(id = match_id (call, NULL, "id", true))
        || !(party = match_id (call, NULL, "party", true))
        || sk_call_str (call, NULL, "reason", 1000, false, &reason) < 0)
        return -1;
    if (match_proposal_expire (call) < 0)
        return -1;
    PGresult *r = s_load (call, id, true);
    if (!r)
        return -1;
    const char *left = sk_call_strdup (call, PQgetvalue (r, 0, 2));
    const char *right = sk_call_strdup (call, PQgetvalue (r, 0, 4));
    const char *state = sk_call_strdup (call, PQgetvalue (r, 0, 7));
    const char *kind = sk_call_strdup (call, PQgetvalue (r, 0, 1));
    PQclear (r);
    bool is_left = streq (party, left), is_right = streq (party, right);
    if (!is_left && !is_right)
        return sk_call_fail (call, "invalid_argument", "party",
                             "party %s is not a side of proposal %s", party, id);
    if (!streq (state, "proposed") && !streq (state, "accepted_by_left")
        && !streq (state, "accepted_by_right"))
        return sk_call_fail (call, "conflict", "id", "proposal %s is %s", id, state);
    const char *next;
    if (!accept)
        next = "declined";
    else if ((is_left && streq (state, "accepted_by_left"))
             || (is_right && streq (state, "accepted_by_right")))
        return sk_call_fail (call, "conflict", "party", "party %s has already accepted proposal %s",
                             party, id);
    else if (streq (state, "proposed"))
        next = is_left ? "accepted_by_left" : "accepted_by_right";
    else
        next = "accepted";
    const char *params[] = { id, next };
    if (sk_call_exec (call,
                      "UPDATE proposal SET state = $2, decided_at = CASE WHEN $2 IN "
                      "('accepted', 'declined') THEN now() END WHERE id = $1",
                      2, params))
        return -1;
    int64_t agreement = 0;
    if (!accept) {
        int64_t a = strtoll (left, NULL, 10), b = strtoll (right, NULL, 10);
        const char *dp[] = { call->req->tenant,
                             sk_call_itoa (call, a < b ? a : b),
                             sk_call_itoa (call, a < b ? b : a),
                             id,
                             party,
                             reason };
        if (sk_call_exec (call,
                          "INSERT INTO declined (tenant, a, b, proposal_id, declined_by, reason) "
                          "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                          6, dp))
            return -1;
    } else if (streq (next, "accepted")) {
        agreement = match_agreement_from_proposal (call, id);
        if (agreement < 0)
            return -1;
    }
    sk_pack_t ev;
    sk_pack_init (&ev);
    sk_pack_map (&ev, 6 + (agreement > 0));
    sk_pack_kint (&ev, "id", strtoll (id, NULL, 10));
    sk_pack_kstr (&ev, "kind", kind);
    sk_pack_kint (&ev, "left", strtoll (left, NULL, 10));
    sk_pack_kint (&ev, "right", strtoll (right, NULL, 10));
    sk_pack_kint (&ev, "by", strtoll (party, NULL, 10));
    sk_pack_kstr (&ev, "state", next);
    if (agreement > 0)
        sk_pack_kint (&ev, "agreement", agreement);
    const char *topic = !accept                    ? "match.proposal.declined"
                        : streq (next, "accepted") ? "match.proposal.accepted"
                                                   : "match.proposal.accepted_by_one";
    return sk_call_event_reply (call, topic, &ev);
}

int
match_proposal_accept (sk_call_t *call)
{
    return s_decide (call, true);
}

int
match_proposal_decline (sk_call_t *call)
{
    return s_decide (call, false);
}

int
match_own_proposals (sk_call_t *call)
{
    const char *party = match_own_party (call);
    if (!party)
        return -1;
    const char *params[] = { party };
    const sk_stmt_t stmts[] = {
        { "SELECT " S_PROPOSAL_COLUMNS ", p.explanation FROM proposal p " S_PROPOSAL_JOINS
          "WHERE $1 IN (p.left_id, p.right_id) AND p.state IN " S_OPEN
          " AND p.expires_at > now() ORDER BY p.id LIMIT 100",
          1, params },
        //  The answered ones of the last 90 days, the newest first
        { "SELECT " S_PROPOSAL_COLUMNS
          ", " MATCH_TS ("p.decided_at") " AS decided_at "
                                         "FROM proposal p " S_PROPOSAL_JOINS
                                         "WHERE $1 IN (p.left_id, p.right_id) AND p.state IN "
                                         "('accepted', 'declined') "
                                         "AND p.decided_at > now() - interval '90 days' ORDER BY "
                                         "p.decided_at DESC, p.id DESC "
                                         "LIMIT 10",
          1, params },
    };
    PGresult *res[2];
    if (sk_db_exec_batch (call->db, &call->err, 2, stmts, res))
        return -1;
    sk_pack_map (&call->reply, 2);
    sk_pack_str (&call->reply, "items");
    match_pack_rows (&call->reply, res[0], S_PROPOSAL_INTS, "explanation");
    sk_pack_str (&call->reply, "answered");
    match_pack_rows (&call->reply, res[1], S_PROPOSAL_INTS, NULL);
    PQclear (res[0]);
    PQclear (res[1]);
    return 0;
}

int
match_own_accept (sk_call_t *call)
{
    return match_own_caller (call) ? -1 : s_decide (call, true);
}

int
match_own_decline (sk_call_t *call)
{
    return match_own_caller (call) ? -1 : s_decide (call, false);
}

int
match_sweep_run (sk_call_t *call)
{
    static const char *keys[] = { NULL };
    if (sk_call_known_keys (call, NULL, keys))
        return -1;
    int expired = match_proposal_expire (call);
    int64_t due = 0, overdue = 0;
    if (expired < 0 || match_meeting_sweep (call, &due, &overdue))
        return -1;
    sk_pack_map (&call->reply, 3);
    sk_pack_kint (&call->reply, "expired", expired);
    sk_pack_kint (&call->reply, "due", due);
    sk_pack_kint (&call->reply, "overdue", overdue);
    return 0;
}
