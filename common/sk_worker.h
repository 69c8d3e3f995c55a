/*  sk_worker.h: the request path every op shares (for sk_broker and
    sk_service; a service's code never calls it).

    A worker is one thread with one database connection. For each request
    the broker hands it, it decodes, finds the op, checks the caller's role
    and municipality against it, opens one transaction behind the tenant
    wall, answers a retried mutating request from its stored reply, runs
    the handler, stores the reply, and commits the reply, the handler's
    changes and its outbox events together. The broker serves its
    in_broker ops through a worker without a connection. Every worker also
    answers SERVICE.service.ping and SERVICE.event.list. Tested through
    running services: tests/integration/registry_test.c, defer_test.c.
*/
#ifndef SK_WORKER_H_INCLUDED
#define SK_WORKER_H_INCLUDED

#include "sk_call.h"

//  Where workers and deferred replies reach the broker
#define SK_WORKER_ENDPOINT "inproc://sk-service-workers"

typedef struct {
    const char *service;  //  the service's name, e.g. "registry"
    const sk_op_t *table; //  its ops
    sk_db_t *db;          //  this worker's connection, or NULL (the broker's)
    zsock_t *broker;      //  DEALER to the broker's backend, in the thread
    sk_op_t builtins[3];  //  ping and event.list, named for this service
    char names[2][80];    //  their op names
    int prune_ms;         //  prune request_log this often when idle too, or 0
    int64_t prune_at;     //  zclock_mono ms of the next timed prune
} sk_worker_t;

//  A worker for the service's table, with connection db (may be NULL); the
//  worker does not own db.
void sk_worker_init (sk_worker_t *self, const char *service, const sk_op_t *table, sk_db_t *db);
//  Stored replies are kept 7 days: this worker deletes older ones every
//  interval_s seconds, whether requests come or not (one worker per
//  service needs to). 0 turns it off.
void sk_worker_set_prune (sk_worker_t *self, int interval_s);
//  The op named name, built-ins included, or NULL.
const sk_op_t *sk_worker_find_op (sk_worker_t *self, const char *name);
//  Serve one request from caller; the reply frame, or NULL if the handler
//  deferred it. The committed events (topic, event frame pairs) move to
//  events.
zframe_t *sk_worker_serve (sk_worker_t *self, const sk_caller_t *caller, zframe_t *routing,
                           zframe_t *payload, zlist_t *events);
//  The worker thread (zactor_fn; args is an sk_worker_t): READY, then
//  [routing][caller][payload] in, [routing][reply][events...] out, until
//  $TERM.
void sk_worker_actor (zsock_t *pipe, void *args);

#endif
