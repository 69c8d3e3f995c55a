/*  match_util.c: small helpers the match service's handlers share. */
#include "match_svc.h"

match_conf_t match_conf;

const char *
match_id (sk_call_t *call, const msgpack_object *map, const char *key, bool required)
{
    int64_t n;
    int got = sk_call_int (call, map, key, 1, INT64_MAX, required, &n);
    if (got <= 0)
        return NULL;
    return sk_call_itoa (call, n);
}

const char *
match_only_id (sk_call_t *call)
{
    int64_t id;
    return sk_call_only_id (call, &id) ? NULL : sk_call_itoa (call, id);
}

//  True if name is one of the comma-separated words of list.
static bool
s_listed (const char *list, const char *name)
{
    size_t len = strlen (name);
    for (const char *p = list; p && *p;) {
        const char *comma = strchr (p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen (p);
        if (n == len && strncmp (p, name, n) == 0)
            return true;
        p = comma ? comma + 1 : NULL;
    }
    return false;
}

//  The toolkit's table of r's columns, with this convention's integers and
//  raw columns (caller frees).
static sk_col_t *
s_cols (PGresult *r, const char *int_cols, const char *raw_cols)
{
    sk_col_t *table = sk_cols_of (r);
    for (sk_col_t *col = table; col->key; col++)
        if (raw_cols && s_listed (raw_cols, col->key))
            col->type = SK_COL_BYTES;
        else if (col->type != SK_COL_BOOL)
            col->type = s_listed (int_cols, col->key) ? SK_COL_INT : SK_COL_TEXT;
    return table;
}

void
match_pack_rows (sk_pack_t *p, PGresult *r, const char *int_cols, const char *raw_cols)
{
    sk_col_t *table = s_cols (r, int_cols, raw_cols);
    sk_pack_rows (p, r, 0, PQntuples (r), table);
    free (table);
}

int
match_reply_items (sk_call_t *call, PGresult *r, const char *int_cols)
{
    if (!r)
        return -1;
    sk_col_t *table = s_cols (r, int_cols, NULL);
    int rc = sk_call_reply_items (call, r, table);
    free (table);
    return rc;
}
