/*  cli_visit.c: outreach visits to associations, companies and
    institutions. */
#include <czmq.h>

#include "cli.h"

static const char *s_visit_columns[] = { "id",         "date",  "party",
                                         "party_name", "staff", "target_groups",
                                         "challenges", "ideas", NULL };

static const cli_opt_t s_add_args[] = { { .name = "PARTY_ID",
                                          .type = CLI_ID,
                                          .key = "party",
                                          .required = true,
                                          .help = "the id of the party visited" },
                                        { 0 } };
static const cli_opt_t s_add_opts[] = {
    { .name = "date",
      .type = CLI_DATE,
      .key = "date",
      .required = true,
      .help = "the day of the visit" },
    { .name = "staff", .key = "staff", .required = true, .meta = "NAME", .help = "who visited" },
    { .name = "activities", .key = "activities", .help = "what they do" },
    { .name = "target-groups",
      .type = CLI_LIST,
      .key = "target_groups",
      .meta = "TERM",
      .help = "whom they reach" },
    { .name = "challenges", .key = "challenges", .help = "what they struggle with" },
    { .name = "ideas", .key = "ideas", .help = "ideas that came up" },
    { .name = "offer", .key = "offer", .help = "what the municipality offered" },
    { 0 }
};
static const cli_opt_t s_list_opts[] = {
    { .name = "party", .type = CLI_ID, .key = "party", .help = "the visits of one party" },
    { .name = "text",
      .key = "text",
      .meta = "WORDS",
      .help = "visits whose notes match the words" },
    { .name = "from", .type = CLI_DATE, .key = "from", .help = "visits on or after this day" },
    { .name = "to", .type = CLI_DATE, .key = "to", .help = "visits on or before this day" },
    CLI_OPT_LIMIT (500, "at most N (default 50)"),
    CLI_AFTER_ID,
    { 0 }
};

const cli_command_t cli_visit_commands[] = {
    { .noun = "visit",
      .verb = "add",
      .run = cli_run_op,
      .op = "registry.visit.create",
      .args = s_add_args,
      .opts = s_add_opts,
      .help = "record an outreach visit to an association, company or institution" },
    { .noun = "visit",
      .verb = "list",
      .run = cli_run_op,
      .op = "registry.visit.list",
      .columns = s_visit_columns,
      .opts = s_list_opts,
      .help = "visit notes, optionally of one party or matching words" },
    { 0 }
};
