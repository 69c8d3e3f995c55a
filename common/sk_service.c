/*  sk_service.c: broker, workers and the request path every op shares. */
#include <czmq.h>
#include <stdarg.h>
#include <pthread.h>
#include <signal.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "sk_service.h"

#define S_MAX_BURST   256 //  client requests the broker takes per wake-up
#define S_MAX_WAITING 256 //  requests the broker holds for a busy worker

struct _sk_service_t {
    char *name;           //  "registry"
    const sk_op_t *table; //  the service's ops
    char *endpoint;       //  where the ROUTER binds
    char *cert;           //  the service's secret certificate
    char *clients;        //  directory of client public certificates
    char *db;             //  libpq connection string
    char *migrations[3];  //  common/sql, services/NAME/sql, NULL
    int workers;          //  worker threads, one connection each
    char *bus;            //  notify's XSUB endpoint, or NULL: no bus
    char *bus_public;     //  notify's public certificate
    zactor_fn *extras[4]; //  threads the service adds (sk_service_attach)
    void *extra_args[4];
    int nextras;
};

//  --------------------------------------------------------------------------
//  The call: what a handler sees

int
sk_call_fail (sk_call_t *call, const char *code, const char *field, const char *format, ...)
{
    char path[96] = "";
    if (field && call->scope[0])
        snprintf (path, sizeof path, "%s.%s", call->scope, field);
    else if (field)
        snprintf (path, sizeof path, "%s", field);
    else if (call->scope[0])
        snprintf (path, sizeof path, "%s", call->scope);
    snprintf (call->err.code, sizeof call->err.code, "%s", code);
    snprintf (call->err.field, sizeof call->err.field, "%s", path);
    va_list args;
    va_start (args, format);
    vsnprintf (call->err.message, sizeof call->err.message, format, args);
    va_end (args);
    return -1;
}

void
sk_call_scope (sk_call_t *call, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    vsnprintf (call->scope, sizeof call->scope, format, args);
    va_end (args);
}

char *
sk_call_strdup (sk_call_t *call, const char *s)
{
    char *copy = sk_strdup (s);
    zlist_append (call->allocs, copy);
    return copy;
}

char *
sk_call_printf (sk_call_t *call, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    char *s = zsys_vprintf (format, args);
    va_end (args);
    if (!s)
        sk_log (SK_FATAL, "out of memory formatting a string");
    zlist_append (call->allocs, s);
    return s;
}

static const msgpack_object *
s_field (sk_call_t *call, const msgpack_object *map, const char *key)
{
    const msgpack_object *v = sk_obj_get (map ? map : call->req->body, key);
    return v && v->type == MSGPACK_OBJECT_NIL ? NULL : v;
}

static int
s_missing (sk_call_t *call, const char *key, bool required)
{
    if (required)
        return sk_call_fail (call, "invalid_argument", key, "missing required field \"%s\"", key);
    return 0;
}

int
sk_call_str (sk_call_t *call, const msgpack_object *map, const char *key, size_t max_len,
             bool required, const char **value)
{
    const msgpack_object *v = s_field (call, map, key);
    if (!v)
        return s_missing (call, key, required);
    if (v->type != MSGPACK_OBJECT_STR)
        return sk_call_fail (call, "invalid_argument", key, "field \"%s\" must be a string", key);
    if (v->via.str.size > max_len)
        return sk_call_fail (call, "invalid_argument", key, "field \"%s\" is longer than %zu bytes",
                             key, max_len);
    if (memchr (v->via.str.ptr, 0, v->via.str.size))
        return sk_call_fail (call, "invalid_argument", key, "field \"%s\" contains a NUL byte",
                             key);
    char *s = sk_strndup (v->via.str.ptr, v->via.str.size);
    zlist_append (call->allocs, s);
    *value = s;
    return 1;
}

int
sk_call_int (sk_call_t *call, const msgpack_object *map, const char *key, int64_t min, int64_t max,
             bool required, int64_t *value)
{
    const msgpack_object *v = s_field (call, map, key);
    if (!v)
        return s_missing (call, key, required);
    int64_t n;
    if (!sk_obj_int (v, &n))
        return sk_call_fail (call, "invalid_argument", key, "field \"%s\" must be an integer", key);
    if (n < min || n > max)
        return sk_call_fail (call, "invalid_argument", key,
                             "field \"%s\" is out of range: %lld is not "
                             "between %lld and %lld",
                             key, (long long)n, (long long)min, (long long)max);
    *value = n;
    return 1;
}

int
sk_call_bool (sk_call_t *call, const msgpack_object *map, const char *key, bool required,
              bool *value)
{
    const msgpack_object *v = s_field (call, map, key);
    if (!v)
        return s_missing (call, key, required);
    if (v->type != MSGPACK_OBJECT_BOOLEAN)
        return sk_call_fail (call, "invalid_argument", key, "field \"%s\" must be true or false",
                             key);
    *value = v->via.boolean;
    return 1;
}

int
sk_call_array (sk_call_t *call, const msgpack_object *map, const char *key, uint32_t max,
               bool required, const msgpack_object **array)
{
    const msgpack_object *v = s_field (call, map, key);
    if (!v)
        return s_missing (call, key, required);
    if (v->type != MSGPACK_OBJECT_ARRAY)
        return sk_call_fail (call, "invalid_argument", key, "field \"%s\" must be an array", key);
    if (v->via.array.size > max)
        return sk_call_fail (call, "invalid_argument", key,
                             "field \"%s\" has more than %u elements", key, max);
    *array = v;
    return 1;
}

int
sk_call_known_keys (sk_call_t *call, const msgpack_object *map, const char *const *keys)
{
    if (!map)
        map = call->req->body;
    if (!map)
        return 0;
    for (uint32_t i = 0; i < map->via.map.size; i++) {
        const msgpack_object *k = &map->via.map.ptr[i].key;
        bool known = false;
        for (int j = 0; keys[j] && !known; j++)
            known = sk_obj_str_eq (k, keys[j]);
        if (!known) {
            char name[64];
            snprintf (name, sizeof name, "%.*s", (int)(k->via.str.size < 60 ? k->via.str.size : 60),
                      k->via.str.ptr);
            return sk_call_fail (call, "invalid_argument", name, "unknown field \"%s\"", name);
        }
    }
    return 0;
}

PGresult *
sk_call_sql (sk_call_t *call, const char *sql, int nparams, const char *const *params)
{
    if (!call->db) {
        sk_call_fail (call, "internal", NULL,
                      "op \"%s\" is served without "
                      "a database",
                      call->op->name);
        return NULL;
    }
    PGresult *r = sk_db_exec (call->db, &call->err, sql, nparams, params);
    if (!r && call->scope[0] && !call->err.field[0])
        snprintf (call->err.field, sizeof call->err.field, "%s", call->scope);
    return r;
}

//  Text form of a bytea parameter; owned by the call.
static const char *
s_bytea (sk_call_t *call, const void *data, size_t size)
{
    static const char digits[] = "0123456789abcdef";
    char *hex = sk_malloc (2 * size + 3);
    hex[0] = '\\';
    hex[1] = 'x';
    for (size_t i = 0; i < size; i++) {
        hex[2 + 2 * i] = digits[((const uint8_t *)data)[i] >> 4];
        hex[3 + 2 * i] = digits[((const uint8_t *)data)[i] & 15];
    }
    hex[2 + 2 * size] = 0;
    zlist_append (call->allocs, hex);
    return hex;
}

//  One event as the wire carries it (proto/PROTOCOL.md, "Events").
static void
s_pack_event (sk_pack_t *p, const char *service, PGresult *r, int row, const unsigned char *body,
              size_t body_len)
{
    //  Columns: seq, event_id, ts, tenant, topic
    sk_pack_map (p, 8);
    sk_pack_kint (p, "v", SK_WIRE_VERSION);
    sk_pack_kstr (p, "event_id", PQgetvalue (r, row, 1));
    sk_pack_kstr (p, "source", service);
    sk_pack_kint (p, "seq", strtoll (PQgetvalue (r, row, 0), NULL, 10));
    sk_pack_kstr (p, "ts", PQgetvalue (r, row, 2));
    sk_pack_kstr (p, "tenant", PQgetvalue (r, row, 3));
    sk_pack_kstr (p, "topic", PQgetvalue (r, row, 4));
    sk_pack_str (p, "body");
    sk_pack_raw (p, body, body_len);
}

#define S_EVENT_COLUMNS                                                                            \
    "seq, event_id, to_char(ts AT TIME ZONE 'UTC', "                                               \
    "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), tenant, topic"

int
sk_call_event (sk_call_t *call, const char *topic, const sk_pack_t *body)
{
    if (!call->op->mutating)
        return sk_call_fail (call, "internal", NULL, "a read-only op cannot emit events");
    //  The counter row serialises writers until commit: gap-free, in order
    const char *params[] = { topic, call->req->tenant,
                             s_bytea (call, body->buf.data, body->buf.size) };
    PGresult *r = sk_call_sql (call,
                               "WITH s AS (UPDATE outbox_seq SET last = last + 1 RETURNING last) "
                               "INSERT INTO outbox (seq, topic, tenant, body) "
                               "SELECT last, $1, $2, $3::bytea FROM s RETURNING " S_EVENT_COLUMNS,
                               3, params);
    if (!r)
        return -1;
    sk_pack_t event;
    sk_pack_init (&event);
    s_pack_event (&event, call->service, r, 0, (const unsigned char *)body->buf.data,
                  body->buf.size);
    zlist_append (call->events, zframe_new (topic, strlen (topic)));
    zlist_append (call->events, zframe_new (event.buf.data, event.buf.size));
    sk_pack_release (&event);
    PQclear (r);
    return 0;
}

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

//  Events after a seq, in seq order; the caller's cursor advances to "last".
static int
s_event_list (sk_call_t *call)
{
    static const char *keys[] = { "after", "limit", "topic", NULL };
    int64_t after = 0, limit = 100;
    const char *topic = "";
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "after", 0, INT64_MAX, false, &after) < 0
        || sk_call_int (call, NULL, "limit", 1, 1000, false, &limit) < 0
        || sk_call_str (call, NULL, "topic", 128, false, &topic) < 0)
        return -1;
    const char *params[] = { sk_call_printf (call, "%lld", (long long)after),
                             sk_call_printf (call, "%lld", (long long)limit), topic };
    PGresult *r = sk_call_sql (call,
                               "SELECT " S_EVENT_COLUMNS ", body FROM outbox "
                               "WHERE seq > $1 AND starts_with(topic, $3) ORDER BY seq LIMIT $2",
                               3, params);
    if (!r)
        return -1;
    PGresult *last = sk_call_sql (call, "SELECT last FROM outbox_seq", 0, NULL);
    if (!last) {
        PQclear (r);
        return -1;
    }
    int rows = PQntuples (r);
    sk_pack_map (&call->reply, 2);
    sk_pack_kint (&call->reply, "last", strtoll (PQgetvalue (last, 0, 0), NULL, 10));
    sk_pack_str (&call->reply, "events");
    sk_pack_array (&call->reply, (uint32_t)rows);
    for (int i = 0; i < rows; i++) {
        size_t len;
        unsigned char *body = PQunescapeBytea ((const unsigned char *)PQgetvalue (r, i, 5), &len);
        s_pack_event (&call->reply, call->service, r, i, body, len);
        PQfreemem (body);
    }
    PQclear (r);
    PQclear (last);
    return 0;
}

//  --------------------------------------------------------------------------
//  Deferred replies: sent to the broker's backend by whichever thread
//  answers, through one DEALER shared under a lock, after an empty frame
//  that no worker's message starts with (a routing id is never empty)

struct _sk_deferred_t {
    zframe_t *routing;      //  the client's
    char id[SK_MAX_ID + 1]; //  the request's
};

static pthread_mutex_t s_replier_lock = PTHREAD_MUTEX_INITIALIZER;
static zsock_t *s_replier; //  while a service runs in this process

sk_deferred_t *
sk_call_defer (sk_call_t *call)
{
    if (call->op->mutating || call->deferred || !call->routing) {
        sk_call_fail (call, "internal", NULL, "op \"%s\" cannot defer its reply", call->op->name);
        return NULL;
    }
    sk_deferred_t *self = sk_malloc (sizeof *self);
    self->routing = zframe_dup (call->routing);
    snprintf (self->id, sizeof self->id, "%s", call->req->id);
    call->deferred = true;
    return self;
}

void
sk_deferred_reply (sk_deferred_t **self_p, const sk_pack_t *body, const sk_error_t *err)
{
    sk_deferred_t *self = *self_p;
    if (!self)
        return;
    sk_pack_t out;
    sk_pack_init (&out);
    if (err && err->code[0])
        sk_pack_reply_error (&out, self->id, err);
    else if (body && body->buf.size)
        sk_pack_reply_ok (&out, self->id, body->buf.data, body->buf.size);
    else {
        sk_pack_t empty;
        sk_pack_init (&empty);
        sk_pack_map (&empty, 0);
        sk_pack_reply_ok (&out, self->id, empty.buf.data, empty.buf.size);
        sk_pack_release (&empty);
    }
    pthread_mutex_lock (&s_replier_lock);
    if (s_replier) {
        void *sock = zsock_resolve (s_replier);
        zmq_send (sock, "", 0, ZMQ_SNDMORE);
        zmq_send (sock, zframe_data (self->routing), zframe_size (self->routing), ZMQ_SNDMORE);
        zmq_send (sock, out.buf.data, out.buf.size, 0);
    }
    pthread_mutex_unlock (&s_replier_lock);
    sk_pack_release (&out);
    zframe_destroy (&self->routing);
    free (self);
    *self_p = NULL;
}

void
sk_service_thread_init (void)
{
    sigset_t stops;
    sigemptyset (&stops);
    sigaddset (&stops, SIGTERM);
    sigaddset (&stops, SIGINT);
    pthread_sigmask (SIG_BLOCK, &stops, NULL);
}

//  --------------------------------------------------------------------------
//  The worker: one thread, one database connection (the broker serves
//  its in_broker ops as a worker without one)

typedef struct {
    sk_service_t *service;
    sk_db_t *db;
    zsock_t *broker;     //  DEALER to the broker's backend
    sk_op_t builtins[3]; //  ping and event.list, named for this service
    char names[2][80];   //  their op names
    uint64_t served;     //  mutating requests, for request_log pruning
} worker_t;

static const sk_op_t *
s_find_op (worker_t *self, const char *name)
{
    for (const sk_op_t *op = self->service->table; op->name; op++)
        if (streq (op->name, name))
            return op;
    for (const sk_op_t *op = self->builtins; op->name; op++)
        if (streq (op->name, name))
            return op;
    return NULL;
}

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

static void
s_call_release (sk_call_t *call)
{
    char *s;
    while ((s = (char *)zlist_pop (call->allocs)))
        free (s);
    zlist_destroy (&call->allocs);
    zframe_t *f;
    while ((f = (zframe_t *)zlist_pop (call->events)))
        zframe_destroy (&f);
    zlist_destroy (&call->events);
    sk_pack_release (&call->reply);
}

//  Serve one request; returns the reply frame, and moves the committed
//  events (topic, event frame pairs) to events.
static zframe_t *
s_serve (worker_t *self, const sk_caller_t *caller, zframe_t *routing, zframe_t *payload,
         zlist_t *events)
{
    sk_frame_t frame;
    sk_request_t req;
    sk_error_t err = { 0 };
    sk_pack_t out;
    sk_pack_init (&out);
    int rc = sk_frame_decode (&frame, zframe_data (payload), zframe_size (payload), &err);
    if (rc == 0)
        rc = sk_request_parse (&frame, &req, &err);
    else
        memset (&req, 0, sizeof req);
    const sk_op_t *op = NULL;
    if (rc == 0 && !(op = s_find_op (self, req.op)))
        rc = sk_error_set (&err, "invalid_argument", "op", "unknown op \"%s\"", req.op);
    if (rc == 0)
        rc = s_authorise (caller, op, &req, &err);
    if (rc) {
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
                       .service = self->service->name,
                       .ops = self->service->table,
                       .routing = routing };
    sk_pack_init (&call.reply);
    call.allocs = zlist_new ();
    call.events = zlist_new ();
    zframe_t *reply = NULL;
    bool use_db = self->db && op->handler != s_ping;

    //  A connection found dead at BEGIN (PostgreSQL restarted since its
    //  last use) has done nothing: reconnect once before giving up
    if (use_db && sk_db_begin (self->db, req.tenant, &call.err)
        && (!streq (call.err.code, "unavailable")
            || (memset (&call.err, 0, sizeof call.err),
                sk_db_begin (self->db, req.tenant, &call.err))))
        rc = -1;
    else if (use_db && op->mutating && (reply = s_stored_reply (&call)))
        sk_db_rollback (self->db); //  answered before: change nothing
    else if (!call.err.code[0]) {
        rc = op->handler (&call);
        if (call.deferred)
            ; //  the holder of the sk_deferred_t answers
        else if (rc == 0 && !call.err.code[0]) {
            if (call.reply.buf.size == 0)
                sk_pack_map (&call.reply, 0);
            sk_pack_reply_ok (&out, req.id, call.reply.buf.data, call.reply.buf.size);
            if (op->mutating) {
                const char *params[] = { caller->key, req.id, op->name,
                                         s_bytea (&call, out.buf.data, out.buf.size) };
                PGresult *r =
                    sk_call_sql (&call,
                                 "INSERT INTO request_log (caller, request_id, op, reply) "
                                 "VALUES ($1, $2, $3, $4::bytea)",
                                 4, params);
                if (!r)
                    rc = -1;
                PQclear (r);
            }
            //  What only read needs no wait for its COMMIT
            if (rc == 0 && use_db && !op->mutating)
                sk_db_commit_nowait (self->db);
            else if (rc == 0 && use_db && sk_db_commit (self->db, &call.err))
                rc = -1;
        } else
            rc = -1;
        if (rc && use_db) {
            sk_db_rollback (self->db);
            //  A concurrent attempt of the same request won the race
            if (op->mutating && streq (call.err.code, "conflict")
                && sk_db_begin (self->db, req.tenant, &err) == 0) {
                reply = s_stored_reply (&call);
                sk_db_rollback (self->db);
            }
        }
    }
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
    if (op->mutating && ++self->served % 10000 == 0) {
        sk_error_t ignored;
        sk_db_run (self->db, &ignored,
                   "DELETE FROM request_log WHERE created_at < now() - interval '7 days'", 0, NULL);
    }
    s_call_release (&call);
    sk_frame_release (&frame);
    sk_pack_release (&out);
    return reply;
}

static void
s_worker_init (worker_t *self, sk_service_t *service, sk_db_t *db)
{
    memset (self, 0, sizeof *self);
    self->service = service;
    self->db = db;
    snprintf (self->names[0], sizeof self->names[0], "%s.service.ping", service->name);
    snprintf (self->names[1], sizeof self->names[1], "%s.event.list", service->name);
    self->builtins[0] = (sk_op_t){ self->names[0], s_ping, SK_READERS, false, NULL };
    self->builtins[1] = (sk_op_t){ self->names[1], s_event_list, SK_READERS, false, NULL };
}

static void
s_worker_actor (zsock_t *pipe, void *args)
{
    worker_t *self = (worker_t *)args;
    self->broker = zsock_new_dealer (">inproc://sk-service-workers");
    zsock_signal (pipe, 0);
    zsock_send (self->broker, "s", "READY");
    zpoller_t *poller = zpoller_new (pipe, self->broker, NULL);
    while (true) {
        void *which = zpoller_wait (poller, -1);
        if (which != self->broker)
            break; //  $TERM or interrupted
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
                s_serve (self, (sk_caller_t *)zframe_data (who), routing, payload, events);
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

//  --------------------------------------------------------------------------
//  The broker: the CURVE ROUTER, least-recently-used worker queue

sk_service_t *
sk_service_new (const char *name, const sk_op_t *table, sk_config_t *config)
{
    char key[96];
    const char *values[5];
    static const char *names[] = { "endpoint", "cert", "clients", "db", NULL };
    for (int i = 0; names[i]; i++) {
        snprintf (key, sizeof key, "%s/%s", name, names[i]);
        //  A setting may be given once for all services: "db", "clients"
        values[i] = sk_config_get (config, key, sk_config_get (config, names[i], NULL));
        if (!values[i]) {
            sk_error ("missing setting \"%s\"", key);
            sk_log (SK_LOG,
                    "HINT: set it in the configuration file or as "
                    "SAMSKAB_%s",
                    key);
            return NULL;
        }
    }
    for (const sk_op_t *op = table; op->name; op++)
        if (op->in_broker && op->mutating) {
            sk_error ("op \"%s\" cannot be both in_broker and mutating", op->name);
            return NULL;
        }
    int workers;
    snprintf (key, sizeof key, "%s/workers", name);
    if (sk_config_int (config, key, 4, 1, 64, &workers))
        return NULL;
    sk_service_t *self = sk_malloc (sizeof *self);
    self->name = sk_strdup (name);
    self->table = table;
    self->endpoint = sk_strdup (values[0]);
    self->cert = sk_strdup (values[1]);
    self->clients = sk_strdup (values[2]);
    self->db = sk_strdup (values[3]);
    self->workers = workers;
    self->migrations[0] = sk_strdup (sk_config_get (config, "core/migrations", "common/sql"));
    snprintf (key, sizeof key, "%s/migrations", name);
    char deflt[128];
    snprintf (deflt, sizeof deflt, "services/%s/sql", name);
    self->migrations[1] = sk_strdup (sk_config_get (config, key, deflt));
    self->migrations[2] = NULL;
    self->bus = self->bus_public = NULL;
    self->nextras = 0;
    //  The bus is optional: publish committed events to notify's XSUB
    const char *bus = sk_config_get (config, "bus/xsub", NULL);
    const char *bus_public = sk_config_get (config, "notify/public", NULL);
    if (bus && bus_public) {
        self->bus = sk_strdup (bus);
        self->bus_public = sk_strdup (bus_public);
    }
    return self;
}

void
sk_service_attach (sk_service_t *self, zactor_fn *actor, void *args)
{
    assert (self->nextras < 4);
    self->extras[self->nextras] = actor;
    self->extra_args[self->nextras++] = args;
}

void
sk_service_destroy (sk_service_t **self_p)
{
    sk_service_t *self = *self_p;
    if (!self)
        return;
    free (self->name);
    free (self->endpoint);
    free (self->cert);
    free (self->clients);
    free (self->db);
    free (self->migrations[0]);
    free (self->migrations[1]);
    free (self->bus);
    free (self->bus_public);
    free (self);
    *self_p = NULL;
}

typedef struct {
    zsock_t *frontend;  //  the CURVE ROUTER clients talk to
    zsock_t *backend;   //  the workers' ROUTER
    zsock_t *bus;       //  PUB to notify's XSUB, or NULL
    zlist_t *idle;      //  routing ids of the workers waiting for a request
    zlist_t *waiting;   //  requests (zmsg_t) waiting for a worker, if peek
    zlist_t *no_events; //  what in_broker ops emit: nothing, as they commit nothing
    worker_t front;     //  the broker as a worker without a database
    bool peek;          //  some op is in_broker: look at each request's op
} broker_t;

//  Take client requests only while a worker is free, so the rest wait in
//  the ROUTER's queue, which is the back-pressure; with in_broker ops, also
//  while few wait for a worker, so those ops never wait behind the others.
static bool
s_may_take (broker_t *self)
{
    return zlist_size (self->idle) || (self->peek && zlist_size (self->waiting) < S_MAX_WAITING);
}

//  Serve an in_broker op here and now, if the request is one.
static bool
s_serve_in_broker (broker_t *self, const sk_caller_t *caller, zframe_t **routing,
                   zframe_t **payload)
{
    char name[SK_MAX_OP + 1];
    const sk_op_t *op;
    if (!self->peek
        || !sk_request_peek_op (zframe_data (*payload), zframe_size (*payload), name, sizeof name)
        || !(op = s_find_op (&self->front, name)) || !op->in_broker)
        return false;
    zframe_t *reply = s_serve (&self->front, caller, *routing, *payload, self->no_events);
    if (reply) {
        zframe_send (routing, self->frontend, ZFRAME_MORE);
        zframe_send (&reply, self->frontend, 0);
    }
    zframe_destroy (routing);
    zframe_destroy (payload);
    return true;
}

//  Hand one client request to an idle worker, with the caller's identity,
//  or serve it here if its op is in_broker.
static void
s_dispatch (broker_t *self)
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
    if (err.code[0]) {
        if (routing) {
            sk_pack_t out;
            sk_pack_init (&out);
            sk_pack_reply_error (&out, "", &err);
            zframe_send (&routing, frontend, ZFRAME_MORE);
            zmq_send (zsock_resolve (frontend), out.buf.data, out.buf.size, 0);
            sk_pack_release (&out);
        }
        zframe_destroy (&routing);
        zframe_destroy (&payload);
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
s_collect (broker_t *self)
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

int
sk_service_run (sk_service_t *self)
{
    sk_db_t *db = sk_db_new (self->db, self->name);
    for (int attempt = 0; sk_db_ensure (db) && attempt < 50; attempt++)
        zclock_sleep (200);
    int rc = sk_db_migrate (db, (const char *const *)self->migrations);
    sk_db_destroy (&db);
    if (rc)
        return -1;

    //  The ZAP handler must exist before the first CURVE bind
    zactor_t *auth = sk_auth_new (self->clients);
    if (!auth)
        return -1;
    zsock_t *frontend = zsock_new (ZMQ_ROUTER);
    zsock_set_maxmsgsize (frontend, SK_MAX_FRAME);
    zsock_set_heartbeat_ivl (frontend, 5000);
    zsock_set_heartbeat_timeout (frontend, 15000);
    zsock_set_router_mandatory (frontend, 0);
    zsock_set_linger (frontend, 0);
    zsock_t *backend = zsock_new_router ("@inproc://sk-service-workers");
    if (sk_auth_server (frontend, self->cert) || zsock_bind (frontend, "%s", self->endpoint) < 0) {
        sk_error ("could not bind %s: %s", self->endpoint, zmq_strerror (zmq_errno ()));
        zsock_destroy (&frontend);
        zsock_destroy (&backend);
        zactor_destroy (&auth);
        return -1;
    }
    pthread_mutex_lock (&s_replier_lock);
    s_replier = zsock_new_dealer (">inproc://sk-service-workers");
    pthread_mutex_unlock (&s_replier_lock);
    worker_t *workers = sk_malloc (sizeof (worker_t) * (size_t)self->workers);
    zactor_t **actors = sk_malloc (sizeof (zactor_t *) * (size_t)self->workers);
    for (int i = 0; i < self->workers; i++) {
        s_worker_init (&workers[i], self, sk_db_new (self->db, self->name));
        actors[i] = zactor_new (s_worker_actor, &workers[i]);
    }
    sk_info ("%s serving on %s with %d workers", self->name, self->endpoint, self->workers);
    zsock_t *bus = NULL;
    if (self->bus) {
        bus = zsock_new (ZMQ_PUB);
        zsock_set_linger (bus, 0);
        if (sk_auth_client (bus, self->cert, self->bus_public)
            || zsock_connect (bus, "%s", self->bus) < 0) {
            sk_warn ("could not connect to the bus at %s; events are not "
                     "published, subscribers pull them",
                     self->bus);
            zsock_destroy (&bus);
        }
    }
    zactor_t *extras[4] = { NULL };
    for (int i = 0; i < self->nextras; i++)
        extras[i] = zactor_new (self->extras[i], self->extra_args[i]);

    broker_t broker = { .frontend = frontend,
                        .backend = backend,
                        .bus = bus,
                        .idle = zlist_new (),
                        .waiting = zlist_new (),
                        .no_events = zlist_new () };
    s_worker_init (&broker.front, self, NULL);
    for (const sk_op_t *op = self->table; op->name; op++)
        broker.peek |= op->in_broker;
    zlist_t *idle = broker.idle;
    zmq_pollitem_t items[] = {
        { zsock_resolve (backend), 0, ZMQ_POLLIN, 0 },
        { zsock_resolve (frontend), 0, ZMQ_POLLIN, 0 },
    };
    while (!zsys_interrupted) {
        //  An item left out of the poll keeps its old revents: clear it, or
        //  a stale POLLIN would block the broker in a receive with nothing
        //  queued
        items[1].revents = 0;
        int n = zmq_poll (items, s_may_take (&broker) ? 2 : 1, -1);
        if (n < 0)
            break;
        //  Under load several messages wait: take them all per wake-up,
        //  and requests only so many at a time that replies keep flowing
        //  while in_broker ops take no worker
        if (items[0].revents & ZMQ_POLLIN)
            do
                s_collect (&broker);
            while (zsock_events (backend) & ZMQ_POLLIN);
        if (items[1].revents & ZMQ_POLLIN)
            for (int taken = 0; taken < S_MAX_BURST && s_may_take (&broker)
                                && (zsock_events (frontend) & ZMQ_POLLIN);
                 taken++)
                s_dispatch (&broker);
    }
    sk_info ("%s shutting down", self->name);
    for (int i = 0; i < self->nextras; i++)
        zactor_destroy (&extras[i]);
    zsock_destroy (&bus);
    for (int i = 0; i < self->workers; i++) {
        zactor_destroy (&actors[i]);
        sk_db_destroy (&workers[i].db);
    }
    zframe_t *f;
    while ((f = (zframe_t *)zlist_pop (idle)))
        zframe_destroy (&f);
    zlist_destroy (&idle);
    zmsg_t *msg;
    while ((msg = (zmsg_t *)zlist_pop (broker.waiting)))
        zmsg_destroy (&msg);
    zlist_destroy (&broker.waiting);
    zlist_destroy (&broker.no_events);
    free (actors);
    free (workers);
    pthread_mutex_lock (&s_replier_lock);
    zsock_destroy (&s_replier);
    pthread_mutex_unlock (&s_replier_lock);
    zsock_destroy (&frontend);
    zsock_destroy (&backend);
    zactor_destroy (&auth);
    return 0;
}

sk_config_t *
sk_service_config (const char *name, int argc, char **argv, int *status)
{
    const char *path = getenv ("SAMSKAB_CONFIG");
    for (int i = 1; i < argc; i++) {
        if (streq (argv[i], "-c") && i + 1 < argc)
            path = argv[++i];
        else {
            fprintf (stderr, "usage: samskab-%s [-c CONFIG_FILE]\n", name);
            *status = 2;
            return NULL;
        }
    }
    sk_config_t *config = sk_config_new (path);
    if (!config) {
        *status = 1;
        return NULL;
    }
    int level = sk_log_level_parse (sk_config_get (config, "log/level", "log"));
    sk_log_init (name, level < 0 ? SK_LOG : (sk_level_t)level);
    zsys_init ();
    zsys_set_logident (name);
    return config;
}

int
sk_service_main (const char *name, const sk_op_t *table, int argc, char **argv)
{
    int status;
    sk_config_t *config = sk_service_config (name, argc, argv, &status);
    if (!config)
        return status;
    sk_service_t *service = sk_service_new (name, table, config);
    int rc = service ? sk_service_run (service) : -1;
    sk_service_destroy (&service);
    sk_config_destroy (&config);
    return rc ? 1 : 0;
}
