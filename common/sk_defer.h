/*  sk_defer.h: deferred replies.

    For a non-mutating op whose answer another thread gives later (vote's
    committer answers each cast after its batch has committed).
    sk_call_defer takes the answer away from the call; the handler then
    returns 0 with no reply packed, and its worker takes the next request at
    once instead of waiting. Whoever holds the handle must answer exactly
    once with sk_deferred_reply, from any thread: the client waits until
    then. The broker forwards such replies as they come (those sent
    together, together). Tested by tests/integration/defer_test.c.
*/
#ifndef SK_DEFER_H_INCLUDED
#define SK_DEFER_H_INCLUDED

#include "sk_call.h"

typedef struct _sk_deferred_t sk_deferred_t;

//  The handle to answer the call later. NULL, with the call's error set,
//  for a mutating op (its reply is stored in its transaction), a call the
//  broker did not route, or a second defer.
sk_deferred_t *sk_call_defer (sk_call_t *call);
//  Answer a deferred call with body (a packed map; NULL is an empty one),
//  or with err if err is not NULL and has a code. Destroys the handle. A
//  reply after the service has stopped is dropped.
void sk_deferred_reply (sk_deferred_t **self_p, const sk_pack_t *body, const sk_error_t *err);
//  Called first by a thread a service starts of its own with pthreads (one
//  that answers deferred calls): SIGINT and SIGTERM are left to the service
//  loop's thread, whose poll they wake to stop the service.
void sk_defer_thread_init (void);

//  For the service loop: deferred replies go to the broker's backend at
//  endpoint from sk_defer_open until sk_defer_close, each as an empty
//  frame (which no worker's message starts with: a routing id is never
//  empty), the client's routing id and the reply.
void sk_defer_open (const char *endpoint);
void sk_defer_close (void);

#endif
