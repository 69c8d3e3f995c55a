/*  vote_tally.c: the election class, the greedy rules, sequential Phragmén
    and the result class. The method of equal shares is in vote_tally_mes.c.

    Exactness: costs, budgets, loads and densities are mpq_t; the only
    integers are counts and ballot points. Ties are broken by the byte order
    of project ids (rank[]), as pabutools' lexicographic tie-breaking does.
*/
#include "vote_tally_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s_rule_names[VOTE_TALLY_RULES] = {
    "greedy",   "greedy-card", "greedy-threshold", "mes",
    "mes-card", "mes-add1",    "mes-add1-greedy",  "phragmen",
};

/*  malloc that aborts on failure: allocation failure is not recoverable
    here and every caller would only abort too. */
void *
vote_tally_xmalloc (size_t size)
{
    void *p = malloc (size ? size : 1);
    if (!p) {
        fprintf (stderr, "vote_tally: out of memory\n");
        abort ();
    }
    return p;
}

/*  realloc of nmemb elements of size bytes, aborting on overflow or
    failure. */
void *
vote_tally_xrealloc (void *ptr, size_t nmemb, size_t size)
{
    if (size && nmemb > SIZE_MAX / size) {
        fprintf (stderr, "vote_tally: allocation too large\n");
        abort ();
    }
    void *p = realloc (ptr, (nmemb && size) ? nmemb * size : 1);
    if (!p) {
        fprintf (stderr, "vote_tally: out of memory\n");
        abort ();
    }
    return p;
}

/*  Create an empty election. Never returns NULL. */
vote_tally_t *
vote_tally_new (vote_tally_sat_t sat)
{
    vote_tally_t *self = vote_tally_xmalloc (sizeof *self);
    memset (self, 0, sizeof *self);
    self->sat = sat;
    mpq_init (self->budget);
    mpq_init (self->threshold);
    self->cap_voters = 1024;
    self->ballot_off = vote_tally_xrealloc (NULL, self->cap_voters + 1, sizeof (size_t));
    self->ballot_off[0] = 0;
    return self;
}

/*  Free the supporter lists built by vote_tally_prepare. */
static void
s_free_supporters (vote_tally_t *self)
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
vote_tally_destroy (vote_tally_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    vote_tally_t *self = *self_p;
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
vote_tally_set_budget (vote_tally_t *self, const mpq_t budget)
{
    if (mpq_sgn (budget) < 0)
        return -1;
    mpq_set (self->budget, budget);
    return 0;
}

void
vote_tally_set_exact_only (vote_tally_t *self, bool exact_only)
{
    self->exact_only = exact_only;
}

/*  Set greedy-threshold's minimum score. */
void
vote_tally_set_threshold (vote_tally_t *self, const mpq_t threshold)
{
    mpq_set (self->threshold, threshold);
}

/*  Add a project; returns its index or -1 on a negative cost, an empty id
    or too many projects. */
int
vote_tally_add_project (vote_tally_t *self, const char *id, const mpq_t cost)
{
    if (!id || !*id || mpq_sgn (cost) < 0 || self->n_projects >= VOTE_TALLY_MAX_PROJECTS)
        return -1;
    if (self->n_projects == self->cap_projects) {
        size_t cap = self->cap_projects ? self->cap_projects * 2 : 64;
        self->ids = vote_tally_xrealloc (self->ids, cap, sizeof (char *));
        self->cost = vote_tally_xrealloc (self->cost, cap, sizeof (mpq_t));
        self->cap_projects = cap;
    }
    size_t p = self->n_projects++;
    self->ids[p] = strdup (id);
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
vote_tally_add_ballot (vote_tally_t *self, size_t len, const uint32_t *projects,
                       const int64_t *points)
{
    if (self->n_voters >= VOTE_TALLY_MAX_VOTERS || len > self->n_projects)
        return -1;
    //  A project named twice: mark[p] holds the stamp of the last call
    //  naming p (linear time, whatever the ballot's length).
    if (self->cap_mark < self->n_projects) {
        self->mark = vote_tally_xrealloc (self->mark, self->n_projects, sizeof (size_t));
        for (size_t p = self->cap_mark; p < self->n_projects; p++)
            self->mark[p] = 0;
        self->cap_mark = self->n_projects;
    }
    size_t stamp = ++self->mark_gen; //  new for every call, even failed ones
    for (size_t k = 0; k < len; k++) {
        if (projects[k] >= self->n_projects)
            return -1;
        if (points && (points[k] > VOTE_TALLY_MAX_POINTS || points[k] < -VOTE_TALLY_MAX_POINTS))
            return -1;
        if (self->mark[projects[k]] == stamp)
            return -1;
        self->mark[projects[k]] = stamp;
    }
    if (self->n_entries + len > self->cap_entries) {
        size_t cap = self->cap_entries ? self->cap_entries : 4096;
        while (cap < self->n_entries + len)
            cap *= 2;
        self->entry_proj = vote_tally_xrealloc (self->entry_proj, cap, sizeof (uint32_t));
        self->entry_pts = vote_tally_xrealloc (self->entry_pts, cap, sizeof (int64_t));
        self->cap_entries = cap;
    }
    if (self->n_voters + 1 >= self->cap_voters) {
        self->cap_voters *= 2;
        self->ballot_off =
            vote_tally_xrealloc (self->ballot_off, self->cap_voters + 1, sizeof (size_t));
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
vote_tally_add_ranking (vote_tally_t *self, size_t len, const uint32_t *projects)
{
    if (len > self->n_projects)
        return -1;
    int64_t *borda = vote_tally_xrealloc (NULL, len + 1, sizeof (int64_t));
    for (size_t k = 0; k < len; k++)
        borda[k] = (int64_t)(len - k - 1);
    int rc = vote_tally_add_ballot (self, len, projects, len ? borda : NULL);
    free (borda);
    return rc;
}

size_t
vote_tally_projects (vote_tally_t *self)
{
    return self->n_projects;
}

size_t
vote_tally_voters (vote_tally_t *self)
{
    return self->n_voters;
}

const char *
vote_tally_project_id (vote_tally_t *self, size_t p)
{
    return p < self->n_projects ? self->ids[p] : NULL;
}

void
vote_tally_project_cost (vote_tally_t *self, size_t p, mpq_t cost)
{
    if (p < self->n_projects)
        mpq_set (cost, self->cost[p]);
}

void
vote_tally_budget (vote_tally_t *self, mpq_t budget)
{
    mpq_set (budget, self->budget);
}

/*  Number of ballots naming project p. */
size_t
vote_tally_project_votes (vote_tally_t *self, size_t p)
{
    vote_tally_prepare (self);
    return p < self->n_projects ? self->votes[p] : 0;
}

/*  Total utility of project p under the natural satisfaction, with card
    set: under Cardinality satisfaction. */
static void
s_project_score (vote_tally_t *self, size_t p, bool card, mpq_t score)
{
    if (card)
        mpq_set_ui (score, self->votes[p], 1);
    else if (self->sat == VOTE_TALLY_SAT_COST) {
        mpq_set_ui (score, self->votes[p], 1);
        mpq_mul (score, score, self->cost[p]);
    } else {
        mpz_t sum;
        mpz_init (sum);
        for (size_t k = self->supp_off[p]; k < self->supp_off[p + 1]; k++) {
            int64_t pts = self->supp_pts[k];
            if (pts >= 0)
                mpz_add_ui (sum, sum, (unsigned long)pts);
            else
                mpz_sub_ui (sum, sum, (unsigned long)-pts);
        }
        mpq_set_z (score, sum);
        mpz_clear (sum);
    }
}

void
vote_tally_project_score (vote_tally_t *self, size_t p, mpq_t score)
{
    vote_tally_prepare (self);
    if (p < self->n_projects)
        s_project_score (self, p, false, score);
}

int
vote_tally_rule_parse (const char *name, vote_tally_rule_t *rule)
{
    for (int r = 0; r < VOTE_TALLY_RULES; r++)
        if (name && strcmp (name, s_rule_names[r]) == 0) {
            *rule = (vote_tally_rule_t)r;
            return 0;
        }
    return -1;
}

const char *
vote_tally_rule_name (vote_tally_rule_t rule)
{
    return rule < VOTE_TALLY_RULES ? s_rule_names[rule] : "unknown";
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
vote_tally_prepare (vote_tally_t *self)
{
    if (!self->ranked) {
        free (self->rank);
        self->rank = vote_tally_xrealloc (NULL, self->n_projects + 1, sizeof (uint32_t));
        uint32_t *order = vote_tally_xrealloc (NULL, self->n_projects + 1, sizeof (uint32_t));
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
    self->supp_off = vote_tally_xrealloc (NULL, np + 2, sizeof (size_t));
    self->votes = vote_tally_xrealloc (NULL, np + 1, sizeof (size_t));
    memset (self->supp_off, 0, (np + 2) * sizeof (size_t));
    for (size_t e = 0; e < self->n_entries; e++)
        self->supp_off[self->entry_proj[e] + 2]++;
    for (size_t p = 0; p < np; p++) {
        self->votes[p] = self->supp_off[p + 2];
        self->supp_off[p + 2] += self->supp_off[p + 1];
    }
    self->supp_voter = vote_tally_xrealloc (NULL, self->n_entries + 1, sizeof (uint32_t));
    self->supp_pts = vote_tally_xrealloc (NULL, self->n_entries + 1, sizeof (int64_t));
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

vote_tally_result_t *
vote_tally_result_new (vote_tally_rule_t rule)
{
    vote_tally_result_t *self = vote_tally_xmalloc (sizeof *self);
    memset (self, 0, sizeof *self);
    self->rule = rule;
    mpq_init (self->total_cost);
    mpq_init (self->voter_budget);
    return self;
}

/*  Remove every winner, keeping the allocations. */
void
vote_tally_result_clear (vote_tally_result_t *self)
{
    self->size = 0;
    mpq_set_ui (self->total_cost, 0, 1);
}

/*  Append a winner; price NULL when the rule did not price it. */
void
vote_tally_result_push (vote_tally_result_t *self, vote_tally_t *tally, uint32_t project,
                        const mpq_t price, bool completion)
{
    if (self->size == self->cap) {
        size_t cap = self->cap ? self->cap * 2 : 16;
        self->winner = vote_tally_xrealloc (self->winner, cap, sizeof (uint32_t));
        self->price = vote_tally_xrealloc (self->price, cap, sizeof (mpq_t));
        self->priced = vote_tally_xrealloc (self->priced, cap, sizeof (bool));
        self->completion = vote_tally_xrealloc (self->completion, cap, sizeof (bool));
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
vote_tally_result_destroy (vote_tally_result_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    vote_tally_result_t *self = *self_p;
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

vote_tally_rule_t
vote_tally_result_rule (vote_tally_result_t *self)
{
    return self->rule;
}

size_t
vote_tally_result_size (vote_tally_result_t *self)
{
    return self->size;
}

size_t
vote_tally_result_winner (vote_tally_result_t *self, size_t k)
{
    return k < self->size ? self->winner[k] : (size_t)-1;
}

void
vote_tally_result_total_cost (vote_tally_result_t *self, mpq_t cost)
{
    mpq_set (cost, self->total_cost);
}

bool
vote_tally_result_price (vote_tally_result_t *self, size_t k, mpq_t price)
{
    if (k >= self->size || !self->priced[k])
        return false;
    mpq_set (price, self->price[k]);
    return true;
}

bool
vote_tally_result_completion (vote_tally_result_t *self, size_t k)
{
    return k < self->size && self->completion[k];
}

void
vote_tally_result_voter_budget (vote_tally_result_t *self, mpq_t b)
{
    mpq_set (b, self->voter_budget);
}

uint64_t
vote_tally_result_mes_runs (vote_tally_result_t *self)
{
    return self->mes_runs;
}

uint64_t
vote_tally_result_mes_increments (vote_tally_result_t *self)
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
vote_tally_greedy_into (vote_tally_t *self, vote_tally_result_t *result, bool card, bool threshold,
                        bool completion)
{
    vote_tally_prepare (self);
    size_t np = self->n_projects;
    s_greedy_item_t *items = vote_tally_xrealloc (NULL, np + 1, sizeof *items);
    bool *chosen = vote_tally_xrealloc (NULL, np + 1, sizeof (bool));
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
        if (chosen[p])
            continue;
        if (threshold) {
            //  The score the threshold is on: votes for approval ballots,
            //  points for points ballots.
            if (self->sat == VOTE_TALLY_SAT_COST)
                mpq_set_ui (metric, self->votes[p], 1);
            else
                s_project_score (self, p, false, metric);
            if (mpq_cmp (metric, self->threshold) < 0)
                continue;
        }
        if (mpq_cmp (self->cost[p], remaining) <= 0) {
            vote_tally_result_push (result, self, p, NULL, completion);
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

static vote_tally_result_t *
s_phragmen (vote_tally_t *self)
{
    vote_tally_prepare (self);
    size_t np = self->n_projects, nv = self->n_voters;
    vote_tally_result_t *result = vote_tally_result_new (VOTE_TALLY_PHRAGMEN);
    bool *active = vote_tally_xrealloc (NULL, np + 1, sizeof (bool));
    mpq_t *sumload = vote_tally_xrealloc (NULL, np + 1, sizeof (mpq_t));
    mpq_t *newmax = vote_tally_xrealloc (NULL, np + 1, sizeof (mpq_t));
    uint32_t *loadid = vote_tally_xrealloc (NULL, nv + 1, sizeof (uint32_t));
    size_t *cnt = vote_tally_xrealloc (NULL, np + 1, sizeof (size_t));
    uint32_t *touched = vote_tally_xrealloc (NULL, np + 1, sizeof (uint32_t));
    uint32_t *tied = vote_tally_xrealloc (NULL, np + 1, sizeof (uint32_t));
    size_t cap_loads = 16, n_loads = 1;
    mpq_t *loads = vote_tally_xrealloc (NULL, cap_loads, sizeof (mpq_t));
    mpq_init (loads[0]);
    memset (loadid, 0, (nv + 1) * sizeof (uint32_t));
    memset (cnt, 0, (np + 1) * sizeof (size_t));
    size_t n_active = 0;
    for (size_t p = 0; p < np; p++) {
        mpq_init (sumload[p]);
        mpq_init (newmax[p]);
        active[p] = mpq_cmp (self->cost[p], self->budget) <= 0;
        n_active += active[p];
    }
    //  Voters of the selected project grouped by their old load id.
    size_t *bucket_off = NULL;
    uint32_t *bucket = vote_tally_xrealloc (NULL, nv + 1, sizeof (uint32_t));
    mpq_t spent, delta, tmp;
    mpq_inits (spent, delta, tmp, NULL);

    while (n_active > 0) {
        //  Find the minimal new max-load; score 0 means infinity, and all
        //  infinities tie (as float("inf") == float("inf") in pabutools).
        size_t n_tied = 0;
        bool best_inf = true;
        int best = -1;
        for (size_t p = 0; p < np; p++) {
            if (!active[p])
                continue;
            bool inf = self->votes[p] == 0;
            if (!inf) {
                mpq_add (newmax[p], sumload[p], self->cost[p]);
                mpq_set_ui (tmp, self->votes[p], 1);
                mpq_div (newmax[p], newmax[p], tmp);
            }
            int c;
            if (best < 0)
                c = -1;
            else if (inf || best_inf)
                c = inf == best_inf ? 0 : (inf ? 1 : -1);
            else
                c = mpq_cmp (newmax[p], newmax[best]);
            if (c < 0) {
                best = (int)p;
                best_inf = inf;
                n_tied = 0;
            }
            if (c <= 0)
                tied[n_tied++] = (uint32_t)p;
        }
        //  Stop at the first step whose tied projects do not all fit.
        bool stop = false;
        uint32_t s = tied[0];
        for (size_t k = 0; k < n_tied; k++) {
            mpq_add (tmp, spent, self->cost[tied[k]]);
            if (mpq_cmp (tmp, self->budget) > 0)
                stop = true;
            if (self->rank[tied[k]] < self->rank[s])
                s = tied[k];
        }
        if (stop)
            break;
        vote_tally_result_push (result, self, s, NULL, false);
        mpq_add (spent, spent, self->cost[s]);
        active[s] = false;
        n_active--;
        if (best_inf)
            continue; //  nobody approves s: no load changes
        //  New load value for s's supporters.
        if (n_loads == cap_loads) {
            cap_loads *= 2;
            loads = vote_tally_xrealloc (loads, cap_loads, sizeof (mpq_t));
        }
        uint32_t lnew = (uint32_t)n_loads++;
        mpq_init (loads[lnew]);
        mpq_set (loads[lnew], newmax[s]);
        //  Counting sort of s's supporters by old load id.
        bucket_off = vote_tally_xrealloc (bucket_off, n_loads + 1, sizeof (size_t));
        memset (bucket_off, 0, (n_loads + 1) * sizeof (size_t));
        size_t s0 = self->supp_off[s], s1 = self->supp_off[s + 1];
        for (size_t k = s0; k < s1; k++)
            bucket_off[loadid[self->supp_voter[k]] + 1]++;
        for (size_t l = 0; l < n_loads; l++)
            bucket_off[l + 1] += bucket_off[l];
        for (size_t k = s0; k < s1; k++) {
            uint32_t v = self->supp_voter[k];
            bucket[bucket_off[loadid[v]]++] = v;
        }
        //  bucket_off[l] is now the end of bucket l; its start is the end
        //  of bucket l - 1.
        size_t start = 0;
        for (uint32_t l = 0; l < lnew; l++) {
            size_t end = bucket_off[l];
            size_t n_touched = 0;
            for (size_t k = start; k < end; k++) {
                uint32_t v = bucket[k];
                loadid[v] = lnew;
                for (size_t e = self->ballot_off[v]; e < self->ballot_off[v + 1]; e++) {
                    uint32_t q = self->entry_proj[e];
                    if (!active[q])
                        continue;
                    if (cnt[q]++ == 0)
                        touched[n_touched++] = q;
                }
            }
            if (n_touched) {
                mpq_sub (delta, loads[lnew], loads[l]);
                for (size_t t = 0; t < n_touched; t++) {
                    uint32_t q = touched[t];
                    mpq_set_ui (tmp, cnt[q], 1);
                    mpq_mul (tmp, tmp, delta);
                    mpq_add (sumload[q], sumload[q], tmp);
                    cnt[q] = 0;
                }
            }
            start = end;
        }
    }
    for (size_t p = 0; p < np; p++) {
        mpq_clear (sumload[p]);
        mpq_clear (newmax[p]);
    }
    for (size_t l = 0; l < n_loads; l++)
        mpq_clear (loads[l]);
    mpq_clears (spent, delta, tmp, NULL);
    free (loads);
    free (active);
    free (sumload);
    free (newmax);
    free (loadid);
    free (cnt);
    free (touched);
    free (tied);
    free (bucket_off);
    free (bucket);
    return result;
}

/*  Apply a rule. */
vote_tally_result_t *
vote_tally_run (vote_tally_t *self, vote_tally_rule_t rule, char **err_p)
{
    vote_tally_prepare (self);
    vote_tally_result_t *result = NULL;
    switch (rule) {
        case VOTE_TALLY_GREEDY:
        case VOTE_TALLY_GREEDY_CARD:
        case VOTE_TALLY_GREEDY_THRESHOLD:
            result = vote_tally_result_new (rule);
            vote_tally_greedy_into (self, result, rule == VOTE_TALLY_GREEDY_CARD,
                                    rule == VOTE_TALLY_GREEDY_THRESHOLD, false);
            return result;
        case VOTE_TALLY_MES: return vote_tally_mes (self, rule, false, false);
        case VOTE_TALLY_MES_CARD: return vote_tally_mes (self, rule, true, false);
        case VOTE_TALLY_MES_ADD1:
        case VOTE_TALLY_MES_ADD1_GREEDY: {
            result = vote_tally_mes (self, rule, false, true);
            if (!result) {
                if (err_p)
                    *err_p = strdup ("mes-add1 reached no final outcome "
                                     "within its limit of MES runs");
                return NULL;
            }
            if (rule == VOTE_TALLY_MES_ADD1)
                return result;
            //  Complete with greedy unless no project at all still fits.
            bool *chosen = vote_tally_xrealloc (NULL, self->n_projects + 1, sizeof (bool));
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
                vote_tally_greedy_into (self, result, false, false, true);
            return result;
        }
        case VOTE_TALLY_PHRAGMEN: return s_phragmen (self);
        default: break;
    }
    if (err_p) {
        *err_p = strdup ("unknown rule");
    }
    return NULL;
}
