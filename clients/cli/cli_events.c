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

//  One event, as a line of JSON or of text.
static void
s_print_event (cli_t *cli, const msgpack_object *e)
{
    if (cli->json)
        cli_print_json (stdout, e);
    else {
        char seq[24], ts[40], tenant[8], t[96], name[128] = "";
        cli_format (sk_obj_get (e, "seq"), seq, sizeof seq);
        char utc[40];
        cli_format (sk_obj_get (e, "ts"), utc, sizeof utc);
        cli_local_time (utc, ts, sizeof ts);
        cli_format (sk_obj_get (e, "tenant"), tenant, sizeof tenant);
        cli_format (sk_obj_get (e, "topic"), t, sizeof t);
        cli_format (sk_obj_get (sk_obj_get (e, "body"), "name"), name, sizeof name);
        printf ("%6s  %s  %s  %-32s %s", seq, ts, tenant, t, name);
    }
    putchar ('\n');
}

#define S_PAGE       500
#define S_MAX_TOPICS 32

//  A page of events after from whose topic starts with prefix, in
//  *events (NULL when refused); reply holds them.
static int
s_page (cli_t *cli, const char *service, const char *prefix, size_t len, int64_t from,
        sk_frame_t *reply, const msgpack_object **events)
{
    char op[80];
    snprintf (op, sizeof op, "%s.event.list", service);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 3);
    sk_pack_kint (&body, "after", from);
    sk_pack_kint (&body, "limit", S_PAGE);
    sk_pack_str (&body, "topic");
    sk_pack_strn (&body, prefix, len);
    int rc = cli_call (cli, service, op, &body, reply);
    sk_pack_release (&body);
    *events = rc == CLI_OK ? sk_obj_get (cli_body (reply), "events") : NULL;
    if (*events && (*events)->type != MSGPACK_OBJECT_ARRAY)
        *events = NULL;
    return rc;
}

static int64_t
s_seq (const msgpack_object *e)
{
    int64_t seq = 0;
    sk_obj_int (sk_obj_get (e, "seq"), &seq);
    return seq;
}

//  Print events after --from, pulling SERVICE.event.list (notify's log
//  when notify runs, else the registry's outbox); with --follow, keep
//  polling for new ones until interrupted. The op takes one topic prefix:
//  with several, each is read a page at a time and the pages are merged
//  by seq, up to the end of the shortest full page (an event two prefixes
//  match is printed once).
static int
s_events_tail (cli_t *cli, const cli_args_t *args)
{
    const char *service = cli_arg (args, "service");
    int64_t from = cli_arg_int (args, "from", 0);
    bool follow = cli_arg_yes (args, "follow");
    const char *prefix[S_MAX_TOPICS] = { "" };
    size_t len[S_MAX_TOPICS] = { 0 };
    int ntopics = 0;
    const char *values[S_MAX_TOPICS];
    int nvalues = cli_arg_all (args, "topic", values, S_MAX_TOPICS);
    for (int v = 0; v < nvalues; v++)
        for (const char *c = values[v]; *c;) {
            size_t n = strcspn (c, ",");
            if (n && ntopics == S_MAX_TOPICS)
                return cli_usage_error (args->noun, args->verb,
                                        "option \"--topic\" takes at most %d prefixes",
                                        S_MAX_TOPICS);
            if (n) {
                prefix[ntopics] = c;
                len[ntopics++] = n;
            }
            c += n + (c[n] == ',');
        }
    if (ntopics == 0)
        ntopics = 1; //  every topic: the prefix ""
    if (!service)
        service = s_notify_runs (cli) ? "notify" : "registry";
    int rc = CLI_OK;
    while (rc == CLI_OK && !zsys_interrupted) {
        sk_frame_t reply[S_MAX_TOPICS];
        const msgpack_object *events[S_MAX_TOPICS];
        uint32_t next[S_MAX_TOPICS] = { 0 };
        int64_t upto = INT64_MAX;
        bool more = false;
        int got = 0;
        for (; got < ntopics && rc == CLI_OK; got++) {
            rc = s_page (cli, service, prefix[got], len[got], from, &reply[got], &events[got]);
            uint32_t count = events[got] ? events[got]->via.array.size : 0;
            if (count == S_PAGE) {
                more = true;
                int64_t last = s_seq (&events[got]->via.array.ptr[count - 1]);
                upto = last < upto ? last : upto;
            }
        }
        while (rc == CLI_OK) {
            //  The head with the least seq, up to upto
            int best = -1;
            int64_t seq = 0;
            for (int t = 0; t < ntopics; t++) {
                if (!events[t] || next[t] >= events[t]->via.array.size)
                    continue;
                int64_t s = s_seq (&events[t]->via.array.ptr[next[t]]);
                if (s <= upto && (best < 0 || s < seq)) {
                    best = t;
                    seq = s;
                }
            }
            if (best < 0)
                break;
            if (seq > from) {
                s_print_event (cli, &events[best]->via.array.ptr[next[best]]);
                from = seq;
            }
            next[best]++;
        }
        fflush (stdout);
        for (int t = 0; t < got; t++)
            sk_frame_release (&reply[t]);
        if (more)
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
    { .name = "topic",
      .type = CLI_LIST,
      .meta = "PREFIX",
      .help = "only topics that start with one of these prefixes" },
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
