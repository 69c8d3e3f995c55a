/*  notify_send.c: a sender thread.

    A sender leases due deliveries of its share of the subscriptions (those
    whose id is its index modulo notify/senders, so the senders of one
    instance never pick the same rows only to skip them when locking) in a
    short transaction: each gets its attempt counted, the sender's lease
    token and a lease that expires (the timeout and 5 s), at most
    notify/per_subscription in flight per subscription, at most
    notify/batch in flight per sender. It commits, then delivers outside
    any transaction: webhooks and e-mail as transfers on one libcurl multi
    handle, all at once; ZeroMQ and in-app at once.
    Each outcome is recorded (status, next try, delivery log row, lease
    cleared) in another short transaction, only if the lease is still the
    sender's. A sender killed mid-delivery records nothing: the lease
    expires, the row is due again, and it is sent again as the next
    attempt (at least once; receivers dedupe on X-Samskab-Id, webhook-id).
    LISTEN notify_delivery wakes it; it also polls.
*/
#include <sodium.h>

#include "notify.h"
#include "sk_mem.h"

//  The outcome of one attempt, waiting to be recorded.
typedef struct {
    char id[24];
    bool ok;
    char detail[256];
    int ms;
    char *subject, *text; //  kept for in-app
} outcome_t;

typedef struct {
    const notify_conf_t *conf;
    sk_db_t *db;
    int listening;    //  backend pid of the session LISTEN was issued in
    CURLM *multi;     //  the webhook and e-mail transfers in flight
    zlist_t *flights; //  flight_t, one per transfer on multi
    int in_flight;
    zlist_t *done; //  outcome_t to record
    zcert_t *cert; //  for the ZeroMQ channel
    char token[24];
    char share_n[12], share_k[12]; //  its share: subscriptions whose id is k modulo n
    int64_t claim_at;              //  zclock_mono when to look for due rows again
    int64_t first_done;            //  zclock_mono when the oldest outcome in done ended
} sender_t;

//  A transfer in flight: the delivery it is for and when it started.
typedef struct {
    notify_xfer_t *xfer;
    char id[24];
    int64_t start;
} flight_t;

static outcome_t *
s_outcome (const char *id)
{
    outcome_t *out = (outcome_t *)sk_calloc (1, sizeof *out);
    snprintf (out->id, sizeof out->id, "%s", id);
    return out;
}

static void
s_outcome_destroy (outcome_t **out_p)
{
    if (*out_p) {
        free ((*out_p)->subject);
        free ((*out_p)->text);
        free (*out_p);
        *out_p = NULL;
    }
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
        //  scan event_log and subscription once per claimed row, and
        //  every due row (a bitmap scan, then a sort) for the oldest few;
        //  every lookup here is by key or in the order of an index
        sk_error_t err;
        if (sk_db_run (self->db, &err, "LISTEN notify_delivery", 0, NULL)
            || sk_db_run (self->db, &err, "SET enable_seqscan = off", 0, NULL)
            || sk_db_run (self->db, &err, "SET enable_bitmapscan = off", 0, NULL))
            return -1;
        self->listening = PQbackendPID (conn);
    }
    return 0;
}

//  Start delivering the delivery in row i of the lease's result (the event
//  from column 8): a transfer on the multi handle, or an outcome at once.
static void
s_start (sender_t *self, PGresult *r, int i)
{
    const char *id = PQgetvalue (r, i, 0), *uid = PQgetvalue (r, i, 1);
    int attempt = atoi (PQgetvalue (r, i, 2));
    const char *channel = PQgetvalue (r, i, 3);
    const char *address = PQgetisnull (r, i, 4) ? NULL : PQgetvalue (r, i, 4);
    const char *secret = PQgetisnull (r, i, 5) ? NULL : PQgetvalue (r, i, 5);
    int64_t start = zclock_mono ();
    outcome_t *out = s_outcome (id);
    sk_error_t err = { 0 };
    sk_pack_t packed;
    sk_pack_init (&packed);
    notify_log_pack (&packed, r, i, 8);
    sk_frame_t event;
    notify_xfer_t *xfer = NULL;
    if (sk_frame_decode (&event, (const uint8_t *)packed.buf.data, packed.buf.size, &err) == 0) {
        char *subject = notify_render (PQgetvalue (r, i, 6), &event.root);
        char *text = notify_render (PQgetvalue (r, i, 7), &event.root);
        if (streq (channel, "webhook"))
            xfer = notify_xfer_webhook (self->conf, address, secret, uid, &event.root, attempt,
                                        subject, text);
        else if (streq (channel, "email") && self->conf->smtp_url)
            xfer = notify_xfer_email (self->conf, address, uid, subject, text);
        else if (streq (channel, "email"))
            snprintf (out->detail, sizeof out->detail,
                      "no SMTP server configured (notify/smtp_url)");
        else if (streq (channel, "zmq"))
            s_zmq (self, address, secret, uid, PQgetvalue (r, i, 14), packed.buf.data,
                   packed.buf.size, out);
        else {
            out->ok = true;
            snprintf (out->detail, sizeof out->detail, "in the inbox");
            out->subject = subject;
            out->text = text;
            subject = text = NULL;
        }
        free (subject);
        free (text);
    } else
        snprintf (out->detail, sizeof out->detail, "stored event is unreadable: %.200s",
                  err.message);
    sk_frame_release (&event);
    sk_pack_release (&packed);
    if (xfer) {
        flight_t *flight = (flight_t *)sk_calloc (1, sizeof *flight);
        flight->xfer = xfer;
        flight->start = start;
        snprintf (flight->id, sizeof flight->id, "%s", id);
        curl_easy_setopt (notify_xfer_easy (xfer), CURLOPT_PRIVATE, flight);
        curl_multi_add_handle (self->multi, notify_xfer_easy (xfer));
        zlist_append (self->flights, flight);
        self->in_flight++;
        s_outcome_destroy (&out);
    } else {
        out->ms = (int)(zclock_mono () - start);
        zlist_append (self->done, out);
    }
}

//  This sender's share of the subscriptions: those whose id is its index
//  ($2) modulo the number of senders ($1).
#define S_MINE "subscription % $1::bigint = $2::bigint "

//  The deliveries in flight per subscription of this sender's share.
#define S_BUSY                                                                                     \
    "busy AS (SELECT subscription, count(*) AS n FROM delivery "                                   \
    "  WHERE leased_until IS NOT NULL AND leased_until >= now() AND " S_MINE                       \
    "  GROUP BY subscription) "

//  Lease up to `room` due deliveries and start them; the number leased, or
//  -1 if the database failed.
static int
s_lease (sender_t *self, int room)
{
    const notify_conf_t *conf = self->conf;
    sk_error_t err = { 0 };
    if (sk_db_begin (self->db, "*", &err))
        return -1;
    char limit[16], per[16], lease_ms[16];
    snprintf (limit, sizeof limit, "%d", room);
    snprintf (per, sizeof per, "%d", conf->per_subscription);
    snprintf (lease_ms, sizeof lease_ms, "%d", conf->timeout_ms + 5000);
    const char *params[] = { self->share_n, self->share_k, limit, self->token, per, lease_ms };
    //  busy: subscriptions' deliveries in flight; head: the oldest due
    //  rows of subscriptions not at their limit; fair: of those, no more
    //  per subscription than its room. The rows chosen are locked and
    //  leased by id alone (= ANY of an array: the primary key is the only
    //  index that serves it), and rechecked on the locked version: the
    //  planner, blind behind row-level security and with a pending set
    //  that swings from none to thousands between its statistics, chose
    //  to scan every pending row, once per row chosen when it was a join
    //  (seconds per lease), once per lease when a condition on status let
    //  it use delivery_due
    PGresult *r = sk_db_exec (
        self->db, &err,
        "WITH " S_BUSY ", head AS (SELECT id, subscription, next_at FROM delivery "
        "  WHERE status = 'pending' AND next_at <= now() "
        "  AND (leased_until IS NULL OR leased_until < now()) AND " S_MINE
        "  AND subscription NOT IN (SELECT subscription FROM busy WHERE n >= $5::int) "
        "  ORDER BY next_at LIMIT $3::int * 4), "
        "fair AS (SELECT h.id FROM (SELECT *, row_number () OVER (PARTITION BY subscription "
        "  ORDER BY next_at) AS k FROM head) h LEFT JOIN busy b USING (subscription) "
        "  WHERE h.k + coalesce(b.n, 0) <= $5::int ORDER BY h.next_at LIMIT $3::int), "
        "c AS (SELECT id, status, leased_until FROM delivery "
        "  WHERE id = ANY (ARRAY (SELECT id FROM fair)) FOR UPDATE SKIP LOCKED), "
        "d AS (UPDATE delivery d SET attempts = d.attempts + 1, lease = $4::bigint, "
        "  leased_until = now() + $6::int * interval '1 millisecond' "
        "  WHERE d.id = ANY (ARRAY (SELECT id FROM c WHERE status = 'pending' "
        "    AND (leased_until IS NULL OR leased_until < now()))) RETURNING d.*) "
        "SELECT d.id, d.uid, d.attempts, d.channel, s.address, s.secret, "
        "coalesce(t.subject, ''), coalesce(t.body, ''), " NOTIFY_EVENT_COLUMNS " "
        "FROM d JOIN subscription s ON s.id = d.subscription "
        "JOIN event_log e ON e.seq = d.log_seq "
        "LEFT JOIN preference p ON p.tenant = s.tenant AND p.recipient = s.recipient "
        "LEFT JOIN LATERAL (SELECT subject, body FROM template "
        "  WHERE language = coalesce(p.language, s.language) "
        "  AND starts_with(e.topic, template.topic) "
        "  ORDER BY length(template.topic) DESC LIMIT 1) t ON true "
        "ORDER BY d.next_at",
        6, params);
    if (!r || sk_db_commit (self->db, &err)) {
        PQclear (r);
        sk_db_rollback (self->db);
        return -1;
    }
    int rows = PQntuples (r);
    for (int i = 0; i < rows; i++)
        s_start (self, r, i);
    PQclear (r);
    return rows;
}

static void
s_flight_end (sender_t *self, flight_t **flight_p)
{
    flight_t *flight = *flight_p;
    curl_multi_remove_handle (self->multi, notify_xfer_easy (flight->xfer));
    zlist_remove (self->flights, flight);
    notify_xfer_destroy (&flight->xfer);
    free (flight);
    self->in_flight--;
    *flight_p = NULL;
}

//  Move finished transfers' outcomes to the done list.
static void
s_finished (sender_t *self)
{
    int running, left;
    curl_multi_perform (self->multi, &running);
    CURLMsg *msg;
    while ((msg = curl_multi_info_read (self->multi, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CURL *easy = msg->easy_handle;
        CURLcode rc = msg->data.result;
        flight_t *flight = NULL;
        curl_easy_getinfo (easy, CURLINFO_PRIVATE, (char **)&flight);
        outcome_t *out = s_outcome (flight->id);
        notify_xfer_outcome (flight->xfer, rc, &out->ok, out->detail, sizeof out->detail);
        out->ms = (int)(zclock_mono () - flight->start);
        zlist_append (self->done, out);
        s_flight_end (self, &flight);
    }
}

//  Record the outcomes done: each delivery's next state, a delivery_log
//  row and its lease cleared, if the lease is still this sender's. 0, or
//  -1 if the database failed (the outcomes are lost; the leases expire
//  and the deliveries are sent again).
static int
s_record (sender_t *self)
{
    if (!zlist_size (self->done))
        return 0;
    const notify_conf_t *conf = self->conf;
    zchunk_t *a[6];
    for (int i = 0; i < 6; i++)
        a[i] = zchunk_new (NULL, 256);
    outcome_t *out;
    while ((out = (outcome_t *)zlist_pop (self->done))) {
        char ms[16];
        snprintf (ms, sizeof ms, "%d", out->ms);
        s_array_add (a[0], out->id);
        s_array_add (a[1], out->ok ? "t" : "f");
        s_array_add (a[2], out->detail);
        s_array_add (a[3], ms);
        s_array_add (a[4], out->subject);
        s_array_add (a[5], out->text);
        if (!out->ok)
            sk_debug ("delivery %s failed: %s", out->id, out->detail);
        s_outcome_destroy (&out);
    }
    char max[16], base[16], cap[16];
    snprintf (max, sizeof max, "%d", conf->max_attempts);
    snprintf (base, sizeof base, "%d", conf->retry_base_ms);
    snprintf (cap, sizeof cap, "%d", conf->retry_cap_ms);
    const char *up[] = { s_array_end (a[0]),
                         s_array_end (a[1]),
                         s_array_end (a[2]),
                         s_array_end (a[3]),
                         s_array_end (a[4]),
                         s_array_end (a[5]),
                         max,
                         base,
                         cap,
                         self->token };
    //  A delivery that ended meanwhile (its subscription deleted, its
    //  recipient opted out) keeps that status unless this attempt got it
    //  through
    sk_error_t err = { 0 };
    int rc = 0;
    if (sk_db_begin (self->db, "*", &err)
        || sk_db_run (self->db, &err,
                      "WITH u AS (SELECT * FROM unnest($1::bigint[], $2::boolean[], "
                      "  $3::text[], $4::int[], $5::text[], $6::text[]) "
                      "  AS u (id, ok, detail, ms, subject, text)), "
                      "upd AS (UPDATE delivery d SET lease = NULL, leased_until = NULL, "
                      "  status = CASE WHEN u.ok THEN 'delivered' "
                      "    WHEN d.status <> 'pending' THEN d.status "
                      "    WHEN d.attempts >= $7::int THEN 'dead' ELSE 'pending' END, "
                      "  next_at = CASE WHEN u.ok THEN d.next_at ELSE now() + "
                      "    least($8::float8 * power(2, d.attempts - 1), $9::float8) "
                      "    * interval '1 millisecond' END, "
                      "  last_error = CASE WHEN u.ok THEN NULL "
                      "    WHEN d.status <> 'pending' THEN d.last_error ELSE u.detail END, "
                      "  delivered_at = CASE WHEN u.ok THEN now() END, "
                      "  subject = coalesce(u.subject, d.subject), "
                      "  text = coalesce(u.text, d.text) "
                      "  FROM u WHERE d.id = ANY ($1::bigint[]) AND d.id = u.id "
                      "  AND d.lease = $10::bigint "
                      "  RETURNING d.id, d.tenant, d.attempts) "
                      "INSERT INTO delivery_log (delivery, tenant, attempt, ok, detail, ms) "
                      "SELECT upd.id, upd.tenant, upd.attempts, u.ok, u.detail, u.ms "
                      "FROM upd JOIN u ON u.id = upd.id",
                      10, up)
        //  No NOTIFY for the room freed: the sender's share is its own
        //  (another instance's sender of that share finds it when it next
        //  looks), and a transaction that notifies holds PostgreSQL's
        //  notification queue lock through its commit, so the records'
        //  commits waited on each other's disk flushes
        || sk_db_commit (self->db, &err))
        rc = -1;
    sk_db_rollback (self->db);
    for (int i = 0; i < 6; i++)
        zchunk_destroy (&a[i]);
    return rc;
}

//  How long until the next pending delivery of a subscription with room
//  is due, within [5 ms, 1 s].
static int
s_idle_ms (sender_t *self)
{
    char per[16];
    snprintf (per, sizeof per, "%d", self->conf->per_subscription);
    const char *params[] = { self->share_n, self->share_k, per };
    sk_error_t err;
    PGresult *r =
        sk_db_exec (self->db, &err,
                    "WITH " S_BUSY "SELECT ceil(extract(epoch FROM min(next_at) - now()) * 1000) "
                    "FROM delivery WHERE status = 'pending' "
                    "AND (leased_until IS NULL OR leased_until < now()) AND " S_MINE
                    "AND subscription NOT IN (SELECT subscription FROM busy WHERE n >= $3::int)",
                    3, params);
    int ms = 1000;
    if (r && !PQgetisnull (r, 0, 0))
        ms = atoi (PQgetvalue (r, 0, 0));
    PQclear (r);
    return ms < 5 ? 5 : ms > 1000 ? 1000 : ms;
}

//  Room for more deliveries: a delivery takes room from its lease until
//  its outcome is recorded, as it counts in its subscription's busy rows
//  until then (counting only transfers in flight, a sender leased as soon
//  as some finished, found their subscriptions still full and leased a
//  few rows, a transaction each).
static int
s_room (sender_t *self)
{
    return self->conf->batch - self->in_flight - (int)zlist_size (self->done);
}

//  One turn: lease what there is room for when it is time, record what
//  finished. Returns how long to wait for sockets, in ms.
static int
s_turn (sender_t *self, int *backoff)
{
    //  Lease and record in batches of about half the room, not per
    //  delivery: each is a transaction
    int half = (self->conf->batch + 1) / 2;
    int64_t now = zclock_mono ();
    int room = s_room (self);
    if (room > 0 && (room >= half || !self->in_flight) && now >= self->claim_at) {
        int n = s_listen (self) == 0 ? s_lease (self, room) : -1;
        if (n < 0) {
            self->claim_at = now + *backoff;
            *backoff = *backoff * 2 > 5000 ? 5000 : *backoff * 2;
        } else {
            *backoff = 100;
            //  A full lease: more may be due at once
            self->claim_at = n == room ? now : now + s_idle_ms (self);
        }
    }
    s_finished (self);
    //  Record when half the room is done, when nothing else is in flight,
    //  or when the first outcome has waited 20 ms
    size_t done = zlist_size (self->done);
    if (done && !self->first_done)
        self->first_done = zclock_mono ();
    if (done
        && ((int)done >= half || !self->in_flight || zclock_mono () - self->first_done >= 20)) {
        //  Recorded outcomes free room, here and in their subscriptions
        self->claim_at = s_record (self) ? zclock_mono () + *backoff : 0;
        self->first_done = 0;
    }
    //  How long to wait for sockets: until the next lease if there is room
    //  for one, until the outcomes waiting must be recorded, at most 1 s
    room = s_room (self);
    int64_t wait = 1000;
    if (room >= half || !self->in_flight)
        wait = self->claim_at - zclock_mono ();
    if (self->first_done) {
        int64_t left = self->first_done + 20 - zclock_mono ();
        wait = left < wait ? left : wait;
    }
    return wait <= 0 ? 0 : wait > 1000 ? 1000 : (int)wait;
}

void
notify_send_actor (zsock_t *pipe, void *args)
{
    const notify_send_args_t *share = (const notify_send_args_t *)args;
    sender_t self = { .conf = share->conf };
    snprintf (self.share_n, sizeof self.share_n, "%d", share->conf->senders);
    snprintf (self.share_k, sizeof self.share_k, "%d", share->index);
    self.db = sk_db_new (self.conf->db, "notify");
    self.multi = curl_multi_init ();
    self.flights = zlist_new ();
    self.done = zlist_new ();
    self.cert = zcert_load (self.conf->cert);
    //  The lease token: this sender, this run
    uint64_t token;
    randombytes_buf (&token, sizeof token);
    snprintf (self.token, sizeof self.token, "%" PRId64, (int64_t)(token >> 1));
    zsock_signal (pipe, 0);
    int backoff = 100;
    while (!zsys_interrupted) {
        int wait = s_turn (&self, &backoff);
        if (zsock_events (pipe) & ZMQ_POLLIN)
            break; //  $TERM
        PGconn *conn = sk_db_conn (self.db);
        //  A notification read while running the last statements is
        //  already in libpq's queue, not on the socket: look there first
        bool woken = false;
        if (conn && PQconsumeInput (conn)) {
            PGnotify *note;
            while ((note = PQnotifies (conn))) {
                PQfreemem (note);
                woken = true;
            }
        }
        if (woken) {
            self.claim_at = 0;
            continue;
        }
        if (!wait)
            continue;
        struct curl_waitfd fds[2] = { { zsock_fd (pipe), CURL_WAIT_POLLIN, 0 },
                                      { conn ? PQsocket (conn) : -1, CURL_WAIT_POLLIN, 0 } };
        int nfds = 0;
        curl_multi_poll (self.multi, fds, conn && fds[1].fd >= 0 ? 2 : 1, wait, &nfds);
    }
    //  Stopping: what finished is recorded, what is in flight abandoned
    //  (its leases expire and it is sent again)
    s_finished (&self);
    s_record (&self);
    flight_t *flight;
    while ((flight = (flight_t *)zlist_first (self.flights)))
        s_flight_end (&self, &flight);
    outcome_t *out;
    while ((out = (outcome_t *)zlist_pop (self.done)))
        s_outcome_destroy (&out);
    zlist_destroy (&self.flights);
    zlist_destroy (&self.done);
    curl_multi_cleanup (self.multi);
    zcert_destroy (&self.cert);
    sk_db_destroy (&self.db);
}
