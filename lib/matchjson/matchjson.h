/*  matchjson.h: JSON front ends of the exact solver and the planner.

    Solver file:   {"left":[{"id":"..","capacity":n}],
                    "right":[{"id":"..","capacity":n}],
                    "edges":[["left_id","right_id",score], ...]}
    Solver answer: {"objective": n, "pairs": [["left_id","right_id"], ...]}

    Planner file:  {"rounds":R, "tables":T,
                    "associations":[{"id":"..","max_meetings":n}],
                    "companies":[{"id":"..","max_meetings":n}],
                    "interests":[["association_id","company_id",weight], ...]}
    Planner answer: {"objective": n,
                     "rounds": [[["association_id","company_id"], ...], ...]}

    Every field is required; unknown keys are ignored. Ids are non-empty
    strings, unique per list; scores and weights are integers in
    1..FLOW_MAX_SCORE; capacities and max_meetings integers >= 0; a
    pair may appear once. Files above MATCHJSON_MAX_FILE bytes are refused
    before parsing. Pairs come out in the order of the input edges.

    Contract: C11, libc, jansson (inside matchjson.c only: the header needs
    no JSON library), lib/flow, lib/speeddate and lib/base; no PostgreSQL,
    ZeroMQ or czmq.
*/
#ifndef MATCHJSON_MATCHJSON_H_INCLUDED
#define MATCHJSON_MATCHJSON_H_INCLUDED

#include <stdint.h>
#include <stdio.h>

//  Largest instance file read (1 GiB; the parsed tree takes several times
//  that in memory).
#define MATCHJSON_MAX_FILE (1LL << 30)

//  Wall-clock split of one run, in milliseconds.
typedef struct {
    double parse_ms; //  reading the file and validating it
    double build_ms; //  handing nodes and edges to the engine
    double solve_ms; //  the engine's solve / plan call alone
} matchjson_timing_t;
//  The monotonic clock those are read from, in milliseconds (for a caller
//  timing its own steps alike).
double matchjson_now_ms (void);

//  A solved instance: the objective and the chosen pairs, in groups (one
//  group for the solver, one per round for the planner).
typedef struct _matchjson_answer_t matchjson_answer_t;

//  Read the solver file at path and solve it. Returns the answer, or NULL
//  with *err_p a malloc'd message (caller frees) naming what is wrong, e.g.
//  "edges[3][2]: score must be a positive integer", or the JSON line and
//  column. err_p may be NULL; timing, if not NULL, is filled.
matchjson_answer_t *matchjson_solve (const char *path, matchjson_timing_t *timing, char **err_p);

//  Read the planner file at path and plan the evening; as above.
matchjson_answer_t *matchjson_plan (const char *path, matchjson_timing_t *timing, char **err_p);

//  Destroy an answer and null the caller's pointer; NULL-safe.
void matchjson_answer_destroy (matchjson_answer_t **self_p);

//  Total score (solver) or weight (planner) of the chosen pairs.
int64_t matchjson_answer_objective (matchjson_answer_t *self);

//  Number of groups: 1 for the solver, R for the planner (0 if R is 0).
size_t matchjson_answer_groups (matchjson_answer_t *self);

//  Pairs in a group (0 if out of range).
size_t matchjson_answer_group_size (matchjson_answer_t *self, size_t group);

//  The k-th pair of a group (k < group size): sets the ids and returns its
//  score or weight. The ids live as long as the answer.
int64_t matchjson_answer_pair (matchjson_answer_t *self, size_t group, size_t k,
                               const char **left_p, const char **right_p);

//  Write the answer in the JSON form above.
void matchjson_answer_write_json (matchjson_answer_t *self, FILE *out);

//  Read, solve (or plan) and write the JSON answer to out in one call.
//  Returns 0, or -1 with *err_p as above.
int matchjson_solve_file (const char *path, FILE *out, char **err_p);
int matchjson_plan_file (const char *path, FILE *out, char **err_p);

#endif
