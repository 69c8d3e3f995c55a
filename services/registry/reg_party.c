/*  reg_party.c: create, get, update, archive and list parties. */
#include <czmq.h>

#include "reg_import_term.h"
#include "reg_party.h"
#include "reg_util.h"
#include "sk_log.h"
#include "sk_event.h"
#include "sk_mem.h"
#include "sk_utf8.h"

#define S_MAX_TERMS      200 //  declarations of one relation
#define S_MAX_ACTIVITIES 100
#define S_MAX_NAMES      1000 //  ids of one registry.party.names
#define S_FIXED_COLUMNS  6    //  id, kind, version, archived, created, updated

static char s_columns[2048]; //  the SELECT list, built from the catalogue

void
reg_party_init (void)
{
    int n = snprintf (s_columns, sizeof s_columns,
                      "p.id, p.kind, p.version, p.archived_at IS NOT NULL, "
                      "to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                      "to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
    for (const sk_field_t *f = sk_party_fields; f->name; f++)
        n += snprintf (s_columns + n, sizeof s_columns - (size_t)n, ", p.%s", f->name);
    //  Last: the area's name, for people to read
    n += snprintf (s_columns + n, sizeof s_columns - (size_t)n,
                   ", (SELECT a.name FROM area a WHERE a.id = p.area)");
    assert ((size_t)n < sizeof s_columns);
}

static sk_kind_t
s_kind (sk_call_t *call)
{
    return *(const sk_kind_t *)call->op->arg;
}

//  A term's id in a taxonomy (its code or Danish label), or -1 with the
//  call's error set.
static int64_t
s_term_id (sk_call_t *call, const char *taxonomy, const char *text, const char *field)
{
    const char *id;
    return reg_term_id (call, taxonomy, text, field, &id) ? -1 : strtoll (id, NULL, 10);
}

//  Read a field's value from the body as the text parameter libpq takes.
//  1 present, 0 absent, -1 invalid; *value NULL for an explicit nil.
static int
s_field_value (sk_call_t *call, const sk_field_t *f, sk_kind_t kind, const char **value)
{
    const msgpack_object *o = sk_obj_get (call->req->body, f->name);
    if (!o)
        return 0;
    if (o->type == MSGPACK_OBJECT_NIL) {
        if (f->required & kind)
            return sk_call_fail (call, "invalid_argument", f->name,
                                 "field \"%s\" cannot be cleared", f->name);
        *value = NULL;
        return 1;
    }
    //  One of the municipality's areas, by id or by name
    if (streq (f->name, "area"))
        return reg_area_id (call, o, value) ? -1 : 1;
    if (f->type == SK_FIELD_INT) {
        int64_t n;
        if (sk_call_int (call, NULL, f->name, f->min, f->max, true, &n) < 0)
            return -1;
        *value = sk_call_itoa (call, n);
        return 1;
    }
    if (f->type == SK_FIELD_BOOL) {
        bool b;
        if (sk_call_bool (call, NULL, f->name, true, &b) < 0)
            return -1;
        if (f->required & kind && !b)
            return sk_call_fail (call, "invalid_argument", f->name,
                                 "a %s cannot be registered without %s", sk_kind_name (kind),
                                 f->name);
        *value = b ? "true" : "false";
        return 1;
    }
    const char *s;
    if (sk_call_str (call, NULL, f->name, 4000, true, &s) < 0)
        return -1;
    if (f->type == SK_FIELD_CVR) {
        char *digits = (char *)sk_call_alloc (call, 16);
        s = reg_cvr_normalise (s, digits, 16);
    }
    if ((f->type == SK_FIELD_TEXT || f->type == SK_FIELD_EMAIL)
        && sk_utf8_chars (s, strlen (s)) > (size_t)f->max)
        return sk_call_fail (call, "invalid_argument", f->name, "%s is longer than %lld characters",
                             f->name, (long long)f->max);
    if (streq (f->name, "name") && !sk_utf8_one_line (s))
        return sk_call_fail (call, "invalid_argument", f->name,
                             "name must be one line of text, without control characters");
    const char *why = sk_field_check_text (f, s);
    if (why)
        return sk_call_fail (call, "invalid_argument", f->name, "%s \"%.60s\" %s", f->name, s, why);
    *value = s;
    return 1;
}

//  Refuse body keys that are not fields, relations or activities of kind.
static int
s_check_keys (sk_call_t *call, sk_kind_t kind, bool update)
{
    const char *keys[64];
    int n = 0;
    for (const sk_field_t *f = sk_party_fields; f->name; f++)
        if (f->kinds & kind)
            keys[n++] = f->name;
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++)
        keys[n++] = r->relation;
    keys[n++] = "activities";
    if (update) {
        keys[n++] = "id";
        keys[n++] = "version";
    }
    keys[n] = NULL;
    return sk_call_known_keys (call, NULL, keys);
}

//  Replace the declarations of each relation given in the body.
static int
s_write_declarations (sk_call_t *call, const char *party_id)
{
    for (const sk_relation_t *rel = sk_party_relations; rel->relation; rel++) {
        const msgpack_object *list;
        int got = sk_call_array (call, NULL, rel->relation, S_MAX_TERMS, false, &list);
        if (got < 0)
            return -1;
        if (got == 0)
            continue;
        const char *del[] = { party_id, rel->relation };
        if (sk_call_exec (call, "DELETE FROM declaration WHERE party_id = $1 AND relation = $2", 2,
                          del))
            return -1;
        for (uint32_t i = 0; i < list->via.array.size; i++) {
            const msgpack_object *item = &list->via.array.ptr[i];
            sk_call_scope (call, "%s[%u]", rel->relation, i);
            const char *code = NULL;
            int64_t level = 2;
            if (item->type == MSGPACK_OBJECT_STR) {
                code = sk_call_printf (call, "%.*s", (int)item->via.str.size, item->via.str.ptr);
                if (strlen (code) != item->via.str.size || strlen (code) > 64)
                    return sk_call_fail (call, "invalid_argument", NULL,
                                         "term must be a code of at most 64 bytes");
            } else if (item->type == MSGPACK_OBJECT_MAP) {
                static const char *keys[] = { "term", "level", NULL };
                if (sk_call_known_keys (call, item, keys)
                    || sk_call_str (call, item, "term", 64, true, &code) < 0
                    || sk_call_int (call, item, "level", 1, 3, false, &level) < 0)
                    return -1;
            } else
                return sk_call_fail (call, "invalid_argument", NULL,
                                     "declaration must be a term code or a map "
                                     "with \"term\" and \"level\"");
            int64_t term = s_term_id (call, rel->taxonomy, code, "term");
            if (term < 0)
                return -1;
            const char *ins[] = { party_id, rel->relation, sk_call_itoa (call, term),
                                  sk_call_itoa (call, level) };
            if (sk_call_exec (
                    call,
                    "INSERT INTO declaration (party_id, tenant, relation, term_id, level) "
                    "SELECT id, tenant, $2, $3, $4 FROM party WHERE id = $1 "
                    "ON CONFLICT (party_id, relation, term_id) DO UPDATE SET level = $4",
                    4, ins))
                return -1;
        }
        sk_call_scope (call, "%s", "");
    }
    return 0;
}

//  Replace the activities if the body gives them.
static int
s_write_activities (sk_call_t *call, const char *party_id)
{
    const msgpack_object *list;
    int got = sk_call_array (call, NULL, "activities", S_MAX_ACTIVITIES, false, &list);
    if (got <= 0)
        return got;
    const char *del[] = { party_id };
    if (sk_call_exec (call, "DELETE FROM activity WHERE party_id = $1", 1, del))
        return -1;
    for (uint32_t i = 0; i < list->via.array.size; i++) {
        const msgpack_object *item = &list->via.array.ptr[i];
        sk_call_scope (call, "activities[%u]", i);
        static const char *keys[] = { "name", "type", "description", "target_groups", NULL };
        const char *name, *type = NULL, *description = NULL;
        const msgpack_object *targets = NULL;
        if (item->type != MSGPACK_OBJECT_MAP)
            return sk_call_fail (call, "invalid_argument", NULL, "activity must be a map");
        if (sk_call_known_keys (call, item, keys)
            || sk_call_str (call, item, "name", 200, true, &name) < 0
            || sk_call_str (call, item, "type", 64, false, &type) < 0
            || sk_call_str (call, item, "description", 4000, false, &description) < 0
            || sk_call_array (call, item, "target_groups", S_MAX_TERMS, false, &targets) < 0)
            return -1;
        const char *type_id = NULL;
        if (type) {
            int64_t id = s_term_id (call, "activity_type", type, "type");
            if (id < 0)
                return -1;
            type_id = sk_call_itoa (call, id);
        }
        const char *ins[] = { party_id, name, type_id, description };
        PGresult *r =
            sk_call_sql (call,
                         "INSERT INTO activity (party_id, tenant, name, type_id, description) "
                         "SELECT id, tenant, $2, $3, $4 FROM party WHERE id = $1 RETURNING id",
                         4, ins);
        if (!r)
            return -1;
        const char *activity_id = sk_call_strdup (call, PQgetvalue (r, 0, 0));
        PQclear (r);
        for (uint32_t k = 0; targets && k < targets->via.array.size; k++) {
            const msgpack_object *t = &targets->via.array.ptr[k];
            char code[65];
            if (sk_obj_str_copy (t, code, sizeof code))
                return sk_call_fail (call, "invalid_argument", "target_groups",
                                     "target group must be a term code");
            int64_t term = s_term_id (call, "target_group", code, "target_groups");
            if (term < 0)
                return -1;
            const char *p[] = { activity_id, sk_call_itoa (call, term) };
            if (sk_call_exec (call,
                              "INSERT INTO activity_target (activity_id, tenant, term_id) "
                              "SELECT id, tenant, $2 FROM activity WHERE id = $1 "
                              "ON CONFLICT DO NOTHING",
                              2, p))
                return -1;
        }
    }
    sk_call_scope (call, "%s", "");
    return 0;
}

//  A party's declarations and activities, for the parties WHERE picks
//  ($1: one id, or an array of ids), ordered by party as the packer reads.
#define S_DECLARATIONS(where)                                                                      \
    "SELECT d.party_id, d.relation, t.code, d.level FROM declaration d "                           \
    "JOIN term t ON t.id = d.term_id WHERE d.party_id " where " "                                  \
    "ORDER BY d.party_id, d.relation, t.code"
#define S_ACTIVITIES(where)                                                                        \
    "SELECT a.party_id, a.name, t.code, a.description, "                                           \
    "(SELECT string_agg(g.code, ',' ORDER BY g.code) FROM activity_target x "                      \
    " JOIN term g ON g.id = x.term_id WHERE x.activity_id = a.id) "                                \
    "FROM activity a LEFT JOIN term t ON t.id = a.type_id "                                        \
    "WHERE a.party_id " where " ORDER BY a.party_id, a.id"

static void s_pack_rows (sk_pack_t *p, PGresult *r, PGresult *decl, PGresult *act,
                         bool public_only);

//  The rows of r (ordered by id) as an array of party maps, with their
//  declarations and activities. Without personal fields if public_only;
//  as the transaction's final batch if final (sk_db_exec_final).
static int
s_pack_parties (sk_call_t *call, sk_pack_t *p, PGresult *r, bool public_only, bool final)
{
    int rows = PQntuples (r);
    //  One query each for declarations and activities of all the rows
    //  Built in one buffer: a bulk caller (import) packs thousands of rows
    char *list = (char *)sk_malloc (3 + (size_t)rows * 21);
    size_t len = 0;
    list[len++] = '{';
    for (int i = 0; i < rows; i++) {
        if (i)
            list[len++] = ',';
        size_t n = strnlen (PQgetvalue (r, i, 0), 20);
        memcpy (list + len, PQgetvalue (r, i, 0), n);
        len += n;
    }
    list[len++] = '}';
    list[len] = 0;
    char *ids = sk_call_strdup (call, list);
    free (list);
    const char *params[] = { ids };
    const sk_stmt_t stmts[] = {
        { S_DECLARATIONS ("= ANY($1::bigint[])"), 1, params },
        { S_ACTIVITIES ("= ANY($1::bigint[])"), 1, params },
    };
    PGresult *res[2];
    if ((final ? sk_db_exec_final : sk_db_exec_batch) (call->db, &call->err, 2, stmts, res))
        return -1;
    sk_pack_array (p, (uint32_t)PQntuples (r));
    s_pack_rows (p, r, res[0], res[1], public_only);
    PQclear (res[0]);
    PQclear (res[1]);
    return 0;
}

//  Pack the rows of r as party maps, one after another, with their
//  declarations and activities (from the queries above, same parties).
static void
s_pack_rows (sk_pack_t *p, PGresult *r, PGresult *decl, PGresult *act, bool public_only)
{
    int rows = PQntuples (r);
    int d = 0, a = 0;
    for (int i = 0; i < rows; i++) {
        const char *id = PQgetvalue (r, i, 0);
        sk_kind_t kind = sk_kind_parse (PQgetvalue (r, i, 1));
        uint32_t size = S_FIXED_COLUMNS + 5;
        int col = S_FIXED_COLUMNS;
        for (const sk_field_t *f = sk_party_fields; f->name; f++, col++)
            if ((f->kinds & kind) && !PQgetisnull (r, i, col)
                && !(public_only && (f->personal & kind)))
                size++;
        int area_name = col; //  after the catalogue's fields
        size += !PQgetisnull (r, i, area_name);
        sk_pack_map (p, size);
        sk_pack_kint (p, "id", strtoll (id, NULL, 10));
        sk_pack_kstr (p, "kind", PQgetvalue (r, i, 1));
        sk_pack_kint (p, "version", strtoll (PQgetvalue (r, i, 2), NULL, 10));
        sk_pack_kbool (p, "archived", *PQgetvalue (r, i, 3) == 't');
        sk_pack_kstr (p, "created_at", PQgetvalue (r, i, 4));
        sk_pack_kstr (p, "updated_at", PQgetvalue (r, i, 5));
        col = S_FIXED_COLUMNS;
        for (const sk_field_t *f = sk_party_fields; f->name; f++, col++) {
            if (!(f->kinds & kind) || PQgetisnull (r, i, col)
                || (public_only && (f->personal & kind)))
                continue;
            const char *v = PQgetvalue (r, i, col);
            sk_pack_str (p, f->name);
            if (f->type == SK_FIELD_INT)
                sk_pack_int (p, strtoll (v, NULL, 10));
            else if (f->type == SK_FIELD_BOOL)
                sk_pack_bool (p, *v == 't');
            else
                sk_pack_str (p, v);
        }
        if (!PQgetisnull (r, i, area_name))
            sk_pack_kstr (p, "area_name", PQgetvalue (r, i, area_name));
        //  Declarations: rows for this party, grouped by relation
        while (d < PQntuples (decl)
               && strtoll (PQgetvalue (decl, d, 0), NULL, 10) < strtoll (id, NULL, 10))
            d++;
        for (const sk_relation_t *rel = sk_party_relations; rel->relation; rel++) {
            int start = d, count = 0;
            while (start + count < PQntuples (decl)
                   && streq (PQgetvalue (decl, start + count, 0), id)
                   && streq (PQgetvalue (decl, start + count, 1), rel->relation))
                count++;
            sk_pack_str (p, rel->relation);
            sk_pack_array (p, (uint32_t)count);
            for (int k = start; k < start + count; k++) {
                sk_pack_map (p, 2);
                sk_pack_kstr (p, "term", PQgetvalue (decl, k, 2));
                sk_pack_kint (p, "level", strtoll (PQgetvalue (decl, k, 3), NULL, 10));
            }
            d = start + count;
        }
        while (a < PQntuples (act)
               && strtoll (PQgetvalue (act, a, 0), NULL, 10) < strtoll (id, NULL, 10))
            a++;
        int count = 0;
        while (a + count < PQntuples (act) && streq (PQgetvalue (act, a + count, 0), id))
            count++;
        sk_pack_str (p, "activities");
        sk_pack_array (p, (uint32_t)count);
        for (int k = a; k < a + count; k++) {
            sk_pack_map (p, 4);
            sk_pack_kstr (p, "name", PQgetvalue (act, k, 1));
            sk_pack_kstr (p, "type", PQgetisnull (act, k, 2) ? NULL : PQgetvalue (act, k, 2));
            sk_pack_kstr (p, "description",
                          PQgetisnull (act, k, 3) ? NULL : PQgetvalue (act, k, 3));
            sk_pack_str (p, "target_groups");
            const char *list = PQgetvalue (act, k, 4);
            uint32_t n = *list ? 1 : 0;
            for (const char *c = list; *c; c++)
                n += *c == ',';
            sk_pack_array (p, n);
            while (*list) {
                const char *comma = strchr (list, ',');
                size_t len = comma ? (size_t)(comma - list) : strlen (list);
                sk_pack_strn (p, list, len);
                list += len + (comma ? 1 : 0);
            }
        }
        a += count;
    }
}

//  Load one party by id (of this op's kind) into r; not_found if absent.
static char *
s_load_sql (sk_call_t *call)
{
    return sk_call_printf (call, "SELECT %s FROM party p WHERE p.id = $1 AND p.kind = $2",
                           s_columns);
}

//  r, or NULL (cleared) with not_found if it has no row.
static PGresult *
s_found (sk_call_t *call, const char *id, PGresult *r)
{
    if (r && PQntuples (r) == 0) {
        PQclear (r);
        sk_call_fail (call, "not_found", "id", "%s %s does not exist", sk_kind_name (s_kind (call)),
                      id);
        return NULL;
    }
    return r;
}

static PGresult *
s_load (sk_call_t *call, const char *id)
{
    const char *params[] = { id, sk_kind_name (s_kind (call)) };
    return s_found (call, id, sk_call_sql (call, s_load_sql (call), 2, params));
}

//  Reply with the party and emit SERVICE.KIND.VERB with its public fields.
static int
s_reply_and_emit (sk_call_t *call, const char *id, const char *verb)
{
    PGresult *r = s_load (call, id);
    if (!r)
        return -1;
    sk_pack_t event;
    sk_pack_init (&event);
    int rc = s_pack_parties (call, &event, r, true, false);
    if (rc == 0) {
        //  The event body is the party itself: strip the 1-element array
        //  header (0x91) that s_pack_parties wrote
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_element (&body, &event);
        char topic[96];
        snprintf (topic, sizeof topic, "registry.%s.%s", sk_kind_name (s_kind (call)), verb);
        rc = sk_call_event (call, topic, &body);
        sk_pack_release (&body);
    }
    sk_pack_release (&event);
    if (rc == 0) {
        sk_pack_t full;
        sk_pack_init (&full);
        rc = s_pack_parties (call, &full, r, false, false);
        if (rc == 0)
            sk_pack_element (&call->reply, &full);
        sk_pack_release (&full);
    }
    PQclear (r);
    return rc;
}

int
reg_party_create (sk_call_t *call)
{
    sk_kind_t kind = s_kind (call);
    if (s_check_keys (call, kind, false))
        return -1;
    const char *params[40] = { call->req->tenant, sk_kind_name (kind) };
    int n = 2;
    char *cols = sk_call_strdup (call, "tenant, kind");
    char *vals = sk_call_strdup (call, "$1, $2");
    for (const sk_field_t *f = sk_party_fields; f->name; f++) {
        if (!(f->kinds & kind))
            continue;
        const char *value = NULL;
        int got = s_field_value (call, f, kind, &value);
        if (got < 0)
            return -1;
        if ((got == 0 || !value) && (f->required & kind))
            return sk_call_fail (call, "invalid_argument", f->name, "missing required field \"%s\"",
                                 f->name);
        if (got == 0 || !value)
            continue;
        params[n++] = value;
        cols = sk_call_printf (call, "%s, %s", cols, f->name);
        vals = sk_call_printf (call, "%s, $%d", vals, n);
    }
    PGresult *r = sk_call_sql (
        call, sk_call_printf (call, "INSERT INTO party (%s) VALUES (%s) RETURNING id", cols, vals),
        n, params);
    if (!r) {
        if (streq (call->err.code, "conflict"))
            sk_call_fail (call, "conflict", "cvr",
                          "a company with this CVR number is already registered");
        return -1;
    }
    const char *id = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    PQclear (r);
    if (s_write_declarations (call, id) || s_write_activities (call, id))
        return -1;
    return s_reply_and_emit (call, id, "created");
}

static int
s_id (sk_call_t *call, const char **id)
{
    int64_t n;
    if (sk_call_int (call, NULL, "id", 1, INT64_MAX, true, &n) < 0)
        return -1;
    *id = sk_call_itoa (call, n);
    return 0;
}

int
reg_party_get (sk_call_t *call)
{
    static const char *keys[] = { "id", NULL };
    const char *id;
    if (sk_call_known_keys (call, NULL, keys) || s_id (call, &id))
        return -1;
    //  The party and its declarations and activities in one round trip,
    //  with the transaction's BEGIN and COMMIT
    const char *params[] = { id, sk_kind_name (s_kind (call)) };
    const sk_stmt_t stmts[] = {
        { s_load_sql (call), 2, params },
        { S_DECLARATIONS ("= $1::bigint"), 1, params },
        { S_ACTIVITIES ("= $1::bigint"), 1, params },
    };
    PGresult *res[3];
    if (sk_db_exec_final (call->db, &call->err, 3, stmts, res))
        return -1;
    int rc = -1;
    if (s_found (call, id, res[0])) {
        s_pack_rows (&call->reply, res[0], res[1], res[2], false);
        rc = 0;
    } else
        res[0] = NULL;
    for (int i = 0; i < 3; i++)
        PQclear (res[i]);
    return rc;
}

//  Why an update or archive touched no row: not_found or conflict.
static int
s_explain_miss (sk_call_t *call, const char *id, int64_t version)
{
    PGresult *r = s_load (call, id);
    if (!r)
        return -1;
    bool archived = *PQgetvalue (r, 0, 3) == 't';
    long long current = strtoll (PQgetvalue (r, 0, 2), NULL, 10);
    PQclear (r);
    if (archived)
        return sk_call_fail (call, "conflict", "id", "%s %s is archived",
                             sk_kind_name (s_kind (call)), id);
    return sk_call_fail (call, "conflict", "version",
                         "version %lld of %s %s is stale; the current "
                         "version is %lld",
                         (long long)version, sk_kind_name (s_kind (call)), id, current);
}

int
reg_party_update (sk_call_t *call)
{
    sk_kind_t kind = s_kind (call);
    const char *id;
    int64_t version;
    if (s_check_keys (call, kind, true) || s_id (call, &id)
        || sk_call_int (call, NULL, "version", 1, INT32_MAX, true, &version) < 0)
        return -1;
    //  What it declares and its activities before, for the history
    const char *rel[] = { id, NULL };
    PGresult *r = sk_call_sql (call, "SELECT party_relations($1)::text", 1, rel);
    if (!r)
        return -1;
    rel[1] = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    PQclear (r);
    const char *params[40] = { id, sk_kind_name (kind), sk_call_itoa (call, version) };
    int n = 3;
    char *sets = sk_call_strdup (call, "version = version + 1, updated_at = now()");
    for (const sk_field_t *f = sk_party_fields; f->name; f++) {
        if (!(f->kinds & kind))
            continue;
        const char *value = NULL;
        int got = s_field_value (call, f, kind, &value);
        if (got < 0)
            return -1;
        if (got == 0)
            continue;
        params[n++] = value;
        sets = sk_call_printf (call, "%s, %s = $%d", sets, f->name, n);
    }
    r = sk_call_sql (
        call,
        sk_call_printf (call,
                        "UPDATE party SET %s WHERE id = $1 AND kind = $2 AND version = $3 "
                        "AND archived_at IS NULL RETURNING id",
                        sets),
        n, params);
    if (!r) {
        if (streq (call->err.code, "conflict"))
            sk_call_fail (call, "conflict", "cvr",
                          "a company with this CVR number is already registered");
        return -1;
    }
    int hit = PQntuples (r);
    PQclear (r);
    if (!hit)
        return s_explain_miss (call, id, version);
    if (s_write_declarations (call, id) || s_write_activities (call, id)
        || sk_call_exec (call, "SELECT party_history_relations($1, $2::jsonb)", 2, rel))
        return -1;
    return s_reply_and_emit (call, id, "updated");
}

int
reg_party_archive (sk_call_t *call)
{
    static const char *keys[] = { "id", "version", NULL };
    const char *id;
    int64_t version = 0;
    if (sk_call_known_keys (call, NULL, keys) || s_id (call, &id)
        || sk_call_int (call, NULL, "version", 1, INT32_MAX, false, &version) < 0)
        return -1;
    const char *params[] = { id, sk_kind_name (s_kind (call)),
                             version ? sk_call_itoa (call, version) : NULL };
    PGresult *r = sk_call_sql (call,
                               "UPDATE party SET archived_at = now(), version = version + 1, "
                               "updated_at = now() WHERE id = $1 AND kind = $2 "
                               "AND archived_at IS NULL AND ($3::int IS NULL OR version = $3) "
                               "RETURNING id",
                               3, params);
    if (!r)
        return -1;
    int hit = PQntuples (r);
    PQclear (r);
    if (!hit)
        return s_explain_miss (call, id, version);
    return s_reply_and_emit (call, id, "archived");
}

int
reg_party_list (sk_call_t *call)
{
    static const char *keys[] = { "area",         "has",      "needs",
                                  "serves",       "language", "target_group",
                                  "municipality", "archived", "limit",
                                  "after",        NULL };
    const char *municipality = NULL;
    reg_declared_t declared;
    int64_t area = 0, limit = 50, after = 0;
    bool archived = false;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "area", 1, INT64_MAX, false, &area) < 0
        || reg_declared_read (call, &declared)
        || sk_call_str (call, NULL, "municipality", 4, false, &municipality) < 0
        || sk_call_bool (call, NULL, "archived", false, &archived) < 0
        || sk_call_int (call, NULL, "limit", 1, 500, false, &limit) < 0
        || sk_call_int (call, NULL, "after", 0, INT64_MAX, false, &after) < 0)
        return -1;
    //  Only the filters given go into the statement, so each combination
    //  gets a plan of its own (prepared once) that walks party_kind in id
    //  order; "x IS NULL OR ..." in one statement for all defeats that.
    const char *params[12];
    int n = 0;
    params[n++] = sk_kind_name (s_kind (call));
    params[n++] = sk_call_itoa (call, after);
    char *sql =
        sk_call_printf (call, "SELECT %s FROM party p WHERE p.kind = $1 AND p.id > $2", s_columns);
    if (!streq (call->req->tenant, "*")) {
        params[n++] = call->req->tenant;
        sql = sk_call_printf (call, "%s AND p.tenant = $%d", sql, n);
    }
    if (area) {
        params[n++] = sk_call_itoa (call, area);
        sql = sk_call_printf (call, "%s AND p.area = $%d", sql, n);
    }
    if (!archived)
        sql = sk_call_printf (call, "%s AND p.archived_at IS NULL", sql);
    //  Every term given is declared (all, not any)
    const char *relations[] = { "has", "needs", "serves", "speaks" };
    const char *terms[] = { declared.has, declared.needs, declared.serves, declared.language };
    for (int i = 0; i < 4; i++)
        if (terms[i]) {
            params[n++] = terms[i];
            sql = sk_call_printf (call,
                                  "%s AND NOT EXISTS (SELECT 1 FROM unnest ($%d::integer[]) g (t) "
                                  "WHERE NOT EXISTS (SELECT 1 FROM declaration d WHERE "
                                  "d.party_id = p.id AND d.relation = '%s' AND d.term_id = g.t))",
                                  sql, n, relations[i]);
        }
    if (declared.target) {
        params[n++] = declared.target;
        sql = sk_call_printf (
            call,
            "%s AND NOT EXISTS (SELECT 1 FROM unnest ($%d::integer[]) g (t) WHERE NOT EXISTS "
            "(SELECT 1 FROM declaration d WHERE d.party_id = p.id AND d.relation = 'serves' "
            "AND d.term_id = g.t) AND NOT EXISTS (SELECT 1 FROM activity a "
            "JOIN activity_target x ON x.activity_id = a.id "
            "WHERE a.party_id = p.id AND x.term_id = g.t))",
            sql, n);
    }
    if (municipality) {
        params[n++] = municipality;
        sql = sk_call_printf (call, "%s AND p.tenant = $%d", sql, n);
    }
    params[n++] = sk_call_itoa (call, limit);
    sql = sk_call_printf (call, "%s ORDER BY p.id LIMIT $%d", sql, n);
    PGresult *r = sk_call_sql (call, sql, n, params);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 2);
    sk_pack_str (&call->reply, "items");
    int rc = s_pack_parties (call, &call->reply, r, false, true);
    sk_pack_next (&call->reply, r, limit);
    PQclear (r);
    return rc;
}

//  Names of parties by id, for staff's views of another service's replies
//  that carry ids only (match holds no volunteer's name): one call for a
//  page of proposals. Unknown ids and other municipalities' are left out.
int
reg_party_names (sk_call_t *call)
{
    static const char *keys[] = { "ids", NULL };
    const msgpack_object *ids;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_array (call, NULL, "ids", S_MAX_NAMES, true, &ids) < 0)
        return -1;
    char *list = (char *)sk_call_alloc (call, 3 + (size_t)ids->via.array.size * 21);
    size_t len = 0;
    list[len++] = '{';
    for (uint32_t i = 0; i < ids->via.array.size; i++) {
        int64_t id;
        if (!sk_obj_int (&ids->via.array.ptr[i], &id) || id < 1)
            return sk_call_fail (call, "invalid_argument", sk_call_printf (call, "ids[%u]", i),
                                 "a party is named by its id, an integer of 1 or more");
        len += (size_t)sprintf (list + len, "%s%lld", i ? "," : "", (long long)id);
    }
    list[len++] = '}';
    const char *params[] = { list, call->req->tenant };
    static const sk_col_t cols[] = {
        { "id", SK_COL_INT }, { "kind", SK_COL_TEXT }, { "name", SK_COL_TEXT }, { NULL }
    };
    return sk_call_reply_items (
        call,
        sk_call_sql (call,
                     "SELECT id, kind, name FROM party WHERE id = ANY ($1::bigint[]) "
                     "AND ($2 = '*' OR tenant = $2) ORDER BY id",
                     2, params),
        cols);
}

//  For handlers that load parties in bulk (import): the SELECT list over
//  "party p", and the packer of those rows as an array of party maps.
const char *
reg_party_columns (void)
{
    return s_columns;
}

int
reg_party_pack (sk_call_t *call, sk_pack_t *p, PGresult *r, bool public_only)
{
    return s_pack_parties (call, p, r, public_only, false);
}
