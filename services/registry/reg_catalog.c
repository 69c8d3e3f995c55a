/*  reg_catalog.c: municipalities, areas and the taxonomies. */
#include <czmq.h>

#include "reg_catalog.h"
#include "sk_event.h"

//  Reply with the single row of r and emit it as topic.
static int
s_reply_and_emit (sk_call_t *call, PGresult *r, const sk_col_t *cols, const char *topic)
{
    if (!r)
        return -1;
    sk_pack_row (&call->reply, r, 0, cols);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_row (&body, r, 0, cols);
    PQclear (r);
    int rc = sk_call_event (call, topic, &body);
    sk_pack_release (&body);
    return rc;
}

int
reg_municipality_list (sk_call_t *call)
{
    static const char *keys[] = { NULL };
    static const sk_col_t cols[] = {
        { "code", SK_COL_TEXT },
        { "name", SK_COL_TEXT },
        { NULL, SK_COL_TEXT },
    };
    if (sk_call_known_keys (call, NULL, keys))
        return -1;
    return sk_call_reply_items (
        call, sk_call_sql (call, "SELECT code, name FROM municipality ORDER BY code", 0, NULL),
        cols);
}

static const sk_col_t s_area_cols[] = {
    { "id", SK_COL_INT },
    { "municipality", SK_COL_TEXT },
    { "name", SK_COL_TEXT },
    { NULL, SK_COL_TEXT },
};

int
reg_area_create (sk_call_t *call)
{
    static const char *keys[] = { "name", NULL };
    const char *name;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "name", 200, true, &name) < 0)
        return -1;
    if (!*name)
        return sk_call_fail (call, "invalid_argument", "name", "area name is empty");
    const char *params[] = { call->req->tenant, name };
    PGresult *r = sk_call_sql (call,
                               "INSERT INTO area (tenant, name) VALUES ($1, $2) "
                               "RETURNING id, tenant, name",
                               2, params);
    if (!r && streq (call->err.code, "conflict"))
        return sk_call_fail (call, "conflict", "name", "area \"%s\" already exists", name);
    return s_reply_and_emit (call, r, s_area_cols, "registry.area.created");
}

int
reg_area_list (sk_call_t *call)
{
    static const char *keys[] = { NULL };
    if (sk_call_known_keys (call, NULL, keys))
        return -1;
    return sk_call_reply_items (
        call,
        sk_call_sql (call, "SELECT id, tenant, name FROM area ORDER BY tenant, name", 0, NULL),
        s_area_cols);
}

static const sk_col_t s_term_cols[] = {
    { "taxonomy", SK_COL_TEXT }, { "code", SK_COL_TEXT },     { "parent", SK_COL_TEXT },
    { "label_da", SK_COL_TEXT }, { "label_en", SK_COL_TEXT }, { NULL, SK_COL_TEXT },
};
#define S_TERM_SELECT                                                                              \
    "SELECT t.taxonomy, t.code, p.code, t.label_da, t.label_en FROM term t "                       \
    "LEFT JOIN term p ON p.id = t.parent_id "

int
reg_term_list (sk_call_t *call)
{
    static const char *keys[] = { "taxonomy", NULL };
    const char *taxonomy = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "taxonomy", 32, false, &taxonomy) < 0)
        return -1;
    const char *params[] = { taxonomy };
    return sk_call_reply_items (
        call,
        sk_call_sql (
            call,
            S_TERM_SELECT
            "WHERE $1::text IS NULL OR t.taxonomy = $1 "
            "ORDER BY t.taxonomy, coalesce(p.code, t.code), t.parent_id NULLS FIRST, t.code",
            1, params),
        s_term_cols);
}

int
reg_term_create (sk_call_t *call)
{
    static const char *keys[] = { "taxonomy", "code", "parent", "label_da", "label_en", NULL };
    const char *taxonomy, *code, *parent = NULL, *da, *en;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "taxonomy", 32, true, &taxonomy) < 0
        || sk_call_str (call, NULL, "code", 64, true, &code) < 0
        || sk_call_str (call, NULL, "parent", 64, false, &parent) < 0
        || sk_call_str (call, NULL, "label_da", 200, true, &da) < 0
        || sk_call_str (call, NULL, "label_en", 200, true, &en) < 0)
        return -1;
    const char *params[] = { taxonomy, code, parent, da, en };
    PGresult *r =
        sk_call_sql (call,
                     "WITH parent AS (SELECT id FROM term WHERE taxonomy = $1 AND code = $3), "
                     "ins AS (INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) "
                     "  SELECT $1, $2, (SELECT id FROM parent), $4, $5 "
                     "  WHERE $3::text IS NULL OR EXISTS (SELECT 1 FROM parent) "
                     "  RETURNING taxonomy, code, $3::text AS parent, label_da, label_en) "
                     "SELECT * FROM ins",
                     5, params);
    if (!r) {
        if (streq (call->err.code, "conflict"))
            return sk_call_fail (call, "conflict", "code",
                                 "term \"%s\" already exists in taxonomy %s", code, taxonomy);
        if (streq (call->err.code, "invalid_argument"))
            return sk_call_fail (call, "invalid_argument", NULL,
                                 "invalid term: taxonomy must be competence, "
                                 "target_group, activity_type or language, and "
                                 "code lower-case letters, digits, - and _");
        return -1;
    }
    if (PQntuples (r) == 0) {
        PQclear (r);
        return sk_call_fail (call, "invalid_argument", "parent",
                             "unknown parent term \"%s\" in taxonomy %s", parent, taxonomy);
    }
    return s_reply_and_emit (call, r, s_term_cols, "registry.term.created");
}
