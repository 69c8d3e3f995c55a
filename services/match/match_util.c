/*  match_util.c: small helpers the match service's handlers share. */
#include "match_svc.h"

match_conf_t match_conf;

//  Kept for match_event.c, which another change is moving; new code calls
//  sk_call_itoa.
const char *
match_itoa (sk_call_t *call, int64_t n)
{
    return sk_call_itoa (call, n);
}

const char *
match_id (sk_call_t *call, const msgpack_object *map, const char *key, bool required)
{
    int64_t n;
    int got = sk_call_int (call, map, key, 1, INT64_MAX, required, &n);
    if (got <= 0)
        return NULL;
    return sk_call_itoa (call, n);
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

void
match_pack_rows (sk_pack_t *p, PGresult *r, const char *int_cols, const char *raw_cols)
{
    //  The column table sk_pack_rows takes, read off the result
    int cols = PQnfields (r);
    sk_col_t *table = sk_malloc (sizeof (sk_col_t) * (size_t)(cols + 1));
    for (int c = 0; c < cols; c++) {
        const char *name = PQfname (r, c);
        table[c].key = name;
        table[c].type = raw_cols && s_listed (raw_cols, name) ? SK_COL_BYTES
                        : PQftype (r, c) == 16                ? SK_COL_BOOL
                        : s_listed (int_cols, name)           ? SK_COL_INT
                                                              : SK_COL_TEXT;
    }
    table[cols].key = NULL;
    sk_pack_rows (p, r, 0, PQntuples (r), table);
    free (table);
}
