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
//  Call op of the vote service with {process: id} into reply (released
//  when the call fails); a CLI_ status (cli_budget_phase.c).
int cli_budget_process_call (cli_t *cli, int64_t id, const char *op, sk_frame_t *reply);
int cli_budget_phase_print (cli_t *cli, const cli_args_t *args, const msgpack_object *body);
//  budget archive ID: asks first, as closing does (--yes for scripts).
int cli_budget_archive (cli_t *cli, const cli_args_t *args);

//  budget paper | paper-confirm: --projects by code (p3, P3) or id, the
//  codes turned into ids for the command's op (cli_budget_paper.c).
int cli_budget_paper (cli_t *cli, const cli_args_t *args);
//  Call op with the command line's options, its --projects given by code
//  or id sent as ids, after the nextra key/value pairs packed in extra.
int cli_budget_call_projects (cli_t *cli, const cli_args_t *args, const char *op,
                              const sk_pack_t *extra, int nextra);
//  budget receipt | ballots | papers: projects by code, not internal id.
int cli_budget_print_receipt (cli_t *cli, const cli_args_t *args, const msgpack_object *body);
int cli_budget_print_ballots (cli_t *cli, const cli_args_t *args, const msgpack_object *body);
int cli_budget_print_papers (cli_t *cli, const cli_args_t *args, const msgpack_object *body);
//  budget late-count: who opened it by name.
int cli_budget_print_late (cli_t *cli, const cli_args_t *args, const msgpack_object *body);
//  map[key], a certificate holder's name, into buf, or "a staff certificate
//  without a name" when it is empty.
const char *cli_budget_holder (const msgpack_object *map, const char *key, char *buf, size_t size);

#endif
