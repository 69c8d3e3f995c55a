/*  vote_paper.c: paper ballots from the meeting hall. One staff member
    keys a ballot in; a second (another certificate) keys the same paper in
    again without seeing the first entry, and only a matching second entry
    makes it a ballot (approval, knapsack and cumulative entries match as
    sets, ranked ones in order). A wrong entry is discarded with a reason.
    Eligibility is settled at the hall: the voter's code is revoked there
    (vote.code.revoke) before the paper is handed out, so it cannot also be
    used online. A paper ballot carries no code and gets a random receipt.
    After the close a paper is entered only in a late count staff opened
    (vote.paper.late); the results show how many came in that way.
*/
#include <czmq.h>

#include "sk_log.h"
#include "vote_svc.h"

static const char *s_paper_phases[] = { "voting", "closed", NULL };

//  The process for a paper op, locked against a phase change; for an op
//  that updates the process (an entry numbers it, a confirmation counts
//  it) locked for that update up front, as a shared lock taken first and
//  raised by the update deadlocks two such ops at once. When entering
//  after the close, only in a late count. 0 or -1.
static int
s_load (sk_call_t *call, bool entering, bool updating, vote_process_t *p, bool *late)
{
    if (vote_process_load (call, "process", updating ? VOTE_LOCK_UPDATE : VOTE_LOCK_SHARE, p)
        || vote_process_require (call, p, entering ? "enter paper ballots" : "handle paper ballots",
                                 s_paper_phases))
        return -1;
    *late = streq (p->phase, "closed");
    if (!entering || !*late)
        return 0;
    const char *params[] = { sk_call_itoa (call, p->id) };
    PGresult *r = sk_call_sql (call, "SELECT late_opened_by IS NOT NULL FROM process WHERE id = $1",
                               1, params);
    if (!r)
        return -1;
    bool open = *PQgetvalue (r, 0, 0) == 't';
    PQclear (r);
    if (!open)
        return sk_call_fail (call, "conflict", "process",
                             "citizen budget %lld is closed: paper ballots are entered "
                             "after the close only in a late count (vote.paper.late)",
                             (long long)p->id);
    return 0;
}

//  The request's "paper", a number of 1 or more; 0 or -1.
static int
s_paper_number (sk_call_t *call, int64_t *paper)
{
    return sk_call_int (call, NULL, "paper", 1, INT64_MAX, true, paper) < 0 ? -1 : 0;
}

static int
s_not_waiting (sk_call_t *call, int64_t paper, int64_t process)
{
    return sk_call_fail (call, "not_found", "paper",
                         "paper ballot %lld is not waiting for confirmation "
                         "in citizen budget %lld",
                         (long long)paper, (long long)process);
}

int
vote_paper_enter (sk_call_t *call)
{
    static const char *keys[] = { "process", "projects", "points", NULL };
    vote_process_t p;
    const char *ids = NULL, *points = NULL;
    bool late;
    if (sk_call_known_keys (call, NULL, keys) || s_load (call, true, true, &p, &late)
        || vote_ballot_check (call, &p, &ids, &points))
        return -1;
    //  Numbered 1, 2, 3 in each citizen budget, as staff write it on the
    //  paper and type it to confirm
    const char *params[] = { sk_call_itoa (call, p.id), call->req->tenant,      ids, points,
                             call->caller->key,         late ? "true" : "false" };
    PGresult *r = sk_call_sql (call,
                               "WITH n AS (UPDATE process SET paper_last = paper_last + 1 "
                               "WHERE id = $1 RETURNING paper_last) "
                               "INSERT INTO paper_entry (process_id, tenant, projects, points, "
                               "entered_by, late, number) SELECT $1, $2, $3, $4, $5, $6, "
                               "paper_last FROM n RETURNING number",
                               6, params);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 2);
    sk_pack_kint (&call->reply, "process", p.id);
    sk_pack_kint (&call->reply, "paper", strtoll (PQgetvalue (r, 0, 0), NULL, 10));
    PQclear (r);
    return 0;
}

//  A ballot's projects with their points as comparable text: in rank order
//  when $5 is true, else sorted by project (a set).
#define S_CANONICAL(IDS, POINTS)                                                                   \
    "ARRAY(SELECT (x, y)::text FROM unnest(" IDS ", " POINTS ") WITH ORDINALITY u(x, y, n) "       \
    "ORDER BY CASE WHEN $5 THEN n ELSE x END)"

//  A ballot's projects alone, comparable as S_CANONICAL's
#define S_PROJECTS(IDS)                                                                            \
    "ARRAY(SELECT x FROM unnest(" IDS ") WITH ORDINALITY u(x, n) "                                 \
    "ORDER BY CASE WHEN $5 THEN n ELSE x END)"

//  Whether the ballot in projects, points is $3, $4; whether its projects
//  are $3
#define S_SAME_BALLOT                                                                              \
    S_CANONICAL ("projects", "points") " = " S_CANONICAL ("$3::bigint[]", "$4::integer[]")
#define S_SAME_PROJECTS S_PROJECTS ("projects") " = " S_PROJECTS ("$3::bigint[]")

int
vote_paper_confirm (sk_call_t *call)
{
    static const char *keys[] = { "process", "paper", "projects", "points", NULL };
    vote_process_t p;
    const char *ids = NULL, *points = NULL;
    int64_t paper;
    bool late;
    if (sk_call_known_keys (call, NULL, keys) || s_paper_number (call, &paper)
        || s_load (call, false, true, &p, &late) || vote_ballot_check (call, &p, &ids, &points))
        return -1;
    const char *params[] = { sk_call_itoa (call, paper), sk_call_itoa (call, p.id), ids, points,
                             streq (p.ballot, "ranked") ? "true" : "false" };
    PGresult *r = sk_call_sql (call,
                               "SELECT entered_by, " S_SAME_BALLOT ", " S_SAME_PROJECTS
                               " FROM paper_entry WHERE number = $1 AND process_id = $2 "
                               "AND discarded_by IS NULL FOR UPDATE",
                               5, params);
    if (!r)
        return -1;
    if (PQntuples (r) != 1) {
        PQclear (r);
        return s_not_waiting (call, paper, p.id);
    }
    bool same_member = streq (PQgetvalue (r, 0, 0), call->caller->key);
    bool match = *PQgetvalue (r, 0, 1) == 't';
    bool same_projects = *PQgetvalue (r, 0, 2) == 't';
    PQclear (r);
    if (same_member)
        return sk_call_fail (call, "forbidden", "paper",
                             "the staff member who entered paper ballot %lld "
                             "cannot confirm it: a second member must",
                             (long long)paper);
    //  The same projects with other points: the field is the points
    if (!match)
        return sk_call_fail (call, "conflict", same_projects ? "points" : "projects",
                             "the ballot does not match the first entry of paper "
                             "ballot %lld: check the paper",
                             (long long)paper);
    char receipt[20];
    vote_receipt_random (receipt);
    const char *ip[] = { sk_call_itoa (call, paper), sk_call_itoa (call, p.id), call->req->tenant,
                         receipt };
    if (sk_call_exec (
            call,
            "WITH e AS (DELETE FROM paper_entry WHERE number = $1 AND process_id = $2 "
            "RETURNING projects, points, late), "
            "u AS (UPDATE process SET tallied_rule = NULL, paper_ballots = paper_ballots + 1, "
            "late_papers = late_papers + (SELECT count(*) FROM e WHERE late)::integer "
            "WHERE id = $2) "
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
vote_paper_discard (sk_call_t *call)
{
    static const char *keys[] = { "process", "paper", "reason", NULL };
    vote_process_t p;
    int64_t paper;
    const char *reason;
    bool late;
    if (sk_call_known_keys (call, NULL, keys) || s_paper_number (call, &paper)
        || sk_call_str (call, NULL, "reason", 500, true, &reason) < 0
        || s_load (call, false, false, &p, &late))
        return -1;
    if (!*reason)
        return sk_call_fail (call, "invalid_argument", "reason",
                             "discarding a paper ballot needs a reason");
    const char *params[] = { sk_call_itoa (call, paper), sk_call_itoa (call, p.id),
                             call->caller->key, reason };
    PGresult *r = sk_call_sql (call,
                               "UPDATE paper_entry SET discarded_by = $3, discard_reason = $4 "
                               "WHERE number = $1 AND process_id = $2 AND discarded_by IS NULL "
                               "RETURNING number",
                               4, params);
    if (!r)
        return -1;
    bool found = PQntuples (r) == 1;
    PQclear (r);
    if (!found)
        return s_not_waiting (call, paper, p.id);
    sk_pack_map (&call->reply, 3);
    sk_pack_kint (&call->reply, "process", p.id);
    sk_pack_kint (&call->reply, "paper", paper);
    sk_pack_kstr (&call->reply, "reason", reason);
    return 0;
}

int
vote_paper_late (sk_call_t *call)
{
    static const char *keys[] = { "process", "reason", NULL };
    static const char *closed[] = { "closed", NULL };
    vote_process_t p;
    const char *reason;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "reason", 500, true, &reason) < 0
        || vote_process_load (call, "process", VOTE_LOCK_UPDATE, &p)
        || vote_process_require (call, &p, "open a late count", closed))
        return -1;
    if (!*reason)
        return sk_call_fail (call, "invalid_argument", "reason",
                             "a late count needs a reason, e.g. the papers found where");
    //  Who opened it by the certificate's holder ("" when it names none);
    //  the key is kept for the checks, never shown
    const char *params[] = { sk_call_itoa (call, p.id), call->caller->key, reason,
                             call->caller->name };
    PGresult *r = sk_call_sql (call,
                               "UPDATE process SET late_opened_by = $2, late_opened_at = now(), "
                               "late_reason = $3, late_opened_name = $4, version = version + 1 "
                               "WHERE id = $1 AND late_opened_by IS NULL "
                               "RETURNING to_char(late_opened_at AT TIME ZONE "
                               "'Europe/Copenhagen', 'YYYY-MM-DD HH24:MI')",
                               4, params);
    if (!r)
        return -1;
    if (PQntuples (r) != 1) {
        PQclear (r);
        return sk_call_fail (call, "conflict", "process",
                             "citizen budget %lld already has a late count open", (long long)p.id);
    }
    sk_pack_map (&call->reply, 4);
    sk_pack_kint (&call->reply, "process", p.id);
    sk_pack_kstr (&call->reply, "opened_by", call->caller->name);
    sk_pack_kstr (&call->reply, "opened_at", PQgetvalue (r, 0, 0));
    sk_pack_kstr (&call->reply, "reason", reason);
    PQclear (r);
    return 0;
}

int
vote_paper_waiting (sk_call_t *call, int64_t process, int64_t *count, char *numbers, size_t size)
{
    const char *params[] = { sk_call_itoa (call, process) };
    PGresult *r = sk_call_sql (call,
                               "SELECT count(*), string_agg(number::text, ', ' ORDER BY number) "
                               "FROM paper_entry WHERE process_id = $1 AND discarded_by IS NULL",
                               1, params);
    if (!r)
        return -1;
    *count = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    if (numbers)
        snprintf (numbers, size, "%s", PQgetvalue (r, 0, 1));
    PQclear (r);
    return 0;
}

//  The entries waiting: their contents only to the member who keyed them,
//  so the second keying is blind.
int
vote_paper_list (sk_call_t *call)
{
    static const sk_col_t cols[] = {
        { "paper", SK_COL_INT }, { "projects", SK_COL_INTS }, { "points", SK_COL_INTS },
        { "mine", SK_COL_BOOL }, { "late", SK_COL_BOOL },     { NULL, SK_COL_TEXT },
    };
    vote_process_t p;
    if (vote_process_only (call, VOTE_LOCK_NONE, &p))
        return -1;
    const char *params[] = { sk_call_itoa (call, p.id), call->caller->key };
    return sk_call_reply_items (
        call,
        sk_call_sql (call,
                     "SELECT number, CASE WHEN entered_by = $2 THEN projects END, "
                     "CASE WHEN entered_by = $2 THEN points END, entered_by = $2, late "
                     "FROM paper_entry WHERE process_id = $1 AND discarded_by IS NULL "
                     "ORDER BY number",
                     2, params),
        cols);
}
