/*  cli_person.c: personal data: everything stored about a person, and
    erasing it. */
#include <czmq.h>

#include "cli.h"

//  "samskab person export ID", "samskab person erase ID"
static int
s_print_person (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    //  Everything stored about a person is for the person: always JSON
    if (streq (args->verb, "erase") && !cli->json)
        cli_print_record (cli, sk_obj_get (body, "erased"));
    else {
        cli_print_json (stdout, body);
        fputc ('\n', stdout);
    }
    return CLI_OK;
}

static const cli_opt_t s_args[] = { { .name = "PARTY_ID",
                                      .type = CLI_ID,
                                      .key = "id",
                                      .required = true,
                                      .help = "a volunteer's or an organisation's id" },
                                    { 0 } };

const cli_command_t cli_person_commands[] = {
    { .noun = "person",
      .verb = "export",
      .run = cli_run_op,
      .op = "registry.person.export",
      .print = s_print_person,
      .args = s_args,
      .help = "everything stored about a volunteer or an organisation's contact person (JSON)" },
    { .noun = "person",
      .verb = "erase",
      .run = cli_run_op,
      .op = "registry.person.erase",
      .print = s_print_person,
      .args = s_args,
      .help = "erase a volunteer or contact person everywhere in the registry; emits "
              "registry.person.erased" },
    { 0 }
};
