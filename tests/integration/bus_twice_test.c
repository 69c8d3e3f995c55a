/*  bus_twice_test: notify's bus with two notify instances (issue #17). Two
    extra notify instances, each with a bus of its own, and an extra registry
    that publishes to both (bus/xsub_connect, a list); a subscriber connected
    to both XPUBs (bus/xpub_connect) and an external publisher whose client
    lists both instances. With both up the subscriber hears each event from
    each instance; after kill -9 of one instance every publish is still
    acknowledged within its retry budget and every event, published or a
    registry change, still reaches the subscriber; the instance started again
    carries the events alone once the other is killed; every acknowledged
    publish is in notify's log (publishing it again is a duplicate). Ports
    after the stack's registry: notify on 40 and 43 (their buses on 41-42 and
    44-45), the registry on 46.
*/
#include <signal.h>
#include <sys/wait.h>

#include "itest.h"
#include "sk_bus.h"
#include "sk_config.h"

#define S_ROUNDS    10 //  events per phase
#define S_MAX_ACKED (4 * S_ROUNDS)

static int s_base;              //  the stack's registry port
static char s_xsub[128];        //  both instances' XSUBs
static char s_xpub[128];        //  both instances' XPUBs
static char s_notify_list[128]; //  both instances' request endpoints
static char s_acked[S_MAX_ACKED][37];
static int s_nacked;

static const char *
s_var (void)
{
    return getenv ("SAMSKAB_VAR");
}

//  Start samskab-SERVICE on port with the bus lists (notify binds its bus
//  on the two ports after)
static pid_t
s_start (const char *service, int port)
{
    setenv ("SAMSKAB_BUS_XSUB_CONNECT", s_xsub, 1);
    setenv ("SAMSKAB_BUS_XPUB_CONNECT", s_xpub, 1);
    return itest_start_instance (service, port);
}

static void
s_kill (pid_t pid)
{
    kill (pid, SIGKILL);
    waitpid (pid, NULL, 0);
}

//  A client of service at endpoints with WHO's certificate: 2 s a try, two
//  retries (the retry budget)
static sk_client_t *
s_client (const char *service, const char *endpoints, const char *who)
{
    char cert[512], server[512];
    snprintf (cert, sizeof cert, "%s/keys/%s.cert_secret", s_var (), who);
    snprintf (server, sizeof server, "%s/keys/%s.cert", s_var (), service);
    sk_client_t *client = sk_client_new (service, endpoints, cert, server);
    if (client)
        sk_client_set_timeout (client, 2000, 2);
    return client;
}

//  Whether service answers its ping at port within 20 s
static bool
s_up (const char *service, int port)
{
    char ep[64], op[64];
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", port);
    snprintf (op, sizeof op, "%s.service.ping", service);
    sk_client_t *client = s_client (service, ep, "admin");
    bool up = false;
    for (int i = 0; i < 10 && client && !up; i++) {
        sk_frame_t r;
        up = streq (itest_call (client, op, "0730", NULL, NULL, &r), "ok");
        sk_frame_release (&r);
    }
    sk_client_destroy (&client);
    return up;
}

//  Publish event_id as jobcenter: "ok" and *duplicate, or the error code
static const char *
s_publish (sk_client_t *client, const char *event_id, bool *duplicate)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 3);
    sk_pack_kstr (&b, "event_id", event_id);
    sk_pack_kstr (&b, "topic", "jobcenter.bus2.opened");
    sk_pack_str (&b, "body");
    sk_pack_map (&b, 0);
    sk_frame_t r;
    const char *code = itest_call (client, "notify.event.publish", "0730", &b, NULL, &r);
    if (streq (code, "ok") && duplicate) {
        const msgpack_object *d = sk_obj_get (itest_body (&r), "duplicate");
        *duplicate = d && d->type == MSGPACK_OBJECT_BOOLEAN && d->via.boolean;
    }
    sk_frame_release (&r);
    sk_pack_release (&b);
    return code;
}

//  A registry change through the extra registry: "ok" or the error code
static const char *
s_change (sk_client_t *registry, int i)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    char name[64], run[37];
    itest_uuid (run);
    snprintf (name, sizeof name, "Busforening %.8s %d", run, i);
    sk_pack_kstr (&b, "name", name);
    sk_frame_t r;
    const char *code = itest_call (registry, "registry.association.create", "0730", &b, NULL, &r);
    sk_frame_release (&r);
    sk_pack_release (&b);
    return code;
}

//  What the subscriber hears within timeout_ms, or until it has heard
//  wanted copies of event_id and a registry association event: the copies,
//  and in *registry whether that event came
static int
s_hear (zsock_t *sub, const char *event_id, int wanted, int timeout_ms, bool *registry)
{
    int copies = 0;
    int64_t until = zclock_mono () + timeout_ms;
    while (zclock_mono () < until && (copies < wanted || !*registry)) {
        zsock_set_rcvtimeo (sub, (int)(until - zclock_mono ()) + 1);
        zmsg_t *msg = zmsg_recv (sub);
        if (!msg)
            break;
        char *topic = zmsg_popstr (msg);
        zframe_t *event = zmsg_pop (msg);
        sk_frame_t f;
        sk_error_t err;
        if (topic && streq (topic, "registry.association.created"))
            *registry = true;
        else if (event
                 && sk_frame_decode (&f, zframe_data (event), zframe_size (event), &err) == 0) {
            const char *id = itest_s (&f.root, "event_id");
            copies += id && streq (id, event_id);
            sk_frame_release (&f);
        }
        zstr_free (&topic);
        zframe_destroy (&event);
        zmsg_destroy (&msg);
    }
    return copies;
}

//  One round: publish an event and make a registry change; the copies of
//  the event the subscriber heard within 3 s, up to wanted (-1 if the
//  publish failed), and in *registry_heard whether the change was heard.
static int
s_round (sk_client_t *publisher, sk_client_t *registry, zsock_t *sub, int i, int wanted,
         bool *registry_heard)
{
    char id[37];
    itest_uuid (id);
    *registry_heard = false;
    if (!streq (s_publish (publisher, id, NULL), "ok"))
        return -1;
    if (s_nacked < S_MAX_ACKED)
        snprintf (s_acked[s_nacked++], 37, "%s", id);
    bool changed = streq (s_change (registry, i), "ok");
    int copies = s_hear (sub, id, wanted, 3000, registry_heard);
    *registry_heard = *registry_heard && changed;
    return copies;
}

//  Rounds with one instance gone: how many were not acknowledged, and how
//  many were not heard on the bus.
static void
s_phase (sk_client_t *publisher, sk_client_t *registry, zsock_t *sub, int *failed, int *unheard)
{
    *failed = *unheard = 0;
    for (int i = 0; i < S_ROUNDS; i++) {
        bool registry_heard;
        int copies = s_round (publisher, registry, sub, i, 1, &registry_heard);
        *failed += copies < 0;
        *unheard += copies == 0 || !registry_heard;
    }
}

//  Rounds until an event is heard twice (both buses carry it), at most 20
static bool
s_both (sk_client_t *publisher, sk_client_t *registry, zsock_t *sub)
{
    for (int i = 0; i < 20; i++) {
        bool registry_heard;
        if (s_round (publisher, registry, sub, i, 2, &registry_heard) >= 2)
            return true;
    }
    return false;
}

//  Long because: one story, told in order: both up, one killed, it comes
//  back, the other killed, then the log checked.
static void
test_kill_one_notify (void)
{
    SK_CASE_BEGIN ();
    int n1 = s_base + 40, n2 = s_base + 43, reg = s_base + 46;
    snprintf (s_xsub, sizeof s_xsub, "tcp://127.0.0.1:%d,tcp://127.0.0.1:%d", n1 + 1, n2 + 1);
    snprintf (s_xpub, sizeof s_xpub, "tcp://127.0.0.1:%d,tcp://127.0.0.1:%d", n1 + 2, n2 + 2);
    snprintf (s_notify_list, sizeof s_notify_list, "tcp://127.0.0.1:%d,tcp://127.0.0.1:%d", n1, n2);
    pid_t p1 = s_start ("notify", n1), p2 = s_start ("notify", n2), pr = s_start ("registry", reg);
    CHECK_TRUE (s_up ("notify", n1) && s_up ("notify", n2) && s_up ("registry", reg),
                "two notify instances and a registry started");
    char cert[512], server[512], ep[64];
    snprintf (cert, sizeof cert, "%s/keys/match.cert_secret", s_var ());
    snprintf (server, sizeof server, "%s/keys/notify.cert", s_var ());
    zsock_t *sub = sk_bus_connect (ZMQ_SUB, s_xpub, cert, server);
    CHECK_NOT_NULL (sub);
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", reg);
    sk_client_t *publisher = s_client ("notify", s_notify_list, "jobcenter-0730");
    sk_client_t *registry = s_client ("registry", ep, "admin");
    if (sub && publisher && registry) {
        zsock_set_subscribe (sub, "jobcenter.bus2.");
        zsock_set_subscribe (sub, "registry.association.created");
        //  Both up: each instance carries every event
        CHECK_TRUE (s_both (publisher, registry, sub), "an event heard from both instances");
        int failed, unheard;
        s_kill (p1);
        s_phase (publisher, registry, sub, &failed, &unheard);
        CHECK_INT_EQ (failed, 0);
        CHECK_INT_EQ (unheard, 0);
        //  The first back: it carries events again, then alone
        p1 = s_start ("notify", n1);
        CHECK_TRUE (s_up ("notify", n1), "the killed instance started again");
        CHECK_TRUE (s_both (publisher, registry, sub),
                    "the instance started again carries events with the other");
        //  Publishers reconnect to the instance back within their
        //  reconnect interval (sk_bus: at most 2 s); the registry's PUB is
        //  one, and s_both hears only the notify publisher's event. Killing
        //  the other before that is two failures at once: CI lost one
        //  registry event so on a quiet machine
        zclock_sleep (2500);
        s_kill (p2);
        p2 = 0;
        s_phase (publisher, registry, sub, &failed, &unheard);
        CHECK_INT_EQ (failed, 0);
        CHECK_INT_EQ (unheard, 0);
        //  Every acknowledged publish is in the log: again, it is a duplicate
        int missing = 0;
        for (int i = 0; i < s_nacked; i++) {
            bool duplicate = false;
            missing += !streq (s_publish (publisher, s_acked[i], &duplicate), "ok") || !duplicate;
        }
        CHECK_INT_GT (s_nacked, 2 * S_ROUNDS - 1);
        CHECK_INT_EQ (missing, 0);
    }
    zsock_destroy (&sub);
    sk_client_destroy (&publisher);
    sk_client_destroy (&registry);
    s_kill (p1);
    if (p2)
        s_kill (p2);
    s_kill (pr);
    SK_CASE_END ("bus: two notify instances, kill -9 of one and then the other: every publish "
                 "acknowledged, every event heard, none lost");
}

static const itest_case_t s_cases[] = { { "kill_one_notify", test_kill_one_notify }, { NULL } };

int
main (int argc, char **argv)
{
    sk_log_init ("bus_twice_test", SK_ERROR);
    zsys_init ();
    zsys_set_logstream (NULL);
    sk_config_t *config = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    const char *endpoint = config ? sk_config_get (config, "registry/endpoint", "") : "";
    const char *colon = strrchr (endpoint, ':');
    s_base = colon ? atoi (colon + 1) : 0;
    sk_config_destroy (&config);
    if (!s_base || !s_var ()) {
        printf ("not ok - bus_twice test set-up: no registry endpoint\n");
        return 1;
    }
    return itest_cases (s_cases, argc, argv);
}
