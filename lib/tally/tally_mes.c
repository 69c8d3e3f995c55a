/*  tally_mes.c: the Method of Equal Shares, plain and add1.

    Semantics (pabutools 1.2.3): every voter starts with b = B/n. Each round,
    for every project still affordable by its supporters, find the smallest
    rho with sum_i min(b_i, rho * u_i) = cost; select the smallest rho (ties
    by id), charge the supporters, drop unaffordable projects. Supported
    zero-cost projects are selected up front. mes-add1 reruns with
    b = B/n + 1, B/n + 2, ... and returns the last outcome within the
    budget, or the first one exhaustive over the MES-supported projects.

    Design, all exact:
    - Utilities are u_i = w_i * U_p with an integer weight w_i (1 for
      approval and -card, the points otherwise) and a per-project factor U_p
      (the cost under cost and points-cost satisfaction, else 1). We compute pi = rho * U_p,
      the price per weight unit, with integer weights, and compare projects
      by rho = pi / U_p.
    - Budget classes: a voter's budget is 0 or a value created when a
      project was bought. Voters share value ids (vid[]) instead of each
      holding an mpq_t, so evaluating a project groups its supporters by
      (value id, weight) with integer work only, and the rational work is
      per group, not per voter.
    - rho by fixpoint: start with every supporter rich, mark as poor each
      group whose budget/weight is below the current pi, recompute, repeat
      (pi only grows). No sort needed.
    - Lazy evaluation: a project's rho never decreases within a run, so its
      last rho is a lower bound; candidates are scanned by that bound and
      the scan stops once the bound exceeds the best exact rho found.
    - mes-add1 skips increments that provably give the same outcome: in a
      run at per-voter budget b*, every budget is an affine function of b
      near b* (slope[] per value id), and so is every rho and lower bound.
      Each comparison the run's outcome rests on holds on an interval
      [b*, b* + delta); the run records the smallest delta, and the next run
      is at the first integer increment at or beyond it. See
      s_constraint() for the list.
    - Floating-point filter (s_fmes_run): the same run over enclosures
      ("balls": midpoint and a rigorous bound of the rounding error) of
      every budget and slope. A decision is taken only when the
      enclosures prove it (the winner's rho interval lies strictly below
      every other project's lower bound, affordability clear, the poor set
      proved or the price enclosed by evaluating f on both sides); any
      doubt (exact ties above all) makes the run give up, and the exact
      run above decides. The returned outcome is then replayed in exact
      arithmetic (s_mes_replay) for its exact prices. The stability
      interval is tracked the same way, as a lower bound.
    - mes-add1 resumes each filtered run from the last one: the rounds
      whose stability bound exceeds the increment keep their winners and
      their affine budgets, so the value ids they made are moved to the new
      b (val + slope * step), the later rounds' changes are undone from an
      undo log, and the run goes on from the first round that may differ,
      with the lower bounds saved at that round.
*/
#include "tally/tally_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_mem.h"

#define ZERO_VID 0u //  value id of an empty budget
#define INIT_VID 1u //  value id of the initial budget b
#define NONE     ((uint32_t)-1)

typedef struct {
    uint32_t vid;   //  value id of the group's budget
    uint32_t newid; //  value id after paying for the selected project
    int64_t w;      //  weight (utility / U_p) of the group's voters
    uint64_t cnt;   //  voters in the group
    bool poor;      //  pays its whole budget
    mpq_t key;      //  budget / weight when w != 1
} s_group_t;

typedef struct {
    uint64_t key;   //  (vid << 32) | w
    uint32_t gen;   //  entry is valid when gen == current generation
    uint32_t group; //  group index
} s_slot_t;

typedef enum { P_OFF, P_ACTIVE, P_REMOVED, P_SELECTED } s_pstate_t;

/*  A real number known to lie in [m - r, m + r]: the floating-point filter
    computes with these, and every decision it takes holds for the exact
    value; when an enclosure cannot decide, the exact code decides. */
typedef struct {
    double m; //  midpoint
    double r; //  radius, >= 0
} s_ball_t;

typedef struct {
    tally_t *t;    //  the election
    bool card;     //  Cardinality satisfaction
    bool uniform;  //  every weight is 1
    bool track;    //  record the stability interval (add1)
    size_t np, nv; //  projects, voters
    //  Per project
    s_pstate_t *state; //  state in the current run
    bool *candidate;   //  MES-supported with positive cost
    bool *preselected; //  supported with zero cost
    mpq_t *unit;       //  U_p
    uint64_t *total_w; //  total weight of p's supporters
    mpq_t *lb;         //  lower bound (last exact value) of rho
    mpq_t *lb_slope;   //  d lb / d b
    uint32_t *order;   //  active projects, sorted by lb
    //  Budget values
    size_t n_vals, cap_vals; //  used and initialised value ids
    mpq_t *val;              //  budget of value id at b*
    mpq_t *slope;            //  its derivative in b
    uint32_t *vid;           //  value id per voter
    uint32_t *stamp;         //  uniform grouping: generation per value id
    uint32_t *slot;          //  uniform grouping: group per value id
    uint32_t gen;            //  grouping generation
    s_slot_t *hash;          //  weighted grouping table
    size_t hash_mask;        //  table size - 1
    //  Groups of the project being evaluated
    size_t n_groups, cap_groups;
    s_group_t *groups;
    //  Result of the last evaluation
    mpq_t pi, rho, pi_slope, rho_slope; //  price, rho and their slopes
    mpq_t avail, avail_slope;           //  supporters' total budget and its slope
    uint64_t d_rich;                    //  total weight of the rich groups
    //  Stability interval
    bool delta_inf; //  no comparison limits it
    mpq_t delta;    //  else: outcome is the same for b in [b*, b* + delta)
    //  Temporaries
    mpq_t t1, t2, t3;
    //  Floating-point filter (see "Ball arithmetic" below)
    s_ball_t *dval;      //  enclosure of val[] per value id
    s_ball_t *dslope;    //  enclosure of slope[] per value id
    s_ball_t *dcost;     //  enclosure of each project's cost
    s_ball_t *dunit;     //  enclosure of U_p
    double *dlb;         //  lower bound of rho per project at b*
    s_ball_t *dlb_slope; //  its slope in b
    double *dkey;        //  midpoint budget / weight per group
    uint32_t *gorder;    //  groups not yet found poor
    size_t cap_gorder;   //  allocated gorder and dkey
    s_group_t *bgroups;  //  groups of the best project so far (swapped)
    size_t n_bgroups, cap_bgroups;
    s_ball_t fpi, frho, fpi_slope, frho_slope; //  last float evaluation
    s_ball_t favail, favail_slope;             //  its supporters' budget
    double frho_lb;                            //  lower bound of rho from the poor set used
    bool fcertain;    //  its poor set is certain (pi exact within the ball)
    bool fdelta_zero; //  the float run proved nothing beyond b*
    double fdelta;    //  else: lower bound of the stability interval
    //  Resuming mes-add1's next filtered run from the last one: per MES
    //  round r of the last run, the stability bound of rounds 0..r
    //  (rd_delta), the value ids in use after it (rd_nvals), and where its
    //  charge starts in the undo log of value id changes.
    bool f_resumable; //  the last run was a complete filtered run
    size_t f_rounds;  //  rounds it recorded (winners after the zero-cost)
    double *rd_delta;
    size_t *rd_nvals, *rd_undo;
    uint32_t *state_round;           //  round a project was selected or dropped in
    uint32_t *undo_voter, *undo_vid; //  voter and its value id before
    size_t n_undo;                   //  entries in the undo log
    bool log_undo;                   //  s_move_voters appends to the undo log
    double *rd_lb;                   //  row r: dlb[] at the start of round r
    s_ball_t *rd_lb_slope;           //  row r: dlb_slope[] then
    size_t rd_lb_rows;               //  rows allocated (bounded: S_MAX_LB_CELLS)
} s_mes_t;

//  Cells (rounds x projects) of lower-bound snapshots kept for resuming.
#define S_MAX_LB_CELLS 4000000

/*  Set q to the integer d (unsigned long may be narrower than 64 bits). */
static inline void
s_set_u64 (mpq_t q, uint64_t d)
{
    mpz_import (mpq_numref (q), 1, 1, sizeof d, 0, 0, &d);
    mpz_set_ui (mpq_denref (q), 1);
}

/*  ---------------------------------------------------------------------
    Ball arithmetic: the floating-point filter.

    Every s_ball_t encloses an exact rational. Each operation rounds its
    midpoint to nearest and adds to the radius a bound of that rounding
    (S_REL relative, S_TINY absolute for underflow), inflated by S_UP for
    the rounding of the radius computation itself. Comparisons that the
    enclosures cannot decide are left to the exact code. */

#define S_REL  4.5e-16       //  > 2 ulp relative: rounding of one operation
#define S_TINY 1e-300        //  absolute slack for underflow
#define S_UP   (1.0 + 1e-14) //  inflation of a computed radius

static inline double
s_lo (s_ball_t a)
{
    return a.m - (a.r * S_UP + fabs (a.m) * S_REL + S_TINY);
}

static inline double
s_hi (s_ball_t a)
{
    return a.m + (a.r * S_UP + fabs (a.m) * S_REL + S_TINY);
}

static inline s_ball_t
s_ball (double m, double r)
{
    s_ball_t b = { m, r };
    return b;
}

/*  Enclosure of q (mpq_get_d truncates: error below one ulp). */
static inline s_ball_t
s_ball_q (const mpq_t q)
{
    double m = mpq_get_d (q);
    return s_ball (m, fabs (m) * S_REL + S_TINY);
}

static inline s_ball_t
s_badd (s_ball_t a, s_ball_t b)
{
    double m = a.m + b.m;
    return s_ball (m, (a.r + b.r + fabs (m) * S_REL) * S_UP + S_TINY);
}

static inline s_ball_t
s_bsub (s_ball_t a, s_ball_t b)
{
    double m = a.m - b.m;
    return s_ball (m, (a.r + b.r + fabs (m) * S_REL) * S_UP + S_TINY);
}

static inline s_ball_t
s_bmul (s_ball_t a, s_ball_t b)
{
    double m = a.m * b.m;
    return s_ball (m, (fabs (a.m) * b.r + fabs (b.m) * a.r + a.r * b.r + fabs (m) * S_REL) * S_UP
                          + S_TINY);
}

/*  a times a non-negative integer below 2^53. */
static inline s_ball_t
s_bmul_u (s_ball_t a, uint64_t k)
{
    double d = (double)k;
    double m = a.m * d;
    return s_ball (m, (a.r * d + fabs (m) * S_REL) * S_UP + S_TINY);
}

/*  a / b; b must not enclose zero (s_lo (b) > 0 or s_hi (b) < 0). */
static inline s_ball_t
s_bdiv (s_ball_t a, s_ball_t b)
{
    double m = a.m / b.m;
    double den = fabs (b.m) - b.r * S_UP;
    return s_ball (m, ((a.r + fabs (m) * b.r) / den + fabs (m) * S_REL) * S_UP * S_UP + S_TINY);
}

/*  a / k for a positive integer k below 2^53. */
static inline s_ball_t
s_bdiv_u (s_ball_t a, uint64_t k)
{
    double d = (double)k;
    double m = a.m / d;
    return s_ball (m, (a.r / d + fabs (m) * S_REL) * S_UP + S_TINY);
}

/*  Enclosure of min (a, b). */
static inline s_ball_t
s_bmin (s_ball_t a, s_ball_t b)
{
    double lo = fmin (s_lo (a), s_lo (b)), hi = fmin (s_hi (a), s_hi (b));
    double m = lo / 2 + hi / 2;
    return s_ball (m, ((hi - lo) / 2 + fabs (m) * S_REL) * S_UP + S_TINY);
}

/*  Weight of supporter entry k of project p for this run, or 0 when the
    voter does not support p in the MES sense (utility not positive). */
static inline int64_t
s_weight (s_mes_t *m, size_t p, size_t k)
{
    tally_t *t = m->t;
    if (m->card)
        return 1;
    if (t->sat == TALLY_SAT_COST)
        return mpq_sgn (t->cost[p]) > 0 ? 1 : 0;
    if (t->sat == TALLY_SAT_POINTS_COST && mpq_sgn (t->cost[p]) == 0)
        return 0; //  points times a cost of 0
    return t->supp_pts[k] > 0 ? t->supp_pts[k] : 0;
}

/*  Make room for at least extra more value ids. */
static void
s_vals_reserve (s_mes_t *m, size_t extra)
{
    if (m->n_vals + extra <= m->cap_vals)
        return;
    size_t cap = m->cap_vals ? m->cap_vals : 1024;
    while (cap < m->n_vals + extra)
        cap *= 2;
    m->val = sk_reallocarray (m->val, cap, sizeof (mpq_t));
    m->slope = sk_reallocarray (m->slope, cap, sizeof (mpq_t));
    m->dval = sk_reallocarray (m->dval, cap, sizeof (s_ball_t));
    m->dslope = sk_reallocarray (m->dslope, cap, sizeof (s_ball_t));
    m->stamp = sk_reallocarray (m->stamp, cap, sizeof (uint32_t));
    m->slot = sk_reallocarray (m->slot, cap, sizeof (uint32_t));
    for (size_t v = m->cap_vals; v < cap; v++) {
        mpq_init (m->val[v]);
        mpq_init (m->slope[v]);
        m->stamp[v] = 0;
    }
    m->cap_vals = cap;
}

static void
s_mes_init (s_mes_t *m, tally_t *t, bool card)
{
    memset (m, 0, sizeof *m);
    m->t = t;
    m->card = card;
    m->uniform = card || t->sat == TALLY_SAT_COST;
    m->np = t->n_projects;
    m->nv = t->n_voters;
    size_t np1 = m->np + 1;
    m->state = sk_reallocarray (NULL, np1, sizeof (s_pstate_t));
    m->candidate = sk_reallocarray (NULL, np1, sizeof (bool));
    m->preselected = sk_reallocarray (NULL, np1, sizeof (bool));
    m->unit = sk_reallocarray (NULL, np1, sizeof (mpq_t));
    m->lb = sk_reallocarray (NULL, np1, sizeof (mpq_t));
    m->lb_slope = sk_reallocarray (NULL, np1, sizeof (mpq_t));
    m->order = sk_reallocarray (NULL, np1, sizeof (uint32_t));
    m->vid = sk_reallocarray (NULL, m->nv + 1, sizeof (uint32_t));
    m->dcost = sk_reallocarray (NULL, np1, sizeof (s_ball_t));
    m->total_w = sk_reallocarray (NULL, np1, sizeof (uint64_t));
    m->dunit = sk_reallocarray (NULL, np1, sizeof (s_ball_t));
    m->dlb = sk_reallocarray (NULL, np1, sizeof (double));
    m->dlb_slope = sk_reallocarray (NULL, np1, sizeof (s_ball_t));
    memset (m->dlb, 0, np1 * sizeof (double));
    memset (m->dlb_slope, 0, np1 * sizeof (s_ball_t));
    m->rd_delta = sk_reallocarray (NULL, np1, sizeof (double));
    m->rd_nvals = sk_reallocarray (NULL, np1, sizeof (size_t));
    m->rd_undo = sk_reallocarray (NULL, np1, sizeof (size_t));
    m->state_round = sk_reallocarray (NULL, np1, sizeof (uint32_t));
    m->undo_voter = sk_reallocarray (NULL, t->n_entries + 1, sizeof (uint32_t));
    m->undo_vid = sk_reallocarray (NULL, t->n_entries + 1, sizeof (uint32_t));
    size_t max_supp = 1;
    for (size_t p = 0; p < m->np; p++) {
        mpq_init (m->unit[p]);
        mpq_init (m->lb[p]);
        mpq_init (m->lb_slope[p]);
        if (!card && t->sat != TALLY_SAT_POINTS)
            mpq_set (m->unit[p], t->cost[p]);
        else
            mpq_set_ui (m->unit[p], 1, 1);
        uint64_t total = 0;
        for (size_t k = t->supp_off[p]; k < t->supp_off[p + 1]; k++)
            total += (uint64_t)s_weight (m, p, k);
        size_t ns = t->supp_off[p + 1] - t->supp_off[p];
        if (ns > max_supp)
            max_supp = ns;
        m->total_w[p] = total;
        m->dcost[p] = s_ball_q (t->cost[p]);
        m->dunit[p] = s_ball_q (m->unit[p]);
        m->candidate[p] = total > 0 && mpq_sgn (t->cost[p]) > 0;
        m->preselected[p] = total > 0 && mpq_sgn (t->cost[p]) == 0;
    }
    if (!m->uniform) {
        size_t size = 16;
        while (size < 2 * max_supp)
            size *= 2;
        m->hash = sk_reallocarray (NULL, size, sizeof (s_slot_t));
        memset (m->hash, 0, size * sizeof (s_slot_t));
        m->hash_mask = size - 1;
    }
    mpq_inits (m->pi, m->rho, m->pi_slope, m->rho_slope, m->avail, m->avail_slope, m->delta, m->t1,
               m->t2, m->t3, NULL);
    s_vals_reserve (m, 2);
}

static void
s_mes_fini (s_mes_t *m)
{
    for (size_t p = 0; p < m->np; p++) {
        mpq_clear (m->unit[p]);
        mpq_clear (m->lb[p]);
        mpq_clear (m->lb_slope[p]);
    }
    for (size_t v = 0; v < m->cap_vals; v++) {
        mpq_clear (m->val[v]);
        mpq_clear (m->slope[v]);
    }
    for (size_t g = 0; g < m->cap_groups; g++)
        mpq_clear (m->groups[g].key);
    for (size_t g = 0; g < m->cap_bgroups; g++)
        mpq_clear (m->bgroups[g].key);
    free (m->bgroups);
    mpq_clears (m->pi, m->rho, m->pi_slope, m->rho_slope, m->avail, m->avail_slope, m->delta, m->t1,
                m->t2, m->t3, NULL);
    free (m->state);
    free (m->candidate);
    free (m->preselected);
    free (m->unit);
    free (m->lb);
    free (m->lb_slope);
    free (m->order);
    free (m->vid);
    free (m->val);
    free (m->slope);
    free (m->stamp);
    free (m->slot);
    free (m->hash);
    free (m->groups);
    free (m->dval);
    free (m->dslope);
    free (m->dcost);
    free (m->total_w);
    free (m->dunit);
    free (m->dlb);
    free (m->dlb_slope);
    free (m->dkey);
    free (m->gorder);
    free (m->rd_delta);
    free (m->rd_nvals);
    free (m->rd_undo);
    free (m->state_round);
    free (m->undo_voter);
    free (m->undo_vid);
    free (m->rd_lb);
    free (m->rd_lb_slope);
}

/*  Next grouping generation; clears the stamps when it wraps. */
static void
s_next_gen (s_mes_t *m)
{
    if (++m->gen == 0) {
        memset (m->stamp, 0, m->cap_vals * sizeof (uint32_t));
        if (m->hash)
            memset (m->hash, 0, (m->hash_mask + 1) * sizeof (s_slot_t));
        m->gen = 1;
    }
    m->n_groups = 0;
}

/*  The group of (vid, w), created if new. */
static inline s_group_t *
s_group (s_mes_t *m, uint32_t vid, int64_t w, bool create)
{
    uint32_t g = NONE;
    s_slot_t *slot = NULL;
    if (m->uniform) {
        if (m->stamp[vid] == m->gen)
            return &m->groups[m->slot[vid]];
    } else {
        uint64_t key = ((uint64_t)vid << 32) | (uint64_t)w;
        size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & m->hash_mask;
        while (m->hash[h].gen == m->gen) {
            if (m->hash[h].key == key)
                return &m->groups[m->hash[h].group];
            h = (h + 1) & m->hash_mask;
        }
        slot = &m->hash[h];
        slot->key = key;
    }
    if (!create)
        return NULL;
    if (m->n_groups == m->cap_groups) {
        size_t cap = m->cap_groups ? m->cap_groups * 2 : 256;
        m->groups = sk_reallocarray (m->groups, cap, sizeof (s_group_t));
        for (size_t k = m->cap_groups; k < cap; k++)
            mpq_init (m->groups[k].key);
        m->cap_groups = cap;
    }
    g = (uint32_t)m->n_groups++;
    if (m->uniform) {
        m->stamp[vid] = m->gen;
        m->slot[vid] = g;
    } else {
        slot->gen = m->gen;
        slot->group = g;
    }
    s_group_t *gr = &m->groups[g];
    gr->vid = vid;
    gr->newid = NONE;
    gr->w = w;
    gr->cnt = 0;
    gr->poor = false;
    return gr;
}

/*  budget / weight of a group. */
static inline mpq_srcptr
s_key (s_mes_t *m, s_group_t *g)
{
    return g->w == 1 ? m->val[g->vid] : g->key;
}

/*  Require h0 + h1 * delta >= 0 (h0 >= 0 holds at b*): shrink the
    stability interval to where it still holds. The comparisons recorded:
    - the selected project's price structure: each group of its supporters
      stays poor (budget <= pi * w) or rich (budget >= pi * w);
    - every other active project's rho lower bound stays >= the selected
      rho (a lower bound of rho for any poor set is a lower bound of the
      true rho, so unevaluated projects are covered by their stale bound);
    - every project dropped as unaffordable stays unaffordable;
    - the selected project stays affordable.
    Ties at b* give delta = 0: the next increment is then run in full. */
static void
s_constraint (s_mes_t *m, mpq_srcptr h0, mpq_srcptr h1)
{
    if (mpq_sgn (h1) >= 0)
        return;
    if (mpq_sgn (h0) <= 0)
        mpq_set_ui (m->t3, 0, 1);
    else {
        mpq_neg (m->t3, h1);
        mpq_div (m->t3, h0, m->t3);
    }
    if (m->delta_inf || mpq_cmp (m->t3, m->delta) < 0) {
        mpq_set (m->delta, m->t3);
        m->delta_inf = false;
    }
}

/*  Group p's supporters by budget value and weight, and compute their total
    budget (avail). Returns false when that is below p's cost. */
static void
s_group_supporters (s_mes_t *m, size_t p)
{
    tally_t *t = m->t;
    s_next_gen (m);
    if (m->uniform && mpq_sgn (t->cost[p]) > 0) {
        //  Every supporter has weight 1: group by value id alone.
        const uint32_t *voter = t->supp_voter;
        for (size_t k = t->supp_off[p]; k < t->supp_off[p + 1]; k++) {
            uint32_t v = m->vid[voter[k]];
            if (v == ZERO_VID)
                continue;
            if (m->stamp[v] == m->gen)
                m->groups[m->slot[v]].cnt++;
            else
                s_group (m, v, 1, true)->cnt++;
        }
        return;
    }
    for (size_t k = t->supp_off[p]; k < t->supp_off[p + 1]; k++) {
        int64_t w = s_weight (m, p, k);
        if (w <= 0)
            continue;
        uint32_t v = m->vid[t->supp_voter[k]];
        if (v == ZERO_VID)
            continue; //  pays nothing and is always poor; see s_price
        s_group (m, v, w, true)->cnt++;
    }
}

static bool
s_gather (s_mes_t *m, size_t p)
{
    tally_t *t = m->t;
    s_group_supporters (m, p);
    mpq_set_ui (m->avail, 0, 1);
    mpq_set_ui (m->avail_slope, 0, 1);
    for (size_t g = 0; g < m->n_groups; g++) {
        s_group_t *gr = &m->groups[g];
        mpq_set_ui (m->t1, gr->cnt, 1);
        mpq_mul (m->t2, m->t1, m->val[gr->vid]);
        mpq_add (m->avail, m->avail, m->t2);
        if (m->track) {
            mpq_mul (m->t2, m->t1, m->slope[gr->vid]);
            mpq_add (m->avail_slope, m->avail_slope, m->t2);
        }
        if (gr->w != 1) {
            mpq_set_ui (m->t1, (unsigned long)gr->w, 1);
            mpq_div (gr->key, m->val[gr->vid], m->t1);
        }
    }
    return mpq_cmp (m->avail, t->cost[p]) >= 0;
}

/*  After s_gather succeeded: the exact price pi (per weight unit) of p, its
    rho = pi / U_p, and with tracking the slopes of the affine lower bound
    given by the final poor set. Voters with an empty budget were left out
    of the groups: they are poor for any positive pi and add neither money
    nor weight. */
static void
s_price (s_mes_t *m, size_t p)
{
    tally_t *t = m->t;
    uint64_t d = 0;
    for (size_t g = 0; g < m->n_groups; g++)
        d += m->groups[g].cnt * (uint64_t)m->groups[g].w;
    mpq_set_ui (m->t2, 0, 1); //  money of the poor
    bool changed = true;
    while (changed && d > 0) {
        mpq_sub (m->pi, t->cost[p], m->t2);
        s_set_u64 (m->t1, d);
        mpq_div (m->pi, m->pi, m->t1);
        changed = false;
        for (size_t g = 0; g < m->n_groups; g++) {
            s_group_t *gr = &m->groups[g];
            if (gr->poor || mpq_cmp (s_key (m, gr), m->pi) >= 0)
                continue;
            gr->poor = true;
            changed = true;
            mpq_set_ui (m->t1, gr->cnt, 1);
            mpq_mul (m->t1, m->t1, m->val[gr->vid]);
            mpq_add (m->t2, m->t2, m->t1);
            d -= gr->cnt * (uint64_t)gr->w;
        }
    }
    m->d_rich = d;
    mpq_div (m->rho, m->pi, m->unit[p]);
    if (m->track) {
        //  pi(b) = (cost - sum_poor budget(b)) / d_rich
        mpq_set_ui (m->pi_slope, 0, 1);
        for (size_t g = 0; g < m->n_groups; g++) {
            s_group_t *gr = &m->groups[g];
            if (!gr->poor)
                continue;
            mpq_set_ui (m->t1, gr->cnt, 1);
            mpq_mul (m->t1, m->t1, m->slope[gr->vid]);
            mpq_sub (m->pi_slope, m->pi_slope, m->t1);
        }
        if (d > 0) {
            s_set_u64 (m->t1, d);
            mpq_div (m->pi_slope, m->pi_slope, m->t1);
        }
        mpq_div (m->rho_slope, m->pi_slope, m->unit[p]);
    }
}

static int
s_cmp_lb (const void *a_, const void *b_, void *m_)
{
    s_mes_t *m = m_;
    uint32_t a = *(const uint32_t *)a_, b = *(const uint32_t *)b_;
    int c = mpq_cmp (m->lb[a], m->lb[b]);
    if (c)
        return c;
    return m->t->rank[a] < m->t->rank[b] ? -1 : m->t->rank[a] > m->t->rank[b];
}

/*  After a charge: move the supporters of s to the value ids of their
    groups (poor ones to the empty budget). */
static void
s_move_voters (s_mes_t *m, size_t s)
{
    tally_t *t = m->t;
    if (m->uniform && mpq_sgn (t->cost[s]) > 0) {
        for (size_t k = t->supp_off[s]; k < t->supp_off[s + 1]; k++) {
            uint32_t voter = t->supp_voter[k];
            uint32_t v = m->vid[voter];
            if (v == ZERO_VID)
                continue;
            if (m->log_undo) {
                m->undo_voter[m->n_undo] = voter;
                m->undo_vid[m->n_undo++] = v;
            }
            s_group_t *gr = &m->groups[m->slot[v]];
            m->vid[voter] = gr->poor ? ZERO_VID : gr->newid;
        }
        return;
    }
    for (size_t k = t->supp_off[s]; k < t->supp_off[s + 1]; k++) {
        int64_t w = s_weight (m, s, k);
        uint32_t voter = t->supp_voter[k];
        if (w <= 0 || m->vid[voter] == ZERO_VID)
            continue;
        if (m->log_undo) {
            m->undo_voter[m->n_undo] = voter;
            m->undo_vid[m->n_undo++] = m->vid[voter];
        }
        s_group_t *gr = s_group (m, m->vid[voter], w, false);
        m->vid[voter] = gr->poor ? ZERO_VID : gr->newid;
    }
}

/*  Charge the selected project s (its groups gathered and priced): poor
    voters pay everything, rich ones pi * w each. */
static void
s_charge (s_mes_t *m, size_t s)
{
    s_vals_reserve (m, m->n_groups);
    for (size_t g = 0; g < m->n_groups; g++) {
        s_group_t *gr = &m->groups[g];
        if (m->track) {
            //  poor: pi * w - budget >= 0; rich: budget - pi * w >= 0
            mpq_set_ui (m->t1, (unsigned long)gr->w, 1);
            mpq_mul (m->t2, m->pi, m->t1);
            mpq_sub (m->t2, m->t2, m->val[gr->vid]);
            mpq_mul (m->t1, m->pi_slope, m->t1);
            mpq_sub (m->t1, m->t1, m->slope[gr->vid]);
            if (!gr->poor) {
                mpq_neg (m->t2, m->t2);
                mpq_neg (m->t1, m->t1);
            }
            s_constraint (m, m->t2, m->t1);
        }
        if (gr->poor)
            continue;
        uint32_t id = (uint32_t)m->n_vals++;
        gr->newid = id;
        if (gr->w == 1 && !m->track) {
            mpq_sub (m->val[id], m->val[gr->vid], m->pi);
            continue;
        }
        mpq_set_ui (m->t1, (unsigned long)gr->w, 1);
        mpq_mul (m->t2, m->pi, m->t1);
        mpq_sub (m->val[id], m->val[gr->vid], m->t2);
        if (m->track) {
            mpq_mul (m->t2, m->pi_slope, m->t1);
            mpq_sub (m->slope[id], m->slope[gr->vid], m->t2);
        }
    }
    s_move_voters (m, s);
}

//  Push the preselected (zero-cost supported) projects onto result, in id
//  order: the start of both the exact and the interval run.
static void
s_push_preselected (s_mes_t *m, tally_t *t, tally_result_t *result)
{
    for (size_t r = 0; r < m->np; r++)
        m->order[r] = NONE;
    for (size_t p = 0; p < m->np; p++)
        if (m->preselected[p])
            m->order[t->rank[p]] = (uint32_t)p;
    for (size_t r = 0; r < m->np; r++)
        if (m->order[r] != NONE)
            tally_result_push (result, t, m->order[r], NULL, false);
}

/*  One MES run with per-voter budget b. Appends the outcome to result
    (cleared first). With tracking, leaves in m->delta the length of the
    interval of budgets above b with the same outcome. */
static void
s_mes_run (s_mes_t *m, const mpq_t b, tally_result_t *result)
{
    tally_t *t = m->t;
    tally_result_clear (result);
    m->delta_inf = true;
    m->n_vals = 2;
    mpq_set_ui (m->val[ZERO_VID], 0, 1);
    mpq_set_ui (m->slope[ZERO_VID], 0, 1);
    mpq_set (m->val[INIT_VID], b);
    mpq_set_ui (m->slope[INIT_VID], 1, 1);
    for (size_t v = 0; v < m->nv; v++)
        m->vid[v] = INIT_VID;
    //  Zero-cost supported projects first, in id order.
    s_push_preselected (m, t, result);
    //  Initial lower bound: cost / total utility (everyone rich).
    size_t n_active = 0;
    for (size_t p = 0; p < m->np; p++) {
        m->state[p] = m->candidate[p] ? P_ACTIVE : P_OFF;
        if (!m->candidate[p])
            continue;
        s_set_u64 (m->t1, m->total_w[p]);
        mpq_mul (m->t1, m->t1, m->unit[p]);
        mpq_div (m->lb[p], t->cost[p], m->t1);
        mpq_set_ui (m->lb_slope[p], 0, 1);
        m->order[n_active++] = (uint32_t)p;
    }
    mpq_t best_rho, best_slope, h0, h1;
    mpq_inits (best_rho, best_slope, h0, h1, NULL);
    while (n_active > 0) {
        qsort_r (m->order, n_active, sizeof (uint32_t), s_cmp_lb, m);
        int best = -1;
        for (size_t k = 0; k < n_active; k++) {
            uint32_t q = m->order[k];
            if (best >= 0 && mpq_cmp (m->lb[q], best_rho) > 0)
                break; //  no later project can beat or tie best
            if (!s_gather (m, q)) {
                m->state[q] = P_REMOVED;
                if (m->track) {
                    //  stays unaffordable: cost - avail(b) > 0
                    mpq_sub (h0, t->cost[q], m->avail);
                    mpq_neg (h1, m->avail_slope);
                    s_constraint (m, h0, h1);
                }
                continue;
            }
            s_price (m, q);
            mpq_set (m->lb[q], m->rho);
            if (m->track)
                mpq_set (m->lb_slope[q], m->rho_slope);
            int c = best < 0 ? -1 : mpq_cmp (m->rho, best_rho);
            if (c < 0 || (c == 0 && t->rank[q] < t->rank[best])) {
                best = (int)q;
                mpq_set (best_rho, m->rho);
                if (m->track)
                    mpq_set (best_slope, m->rho_slope);
            }
        }
        //  Compact the active list.
        size_t n = 0;
        for (size_t k = 0; k < n_active; k++)
            if (m->state[m->order[k]] == P_ACTIVE && (int)m->order[k] != best)
                m->order[n++] = m->order[k];
        n_active = n;
        if (best < 0)
            break;
        m->state[best] = P_SELECTED;
        if (m->track)
            for (size_t k = 0; k < n_active; k++) {
                uint32_t q = m->order[k];
                mpq_sub (h0, m->lb[q], best_rho);
                mpq_sub (h1, m->lb_slope[q], best_slope);
                s_constraint (m, h0, h1);
            }
        //  Re-gather the winner (the scratch groups hold the last project
        //  evaluated) and charge its supporters.
        s_gather (m, (size_t)best);
        if (m->track) {
            mpq_sub (h0, m->avail, t->cost[best]);
            s_constraint (m, h0, m->avail_slope);
        }
        s_price (m, (size_t)best);
        s_charge (m, (size_t)best);
        tally_result_push (result, t, (uint32_t)best, m->pi, false);
    }
    mpq_clears (best_rho, best_slope, h0, h1, NULL);
}

/*  ---------------------------------------------------------------------
    The filtered run: MES over enclosures of the budgets (dval, dslope)
    instead of exact rationals. It takes a decision only when the
    enclosures prove it; otherwise it gives up (S_AMBIGUOUS) and the exact
    run decides. Its outcome is then replayed exactly (s_mes_replay) for
    the exact prices, so every result is exact. */

typedef enum { S_EV_UNAFFORDABLE, S_EV_PRICED, S_EV_AMBIGUOUS } s_eval_t;

/*  Stability interval from an enclosed constraint h0 + h1 * delta >= 0
    (h0 >= 0 holds at b*): keep in fdelta a lower bound of where it holds. */
static void
s_fconstraint (s_mes_t *m, s_ball_t h0, s_ball_t h1)
{
    if (m->fdelta_zero)
        return;
    double h1_lo = s_lo (h1);
    if (h1_lo >= 0)
        return;
    double h0_lo = s_lo (h0);
    if (h0_lo <= 0) {
        m->fdelta_zero = true;
        return;
    }
    double d = h0_lo / -h1_lo;
    d = d * (1 - 1e-12); //  round the bound down
    if (d < m->fdelta)
        m->fdelta = d;
}

/*  Enclosure of the sum over the current groups (the poor ones only
    when poor_only) of count times arr[value id]: the plain floating-point
    sum, with the a-priori bound of its rounding error (n terms: below
    n ulp of the sum of absolute values) added to the propagated radii. */
static s_ball_t
s_bsum (s_mes_t *m, const s_ball_t *arr, bool poor_only)
{
    double sm = 0, sr = 0, sa = 0;
    size_t n = 0;
    for (size_t g = 0; g < m->n_groups; g++) {
        s_group_t *gr = &m->groups[g];
        if (poor_only && !gr->poor)
            continue;
        double c = (double)gr->cnt;
        s_ball_t x = arr[gr->vid];
        sm += c * x.m;
        sr += c * x.r;
        sa += c * fabs (x.m);
        n++;
    }
    double k = (double)(n + 2) * S_REL;
    return s_ball (sm, (sr * (1 + k) + k * sa) * S_UP + S_TINY * (double)(n + 1));
}

/*  The poor set on midpoints, by the fixpoint of s_price (pi only grows):
    marks the poor groups and returns the weight of the rest (0 when
    everyone is poor or the weights are too large to sum exactly: the
    caller then cannot decide). */
static uint64_t
s_fpoor_set (s_mes_t *m, s_ball_t cost)
{
    if (m->n_groups > m->cap_gorder) {
        m->cap_gorder = m->n_groups * 2;
        m->gorder = sk_reallocarray (m->gorder, m->cap_gorder, sizeof (uint32_t));
        m->dkey = sk_reallocarray (m->dkey, m->cap_gorder, sizeof (double));
    }
    uint64_t d = 0;
    for (size_t g = 0; g < m->n_groups; g++) {
        s_group_t *gr = &m->groups[g];
        m->gorder[g] = (uint32_t)g;
        m->dkey[g] = m->dval[gr->vid].m / (double)gr->w;
        d += gr->cnt * (uint64_t)gr->w;
    }
    if (d >= ((uint64_t)1 << 53))
        return 0;
    //  gorder[0, n_rich) holds the groups not yet poor.
    double poor = 0;
    size_t n_rich = m->n_groups;
    bool changed = true;
    while (changed && d > 0) {
        double pi = (cost.m - poor) / (double)d;
        changed = false;
        size_t j = 0;
        for (size_t k = 0; k < n_rich; k++) {
            uint32_t g = m->gorder[k];
            if (m->dkey[g] >= pi) {
                m->gorder[j++] = g;
                continue;
            }
            s_group_t *gr = &m->groups[g];
            gr->poor = true;
            changed = true;
            poor += (double)gr->cnt * m->dval[gr->vid].m;
            d -= gr->cnt * (uint64_t)gr->w;
        }
        n_rich = j;
    }
    return d;
}

/*  True if every group is provably on its side of pi_s: poor ones have a
    budget <= lo w for sure, rich ones >= hi w. */
static bool
s_fpoor_proved (s_mes_t *m, s_ball_t pi_s)
{
    double lo = s_lo (pi_s), hi = s_hi (pi_s);
    for (size_t g = 0; g < m->n_groups; g++) {
        s_group_t *gr = &m->groups[g];
        s_ball_t x = m->dval[gr->vid];
        double r = x.r * S_UP + 2 * fabs (x.m) * S_REL + S_TINY;
        double w = (double)gr->w;
        if (gr->poor) {
            double lw = lo * w;
            if (x.m + r > lw - fabs (lw) * S_REL - S_TINY)
                return false;
        } else {
            double hw = hi * w;
            if (x.m - r < hw + fabs (hw) * S_REL + S_TINY)
                return false;
        }
    }
    return true;
}

/*  Enclose pi by evaluating f(pi) = sum min (budget, pi w) just below and
    just above pi_s: f must be under the cost below and reach it above.
    Returns false when the enclosures cannot show it. */
static bool
s_fenclose_price (s_mes_t *m, s_ball_t pi_s, s_ball_t cost)
{
    double below = pi_s.m * (1 - 1e-9), above = pi_s.m * (1 + 1e-9);
    s_ball_t f_below = { 0, 0 }, f_above = { 0, 0 };
    for (size_t g = 0; g < m->n_groups; g++) {
        s_group_t *gr = &m->groups[g];
        s_ball_t val = m->dval[gr->vid];
        s_ball_t wb = s_ball ((double)gr->w, 0);
        s_ball_t pb = s_bmul (s_ball (below, 0), wb);
        s_ball_t pa = s_bmul (s_ball (above, 0), wb);
        f_below = s_badd (f_below, s_bmul_u (s_bmin (val, pb), gr->cnt));
        f_above = s_badd (f_above, s_bmul_u (s_bmin (val, pa), gr->cnt));
    }
    if (!(s_hi (f_below) < s_lo (cost) && s_lo (f_above) >= s_hi (cost)))
        return false;
    m->fpi = s_ball (below / 2 + above / 2, (above - below) / 2 * S_UP + fabs (above) * S_REL);
    return true;
}

/*  Evaluate project p over the enclosures: its supporters grouped, then
    affordability, price pi (per weight unit) and rho = pi / U_p. The poor
    set is found on midpoints and then proved: either every group is
    provably on its side (pi is then (cost - poor money) / rich weight
    exactly, enclosed in fpi), or f(pi) = sum min (budget, pi w) is shown
    below the cost just under pi and at least the cost just above. */
static s_eval_t
s_feval (s_mes_t *m, size_t p)
{
    s_group_supporters (m, p);
    s_ball_t avail = s_bsum (m, m->dval, false);
    s_ball_t avail_slope = { 0, 0 };
    if (m->track)
        avail_slope = s_bsum (m, m->dslope, false);
    m->favail = avail;
    m->favail_slope = avail_slope;
    s_ball_t cost = m->dcost[p];
    if (s_hi (avail) < s_lo (cost))
        return S_EV_UNAFFORDABLE;
    if (s_lo (avail) < s_hi (cost))
        return S_EV_AMBIGUOUS;
    uint64_t d = s_fpoor_set (m, cost);
    if (d == 0)
        return S_EV_AMBIGUOUS;
    //  pi_S = (cost - money of the poor set S) / weight of the rest: the
    //  exact price if S is right, and a lower bound of it for any S.
    s_ball_t money = s_bsum (m, m->dval, true), money_slope = { 0, 0 };
    if (m->track)
        money_slope = s_bsum (m, m->dslope, true);
    s_ball_t pi_s = s_bdiv_u (s_bsub (cost, money), d);
    if (s_lo (pi_s) <= 0)
        return S_EV_AMBIGUOUS;
    m->d_rich = d;
    m->fcertain = s_fpoor_proved (m, pi_s);
    if (m->fcertain)
        m->fpi = pi_s;
    else if (!s_fenclose_price (m, pi_s, cost))
        return S_EV_AMBIGUOUS;
    s_ball_t unit = m->dunit[p];
    m->frho = s_bdiv (m->fpi, unit);
    m->frho_lb = s_lo (s_bdiv (pi_s, unit));
    if (m->track) {
        //  pi_S(b) = (cost - money_S(b)) / d: slope -money_slope / d
        m->fpi_slope = s_bdiv_u (s_ball (-money_slope.m, money_slope.r), d);
        m->frho_slope = s_bdiv (m->fpi_slope, unit);
    }
    return S_EV_PRICED;
}

/*  Charge the winner s (its groups evaluated last): each supporter keeps
    max (0, budget - pi w). */
static void
s_fcharge (s_mes_t *m, size_t s)
{
    s_vals_reserve (m, m->n_groups);
    for (size_t g = 0; g < m->n_groups; g++) {
        s_group_t *gr = &m->groups[g];
        s_ball_t wb = s_ball ((double)gr->w, 0);
        s_ball_t left = s_bsub (m->dval[gr->vid], s_bmul (m->fpi, wb));
        if (m->track && m->fcertain) {
            //  poor: pi w - budget >= 0; rich: budget - pi w >= 0
            s_ball_t h1 = s_bsub (m->dslope[gr->vid], s_bmul (m->fpi_slope, wb));
            if (gr->poor)
                s_fconstraint (m, s_ball (-left.m, left.r), s_ball (-h1.m, h1.r));
            else
                s_fconstraint (m, left, h1);
        }
        if (m->fcertain ? gr->poor : s_hi (left) < 0) {
            gr->poor = true;
            continue;
        }
        gr->poor = false;
        uint32_t id = (uint32_t)m->n_vals++;
        gr->newid = id;
        if (m->fcertain) {
            m->dval[id] = left;
            if (m->track)
                m->dslope[id] = s_bsub (m->dslope[gr->vid], s_bmul (m->fpi_slope, wb));
        } else {
            //  [0, hi (left)] holds max (0, budget - pi w)
            double hi = s_hi (left);
            m->dval[id] = s_ball (hi / 2, hi / 2 * S_UP);
            m->fdelta_zero = true; //  the poor set may change at b*
        }
    }
    s_move_voters (m, s);
}

/*  Swap the scratch groups with the saved best project's groups. */
static void
s_swap_groups (s_mes_t *m)
{
    s_group_t *g = m->groups;
    m->groups = m->bgroups;
    m->bgroups = g;
    size_t n = m->n_groups;
    m->n_groups = m->n_bgroups;
    m->n_bgroups = n;
    size_t cap = m->cap_groups;
    m->cap_groups = m->cap_bgroups;
    m->cap_bgroups = cap;
}

/*  Make the lookup of s_group find the current groups again. */
static void
s_relink_groups (s_mes_t *m)
{
    size_t n = m->n_groups;
    s_next_gen (m);
    m->n_groups = n;
    for (size_t g = 0; g < n; g++) {
        s_group_t *gr = &m->groups[g];
        if (m->uniform) {
            m->stamp[gr->vid] = m->gen;
            m->slot[gr->vid] = (uint32_t)g;
            continue;
        }
        uint64_t key = ((uint64_t)gr->vid << 32) | (uint64_t)gr->w;
        size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & m->hash_mask;
        while (m->hash[h].gen == m->gen)
            h = (h + 1) & m->hash_mask;
        m->hash[h].key = key;
        m->hash[h].gen = m->gen;
        m->hash[h].group = (uint32_t)g;
    }
}

static int
s_cmp_dlb (const void *a_, const void *b_, void *m_)
{
    s_mes_t *m = m_;
    uint32_t a = *(const uint32_t *)a_, b = *(const uint32_t *)b_;
    if (m->dlb[a] != m->dlb[b])
        return m->dlb[a] < m->dlb[b] ? -1 : 1;
    return m->t->rank[a] < m->t->rank[b] ? -1 : m->t->rank[a] > m->t->rank[b];
}

/*  Resume a filtered run at round r0 > 0 of the last one, at b = last b +
    step: undo the later rounds, move every kept budget and bound along its
    slope, and reactivate the projects decided after r0. Returns the number
    of active projects (listed in m->order). */
static size_t
s_fmes_resume (s_mes_t *m, const mpq_t b, tally_result_t *result, size_t r0, double step)
{
    tally_t *t = m->t;
    size_t n_pre = 0, n_active = 0;
    for (size_t p = 0; p < m->np; p++)
        n_pre += m->preselected[p];
    size_t keep = n_pre + r0;
    size_t target = r0 < m->f_rounds ? m->rd_undo[r0] : m->n_undo;
    while (m->n_undo > target) {
        m->n_undo--;
        m->vid[m->undo_voter[m->n_undo]] = m->undo_vid[m->n_undo];
    }
    m->n_vals = m->rd_nvals[r0 - 1];
    s_ball_t ds = s_ball (step, 0);
    m->dval[INIT_VID] = s_ball_q (b);
    for (size_t v = INIT_VID + 1; v < m->n_vals; v++)
        m->dval[v] = s_badd (m->dval[v], s_bmul (m->dslope[v], ds));
    result->size = keep;
    mpq_set_ui (result->total_cost, 0, 1);
    for (size_t k = 0; k < keep; k++)
        mpq_add (result->total_cost, result->total_cost, t->cost[result->winner[k]]);
    //  The kept rounds' bounds, from the new b.
    for (size_t r = 0; r < r0; r++)
        if (!isinf (m->rd_delta[r]))
            m->rd_delta[r] = (m->rd_delta[r] - step) * (1 - 1e-12);
    m->fdelta_zero = false;
    m->fdelta = m->rd_delta[r0 - 1];
    //  Lower bounds: those at the start of round r0 (computed in the
    //  kept rounds, so still lower bounds as affine functions of b),
    //  else the everyone-rich bound.
    bool snap = r0 < m->rd_lb_rows;
    for (size_t r = 0; r <= r0 && r < m->rd_lb_rows; r++)
        for (size_t p = 0; p < m->np; p++) {
            size_t c = r * m->np + p;
            s_ball_t lb =
                s_badd (s_ball (m->rd_lb[c], 0), s_bmul (m->rd_lb_slope[c], s_ball (step, 0)));
            m->rd_lb[c] = s_lo (lb);
        }
    for (size_t p = 0; p < m->np; p++) {
        if (!m->candidate[p])
            continue;
        if (m->state[p] != P_ACTIVE && m->state_round[p] >= r0)
            m->state[p] = P_ACTIVE;
        if (m->state[p] != P_ACTIVE)
            continue;
        if (snap) {
            m->dlb[p] = m->rd_lb[r0 * m->np + p];
            m->dlb_slope[p] = m->rd_lb_slope[r0 * m->np + p];
        } else {
            s_ball_t lb = s_bdiv (s_bdiv_u (m->dcost[p], m->total_w[p]), m->dunit[p]);
            m->dlb[p] = s_lo (lb);
            m->dlb_slope[p] = s_ball (0, 0);
        }
        m->order[n_active++] = (uint32_t)p;
    }
    return n_active;
}

/*  Start a filtered run from scratch: every voter at b, the preselected
    projects in the outcome, every candidate active with its everyone-rich
    lower bound. Returns the number of active projects (listed in
    m->order), or -1 when a weight is too large for the enclosures. */
static int64_t
s_fmes_start (s_mes_t *m, const mpq_t b, tally_result_t *result)
{
    tally_t *t = m->t;
    size_t n_active = 0;
    tally_result_clear (result);
    m->fdelta_zero = false;
    m->fdelta = INFINITY;
    m->n_vals = 2;
    m->n_undo = 0;
    m->dval[ZERO_VID] = s_ball (0, 0);
    m->dslope[ZERO_VID] = s_ball (0, 0);
    m->dval[INIT_VID] = s_ball_q (b);
    m->dslope[INIT_VID] = s_ball (1, 0);
    for (size_t v = 0; v < m->nv; v++)
        m->vid[v] = INIT_VID;
    s_push_preselected (m, t, result);
    for (size_t p = 0; p < m->np; p++) {
        m->state[p] = m->candidate[p] ? P_ACTIVE : P_OFF;
        if (!m->candidate[p])
            continue;
        uint64_t d = m->total_w[p];
        if (d >= ((uint64_t)1 << 53))
            return -1;
        //  cost / (U_p d) everyone rich: 1 / d under cost satisfaction
        s_ball_t lb = s_bdiv (s_bdiv_u (m->dcost[p], d), m->dunit[p]);
        m->dlb[p] = s_lo (lb);
        m->dlb_slope[p] = s_ball (0, 0);
        m->order[n_active++] = (uint32_t)p;
    }
    return (int64_t)n_active;
}

//  The project a filtered round selects, with the enclosures its charge
//  needs.
typedef struct {
    int project; //  -1 if none is affordable
    double hi;   //  upper end of its rho
    s_ball_t rho, slope, pi, pi_slope, avail, avail_slope;
    bool certain;
} s_fbest_t;

/*  Evaluate the active projects of round in order of their lower bounds,
    stopping as soon as the rest are provably worse, and find the one with
    the least rho (its groups kept for the charge). Returns false when an
    enclosure cannot decide a comparison. */
static bool
s_fmes_choose (s_mes_t *m, size_t round, size_t n_active, s_fbest_t *best)
{
    *best = (s_fbest_t){ .project = -1, .hi = INFINITY };
    qsort_r (m->order, n_active, sizeof (uint32_t), s_cmp_dlb, m);
    size_t scanned = 0;
    for (size_t k = 0; k < n_active; k++) {
        uint32_t q = m->order[k];
        if (best->project >= 0 && m->dlb[q] > best->hi)
            break; //  provably worse than best, and so are the rest
        scanned = k + 1;
        s_eval_t ev = s_feval (m, q);
        if (ev == S_EV_AMBIGUOUS)
            return false;
        if (ev == S_EV_UNAFFORDABLE) {
            m->state[q] = P_REMOVED;
            m->state_round[q] = (uint32_t)round;
            if (m->track)
                //  stays unaffordable: cost - avail(b) > 0
                s_fconstraint (m, s_bsub (m->dcost[q], m->favail),
                               s_ball (-m->favail_slope.m, m->favail_slope.r));
            continue;
        }
        m->dlb[q] = m->frho_lb;
        if (m->track)
            m->dlb_slope[q] = m->frho_slope;
        double hi = s_hi (m->frho);
        if (hi < best->hi) {
            *best = (s_fbest_t){ (int)q,       hi,        m->frho,         m->frho_slope, m->fpi,
                                 m->fpi_slope, m->favail, m->favail_slope, m->fcertain };
            s_swap_groups (m); //  keep its groups for the charge
        }
    }
    if (best->project < 0)
        return true;
    //  The winner must be provably below every other project: a tie or
    //  near-tie goes to the exact run.
    for (size_t k = 0; k < scanned; k++) {
        uint32_t q = m->order[k];
        if ((int)q != best->project && m->state[q] == P_ACTIVE && m->dlb[q] <= best->hi)
            return false;
    }
    return true;
}

/*  Select the best project of round and charge its supporters, recording
    what resuming a later run needs. */
static void
s_fmes_select (s_mes_t *m, size_t round, size_t n_active, const s_fbest_t *best)
{
    size_t p = (size_t)best->project;
    m->state[p] = P_SELECTED;
    if (m->track)
        for (size_t k = 0; k < n_active; k++) {
            uint32_t q = m->order[k];
            s_fconstraint (m, s_bsub (s_ball (m->dlb[q], 0), best->rho),
                           s_bsub (m->dlb_slope[q], best->slope));
        }
    s_swap_groups (m);
    s_relink_groups (m);
    m->fpi = best->pi;
    m->fpi_slope = best->pi_slope;
    m->favail = best->avail;
    m->favail_slope = best->avail_slope;
    m->fcertain = best->certain;
    if (m->track)
        s_fconstraint (m, s_bsub (m->favail, m->dcost[p]), m->favail_slope);
    m->state_round[p] = (uint32_t)round;
    m->rd_undo[round] = m->n_undo;
    s_fcharge (m, p);
    m->rd_nvals[round] = m->n_vals;
    m->rd_delta[round] = m->fdelta_zero ? 0 : m->fdelta;
}

/*  One filtered MES run with per-voter budget b: the outcome in result
    (cleared first, no prices), with tracking the stability interval in
    fdelta / fdelta_zero. Returns false when an enclosure could not decide
    a comparison; result is then meaningless. */
static bool
s_fmes_run (s_mes_t *m, const mpq_t b, tally_result_t *result, double step)
{
    //  Resume: the rounds of the last run whose stability bound exceeds
    //  step keep their winners at b (= last b + step), and every budget
    //  made in them is its affine function of b. Restore the state after
    //  the last such round and go on from there.
    bool resumable = m->f_resumable;
    m->f_resumable = false; //  until this run completes
    size_t r0 = 0;
    if (m->track && resumable && step > 0 && step < 9e15)
        while (r0 < m->f_rounds && m->rd_delta[r0] > step)
            r0++;
    size_t n_active;
    // cppcheck-suppress knownConditionTrueFalse ; the loop above may raise r0
    if (r0 > 0)
        n_active = s_fmes_resume (m, b, result, r0, step);
    else {
        int64_t n = s_fmes_start (m, b, result);
        if (n < 0)
            return false;
        n_active = (size_t)n;
    }
    size_t round = r0;
    m->log_undo = m->track;
    while (n_active > 0) {
        if (m->track && round >= m->rd_lb_rows && (round + 1) * m->np <= S_MAX_LB_CELLS) {
            m->rd_lb_rows = round + 1;
            m->rd_lb = sk_reallocarray (m->rd_lb, m->rd_lb_rows * m->np, sizeof (double));
            m->rd_lb_slope =
                sk_reallocarray (m->rd_lb_slope, m->rd_lb_rows * m->np, sizeof (s_ball_t));
        }
        if (m->track && round < m->rd_lb_rows) {
            memcpy (m->rd_lb + round * m->np, m->dlb, m->np * sizeof (double));
            memcpy (m->rd_lb_slope + round * m->np, m->dlb_slope, m->np * sizeof (s_ball_t));
        }
        s_fbest_t best;
        if (!s_fmes_choose (m, round, n_active, &best))
            return false;
        size_t n = 0;
        for (size_t k = 0; k < n_active; k++)
            if (m->state[m->order[k]] == P_ACTIVE && (int)m->order[k] != best.project)
                m->order[n++] = m->order[k];
        n_active = n;
        if (best.project < 0)
            break;
        s_fmes_select (m, round, n_active, &best);
        round++;
        tally_result_push (result, m->t, (uint32_t)best.project, NULL, false);
    }
    m->log_undo = false;
    m->f_rounds = round;
    m->f_resumable = m->track;
    return true;
}

/*  Replay an outcome exactly at per-voter budget b: charge the winners of
    src in order, pricing each exactly, into result. Returns false if a
    winner is not affordable (the outcome is not MES's at b). */
static bool
s_mes_replay (s_mes_t *m, const mpq_t b, tally_result_t *src, tally_result_t *result)
{
    tally_t *t = m->t;
    bool track = m->track;
    m->track = false;
    tally_result_clear (result);
    m->n_vals = 2;
    mpq_set_ui (m->val[ZERO_VID], 0, 1);
    mpq_set (m->val[INIT_VID], b);
    for (size_t v = 0; v < m->nv; v++)
        m->vid[v] = INIT_VID;
    bool ok = true;
    for (size_t k = 0; k < src->size && ok; k++) {
        uint32_t p = src->winner[k];
        if (m->preselected[p]) {
            tally_result_push (result, t, p, NULL, false);
            continue;
        }
        //  Group and price without summing the budgets: the price's
        //  fixpoint leaves no rich weight exactly when they fall short.
        s_group_supporters (m, p);
        for (size_t g = 0; g < m->n_groups; g++) {
            s_group_t *gr = &m->groups[g];
            if (gr->w != 1) {
                mpq_set_ui (m->t1, (unsigned long)gr->w, 1);
                mpq_div (gr->key, m->val[gr->vid], m->t1);
            }
        }
        s_price (m, p);
        if (m->d_rich == 0) {
            ok = false;
            break;
        }
        s_charge (m, p);
        tally_result_push (result, t, p, m->pi, false);
    }
    m->track = track;
    return ok;
}

/*  True if no candidate outside result fits in what is left of the budget
    (pabutools' is_exhaustive over the MES projects). */
static bool
s_exhaustive (s_mes_t *m, tally_result_t *result)
{
    tally_t *t = m->t;
    bool *chosen = sk_reallocarray (NULL, m->np + 1, sizeof (bool));
    memset (chosen, 0, (m->np + 1) * sizeof (bool));
    for (size_t k = 0; k < result->size; k++)
        chosen[result->winner[k]] = true;
    bool exhaustive = true;
    for (size_t p = 0; p < m->np && exhaustive; p++) {
        if (!m->candidate[p] || chosen[p])
            continue;
        mpq_add (m->t1, result->total_cost, t->cost[p]);
        if (mpq_cmp (m->t1, t->budget) <= 0)
            exhaustive = false;
    }
    free (chosen);
    return exhaustive;
}

/*  Copy src's winners into dst. */
static void
s_copy_result (tally_result_t *dst, tally_result_t *src, tally_t *t)
{
    tally_result_clear (dst);
    for (size_t k = 0; k < src->size; k++)
        tally_result_push (dst, t, src->winner[k], src->priced[k] ? src->price[k] : NULL,
                           src->completion[k]);
    mpq_set (dst->voter_budget, src->voter_budget);
    dst->mes_increments = src->mes_increments;
}

//  mes-add1 gives up after this many runs (each run takes at least one
//  increment; the real files need at most a few hundred): no input stalls
//  the tally, and no outcome is returned that the rule did not reach.
#define S_MAX_RUNS 1000000

/*  The method of equal shares; see the file comment. */
tally_result_t *
tally_mes (tally_t *self, tally_rule_t rule, bool card, bool add1)
{
    tally_prepare (self);
    tally_result_t *result = tally_result_new (rule);
    if (self->n_voters == 0)
        return result; //  nobody to give money to, nothing is supported
    s_mes_t m;
    s_mes_init (&m, self, card);
    mpq_t b0, b;
    mpz_t k, step;
    mpq_inits (b0, b, NULL);
    mpz_inits (k, step, NULL);
    mpq_set_ui (b0, (unsigned long)self->n_voters, 1);
    mpq_div (b0, self->budget, b0);
    tally_result_t *run = tally_result_new (rule);
    if (!add1) {
        if (self->exact_only || !s_fmes_run (&m, b0, run, 0) || !s_mes_replay (&m, b0, run, result))
            s_mes_run (&m, b0, result);
        mpq_set (result->voter_budget, b0);
        result->mes_runs = 1;
    } else {
        m.track = true;
        //  The outcome before the first run: the zero-cost projects.
        for (size_t r = 0; r < m.np; r++)
            for (size_t p = 0; p < m.np; p++)
                if (m.preselected[p] && self->rank[p] == r)
                    tally_result_push (result, self, (uint32_t)p, NULL, false);
        mpq_set (result->voter_budget, b0);
        uint64_t runs = 0;
        double last_step = 0; //  0: the first run starts from scratch
        bool settled = false;
        while (!settled && runs < S_MAX_RUNS) {
            mpq_set_z (b, k);
            mpq_add (b, b, b0);
            //  The filtered run, or the exact one when it cannot decide.
            bool filtered = !self->exact_only && s_fmes_run (&m, b, run, last_step);
            m.log_undo = false;
            if (!filtered)
                s_mes_run (&m, b, run);
            runs++;
            mpq_set (run->voter_budget, b);
            run->mes_increments = mpz_fits_ulong_p (k) ? mpz_get_ui (k) : UINT64_MAX;
            if (mpq_cmp (run->total_cost, self->budget) > 0) {
                settled = true; //  overspends: keep the previous outcome
                break;
            }
            s_copy_result (result, run, self);
            bool same_beyond = filtered ? !m.fdelta_zero && isinf (m.fdelta) : m.delta_inf;
            if (s_exhaustive (&m, run) || same_beyond) {
                settled = true;
                break;
            }
            //  Next increment: the first integer k' > k with b0 + k' at or
            //  beyond b + delta.
            if (!filtered)
                mpz_cdiv_q (step, mpq_numref (m.delta), mpq_denref (m.delta));
            else if (m.fdelta_zero)
                mpz_set_ui (step, 1);
            else
                mpz_set_d (step, ceil (m.fdelta));
            if (mpz_cmp_ui (step, 1) < 0)
                mpz_set_ui (step, 1);
            last_step = mpz_get_d (step);
            mpz_add (k, k, step);
        }
        if (!settled)
            tally_result_destroy (&result); //  no answer within limit
        //  Price the returned outcome exactly.
        if (result)
            mpq_set (b, result->voter_budget);
        if (result) {
            uint64_t increments = result->mes_increments;
            s_copy_result (run, result, self);
            if (self->exact_only || !s_mes_replay (&m, b, run, result)) {
                m.track = false;
                s_mes_run (&m, b, result);
            }
            mpq_set (result->voter_budget, b);
            result->mes_increments = increments;
            result->mes_runs = runs;
        }
    }
    tally_result_destroy (&run);
    mpq_clears (b0, b, NULL);
    mpz_clears (k, step, NULL);
    s_mes_fini (&m);
    return result;
}
