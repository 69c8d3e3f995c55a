/*  reg_story.c: stories of partnerships, and the public offer. */
#include <czmq.h>

#include "reg_party.h"
#include "reg_story.h"
#include "reg_util.h"
#include "sk_event.h"

#define S_MAX_STORY_PARTIES 20
#define S_STORY_COLUMNS                                                                            \
    "s.id, s.title, s.body, s.told_on::text, s.consent, s.parties::text, "                         \
    "to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "                 \
    "s.tenant, (SELECT name FROM municipality m WHERE m.code = s.tenant)"

//  One story; its parties by id, kind and name. A volunteer's name is
//  personal data and never named in a story's parties.
static int
s_pack_story (sk_call_t *call, sk_pack_t *p, const PGresult *r, int row)
{
    const char *params[] = { PQgetvalue (r, row, 5) };
    PGresult *parties =
        sk_call_sql (call,
                     "SELECT id, kind, CASE WHEN kind = 'volunteer' THEN NULL ELSE name END "
                     "FROM party WHERE id = ANY ($1::bigint[]) ORDER BY id",
                     1, params);
    if (!parties)
        return -1;
    sk_pack_map (p, 9);
    sk_pack_kint (p, "id", strtoll (PQgetvalue (r, row, 0), NULL, 10));
    sk_pack_kstr (p, "title", PQgetvalue (r, row, 1));
    sk_pack_kstr (p, "text", PQgetvalue (r, row, 2));
    sk_pack_kstr (p, "date", PQgetvalue (r, row, 3));
    sk_pack_kbool (p, "consent", *PQgetvalue (r, row, 4) == 't');
    sk_pack_str (p, "parties");
    sk_pack_array (p, (uint32_t)PQntuples (parties));
    for (int i = 0; i < PQntuples (parties); i++) {
        sk_pack_map (p, 3);
        sk_pack_kint (p, "id", strtoll (PQgetvalue (parties, i, 0), NULL, 10));
        sk_pack_kstr (p, "kind", PQgetvalue (parties, i, 1));
        sk_pack_str (p, "name");
        sk_pack_cell (p, parties, i, 2, SK_COL_TEXT);
    }
    PQclear (parties);
    sk_pack_kstr (p, "updated_at", PQgetvalue (r, row, 6));
    sk_pack_kstr (p, "municipality", PQgetvalue (r, row, 7));
    sk_pack_kstr (p, "municipality_name", PQgetvalue (r, row, 8));
    return 0;
}

//  Reply with the story of id and emit topic (id, date, consent only).
static int
s_reply_story (sk_call_t *call, const char *id, const char *topic)
{
    const char *params[] = { id };
    PGresult *r =
        sk_call_sql (call, "SELECT " S_STORY_COLUMNS " FROM story s WHERE s.id = $1", 1, params);
    if (!r)
        return -1;
    if (PQntuples (r) == 0) {
        PQclear (r);
        return sk_call_fail (call, "not_found", "id", "story %s does not exist", id);
    }
    sk_pack_t event;
    sk_pack_init (&event);
    sk_pack_map (&event, 3);
    sk_pack_kint (&event, "id", strtoll (id, NULL, 10));
    sk_pack_kstr (&event, "date", PQgetvalue (r, 0, 3));
    sk_pack_kbool (&event, "consent", *PQgetvalue (r, 0, 4) == 't');
    int rc = sk_call_event (call, topic, &event);
    sk_pack_release (&event);
    if (rc == 0)
        rc = s_pack_story (call, &call->reply, r, 0);
    PQclear (r);
    return rc;
}

int
reg_story_create (sk_call_t *call)
{
    static const char *keys[] = { "title", "text", "date", "parties", "consent", NULL };
    const char *title, *text, *date;
    const msgpack_object *parties = NULL;
    bool consent;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "title", 200, true, &title) < 0
        || sk_call_str (call, NULL, "text", 20000, true, &text) < 0
        || sk_call_date (call, NULL, "date", true, &date) < 0
        || sk_call_array (call, NULL, "parties", S_MAX_STORY_PARTIES, false, &parties) < 0
        || sk_call_bool (call, NULL, "consent", true, &consent) < 0)
        return -1;
    char *ids = sk_call_strdup (call, "{");
    for (uint32_t i = 0; parties && i < parties->via.array.size; i++) {
        char field[32];
        snprintf (field, sizeof field, "parties[%u]", i);
        int64_t id;
        if (!sk_obj_int (&parties->via.array.ptr[i], &id) || id < 1)
            return sk_call_fail (call, "invalid_argument", field, "a party is named by its id");
        const char *params[] = { sk_call_itoa (call, id) };
        PGresult *r = sk_call_sql (call, "SELECT 1 FROM party WHERE id = $1", 1, params);
        if (!r)
            return -1;
        bool found = PQntuples (r) == 1;
        PQclear (r);
        if (!found)
            return sk_call_fail (call, "not_found", field, "party %lld does not exist",
                                 (long long)id);
        ids = sk_call_printf (call, "%s%s%lld", ids, i ? "," : "", (long long)id);
    }
    ids = sk_call_printf (call, "%s}", ids);
    const char *params[] = {
        call->req->tenant, title, text, date, ids, consent ? "true" : "false"
    };
    PGresult *r = sk_call_sql (call,
                               "INSERT INTO story (tenant, title, body, told_on, parties, consent) "
                               "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                               6, params);
    if (!r)
        return -1;
    const char *id = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    PQclear (r);
    return s_reply_story (call, id, "registry.story.created");
}

int
reg_story_consent (sk_call_t *call)
{
    static const char *keys[] = { "id", "consent", NULL };
    int64_t id;
    bool consent;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "id", 1, INT64_MAX, true, &id) < 0
        || sk_call_bool (call, NULL, "consent", true, &consent) < 0)
        return -1;
    const char *params[] = { sk_call_itoa (call, id), consent ? "true" : "false" };
    if (sk_call_exec (call, "UPDATE story SET consent = $2, updated_at = now() WHERE id = $1", 2,
                      params))
        return -1;
    return s_reply_story (call, params[0], "registry.story.consent_changed");
}

static int
s_stories (sk_call_t *call, bool feed)
{
    static const char *keys[] = { "limit", NULL };
    int64_t limit = 20;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "limit", 1, 100, false, &limit) < 0)
        return -1;
    const char *params[] = { feed ? "true" : "false", sk_call_itoa (call, limit) };
    PGresult *r =
        sk_call_sql (call,
                     "SELECT " S_STORY_COLUMNS " FROM story s WHERE (s.consent OR NOT $1::boolean) "
                     "ORDER BY s.told_on DESC, s.id DESC LIMIT $2",
                     2, params);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 1);
    sk_pack_str (&call->reply, "items");
    sk_pack_array (&call->reply, (uint32_t)PQntuples (r));
    int rc = 0;
    for (int i = 0; rc == 0 && i < PQntuples (r); i++)
        rc = s_pack_story (call, &call->reply, r, i);
    PQclear (r);
    return rc;
}

int
reg_story_list (sk_call_t *call)
{
    return s_stories (call, false);
}

int
reg_story_feed (sk_call_t *call)
{
    return s_stories (call, true);
}

int
reg_party_public (sk_call_t *call)
{
    static const char *keys[] = { "limit", "after", NULL };
    int64_t limit = 500, after = 0;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "limit", 1, 500, false, &limit) < 0
        || sk_call_int (call, NULL, "after", 0, INT64_MAX, false, &after) < 0)
        return -1;
    const char *params[] = { sk_call_itoa (call, after), sk_call_itoa (call, limit) };
    PGresult *r = sk_call_sql (
        call,
        sk_call_printf (call,
                        "SELECT %s FROM party p WHERE p.publish AND p.archived_at IS NULL "
                        "AND p.kind <> 'volunteer' AND p.id > $1 ORDER BY p.id LIMIT $2",
                        reg_party_columns ()),
        2, params);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 2);
    sk_pack_str (&call->reply, "items");
    int rc = reg_party_pack (call, &call->reply, r, true);
    sk_pack_next (&call->reply, r, limit);
    PQclear (r);
    return rc;
}
