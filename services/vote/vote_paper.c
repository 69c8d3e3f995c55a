/*  vote_paper.c: paper ballots from the meeting hall. One staff member
    keys a ballot in; a second (another certificate) keys the same paper in
    again to confirm it, and only a matching second entry makes it a ballot.
    Eligibility is settled at the hall: the voter's code is revoked there
    (vote.code.revoke) before the paper is handed out, so it cannot also be
    used online. A paper ballot carries no code and gets a random receipt.
*/
#include <czmq.h>

#include "sk_log.h"
#include "vote_svc.h"

static const char *s_paper_phases[] = { "voting", "closed", NULL };

//  The request's ballot, checked, as array literals; 0 or -1.
static int
s_read_ballot (sk_call_t *call, vote_process_t *p, const char **ids, const char **points)
{
    if (vote_process_load (call, "process", VOTE_LOCK_SHARE, p)
        || vote_process_require (call, p, "enter paper ballots", s_paper_phases))
        return -1;
    return vote_ballot_check (call, p, ids, points);
}

int
vote_paper_enter (sk_call_t *call)
{
    static const char *keys[] = { "process", "projects", "points", NULL };
    vote_process_t p;
    const char *ids = NULL, *points = NULL;
    if (sk_call_known_keys (call, NULL, keys) || s_read_ballot (call, &p, &ids, &points))
        return -1;
    const char *params[] = { sk_call_itoa (call, p.id), call->req->tenant, ids, points,
                             call->caller->key };
    PGresult *r =
        sk_call_sql (call,
                     "INSERT INTO paper_entry (process_id, tenant, projects, points, entered_by) "
                     "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                     5, params);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 2);
    sk_pack_kint (&call->reply, "process", p.id);
    sk_pack_kint (&call->reply, "paper", strtoll (PQgetvalue (r, 0, 0), NULL, 10));
    PQclear (r);
    return 0;
}

int
vote_paper_confirm (sk_call_t *call)
{
    static const char *keys[] = { "process", "paper", "projects", "points", NULL };
    vote_process_t p;
    const char *ids = NULL, *points = NULL;
    int64_t paper;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "paper", 1, INT64_MAX, true, &paper) < 0
        || s_read_ballot (call, &p, &ids, &points))
        return -1;
    const char *params[] = { sk_call_itoa (call, paper), sk_call_itoa (call, p.id), ids, points };
    PGresult *r = sk_call_sql (call,
                               "SELECT entered_by, projects = $3::bigint[] "
                               "AND points IS NOT DISTINCT FROM $4::integer[] "
                               "FROM paper_entry WHERE id = $1 AND process_id = $2 FOR UPDATE",
                               4, params);
    if (!r)
        return -1;
    if (PQntuples (r) != 1) {
        PQclear (r);
        return sk_call_fail (call, "not_found", "paper",
                             "paper ballot %lld is not waiting for confirmation "
                             "in citizen budget %lld",
                             (long long)paper, (long long)p.id);
    }
    bool same_member = streq (PQgetvalue (r, 0, 0), call->caller->key);
    bool match = *PQgetvalue (r, 0, 1) == 't';
    PQclear (r);
    if (same_member)
        return sk_call_fail (call, "forbidden", "paper",
                             "the staff member who entered paper ballot %lld "
                             "cannot confirm it: a second member must",
                             (long long)paper);
    if (!match)
        return sk_call_fail (call, "conflict", "projects",
                             "the ballot does not match the first entry of paper "
                             "ballot %lld: check the paper",
                             (long long)paper);
    char receipt[20];
    vote_receipt_random (receipt);
    const char *ip[] = { sk_call_itoa (call, paper), sk_call_itoa (call, p.id), call->req->tenant,
                         receipt };
    if (sk_call_exec (
            call,
            "WITH e AS (DELETE FROM paper_entry WHERE id = $1 RETURNING projects, points), "
            "u AS (UPDATE process SET tallied_rule = NULL WHERE id = $2) "
            "INSERT INTO ballot (process_id, tenant, receipt, paper, projects, points) "
            "SELECT $2, $3, $4, true, projects, points FROM e",
            4, ip))
        return -1;
    sk_pack_map (&call->reply, 2);
    sk_pack_kint (&call->reply, "process", p.id);
    sk_pack_kstr (&call->reply, "receipt", receipt);
    return 0;
}

int
vote_paper_list (sk_call_t *call)
{
    static const sk_col_t cols[] = {
        { "paper", SK_COL_INT }, { "projects", SK_COL_INTS }, { "points", SK_COL_INTS },
        { "mine", SK_COL_BOOL }, { NULL, SK_COL_TEXT },
    };
    vote_process_t p;
    if (vote_process_only (call, VOTE_LOCK_NONE, &p))
        return -1;
    const char *params[] = { sk_call_itoa (call, p.id), call->caller->key };
    return sk_call_reply_items (
        call,
        sk_call_sql (call,
                     "SELECT id, projects, points, entered_by = $2 FROM paper_entry "
                     "WHERE process_id = $1 ORDER BY id",
                     2, params),
        cols);
}
