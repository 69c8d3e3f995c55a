/*  match_citizen.c: citizens who want a mentor (volunteer with citizen).

    Citizens are not registry parties: a caseworker registers a newcomer
    who said yes to a mentor with what matching needs and nothing more: a
    case reference (no name), the area, the languages spoken, and what the
    mentoring is for (competence codes such as danish-language or
    homework-help, matched against volunteers' "has"). They sit in the
    party table as kind 'citizen' (ids from 10^12 up) so scoring, runs,
    proposals and agreements treat them like any party. Erasing one deletes
    the row and its terms, ends its open proposals and forgets its declines.
*/
#include "match_svc.h"

//  Append the codes of an array of "code" or "code:level" strings to the
//  array literals; -1 with the call's error naming the element.
static int
s_terms (sk_call_t *call, const char *key, const char *relation, char **terms, char **levels,
         char **relations, int *count)
{
    const msgpack_object *list;
    int got = sk_call_array (call, NULL, key, 50, false, &list);
    if (got <= 0)
        return got;
    for (uint32_t i = 0; i < list->via.array.size; i++) {
        char code[80];
        const msgpack_object *t = &list->via.array.ptr[i];
        char field[32];
        snprintf (field, sizeof field, "%s[%u]", key, i);
        if (sk_obj_str_copy (t, code, sizeof code))
            return sk_call_fail (call, "invalid_argument", field,
                                 "must be a term code of at most 64 bytes");
        int level = 2;
        char *colon = strchr (code, ':');
        if (colon) {
            level = colon[1] >= '1' && colon[1] <= '3' && !colon[2] ? colon[1] - '0' : 0;
            *colon = 0;
        }
        if (!*code || strspn (code, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen (code)
            || level == 0)
            return sk_call_fail (call, "invalid_argument", field,
                                 "\"%s\" is not a term code with an optional level 1-3", code);
        *terms = sk_call_printf (call, "%s%s%s", *terms, *count ? "," : "", code);
        *levels = sk_call_printf (call, "%s%s%d", *levels, *count ? "," : "", level);
        *relations = sk_call_printf (call, "%s%s%s", *relations, *count ? "," : "", relation);
        (*count)++;
    }
    return 1;
}

int
match_citizen_add (sk_call_t *call)
{
    static const char *keys[] = { "ref", "area", "speaks", "needs", "availability", NULL };
    const char *ref, *availability = NULL;
    int64_t area = 0;
    if (sk_call_known_keys (call, NULL, keys) || sk_call_str (call, NULL, "ref", 64, true, &ref) < 0
        || sk_call_int (call, NULL, "area", 1, INT32_MAX, false, &area) < 0
        || sk_call_str (call, NULL, "availability", 200, false, &availability) < 0)
        return -1;
    char *terms = sk_call_strdup (call, "{"), *levels = sk_call_strdup (call, "{"),
         *relations = sk_call_strdup (call, "{");
    int count = 0;
    if (s_terms (call, "needs", "needs", &terms, &levels, &relations, &count) < 0
        || s_terms (call, "speaks", "speaks", &terms, &levels, &relations, &count) < 0)
        return -1;
    if (count == 0 || !strstr (relations, "needs"))
        return sk_call_fail (call, "invalid_argument", "needs",
                             "a citizen needs at least one thing a mentor can help with");
    const char *params[] = { call->req->tenant,
                             ref,
                             area ? sk_call_itoa (call, area) : NULL,
                             availability,
                             sk_call_printf (call, "%s}", relations),
                             sk_call_printf (call, "%s}", terms),
                             sk_call_printf (call, "%s}", levels) };
    PGresult *r = sk_call_sql (
        call,
        "WITH c AS (INSERT INTO party (id, tenant, kind, name, area, availability, "
        "version, seq) VALUES (nextval('citizen_id'), $1, 'citizen', $2, $3, $4, 1, 0) "
        "RETURNING id, tenant), t AS (INSERT INTO party_term (party_id, tenant, "
        "relation, term, level) SELECT c.id, c.tenant, u.r, u.t, u.l FROM c, "
        "unnest($5::text[], $6::text[], $7::int[]) AS u (r, t, l) "
        "ON CONFLICT DO NOTHING) SELECT id FROM c",
        7, params);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 2);
    sk_pack_kint (&call->reply, "id", strtoll (PQgetvalue (r, 0, 0), NULL, 10));
    sk_pack_kstr (&call->reply, "ref", ref);
    PQclear (r);
    return 0;
}

int
match_citizen_list (sk_call_t *call)
{
    static const char *keys[] = { NULL };
    if (sk_call_known_keys (call, NULL, keys))
        return -1;
    PGresult *r =
        sk_call_sql (call,
                     "SELECT p.id, p.name AS ref, p.area, p.availability, "
                     "(SELECT string_agg(t.term || ':' || t.level, ',' ORDER BY t.term) FROM "
                     "party_term t WHERE t.party_id = p.id AND t.relation = 'needs') AS needs, "
                     "(SELECT string_agg(t.term, ',' ORDER BY t.term) FROM party_term t WHERE "
                     "t.party_id = p.id AND t.relation = 'speaks') AS speaks "
                     "FROM party p WHERE p.kind = 'citizen' ORDER BY p.id LIMIT 1000",
                     0, NULL);
    return match_reply_items (call, r, "id,area");
}

int
match_citizen_erase (sk_call_t *call)
{
    const char *id = match_only_id (call);
    if (!id)
        return -1;
    const char *params[] = { id };
    PGresult *r = sk_call_sql (
        call, "DELETE FROM party WHERE id = $1 AND kind = 'citizen' RETURNING id", 1, params);
    if (!r)
        return -1;
    bool found = PQntuples (r) == 1;
    PQclear (r);
    if (!found)
        return sk_call_fail (call, "not_found", "id", "citizen %s does not exist", id);
    if (sk_call_exec (call,
                      "WITH p AS (UPDATE proposal SET state = 'expired', decided_at = now() "
                      "WHERE (left_id = $1 OR right_id = $1) AND state IN ('proposed', "
                      "'accepted_by_left', 'accepted_by_right') RETURNING id) "
                      "DELETE FROM declined WHERE a = $1 OR b = $1",
                      1, params))
        return -1;
    sk_pack_t ev;
    sk_pack_init (&ev);
    sk_pack_map (&ev, 1);
    sk_pack_kint (&ev, "id", strtoll (id, NULL, 10));
    return sk_call_event_reply (call, "match.citizen.erased", &ev);
}
