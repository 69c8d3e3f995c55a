/*  cli_misc.c: terms, areas, municipalities, events and ping. */
#include <czmq.h>

#include "cli.h"

//  Send op with an optional packed body and print the reply's items.
static int
s_list (cli_t *cli, const char *service, const char *op, const sk_pack_t *body,
        const char *const *columns)
{
    sk_frame_t reply;
    int rc = cli_call (cli, service, op, body, &reply);
    if (rc == CLI_OK)
        cli_print_items (cli, sk_obj_get (cli_body (&reply), "items"), columns);
    sk_frame_release (&reply);
    return rc;
}

static int
s_terms_list (cli_t *cli, const char *noun, int argc, char **argv)
{
    sk_pack_t body;
    sk_pack_init (&body);
    const char *taxonomy = NULL;
    for (int i = 1; i < argc; i++)
        if (!(taxonomy = cli_option (argc, argv, &i, "taxonomy")))
            return cli_usage_error (noun, "list", "unknown option \"%s\"", argv[i]);
    sk_pack_map (&body, taxonomy ? 1 : 0);
    if (taxonomy)
        sk_pack_kstr (&body, "taxonomy", taxonomy);
    static const char *columns[] = { "taxonomy", "code", "parent", "label_da", "label_en", NULL };
    int rc = s_list (cli, "registry", "registry.term.list", &body, columns);
    sk_pack_release (&body);
    return rc;
}

static int
s_terms_add (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const char *names[] = { "taxonomy", "code", "parent", "da", "en", NULL };
    static const char *keys[] = { "taxonomy", "code", "parent", "label_da", "label_en" };
    const char *values[5] = { NULL };
    for (int i = 1; i < argc; i++) {
        int k = 0;
        const char *v = NULL;
        while (names[k] && !(v = cli_option (argc, argv, &i, names[k])))
            k++;
        if (!names[k])
            return cli_usage_error (noun, "add", "unknown option \"%s\"", argv[i]);
        values[k] = v;
    }
    sk_pack_t body;
    sk_pack_init (&body);
    int n = 0;
    for (int k = 0; k < 5; k++)
        n += values[k] != NULL;
    sk_pack_map (&body, (uint32_t)n);
    for (int k = 0; k < 5; k++)
        if (values[k])
            sk_pack_kstr (&body, keys[k], values[k]);
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", "registry.term.create", &body, &reply);
    if (rc == CLI_OK)
        cli_print_record (cli, cli_body (&reply));
    sk_frame_release (&reply);
    sk_pack_release (&body);
    return rc;
}

static int
s_area_add (cli_t *cli, const char *noun, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage_error (noun, "add", "area add takes one name");
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kstr (&body, "name", argv[1]);
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", "registry.area.create", &body, &reply);
    if (rc == CLI_OK)
        cli_print_record (cli, cli_body (&reply));
    sk_frame_release (&reply);
    sk_pack_release (&body);
    return rc;
}

static int
s_area_list (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cli_usage_error (noun, "list", "area list takes no arguments");
    static const char *columns[] = { "id", "municipality", "name", NULL };
    return s_list (cli, "registry", "registry.area.list", NULL, columns);
}

static int
s_municipality_list (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cli_usage_error (noun, "list", "municipality list takes no arguments");
    static const char *columns[] = { "code", "name", NULL };
    return s_list (cli, "registry", "registry.municipality.list", NULL, columns);
}

//  True if notify is configured and answers: its log holds every source's
//  events (and external systems'), so events tail reads it by default.
static bool
s_notify_runs (cli_t *cli)
{
    if (!sk_config_get (cli->config, "notify/endpoint", NULL))
        return false;
    sk_client_t *client = sk_client_from_config (cli->config, "notify", "cli/cert");
    if (!client)
        return false;
    sk_client_set_timeout (client, cli->timeout < 500 ? cli->timeout : 500, 0);
    sk_frame_t reply;
    sk_error_t err = { 0 };
    bool ok =
        sk_client_call (client, "notify.service.ping", cli->tenant, NULL, NULL, &reply, &err) == 0
        && sk_reply_error (&reply, &err) == 0;
    sk_frame_release (&reply);
    sk_client_destroy (&client);
    return ok;
}

//  Print events after --from, pulling SERVICE.event.list (notify's log
//  when notify runs, else the registry's outbox); with --follow, keep
//  polling for new ones until interrupted.
static int
s_events_tail (cli_t *cli, const char *noun, int argc, char **argv)
{
    const char *service = NULL, *topic = "", *v;
    int64_t from = 0;
    bool follow = false;
    for (int i = 1; i < argc; i++) {
        if ((v = cli_option (argc, argv, &i, "from")))
            from = atoll (v);
        else if ((v = cli_option (argc, argv, &i, "topic")))
            topic = v;
        else if ((v = cli_option (argc, argv, &i, "service")))
            service = v;
        else if (streq (argv[i], "--follow"))
            follow = true;
        else
            return cli_usage_error (noun, "tail", "unknown option \"%s\"", argv[i]);
    }
    if (!service)
        service = s_notify_runs (cli) ? "notify" : "registry";
    char op[80];
    snprintf (op, sizeof op, "%s.event.list", service);
    int rc = CLI_OK;
    while (rc == CLI_OK && !zsys_interrupted) {
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, 3);
        sk_pack_kint (&body, "after", from);
        sk_pack_kint (&body, "limit", 500);
        sk_pack_kstr (&body, "topic", topic);
        sk_frame_t reply;
        rc = cli_call (cli, service, op, &body, &reply);
        sk_pack_release (&body);
        uint32_t count = 0;
        if (rc == CLI_OK) {
            const msgpack_object *events = sk_obj_get (cli_body (&reply), "events");
            count = events && events->type == MSGPACK_OBJECT_ARRAY ? events->via.array.size : 0;
            for (uint32_t k = 0; k < count; k++) {
                const msgpack_object *e = &events->via.array.ptr[k];
                char seq[24], ts[40], tenant[8], t[96];
                cli_format (sk_obj_get (e, "seq"), seq, sizeof seq);
                cli_format (sk_obj_get (e, "ts"), ts, sizeof ts);
                cli_format (sk_obj_get (e, "tenant"), tenant, sizeof tenant);
                cli_format (sk_obj_get (e, "topic"), t, sizeof t);
                if (cli->json)
                    cli_print_json (stdout, e);
                else {
                    const msgpack_object *b = sk_obj_get (e, "body");
                    char name[128] = "";
                    cli_format (sk_obj_get (b, "name"), name, sizeof name);
                    printf ("%6s  %s  %s  %-32s %s", seq, ts, tenant, t, name);
                }
                putchar ('\n');
                int64_t s;
                if (sk_obj_int (sk_obj_get (e, "seq"), &s))
                    from = s;
            }
            fflush (stdout);
        }
        sk_frame_release (&reply);
        if (count == 500)
            continue;
        if (!follow)
            break;
        zclock_sleep (500);
    }
    return rc;
}

static int
s_ping (cli_t *cli, const char *noun, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage_error (noun, argv[0], "ping takes no arguments");
    char op[80];
    snprintf (op, sizeof op, "%s.service.ping", argv[0]);
    sk_frame_t reply;
    int rc = cli_call (cli, argv[0], op, NULL, &reply);
    if (rc == CLI_OK)
        cli_print_record (cli, cli_body (&reply));
    sk_frame_release (&reply);
    return rc;
}

const cli_command_t cli_misc_commands[] = {
    { "terms", "list", s_terms_list, "[--taxonomy competence|target_group|activity_type|language]",
      "the terms parties declare with" },
    { "terms", "add", s_terms_add, "--taxonomy T --code CODE [--parent CODE] --da LABEL --en LABEL",
      "add a term (admin)" },
    { "area", "add", s_area_add, "NAME", "add an area of the municipality" },
    { "area", "list", s_area_list, "", "the areas of the municipality" },
    { "municipality", "list", s_municipality_list, "", "the 98 municipalities" },
    { "events", "tail", s_events_tail, "[--service NAME] [--from SEQ] [--topic PREFIX] [--follow]",
      "the events after SEQ, in order: notify's log of every source when notify "
      "runs, else one service's" },
    { "ping", "registry", s_ping, "", "check that the registry service answers" },
    { "ping", "vote", s_ping, "", "check that the vote service answers" },
    { "ping", "match", s_ping, "", "check that the match service answers" },
    { "ping", "notify", s_ping, "", "check that the notify service answers" },
    { NULL, NULL, NULL, NULL, NULL }
};
