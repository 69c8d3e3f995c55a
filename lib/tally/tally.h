/*  tally.h: participatory-budgeting rules over exact rationals.

    A tally_t holds one election: the budget, the projects with their
    exact costs, and the ballots (each a list of projects, with points for
    cumulative, scoring and ordinal-as-Borda ballots). tally_run applies
    one rule and returns a tally_result_t: the winners in selection
    order, their total cost and per-winner details.

    The rules and their exact semantics (those of pabutools 1.2.3, see
    shared/data/pabulib/README.md):
      greedy, greedy-card, greedy-threshold, mes, mes-card, mes-add1,
      mes-add1-greedy, phragmen.
    Ties are broken by the byte order of project ids. Every decision is
    exact: costs, budgets and prices are GMP rationals (mpq_t); MES first
    compares rigorous floating-point enclosures of those exact values and
    decides in rationals whenever an enclosure cannot prove a comparison
    (exact ties, for one), so no decision rests on a rounded value; the
    prices it reports are exact.

    Satisfaction: with TALLY_SAT_COST (approval, choose-1) a voter's
    utility for an approved project is its cost; with TALLY_SAT_POINTS
    (cumulative, scoring, ordinal) it is the points the ballot gives. The
    -card rules use 1 per project listed on the ballot.
    TALLY_SAT_POINTS_COST is samskab's own for points ballots (not
    pabutools'): the points times the project's cost, as cost satisfaction
    is 1 times the cost. Greedy's utility per unit of cost is then the
    points ("most points first", as cost satisfaction gives "most votes
    first"), and MES splits a project's cost among its supporters in
    proportion to their points (its price is per point). A .pb file asks
    for it with META samskab_counting (lib/pabulib/pb.h).

    Building an election without a .pb file (the vote service tallying a
    closed process from its database):

        tally_t *t = tally_new (TALLY_SAT_COST);
        tally_set_budget (t, budget);               //  mpq_t, exact
        int park = tally_add_project (t, "P-1", cost_park);
        int lamp = tally_add_project (t, "P-2", cost_lamp);
        uint32_t ballot[] = {park, lamp};
        tally_add_ballot (t, 2, ballot, NULL);      //  approval
        tally_add_ballot (t, 0, NULL, NULL);        //  empty: counts
        tally_result_t *r = tally_run (t, TALLY_MES_ADD1,
                                                 &err);
        for (size_t k = 0; k < tally_result_size (r); k++)
            ... tally_project_id (t, tally_result_winner (r, k))
        tally_result_destroy (&r);
        tally_destroy (&t);

    Approval and choose-1 ballots: points NULL, TALLY_SAT_COST.
    Cumulative and scoring: TALLY_SAT_POINTS, points per project.
    Ordinal: TALLY_SAT_POINTS and tally_add_ranking (Borda).
    The vote service's own cumulative and ranked processes: TALLY_SAT_POINTS_COST,
    tally_set_voted_only, and for ranked ballots tally_add_ballot with the
    places as points (k for the first of the pool down to 1).
    Project ids must be unique and non-empty; ballots name projects by the
    index tally_add_project returned. Add every project before the
    ballots that name it. One election is one budget (one pool): tally
    each pool as its own election. Link with $(LIB_TALLY) $(LIB_BASE)
    -lgmp -lm (lib/tally/module.mk).

    Cost: every rule is exact; mes-add1 on a 90,000-voter election takes
    well under a second (see BENCHMARKS.md). Not thread-safe per election:
    tally_run prepares lookup tables inside the election, so tally one
    election from one thread at a time (distinct elections are
    independent).

    Contract: C11, libc, GMP and lib/base (sk_mem) only; no PostgreSQL,
    ZeroMQ or czmq.
*/
#ifndef TALLY_TALLY_H_INCLUDED
#define TALLY_TALLY_H_INCLUDED

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _tally_t tally_t;
typedef struct _tally_result_t tally_result_t;

typedef enum {
    TALLY_GREEDY,
    TALLY_GREEDY_CARD,
    TALLY_GREEDY_THRESHOLD,
    TALLY_MES,
    TALLY_MES_CARD,
    TALLY_MES_ADD1,
    TALLY_MES_ADD1_GREEDY,
    TALLY_PHRAGMEN,
    TALLY_RULES //  number of rules, not a rule
} tally_rule_t;

typedef enum {
    TALLY_SAT_COST,       //  utility of an approved project is its cost
    TALLY_SAT_POINTS,     //  utility is the ballot's points for it
    TALLY_SAT_POINTS_COST //  utility is the ballot's points for it times its cost
} tally_sat_t;

//  Limits that keep every intermediate value small and every array bounded.
#define TALLY_MAX_PROJECTS 100000
#define TALLY_MAX_VOTERS   20000000
#define TALLY_MAX_POINTS   1000000 //  absolute value of one ballot's points

/*  Create an empty election whose natural satisfaction is sat, with budget
    zero and no threshold. Never returns NULL (allocation failure aborts). */
tally_t *tally_new (tally_sat_t sat);

/*  Destroy the election and null the caller's pointer. Safe on NULL. */
void tally_destroy (tally_t **self_p);

/*  Set the budget limit. Returns -1 if it is negative, else 0. */
int tally_set_budget (tally_t *self, const mpq_t budget);

/*  With voted_only, a project no ballot names (0 votes) is never selected,
    by any rule: greedy and greedy-threshold skip it, as do the greedy
    completion of mes-add1-greedy and phragmen (MES never selects one
    anyway). The default false keeps pabutools' rules, where greedy funds
    unsupported projects last if they fit. */
void tally_set_voted_only (tally_t *self, bool voted_only);

/*  Set the minimum score greedy-threshold requires (META
    min_project_score_threshold); the default 0 keeps every project. */
void tally_set_threshold (tally_t *self, const mpq_t threshold);

/*  Add a project. Returns its index (0, 1, ... in the order added), or -1 if
    the cost is negative, the id is empty or too many projects were added.
    Ids must be unique; the caller checks that (lib/pabulib does). */
int tally_add_project (tally_t *self, const char *id, const mpq_t cost);

/*  Add one ballot naming len projects by index; points is NULL for approval
    ballots, else len integers within +/- TALLY_MAX_POINTS. An empty
    ballot counts as a voter. Returns -1 on an out-of-range index, a project
    named twice, points out of range or too many voters, else 0. */
int tally_add_ballot (tally_t *self, size_t len, const uint32_t *projects, const int64_t *points);

/*  Add one ordinal ballot: len projects, most preferred first, scored by
    Borda (len - 1, len - 2, ..., 0 by position). The election should use
    TALLY_SAT_POINTS. Same errors as tally_add_ballot. */
int tally_add_ranking (tally_t *self, size_t len, const uint32_t *projects);

/*  With exact_only, MES decides every comparison in GMP rationals alone,
    without its floating-point filter: the same results, many times
    slower. For checking the filter (samskab-tally --exact). */
void tally_set_exact_only (tally_t *self, bool exact_only);

/*  Number of projects and voters added so far. */
size_t tally_projects (tally_t *self);
size_t tally_voters (tally_t *self);

/*  The id of project index p (borrowed), its cost, the number of ballots
    naming it, and its score: its total utility under cost satisfaction
    (votes times cost), its total points under the points satisfactions. */
const char *tally_project_id (tally_t *self, size_t p);
void tally_project_cost (tally_t *self, size_t p, mpq_t cost);
size_t tally_project_votes (tally_t *self, size_t p);
void tally_project_score (tally_t *self, size_t p, mpq_t score);

/*  The budget limit. */
void tally_budget (tally_t *self, mpq_t budget);

/*  The rule named name ("mes-add1", ...), or by Pabulib's word for it
    ("equalshares", "equalshares/add1"): returns 0 and sets *rule, or -1. */
int tally_rule_parse (const char *name, tally_rule_t *rule);

/*  Pabulib's word for a rule in a file's META: "greedy", "equalshares",
    "equalshares/add1"; the rule's own name for the others. */
const char *tally_rule_pabulib (tally_rule_t rule);

/*  The name of a rule, as tally_rule_parse accepts it. */
const char *tally_rule_name (tally_rule_t rule);

/*  Apply rule to the election. Returns a new result, or NULL with *err_p set
    to a malloc'ed message for an unknown rule, or when mes-add1 reaches no
    final outcome within its limit of one million MES runs (none of the
    real files needs more than a few hundred). Every rule applies to every
    election: phragmen reads a points ballot as approving every project it
    names. The election is not modified and can be tallied again with
    another rule. */
tally_result_t *tally_run (tally_t *self, tally_rule_t rule, char **err_p);

/*  Destroy a result and null the caller's pointer. Safe on NULL. */
void tally_result_destroy (tally_result_t **self_p);

/*  The rule that produced the result. */
tally_rule_t tally_result_rule (tally_result_t *self);

/*  Number of winners, and the project index of the k-th winner in
    selection order. */
size_t tally_result_size (tally_result_t *self);
size_t tally_result_winner (tally_result_t *self, size_t k);

/*  Every project of the election into order[0 .. tally_projects (t)), as
    results list them: the winners in selection order, then the others
    by votes (by score when by_points: points ballots), most first, then
    in the order added. The vote service stores its results in this order
    and samskab-tally prints them so. */
void tally_result_ranking (tally_result_t *self, tally_t *t, bool by_points, size_t *order);

/*  Sum of the winners' costs. */
void tally_result_total_cost (tally_result_t *self, mpq_t cost);

/*  For MES winners: the price each supporter not running out of money paid,
    per unit of utility weight (for cost satisfaction and -card rules: per
    supporter; for the points satisfactions: per point). Returns false and
    leaves price alone for winners MES did not price (zero-cost projects,
    greedy completion, other rules). */
bool tally_result_price (tally_result_t *self, size_t k, mpq_t price);

/*  True if the k-th winner was added by the greedy completion of
    mes-add1-greedy. */
bool tally_result_completion (tally_result_t *self, size_t k);

/*  For mes rules: the per-voter budget of the MES run whose outcome was
    returned, and how many MES runs were made (mes-add1 skips increments
    that provably give the same outcome; mes_increments counts the +1 steps
    the returned run is from B/n). Zero for other rules. */
void tally_result_voter_budget (tally_result_t *self, mpq_t b);
uint64_t tally_result_mes_runs (tally_result_t *self);
uint64_t tally_result_mes_increments (tally_result_t *self);

/*  q as a decimal string (malloc'ed): exact when q has at most digits
    decimals, else rounded half away from zero to digits decimals; trailing
    zeros are dropped. *exact tells which (may be NULL). The CLI's tables
    and the vote service's results print prices and shares with it. */
char *tally_decimal (const mpq_t q, unsigned digits, bool *exact);

#endif
