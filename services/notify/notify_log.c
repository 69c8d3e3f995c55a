/*  notify_log.c: the event log and the followers that fill it.

    A follower per source keeps a cursor (the last source seq in the log) in
    the cursor table and pulls SOURCE.event.list after it, storing the
    events, their deliveries and the new cursor in one transaction. It pulls
    when the bus shows an event of its source, and every poll_ms anyway, so
    a lost bus message, a restart of notify or of the source loses nothing:
    the next pull starts from the stored cursor (the zguide's Clone pattern).
*/
#include "notify.h"
#include "sk_client.h"

//  Text form of a bytea parameter; free it.
static char *
s_bytea (const void *data, size_t size)
{
    static const char digits[] = "0123456789abcdef";
    char *hex = sk_malloc (2 * size + 3);
    hex[0] = '\\';
    hex[1] = 'x';
    for (size_t i = 0; i < size; i++) {
        hex[2 + 2 * i] = digits[((const uint8_t *) data)[i] >> 4];
        hex[3 + 2 * i] = digits[((const uint8_t *) data)[i] & 15];
    }
    hex[2 + 2 * size] = 0;
    return hex;
}

int
notify_log_append (sk_db_t *db, const notify_event_t *ev, int64_t *seq,
                   bool *same_source, sk_error_t *err)
{
    const char *find[] = { ev->event_id, ev->source };
    PGresult *r = sk_db_exec (db, err,
        "SELECT seq, source = $2 FROM event_log WHERE event_id = $1", 2, find);
    if (!r)
        return -1;
    if (PQntuples (r) == 1) {
        *seq = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
        *same_source = *PQgetvalue (r, 0, 1) == 't';
        PQclear (r);
        return 0;
    }
    PQclear (r);
    char source_seq[24];
    snprintf (source_seq, sizeof source_seq, "%lld", (long long) ev->source_seq);
    char *body = s_bytea (ev->body, ev->body_len);
    const char *params[] = { ev->event_id, ev->source,
                             ev->source_seq ? source_seq : NULL, ev->publisher,
                             ev->topic, ev->tenant, ev->ts, body };
    //  The counter row serialises writers until commit: gap-free, in order
    r = sk_db_exec (db, err,
        "WITH s AS (UPDATE log_seq SET last = last + 1 RETURNING last) "
        "INSERT INTO event_log (seq, event_id, source, source_seq, publisher, "
        "topic, tenant, ts, body) SELECT last, $1, $2, $3, $4, $5, $6, "
        "coalesce($7::timestamptz, now()), $8::bytea FROM s RETURNING seq",
        8, params);
    free (body);
    if (!r)
        return -1;
    *seq = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    *same_source = true;
    PQclear (r);

    if (notify_remind_hook (db, ev, err))
        return -1;
    //  Fan out to the outbox in the same transaction
    char log_seq[24], only[24];
    snprintf (log_seq, sizeof log_seq, "%lld", (long long) *seq);
    snprintf (only, sizeof only, "%lld", (long long) ev->only_subscription);
    const char *fan[] = { log_seq, ev->tenant, ev->topic };
    if (ev->only_subscription) {
        const char *one[] = { log_seq, ev->tenant, only };
        r = sk_db_exec (db, err,
            "WITH d AS (INSERT INTO delivery (tenant, subscription, log_seq, channel) "
            "SELECT s.tenant, s.id, $1, s.channel FROM subscription s "
            "WHERE s.id = $3 AND s.tenant = $2 RETURNING 1) "
            "SELECT count(*) FROM d", 3, one);
    }
    else
        r = sk_db_exec (db, err,
            "WITH d AS (INSERT INTO delivery (tenant, subscription, log_seq, "
            "channel, status) SELECT s.tenant, s.id, $1, s.channel, "
            "CASE WHEN coalesce(p.digest, s.digest) THEN 'digest' ELSE 'pending' END "
            "FROM subscription s LEFT JOIN preference p "
            "ON p.tenant = s.tenant AND p.recipient = s.recipient "
            "WHERE s.active AND s.tenant = $2 AND starts_with($3, s.topic) "
            "AND NOT coalesce(p.opt_out, false) RETURNING status) "
            "SELECT count(*) FILTER (WHERE status = 'pending') FROM d",
            3, fan);
    if (!r)
        return -1;
    bool wake = strtoll (PQgetvalue (r, 0, 0), NULL, 10) > 0;
    PQclear (r);
    //  Delivered at commit; the senders also poll, so this is only speed
    if (wake && sk_db_run (db, err, "NOTIFY notify_delivery", 0, NULL))
        return -1;
    return 1;
}

void
notify_log_pack (sk_pack_t *p, PGresult *r, int row, int col)
{
    sk_pack_map (p, 9);
    sk_pack_kint (p, "v", SK_WIRE_VERSION);
    sk_pack_kint (p, "seq", strtoll (PQgetvalue (r, row, col), NULL, 10));
    sk_pack_kstr (p, "event_id", PQgetvalue (r, row, col + 1));
    sk_pack_kstr (p, "source", PQgetvalue (r, row, col + 2));
    sk_pack_str (p, "source_seq");
    if (PQgetisnull (r, row, col + 3))
        sk_pack_nil (p);
    else
        sk_pack_int (p, strtoll (PQgetvalue (r, row, col + 3), NULL, 10));
    sk_pack_kstr (p, "ts", PQgetvalue (r, row, col + 4));
    sk_pack_kstr (p, "tenant", PQgetvalue (r, row, col + 5));
    sk_pack_kstr (p, "topic", PQgetvalue (r, row, col + 6));
    sk_pack_str (p, "body");
    size_t len;
    unsigned char *body = PQunescapeBytea (
        (const unsigned char *) PQgetvalue (r, row, col + 7), &len);
    sk_pack_raw (p, body, len);
    PQfreemem (body);
}

//  --------------------------------------------------------------------------
//  A follower

typedef struct {
    const notify_conf_t *conf;
    const char *source;
    sk_db_t *db;
    sk_client_t *client;
    int64_t cursor; //  -1: read it from the database
} follower_t;

static int
s_load_cursor (follower_t *self)
{
    sk_error_t err;
    const char *params[] = { self->source };
    if (sk_db_run (self->db, &err,
                   "INSERT INTO cursor (source) VALUES ($1) ON CONFLICT DO NOTHING",
                   1, params))
        return -1;
    PGresult *r = sk_db_exec (self->db, &err,
        "SELECT last FROM cursor WHERE source = $1", 1, params);
    if (!r)
        return -1;
    self->cursor = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    PQclear (r);
    return 0;
}

//  Store one batch of events; 0, or -1 (nothing stored, cursor unchanged).
static int
s_store (follower_t *self, const msgpack_object *events, int64_t *stored)
{
    sk_error_t err = { 0 };
    if (sk_db_begin (self->db, "*", &err))
        return -1;
    int64_t cursor = self->cursor;
    *stored = 0;
    for (uint32_t i = 0; i < events->via.array.size; i++) {
        const msgpack_object *e = &events->via.array.ptr[i];
        char event_id[40], ts[40], tenant[8], topic[130];
        int64_t seq;
        const msgpack_object *body = sk_obj_get (e, "body");
        const char *bad = !sk_obj_int (sk_obj_get (e, "seq"), &seq) ? "seq"
            : sk_obj_str_copy (sk_obj_get (e, "event_id"), event_id, sizeof event_id) ? "event_id"
            : sk_obj_str_copy (sk_obj_get (e, "ts"), ts, sizeof ts) ? "ts"
            : sk_obj_str_copy (sk_obj_get (e, "tenant"), tenant, sizeof tenant) ? "tenant"
            : sk_obj_str_copy (sk_obj_get (e, "topic"), topic, sizeof topic) ? "topic"
            : !body || body->type != MSGPACK_OBJECT_MAP ? "body" : NULL;
        if (bad) {
            sk_error ("event after seq %lld from %s has an invalid \"%s\"; "
                      "not following %s past it", (long long) cursor, self->source,
                      bad, self->source);
            break;
        }
        if (seq <= cursor)
            continue; //  already stored
        if (seq != cursor + 1) {
            sk_warn ("events from %s jump from seq %lld to %lld", self->source,
                     (long long) cursor, (long long) seq);
            break;
        }
        msgpack_sbuffer packed;
        msgpack_sbuffer_init (&packed);
        msgpack_packer pk;
        msgpack_packer_init (&pk, &packed, msgpack_sbuffer_write);
        msgpack_pack_object (&pk, *body);
        notify_event_t ev = { .event_id = event_id, .source = self->source,
                              .source_seq = seq, .topic = topic,
                              .tenant = tenant, .ts = ts, .body = packed.data,
                              .body_len = packed.size };
        int64_t log_seq;
        bool same;
        int rc = notify_log_append (self->db, &ev, &log_seq, &same, &err);
        msgpack_sbuffer_destroy (&packed);
        if (rc < 0) {
            sk_db_rollback (self->db);
            return -1;
        }
        cursor = seq;
        (*stored)++;
    }
    char last[24];
    snprintf (last, sizeof last, "%lld", (long long) cursor);
    const char *params[] = { self->source, last };
    if (sk_db_run (self->db, &err,
                   "UPDATE cursor SET last = $2 WHERE source = $1", 2, params)
        || sk_db_commit (self->db, &err)) {
        sk_db_rollback (self->db);
        return -1;
    }
    self->cursor = cursor;
    return 0;
}

//  Pull everything after the cursor; 0 when caught up, -1 on a failure.
static int
s_pull (follower_t *self)
{
    if (self->cursor < 0 && s_load_cursor (self))
        return -1;
    while (true) {
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, 2);
        sk_pack_kint (&body, "after", self->cursor);
        sk_pack_kint (&body, "limit", 1000);
        char op[80];
        snprintf (op, sizeof op, "%s.event.list", self->source);
        sk_frame_t reply;
        sk_error_t err = { 0 };
        int rc = sk_client_call (self->client, op, "*", &body, NULL, &reply, &err);
        sk_pack_release (&body);
        //  The reply is readable only when a reply came
        const msgpack_object *events = NULL;
        if (rc == 0 && (rc = sk_reply_error (&reply, &err)) == 0) {
            events = sk_obj_get (sk_obj_get (&reply.root, "body"), "events");
            if (!events || events->type != MSGPACK_OBJECT_ARRAY)
                rc = sk_error_set (&err, "internal", "events", "reply has no events");
        }
        int64_t stored = 0;
        uint32_t count = rc == 0 ? events->via.array.size : 0;
        if (rc == 0)
            rc = s_store (self, events, &stored);
        else
            sk_debug ("could not pull events from %s: %s", self->source, err.message);
        sk_frame_release (&reply);
        if (rc) {
            self->cursor = -1; //  reread what was committed
            return -1;
        }
        if (stored)
            sk_debug ("stored %lld events from %s, cursor %lld", (long long) stored,
                      self->source, (long long) self->cursor);
        if (count < 1000 || stored == 0)
            return 0;
    }
}

void
notify_follow_actor (zsock_t *pipe, void *args)
{
    notify_follow_args_t *a = (notify_follow_args_t *) args;
    follower_t self = { .conf = a->conf, .source = a->conf->sources[a->index],
                        .cursor = -1 };
    self.db = sk_db_new (a->conf->db, "notify");
    self.client = sk_client_new (self.source, a->conf->source_endpoints[a->index],
                                 a->conf->cert, a->conf->source_publics[a->index]);
    zsock_t *sub = NULL;
    if (a->conf->xpub) {
        sub = zsock_new (ZMQ_SUB);
        zsock_set_linger (sub, 0);
        char prefix[80];
        snprintf (prefix, sizeof prefix, "%s.", self.source);
        zsock_set_subscribe (sub, prefix);
        if (sk_auth_client (sub, a->conf->cert, a->conf->public_cert)
            || zsock_connect (sub, "%s", a->conf->xpub) < 0)
            zsock_destroy (&sub);
    }
    zsock_signal (pipe, 0);
    if (!self.client) {
        sk_error ("could not follow %s: no client", self.source);
        char *command = zstr_recv (pipe); //  until $TERM
        zstr_free (&command);
    }
    else {
        sk_client_set_timeout (self.client, 2000, 0);
        zpoller_t *poller = zpoller_new (pipe, sub, NULL);
        int wait = 0, backoff = 100;
        while (true) {
            void *which = zpoller_wait (poller, wait);
            if (which == pipe || zpoller_terminated (poller))
                break;
            if (which == sub) {
                //  The bus says there is news: drain it and pull once
                while (zsock_events (sub) & ZMQ_POLLIN) {
                    zmsg_t *msg = zmsg_recv (sub);
                    zmsg_destroy (&msg);
                }
            }
            if (s_pull (&self) == 0) {
                wait = a->conf->poll_ms;
                backoff = 100;
            }
            else {
                wait = backoff;
                backoff = backoff * 2 > a->conf->poll_ms ? a->conf->poll_ms : backoff * 2;
            }
        }
        zpoller_destroy (&poller);
    }
    zsock_destroy (&sub);
    sk_client_destroy (&self.client);
    sk_db_destroy (&self.db);
}
