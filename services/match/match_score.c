/*  match_score.c: integer scores with their explanations, and suggestions.

    The score of a pair (doc/DECISIONS.md, "Match scoring"), all integers:

      rarity weight of competence t   w(t) = 100 + 900 / h(t)
          h(t) = active parties of the municipality that have t (>= 1)
      A has t at level la, B needs t at level lb:   w(t) * la * lb / 4
          (levels 1-3, 2 when not given: 2 x 2 / 4 = 1 x w(t))
      two-way complementarity (both directions score):
          min(sum A->B, sum B->A) / 2
      each target group both serve:   150
      one has the target group, the other the volunteers:   200
          (an association with >= 10 active volunteers; an association or
          institution that serves a target group with < 5 or unknown)
      an experienced association mentors a new one:         100
          (>= 100 members has a competence one with < 25 members needs)
      each language both speak:        50
      same area:                      200

    Divisions truncate. A pair whose competences, target groups, volunteers
    and mentoring score 0 is not proposed, whatever languages and area add. Each contribution is
    packed in the explanation with its term, direction and points, and the
    points sum to the score.
*/
#include "match_svc.h"

#define S_W_BASE          100
#define S_W_RARE          900
#define S_TARGET          150
#define S_LANGUAGE        50
#define S_AREA            200
#define S_VOLUNTEERS      200 //  one has the target group, the other the volunteers
#define S_MANY_VOLUNTEERS 10  //  active volunteers that make "the volunteers"
#define S_FEW_VOLUNTEERS  5   //  fewer: the side that lacks them
#define S_MENTOR          100 //  an experienced association helps a new one
#define S_EXPERIENCED     100 //  members that make an association experienced
#define S_NEW             25  //  fewer members: a new or small association

struct _match_pool_t {
    PGresult *parties, *terms, *rarity, *excluded;
    match_party_t *items;
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
    char *mask = sk_call_strdup (call, "{");
    for (int k = 0, n = 0; k < 5; k++)
        if (kinds & (1u << k))
            mask = sk_call_printf (call, "%s%s%s", mask, n++ ? "," : "", s_kind_names[k]);
    mask = sk_call_printf (call, "%s}", mask);
    const char *params[] = { call->req->tenant, mask };
    const sk_stmt_t stmts[] = {
        { "SELECT p.id, p.kind, p.name, coalesce(p.area, 0), "
          "CASE p.kind WHEN 'company' THEN coalesce(p.csr_capacity, 1) "
          "WHEN 'association' THEN 1 ELSE coalesce(p.capacity, 1) END "
          "- (SELECT count(*) FROM proposal x WHERE x.state IN ('proposed', "
          "'accepted_by_left', 'accepted_by_right') AND x.expires_at > now() "
          "AND (x.left_id = p.id OR x.right_id = p.id)) "
          "- (SELECT count(*) FROM agreement_party ap JOIN agreement a ON "
          "a.id = ap.agreement_id WHERE ap.party_id = p.id AND a.status <> 'ended'), "
          "p.institution_type, coalesce(p.members, -1), "
          "coalesce(p.active_volunteers, -1), p.availability "
          "FROM party p WHERE p.tenant = $1 AND NOT p.archived "
          "AND p.kind = ANY($2::text[]) ORDER BY p.id",
          2, params },
        { "SELECT t.party_id, t.relation, t.term, t.level FROM party_term t "
          "JOIN party p ON p.id = t.party_id WHERE p.tenant = $1 AND NOT p.archived "
          "AND p.kind = ANY($2::text[]) ORDER BY t.party_id, t.relation, "
          "t.term COLLATE \"C\"",
          2, params },
        { "SELECT t.term, count(*) FROM party_term t JOIN party p ON p.id = t.party_id "
          "WHERE p.tenant = $1 AND NOT p.archived AND t.relation = 'has' "
          "GROUP BY t.term ORDER BY t.term COLLATE \"C\"",
          1, params },
        { "SELECT a, b FROM declined WHERE tenant = $1 UNION "
          "SELECT least(left_id, right_id), greatest(left_id, right_id) FROM proposal "
          "WHERE tenant = $1 AND state <> 'expired' AND NOT (state IN ('proposed', "
          "'accepted_by_left', 'accepted_by_right') AND expires_at <= now())",
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
    self->items = (match_party_t *)sk_malloc ((self->count + 1) * sizeof (match_party_t));
    memset (self->items, 0, (self->count + 1) * sizeof (match_party_t));
    //  Each party's terms: count first, then point into the result
    int nterms = PQntuples (self->terms), t = 0;
    for (size_t i = 0; i < self->count; i++) {
        match_party_t *p = &self->items[i];
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
        p->available = match_availability (PQgetvalue (self->parties, (int)i, 8));
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
                (match_term_t *)sk_malloc ((size_t)(p->nrel[r] + 1) * sizeof (match_term_t));
            p->nrel[r] = 0;
        }
        for (int k = start; k < t; k++) {
            int rel = s_relation_index (PQgetvalue (self->terms, k, 1));
            if (rel < 0)
                continue;
            match_term_t *term = &p->rel[rel][p->nrel[rel]++];
            term->term = PQgetvalue (self->terms, k, 2);
            term->level = atoi (PQgetvalue (self->terms, k, 3));
        }
    }
    self->pairs = zhash_new ();
    for (int i = 0; i < PQntuples (self->excluded); i++) {
        char key[48];
        snprintf (key, sizeof key, "%s:%s", PQgetvalue (self->excluded, i, 0),
                  PQgetvalue (self->excluded, i, 1));
        zhash_insert (self->pairs, key, self);
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

match_party_t *
match_pool_party (match_pool_t *self, size_t index)
{
    return index < self->count ? &self->items[index] : NULL;
}

match_party_t *
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
    char key[48];
    snprintf (key, sizeof key, "%lld:%lld", (long long)(a < b ? a : b), (long long)(a < b ? b : a));
    return zhash_lookup (self->pairs, key) != NULL;
}

//  h(t): active parties of the municipality that have t (0 if none).
static int64_t
s_holders (match_pool_t *self, const char *term)
{
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

//  One contribution to a score
typedef struct {
    const char *reason; //  competence, two_way, target_group, language, area
    const char *term;   //  NULL for two_way and area
    int64_t from, to;   //  direction of a competence; 0 otherwise
    int64_t points;
    int64_t holders, weight, has_level, needs_level; //  competence only
    int64_t count; //  volunteers: the giver's active volunteers; mentor: members
} s_part_t;

#define S_MAX_PARTS 1024

//  Competences giver has that taker needs; appends parts, returns the sum.
static int64_t
s_direction (match_pool_t *pool, const match_party_t *giver, const match_party_t *taker,
             s_part_t *parts, int *n)
{
    int64_t sum = 0;
    for (int i = 0; i < giver->nrel[MATCH_HAS]; i++)
        for (int j = 0; j < taker->nrel[MATCH_NEEDS]; j++) {
            const match_term_t *h = &giver->rel[MATCH_HAS][i];
            const match_term_t *d = &taker->rel[MATCH_NEEDS][j];
            if (!streq (h->term, d->term))
                continue;
            int64_t holders = s_holders (pool, h->term);
            if (holders < 1)
                holders = 1;
            int64_t weight = S_W_BASE + S_W_RARE / holders;
            int64_t points = weight * h->level * d->level / 4;
            sum += points;
            if (parts && *n < S_MAX_PARTS)
                parts[(*n)++] = (s_part_t){ "competence", h->term, giver->id, taker->id, points,
                                            holders,      weight,  h->level,  d->level };
        }
    return sum;
}

//  Terms of relation rel both have; appends parts of points each.
static int64_t
s_shared (const match_party_t *a, const match_party_t *b, int rel, const char *reason,
          int64_t points, s_part_t *parts, int *n)
{
    int64_t sum = 0;
    for (int i = 0; i < a->nrel[rel]; i++)
        for (int j = 0; j < b->nrel[rel]; j++)
            if (streq (a->rel[rel][i].term, b->rel[rel][j].term)) {
                sum += points;
                if (parts && *n < S_MAX_PARTS)
                    parts[(*n)++] =
                        (s_part_t){ reason, a->rel[rel][i].term, 0, 0, points, 0, 0, 0, 0 };
            }
    return sum;
}

//  One has the target group, the other the volunteers: giver, an
//  association with many active volunteers, and taker, an association or
//  institution that serves a target group with few (or unknown) volunteers.
static int64_t
s_volunteers (const match_party_t *giver, const match_party_t *taker, s_part_t *parts, int *n)
{
    if (!streq (giver->kind, "association") || giver->active_volunteers < S_MANY_VOLUNTEERS
        || taker->nrel[MATCH_SERVES] == 0 || taker->active_volunteers >= S_FEW_VOLUNTEERS
        || !(streq (taker->kind, "association") || streq (taker->kind, "institution")))
        return 0;
    if (parts && *n < S_MAX_PARTS)
        parts[(*n)++] = (s_part_t){ "volunteers",
                                    NULL,
                                    giver->id,
                                    taker->id,
                                    S_VOLUNTEERS,
                                    0,
                                    0,
                                    0,
                                    0,
                                    giver->active_volunteers };
    return S_VOLUNTEERS;
}

//  An experienced association (many members) that has what a new or small
//  one needs: a mentor. Called only when the giver's competences score.
static int64_t
s_mentor (const match_party_t *giver, const match_party_t *taker, s_part_t *parts, int *n)
{
    if (!streq (giver->kind, "association") || !streq (taker->kind, "association")
        || giver->members < S_EXPERIENCED || taker->members < 0 || taker->members >= S_NEW)
        return 0;
    if (parts && *n < S_MAX_PARTS)
        parts[(*n)++] = (s_part_t){ "mentor", NULL, giver->id, taker->id, S_MENTOR,
                                    0,        0,    0,         0,         giver->members };
    return S_MENTOR;
}

int64_t
match_score_given (match_pool_t *pool, const match_party_t *giver, const match_party_t *taker)
{
    int n = 0;
    return s_direction (pool, giver, taker, NULL, &n);
}

int64_t
match_score_pair (match_pool_t *pool, const match_party_t *a, const match_party_t *b,
                  sk_pack_t *explain)
{
    //  Contributions are recorded only when they are to be explained
    s_part_t *parts = explain ? (s_part_t *)sk_malloc (S_MAX_PARTS * sizeof (s_part_t)) : NULL;
    int n = 0;
    int64_t ab = s_direction (pool, a, b, parts, &n);
    int64_t ba = s_direction (pool, b, a, parts, &n);
    int64_t score = ab + ba;
    if (ab > 0 && ba > 0) {
        int64_t bonus = (ab < ba ? ab : ba) / 2;
        score += bonus;
        if (parts && n < S_MAX_PARTS)
            parts[n++] = (s_part_t){ "two_way", NULL, 0, 0, bonus, 0, 0, 0, 0 };
    }
    score += s_shared (a, b, MATCH_SERVES, "target_group", S_TARGET, parts, &n);
    score += s_volunteers (a, b, parts, &n) + s_volunteers (b, a, parts, &n);
    if (ab > 0)
        score += s_mentor (a, b, parts, &n);
    if (ba > 0)
        score += s_mentor (b, a, parts, &n);
    if (score > 0) {
        score += s_shared (a, b, MATCH_SPEAKS, "language", S_LANGUAGE, parts, &n);
        if (a->area && a->area == b->area) {
            score += S_AREA;
            if (parts && n < S_MAX_PARTS)
                parts[n++] = (s_part_t){ "area", NULL, 0, 0, S_AREA, 0, 0, 0, 0 };
        }
    }
    if (explain && score > 0) {
        sk_pack_array (explain, (uint32_t)n);
        for (int i = 0; i < n; i++) {
            const s_part_t *p = &parts[i];
            bool competence = streq (p->reason, "competence");
            bool directed = streq (p->reason, "volunteers") || streq (p->reason, "mentor");
            sk_pack_map (explain, 2 + (p->term != NULL) + (competence ? 6 : 0)
                                      + streq (p->reason, "area") + (directed ? 3 : 0));
            sk_pack_kstr (explain, "reason", p->reason);
            sk_pack_kint (explain, "points", p->points);
            if (p->term)
                sk_pack_kstr (explain, "term", p->term);
            if (streq (p->reason, "area"))
                sk_pack_kint (explain, "area", a->area);
            if (directed) {
                sk_pack_kint (explain, "from", p->from);
                sk_pack_kint (explain, "to", p->to);
                sk_pack_kint (explain,
                              streq (p->reason, "mentor") ? "members" : "active_volunteers",
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
    free (parts);
    return score;
}

//  --------------------------------------------------------------------------
//  Kinds of partnership

static const struct {
    const char *name, *left, *right;
} s_kinds[] = { { "association-association", "association", "association" },
                { "company-association", "company", "association" },
                { "volunteer-institution", "volunteer", "institution" },
                { "association-institution", "association", "institution" },
                { "volunteer-citizen", "volunteer", "citizen" },
                { NULL, NULL, NULL } };

int
match_kind_parse (const char *kind, const char **left, const char **right)
{
    for (int i = 0; s_kinds[i].name; i++)
        if (streq (kind, s_kinds[i].name)) {
            *left = s_kinds[i].left;
            *right = s_kinds[i].right;
            return 0;
        }
    return -1;
}

//  --------------------------------------------------------------------------
//  Availability

//  Short forms that are also everyday Danish words ("man", "tor", "søn")
//  are left out: "hvis man vil" is not Monday.
static const struct {
    const char *word; //  a whole word, "x*" a stem, "*x*" inside a word
    uint32_t days;    //  bit per day, Monday first
    uint32_t parts;   //  bit per part of the day
} s_times[] = { { "mandag*", 1 },
                { "mon", 1 },
                { "monday*", 1 },
                { "tir", 2 },
                { "tirsdag*", 2 },
                { "tue", 2 },
                { "tuesday*", 2 },
                { "ons", 4 },
                { "onsdag*", 4 },
                { "wed", 4 },
                { "wednesday*", 4 },
                { "torsdag*", 8 },
                { "thu", 8 },
                { "thursday*", 8 },
                { "fre", 16 },
                { "fredag*", 16 },
                { "fri", 16 },
                { "friday*", 16 },
                { "l\xc3\xb8r", 32 },
                { "l\xc3\xb8rdag*", 32 },
                { "sat", 32 },
                { "saturday*", 32 },
                { "s\xc3\xb8ndag*", 64 },
                { "sun", 64 },
                { "sunday*", 64 },
                { "hverdag*", 31 },
                { "weekday*", 31 },
                { "weekend*", 96 },
                { "dagligt", 127 },
                { "daily", 127 },
                { "altid", 127, 7 },
                { "anytime", 127, 7 },
                { "*morgen*", 0, 1 },
                { "*formiddag*", 0, 1 },
                { "morning*", 0, 1 },
                { "*eftermiddag*", 0, 2 },
                { "afternoon*", 0, 2 },
                { "*aften*", 0, 4 },
                { "evening*", 0, 4 },
                { NULL } };

//  Does word (len bytes, lower case) match pattern ("x", "x*", "*x*")?
static bool
s_word_is (const char *word, size_t len, const char *pattern)
{
    bool inside = pattern[0] == '*';
    const char *stem = pattern + inside;
    size_t n = strlen (stem);
    bool prefix = n && stem[n - 1] == '*';
    n -= prefix;
    if (inside)
        return len >= n && memmem (word, len, stem, n) != NULL;
    return prefix ? len >= n && memcmp (word, stem, n) == 0
                  : len == n && memcmp (word, stem, n) == 0;
}

uint32_t
match_availability (const char *text)
{
    uint32_t days = 0, parts = 0;
    char word[64];
    size_t len = 0;
    for (const char *c = text ? text : "";; c++) {
        unsigned char ch = (unsigned char)*c;
        //  Letters: ASCII and UTF-8 (Æ, Ø, Å folded to æ, ø, å)
        if (isalpha (ch) || ch >= 0x80) {
            if (len < sizeof word) {
                bool upper = len && (unsigned char)word[len - 1] == 0xC3
                             && (ch == 0x86 || ch == 0x98 || ch == 0x85);
                word[len++] = (char)(upper ? ch + 0x20 : tolower (ch));
            }
            continue;
        }
        for (int i = 0; len && len < sizeof word && s_times[i].word; i++)
            if (s_word_is (word, len, s_times[i].word)) {
                days |= s_times[i].days;
                parts |= s_times[i].parts;
            }
        len = 0;
        if (!ch)
            break;
    }
    if (!days && !parts)
        return 0;
    days = days ? days : 127;
    parts = parts ? parts : 7;
    uint32_t mask = 0;
    for (int part = 0; part < 3; part++)
        if (parts & (1u << part))
            mask |= days << (7 * part);
    return mask;
}

bool
match_kind_allows (const char *kind, const match_party_t *a, const match_party_t *b)
{
    const char *left, *right;
    if (match_kind_parse (kind, &left, &right) || a->id == b->id || !streq (a->kind, left)
        || !streq (b->kind, right))
        return false;
    //  Both said when they can, and those times never meet
    if (a->available && b->available && !(a->available & b->available))
        return false;
    //  Schools and youth clubs are the door to association life
    if (streq (kind, "association-institution"))
        return b->institution_type
               && (streq (b->institution_type, "school")
                   || streq (b->institution_type, "youth_club"));
    return true;
}

//  --------------------------------------------------------------------------
//  match.party.suggest

typedef struct {
    match_party_t *party;
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
    if (only && match_kind_parse (only, &l, &r))
        return sk_call_fail (call, "invalid_argument", "kind", "unknown kind of partnership \"%s\"",
                             only);
    match_pool_t *pool = match_pool_load (call, 31);
    if (!pool)
        return -1;
    match_party_t *self = match_pool_find (pool, strtoll (id, NULL, 10));
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
        match_party_t *other = &pool->items[i];
        if (other == self || other->capacity <= 0
            || match_pool_excluded (pool, self->id, other->id))
            continue;
        for (int k = 0; s_kinds[k].name; k++) {
            const char *kind = s_kinds[k].name;
            if (only && !streq (only, kind))
                continue;
            if (match_kind_allows (kind, self, other) || match_kind_allows (kind, other, self)) {
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
        match_party_t *o = cands[packed].party;
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
    static const char *keys[] = { "id", NULL };
    const char *id;
    if (sk_call_known_keys (call, NULL, keys) || !(id = match_id (call, NULL, "id", true)))
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
