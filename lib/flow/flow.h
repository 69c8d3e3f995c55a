/*  flow.h: exact maximum-weight b-matching by min-cost flow.

    A bipartite graph with left nodes 0..left_count-1 and right nodes
    0..right_count-1, each with a capacity (how many edges it may take), and
    weighted edges with integer scores > 0, each usable at most once. Solving
    chooses a set of edges that respects every capacity and, optionally, a cap
    on the total number of chosen edges, and whose total score is maximal.
    The answer is not forced to have maximum cardinality: an edge is taken
    only when it raises the objective.

    Method: successive shortest augmenting paths with node potentials
    (Dijkstra on reduced costs, all in 64-bit integers, so optima are exact).
    Units are shipped from the side with fewer of them (capacities clamped
    to degrees; the problem is symmetric), so searches find partners with
    room early. Without a total cap every unit is shipped one at a time from
    its own node, either to a node with room or to a virtual "unmatched"
    node, like the Jonker-Volgenant family but written from the textbook
    SSP, after a greedy start in score order. With a total cap the paths
    start from a super source and augmentation stops after the cap or when
    the next path no longer improves the objective. Each search stops at the
    first terminal and skips arcs that cannot beat the nearest terminal seen
    (arcs are kept by score, highest first). Dense graphs use a score matrix
    and an array scan, sparse ones CSR arcs and a binary heap.

    Using it from a service (proposals, agreements): build one problem per
    decision with node indices of your own (keep an id -> index map), set
    capacities (remaining slots: subtract agreements already made) and add
    one edge per admissible pair with an integer score in
    1..FLOW_MAX_SCORE (scale and round any real-valued score; ties are
    broken arbitrarily but deterministically for the same input order). Pairs
    that must not be proposed are simply not added; a pair that must be kept
    is best handled by reducing both capacities by one and leaving it out.
    Solve, then read flow_edge_chosen per edge number (edge numbers
    are returned by flow_add_edge in the order added). The object is
    not thread-safe and is frozen by solve: build a new one per run. Memory
    is O(nodes + edges) (dense: O(left x right) up to
    FLOW_MAX_DENSE_CELLS); solving 100,000 x 5,000 nodes with 4 million
    edges takes about a second on one core.

    Contract: C11, libc and lib/base (sk_mem) only; no PostgreSQL, ZeroMQ
    or czmq. Distinct problems may be solved from distinct threads.
*/
#ifndef FLOW_FLOW_H_INCLUDED
#define FLOW_FLOW_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  Limits that keep every sum inside int64 and every index inside int32.
#define FLOW_MAX_NODES 10000000
#define FLOW_MAX_EDGES 100000000
#define FLOW_MAX_SCORE 1000000000
//  Largest left x right matrix the dense search will allocate.
#define FLOW_MAX_DENSE_CELLS 100000000

//  Which search solve uses without a total cap. AUTO picks the score
//  matrix when at least 1/8 of it holds edges, else CSR arcs with a heap.
//  DENSE falls back to CSR when there are parallel edges or the matrix would
//  be too large. A total cap always uses the super-source search.
typedef enum { FLOW_AUTO = 0, FLOW_DENSE, FLOW_SPARSE } flow_method_t;

typedef struct _flow_t flow_t;

//  Create a problem with the given node counts; all capacities start at 1.
//  Returns NULL if a count exceeds FLOW_MAX_NODES. Aborts on OOM.
flow_t *flow_new (size_t left_count, size_t right_count);

//  Destroy the problem and null the caller's pointer; NULL-safe.
void flow_destroy (flow_t **self_p);

//  Set the capacity of a left or right node (>= 0). Returns 0, or -1 if the
//  node index is out of range, the capacity is negative, or after solve.
int flow_set_left_capacity (flow_t *self, size_t left, int64_t capacity);
int flow_set_right_capacity (flow_t *self, size_t right, int64_t capacity);

//  Cap the total number of chosen edges (>= 0). Without this call there is
//  no cap. Returns 0, or -1 if negative or after solve.
int flow_set_max_total (flow_t *self, int64_t max_total);

//  Choose the search (tests and benchmarks compare them). Returns 0, or -1
//  after solve.
int flow_set_method (flow_t *self, flow_method_t method);

//  Reserve room for count edges in advance (an optimisation only).
void flow_reserve_edges (flow_t *self, size_t count);

//  Add an edge with a score in 1..FLOW_MAX_SCORE. Edges are numbered
//  from 0 in the order added. Returns the edge number, or -1 if a node is
//  out of range, the score is out of range, the edge limit is reached, or
//  after solve. Parallel edges are allowed (each usable once).
int64_t flow_add_edge (flow_t *self, size_t left, size_t right, int64_t score);

//  Solve. Returns 0; -1 only if called twice. Afterwards the problem is
//  frozen and the accessors below give the answer.
int flow_solve (flow_t *self);

//  Total score of the chosen edges (0 before solve).
int64_t flow_objective (flow_t *self);

//  Number of chosen edges (0 before solve).
size_t flow_chosen_count (flow_t *self);

//  Number of edges added.
size_t flow_edge_count (flow_t *self);

//  True if the edge was chosen; false before solve or if out of range.
bool flow_edge_chosen (flow_t *self, size_t edge);

//  Endpoints and score of an edge (edge must be < edge_count).
size_t flow_edge_left (flow_t *self, size_t edge);
size_t flow_edge_right (flow_t *self, size_t edge);
int64_t flow_edge_score (flow_t *self, size_t edge);

//  Selftest: small fixed cases; prints TAP lines through sk_check.h.
void flow_test (bool verbose);

#endif
