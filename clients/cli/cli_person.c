/*  cli_person.c: personal data: everything stored about a person, and
    erasing it. */
#include <czmq.h>

#include "cli.h"

//  "samskab person export ID", "samskab person erase ID"
static int
s_person (cli_t *cli, const cli_args_t *args)
{
    bool erase = streq (args->verb, "erase");
    sk_pack_t body;
    sk_pack_init (&body);
    cli_args_pack (args, &body, NULL, 0);
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", erase ? "registry.person.erase" : "registry.person.export",
                       &body, &reply);
    //  Everything stored about a person is for the person: always JSON
    if (rc == CLI_OK && (erase && !cli->json))
        cli_print_record (cli, sk_obj_get (cli_body (&reply), "erased"));
    else if (rc == CLI_OK) {
        cli_print_json (stdout, cli_body (&reply));
        fputc ('\n', stdout);
    }
    sk_frame_release (&reply);
    sk_pack_release (&body);
    return rc;
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
      .run = s_person,
      .args = s_args,
      .help = "everything stored about a volunteer or an organisation's contact person (JSON)" },
    { .noun = "person",
      .verb = "erase",
      .run = s_person,
      .args = s_args,
      .help = "erase a volunteer or contact person everywhere in the registry; emits "
              "registry.person.erased" },
    { 0 }
};
