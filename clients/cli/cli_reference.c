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

//  The terms each under its own heading, activity types apart from the
//  competences: what each is for, and the import column that takes it.
static int
s_print_terms (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    (void)args;
    static const char *columns[] = { "code", "parent", "label_da", "label_en", NULL };
    static const struct {
        const char *taxonomy, *heading;
    } groups[] = {
        { "competence", "Competences: what a party has or needs (columns has, needs)" },
        { "target_group", "Target groups: whom a party serves (column serves)" },
        { "activity_type", "Activity types: what a party does (column activities)" },
        { "language", "Languages: what a party speaks (column speaks)" },
    };
    const msgpack_object *items = sk_obj_get (body, "items");
    if (cli_print_if_json (cli, items) || !items || items->type != MSGPACK_OBJECT_ARRAY)
        return CLI_OK;
    bool first = true;
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        //  The reply is in taxonomy order: each group is one run of items
        uint32_t start = 0, count = 0;
        char taxonomy[32];
        while (start < items->via.array.size
               && !streq (cli_get_str (&items->via.array.ptr[start], "taxonomy", taxonomy,
                                       sizeof taxonomy),
                          groups[g].taxonomy))
            start++;
        while (start + count < items->via.array.size
               && streq (cli_get_str (&items->via.array.ptr[start + count], "taxonomy", taxonomy,
                                      sizeof taxonomy),
                         groups[g].taxonomy))
            count++;
        if (!count)
            continue;
        msgpack_object run = { .type = MSGPACK_OBJECT_ARRAY };
        run.via.array.size = count;
        run.via.array.ptr = items->via.array.ptr + start;
        printf ("%s%s\n", first ? "" : "\n", groups[g].heading);
        cli_print_items (cli, &run, columns);
        first = false;
    }
    return CLI_OK;
}
static const char *s_area_columns[] = { "id", "municipality", "name", NULL };
static const char *s_municipality_columns[] = { "code", "name", NULL };

const cli_command_t cli_reference_commands[] = { { .noun = "terms",
                                                   .verb = "list",
                                                   .run = cli_run_op,
                                                   .op = "registry.term.list",
                                                   .print = s_print_terms,
                                                   .opts = s_terms_list_opts,
                                                   .help = "the terms parties declare with, "
                                                           "each taxonomy under its heading" },
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
