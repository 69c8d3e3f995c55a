/*  cli_reference.c: the municipality's reference data: the terms parties
    declare with, its areas, and the 98 municipalities. */
#include <czmq.h>

#include "cli.h"

static const cli_opt_t s_terms_list_opts[] = {
    { .name = "taxonomy",
      .key = "taxonomy",
      .choices = "competence|target_group|activity_type|language",
      .help = "only the terms of this taxonomy" },
    { 0 }
};
static const cli_opt_t s_terms_add_opts[] = {
    { .name = "taxonomy",
      .key = "taxonomy",
      .choices = "competence|target_group|activity_type|language",
      .help = "the taxonomy it belongs to" },
    { .name = "code", .key = "code", .help = "its code, e.g. accounting" },
    { .name = "parent", .key = "parent", .meta = "CODE", .help = "the broader term" },
    { .name = "da", .key = "label_da", .meta = "LABEL", .help = "its Danish label" },
    { .name = "en", .key = "label_en", .meta = "LABEL", .help = "its English label" },
    { 0 }
};
static const cli_opt_t s_area_add_args[] = {
    { .name = "NAME", .key = "name", .required = true, .help = "the area's name" }, { 0 }
};

static const char *s_term_columns[] = {
    "taxonomy", "code", "parent", "label_da", "label_en", NULL
};
static const char *s_area_columns[] = { "id", "municipality", "name", NULL };
static const char *s_municipality_columns[] = { "code", "name", NULL };

const cli_command_t cli_reference_commands[] = { { .noun = "terms",
                                                   .verb = "list",
                                                   .run = cli_run_op,
                                                   .op = "registry.term.list",
                                                   .columns = s_term_columns,
                                                   .opts = s_terms_list_opts,
                                                   .help = "the terms parties declare with" },
                                                 { .noun = "terms",
                                                   .verb = "add",
                                                   .run = cli_run_op,
                                                   .op = "registry.term.create",
                                                   .opts = s_terms_add_opts,
                                                   .help = "add a term (admin)" },
                                                 { .noun = "area",
                                                   .verb = "add",
                                                   .run = cli_run_op,
                                                   .op = "registry.area.create",
                                                   .args = s_area_add_args,
                                                   .help = "add an area of the municipality" },
                                                 { .noun = "area",
                                                   .verb = "list",
                                                   .run = cli_run_op,
                                                   .op = "registry.area.list",
                                                   .columns = s_area_columns,
                                                   .help = "the areas of the municipality" },
                                                 { .noun = "municipality",
                                                   .verb = "list",
                                                   .run = cli_run_op,
                                                   .op = "registry.municipality.list",
                                                   .columns = s_municipality_columns,
                                                   .help = "the 98 municipalities" },
                                                 { 0 } };
