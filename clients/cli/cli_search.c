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
      .meta = "association|company|institution|volunteer",
      .help = "only parties of this kind" },
    { .name = "area", .type = CLI_ID, .key = "area", .help = "only parties in this area" },
    { .name = "has", .key = "has", .meta = "TERM", .help = "only parties with this competence" },
    { .name = "needs",
      .key = "needs",
      .meta = "TERM",
      .help = "only parties needing this competence" },
    { .name = "serves",
      .key = "serves",
      .meta = "TERM",
      .help = "only parties serving this target group" },
    { .name = "language",
      .key = "language",
      .meta = "TERM",
      .help = "only parties speaking this language" },
    { .name = "target-group",
      .key = "target_group",
      .meta = "TERM",
      .help = "only parties serving it, or with an activity for it" },
    { .name = "archived", .type = CLI_FLAG, .key = "archived", .help = "archived parties too" },
    { .name = "limit", .type = CLI_ID, .key = "limit", .help = "at most N" },
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
