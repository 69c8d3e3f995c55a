/*  samskab: the admin client. Subcommands, each a row of a command table
    (cli.h) that declares its arguments and options once.

    Exit status: 0 done, 1 a service refused (or none answered), 2 a usage
    error (the command line, or a file named on it that cannot be read).
*/
#include <czmq.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "cli.h"
#include "sk_log.h"

//  --help, -h, or the word help in the noun or verb slot
static bool
s_is_help (const char *arg)
{
    return streq (arg, "--help") || streq (arg, "-h") || streq (arg, "help");
}

static bool
s_noun_known (const char *noun)
{
    for (int t = 0; cli_tables[t]; t++)
        for (const cli_command_t *c = cli_tables[t]; c->noun; c++)
            if (streq (c->noun, noun))
                return true;
    return false;
}

//  The command of noun and verb; verb NULL finds a noun-alone command.
static const cli_command_t *
s_command (const char *noun, const char *verb)
{
    for (int t = 0; cli_tables[t]; t++)
        for (const cli_command_t *c = cli_tables[t]; c->noun; c++)
            if (streq (c->noun, noun) && (verb ? streq (c->verb, verb) : !*c->verb))
                return c;
    return NULL;
}

//  The command line up to the command: global options go to globals,
//  then the noun and the verb. On return *i is the first word after the
//  command. CLI_OK with *command set, 0 with *command NULL and help to
//  print, or CLI_USAGE printed.
static int
s_find_command (int argc, char **argv, int *i, const char **globals, int *nglobals,
                const char **noun, const cli_command_t **command, bool *help)
{
    for (; *i < argc && !*command; ++*i) {
        const char *a = argv[*i];
        if (s_is_help (a)) {
            *help = true;
            continue;
        }
        if (!strncmp (a, "--", 2)) {
            const char *name = a + 2;
            size_t len = strcspn (name, "=");
            const cli_opt_t *g = cli_global_opts;
            while (g->name && (strlen (g->name) != len || strncmp (g->name, name, len)))
                g++;
            if (!g->name)
                return cli_usage_error (*noun, NULL, "unknown option \"%s\"", a);
            globals[(*nglobals)++] = a;
            if (g->type != CLI_FLAG && !name[len] && *i + 1 < argc)
                globals[(*nglobals)++] = argv[++*i];
            continue;
        }
        if (!*noun) {
            *noun = a;
            if (!s_noun_known (a))
                return cli_usage_error (NULL, NULL, "unknown command \"%s\"", a);
            *command = s_command (a, NULL);
        } else if (!(*command = s_command (*noun, a)))
            return cli_usage_error (*noun, NULL, "unknown command \"%s %s\"", *noun, a);
    }
    return CLI_OK;
}

//  The text of a file that parses as ZPL: read here first, because czmq's
//  zconfig_load prints a parse error on stdout and leaks its zfile then;
//  zconfig_str_load (stdout closed while it runs) does neither.
static bool
s_config_parses (const char *path)
{
    FILE *file = fopen (path, "rb");
    if (!file)
        return false;
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream (&text, &size);
    char buf[4096];
    for (size_t n; (n = fread (buf, 1, sizeof buf, file)) > 0;)
        fwrite (buf, 1, n, mem);
    fclose (file);
    fclose (mem);
    fflush (stdout);
    int saved = dup (STDOUT_FILENO), null = open ("/dev/null", O_WRONLY);
    if (null >= 0)
        dup2 (null, STDOUT_FILENO);
    zconfig_t *config = zconfig_str_load (text);
    fflush (stdout);
    if (saved >= 0) {
        dup2 (saved, STDOUT_FILENO);
        close (saved);
    }
    if (null >= 0)
        close (null);
    bool parses = config != NULL;
    zconfig_destroy (&config);
    free (text);
    return parses;
}

//  The configuration file, with the CLI's own messages, not log lines.
//  NULL with the error printed.
static sk_config_t *
s_config (const char *path)
{
    if (!path || !*path) {
        fprintf (stderr, "samskab: no configuration file\n"
                         "HINT: set SAMSKAB_CONFIG to the stack's samskab.cfg (make run prints "
                         "it), or give --config FILE\n");
        return NULL;
    }
    if (access (path, R_OK) != 0) {
        fprintf (stderr,
                 "samskab: could not open configuration file \"%s\": %s\n"
                 "HINT: SAMSKAB_CONFIG or --config names the stack's samskab.cfg\n",
                 path, strerror (errno));
        return NULL;
    }
    struct stat st;
    if (stat (path, &st) == 0 && S_ISDIR (st.st_mode)) {
        fprintf (stderr,
                 "samskab: could not read configuration file \"%s\": is a directory\n"
                 "HINT: SAMSKAB_CONFIG or --config names the stack's samskab.cfg\n",
                 path);
        return NULL;
    }
    sk_config_t *config = s_config_parses (path) ? sk_config_new (path) : NULL;
    if (!config)
        fprintf (stderr, "samskab: could not parse configuration file \"%s\"\n", path);
    return config;
}

//  A municipality: four digits (a kommunekode), or "*" for all
static bool
s_tenant_valid (const char *t)
{
    if (streq (t, "*"))
        return true;
    for (int i = 0; i < 4; i++)
        if (!isdigit ((unsigned char)t[i]))
            return false;
    return t[4] == 0;
}

//  Apply the global options to cli and read the configuration.
static int
s_setup (cli_t *cli, const cli_args_t *args)
{
    cli->json = cli_arg_yes (args, "json");
    cli->timeout = (int)cli_arg_int (args, "timeout", 3000);
    cli->retries = (int)cli_arg_int (args, "retries", 2);
    const char *tenant = cli_arg (args, "tenant");
    if (tenant && !s_tenant_valid (tenant))
        return cli_usage_error (args->noun, args->verb,
                                "option \"--tenant\" takes a kommunekode of 4 digits or \"*\", "
                                "not \"%s\"",
                                tenant);
    if (args->command->offline)
        return CLI_OK;
    const char *config_path = cli_arg (args, "config");
    cli->config = s_config (config_path ? config_path : getenv ("SAMSKAB_CONFIG"));
    if (!cli->config)
        return CLI_USAGE;
    cli->tenant = tenant ? tenant : sk_config_get (cli->config, "cli/tenant", NULL);
    if (!cli->tenant)
        return cli_usage_error (NULL, NULL,
                                "no municipality: give --tenant KODE or set cli/tenant");
    return CLI_OK;
}

int
main (int argc, char **argv)
{
    sk_log_init ("samskab", SK_WARNING);
    //  Every time a person reads is Danish local time (cli_local_time)
    setenv ("TZ", "Europe/Copenhagen", 1);
    tzset ();
    zsys_init ();
    zsys_set_logstream (NULL);
    cli_party_init ();
    const char **words = (const char **)malloc (sizeof (char *) * (size_t)(argc + 1));
    int nwords = 0, i = 1;
    const char *noun = NULL;
    const cli_command_t *command = NULL;
    bool help = false;
    //  --version before a command (after one it is a party's version)
    for (int k = 1; k < argc && !s_noun_known (argv[k]); k++)
        if (streq (argv[k], "--version")) {
            printf ("samskab %s\n", SAMSKAB_VERSION);
            free (words);
            return CLI_OK;
        }
    int rc = s_find_command (argc, argv, &i, words, &nwords, &noun, &command, &help);
    for (int k = i; rc == CLI_OK && k < argc && !streq (argv[k], "--"); k++)
        help |= streq (argv[k], "--help") || streq (argv[k], "-h");
    if (rc != CLI_OK)
        ;
    else if (help && command)
        cli_help_command (stdout, command);
    else if (help && noun)
        cli_help_noun (stdout, noun);
    else if (help)
        cli_help_all (stdout);
    else if (!noun) {
        cli_help_all (stderr);
        rc = CLI_USAGE;
    } else if (!command) {
        cli_help_noun (stderr, noun);
        rc = CLI_USAGE;
    }
    cli_t cli = { .timeout = 3000, .retries = 2 };
    if (rc == CLI_OK && !help) {
        while (i < argc)
            words[nwords++] = argv[i++];
        cli_args_t *args = (cli_args_t *)malloc (sizeof *args);
        rc = cli_args_parse (args, command, noun, *command->verb ? command->verb : NULL, nwords,
                             (char **)words);
        cli.args = args;
        if (rc == CLI_OK)
            rc = s_setup (&cli, args);
        if (rc == CLI_OK)
            rc = command->run (&cli, args);
        free (args);
    }
    sk_config_destroy (&cli.config);
    free (words);
    return rc;
}
