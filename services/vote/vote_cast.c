/*  vote_cast.c: voter codes, casting, receipts and the close.

    Secrecy (doc/DECISIONS.md, "Vote"): a cast consumes its code and writes
    its ballot in one transaction, but nothing stored joins the two. The
    cast op is not one of sk_service's mutating ops, so no reply holding a
    receipt is stored under the request; a retry is recognised instead by
    the front end's nonce, whose hash is the receipt. Nothing here logs a
    code, a receipt or a choice.
*/
#include <czmq.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "vote_svc.h"

#define S_MAX_CODES   10000 //  codes in one batch
#define S_MAX_CHOICES 1000  //  projects on one ballot

static const char *s_open_phases[] = { "ideas", "development", "voting", NULL };
static const char *s_after_close[] = { "closed", "published", "implementation", NULL };
//  A receipt is looked up from the voting on: during voting whether it
//  was received, after the close the ballot as counted
static const char *s_receipt_phases[] = { "voting", "closed", "published", "implementation", NULL };

static int
s_code_issue (sk_call_t *call)
{
    static const char *keys[] = { "process", "count", "label", NULL };
    vote_process_t p;
    int64_t count;
    const char *label = "";
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "count", 1, S_MAX_CODES, true, &count) < 0
        || sk_call_str (call, NULL, "label", 200, false, &label) < 0
        || vote_process_load (call, "process", VOTE_LOCK_SHARE, &p)
        || vote_process_require (call, &p, "issue voter codes", s_open_phases))
        return -1;
    const char *bp[] = { sk_call_itoa (call, p.id), call->req->tenant, label,
                         sk_call_itoa (call, count) };
    PGresult *r =
        sk_call_sql (call,
                     "INSERT INTO code_batch (process_id, tenant, label, count) "
                     "VALUES ($1, $2, $3, $4) RETURNING id, to_char(issued_at, 'YYYY-MM-DD')",
                     4, bp);
    if (!r)
        return -1;
    const char *batch = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    const char *issued = sk_call_strdup (call, PQgetvalue (r, 0, 1));
    PQclear (r);

    //  Draw codes until every one is new (a hash already stored, or drawn
    //  twice, is drawn again)
    char (*codes)[12] = sk_malloc ((size_t)count * 12);
    bool *stored = sk_malloc ((size_t)count);
    memset (stored, 0, (size_t)count);
    zlist_append (call->allocs, codes);
    zlist_append (call->allocs, stored);
    size_t array_size = (size_t)count * 72 + 3;
    char *array = sk_malloc (array_size);
    zlist_append (call->allocs, array);
    int64_t missing = count;
    for (int round = 0; missing && round < 10; round++) {
        size_t len = 0;
        array[len++] = '{';
        for (int64_t i = 0; i < count; i++) {
            if (stored[i])
                continue;
            vote_code_make (codes[i]);
            char norm[11];
            uint8_t hash[crypto_generichash_BYTES];
            vote_code_normalise (codes[i], norm);
            vote_code_hash (p.id, norm, hash);
            len +=
                (size_t)snprintf (array + len, array_size - len, "%s\"\\\\x", len > 1 ? "," : "");
            sodium_bin2hex (array + len, array_size - len, hash, sizeof hash);
            len += 2 * sizeof hash;
            array[len++] = '"';
        }
        array[len++] = '}';
        array[len] = 0;
        const char *ip[] = { array, sk_call_itoa (call, p.id), call->req->tenant, batch };
        r = sk_call_sql (call,
                         "INSERT INTO voter_code (hash, process_id, tenant, batch_id) "
                         "SELECT DISTINCT h, $2::bigint, $3, $4::bigint FROM unnest($1::bytea[]) h "
                         "ON CONFLICT DO NOTHING RETURNING encode(hash, 'hex')",
                         4, ip);
        if (!r)
            return -1;
        zhash_t *new_hashes = zhash_new ();
        for (int i = 0; i < PQntuples (r); i++)
            zhash_insert (new_hashes, PQgetvalue (r, i, 0), (void *)1);
        for (int64_t i = 0; i < count; i++) {
            if (stored[i])
                continue;
            char norm[11], hex[2 * crypto_generichash_BYTES + 1];
            uint8_t hash[crypto_generichash_BYTES];
            vote_code_normalise (codes[i], norm);
            vote_code_hash (p.id, norm, hash);
            sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
            //  Each hash is claimed once, so a code drawn twice is redrawn
            if (zhash_lookup (new_hashes, hex)) {
                zhash_delete (new_hashes, hex);
                stored[i] = true;
                missing--;
            }
        }
        zhash_destroy (&new_hashes);
        PQclear (r);
    }
    if (missing)
        return sk_call_fail (call, "internal", NULL, "could not draw %lld distinct voter codes",
                             (long long)count);
    sk_pack_map (&call->reply, 6);
    sk_pack_kint (&call->reply, "process", p.id);
    sk_pack_kint (&call->reply, "batch", strtoll (batch, NULL, 10));
    sk_pack_kstr (&call->reply, "label", label);
    sk_pack_kstr (&call->reply, "issued", issued);
    sk_pack_kint (&call->reply, "count", count);
    sk_pack_str (&call->reply, "codes");
    sk_pack_array (&call->reply, (uint32_t)count);
    for (int64_t i = 0; i < count; i++)
        sk_pack_str (&call->reply, codes[i]);
    sodium_memzero (codes, (size_t)count * 12);
    return 0;
}

//  The service loop ends a non-mutating op's transaction without waiting
//  for its COMMIT; codes must be durable before they are shown, so the
//  issue runs in a transaction of its own that it commits itself.
int
vote_code_issue (sk_call_t *call)
{
    if (vote_tenant_one (call))
        return -1;
    sk_db_t *own = vote_own_db_acquire ();
    sk_db_t *loop_db = call->db;
    int rc = sk_db_begin (own, call->req->tenant, &call->err);
    if (rc == 0) {
        call->db = own;
        rc = s_code_issue (call);
        call->db = loop_db;
        if (rc == 0)
            rc = sk_db_commit (own, &call->err);
        if (rc)
            sk_db_rollback (own);
    }
    vote_own_db_release (own);
    return rc;
}

int
vote_code_revoke (sk_call_t *call)
{
    static const char *keys[] = { "process", "code", "batch", NULL };
    vote_process_t p;
    const char *code = NULL;
    int64_t batch = 0;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "code", 40, false, &code) < 0
        || sk_call_int (call, NULL, "batch", 1, INT64_MAX, false, &batch) < 0
        || vote_process_load (call, "process", VOTE_LOCK_SHARE, &p)
        || vote_process_require (call, &p, "revoke voter codes", s_open_phases))
        return -1;
    if (!code == !batch)
        return sk_call_fail (call, "invalid_argument", "code",
                             "name either a \"code\" or a \"batch\" to revoke");
    PGresult *r;
    if (code) {
        char norm[11];
        uint8_t hash[crypto_generichash_BYTES];
        if (vote_code_normalise (code, norm))
            return sk_call_fail (call, "invalid_argument", "code", "voter code is not well formed");
        vote_code_hash (p.id, norm, hash);
        const char *params[] = { sk_call_bytea (call, hash, sizeof hash),
                                 sk_call_itoa (call, p.id) };
        r = sk_call_sql (call,
                         "WITH c AS (SELECT state FROM voter_code WHERE hash = $1 "
                         "AND process_id = $2), "
                         "u AS (UPDATE voter_code SET state = 'revoked' WHERE hash = $1 "
                         "AND process_id = $2 AND state = 'issued' RETURNING 1) "
                         "SELECT (SELECT state FROM c), (SELECT count(*) FROM u)",
                         2, params);
        if (!r)
            return -1;
        if (PQgetisnull (r, 0, 0)) {
            PQclear (r);
            return sk_call_fail (call, "not_found", "code",
                                 "voter code is not valid for citizen budget %lld",
                                 (long long)p.id);
        }
        if (streq (PQgetvalue (r, 0, 0), "used")) {
            PQclear (r);
            return sk_call_fail (call, "conflict", "code",
                                 "voter code has already been used; a cast "
                                 "ballot cannot be withdrawn");
        }
    } else {
        const char *params[] = { sk_call_itoa (call, batch), sk_call_itoa (call, p.id) };
        r = sk_call_sql (call,
                         "WITH b AS (UPDATE code_batch SET revoked = true WHERE id = $1 "
                         "AND process_id = $2 RETURNING id), "
                         "u AS (UPDATE voter_code SET state = 'revoked' WHERE batch_id = $1 "
                         "AND state = 'issued' RETURNING 1) "
                         "SELECT (SELECT count(*) FROM b), (SELECT count(*) FROM u)",
                         2, params);
        if (!r)
            return -1;
        if (streq (PQgetvalue (r, 0, 0), "0")) {
            PQclear (r);
            return sk_call_fail (call, "not_found", "batch",
                                 "code batch %lld does not exist in citizen "
                                 "budget %lld",
                                 (long long)batch, (long long)p.id);
        }
    }
    sk_pack_map (&call->reply, 2);
    sk_pack_kint (&call->reply, "process", p.id);
    sk_pack_kint (&call->reply, "revoked", strtoll (PQgetvalue (r, 0, 1), NULL, 10));
    PQclear (r);
    return 0;
}

//  One round trip: the process's phase and the code's state in one
//  statement, run as the implicit transaction of its pipeline (no BEGIN,
//  no COMMIT), where loading the process, looking the code up and
//  committing were three (bench-web, BENCHMARKS.md). The refusals keep
//  their order: no such process, not voting, a mistyped code.
int
vote_code_check (sk_call_t *call)
{
    static const char *keys[] = { "process", "code", NULL };
    static const char *voting[] = { "voting", NULL };
    const char *code;
    vote_process_t p = { .id = 0 };
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "code", 40, true, &code) < 0
        || sk_call_int (call, NULL, "process", 1, INT64_MAX, true, &p.id) < 0)
        return -1;
    char norm[11];
    bool typo = vote_code_normalise (code, norm) != 0;
    uint8_t hash[crypto_generichash_BYTES];
    if (!typo)
        vote_code_hash (p.id, norm, hash);
    sodium_memzero (norm, sizeof norm);
    const char *params[] = { sk_call_itoa (call, p.id),
                             typo ? NULL : sk_call_bytea (call, hash, sizeof hash) };
    const sk_stmt_t stmt = { "SELECT p.phase, coalesce((SELECT CASE c.state WHEN 'issued' "
                             "THEN 'valid' ELSE c.state END FROM voter_code c "
                             "WHERE c.hash = $2 AND c.process_id = p.id), 'unknown') "
                             "FROM process p WHERE p.id = $1",
                             2, params };
    PGresult *r;
    if (sk_db_exec_final (call->db, &call->err, 1, &stmt, &r))
        return -1;
    int rc = 0;
    if (PQntuples (r) != 1)
        rc = sk_call_fail (call, "not_found", "process", "citizen budget %lld does not exist",
                           (long long)p.id);
    else
        snprintf (p.phase, sizeof p.phase, "%s", PQgetvalue (r, 0, 0));
    if (rc == 0 && vote_process_require (call, &p, "check a voter code", voting))
        rc = -1;
    else if (rc == 0 && typo)
        rc = sk_call_fail (call, "invalid_argument", "code",
                           "voter code is not well formed: check for a typing error");
    if (rc == 0) {
        sk_pack_map (&call->reply, 2);
        sk_pack_kint (&call->reply, "process", p.id);
        sk_pack_kstr (&call->reply, "state", PQgetvalue (r, 0, 1));
    }
    PQclear (r);
    return rc;
}

int
vote_code_batches (sk_call_t *call)
{
    static const sk_col_t cols[] = {
        { "batch", SK_COL_INT },   { "label", SK_COL_TEXT },        { "issued", SK_COL_TEXT },
        { "count", SK_COL_INT },   { "revoked_batch", SK_COL_INT }, { "used", SK_COL_INT },
        { "revoked", SK_COL_INT }, { NULL, SK_COL_TEXT },
    };
    //  Per-batch use, counted from the codes while voting and kept as counts
    //  by the close, is for staff only: a batch of one code tells whether
    //  that one person voted
    vote_process_t p;
    if (vote_process_only (call, VOTE_LOCK_NONE, &p))
        return -1;
    bool staff = call->caller->role == SK_ROLE_STAFF || call->caller->role == SK_ROLE_ADMIN;
    const char *params[] = { sk_call_itoa (call, p.id), staff ? "true" : "false" };
    return sk_call_reply_items (
        call,
        sk_call_sql (call,
                     "SELECT b.id, b.label, to_char(b.issued_at, 'YYYY-MM-DD'), b.count, "
                     "b.revoked, CASE WHEN $2 THEN coalesce(b.used_count, "
                     "count(c.hash) FILTER (WHERE c.state = 'used')) END, "
                     "CASE WHEN $2 THEN coalesce(b.revoked_count, "
                     "count(c.hash) FILTER (WHERE c.state = 'revoked')) END "
                     "FROM code_batch b LEFT JOIN voter_code c ON c.batch_id = b.id "
                     "WHERE b.process_id = $1 GROUP BY b.id ORDER BY b.id",
                     2, params),
        cols);
}

//  --------------------------------------------------------------------------
//  Casting

int
vote_ballot_read (sk_call_t *call, int *n, int64_t **projects, int64_t **points)
{
    const msgpack_object *list, *pts = NULL;
    if (sk_call_array (call, NULL, "projects", S_MAX_CHOICES, true, &list) < 0
        || sk_call_array (call, NULL, "points", S_MAX_CHOICES, false, &pts) < 0)
        return -1;
    *n = (int)list->via.array.size;
    if (pts && pts->via.array.size != list->via.array.size)
        return sk_call_fail (call, "invalid_argument", "points",
                             "\"points\" must give one number per project");
    *projects = sk_malloc (sizeof (int64_t) * (size_t)(*n + 1));
    zlist_append (call->allocs, *projects);
    *points = NULL;
    if (pts) {
        *points = sk_malloc (sizeof (int64_t) * (size_t)(*n + 1));
        zlist_append (call->allocs, *points);
    }
    for (int i = 0; i < *n; i++) {
        if (!sk_obj_int (&list->via.array.ptr[i], &(*projects)[i]) || (*projects)[i] <= 0)
            return sk_call_fail (call, "invalid_argument", sk_call_printf (call, "projects[%d]", i),
                                 "a project must be named by its id, a positive integer");
        if (pts && !sk_obj_int (&pts->via.array.ptr[i], &(*points)[i]))
            return sk_call_fail (call, "invalid_argument", sk_call_printf (call, "points[%d]", i),
                                 "points must be whole numbers");
    }
    return 0;
}

//  "{1,2,3}", owned by the call.
static const char *
s_literal (sk_call_t *call, int n, const int64_t *values)
{
    char *text = vote_int_literal (n, values);
    zlist_append (call->allocs, text);
    return text;
}

int
vote_ballot_check (sk_call_t *call, const vote_process_t *p, const char **ids_out,
                   const char **points_out)
{
    int n;
    int64_t *projects, *points;
    if (vote_ballot_read (call, &n, &projects, &points))
        return -1;
    vote_rules_t *rules = vote_rules_load (call, p);
    if (!rules)
        return -1;
    int rc = vote_rules_check (rules, n, projects, points, &call->err);
    vote_rules_destroy (&rules);
    if (rc)
        return -1;
    *ids_out = s_literal (call, n, projects);
    *points_out = points ? s_literal (call, n, points) : NULL;
    return 0;
}

//  A copy of n values the caller owns, or NULL for NULL.
static int64_t *
s_ints_dup (const int64_t *values, int n)
{
    if (!values)
        return NULL;
    int64_t *copy = sk_malloc (sizeof (int64_t) * (size_t)(n + 1));
    memcpy (copy, values, sizeof (int64_t) * (size_t)n);
    return copy;
}

int
vote_ballot_cast (sk_call_t *call)
{
    static const char *keys[] = { "process", "code", "projects", "points", "nonce", NULL };
    vote_cast_t cast = { .rc = 0 };
    const char *code, *nonce;
    int64_t *projects, *points;
    if (vote_tenant_one (call) || sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "process", 1, INT64_MAX, true, &cast.process) < 0
        || sk_call_str (call, NULL, "code", 40, true, &code) < 0
        || sk_call_str (call, NULL, "nonce", 128, true, &nonce) < 0
        || vote_ballot_read (call, &cast.n, &projects, &points))
        return -1;
    if (strlen (nonce) < 16)
        return sk_call_fail (call, "invalid_argument", "nonce",
                             "nonce must be at least 16 random characters");
    char norm[11];
    if (vote_code_normalise (code, norm))
        return sk_call_fail (call, "invalid_argument", "code",
                             "voter code is not well formed: check for a typing error");
    uint8_t hash[crypto_generichash_BYTES];
    vote_code_hash (cast.process, norm, hash);
    snprintf (cast.hash, sizeof cast.hash, "\\x");
    sodium_bin2hex (cast.hash + 2, sizeof cast.hash - 2, hash, sizeof hash);
    snprintf (cast.tenant, sizeof cast.tenant, "%s", call->req->tenant);
    vote_receipt_from_nonce (nonce, cast.receipt);
    //  The committer checks the phase and the ballot, consumes the code and
    //  writes the ballot with other clients' casts, commits, and answers
    vote_cast_t *queued = sk_malloc (sizeof *queued);
    *queued = cast;
    queued->projects = s_ints_dup (projects, cast.n);
    queued->points = s_ints_dup (points, cast.n);
    queued->reply = sk_call_defer (call);
    if (!queued->reply) {
        free (queued->projects);
        free (queued->points);
        free (queued);
        return -1;
    }
    vote_committer_submit (queued);
    return 0;
}

//  The batch sizes the committer achieved for a process: during voting a
//  ballot is linked to its code no finer than its batch (doc/DECISIONS.md)
int
vote_ballot_batches (sk_call_t *call)
{
    static const sk_col_t cols[] = {
        { "size", SK_COL_INT },
        { "batches", SK_COL_INT },
        { NULL, SK_COL_TEXT },
    };
    vote_process_t p;
    if (vote_process_only (call, VOTE_LOCK_NONE, &p))
        return -1;
    const char *params[] = { sk_call_itoa (call, p.id) };
    return sk_call_reply_items (call,
                                sk_call_sql (call,
                                             "SELECT size, batches FROM cast_batch "
                                             "WHERE process_id = $1 ORDER BY size",
                                             1, params),
                                cols);
}

//  --------------------------------------------------------------------------
//  After the close: the ballot list and receipts

static const sk_col_t s_ballot_cols[] = {
    { "receipt", SK_COL_TEXT }, { "paper", SK_COL_BOOL }, { "projects", SK_COL_INTS },
    { "points", SK_COL_INTS },  { NULL, SK_COL_TEXT },
};

//  Normalise a typed receipt to "XXXX-XXXX-XXXX-XXXX"; 0 or -1.
static int
s_receipt_normalise (const char *typed, char *out)
{
    int n = 0, k = 0;
    for (const char *c = typed; *c; c++) {
        if (*c == '-' || *c == ' ')
            continue;
        int ch = toupper ((unsigned char)*c);
        ch = ch == 'I' || ch == 'L' ? '1' : ch == 'O' ? '0' : ch;
        if (!strchr ("0123456789ABCDEFGHJKMNPQRSTVWXYZ", ch) || n == 16)
            return -1;
        if (n && n % 4 == 0)
            out[k++] = '-';
        out[k++] = (char)ch;
        n++;
    }
    out[k] = 0;
    return n == 16 ? 0 : -1;
}

int
vote_ballot_list (sk_call_t *call)
{
    static const char *keys[] = { "process", "after", "limit", NULL };
    vote_process_t p;
    const char *after = "";
    int64_t limit = 1000;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "after", 40, false, &after) < 0
        || sk_call_int (call, NULL, "limit", 1, 5000, false, &limit) < 0
        || vote_process_load (call, "process", VOTE_LOCK_NONE, &p)
        || vote_process_require (call, &p, "list ballots", s_after_close))
        return -1;
    const char *params[] = { sk_call_itoa (call, p.id), after, sk_call_itoa (call, limit) };
    return sk_call_reply_items (
        call,
        sk_call_sql (call,
                     "SELECT receipt, paper, projects, points FROM ballot "
                     "WHERE process_id = $1 AND receipt > $2 ORDER BY receipt LIMIT $3",
                     3, params),
        s_ballot_cols);
}

int
vote_receipt_check (sk_call_t *call)
{
    static const char *keys[] = { "process", "receipt", NULL };
    vote_process_t p;
    const char *typed;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "receipt", 40, true, &typed) < 0
        || vote_process_load (call, "process", VOTE_LOCK_NONE, &p)
        || vote_process_require (call, &p, "look up a receipt", s_receipt_phases))
        return -1;
    char receipt[24];
    if (s_receipt_normalise (typed, receipt))
        return sk_call_fail (call, "invalid_argument", "receipt",
                             "receipt must be 16 symbols, e.g. 7K2M-…");
    const char *params[] = { sk_call_itoa (call, p.id), receipt };
    PGresult *r = sk_call_sql (call,
                               "SELECT receipt, paper, projects, points FROM ballot "
                               "WHERE process_id = $1 AND receipt = $2",
                               2, params);
    if (!r)
        return -1;
    if (PQntuples (r) != 1) {
        PQclear (r);
        return sk_call_fail (call, "not_found", "receipt",
                             "no ballot with receipt \"%s\" was counted in "
                             "citizen budget %lld",
                             receipt, (long long)p.id);
    }
    //  While voting only that it was received: the choices are shown
    //  after the close, as counted
    if (streq (p.phase, "voting")) {
        sk_pack_map (&call->reply, 2);
        sk_pack_kstr (&call->reply, "receipt", receipt);
        sk_pack_kbool (&call->reply, "received", true);
    } else
        sk_pack_row (&call->reply, r, 0, s_ballot_cols);
    PQclear (r);
    return 0;
}

int
vote_close (sk_call_t *call, const vote_process_t *process)
{
    const char *params[] = { sk_call_itoa (call, process->id) };
    //  Count the used codes, then forget every code of the process, and
    //  write the ballots again in one statement in a random order:
    //  afterwards no live row's xmin or ctid can pair a ballot with a code
    //  (ballots have no id since migration 004; a receipt is random)
    PGresult *r = sk_call_sql (call,
                               "UPDATE process SET codes_used = (SELECT count(*) FROM voter_code "
                               "WHERE process_id = $1 AND state = 'used'), rewrite_due = true "
                               "WHERE id = $1",
                               1, params);
    PQclear (r);
    //  Each batch's use as counts, which outlive the codes
    if (r)
        r = sk_call_sql (call,
                         "UPDATE code_batch b SET used_count = (SELECT count(*) FROM voter_code c "
                         "WHERE c.batch_id = b.id AND c.state = 'used'), revoked_count = "
                         "(SELECT count(*) FROM voter_code c WHERE c.batch_id = b.id "
                         "AND c.state = 'revoked') WHERE b.process_id = $1",
                         1, params);
    PQclear (r);
    if (r)
        r = sk_call_sql (call, "DELETE FROM voter_code WHERE process_id = $1", 1, params);
    PQclear (r);
    if (r)
        r = sk_call_sql (
            call,
            "WITH d AS (DELETE FROM ballot WHERE process_id = $1 "
            "RETURNING process_id, tenant, receipt, paper, projects, points) "
            "INSERT INTO ballot (process_id, tenant, receipt, paper, projects, points) "
            "SELECT * FROM d ORDER BY random()",
            1, params);
    PQclear (r);
    //  The deleted codes and ballots stay in the pages as dead tuples (a
    //  used code's xmin is its ballot's): after the commit the committer
    //  rewrites both tables, which VACUUM cannot do inside this transaction.
    //  The mark set above (rewrite_due) outlives a service killed before
    //  it ran; the note only says that it is due now
    if (r)
        vote_committer_closed (process->id);
    return r ? 0 : -1;
}
