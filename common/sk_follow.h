/*  sk_follow.h: follow another service's events, and miss none.

    The zguide's Clone pattern over DESIGN.md's events: a follower pulls
    SOURCE.event.list (tenant "*") after its cursor, hands each new event to
    the caller's apply function, and moves the cursor, all in one
    transaction, so an event is applied exactly once across restarts. It
    pulls when notify's bus says there is news, and at least every poll_ms;
    after a failure it backs off up to poll_ms. Events must arrive gap-free;
    a gap or a malformed event stops the batch there (logged), and nothing
    past it is applied until the source serves it properly.
    The cursor lives in follow_cursor (common/sql/001_follow.sql) of the
    follower's own schema, one row per source. Instances of one service
    follow side by side: each batch's transaction first locks the cursor's
    row (SELECT ... FOR UPDATE), so their batches apply one after the other,
    each from the cursor the last one committed.
*/
#ifndef SK_FOLLOW_H_INCLUDED
#define SK_FOLLOW_H_INCLUDED

#include <czmq.h>

#include "sk_client.h"
#include "sk_db.h"
#include "sk_msg.h"

//  One event as the source serves it
typedef struct {
    int64_t seq; //  per source, gap-free
    const char *event_id, *ts, *tenant, *topic;
    const msgpack_object *body; //  a map
} sk_event_t;

//  Apply one event inside the batch's transaction; 0, or -1 with err (the
//  batch is rolled back and pulled again later).
typedef int (sk_follow_fn) (sk_db_t *db, const sk_event_t *event, void *arg, sk_error_t *err);

typedef struct {
    const char *source;      //  the service followed, e.g. "registry"
    sk_client_t *client;     //  a client of it; the actor destroys it
    const char *cert;        //  our secret certificate file, for the bus
    const char *xpub;        //  notify's XPUB endpoints (a list) for the wake-up, or NULL
    const char *xpub_public; //  notify's public certificate file
    const char *topic;       //  follow only topics starting so ("" for all)
    const char *db;          //  libpq connection string
    const char *schema;      //  the follower's schema (holds follow_cursor)
    int poll_ms;             //  pull at least this often
    sk_follow_fn *apply;
    void *arg; //  passed to apply
} sk_follow_t;

//  The follower as a zactor: zactor_new (sk_follow_actor, &follow). The
//  sk_follow_t must outlive the actor, which takes over its client.
void sk_follow_actor (zsock_t *pipe, void *args);

#endif
