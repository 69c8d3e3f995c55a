/*  match_speeddate.h: an exact plan for the speed-dating evening.

    Associations meet companies in R rounds at T tables. Each interest is a
    possible meeting (association, company, weight > 0). A plan holds each
    pair at most once, nobody twice in a round, at most T meetings a round,
    nobody above their max_meetings or above R, and maximises the total
    weight of the meetings held.

    Method: the meetings are chosen by lib/flow (degrees at most
    min(R, max_meetings), at most R*T of them), which is exact because any
    such set can be scheduled: a bipartite graph of maximum degree <= R has
    a proper R-edge-colouring (König), built here edge by edge with
    alternating-path flips, and the colour classes are then balanced by
    swapping colours along alternating paths until none holds more than
    ceil(|E|/R) <= T meetings. Rounds are the colour classes.

    Contract: C11, libc, lib/flow and lib/base (sk_mem) only; no
    PostgreSQL, ZeroMQ or czmq. No state outside the event: distinct
    events may be planned from distinct threads at once.
*/
#ifndef SPEEDDATE_SPEEDDATE_H_INCLUDED
#define SPEEDDATE_SPEEDDATE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  Limits that keep the colouring tables small.
#define SPEEDDATE_MAX_ROUNDS 1000
#define SPEEDDATE_MAX_TABLES 1000000000
#define SPEEDDATE_MAX_CELLS  50000000 //  (associations+companies)*R

typedef struct _speeddate_t speeddate_t;

//  Create an event. max_meetings starts at R for everyone. Returns NULL if
//  rounds or tables exceed the limits above, or the participants are too
//  many for the node limit or the colouring tables. Aborts on OOM.
speeddate_t *speeddate_new (size_t rounds, size_t tables, size_t association_count,
                            size_t company_count);

//  Destroy the event and null the caller's pointer; NULL-safe.
void speeddate_destroy (speeddate_t **self_p);

//  Set the most meetings a participant may have (>= 0). Returns 0, or -1
//  on a bad index, a negative value, or after plan.
int speeddate_set_association_max (speeddate_t *self, size_t association, int64_t max);
int speeddate_set_company_max (speeddate_t *self, size_t company, int64_t max);

//  Add an interest with weight in 1..FLOW_MAX_SCORE. Interests are
//  numbered from 0 in the order added. Returns the number, or -1 on a bad
//  index or weight, or after plan. The caller must not add a pair twice
//  (plan fails if it does).
int64_t speeddate_add_interest (speeddate_t *self, size_t association, size_t company,
                                int64_t weight);

//  Choose the meetings and split them into rounds. Returns 0, or -1 if
//  called twice or an (association, company) pair was added twice.
int speeddate_plan (speeddate_t *self);

//  Total weight of the meetings held (0 before plan).
int64_t speeddate_objective (speeddate_t *self);

//  Number of rounds (R) and of meetings held.
size_t speeddate_rounds (speeddate_t *self);
size_t speeddate_meeting_count (speeddate_t *self);

//  Meetings in a round (0 if out of range or before plan), and the interest
//  number of the k-th of them, in the order the interests were added.
size_t speeddate_round_size (speeddate_t *self, size_t round);
size_t speeddate_round_meeting (speeddate_t *self, size_t round, size_t k);

//  The round an interest is held in, or -1 if it is not held.
int64_t speeddate_interest_round (speeddate_t *self, size_t interest);

//  Endpoints and weight of an interest (interest must be valid).
size_t speeddate_interest_association (speeddate_t *self, size_t interest);
size_t speeddate_interest_company (speeddate_t *self, size_t interest);
int64_t speeddate_interest_weight (speeddate_t *self, size_t interest);

//  Selftest; prints TAP lines through sk_check.h.
void speeddate_test (bool verbose);

#endif
