/*  cli_notify.c: subscriptions, preferences, the inbox, reminders and the
    delivery outbox of the notify service. */
#include <czmq.h>

#include "cli.h"
#include "sk_mem.h"

static const char *s_delivery_columns[] = { "id",         "uid",    "recipient", "channel",
                                            "topic",      "status", "attempts",  "next_at",
                                            "last_error", NULL };
static const char *s_log_columns[] = { "id", "delivery", "uid", "channel", "attempt",
                                       "ok", "detail",   "ms",  "at",      NULL };
static const char *s_inbox_columns[] = { "id", "at", "topic", "subject", "text", NULL };
static const char *s_subscription_columns[] = { "id",       "recipient", "kind",
                                                "topic",    "channel",   "address",
                                                "language", "digest",    NULL };
static const char *s_reminder_columns[] = { "id",     "key",      "topic", "status",
                                            "due_at", "heard_by", NULL };
static const char *s_template_columns[] = { "topic", "language", "subject", "body", NULL };

//  notify dead: the deliveries of status dead
static int
s_dead (cli_t *cli, const cli_args_t *args)
{
    sk_pack_t extra, body;
    sk_pack_init (&extra);
    sk_pack_init (&body);
    sk_pack_kstr (&extra, "status", "dead");
    cli_args_pack (args, &body, &extra, 1);
    int rc = cli_call_print (cli, "notify.delivery.list", &body, s_delivery_columns);
    sk_pack_release (&extra);
    sk_pack_release (&body);
    return rc;
}

//  notify status: what the municipality hears. Refused (exit 1) when an
//  essential topic reaches no one or e-mail cannot go out, so a monitor
//  can run it; the HINT says what to subscribe.
static int
s_print_status (cli_t *cli, const cli_args_t *args, const msgpack_object *b)
{
    (void)args;
    static const char *columns[] = { "topic", "heard_by", "channels", "what", NULL };
    char muni[16];
    cli_get_str (b, "municipality", muni, sizeof muni);
    const msgpack_object *mail_obj = sk_obj_get (b, "mail");
    bool mail = mail_obj && mail_obj->type == MSGPACK_OBJECT_BOOLEAN && mail_obj->via.boolean;
    const msgpack_object *essentials = sk_obj_get (b, "essentials");
    int64_t missing = cli_get_int (b, "missing"), dead = cli_get_int (b, "dead");
    if (!cli_print_if_json (cli, b)) {
        printf ("municipality %s\n", muni);
        printf ("e-mail: %s\n", mail ? "can go out (notify/smtp_url is set)"
                                     : "cannot go out: notify/smtp_url is not set (login links "
                                       "and e-mail subscriptions fail)");
        printf ("\nessential topics and the subscriptions that hear them:\n");
        cli_print_items (cli, essentials, columns);
        printf ("\ndead deliveries: %lld%s\n", (long long)dead,
                dead ? " (samskab notify dead)" : "");
        printf ("scheduled reminders no one hears: %lld\n",
                (long long)cli_get_int (b, "unheard_reminders"));
    }
    if (missing) {
        fprintf (stderr, "samskab: %lld of %u essential topics reach no one in municipality %s\n",
                 (long long)missing, essentials ? essentials->via.array.size : 0, muni);
        fprintf (stderr, "HINT: subscribe the staff who follow up, e.g. samskab notify subscribe "
                         "--recipient staff:NAME --kind staff --channel email --address ADDRESS "
                         "--topic match.meeting.,vote.budget.\n");
    }
    if (!mail)
        fprintf (stderr, "samskab: e-mail cannot go out: notify/smtp_url is not set in notify's "
                         "configuration\n");
    return missing || !mail ? CLI_REFUSED : CLI_OK;
}

//  notify subscribe: a person unless --kind says otherwise; digest or not;
//  one subscription per topic prefix given (a record for one, a table of
//  them for several), or one to every topic.
static int
s_subscribe (cli_t *cli, const cli_args_t *args)
{
    const char *values[64], *topics[256];
    int nvalues = cli_arg_all (args, "topic", values, 64), ntopics = 0;
    char *copy[64];
    for (int v = 0; v < nvalues; v++) {
        copy[v] = sk_strdup (values[v]);
        for (char *save = NULL, *t = strtok_r (copy[v], ",", &save); t && ntopics < 256;
             t = strtok_r (NULL, ",", &save))
            topics[ntopics++] = t;
    }
    int calls = ntopics ? ntopics : 1, rc = CLI_OK, done = 0;
    sk_frame_t *replies = (sk_frame_t *)sk_calloc ((size_t)calls, sizeof *replies);
    msgpack_object *items = (msgpack_object *)sk_calloc ((size_t)calls, sizeof *items);
    for (; done < calls && rc == CLI_OK; done++) {
        sk_pack_t extra, body;
        sk_pack_init (&extra);
        sk_pack_init (&body);
        sk_pack_kbool (&extra, "digest", cli_arg_yes (args, "digest"));
        int nextra = 1;
        if (!cli_arg (args, "kind")) {
            sk_pack_kstr (&extra, "kind", "person");
            nextra++;
        }
        if (ntopics) {
            sk_pack_kstr (&extra, "topic", topics[done]);
            nextra++;
        }
        cli_args_pack (args, &body, &extra, nextra);
        rc = cli_call (cli, "notify", "notify.subscription.create", &body, &replies[done]);
        if (rc == CLI_OK)
            items[done] = *cli_body (&replies[done]);
        sk_pack_release (&extra);
        sk_pack_release (&body);
    }
    if (rc == CLI_OK && calls == 1)
        cli_print_record (cli, &items[0]);
    else if (rc == CLI_OK) {
        msgpack_object list = { .type = MSGPACK_OBJECT_ARRAY,
                                .via.array = { .size = (uint32_t)calls, .ptr = items } };
        cli_print_items (cli, &list, s_subscription_columns);
    }
    for (int k = 0; k < done; k++)
        sk_frame_release (&replies[k]);
    for (int v = 0; v < nvalues; v++)
        free (copy[v]);
    free (replies);
    free (items);
    return rc;
}

static const cli_opt_t s_log_opts[] = { { .name = "delivery",
                                          .type = CLI_ID,
                                          .key = "delivery",
                                          .help = "the attempts of one delivery" },
                                        CLI_AFTER_ID,
                                        CLI_OPT_LIMIT (1000, "at most N"),
                                        { 0 } };
static const cli_opt_t s_list_opts[] = { { .name = "status",
                                           .key = "status",
                                           .choices = "pending|delivered|dead|digest",
                                           .help = "only deliveries of this status" },
                                         { .name = "subscription",
                                           .type = CLI_ID,
                                           .key = "subscription",
                                           .help = "only the deliveries of one subscription" },
                                         { 0 } };
static const cli_opt_t s_dead_opts[] = { { .name = "subscription",
                                           .type = CLI_ID,
                                           .key = "subscription",
                                           .help = "only the deliveries of one subscription" },
                                         { 0 } };
static const cli_opt_t s_id_arg[] = { CLI_ANY_ID, { 0 } };
static const cli_opt_t s_recipient_arg[] = { { .name = "RECIPIENT",
                                               .key = "recipient",
                                               .required = true,
                                               .help = "a recipient, e.g. person:anna" },
                                             { 0 } };
static const cli_opt_t s_subscribe_opts[] = {
    { .name = "recipient",
      .key = "recipient",
      .required = true,
      .meta = "R",
      .help = "who gets the notifications, e.g. person:anna" },
    { .name = "channel",
      .key = "channel",
      .required = true,
      .choices = "webhook|email|zmq|inapp",
      .help = "how they are delivered" },
    { .name = "kind",
      .key = "kind",
      .choices = "person|association|staff|system",
      .help = "what the recipient is (default person)" },
    { .name = "topic",
      .type = CLI_LIST,
      .meta = "PREFIX",
      .help = "the events whose topic starts with PREFIX, one subscription each (default all)" },
    { .name = "address",
      .key = "address",
      .meta = "URL|EMAIL|ENDPOINT",
      .help = "where the channel delivers" },
    { .name = "secret", .key = "secret", .help = "the webhook's signing secret" },
    { .name = "language",
      .key = "language",
      .choices = "da|en",
      .help = "the language of the texts" },
    { .name = "digest", .type = CLI_FLAG, .help = "gather them in one daily digest" },
    { 0 }
};
static const cli_opt_t s_subscriptions_opts[] = {
    { .name = "recipient", .key = "recipient", .meta = "R", .help = "only this recipient's" }, { 0 }
};
static const cli_opt_t s_prefer_opts[] = {
    { .name = "recipient",
      .key = "recipient",
      .required = true,
      .meta = "R",
      .help = "whose choices" },
    { .name = "opt-out", .type = CLI_YESNO, .key = "opt_out", .help = "no notifications at all" },
    { .name = "language",
      .key = "language",
      .choices = "da|en",
      .help = "the language of the texts" },
    { .name = "digest", .type = CLI_YESNO, .key = "digest", .help = "one daily digest" },
    { 0 }
};
static const cli_opt_t s_reminders_opts[] = {
    { .name = "status",
      .key = "status",
      .choices = "scheduled|fired|cancelled",
      .help = "only reminders of this status" },
    { .name = "key", .key = "key", .meta = "PREFIX", .help = "only keys that start with PREFIX" },
    { 0 }
};
static const cli_opt_t s_meeting_opts[] = { { .name = "agreement",
                                              .type = CLI_ID,
                                              .key = "agreement",
                                              .required = true,
                                              .help = "the cooperation agreement" },
                                            { .name = "meeting",
                                              .type = CLI_ID,
                                              .key = "meeting",
                                              .required = true,
                                              .help = "its status meeting" },
                                            { .name = "at",
                                              .key = "at",
                                              .required = true,
                                              .meta = "TIME",
                                              .help = "when it is held, e.g. 2030-03-01T10:00 "
                                                      "(Danish time, or give a zone: Z, +01:00)" },
                                            { .name = "coordinator",
                                              .key = "coordinator",
                                              .meta = "R",
                                              .help = "who is told of an escalation" },
                                            { 0 } };
static const cli_opt_t s_key_arg[] = {
    { .name = "KEY", .key = "key", .required = true, .help = "a reminder's key" }, { 0 }
};
static const cli_opt_t s_templates_opts[] = { { .name = "topic",
                                                .key = "topic",
                                                .meta = "PREFIX",
                                                .help = "only topics that start with PREFIX" },
                                              { 0 } };
static const cli_opt_t s_template_opts[] = {
    { .name = "topic", .key = "topic", .required = true, .meta = "PREFIX", .help = "the topic" },
    { .name = "language",
      .key = "language",
      .required = true,
      .choices = "da|en",
      .help = "the language" },
    { .name = "subject", .key = "subject", .required = true, .help = "the subject line" },
    { .name = "body",
      .key = "body",
      .required = true,
      .help = "the text; {{field}} is a field of the event" },
    { 0 }
};

const cli_command_t cli_notify_commands[] = {
    { .noun = "notify",
      .verb = "log",
      .run = cli_run_op,
      .op = "notify.delivery.log",
      .columns = s_log_columns,
      .opts = s_log_opts,
      .help = "every delivery attempt, with its outcome" },
    { .noun = "notify",
      .verb = "list",
      .run = cli_run_op,
      .op = "notify.delivery.list",
      .columns = s_delivery_columns,
      .opts = s_list_opts,
      .help = "the deliveries in the outbox" },
    { .noun = "notify",
      .verb = "dead",
      .run = s_dead,
      .opts = s_dead_opts,
      .help = "deliveries that failed every attempt (dead letters)" },
    { .noun = "notify",
      .verb = "retry",
      .run = cli_run_op,
      .op = "notify.delivery.retry",
      .args = s_id_arg,
      .help = "try a dead or pending delivery again now" },
    { .noun = "notify",
      .verb = "inbox",
      .run = cli_run_op,
      .op = "notify.inbox.list",
      .columns = s_inbox_columns,
      .args = s_recipient_arg,
      .help = "a recipient's in-app notifications" },
    { .noun = "notify",
      .verb = "subscribe",
      .run = s_subscribe,
      .opts = s_subscribe_opts,
      .help = "subscribe a recipient to the events whose topic starts with PREFIX" },
    { .noun = "notify",
      .verb = "subscriptions",
      .run = cli_run_op,
      .op = "notify.subscription.list",
      .columns = s_subscription_columns,
      .opts = s_subscriptions_opts,
      .help = "the active subscriptions" },
    { .noun = "notify",
      .verb = "unsubscribe",
      .run = cli_run_op,
      .op = "notify.subscription.delete",
      .args = s_id_arg,
      .help = "end a subscription" },
    { .noun = "notify",
      .verb = "prefer",
      .run = cli_run_op,
      .op = "notify.preference.set",
      .opts = s_prefer_opts,
      .help = "a recipient's own choices over all their subscriptions" },
    { .noun = "notify",
      .verb = "status",
      .run = cli_run_op,
      .op = "notify.status",
      .print = s_print_status,
      .help = "what the municipality hears: who hears each essential topic (reminders, "
              "status meetings), whether e-mail can go out; exit 1 if something is missing" },
    { .noun = "notify",
      .verb = "reminders",
      .run = cli_run_op,
      .op = "notify.reminder.list",
      .columns = s_reminder_columns,
      .opts = s_reminders_opts,
      .help = "scheduled reminders: status meetings, citizen-budget phases" },
    { .noun = "notify",
      .verb = "meeting",
      .run = cli_run_op,
      .op = "notify.reminder.meeting",
      .columns = s_reminder_columns,
      .opts = s_meeting_opts,
      .help = "remind of a status meeting 14 and 1 days ahead; escalate 7 days after" },
    { .noun = "notify",
      .verb = "unremind",
      .run = cli_run_op,
      .op = "notify.reminder.cancel",
      .args = s_key_arg,
      .help = "cancel a scheduled reminder" },
    { .noun = "notify",
      .verb = "digest",
      .run = cli_run_op,
      .op = "notify.digest.send",
      .help = "send the held daily digests of the municipality now" },
    { .noun = "notify",
      .verb = "templates",
      .run = cli_run_op,
      .op = "notify.template.list",
      .columns = s_template_columns,
      .opts = s_templates_opts,
      .help = "the texts per topic and language" },
    { .noun = "notify",
      .verb = "template",
      .run = cli_run_op,
      .op = "notify.template.set",
      .opts = s_template_opts,
      .help = "set the text of a topic (admin)" },
    { 0 }
};
