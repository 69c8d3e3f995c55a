/*  sk_call.c: the handler toolkit: a call's fields, strings, SQL and
    reply rows (sk_call.h). */
#include <czmq.h>
#include <stdarg.h>

#include "sk_call.h"
#include "sk_check.h"
#include "sk_log.h"
#include "sk_date.h"
#include "sk_mem.h"
#include "sk_utf8.h"

void
sk_call_init (sk_call_t *call)
{
    sk_pack_init (&call->reply);
    call->allocs = zlist_new ();
    call->events = zlist_new ();
}

void
sk_call_release (sk_call_t *call)
{
    char *s;
    while ((s = (char *)zlist_pop (call->allocs)))
        free (s);
    zlist_destroy (&call->allocs);
    zframe_t *f;
    while ((f = (zframe_t *)zlist_pop (call->events)))
        zframe_destroy (&f);
    zlist_destroy (&call->events);
    sk_pack_release (&call->reply);
}

int
sk_call_fail (sk_call_t *call, const char *code, const char *field, const char *format, ...)
{
    char path[96] = "";
    if (field && call->scope[0])
        snprintf (path, sizeof path, "%s.%s", call->scope, field);
    else if (field)
        snprintf (path, sizeof path, "%s", field);
    else if (call->scope[0])
        snprintf (path, sizeof path, "%s", call->scope);
    snprintf (call->err.code, sizeof call->err.code, "%s", code);
    snprintf (call->err.field, sizeof call->err.field, "%s", path);
    va_list args;
    va_start (args, format);
    vsnprintf (call->err.message, sizeof call->err.message, format, args);
    va_end (args);
    call->err.ndetails = 0;
    return -1;
}

void
sk_call_scope (sk_call_t *call, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    vsnprintf (call->scope, sizeof call->scope, format, args);
    va_end (args);
}

char *
sk_call_strdup (sk_call_t *call, const char *s)
{
    char *copy = sk_strdup (s);
    zlist_append (call->allocs, copy);
    return copy;
}

char *
sk_call_printf (sk_call_t *call, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    char *s = zsys_vprintf (format, args);
    va_end (args);
    if (!s)
        sk_log (SK_FATAL, "out of memory formatting a string");
    zlist_append (call->allocs, s);
    return s;
}

static const msgpack_object *
s_field (sk_call_t *call, const msgpack_object *map, const char *key)
{
    const msgpack_object *v = sk_obj_get (map ? map : call->req->body, key);
    return v && v->type == MSGPACK_OBJECT_NIL ? NULL : v;
}

static int
s_missing (sk_call_t *call, const char *key, bool required)
{
    if (required)
        return sk_call_fail (call, "invalid_argument", key, "missing required field \"%s\"", key);
    return 0;
}

int
sk_call_str (sk_call_t *call, const msgpack_object *map, const char *key, size_t max_len,
             bool required, const char **value)
{
    const msgpack_object *v = s_field (call, map, key);
    if (!v)
        return s_missing (call, key, required);
    if (v->type != MSGPACK_OBJECT_STR)
        return sk_call_fail (call, "invalid_argument", key, "field \"%s\" must be a string", key);
    if (v->via.str.size > max_len && sk_utf8_chars (v->via.str.ptr, v->via.str.size) > max_len)
        return sk_call_fail (call, "invalid_argument", key,
                             "field \"%s\" is longer than %zu characters", key, max_len);
    if (memchr (v->via.str.ptr, 0, v->via.str.size))
        return sk_call_fail (call, "invalid_argument", key, "field \"%s\" contains a NUL byte",
                             key);
    char *s = sk_strndup (v->via.str.ptr, v->via.str.size);
    zlist_append (call->allocs, s);
    *value = s;
    return 1;
}

int
sk_call_int (sk_call_t *call, const msgpack_object *map, const char *key, int64_t min, int64_t max,
             bool required, int64_t *value)
{
    const msgpack_object *v = s_field (call, map, key);
    if (!v)
        return s_missing (call, key, required);
    int64_t n;
    if (!sk_obj_int (v, &n))
        return sk_call_fail (call, "invalid_argument", key, "field \"%s\" must be an integer", key);
    if (n < min || n > max)
        return sk_call_fail (call, "invalid_argument", key,
                             "field \"%s\" is out of range: %lld is not "
                             "between %lld and %lld",
                             key, (long long)n, (long long)min, (long long)max);
    *value = n;
    return 1;
}

int
sk_call_bool (sk_call_t *call, const msgpack_object *map, const char *key, bool required,
              bool *value)
{
    const msgpack_object *v = s_field (call, map, key);
    if (!v)
        return s_missing (call, key, required);
    if (v->type != MSGPACK_OBJECT_BOOLEAN)
        return sk_call_fail (call, "invalid_argument", key, "field \"%s\" must be true or false",
                             key);
    *value = v->via.boolean;
    return 1;
}

int
sk_call_array (sk_call_t *call, const msgpack_object *map, const char *key, uint32_t max,
               bool required, const msgpack_object **array)
{
    const msgpack_object *v = s_field (call, map, key);
    if (!v)
        return s_missing (call, key, required);
    if (v->type != MSGPACK_OBJECT_ARRAY)
        return sk_call_fail (call, "invalid_argument", key, "field \"%s\" must be an array", key);
    if (v->via.array.size > max)
        return sk_call_fail (call, "invalid_argument", key,
                             "field \"%s\" has more than %u elements", key, max);
    *array = v;
    return 1;
}

int
sk_call_known_keys (sk_call_t *call, const msgpack_object *map, const char *const *keys)
{
    if (!map)
        map = call->req->body;
    if (!map)
        return 0;
    for (uint32_t i = 0; i < map->via.map.size; i++) {
        const msgpack_object *k = &map->via.map.ptr[i].key;
        bool known = false;
        for (int j = 0; keys[j] && !known; j++)
            known = sk_obj_str_eq (k, keys[j]);
        if (!known) {
            char name[64];
            snprintf (name, sizeof name, "%.*s", (int)(k->via.str.size < 60 ? k->via.str.size : 60),
                      k->via.str.ptr);
            return sk_call_fail (call, "invalid_argument", name, "unknown field \"%s\"", name);
        }
    }
    return 0;
}

int
sk_call_only_id (sk_call_t *call, int64_t *id)
{
    static const char *keys[] = { "id", NULL };
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "id", 1, INT64_MAX, true, id) < 0)
        return -1;
    return 0;
}

PGresult *
sk_call_sql (sk_call_t *call, const char *sql, int nparams, const char *const *params)
{
    if (!call->db) {
        sk_call_fail (call, "internal", NULL,
                      "op \"%s\" is served without "
                      "a database",
                      call->op->name);
        return NULL;
    }
    PGresult *r = sk_db_exec (call->db, &call->err, sql, nparams, params);
    if (!r && call->scope[0] && !call->err.field[0])
        snprintf (call->err.field, sizeof call->err.field, "%s", call->scope);
    return r;
}

int
sk_call_exec (sk_call_t *call, const char *sql, int nparams, const char *const *params)
{
    PGresult *r = sk_call_sql (call, sql, nparams, params);
    if (!r)
        return -1;
    PQclear (r);
    return 0;
}

void *
sk_call_alloc (sk_call_t *call, size_t size)
{
    void *block = sk_malloc (size ? size : 1);
    memset (block, 0, size ? size : 1);
    zlist_append (call->allocs, block);
    return block;
}

const char *
sk_call_itoa (sk_call_t *call, int64_t n)
{
    return sk_call_printf (call, "%lld", (long long)n);
}

const char *
sk_call_bytea (sk_call_t *call, const void *data, size_t size)
{
    char *hex = sk_db_bytea (data, size);
    zlist_append (call->allocs, hex);
    return hex;
}

//  A day that exists, in the years 1900-2999.
static bool
s_date_valid (const char *s)
{
    int y = atoi (s);
    return sk_date_valid (s) && y >= 1900 && y <= 2999;
}

int
sk_call_date (sk_call_t *call, const msgpack_object *map, const char *key, bool required,
              const char **value)
{
    const char *s;
    int got = sk_call_str (call, map, key, 10, required, &s);
    if (got <= 0)
        return got;
    if (!s_date_valid (s))
        return sk_call_fail (call, "invalid_argument", key,
                             "field \"%s\" is not a date of the form YYYY-MM-DD: \"%s\"", key, s);
    *value = s;
    return 1;
}

int
sk_call_date_past (sk_call_t *call, const msgpack_object *map, const char *key, bool required,
                   const char *what, const char **value)
{
    const char *day;
    int got = sk_call_date (call, map, key, required, &day);
    if (got <= 0)
        return got;
    PGresult *r = sk_call_sql (
        call, "SELECT to_char(now() AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD')", 0, NULL);
    if (!r)
        return -1;
    char today[16];
    snprintf (today, sizeof today, "%s", PQgetvalue (r, 0, 0));
    PQclear (r);
    if (strcmp (day, today) > 0)
        return sk_call_fail (call, "invalid_argument", key,
                             "%s is recorded once held: %s is after today, %s", what, day, today);
    *value = day;
    return 1;
}

int
sk_call_time (sk_call_t *call, const msgpack_object *map, const char *key, bool required,
              const char **value)
{
    const char *s;
    int got = sk_call_str (call, map, key, 40, required, &s);
    if (got <= 0)
        return got;
    bool zoned = false;
    if (!sk_time_valid (s, &zoned))
        return sk_call_fail (call, "invalid_argument", key,
                             "field \"%s\" is not a time: \"%s\" (YYYY-MM-DDTHH:MM[:SS], Danish "
                             "time, or with a zone: Z, +01:00)",
                             key, s);
    *value = zoned ? s : sk_call_printf (call, "%.10s %s Europe/Copenhagen", s, s + 11);
    return 1;
}

//  --------------------------------------------------------------------------
//  Reply rows

void
sk_pack_words (sk_pack_t *p, const char *literal)
{
    //  Only simple words: term codes and language tags never need quoting
    if (*literal == '{')
        literal++;
    uint32_t n = 0;
    for (const char *c = literal; *c && *c != '}'; c++)
        if (c == literal || c[-1] == ',')
            n++;
    sk_pack_array (p, n);
    while (*literal && *literal != '}') {
        size_t len = strcspn (literal, ",}");
        sk_pack_strn (p, literal, len);
        literal += len + (literal[len] == ',');
    }
}

//  An integer array literal ({1,2}) as an array of integers, nil if malformed.
static void
s_pack_ints (sk_pack_t *p, const char *text)
{
    if (*text++ != '{') {
        sk_pack_nil (p);
        return;
    }
    uint32_t n = *text && *text != '}' ? 1 : 0;
    for (const char *c = text; *c; c++)
        n += *c == ',';
    //  Check the whole literal before the array header is packed
    const char *scan = text;
    for (uint32_t i = 0; i < n; i++) {
        char *end;
        strtoll (scan, &end, 10);
        if (end == scan || (*end != ',' && *end != '}')) {
            sk_pack_nil (p);
            return;
        }
        scan = end + 1;
    }
    sk_pack_array (p, n);
    for (uint32_t i = 0; i < n; i++) {
        char *end;
        sk_pack_int (p, strtoll (text, &end, 10));
        text = end + 1;
    }
}

void
sk_pack_cell (sk_pack_t *p, const PGresult *r, int row, int col, sk_col_type_t type)
{
    const char *v = PQgetvalue (r, row, col);
    if (PQgetisnull (r, row, col))
        sk_pack_nil (p);
    else if (type == SK_COL_INT)
        sk_pack_int (p, strtoll (v, NULL, 10));
    else if (type == SK_COL_BOOL)
        sk_pack_bool (p, *v == 't');
    else if (type == SK_COL_DOUBLE)
        sk_pack_double (p, strtod (v, NULL));
    else if (type == SK_COL_WORDS)
        sk_pack_words (p, v);
    else if (type == SK_COL_INTS)
        s_pack_ints (p, v);
    else if (type == SK_COL_BYTES) {
        size_t len;
        unsigned char *bytes = PQunescapeBytea ((const unsigned char *)v, &len);
        sk_pack_raw (p, bytes, len);
        PQfreemem (bytes);
    } else
        sk_pack_str (p, v);
}

uint32_t
sk_cols_count (const sk_col_t *cols)
{
    uint32_t n = 0;
    while (cols[n].key)
        n++;
    return n;
}

sk_col_t *
sk_cols_of (const PGresult *r)
{
    int cols = PQnfields (r);
    sk_col_t *table = sk_malloc (sizeof (sk_col_t) * (size_t)(cols + 1));
    for (int c = 0; c < cols; c++) {
        Oid type = PQftype (r, c);
        table[c].key = PQfname (r, c);
        table[c].type = type == 20 || type == 23 ? SK_COL_INT  //  int8, int4
                        : type == 16             ? SK_COL_BOOL //  bool
                                                 : SK_COL_TEXT;
    }
    table[cols] = (sk_col_t){ .key = NULL };
    return table;
}

void
sk_pack_fields (sk_pack_t *p, const PGresult *r, int row, const sk_col_t *cols)
{
    for (int c = 0; cols[c].key; c++) {
        sk_pack_str (p, cols[c].key);
        sk_pack_cell (p, r, row, c, cols[c].type);
    }
}

void
sk_pack_row (sk_pack_t *p, const PGresult *r, int row, const sk_col_t *cols)
{
    sk_pack_map (p, sk_cols_count (cols));
    sk_pack_fields (p, r, row, cols);
}

void
sk_pack_rows (sk_pack_t *p, const PGresult *r, int first, int count, const sk_col_t *cols)
{
    sk_pack_array (p, (uint32_t)count);
    for (int i = first; i < first + count; i++)
        sk_pack_row (p, r, i, cols);
}

int
sk_call_reply_items (sk_call_t *call, PGresult *r, const sk_col_t *cols)
{
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 1);
    sk_pack_str (&call->reply, "items");
    sk_pack_rows (&call->reply, r, 0, PQntuples (r), cols);
    PQclear (r);
    return 0;
}

void
sk_pack_next (sk_pack_t *p, const PGresult *r, int64_t limit)
{
    int rows = PQntuples (r);
    sk_pack_str (p, "next");
    if (rows > 0 && rows == limit)
        sk_pack_int (p, strtoll (PQgetvalue (r, rows - 1, 0), NULL, 10));
    else
        sk_pack_nil (p);
}

int
sk_call_reply_page (sk_call_t *call, PGresult *r, const sk_col_t *cols, int64_t limit)
{
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 2);
    sk_pack_str (&call->reply, "items");
    sk_pack_rows (&call->reply, r, 0, PQntuples (r), cols);
    sk_pack_next (&call->reply, r, limit);
    PQclear (r);
    return 0;
}

//  --------------------------------------------------------------------------
//  Self test

//  A call on a request whose body is the map packed in body.
static void
s_test_call (sk_call_t *call, sk_request_t *req, msgpack_unpacked *unpacked, const sk_pack_t *body)
{
    memset (call, 0, sizeof *call);
    memset (req, 0, sizeof *req);
    msgpack_unpacked_init (unpacked);
    size_t offset = 0;
    msgpack_unpack_next (unpacked, body->buf.data, body->buf.size, &offset);
    req->body = &unpacked->data;
    call->req = req;
    sk_call_init (call);
}

//  A result of one row with the given text values (NULL: SQL NULL).
static PGresult *
s_test_result (int n, const char *const *values)
{
    PGresult *r = PQmakeEmptyPGresult (NULL, PGRES_TUPLES_OK);
    PGresAttDesc attrs[8];
    memset (attrs, 0, sizeof attrs);
    for (int i = 0; i < n; i++)
        attrs[i].name = (char *)"c";
    PQsetResultAttrs (r, n, attrs);
    for (int i = 0; i < n; i++)
        PQsetvalue (r, 0, i, (char *)values[i], values[i] ? (int)strlen (values[i]) : -1);
    return r;
}

//  Fields, scopes, dates, keys and the call's strings.
static void
s_test_fields (sk_call_t *call)
{
    const char *s = NULL;
    int64_t n = 0;
    CHECK_INT_EQ (sk_call_str (call, NULL, "name", 10, true, &s), 1);
    CHECK_STR_EQ (s, "Ida");
    CHECK_INT_EQ (sk_call_str (call, NULL, "name", 2, true, &s), -1);
    CHECK_STR_CONTAINS (call->err.message, "longer than 2 characters");
    CHECK_INT_EQ (sk_call_time (call, NULL, "local", true, &s), 1);
    CHECK_STR_EQ (s, "2027-02-04 17:00:00 Europe/Copenhagen");
    CHECK_INT_EQ (sk_call_time (call, NULL, "utc", true, &s), 1);
    CHECK_STR_EQ (s, "2027-02-04T16:00:00Z");
    CHECK_INT_EQ (sk_call_time (call, NULL, "bad_time", true, &s), -1);
    CHECK_STR_CONTAINS (call->err.message, "is not a time");
    //  Limits count characters: "Ida" is 3 bytes and 3 characters; a
    //  Danish name of 3 characters in 5 bytes is within 3
    CHECK_INT_EQ (sk_call_str (call, NULL, "danish", 3, true, &s), 1);
    CHECK_STR_EQ (s, "Åse");
    CHECK_INT_EQ (sk_call_str (call, NULL, "danish", 2, true, &s), -1);
    CHECK_STR_CONTAINS (call->err.message, "longer than 2 characters");
    CHECK_INT_EQ (sk_call_int (call, NULL, "n", 1, 10, true, &n), 1);
    CHECK_INT_EQ (n, 7);
    CHECK_INT_EQ (sk_call_int (call, NULL, "absent", 1, 10, false, &n), 0);
    CHECK_INT_EQ (sk_call_int (call, NULL, "absent", 1, 10, true, &n), -1);
    CHECK_STR_EQ (call->err.field, "absent");
    sk_call_scope (call, "has[%d]", 2);
    CHECK_INT_EQ (sk_call_int (call, NULL, "n", 8, 10, true, &n), -1);
    CHECK_STR_EQ (call->err.field, "has[2].n");
    sk_call_scope (call, "%s", "");
    CHECK_INT_EQ (sk_call_date (call, NULL, "day", true, &s), 1);
    CHECK_STR_EQ (s, "2028-02-29");
    CHECK_INT_EQ (sk_call_date (call, NULL, "bad_day", true, &s), -1);
    CHECK_STR_EQ (call->err.message,
                  "field \"bad_day\" is not a date of the form YYYY-MM-DD: \"2026-02-30\"");
    CHECK (!s_date_valid ("2100-02-29"));
    CHECK (s_date_valid ("2000-02-29"));
    CHECK (!s_date_valid ("2026-13-01"));
    CHECK (!s_date_valid ("2026-1-011"));
    static const char *known[] = { "name", "danish", "local",   "utc", "bad_time",
                                   "n",    "day",    "bad_day", NULL };
    CHECK_INT_EQ (sk_call_known_keys (call, NULL, known), -1);
    CHECK_STR_EQ (call->err.message, "unknown field \"odd\"");
    CHECK_INT_EQ (sk_call_only_id (call, &n), -1);
    CHECK_STR_EQ (call->err.message, "unknown field \"name\"");
    CHECK_STR_EQ (sk_call_itoa (call, -42), "-42");
    CHECK_STR_EQ (sk_call_bytea (call, "\x01\xab", 2), "\\x01ab");
    CHECK_STR_EQ (sk_call_bytea (call, "", 0), "\\x");
}

//  Rows of every column type, a reply of items, and a page's "next".
static void
s_test_rows (sk_call_t *call)
{
    //  Rows: every type, and nil for NULL
    static const sk_col_t cols[] = {
        { "t", SK_COL_TEXT },  { "i", SK_COL_INT },    { "b", SK_COL_BOOL },
        { "w", SK_COL_WORDS }, { "v", SK_COL_INTS },   { "x", SK_COL_INTS },
        { "z", SK_COL_TEXT },  { "d", SK_COL_DOUBLE }, { NULL, SK_COL_TEXT },
    };
    const char *values[] = { "a", "-3", "t", "{da,ar}", "{1,2}", "{1,x}", NULL, "0.5" };
    PGresult *r = s_test_result (8, values);
    sk_pack_t want;
    sk_pack_init (&want);
    sk_pack_map (&want, 1);
    sk_pack_str (&want, "items");
    sk_pack_array (&want, 1);
    sk_pack_map (&want, 8);
    sk_pack_kstr (&want, "t", "a");
    sk_pack_kint (&want, "i", -3);
    sk_pack_str (&want, "b");
    sk_pack_bool (&want, true);
    sk_pack_str (&want, "w");
    sk_pack_array (&want, 2);
    sk_pack_str (&want, "da");
    sk_pack_str (&want, "ar");
    sk_pack_str (&want, "v");
    sk_pack_array (&want, 2);
    sk_pack_int (&want, 1);
    sk_pack_int (&want, 2);
    sk_pack_str (&want, "x");
    sk_pack_nil (&want);
    sk_pack_str (&want, "z");
    sk_pack_nil (&want);
    sk_pack_str (&want, "d");
    sk_pack_double (&want, 0.5);
    CHECK_INT_EQ (sk_call_reply_items (call, r, cols), 0);
    CHECK_INT_EQ (call->reply.buf.size, want.buf.size);
    CHECK (call->reply.buf.size == want.buf.size
           && memcmp (call->reply.buf.data, want.buf.data, want.buf.size) == 0);
    CHECK_INT_EQ (sk_call_reply_items (call, NULL, cols), -1);

    //  A page: "next" is the last id when the page is full
    const char *ids[] = { "7" };
    PGresult *page = s_test_result (1, ids);
    sk_pack_t next, full;
    sk_pack_init (&next);
    sk_pack_init (&full);
    sk_pack_next (&next, page, 1);
    sk_pack_str (&full, "next");
    sk_pack_int (&full, 7);
    CHECK (next.buf.size == full.buf.size
           && memcmp (next.buf.data, full.buf.data, full.buf.size) == 0);
    sk_pack_reset (&next);
    sk_pack_reset (&full);
    sk_pack_next (&next, page, 2);
    sk_pack_str (&full, "next");
    sk_pack_nil (&full);
    CHECK (next.buf.size == full.buf.size
           && memcmp (next.buf.data, full.buf.data, full.buf.size) == 0);
    PQclear (page);
    sk_pack_release (&next);
    sk_pack_release (&full);
    sk_pack_release (&want);
}

void
sk_call_test (bool verbose)
{
    (void)verbose;
    SK_CASE_BEGIN ();
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 9);
    sk_pack_kstr (&body, "name", "Ida");
    sk_pack_kstr (&body, "local", "2027-02-04T17:00:00");
    sk_pack_kstr (&body, "utc", "2027-02-04T16:00:00Z");
    sk_pack_kstr (&body, "bad_time", "2027-02-29T17:00:00");
    sk_pack_kstr (&body, "danish", "Åse");
    sk_pack_kint (&body, "n", 7);
    sk_pack_kstr (&body, "day", "2028-02-29");
    sk_pack_kstr (&body, "bad_day", "2026-02-30");
    sk_pack_kstr (&body, "odd", "x");
    sk_call_t call;
    sk_request_t req;
    msgpack_unpacked unpacked;
    s_test_call (&call, &req, &unpacked, &body);
    s_test_fields (&call);
    s_test_rows (&call);
    sk_call_release (&call);
    msgpack_unpacked_destroy (&unpacked);
    sk_pack_release (&body);
    SK_CASE_END ("sk_call");
}
