/*  sk_event.h: a service's events (proto/PROTOCOL.md, "Events").

    A mutating handler appends events to the service's outbox inside its
    transaction (sk_call_event); the service loop publishes them on the bus
    after the commit. Every service answers SERVICE.event.list from its
    outbox (sk_event_list); notify answers notify.event.list from its event
    log with the same request and reply shape (sk_event_list_read and
    sk_event_list_reply).
*/
#ifndef SK_EVENT_H_INCLUDED
#define SK_EVENT_H_INCLUDED

#include "sk_call.h"

//  Append an event to the outbox in the call's transaction; body is a packed
//  msgpack map. 0, or -1 with the call's error set.
int sk_call_event (sk_call_t *call, const char *topic, const sk_pack_t *body);
//  The same, and the event's body is the reply too; releases body.
int sk_call_event_reply (sk_call_t *call, const char *topic, sk_pack_t *body);

//  The built-in SERVICE.event.list handler: events after a seq, in seq
//  order, gap-free; the caller's cursor advances to "last".
int sk_event_list (sk_call_t *call);

//  What an event list request asks: events after seq "after" (default 0),
//  at most "limit" (1-1000, default 100), whose topic starts with "topic".
typedef struct {
    int64_t after;
    int64_t limit;
    const char *topic;
    const char *after_text; //  after and limit as SQL parameters
    const char *limit_text;
} sk_event_query_t;

//  Read after, limit and topic from the body, which may have no keys but
//  those in keys (NULL: only these three). 0, or -1 with the error set.
int sk_event_list_read (sk_call_t *call, const char *const *keys, sk_event_query_t *query);

//  Packs the event in row of r onto the call's reply.
typedef void (sk_event_pack_fn) (sk_call_t *call, PGresult *r, int row);
//  Reply {"last": the first value of last, "events": [each row of events
//  packed by pack]}. Takes both results; either may be NULL (the call's
//  error set by sk_call_sql): -1. Otherwise 0.
int sk_event_list_reply (sk_call_t *call, PGresult *events, PGresult *last, sk_event_pack_fn *pack);

#endif
