/*  match_json.h: JSON front ends of the exact solver and the planner.

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
    1..MATCH_FLOW_MAX_SCORE; capacities and max_meetings integers >= 0; a
    pair may appear once. Pairs come out in the order of the input edges.
*/
#ifndef MATCH_JSON_H_INCLUDED
#define MATCH_JSON_H_INCLUDED

#include <stdio.h>

//  Wall-clock split of one run, in milliseconds.
typedef struct {
    double parse_ms; //  reading the file and validating it
    double build_ms; //  handing nodes and edges to the engine
    double solve_ms; //  the engine's solve / plan call alone
    double write_ms; //  writing the answer
} match_json_timing_t;

//  Read the solver file at path, solve it, write the answer to out.
//  Returns 0, or -1 with *err_p a malloc'd message (caller frees) naming
//  what is wrong, e.g. "edges[3][2]: score must be a positive integer".
//  err_p may be NULL.
int
    match_solve_json_file (const char *path, FILE *out, char **err_p);

//  Read the planner file at path, plan the evening, write the answer.
//  Returns 0, or -1 with *err_p as above.
int
    match_speeddate_json_file (const char *path, FILE *out, char **err_p);

//  Same as above, also filling *timing if it is not NULL.
int
    match_solve_json_file_timed (const char *path, FILE *out,
                                 match_json_timing_t *timing, char **err_p);
int
    match_speeddate_json_file_timed (const char *path, FILE *out,
                                     match_json_timing_t *timing,
                                     char **err_p);

#endif
