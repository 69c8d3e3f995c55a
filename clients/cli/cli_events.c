/*  cli_events.c: samskab events tail, the events of the services in order. */
#include <czmq.h>

#include "cli.h"

//  True if notify is configured and answers: its log holds every source's
//  events (and external systems'), so events tail reads it by default.
static bool
s_notify_runs (cli_t *cli)
{
    if (!sk_config_get (cli->config, "notify/endpoint", NULL))
        return false;
    sk_client_t *client = cli_client (cli, "notify");
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
s_events_tail (cli_t *cli, const cli_args_t *args)
{
    const char *service = cli_arg (args, "service"), *topic = cli_arg (args, "topic");
    int64_t from = cli_arg_int (args, "from", 0);
    bool follow = cli_arg_yes (args, "follow");
    if (!topic)
        topic = "";
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

static const cli_opt_t s_tail_opts[] = {
    { .name = "service",
      .choices = "registry|vote|match|notify",
      .help = "read this service's events (default: notify's log when notify runs, else the "
              "registry's)" },
    { .name = "from",
      .type = CLI_INT,
      .meta = "SEQ",
      .min = 0,
      .max = INT64_MAX,
      .help = "the events after this seq" },
    { .name = "topic", .meta = "PREFIX", .help = "only topics that start with PREFIX" },
    { .name = "follow", .type = CLI_FLAG, .help = "keep printing new events until interrupted" },
    { 0 }
};

const cli_command_t cli_events_commands[] = {
    { .noun = "events",
      .verb = "tail",
      .run = s_events_tail,
      .opts = s_tail_opts,
      .help = "the events after SEQ, in order: notify's log of every source when notify runs, "
              "else one service's" },
    { 0 }
};
