/*  sk_broker.c: the CURVE ROUTER, the least-recently-used worker queue,
    and the limits that keep one caller from growing the service
    (sk_broker.h; doc/DECISIONS.md "Bounded memory"). */
#include <czmq.h>
#include <malloc.h>
#include <sys/socket.h>

#include "sk_broker.h"
#include "sk_log.h"
#include "sk_worker.h"
#include "sk_mem.h"
#include "sk_peers.h"

#define S_MAX_BURST         256                //  client requests the broker takes per wake-up
#define S_MAX_WAITING       256                //  requests the broker holds for a busy worker
#define S_MAX_WAITING_BYTES (16 * 1024 * 1024) //  and their bytes
#define S_MAX_QUEUED        16                 //  of one connection waiting for a worker
#define S_MAX_IN_FLIGHT     512                //  of one connection taken and not answered
#define S_MAX_CONNS_PER_KEY 256                //  connections of one client key sending requests
#define S_DEADLINE_MS       10000              //  longest wait for a worker: the client has retried
#define S_GONE_MS           10000              //  how long a closed connection is remembered
#define S_TRIM_MS           2000               //  give freed memory back at most this often
#define S_LOOK_MS           500                //  how often the broker looks for a stop

//  One client connection, known from its first request. Its routing id is
//  the key in the broker's table; fd is the TCP socket its last request
//  came through (ZMQ_SRCFD), for the monitor's disconnect events.
typedef struct {
    char key[41];   //  client key
    int fd;         //  its socket, or -1
    int in_flight;  //  requests taken and not answered
    int queued;     //  of those, waiting for a worker
    int generation; //  of the clients folder when the key was checked
    bool current;   //  the key's certificate was still there then
    bool admitted;  //  counted among its key's connections
    int64_t gone;   //  when it closed (monotonic ms), or 0
} s_conn_t;

//  A request waiting for a worker (its connection is kept while it waits)
typedef struct {
    s_conn_t *conn;
    zframe_t *routing;
    sk_caller_t caller;
    zframe_t *payload;
    int64_t since; //  when it was taken
} s_waiting_t;

struct _sk_broker_t {
    zsock_t *frontend; //  the CURVE ROUTER clients talk to
    sk_peers_t *peers; //  the frontend's connections, counted and capped
    zsock_t *backend;  //  the workers' ROUTER
    zsock_t *bus;      //  PUB to notify's XSUB, or NULL
    zlist_t *idle;     //  routing ids of the workers waiting for a request
    zlist_t *waiting;  //  requests (s_waiting_t) waiting for a worker
    size_t waiting_bytes;
    zhashx_t *conns;    //  routing id (hex) -> s_conn_t
    zhashx_t *by_fd;    //  fd (text) -> routing id (hex) of its last request
    zhashx_t *per_key;  //  client key -> admitted connections (intptr_t)
    zlist_t *no_events; //  what in_broker ops emit: nothing, as they commit nothing
    sk_worker_t front;  //  the broker as a worker without a database
    bool peek;          //  some op is in_broker: look at each request's op
    bool stopping;      //  draining: new requests are answered unavailable
    bool busy;          //  served something since memory was last given back
    int64_t trimmed;    //  when memory was last given back
    int64_t swept;      //  when closed connections were last forgotten
};

//  Take client requests while a worker is free, or while few wait for one
//  (so a connection's close is seen before its requests run, and in_broker
//  ops never wait behind the others); beyond that the rest wait in the
//  ROUTER's queue, at most its high-water mark per connection, which is the
//  back-pressure.
static bool
s_may_take (sk_broker_t *self)
{
    return zlist_size (self->idle)
           || (zlist_size (self->waiting) < S_MAX_WAITING
               && self->waiting_bytes < S_MAX_WAITING_BYTES);
}

//  --------------------------------------------------------------------------
//  Connections

//  The routing id (at most 255 bytes) as text, for the tables.
static void
s_conn_id (zframe_t *routing, char *out)
{
    static const char hex[] = "0123456789abcdef";
    const byte *data = zframe_data (routing);
    size_t at = 0;
    for (size_t i = 0; i < zframe_size (routing) && i < 255; i++) {
        out[at++] = hex[data[i] >> 4];
        out[at++] = hex[data[i] & 15];
    }
    out[at] = 0;
}

static s_conn_t *
s_conn_find (sk_broker_t *self, zframe_t *routing)
{
    char id[512];
    s_conn_id (routing, id);
    return (s_conn_t *)zhashx_lookup (self->conns, id);
}

//  Take the monitor's events so far (sk_peers: a connection beyond the
//  caps is closed; each close comes to s_conn_closed). A connection's close
//  is queued there before its socket's fd can be reused, so after this no
//  fd of a request read since names a connection already closed.
static void
s_conn_closes (sk_broker_t *self)
{
    sk_peers_events (self->peers);
}

//  Count conn among its key's connections, or refuse: 0, or -1 with err.
static int
s_conn_admit (sk_broker_t *self, s_conn_t *conn, sk_error_t *err)
{
    if (conn->admitted)
        return 0;
    intptr_t count = (intptr_t)zhashx_lookup (self->per_key, conn->key);
    if (count >= S_MAX_CONNS_PER_KEY)
        return sk_error_set (err, "unavailable", NULL,
                             "client key %s has %d connections sending requests, the most "
                             "allowed; close some",
                             conn->key, S_MAX_CONNS_PER_KEY);
    zhashx_update (self->per_key, conn->key, (void *)(count + 1));
    conn->admitted = true;
    return 0;
}

//  Stop counting conn among its key's connections.
static void
s_conn_unadmit (sk_broker_t *self, s_conn_t *conn)
{
    if (!conn->admitted)
        return;
    intptr_t count = (intptr_t)zhashx_lookup (self->per_key, conn->key) - 1;
    if (count > 0)
        zhashx_update (self->per_key, conn->key, (void *)count);
    else
        zhashx_delete (self->per_key, conn->key);
    conn->admitted = false;
}

//  The connection a request came from, made at its first: NULL with err
//  set if it may not send one now (its certificate removed, too many of
//  its key's connections, too many of its requests in hand), NULL with err
//  empty if it closed.
static s_conn_t *
s_conn_check (sk_broker_t *self, zframe_t *routing, int fd, const sk_caller_t *caller,
              sk_error_t *err)
{
    char id[512], fdkey[16];
    s_conn_id (routing, id);
    s_conn_t *conn = (s_conn_t *)zhashx_lookup (self->conns, id);
    if (!conn) {
        conn = sk_malloc (sizeof *conn);
        memset (conn, 0, sizeof *conn);
        snprintf (conn->key, sizeof conn->key, "%s", caller->key);
        conn->generation = sk_auth_generation () - 1;
        conn->fd = -1;
        zhashx_insert (self->conns, id, conn);
    }
    if (fd >= 0 && fd != conn->fd && !conn->gone) {
        conn->fd = fd;
        snprintf (fdkey, sizeof fdkey, "%d", fd);
        //  A connection still named by the fd has closed (its event taken
        //  without the broker knowing its fd would be reused)
        const char *before = (const char *)zhashx_lookup (self->by_fd, fdkey);
        s_conn_t *old = before ? (s_conn_t *)zhashx_lookup (self->conns, before) : NULL;
        if (old && old != conn && !old->gone) {
            old->gone = zclock_mono ();
            s_conn_unadmit (self, old);
        }
        zhashx_update (self->by_fd, fdkey, sk_strdup (id));
    }
    if (conn->gone)
        return NULL; //  closed: no one to answer, err left empty
    int generation = sk_auth_generation ();
    if (conn->generation != generation) {
        conn->current = sk_auth_current (caller);
        conn->generation = generation;
    }
    if (!conn->current) {
        sk_error_set (err, "unauthenticated", NULL,
                      "the certificate of client key %s is no longer in the service's "
                      "clients folder, or no longer as it was when this connection was made",
                      caller->key);
        return NULL;
    }
    if (s_conn_admit (self, conn, err))
        return NULL;
    if (conn->in_flight >= S_MAX_IN_FLIGHT) {
        sk_error_set (err, "unavailable", NULL,
                      "%d requests of this connection are in hand, the most allowed; wait "
                      "for their replies",
                      S_MAX_IN_FLIGHT);
        return NULL;
    }
    return conn;
}

//  A connection closed (its socket's fd). Its requests still waiting are
//  dropped when their turn comes, and those still in the ROUTER's queue
//  when they are read.
static void
s_conn_closed (void *arg, int fd)
{
    sk_broker_t *self = (sk_broker_t *)arg;
    char fdkey[16];
    snprintf (fdkey, sizeof fdkey, "%d", fd);
    const char *id = (const char *)zhashx_lookup (self->by_fd, fdkey);
    s_conn_t *conn = id ? (s_conn_t *)zhashx_lookup (self->conns, id) : NULL;
    if (conn && !conn->gone) {
        conn->gone = zclock_mono ();
        s_conn_unadmit (self, conn);
    }
    zhashx_delete (self->by_fd, fdkey);
}

//  Forget connections closed more than S_GONE_MS ago (their last requests
//  have been read by then), and give freed memory back to the system
//  after a busy spell: glibc keeps what the frames of a flood took.
static void
s_housekeep (sk_broker_t *self)
{
    int64_t now = zclock_mono ();
    if (now - self->swept >= 1000) {
        self->swept = now;
        sk_peers_housekeep (self->peers);
        zlist_t *old = zlist_new ();
        for (s_conn_t *conn = (s_conn_t *)zhashx_first (self->conns); conn;
             conn = (s_conn_t *)zhashx_next (self->conns))
            if (conn->gone && now - conn->gone > S_GONE_MS && conn->queued == 0)
                zlist_append (old, (void *)zhashx_cursor (self->conns));
        for (const char *id = (const char *)zlist_first (old); id;
             id = (const char *)zlist_next (old))
            zhashx_delete (self->conns, id);
        zlist_destroy (&old);
    }
    if (self->busy && now - self->trimmed >= S_TRIM_MS) {
        malloc_trim (0);
        self->trimmed = now;
        self->busy = false;
    }
}

//  --------------------------------------------------------------------------
//  Replies

//  Send a reply to a client without ever blocking the broker. A
//  connection whose queue of replies is full (ZMQ_SNDHWM) does not read
//  them: it is closed (shutdown of its socket; ZeroMQ cleans up), which
//  frees what it holds. A closed connection's replies go nowhere.
static void
s_reply (sk_broker_t *self, zframe_t **routing, const void *data, size_t size)
{
    void *frontend = zsock_resolve (self->frontend);
    if (zmq_send (frontend, zframe_data (*routing), zframe_size (*routing),
                  ZMQ_SNDMORE | ZMQ_DONTWAIT)
        >= 0)
        zmq_send (frontend, data, size, ZMQ_DONTWAIT);
    else if (zmq_errno () == EAGAIN) {
        s_conn_closes (self);
        s_conn_t *conn = s_conn_find (self, *routing);
        if (conn && conn->fd >= 0 && !conn->gone) {
            sk_warn ("closing a connection of client key %s: it does not read its replies",
                     conn->key);
            shutdown (conn->fd, SHUT_RDWR);
            conn->gone = zclock_mono ();
            s_conn_unadmit (self, conn);
        }
    }
    zframe_destroy (routing);
}

//  A reply left for routing's connection: one request fewer in hand.
static void
s_answered (sk_broker_t *self, zframe_t *routing)
{
    s_conn_t *conn = s_conn_find (self, routing);
    if (conn && conn->in_flight > 0)
        conn->in_flight--;
}

//  --------------------------------------------------------------------------
//  Requests

//  Serve an in_broker op here and now, if the request is one.
static bool
s_serve_in_broker (sk_broker_t *self, s_conn_t *conn, const sk_caller_t *caller, zframe_t **routing,
                   zframe_t **payload)
{
    char name[SK_MAX_OP + 1];
    const sk_op_t *op;
    if (!self->peek
        || !sk_request_peek_op (zframe_data (*payload), zframe_size (*payload), name, sizeof name)
        || !(op = sk_worker_find_op (&self->front, name)) || !op->in_broker)
        return false;
    conn->in_flight++;
    zframe_t *reply = sk_worker_serve (&self->front, caller, *routing, *payload, self->no_events);
    if (reply) {
        conn->in_flight--;
        s_reply (self, routing, zframe_data (reply), zframe_size (reply));
        zframe_destroy (&reply);
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
    if (with_id && *payload) {
        if (sk_frame_decode (&frame, zframe_data (*payload), zframe_size (*payload), &ignored) == 0
            && sk_request_parse (&frame, &req, &ignored) == 0)
            snprintf (id, sizeof id, "%s", req.id);
        sk_frame_release (&frame);
    }
    if (*routing) {
        sk_pack_t out;
        sk_pack_init (&out);
        sk_pack_reply_error (&out, id, err);
        s_reply (self, routing, out.buf.data, out.buf.size);
        sk_pack_release (&out);
    }
    zframe_destroy (routing);
    zframe_destroy (payload);
}

//  Receive one client request: its routing id, its payload and the caller
//  from the handshake (-1 in *has_caller if it has none), and the fd of the
//  socket it came through. A request of more than one frame has been
//  assembled by ZeroMQ already (it shows a message only once all its frames
//  are in); its other frames are dropped here and *extra set.
static void
s_receive (sk_broker_t *self, zframe_t **routing, zframe_t **payload, sk_caller_t *caller,
           int *has_caller, int *fd, bool *extra)
{
    *routing = zframe_recv (self->frontend);
    *payload = NULL;
    *fd = -1;
    *has_caller = -1;
    *extra = false;
    if (*routing && zsock_rcvmore (self->frontend)) {
        zmq_msg_t msg;
        zmq_msg_init (&msg);
        if (zmq_msg_recv (&msg, zsock_resolve (self->frontend), 0) >= 0) {
            *fd = zmq_msg_get (&msg, ZMQ_SRCFD);
            *has_caller = sk_caller_from_msg (&msg, caller);
            *payload = zframe_new (zmq_msg_data (&msg), zmq_msg_size (&msg));
        }
        zmq_msg_close (&msg);
    }
    while (zsock_rcvmore (self->frontend)) {
        zframe_t *junk = zframe_recv (self->frontend);
        zframe_destroy (&junk);
        *extra = true;
    }
}

//  Hand a request to an idle worker.
static void
s_to_worker (sk_broker_t *self, zframe_t **routing, const sk_caller_t *caller, zframe_t **payload)
{
    zframe_t *worker = (zframe_t *)zlist_pop (self->idle);
    zframe_send (&worker, self->backend, ZFRAME_MORE);
    zframe_send (routing, self->backend, ZFRAME_MORE);
    zmq_send (zsock_resolve (self->backend), caller, sizeof *caller, ZMQ_SNDMORE);
    zframe_send (payload, self->backend, 0);
}

//  Queue a request for the next free worker, or refuse it: one connection
//  may not fill the queue.
static void
s_to_queue (sk_broker_t *self, s_conn_t *conn, zframe_t **routing, const sk_caller_t *caller,
            zframe_t **payload)
{
    if (conn->queued >= S_MAX_QUEUED) {
        sk_error_t err = { 0 };
        sk_error_set (&err, "unavailable", NULL,
                      "%d requests of this connection wait for a worker, the most allowed; "
                      "send one at a time",
                      S_MAX_QUEUED);
        s_refuse (self, routing, payload, &err, true);
        return;
    }
    s_waiting_t *waiting = sk_malloc (sizeof *waiting);
    waiting->conn = conn;
    waiting->routing = *routing;
    waiting->caller = *caller;
    waiting->payload = *payload;
    waiting->since = zclock_mono ();
    *routing = *payload = NULL;
    zlist_append (self->waiting, waiting);
    self->waiting_bytes += zframe_size (waiting->payload);
    conn->queued++;
    conn->in_flight++;
}

//  Take a request off the queue: drop it if its connection closed, answer
//  it unavailable if it waited too long; true if it may still run.
static bool
s_unqueue (sk_broker_t *self, s_waiting_t *waiting, int64_t now)
{
    zlist_remove (self->waiting, waiting);
    self->waiting_bytes -= zframe_size (waiting->payload);
    s_conn_t *conn = waiting->conn;
    conn->queued--;
    if (!conn->gone && now - waiting->since <= S_DEADLINE_MS)
        return true;
    conn->in_flight--;
    if (!conn->gone) {
        sk_error_t err = { 0 };
        sk_error_set (&err, "unavailable", NULL,
                      "the request waited %d s for a worker; retry with the same id",
                      S_DEADLINE_MS / 1000);
        s_refuse (self, &waiting->routing, &waiting->payload, &err, true);
    }
    zframe_destroy (&waiting->routing);
    zframe_destroy (&waiting->payload);
    free (waiting);
    return false;
}

//  The next waiting request to run, or NULL: the oldest of a connection
//  that has nothing else running, else the oldest, so that a connection
//  that keeps many requests waiting (against the protocol) does not hold up
//  the others. Requests of closed connections and those past their
//  deadline are taken off on the way.
static s_waiting_t *
s_from_queue (sk_broker_t *self)
{
    int64_t now = zclock_mono ();
    s_waiting_t *pick = NULL, *oldest = NULL;
    zlist_t *dead = zlist_new ();
    for (s_waiting_t *waiting = (s_waiting_t *)zlist_first (self->waiting); waiting && !pick;
         waiting = (s_waiting_t *)zlist_next (self->waiting)) {
        s_conn_t *conn = waiting->conn;
        if (conn->gone || now - waiting->since > S_DEADLINE_MS)
            zlist_append (dead, waiting);
        else if (conn->in_flight == conn->queued)
            pick = waiting;
        else if (!oldest)
            oldest = waiting;
    }
    for (s_waiting_t *waiting = (s_waiting_t *)zlist_first (dead); waiting;
         waiting = (s_waiting_t *)zlist_next (dead))
        s_unqueue (self, waiting, now);
    zlist_destroy (&dead);
    pick = pick ? pick : oldest;
    return pick && s_unqueue (self, pick, now) ? pick : NULL;
}

//  Take one client request: refuse it (malformed, or its connection may
//  not send it), serve it here if its op is in_broker, or hand it to an
//  idle worker or the queue; while stopping, answer it unavailable.
static void
s_dispatch (sk_broker_t *self)
{
    zframe_t *routing, *payload;
    sk_caller_t caller;
    memset (&caller, 0, sizeof caller);
    int has_caller, fd;
    bool extra;
    s_conn_closes (self);
    s_receive (self, &routing, &payload, &caller, &has_caller, &fd, &extra);
    self->busy = true;
    sk_error_t err = { 0 };
    s_conn_t *conn = NULL;
    if (!routing || !payload)
        sk_error_set (&err, "invalid_argument", NULL, "empty message");
    else if (extra)
        sk_error_set (&err, "invalid_argument", NULL, "a request must be a single frame");
    else if (has_caller)
        sk_error_set (&err, "unauthenticated", NULL,
                      "no authenticated identity on this connection");
    else if (!(conn = s_conn_check (self, routing, fd, &caller, &err)) && !err.code[0]) {
        zframe_destroy (&routing);
        zframe_destroy (&payload);
        return; //  its connection closed: no one to answer
    }
    //  A malformed request is answered without an id; one refused for its
    //  connection or because the service stops, under its own, for the
    //  client to match (and retry)
    bool with_id = routing && payload && !extra && !has_caller;
    if (!err.code[0] && self->stopping)
        sk_error_set (&err, "unavailable", NULL,
                      "the service is shutting down; retry with the same id");
    if (err.code[0]) {
        s_refuse (self, &routing, &payload, &err, with_id);
        return;
    }
    if (s_serve_in_broker (self, conn, &caller, &routing, &payload))
        return;
    if (zlist_size (self->idle) == 0)
        s_to_queue (self, conn, &routing, &caller, &payload);
    else {
        conn->in_flight++;
        s_to_worker (self, &routing, &caller, &payload);
    }
}

//  A worker's reply (or READY): forward the reply, publish the committed
//  events if a bus is configured, and give the worker the next waiting
//  request or queue it as idle.
static void
s_collect (sk_broker_t *self)
{
    zmsg_t *msg = zmsg_recv (self->backend);
    if (!msg)
        return;
    zframe_t *from = zmsg_pop (msg);
    if (zmsg_first (msg) && zframe_size (zmsg_first (msg)) == 0) {
        //  A deferred reply (sk_deferred_reply), from no worker
        zframe_t *empty = zmsg_pop (msg);
        zframe_destroy (&empty);
        zframe_destroy (&from);
    }
    if (!(zmsg_size (msg) == 1 && zframe_streq (zmsg_first (msg), "READY"))) {
        zframe_t *routing = zmsg_pop (msg);
        zframe_t *reply = zmsg_pop (msg);
        if (routing && reply) {
            s_answered (self, routing);
            s_reply (self, &routing, zframe_data (reply), zframe_size (reply));
        }
        zframe_destroy (&routing);
        zframe_destroy (&reply);
        while (zmsg_size (msg) >= 2) {
            zframe_t *topic = zmsg_pop (msg), *event = zmsg_pop (msg);
            if (self->bus) {
                zframe_send (&topic, self->bus, ZFRAME_MORE);
                zframe_send (&event, self->bus, 0);
            }
            zframe_destroy (&topic);
            zframe_destroy (&event);
        }
    }
    zmsg_destroy (&msg);
    if (from) {
        zlist_append (self->idle, from);
        s_waiting_t *next = s_from_queue (self);
        if (next) {
            s_to_worker (self, &next->routing, &next->caller, &next->payload);
            free (next);
        }
    }
}

//  zhashx destructor for the tables' values
static void
s_conn_free (void **item)
{
    free (*item);
    *item = NULL;
}

sk_broker_t *
sk_broker_new (const char *service, const sk_op_t *table, zsock_t **frontend_p, zsock_t **bus_p,
               int max_conns, int max_conns_per_address)
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
    self->conns = zhashx_new ();
    zhashx_set_destructor (self->conns, s_conn_free);
    self->by_fd = zhashx_new ();
    zhashx_set_destructor (self->by_fd, s_conn_free);
    self->per_key = zhashx_new ();
    //  Connections as they open, capped, and as they close: a closed
    //  connection's requests are dropped before they run
    self->peers = sk_peers_new (self->frontend, service, max_conns, max_conns_per_address,
                                s_conn_closed, self);
    self->trimmed = self->swept = zclock_mono ();
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
    s_waiting_t *waiting;
    while ((waiting = (s_waiting_t *)zlist_pop (self->waiting))) {
        zframe_destroy (&waiting->routing);
        zframe_destroy (&waiting->payload);
        free (waiting);
    }
    zlist_destroy (&self->waiting);
    zlist_destroy (&self->no_events);
    zhashx_destroy (&self->conns);
    zhashx_destroy (&self->by_fd);
    zhashx_destroy (&self->per_key);
    zsock_destroy (&self->bus);
    sk_peers_destroy (&self->peers);
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
        { zsock_resolve (sk_peers_monitor (self->peers)), 0, ZMQ_POLLIN, 0 },
        { zsock_resolve (self->frontend), 0, ZMQ_POLLIN, 0 },
    };
    while (!zsys_interrupted) {
        //  An item left out of the poll keeps its old revents: clear it, or
        //  a stale POLLIN would block the broker in a receive with nothing
        //  queued. A signal taken by another thread only sets the flag:
        //  look at it at least every S_LOOK_MS
        items[2].revents = 0;
        int n = zmq_poll (items, s_may_take (self) ? 3 : 2, S_LOOK_MS);
        if (n < 0)
            break;
        //  Under load several messages wait: take them all per wake-up,
        //  and requests only so many at a time that replies keep flowing
        //  while in_broker ops take no worker. Closes first, so that the
        //  requests of a closed connection are not run
        s_conn_closes (self);
        if (items[0].revents & ZMQ_POLLIN)
            do
                s_collect (self);
            while (zsock_events (self->backend) & ZMQ_POLLIN);
        if (items[2].revents & ZMQ_POLLIN)
            for (int taken = 0; taken < S_MAX_BURST && s_may_take (self) && !zsys_interrupted
                                && (zsock_events (self->frontend) & ZMQ_POLLIN);
                 taken++)
                s_dispatch (self);
        s_housekeep (self);
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
    zsock_set_linger (self->frontend, SK_LINGER_MS);
}
