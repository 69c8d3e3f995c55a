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

void
match_pack_cell (sk_pack_t *p, PGresult *r, int row, int col, bool integer)
{
    if (PQgetisnull (r, row, col))
        sk_pack_nil (p);
    else if (integer)
        sk_pack_int (p, strtoll (PQgetvalue (r, row, col), NULL, 10));
    else
        sk_pack_str (p, PQgetvalue (r, row, col));
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
    int rows = PQntuples (r), cols = PQnfields (r);
    sk_pack_array (p, (uint32_t)rows);
    for (int i = 0; i < rows; i++) {
        sk_pack_map (p, (uint32_t)cols);
        for (int c = 0; c < cols; c++) {
            const char *name = PQfname (r, c);
            sk_pack_str (p, name);
            if (raw_cols && s_listed (raw_cols, name) && !PQgetisnull (r, i, c)) {
                size_t len;
                unsigned char *bytes =
                    PQunescapeBytea ((const unsigned char *)PQgetvalue (r, i, c), &len);
                sk_pack_raw (p, bytes, len);
                PQfreemem (bytes);
            } else if (PQftype (r, c) == 16 && !PQgetisnull (r, i, c)) //  bool
                sk_pack_bool (p, *PQgetvalue (r, i, c) == 't');
            else
                match_pack_cell (p, r, i, c, s_listed (int_cols, name));
        }
    }
}
