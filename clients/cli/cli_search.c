/*  cli_search.c: samskab search TEXT, Danish full-text search over the
    registry. */
#include <czmq.h>

#include "cli.h"

static const char *s_columns[] = { "id", "kind", "name", "matched", NULL };

static const cli_opt_t s_args[] = {
    { .name = "TEXT", .type = CLI_WORDS, .key = "text", .required = true, .help = "a text" }, { 0 }
};
static const cli_opt_t s_opts[] = {
    { .name = "kind",
      .key = "kind",
      .choices = "association|company|institution|volunteer",
      .help = "only parties of this kind" },
    { .name = "area", .type = CLI_ID, .key = "area", .help = "only parties in this area" },
    { .name = "has",
      .type = CLI_TERMS,
      .key = "has",
      .help = "only parties with these competences (all of them)" },
    { .name = "needs",
      .type = CLI_TERMS,
      .key = "needs",
      .help = "only parties needing these competences (all of them)" },
    { .name = "serves",
      .type = CLI_TERMS,
      .key = "serves",
      .help = "only parties serving these target groups (all of them)" },
    { .name = "speaks",
      .type = CLI_TERMS,
      .meta = "CODE,CODE",
      .key = "language",
      .help = "only parties speaking these languages (all of them); language code, e.g. da" },
    { .name = "target-group",
      .type = CLI_TERMS,
      .key = "target_group",
      .help = "only parties serving each, or with an activity for it" },
    { .name = "archived", .type = CLI_FLAG, .key = "archived", .help = "archived parties too" },
    { .name = "limit",
      .type = CLI_ID,
      .meta = "N",
      .key = "limit",
      .min = 1,
      .max = 100,
      .help = "at most N (default 20)" },
    { 0 }
};

const cli_command_t cli_search_commands[] = {
    { .noun = "search",
      .verb = "",
      .run = cli_run_op,
      .op = "registry.party.search",
      .columns = s_columns,
      .args = s_args,
      .opts = s_opts,
      .help = "Danish full-text search over names, descriptions, activities and visit notes" },
    { 0 }
};
