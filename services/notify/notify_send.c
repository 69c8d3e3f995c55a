/*  notify_send.c: a sender thread.

    Each sender claims up to `batch` due deliveries with FOR UPDATE SKIP
    LOCKED, delivers them, and records every attempt (status, attempts,
    next try, the delivery log) in the same transaction that holds the
    claim. A sender killed mid-batch commits nothing: the rows are pending
    again and are delivered again (at least once; receivers dedupe on
    X-Samskab-Id). LISTEN notify_delivery only wakes it; it also polls.
*/
#include <curl/curl.h>
#include <sodium.h>

#include "notify.h"
#include "sk_mem.h"

typedef struct {
    const notify_conf_t *conf;
    sk_db_t *db;
    int listening; //  backend pid of the session LISTEN was issued in
    CURL *http;    //  kept for keep-alive to webhook receivers
    CURL *smtp;
    zcert_t *cert; //  for the ZeroMQ channel
} sender_t;

//  The outcome of one attempt.
typedef struct {
    bool ok;
    char detail[256];
    int ms;
} outcome_t;

static size_t
s_discard (char *data, size_t size, size_t n, void *arg)
{
    (void)data;
    (void)arg;
    return size * n;
}

static void
s_webhook (sender_t *self, const char *url, const char *secret, const char *uid,
           const msgpack_object *event, int attempt, const char *subject, const char *text,
           outcome_t *out)
{
    zchunk_t *body = notify_webhook_body (event, uid, subject, text);
    char sig[65], header[5][160];
    notify_hmac (secret ? secret : "", zchunk_data (body), zchunk_size (body), sig);
    char event_id[40] = "", topic[100] = "";
    sk_obj_str_copy (sk_obj_get (event, "event_id"), event_id, sizeof event_id);
    sk_obj_str_copy (sk_obj_get (event, "topic"), topic, sizeof topic);
    snprintf (header[0], sizeof header[0], "X-Samskab-Id: %s", uid);
    snprintf (header[1], sizeof header[1], "X-Samskab-Signature: sha256=%s", sig);
    snprintf (header[2], sizeof header[2], "X-Samskab-Event: %s", event_id);
    snprintf (header[3], sizeof header[3], "X-Samskab-Topic: %s", topic);
    snprintf (header[4], sizeof header[4], "X-Samskab-Attempt: %d", attempt);
    struct curl_slist *headers = curl_slist_append (NULL, "Content-Type: application/json");
    for (int i = 0; i < 5; i++)
        headers = curl_slist_append (headers, header[i]);
    headers = curl_slist_append (headers, "Expect:");
    CURL *c = self->http;
    curl_easy_setopt (c, CURLOPT_URL, url);
    curl_easy_setopt (c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt (c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt (c, CURLOPT_POSTFIELDS, zchunk_data (body));
    curl_easy_setopt (c, CURLOPT_POSTFIELDSIZE, (long)zchunk_size (body));
    curl_easy_setopt (c, CURLOPT_TIMEOUT_MS, (long)self->conf->timeout_ms);
    curl_easy_setopt (c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, s_discard);
    CURLcode rc = curl_easy_perform (c);
    long status = 0;
    curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK)
        snprintf (out->detail, sizeof out->detail, "could not post to %s: %s", url,
                  curl_easy_strerror (rc));
    else
        snprintf (out->detail, sizeof out->detail, "HTTP %ld", status);
    out->ok = rc == CURLE_OK && status >= 200 && status < 300;
    curl_easy_setopt (c, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all (headers);
    zchunk_destroy (&body);
}

static void
s_email (sender_t *self, const char *to, const char *uid, const char *subject, const char *text,
         outcome_t *out)
{
    if (!self->conf->smtp_url) {
        snprintf (out->detail, sizeof out->detail, "no SMTP server configured (notify/smtp_url)");
        out->ok = false;
        return;
    }
    long status = 0;
    CURLcode rc = notify_mail_smtp (self->smtp, self->conf, to, uid, subject, text,
                                    self->conf->timeout_ms, &status);
    out->ok = rc == CURLE_OK;
    if (out->ok)
        snprintf (out->detail, sizeof out->detail, "SMTP %ld", status);
    else
        snprintf (out->detail, sizeof out->detail, "could not mail %s: %s (SMTP %ld)", to,
                  curl_easy_strerror (rc), status);
}

//  ZeroMQ: a CURVE DEALER to the receiver's endpoint (its public key in the
//  subscription's secret); frames uid, topic, event; the receiver answers
//  with the uid.
static void
s_zmq (sender_t *self, const char *endpoint, const char *server_key, const char *uid,
       const char *topic, const void *event, size_t len, outcome_t *out)
{
    out->ok = false;
    if (!self->cert) {
        snprintf (out->detail, sizeof out->detail, "notify has no certificate to connect with");
        return;
    }
    zsock_t *sock = zsock_new (ZMQ_DEALER);
    zsock_set_linger (sock, 0);
    zcert_apply (self->cert, sock);
    zsock_set_curve_serverkey (sock, server_key ? server_key : "");
    zsock_set_rcvtimeo (sock, self->conf->timeout_ms);
    zsock_set_sndtimeo (sock, self->conf->timeout_ms);
    out->ok = false;
    if (!server_key || strlen (server_key) != 40)
        snprintf (out->detail, sizeof out->detail, "the subscription has no server key");
    else if (zsock_connect (sock, "%s", endpoint) < 0)
        snprintf (out->detail, sizeof out->detail, "could not connect to %s: %s", endpoint,
                  zmq_strerror (zmq_errno ()));
    else {
        zmsg_t *msg = zmsg_new ();
        zmsg_addstr (msg, uid);
        zmsg_addstr (msg, topic);
        zmsg_addmem (msg, event, len);
        zmsg_t *reply = NULL;
        if (zmsg_send (&msg, sock) == 0)
            reply = zmsg_recv (sock);
        zmsg_destroy (&msg);
        char *ack = reply ? zmsg_popstr (reply) : NULL;
        out->ok = ack && streq (ack, uid);
        snprintf (out->detail, sizeof out->detail,
                  out->ok ? "acknowledged"
                  : ack   ? "wrong acknowledgement"
                          : "no acknowledgement from %s",
                  endpoint);
        zstr_free (&ack);
        zmsg_destroy (&reply);
    }
    zsock_destroy (&sock);
}

//  Append a value to a PostgreSQL array literal; NULL is SQL NULL.
static void
s_array_add (zchunk_t *a, const char *value)
{
    zchunk_extend (a, zchunk_size (a) ? "," : "{", 1);
    if (!value) {
        zchunk_extend (a, "NULL", 4);
        return;
    }
    zchunk_extend (a, "\"", 1);
    for (const char *p = value; *p; p++) {
        if (*p == '"' || *p == '\\')
            zchunk_extend (a, "\\", 1);
        zchunk_extend (a, p, 1);
    }
    zchunk_extend (a, "\"", 1);
}

static const char *
s_array_end (zchunk_t *a)
{
    if (!zchunk_size (a))
        zchunk_extend (a, "{", 1);
    zchunk_extend (a, "}", 2); //  with the NUL
    return (const char *)zchunk_data (a);
}

//  Make sure the connection is up and listening; 0 or -1.
static int
s_listen (sender_t *self)
{
    if (sk_db_ensure (self->db))
        return -1;
    PGconn *conn = sk_db_conn (self->db);
    if (!conn)
        return -1;
    //  A new session (PostgreSQL restarted, the connection was lost)
    if (PQbackendPID (conn) != self->listening) {
        //  Row-level security hides the row counts from the planner (it
        //  guesses the policy keeps 0.5% of a table) and it would then
        //  scan event_log and subscription once per claimed row; every
        //  lookup here is by key
        sk_error_t err;
        if (sk_db_run (self->db, &err, "LISTEN notify_delivery", 0, NULL)
            || sk_db_run (self->db, &err, "SET enable_seqscan = off", 0, NULL))
            return -1;
        self->listening = PQbackendPID (conn);
    }
    return 0;
}

//  Deliver the delivery in row i of the batch's result (the event from
//  column 8) on its channel: the outcome in *out, the rendered subject and
//  text in *subject_p and *text_p (the caller frees them).
static void
s_deliver (sender_t *self, PGresult *r, int i, const char *channel, const char *address,
           const char *secret, int attempt, outcome_t *out, char **subject_p, char **text_p)
{
    const char *uid = PQgetvalue (r, i, 1);
    sk_error_t err = { 0 };
    sk_pack_t packed;
    sk_pack_init (&packed);
    notify_log_pack (&packed, r, i, 8);
    sk_frame_t event;
    if (sk_frame_decode (&event, (const uint8_t *)packed.buf.data, packed.buf.size, &err) == 0) {
        *subject_p = notify_render (PQgetvalue (r, i, 6), &event.root);
        *text_p = notify_render (PQgetvalue (r, i, 7), &event.root);
        if (streq (channel, "webhook"))
            s_webhook (self, address, secret, uid, &event.root, attempt, *subject_p, *text_p, out);
        else if (streq (channel, "email"))
            s_email (self, address, uid, *subject_p, *text_p, out);
        else if (streq (channel, "zmq"))
            s_zmq (self, address, secret, uid, PQgetvalue (r, i, 14), packed.buf.data,
                   packed.buf.size, out);
        else {
            out->ok = true;
            snprintf (out->detail, sizeof out->detail, "in the inbox");
        }
    } else
        snprintf (out->detail, sizeof out->detail, "stored event is unreadable: %.200s",
                  err.message);
    sk_frame_release (&event);
    sk_pack_release (&packed);
}

//  Record the batch's attempts (arrays: ids, oks, details, mss, subjects,
//  texts as array literals) and commit: each delivery's next state and a
//  delivery_log row. 0, or -1 if the database failed.
static int
s_record (sender_t *self, const char *const *arrays)
{
    const notify_conf_t *conf = self->conf;
    char max[16], base[16], cap[16];
    snprintf (max, sizeof max, "%d", conf->max_attempts);
    snprintf (base, sizeof base, "%d", conf->retry_base_ms);
    snprintf (cap, sizeof cap, "%d", conf->retry_cap_ms);
    const char *up[] = { arrays[0], arrays[1], arrays[2], arrays[3], arrays[4],
                         arrays[5], max,       base,      cap };
    sk_error_t err = { 0 };
    if (sk_db_run (self->db, &err,
                   "WITH u AS (SELECT * FROM unnest($1::bigint[], $2::boolean[], "
                   "  $3::text[], $4::int[], $5::text[], $6::text[]) "
                   "  AS u (id, ok, detail, ms, subject, text)), "
                   "upd AS (UPDATE delivery d SET attempts = d.attempts + 1, "
                   "  status = CASE WHEN u.ok THEN 'delivered' "
                   "    WHEN d.attempts + 1 >= $7::int THEN 'dead' ELSE 'pending' END, "
                   "  next_at = CASE WHEN u.ok THEN d.next_at ELSE now() + "
                   "    least($8::float8 * power(2, d.attempts), $9::float8) "
                   "    * interval '1 millisecond' END, "
                   "  last_error = CASE WHEN u.ok THEN NULL ELSE u.detail END, "
                   "  delivered_at = CASE WHEN u.ok THEN now() END, "
                   "  subject = coalesce(u.subject, d.subject), "
                   "  text = coalesce(u.text, d.text) "
                   "  FROM u WHERE d.id = u.id RETURNING d.id, d.tenant, d.attempts) "
                   "INSERT INTO delivery_log (delivery, tenant, attempt, ok, detail, ms) "
                   "SELECT upd.id, upd.tenant, upd.attempts, u.ok, u.detail, u.ms "
                   "FROM upd JOIN u ON u.id = upd.id",
                   9, up)
        || sk_db_commit (self->db, &err))
        return -1;
    return 0;
}

//  Claim, deliver and record one batch; the number of deliveries tried, or
//  -1 if the database failed.
static int
s_batch (sender_t *self)
{
    const notify_conf_t *conf = self->conf;
    sk_error_t err = { 0 };
    if (sk_db_begin (self->db, "*", &err))
        return -1;
    char limit[16];
    snprintf (limit, sizeof limit, "%d", conf->batch);
    const char *params[] = { limit };
    PGresult *r =
        sk_db_exec (self->db, &err,
                    "SELECT d.id, d.uid, d.attempts, d.channel, s.address, s.secret, "
                    "coalesce(t.subject, ''), coalesce(t.body, ''), " NOTIFY_EVENT_COLUMNS " "
                    "FROM (SELECT id FROM delivery WHERE status = 'pending' AND next_at <= now() "
                    "  ORDER BY next_at LIMIT $1 FOR UPDATE SKIP LOCKED) c "
                    "JOIN delivery d ON d.id = c.id "
                    "JOIN subscription s ON s.id = d.subscription "
                    "JOIN event_log e ON e.seq = d.log_seq "
                    "LEFT JOIN preference p ON p.tenant = s.tenant AND p.recipient = s.recipient "
                    "LEFT JOIN LATERAL (SELECT subject, body FROM template "
                    "  WHERE language = coalesce(p.language, s.language) "
                    "  AND starts_with(e.topic, template.topic) "
                    "  ORDER BY length(template.topic) DESC LIMIT 1) t ON true "
                    "ORDER BY d.next_at",
                    1, params);
    if (!r) {
        sk_db_rollback (self->db);
        return -1;
    }
    int rows = PQntuples (r);
    zchunk_t *ids = zchunk_new (NULL, 256), *oks = zchunk_new (NULL, 256),
             *details = zchunk_new (NULL, 1024), *mss = zchunk_new (NULL, 256),
             *subjects = zchunk_new (NULL, 256), *texts = zchunk_new (NULL, 256);
    for (int i = 0; i < rows; i++) {
        const char *id = PQgetvalue (r, i, 0);
        int attempt = atoi (PQgetvalue (r, i, 2)) + 1;
        const char *channel = PQgetvalue (r, i, 3);
        const char *address = PQgetisnull (r, i, 4) ? NULL : PQgetvalue (r, i, 4);
        const char *secret = PQgetisnull (r, i, 5) ? NULL : PQgetvalue (r, i, 5);
        outcome_t out = { false, "", 0 };
        char *subject = NULL, *text = NULL;
        int64_t start = zclock_mono ();
        s_deliver (self, r, i, channel, address, secret, attempt, &out, &subject, &text);
        out.ms = (int)(zclock_mono () - start);
        char ms[16];
        snprintf (ms, sizeof ms, "%d", out.ms);
        s_array_add (ids, id);
        s_array_add (oks, out.ok ? "t" : "f");
        s_array_add (details, out.detail);
        s_array_add (mss, ms);
        bool keep = streq (channel, "inapp") && out.ok;
        s_array_add (subjects, keep ? subject : NULL);
        s_array_add (texts, keep ? text : NULL);
        if (!out.ok)
            sk_debug ("delivery %s attempt %d failed: %s", id, attempt, out.detail);
        free (subject);
        free (text);
    }
    PQclear (r);
    int rc = rows;
    if (rows) {
        const char *arrays[] = { s_array_end (ids), s_array_end (oks),      s_array_end (details),
                                 s_array_end (mss), s_array_end (subjects), s_array_end (texts) };
        if (s_record (self, arrays))
            rc = -1;
    }
    sk_db_rollback (self->db);
    zchunk_destroy (&ids);
    zchunk_destroy (&oks);
    zchunk_destroy (&details);
    zchunk_destroy (&mss);
    zchunk_destroy (&subjects);
    zchunk_destroy (&texts);
    return rc;
}

//  How long to sleep: until the next pending delivery is due, within
//  [5 ms, 1 s].
static int
s_idle_ms (sender_t *self)
{
    sk_error_t err;
    PGresult *r = sk_db_exec (self->db, &err,
                              "SELECT ceil(extract(epoch FROM min(next_at) - now()) * 1000) "
                              "FROM delivery WHERE status = 'pending'",
                              0, NULL);
    int ms = 1000;
    if (r && !PQgetisnull (r, 0, 0))
        ms = atoi (PQgetvalue (r, 0, 0));
    PQclear (r);
    return ms < 5 ? 5 : ms > 1000 ? 1000 : ms;
}

void
notify_send_actor (zsock_t *pipe, void *args)
{
    sender_t self = { .conf = (const notify_conf_t *)args };
    self.db = sk_db_new (self.conf->db, "notify");
    self.http = curl_easy_init ();
    self.smtp = curl_easy_init ();
    self.cert = zcert_load (self.conf->cert);
    zsock_signal (pipe, 0);
    int backoff = 100;
    while (!zsys_interrupted) {
        int wait;
        int n = s_listen (&self) == 0 ? s_batch (&self) : -1;
        if (n < 0) {
            wait = backoff;
            backoff = backoff * 2 > 5000 ? 5000 : backoff * 2;
        } else if (n == self.conf->batch)
            wait = 0;
        else {
            backoff = 100;
            wait = s_idle_ms (&self);
        }
        PGconn *conn = sk_db_conn (self.db);
        //  A notification read while running the last statements is
        //  already in libpq's queue, not on the socket: look there first
        if (conn && wait && PQconsumeInput (conn)) {
            PGnotify *note = PQnotifies (conn);
            if (note) {
                PQfreemem (note);
                wait = 0;
            }
        }
        zmq_pollitem_t items[] = {
            { zsock_resolve (pipe), 0, ZMQ_POLLIN, 0 },
            { NULL, conn ? PQsocket (conn) : -1, ZMQ_POLLIN, 0 },
        };
        if (wait && zmq_poll (items, conn && items[1].fd >= 0 ? 2 : 1, wait) < 0)
            break;
        if (items[0].revents & ZMQ_POLLIN)
            break; //  $TERM
        if (conn) {
            PQconsumeInput (conn);
            PGnotify *note;
            while ((note = PQnotifies (conn)))
                PQfreemem (note);
        }
    }
    zcert_destroy (&self.cert);
    curl_easy_cleanup (self.http);
    curl_easy_cleanup (self.smtp);
    sk_db_destroy (&self.db);
}
