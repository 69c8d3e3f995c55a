/*  cli_overview.c: change history, advisors, stories and personal data. */
#include <czmq.h>

#include "cli_extra.h"

//  "samskab KIND history ID": who changed what and when
static int
s_history (cli_t *cli, const char *noun, int argc, char **argv)
{
    int64_t id;
    if (argc != 2)
        return cli_usage_error (noun, "history", "%s history takes one id", noun);
    if (cli_id_arg (noun, "history", argv[1], &id))
        return CLI_USAGE;
    static const char *columns[] = { "at", "action", "version", "role", "op",
                                     "changes", NULL };
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kint (&body, "id", id);
    sk_pack_kint (&body, "limit", 1000);
    char op[64];
    snprintf (op, sizeof op, "%s.history", noun);
    int rc = cli_registry_print (cli, op, &body, "items", columns);
    sk_pack_release (&body);
    return rc;
}

const cli_command_t cli_overview_commands[] = {
    { "association", "history", s_history, "ID", "who changed the association, what and when" },
    { "company", "history", s_history, "ID", "who changed the company, what and when" },
    { "institution", "history", s_history, "ID", "who changed the institution, what and when" },
    { "volunteer", "history", s_history, "ID",
      "who changed the volunteer and when (personal fields show as changed, without values)" },
    { NULL, NULL, NULL, NULL, NULL, false }
};
