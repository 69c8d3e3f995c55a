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

//  "samskab person erase ID" says whom it erases and asks for the id
//  again before it erases (one mistyped id must not erase the wrong person
//  silently); --yes for scripts (cli_confirm_run).
static int
s_erase_describe (cli_t *cli, const cli_args_t *args)
{
    const char *id = cli_arg (args, "PARTY_ID");
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "id", strtoll (id, NULL, 10));
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", "registry.person.export", &body, &reply);
    sk_pack_release (&body);
    if (rc != CLI_OK) {
        sk_frame_release (&reply);
        return rc;
    }
    const msgpack_object *reply_body = cli_body (&reply);
    const msgpack_object *party = sk_obj_get (reply_body, "party");
    char kind[32], name[256], contact[256], email[256];
    cli_get_str (reply_body, "kind", kind, sizeof kind);
    cli_get_str (party, "name", name, sizeof name);
    cli_get_str (party, "contact_name", contact, sizeof contact);
    cli_get_str (party, "email", email, sizeof email);
    sk_frame_release (&reply);
    if (streq (kind, "volunteer"))
        fprintf (stderr, "This erases volunteer %s, %s%s%s%s, everywhere.\n", id, name,
                 *email ? " <" : "", email, *email ? ">" : "");
    else
        fprintf (stderr, "This erases the contact person %s%s%s%s of %s %s \"%s\" everywhere.\n",
                 *contact ? contact : "(no name)", *email ? " <" : "", email, *email ? ">" : "",
                 kind, id, name);
    return CLI_OK;
}

static int
s_erase (cli_t *cli, const cli_args_t *args)
{
    static const cli_confirm_t step = { .id_arg = "PARTY_ID",
                                        .act = "erase",
                                        .not_done = "nothing was erased",
                                        .describe = s_erase_describe };
    return cli_confirm_run (cli, args, &step);
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
      .run = s_erase,
      .op = "registry.person.erase",
      .print = s_print_person,
      .args = s_args,
      .opts = cli_confirm_opts,
      .help = "erase a volunteer or contact person everywhere in the registry; emits "
              "registry.person.erased" },
    { 0 }
};
