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
    CLI_PARTY_FILTERS,
    { .name = "archived", .type = CLI_FLAG, .key = "archived", .help = "archived parties too" },
    CLI_OPT_LIMIT (100, "at most N (default 20)"),
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
      .help =
          "Danish full-text search over names, descriptions, activities, terms and visit notes" },
    { 0 }
};
