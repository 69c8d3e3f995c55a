/*  notify_bench: deliveries per second to a local webhook receiver with
    the outbox durable, and publish-to-delivery latency.

    notify_bench rate SUBSCRIBERS EVENTS   fan EVENTS events out to
        SUBSCRIBERS webhook subscriptions; prints "rate DELIVERIES SECONDS
        PER_SECOND" measured from the first delivery to the last
    notify_bench latency EVENTS PER_SECOND   publish one event at a time to
        one subscription; prints "latency N P50_MS P99_MS MAX_MS"

    Runs against the stack in $SAMSKAB_VAR (bench/notify.sh starts it),
    publishing as the jobcenter-0730 certificate.
*/
#include <sodium.h>

#include "itest.h"
#include "notify_recv.h"

static sk_client_t *s_staff, *s_publisher;

static int64_t s_subs[100000];
static int s_nsubs;

//  End the subscriptions made, so later runs deliver to their own only.
static void
s_unsubscribe (void)
{
    for (int i = 0; i < s_nsubs; i++) {
        sk_pack_t b;
        sk_pack_init (&b);
        sk_pack_map (&b, 1);
        sk_pack_kint (&b, "id", s_subs[i]);
        sk_frame_t r;
        itest_call (s_staff, "notify.subscription.delete", "0730", &b, NULL, &r);
        sk_frame_release (&r);
        sk_pack_release (&b);
    }
    s_nsubs = 0;
}

static int
s_subscribe (const char *topic, int port, int n)
{
    char url[128];
    snprintf (url, sizeof url, "http://127.0.0.1:%d/bench", port);
    for (int i = 0; i < n; i++) {
        sk_pack_t b;
        sk_pack_init (&b);
        sk_pack_map (&b, 6);
        char who[48];
        snprintf (who, sizeof who, "system:bench-%d", i);
        sk_pack_kstr (&b, "recipient", who);
        sk_pack_kstr (&b, "kind", "system");
        sk_pack_kstr (&b, "topic", topic);
        sk_pack_kstr (&b, "channel", "webhook");
        sk_pack_kstr (&b, "address", url);
        sk_pack_kstr (&b, "secret", "bench-secret-0123456789");
        sk_frame_t r;
        const char *code = itest_call (s_staff, "notify.subscription.create", "0730", &b, NULL, &r);
        if (streq (code, "ok") && s_nsubs < 100000)
            s_subs[s_nsubs++] = itest_int (itest_body (&r), "id");
        sk_frame_release (&r);
        sk_pack_release (&b);
        if (!streq (code, "ok")) {
            fprintf (stderr, "notify_bench: could not subscribe: %s\n", code);
            return -1;
        }
    }
    return 0;
}

static int
s_publish (const char *topic, char *event_id)
{
    itest_uuid (event_id);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 3);
    sk_pack_kstr (&b, "event_id", event_id);
    sk_pack_kstr (&b, "topic", topic);
    sk_pack_str (&b, "body");
    sk_pack_map (&b, 1);
    sk_pack_kstr (&b, "name", "Benchmark");
    sk_frame_t r;
    const char *code = itest_call (s_publisher, "notify.event.publish", "0730", &b, NULL, &r);
    sk_frame_release (&r);
    sk_pack_release (&b);
    if (!streq (code, "ok")) {
        fprintf (stderr, "notify_bench: could not publish: %s\n", code);
        return -1;
    }
    return 0;
}

static int
s_rate (int subscribers, int events)
{
    recv_t *recv = recv_http_new (0, 0);
    if (!recv || s_subscribe ("jobcenter.rate.", recv_port (recv), subscribers))
        return 1;
    int64_t start = zclock_usecs ();
    for (int i = 0; i < events; i++) {
        char id[40];
        if (s_publish ("jobcenter.rate.sent", id))
            return 1;
    }
    size_t total = (size_t)subscribers * (size_t)events;
    if (!recv_wait_ok (recv, total, 600000)) {
        fprintf (stderr, "notify_bench: only %zu of %zu delivered\n", recv_distinct_ok (recv),
                 total);
        return 1;
    }
    int64_t first = recv_item (recv, 0).at, last = recv_item (recv, recv_count (recv) - 1).at;
    double secs = (double)(last - first) / 1e6;
    printf ("rate %zu %.3f %.0f %.3f\n", total, secs, (double)(total - 1) / secs,
            (double)(last - start) / 1e6);
    recv_destroy (&recv);
    return 0;
}

static int
s_cmp (const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int
s_latency (int events, int per_second)
{
    recv_t *recv = recv_http_new (0, 0);
    if (!recv || s_subscribe ("jobcenter.latency.", recv_port (recv), 1))
        return 1;
    int64_t *lat = calloc ((size_t)events, sizeof *lat);
    int64_t gap = 1000000 / per_second;
    for (int i = 0; i < events; i++) {
        int64_t sent = zclock_usecs ();
        char id[40];
        if (s_publish ("jobcenter.latency.sent", id))
            return 1;
        if (!recv_wait_ok (recv, (size_t)i + 1, 10000)) {
            fprintf (stderr, "notify_bench: event %d not delivered\n", i);
            return 1;
        }
        recv_item_t item = recv_item (recv, recv_count (recv) - 1);
        if (!strstr (item.body, id)) {
            fprintf (stderr, "notify_bench: delivery of another event\n");
            return 1;
        }
        lat[i] = item.at - sent;
        int64_t next = sent + gap - zclock_usecs ();
        if (next > 0)
            zclock_sleep ((int)(next / 1000));
    }
    qsort (lat, (size_t)events, sizeof *lat, s_cmp);
    printf ("latency %d %.2f %.2f %.2f\n", events, lat[events / 2] / 1000.0,
            lat[(events * 99) / 100] / 1000.0, lat[events - 1] / 1000.0);
    free (lat);
    recv_destroy (&recv);
    return 0;
}

int
main (int argc, char **argv)
{
    sk_log_init ("notify_bench", SK_ERROR);
    zsys_init ();
    zsys_set_logstream (NULL);
    if (sodium_init () < 0 || argc != 4) {
        fprintf (stderr,
                 "usage: notify_bench rate SUBSCRIBERS EVENTS | latency EVENTS PER_SECOND\n");
        return 2;
    }
    s_staff = itest_client ("notify", "staff-0730");
    s_publisher = itest_client ("notify", "jobcenter-0730");
    if (!s_staff || !s_publisher)
        return 1;
    int rc = streq (argv[1], "rate") ? s_rate (atoi (argv[2]), atoi (argv[3]))
                                     : s_latency (atoi (argv[2]), atoi (argv[3]));
    s_unsubscribe ();
    sk_client_destroy (&s_staff);
    sk_client_destroy (&s_publisher);
    return rc;
}
