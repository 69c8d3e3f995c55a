/*  cli_confirm.c: asking before a step that cannot be undone (erasing a
    person, closing a vote, publishing results). */
#include <czmq.h>
#include <unistd.h>

#include "cli.h"

int
cli_confirm_run (cli_t *cli, const cli_args_t *args, const cli_confirm_t *step)
{
    if (cli_arg_yes (args, "yes"))
        return cli_run_op (cli, args);
    if (!isatty (STDIN_FILENO))
        return cli_usage_error (args->noun, args->verb,
                                "%s %s asks first (it cannot be undone), and there is no "
                                "terminal to ask on: give --yes to %s without asking",
                                args->noun, args->verb, step->act);
    int rc = step->describe (cli, args);
    if (rc != CLI_OK)
        return rc;
    const char *id = cli_arg (args, step->id_arg);
    fprintf (stderr, "It cannot be undone. Type the id (%s) to %s: ", id, step->act);
    char line[64] = "";
    if (!fgets (line, sizeof line, stdin))
        line[0] = 0;
    line[strcspn (line, "\r\n")] = 0;
    if (!streq (line, id)) {
        fprintf (stderr, "samskab: not confirmed: %s\n", step->not_done);
        return CLI_REFUSED;
    }
    return cli_run_op (cli, args);
}

const cli_opt_t cli_confirm_opts[] = {
    { .name = "yes", .type = CLI_FLAG, .help = "go ahead without asking (for scripts)" }, { 0 }
};
