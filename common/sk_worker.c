/*  sk_worker.c: the request path every op shares (sk_worker.h). */
#include <czmq.h>

#include "sk_defer.h"
#include "sk_event.h"
#include "sk_log.h"
#include "sk_worker.h"

//  --------------------------------------------------------------------------
//  Built-in ops every service answers

static int
s_ping (sk_call_t *call)
{
    uint32_t count = 0;
    while (call->ops[count].name)
        count++;
    sk_pack_map (&call->reply, 5);
    sk_pack_str (&call->reply, "ops");
    sk_pack_array (&call->reply, count);
    for (uint32_t i = 0; i < count; i++)
        sk_pack_str (&call->reply, call->ops[i].name);
    sk_pack_kstr (&call->reply, "service", call->service);
    sk_pack_kint (&call->reply, "pid", getpid ());
    sk_pack_kstr (&call->reply, "role", sk_role_name (call->caller->role));
    sk_pack_kstr (&call->reply, "municipality", call->caller->municipality);
    return 0;
}

void
sk_worker_init (sk_worker_t *self, const char *service, const sk_op_t *table, sk_db_t *db)
{
    memset (self, 0, sizeof *self);
    self->service = service;
    self->table = table;
    self->db = db;
    snprintf (self->names[0], sizeof self->names[0], "%s.service.ping", service);
    snprintf (self->names[1], sizeof self->names[1], "%s.event.list", service);
    self->builtins[0] = (sk_op_t){ .name = self->names[0], .handler = s_ping, .roles = SK_READERS };
    self->builtins[1] =
        (sk_op_t){ .name = self->names[1], .handler = sk_event_list, .roles = SK_READERS };
}

void
sk_worker_set_prune (sk_worker_t *self, int interval_s)
{
    self->prune_ms = interval_s * 1000;
    self->prune_at = zclock_mono () + self->prune_ms;
}

//  Delete the stored replies older than 7 days, the time a client may
//  retry a request in (proto/PROTOCOL.md 2.1), if the interval is over;
//  the ms until the next prune, or -1 with none set.
static int
s_prune (sk_worker_t *self)
{
    if (!self->prune_ms || !self->db)
        return -1;
    int64_t now = zclock_mono ();
    if (now >= self->prune_at) {
        sk_error_t err = { 0 };
        if (sk_db_run (self->db, &err,
                       "DELETE FROM request_log WHERE created_at < now() - interval '7 days'", 0,
                       NULL))
            sk_warn ("could not prune stored replies: %s", err.message);
        self->prune_at = now + self->prune_ms;
    }
    return (int)(self->prune_at - now);
}

const sk_op_t *
sk_worker_find_op (sk_worker_t *self, const char *name)
{
    for (const sk_op_t *op = self->table; op->name; op++)
        if (streq (op->name, name))
            return op;
    for (const sk_op_t *op = self->builtins; op->name; op++)
        if (streq (op->name, name))
            return op;
    return NULL;
}

//  --------------------------------------------------------------------------
//  Serving one request

//  May this caller run this op for this tenant? 0, or -1 with err.
static int
s_authorise (const sk_caller_t *caller, const sk_op_t *op, const sk_request_t *req, sk_error_t *err)
{
    if (!(op->roles & SK_ROLE_BIT (caller->role)))
        return sk_error_set (err, "forbidden", NULL, "role \"%s\" may not call %s",
                             sk_role_name (caller->role), op->name);
    if (!streq (caller->municipality, "*") && !streq (caller->municipality, req->tenant))
        return sk_error_set (err, "forbidden", "tenant",
                             "certificate for municipality %s may not act "
                             "for municipality %s",
                             caller->municipality, req->tenant);
    if (op->mutating && streq (req->tenant, "*"))
        return sk_error_set (err, "invalid_argument", "tenant",
                             "tenant \"*\" is for reading only; name a "
                             "municipality");
    return 0;
}

//  The stored reply of an earlier attempt, or NULL.
static zframe_t *
s_stored_reply (sk_call_t *call)
{
    const char *params[] = { call->caller->key, call->req->id };
    PGresult *r = sk_call_sql (
        call, "SELECT reply FROM request_log WHERE caller = $1 AND request_id = $2", 2, params);
    zframe_t *reply = NULL;
    if (r && PQntuples (r) == 1) {
        size_t len;
        unsigned char *bytes = PQunescapeBytea ((const unsigned char *)PQgetvalue (r, 0, 0), &len);
        reply = zframe_new (bytes, len);
        PQfreemem (bytes);
    }
    PQclear (r);
    return reply;
}

//  Decode the request and find and authorise its op: the op, or NULL with
//  err set.
static const sk_op_t *
s_admit (sk_worker_t *self, const sk_caller_t *caller, zframe_t *payload, sk_frame_t *frame,
         sk_request_t *req, sk_error_t *err)
{
    int rc = sk_frame_decode (frame, zframe_data (payload), zframe_size (payload), err);
    if (rc == 0)
        rc = sk_request_parse (frame, req, err);
    else
        memset (req, 0, sizeof *req);
    const sk_op_t *op = NULL;
    if (rc == 0 && !(op = sk_worker_find_op (self, req->op)))
        rc = sk_error_set (err, "invalid_argument", "op", "unknown op \"%s\"", req->op);
    if (rc == 0)
        rc = s_authorise (caller, op, req, err);
    return rc ? NULL : op;
}

//  BEGIN behind the tenant wall. A connection found dead at BEGIN
//  (PostgreSQL restarted since its last use) has done nothing: reconnect
//  once before giving up. 0, or -1 with the call's error set.
static int
s_begin (sk_call_t *call)
{
    if (sk_db_begin (call->db, call->req->tenant, &call->err) == 0)
        return 0;
    if (!streq (call->err.code, "unavailable"))
        return -1;
    memset (&call->err, 0, sizeof call->err);
    return sk_db_begin (call->db, call->req->tenant, &call->err);
}

//  After the handler succeeded: pack the reply into out, store it for a
//  mutating op, and commit (without waiting, for what only read). 0, or -1
//  with the call's error set.
static int
s_finish (sk_call_t *call, bool use_db, sk_pack_t *out)
{
    const sk_op_t *op = call->op;
    if (call->reply.buf.size == 0)
        sk_pack_map (&call->reply, 0);
    sk_pack_reply_ok (out, call->req->id, call->reply.buf.data, call->reply.buf.size);
    if (op->mutating) {
        const char *params[] = { call->caller->key, call->req->id, op->name,
                                 sk_call_bytea (call, out->buf.data, out->buf.size) };
        PGresult *r = sk_call_sql (call,
                                   "INSERT INTO request_log (caller, request_id, op, reply) "
                                   "VALUES ($1, $2, $3, $4::bytea)",
                                   4, params);
        PQclear (r);
        if (!r)
            return -1;
    }
    if (use_db && !op->mutating)
        sk_db_commit_nowait (call->db);
    else if (use_db && sk_db_commit (call->db, &call->err))
        return -1;
    return 0;
}

//  Run the call in its transaction: the handler's result (0 or -1), or a
//  stored reply in *stored when a mutating request was answered before.
//  On 0 the reply is packed in out, unless the call was deferred.
static int
s_run (sk_call_t *call, sk_pack_t *out, zframe_t **stored)
{
    const sk_op_t *op = call->op;
    bool use_db = call->db && op->handler != s_ping;
    if (use_db && s_begin (call))
        return -1;
    if (use_db && op->mutating && (*stored = s_stored_reply (call))) {
        sk_db_rollback (call->db); //  answered before: change nothing
        return 0;
    }
    if (call->err.code[0])
        return -1; //  the stored reply could not be read
    int rc = op->handler (call);
    if (call->deferred)
        return 0; //  the holder of the sk_deferred_t answers
    if (rc == 0 && !call->err.code[0])
        rc = s_finish (call, use_db, out);
    else
        rc = -1;
    if (rc && use_db) {
        sk_db_rollback (call->db);
        //  A concurrent attempt of the same request won the race
        sk_error_t ignored = { 0 };
        if (op->mutating && streq (call->err.code, "conflict")
            && sk_db_begin (call->db, call->req->tenant, &ignored) == 0) {
            *stored = s_stored_reply (call);
            sk_db_rollback (call->db);
        }
    }
    return rc;
}

zframe_t *
sk_worker_serve (sk_worker_t *self, const sk_caller_t *caller, zframe_t *routing, zframe_t *payload,
                 zlist_t *events)
{
    sk_frame_t frame;
    sk_request_t req;
    sk_error_t err = { 0 };
    sk_pack_t out;
    sk_pack_init (&out);
    const sk_op_t *op = s_admit (self, caller, payload, &frame, &req, &err);
    if (!op) {
        sk_debug ("refused request \"%s\": %s", req.id, err.message);
        sk_pack_reply_error (&out, req.id, &err);
        sk_frame_release (&frame);
        zframe_t *reply = zframe_new (out.buf.data, out.buf.size);
        sk_pack_release (&out);
        return reply;
    }
    sk_call_t call = { .req = &req,
                       .caller = caller,
                       .op = op,
                       .db = self->db,
                       .service = self->service,
                       .ops = self->table,
                       .routing = routing };
    sk_call_init (&call);
    zframe_t *reply = NULL;
    int rc = s_run (&call, &out, &reply);
    if (!reply && !call.deferred) {
        if (rc || call.err.code[0]) {
            if (!call.err.code[0])
                sk_error_set (&call.err, "internal", NULL, "handler failed without a reason");
            sk_pack_reset (&out);
            sk_pack_reply_error (&out, req.id, &call.err);
            if (streq (call.err.code, "internal") || streq (call.err.code, "unavailable"))
                sk_warn ("%s \"%s\" failed: %s", req.op, req.id, call.err.message);
        } else {
            zframe_t *f;
            while ((f = (zframe_t *)zlist_pop (call.events)))
                zlist_append (events, f);
        }
        reply = zframe_new (out.buf.data, out.buf.size);
    }
    if (self->db)
        sk_db_rollback (self->db); //  whatever failed left nothing open
    s_prune (self);
    sk_call_release (&call);
    sk_frame_release (&frame);
    sk_pack_release (&out);
    return reply;
}

//  --------------------------------------------------------------------------
//  The thread

void
sk_worker_actor (zsock_t *pipe, void *args)
{
    sk_worker_t *self = (sk_worker_t *)args;
    //  A stop is the broker's to notice: a worker serves what the broker
    //  hands it while the service drains, and ends at $TERM
    sk_defer_thread_init ();
    self->broker = zsock_new_dealer (">" SK_WORKER_ENDPOINT);
    zsock_signal (pipe, 0);
    zsock_send (self->broker, "s", "READY");
    zpoller_t *poller = zpoller_new (pipe, self->broker, NULL);
    zpoller_set_nonstop (poller, true);
    while (true) {
        //  The worker that prunes also writes the counts of warnings held
        //  back once a storm of them ends (common/sk_log.h)
        int prune = s_prune (self), held = self->prune_ms ? sk_log_flush () : -1;
        void *which =
            zpoller_wait (poller, held >= 0 && (prune < 0 || held < prune) ? held : prune);
        if (!which && zpoller_expired (poller))
            continue; //  time to prune, or to write a held count
        if (which != self->broker)
            break; //  $TERM
        //  [client routing id][caller][payload]
        zmsg_t *msg = zmsg_recv (self->broker);
        if (!msg)
            break;
        zframe_t *routing = zmsg_pop (msg);
        zframe_t *who = zmsg_pop (msg);
        zframe_t *payload = zmsg_pop (msg);
        zmsg_destroy (&msg);
        if (routing && who && payload && zframe_size (who) == sizeof (sk_caller_t)) {
            zlist_t *events = zlist_new ();
            zframe_t *reply =
                sk_worker_serve (self, (sk_caller_t *)zframe_data (who), routing, payload, events);
            zmsg_t *out = zmsg_new ();
            if (!reply) {
                //  Deferred: free for the next request now
                zlist_destroy (&events);
                zmsg_destroy (&out);
                zsock_send (self->broker, "s", "READY");
                zframe_destroy (&routing);
                zframe_destroy (&who);
                zframe_destroy (&payload);
                continue;
            }
            zmsg_append (out, &routing);
            zmsg_append (out, &reply);
            zframe_t *f;
            while ((f = (zframe_t *)zlist_pop (events)))
                zmsg_append (out, &f);
            zlist_destroy (&events);
            zmsg_send (&out, self->broker);
        }
        zframe_destroy (&routing);
        zframe_destroy (&who);
        zframe_destroy (&payload);
    }
    zpoller_destroy (&poller);
    zsock_destroy (&self->broker);
}
