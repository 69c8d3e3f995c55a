/*  tally.c: the election class, the greedy rules, sequential Phragmén
    and the result class. The method of equal shares is in tally_mes.c.

    Exactness: costs, budgets, loads and densities are mpq_t; the only
    integers are counts and ballot points. Ties are broken by the byte order
    of project ids (rank[]), as pabutools' lexicographic tie-breaking does.
*/
#include "tally/tally_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_mem.h"

static const char *s_rule_names[TALLY_RULES] = {
    "greedy",   "greedy-card", "greedy-threshold", "mes",
    "mes-card", "mes-add1",    "mes-add1-greedy",  "phragmen",
};

/*  Create an empty election. Never returns NULL. */
tally_t *
tally_new (tally_sat_t sat)
{
    tally_t *self = sk_malloc (sizeof *self);
    memset (self, 0, sizeof *self);
    self->sat = sat;
    mpq_init (self->budget);
    mpq_init (self->threshold);
    self->cap_voters = 1024;
    self->ballot_off = sk_reallocarray (NULL, self->cap_voters + 1, sizeof (size_t));
    self->ballot_off[0] = 0;
    return self;
}

/*  Free the supporter lists built by tally_prepare. */
static void
s_free_supporters (tally_t *self)
{
    free (self->supp_off);
    free (self->supp_voter);
    free (self->supp_pts);
    free (self->votes);
    self->supp_off = NULL;
    self->supp_voter = NULL;
    self->supp_pts = NULL;
    self->votes = NULL;
    self->supp_built = false;
}

/*  Destroy the election and null the caller's pointer. */
void
tally_destroy (tally_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    tally_t *self = *self_p;
    for (size_t p = 0; p < self->n_projects; p++) {
        free (self->ids[p]);
        mpq_clear (self->cost[p]);
    }
    free (self->ids);
    free (self->cost);
    free (self->rank);
    free (self->ballot_off);
    free (self->entry_proj);
    free (self->entry_pts);
    free (self->mark);
    s_free_supporters (self);
    mpq_clear (self->budget);
    mpq_clear (self->threshold);
    free (self);
    *self_p = NULL;
}

/*  Set the budget; -1 if negative. */
int
tally_set_budget (tally_t *self, const mpq_t budget)
{
    if (mpq_sgn (budget) < 0)
        return -1;
    mpq_set (self->budget, budget);
    return 0;
}

void
tally_set_exact_only (tally_t *self, bool exact_only)
{
    self->exact_only = exact_only;
}

void
tally_set_voted_only (tally_t *self, bool voted_only)
{
    self->voted_only = voted_only;
}

/*  Set greedy-threshold's minimum score. */
void
tally_set_threshold (tally_t *self, const mpq_t threshold)
{
    mpq_set (self->threshold, threshold);
}

/*  Add a project; returns its index or -1 on a negative cost, an empty id
    or too many projects. */
int
tally_add_project (tally_t *self, const char *id, const mpq_t cost)
{
    if (!id || !*id || mpq_sgn (cost) < 0 || self->n_projects >= TALLY_MAX_PROJECTS)
        return -1;
    if (self->n_projects == self->cap_projects) {
        size_t cap = self->cap_projects ? self->cap_projects * 2 : 64;
        self->ids = sk_reallocarray (self->ids, cap, sizeof (char *));
        self->cost = sk_reallocarray (self->cost, cap, sizeof (mpq_t));
        self->cap_projects = cap;
    }
    size_t p = self->n_projects++;
    self->ids[p] = sk_strdup (id);
    if (!self->ids[p])
        abort ();
    mpq_init (self->cost[p]);
    mpq_set (self->cost[p], cost);
    self->ranked = false;
    s_free_supporters (self);
    return (int)p;
}

/*  Add a ballot; -1 on a bad index, a repeated project, points out of range
    or too many voters. */
int
tally_add_ballot (tally_t *self, size_t len, const uint32_t *projects, const int64_t *points)
{
    if (self->n_voters >= TALLY_MAX_VOTERS || len > self->n_projects)
        return -1;
    //  A project named twice: mark[p] holds the stamp of the last call
    //  naming p (linear time, whatever the ballot's length).
    if (self->cap_mark < self->n_projects) {
        self->mark = sk_reallocarray (self->mark, self->n_projects, sizeof (size_t));
        for (size_t p = self->cap_mark; p < self->n_projects; p++)
            self->mark[p] = 0;
        self->cap_mark = self->n_projects;
    }
    size_t stamp = ++self->mark_gen; //  new for every call, even failed ones
    for (size_t k = 0; k < len; k++) {
        if (projects[k] >= self->n_projects)
            return -1;
        if (points && (points[k] > TALLY_MAX_POINTS || points[k] < -TALLY_MAX_POINTS))
            return -1;
        if (self->mark[projects[k]] == stamp)
            return -1;
        self->mark[projects[k]] = stamp;
    }
    if (self->n_entries + len > self->cap_entries) {
        size_t cap = self->cap_entries ? self->cap_entries : 4096;
        while (cap < self->n_entries + len)
            cap *= 2;
        self->entry_proj = sk_reallocarray (self->entry_proj, cap, sizeof (uint32_t));
        self->entry_pts = sk_reallocarray (self->entry_pts, cap, sizeof (int64_t));
        self->cap_entries = cap;
    }
    if (self->n_voters + 1 >= self->cap_voters) {
        self->cap_voters *= 2;
        self->ballot_off =
            sk_reallocarray (self->ballot_off, self->cap_voters + 1, sizeof (size_t));
    }
    for (size_t k = 0; k < len; k++) {
        self->entry_proj[self->n_entries + k] = projects[k];
        self->entry_pts[self->n_entries + k] = points ? points[k] : 1;
    }
    self->n_entries += len;
    self->n_voters++;
    self->ballot_off[self->n_voters] = self->n_entries;
    s_free_supporters (self);
    return 0;
}

/*  Add an ordinal ballot with Borda points. */
int
tally_add_ranking (tally_t *self, size_t len, const uint32_t *projects)
{
    if (len > self->n_projects)
        return -1;
    int64_t *borda = sk_reallocarray (NULL, len + 1, sizeof (int64_t));
    for (size_t k = 0; k < len; k++)
        borda[k] = (int64_t)(len - k - 1);
    int rc = tally_add_ballot (self, len, projects, len ? borda : NULL);
    free (borda);
    return rc;
}

size_t
tally_projects (tally_t *self)
{
    return self->n_projects;
}

size_t
tally_voters (tally_t *self)
{
    return self->n_voters;
}

const char *
tally_project_id (tally_t *self, size_t p)
{
    return p < self->n_projects ? self->ids[p] : NULL;
}

void
tally_project_cost (tally_t *self, size_t p, mpq_t cost)
{
    if (p < self->n_projects)
        mpq_set (cost, self->cost[p]);
}

void
tally_budget (tally_t *self, mpq_t budget)
{
    mpq_set (budget, self->budget);
}

/*  Number of ballots naming project p. */
size_t
tally_project_votes (tally_t *self, size_t p)
{
    tally_prepare (self);
    return p < self->n_projects ? self->votes[p] : 0;
}

/*  The total points ballots give project p. */
static void
s_project_points (tally_t *self, size_t p, mpq_t points)
{
    mpz_t sum;
    mpz_init (sum);
    for (size_t k = self->supp_off[p]; k < self->supp_off[p + 1]; k++) {
        int64_t pts = self->supp_pts[k];
        if (pts >= 0)
            mpz_add_ui (sum, sum, (unsigned long)pts);
        else
            mpz_sub_ui (sum, sum, (unsigned long)-pts);
    }
    mpq_set_z (points, sum);
    mpz_clear (sum);
}

/*  Total utility of project p under the natural satisfaction, with card
    set: under Cardinality satisfaction. */
static void
s_project_score (tally_t *self, size_t p, bool card, mpq_t score)
{
    if (card)
        mpq_set_ui (score, self->votes[p], 1);
    else if (self->sat == TALLY_SAT_COST) {
        mpq_set_ui (score, self->votes[p], 1);
        mpq_mul (score, score, self->cost[p]);
    } else {
        s_project_points (self, p, score);
        if (self->sat == TALLY_SAT_POINTS_COST)
            mpq_mul (score, score, self->cost[p]);
    }
}

void
tally_project_score (tally_t *self, size_t p, mpq_t score)
{
    tally_prepare (self);
    if (p < self->n_projects && self->sat == TALLY_SAT_POINTS_COST)
        s_project_points (self, p, score);
    else if (p < self->n_projects)
        s_project_score (self, p, false, score);
}

int
tally_rule_parse (const char *name, tally_rule_t *rule)
{
    for (int r = 0; r < TALLY_RULES; r++)
        if (name
            && (strcmp (name, s_rule_names[r]) == 0
                || strcmp (name, tally_rule_pabulib ((tally_rule_t)r)) == 0)) {
            *rule = (tally_rule_t)r;
            return 0;
        }
    return -1;
}

const char *
tally_rule_pabulib (tally_rule_t rule)
{
    return rule == TALLY_MES        ? "equalshares"
           : rule == TALLY_MES_ADD1 ? "equalshares/add1"
                                    : tally_rule_name (rule);
}

const char *
tally_rule_name (tally_rule_t rule)
{
    return rule < TALLY_RULES ? s_rule_names[rule] : "unknown";
}

static int
s_cmp_id (const void *a, const void *b, void *ids_)
{
    char **ids = ids_;
    return strcmp (ids[*(const uint32_t *)a], ids[*(const uint32_t *)b]);
}

/*  Build what every rule needs and ballots do not change: the byte-order
    rank of each project and the supporter lists (voters per project). */
void
tally_prepare (tally_t *self)
{
    if (!self->ranked) {
        free (self->rank);
        self->rank = sk_reallocarray (NULL, self->n_projects + 1, sizeof (uint32_t));
        uint32_t *order = sk_reallocarray (NULL, self->n_projects + 1, sizeof (uint32_t));
        for (size_t p = 0; p < self->n_projects; p++)
            order[p] = (uint32_t)p;
        qsort_r (order, self->n_projects, sizeof (uint32_t), s_cmp_id, self->ids);
        for (size_t k = 0; k < self->n_projects; k++)
            self->rank[order[k]] = (uint32_t)k;
        free (order);
        self->ranked = true;
    }
    if (self->supp_built)
        return;
    size_t np = self->n_projects;
    self->supp_off = sk_reallocarray (NULL, np + 2, sizeof (size_t));
    self->votes = sk_reallocarray (NULL, np + 1, sizeof (size_t));
    memset (self->supp_off, 0, (np + 2) * sizeof (size_t));
    for (size_t e = 0; e < self->n_entries; e++)
        self->supp_off[self->entry_proj[e] + 2]++;
    for (size_t p = 0; p < np; p++) {
        self->votes[p] = self->supp_off[p + 2];
        self->supp_off[p + 2] += self->supp_off[p + 1];
    }
    self->supp_voter = sk_reallocarray (NULL, self->n_entries + 1, sizeof (uint32_t));
    self->supp_pts = sk_reallocarray (NULL, self->n_entries + 1, sizeof (int64_t));
    for (size_t v = 0; v < self->n_voters; v++)
        for (size_t e = self->ballot_off[v]; e < self->ballot_off[v + 1]; e++) {
            size_t slot = self->supp_off[self->entry_proj[e] + 1]++;
            self->supp_voter[slot] = (uint32_t)v;
            self->supp_pts[slot] = self->entry_pts[e];
        }
    self->supp_built = true;
}

/*  ---------------------------------------------------------------------
    Results */

tally_result_t *
tally_result_new (tally_rule_t rule)
{
    tally_result_t *self = sk_malloc (sizeof *self);
    memset (self, 0, sizeof *self);
    self->rule = rule;
    mpq_init (self->total_cost);
    mpq_init (self->voter_budget);
    return self;
}

/*  Remove every winner, keeping the allocations. */
void
tally_result_clear (tally_result_t *self)
{
    self->size = 0;
    mpq_set_ui (self->total_cost, 0, 1);
}

/*  Append a winner; price NULL when the rule did not price it. */
void
tally_result_push (tally_result_t *self, tally_t *tally, uint32_t project, const mpq_t price,
                   bool completion)
{
    if (self->size == self->cap) {
        size_t cap = self->cap ? self->cap * 2 : 16;
        self->winner = sk_reallocarray (self->winner, cap, sizeof (uint32_t));
        self->price = sk_reallocarray (self->price, cap, sizeof (mpq_t));
        self->priced = sk_reallocarray (self->priced, cap, sizeof (bool));
        self->completion = sk_reallocarray (self->completion, cap, sizeof (bool));
        for (size_t k = self->cap; k < cap; k++)
            mpq_init (self->price[k]);
        self->cap = cap;
    }
    size_t k = self->size++;
    self->winner[k] = project;
    self->priced[k] = price != NULL;
    if (price)
        mpq_set (self->price[k], price);
    self->completion[k] = completion;
    mpq_add (self->total_cost, self->total_cost, tally->cost[project]);
}

void
tally_result_destroy (tally_result_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    tally_result_t *self = *self_p;
    for (size_t k = 0; k < self->cap; k++)
        mpq_clear (self->price[k]);
    free (self->winner);
    free (self->price);
    free (self->priced);
    free (self->completion);
    mpq_clear (self->total_cost);
    mpq_clear (self->voter_budget);
    free (self);
    *self_p = NULL;
}

tally_rule_t
tally_result_rule (tally_result_t *self)
{
    return self->rule;
}

size_t
tally_result_size (tally_result_t *self)
{
    return self->size;
}

size_t
tally_result_winner (tally_result_t *self, size_t k)
{
    return k < self->size ? self->winner[k] : (size_t)-1;
}

//  Ranking the projects not chosen: their keys, computed once
typedef struct {
    tally_t *t;     //  the election
    bool by_points; //  score decides, else votes
    mpq_t *score;   //  per project when by_points
} s_ranking_t;

//  Most votes (score) first, then the earlier added.
static int
s_cmp_rank (const void *a_, const void *b_, void *ranking_)
{
    s_ranking_t *ranking = ranking_;
    size_t a = *(const size_t *)a_, b = *(const size_t *)b_;
    int c = 0;
    if (ranking->by_points)
        c = mpq_cmp (ranking->score[b], ranking->score[a]);
    else if (tally_project_votes (ranking->t, a) != tally_project_votes (ranking->t, b))
        c = tally_project_votes (ranking->t, a) < tally_project_votes (ranking->t, b) ? 1 : -1;
    return c ? c : a < b ? -1 : a > b;
}

void
tally_result_ranking (tally_result_t *self, tally_t *t, bool by_points, size_t *order)
{
    size_t np = tally_projects (t), n = self->size;
    bool *chosen = sk_calloc (np + 1, sizeof (bool));
    for (size_t k = 0; k < self->size; k++) {
        order[k] = self->winner[k];
        chosen[self->winner[k]] = true;
    }
    for (size_t i = 0; i < np; i++)
        if (!chosen[i])
            order[n++] = i;
    s_ranking_t ranking = { t, by_points, NULL };
    if (by_points) {
        ranking.score = sk_reallocarray (NULL, np + 1, sizeof (mpq_t));
        for (size_t i = 0; i < np; i++) {
            mpq_init (ranking.score[i]);
            tally_project_score (t, i, ranking.score[i]);
        }
    }
    qsort_r (order + self->size, np - self->size, sizeof (size_t), s_cmp_rank, &ranking);
    for (size_t i = 0; by_points && i < np; i++)
        mpq_clear (ranking.score[i]);
    free (ranking.score);
    free (chosen);
}

void
tally_result_total_cost (tally_result_t *self, mpq_t cost)
{
    mpq_set (cost, self->total_cost);
}

bool
tally_result_price (tally_result_t *self, size_t k, mpq_t price)
{
    if (k >= self->size || !self->priced[k])
        return false;
    mpq_set (price, self->price[k]);
    return true;
}

bool
tally_result_completion (tally_result_t *self, size_t k)
{
    return k < self->size && self->completion[k];
}

void
tally_result_voter_budget (tally_result_t *self, mpq_t b)
{
    mpq_set (b, self->voter_budget);
}

uint64_t
tally_result_mes_runs (tally_result_t *self)
{
    return self->mes_runs;
}

uint64_t
tally_result_mes_increments (tally_result_t *self)
{
    return self->mes_increments;
}

/*  ---------------------------------------------------------------------
    Greedy */

typedef struct {
    uint32_t project; //  project index
    uint32_t rank;    //  byte-order rank of its id
    int klass;        //  2: infinite density, 1: positive, 0: zero
    mpq_t density;    //  utility per unit of cost when klass is 1
} s_greedy_item_t;

static int
s_cmp_greedy (const void *a_, const void *b_)
{
    const s_greedy_item_t *a = a_, *b = b_;
    if (a->klass != b->klass)
        return a->klass > b->klass ? -1 : 1;
    if (a->klass == 1) {
        int c = mpq_cmp (a->density, b->density);
        if (c)
            return c > 0 ? -1 : 1;
    }
    return a->rank < b->rank ? -1 : a->rank > b->rank;
}

/*  Greedy by utility per unit of cost (pabutools' additive greedy): order
    projects by density descending, ties by id, infinite density (positive
    utility, zero cost) first and zero or negative utility last; fund every
    project that still fits. Starts from the winners already in result. */
void
tally_greedy_into (tally_t *self, tally_result_t *result, bool card, bool threshold,
                   bool completion)
{
    tally_prepare (self);
    size_t np = self->n_projects;
    s_greedy_item_t *items = sk_reallocarray (NULL, np + 1, sizeof *items);
    bool *chosen = sk_reallocarray (NULL, np + 1, sizeof (bool));
    memset (chosen, 0, (np + 1) * sizeof (bool));
    for (size_t k = 0; k < result->size; k++)
        chosen[result->winner[k]] = true;
    mpq_t score, remaining, metric;
    mpq_inits (score, remaining, metric, NULL);
    for (size_t p = 0; p < np; p++) {
        s_greedy_item_t *it = &items[p];
        it->project = (uint32_t)p;
        it->rank = self->rank[p];
        mpq_init (it->density);
        s_project_score (self, p, card, score);
        if (mpq_sgn (score) <= 0)
            it->klass = 0;
        else if (mpq_sgn (self->cost[p]) == 0)
            it->klass = 2;
        else {
            it->klass = 1;
            mpq_div (it->density, score, self->cost[p]);
        }
    }
    qsort (items, np, sizeof *items, s_cmp_greedy);
    mpq_sub (remaining, self->budget, result->total_cost);
    for (size_t k = 0; k < np; k++) {
        uint32_t p = items[k].project;
        if (chosen[p] || (self->voted_only && self->votes[p] == 0))
            continue;
        if (threshold) {
            //  The score the threshold is on: votes for approval ballots,
            //  points for points ballots.
            if (self->sat == TALLY_SAT_COST)
                mpq_set_ui (metric, self->votes[p], 1);
            else
                s_project_points (self, p, metric);
            if (mpq_cmp (metric, self->threshold) < 0)
                continue;
        }
        if (mpq_cmp (self->cost[p], remaining) <= 0) {
            tally_result_push (result, self, p, NULL, completion);
            chosen[p] = true;
            mpq_sub (remaining, remaining, self->cost[p]);
        }
    }
    for (size_t p = 0; p < np; p++)
        mpq_clear (items[p].density);
    mpq_clears (score, remaining, metric, NULL);
    free (items);
    free (chosen);
}

/*  ---------------------------------------------------------------------
    Sequential Phragmén

    Every ballot approves the projects it names. A voter's load is the
    max-load value of the last project bought with it, so loads take one of
    at most (winners + 1) values; sumload[p] (the supporters' total load) is
    kept up to date by moving counts of voters between load values. */

//  The state of one Phragmén run.
typedef struct {
    tally_t *tally;
    bool *active;       //  per project: not bought and affordable alone
    size_t n_active;    //  projects active
    mpq_t *sumload;     //  per project: its supporters' total load
    mpq_t *newmax;      //  per project: the max load if bought next
    uint32_t *loadid;   //  per voter: index of its load in loads
    mpq_t *loads;       //  the load values in use
    size_t n_loads;     //  values in loads
    size_t cap_loads;   //  allocated in loads
    size_t *cnt;        //  per project: moved voters supporting it
    uint32_t *touched;  //  projects with cnt > 0
    uint32_t *tied;     //  projects tied for the minimal new max load
    size_t *bucket_off; //  s's supporters by old load id: bucket ends
    uint32_t *bucket;   //  s's supporters grouped by old load id
    mpq_t spent, delta, tmp;
} s_phragmen_t;

static void
s_phragmen_init (s_phragmen_t *ph, tally_t *self)
{
    size_t np = self->n_projects, nv = self->n_voters;
    memset (ph, 0, sizeof *ph);
    ph->tally = self;
    ph->active = sk_reallocarray (NULL, np + 1, sizeof (bool));
    ph->sumload = sk_reallocarray (NULL, np + 1, sizeof (mpq_t));
    ph->newmax = sk_reallocarray (NULL, np + 1, sizeof (mpq_t));
    ph->loadid = sk_calloc (nv + 1, sizeof (uint32_t));
    ph->cnt = sk_calloc (np + 1, sizeof (size_t));
    ph->touched = sk_reallocarray (NULL, np + 1, sizeof (uint32_t));
    ph->tied = sk_reallocarray (NULL, np + 1, sizeof (uint32_t));
    ph->cap_loads = 16;
    ph->n_loads = 1;
    ph->loads = sk_reallocarray (NULL, ph->cap_loads, sizeof (mpq_t));
    mpq_init (ph->loads[0]);
    for (size_t p = 0; p < np; p++) {
        mpq_init (ph->sumload[p]);
        mpq_init (ph->newmax[p]);
        ph->active[p] =
            mpq_cmp (self->cost[p], self->budget) <= 0 && (!self->voted_only || self->votes[p] > 0);
        ph->n_active += ph->active[p];
    }
    ph->bucket = sk_reallocarray (NULL, nv + 1, sizeof (uint32_t));
    mpq_inits (ph->spent, ph->delta, ph->tmp, NULL);
}

static void
s_phragmen_fini (s_phragmen_t *ph)
{
    for (size_t p = 0; p < ph->tally->n_projects; p++) {
        mpq_clear (ph->sumload[p]);
        mpq_clear (ph->newmax[p]);
    }
    for (size_t l = 0; l < ph->n_loads; l++)
        mpq_clear (ph->loads[l]);
    mpq_clears (ph->spent, ph->delta, ph->tmp, NULL);
    free (ph->loads);
    free (ph->active);
    free (ph->sumload);
    free (ph->newmax);
    free (ph->loadid);
    free (ph->cnt);
    free (ph->touched);
    free (ph->tied);
    free (ph->bucket_off);
    free (ph->bucket);
}

/*  The next project to buy: the minimal new max load, ties broken by the
    byte order of ids; score 0 means infinity, and all infinities tie (as
    float("inf") == float("inf") in pabutools). Returns -1 when the tied
    projects do not all fit the budget left (the rule stops there), and
    sets *inf when nobody approves the project returned. */
static int64_t
s_phragmen_pick (s_phragmen_t *ph, bool *inf_p)
{
    tally_t *self = ph->tally;
    size_t n_tied = 0;
    bool best_inf = true;
    int best = -1;
    for (size_t p = 0; p < self->n_projects; p++) {
        if (!ph->active[p])
            continue;
        bool inf = self->votes[p] == 0;
        if (!inf) {
            mpq_add (ph->newmax[p], ph->sumload[p], self->cost[p]);
            mpq_set_ui (ph->tmp, self->votes[p], 1);
            mpq_div (ph->newmax[p], ph->newmax[p], ph->tmp);
        }
        int c;
        if (best < 0)
            c = -1;
        else if (inf || best_inf)
            c = inf == best_inf ? 0 : (inf ? 1 : -1);
        else
            c = mpq_cmp (ph->newmax[p], ph->newmax[best]);
        if (c < 0) {
            best = (int)p;
            best_inf = inf;
            n_tied = 0;
        }
        if (c <= 0)
            ph->tied[n_tied++] = (uint32_t)p;
    }
    //  Stop at the first step whose tied projects do not all fit.
    uint32_t s = ph->tied[0];
    for (size_t k = 0; k < n_tied; k++) {
        mpq_add (ph->tmp, ph->spent, self->cost[ph->tied[k]]);
        if (mpq_cmp (ph->tmp, self->budget) > 0)
            return -1;
        if (self->rank[ph->tied[k]] < self->rank[s])
            s = ph->tied[k];
    }
    *inf_p = best_inf;
    return s;
}

/*  Project s was bought: its supporters' load becomes newmax[s], and the
    sumload of every active project they support grows by the difference,
    one old load value at a time (supporters grouped by a counting sort). */
static void
s_phragmen_load (s_phragmen_t *ph, uint32_t s)
{
    tally_t *self = ph->tally;
    if (ph->n_loads == ph->cap_loads) {
        ph->cap_loads *= 2;
        ph->loads = sk_reallocarray (ph->loads, ph->cap_loads, sizeof (mpq_t));
    }
    uint32_t lnew = (uint32_t)ph->n_loads++;
    mpq_init (ph->loads[lnew]);
    mpq_set (ph->loads[lnew], ph->newmax[s]);
    ph->bucket_off = sk_reallocarray (ph->bucket_off, ph->n_loads + 1, sizeof (size_t));
    memset (ph->bucket_off, 0, (ph->n_loads + 1) * sizeof (size_t));
    size_t s0 = self->supp_off[s], s1 = self->supp_off[s + 1];
    for (size_t k = s0; k < s1; k++)
        ph->bucket_off[ph->loadid[self->supp_voter[k]] + 1]++;
    for (size_t l = 0; l < ph->n_loads; l++)
        ph->bucket_off[l + 1] += ph->bucket_off[l];
    for (size_t k = s0; k < s1; k++) {
        uint32_t v = self->supp_voter[k];
        ph->bucket[ph->bucket_off[ph->loadid[v]]++] = v;
    }
    //  bucket_off[l] is now the end of bucket l; its start is the end of
    //  bucket l - 1.
    size_t start = 0;
    for (uint32_t l = 0; l < lnew; l++) {
        size_t end = ph->bucket_off[l];
        size_t n_touched = 0;
        for (size_t k = start; k < end; k++) {
            uint32_t v = ph->bucket[k];
            ph->loadid[v] = lnew;
            for (size_t e = self->ballot_off[v]; e < self->ballot_off[v + 1]; e++) {
                uint32_t q = self->entry_proj[e];
                if (ph->active[q] && ph->cnt[q]++ == 0)
                    ph->touched[n_touched++] = q;
            }
        }
        if (n_touched) {
            mpq_sub (ph->delta, ph->loads[lnew], ph->loads[l]);
            for (size_t t = 0; t < n_touched; t++) {
                uint32_t q = ph->touched[t];
                mpq_set_ui (ph->tmp, ph->cnt[q], 1);
                mpq_mul (ph->tmp, ph->tmp, ph->delta);
                mpq_add (ph->sumload[q], ph->sumload[q], ph->tmp);
                ph->cnt[q] = 0;
            }
        }
        start = end;
    }
}

static tally_result_t *
s_phragmen (tally_t *self)
{
    tally_prepare (self);
    tally_result_t *result = tally_result_new (TALLY_PHRAGMEN);
    s_phragmen_t ph;
    s_phragmen_init (&ph, self);
    while (ph.n_active > 0) {
        bool inf = false;
        int64_t s = s_phragmen_pick (&ph, &inf);
        if (s < 0)
            break;
        tally_result_push (result, self, (uint32_t)s, NULL, false);
        mpq_add (ph.spent, ph.spent, self->cost[s]);
        ph.active[s] = false;
        ph.n_active--;
        if (!inf) //  nobody approves s: no load changes
            s_phragmen_load (&ph, (uint32_t)s);
    }
    s_phragmen_fini (&ph);
    return result;
}

/*  Apply a rule. */
tally_result_t *
tally_run (tally_t *self, tally_rule_t rule, char **err_p)
{
    tally_prepare (self);
    tally_result_t *result = NULL;
    switch (rule) {
        case TALLY_GREEDY:
        case TALLY_GREEDY_CARD:
        case TALLY_GREEDY_THRESHOLD:
            result = tally_result_new (rule);
            tally_greedy_into (self, result, rule == TALLY_GREEDY_CARD,
                               rule == TALLY_GREEDY_THRESHOLD, false);
            return result;
        case TALLY_MES: return tally_mes (self, rule, false, false);
        case TALLY_MES_CARD: return tally_mes (self, rule, true, false);
        case TALLY_MES_ADD1:
        case TALLY_MES_ADD1_GREEDY: {
            result = tally_mes (self, rule, false, true);
            if (!result) {
                if (err_p)
                    *err_p = sk_strdup ("mes-add1 reached no final outcome "
                                        "within its limit of MES runs");
                return NULL;
            }
            if (rule == TALLY_MES_ADD1)
                return result;
            //  Complete with greedy unless no project at all still fits.
            bool *chosen = sk_reallocarray (NULL, self->n_projects + 1, sizeof (bool));
            memset (chosen, 0, (self->n_projects + 1) * sizeof (bool));
            for (size_t k = 0; k < result->size; k++)
                chosen[result->winner[k]] = true;
            bool exhaustive = true;
            mpq_t tmp;
            mpq_init (tmp);
            for (size_t p = 0; p < self->n_projects && exhaustive; p++) {
                mpq_add (tmp, result->total_cost, self->cost[p]);
                if (!chosen[p] && mpq_cmp (tmp, self->budget) <= 0)
                    exhaustive = false;
            }
            mpq_clear (tmp);
            free (chosen);
            if (!exhaustive)
                tally_greedy_into (self, result, false, false, true);
            return result;
        }
        case TALLY_PHRAGMEN: return s_phragmen (self);
        default: break;
    }
    if (err_p) {
        *err_p = sk_strdup ("unknown rule");
    }
    return NULL;
}

char *
tally_decimal (const mpq_t q, unsigned digits, bool *exact)
{
    mpz_t scale, num, rem;
    mpz_inits (scale, num, rem, NULL);
    unsigned k = 0;
    bool is_exact = false;
    for (k = 0; k <= digits; k++) {
        mpz_ui_pow_ui (scale, 10, k);
        mpz_mul (num, mpq_numref (q), scale);
        mpz_tdiv_r (rem, num, mpq_denref (q));
        if (mpz_sgn (rem) == 0) {
            is_exact = true;
            break;
        }
    }
    if (!is_exact)
        k = digits;
    mpz_ui_pow_ui (scale, 10, k);
    mpz_mul (num, mpq_numref (q), scale);
    bool neg = mpz_sgn (num) < 0;
    mpz_abs (num, num);
    //  round half away from zero: (2 num + den) / (2 den)
    mpz_mul_2exp (num, num, 1);
    mpz_add (num, num, mpq_denref (q));
    mpz_mul_2exp (rem, mpq_denref (q), 1);
    mpz_tdiv_q (num, num, rem);
    char *digits_s = mpz_get_str (NULL, 10, num);
    size_t len = strlen (digits_s);
    //  Left-pad so there is at least one digit before the point.
    size_t width = len > k ? len : k + 1;
    char *out = sk_malloc (width + 3);
    char *o = out;
    if (neg && mpz_sgn (num) != 0)
        *o++ = '-';
    size_t pad = width - len;
    char *buf = sk_malloc (width + 1);
    memset (buf, '0', pad);
    memcpy (buf + pad, digits_s, len + 1);
    memcpy (o, buf, width - k);
    o += width - k;
    if (k > 0) {
        *o++ = '.';
        memcpy (o, buf + width - k, k);
        o += k;
        while (o[-1] == '0')
            o--;
        if (o[-1] == '.')
            o--;
    }
    *o = '\0';
    free (buf);
    void (*gmp_free) (void *, size_t);
    mp_get_memory_functions (NULL, NULL, &gmp_free);
    gmp_free (digits_s, strlen (digits_s) + 1);
    mpz_clears (scale, num, rem, NULL);
    if (exact)
        *exact = is_exact;
    return out;
}
