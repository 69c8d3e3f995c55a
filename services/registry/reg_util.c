/*  reg_util.c: helpers shared by the registry's later handlers. */
#include <czmq.h>

#include "reg_import_term.h"
#include "reg_util.h"

int
reg_party_ref (sk_call_t *call, const msgpack_object *map, const char *key, unsigned kinds,
               bool required, bool archived_ok, const char **id)
{
    int64_t n;
    int got = sk_call_int (call, map, key, 1, INT64_MAX, required, &n);
    if (got <= 0)
        return got;
    *id = sk_call_itoa (call, n);
    const char *params[] = { *id };
    PGresult *r = sk_call_sql (
        call, "SELECT kind, archived_at IS NOT NULL FROM party WHERE id = $1", 1, params);
    if (!r)
        return -1;
    int rows = PQntuples (r);
    sk_kind_t kind = rows ? sk_kind_parse (PQgetvalue (r, 0, 0)) : 0;
    bool archived = rows && *PQgetvalue (r, 0, 1) == 't';
    PQclear (r);
    if (!rows)
        return sk_call_fail (call, "not_found", key, "party %s does not exist", *id);
    if (!(kind & kinds))
        return sk_call_fail (call, "invalid_argument", key,
                             "party %s is a %s, which cannot be used here", *id,
                             sk_kind_name (kind));
    if (archived && !archived_ok)
        return sk_call_fail (call, "conflict", key, "%s %s is archived", sk_kind_name (kind), *id);
    return 1;
}

int
reg_term_ids (sk_call_t *call, const msgpack_object *map, const char *key, const char *taxonomy,
              uint32_t max, const char **ids)
{
    *ids = "{}";
    const msgpack_object *list;
    int got = sk_call_array (call, map, key, max, false, &list);
    if (got <= 0)
        return got;
    char *out = sk_call_strdup (call, "{");
    for (uint32_t i = 0; i < list->via.array.size; i++) {
        char code[65], field[80];
        snprintf (field, sizeof field, "%s[%u]", key, i);
        if (sk_obj_str_copy (&list->via.array.ptr[i], code, sizeof code))
            return sk_call_fail (call, "invalid_argument", field,
                                 "term must be a code of at most 64 bytes");
        const char *id;
        if (reg_term_id (call, taxonomy, code, field, &id))
            return -1;
        out = sk_call_printf (call, "%s%s%s", out, i ? "," : "", id);
    }
    *ids = sk_call_printf (call, "%s}", out);
    return 0;
}

const char *
reg_cvr_normalise (const char *cvr, char *buf, size_t size)
{
    const char *c = cvr;
    if (!strncasecmp (c, "DK", 2))
        c += 2;
    size_t n = 0;
    for (; *c; c++) {
        if (*c >= '0' && *c <= '9' && n + 1 < size)
            buf[n++] = *c;
        else if (*c != ' ' && *c != '-')
            return cvr; //  not a CVR shape
    }
    if (n == 0)
        return cvr;
    buf[n] = 0;
    return buf;
}

int
reg_actor (sk_call_t *call)
{
    const char *params[] = { call->caller->key, sk_role_name (call->caller->role), call->req->op,
                             call->caller->name };
    //  The key's holder is written once, by its first change (a read after)
    PGresult *r = sk_call_sql (call,
                               "WITH h AS (INSERT INTO cert_holder (key, name) SELECT $1, $4 "
                               "WHERE $4 <> '' AND NOT EXISTS "
                               "(SELECT 1 FROM cert_holder WHERE key = $1) "
                               "ON CONFLICT (key) DO NOTHING) "
                               "SELECT set_config('samskab.actor', $1, true), "
                               "set_config('samskab.actor_role', $2, true), "
                               "set_config('samskab.op', $3, true)",
                               4, params);
    PQclear (r);
    return r ? 0 : -1;
}

//  One filter of reg_declared_read: a term code or an array of them, as a
//  PostgreSQL array literal of term ids; NULL if absent. 0 or -1.
static int
s_filter (sk_call_t *call, const char *key, const char *taxonomy, const char **ids)
{
    *ids = NULL;
    const msgpack_object *value = sk_obj_get (call->req->body, key);
    if (!value || value->type == MSGPACK_OBJECT_NIL)
        return 0;
    if (value->type == MSGPACK_OBJECT_ARRAY)
        return reg_term_ids (call, NULL, key, taxonomy, 64, ids) < 0 ? -1 : 0;
    const char *code;
    if (sk_call_str (call, NULL, key, 64, true, &code) < 0)
        return -1;
    const char *id;
    if (reg_term_id (call, taxonomy, code, key, &id))
        return -1;
    *ids = sk_call_printf (call, "{%s}", id);
    return 0;
}

int
reg_declared_read (sk_call_t *call, reg_declared_t *d)
{
    memset (d, 0, sizeof *d);
    return s_filter (call, "has", "competence", &d->has)
                   || s_filter (call, "needs", "competence", &d->needs)
                   || s_filter (call, "serves", "target_group", &d->serves)
                   || s_filter (call, "language", "language", &d->language)
                   || s_filter (call, "target_group", "target_group", &d->target)
               ? -1
               : 0;
}

int
reg_area_id (sk_call_t *call, const msgpack_object *o, const char **id)
{
    const char *given;
    if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER)
        given = sk_call_printf (call, "%llu", (unsigned long long)o->via.u64);
    else if (o->type == MSGPACK_OBJECT_STR && o->via.str.size <= 200
             && !memchr (o->via.str.ptr, 0, o->via.str.size))
        given = sk_call_printf (call, "%.*s", (int)o->via.str.size, o->via.str.ptr);
    else
        return sk_call_fail (call, "invalid_argument", "area", "area must be an area's id or name");
    //  An id first, then a name: an area named "5" does not hide area 5
    const char *params[] = { call->req->tenant, given };
    PGresult *r =
        sk_call_sql (call,
                     "SELECT (SELECT id FROM area WHERE tenant = $1 "
                     "         AND (id::text = $2 OR lower(name) = lower($2)) "
                     "         ORDER BY id::text = $2 DESC, id LIMIT 1), "
                     "       (SELECT string_agg('\"' || name || '\"', ', ' ORDER BY name) "
                     "          FROM area WHERE tenant = $1)",
                     2, params);
    if (!r)
        return -1;
    int rc = 0;
    if (!PQgetisnull (r, 0, 0))
        *id = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    else {
        bool none = PQgetisnull (r, 0, 1);
        rc = sk_call_fail (
            call, "invalid_argument", "area",
            "area \"%s\" is not an area of municipality %s (%s%s)", given, call->req->tenant,
            none ? "it has no areas yet" : "its areas: ", none ? "" : PQgetvalue (r, 0, 1));
    }
    PQclear (r);
    return rc;
}
