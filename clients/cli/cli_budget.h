/*  cli_budget.h: what the budget commands' files share. */
#ifndef CLI_BUDGET_H_INCLUDED
#define CLI_BUDGET_H_INCLUDED

#include "cli.h"

//  The rules a citizen budget is tallied with (the vote service's, of
//  lib/tally's): --rule takes these alone
#define CLI_BUDGET_RULES "greedy|greedy-threshold|mes|mes-add1|mes-add1-greedy|phragmen"

//  Write results (vote.results.get's body) as an SVG chart to path, in
//  Danish or English; CLI_OK, or CLI_REFUSED with the error printed.
int cli_budget_chart (const char *path, const msgpack_object *results, bool english);

//  budget phase ID PHASE: closing and publishing ask first (--yes for
//  scripts), the other phases move at once (cli_budget_phase.c).
int cli_budget_phase (cli_t *cli, const cli_args_t *args);
int cli_budget_phase_print (cli_t *cli, const cli_args_t *args, const msgpack_object *body);

#endif
