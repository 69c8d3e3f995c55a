/*  samskab-notify: the event bus, the event log and the notifications.

    The service loop serves the ops below; beside it run the bus (XSUB and
    XPUB), a follower per source service and the sender threads.
*/
#include <curl/curl.h>

#include "notify_ops.h"
#include "sk_bus.h"
#include "sk_peers.h"
#include "sk_service.h"
#include "sk_mem.h"

#define SUBSCRIBERS (SK_WRITERS | SK_ROLE_BIT (SK_ROLE_SERVICE))

static const sk_op_t s_ops[] = {
    { .name = "notify.event.list", .handler = notify_event_list, .roles = SK_READERS },
    { .name = "notify.event.publish",
      .handler = notify_event_publish,
      .roles = SK_ROLE_BIT (SK_ROLE_SERVICE),
      .mutating = true },
    { .name = "notify.subscription.create",
      .handler = notify_subscription_create,
      .roles = SUBSCRIBERS,
      .mutating = true },
    { .name = "notify.subscription.list",
      .handler = notify_subscription_list,
      .roles = SK_READERS },
    { .name = "notify.subscription.delete",
      .handler = notify_subscription_delete,
      .roles = SUBSCRIBERS,
      .mutating = true },
    { .name = "notify.preference.set",
      .handler = notify_preference_set,
      .roles = SUBSCRIBERS,
      .mutating = true },
    { .name = "notify.inbox.list", .handler = notify_inbox_list, .roles = SK_READERS },
    { .name = "notify.delivery.list", .handler = notify_delivery_list, .roles = SK_READERS },
    { .name = "notify.delivery.log", .handler = notify_delivery_log, .roles = SK_READERS },
    { .name = "notify.delivery.retry",
      .handler = notify_delivery_retry,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "notify.reminder.meeting",
      .handler = notify_reminder_meeting,
      .roles = SUBSCRIBERS,
      .mutating = true },
    { .name = "notify.reminder.list", .handler = notify_reminder_list, .roles = SK_READERS },
    { .name = "notify.reminder.cancel",
      .handler = notify_reminder_cancel,
      .roles = SUBSCRIBERS,
      .mutating = true },
    { .name = "notify.digest.send",
      .handler = notify_digest_send_op,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "notify.status", .handler = notify_status, .roles = SK_READERS },
    { .name = "notify.template.list", .handler = notify_template_list, .roles = SK_READERS },
    { .name = "notify.template.set",
      .handler = notify_template_set,
      .roles = SK_ADMINS,
      .mutating = true },
    //  samskab-web: a login link to a party's contact (kept nowhere)
    { .name = "notify.mail.send",
      .handler = notify_mail_send,
      .roles = SK_ROLE_BIT (SK_ROLE_SERVICE),
      .mutating = true },
    { .name = NULL }
};

//  Read the settings; -1, logged, if one is invalid.
static int
s_conf_load (notify_conf_t *conf, sk_config_t *config, char **sources)
{
    conf->db = sk_config_get (config, "notify/db", sk_config_get (config, "db", NULL));
    conf->cert = sk_config_get (config, "notify/cert", NULL);
    conf->public_cert = sk_config_get (config, "notify/public", NULL);
    conf->clients =
        sk_config_get (config, "notify/clients", sk_config_get (config, "clients", NULL));
    conf->xsub = sk_config_get (config, "bus/xsub", NULL);
    conf->xpub = sk_config_get (config, "bus/xpub", NULL);
    conf->xpub_connect = sk_bus_endpoints (config, "xpub");
    conf->smtp_url = sk_config_get (config, "notify/smtp_url", NULL);
    conf->mail_from = sk_config_get (config, "notify/mail_from", "samskab@localhost");
    if (!conf->public_cert) {
        sk_error ("missing setting \"notify/public\"");
        return -1;
    }
    if ((conf->xsub == NULL) != (conf->xpub == NULL)) {
        sk_error ("the bus needs both \"bus/xsub\" and \"bus/xpub\"");
        return -1;
    }
    if (sk_peers_settings (config, "bus", &conf->bus_max_conns, &conf->bus_max_conns_per_address)
        || sk_config_int (config, "notify/poll_ms", 1000, 10, 60000, &conf->poll_ms)
        || sk_config_int (config, "notify/senders", 4, 1, 32, &conf->senders)
        || sk_config_int (config, "notify/batch", 100, 1, 1000, &conf->batch)
        || sk_config_int (config, "notify/per_subscription", 4, 1, 100, &conf->per_subscription)
        || sk_config_int (config, "notify/max_attempts", 8, 1, 100, &conf->max_attempts)
        || sk_config_int (config, "notify/retry_base_ms", 1000, 1, 3600000, &conf->retry_base_ms)
        || sk_config_int (config, "notify/retry_cap_ms", 3600000, 1, 86400000, &conf->retry_cap_ms)
        || sk_config_int (config, "notify/timeout_ms", 10000, 100, 600000, &conf->timeout_ms)
        || sk_config_int (config, "notify/digest_hour", 7, 0, 23, &conf->digest_hour))
        return -1;
    //  The sources: every named service with an endpoint and a public key
    *sources = sk_strdup (sk_config_get (config, "notify/sources", "registry vote match"));
    char *save = NULL;
    for (char *name = strtok_r (*sources, " ,", &save); name; name = strtok_r (NULL, " ,", &save)) {
        char key[96];
        snprintf (key, sizeof key, "%s/connect", name);
        const char *endpoint = sk_config_get (config, key, NULL);
        snprintf (key, sizeof key, "%s/endpoint", name);
        endpoint = endpoint ? endpoint : sk_config_get (config, key, NULL);
        snprintf (key, sizeof key, "%s/public", name);
        const char *pub = sk_config_get (config, key, NULL);
        if (!endpoint || !pub) {
            sk_warn ("not following %s: it has no endpoint or public certificate", name);
            continue;
        }
        if (conf->nsources == NOTIFY_MAX_SOURCES) {
            sk_error ("too many sources in \"notify/sources\": at most %d", NOTIFY_MAX_SOURCES);
            return -1;
        }
        conf->sources[conf->nsources] = name;
        conf->source_endpoints[conf->nsources] = endpoint;
        conf->source_publics[conf->nsources++] = pub;
    }
    char why[160];
    conf->webhook_allow =
        netguard_new (sk_config_get (config, "notify/webhook_allow", NULL), why, sizeof why);
    if (!conf->webhook_allow) {
        sk_error ("invalid value for setting \"notify/webhook_allow\": %s", why);
        return -1;
    }
    return 0;
}

//  Starts the bus, the followers and the senders, and stops them on $TERM.
static void
s_threads_actor (zsock_t *pipe, void *args)
{
    const notify_conf_t *conf = (const notify_conf_t *)args;
    zlist_t *actors = zlist_new ();
    if (conf->xsub)
        zlist_append (actors, zactor_new (notify_bus_actor, (void *)conf));
    sk_follow_t follow[NOTIFY_MAX_SOURCES];
    for (int i = 0; i < conf->nsources; i++) {
        follow[i] = (sk_follow_t){
            .source = conf->sources[i],
            .client = sk_client_new (conf->sources[i], conf->source_endpoints[i], conf->cert,
                                     conf->source_publics[i]),
            .cert = conf->cert,
            .xpub = conf->xpub_connect,
            .xpub_public = conf->public_cert,
            .topic = "",
            .db = conf->db,
            .schema = "notify",
            .poll_ms = conf->poll_ms,
            .apply = notify_log_follow,
            .arg = (void *)conf->sources[i],
        };
        zlist_append (actors, zactor_new (sk_follow_actor, &follow[i]));
    }
    notify_send_args_t send[32]; //  notify/senders is at most 32
    for (int i = 0; i < conf->senders; i++) {
        send[i] = (notify_send_args_t){ .conf = conf, .index = i };
        zlist_append (actors, zactor_new (notify_send_actor, &send[i]));
    }
    zlist_append (actors, zactor_new (notify_remind_actor, (void *)conf));
    sk_info ("following %d sources with %d senders", conf->nsources, conf->senders);
    zsock_signal (pipe, 0);
    char *command = zstr_recv (pipe); //  $TERM, or NULL when interrupted
    zstr_free (&command);
    zactor_t *actor;
    while ((actor = (zactor_t *)zlist_pop (actors)))
        zactor_destroy (&actor);
    zlist_destroy (&actors);
}

static notify_conf_t s_conf; //  read by s_start, read by every notify thread after
static char *s_sources;      //  the names s_conf.sources point into

//  The notify settings, the certificates' topics, and the bus, followers
//  and senders beside the service.
static int
s_start (sk_service_t *service, sk_config_t *config)
{
    if (s_conf_load (&s_conf, config, &s_sources))
        return -1;
    curl_global_init (CURL_GLOBAL_DEFAULT);
    //  People read Danish local time in the texts (summer and winter time);
    //  set before any thread starts
    setenv ("TZ", "Europe/Copenhagen", 1);
    tzset ();
    char *public_url = sk_config_public_url (config);
    notify_text_init (public_url);
    free (public_url);
    notify_ops_init (s_conf.clients);
    notify_mail_init (&s_conf);
    sk_service_attach (service, s_threads_actor, &s_conf);
    return 0;
}

static void
s_stop (void)
{
    notify_ops_term ();
    netguard_destroy (&s_conf.webhook_allow);
    notify_text_term ();
    curl_global_cleanup ();
}

int
main (int argc, char **argv)
{
    static const sk_service_def_t def = {
        .name = "notify", .ops = s_ops, .start = s_start, .stop = s_stop
    };
    int status = sk_service_main (&def, argc, argv);
    free (s_sources);
    return status;
}
