/*  sk_broker.h: the broker (for sk_service; a service's code never calls
    it).

    The broker thread owns the CURVE ROUTER clients talk to and hands each
    request to the least recently used idle worker (the zguide's
    load-balancing broker), passing along who is calling as read from the
    handshake. It serves the table's in_broker ops itself, forwards the
    workers' replies and deferred replies, and publishes committed events
    on the bus. On a stop it drains: the requests in hand are answered,
    new ones refused unavailable.

    It also bounds what one caller may hold (doc/DECISIONS.md, "Bounded
    memory"): a connection that does not read its replies is closed, one
    that sends more than its share is refused, requests of a closed
    connection are dropped before they run, and one key may have only so
    many connections that send, every address only so many connections
    (sk_peers.h); a connection whose certificate left the clients
    folder is refused (sk_auth_current). Tested through running services:
    tests/integration/defer_test.c, registry_test.c, vote_test.c (drain),
    bounds_test.c.
*/
#ifndef SK_BROKER_H_INCLUDED
#define SK_BROKER_H_INCLUDED

#include "sk_call.h"

typedef struct _sk_broker_t sk_broker_t;

//  A stop takes at most SK_DRAIN_MS for the requests in hand (a request
//  that waited this long for a worker is answered unavailable anyway, and
//  its client has retried), then the service's own threads answer what
//  they hold, then SK_LINGER_MS for the last replies to leave. What stops a
//  service allows it more: the systemd unit's TimeoutStopSec,
//  docker-compose.yml's stop_grace_period and deploy/local/stack.sh's
//  STOP_WAIT_S (tests/unit/stoptime.sh checks them against these).
#define SK_DRAIN_MS  10000
#define SK_LINGER_MS 2000

//  A broker for service's table, taking the bound CURVE ROUTER frontend and
//  the bus PUB (may be NULL: no bus). Its backend is bound at
//  SK_WORKER_ENDPOINT, ready for the workers to connect. The frontend holds
//  at most max_conns connections, max_conns_per_address of one peer
//  address (sk_peers.h).
sk_broker_t *sk_broker_new (const char *service, const sk_op_t *table, zsock_t **frontend_p,
                            zsock_t **bus_p, int max_conns, int max_conns_per_address);
//  Destroy the broker and its sockets, dropping requests still waiting.
void sk_broker_destroy (sk_broker_t **self_p);
//  Serve until interrupted (SIGINT, SIGTERM).
void sk_broker_run (sk_broker_t *self);
//  After a stop: answer every new request unavailable ("the service is
//  shutting down") while the requests in hand finish: until no request
//  waits for a worker and all workers are idle, or timeout_ms passed.
void sk_broker_drain (sk_broker_t *self, int workers, int timeout_ms);
//  Once the threads that answer deferred replies have stopped: forward
//  their last replies, answer the requests still queued unavailable, and
//  let the frontend linger for the replies to leave.
void sk_broker_flush (sk_broker_t *self);

#endif
