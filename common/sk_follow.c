/*  sk_follow.c: follow another service's events (see sk_follow.h). */
#include "sk_auth.h"
#include "sk_bus.h"
#include "sk_client.h"
#include "sk_follow.h"
#include "sk_log.h"

#define S_BATCH 1000 //  events per pull

typedef struct {
    const sk_follow_t *args;
    sk_db_t *db;
    sk_client_t *client;
    int64_t cursor; //  -1: read it from the database
} follower_t;

static int
s_load_cursor (follower_t *self)
{
    sk_error_t err;
    const char *params[] = { self->args->source };
    if (sk_db_run (self->db, &err,
                   "INSERT INTO follow_cursor (source) VALUES ($1) ON CONFLICT DO NOTHING", 1,
                   params))
        return -1;
    PGresult *r =
        sk_db_exec (self->db, &err, "SELECT last FROM follow_cursor WHERE source = $1", 1, params);
    if (!r)
        return -1;
    self->cursor = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    PQclear (r);
    return 0;
}

//  Lock the cursor's row for the transaction and read it: another
//  instance's follower of the same source waits here until this one
//  commits, then sees the cursor it moved. -1 when it could not be read.
static int64_t
s_lock_cursor (follower_t *self, sk_error_t *err)
{
    const char *params[] = { self->args->source };
    PGresult *r = sk_db_exec (
        self->db, err, "SELECT last FROM follow_cursor WHERE source = $1 FOR UPDATE", 1, params);
    int64_t cursor = r && PQntuples (r) == 1 ? strtoll (PQgetvalue (r, 0, 0), NULL, 10) : -1;
    PQclear (r);
    return cursor;
}

//  Apply one batch and move the cursor in one transaction; 0, or -1 with
//  nothing applied and the cursor unchanged. The cursor is the one locked
//  in the transaction, not the one the batch was pulled after: events
//  another instance applied meanwhile are skipped, never applied again,
//  and the cursor never moves back.
static int
s_store (follower_t *self, const msgpack_object *events, int64_t *applied)
{
    const char *source = self->args->source;
    sk_error_t err = { 0 };
    *applied = 0;
    if (sk_db_begin (self->db, "*", &err))
        return -1;
    int64_t cursor = s_lock_cursor (self, &err);
    if (cursor < 0) {
        sk_db_rollback (self->db);
        return -1;
    }
    for (uint32_t i = 0; i < events->via.array.size; i++) {
        const msgpack_object *e = &events->via.array.ptr[i];
        char event_id[40], ts[40], tenant[8], topic[130];
        sk_event_t ev = { .event_id = event_id,
                          .ts = ts,
                          .tenant = tenant,
                          .topic = topic,
                          .body = sk_obj_get (e, "body") };
        const char *bad =
            !sk_obj_int (sk_obj_get (e, "seq"), &ev.seq)                              ? "seq"
            : sk_obj_str_copy (sk_obj_get (e, "event_id"), event_id, sizeof event_id) ? "event_id"
            : sk_obj_str_copy (sk_obj_get (e, "ts"), ts, sizeof ts)                   ? "ts"
            : sk_obj_str_copy (sk_obj_get (e, "tenant"), tenant, sizeof tenant)       ? "tenant"
            : sk_obj_str_copy (sk_obj_get (e, "topic"), topic, sizeof topic)          ? "topic"
            : !ev.body || ev.body->type != MSGPACK_OBJECT_MAP                         ? "body"
                                                                                      : NULL;
        if (bad) {
            sk_error ("event after seq %lld from %s has an invalid \"%s\"; "
                      "not following %s past it",
                      (long long)cursor, source, bad, source);
            break;
        }
        if (ev.seq <= cursor)
            continue; //  applied before
        if (ev.seq != cursor + 1) {
            sk_warn ("events from %s jump from seq %lld to %lld", source, (long long)cursor,
                     (long long)ev.seq);
            break;
        }
        if (self->args->apply (self->db, &ev, self->args->arg, &err)) {
            sk_warn ("could not apply event %lld (%s) from %s: %s", (long long)ev.seq, topic,
                     source, err.message);
            sk_db_rollback (self->db);
            return -1;
        }
        cursor = ev.seq;
        (*applied)++;
    }
    char last[24];
    snprintf (last, sizeof last, "%lld", (long long)cursor);
    const char *params[] = { source, last };
    if (sk_db_run (self->db, &err,
                   "UPDATE follow_cursor SET last = $2, applied_at = now() "
                   "WHERE source = $1",
                   2, params)
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
    const char *source = self->args->source;
    if (self->cursor < 0 && s_load_cursor (self))
        return -1;
    while (true) {
        sk_pack_t body;
        sk_pack_init (&body);
        bool topic = self->args->topic && *self->args->topic;
        sk_pack_map (&body, topic ? 3 : 2);
        sk_pack_kint (&body, "after", self->cursor);
        sk_pack_kint (&body, "limit", S_BATCH);
        if (topic)
            sk_pack_kstr (&body, "topic", self->args->topic);
        char op[80];
        snprintf (op, sizeof op, "%s.event.list", source);
        sk_frame_t reply;
        sk_error_t err = { 0 };
        int rc = sk_client_call (self->client, op, "*", &body, NULL, &reply, &err);
        sk_pack_release (&body);
        if (rc == 0)
            rc = sk_reply_error (&reply, &err);
        const msgpack_object *events =
            rc == 0 ? sk_obj_get (sk_obj_get (&reply.root, "body"), "events") : NULL;
        if (rc == 0 && (!events || events->type != MSGPACK_OBJECT_ARRAY))
            rc = sk_error_set (&err, "internal", "events", "reply has no events");
        int64_t applied = 0, before = self->cursor;
        uint32_t count = rc == 0 ? events->via.array.size : 0;
        if (rc == 0)
            rc = s_store (self, events, &applied);
        else
            sk_debug ("could not pull events from %s: %s", source, err.message);
        sk_frame_release (&reply);
        if (rc) {
            self->cursor = -1; //  reread what was committed
            return -1;
        }
        if (applied)
            sk_debug ("applied %lld events from %s, cursor %lld", (long long)applied, source,
                      (long long)self->cursor);
        //  Caught up, or stuck at a gap or a bad event (the cursor did not
        //  move, by this instance or another)
        if (count < S_BATCH || self->cursor <= before)
            return 0;
    }
}

void
sk_follow_actor (zsock_t *pipe, void *args)
{
    const sk_follow_t *a = (const sk_follow_t *)args;
    follower_t self = { .args = a, .cursor = -1 };
    self.db = sk_db_new (a->db, a->schema);
    self.client = a->client; //  its socket is made in this thread, on first use
    zsock_t *sub = NULL;
    if (a->xpub && a->xpub_public) {
        //  The bus is only the "news" signal: the pull is what counts
        sub = sk_bus_connect (ZMQ_SUB, a->xpub, a->cert, a->xpub_public);
        char prefix[140];
        if (a->topic && *a->topic)
            snprintf (prefix, sizeof prefix, "%s", a->topic);
        else
            snprintf (prefix, sizeof prefix, "%s.", a->source);
        if (sub)
            zsock_set_subscribe (sub, prefix);
    }
    zsock_signal (pipe, 0);
    if (!self.client) {
        sk_error ("could not follow %s: no client", a->source);
        char *command = zstr_recv (pipe); //  until $TERM
        zstr_free (&command);
    } else {
        sk_client_set_timeout (self.client, 2000, 0);
        zpoller_t *poller = zpoller_new (pipe, sub, NULL);
        int wait = 0, backoff = 100;
        while (true) {
            void *which = zpoller_wait (poller, wait);
            if (which == pipe || zpoller_terminated (poller))
                break;
            if (sub && which == sub)
                while (zsock_events (sub) & ZMQ_POLLIN) {
                    zmsg_t *msg = zmsg_recv (sub);
                    zmsg_destroy (&msg);
                }
            if (s_pull (&self) == 0) {
                wait = a->poll_ms;
                backoff = 100;
            } else {
                wait = backoff;
                backoff = backoff * 2 > a->poll_ms ? a->poll_ms : backoff * 2;
            }
        }
        zpoller_destroy (&poller);
    }
    zsock_destroy (&sub);
    sk_client_destroy (&self.client);
    sk_db_destroy (&self.db);
}
