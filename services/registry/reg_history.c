/*  reg_history.c: the change history of parties. */
#include <czmq.h>

#include "reg_history.h"
#include "reg_party.h"
#include "reg_util.h"

int
reg_history_create (sk_call_t *call)
{
    return reg_actor (call) ? -1 : reg_party_create (call);
}

int
reg_history_update (sk_call_t *call)
{
    return reg_actor (call) ? -1 : reg_party_update (call);
}

int
reg_history_archive (sk_call_t *call)
{
    return reg_actor (call) ? -1 : reg_party_archive (call);
}

static const sk_col_t s_history_cols[] = {
    { "id", SK_COL_INT },       { "at", SK_COL_TEXT },     { "actor", SK_COL_TEXT },
    { "by", SK_COL_TEXT },      { "role", SK_COL_TEXT },   { "op", SK_COL_TEXT },
    { "action", SK_COL_TEXT },  { "version", SK_COL_INT }, { "changes", SK_COL_TEXT },
    { "as_party", SK_COL_INT }, { NULL, SK_COL_TEXT },
};

int
reg_history_list (sk_call_t *call)
{
    static const char *keys[] = { "id", "limit", "after", NULL };
    sk_kind_t kind = *(const sk_kind_t *)call->op->arg;
    const char *id;
    int64_t limit = 100, after = 0;
    if (sk_call_known_keys (call, NULL, keys)
        || reg_party_ref (call, NULL, "id", kind, true, true, &id) < 0
        || sk_call_int (call, NULL, "limit", 1, 1000, false, &limit) < 0
        || sk_call_int (call, NULL, "after", 0, INT64_MAX, false, &after) < 0)
        return -1;
    const char *params[] = { id, sk_call_itoa (call, after), sk_call_itoa (call, limit) };
    PGresult *r = sk_call_sql (
        call,
        "SELECT h.id, to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
        "h.actor, CASE WHEN h.as_party IS NULL THEN c.name "
        "ELSE coalesce(p.name, 'party ' || h.as_party) || ' via ' || coalesce(c.name, 'its own "
        "op') "
        "END, h.actor_role, h.op, h.action, h.version, h.changes::text, h.as_party "
        "FROM party_history h LEFT JOIN cert_holder c ON c.key = h.actor "
        "LEFT JOIN party p ON p.id = h.as_party "
        "WHERE h.party_id = $1 AND h.id > $2 ORDER BY h.id LIMIT $3",
        3, params);
    return sk_call_reply_page (call, r, s_history_cols, limit);
}
