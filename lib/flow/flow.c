/*  flow.c: exact maximum-weight b-matching by min-cost flow.

    The network: source -> left i (capacity b_i), left i -> right j (one arc
    per edge, capacity 1, cost -score), right j -> sink (capacity c_j), and,
    when there is no total cap, left i -> "unmatched" node u -> sink (cost 0,
    unbounded), so every left unit can always be shipped and the min-cost
    flow of value sum(b) is exactly minus the best b-matching.

    Reduced costs rc(x->y) = cost + pi(x) - pi(y) stay >= 0 on every residual
    arc. Rights with room and u keep potential 0 for good (they are only ever
    finalised as the end of a path, and usage of a right never drops: a path
    through a right takes one edge there and gives one back), so the first
    node popped that is a right with room, or u, ends the search (early exit),
    and the potential update pi(v) += dist(v) - D for finalised v keeps all
    reduced costs non-negative (the usual early-termination lemma).

    Nodes are numbered lefts 0..nl-1, rights nl..nl+nr-1, u = nl+nr. Arcs
    live in flat CSR arrays per left; each right keeps the arcs it currently
    uses in a slot array sized by its (degree-clamped) capacity.
*/
#include "flow/flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "sk_check.h"
#include "sk_mem.h"

#define FLOW_INF (INT64_MAX / 4)

static void s_grow_edges (flow_t *self, size_t grow);

struct _flow_t {
    int32_t nl;           //  number of left nodes
    int32_t nr;           //  number of right nodes
    int64_t *lcap;        //  left capacities as set
    int64_t *rcap;        //  right capacities as set
    int64_t max_total;    //  cap on chosen edges, -1 for none
    size_t ne;            //  edges added
    size_t ne_alloc;      //  allocated edge slots
    int32_t *e_left;      //  edge -> left node
    int32_t *e_right;     //  edge -> right node
    int64_t *e_score;     //  edge -> score
    flow_method_t method; //  which search to use
    bool solved;          //  solve has run; problem is frozen
    uint8_t *chosen;      //  edge -> chosen (after solve)
    int64_t objective;    //  total score chosen
    size_t chosen_count;  //  edges chosen
};

//  Working state of one solve; freed when solve returns.
typedef struct {
    int32_t nl, nr, n; //  lefts, rights, all nodes incl. u
    int32_t u;         //  the "unmatched" node, or -1 with a total cap
    int32_t *lcap;     //  left capacity clamped to degree
    int32_t *rcap;     //  right capacity clamped to degree
    int32_t *l_start;  //  CSR: arcs of left i are l_start[i]..l_start[i+1]-1
    int32_t *a_left;   //  arc -> left node
    int32_t *a_right;  //  arc -> right index (0-based, not node number)
    int64_t *a_score;  //  arc -> score
    int32_t *a_edge;   //  arc -> edge number as added
    uint8_t *a_used;   //  arc -> carries flow
    int32_t *r_start;  //  right j's slots are r_start[j]..r_start[j]+rcap[j]-1
    int32_t *r_slot;   //  arcs in use at each right
    int32_t *r_used;   //  arcs in use per right
    int32_t *l_units;  //  units shipped per left (matched, or to u)
    int64_t *pi;       //  node potentials
    int64_t pi_s;      //  source potential (total-cap mode)
    //  Dijkstra scratch
    int64_t *dist;    //  tentative distances, FLOW_INF when untouched
    int32_t *pred;    //  right: arc in; left: used arc out to its right; u: left
    uint8_t *state;   //  0 untouched, 1 in frontier, 2 final
    int32_t *touched; //  nodes whose dist/state must be reset
    int32_t n_touched;
    int32_t *final; //  finalised nodes in pop order
    int32_t n_final;
    bool dense;         //  frontier is a flat list scanned for the minimum
    int32_t *front;     //  frontier: list, or binary heap on dist
    int32_t *front_pos; //  node -> index in front
    int32_t n_front;
} flow_state_t;

//  Zeroed memory; aborts on OOM. Blocks of 2 MiB and more are aligned to
//  2 MiB and offered transparent huge pages: a 2000 x 2000 matrix then
//  costs a handful of page faults instead of thousands, which on a virtual
//  machine is most of the time a mid-sized solve takes.
#define FLOW_HUGE ((size_t)2 << 20)

static void *
s_alloc (size_t count, size_t size)
{
    if (count && size > SIZE_MAX / count)
        sk_mem_fail (SIZE_MAX);
    size_t bytes = count * size;
    if (bytes < FLOW_HUGE)
        return sk_calloc (count, size);
    void *p = NULL;
    size_t rounded = (bytes + FLOW_HUGE - 1) & ~(FLOW_HUGE - 1);
    if (posix_memalign (&p, FLOW_HUGE, rounded) != 0)
        sk_mem_fail (rounded);
    madvise (p, rounded, MADV_HUGEPAGE); //  a hint: failure is fine
    memset (p, 0, bytes);
    return p;
}


//  --------------------------------------------------------------------------
//  Create a problem; see flow.h.

flow_t *
flow_new (size_t left_count, size_t right_count)
{
    if (left_count > FLOW_MAX_NODES || right_count > FLOW_MAX_NODES
        || left_count + right_count > FLOW_MAX_NODES)
        return NULL;
    flow_t *self = s_alloc (1, sizeof (flow_t));
    self->nl = (int32_t)left_count;
    self->nr = (int32_t)right_count;
    self->lcap = s_alloc (left_count, sizeof (int64_t));
    self->rcap = s_alloc (right_count, sizeof (int64_t));
    for (size_t i = 0; i < left_count; i++)
        self->lcap[i] = 1;
    for (size_t j = 0; j < right_count; j++)
        self->rcap[j] = 1;
    self->max_total = -1;
    return self;
}


//  --------------------------------------------------------------------------
//  Destroy a problem and null the caller's pointer.

void
flow_destroy (flow_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    flow_t *self = *self_p;
    free (self->lcap);
    free (self->rcap);
    free (self->e_left);
    free (self->e_right);
    free (self->e_score);
    free (self->chosen);
    free (self);
    *self_p = NULL;
}


//  --------------------------------------------------------------------------
//  Set node capacities and the total cap; -1 on bad arguments or after solve.

int
flow_set_left_capacity (flow_t *self, size_t left, int64_t capacity)
{
    if (self->solved || left >= (size_t)self->nl || capacity < 0)
        return -1;
    self->lcap[left] = capacity;
    return 0;
}

int
flow_set_right_capacity (flow_t *self, size_t right, int64_t capacity)
{
    if (self->solved || right >= (size_t)self->nr || capacity < 0)
        return -1;
    self->rcap[right] = capacity;
    return 0;
}

int
flow_set_max_total (flow_t *self, int64_t max_total)
{
    if (self->solved || max_total < 0)
        return -1;
    self->max_total = max_total;
    return 0;
}


//  --------------------------------------------------------------------------
//  Choose the search (for tests and benchmarks); -1 after solve.

int
flow_set_method (flow_t *self, flow_method_t method)
{
    if (self->solved)
        return -1;
    self->method = method;
    return 0;
}


//  --------------------------------------------------------------------------
//  Reserve room for edges, to spare the reallocation while adding them.

void
flow_reserve_edges (flow_t *self, size_t count)
{
    if (count <= self->ne_alloc || count > FLOW_MAX_EDGES)
        return;
    s_grow_edges (self, count);
}


//  --------------------------------------------------------------------------
//  Add an edge; returns its number or -1 (range, score, limit, frozen).

int64_t
flow_add_edge (flow_t *self, size_t left, size_t right, int64_t score)
{
    if (self->solved || left >= (size_t)self->nl || right >= (size_t)self->nr || score < 1
        || score > FLOW_MAX_SCORE || self->ne >= FLOW_MAX_EDGES)
        return -1;
    if (self->ne == self->ne_alloc)
        s_grow_edges (self, self->ne_alloc ? self->ne_alloc * 2 : 64);
    self->e_left[self->ne] = (int32_t)left;
    self->e_right[self->ne] = (int32_t)right;
    self->e_score[self->ne] = score;
    return (int64_t)self->ne++;
}

//  Make room for grow edges in all three arrays.
static void
s_grow_edges (flow_t *self, size_t grow)
{
    {
        self->e_left = sk_reallocarray (self->e_left, grow, sizeof (int32_t));
        self->e_right = sk_reallocarray (self->e_right, grow, sizeof (int32_t));
        self->e_score = sk_reallocarray (self->e_score, grow, sizeof (int64_t));
        self->ne_alloc = grow;
    }
}


//  --------------------------------------------------------------------------
//  Frontier: a flat list scanned for its minimum (dense graphs, like the
//  array-scan Dijkstra of the assignment codes) or an indexed binary heap.

//  Put v at heap slot i, or above it while its parent is farther.
static void
s_front_sift_up (flow_state_t *st, int32_t v, int32_t i)
{
    int64_t dv = st->dist[v];
    while (i > 0) {
        int32_t parent = (i - 1) / 2;
        int32_t p = st->front[parent];
        if (st->dist[p] <= dv)
            break;
        st->front[i] = p;
        st->front_pos[p] = i;
        i = parent;
    }
    st->front[i] = v;
    st->front_pos[v] = i;
}

static void
s_front_push (flow_state_t *st, int32_t v)
{
    if (st->dense) {
        st->front_pos[v] = st->n_front;
        st->front[st->n_front++] = v;
        return;
    }
    s_front_sift_up (st, v, st->n_front++);
}

//  dist[v] has just decreased; v is in the frontier.
static void
s_front_decrease (flow_state_t *st, int32_t v)
{
    if (st->dense)
        return;
    s_front_sift_up (st, v, st->front_pos[v]);
}

static int32_t
s_front_pop (flow_state_t *st)
{
    if (st->dense) {
        int32_t best = 0;
        int64_t best_d = st->dist[st->front[0]];
        for (int32_t k = 1; k < st->n_front; k++) {
            int64_t d = st->dist[st->front[k]];
            if (d < best_d) {
                best_d = d;
                best = k;
            }
        }
        int32_t v = st->front[best];
        int32_t last = st->front[--st->n_front];
        st->front[best] = last;
        st->front_pos[last] = best;
        return v;
    }
    int32_t top = st->front[0];
    int32_t last = st->front[--st->n_front];
    int32_t n = st->n_front;
    if (n > 0) {
        int64_t dl = st->dist[last];
        int32_t i = 0;
        while (true) {
            int32_t c = 2 * i + 1;
            if (c >= n)
                break;
            if (c + 1 < n && st->dist[st->front[c + 1]] < st->dist[st->front[c]])
                c++;
            if (st->dist[st->front[c]] >= dl)
                break;
            st->front[i] = st->front[c];
            st->front_pos[st->front[i]] = i;
            i = c;
        }
        st->front[i] = last;
        st->front_pos[last] = i;
    }
    return top;
}

//  Offer distance d via pred to node v (not final).
static inline void
s_relax (flow_state_t *st, int32_t v, int64_t d, int32_t pred)
{
    if (d >= st->dist[v])
        return;
    st->dist[v] = d;
    st->pred[v] = pred;
    if (st->state[v] == 0) {
        st->state[v] = 1;
        st->touched[st->n_touched++] = v;
        s_front_push (st, v);
    } else
        s_front_decrease (st, v);
}

static void
s_reset (flow_state_t *st)
{
    for (int32_t k = 0; k < st->n_touched; k++) {
        int32_t v = st->touched[k];
        st->dist[v] = FLOW_INF;
        st->state[v] = 0;
    }
    st->n_touched = 0;
    st->n_final = 0;
    st->n_front = 0;
}

static inline bool
s_is_terminal (flow_state_t *st, int32_t v)
{
    if (v == st->u)
        return true;
    if (v >= st->nl && v < st->nl + st->nr) {
        int32_t j = v - st->nl;
        return st->r_used[j] < st->rcap[j];
    }
    return false;
}


//  --------------------------------------------------------------------------
//  Dijkstra on reduced costs from the seeds already in the frontier, until
//  a terminal is finalised. Returns the terminal, or -1 if none is reachable.
//  Sets *dist_p to its reduced distance. Does not touch the potentials.

static int32_t
s_dijkstra (flow_state_t *st, int64_t *dist_p)
{
    int32_t nl = st->nl;
    //  Tentative distance of the nearest terminal seen: the search ends at
    //  a distance D <= bound, so a node offered at bound or more would never
    //  be finalised before the end. Not offering it keeps every invariant:
    //  for a finalised x and an unfinalised y, d(x) + rc(x, y) >= D.
    int64_t bound = FLOW_INF;
    while (st->n_front > 0) {
        int32_t v = s_front_pop (st);
        st->state[v] = 2;
        st->final[st->n_final++] = v;
        if (s_is_terminal (st, v)) {
            *dist_p = st->dist[v];
            return v;
        }
        if (v < nl) {
            //  Left: the way out to u, and unused edges forward. Arcs come
            //  by score, highest first, and pi(right) <= 0, so once
            //  dv - score reaches the bound no later arc can beat it.
            int64_t dv = st->dist[v] + st->pi[v];
            if (st->u >= 0 && st->state[st->u] != 2) {
                int64_t du = dv - st->pi[st->u];
                s_relax (st, st->u, du, v);
                if (du < bound)
                    bound = du;
            }
            int32_t end = st->l_start[v + 1];
            for (int32_t a = st->l_start[v]; a < end; a++) {
                if (st->a_used[a])
                    continue;
                int64_t lower = dv - st->a_score[a];
                if (lower >= bound)
                    break;
                int32_t j = st->a_right[a];
                int32_t w = nl + j;
                if (st->state[w] == 2)
                    continue;
                int64_t d = lower - st->pi[w];
                if (d >= bound)
                    continue;
                s_relax (st, w, d, a);
                if (st->r_used[j] < st->rcap[j])
                    bound = d; //  a right with room: a path to the sink
            }
        } else {
            //  Full right: give one of its edges back
            int32_t j = v - nl;
            int64_t dv = st->dist[v] + st->pi[v];
            int32_t base = st->r_start[j];
            for (int32_t s = 0; s < st->r_used[j]; s++) {
                int32_t a = st->r_slot[base + s];
                int32_t k = st->a_left[a];
                if (st->state[k] == 2)
                    continue;
                int64_t d = dv + st->a_score[a] - st->pi[k];
                if (d < bound)
                    s_relax (st, k, d, a);
            }
        }
    }
    return -1;
}

//  After a search that ended at distance D: pi(v) += dist(v) - D for every
//  finalised v, which keeps all reduced costs >= 0 and makes the path tight.
static void
s_update_potentials (flow_state_t *st, int64_t D)
{
    for (int32_t k = 0; k < st->n_final; k++) {
        int32_t v = st->final[k];
        st->pi[v] += st->dist[v] - D;
    }
}

static void
s_slot_add (flow_state_t *st, int32_t j, int32_t a)
{
    st->r_slot[st->r_start[j] + st->r_used[j]++] = a;
}

static void
s_slot_remove (flow_state_t *st, int32_t j, int32_t a)
{
    int32_t base = st->r_start[j];
    for (int32_t s = 0; s < st->r_used[j]; s++)
        if (st->r_slot[base + s] == a) {
            st->r_slot[base + s] = st->r_slot[base + --st->r_used[j]];
            return;
        }
    abort (); //  arc not in use at its right: engine bug
}

//  Push one unit along the path found to terminal t; returns the left node
//  the path started from.
static int32_t
s_augment (flow_state_t *st, int32_t t)
{
    int32_t cur;
    if (t == st->u)
        cur = st->pred[t];
    else {
        int32_t a = st->pred[t];
        st->a_used[a] = 1;
        s_slot_add (st, t - st->nl, a);
        cur = st->a_left[a];
    }
    while (st->pred[cur] >= 0) {
        int32_t a = st->pred[cur]; //  cur gives this edge back
        int32_t j = st->a_right[a];
        st->a_used[a] = 0;
        s_slot_remove (st, j, a);
        int32_t a2 = st->pred[st->nl + j]; //  and the previous left takes j
        st->a_used[a2] = 1;
        s_slot_add (st, j, a2);
        cur = st->a_left[a2];
    }
    return cur;
}


//  --------------------------------------------------------------------------
//  Edge numbers by score, highest first: an LSD radix sort on 11-bit digits
//  of (FLOW_MAX_SCORE - score), stable, so ties keep their order.

static int32_t *
s_order_by_score (flow_t *self)
{
    size_t ne = self->ne;
    int32_t *order = s_alloc (ne, sizeof (int32_t));
    int32_t *other = s_alloc (ne, sizeof (int32_t));
    for (size_t e = 0; e < ne; e++)
        order[e] = (int32_t)e;
    for (int shift = 0; shift < 33; shift += 11) {
        size_t count[2049] = { 0 };
        for (size_t k = 0; k < ne; k++) {
            uint64_t key = (uint64_t)(FLOW_MAX_SCORE - self->e_score[order[k]]);
            count[((key >> shift) & 2047) + 1]++;
        }
        if (count[1] == ne)
            continue; //  every key has this digit 0: nothing moves
        for (int d = 0; d < 2048; d++)
            count[d + 1] += count[d];
        for (size_t k = 0; k < ne; k++) {
            uint64_t key = (uint64_t)(FLOW_MAX_SCORE - self->e_score[order[k]]);
            other[count[(key >> shift) & 2047]++] = order[k];
        }
        int32_t *swap = order;
        order = other;
        other = swap;
    }
    free (other);
    return order;
}


//  True if the right side has fewer units to place than the left (each
//  capacity clamped to the node's degree): the searches then ship from it.
//  Hands the degrees over if ldeg_p is not NULL (the caller frees them).
static bool
s_ship_from_right (flow_t *self, int32_t **ldeg_p, int32_t **rdeg_p)
{
    int32_t *ldeg = s_alloc ((size_t)self->nl, sizeof (int32_t));
    int32_t *rdeg = s_alloc ((size_t)self->nr, sizeof (int32_t));
    for (size_t e = 0; e < self->ne; e++) {
        ldeg[self->e_left[e]]++;
        rdeg[self->e_right[e]]++;
    }
    int64_t lunits = 0, runits = 0;
    for (int32_t i = 0; i < self->nl; i++)
        lunits += self->lcap[i] < ldeg[i] ? self->lcap[i] : ldeg[i];
    for (int32_t j = 0; j < self->nr; j++)
        runits += self->rcap[j] < rdeg[j] ? self->rcap[j] : rdeg[j];
    if (ldeg_p) {
        *ldeg_p = ldeg;
        *rdeg_p = rdeg;
    } else {
        free (ldeg);
        free (rdeg);
    }
    return runits < lunits;
}

//  Fill the score matrix w of the dense search from ids (edge number + 1
//  per cell, 0 for none, nl x nr as given), transposed if asked, in
//  cache-sized blocks rather than with strided writes.
static void
s_scores (flow_t *self, const int32_t *ids, int32_t *w, bool transposed)
{
    int32_t rows = self->nl, cols = self->nr;
    if (!transposed) {
        for (size_t c = 0; c < (size_t)rows * cols; c++)
            w[c] = ids[c] ? (int32_t)self->e_score[ids[c] - 1] : 0;
        return;
    }
    for (int32_t ib = 0; ib < rows; ib += 64)
        for (int32_t jb = 0; jb < cols; jb += 64) {
            int32_t iend = ib + 64 < rows ? ib + 64 : rows;
            int32_t jend = jb + 64 < cols ? jb + 64 : cols;
            for (int32_t i = ib; i < iend; i++)
                for (int32_t j = jb; j < jend; j++) {
                    int32_t id = ids[(size_t)i * cols + j];
                    w[(size_t)j * rows + i] = id ? (int32_t)self->e_score[id - 1] : 0;
                }
        }
}

//  --------------------------------------------------------------------------
//  Build the CSR arrays, clamp capacities to degrees, pick the frontier.
//
//  The flow is symmetric in its two sides, and the searches ship units from
//  the "left" side of the state: when the given right side has fewer units
//  to place (capacities clamped to degrees), the state is built transposed,
//  rights as its lefts. Late searches are long when the side shipping runs
//  out of partners with room, which happens on the side with more units; a
//  b-matching of 100,000 lefts into 77,000 right slots solves about ten
//  times faster shipped from the rights. Arcs of each left are stored by
//  score, highest first, for the greedy start.

static void
s_state_build (flow_state_t *st, flow_t *self, bool with_u)
{
    size_t ne = self->ne;
    bool transposed = s_ship_from_right (self, NULL, NULL);
    const int32_t *e_left = transposed ? self->e_right : self->e_left;
    const int32_t *e_right = transposed ? self->e_left : self->e_right;
    const int64_t *lcap = transposed ? self->rcap : self->lcap;
    const int64_t *rcap = transposed ? self->lcap : self->rcap;
    int32_t nl = transposed ? self->nr : self->nl;
    int32_t nr = transposed ? self->nl : self->nr;
    st->nl = nl;
    st->nr = nr;
    st->u = with_u ? nl + nr : -1;
    st->n = nl + nr + 1;
    st->l_start = s_alloc ((size_t)nl + 1, sizeof (int32_t));
    int32_t *rdeg = s_alloc ((size_t)nr, sizeof (int32_t));
    for (size_t e = 0; e < ne; e++) {
        st->l_start[e_left[e] + 1]++;
        rdeg[e_right[e]]++;
    }
    for (int32_t i = 0; i < nl; i++)
        st->l_start[i + 1] += st->l_start[i];
    st->a_left = s_alloc (ne, sizeof (int32_t));
    st->a_right = s_alloc (ne, sizeof (int32_t));
    st->a_score = s_alloc (ne, sizeof (int64_t));
    st->a_edge = s_alloc (ne, sizeof (int32_t));
    st->a_used = s_alloc (ne, sizeof (uint8_t));
    int32_t *order = s_order_by_score (self);
    int32_t *fill = s_alloc ((size_t)nl, sizeof (int32_t));
    for (size_t k = 0; k < ne; k++) {
        int32_t e = order[k];
        int32_t i = e_left[e];
        int32_t a = st->l_start[i] + fill[i]++;
        st->a_left[a] = i;
        st->a_right[a] = e_right[e];
        st->a_score[a] = self->e_score[e];
        st->a_edge[a] = e;
    }
    free (fill);
    free (order);

    st->lcap = s_alloc ((size_t)nl, sizeof (int32_t));
    for (int32_t i = 0; i < nl; i++) {
        int64_t deg = st->l_start[i + 1] - st->l_start[i];
        st->lcap[i] = (int32_t)(lcap[i] < deg ? lcap[i] : deg);
    }
    st->rcap = s_alloc ((size_t)nr, sizeof (int32_t));
    st->r_start = s_alloc ((size_t)nr + 1, sizeof (int32_t));
    for (int32_t j = 0; j < nr; j++) {
        st->rcap[j] = (int32_t)(rcap[j] < rdeg[j] ? rcap[j] : rdeg[j]);
        st->r_start[j + 1] = st->r_start[j] + st->rcap[j];
    }
    free (rdeg);
    st->r_slot = s_alloc ((size_t)st->r_start[nr], sizeof (int32_t));
    st->r_used = s_alloc ((size_t)nr, sizeof (int32_t));
    st->l_units = s_alloc ((size_t)nl, sizeof (int32_t));

    size_t n = (size_t)st->n;
    st->pi = s_alloc (n, sizeof (int64_t));
    st->dist = s_alloc (n, sizeof (int64_t));
    for (size_t v = 0; v < n; v++)
        st->dist[v] = FLOW_INF;
    st->pred = s_alloc (n, sizeof (int32_t));
    st->state = s_alloc (n, sizeof (uint8_t));
    st->touched = s_alloc (n, sizeof (int32_t));
    st->final = s_alloc (n, sizeof (int32_t));
    st->front = s_alloc (n, sizeof (int32_t));
    st->front_pos = s_alloc (n, sizeof (int32_t));
    //  A scan of the frontier costs about nr per step, a heap about
    //  log(n) per relaxed arc: scan when the average left degree is a good
    //  fraction of the right side.
    st->dense = self->method == FLOW_DENSE
                || (self->method == FLOW_AUTO && nl > 0 && (double)ne / nl * 8.0 >= (double)nr);

    //  pi(left) = best score (its first arc), pi(right) = pi(u) = 0: every
    //  arc rc >= 0.
    for (int32_t i = 0; i < nl; i++)
        if (st->l_start[i + 1] > st->l_start[i])
            st->pi[i] = st->a_score[st->l_start[i]];
}

static void
s_state_free (flow_state_t *st)
{
    free (st->lcap);
    free (st->rcap);
    free (st->l_start);
    free (st->a_left);
    free (st->a_right);
    free (st->a_score);
    free (st->a_edge);
    free (st->a_used);
    free (st->r_start);
    free (st->r_slot);
    free (st->r_used);
    free (st->l_units);
    free (st->pi);
    free (st->dist);
    free (st->pred);
    free (st->state);
    free (st->touched);
    free (st->final);
    free (st->front);
    free (st->front_pos);
}

//  No total cap: ship every left unit from its own node to a right with room
//  or to u. Starts greedily: each left takes its arcs in score order while
//  their rights have room, stopping at its capacity or at the first right
//  that is full, and sets pi(left) to the lowest score it took. Every arc it
//  took then has rc 0 backwards, every arc it did not take scores no more
//  than pi(left), and rights keep pi 0, so all reduced costs are >= 0.
static void
s_solve_free (flow_state_t *st)
{
    for (int32_t i = 0; i < st->nl; i++)
        for (int32_t a = st->l_start[i]; a < st->l_start[i + 1] && st->l_units[i] < st->lcap[i];
             a++) {
            int32_t j = st->a_right[a];
            if (st->r_used[j] >= st->rcap[j])
                break;
            st->a_used[a] = 1;
            s_slot_add (st, j, a);
            st->l_units[i]++;
            st->pi[i] = st->a_score[a];
        }
    for (int32_t i = 0; i < st->nl; i++) {
        while (st->l_units[i] < st->lcap[i]) {
            s_reset (st);
            st->dist[i] = 0;
            st->pred[i] = -1;
            st->state[i] = 1;
            st->touched[st->n_touched++] = i;
            s_front_push (st, i);
            int64_t D = 0;
            int32_t t = s_dijkstra (st, &D);
            if (t < 0)
                abort (); //  u is always reachable: engine bug
            s_update_potentials (st, D);
            int32_t src = s_augment (st, t);
            st->l_units[src]++;
            if (t == st->u && st->pred[t] == i)
                //  i itself stays unmatched at zero reduced cost: so do its
                //  remaining units (shortest paths of length 0)
                st->l_units[i] = st->lcap[i];
        }
    }
    s_reset (st);
}

//  Total cap: paths from a super source in order of cost, at most max_total
//  of them, only while they improve the objective.
static void
s_solve_capped (flow_state_t *st, int64_t max_total)
{
    for (int32_t i = 0; i < st->nl; i++)
        if (st->pi[i] > st->pi_s)
            st->pi_s = st->pi[i];
    int64_t total = 0;
    while (total < max_total) {
        s_reset (st);
        for (int32_t i = 0; i < st->nl; i++)
            if (st->l_units[i] < st->lcap[i]) {
                st->dist[i] = st->pi_s - st->pi[i];
                st->pred[i] = -1;
                st->state[i] = 1;
                st->touched[st->n_touched++] = i;
                s_front_push (st, i);
            }
        int64_t D = 0;
        int32_t t = s_dijkstra (st, &D);
        //  True cost of the path is D - pi(s) + pi(t), and pi(t) = 0.
        if (t < 0 || D - st->pi_s >= 0)
            break;
        s_update_potentials (st, D);
        st->pi_s -= D;
        int32_t src = s_augment (st, t);
        st->l_units[src]++;
        total++;
    }
    s_reset (st);
}


//  --------------------------------------------------------------------------
//  Dense path (no total cap, no parallel edges, matrix small enough): the
//  same successive shortest paths, but arcs live in a score matrix (0 for no
//  edge, negated while the edge is in use), and each left popped relaxes the
//  rights not yet final and finds the next minimum in one fused scan, as the
//  array-scan assignment codes do.

typedef struct {
    int32_t nl, nr;                     //  lefts, rights
    int32_t *w;                         //  nl x nr: score, -score while used, 0 for no edge
    int32_t *lcap, *rcap;               //  capacities clamped to degree
    int32_t *l_units;                   //  units shipped per left
    int32_t *r_start, *r_slot, *r_used; //  lefts using each right
    int64_t *pi_l, *pi_r;               //  potentials; u keeps potential 0
    int64_t *dist_l, *dist_r;           //  tentative distances
    int32_t *pred_l;                    //  left -> right it was reached through, -1 for source
    int32_t *pred_r;                    //  right -> left it was reached from
    uint8_t *final_l;                   //  finalised flags of lefts
    int32_t *rem;                       //  rights not yet final (first n_rem)
    int64_t *remk;                      //  their keys, in the same order
    int64_t *q;                         //  right -> 2 * pi - (1 if full)
    int32_t *lfront;                    //  lefts in the frontier
    int32_t *touched_l;                 //  lefts whose dist/final must be reset
    int32_t *fin_l, *fin_r;             //  finalised nodes, for the potential update
} dense_t;

static void
s_dense_slot_remove (dense_t *ds, int32_t j, int32_t k)
{
    int32_t *slot = ds->r_slot + ds->r_start[j];
    for (int32_t s = 0; s < ds->r_used[j]; s++)
        if (slot[s] == k) {
            slot[s] = slot[--ds->r_used[j]];
            return;
        }
    abort (); //  left not using its right: engine bug
}

//  What a search leaves for the augmentation: the nodes it finalised and
//  touched, the end of the path and its distance.
typedef struct {
    int32_t n_fin_l, n_fin_r; //  lefts and rights finalised (fin_l, fin_r)
    int32_t n_touched;        //  lefts given a distance (touched_l)
    int32_t n_lfront;         //  lefts reached, not final (lfront)
    int32_t terminal;         //  right that ends the path, or -1 for u
    int32_t pred_u;           //  the left whose arc to u is shortest
    int64_t du;               //  its distance to u
    int64_t D;                //  distance of the end of the path
} s_dense_path_t;

//  Finalise left k: its arc to u, then a scan of its row that lowers the
//  keys of the rights not yet final. Returns the minimum key over rem and
//  its index in *best_at. Static and called once: inlined into the search.
static int64_t
s_dense_expand (dense_t *ds, int32_t k, int32_t n_rem, s_dense_path_t *path, int32_t *best_at)
{
    ds->final_l[k] = 1;
    ds->fin_l[path->n_fin_l++] = k;
    int64_t dk = ds->dist_l[k] + ds->pi_l[k];
    if (dk < path->du) {
        path->du = dk;
        path->pred_u = k;
    }
    int64_t dk2 = 2 * dk;
    int32_t nr = ds->nr;
    const int32_t *row = ds->w + (size_t)k * nr;
    const int32_t *rem = ds->rem;
    int64_t *remk = ds->remk;
    const int64_t *q = ds->q;
    int64_t best = FLOW_INF;
    *best_at = -1;
    for (int32_t idx = 0; idx < n_rem; idx++) {
        int32_t j = rem[idx];
        int64_t wkj = row[j];
        int64_t key = remk[idx];
        if (wkj > 0) {
            int64_t nk = dk2 - 2 * wkj - q[j];
            if (nk < key) {
                key = nk;
                remk[idx] = nk;
                ds->pred_r[j] = k;
            }
        }
        if (key < best) {
            best = key;
            *best_at = idx;
        }
    }
    return best;
}

//  Right j, full, is final at distance dj: pass the search on to the lefts
//  using it (their arcs back to j).
static void
s_dense_pass_on (dense_t *ds, int32_t j, int64_t dj, s_dense_path_t *path)
{
    int64_t dpj = dj + ds->pi_r[j];
    const int32_t *slot = ds->r_slot + ds->r_start[j];
    for (int32_t s = 0; s < ds->r_used[j]; s++) {
        int32_t k = slot[s];
        if (ds->final_l[k])
            continue;
        int64_t nd = dpj - ds->w[(size_t)k * ds->nr + j] - ds->pi_l[k];
        if (nd < ds->dist_l[k]) {
            if (ds->dist_l[k] == FLOW_INF) {
                ds->touched_l[path->n_touched++] = k;
                ds->lfront[path->n_lfront++] = k;
            }
            ds->dist_l[k] = nd;
            ds->pred_l[k] = j;
        }
    }
}

//  After the search: potentials, the augmentation along the path, the keys
//  of the rights it changed, and the left scratch reset. Returns true if
//  the unit of src ended at u directly.
static bool
s_dense_augment (dense_t *ds, int32_t src, const s_dense_path_t *path)
{
    int32_t nr = ds->nr, terminal = path->terminal;
    for (int32_t x = 0; x < path->n_fin_l; x++) {
        int32_t k = ds->fin_l[x];
        ds->pi_l[k] += ds->dist_l[k] - path->D;
    }
    for (int32_t x = 0; x < path->n_fin_r; x++) {
        int32_t j = ds->fin_r[x];
        ds->pi_r[j] += ds->dist_r[j] - path->D;
    }
    int32_t k;
    if (terminal >= 0) {
        k = ds->pred_r[terminal];
        ds->w[(size_t)k * nr + terminal] *= -1;
        ds->r_slot[ds->r_start[terminal] + ds->r_used[terminal]++] = k;
    } else
        k = path->pred_u;
    bool direct_u = terminal < 0 && path->pred_u == src;
    while (ds->pred_l[k] >= 0) {
        int32_t j = ds->pred_l[k]; //  k gives j back
        ds->w[(size_t)k * nr + j] *= -1;
        s_dense_slot_remove (ds, j, k);
        int32_t k2 = ds->pred_r[j]; //  and k2 takes it
        ds->w[(size_t)k2 * nr + j] *= -1;
        ds->r_slot[ds->r_start[j] + ds->r_used[j]++] = k2;
        k = k2;
    }
    for (int32_t x = 0; x < path->n_fin_r; x++) {
        int32_t j = ds->fin_r[x];
        ds->q[j] = 2 * ds->pi_r[j] - (ds->r_used[j] >= ds->rcap[j] ? 1 : 0);
    }
    if (terminal >= 0)
        ds->q[terminal] =
            2 * ds->pi_r[terminal] - (ds->r_used[terminal] >= ds->rcap[terminal] ? 1 : 0);
    ds->l_units[src]++;
    for (int32_t x = 0; x < path->n_touched; x++) {
        int32_t v = ds->touched_l[x];
        ds->dist_l[v] = FLOW_INF;
        ds->final_l[v] = 0;
    }
    return direct_u;
}

//  One search from left src, then the augmentation. Returns true if the
//  unit of src ended at u directly (src stays unmatched).
//
//  Rights not yet final sit in rem[0..n_rem) with their keys in remk:
//  key = 2 * dist + (1 if the right is full), so the minimum key is the
//  nearest right and, among equals, one with room, which ends the search
//  early. q[j] = 2 * pi(j) - full(j) lets the scan compute keys directly.
static bool
s_dense_ship (dense_t *ds, int32_t src)
{
    int32_t nr = ds->nr;
    for (int32_t j = 0; j < nr; j++) {
        ds->rem[j] = j;
        ds->remk[j] = FLOW_INF;
    }
    int32_t n_rem = nr;
    s_dense_path_t path = { .terminal = -1, .pred_u = src, .du = ds->pi_l[src] };
    ds->dist_l[src] = 0;
    ds->pred_l[src] = -1;
    ds->touched_l[path.n_touched++] = src;
    int32_t cur = src;       //  left to expand next, or -1
    int64_t last = 0;        //  distance of the last node finalised
    int64_t best = FLOW_INF; //  minimum key over rem, when best_at >= 0
    int32_t best_at = -1;    //  its index in rem, -1 if unknown
    while (true) {
        if (cur >= 0) {
            best = s_dense_expand (ds, cur, n_rem, &path, &best_at);
            cur = -1;
        }
        //  Next node: a left tied with the last one finalised is minimal
        int32_t lbest_at = -1;
        int64_t lbest = FLOW_INF;
        for (int32_t x = 0; x < path.n_lfront; x++) {
            int64_t d = ds->dist_l[ds->lfront[x]];
            if (d < lbest) {
                lbest = d;
                lbest_at = x;
            }
        }
        if (lbest_at >= 0 && lbest == last && path.du > last) {
            cur = ds->lfront[lbest_at];
            ds->lfront[lbest_at] = ds->lfront[--path.n_lfront];
            continue;
        }
        if (best_at < 0) {
            best = FLOW_INF;
            for (int32_t idx = 0; idx < n_rem; idx++)
                if (ds->remk[idx] < best) {
                    best = ds->remk[idx];
                    best_at = idx;
                }
        }
        //  Keys are doubled distances; ties go to terminals (u, a right
        //  with room) before lefts.
        if (2 * path.du <= best && path.du <= lbest) {
            path.D = path.du;
            break;
        }
        if (best_at < 0 || 2 * lbest < best) {
            cur = ds->lfront[lbest_at];
            ds->lfront[lbest_at] = ds->lfront[--path.n_lfront];
            last = lbest;
            continue;
        }
        //  A right: the end of the path if it has room, else pass it on
        int32_t j = ds->rem[best_at];
        bool full = ds->r_used[j] >= ds->rcap[j];
        int64_t dj = (best - (full ? 1 : 0)) / 2;
        ds->rem[best_at] = ds->rem[--n_rem];
        ds->remk[best_at] = ds->remk[n_rem];
        best_at = -1;
        last = dj;
        ds->dist_r[j] = dj;
        ds->fin_r[path.n_fin_r++] = j;
        if (!full) {
            path.terminal = j;
            path.D = dj;
            break;
        }
        s_dense_pass_on (ds, j, dj, &path);
    }
    return s_dense_augment (ds, src, &path);
}

//  The cells of the edges, in the given orientation: edge number + 1 per
//  cell, 0 for none. NULL if there are parallel edges.
static int32_t *
s_dense_ids (flow_t *self)
{
    int32_t *ids = s_alloc ((size_t)self->nl * self->nr, sizeof (int32_t));
    for (size_t e = 0; e < self->ne; e++) {
        int32_t *cell = ids + (size_t)self->e_left[e] * self->nr + self->e_right[e];
        if (*cell) {
            free (ids);
            return NULL;
        }
        *cell = (int32_t)e + 1;
    }
    return ids;
}

//  The matrix in the searched orientation (transposed: rights are shipped
//  from) with the capacities clamped to the degrees, and the scratch of the
//  searches. Frees ldeg and rdeg (degrees in the given orientation).
static void
s_dense_init (dense_t *ds, flow_t *self, const int32_t *ids, bool transposed, int32_t *ldeg,
              int32_t *rdeg)
{
    const int64_t *lcap = transposed ? self->rcap : self->lcap;
    const int64_t *rcap = transposed ? self->lcap : self->rcap;
    int32_t nl = transposed ? self->nr : self->nl;
    int32_t nr = transposed ? self->nl : self->nr;
    if (transposed) {
        int32_t *swap = ldeg;
        ldeg = rdeg;
        rdeg = swap;
    }
    memset (ds, 0, sizeof *ds);
    ds->nl = nl;
    ds->nr = nr;
    ds->w = s_alloc ((size_t)nl * nr, sizeof (int32_t));
    s_scores (self, ids, ds->w, transposed);
    ds->lcap = s_alloc ((size_t)nl, sizeof (int32_t));
    ds->rcap = s_alloc ((size_t)nr, sizeof (int32_t));
    ds->r_start = s_alloc ((size_t)nr + 1, sizeof (int32_t));
    for (int32_t i = 0; i < nl; i++)
        ds->lcap[i] = (int32_t)(lcap[i] < ldeg[i] ? lcap[i] : ldeg[i]);
    for (int32_t j = 0; j < nr; j++) {
        ds->rcap[j] = (int32_t)(rcap[j] < rdeg[j] ? rcap[j] : rdeg[j]);
        ds->r_start[j + 1] = ds->r_start[j] + ds->rcap[j];
    }
    free (ldeg);
    free (rdeg);
    ds->r_slot = s_alloc ((size_t)ds->r_start[nr], sizeof (int32_t));
    ds->r_used = s_alloc ((size_t)nr, sizeof (int32_t));
    ds->l_units = s_alloc ((size_t)nl, sizeof (int32_t));
    ds->pi_l = s_alloc ((size_t)nl, sizeof (int64_t));
    ds->pi_r = s_alloc ((size_t)nr, sizeof (int64_t));
    ds->dist_l = s_alloc ((size_t)nl, sizeof (int64_t));
    for (int32_t i = 0; i < nl; i++)
        ds->dist_l[i] = FLOW_INF;
    ds->dist_r = s_alloc ((size_t)nr, sizeof (int64_t));
    ds->pred_l = s_alloc ((size_t)nl, sizeof (int32_t));
    ds->pred_r = s_alloc ((size_t)nr, sizeof (int32_t));
    ds->final_l = s_alloc ((size_t)nl, sizeof (uint8_t));
    ds->rem = s_alloc ((size_t)nr, sizeof (int32_t));
    ds->remk = s_alloc ((size_t)nr, sizeof (int64_t));
    ds->q = s_alloc ((size_t)nr, sizeof (int64_t));
    ds->lfront = s_alloc ((size_t)nl, sizeof (int32_t));
    ds->touched_l = s_alloc ((size_t)nl, sizeof (int32_t));
    ds->fin_l = s_alloc ((size_t)nl, sizeof (int32_t));
    ds->fin_r = s_alloc ((size_t)nr, sizeof (int32_t));
}

static void
s_dense_free (dense_t *ds)
{
    free (ds->w);
    free (ds->lcap);
    free (ds->rcap);
    free (ds->r_start);
    free (ds->r_slot);
    free (ds->r_used);
    free (ds->l_units);
    free (ds->pi_l);
    free (ds->pi_r);
    free (ds->dist_l);
    free (ds->dist_r);
    free (ds->pred_l);
    free (ds->pred_r);
    free (ds->final_l);
    free (ds->rem);
    free (ds->remk);
    free (ds->q);
    free (ds->lfront);
    free (ds->touched_l);
    free (ds->fin_l);
    free (ds->fin_r);
}

//  Greedy start, pi(right) = 0: each left takes its best cells in score
//  order while their rights have room (at most 8, the searches place
//  the rest), stopping at the first full right, and pi(left) = the last
//  score it took, or its best if none. Cells it took then have rc 0
//  backwards and every other cell scores no more than pi(left), so all
//  reduced costs are >= 0.
static void
s_dense_greedy (dense_t *ds)
{
    for (int32_t i = 0; i < ds->nl; i++) {
        int32_t *row = ds->w + (size_t)i * ds->nr;
        int64_t pi = -1;
        for (int32_t take = 0; take < 8 && ds->l_units[i] < ds->lcap[i]; take++) {
            int32_t best = 0, best_j = -1;
            for (int32_t j = 0; j < ds->nr; j++)
                if (row[j] > best) {
                    best = row[j];
                    best_j = j;
                }
            if (best_j < 0)
                break;
            if (pi < 0 || best < pi)
                pi = best;
            if (ds->r_used[best_j] >= ds->rcap[best_j])
                break;
            row[best_j] = -row[best_j];
            ds->r_slot[ds->r_start[best_j] + ds->r_used[best_j]++] = i;
            ds->l_units[i]++;
        }
        ds->pi_l[i] = pi < 0 ? 0 : pi;
    }
    for (int32_t j = 0; j < ds->nr; j++)
        ds->q[j] = ds->r_used[j] >= ds->rcap[j] ? -1 : 0;
}

//  Solve on the matrix; returns false (nothing done) if there are parallel
//  edges. Fills self->chosen and the totals.
static bool
s_solve_dense (flow_t *self)
{
    //  Shipped from the side with fewer units, as in s_state_build. The
    //  matrix is filled in the given orientation (edges usually come row by
    //  row) and transposed in blocks, not filled with strided writes.
    int32_t *ldeg, *rdeg;
    bool transposed = s_ship_from_right (self, &ldeg, &rdeg);
    int32_t *ids = s_dense_ids (self);
    if (!ids) {
        free (ldeg);
        free (rdeg);
        return false;
    }
    dense_t ds;
    s_dense_init (&ds, self, ids, transposed, ldeg, rdeg);
    s_dense_greedy (&ds);
    for (int32_t i = 0; i < ds.nl; i++)
        while (ds.l_units[i] < ds.lcap[i])
            if (s_dense_ship (&ds, i))
                ds.l_units[i] = ds.lcap[i];

    //  The chosen edges are the cells in use at each right
    for (int32_t j = 0; j < ds.nr; j++)
        for (int32_t k = 0; k < ds.r_used[j]; k++) {
            int32_t i = ds.r_slot[ds.r_start[j] + k];
            size_t cell = transposed ? (size_t)j * self->nr + i : (size_t)i * self->nr + j;
            size_t e = (size_t)ids[cell] - 1;
            self->chosen[e] = 1;
            self->objective += self->e_score[e];
            self->chosen_count++;
        }
    free (ids);
    s_dense_free (&ds);
    return true;
}


//  --------------------------------------------------------------------------
//  Solve; see flow.h.

int
flow_solve (flow_t *self)
{
    if (self->solved)
        return -1;
    self->solved = true;
    self->chosen = s_alloc (self->ne, sizeof (uint8_t));
    bool capped = self->max_total >= 0;
    double cells = (double)self->nl * (double)self->nr;
    bool dense = self->method == FLOW_DENSE
                 || (self->method == FLOW_AUTO && (double)self->ne * 8.0 >= cells);
    if (!capped && dense && cells <= FLOW_MAX_DENSE_CELLS && s_solve_dense (self))
        return 0;
    flow_state_t st;
    memset (&st, 0, sizeof st);
    s_state_build (&st, self, !capped);
    if (capped)
        s_solve_capped (&st, self->max_total);
    else
        s_solve_free (&st);
    for (size_t a = 0; a < self->ne; a++)
        if (st.a_used[a]) {
            self->chosen[st.a_edge[a]] = 1;
            self->objective += st.a_score[a];
            self->chosen_count++;
        }
    s_state_free (&st);
    return 0;
}


//  --------------------------------------------------------------------------
//  Accessors; see flow.h.

int64_t
flow_objective (flow_t *self)
{
    return self->objective;
}

size_t
flow_chosen_count (flow_t *self)
{
    return self->chosen_count;
}

size_t
flow_edge_count (flow_t *self)
{
    return self->ne;
}

bool
flow_edge_chosen (flow_t *self, size_t edge)
{
    return self->solved && edge < self->ne && self->chosen[edge];
}

size_t
flow_edge_left (flow_t *self, size_t edge)
{
    return (size_t)self->e_left[edge];
}

size_t
flow_edge_right (flow_t *self, size_t edge)
{
    return (size_t)self->e_right[edge];
}

int64_t
flow_edge_score (flow_t *self, size_t edge)
{
    return self->e_score[edge];
}


//  --------------------------------------------------------------------------
//  Selftest

void
flow_test (bool verbose)
{
    if (verbose)
        printf ("# flow_test\n");

    SK_CASE_BEGIN ();
    //  Two lefts, two rights: greedy (a0-b0 = 10) loses to 9 + 8.
    flow_t *flow = flow_new (2, 2);
    CHECK (flow);
    CHECK_INT_EQ (flow_add_edge (flow, 0, 0, 10), 0);
    CHECK_INT_EQ (flow_add_edge (flow, 0, 1, 9), 1);
    CHECK_INT_EQ (flow_add_edge (flow, 1, 0, 8), 2);
    CHECK_INT_EQ (flow_solve (flow), 0);
    CHECK_INT_EQ (flow_objective (flow), 17);
    CHECK_INT_EQ (flow_chosen_count (flow), 2);
    CHECK (!flow_edge_chosen (flow, 0));
    CHECK (flow_edge_chosen (flow, 1));
    CHECK (flow_edge_chosen (flow, 2));
    CHECK_INT_EQ (flow_solve (flow), -1);
    CHECK_INT_EQ (flow_add_edge (flow, 0, 0, 1), -1);
    flow_destroy (&flow);
    CHECK (flow == NULL);
    flow_destroy (&flow);
    SK_CASE_END ("flow: augmenting beats greedy");

    SK_CASE_BEGIN ();
    //  Not max cardinality: one heavy edge beats two light ones.
    flow = flow_new (2, 2);
    flow_add_edge (flow, 0, 0, 10);
    flow_add_edge (flow, 0, 1, 1);
    flow_add_edge (flow, 1, 0, 1);
    flow_solve (flow);
    CHECK_INT_EQ (flow_objective (flow), 10);
    CHECK_INT_EQ (flow_chosen_count (flow), 1);
    flow_destroy (&flow);
    SK_CASE_END ("flow: maximum weight, not maximum cardinality");

    SK_CASE_BEGIN ();
    //  Capacities: one left of capacity 3 and three rights of capacity 1,
    //  plus a second left competing for right 0.
    flow = flow_new (2, 3);
    CHECK_INT_EQ (flow_set_left_capacity (flow, 0, 3), 0);
    CHECK_INT_EQ (flow_set_left_capacity (flow, 2, 1), -1);
    CHECK_INT_EQ (flow_set_right_capacity (flow, 0, -1), -1);
    flow_add_edge (flow, 0, 0, 5);
    flow_add_edge (flow, 0, 1, 5);
    flow_add_edge (flow, 0, 2, 5);
    flow_add_edge (flow, 1, 0, 7);
    CHECK_INT_EQ (flow_add_edge (flow, 1, 3, 7), -1);
    CHECK_INT_EQ (flow_add_edge (flow, 1, 1, 0), -1);
    flow_solve (flow);
    CHECK_INT_EQ (flow_objective (flow), 17);
    CHECK_INT_EQ (flow_chosen_count (flow), 3);
    flow_destroy (&flow);
    SK_CASE_END ("flow: capacities");

    SK_CASE_BEGIN ();
    //  Total cap of 1 keeps only the best edge.
    flow = flow_new (2, 2);
    CHECK_INT_EQ (flow_set_max_total (flow, 1), 0);
    flow_add_edge (flow, 0, 0, 3);
    flow_add_edge (flow, 1, 1, 4);
    flow_solve (flow);
    CHECK_INT_EQ (flow_objective (flow), 4);
    CHECK (flow_edge_chosen (flow, 1));
    flow_destroy (&flow);
    SK_CASE_END ("flow: total cap");

    SK_CASE_BEGIN ();
    flow = flow_new (0, 0);
    CHECK_INT_EQ (flow_solve (flow), 0);
    CHECK_INT_EQ (flow_objective (flow), 0);
    flow_destroy (&flow);
    flow = flow_new (3, 2);
    flow_set_right_capacity (flow, 0, 0);
    flow_add_edge (flow, 0, 0, 3);
    flow_solve (flow);
    CHECK_INT_EQ (flow_objective (flow), 0);
    flow_destroy (&flow);
    CHECK (flow_new (FLOW_MAX_NODES + 1, 1) == NULL);
    SK_CASE_END ("flow: empty and zero capacity");
}
