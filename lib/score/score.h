/*  score.h: the score of a pair of parties, with its explanation.

    Pure arithmetic on what the match service knows of two parties (their
    declared competences, target groups and languages, area, members and
    volunteers, free-text availability): no database, no messages. The
    service loads the parties (services/match/match_score.c) and packs the
    explanation; the formula and its reasons are here, in score.c's header
    comment and in doc/DECISIONS.md, "Match scoring".

        score_party_t a = {...}, b = {...};      //  filled from the copy
        score_part_t parts[SCORE_MAX_PARTS];
        int n = 0;
        int64_t s = score_pair (holders, arg, &a, &b, parts, &n);
        //  parts[0..n) sum to s: reason, term, direction, points

    Rarity needs the whole municipality: score_pair asks holders (arg,
    term) how many active parties have a competence, and treats 0 as 1.
    Everything is integer arithmetic with truncating division, so a score
    is the same on every machine. Thread-safe: no state of its own.
*/
#ifndef SCORE_SCORE_H_INCLUDED
#define SCORE_SCORE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  The relations a party declares terms in: rel[SCORE_HAS], ...
#define SCORE_HAS    0
#define SCORE_NEEDS  1
#define SCORE_SERVES 2
#define SCORE_SPEAKS 3

//  One declared term, with its level (1-3, 2 when not given).
typedef struct {
    const char *term;
    int level;
} score_term_t;

//  A party as scoring sees it. Strings and terms are borrowed.
typedef struct {
    int64_t id;
    char kind[16];                //  association, company, institution, volunteer, citizen
    const char *name;             //  NULL for volunteers
    int64_t area;                 //  0 if none
    int64_t capacity;             //  partnerships it may take part in, after filters
    const char *institution_type; //  NULL unless an institution
    int64_t members;              //  an association's members, -1 if not given
    int64_t active_volunteers;    //  an association's active volunteers, -1 if not given
    uint32_t available;           //  score_availability of its availability; 0 unknown
    score_term_t *rel[4];         //  has, needs, serves, speaks
    int nrel[4];
} score_party_t;

//  One contribution to a score, for the explanation.
typedef struct {
    const char *reason; //  competence, two_way, target_group, volunteers, mentor, language, area
    const char *term;   //  NULL for two_way, volunteers, mentor and area
    int64_t from, to;   //  direction of a competence, volunteers or mentor; 0 otherwise
    int64_t points;
    int64_t holders, weight, has_level, needs_level; //  competence only
    int64_t count; //  volunteers: the giver's active volunteers; mentor: members
} score_part_t;

//  Most contributions recorded for one pair (the score counts them all).
#define SCORE_MAX_PARTS 1024

//  How many active parties of the municipality have term (h(t)).
typedef int64_t (*score_holders_fn) (void *arg, const char *term);

//  The score of a pair (0: nothing in common worth proposing). When parts
//  is not NULL, the contributions are appended at parts[*n] (up to
//  SCORE_MAX_PARTS) and *n advanced; they sum to the score when it is > 0.
//  Without parts, n may be NULL.
int64_t score_pair (score_holders_fn holders, void *arg, const score_party_t *a,
                    const score_party_t *b, score_part_t *parts, int *n);

//  The points of the competences giver has and taker needs (one direction).
int64_t score_given (score_holders_fn holders, void *arg, const score_party_t *giver,
                     const score_party_t *taker);

//  The kinds of partnership: "association-association", ... The k-th name
//  (NULL past the last); score_kind_parse fills the left and right kind and
//  returns 0, or -1 if unknown.
const char *score_kind_name (size_t k);
int score_kind_parse (const char *kind, const char **left, const char **right);

//  True if a of kind left and b of kind right may be partners under kind:
//  distinct, of the right kinds, with times that meet when both gave them,
//  and (association-institution) b a school or youth club.
bool score_kind_allows (const char *kind, const score_party_t *a, const score_party_t *b);

//  The times a free-text availability names, Danish or English, as bits
//  7 * part + day (days Monday 0 .. Sunday 6; parts morning 0, afternoon 1,
//  evening 2): "tirsdag aften", "hverdage efter kl. 16" (days only: every
//  part), "weekend", "evenings" (parts only: every day). 0 when it names
//  none, which filters nothing.
uint32_t score_availability (const char *text);

//  Selftest; prints TAP lines through sk_check.h.
void score_test (bool verbose);

#endif
