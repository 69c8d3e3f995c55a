/*  reg_own.c: registry.own.get and registry.own.update. */
#include <czmq.h>

#include "reg_history.h"
#include "reg_login.h"
#include "reg_own.h"
#include "reg_party.h"

//  Serve call with handler as the op of the kind of the party named by
//  "id" (not archived): the op's table row with that kind as its argument.
static int
s_as_kind (sk_call_t *call, sk_handler_fn *handler)
{
    int64_t id;
    if (sk_call_int (call, NULL, "id", 1, INT64_MAX, true, &id) < 0)
        return -1;
    const char *params[] = { sk_call_itoa (call, id) };
    PGresult *r = sk_call_sql (call, "SELECT kind FROM party WHERE id = $1 AND archived_at IS NULL",
                               1, params);
    if (!r)
        return -1;
    sk_kind_t kind = PQntuples (r) ? sk_kind_parse (PQgetvalue (r, 0, 0)) : 0;
    PQclear (r);
    if (!kind)
        return sk_call_fail (call, "not_found", "id", "party %s does not exist", params[0]);
    sk_op_t op = *call->op;
    op.arg = &kind;
    const sk_op_t *own = call->op;
    call->op = &op;
    int rc = handler (call);
    call->op = own;
    return rc;
}

int
reg_own_get (sk_call_t *call)
{
    return reg_login_caller (call) ? -1 : s_as_kind (call, reg_party_get);
}

int
reg_own_update (sk_call_t *call)
{
    static const char *keys[] = { "id",           "version", "description", "address",    "website",
                                  "contact_name", "email",   "phone",       "publish",    "has",
                                  "needs",        "serves",  "speaks",      "activities", NULL };
    if (reg_login_caller (call) || sk_call_known_keys (call, NULL, keys))
        return -1;
    //  The history names the party that changed itself (through the web)
    int64_t id;
    if (sk_call_int (call, NULL, "id", 1, INT64_MAX, true, &id) < 0)
        return -1;
    const char *params[] = { sk_call_itoa (call, id) };
    if (sk_call_exec (call, "SELECT set_config('samskab.as_party', $1, true)", 1, params))
        return -1;
    return s_as_kind (call, reg_history_update);
}
