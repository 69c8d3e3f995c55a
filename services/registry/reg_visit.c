/*  reg_visit.c: outreach visits (notes per party). */
#include <czmq.h>

#include "reg_util.h"
#include "reg_visit.h"
#include "sk_event.h"

#define S_NOTE_MAX 4000
#define S_VISIT_COLUMNS                                                                            \
    "v.id, v.party_id, p.name, v.visited_on::text, v.staff, v.activities, "                        \
    "(SELECT coalesce(array_agg(t.code ORDER BY t.code), '{}') FROM term t "                       \
    " WHERE t.id = ANY (v.target_groups))::text, v.challenges, v.ideas, "                          \
    "v.offer, to_char(v.created_at AT TIME ZONE 'UTC', "                                           \
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

static const sk_col_t s_visit_cols[] = {
    { "id", SK_COL_INT },
    { "party", SK_COL_INT },
    { "party_name", SK_COL_TEXT },
    { "date", SK_COL_TEXT },
    { "staff", SK_COL_TEXT },
    { "activities", SK_COL_TEXT },
    { "target_groups", SK_COL_WORDS },
    { "challenges", SK_COL_TEXT },
    { "ideas", SK_COL_TEXT },
    { "offer", SK_COL_TEXT },
    { "created_at", SK_COL_TEXT },
    { NULL, SK_COL_TEXT },
};

int
reg_visit_create (sk_call_t *call)
{
    static const char *keys[] = { "party",      "date",  "staff", "activities", "target_groups",
                                  "challenges", "ideas", "offer", NULL };
    const char *party, *date, *staff, *activities = NULL, *challenges = NULL, *ideas = NULL,
                                      *offer = NULL, *targets;
    if (sk_call_known_keys (call, NULL, keys)
        || reg_party_ref (call, NULL, "party", SK_KIND_ORGS, true, false, &party) < 0
        || sk_call_date (call, NULL, "date", true, &date) < 0
        || sk_call_str (call, NULL, "staff", 200, true, &staff) < 0
        || sk_call_str (call, NULL, "activities", S_NOTE_MAX, false, &activities) < 0
        || sk_call_str (call, NULL, "challenges", S_NOTE_MAX, false, &challenges) < 0
        || sk_call_str (call, NULL, "ideas", S_NOTE_MAX, false, &ideas) < 0
        || sk_call_str (call, NULL, "offer", S_NOTE_MAX, false, &offer) < 0
        || reg_term_ids (call, NULL, "target_groups", "target_group", 50, &targets))
        return -1;
    const char *params[] = { call->req->tenant, party,      date,  staff, activities,
                             targets,           challenges, ideas, offer };
    PGresult *r =
        sk_call_sql (call,
                     "WITH v AS (INSERT INTO visit (tenant, party_id, visited_on, staff, "
                     " activities, target_groups, challenges, ideas, offer) "
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *) "
                     "SELECT " S_VISIT_COLUMNS " FROM v JOIN party p ON p.id = v.party_id",
                     9, params);
    if (!r)
        return -1;
    //  The event names the visit, its party and date; the notes stay here
    sk_pack_t event;
    sk_pack_init (&event);
    sk_pack_map (&event, 4);
    sk_pack_kint (&event, "id", strtoll (PQgetvalue (r, 0, 0), NULL, 10));
    sk_pack_kint (&event, "party", strtoll (PQgetvalue (r, 0, 1), NULL, 10));
    sk_pack_kstr (&event, "date", PQgetvalue (r, 0, 3));
    sk_pack_str (&event, "target_groups");
    sk_pack_words (&event, PQgetvalue (r, 0, 6));
    int rc = sk_call_event (call, "registry.visit.created", &event);
    sk_pack_release (&event);
    if (rc == 0)
        sk_pack_row (&call->reply, r, 0, s_visit_cols);
    PQclear (r);
    return rc;
}

int
reg_visit_list (sk_call_t *call)
{
    static const char *keys[] = { "party", "text", "from", "to", "limit", "after", NULL };
    const char *party = NULL, *text = NULL, *from = NULL, *to = NULL;
    int64_t limit = 50, after = 0;
    if (sk_call_known_keys (call, NULL, keys)
        || reg_party_ref (call, NULL, "party", SK_KIND_ALL, false, true, &party) < 0
        || sk_call_str (call, NULL, "text", 500, false, &text) < 0
        || sk_call_date (call, NULL, "from", false, &from) < 0
        || sk_call_date (call, NULL, "to", false, &to) < 0
        || sk_call_int (call, NULL, "limit", 1, 500, false, &limit) < 0
        || sk_call_int (call, NULL, "after", 0, INT64_MAX, false, &after) < 0)
        return -1;
    const char *params[] = {
        party, text, from, to, sk_call_itoa (call, after), sk_call_itoa (call, limit)
    };
    PGresult *r =
        sk_call_sql (call,
                     "SELECT " S_VISIT_COLUMNS " FROM visit v JOIN party p ON p.id = v.party_id "
                     "WHERE ($1::bigint IS NULL OR v.party_id = $1) "
                     "AND ($2::text IS NULL OR v.search @@ websearch_to_tsquery('danish', $2)) "
                     "AND ($3::date IS NULL OR v.visited_on >= $3) "
                     "AND ($4::date IS NULL OR v.visited_on <= $4) "
                     "AND v.id > $5 ORDER BY v.id LIMIT $6",
                     6, params);
    return sk_call_reply_page (call, r, s_visit_cols, limit);
}
