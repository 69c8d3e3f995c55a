/*  sk_service.h: the one service loop (DESIGN.md, "One way in").

    A service is a name, a schema and a table of ops. sk_service runs it:
    a broker thread owns the CURVE ROUTER and hands each request to the
    least recently used of N worker threads (the zguide's load-balancing
    broker), passing along who is calling as read from the handshake. A
    worker decodes, checks the caller's role and municipality against the
    op, opens one transaction behind the tenant wall, answers a retried
    mutating request from its stored reply, runs the handler, stores the
    reply, and commits the reply, the handler's changes and its outbox
    events together. Handlers are business logic only.

    With "bus/xsub" and "notify/public" set, the broker also publishes each
    committed event (topic frame, event frame) on a CURVE PUB connected to
    notify's XSUB. The bus only wakes subscribers; they pull what they miss.

    Every service also answers, from this loop:
      SERVICE.service.ping   who is answering, and its ops (no database)
      SERVICE.event.list     events after a seq, gap-free, replayable
*/
#ifndef SK_SERVICE_H_INCLUDED
#define SK_SERVICE_H_INCLUDED

#include "sk_auth.h"
#include "sk_config.h"
#include "sk_db.h"
#include "sk_msg.h"

//  Which roles may call an op
#define SK_ROLE_BIT(r) (1u << (r))
#define SK_READERS                                                                                 \
    (SK_ROLE_BIT (SK_ROLE_AUDITOR) | SK_ROLE_BIT (SK_ROLE_SERVICE) | SK_ROLE_BIT (SK_ROLE_STAFF)   \
     | SK_ROLE_BIT (SK_ROLE_ADMIN))
#define SK_WRITERS (SK_ROLE_BIT (SK_ROLE_STAFF) | SK_ROLE_BIT (SK_ROLE_ADMIN))
#define SK_ADMINS  (SK_ROLE_BIT (SK_ROLE_ADMIN))

typedef struct _sk_call_t sk_call_t;
typedef int (sk_handler_fn) (sk_call_t *call);

typedef struct {
    const char *name;       //  "registry.association.create"
    sk_handler_fn *handler; //  0 on success (reply packed), -1 with error set
    unsigned roles;         //  SK_READERS, SK_WRITERS, SK_ADMINS
    bool mutating;          //  idempotent by request id; may emit events
    const void *arg;        //  static argument for a handler serving several ops
    //  Served by the broker thread as it arrives, without a worker: for a
    //  handler that touches no database and never blocks, handing its call
    //  to a thread of its own (sk_call_defer). Never mutating.
    bool in_broker;
} sk_op_t;

//  What a handler sees. Strings returned by the accessors live until the
//  call ends.
struct _sk_call_t {
    const sk_request_t *req;   //  id, op, tenant, body (may be NULL)
    const sk_caller_t *caller; //  from the handshake
    const sk_op_t *op;         //  the table row being served
    sk_db_t *db;               //  this worker's connection, inside the transaction
    const char *service;       //  the service's name, e.g. "registry"
    const sk_op_t *ops;        //  the service's table (ping lists it)
    sk_pack_t reply;           //  the handler packs its reply body (one map) here
    sk_error_t err;            //  set through sk_call_fail and the accessors
    char scope[64];            //  prefix for field names in errors, e.g. "has[2]"
    zlist_t *allocs;           //  freed when the call ends
    zlist_t *events;           //  zframe pairs (topic, event) to publish after commit
    zframe_t *routing;         //  the client's routing id, for sk_call_defer
    bool deferred;             //  answered later through sk_deferred_reply
};

//  Set the call's error and return -1. field may be NULL. The field is
//  prefixed with the current scope.
int sk_call_fail (sk_call_t *call, const char *code, const char *field, const char *format, ...)
    __attribute__ ((format (printf, 4, 5)));
//  Scope later field names: sk_call_scope (call, "has[%d]", i); "" clears.
void sk_call_scope (sk_call_t *call, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

//  Typed access to a field of map (NULL means the request body). Each
//  returns 1 if present and valid, 0 if absent (and not required), -1 with
//  the call's error set naming the field otherwise.
int sk_call_str (sk_call_t *call, const msgpack_object *map, const char *key, size_t max_len,
                 bool required, const char **value);
int sk_call_int (sk_call_t *call, const msgpack_object *map, const char *key, int64_t min,
                 int64_t max, bool required, int64_t *value);
int sk_call_bool (sk_call_t *call, const msgpack_object *map, const char *key, bool required,
                  bool *value);
//  An array field with at most max elements; *array points into the frame.
int sk_call_array (sk_call_t *call, const msgpack_object *map, const char *key, uint32_t max,
                   bool required, const msgpack_object **array);
//  Refuse keys of map not in the NULL-terminated list.
int sk_call_known_keys (sk_call_t *call, const msgpack_object *map, const char *const *keys);
//  A string the call owns (freed at its end).
char *sk_call_strdup (sk_call_t *call, const char *s);
char *sk_call_printf (sk_call_t *call, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

//  Run SQL inside the call's transaction; NULL with the call's error set.
PGresult *sk_call_sql (sk_call_t *call, const char *sql, int nparams, const char *const *params);
//  Append an event to the outbox in the call's transaction; body is a packed
//  msgpack map. 0, or -1 with the call's error set.
int sk_call_event (sk_call_t *call, const char *topic, const sk_pack_t *body);

//  A deferred reply, for a non-mutating op whose answer another thread
//  gives later (vote's committer answers each cast after its batch has
//  committed). sk_call_defer takes the answer away from the call; the
//  handler then returns 0 with no reply packed, and its worker takes the
//  next request at once instead of waiting. Whoever holds the handle must
//  answer exactly once with sk_deferred_reply, from any thread: the client
//  waits until then. The broker forwards such replies as they come (those
//  sent together, together). NULL, with the call's error set, for a
//  mutating op (its reply is stored in its transaction) or a second defer.
typedef struct _sk_deferred_t sk_deferred_t;
sk_deferred_t *sk_call_defer (sk_call_t *call);
//  Answer a deferred call with body (a packed map; NULL is an empty one),
//  or with err if err is not NULL and has a code. Destroys the handle. A
//  reply after the service has stopped is dropped.
void sk_deferred_reply (sk_deferred_t **self_p, const sk_pack_t *body, const sk_error_t *err);
//  Called first by a thread a service starts of its own (one that answers
//  deferred calls): SIGINT and SIGTERM are left to the service loop's
//  thread, whose poll they wake to stop the service.
void sk_service_thread_init (void);

typedef struct _sk_service_t sk_service_t;

//  A service named name serving the ops in table (terminated by a row with
//  name NULL). Settings under name/ in config: endpoint, cert, keys, db,
//  workers, migrations. NULL, logged, if they are incomplete.
sk_service_t *sk_service_new (const char *name, const sk_op_t *table, sk_config_t *config);
void sk_service_destroy (sk_service_t **self_p);
//  Run actor (a czmq zactor_fn) beside the service from after the schema is
//  migrated and the ZAP handler is up until shutdown; at most 4 per service.
//  The actor must signal its pipe when ready and end on $TERM.
void sk_service_attach (sk_service_t *self, zactor_fn *actor, void *args);
//  Migrate the schema, bind, serve until SIGINT/SIGTERM. 0 on a clean stop.
int sk_service_run (sk_service_t *self);

//  The start of every service's main(): the configuration from -c FILE or
//  $SAMSKAB_CONFIG, and logging as name at log/level. NULL with *status
//  set to the exit status (2 usage, 1 unreadable file) if it fails.
sk_config_t *sk_service_config (const char *name, int argc, char **argv, int *status);
//  Entry point of a service that is its op table alone: the configuration,
//  then the service until it stops. Returns the process exit status.
int sk_service_main (const char *name, const sk_op_t *table, int argc, char **argv);

#endif
