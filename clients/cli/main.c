/*  samskab: the admin client. Subcommands, each a row of a command table. */
#include <czmq.h>
#include <stdarg.h>

#include "cli.h"
#include "sk_log.h"

int
cli_call (cli_t *cli, const char *service, const char *op, const sk_pack_t *body, sk_frame_t *reply)
{
    sk_error_t err = { 0 };
    sk_client_t *client = sk_client_from_config (cli->config, service, "cli/cert");
    if (!client) {
        msgpack_unpacked_init (&reply->unpacked);
        return CLI_REFUSED;
    }
    sk_client_set_timeout (client, cli->timeout, cli->retries);
    int rc = sk_client_call (client, op, cli->tenant, body, NULL, reply, &err);
    sk_client_destroy (&client);
    if (rc == 0 && sk_reply_error (reply, &err) == 0)
        return CLI_OK;
    if (err.field[0])
        fprintf (stderr, "samskab: %s: %s (field \"%s\")\n", err.code, err.message, err.field);
    else
        fprintf (stderr, "samskab: %s: %s\n", err.code, err.message);
    if (rc)
        fprintf (stderr, "HINT: is samskab-%s running? (make run starts it)\n", service);
    return CLI_REFUSED;
}

const msgpack_object *
cli_body (const sk_frame_t *reply)
{
    return sk_obj_get (&reply->root, "body");
}

const char *
cli_option (int argc, char **argv, int *i, const char *name)
{
    const char *arg = argv[*i];
    size_t len = strlen (name);
    if (strncmp (arg, "--", 2) || strncmp (arg + 2, name, len))
        return NULL;
    if (arg[2 + len] == '=')
        return arg + 3 + len;
    if (arg[2 + len] || *i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

bool
cli_is_help (const char *arg)
{
    return streq (arg, "--help") || streq (arg, "-h") || streq (arg, "help");
}

int
cli_usage_error (const char *noun, const char *verb, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    fprintf (stderr, "samskab: ");
    vfprintf (stderr, format, args);
    fprintf (stderr, "\nHINT: see samskab %s%s%s --help\n", noun ? noun : "", verb ? " " : "",
             verb ? verb : "");
    va_end (args);
    return CLI_USAGE;
}

static const cli_command_t *s_tables[] = {
    cli_party_commands,    cli_misc_commands,   cli_match_commands,    cli_visit_commands,
    cli_overview_commands, cli_budget_commands, cli_notify_commands,   cli_import_commands,
    cli_advice_commands,   cli_export_commands, cli_matchsvc_commands, NULL
};

static void
s_help (FILE *out, const char *noun)
{
    if (!noun)
        fprintf (out, "samskab: the admin client of samskab, the municipal system for working\n"
                      "with associations, companies, institutions and volunteers.\n\n"
                      "usage: samskab [OPTIONS] NOUN VERB [ARGS]\n\n"
                      "options:\n"
                      "  --config FILE     configuration (default $SAMSKAB_CONFIG)\n"
                      "  --tenant KODE     act for this municipality (default cli/tenant)\n"
                      "  --json            print JSON instead of tables\n"
                      "  --timeout MS      wait per attempt (default 3000)\n"
                      "  --retries N       attempts after the first (default 2)\n\n"
                      "commands:\n");
    for (int t = 0; s_tables[t]; t++)
        for (const cli_command_t *c = s_tables[t]; c->noun; c++)
            if (!noun || streq (noun, c->noun))
                fprintf (out, "  samskab %s %s %s\n      %s\n", c->noun, c->verb, c->args, c->help);
}

int
main (int argc, char **argv)
{
    sk_log_init ("samskab", SK_WARNING);
    zsys_init ();
    zsys_set_logstream (NULL);
    const char *config_path = getenv ("SAMSKAB_CONFIG"), *tenant = NULL;
    cli_t cli = { .timeout = 3000, .retries = 2 };
    int i = 1;
    for (; i < argc && !strncmp (argv[i], "--", 2); i++) {
        const char *v;
        if (cli_is_help (argv[i])) {
            s_help (stdout, NULL);
            return CLI_OK;
        } else if (streq (argv[i], "--json"))
            cli.json = true;
        else if ((v = cli_option (argc, argv, &i, "config")))
            config_path = v;
        else if ((v = cli_option (argc, argv, &i, "tenant")))
            tenant = v;
        else if ((v = cli_option (argc, argv, &i, "timeout")))
            cli.timeout = atoi (v) > 0 ? atoi (v) : 3000;
        else if ((v = cli_option (argc, argv, &i, "retries")))
            cli.retries = atoi (v) >= 0 ? atoi (v) : 2;
        else
            return cli_usage_error (NULL, NULL, "unknown option \"%s\"", argv[i]);
    }
    if (i >= argc) {
        s_help (stderr, NULL);
        return CLI_USAGE;
    }
    const char *noun = argv[i++];
    const char *verb = i < argc ? argv[i] : NULL;
    const cli_command_t *command = NULL;
    bool noun_known = false;
    for (int t = 0; s_tables[t] && !command; t++)
        for (const cli_command_t *c = s_tables[t]; c->noun && !command; c++)
            if (streq (c->noun, noun)) {
                noun_known = true;
                if (verb && (streq (c->verb, verb) || !*c->verb)) //  "" takes any word
                    command = c;
            }
    if (!noun_known)
        return cli_usage_error (NULL, NULL, "unknown command \"%s\"", noun);
    if (!verb || cli_is_help (verb)) {
        s_help (verb ? stdout : stderr, noun);
        return verb ? CLI_OK : CLI_USAGE;
    }
    if (!command)
        return cli_usage_error (noun, NULL, "unknown command \"%s %s\"", noun, verb);
    for (int k = i + 1; k < argc; k++)
        if (cli_is_help (argv[k])) {
            printf ("usage: samskab %s %s %s\n%s\n", noun, verb, command->args, command->help);
            cli_party_help (noun, verb);
            return CLI_OK;
        }
    if (command->offline)
        return command->fn (&cli, noun, argc - i, argv + i);
    cli.config = sk_config_new (config_path);
    if (!cli.config)
        return CLI_USAGE;
    cli.tenant = tenant ? tenant : sk_config_get (cli.config, "cli/tenant", NULL);
    if (!cli.tenant) {
        sk_config_destroy (&cli.config);
        return cli_usage_error (NULL, NULL,
                                "no municipality: give --tenant KODE or set cli/tenant");
    }
    int rc = command->fn (&cli, noun, argc - i, argv + i);
    sk_config_destroy (&cli.config);
    return rc;
}
