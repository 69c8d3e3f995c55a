/*  vote_tally_mes.c: the Method of Equal Shares, plain and add1.

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
      (the cost under cost satisfaction, else 1). We compute pi = rho * U_p,
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
*/
#include "vote_tally_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZERO_VID 0u //  value id of an empty budget
#define INIT_VID 1u //  value id of the initial budget b
#define NONE ((uint32_t) -1)

typedef struct {
    uint32_t vid; //  value id of the group's budget
    uint32_t newid; //  value id after paying for the selected project
    int64_t w; //  weight (utility / U_p) of the group's voters
    uint64_t cnt; //  voters in the group
    bool poor; //  pays its whole budget
    mpq_t key; //  budget / weight when w != 1
} s_group_t;

typedef struct {
    uint64_t key; //  (vid << 32) | w
    uint32_t gen; //  entry is valid when gen == current generation
    uint32_t group; //  group index
} s_slot_t;

typedef enum { P_OFF, P_ACTIVE, P_REMOVED, P_SELECTED } s_pstate_t;

typedef struct {
    vote_tally_t *t; //  the election
    bool card; //  Cardinality satisfaction
    bool uniform; //  every weight is 1
    bool track; //  record the stability interval (add1)
    size_t np, nv; //  projects, voters
    //  Per project
    s_pstate_t *state; //  state in the current run
    bool *candidate; //  MES-supported with positive cost
    bool *preselected; //  supported with zero cost
    mpq_t *unit; //  U_p
    mpq_t *lb; //  lower bound (last exact value) of rho
    mpq_t *lb_slope; //  d lb / d b
    uint32_t *order; //  active projects, sorted by lb
    //  Budget values
    size_t n_vals, cap_vals; //  used and initialised value ids
    mpq_t *val; //  budget of value id at b*
    mpq_t *slope; //  its derivative in b
    uint32_t *vid; //  value id per voter
    uint32_t *stamp; //  uniform grouping: generation per value id
    uint32_t *slot; //  uniform grouping: group per value id
    uint32_t gen; //  grouping generation
    s_slot_t *hash; //  weighted grouping table
    size_t hash_mask; //  table size - 1
    //  Groups of the project being evaluated
    size_t n_groups, cap_groups;
    s_group_t *groups;
    //  Result of the last evaluation
    mpq_t pi, rho, pi_slope, rho_slope; //  price, rho and their slopes
    mpq_t avail, avail_slope; //  supporters' total budget and its slope
    uint64_t d_rich; //  total weight of the rich groups
    //  Stability interval
    bool delta_inf; //  no comparison limits it
    mpq_t delta; //  else: outcome is the same for b in [b*, b* + delta)
    //  Temporaries
    mpq_t t1, t2, t3;
} s_mes_t;

/*  Set q to the integer d (unsigned long may be narrower than 64 bits). */
static inline void
s_set_u64 (mpq_t q, uint64_t d)
{
    mpz_import (mpq_numref (q), 1, 1, sizeof d, 0, 0, &d);
    mpz_set_ui (mpq_denref (q), 1);
}

/*  Weight of supporter entry k of project p for this run, or 0 when the
    voter does not support p in the MES sense (utility not positive). */
static inline int64_t
s_weight (s_mes_t *m, size_t p, size_t k)
{
    vote_tally_t *t = m->t;
    if (m->card)
        return 1;
    if (t->sat == VOTE_TALLY_SAT_COST)
        return mpq_sgn (t->cost[p]) > 0 ? 1 : 0;
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
    m->val = vote_tally_xrealloc (m->val, cap, sizeof (mpq_t));
    m->slope = vote_tally_xrealloc (m->slope, cap, sizeof (mpq_t));
    m->stamp = vote_tally_xrealloc (m->stamp, cap, sizeof (uint32_t));
    m->slot = vote_tally_xrealloc (m->slot, cap, sizeof (uint32_t));
    for (size_t v = m->cap_vals; v < cap; v++) {
        mpq_init (m->val[v]);
        mpq_init (m->slope[v]);
        m->stamp[v] = 0;
    }
    m->cap_vals = cap;
}

static void
s_mes_init (s_mes_t *m, vote_tally_t *t, bool card)
{
    memset (m, 0, sizeof *m);
    m->t = t;
    m->card = card;
    m->uniform = card || t->sat == VOTE_TALLY_SAT_COST;
    m->np = t->n_projects;
    m->nv = t->n_voters;
    size_t np1 = m->np + 1;
    m->state = vote_tally_xrealloc (NULL, np1, sizeof (s_pstate_t));
    m->candidate = vote_tally_xrealloc (NULL, np1, sizeof (bool));
    m->preselected = vote_tally_xrealloc (NULL, np1, sizeof (bool));
    m->unit = vote_tally_xrealloc (NULL, np1, sizeof (mpq_t));
    m->lb = vote_tally_xrealloc (NULL, np1, sizeof (mpq_t));
    m->lb_slope = vote_tally_xrealloc (NULL, np1, sizeof (mpq_t));
    m->order = vote_tally_xrealloc (NULL, np1, sizeof (uint32_t));
    m->vid = vote_tally_xrealloc (NULL, m->nv + 1, sizeof (uint32_t));
    size_t max_supp = 1;
    for (size_t p = 0; p < m->np; p++) {
        mpq_init (m->unit[p]);
        mpq_init (m->lb[p]);
        mpq_init (m->lb_slope[p]);
        if (!card && t->sat == VOTE_TALLY_SAT_COST)
            mpq_set (m->unit[p], t->cost[p]);
        else
            mpq_set_ui (m->unit[p], 1, 1);
        uint64_t total = 0;
        for (size_t k = t->supp_off[p]; k < t->supp_off[p + 1]; k++)
            total += (uint64_t) s_weight (m, p, k);
        size_t ns = t->supp_off[p + 1] - t->supp_off[p];
        if (ns > max_supp)
            max_supp = ns;
        m->candidate[p] = total > 0 && mpq_sgn (t->cost[p]) > 0;
        m->preselected[p] = total > 0 && mpq_sgn (t->cost[p]) == 0;
    }
    if (!m->uniform) {
        size_t size = 16;
        while (size < 2 * max_supp)
            size *= 2;
        m->hash = vote_tally_xrealloc (NULL, size, sizeof (s_slot_t));
        memset (m->hash, 0, size * sizeof (s_slot_t));
        m->hash_mask = size - 1;
    }
    mpq_inits (m->pi, m->rho, m->pi_slope, m->rho_slope, m->avail,
               m->avail_slope, m->delta, m->t1, m->t2, m->t3, NULL);
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
    mpq_clears (m->pi, m->rho, m->pi_slope, m->rho_slope, m->avail,
                m->avail_slope, m->delta, m->t1, m->t2, m->t3, NULL);
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
    }
    else {
        uint64_t key = ((uint64_t) vid << 32) | (uint64_t) w;
        size_t h = (size_t) ((key * 0x9E3779B97F4A7C15ull) >> 20)
                   & m->hash_mask;
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
        m->groups = vote_tally_xrealloc (m->groups, cap, sizeof (s_group_t));
        for (size_t k = m->cap_groups; k < cap; k++)
            mpq_init (m->groups[k].key);
        m->cap_groups = cap;
    }
    g = (uint32_t) m->n_groups++;
    if (m->uniform) {
        m->stamp[vid] = m->gen;
        m->slot[vid] = g;
    }
    else {
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
static bool
s_gather (s_mes_t *m, size_t p)
{
    vote_tally_t *t = m->t;
    s_next_gen (m);
    for (size_t k = t->supp_off[p]; k < t->supp_off[p + 1]; k++) {
        int64_t w = s_weight (m, p, k);
        if (w <= 0)
            continue;
        uint32_t v = m->vid[t->supp_voter[k]];
        if (v == ZERO_VID)
            continue; //  pays nothing and is always poor; see s_price
        s_group (m, v, w, true)->cnt++;
    }
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
            mpq_set_ui (m->t1, (unsigned long) gr->w, 1);
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
    vote_tally_t *t = m->t;
    uint64_t d = 0;
    for (size_t g = 0; g < m->n_groups; g++)
        d += m->groups[g].cnt * (uint64_t) m->groups[g].w;
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
            d -= gr->cnt * (uint64_t) gr->w;
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
    uint32_t a = *(const uint32_t *) a_, b = *(const uint32_t *) b_;
    int c = mpq_cmp (m->lb[a], m->lb[b]);
    if (c)
        return c;
    return m->t->rank[a] < m->t->rank[b] ? -1 : m->t->rank[a] > m->t->rank[b];
}

/*  Charge the selected project s (its groups gathered and priced): poor
    voters pay everything, rich ones pi * w each. */
static void
s_charge (s_mes_t *m, size_t s)
{
    vote_tally_t *t = m->t;
    s_vals_reserve (m, m->n_groups);
    for (size_t g = 0; g < m->n_groups; g++) {
        s_group_t *gr = &m->groups[g];
        if (m->track) {
            //  poor: pi * w - budget >= 0; rich: budget - pi * w >= 0
            mpq_set_ui (m->t1, (unsigned long) gr->w, 1);
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
        uint32_t id = (uint32_t) m->n_vals++;
        gr->newid = id;
        mpq_set_ui (m->t1, (unsigned long) gr->w, 1);
        mpq_mul (m->t2, m->pi, m->t1);
        mpq_sub (m->val[id], m->val[gr->vid], m->t2);
        if (m->track) {
            mpq_mul (m->t2, m->pi_slope, m->t1);
            mpq_sub (m->slope[id], m->slope[gr->vid], m->t2);
        }
    }
    for (size_t k = t->supp_off[s]; k < t->supp_off[s + 1]; k++) {
        int64_t w = s_weight (m, s, k);
        uint32_t voter = t->supp_voter[k];
        if (w <= 0 || m->vid[voter] == ZERO_VID)
            continue;
        s_group_t *gr = s_group (m, m->vid[voter], w, false);
        m->vid[voter] = gr->poor ? ZERO_VID : gr->newid;
    }
}

/*  One MES run with per-voter budget b. Appends the outcome to result
    (cleared first). With tracking, leaves in m->delta the length of the
    interval of budgets above b with the same outcome. */
static void
s_mes_run (s_mes_t *m, const mpq_t b, vote_tally_result_t *result)
{
    vote_tally_t *t = m->t;
    vote_tally_result_clear (result);
    m->delta_inf = true;
    m->n_vals = 2;
    mpq_set_ui (m->val[ZERO_VID], 0, 1);
    mpq_set_ui (m->slope[ZERO_VID], 0, 1);
    mpq_set (m->val[INIT_VID], b);
    mpq_set_ui (m->slope[INIT_VID], 1, 1);
    for (size_t v = 0; v < m->nv; v++)
        m->vid[v] = INIT_VID;
    //  Zero-cost supported projects first, in id order.
    for (size_t r = 0; r < m->np; r++)
        m->order[r] = NONE;
    for (size_t p = 0; p < m->np; p++)
        if (m->preselected[p])
            m->order[t->rank[p]] = (uint32_t) p;
    for (size_t r = 0; r < m->np; r++)
        if (m->order[r] != NONE)
            vote_tally_result_push (result, t, m->order[r], NULL, false);
    //  Initial lower bound: cost / total utility (everyone rich).
    size_t n_active = 0;
    for (size_t p = 0; p < m->np; p++) {
        m->state[p] = m->candidate[p] ? P_ACTIVE : P_OFF;
        if (!m->candidate[p])
            continue;
        uint64_t d = 0;
        for (size_t k = t->supp_off[p]; k < t->supp_off[p + 1]; k++)
            d += (uint64_t) s_weight (m, p, k);
        s_set_u64 (m->t1, d);
        mpq_mul (m->t1, m->t1, m->unit[p]);
        mpq_div (m->lb[p], t->cost[p], m->t1);
        mpq_set_ui (m->lb_slope[p], 0, 1);
        m->order[n_active++] = (uint32_t) p;
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
                best = (int) q;
                mpq_set (best_rho, m->rho);
                if (m->track)
                    mpq_set (best_slope, m->rho_slope);
            }
        }
        //  Compact the active list.
        size_t n = 0;
        for (size_t k = 0; k < n_active; k++)
            if (m->state[m->order[k]] == P_ACTIVE
                && (int) m->order[k] != best)
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
        s_gather (m, (size_t) best);
        if (m->track) {
            mpq_sub (h0, m->avail, t->cost[best]);
            s_constraint (m, h0, m->avail_slope);
        }
        s_price (m, (size_t) best);
        s_charge (m, (size_t) best);
        vote_tally_result_push (result, t, (uint32_t) best, m->pi, false);
    }
    mpq_clears (best_rho, best_slope, h0, h1, NULL);
}

/*  True if no candidate outside result fits in what is left of the budget
    (pabutools' is_exhaustive over the MES projects). */
static bool
s_exhaustive (s_mes_t *m, vote_tally_result_t *result)
{
    vote_tally_t *t = m->t;
    bool *chosen = vote_tally_xrealloc (NULL, m->np + 1, sizeof (bool));
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
s_copy_result (vote_tally_result_t *dst, vote_tally_result_t *src,
               vote_tally_t *t)
{
    vote_tally_result_clear (dst);
    for (size_t k = 0; k < src->size; k++)
        vote_tally_result_push (dst, t, src->winner[k],
                                src->priced[k] ? src->price[k] : NULL,
                                src->completion[k]);
    mpq_set (dst->voter_budget, src->voter_budget);
    dst->mes_increments = src->mes_increments;
}

//  Stop mes-add1 after this many runs (each run takes at least one
//  increment; the real files need at most a few hundred).
#define S_MAX_RUNS 1000000

/*  The method of equal shares; see the file comment. */
vote_tally_result_t *
vote_tally_mes (vote_tally_t *self, vote_tally_rule_t rule, bool card,
                bool add1)
{
    vote_tally_prepare (self);
    vote_tally_result_t *result = vote_tally_result_new (rule);
    if (self->n_voters == 0)
        return result; //  nobody to give money to, nothing is supported
    s_mes_t m;
    s_mes_init (&m, self, card);
    mpq_t b0, b;
    mpz_t k, step;
    mpq_inits (b0, b, NULL);
    mpz_inits (k, step, NULL);
    mpq_set_ui (b0, (unsigned long) self->n_voters, 1);
    mpq_div (b0, self->budget, b0);
    if (!add1) {
        s_mes_run (&m, b0, result);
        mpq_set (result->voter_budget, b0);
        result->mes_runs = 1;
    }
    else {
        m.track = true;
        vote_tally_result_t *run = vote_tally_result_new (rule);
        //  The outcome before the first run: the zero-cost projects.
        for (size_t r = 0; r < m.np; r++)
            for (size_t p = 0; p < m.np; p++)
                if (m.preselected[p] && self->rank[p] == r)
                    vote_tally_result_push (result, self, (uint32_t) p, NULL,
                                            false);
        mpq_set (result->voter_budget, b0);
        uint64_t runs = 0;
        while (runs < S_MAX_RUNS) {
            mpq_set_z (b, k);
            mpq_add (b, b, b0);
            s_mes_run (&m, b, run);
            runs++;
            mpq_set (run->voter_budget, b);
            run->mes_increments =
                mpz_fits_ulong_p (k) ? mpz_get_ui (k) : UINT64_MAX;
            if (mpq_cmp (run->total_cost, self->budget) > 0)
                break; //  overspends: keep the previous outcome
            s_copy_result (result, run, self);
            if (s_exhaustive (&m, run) || m.delta_inf)
                break;
            //  Next increment: the first integer k' > k with b0 + k' at or
            //  beyond b + delta.
            mpz_cdiv_q (step, mpq_numref (m.delta), mpq_denref (m.delta));
            if (mpz_cmp_ui (step, 1) < 0)
                mpz_set_ui (step, 1);
            mpz_add (k, k, step);
        }
        result->mes_runs = runs;
        vote_tally_result_destroy (&run);
    }
    mpq_clears (b0, b, NULL);
    mpz_clears (k, step, NULL);
    s_mes_fini (&m);
    return result;
}
