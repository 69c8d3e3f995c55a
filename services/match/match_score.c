/*  match_score.c: the parties scoring sees (the pool, loaded from the
    service's copy of the registry), the explanation packed with a score,
    and match.party.suggest and match.party.get. The score itself is
    lib/score (score.h; the formula in score.c and doc/DECISIONS.md,
    "Match scoring").
*/
#include "match_svc.h"
#include "sk_mem.h"

struct _match_pool_t {
    PGresult *parties, *terms, *rarity, *excluded;
    score_party_t *items;
    size_t count;
    zhash_t *pairs; //  "a:b" of excluded pairs (a < b)
};

static const char *s_kind_names[5] = { "association", "company", "institution", "volunteer",
                                       "citizen" };

static int
s_relation_index (const char *relation)
{
    static const char *names[4] = { "has", "needs", "serves", "speaks" };
    for (int i = 0; i < 4; i++)
        if (streq (relation, names[i]))
            return i;
    return -1;
}

match_pool_t *
match_pool_load (sk_call_t *call, unsigned kinds)
{
    return match_pool_load_for (call, kinds, NULL);
}

//  Long because: one batch of four statements and the arrays built from
//  their results, which the pool keeps.
match_pool_t *
match_pool_load_for (sk_call_t *call, unsigned kinds, const char *kind)
{
    char *mask = sk_call_strdup (call, "{");
    for (int k = 0, n = 0; k < 5; k++)
        if (kinds & (1u << k))
            mask = sk_call_printf (call, "%s%s%s", mask, n++ ? "," : "", s_kind_names[k]);
    mask = sk_call_printf (call, "%s}", mask);
    const char *params[] = { call->req->tenant, mask, kind };
    //  The room: the capacity less the open proposals and running
    //  agreements of the kind (of every kind when kind is NULL). An
    //  agreement counts as the kind of its proposal; one written by hand
    //  as the kind its parties' kinds make.
    const sk_stmt_t stmts[] = {
        { "SELECT p.id, p.kind, p.name, coalesce(p.area, 0), "
          "CASE p.kind WHEN 'company' THEN coalesce(p.csr_capacity, 1) "
          "WHEN 'association' THEN 1 ELSE coalesce(p.capacity, 1) END "
          "- (SELECT count(*) FROM proposal x WHERE x.state IN ('proposed', "
          "'accepted_by_left', 'accepted_by_right') AND x.expires_at > now() "
          "AND (x.left_id = p.id OR x.right_id = p.id) AND ($3::text IS NULL OR x.kind = $3)) "
          "- (SELECT count(*) FROM agreement_party ap JOIN agreement a ON "
          "a.id = ap.agreement_id LEFT JOIN proposal pr ON pr.id = a.proposal_id "
          "WHERE ap.party_id = p.id AND a.status <> 'ended' AND ($3::text IS NULL "
          "OR pr.kind = $3 OR (pr.id IS NULL AND EXISTS (SELECT 1 FROM agreement_party o "
          "JOIN party op ON op.id = o.party_id WHERE o.agreement_id = a.id "
          "AND o.party_id <> p.id AND $3 IN (p.kind || '-' || op.kind, "
          "op.kind || '-' || p.kind))))), "
          "p.institution_type, coalesce(p.members, -1), "
          "coalesce(p.active_volunteers, -1), p.availability, p.area_name "
          "FROM party p WHERE p.tenant = $1 AND NOT p.archived "
          "AND p.kind = ANY($2::text[]) ORDER BY p.id",
          3, params },
        { "SELECT t.party_id, t.relation, t.term, t.level FROM party_term t "
          "JOIN party p ON p.id = t.party_id WHERE p.tenant = $1 AND NOT p.archived "
          "AND p.kind = ANY($2::text[]) ORDER BY t.party_id, t.relation, "
          "t.term COLLATE \"C\"",
          2, params },
        { "SELECT t.term, count(*) FROM party_term t JOIN party p ON p.id = t.party_id "
          "WHERE p.tenant = $1 AND NOT p.archived AND t.relation = 'has' "
          "GROUP BY t.term ORDER BY t.term COLLATE \"C\"",
          1, params },
        { "SELECT a, b, 'declined' FROM declined WHERE tenant = $1 UNION ALL "
          "SELECT least(left_id, right_id), greatest(left_id, right_id), 'proposed' "
          "FROM proposal WHERE tenant = $1 AND state <> 'expired' AND state <> 'declined' "
          "AND NOT (state IN ('proposed', 'accepted_by_left', 'accepted_by_right') "
          "AND expires_at <= now()) ORDER BY 3",
          1, params },
    };
    PGresult *res[4];
    if (sk_db_exec_batch (call->db, &call->err, 4, stmts, res))
        return NULL;
    match_pool_t *self = (match_pool_t *)sk_malloc (sizeof *self);
    memset (self, 0, sizeof *self);
    self->parties = res[0];
    self->terms = res[1];
    self->rarity = res[2];
    self->excluded = res[3];
    self->count = (size_t)PQntuples (self->parties);
    self->items = (score_party_t *)sk_malloc ((self->count + 1) * sizeof (score_party_t));
    memset (self->items, 0, (self->count + 1) * sizeof (score_party_t));
    //  Each party's terms: count first, then point into the result
    int nterms = PQntuples (self->terms), t = 0;
    for (size_t i = 0; i < self->count; i++) {
        score_party_t *p = &self->items[i];
        p->id = strtoll (PQgetvalue (self->parties, (int)i, 0), NULL, 10);
        snprintf (p->kind, sizeof p->kind, "%s", PQgetvalue (self->parties, (int)i, 1));
        p->name =
            PQgetisnull (self->parties, (int)i, 2) ? NULL : PQgetvalue (self->parties, (int)i, 2);
        p->area = strtoll (PQgetvalue (self->parties, (int)i, 3), NULL, 10);
        p->capacity = strtoll (PQgetvalue (self->parties, (int)i, 4), NULL, 10);
        p->institution_type =
            PQgetisnull (self->parties, (int)i, 5) ? NULL : PQgetvalue (self->parties, (int)i, 5);
        p->members = strtoll (PQgetvalue (self->parties, (int)i, 6), NULL, 10);
        p->active_volunteers = strtoll (PQgetvalue (self->parties, (int)i, 7), NULL, 10);
        p->available = score_availability (PQgetvalue (self->parties, (int)i, 8));
        while (t < nterms && strtoll (PQgetvalue (self->terms, t, 0), NULL, 10) < p->id)
            t++;
        int start = t;
        while (t < nterms && strtoll (PQgetvalue (self->terms, t, 0), NULL, 10) == p->id) {
            int rel = s_relation_index (PQgetvalue (self->terms, t, 1));
            if (rel >= 0)
                p->nrel[rel]++;
            t++;
        }
        for (int r = 0; r < 4; r++) {
            p->rel[r] =
                (score_term_t *)sk_malloc ((size_t)(p->nrel[r] + 1) * sizeof (score_term_t));
            p->nrel[r] = 0;
        }
        for (int k = start; k < t; k++) {
            int rel = s_relation_index (PQgetvalue (self->terms, k, 1));
            if (rel < 0)
                continue;
            score_term_t *term = &p->rel[rel][p->nrel[rel]++];
            term->term = PQgetvalue (self->terms, k, 2);
            term->level = atoi (PQgetvalue (self->terms, k, 3));
        }
    }
    self->pairs = zhash_new ();
    for (int i = 0; i < PQntuples (self->excluded); i++) {
        char key[48];
        snprintf (key, sizeof key, "%s:%s", PQgetvalue (self->excluded, i, 0),
                  PQgetvalue (self->excluded, i, 1));
        //  The first reason stays: declined before proposed
        zhash_insert (self->pairs, key, PQgetvalue (self->excluded, i, 2));
    }
    return self;
}

void
match_pool_destroy (match_pool_t **self_p)
{
    match_pool_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->count; i++)
        for (int r = 0; r < 4; r++)
            free (self->items[i].rel[r]);
    free (self->items);
    zhash_destroy (&self->pairs);
    PQclear (self->parties);
    PQclear (self->terms);
    PQclear (self->rarity);
    PQclear (self->excluded);
    free (self);
    *self_p = NULL;
}

size_t
match_pool_size (match_pool_t *self)
{
    return self->count;
}

score_party_t *
match_pool_party (match_pool_t *self, size_t index)
{
    return index < self->count ? &self->items[index] : NULL;
}

score_party_t *
match_pool_find (match_pool_t *self, int64_t id)
{
    size_t lo = 0, hi = self->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (self->items[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < self->count && self->items[lo].id == id ? &self->items[lo] : NULL;
}

bool
match_pool_excluded (match_pool_t *self, int64_t a, int64_t b)
{
    return match_pool_excluded_why (self, a, b) != NULL;
}

const char *
match_pool_excluded_why (match_pool_t *self, int64_t a, int64_t b)
{
    char key[48];
    snprintf (key, sizeof key, "%lld:%lld", (long long)(a < b ? a : b), (long long)(a < b ? b : a));
    return (const char *)zhash_lookup (self->pairs, key);
}

//  h(t): active parties of the municipality that have t (0 if none).
static int64_t
s_holders (void *arg, const char *term)
{
    match_pool_t *self = (match_pool_t *)arg;
    int lo = 0, hi = PQntuples (self->rarity);
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int cmp = strcmp (PQgetvalue (self->rarity, mid, 0), term);
        if (cmp == 0)
            return strtoll (PQgetvalue (self->rarity, mid, 1), NULL, 10);
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

//  The name of party id in the pool, NULL if it has none (a volunteer)
static const char *
s_name (match_pool_t *pool, int64_t id)
{
    const score_party_t *p = match_pool_find (pool, id);
    return p ? p->name : NULL;
}

//  The name of the area of party a, NULL if the registry gave none
static const char *
s_area_name (match_pool_t *pool, const score_party_t *a)
{
    const score_party_t *p = match_pool_find (pool, a->id);
    if (!p || PQgetisnull (pool->parties, (int)(p - pool->items), 9))
        return NULL;
    return PQgetvalue (pool->parties, (int)(p - pool->items), 9);
}

//  The contributions as an array of maps (reason, points, and the term,
//  direction and counts that explain it; the names of the area and of the
//  parties, for people to read).
static void
s_explain (sk_pack_t *explain, match_pool_t *pool, const score_party_t *a,
           const score_part_t *parts, int n)
{
    sk_pack_array (explain, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        const score_part_t *p = &parts[i];
        bool competence = streq (p->reason, "competence");
        bool directed = streq (p->reason, "volunteers") || streq (p->reason, "mentor");
        bool area = streq (p->reason, "area");
        const char *area_name = area ? s_area_name (pool, a) : NULL;
        const char *from_name = competence || directed ? s_name (pool, p->from) : NULL;
        const char *to_name = competence || directed ? s_name (pool, p->to) : NULL;
        sk_pack_map (explain, 2 + (p->term != NULL) + (competence ? 6 : 0) + area
                                  + (area_name != NULL) + (directed ? 3 : 0) + (from_name != NULL)
                                  + (to_name != NULL));
        sk_pack_kstr (explain, "reason", p->reason);
        sk_pack_kint (explain, "points", p->points);
        if (p->term)
            sk_pack_kstr (explain, "term", p->term);
        if (area)
            sk_pack_kint (explain, "area", a->area);
        if (area_name)
            sk_pack_kstr (explain, "area_name", area_name);
        if (from_name)
            sk_pack_kstr (explain, "from_name", from_name);
        if (to_name)
            sk_pack_kstr (explain, "to_name", to_name);
        if (directed) {
            sk_pack_kint (explain, "from", p->from);
            sk_pack_kint (explain, "to", p->to);
            sk_pack_kint (explain, streq (p->reason, "mentor") ? "members" : "active_volunteers",
                          p->count);
        }
        if (competence) {
            sk_pack_kint (explain, "from", p->from);
            sk_pack_kint (explain, "to", p->to);
            sk_pack_kint (explain, "holders", p->holders);
            sk_pack_kint (explain, "weight", p->weight);
            sk_pack_kint (explain, "has_level", p->has_level);
            sk_pack_kint (explain, "needs_level", p->needs_level);
        }
    }
}

int64_t
match_score_given (match_pool_t *pool, const score_party_t *giver, const score_party_t *taker)
{
    return score_given (s_holders, pool, giver, taker);
}

int64_t
match_score_pair (match_pool_t *pool, const score_party_t *a, const score_party_t *b,
                  sk_pack_t *explain)
{
    //  Contributions are recorded only when they are to be explained
    score_part_t *parts =
        explain ? (score_part_t *)sk_malloc (SCORE_MAX_PARTS * sizeof (score_part_t)) : NULL;
    int n = 0;
    int64_t score = score_pair (s_holders, pool, a, b, parts, &n);
    if (explain && score > 0)
        s_explain (explain, pool, a, parts, n);
    free (parts);
    return score;
}

//  --------------------------------------------------------------------------
//  match.party.suggest

typedef struct {
    score_party_t *party;
    const char *kind;
    int64_t score;
} s_candidate_t;

static int
s_candidate_cmp (const void *x, const void *y)
{
    const s_candidate_t *a = (const s_candidate_t *)x, *b = (const s_candidate_t *)y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->party->id < b->party->id ? -1 : a->party->id > b->party->id;
}

int
match_party_suggest (sk_call_t *call)
{
    static const char *keys[] = { "id", "limit", "kind", NULL };
    int64_t limit = 10;
    const char *only = NULL;
    const char *id = NULL;
    if (sk_call_known_keys (call, NULL, keys) || !(id = match_id (call, NULL, "id", true))
        || sk_call_int (call, NULL, "limit", 1, 100, false, &limit) < 0
        || sk_call_str (call, NULL, "kind", 40, false, &only) < 0)
        return -1;
    const char *l, *r;
    if (only && score_kind_parse (only, &l, &r))
        return sk_call_fail (call, "invalid_argument", "kind", "unknown kind of partnership \"%s\"",
                             only);
    //  The room is the kind's when one kind is asked for
    match_pool_t *pool = match_pool_load_for (call, 31, only);
    if (!pool)
        return -1;
    score_party_t *self = match_pool_find (pool, strtoll (id, NULL, 10));
    if (!self) {
        match_pool_destroy (&pool);
        return sk_call_fail (call, "not_found", "id",
                             "party %s is not an active party of municipality %s "
                             "in the match service's copy of the registry",
                             id, call->req->tenant);
    }
    s_candidate_t *cands = (s_candidate_t *)sk_malloc ((pool->count + 1) * sizeof (s_candidate_t));
    size_t ncands = 0;
    for (size_t i = 0; i < pool->count; i++) {
        score_party_t *other = &pool->items[i];
        if (other == self || other->capacity <= 0
            || match_pool_excluded (pool, self->id, other->id))
            continue;
        for (size_t k = 0; score_kind_name (k); k++) {
            const char *kind = score_kind_name (k);
            if (only && !streq (only, kind))
                continue;
            if (score_kind_allows (kind, self, other) || score_kind_allows (kind, other, self)) {
                int64_t score = match_score_pair (pool, self, other, NULL);
                if (score > 0)
                    cands[ncands++] = (s_candidate_t){ other, kind, score };
                break;
            }
        }
    }
    qsort (cands, ncands, sizeof *cands, s_candidate_cmp);
    size_t shown = ncands < (size_t)limit ? ncands : (size_t)limit;
    //  Items go to a buffer first: long explanations stop the list before
    //  the reply would pass the frame limit
    sk_pack_t items;
    sk_pack_init (&items);
    size_t packed = 0;
    for (; packed < shown && items.buf.size < SK_MAX_FRAME / 2; packed++) {
        score_party_t *o = cands[packed].party;
        sk_pack_map (&items, 6);
        sk_pack_kint (&items, "id", o->id);
        sk_pack_kstr (&items, "kind", o->kind);
        sk_pack_kstr (&items, "name", o->name);
        sk_pack_kstr (&items, "partnership", cands[packed].kind);
        sk_pack_kint (&items, "score", cands[packed].score);
        sk_pack_str (&items, "explanation");
        match_score_pair (pool, self, o, &items);
    }
    sk_pack_map (&call->reply, 4);
    sk_pack_kint (&call->reply, "id", self->id);
    sk_pack_kstr (&call->reply, "kind", self->kind);
    sk_pack_kint (&call->reply, "capacity_left", self->capacity);
    sk_pack_str (&call->reply, "items");
    sk_pack_array (&call->reply, (uint32_t)packed);
    if (items.buf.size)
        sk_pack_raw (&call->reply, items.buf.data, items.buf.size);
    sk_pack_release (&items);
    free (cands);
    match_pool_destroy (&pool);
    return 0;
}

//  match.party.get: the copy of one party, as scoring sees it.
int
match_party_get (sk_call_t *call)
{
    const char *id = match_only_id (call);
    if (!id)
        return -1;
    const char *params[] = { id };
    const sk_stmt_t stmts[] = {
        { "SELECT id, kind, name, area, capacity, csr_capacity, institution_type, "
          "availability, members, archived, version, seq FROM party WHERE id = $1",
          1, params },
        { "SELECT relation, term, level FROM party_term WHERE party_id = $1 "
          "ORDER BY relation, term COLLATE \"C\"",
          1, params },
    };
    PGresult *res[2];
    if (sk_db_exec_batch (call->db, &call->err, 2, stmts, res))
        return -1;
    if (PQntuples (res[0]) == 0) {
        PQclear (res[0]);
        PQclear (res[1]);
        return sk_call_fail (call, "not_found", "id", "party %s is not in the match service's copy",
                             id);
    }
    sk_pack_t rows;
    sk_pack_init (&rows);
    match_pack_rows (&rows, res[0], "id,area,capacity,csr_capacity,members,version,seq", NULL);
    //  The one row's map, then the declarations
    const char *data = rows.buf.data + 1; //  skip the 1-element array header
    size_t size = rows.buf.size - 1;
    msgpack_unpacked u;
    msgpack_unpacked_init (&u);
    msgpack_unpack_next (&u, data, size, NULL);
    uint32_t fields = u.data.via.map.size;
    msgpack_unpacked_destroy (&u);
    sk_pack_map (&call->reply, fields + 4);
    //  The map header of a fixmap/map16 row: repack its pairs
    size_t header = fields < 16 ? 1 : 3;
    sk_pack_raw (&call->reply, data + header, size - header);
    for (int rel = 0; rel < 4; rel++) {
        static const char *names[4] = { "has", "needs", "serves", "speaks" };
        int count = 0;
        for (int i = 0; i < PQntuples (res[1]); i++)
            count += streq (PQgetvalue (res[1], i, 0), names[rel]);
        sk_pack_str (&call->reply, names[rel]);
        sk_pack_array (&call->reply, (uint32_t)count);
        for (int i = 0; i < PQntuples (res[1]); i++)
            if (streq (PQgetvalue (res[1], i, 0), names[rel])) {
                sk_pack_map (&call->reply, 2);
                sk_pack_kstr (&call->reply, "term", PQgetvalue (res[1], i, 1));
                sk_pack_kint (&call->reply, "level", strtoll (PQgetvalue (res[1], i, 2), NULL, 10));
            }
    }
    sk_pack_release (&rows);
    PQclear (res[0]);
    PQclear (res[1]);
    return 0;
}
