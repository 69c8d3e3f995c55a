/*  cli_notify.c: subscriptions, preferences, the inbox and the delivery
    outbox of the notify service. */
#include <czmq.h>

#include "cli.h"

//  Call a notify op with body and print the items of the reply as columns,
//  or the reply as a record when columns is NULL.
static int
s_notify (cli_t *cli, const char *op, const sk_pack_t *body, const char *const *columns)
{
    sk_frame_t reply;
    int rc = cli_call (cli, "notify", op, body, &reply);
    if (rc == CLI_OK && columns)
        cli_print_items (cli, sk_obj_get (cli_body (&reply), "items"), columns);
    else if (rc == CLI_OK)
        cli_print_record (cli, cli_body (&reply));
    sk_frame_release (&reply);
    return rc;
}

//  A positive whole number argument; 0 if it is not one.
static int64_t
s_id (const char *s)
{
    char *end;
    long long v = strtoll (s, &end, 10);
    return *s && !*end && v > 0 ? v : 0;
}

//  Options named in names, values into values; CLI_OK or a usage error.
//  A name ending in '?' is a flag (value "yes" when given).
static int
s_options (const char *noun, const char *verb, int argc, char **argv, const char *const *names,
           const char **values)
{
    for (int i = 1; i < argc; i++) {
        int k = 0;
        const char *v = NULL;
        for (; names[k]; k++) {
            size_t len = strlen (names[k]);
            if (names[k][len - 1] == '?') {
                if (!strncmp (argv[i], "--", 2) && !strncmp (argv[i] + 2, names[k], len - 1)
                    && !argv[i][len + 1]) {
                    v = "yes";
                    break;
                }
            } else if ((v = cli_option (argc, argv, &i, names[k])))
                break;
        }
        if (!names[k])
            return cli_usage_error (noun, verb, "unknown option \"%s\"", argv[i]);
        values[k] = v;
    }
    return CLI_OK;
}

static const char *s_delivery_columns[] = { "id",         "uid",    "recipient", "channel",
                                            "topic",      "status", "attempts",  "next_at",
                                            "last_error", NULL };

static int
s_log (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const char *names[] = { "delivery", "after", "limit", NULL };
    const char *values[3] = { NULL };
    int rc = s_options (noun, "log", argc, argv, names, values);
    if (rc)
        return rc;
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body,
                 (uint32_t)((values[0] != NULL) + (values[1] != NULL) + (values[2] != NULL)));
    for (int k = 0; k < 3; k++)
        if (values[k]) {
            if (!s_id (values[k]) && !(k == 1 && streq (values[k], "0"))) {
                sk_pack_release (&body);
                return cli_usage_error (noun, "log", "--%s needs a whole number", names[k]);
            }
            sk_pack_kint (&body, names[k], strtoll (values[k], NULL, 10));
        }
    static const char *columns[] = { "id", "delivery", "uid", "channel", "attempt",
                                     "ok", "detail",   "ms",  "at",      NULL };
    rc = s_notify (cli, "notify.delivery.log", &body, columns);
    sk_pack_release (&body);
    return rc;
}

static int
s_list (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const char *names[] = { "status", "subscription", NULL };
    const char *values[2] = { NULL };
    int rc = s_options (noun, argv[0], argc, argv, names, values);
    if (rc)
        return rc;
    if (streq (argv[0], "dead"))
        values[0] = "dead";
    if (values[1] && !s_id (values[1]))
        return cli_usage_error (noun, argv[0], "--subscription needs an id");
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, (uint32_t)((values[0] != NULL) + (values[1] != NULL)));
    if (values[0])
        sk_pack_kstr (&body, "status", values[0]);
    if (values[1])
        sk_pack_kint (&body, "subscription", s_id (values[1]));
    rc = s_notify (cli, "notify.delivery.list", &body, s_delivery_columns);
    sk_pack_release (&body);
    return rc;
}

//  retry ID / unsubscribe ID
static int
s_by_id (cli_t *cli, const char *noun, int argc, char **argv)
{
    if (argc != 2 || !s_id (argv[1]))
        return cli_usage_error (noun, argv[0], "%s needs an id", argv[0]);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "id", s_id (argv[1]));
    int rc = s_notify (
        cli, streq (argv[0], "retry") ? "notify.delivery.retry" : "notify.subscription.delete",
        &body, NULL);
    sk_pack_release (&body);
    return rc;
}

static int
s_inbox (cli_t *cli, const char *noun, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage_error (noun, "inbox", "inbox needs a recipient");
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kstr (&body, "recipient", argv[1]);
    static const char *columns[] = { "id", "at", "topic", "subject", "text", NULL };
    int rc = s_notify (cli, "notify.inbox.list", &body, columns);
    sk_pack_release (&body);
    return rc;
}

static int
s_subscribe (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const char *names[] = { "recipient", "kind",     "topic",   "channel", "address",
                                   "secret",    "language", "digest?", NULL };
    const char *values[8] = { NULL };
    int rc = s_options (noun, "subscribe", argc, argv, names, values);
    if (rc)
        return rc;
    if (!values[0] || !values[3])
        return cli_usage_error (noun, "subscribe", "subscribe needs --recipient and --channel");
    sk_pack_t body;
    sk_pack_init (&body);
    uint32_t n = 1;
    for (int k = 0; k < 7; k++)
        n += values[k] != NULL;
    sk_pack_map (&body, values[1] ? n : n + 1);
    for (int k = 0; k < 7; k++)
        if (values[k])
            sk_pack_kstr (&body, names[k], values[k]);
    if (!values[1])
        sk_pack_kstr (&body, "kind", "person");
    sk_pack_kbool (&body, "digest", values[7] != NULL);
    rc = s_notify (cli, "notify.subscription.create", &body, NULL);
    sk_pack_release (&body);
    return rc;
}

static int
s_subscriptions (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const char *names[] = { "recipient", NULL };
    const char *values[1] = { NULL };
    int rc = s_options (noun, "subscriptions", argc, argv, names, values);
    if (rc)
        return rc;
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, values[0] ? 1 : 0);
    if (values[0])
        sk_pack_kstr (&body, "recipient", values[0]);
    static const char *columns[] = { "id",      "recipient", "kind",   "topic", "channel",
                                     "address", "language",  "digest", NULL };
    rc = s_notify (cli, "notify.subscription.list", &body, columns);
    sk_pack_release (&body);
    return rc;
}

static int
s_prefer (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const char *names[] = { "recipient", "opt-out", "language", "digest", NULL };
    const char *values[4] = { NULL };
    int rc = s_options (noun, "prefer", argc, argv, names, values);
    if (rc)
        return rc;
    if (!values[0])
        return cli_usage_error (noun, "prefer", "prefer needs --recipient");
    for (int k = 1; k < 4; k += 2)
        if (values[k] && !streq (values[k], "yes") && !streq (values[k], "no"))
            return cli_usage_error (noun, "prefer", "--%s takes yes or no", names[k]);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body,
                 (uint32_t)(1 + (values[1] != NULL) + (values[2] != NULL) + (values[3] != NULL)));
    sk_pack_kstr (&body, "recipient", values[0]);
    if (values[1])
        sk_pack_kbool (&body, "opt_out", streq (values[1], "yes"));
    if (values[2])
        sk_pack_kstr (&body, "language", values[2]);
    if (values[3])
        sk_pack_kbool (&body, "digest", streq (values[3], "yes"));
    rc = s_notify (cli, "notify.preference.set", &body, NULL);
    sk_pack_release (&body);
    return rc;
}

static const char *s_reminder_columns[] = { "id", "key", "topic", "status", "due_at", NULL };

static int
s_reminders (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const char *names[] = { "status", "key", NULL };
    const char *values[2] = { NULL };
    int rc = s_options (noun, "reminders", argc, argv, names, values);
    if (rc)
        return rc;
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, (uint32_t)((values[0] != NULL) + (values[1] != NULL)));
    for (int k = 0; k < 2; k++)
        if (values[k])
            sk_pack_kstr (&body, names[k], values[k]);
    rc = s_notify (cli, "notify.reminder.list", &body, s_reminder_columns);
    sk_pack_release (&body);
    return rc;
}

static int
s_meeting (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const char *names[] = { "agreement", "meeting", "at", "coordinator", NULL };
    const char *values[4] = { NULL };
    int rc = s_options (noun, "meeting", argc, argv, names, values);
    if (rc)
        return rc;
    if (!values[0] || !values[1] || !values[2])
        return cli_usage_error (noun, "meeting", "meeting needs --agreement, --meeting and --at");
    if (!s_id (values[0]) || !s_id (values[1]))
        return cli_usage_error (noun, "meeting", "--agreement and --meeting need ids");
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, values[3] ? 4 : 3);
    sk_pack_kint (&body, "agreement", s_id (values[0]));
    sk_pack_kint (&body, "meeting", s_id (values[1]));
    sk_pack_kstr (&body, "at", values[2]);
    if (values[3])
        sk_pack_kstr (&body, "coordinator", values[3]);
    rc = s_notify (cli, "notify.reminder.meeting", &body, s_reminder_columns);
    sk_pack_release (&body);
    return rc;
}

static int
s_unremind (cli_t *cli, const char *noun, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage_error (noun, "unremind", "unremind needs a reminder key");
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kstr (&body, "key", argv[1]);
    int rc = s_notify (cli, "notify.reminder.cancel", &body, NULL);
    sk_pack_release (&body);
    return rc;
}

static int
s_digest (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cli_usage_error (noun, "digest", "digest takes no arguments");
    return s_notify (cli, "notify.digest.send", NULL, NULL);
}

static int
s_templates (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const char *names[] = { "topic", NULL };
    const char *values[1] = { NULL };
    int rc = s_options (noun, "templates", argc, argv, names, values);
    if (rc)
        return rc;
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, values[0] ? 1 : 0);
    if (values[0])
        sk_pack_kstr (&body, "topic", values[0]);
    static const char *columns[] = { "topic", "language", "subject", "body", NULL };
    rc = s_notify (cli, "notify.template.list", &body, columns);
    sk_pack_release (&body);
    return rc;
}

static int
s_template (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const char *names[] = { "topic", "language", "subject", "body", NULL };
    const char *values[4] = { NULL };
    int rc = s_options (noun, "template", argc, argv, names, values);
    if (rc)
        return rc;
    for (int k = 0; k < 4; k++)
        if (!values[k])
            return cli_usage_error (noun, "template", "template needs --%s", names[k]);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 4);
    for (int k = 0; k < 4; k++)
        sk_pack_kstr (&body, names[k], values[k]);
    rc = s_notify (cli, "notify.template.set", &body, NULL);
    sk_pack_release (&body);
    return rc;
}

const cli_command_t cli_notify_commands[] = {
    { "notify", "log", s_log, "[--delivery ID] [--after ID] [--limit N]",
      "every delivery attempt, with its outcome" },
    { "notify", "list", s_list, "[--status pending|delivered|dead|digest] [--subscription ID]",
      "the deliveries in the outbox" },
    { "notify", "dead", s_list, "[--subscription ID]",
      "deliveries that failed every attempt (dead letters)" },
    { "notify", "retry", s_by_id, "ID", "try a dead or pending delivery again now" },
    { "notify", "inbox", s_inbox, "RECIPIENT", "a recipient's in-app notifications" },
    { "notify", "subscribe", s_subscribe,
      "--recipient R --channel webhook|email|zmq|inapp [--kind person|association|staff|system] "
      "[--topic PREFIX] [--address URL|EMAIL|ENDPOINT] [--secret S] [--language da|en] [--digest]",
      "subscribe a recipient to the events whose topic starts with PREFIX" },
    { "notify", "subscriptions", s_subscriptions, "[--recipient R]", "the active subscriptions" },
    { "notify", "unsubscribe", s_by_id, "ID", "end a subscription" },
    { "notify", "prefer", s_prefer,
      "--recipient R [--opt-out yes|no] [--language da|en] [--digest yes|no]",
      "a recipient's own choices over all their subscriptions" },
    { "notify", "reminders", s_reminders, "[--status scheduled|fired|cancelled] [--key PREFIX]",
      "scheduled reminders: status meetings, citizen-budget phases" },
    { "notify", "meeting", s_meeting, "--agreement ID --meeting ID --at TIME [--coordinator R]",
      "remind of a status meeting 14 and 1 days ahead; escalate 7 days after" },
    { "notify", "unremind", s_unremind, "KEY", "cancel a scheduled reminder" },
    { "notify", "digest", s_digest, "", "send the held daily digests of the municipality now" },
    { "notify", "templates", s_templates, "[--topic PREFIX]", "the texts per topic and language" },
    { "notify", "template", s_template,
      "--topic PREFIX --language da|en --subject TEXT --body TEXT",
      "set the text of a topic ({{field}} is a field of the event) (admin)" },
    { NULL, NULL, NULL, NULL, NULL }
};
