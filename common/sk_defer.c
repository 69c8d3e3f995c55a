/*  sk_defer.c: deferred replies, sent to the broker from any thread. */
#include <czmq.h>
#include <pthread.h>
#include <signal.h>

#include "sk_defer.h"
#include "sk_log.h"
#include "sk_mem.h"

struct _sk_deferred_t {
    zframe_t *routing;      //  the client's
    char id[SK_MAX_ID + 1]; //  the request's
};

//  One DEALER to the broker, shared by every thread that answers. The lock
//  must stay: a reply comes from whichever thread holds the handle, at any
//  time, and a ZeroMQ socket may be used by one thread at a time; a socket
//  per answering thread would need each such thread known to the service
//  loop, which deferred replies are meant not to require.
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
sk_defer_thread_init (void)
{
    sigset_t stops;
    sigemptyset (&stops);
    sigaddset (&stops, SIGTERM);
    sigaddset (&stops, SIGINT);
    pthread_sigmask (SIG_BLOCK, &stops, NULL);
}

void
sk_defer_open (const char *endpoint)
{
    pthread_mutex_lock (&s_replier_lock);
    s_replier = zsock_new_dealer (endpoint);
    pthread_mutex_unlock (&s_replier_lock);
}

void
sk_defer_close (void)
{
    pthread_mutex_lock (&s_replier_lock);
    zsock_destroy (&s_replier);
    pthread_mutex_unlock (&s_replier_lock);
}
