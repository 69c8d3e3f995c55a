/*  sk_broker.h: the broker (for sk_service; a service's code never calls
    it).

    The broker thread owns the CURVE ROUTER clients talk to and hands each
    request to the least recently used idle worker (the zguide's
    load-balancing broker), passing along who is calling as read from the
    handshake. It serves the table's in_broker ops itself, forwards the
    workers' replies and deferred replies, and publishes committed events
    on the bus. Tested through running services:
    tests/integration/defer_test.c, registry_test.c.
*/
#ifndef SK_BROKER_H_INCLUDED
#define SK_BROKER_H_INCLUDED

#include "sk_call.h"

typedef struct _sk_broker_t sk_broker_t;

//  A broker for service's table, taking the bound CURVE ROUTER frontend and
//  the bus PUB (may be NULL: no bus). Its backend is bound at
//  SK_WORKER_ENDPOINT, ready for the workers to connect.
sk_broker_t *sk_broker_new (const char *service, const sk_op_t *table, zsock_t **frontend_p,
                            zsock_t **bus_p);
//  Destroy the broker and its sockets, dropping requests still waiting.
void sk_broker_destroy (sk_broker_t **self_p);
//  Serve until interrupted (SIGINT, SIGTERM).
void sk_broker_run (sk_broker_t *self);

#endif
