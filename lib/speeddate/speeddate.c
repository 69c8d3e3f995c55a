/*  speeddate.c: an exact plan for the speed-dating evening.

    Selection by lib/flow, then a proper R-edge-colouring of the chosen
    meetings, then colour-class balancing. See speeddate.h.

    Why this is exact. A plan is a set M of meetings (interests) with a
    round for each, such that nobody meets twice in a round, no round holds
    more than T meetings and nobody exceeds max_meetings. So M has degree at
    most min(R, max_meetings) at every participant (one meeting per round)
    and |M| <= R*T. Conversely, every set M with those two properties can be
    scheduled:

    1. Colouring (s_colour_meeting). M is bipartite with maximum degree
       <= R, so it has a proper R-edge-colouring (König). Built edge by
       edge: for meeting (a, c), a misses some colour alpha (fewer than R of
       its meetings are coloured) and c some colour beta. If c misses alpha
       too, use alpha. Otherwise take the maximal path P from c whose edges
       are alpha, beta, alpha, ... P is not a cycle (c has no beta edge) and
       does not reach a: every vertex at odd distance from c is an
       association entered by an alpha edge, and a has none. Swapping alpha
       and beta on P keeps the colouring proper (inner vertices keep one
       edge of each; the far end misses the colour it gains, P being
       maximal) and frees alpha at c; (a, c) takes alpha.
    2. Balancing (s_balance). Let X be a largest and Y a smallest colour
       class, |X| >= |Y| + 2. X u Y has maximum degree 2: its components
       are even cycles (as many X as Y edges) and alternating paths (|X|-|Y|
       in {-1, 0, 1}). As |X| > |Y| some path has one X edge more, so it
       starts and ends with X edges, at vertices that have an X edge and no
       Y edge. Swapping X and Y on it keeps the colouring proper and moves
       one meeting from X to Y; the sum of squared class sizes drops by
       2(|X| - |Y|) - 2 >= 2, so balancing ends. It runs while the largest
       class exceeds ceil(|M|/R); then the smallest is below |M|/R, so the
       two differ by 2 or more and such a path exists.
    3. At the end every class holds at most ceil(|M|/R) <= T meetings,
       since |M| <= R*T. The classes are the rounds.

    Hence the best plan weighs exactly the best such M: the b-matching
    with capacities min(R, max_meetings) and at most R*T edges, which
    lib/flow computes exactly. Taking maximum matchings round by round is
    not exact (an early round can spend a participant a later round needs).
*/
#include "speeddate/speeddate.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"
#include "sk_check.h"
#include "sk_mem.h"

struct _speeddate_t {
    int32_t rounds;     //  R
    int64_t tables;     //  T
    int32_t na;         //  associations
    int32_t nc;         //  companies
    int64_t *a_max;     //  association -> max_meetings
    int64_t *c_max;     //  company -> max_meetings
    size_t ni;          //  interests added
    size_t ni_alloc;    //  allocated interest slots
    int32_t *i_assoc;   //  interest -> association
    int32_t *i_company; //  interest -> company
    int64_t *i_weight;  //  interest -> weight
    bool planned;       //  plan has run; event is frozen
    int32_t *i_round;   //  interest -> round, -1 if not held (after plan)
    int64_t objective;  //  total weight held
    size_t meetings;    //  meetings held
    int32_t *r_start;   //  round r's meetings are r_list[r_start[r]..r_start[r+1])
    int32_t *r_list;    //  interest numbers grouped by round
};


//  --------------------------------------------------------------------------
//  Create an event; see speeddate.h.

speeddate_t *
speeddate_new (size_t rounds, size_t tables, size_t association_count, size_t company_count)
{
    if (rounds > SPEEDDATE_MAX_ROUNDS || tables > SPEEDDATE_MAX_TABLES
        || association_count > FLOW_MAX_NODES || company_count > FLOW_MAX_NODES
        || association_count + company_count > FLOW_MAX_NODES
        || (association_count + company_count) * rounds > SPEEDDATE_MAX_CELLS)
        return NULL;
    speeddate_t *self = sk_calloc (1, sizeof (speeddate_t));
    self->rounds = (int32_t)rounds;
    self->tables = (int64_t)tables;
    self->na = (int32_t)association_count;
    self->nc = (int32_t)company_count;
    self->a_max = sk_calloc (association_count, sizeof (int64_t));
    self->c_max = sk_calloc (company_count, sizeof (int64_t));
    for (size_t a = 0; a < association_count; a++)
        self->a_max[a] = (int64_t)rounds;
    for (size_t c = 0; c < company_count; c++)
        self->c_max[c] = (int64_t)rounds;
    return self;
}


//  --------------------------------------------------------------------------
//  Destroy an event and null the caller's pointer.

void
speeddate_destroy (speeddate_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    speeddate_t *self = *self_p;
    free (self->a_max);
    free (self->c_max);
    free (self->i_assoc);
    free (self->i_company);
    free (self->i_weight);
    free (self->i_round);
    free (self->r_start);
    free (self->r_list);
    free (self);
    *self_p = NULL;
}


//  --------------------------------------------------------------------------
//  Set participants' limits; -1 on bad arguments or after plan.

int
speeddate_set_association_max (speeddate_t *self, size_t association, int64_t max)
{
    if (self->planned || association >= (size_t)self->na || max < 0)
        return -1;
    self->a_max[association] = max;
    return 0;
}

int
speeddate_set_company_max (speeddate_t *self, size_t company, int64_t max)
{
    if (self->planned || company >= (size_t)self->nc || max < 0)
        return -1;
    self->c_max[company] = max;
    return 0;
}


//  --------------------------------------------------------------------------
//  Add an interest; returns its number or -1.

int64_t
speeddate_add_interest (speeddate_t *self, size_t association, size_t company, int64_t weight)
{
    if (self->planned || association >= (size_t)self->na || company >= (size_t)self->nc
        || weight < 1 || weight > FLOW_MAX_SCORE || self->ni >= FLOW_MAX_EDGES)
        return -1;
    if (self->ni == self->ni_alloc) {
        size_t grow = self->ni_alloc ? self->ni_alloc * 2 : 64;
        self->i_assoc = sk_reallocarray (self->i_assoc, grow, sizeof (int32_t));
        self->i_company = sk_reallocarray (self->i_company, grow, sizeof (int32_t));
        self->i_weight = sk_reallocarray (self->i_weight, grow, sizeof (int64_t));
        self->ni_alloc = grow;
    }
    self->i_assoc[self->ni] = (int32_t)association;
    self->i_company[self->ni] = (int32_t)company;
    self->i_weight[self->ni] = weight;
    return (int64_t)self->ni++;
}


//  --------------------------------------------------------------------------
//  Edge colouring. Nodes: associations 0..na-1, companies na..na+nc-1.
//  at[node * R + colour] is the meeting of that colour at the node, or -1.

typedef struct {
    int32_t R;       //  colours
    int32_t *end_a;  //  meeting -> association node
    int32_t *end_c;  //  meeting -> company node
    int32_t *colour; //  meeting -> colour
    int32_t *at;     //  (node, colour) -> meeting or -1
    int32_t *path;   //  scratch: meetings on an alternating path
} colouring_t;

static inline int32_t
s_other_end (colouring_t *col, int32_t m, int32_t node)
{
    return col->end_a[m] == node ? col->end_c[m] : col->end_a[m];
}

static int32_t
s_free_colour (colouring_t *col, int32_t node)
{
    int32_t *row = col->at + (size_t)node * col->R;
    for (int32_t k = 0; k < col->R; k++)
        if (row[k] < 0)
            return k;
    abort (); //  degree above R: the selection broke its promise
}

//  Collect the path that starts at node with a meeting of colour first and
//  then alternates first/second; returns its length.
static int32_t
s_alternating_path (colouring_t *col, int32_t node, int32_t first, int32_t second)
{
    int32_t len = 0, want = first, cur = node;
    while (true) {
        int32_t m = col->at[(size_t)cur * col->R + want];
        if (m < 0)
            break;
        col->path[len++] = m;
        cur = s_other_end (col, m, cur);
        want = want == first ? second : first;
    }
    return len;
}

//  Swap colours x and y on the meetings of the collected path.
static void
s_flip_path (colouring_t *col, int32_t len, int32_t x, int32_t y)
{
    for (int32_t k = 0; k < len; k++) {
        int32_t m = col->path[k];
        col->at[(size_t)col->end_a[m] * col->R + col->colour[m]] = -1;
        col->at[(size_t)col->end_c[m] * col->R + col->colour[m]] = -1;
    }
    for (int32_t k = 0; k < len; k++) {
        int32_t m = col->path[k];
        col->colour[m] = col->colour[m] == x ? y : x;
        col->at[(size_t)col->end_a[m] * col->R + col->colour[m]] = m;
        col->at[(size_t)col->end_c[m] * col->R + col->colour[m]] = m;
    }
}

//  Colour meeting m: alpha free at its association, beta free at its
//  company; if alpha is taken at the company, flip the alpha/beta path from
//  the company, which in a bipartite graph cannot reach the association.
static void
s_colour_meeting (colouring_t *col, int32_t m)
{
    int32_t a = col->end_a[m], c = col->end_c[m];
    int32_t alpha = s_free_colour (col, a);
    if (col->at[(size_t)c * col->R + alpha] >= 0) {
        int32_t beta = s_free_colour (col, c);
        int32_t len = s_alternating_path (col, c, alpha, beta);
        s_flip_path (col, len, alpha, beta);
    }
    col->colour[m] = alpha;
    col->at[(size_t)a * col->R + alpha] = m;
    col->at[(size_t)c * col->R + alpha] = m;
}

//  Move meetings from the largest class to the smallest along alternating
//  paths that start and end with the large colour, until no class holds
//  more than ceil(n/R) (point 2 at the top of this file: such a path exists
//  while the two differ by 2 or more). A vertex with a large edge and no
//  small one starts such a path exactly when the maximal path from it has
//  odd length; even ones end in the small colour and carry no surplus.
static void
s_balance (colouring_t *col, int32_t n_meetings, int32_t n_nodes)
{
    int32_t R = col->R;
    int32_t *size = sk_calloc ((size_t)R, sizeof (int32_t));
    for (int32_t m = 0; m < n_meetings; m++)
        size[col->colour[m]]++;
    int32_t target = (n_meetings + R - 1) / R;
    while (true) {
        int32_t big = 0, small = 0;
        for (int32_t k = 1; k < R; k++) {
            if (size[k] > size[big])
                big = k;
            if (size[k] < size[small])
                small = k;
        }
        if (size[big] <= target)
            break;
        bool moved = false;
        for (int32_t v = 0; v < n_nodes && !moved; v++) {
            int32_t *row = col->at + (size_t)v * R;
            if (row[big] < 0 || row[small] >= 0)
                continue;
            int32_t len = s_alternating_path (col, v, big, small);
            if (len % 2 == 1) {
                s_flip_path (col, len, big, small);
                size[big]--;
                size[small]++;
                moved = true;
            }
        }
        if (!moved)
            abort (); //  contradicts the counting argument above
    }
    free (size);
}

static int
s_key_compare (const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

//  A pair added twice: the (association, company) keys sorted, then
//  compared with their neighbours. The key carries all the comparator
//  needs, so events are planned from concurrent workers without shared
//  state (it once sorted indices through a static pointer to the event).
static bool
s_has_duplicate_pair (speeddate_t *self)
{
    if (self->ni < 2)
        return false;
    uint64_t *keys = sk_calloc (self->ni, sizeof (uint64_t));
    for (size_t k = 0; k < self->ni; k++)
        keys[k] = (uint64_t)(uint32_t)self->i_assoc[k] << 32 | (uint32_t)self->i_company[k];
    qsort (keys, self->ni, sizeof (uint64_t), s_key_compare);
    bool duplicate = false;
    for (size_t k = 1; k < self->ni && !duplicate; k++)
        duplicate = keys[k - 1] == keys[k];
    free (keys);
    return duplicate;
}


//  --------------------------------------------------------------------------
//  Plan the evening; see speeddate.h.

int
speeddate_plan (speeddate_t *self)
{
    if (self->planned || s_has_duplicate_pair (self))
        return -1;
    self->planned = true;
    int32_t R = self->rounds;
    self->i_round = sk_calloc (self->ni, sizeof (int32_t));
    for (size_t k = 0; k < self->ni; k++)
        self->i_round[k] = -1;
    self->r_start = sk_calloc ((size_t)R + 1, sizeof (int32_t));
    if (R == 0 || self->tables == 0 || self->ni == 0) {
        self->r_list = sk_calloc (1, sizeof (int32_t));
        return 0;
    }

    //  Selection. The total cap only matters when it binds; without it the
    //  engine takes its faster path.
    flow_t *flow = flow_new ((size_t)self->na, (size_t)self->nc);
    int64_t sum_a = 0, sum_c = 0;
    for (int32_t a = 0; a < self->na; a++) {
        int64_t cap = self->a_max[a] < R ? self->a_max[a] : R;
        flow_set_left_capacity (flow, (size_t)a, cap);
        sum_a += cap;
    }
    for (int32_t c = 0; c < self->nc; c++) {
        int64_t cap = self->c_max[c] < R ? self->c_max[c] : R;
        flow_set_right_capacity (flow, (size_t)c, cap);
        sum_c += cap;
    }
    int64_t total_cap = (int64_t)R * self->tables;
    if (total_cap < sum_a && total_cap < sum_c && total_cap < (int64_t)self->ni)
        flow_set_max_total (flow, total_cap);
    for (size_t k = 0; k < self->ni; k++)
        flow_add_edge (flow, (size_t)self->i_assoc[k], (size_t)self->i_company[k],
                       self->i_weight[k]);
    flow_solve (flow);
    self->objective = flow_objective (flow);
    size_t n = flow_chosen_count (flow);
    self->meetings = n;

    //  Colouring of the chosen meetings.
    colouring_t col;
    col.R = R;
    col.end_a = sk_calloc (n, sizeof (int32_t));
    col.end_c = sk_calloc (n, sizeof (int32_t));
    col.colour = sk_calloc (n, sizeof (int32_t));
    col.path = sk_calloc (n, sizeof (int32_t));
    int32_t n_nodes = self->na + self->nc;
    col.at = sk_calloc ((size_t)n_nodes * R, sizeof (int32_t));
    memset (col.at, 0xff, (size_t)n_nodes * R * sizeof (int32_t));
    int32_t *interest_of = sk_calloc (n, sizeof (int32_t));
    int32_t m = 0;
    for (size_t k = 0; k < self->ni; k++)
        if (flow_edge_chosen (flow, k)) {
            interest_of[m] = (int32_t)k;
            col.end_a[m] = self->i_assoc[k];
            col.end_c[m] = self->na + self->i_company[k];
            s_colour_meeting (&col, m);
            m++;
        }
    flow_destroy (&flow);
    s_balance (&col, (int32_t)n, n_nodes);

    //  Rounds are the colour classes, meetings in interest order.
    for (size_t k = 0; k < n; k++) {
        self->i_round[interest_of[k]] = col.colour[k];
        self->r_start[col.colour[k] + 1]++;
    }
    for (int32_t r = 0; r < R; r++)
        self->r_start[r + 1] += self->r_start[r];
    self->r_list = sk_calloc (n, sizeof (int32_t));
    int32_t *fill = sk_calloc ((size_t)R, sizeof (int32_t));
    for (size_t k = 0; k < self->ni; k++) {
        int32_t r = self->i_round[k];
        if (r >= 0)
            self->r_list[self->r_start[r] + fill[r]++] = (int32_t)k;
    }
    free (fill);
    free (interest_of);
    free (col.end_a);
    free (col.end_c);
    free (col.colour);
    free (col.path);
    free (col.at);
    return 0;
}


//  --------------------------------------------------------------------------
//  Accessors; see speeddate.h.

int64_t
speeddate_objective (speeddate_t *self)
{
    return self->objective;
}

size_t
speeddate_rounds (speeddate_t *self)
{
    return (size_t)self->rounds;
}

size_t
speeddate_meeting_count (speeddate_t *self)
{
    return self->meetings;
}

size_t
speeddate_round_size (speeddate_t *self, size_t round)
{
    if (!self->planned || round >= (size_t)self->rounds)
        return 0;
    return (size_t)(self->r_start[round + 1] - self->r_start[round]);
}

size_t
speeddate_round_meeting (speeddate_t *self, size_t round, size_t k)
{
    return (size_t)self->r_list[self->r_start[round] + (int32_t)k];
}

int64_t
speeddate_interest_round (speeddate_t *self, size_t interest)
{
    if (!self->planned || interest >= self->ni)
        return -1;
    return self->i_round[interest];
}

size_t
speeddate_interest_association (speeddate_t *self, size_t interest)
{
    return (size_t)self->i_assoc[interest];
}

size_t
speeddate_interest_company (speeddate_t *self, size_t interest)
{
    return (size_t)self->i_company[interest];
}

int64_t
speeddate_interest_weight (speeddate_t *self, size_t interest)
{
    return self->i_weight[interest];
}


//  --------------------------------------------------------------------------
//  Selftest

//  A worker of the concurrency case: plans a few events of its own, each
//  with a duplicate pair hidden among many, and counts the wrong answers.
static void *
s_test_worker (void *arg)
{
    int *wrong = (int *)arg;
    for (int run = 0; run < 20; run++) {
        speeddate_t *event = speeddate_new (3, 2, 30, 30);
        for (size_t a = 0; a < 30; a++)
            for (size_t c = 0; c < 30; c++)
                speeddate_add_interest (event, a, c, 1 + (int64_t)((a * 7 + c * 3) % 5));
        if (run % 2)
            speeddate_add_interest (event, 29, 0, 1); //  added twice: refused
        int rc = speeddate_plan (event);
        if (rc != (run % 2 ? -1 : 0) || (rc == 0 && speeddate_meeting_count (event) != 6))
            (*wrong)++;
        speeddate_destroy (&event);
    }
    return NULL;
}

void
speeddate_test (bool verbose)
{
    if (verbose)
        printf ("# speeddate_test\n");

    SK_CASE_BEGIN ();
    //  Two associations, two companies, everyone wants everyone: 2 rounds
    //  of 2 tables hold all four meetings.
    speeddate_t *event = speeddate_new (2, 2, 2, 2);
    CHECK (event);
    for (size_t a = 0; a < 2; a++)
        for (size_t c = 0; c < 2; c++)
            CHECK (speeddate_add_interest (event, a, c, 1 + a + c) >= 0);
    CHECK_INT_EQ (speeddate_plan (event), 0);
    CHECK_INT_EQ (speeddate_objective (event), 8);
    CHECK_INT_EQ (speeddate_meeting_count (event), 4);
    CHECK_INT_EQ (speeddate_round_size (event, 0), 2);
    CHECK_INT_EQ (speeddate_round_size (event, 1), 2);
    CHECK (speeddate_interest_round (event, 0) != speeddate_interest_round (event, 1));
    CHECK_INT_EQ (speeddate_plan (event), -1);
    speeddate_destroy (&event);
    CHECK (event == NULL);
    SK_CASE_END ("speeddate: full schedule");

    SK_CASE_BEGIN ();
    //  One table: only the two heaviest meetings fit in 2 rounds.
    event = speeddate_new (2, 1, 2, 2);
    speeddate_add_interest (event, 0, 0, 5);
    speeddate_add_interest (event, 0, 1, 4);
    speeddate_add_interest (event, 1, 0, 3);
    speeddate_add_interest (event, 1, 1, 6);
    CHECK_INT_EQ (speeddate_set_company_max (event, 0, -1), -1);
    speeddate_plan (event);
    CHECK_INT_EQ (speeddate_objective (event), 11);
    CHECK_INT_EQ (speeddate_round_size (event, 0), 1);
    CHECK_INT_EQ (speeddate_round_size (event, 1), 1);
    speeddate_destroy (&event);
    SK_CASE_END ("speeddate: tables bind");

    SK_CASE_BEGIN ();
    event = speeddate_new (0, 5, 1, 1);
    speeddate_add_interest (event, 0, 0, 5);
    CHECK_INT_EQ (speeddate_plan (event), 0);
    CHECK_INT_EQ (speeddate_objective (event), 0);
    CHECK_INT_EQ (speeddate_rounds (event), 0);
    speeddate_destroy (&event);
    event = speeddate_new (3, 5, 1, 1);
    speeddate_add_interest (event, 0, 0, 5);
    speeddate_add_interest (event, 0, 0, 6);
    CHECK_INT_EQ (speeddate_plan (event), -1);
    speeddate_destroy (&event);
    CHECK (speeddate_new (SPEEDDATE_MAX_ROUNDS + 1, 1, 1, 1) == NULL);
    SK_CASE_END ("speeddate: no rounds, duplicate pair, limits");

    SK_CASE_BEGIN ();
    //  Workers of a service plan events at the same time: no shared state
    pthread_t threads[4];
    int wrong[4] = { 0 };
    for (int t = 0; t < 4; t++)
        CHECK_INT_EQ (pthread_create (&threads[t], NULL, s_test_worker, &wrong[t]), 0);
    for (int t = 0; t < 4; t++) {
        pthread_join (threads[t], NULL);
        CHECK_INT_EQ (wrong[t], 0);
    }
    SK_CASE_END ("speeddate: events planned from four threads at once");
}
