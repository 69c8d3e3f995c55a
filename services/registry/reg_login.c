/*  reg_login.c: registry.login.find, .use, .end and .ended: the links
    used and the sessions ended, each kept as a SHA-256 until it expires. */
#include <czmq.h>

#include "reg_login.h"

#define S_LINK_SECONDS    (15 * 60)  //  a link's life; the web signs it for no longer
#define S_FIND_MAX        10         //  parties one address may name
#define S_SESSION_SECONDS (8 * 3600) //  a session's life; the web signs it for no longer

int
reg_login_caller (sk_call_t *call)
{
    if (call->caller->role == SK_ROLE_SERVICE && streq (call->caller->municipality, "*"))
        return 0;
    return sk_call_fail (call, "forbidden", NULL,
                         "only a service certificate for all municipalities may act for a party");
}

static const sk_col_t s_found_cols[] = {
    { "party", SK_COL_INT },         { "kind", SK_COL_TEXT },  { "name", SK_COL_TEXT },
    { "municipality", SK_COL_TEXT }, { "email", SK_COL_TEXT }, { NULL, SK_COL_TEXT },
};

int
reg_login_find (sk_call_t *call)
{
    static const char *keys[] = { "email", NULL };
    const char *email;
    if (reg_login_caller (call) || sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "email", 200, true, &email) < 0)
        return -1;
    const char *params[] = { email, sk_call_itoa (call, S_FIND_MAX) };
    PGresult *r = sk_call_sql (call,
                               "SELECT id, kind, name, tenant, email FROM party "
                               "WHERE lower(email) = lower($1) AND email IS NOT NULL "
                               "AND archived_at IS NULL ORDER BY id LIMIT $2",
                               2, params);
    return sk_call_reply_items (call, r, s_found_cols);
}

//  0 if hash is a SHA-256 in 64 lower-case hex digits, else -1 with
//  invalid_argument.
static int
s_hash_check (sk_call_t *call, const char *hash)
{
    if (strlen (hash) == 64 && strspn (hash, "0123456789abcdef") == 64)
        return 0;
    return sk_call_fail (call, "invalid_argument", "hash",
                         "hash must be 64 lower-case hexadecimal digits");
}

//  0 if expires (Unix seconds) is in the future and at most life seconds
//  (and a minute of clock skew) ahead, else -1 with invalid_argument.
static int
s_expires_check (sk_call_t *call, int64_t expires, int64_t life, const char *what)
{
    int64_t now = (int64_t)time (NULL);
    if (expires <= now)
        return sk_call_fail (call, "invalid_argument", "expires", "the %s has expired", what);
    if (expires > now + life + 60)
        return sk_call_fail (call, "invalid_argument", "expires",
                             "a %s may be valid for at most %d minutes", what, (int)(life / 60));
    return 0;
}

//  The body of registry.login.use and .end: `party`, `hash` of a token
//  (a link, a session) and its `expires`, at most life seconds ahead, into
//  params as $1 hash, $2 tenant, $3 party, $4 expires; the rows past their
//  expiry pruned. 0, or -1 with the error.
static int
s_token_read (sk_call_t *call, int64_t life, const char *what, const char *params[4])
{
    static const char *keys[] = { "party", "hash", "expires", NULL };
    const char *hash;
    int64_t party, expires;
    if (reg_login_caller (call) || sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "party", 1, INT64_MAX, true, &party) < 0
        || sk_call_str (call, NULL, "hash", 64, true, &hash) < 0
        || sk_call_int (call, NULL, "expires", 0, INT64_MAX, true, &expires) < 0
        || s_hash_check (call, hash) || s_expires_check (call, expires, life, what))
        return -1;
    params[0] = hash;
    params[1] = call->req->tenant;
    params[2] = sk_call_itoa (call, party);
    params[3] = sk_call_itoa (call, expires);
    return sk_call_exec (call, "DELETE FROM login_link WHERE expires_at < now()", 0, NULL);
}

static const sk_col_t s_used_cols[] = {
    { "party", SK_COL_INT },
    { "kind", SK_COL_TEXT },
    { "name", SK_COL_TEXT },
    { NULL, SK_COL_TEXT },
};

int
reg_login_use (sk_call_t *call)
{
    const char *params[4];
    if (s_token_read (call, S_LINK_SECONDS, "link", params))
        return -1;
    const char *id = params[2];
    PGresult *r = sk_call_sql (call,
                               "SELECT id, kind, name FROM party "
                               "WHERE id = $1 AND archived_at IS NULL",
                               1, params + 2);
    if (!r)
        return -1;
    if (PQntuples (r) != 1) {
        PQclear (r);
        return sk_call_fail (call, "not_found", "party", "party %s does not exist", id);
    }
    PGresult *ins = sk_call_sql (call,
                                 "INSERT INTO login_link (hash, tenant, party_id, expires_at) "
                                 "VALUES ($1, $2, $3, to_timestamp($4)) "
                                 "ON CONFLICT (hash) DO NOTHING",
                                 4, params);
    if (!ins) {
        PQclear (r);
        return -1;
    }
    bool fresh = atoi (PQcmdTuples (ins)) == 1;
    PQclear (ins);
    if (!fresh) {
        PQclear (r);
        return sk_call_fail (call, "conflict", "hash", "the link has already been used");
    }
    sk_pack_row (&call->reply, r, 0, s_used_cols);
    PQclear (r);
    return 0;
}

int
reg_login_end (sk_call_t *call)
{
    const char *params[4];
    if (s_token_read (call, S_SESSION_SECONDS, "session", params))
        return -1;
    //  Ending a session twice, or one of a party gone since, is no error
    if (sk_call_exec (call,
                      "INSERT INTO login_link (hash, tenant, party_id, expires_at) "
                      "SELECT $1, $2, id, to_timestamp($4) FROM party WHERE id = $3 "
                      "ON CONFLICT (hash) DO NOTHING",
                      4, params))
        return -1;
    sk_pack_map (&call->reply, 1);
    sk_pack_kbool (&call->reply, "ended", true);
    return 0;
}

int
reg_login_ended (sk_call_t *call)
{
    static const char *keys[] = { "hash", NULL };
    const char *hash;
    if (reg_login_caller (call) || sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "hash", 64, true, &hash) < 0 || s_hash_check (call, hash))
        return -1;
    PGresult *r = sk_call_sql (
        call, "SELECT 1 FROM login_link WHERE hash = $1 AND expires_at > now()", 1, &hash);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 1);
    sk_pack_kbool (&call->reply, "ended", PQntuples (r) > 0);
    PQclear (r);
    return 0;
}
