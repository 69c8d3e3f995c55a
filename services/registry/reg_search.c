/*  reg_search.c: Danish full-text search over the parties' names,
    descriptions, activities, term labels and visit notes. */
#include <czmq.h>

#include "reg_search.h"
#include "reg_util.h"

//  Full-text search over each party's one search document (name A,
//  description B, activities and the Danish labels of its terms C, visit
//  notes D: 009, 018), folded (æ ae, ø oe, å aa) and each word a prefix of
//  the stems it finds; the structured filters of registry.KIND.list narrow
//  the hits. Parties whose names hold more of the words come first, then
//  by id; "rank" is that number of words.
//  Long because: most of it is the two statements' text (words alone, or
//  with filters), which reads best whole.
int
reg_party_search (sk_call_t *call)
{
    static const char *keys[] = { "text",     "kind",   "area",     "has",
                                  "needs",    "serves", "language", "target_group",
                                  "archived", "limit",  NULL };
    const char *text, *kind = NULL;
    reg_declared_t declared;
    int64_t area = 0, limit = 20;
    bool archived = false;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "text", 500, true, &text) < 0
        || sk_call_str (call, NULL, "kind", 16, false, &kind) < 0
        || sk_call_int (call, NULL, "area", 1, INT64_MAX, false, &area) < 0
        || reg_declared_read (call, &declared)
        || sk_call_bool (call, NULL, "archived", false, &archived) < 0
        || sk_call_int (call, NULL, "limit", 1, 100, false, &limit) < 0)
        return -1;
    if (kind && !sk_kind_parse (kind))
        return sk_call_fail (call, "invalid_argument", "kind", "unknown kind \"%s\"", kind);
    const char *params[] = { text,
                             kind,
                             area ? sk_call_itoa (call, area) : NULL,
                             archived ? "true" : "false",
                             declared.has,
                             declared.needs,
                             declared.serves,
                             declared.language,
                             declared.target,
                             sk_call_itoa (call, limit),
                             call->req->tenant };
//  Every term of the array $n is declared with rel (all, not any)
#define S_DECLARES(rel, n)                                                                         \
    "($" #n "::integer[] IS NULL OR NOT EXISTS (SELECT 1 FROM unnest ($" #n "::integer[]) g (t) "  \
    "WHERE NOT EXISTS (SELECT 1 FROM declaration d WHERE d.party_id = p.id "                       \
    "AND d.relation = '" rel "' AND d.term_id = g.t))) "
//  Every target group of the array $n is served, or an activity's
#define S_TARGETS(n)                                                                               \
    "($" #n "::integer[] IS NULL OR NOT EXISTS (SELECT 1 FROM unnest ($" #n "::integer[]) g (t) "  \
    "WHERE NOT EXISTS (SELECT 1 FROM declaration d WHERE d.party_id = p.id "                       \
    "AND d.relation = 'serves' AND d.term_id = g.t) AND NOT EXISTS (SELECT 1 FROM activity a "     \
    "JOIN activity_target x ON x.activity_id = a.id WHERE a.party_id = p.id "                      \
    "AND x.term_id = g.t))) "
//  Where the words were found: name or description (A, B), C, visit
//  notes (D); then, of C, the activities' own words and the Danish labels
//  of terms (party_search_labels), each read only for a party C found
#define S_MATCHED(doc, id)                                                                         \
    " ts_filter(" doc ", '{a,b}') @@ q.q, ts_filter(" doc ", '{c}') @@ q.q, "                      \
    " ts_filter(" doc ", '{d}') @@ q.q, "                                                          \
    " CASE WHEN ts_filter(" doc ", '{c}') @@ q.q THEN search_vector((SELECT "                      \
    " string_agg(a.name || ' ' || coalesce(a.description, ''), ' ') FROM activity a "              \
    " WHERE a.party_id = " id "), 'C') @@ q.q ELSE false END, "                                    \
    " CASE WHEN ts_filter(" doc ", '{c}') @@ q.q "                                                 \
    " THEN search_vector(party_search_labels(" id "), 'C') @@ q.q ELSE false END "
#define S_FILTERS                                                                                  \
    S_DECLARES ("has", 5)                                                                          \
    " AND " S_DECLARES ("needs", 6) " AND " S_DECLARES ("serves", 7) " AND " S_DECLARES (          \
        "speaks", 8) " AND " S_TARGETS (9)
    //  Words alone (and kind) in one municipality: the page is found by
    //  search_page (022), tier by tier: names of several words from their
    //  GIN index, then a bounded number of documents in id order for each
    //  tier below, the GIN indexes only for what that did not find. With
    //  other filters, or all municipalities: filter every hit, then order.
    bool words_only = !area && !declared.has && !declared.needs && !declared.serves
                      && !declared.language && !declared.target && strcmp (call->req->tenant, "*");
    const char *sql =
        words_only
            ? "WITH q AS MATERIALIZED (SELECT search_query($1) AS q), "
              "w AS MATERIALIZED (SELECT search_words(q.q) AS w FROM q), "
              "top AS (SELECT t.id, t.tier FROM q, w, "
              " search_page($11, q.q, w.w, $2, $4::boolean, $10::integer) t "
              " WHERE $3::bigint IS NULL AND $5::integer[] IS NULL AND $6::integer[] IS NULL "
              " AND $7::integer[] IS NULL AND $8::integer[] IS NULL AND $9::integer[] IS NULL) "
              "SELECT p.id, p.kind, p.name, p.area, top.tier, " S_MATCHED (
                  "s.doc", "p.id") "FROM top JOIN search_doc s ON s.party_id = top.id JOIN party p "
                                   "ON p.id = top.id, q "
                                   "ORDER BY top.tier DESC, p.id"
            : "WITH q AS MATERIALIZED (SELECT search_query($1) AS q), "
              "w AS MATERIALIZED (SELECT search_words(q.q) AS w, "
              " search_any(search_words(q.q)) AS a FROM q), "
              //  search_tier only for the names that hold a word (most hold none)
              "top AS (SELECT p.id, p.kind, p.name, p.area, "
              " CASE WHEN cardinality(w.w) = 0 OR NOT s.name_doc @@ w.a THEN 0 "
              " WHEN cardinality(w.w) = 1 THEN 1 ELSE search_tier(s.name_doc, w.w) END AS tier, "
              " s.doc "
              " FROM search_doc s JOIN party p ON p.id = s.party_id, q, w "
              " WHERE numnode(q.q) > 0 AND s.doc @@ q.q AND ($11 = '*' OR s.tenant = $11) "
              " AND ($2::text IS NULL OR s.kind = $2) "
              " AND ($3::bigint IS NULL OR p.area = $3) "
              " AND (NOT s.archived OR $4::boolean) AND " S_FILTERS
              " ORDER BY tier DESC, p.id LIMIT $10) "
              //  Where the words were found, by the weight of their positions
              "SELECT top.id, top.kind, top.name, top.area, top.tier, " S_MATCHED (
                  "top.doc", "top.id") "FROM top, q ORDER BY top.tier DESC, top.id";
    PGresult *r = sk_call_sql (call, sql, 11, params);
#undef S_DECLARES
#undef S_TARGETS
#undef S_FILTERS
#undef S_MATCHED
    if (!r)
        return -1;
    int rows = PQntuples (r);
    sk_pack_map (&call->reply, 1);
    sk_pack_str (&call->reply, "items");
    sk_pack_array (&call->reply, (uint32_t)rows);
    for (int i = 0; i < rows; i++) {
        sk_pack_map (&call->reply, 6);
        sk_pack_kint (&call->reply, "id", strtoll (PQgetvalue (r, i, 0), NULL, 10));
        sk_pack_kstr (&call->reply, "kind", PQgetvalue (r, i, 1));
        sk_pack_kstr (&call->reply, "name", PQgetvalue (r, i, 2));
        sk_pack_str (&call->reply, "area");
        if (PQgetisnull (r, i, 3))
            sk_pack_nil (&call->reply);
        else
            sk_pack_int (&call->reply, strtoll (PQgetvalue (r, i, 3), NULL, 10));
        sk_pack_str (&call->reply, "rank");
        sk_pack_double (&call->reply, strtod (PQgetvalue (r, i, 4), NULL));
        //  Where the words were found, so staff see why a party is listed
        sk_pack_str (&call->reply, "matched");
        //  An activity's words, a term's label; both when the words of
        //  the query were found partly in each
        bool activity = *PQgetvalue (r, i, 8) == 't', term = *PQgetvalue (r, i, 9) == 't';
        if (*PQgetvalue (r, i, 6) == 't' && !activity && !term)
            activity = term = true;
        bool in[4] = { *PQgetvalue (r, i, 5) == 't', activity, term, *PQgetvalue (r, i, 7) == 't' };
        static const char *where[] = { "profile", "activity", "term", "visit" };
        sk_pack_array (&call->reply, (uint32_t)(in[0] + in[1] + in[2] + in[3]));
        for (int k = 0; k < 4; k++)
            if (in[k])
                sk_pack_str (&call->reply, where[k]);
    }
    PQclear (r);
    return 0;
}
