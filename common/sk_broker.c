/*  sk_broker.c: the CURVE ROUTER and the least-recently-used worker queue
    (sk_broker.h). */
#include <czmq.h>

#include "sk_broker.h"
#include "sk_log.h"
#include "sk_worker.h"
#include "sk_mem.h"

#define S_MAX_BURST   256  //  client requests the broker takes per wake-up
#define S_MAX_WAITING 256  //  requests the broker holds for a busy worker
#define S_LINGER_MS   2000 //  for the last replies to leave after a stop
#define S_LOOK_MS     500  //  how often the broker looks for a stop

struct _sk_broker_t {
    zsock_t *frontend;  //  the CURVE ROUTER clients talk to
    zsock_t *backend;   //  the workers' ROUTER
    zsock_t *bus;       //  PUB to notify's XSUB, or NULL
    zlist_t *idle;      //  routing ids of the workers waiting for a request
    zlist_t *waiting;   //  requests (zmsg_t) waiting for a worker, if peek
    zlist_t *no_events; //  what in_broker ops emit: nothing, as they commit nothing
    sk_worker_t front;  //  the broker as a worker without a database
    bool peek;          //  some op is in_broker: look at each request's op
    bool stopping;      //  draining: new requests are answered unavailable
};

//  Take client requests only while a worker is free, so the rest wait in
//  the ROUTER's queue, which is the back-pressure; with in_broker ops, also
//  while few wait for a worker, so those ops never wait behind the others.
static bool
s_may_take (sk_broker_t *self)
{
    return zlist_size (self->idle) || (self->peek && zlist_size (self->waiting) < S_MAX_WAITING);
}

//  Serve an in_broker op here and now, if the request is one.
static bool
s_serve_in_broker (sk_broker_t *self, const sk_caller_t *caller, zframe_t **routing,
                   zframe_t **payload)
{
    char name[SK_MAX_OP + 1];
    const sk_op_t *op;
    if (!self->peek
        || !sk_request_peek_op (zframe_data (*payload), zframe_size (*payload), name, sizeof name)
        || !(op = sk_worker_find_op (&self->front, name)) || !op->in_broker)
        return false;
    zframe_t *reply = sk_worker_serve (&self->front, caller, *routing, *payload, self->no_events);
    if (reply) {
        zframe_send (routing, self->frontend, ZFRAME_MORE);
        zframe_send (&reply, self->frontend, 0);
    }
    zframe_destroy (routing);
    zframe_destroy (payload);
    return true;
}

//  Answer a request with err, under the request's id if with_id and it
//  has one.
static void
s_refuse (sk_broker_t *self, zframe_t **routing, zframe_t **payload, sk_error_t *err, bool with_id)
{
    char id[SK_MAX_ID + 1] = "";
    sk_frame_t frame;
    sk_request_t req;
    sk_error_t ignored = { 0 };
    if (with_id) {
        if (sk_frame_decode (&frame, zframe_data (*payload), zframe_size (*payload), &ignored) == 0
            && sk_request_parse (&frame, &req, &ignored) == 0)
            snprintf (id, sizeof id, "%s", req.id);
        sk_frame_release (&frame);
    }
    if (*routing) {
        sk_pack_t out;
        sk_pack_init (&out);
        sk_pack_reply_error (&out, id, err);
        zframe_send (routing, self->frontend, ZFRAME_MORE);
        zmq_send (zsock_resolve (self->frontend), out.buf.data, out.buf.size, 0);
        sk_pack_release (&out);
    }
    zframe_destroy (routing);
    zframe_destroy (payload);
}

//  Hand one client request to an idle worker, with the caller's identity,
//  or serve it here if its op is in_broker; while stopping, answer it
//  unavailable.
static void
s_dispatch (sk_broker_t *self)
{
    zsock_t *frontend = self->frontend;
    zframe_t *routing = zframe_recv (frontend);
    zframe_t *payload = routing && zsock_rcvmore (frontend) ? zframe_recv (frontend) : NULL;
    bool extra = false;
    while (zsock_rcvmore (frontend)) {
        zframe_t *junk = zframe_recv (frontend);
        zframe_destroy (&junk);
        extra = true;
    }
    sk_caller_t caller;
    memset (&caller, 0, sizeof caller);
    sk_error_t err = { 0 };
    if (!routing || !payload)
        sk_error_set (&err, "invalid_argument", NULL, "empty message");
    else if (extra)
        sk_error_set (&err, "invalid_argument", NULL, "a request must be a single frame");
    else if (sk_caller_from_frame (payload, &caller))
        sk_error_set (&err, "unauthenticated", NULL,
                      "no authenticated identity on this connection");
    //  A malformed request is answered without an id; one refused because
    //  the service stops, under its own, for the client to match and retry
    bool with_id = !err.code[0] && self->stopping;
    if (with_id)
        sk_error_set (&err, "unavailable", NULL,
                      "the service is shutting down; retry with the same id");
    if (err.code[0]) {
        s_refuse (self, &routing, &payload, &err, with_id);
        return;
    }
    if (s_serve_in_broker (self, &caller, &routing, &payload))
        return;
    if (zlist_size (self->idle) == 0) {
        zmsg_t *msg = zmsg_new ();
        zmsg_append (msg, &routing);
        zmsg_addmem (msg, &caller, sizeof caller);
        zmsg_append (msg, &payload);
        zlist_append (self->waiting, msg);
        return;
    }
    zframe_t *worker = (zframe_t *)zlist_pop (self->idle);
    zframe_send (&worker, self->backend, ZFRAME_MORE);
    zframe_send (&routing, self->backend, ZFRAME_MORE);
    zmq_send (zsock_resolve (self->backend), &caller, sizeof caller, ZMQ_SNDMORE);
    zframe_send (&payload, self->backend, 0);
}

//  A worker's reply (or READY): queue the worker, forward the reply, and
//  publish the committed events if a bus is configured.
static void
s_collect (sk_broker_t *self)
{
    zsock_t *frontend = self->frontend, *bus = self->bus;
    zmsg_t *msg = zmsg_recv (self->backend);
    if (!msg)
        return;
    zframe_t *from = zmsg_pop (msg);
    if (zmsg_first (msg) && zframe_size (zmsg_first (msg)) == 0) {
        //  A deferred reply (sk_deferred_reply), from no worker
        zframe_t *empty = zmsg_pop (msg);
        zframe_destroy (&empty);
        zframe_destroy (&from);
    } else if (zlist_size (self->waiting)) {
        zmsg_t *next = (zmsg_t *)zlist_pop (self->waiting);
        zmsg_prepend (next, &from);
        zmsg_send (&next, self->backend);
    } else
        zlist_append (self->idle, from);
    zframe_t *first = zmsg_first (msg);
    if (zmsg_size (msg) == 1 && zframe_streq (first, "READY")) {
        zmsg_destroy (&msg);
        return;
    }
    zframe_t *routing = zmsg_pop (msg);
    zframe_t *reply = zmsg_pop (msg);
    zframe_send (&routing, frontend, ZFRAME_MORE);
    zframe_send (&reply, frontend, 0);
    while (zmsg_size (msg) >= 2) {
        zframe_t *topic = zmsg_pop (msg), *event = zmsg_pop (msg);
        if (bus) {
            zframe_send (&topic, bus, ZFRAME_MORE);
            zframe_send (&event, bus, 0);
        }
        zframe_destroy (&topic);
        zframe_destroy (&event);
    }
    zmsg_destroy (&msg);
}

sk_broker_t *
sk_broker_new (const char *service, const sk_op_t *table, zsock_t **frontend_p, zsock_t **bus_p)
{
    sk_broker_t *self = sk_malloc (sizeof *self);
    memset (self, 0, sizeof *self);
    self->frontend = *frontend_p;
    *frontend_p = NULL;
    self->bus = *bus_p;
    *bus_p = NULL;
    //  No high-water mark on what comes back: the workers' replies and the
    //  deferred replies are bounded by the requests taken, and a full
    //  queue would block a committer that answers while the broker waits
    //  for it to stop (sk_broker_flush)
    self->backend = zsock_new (ZMQ_ROUTER);
    zsock_set_rcvhwm (self->backend, 0);
    zsock_bind (self->backend, "%s", SK_WORKER_ENDPOINT);
    self->idle = zlist_new ();
    self->waiting = zlist_new ();
    self->no_events = zlist_new ();
    sk_worker_init (&self->front, service, table, NULL);
    for (const sk_op_t *op = table; op->name; op++)
        self->peek |= op->in_broker;
    return self;
}

void
sk_broker_destroy (sk_broker_t **self_p)
{
    sk_broker_t *self = *self_p;
    if (!self)
        return;
    zframe_t *f;
    while ((f = (zframe_t *)zlist_pop (self->idle)))
        zframe_destroy (&f);
    zlist_destroy (&self->idle);
    zmsg_t *msg;
    while ((msg = (zmsg_t *)zlist_pop (self->waiting)))
        zmsg_destroy (&msg);
    zlist_destroy (&self->waiting);
    zlist_destroy (&self->no_events);
    zsock_destroy (&self->bus);
    zsock_destroy (&self->frontend);
    zsock_destroy (&self->backend);
    free (self);
    *self_p = NULL;
}

void
sk_broker_run (sk_broker_t *self)
{
    zmq_pollitem_t items[] = {
        { zsock_resolve (self->backend), 0, ZMQ_POLLIN, 0 },
        { zsock_resolve (self->frontend), 0, ZMQ_POLLIN, 0 },
    };
    while (!zsys_interrupted) {
        //  An item left out of the poll keeps its old revents: clear it, or
        //  a stale POLLIN would block the broker in a receive with nothing
        //  queued. A signal taken by another thread only sets the flag:
        //  look at it at least every S_LOOK_MS
        items[1].revents = 0;
        int n = zmq_poll (items, s_may_take (self) ? 2 : 1, S_LOOK_MS);
        if (n < 0)
            break;
        //  Under load several messages wait: take them all per wake-up,
        //  and requests only so many at a time that replies keep flowing
        //  while in_broker ops take no worker
        if (items[0].revents & ZMQ_POLLIN)
            do
                s_collect (self);
            while (zsock_events (self->backend) & ZMQ_POLLIN);
        if (items[1].revents & ZMQ_POLLIN)
            for (int taken = 0; taken < S_MAX_BURST && s_may_take (self) && !zsys_interrupted
                                && (zsock_events (self->frontend) & ZMQ_POLLIN);
                 taken++)
                s_dispatch (self);
    }
}

//  Answer unavailable every request waiting in the frontend, without
//  waiting for more.
static void
s_refuse_queued (sk_broker_t *self)
{
    for (int taken = 0; taken < 100000 && (zsock_events (self->frontend) & ZMQ_POLLIN); taken++)
        s_dispatch (self);
}

void
sk_broker_drain (sk_broker_t *self, int workers, int timeout_ms)
{
    self->stopping = true;
    zmq_pollitem_t items[] = {
        { zsock_resolve (self->backend), 0, ZMQ_POLLIN, 0 },
        { zsock_resolve (self->frontend), 0, ZMQ_POLLIN, 0 },
    };
    int64_t until = zclock_mono () + timeout_ms;
    while (zlist_size (self->waiting) || (int)zlist_size (self->idle) < workers) {
        int64_t left = until - zclock_mono ();
        if (left <= 0) {
            sk_warn ("stopping with %d requests waiting and %d of %d workers busy after %d s",
                     (int)zlist_size (self->waiting), workers - (int)zlist_size (self->idle),
                     workers, timeout_ms / 1000);
            break;
        }
        if (zmq_poll (items, 2, (long)left) < 0 && zmq_errno () != EINTR)
            break;
        while (zsock_events (self->backend) & ZMQ_POLLIN)
            s_collect (self);
        s_refuse_queued (self);
    }
}

void
sk_broker_flush (sk_broker_t *self)
{
    self->stopping = true;
    while (zsock_events (self->backend) & ZMQ_POLLIN)
        s_collect (self);
    s_refuse_queued (self);
    zsock_set_linger (self->frontend, S_LINGER_MS);
}
