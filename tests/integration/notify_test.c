/*  notify_test: the notify service against the running stack, with real
    receivers (notify_recv.c): following sources across restarts, external
    publishers, every channel, retries, dead letters, templates, opt-out,
    and kill -9 in the middle of 10,000 deliveries.

    The test runs its own samskab-notify (replacing the stack's) so that it
    can give it short retry delays, the SMTP receiver's address, and kill it;
    under make memcheck it runs it under valgrind too (SAMSKAB_WRAP).
*/
#include <signal.h>
#include <sodium.h>

#include "itest.h"
#include "notify_recv.h"
#include "sk_auth.h"

static sk_client_t *notify_staff, *notify_admin, *jobcenter, *registry_staff;
static recv_t *http_ok, *http_flaky, *http_dead, *smtp, *zmq_in;

//  --------------------------------------------------------------------------
//  Running our own notify

static const char *
s_var (void)
{
    return getenv ("SAMSKAB_VAR");
}

static void
s_notify_kill (int sig)
{
    pid_t pid = itest_pid ("notify");
    if (pid <= 0)
        return;
    kill (pid, sig);
    for (int i = 0; i < 100 && kill (pid, 0) == 0; i++)
        zclock_sleep (50);
}

//  Start notify with test settings and wait until it answers.
static bool
s_notify_start (void)
{
    char cmd[2048];
    snprintf (cmd, sizeof cmd,
              "cd %s && SAMSKAB_SERVICE=notify SAMSKAB_NOTIFY_RETRY_BASE_MS=40 "
              "SAMSKAB_NOTIFY_RETRY_CAP_MS=400 SAMSKAB_NOTIFY_MAX_ATTEMPTS=5 "
              "SAMSKAB_NOTIFY_POLL_MS=300 SAMSKAB_NOTIFY_TIMEOUT_MS=2000 "
              "SAMSKAB_NOTIFY_SMTP_URL=smtp://127.0.0.1:%d "
              "SAMSKAB_NOTIFY_MAIL_FROM=noreply@samskab.test "
              "${SAMSKAB_WRAP:-} %s/samskab-notify >>%s/notify.log 2>&1 & echo $! >%s/notify.pid",
              getenv ("SAMSKAB_TOP") ? getenv ("SAMSKAB_TOP") : ".", recv_port (smtp), itest_bin (),
              s_var (), s_var ());
    if (system (cmd) != 0)
        return false;
    for (int i = 0; i < 200; i++) {
        sk_frame_t r;
        const char *code = itest_call (notify_admin, "notify.service.ping", "0730", NULL, NULL, &r);
        sk_frame_release (&r);
        if (streq (code, "ok"))
            return true;
        zclock_sleep (100);
    }
    return false;
}

//  --------------------------------------------------------------------------
//  Helpers

//  Publish as jobcenter at ts (RFC 3339; NULL: now); returns the code and
//  the log seq in *seq.
static const char *
s_publish_at (sk_client_t *client, const char *tenant, const char *event_id, const char *topic,
              const char *name, const char *ts, int64_t *seq, bool *duplicate)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, ts ? 4 : 3);
    sk_pack_kstr (&b, "event_id", event_id);
    sk_pack_kstr (&b, "topic", topic);
    if (ts)
        sk_pack_kstr (&b, "ts", ts);
    sk_pack_str (&b, "body");
    sk_pack_map (&b, 2);
    sk_pack_kstr (&b, "name", name);
    sk_pack_kstr (&b, "date", "2026-12-07");
    sk_frame_t r;
    const char *code = itest_call (client, "notify.event.publish", tenant, &b, NULL, &r);
    if (streq (code, "ok")) {
        if (seq)
            *seq = itest_int (itest_body (&r), "seq");
        if (duplicate) {
            const msgpack_object *d = sk_obj_get (itest_body (&r), "duplicate");
            *duplicate = d && d->type == MSGPACK_OBJECT_BOOLEAN && d->via.boolean;
        }
    }
    sk_frame_release (&r);
    sk_pack_release (&b);
    return code;
}

static const char *
s_publish (sk_client_t *client, const char *tenant, const char *event_id, const char *topic,
           const char *name, int64_t *seq, bool *duplicate)
{
    return s_publish_at (client, tenant, event_id, topic, name, NULL, seq, duplicate);
}

static int64_t
s_subscribe (const char *recipient, const char *topic, const char *channel, const char *address,
             const char *secret, const char *language)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 4 + (address != NULL) + (secret != NULL) + (language != NULL));
    sk_pack_kstr (&b, "recipient", recipient);
    sk_pack_kstr (&b, "kind", "system");
    sk_pack_kstr (&b, "topic", topic);
    sk_pack_kstr (&b, "channel", channel);
    if (address)
        sk_pack_kstr (&b, "address", address);
    if (secret)
        sk_pack_kstr (&b, "secret", secret);
    if (language)
        sk_pack_kstr (&b, "language", language);
    sk_frame_t r;
    int64_t id = -1;
    if (streq (itest_call (notify_staff, "notify.subscription.create", "0730", &b, NULL, &r), "ok"))
        id = itest_int (itest_body (&r), "id");
    else
        printf ("#   subscribe %s failed: %s\n", recipient, itest_field (&r));
    sk_frame_release (&r);
    sk_pack_release (&b);
    return id;
}

//  The deliveries of a subscription: calls fn for each item.
static int64_t
s_deliveries (int64_t subscription, const char *status, sk_frame_t *r)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, status ? 3 : 2);
    sk_pack_kint (&b, "subscription", subscription);
    sk_pack_kint (&b, "limit", 1000);
    if (status)
        sk_pack_kstr (&b, "status", status);
    const char *code = itest_call (notify_staff, "notify.delivery.list", "0730", &b, NULL, r);
    sk_pack_release (&b);
    if (!streq (code, "ok"))
        return -1;
    const msgpack_object *items = sk_obj_get (itest_body (r), "items");
    return items ? (int64_t)items->via.array.size : -1;
}

//  Wait until the subscription has n deliveries in status.
static bool
s_wait_status (int64_t subscription, const char *status, int64_t n, int timeout_ms)
{
    int64_t end = zclock_mono () + timeout_ms;
    while (zclock_mono () < end) {
        sk_frame_t r;
        int64_t have = s_deliveries (subscription, status, &r);
        sk_frame_release (&r);
        if (have == n)
            return true;
        zclock_sleep (50);
    }
    return false;
}

static char *
s_str (const msgpack_object *map, const char *key)
{
    static char buf[8][512];
    static int next;
    char *out = buf[next++ % 8];
    if (sk_obj_str_copy (sk_obj_get (map, key), out, 512))
        out[0] = 0;
    return out;
}

//  --------------------------------------------------------------------------
//  Following sources

//  Create an association in the registry; its id, and the registry's
//  last event's id in event_id (unless NULL).
static int64_t
s_create_association (const char *name, char *event_id)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kstr (&b, "name", name);
    sk_frame_t r;
    const char *code =
        itest_call (registry_staff, "registry.association.create", "0730", &b, NULL, &r);
    CHECK_STR_EQ (code, "ok");
    int64_t id = streq (code, "ok") ? itest_int (itest_body (&r), "id") : -1;
    sk_frame_release (&r);
    sk_pack_release (&b);
    if (event_id) {
        //  The registry's own last event
        sk_pack_init (&b);
        sk_pack_map (&b, 2);
        sk_pack_kint (&b, "after", 0);
        sk_pack_kint (&b, "limit", 1000);
        code = itest_call (registry_staff, "registry.event.list", "0730", &b, NULL, &r);
        const msgpack_object *events = sk_obj_get (itest_body (&r), "events");
        event_id[0] = 0;
        if (streq (code, "ok") && events && events->via.array.size)
            strcpy (event_id,
                    s_str (&events->via.array.ptr[events->via.array.size - 1], "event_id"));
        sk_frame_release (&r);
        sk_pack_release (&b);
    }
    return id;
}

//  notify's log as admin with tenant "*" after a seq.
static bool
s_log_has (const char *event_id, int timeout_ms, int64_t *source_seq)
{
    int64_t end = zclock_mono () + timeout_ms;
    while (zclock_mono () < end) {
        int64_t after = 0;
        bool more = true;
        while (more) {
            sk_pack_t b;
            sk_pack_init (&b);
            sk_pack_map (&b, 2);
            sk_pack_kint (&b, "after", after);
            sk_pack_kint (&b, "limit", 1000);
            sk_frame_t r;
            const char *code = itest_call (notify_admin, "notify.event.list", "*", &b, NULL, &r);
            sk_pack_release (&b);
            const msgpack_object *events = sk_obj_get (itest_body (&r), "events");
            more = streq (code, "ok") && events && events->via.array.size == 1000;
            for (uint32_t i = 0; streq (code, "ok") && events && i < events->via.array.size; i++) {
                const msgpack_object *e = &events->via.array.ptr[i];
                after = itest_int (e, "seq");
                if (streq (s_str (e, "event_id"), event_id)) {
                    if (source_seq)
                        *source_seq = itest_int (e, "source_seq");
                    sk_frame_release (&r);
                    return true;
                }
            }
            sk_frame_release (&r);
        }
        zclock_sleep (50);
    }
    return false;
}

static void
test_follow (void)
{
    SK_CASE_BEGIN ();
    char event_id[64];
    s_create_association ("Følgeforeningen", event_id);
    CHECK (event_id[0]);
    int64_t source_seq = -1;
    CHECK (s_log_has (event_id, 10000, &source_seq));
    CHECK_INT_GT (source_seq, 0);
    SK_CASE_END ("notify follows the registry's events into its log");
}

//  The whole log, gap-free, and each source's seqs in order without gaps.
static void
s_check_log_gap_free (void)
{
    int64_t after = 0, expect = 1, last_registry = 0;
    bool more = true;
    while (more) {
        sk_pack_t b;
        sk_pack_init (&b);
        sk_pack_map (&b, 2);
        sk_pack_kint (&b, "after", after);
        sk_pack_kint (&b, "limit", 1000);
        sk_frame_t r;
        CHECK_STR_EQ (itest_call (notify_admin, "notify.event.list", "*", &b, NULL, &r), "ok");
        sk_pack_release (&b);
        const msgpack_object *events = sk_obj_get (itest_body (&r), "events");
        more = events && events->via.array.size == 1000;
        for (uint32_t i = 0; events && i < events->via.array.size; i++) {
            const msgpack_object *e = &events->via.array.ptr[i];
            CHECK_INT_EQ (itest_int (e, "seq"), expect);
            expect++;
            after = itest_int (e, "seq");
            if (streq (s_str (e, "source"), "registry")) {
                CHECK_INT_EQ (itest_int (e, "source_seq"), last_registry + 1);
                last_registry = itest_int (e, "source_seq");
            }
        }
        sk_frame_release (&r);
    }
    CHECK_INT_GT (last_registry, 0);
}

static void
test_replay_after_restart (void)
{
    SK_CASE_BEGIN ();
    //  Events written while notify is dead are pulled after the cursor
    s_notify_kill (SIGKILL);
    char event_id[64] = "";
    for (int i = 0; i < 25; i++) {
        char name[64];
        snprintf (name, sizeof name, "Genstartforeningen %d", i);
        s_create_association (name, i == 24 ? event_id : NULL);
    }
    CHECK (s_notify_start ());
    CHECK (s_log_has (event_id, 15000, NULL));
    s_check_log_gap_free ();
    SK_CASE_END ("notify replays the gap after a kill -9 and restart, gap-free");
}

//  --------------------------------------------------------------------------
//  External publishers

static void
test_publish (void)
{
    SK_CASE_BEGIN ();
    char id[40];
    itest_uuid (id);
    int64_t seq = 0, again = 0;
    bool dup = true;
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.case.opened", "Sag 1", &seq, &dup),
                  "ok");
    CHECK_INT_GT (seq, 0);
    CHECK (!dup);
    //  The same event_id again, even with another request id: stored once
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.case.opened", "Sag 1", &again, &dup),
                  "ok");
    CHECK_INT_EQ (again, seq);
    CHECK (dup);
    CHECK (s_log_has (id, 1000, NULL));
    //  Another municipality, another source's topics, another role
    itest_uuid (id);
    CHECK_STR_EQ (s_publish (jobcenter, "0461", id, "jobcenter.case.opened", "x", NULL, NULL),
                  "forbidden");
    CHECK_STR_EQ (
        s_publish (jobcenter, "0730", id, "registry.association.created", "x", NULL, NULL),
        "forbidden");
    CHECK_STR_EQ (itest_field (NULL), "topic");
    CHECK_STR_EQ (s_publish (notify_staff, "0730", id, "jobcenter.case.opened", "x", NULL, NULL),
                  "forbidden");
    //  A service certificate with no topics may not publish
    sk_client_t *registry_cert = itest_client ("notify", "registry");
    CHECK_STR_EQ (s_publish (registry_cert, "0730", id, "jobcenter.case.opened", "x", NULL, NULL),
                  "forbidden");
    sk_client_destroy (&registry_cert);
    //  Malformed
    CHECK_STR_EQ (
        s_publish (jobcenter, "0730", "not-a-uuid", "jobcenter.case.opened", "x", NULL, NULL),
        "invalid_argument");
    CHECK_STR_EQ (itest_field (NULL), "event_id");
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "Jobcenter Case", "x", NULL, NULL),
                  "invalid_argument");
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 4);
    sk_pack_kstr (&b, "event_id", id);
    sk_pack_kstr (&b, "topic", "jobcenter.case.opened");
    sk_pack_kstr (&b, "ts", "yesterday-ish");
    sk_pack_str (&b, "body");
    sk_pack_map (&b, 0);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (jobcenter, "notify.event.publish", "0730", &b, NULL, &r),
                  "invalid_argument");
    CHECK_STR_EQ (itest_field (&r), "ts");
    sk_frame_release (&r);
    sk_pack_release (&b);
    //  A body that is not a map
    sk_pack_init (&b);
    sk_pack_map (&b, 3);
    sk_pack_kstr (&b, "event_id", id);
    sk_pack_kstr (&b, "topic", "jobcenter.case.opened");
    sk_pack_kstr (&b, "body", "text");
    CHECK_STR_EQ (itest_call (jobcenter, "notify.event.publish", "0730", &b, NULL, &r),
                  "invalid_argument");
    CHECK_STR_EQ (itest_field (&r), "body");
    sk_frame_release (&r);
    sk_pack_release (&b);
    CHECK (!s_log_has (id, 200, NULL));
    //  An unknown key never gets an answer: refused at the handshake
    char dir[] = "/tmp/notify_test_XXXXXX";
    CHECK_NOT_NULL (mkdtemp (dir));
    char path[256], server[512], endpoint[128];
    snprintf (path, sizeof path, "%s/stranger.cert", dir);
    zcert_t *cert = zcert_new ();
    zcert_set_meta (cert, "role", "service");
    zcert_set_meta (cert, "municipality", "0730");
    zcert_set_meta (cert, "topics", "jobcenter.");
    zcert_save (cert, path);
    zcert_destroy (&cert);
    snprintf (server, sizeof server, "%s/keys/notify.cert", s_var ());
    sk_config_t *config = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    snprintf (endpoint, sizeof endpoint, "%s", sk_config_get (config, "notify/endpoint", ""));
    sk_config_destroy (&config);
    sk_client_t *stranger = sk_client_new ("notify", endpoint, path, server);
    CHECK_NOT_NULL (stranger);
    if (stranger) {
        sk_client_set_timeout (stranger, 500, 0);
        CHECK_STR_EQ (s_publish (stranger, "0730", id, "jobcenter.case.opened", "x", NULL, NULL),
                      "transport");
        sk_client_destroy (&stranger);
    }
    char cmd[300];
    snprintf (cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_INT_EQ (system (cmd), 0);
    CHECK (!s_log_has (id, 200, NULL));
    SK_CASE_END (
        "external publishers: idempotent by event_id, limited to their topics and municipality");
}

//  --------------------------------------------------------------------------
//  Delivery

static int64_t
s_only_delivery (int64_t sub)
{
    sk_frame_t r;
    int64_t id = -1;
    if (s_deliveries (sub, NULL, &r) == 1)
        id = itest_int (&sk_obj_get (itest_body (&r), "items")->via.array.ptr[0], "id");
    sk_frame_release (&r);
    return id;
}

//  "v1," and base64 HMAC-SHA256 of "id.timestamp.body" under key, computed
//  here from the headers received (Standard Webhooks).
static const char *
s_standard_signature (const unsigned char *key, size_t key_len, const recv_item_t *item)
{
    static char out[120];
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init (&st, key, key_len);
    char signed_prefix[160];
    int n = snprintf (signed_prefix, sizeof signed_prefix, "%s.%s.", item->webhook_id,
                      item->webhook_timestamp);
    crypto_auth_hmacsha256_update (&st, (const unsigned char *)signed_prefix, (size_t)n);
    crypto_auth_hmacsha256_update (&st, (const unsigned char *)item->body, item->len);
    crypto_auth_hmacsha256_final (&st, mac);
    strcpy (out, "v1,");
    sodium_bin2base64 (out + 3, sizeof out - 3, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

static void
test_webhook (void)
{
    SK_CASE_BEGIN ();
    char url[128];
    snprintf (url, sizeof url, "http://127.0.0.1:%d/hook", recv_port (http_ok));
    const char *secret = "webhook-secret-0123456789";
    int64_t sub =
        s_subscribe ("system:jobportal", "jobcenter.webhook.", "webhook", url, secret, "en");
    CHECK_INT_GT (sub, 0);
    char id[40];
    itest_uuid (id);
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.webhook.sent", "Anna", NULL, NULL),
                  "ok");
    CHECK (recv_wait_ok (http_ok, 1, 10000));
    CHECK (s_wait_status (sub, "delivered", 1, 5000));
    if (recv_count (http_ok) >= 1) {
        recv_item_t item = recv_item (http_ok, 0);
        //  The signature is HMAC-SHA256 of the body under the secret
        unsigned char mac[crypto_auth_hmacsha256_BYTES];
        crypto_auth_hmacsha256_state st;
        crypto_auth_hmacsha256_init (&st, (const unsigned char *)secret, strlen (secret));
        crypto_auth_hmacsha256_update (&st, (const unsigned char *)item.body, item.len);
        crypto_auth_hmacsha256_final (&st, mac);
        char hex[65], want[80];
        sodium_bin2hex (hex, sizeof hex, mac, sizeof mac);
        snprintf (want, sizeof want, "sha256=%s", hex);
        CHECK_STR_EQ (item.signature, want);
        //  Standard Webhooks: the id is the delivery's, the timestamp now,
        //  the signature v1, and base64 HMAC-SHA256 of "id.timestamp.body"
        CHECK_STR_EQ (item.webhook_id, item.id);
        int64_t ts = atoll (item.webhook_timestamp);
        CHECK_INT_LT (llabs (ts - (int64_t)time (NULL)), 60);
        CHECK_STR_EQ (item.webhook_signature,
                      s_standard_signature ((const unsigned char *)secret, strlen (secret), &item));
        CHECK_STR_EQ (item.topic, "jobcenter.webhook.sent");
        CHECK_STR_CONTAINS (item.body, id);
        CHECK_STR_CONTAINS (item.body, "\"subject\":\"New event in samskab ");
        CHECK_STR_CONTAINS (item.body, "The event is jobcenter.webhook.sent in samskab's log.");
        //  The id header is the delivery's uid
        sk_frame_t r;
        CHECK_INT_EQ (s_deliveries (sub, NULL, &r), 1);
        const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
        if (items && items->via.array.size == 1) {
            CHECK_STR_EQ (item.id, s_str (&items->via.array.ptr[0], "uid"));
            CHECK_INT_EQ (itest_int (&items->via.array.ptr[0], "attempts"), 1);
        }
        sk_frame_release (&r);
    }
    SK_CASE_END ("webhook: delivered, HMAC-SHA256 signed, with the delivery id");
}

//  A secret in the Standard Webhooks form, "whsec_" and base64 of the key,
//  signs with the key it encodes, as the specification's libraries verify.
static void
test_webhook_whsec (void)
{
    SK_CASE_BEGIN ();
    recv_t *recv = recv_http_new (0, 0);
    char url[128];
    snprintf (url, sizeof url, "http://127.0.0.1:%d/whsec", recv_port (recv));
    const unsigned char key[24] = "0123456789abcdef\x01\x02\x03\xfe\xff\x00\x80x";
    char secret[64] = "whsec_";
    sodium_bin2base64 (secret + 6, sizeof secret - 6, key, sizeof key,
                       sodium_base64_VARIANT_ORIGINAL);
    int64_t sub = s_subscribe ("system:whsec", "jobcenter.whsec.", "webhook", url, secret, NULL);
    CHECK_INT_GT (sub, 0);
    char id[40];
    itest_uuid (id);
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.whsec.sent", "W", NULL, NULL), "ok");
    CHECK (recv_wait_ok (recv, 1, 10000));
    if (recv_count (recv) >= 1) {
        recv_item_t item = recv_item (recv, 0);
        CHECK_STR_EQ (item.webhook_signature, s_standard_signature (key, sizeof key, &item));
    }
    recv_destroy (&recv);
    SK_CASE_END ("webhook: a whsec_ secret signs with the key it encodes (Standard Webhooks)");
}

//  The delivery log's last detail of the only delivery of subscription sub
//  as client sees it.
static const char *
s_last_detail (sk_client_t *client, int64_t sub)
{
    static char detail[512];
    detail[0] = 0;
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "delivery", s_only_delivery (sub));
    sk_frame_t r;
    if (streq (itest_call (client, "notify.delivery.log", "0730", &b, NULL, &r), "ok")) {
        const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
        if (items && items->via.array.size)
            snprintf (detail, sizeof detail, "%s",
                      s_str (&items->via.array.ptr[items->via.array.size - 1], "detail"));
    }
    sk_frame_release (&r);
    sk_pack_release (&b);
    return detail;
}

//  Webhooks reach no loopback, link-local, private or unique-local address
//  (the stack allows 127.0.0.0/8 for the test receivers), judged on the
//  address connected to; no redirect is followed; no user:password.
static void
test_webhook_guard (void)
{
    SK_CASE_BEGIN ();
    recv_t *recv = recv_http_new (0, 0);
    static const struct {
        const char *url, *why;
    } refused[] = {
        { "http://[::1]:%d/hook", "::1 is a loopback address" },
        { "http://169.254.169.254/latest/meta-data", "169.254.169.254 is a link-local address" },
        { "http://[::ffff:10.1.2.3]:%d/hook", "10.1.2.3 is a private address" },
        //  Not an address in the URL's text: what it resolves to counts
        { "http://0x0a.0.0.1:%d/hook", "10.0.0.1 is a private address" },
        { "http://[fd00::1]:%d/hook", "fd00::1 is a unique-local address" },
    };
    int n = (int)(sizeof refused / sizeof refused[0]);
    int64_t subs[8];
    for (int i = 0; i < n; i++) {
        char url[128], who[32];
        snprintf (url, sizeof url, refused[i].url, recv_port (recv));
        snprintf (who, sizeof who, "system:guard%d", i);
        subs[i] =
            s_subscribe (who, "jobcenter.guard.", "webhook", url, "guard-secret-0123456789", NULL);
        CHECK_INT_GT (subs[i], 0);
    }
    //  A redirect to a receiver that is allowed is not followed
    recv_t *target = recv_http_new (0, 0);
    char answer[128], url[128];
    snprintf (answer, sizeof answer, "302 Found\r\nLocation: http://127.0.0.1:%d/target",
              recv_port (target));
    recv_set_answer (recv, answer);
    snprintf (url, sizeof url, "http://127.0.0.1:%d/moved", recv_port (recv));
    int64_t moved = s_subscribe ("system:moved", "jobcenter.guard.", "webhook", url,
                                 "moved-secret-0123456789", NULL);
    char id[40];
    itest_uuid (id);
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.guard.sent", "G", NULL, NULL), "ok");
    //  max_attempts is 5 here, 40 ms apart and more
    for (int i = 0; i < n; i++) {
        CHECK (s_wait_status (subs[i], "dead", 1, 15000));
        const char *detail = s_last_detail (notify_staff, subs[i]);
        CHECK_STR_CONTAINS (detail, refused[i].why);
        CHECK_STR_CONTAINS (detail, "not allowed (notify/webhook_allow)");
    }
    CHECK (s_wait_status (moved, "dead", 1, 15000));
    CHECK_STR_EQ (s_last_detail (notify_staff, moved), "HTTP 302");
    CHECK_INT_EQ (recv_count (recv), 5);
    CHECK_INT_EQ (recv_count (target), 0);
    //  An auditor sees that it failed, not the receiver's address or answer
    sk_client_t *auditor = itest_client ("notify", "auditor-0730");
    CHECK_STR_EQ (s_last_detail (auditor, subs[0]), "failed (the details are shown to staff)");
    sk_frame_t r;
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 2);
    sk_pack_kint (&b, "subscription", subs[0]);
    sk_pack_kstr (&b, "status", "dead");
    CHECK_STR_EQ (itest_call (auditor, "notify.delivery.list", "0730", &b, NULL, &r), "ok");
    const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
    CHECK_INT_EQ (itest_size (items), 1);
    if (itest_size (items) == 1)
        CHECK_STR_EQ (s_str (&items->via.array.ptr[0], "last_error"),
                      "failed (the details are shown to staff)");
    sk_frame_release (&r);
    sk_pack_release (&b);
    sk_client_destroy (&auditor);
    //  A user name and password in the URL are refused, and not echoed
    sk_pack_init (&b);
    sk_pack_map (&b, 5);
    sk_pack_kstr (&b, "recipient", "system:userinfo");
    sk_pack_kstr (&b, "kind", "system");
    sk_pack_kstr (&b, "channel", "webhook");
    sk_pack_kstr (&b, "address", "https://hook:hunter2@example.org/in");
    sk_pack_kstr (&b, "secret", "userinfo-secret-0123456789");
    CHECK_STR_EQ (itest_call (notify_staff, "notify.subscription.create", "0730", &b, NULL, &r),
                  "invalid_argument");
    CHECK_STR_EQ (itest_field (&r), "address");
    CHECK_STR_CONTAINS (itest_message (&r), "may not contain a user name or password");
    CHECK (!strstr (itest_message (&r), "hunter2"));
    sk_frame_release (&r);
    sk_pack_release (&b);
    recv_destroy (&recv);
    recv_destroy (&target);
    SK_CASE_END ("webhook: no loopback, link-local, private or unique-local address unless "
                 "allowed, no redirects, no user:password, details for staff only");
}

//  Attempts in the delivery log of one delivery: total and successful.
static void
s_log_counts (int64_t delivery, int *total, int *ok)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "delivery", delivery);
    sk_frame_t r;
    *total = *ok = -1;
    if (streq (itest_call (notify_staff, "notify.delivery.log", "0730", &b, NULL, &r), "ok")) {
        const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
        *total = (int)items->via.array.size;
        *ok = 0;
        for (uint32_t i = 0; i < items->via.array.size; i++) {
            const msgpack_object *v = sk_obj_get (&items->via.array.ptr[i], "ok");
            *ok += v && v->type == MSGPACK_OBJECT_BOOLEAN && v->via.boolean;
        }
    }
    sk_frame_release (&r);
    sk_pack_release (&b);
}

static void
test_retries (void)
{
    SK_CASE_BEGIN ();
    char url[128];
    snprintf (url, sizeof url, "http://127.0.0.1:%d/flaky", recv_port (http_flaky));
    int64_t sub = s_subscribe ("system:flaky", "jobcenter.retry.", "webhook", url,
                               "flaky-secret-0123456789", NULL);
    char id[40];
    itest_uuid (id);
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.retry.sent", "Bo", NULL, NULL),
                  "ok");
    CHECK (recv_wait_ok (http_flaky, 1, 15000));
    CHECK (s_wait_status (sub, "delivered", 1, 5000));
    CHECK_INT_EQ (recv_count (http_flaky), 4);
    for (size_t i = 0; i < recv_count (http_flaky); i++)
        CHECK_INT_EQ (recv_item (http_flaky, i).status, i < 3 ? 500 : 200);
    //  The backoff doubles from 40 ms: no retry comes before its time
    if (recv_count (http_flaky) == 4) {
        int64_t g1 = recv_item (http_flaky, 1).at - recv_item (http_flaky, 0).at;
        int64_t g2 = recv_item (http_flaky, 2).at - recv_item (http_flaky, 1).at;
        int64_t g3 = recv_item (http_flaky, 3).at - recv_item (http_flaky, 2).at;
        CHECK_INT_GE (g1, 35000);
        CHECK_INT_GE (g2, 75000);
        CHECK_INT_GE (g3, 155000);
    }
    int total, ok;
    s_log_counts (s_only_delivery (sub), &total, &ok);
    CHECK_INT_EQ (total, 4);
    CHECK_INT_EQ (ok, 1);
    SK_CASE_END ("a receiver failing three times gets it again; exactly one success logged");
}

static void
test_dead_letter (void)
{
    SK_CASE_BEGIN ();
    char url[128];
    snprintf (url, sizeof url, "http://127.0.0.1:%d/dead", recv_port (http_dead));
    int64_t sub = s_subscribe ("system:dead", "jobcenter.dead.", "webhook", url,
                               "dead-secret-0123456789", NULL);
    char id[40];
    itest_uuid (id);
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.dead.sent", "Cy", NULL, NULL), "ok");
    //  max_attempts is 5 here; the receiver fails the first 5
    CHECK (s_wait_status (sub, "dead", 1, 15000));
    CHECK_INT_EQ (recv_count (http_dead), 5);
    int64_t delivery = s_only_delivery (sub);
    int total, ok;
    s_log_counts (delivery, &total, &ok);
    CHECK_INT_EQ (total, 5);
    CHECK_INT_EQ (ok, 0);
    //  Retry by hand: the sixth attempt succeeds
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "id", delivery);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (notify_staff, "notify.delivery.retry", "0730", &b, NULL, &r), "ok");
    sk_frame_release (&r);
    CHECK (s_wait_status (sub, "delivered", 1, 10000));
    CHECK_STR_EQ (itest_call (notify_staff, "notify.delivery.retry", "0730", &b, NULL, &r),
                  "conflict");
    sk_frame_release (&r);
    sk_pack_release (&b);
    s_log_counts (delivery, &total, &ok);
    CHECK_INT_EQ (total, 6);
    CHECK_INT_EQ (ok, 1);
    //  An auditor may not retry
    sk_client_t *auditor = itest_client ("notify", "auditor-0730");
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "id", delivery);
    CHECK_STR_EQ (itest_call (auditor, "notify.delivery.retry", "0730", &b, NULL, &r), "forbidden");
    sk_frame_release (&r);
    sk_pack_release (&b);
    sk_client_destroy (&auditor);
    SK_CASE_END ("dead letter after max attempts, retried by hand");
}

static void
test_email (void)
{
    SK_CASE_BEGIN ();
    int64_t da =
        s_subscribe ("person:ida", "jobcenter.mail.", "email", "ida@example.dk", NULL, "da");
    int64_t en =
        s_subscribe ("person:eve", "jobcenter.mail.", "email", "eve@example.org", NULL, "en");
    CHECK_INT_GT (da, 0);
    CHECK_INT_GT (en, 0);
    //  A template for this topic, with a field of the event
    char id[40];
    itest_uuid (id);
    CHECK_STR_EQ (
        s_publish (jobcenter, "0730", id, "jobcenter.mail.sent", "Åse Ørsted", NULL, NULL), "ok");
    CHECK (recv_wait_ok (smtp, 2, 10000));
    CHECK (s_wait_status (da, "delivered", 1, 5000));
    CHECK (s_wait_status (en, "delivered", 1, 5000));
    bool saw_da = false, saw_en = false;
    for (size_t i = 0; i < recv_count (smtp); i++) {
        recv_item_t m = recv_item (smtp, i);
        CHECK_STR_CONTAINS (m.body, "From: noreply@samskab.test");
        CHECK_STR_CONTAINS (m.body, "Content-Type: text/plain; charset=UTF-8");
        CHECK_STR_CONTAINS (m.body, "Message-ID: <");
        CHECK_STR_CONTAINS (m.body, "Date: ");
        CHECK_INT_EQ (strlen (m.id), 36);
        if (strstr (m.rcpt, "ida@example.dk")) {
            saw_da = true;
            //  The subject is UTF-8 in an RFC 2047 encoded word
            CHECK_STR_CONTAINS (m.body, "Subject: =?UTF-8?B?");
            CHECK_STR_CONTAINS (m.body, "Der er sket noget i samskab, der vedrører dig, ");
            CHECK_STR_CONTAINS (m.body, "Hændelsen hedder jobcenter.mail.sent i samskabs log.");
        }
        if (strstr (m.rcpt, "eve@example.org")) {
            saw_en = true;
            CHECK_STR_CONTAINS (m.body, "Subject: New event in samskab ");
            CHECK_STR_CONTAINS (m.body, "Something that concerns you happened in samskab on ");
        }
    }
    CHECK (saw_da && saw_en);
    SK_CASE_END ("e-mail over SMTP with libcurl, RFC 5322, templates in Danish and English");
}

static void
test_zmq_and_inapp (void)
{
    SK_CASE_BEGIN ();
    char endpoint[64];
    snprintf (endpoint, sizeof endpoint, "tcp://127.0.0.1:%d", recv_port (zmq_in));
    int64_t z = s_subscribe ("system:case", "jobcenter.zmq.", "zmq", endpoint,
                             recv_public_key (zmq_in), NULL);
    int64_t app = s_subscribe ("person:ole", "jobcenter.zmq.", "inapp", NULL, NULL, "da");
    CHECK_INT_GT (z, 0);
    CHECK_INT_GT (app, 0);
    char id[40];
    itest_uuid (id);
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.zmq.sent", "Ole", NULL, NULL), "ok");
    CHECK (recv_wait_ok (zmq_in, 1, 10000));
    CHECK (s_wait_status (z, "delivered", 1, 5000));
    CHECK (s_wait_status (app, "delivered", 1, 5000));
    if (recv_count (zmq_in) >= 1) {
        recv_item_t item = recv_item (zmq_in, 0);
        CHECK_STR_EQ (item.topic, "jobcenter.zmq.sent");
        sk_frame_t event;
        sk_error_t err;
        CHECK_INT_EQ (sk_frame_decode (&event, (const uint8_t *)item.body, item.len, &err), 0);
        CHECK_STR_EQ (s_str (&event.root, "event_id"), id);
        CHECK_STR_EQ (s_str (sk_obj_get (&event.root, "body"), "name"), "Ole");
        sk_frame_release (&event);
    }
    //  The in-app inbox
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kstr (&b, "recipient", "person:ole");
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (notify_staff, "notify.inbox.list", "0730", &b, NULL, &r), "ok");
    const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
    CHECK_INT_EQ (itest_size (items), 1);
    if (items && items->via.array.size == 1)
        CHECK_STR_CONTAINS (s_str (&items->via.array.ptr[0], "subject"), "Ny hændelse i samskab ");
    sk_frame_release (&r);
    //  Another municipality sees none of it
    sk_client_t *other = itest_client ("notify", "staff-0461");
    CHECK_STR_EQ (itest_call (other, "notify.inbox.list", "0461", &b, NULL, &r), "ok");
    items = sk_obj_get (itest_body (&r), "items");
    CHECK_INT_EQ (itest_size (items), 0);
    sk_frame_release (&r);
    sk_client_destroy (&other);
    sk_pack_release (&b);
    SK_CASE_END ("ZeroMQ channel (CURVE, acknowledged) and the in-app inbox");
}

static void
test_opt_out (void)
{
    SK_CASE_BEGIN ();
    int64_t sub = s_subscribe ("person:quiet", "jobcenter.quiet.", "inapp", NULL, NULL, NULL);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 2);
    sk_pack_kstr (&b, "recipient", "person:quiet");
    sk_pack_kbool (&b, "opt_out", true);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (notify_staff, "notify.preference.set", "0730", &b, NULL, &r), "ok");
    sk_frame_release (&r);
    sk_pack_release (&b);
    char id[40];
    itest_uuid (id);
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.quiet.sent", "Q", NULL, NULL), "ok");
    zclock_sleep (300);
    CHECK_INT_EQ (s_deliveries (sub, NULL, &r), 0);
    sk_frame_release (&r);
    //  A receiver that is down: what is queued for someone who then opts
    //  out, or whose subscription ends, is not sent later
    int64_t later = s_subscribe ("person:later", "jobcenter.later.", "webhook",
                                 "http://127.0.0.1:1/down", "later-secret-0123456789", NULL);
    int64_t ended = s_subscribe ("person:ended", "jobcenter.later.", "webhook",
                                 "http://127.0.0.1:1/down", "ended-secret-0123456789", NULL);
    itest_uuid (id);
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.later.sent", "L", NULL, NULL), "ok");
    CHECK (s_wait_status (later, "pending", 1, 3000));
    sk_pack_init (&b);
    sk_pack_map (&b, 2);
    sk_pack_kstr (&b, "recipient", "person:later");
    sk_pack_kbool (&b, "opt_out", true);
    CHECK_STR_EQ (itest_call (notify_staff, "notify.preference.set", "0730", &b, NULL, &r), "ok");
    sk_frame_release (&r);
    sk_pack_release (&b);
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "id", ended);
    CHECK_STR_EQ (itest_call (notify_staff, "notify.subscription.delete", "0730", &b, NULL, &r),
                  "ok");
    sk_frame_release (&r);
    sk_pack_release (&b);
    CHECK (s_wait_status (later, "dead", 1, 1000));
    CHECK (s_wait_status (ended, "dead", 1, 1000));
    //  Dead for those reasons, not from failed attempts (5, in 600 ms)
    CHECK_INT_EQ (s_deliveries (later, "dead", &r), 1);
    if (itest_size (sk_obj_get (itest_body (&r), "items")) == 1)
        CHECK_STR_EQ (
            s_str (&sk_obj_get (itest_body (&r), "items")->via.array.ptr[0], "last_error"),
            "the recipient opted out");
    sk_frame_release (&r);
    CHECK_INT_EQ (s_deliveries (ended, "dead", &r), 1);
    if (itest_size (sk_obj_get (itest_body (&r), "items")) == 1)
        CHECK_STR_EQ (
            s_str (&sk_obj_get (itest_body (&r), "items")->via.array.ptr[0], "last_error"),
            "the subscription ended");
    sk_frame_release (&r);
    SK_CASE_END ("a recipient who opted out gets nothing");
}

static int
s_double_cmp (const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

//  The q-quantile (0..1) of m times; sorts them.
static double
s_quantile (double *ms, size_t m, double q)
{
    qsort (ms, m, sizeof *ms, s_double_cmp);
    size_t at = (size_t)((double)m * q + 0.5);
    return m ? ms[at ? at - 1 : 0] : -1;
}

//  Publish n events of topic at per_second, each fanned out to the
//  subscriptions on recv; appends the publish-to-arrival times at recv of
//  the `expect` deliveries, in ms, to ms at *m. False if some did not arrive.
static bool
s_fan (recv_t *recv, const char *topic, int n, int per_second, size_t expect, double *ms, size_t *m)
{
    char (*ids)[40] = calloc ((size_t)n, 40);
    int64_t *sent = calloc ((size_t)n, sizeof *sent);
    size_t before = recv_count (recv), first = *m;
    for (int i = 0; i < n; i++) {
        itest_uuid (ids[i]);
        sent[i] = zclock_usecs ();
        CHECK_STR_EQ (s_publish (jobcenter, "0730", ids[i], topic, "F", NULL, NULL), "ok");
        int64_t next = sent[0] + (int64_t)(i + 1) * 1000000 / per_second;
        if (next > zclock_usecs ())
            zclock_sleep ((int)((next - zclock_usecs ()) / 1000));
    }
    bool arrived = recv_wait (recv, before + expect, 20000);
    for (size_t k = 0; arrived && k < recv_count (recv) - before; k++) {
        recv_item_t item = recv_item (recv, before + k);
        for (int i = 0; i < n; i++)
            if (strstr (item.body, ids[i])) {
                ms[(*m)++] = (double)(item.at - sent[i]) / 1000.0;
                break;
            }
    }
    free (ids);
    free (sent);
    return arrived && *m - first == expect;
}

//  The longest a notify op took, in ms, called `times` times.
static int64_t
s_op_max_ms (const char *op, int times)
{
    int64_t worst = 0;
    for (int i = 0; i < times; i++) {
        sk_frame_t r;
        int64_t t0 = zclock_mono ();
        CHECK_STR_EQ (itest_call (notify_staff, op, "0730", NULL, NULL, &r), "ok");
        sk_frame_release (&r);
        int64_t took = zclock_mono () - t0;
        worst = took > worst ? took : worst;
    }
    return worst;
}

//  A receiver that answers only after 10 s (notify gives up after 2 s
//  here) holds only its own few deliveries: the other receivers' p99 stays
//  within twice its value without it, and notify's ops answer meanwhile.
//  Rounds with the sixth receiver fast ("alone") and slow ("beside")
//  alternate, so that both kinds see the same load of the shared machine.
static void
test_slow_receiver (void)
{
    SK_CASE_BEGIN ();
    recv_t *fast = recv_http_new (0, 0), *slow = recv_http_new (0, 0);
    char url[128];
    snprintf (url, sizeof url, "http://127.0.0.1:%d/fast", recv_port (fast));
    int64_t subs[5];
    for (int i = 0; i < 5; i++) {
        char who[32];
        snprintf (who, sizeof who, "system:fast%d", i);
        subs[i] =
            s_subscribe (who, "jobcenter.fair.", "webhook", url, "fast-secret-0123456789", NULL);
        CHECK_INT_GT (subs[i], 0);
    }
    snprintf (url, sizeof url, "http://127.0.0.1:%d/slow", recv_port (slow));
    int64_t slow_sub = s_subscribe ("system:slow", "jobcenter.fair.", "webhook", url,
                                    "slow-secret-0123456789", NULL);
    //  4 rounds of each kind, 15 events to 5 fast subscriptions each
    enum { ROUNDS = 4, EVENTS = 15, PER_ROUND = EVENTS * 5 };
    double alone[ROUNDS * PER_ROUND], beside[ROUNDS * PER_ROUND];
    size_t n_alone = 0, n_beside = 0;
    for (int round = 0; round < ROUNDS; round++) {
        recv_set_delay (slow, 0);
        CHECK (s_fan (fast, "jobcenter.fair.alone", EVENTS, 30, PER_ROUND, alone, &n_alone));
        recv_set_delay (slow, 10000000);
        CHECK (s_fan (fast, "jobcenter.fair.beside", EVENTS, 30, PER_ROUND, beside, &n_beside));
    }
    double alone_p50 = s_quantile (alone, n_alone, 0.5),
           alone_p99 = s_quantile (alone, n_alone, 0.99);
    double beside_p50 = s_quantile (beside, n_beside, 0.5),
           beside_p99 = s_quantile (beside, n_beside, 0.99);
    printf ("#   fast receivers' median/p99: %.1f/%.1f ms alone, %.1f/%.1f ms beside a slow one\n",
            alone_p50, alone_p99, beside_p50, beside_p99);
    CHECK_INT_EQ (n_beside, ROUNDS * PER_ROUND);
    CHECK (beside_p99 <= 2 * alone_p99);
    CHECK (beside_p50 <= 2 * alone_p50);
    //  The slow one holds at most notify/per_subscription (4) at a time
    CHECK_INT_GT (recv_count (slow), 0);
    //  Ops answer while the slow receiver holds its deliveries: well
    //  within the 2 s notify gives it (1.5 s, for a shared machine's scheduling; a stall
    //  behind the receiver took several of its timeouts)
    CHECK_INT_LT (s_op_max_ms ("notify.subscription.list", 10), 1500);
    CHECK_INT_LT (s_op_max_ms ("notify.delivery.list", 10), 1500);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "id", slow_sub);
    sk_frame_t r;
    int64_t t0 = zclock_mono ();
    CHECK_STR_EQ (itest_call (notify_staff, "notify.subscription.delete", "0730", &b, NULL, &r),
                  "ok");
    CHECK_INT_LT (zclock_mono () - t0, 1500);
    sk_frame_release (&r);
    sk_pack_release (&b);
    for (int i = 0; i < 5; i++) {
        sk_pack_init (&b);
        sk_pack_map (&b, 1);
        sk_pack_kint (&b, "id", subs[i]);
        CHECK_STR_EQ (itest_call (notify_staff, "notify.subscription.delete", "0730", &b, NULL, &r),
                      "ok");
        sk_frame_release (&r);
        sk_pack_release (&b);
    }
    recv_destroy (&slow);
    recv_destroy (&fast);
    SK_CASE_END ("a receiver answering after 10 s does not slow the others or notify's ops");
}

//  kill -9 of notify while it delivers 10,000 notifications: every one
//  arrives at least once, and the receiver sees 10,000 distinct ids.
static void
test_kill_mid_delivery (void)
{
    SK_CASE_BEGIN ();
    recv_t *bulk = recv_http_new (0, 0);
    //  A slow receiver at first keeps every sender inside a claimed batch
    recv_set_delay (bulk, 1000);
    char url[128];
    snprintf (url, sizeof url, "http://127.0.0.1:%d/bulk", recv_port (bulk));
    //  1,000 subscribers of 10 events: the outbox fills faster than it
    //  drains, so the kill lands in the middle of claimed batches
    static int64_t subs[1000];
    for (int i = 0; i < 1000; i++) {
        char who[32];
        snprintf (who, sizeof who, "system:bulk-%d", i);
        subs[i] =
            s_subscribe (who, "jobcenter.bulk.", "webhook", url, "bulk-secret-0123456789", NULL);
        CHECK_INT_GT (subs[i], 0);
    }
    for (int i = 0; i < 10; i++) {
        char id[40], name[32];
        itest_uuid (id);
        snprintf (name, sizeof name, "Bulk %d", i);
        CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.bulk.sent", name, NULL, NULL),
                      "ok");
    }
    //  Kill notify once a share has arrived, then start it again
    CHECK (recv_wait (bulk, 1500, 60000));
    s_notify_kill (SIGKILL);
    size_t at_kill = recv_distinct_ok (bulk);
    CHECK_INT_LT (at_kill, 10000);
    recv_set_delay (bulk, 0);
    CHECK (s_notify_start ());
    CHECK (recv_wait_ok (bulk, 10000, 120000));
    CHECK_INT_EQ (recv_distinct_ok (bulk), 10000);
    //  Every delivery row is delivered (those leased at the kill once
    //  their lease ends), and its uid is one the receiver saw; a uid seen
    //  again came with X-Samskab-Attempt 2 or more
    for (int i = 0; i < 1000; i++)
        CHECK (s_wait_status (subs[i], "delivered", 10, 10000));
    zhash_t *seen = zhash_new ();
    int repeats = 0, low_attempt = 0;
    for (size_t i = 0; i < recv_count (bulk); i++) {
        recv_item_t item = recv_item (bulk, i);
        size_t times = (size_t)zhash_lookup (seen, item.id);
        if (times) {
            repeats++;
            low_attempt += item.attempt < 2;
        }
        zhash_update (seen, item.id, (void *)(times + 1));
    }
    CHECK_INT_EQ (low_attempt, 0);
    int delivered = 0, missing = 0, again = 0, undercount = 0;
    for (int i = 0; i < 1000; i++) {
        sk_frame_t r;
        s_deliveries (subs[i], NULL, &r);
        const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
        for (uint32_t k = 0; items && k < items->via.array.size; k++) {
            const msgpack_object *item = &items->via.array.ptr[k];
            delivered += streq (s_str (item, "status"), "delivered");
            size_t times = (size_t)zhash_lookup (seen, s_str (item, "uid"));
            missing += !times;
            //  Each request the receiver saw was an attempt the row counts
            undercount += itest_int (item, "attempts") < (int64_t)times;
            again += itest_int (item, "attempts") > 1;
        }
        sk_frame_release (&r);
    }
    CHECK_INT_EQ (delivered, 10000);
    CHECK_INT_EQ (missing, 0);
    CHECK_INT_EQ (undercount, 0);
    //  The batches in flight at the kill were not committed: sent again
    CHECK_INT_GT (recv_count (bulk), 10000);
    //  and shows as a further attempt (the receiver never fails: every
    //  second attempt is one leased before the kill, sent or not)
    CHECK_INT_GT (again, 0);
    printf ("# %zu of 10000 distinct at the kill; %zu requests in all (%d repeats)\n", at_kill,
            recv_count (bulk), repeats);
    zhash_destroy (&seen);
    recv_destroy (&bulk);
    SK_CASE_END ("kill -9 in the middle of 10,000 deliveries loses none");
}

//  The inbox of a recipient: the subjects, newline-separated, into buf.
static int
s_inbox (const char *recipient, char *buf, size_t size)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kstr (&b, "recipient", recipient);
    sk_frame_t r;
    buf[0] = 0;
    int n = -1;
    if (streq (itest_call (notify_staff, "notify.inbox.list", "0730", &b, NULL, &r), "ok")) {
        const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
        n = (int)items->via.array.size;
        for (int i = 0; i < n; i++) {
            size_t len = strlen (buf);
            snprintf (buf + len, size - len, "%s\n", s_str (&items->via.array.ptr[i], "subject"));
        }
    }
    sk_frame_release (&r);
    sk_pack_release (&b);
    return n;
}

//  An RFC 3339 UTC time offset seconds from now.
static void
s_time (char *buf, size_t size, int64_t offset)
{
    time_t t = time (NULL) + offset;
    struct tm tm;
    gmtime_r (&t, &tm);
    strftime (buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *
s_meeting (int64_t agreement, int64_t meeting, const char *at, sk_frame_t *r)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 4);
    sk_pack_kint (&b, "agreement", agreement);
    sk_pack_kint (&b, "meeting", meeting);
    sk_pack_kstr (&b, "at", at);
    sk_pack_kstr (&b, "coordinator", "staff:koordinator");
    const char *code = itest_call (notify_staff, "notify.reminder.meeting", "0730", &b, NULL, r);
    sk_pack_release (&b);
    return code;
}

//  The status and due time of the reminder with key.
//  The topic of the reminder s_reminder found last
static char s_reminder_topic[64];

static void
s_reminder (const char *key, char *status, char *due)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kstr (&b, "key", key);
    sk_frame_t r;
    status[0] = due[0] = 0;
    if (streq (itest_call (notify_staff, "notify.reminder.list", "0730", &b, NULL, &r), "ok")) {
        const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
        if (items->via.array.size == 1) {
            strcpy (status, s_str (&items->via.array.ptr[0], "status"));
            strcpy (due, s_str (&items->via.array.ptr[0], "due_at"));
            snprintf (s_reminder_topic, sizeof s_reminder_topic, "%s",
                      s_str (&items->via.array.ptr[0], "topic"));
        }
    }
    sk_frame_release (&r);
    sk_pack_release (&b);
}

static void
test_reminders (void)
{
    SK_CASE_BEGIN ();
    int64_t sub = s_subscribe ("staff:koordinator", "match.meeting.", "inapp", NULL, NULL, "da");
    CHECK_INT_GT (sub, 0);
    //  A status meeting 14 days and 3 seconds ahead: the 14-day reminder
    //  falls due in 3 seconds, the others in 13 and 21 days
    char at[32], want[32], status[16], due[32];
    s_time (at, sizeof at, 14 * 86400 + 3);
    sk_frame_t r;
    CHECK_STR_EQ (s_meeting (17, 501, at, &r), "ok");
    const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
    CHECK_INT_EQ (itest_size (items), 3);
    sk_frame_release (&r);
    s_reminder ("meeting:501:1d", status, due);
    s_time (want, sizeof want, 13 * 86400 + 3);
    CHECK_STR_EQ (status, "scheduled");
    CHECK_STR_EQ (due, want);
    s_reminder ("meeting:501:escalate", status, due);
    s_time (want, sizeof want, 21 * 86400 + 3);
    CHECK_STR_EQ (due, want);
    //  A meeting a week ago (plus 3 s): only the escalation is still ahead
    s_time (at, sizeof at, -7 * 86400 + 3);
    CHECK_STR_EQ (s_meeting (18, 502, at, &r), "ok");
    items = sk_obj_get (itest_body (&r), "items");
    CHECK_INT_EQ (itest_size (items), 1);
    sk_frame_release (&r);
    //  and one whose minutes were logged: its escalation is cancelled
    CHECK_STR_EQ (s_meeting (19, 503, at, &r), "ok");
    sk_frame_release (&r);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kstr (&b, "key", "meeting:503:escalate");
    CHECK_STR_EQ (itest_call (notify_staff, "notify.reminder.cancel", "0730", &b, NULL, &r), "ok");
    sk_frame_release (&r);
    sk_pack_release (&b);
    //  Moving a meeting moves its reminders (one row per key)
    s_time (at, sizeof at, 30 * 86400);
    CHECK_STR_EQ (s_meeting (20, 504, at, &r), "ok");
    sk_frame_release (&r);
    s_time (at, sizeof at, 40 * 86400);
    CHECK_STR_EQ (s_meeting (20, 504, at, &r), "ok");
    sk_frame_release (&r);
    s_reminder ("meeting:504:14d", status, due);
    s_time (want, sizeof want, 26 * 86400);
    CHECK_STR_EQ (due, want);
    CHECK_STR_EQ (s_meeting (20, 505, "next tuesday", &r), "invalid_argument");
    sk_frame_release (&r);

    char inbox[2048];
    int64_t end = zclock_mono () + 15000;
    while (zclock_mono () < end && s_inbox ("staff:koordinator", inbox, sizeof inbox) < 2)
        zclock_sleep (100);
    CHECK_INT_EQ (s_inbox ("staff:koordinator", inbox, sizeof inbox), 2);
    CHECK_STR_CONTAINS (inbox, "Statusmøde ");
    CHECK_STR_CONTAINS (inbox, "Manglende referat: aftale 18");
    s_reminder ("meeting:501:14d", status, due);
    CHECK_STR_EQ (status, "fired");
    s_reminder ("meeting:503:escalate", status, due);
    CHECK_STR_EQ (status, "cancelled");
    SK_CASE_END ("reminders: status meetings 14 and 1 days ahead, escalation after 7 days");
}

static void
test_budget_phases (void)
{
    SK_CASE_BEGIN ();
    //  A citizen budget in the vote service: notify follows its event and
    //  schedules the phase reminders from its dates
    sk_client_t *vote = itest_client ("vote", "staff-0730");
    sk_frame_t ping;
    sk_client_set_timeout (vote, 1000, 1);
    bool running = streq (itest_call (vote, "vote.service.ping", "0730", NULL, NULL, &ping), "ok");
    sk_frame_release (&ping);
    if (!running) {
        sk_client_destroy (&vote);
        printf ("ok - citizen-budget phases # SKIP the vote service is not running\n");
        return;
    }
    char opens[16], closes[16];
    time_t t = time (NULL) + 40 * 86400;
    struct tm tm;
    gmtime_r (&t, &tm);
    strftime (opens, sizeof opens, "%Y-%m-%d", &tm);
    t += 14 * 86400;
    gmtime_r (&t, &tm);
    strftime (closes, sizeof closes, "%Y-%m-%d", &tm);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 5);
    sk_pack_kstr (&b, "name", "Borgerbudget Notifikation");
    sk_pack_kint (&b, "amount", 1000000);
    sk_pack_kstr (&b, "voting_from", opens);
    sk_pack_kstr (&b, "voting_until", closes);
    sk_pack_kstr (&b, "results_on", closes);
    sk_frame_t r;
    const char *code = itest_call (vote, "vote.process.create", "0730", &b, NULL, &r);
    CHECK_STR_EQ (code, "ok");
    int64_t process = itest_int (itest_body (&r), "id");
    sk_frame_release (&r);
    sk_pack_release (&b);
    sk_client_destroy (&vote);
    char key[64], status[16] = "", due[32];
    snprintf (key, sizeof key, "budget:%lld:voting_until", (long long)process);
    int64_t end = zclock_mono () + 10000;
    while (zclock_mono () < end && !status[0]) {
        s_reminder (key, status, due);
        zclock_sleep (100);
    }
    CHECK_STR_EQ (status, "scheduled");
    //  08:00 in Copenhagen on the closing day
    CHECK_STRN_EQ (due, closes, 10);
    CHECK (streq (due + 10, "T07:00:00Z") || streq (due + 10, "T06:00:00Z"));
    snprintf (key, sizeof key, "budget:%lld:voting_from", (long long)process);
    s_reminder (key, status, due);
    CHECK_STR_EQ (status, "scheduled");
    snprintf (key, sizeof key, "budget:%lld:ideas_from", (long long)process);
    s_reminder (key, status, due);
    CHECK_STR_EQ (status, ""); //  no date, no reminder
    //  The results day's reminder says what it is
    snprintf (key, sizeof key, "budget:%lld:results_on", (long long)process);
    s_reminder (key, status, due);
    CHECK_STR_EQ (status, "scheduled");
    CHECK_STR_EQ (s_reminder_topic, "vote.budget.results_due");
    //  Voting opened and closed early: the reminders of voting opening and
    //  closing are cancelled, the results day's stays
    vote = itest_client ("vote", "staff-0730");
    sk_pack_init (&b);
    sk_pack_map (&b, 3);
    sk_pack_kint (&b, "process", process);
    sk_pack_kstr (&b, "title", "Bænke");
    sk_pack_kint (&b, "cost", 1000);
    CHECK_STR_EQ (itest_call (vote, "vote.project.create", "0730", &b, NULL, &r), "ok");
    sk_frame_release (&r);
    sk_pack_release (&b);
    static const char *early[] = { "voting", "closed" };
    for (int i = 0; i < 2; i++) {
        sk_pack_init (&b);
        sk_pack_map (&b, 2);
        sk_pack_kint (&b, "process", process);
        sk_pack_kstr (&b, "phase", early[i]);
        CHECK_STR_EQ (itest_call (vote, "vote.process.phase", "0730", &b, NULL, &r), "ok");
        sk_frame_release (&r);
        sk_pack_release (&b);
    }
    sk_client_destroy (&vote);
    snprintf (key, sizeof key, "budget:%lld:voting_until", (long long)process);
    end = zclock_mono () + 10000;
    do {
        s_reminder (key, status, due);
        zclock_sleep (100);
    } while (zclock_mono () < end && streq (status, "scheduled"));
    CHECK_STR_EQ (status, "cancelled");
    snprintf (key, sizeof key, "budget:%lld:voting_from", (long long)process);
    s_reminder (key, status, due);
    CHECK_STR_EQ (status, "cancelled");
    snprintf (key, sizeof key, "budget:%lld:results_on", (long long)process);
    s_reminder (key, status, due);
    CHECK_STR_EQ (status, "scheduled");
    SK_CASE_END ("citizen-budget phases opening and closing are scheduled from vote's events, and "
                 "cancelled when the phase moves past their date");
}

static void
test_digest (void)
{
    SK_CASE_BEGIN ();
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 5);
    sk_pack_kstr (&b, "recipient", "person:digest");
    sk_pack_kstr (&b, "kind", "person");
    sk_pack_kstr (&b, "topic", "jobcenter.digest.");
    sk_pack_kstr (&b, "channel", "inapp");
    sk_pack_kbool (&b, "digest", true);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (notify_staff, "notify.subscription.create", "0730", &b, NULL, &r),
                  "ok");
    int64_t sub = itest_int (itest_body (&r), "id");
    sk_frame_release (&r);
    sk_pack_release (&b);
    for (int i = 0; i < 3; i++) {
        char id[40];
        itest_uuid (id);
        CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.digest.sent", "D", NULL, NULL),
                      "ok");
    }
    CHECK (s_wait_status (sub, "digest", 3, 5000));
    char inbox[1024];
    CHECK_INT_EQ (s_inbox ("person:digest", inbox, sizeof inbox), 0);
    CHECK_STR_EQ (itest_call (notify_staff, "notify.digest.send", "0730", NULL, NULL, &r), "ok");
    CHECK_INT_EQ (itest_int (itest_body (&r), "sent"), 1);
    sk_frame_release (&r);
    int64_t end = zclock_mono () + 10000;
    while (zclock_mono () < end && s_inbox ("person:digest", inbox, sizeof inbox) < 1)
        zclock_sleep (100);
    CHECK_INT_EQ (s_inbox ("person:digest", inbox, sizeof inbox), 1);
    CHECK_STR_CONTAINS (inbox, "Dagens overblik: 3 nye hændelser");
    //  The three went out in the digest; nothing is left to send
    CHECK (s_wait_status (sub, "digested", 3, 1000));
    CHECK (s_wait_status (sub, "digest", 0, 1000));
    CHECK_STR_EQ (itest_call (notify_staff, "notify.digest.send", "0730", NULL, NULL, &r), "ok");
    CHECK_INT_EQ (itest_int (itest_body (&r), "sent"), 0);
    sk_frame_release (&r);
    SK_CASE_END ("a daily digest gathers the held events in one notification");
}

//  Meeting events from a case system: reminders scheduled from the log,
//  the escalation cancelled by the minutes. The publisher's certificate is
//  added to the clients directory while the stack runs.
static void
test_meeting_events (void)
{
    SK_CASE_BEGIN ();
    char path[512], pub[512];
    snprintf (path, sizeof path, "%s/keys/casesystem-0730.cert", s_var ());
    snprintf (pub, sizeof pub, "%s/keys/clients/casesystem-0730.cert", s_var ());
    zcert_t *cert = zcert_new ();
    zcert_set_meta (cert, "name", "casesystem");
    zcert_set_meta (cert, "role", "service");
    zcert_set_meta (cert, "municipality", "0730");
    zcert_set_meta (cert, "topics", "match.meeting.");
    CHECK_INT_EQ (zcert_save (cert, path), 0);
    CHECK_INT_EQ (zcert_save_public (cert, pub), 0);
    zcert_destroy (&cert);
    zclock_sleep (1100); //  the directory's modification time must move
    sk_client_t *cases = itest_client ("notify", "casesystem-0730");
    sk_client_set_timeout (cases, 2000, 1);
    char at[32], id[40];
    s_time (at, sizeof at, -7 * 86400 + 2);
    //  Two meetings a week ago; the minutes of the second are logged
    for (int m = 601; m <= 602; m++) {
        sk_pack_t b;
        sk_pack_init (&b);
        sk_pack_map (&b, 3);
        itest_uuid (id);
        sk_pack_kstr (&b, "event_id", id);
        sk_pack_kstr (&b, "topic", "match.meeting.scheduled");
        sk_pack_str (&b, "body");
        sk_pack_map (&b, 3);
        sk_pack_kint (&b, "agreement", m - 500);
        sk_pack_kint (&b, "meeting", m);
        sk_pack_kstr (&b, "at", at);
        sk_frame_t r;
        CHECK_STR_EQ (itest_call (cases, "notify.event.publish", "0730", &b, NULL, &r), "ok");
        sk_frame_release (&r);
        sk_pack_release (&b);
    }
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 3);
    itest_uuid (id);
    sk_pack_kstr (&b, "event_id", id);
    sk_pack_kstr (&b, "topic", "match.meeting.minutes_logged");
    sk_pack_str (&b, "body");
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "meeting", 602);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (cases, "notify.event.publish", "0730", &b, NULL, &r), "ok");
    sk_frame_release (&r);
    sk_pack_release (&b);
    char status[16], due[32];
    s_reminder ("meeting:602:escalate", status, due);
    CHECK_STR_EQ (status, "cancelled");
    int64_t end = zclock_mono () + 10000;
    do {
        s_reminder ("meeting:601:escalate", status, due);
        zclock_sleep (100);
    } while (zclock_mono () < end && !streq (status, "fired"));
    CHECK_STR_EQ (status, "fired");
    s_reminder ("meeting:602:escalate", status, due);
    CHECK_STR_EQ (status, "cancelled");
    //  match's own 14-day event: notify adds the day before; the minutes
    //  (match.meeting.held) cancel it
    char due_on[16], want[32];
    time_t t = time (NULL) + 10 * 86400;
    struct tm tm;
    gmtime_r (&t, &tm);
    strftime (due_on, sizeof due_on, "%Y-%m-%d", &tm);
    const char *topics[] = { "match.meeting.due", "match.meeting.held" };
    for (int k = 0; k < 2; k++) {
        sk_pack_init (&b);
        sk_pack_map (&b, 3);
        itest_uuid (id);
        sk_pack_kstr (&b, "event_id", id);
        sk_pack_kstr (&b, "topic", topics[k]);
        sk_pack_str (&b, "body");
        sk_pack_map (&b, 4);
        sk_pack_kint (&b, "meeting", 603);
        sk_pack_kint (&b, "agreement", 103);
        sk_pack_kstr (&b, "due_on", due_on);
        sk_pack_kstr (&b, "title", "Lektiecafé");
        CHECK_STR_EQ (itest_call (cases, "notify.event.publish", "0730", &b, NULL, &r), "ok");
        sk_frame_release (&r);
        sk_pack_release (&b);
        s_reminder ("meeting:603:1d", status, due);
        if (k == 0) {
            CHECK_STR_EQ (status, "scheduled");
            t -= 86400;
            gmtime_r (&t, &tm);
            strftime (want, sizeof want, "%Y-%m-%d", &tm);
            CHECK_STRN_EQ (due, want, 10);
        } else
            CHECK_STR_EQ (status, "cancelled");
    }
    //  An unreadable date: the event is stored, without reminders
    sk_pack_init (&b);
    sk_pack_map (&b, 3);
    itest_uuid (id);
    sk_pack_kstr (&b, "event_id", id);
    sk_pack_kstr (&b, "topic", "match.meeting.due");
    sk_pack_str (&b, "body");
    sk_pack_map (&b, 3);
    sk_pack_kint (&b, "meeting", 604);
    sk_pack_kint (&b, "agreement", 104);
    sk_pack_kstr (&b, "due_on", "2026-13-45");
    CHECK_STR_EQ (itest_call (cases, "notify.event.publish", "0730", &b, NULL, &r), "ok");
    sk_frame_release (&r);
    sk_pack_release (&b);
    CHECK (s_log_has (id, 2000, NULL));
    s_reminder ("meeting:604:1d", status, due);
    CHECK_STR_EQ (status, "");
    //  The case system may publish no other topics
    itest_uuid (id);
    CHECK_STR_EQ (s_publish (cases, "0730", id, "jobcenter.case.opened", "x", NULL, NULL),
                  "forbidden");
    sk_client_destroy (&cases);
    SK_CASE_END (
        "meeting events from a publisher schedule reminders; logged minutes cancel the escalation");
}

//  A CURVE socket of type to notify's bus endpoint (bus/xpub or bus/xsub)
//  with WHO's certificate.
static zsock_t *
s_bus_socket (int type, const char *setting, const char *who)
{
    char cert[512], server[512], endpoint[128];
    snprintf (cert, sizeof cert, "%s/keys/%s.cert_secret", s_var (), who);
    snprintf (server, sizeof server, "%s/keys/notify.cert", s_var ());
    sk_config_t *config = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    snprintf (endpoint, sizeof endpoint, "%s", sk_config_get (config, setting, ""));
    sk_config_destroy (&config);
    zsock_t *sock = zsock_new (type);
    zsock_set_linger (sock, 0);
    if (sk_auth_client (sock, cert, server) || zsock_connect (sock, "%s", endpoint))
        zsock_destroy (&sock);
    return sock;
}

//  The next bus message within timeout_ms: its topic and event_id.
static bool
s_bus_recv (zsock_t *sub, int timeout_ms, char *topic, char *event_id)
{
    zsock_set_rcvtimeo (sub, timeout_ms);
    zmsg_t *msg = zmsg_recv (sub);
    if (!msg)
        return false;
    bool ok = zmsg_size (msg) == 2;
    char *t = zmsg_popstr (msg);
    zframe_t *event = zmsg_pop (msg);
    snprintf (topic, 128, "%s", t ? t : "");
    sk_frame_t f;
    sk_error_t err;
    event_id[0] = 0;
    if (ok && event && sk_frame_decode (&f, zframe_data (event), zframe_size (event), &err) == 0)
        snprintf (event_id, 40, "%s", s_str (&f.root, "event_id"));
    sk_frame_release (&f);
    zstr_free (&t);
    zframe_destroy (&event);
    zmsg_destroy (&msg);
    return ok;
}

//  True once a bus message of topic (and event_id, unless NULL) arrives
//  within timeout_ms; others on the way are skipped, as a subscriber pulls
//  by its cursor and hears events of earlier cases late on a loaded machine.
static bool
s_bus_until (zsock_t *sub, int timeout_ms, const char *topic, const char *event_id)
{
    char t[128], id[40];
    int64_t deadline = zclock_mono () + timeout_ms;
    int64_t left;
    while ((left = deadline - zclock_mono ()) > 0)
        if (s_bus_recv (sub, (int)left, t, id) && streq (t, topic)
            && (!event_id || streq (id, event_id)))
            return true;
    return false;
}

//  Publishes probes until SUB hears one: its subscriptions have reached
//  notify (a PUB/SUB subscription travels asynchronously).
static bool
s_bus_ready (zsock_t *sub)
{
    for (int i = 0; i < 40; i++) {
        char id[40];
        itest_uuid (id);
        if (!streq (s_publish (jobcenter, "0730", id, "jobcenter.bus.probe", "Bus", NULL, NULL),
                    "ok"))
            return false;
        if (s_bus_until (sub, 250, "jobcenter.bus.probe", id))
            return true;
    }
    return false;
}

static void
test_bus (void)
{
    SK_CASE_BEGIN ();
    zsock_t *service = s_bus_socket (ZMQ_SUB, "bus/xpub", "match");
    zsock_t *staff = s_bus_socket (ZMQ_SUB, "bus/xpub", "staff-0730");
    zsock_t *forger = s_bus_socket (ZMQ_PUB, "bus/xsub", "staff-0730");
    CHECK (service && staff && forger);
    if (!service || !staff || !forger) {
        zsock_destroy (&service);
        zsock_destroy (&staff);
        zsock_destroy (&forger);
        SK_CASE_END ("the bus");
        return;
    }
    zsock_set_subscribe (service, "jobcenter.bus.");
    zsock_set_subscribe (service, "registry.association.");
    zsock_set_subscribe (staff, "");
    CHECK (s_bus_ready (service));
    //  A published event and a registry event reach the service's SUB
    char id[40], topic[128], got[40];
    itest_uuid (id);
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.bus.sent", "Bus", NULL, NULL), "ok");
    CHECK (s_bus_until (service, 5000, "jobcenter.bus.sent", id));
    s_create_association ("Busforeningen", NULL);
    CHECK (s_bus_until (service, 5000, "registry.association.created", NULL));
    //  A forged event from a person's certificate goes nowhere
    zmsg_t *msg = zmsg_new ();
    zmsg_addstr (msg, "jobcenter.bus.forged");
    zmsg_addstr (msg, "not an event");
    zmsg_send (&msg, forger);
    CHECK (!s_bus_until (service, 700, "jobcenter.bus.forged", NULL));
    //  A staff certificate's subscription is not applied: it sees nothing,
    //  not even the probes and events above
    CHECK (!s_bus_recv (staff, 300, topic, got));
    zsock_destroy (&service);
    zsock_destroy (&staff);
    zsock_destroy (&forger);
    SK_CASE_END ("the bus: services publish and subscribe, other certificates neither");
}

//  Probes published until sub has heard none for quiet_ms, for at most
//  timeout_ms: how long after the start it last heard one (-1 if it never
//  fell quiet).
static int64_t
s_bus_quiet (zsock_t *sub, int quiet_ms, int timeout_ms)
{
    int64_t start = zclock_mono (), heard = start;
    while (zclock_mono () - start < timeout_ms) {
        char id[40];
        itest_uuid (id);
        s_publish (jobcenter, "0730", id, "jobcenter.bus.probe", "Bus", NULL, NULL);
        if (s_bus_until (sub, 200, "jobcenter.bus.probe", id))
            heard = zclock_mono ();
        else if (zclock_mono () - heard >= quiet_ms)
            return heard - start;
    }
    return -1;
}

//  A service certificate removed from the clients folder: its live bus
//  subscription ends within seconds (its connection is closed, and it
//  cannot connect again), as its requests are refused.
static void
test_bus_revoke (void)
{
    SK_CASE_BEGIN ();
    char pub[512], kept[512];
    itest_cert_make ("bus-revoked", "service", "all", pub, sizeof pub);
    snprintf (kept, sizeof kept, "%s/keys/bus-revoked.kept", s_var ());
    //  The folder is read again within a second: a request tells when (a
    //  SUB refused at its handshake does not try again)
    sk_client_t *client = itest_client ("notify", "bus-revoked");
    sk_client_set_timeout (client, 1000, 0);
    bool known = false;
    for (int i = 0; i < 50 && !known; i++) {
        sk_frame_t r;
        known = streq (itest_call (client, "notify.service.ping", "0730", NULL, NULL, &r), "ok");
        sk_frame_release (&r);
        if (!known)
            zclock_sleep (200);
    }
    sk_client_destroy (&client);
    CHECK (known);
    zsock_t *sub = s_bus_socket (ZMQ_SUB, "bus/xpub", "bus-revoked");
    CHECK (sub);
    if (sub) {
        zsock_set_subscribe (sub, "jobcenter.bus.");
        CHECK (s_bus_ready (sub));
        CHECK_INT_EQ (rename (pub, kept), 0);
        int64_t took = s_bus_quiet (sub, 2000, 10000);
        printf ("#   last heard %lld ms after the certificate was removed\n", (long long)took);
        CHECK_INT_GE (took, 0);
        CHECK_INT_LT (took, 3000);
    }
    zsock_destroy (&sub);
    SK_CASE_END ("the bus: a subscriber whose certificate is removed stops hearing it within "
                 "seconds");
}

//  PostgreSQL restarts under notify: followers, senders and workers
//  reconnect by themselves, and the senders listen again.
static void
test_pg_restart (void)
{
    SK_CASE_BEGIN ();
    recv_t *recv = recv_http_new (0, 0);
    char url[128];
    snprintf (url, sizeof url, "http://127.0.0.1:%d/restart", recv_port (recv));
    int64_t sub = s_subscribe ("system:restart", "jobcenter.restart.", "webhook", url,
                               "restart-secret-0123456789", NULL);
    CHECK_INT_GT (sub, 0);
    CHECK_INT_EQ (itest_stack ("pg-stop"), 0);
    zclock_sleep (500);
    CHECK_INT_EQ (itest_stack ("pg-start"), 0);
    //  The first requests may find their connection gone: "unavailable"
    char id[40];
    itest_uuid (id);
    const char *code = "unavailable";
    for (int i = 0; i < 50 && !streq (code, "ok"); i++) {
        code = s_publish (jobcenter, "0730", id, "jobcenter.restart.sent", "R", NULL, NULL);
        if (!streq (code, "ok"))
            zclock_sleep (200);
    }
    CHECK_STR_EQ (code, "ok");
    CHECK (recv_wait_ok (recv, 1, 10000));
    //  Woken by NOTIFY again, not only by the poll
    int64_t sent = zclock_usecs ();
    itest_uuid (id);
    CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.restart.sent", "R", NULL, NULL),
                  "ok");
    CHECK (recv_wait_ok (recv, 2, 10000));
    if (recv_count (recv) >= 2)
        CHECK_INT_LT (recv_item (recv, recv_count (recv) - 1).at - sent, 900000);
    //  And the follower still follows the registry
    char event_id[64];
    s_create_association ("Genopstartforeningen", event_id);
    CHECK (s_log_has (event_id, 10000, NULL));
    recv_destroy (&recv);
    SK_CASE_END ("a PostgreSQL restart under notify loses nothing and stalls nothing");
}

//  The mail to rcpt whose body holds needle, or NULL.
static const char *
s_mail_with (const char *rcpt, const char *needle)
{
    for (size_t i = 0; i < recv_count (smtp); i++) {
        recv_item_t m = recv_item (smtp, i);
        if (strstr (m.rcpt, rcpt) && m.body && strstr (m.body, needle))
            return m.body;
    }
    return NULL;
}

static void
test_local_time (void)
{
    SK_CASE_BEGIN ();
    //  The fallback text, as staff read it: Danish words, Copenhagen time
    //  in winter (+1) and summer (+2), no microseconds; English in English
    int64_t da =
        s_subscribe ("staff:tid-da", "jobcenter.time.", "email", "tid@example.dk", NULL, "da");
    int64_t en =
        s_subscribe ("staff:tid-en", "jobcenter.time.", "email", "time@example.org", NULL, "en");
    CHECK_INT_GT (da, 0);
    CHECK_INT_GT (en, 0);
    char id[40];
    itest_uuid (id);
    CHECK_STR_EQ (s_publish_at (jobcenter, "0730", id, "jobcenter.time.winter", "Tid",
                                "2026-12-07T16:15:17.960369Z", NULL, NULL),
                  "ok");
    itest_uuid (id);
    CHECK_STR_EQ (s_publish_at (jobcenter, "0730", id, "jobcenter.time.summer", "Tid",
                                "2026-07-01T10:00:00+00:00", NULL, NULL),
                  "ok");
    CHECK (s_wait_status (da, "delivered", 2, 10000));
    CHECK (s_wait_status (en, "delivered", 2, 10000));
    CHECK_NOT_NULL (s_mail_with ("tid@example.dk", "vedrører dig, 7. december 2026 kl. 17.15."));
    CHECK_NOT_NULL (s_mail_with ("tid@example.dk", "vedrører dig, 1. juli 2026 kl. 12.00."));
    CHECK_NOT_NULL (s_mail_with ("time@example.org", "samskab on 7 December 2026 at 17:15."));
    CHECK_NOT_NULL (s_mail_with ("time@example.org", "samskab on 1 July 2026 at 12:00."));
    CHECK_NULL (s_mail_with ("tid@example.dk", "960369"));
    SK_CASE_END ("the texts staff read are in words with Copenhagen time, summer and winter");
}

static void
test_party_recipients (void)
{
    SK_CASE_BEGIN ();
    //  A party's subscription hears the events that name it; staff hear all
    char tag[40], name[80], recipient[80], staff[80];
    itest_uuid (tag);
    snprintf (name, sizeof name, "Partsforeningen %.8s", tag);
    char event_id[64];
    int64_t own = s_create_association (name, event_id);
    CHECK_INT_GT (own, 0);
    //  Its creation is in notify's log before the subscriptions, which
    //  then hear only what comes after
    CHECK (s_log_has (event_id, 10000, NULL));
    snprintf (recipient, sizeof recipient, "association:%lld", (long long)own);
    snprintf (staff, sizeof staff, "staff:alle-%.8s", tag);
    int64_t party = s_subscribe (recipient, "registry.association.", "inapp", NULL, NULL, "da");
    int64_t all = s_subscribe (staff, "registry.association.", "inapp", NULL, NULL, "da");
    CHECK_INT_GT (party, 0);
    CHECK_INT_GT (all, 0);
    snprintf (name, sizeof name, "Andenforeningen %.8s", tag);
    CHECK_INT_GT (s_create_association (name, NULL), 0);
    snprintf (name, sizeof name, "Tredjeforeningen %.8s", tag);
    CHECK_INT_GT (s_create_association (name, NULL), 0);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "id", own);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (registry_staff, "registry.association.archive", "0730", &b, NULL, &r),
                  "ok");
    sk_frame_release (&r);
    sk_pack_release (&b);
    //  Staff hear the three; by then the fan-out of all three is done
    CHECK (s_wait_status (all, "delivered", 3, 10000));
    CHECK_INT_EQ (s_deliveries (party, NULL, &r), 1);
    sk_frame_release (&r);
    char inbox[2048];
    CHECK_INT_EQ (s_inbox (recipient, inbox, sizeof inbox), 1);
    CHECK_NULL (strstr (inbox, "Andenforeningen"));
    SK_CASE_END ("a party's subscription hears only the events that name it, staff hear all");
}

//  A receiver that holds each request 1 s has at most
//  notify/per_subscription (4) of one subscription's deliveries at a time,
//  and more than one: 20 events published at once arrive a few at a time.
//  Held for S_HOLD_US from its arrival, a request overlaps those that
//  arrived less than S_HOLD_US before it.
#define S_HOLD_US 1000000
#define S_HELD    20
static void
test_per_subscription (void)
{
    SK_CASE_BEGIN ();
    recv_t *held = recv_http_new (0, 0);
    recv_set_delay (held, S_HOLD_US);
    char url[128];
    snprintf (url, sizeof url, "http://127.0.0.1:%d/held", recv_port (held));
    int64_t sub = s_subscribe ("system:held", "jobcenter.held.", "webhook", url,
                               "held-secret-0123456789", NULL);
    CHECK_INT_GT (sub, 0);
    for (int i = 0; i < S_HELD; i++) {
        char id[40];
        itest_uuid (id);
        CHECK_STR_EQ (s_publish (jobcenter, "0730", id, "jobcenter.held.x", "H", NULL, NULL), "ok");
    }
    CHECK (recv_wait_ok (held, S_HELD, 60000));
    size_t got = recv_count (held);
    int most = 0;
    for (size_t j = 0; j < got; j++) {
        int64_t at = recv_item (held, j).at;
        int overlapping = 0;
        for (size_t i = 0; i < got; i++) {
            int64_t other = recv_item (held, i).at;
            overlapping += other <= at && other > at - S_HOLD_US;
        }
        most = overlapping > most ? overlapping : most;
    }
    printf ("#   %zu requests, at most %d held at a time\n", got, most);
    CHECK_INT_LE (most, 4);
    CHECK_INT_GT (most, 1);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "id", sub);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (notify_staff, "notify.subscription.delete", "0730", &b, NULL, &r),
                  "ok");
    sk_frame_release (&r);
    sk_pack_release (&b);
    recv_destroy (&held);
    SK_CASE_END ("a subscription has at most notify/per_subscription (4) deliveries in flight, "
                 "several at once");
}

static const itest_case_t s_cases[] = { { "follow", test_follow },
                                        { "replay_after_restart", test_replay_after_restart },
                                        { "publish", test_publish },
                                        { "bus", test_bus },
                                        { "bus_revoke", test_bus_revoke },
                                        { "webhook", test_webhook },
                                        { "webhook_whsec", test_webhook_whsec },
                                        { "webhook_guard", test_webhook_guard },
                                        { "retries", test_retries },
                                        { "dead_letter", test_dead_letter },
                                        { "email", test_email },
                                        { "local_time", test_local_time },
                                        { "party_recipients", test_party_recipients },
                                        { "zmq_and_inapp", test_zmq_and_inapp },
                                        { "opt_out", test_opt_out },
                                        { "reminders", test_reminders },
                                        { "meeting_events", test_meeting_events },
                                        { "budget_phases", test_budget_phases },
                                        { "digest", test_digest },
                                        { "slow_receiver", test_slow_receiver },
                                        { "kill_mid_delivery", test_kill_mid_delivery },
                                        { "pg_restart", test_pg_restart },
                                        { "per_subscription", test_per_subscription },
                                        { NULL } };

int
main (int argc, char **argv)
{
    sk_log_init ("notify_test", SK_ERROR);
    zsys_init ();
    zsys_set_logstream (NULL);
    if (sodium_init () < 0)
        return 1;
    notify_staff = itest_client ("notify", "staff-0730");
    notify_admin = itest_client ("notify", "admin");
    jobcenter = itest_client ("notify", "jobcenter-0730");
    registry_staff = itest_client ("registry", "staff-0730");
    http_ok = recv_http_new (0, 0);
    http_flaky = recv_http_new (0, 3);
    http_dead = recv_http_new (0, 5);
    smtp = recv_smtp_new ();
    zmq_in = recv_zmq_new ();
    if (!notify_staff || !notify_admin || !jobcenter || !registry_staff || !http_ok || !http_flaky
        || !http_dead || !smtp || !zmq_in) {
        printf ("not ok - notify test set-up: no certificates or receivers\n");
        return 1;
    }
    sk_client_set_timeout (notify_admin, 1000, 0);
    s_notify_kill (SIGTERM);
    if (!s_notify_start ()) {
        printf ("not ok - notify test set-up: notify did not start\n");
        return 1;
    }
    sk_client_set_timeout (notify_admin, 3000, 2);
    int rc = itest_cases (s_cases, argc, argv);
    sk_client_destroy (&notify_staff);
    sk_client_destroy (&notify_admin);
    sk_client_destroy (&jobcenter);
    sk_client_destroy (&registry_staff);
    recv_destroy (&http_ok);
    recv_destroy (&http_flaky);
    recv_destroy (&http_dead);
    recv_destroy (&smtp);
    recv_destroy (&zmq_in);
    return rc;
}
