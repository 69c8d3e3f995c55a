/*  cli_call.c: calling a service and printing what it answers. */
#include <czmq.h>

#include "cli.h"

sk_client_t *
cli_client (cli_t *cli, const char *service)
{
    const char *endpoint, *files[2];
    if (sk_client_settings (cli->config, service, "cli/cert", &endpoint, &files[0], &files[1])) {
        fprintf (stderr,
                 "samskab: service %s is not configured\n"
                 "HINT: the configuration needs %s/connect, %s/public and cli/cert\n",
                 service, service, service);
        return NULL;
    }
    if (!sk_client_list_valid (endpoint)) {
        char key[80];
        snprintf (key, sizeof key, "%s/connect", service);
        if (!sk_config_get (cli->config, key, NULL))
            snprintf (key, sizeof key, "%s/endpoint", service);
        fprintf (stderr,
                 "samskab: invalid endpoint list \"%s\" for service %s (setting \"%s\")\n"
                 "HINT: separate the endpoints by single commas, as in "
                 "\"tcp://10.0.0.1:7101,tcp://10.0.0.2:7101\"\n",
                 endpoint, service, key);
        return NULL;
    }
    for (int k = 0; k < 2; k++)
        if (access (files[k], R_OK) != 0) {
            fprintf (stderr, "samskab: could not read certificate \"%s\": %s\n", files[k],
                     strerror (errno));
            return NULL;
        }
    return sk_client_new (service, endpoint, files[1], files[0]);
}

//  The command that sends op, or NULL.
static const cli_command_t *
s_command_of (const char *op, size_t len)
{
    for (int t = 0; cli_tables[t]; t++)
        for (const cli_command_t *c = cli_tables[t]; c->noun; c++)
            if (c->op && strlen (c->op) == len && memcmp (c->op, op, len) == 0)
                return c;
    return NULL;
}

//  A service's message in the CLI's words: an op it names ("only in a late
//  count (vote.paper.late)") as the command that sends it.
static void
s_print_message (const char *message)
{
    const char *s = message;
    while (*s) {
        size_t len = strspn (s, "abcdefghijklmnopqrstuvwxyz_.");
        while (len && s[len - 1] == '.')
            len--; //  a sentence's full stop
        const cli_command_t *c = memchr (s, '.', len) ? s_command_of (s, len) : NULL;
        if (c)
            fprintf (stderr, "samskab %s%s%s", c->noun, *c->verb ? " " : "", c->verb);
        else
            fwrite (s, 1, len ? len : 1, stderr);
        s += len ? len : 1;
        //  the rest of a word, so that an op is matched only whole
        while (len && (isalnum ((unsigned char)*s) || *s == '_' || *s == '.'))
            fputc (*s++, stderr);
    }
}

//  Whether field is what one of the command's arguments (not options)
//  sends, as a budget's ID sends "process".
static bool
s_argument_sends (const cli_args_t *args, const char *field)
{
    for (const cli_opt_t *o = args->command->args; o && o->name; o++)
        if (o->key && streq (o->key, field))
            return true;
    return false;
}

//  A refusal in PostgreSQL's style: the service's message once, then the
//  option it is about unless the message names it already. A field the
//  command's argument sends is left unsaid (the message names the budget
//  or party by its id); a field no option sends is named as a field.
static void
s_refused (const cli_t *cli, const sk_error_t *err)
{
    fputs ("samskab: ", stderr);
    s_print_message (err->message);
    size_t len = strcspn (err->field, "[.");
    char base[64], dashed[80];
    snprintf (base, sizeof base, "%.*s", (int)len, err->field);
    const cli_opt_t *opt = cli->args && *base ? cli_args_option (cli->args, base) : NULL;
    if (opt)
        snprintf (dashed, sizeof dashed, "--%s", opt->name);
    if (!*base || (cli->args && s_argument_sends (cli->args, base)))
        ;
    else if (opt && !strstr (err->message, dashed))
        fprintf (stderr, " (option \"%s\")", dashed);
    else if (!opt && !strstr (err->message, base))
        fprintf (stderr, " (field \"%s\")", err->field);
    fputc ('\n', stderr);
}

int
cli_call (cli_t *cli, const char *service, const char *op, const sk_pack_t *body, sk_frame_t *reply)
{
    sk_error_t err = { 0 };
    sk_client_t *client = cli_client (cli, service);
    if (!client) {
        msgpack_unpacked_init (&reply->unpacked);
        return CLI_USAGE;
    }
    sk_client_set_timeout (client, cli->timeout, cli->retries);
    int rc = sk_client_call (client, op, cli->tenant, body, NULL, reply, &err);
    sk_client_destroy (&client);
    if (rc == 0 && sk_reply_error (reply, &err) == 0)
        return CLI_OK;
    s_refused (cli, &err);
    if (rc)
        fprintf (stderr, "HINT: is samskab-%s running? (make run starts it)\n", service);
    return CLI_REFUSED;
}

const msgpack_object *
cli_body (const sk_frame_t *reply)
{
    return sk_obj_get (&reply->root, "body");
}

//  Call op with body, print the reply: with print, as items, or a record.
static int
s_call_print (cli_t *cli, const cli_args_t *args, const char *op, const sk_pack_t *body,
              const char *const *columns, cli_print_fn *print)
{
    char service[32];
    snprintf (service, sizeof service, "%.*s", (int)strcspn (op, "."), op);
    sk_frame_t reply;
    int rc = cli_call (cli, service, op, body, &reply);
    if (rc == CLI_OK && print)
        rc = print (cli, args, cli_body (&reply));
    else if (rc == CLI_OK && columns)
        cli_print_items (cli, sk_obj_get (cli_body (&reply), "items"), columns);
    else if (rc == CLI_OK)
        cli_print_record (cli, cli_body (&reply));
    sk_frame_release (&reply);
    return rc;
}

int
cli_call_print (cli_t *cli, const char *op, const sk_pack_t *body, const char *const *columns)
{
    return s_call_print (cli, NULL, op, body, columns, NULL);
}

int
cli_run_op (cli_t *cli, const cli_args_t *args)
{
    sk_pack_t body;
    sk_pack_init (&body);
    cli_args_pack (args, &body, NULL, 0);
    const cli_command_t *command = args->command;
    int rc = s_call_print (cli, args, command->op, &body, command->columns, command->print);
    sk_pack_release (&body);
    return rc;
}
