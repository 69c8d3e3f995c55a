/*  score.c: integer scores with their explanations.

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
    and mentoring score 0 is not proposed, whatever languages and area add.
    Each contribution is recorded as a part with its term, direction and
    points, and the points sum to the score.
*/
#include "score/score.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sk_check.h"

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

//  Each part recorded only when parts is given, and only while there is room
#define S_PART(...)                                                                                \
    do {                                                                                           \
        if (parts && *n < SCORE_MAX_PARTS)                                                         \
            parts[(*n)++] = (score_part_t){ __VA_ARGS__ };                                         \
    } while (0)

static bool
s_streq (const char *a, const char *b)
{
    return strcmp (a, b) == 0;
}

//  Competences giver has that taker needs; appends parts, returns the sum.
static int64_t
s_direction (score_holders_fn holders_of, void *arg, const score_party_t *giver,
             const score_party_t *taker, score_part_t *parts, int *n)
{
    int64_t sum = 0;
    for (int i = 0; i < giver->nrel[SCORE_HAS]; i++)
        for (int j = 0; j < taker->nrel[SCORE_NEEDS]; j++) {
            const score_term_t *h = &giver->rel[SCORE_HAS][i];
            const score_term_t *d = &taker->rel[SCORE_NEEDS][j];
            if (!s_streq (h->term, d->term))
                continue;
            int64_t holders = holders_of (arg, h->term);
            if (holders < 1)
                holders = 1;
            int64_t weight = S_W_BASE + S_W_RARE / holders;
            int64_t points = weight * h->level * d->level / 4;
            sum += points;
            S_PART (.reason = "competence", .term = h->term, .from = giver->id, .to = taker->id,
                    .points = points, .holders = holders, .weight = weight, .has_level = h->level,
                    .needs_level = d->level);
        }
    return sum;
}

//  Terms of relation rel both have; appends parts of points each.
static int64_t
s_shared (const score_party_t *a, const score_party_t *b, int rel, const char *reason,
          int64_t points, score_part_t *parts, int *n)
{
    int64_t sum = 0;
    for (int i = 0; i < a->nrel[rel]; i++)
        for (int j = 0; j < b->nrel[rel]; j++)
            if (s_streq (a->rel[rel][i].term, b->rel[rel][j].term)) {
                sum += points;
                S_PART (.reason = reason, .term = a->rel[rel][i].term, .points = points);
            }
    return sum;
}

//  One has the target group, the other the volunteers: giver, an
//  association with many active volunteers, and taker, an association or
//  institution that serves a target group with few (or unknown) volunteers.
static int64_t
s_volunteers (const score_party_t *giver, const score_party_t *taker, score_part_t *parts, int *n)
{
    if (!s_streq (giver->kind, "association") || giver->active_volunteers < S_MANY_VOLUNTEERS
        || taker->nrel[SCORE_SERVES] == 0 || taker->active_volunteers >= S_FEW_VOLUNTEERS
        || !(s_streq (taker->kind, "association") || s_streq (taker->kind, "institution")))
        return 0;
    S_PART (.reason = "volunteers", .from = giver->id, .to = taker->id, .points = S_VOLUNTEERS,
            .count = giver->active_volunteers);
    return S_VOLUNTEERS;
}

//  An experienced association (many members) that has what a new or small
//  one needs: a mentor. Called only when the giver's competences score.
static int64_t
s_mentor (const score_party_t *giver, const score_party_t *taker, score_part_t *parts, int *n)
{
    if (!s_streq (giver->kind, "association") || !s_streq (taker->kind, "association")
        || giver->members < S_EXPERIENCED || taker->members < 0 || taker->members >= S_NEW)
        return 0;
    S_PART (.reason = "mentor", .from = giver->id, .to = taker->id, .points = S_MENTOR,
            .count = giver->members);
    return S_MENTOR;
}

int64_t
score_given (score_holders_fn holders, void *arg, const score_party_t *giver,
             const score_party_t *taker)
{
    int n = 0;
    return s_direction (holders, arg, giver, taker, NULL, &n);
}

int64_t
score_pair (score_holders_fn holders, void *arg, const score_party_t *a, const score_party_t *b,
            score_part_t *parts, int *n)
{
    int64_t ab = s_direction (holders, arg, a, b, parts, n);
    int64_t ba = s_direction (holders, arg, b, a, parts, n);
    int64_t score = ab + ba;
    if (ab > 0 && ba > 0) {
        int64_t bonus = (ab < ba ? ab : ba) / 2;
        score += bonus;
        S_PART (.reason = "two_way", .points = bonus);
    }
    score += s_shared (a, b, SCORE_SERVES, "target_group", S_TARGET, parts, n);
    score += s_volunteers (a, b, parts, n) + s_volunteers (b, a, parts, n);
    if (ab > 0)
        score += s_mentor (a, b, parts, n);
    if (ba > 0)
        score += s_mentor (b, a, parts, n);
    if (score > 0) {
        score += s_shared (a, b, SCORE_SPEAKS, "language", S_LANGUAGE, parts, n);
        if (a->area && a->area == b->area) {
            score += S_AREA;
            S_PART (.reason = "area", .points = S_AREA);
        }
    }
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

const char *
score_kind_name (size_t k)
{
    return k < sizeof s_kinds / sizeof s_kinds[0] ? s_kinds[k].name : NULL;
}

int
score_kind_parse (const char *kind, const char **left, const char **right)
{
    for (int i = 0; s_kinds[i].name; i++)
        if (s_streq (kind, s_kinds[i].name)) {
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
} s_times[] = { { .word = "mandag*", .days = 1 },
                { .word = "mon", .days = 1 },
                { .word = "monday*", .days = 1 },
                { .word = "tir", .days = 2 },
                { .word = "tirsdag*", .days = 2 },
                { .word = "tue", .days = 2 },
                { .word = "tuesday*", .days = 2 },
                { .word = "ons", .days = 4 },
                { .word = "onsdag*", .days = 4 },
                { .word = "wed", .days = 4 },
                { .word = "wednesday*", .days = 4 },
                { .word = "torsdag*", .days = 8 },
                { .word = "thu", .days = 8 },
                { .word = "thursday*", .days = 8 },
                { .word = "fre", .days = 16 },
                { .word = "fredag*", .days = 16 },
                { .word = "fri", .days = 16 },
                { .word = "friday*", .days = 16 },
                { .word = "l\xc3\xb8r", .days = 32 },
                { .word = "l\xc3\xb8rdag*", .days = 32 },
                { .word = "sat", .days = 32 },
                { .word = "saturday*", .days = 32 },
                { .word = "s\xc3\xb8ndag*", .days = 64 },
                { .word = "sun", .days = 64 },
                { .word = "sunday*", .days = 64 },
                { .word = "hverdag*", .days = 31 },
                { .word = "weekday*", .days = 31 },
                { .word = "weekend*", .days = 96 },
                { .word = "dagligt", .days = 127 },
                { .word = "daily", .days = 127 },
                { .word = "altid", .days = 127, .parts = 7 },
                { .word = "anytime", .days = 127, .parts = 7 },
                { .word = "*morgen*", .days = 0, .parts = 1 },
                { .word = "*formiddag*", .days = 0, .parts = 1 },
                { .word = "morning*", .days = 0, .parts = 1 },
                { .word = "*eftermiddag*", .days = 0, .parts = 2 },
                { .word = "afternoon*", .days = 0, .parts = 2 },
                { .word = "*aften*", .days = 0, .parts = 4 },
                { .word = "evening*", .days = 0, .parts = 4 },
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
score_availability (const char *text)
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
score_kind_allows (const char *kind, const score_party_t *a, const score_party_t *b)
{
    const char *left, *right;
    if (score_kind_parse (kind, &left, &right) || a->id == b->id || !s_streq (a->kind, left)
        || !s_streq (b->kind, right))
        return false;
    //  Both said when they can, and those times never meet
    if (a->available && b->available && !(a->available & b->available))
        return false;
    //  Schools and youth clubs are the door to association life
    if (s_streq (kind, "association-institution"))
        return b->institution_type
               && (s_streq (b->institution_type, "school")
                   || s_streq (b->institution_type, "youth_club"));
    return true;
}


//  --------------------------------------------------------------------------
//  Selftest: the worked example of doc/DECISIONS.md, "Match scoring"

//  Two parties of the municipality have "it", one has "accounting".
static int64_t
s_test_holders (void *arg, const char *term)
{
    (void)arg;
    return s_streq (term, "it") ? 2 : s_streq (term, "accounting") ? 1 : 0;
}

void
score_test (bool verbose)
{
    if (verbose)
        printf ("# score_test\n");
    SK_CASE_BEGIN ();
    score_term_t a_has[] = { { .term = "it", .level = 3 } },
                 a_needs[] = { { .term = "accounting", .level = 2 } };
    score_term_t b_has[] = { { .term = "accounting", .level = 2 } },
                 b_needs[] = { { .term = "it", .level = 2 } };
    score_term_t serves[] = { { .term = "youth", .level = 2 } },
                 speaks[] = { { .term = "da", .level = 2 } };
    score_party_t a = {
        .id = 1, .kind = "association", .area = 4, .members = 150, .active_volunteers = 12
    };
    score_party_t b = {
        .id = 2, .kind = "association", .area = 4, .members = 20, .active_volunteers = -1
    };
    a.rel[SCORE_HAS] = a_has, a.nrel[SCORE_HAS] = 1;
    a.rel[SCORE_NEEDS] = a_needs, a.nrel[SCORE_NEEDS] = 1;
    a.rel[SCORE_SPEAKS] = speaks, a.nrel[SCORE_SPEAKS] = 1;
    b.rel[SCORE_HAS] = b_has, b.nrel[SCORE_HAS] = 1;
    b.rel[SCORE_NEEDS] = b_needs, b.nrel[SCORE_NEEDS] = 1;
    b.rel[SCORE_SERVES] = serves, b.nrel[SCORE_SERVES] = 1;
    b.rel[SCORE_SPEAKS] = speaks, b.nrel[SCORE_SPEAKS] = 1;
    //  it: w = 100 + 900 / 2 = 550, 550 * 3 * 2 / 4 = 825 (a to b);
    //  accounting: w = 1000, 1000 * 2 * 2 / 4 = 1000 (b to a); two-way
    //  min / 2 = 412; volunteers 200 (a has them, b serves a group with
    //  none given); mentor 100 (150 members, b 20); language 50; area 200.
    CHECK_INT_EQ (score_given (s_test_holders, NULL, &a, &b), 825);
    CHECK_INT_EQ (score_given (s_test_holders, NULL, &b, &a), 1000);
    score_part_t parts[SCORE_MAX_PARTS];
    int n = 0;
    int64_t score = score_pair (s_test_holders, NULL, &a, &b, parts, &n);
    CHECK_INT_EQ (score, 825 + 1000 + 412 + 200 + 100 + 50 + 200);
    int64_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += parts[i].points;
    CHECK_INT_EQ (sum, score);
    CHECK_INT_EQ (n, 7);
    CHECK_STR_EQ (parts[0].reason, "competence");
    CHECK_STR_EQ (parts[0].term, "it");
    CHECK_INT_EQ (parts[0].weight, 550);
    CHECK_STR_EQ (parts[2].reason, "two_way");
    //  Languages and area alone are not worth a proposal
    score_party_t c = {
        .id = 3, .kind = "association", .area = 4, .members = -1, .active_volunteers = -1
    };
    c.rel[SCORE_SPEAKS] = speaks, c.nrel[SCORE_SPEAKS] = 1;
    CHECK_INT_EQ (score_pair (s_test_holders, NULL, &a, &c, NULL, NULL), 0);
    SK_CASE_END ("score: the worked example, its parts summing to the score");

    SK_CASE_BEGIN ();
    const char *left = NULL, *right = NULL;
    CHECK_INT_EQ (score_kind_parse ("company-association", &left, &right), 0);
    CHECK_STR_EQ (left, "company");
    CHECK_STR_EQ (right, "association");
    CHECK_INT_EQ (score_kind_parse ("company-company", &left, &right), -1);
    CHECK_STR_EQ (score_kind_name (0), "association-association");
    size_t kinds = 0;
    while (score_kind_name (kinds))
        kinds++;
    CHECK_INT_EQ (kinds, 5);
    CHECK (score_kind_allows ("association-association", &a, &b));
    CHECK (!score_kind_allows ("association-association", &a, &a));
    CHECK (!score_kind_allows ("company-association", &a, &b));
    score_party_t school = { .id = 5, .kind = "institution", .institution_type = "school" };
    CHECK (score_kind_allows ("association-institution", &a, &school));
    school.institution_type = "library";
    CHECK (!score_kind_allows ("association-institution", &a, &school));
    SK_CASE_END ("score: kinds of partnership");

    SK_CASE_BEGIN ();
    //  Tuesday evening: day 1, part 2
    CHECK_INT_EQ (score_availability ("tirsdag aften"), 1u << (7 * 2 + 1));
    CHECK_INT_EQ (score_availability ("Weekend"), (96u) | (96u << 7) | (96u << 14));
    CHECK_INT_EQ (score_availability ("hvis man vil"), 0);
    CHECK_INT_EQ (score_availability (NULL), 0);
    a.available = score_availability ("mandag morgen");
    b.available = score_availability ("fredag aften");
    CHECK (!score_kind_allows ("association-association", &a, &b));
    b.available = 0; //  unknown filters nothing
    CHECK (score_kind_allows ("association-association", &a, &b));
    SK_CASE_END ("score: availability from free text");
}
