/*  sk_peers.h: the TCP connections a bound CURVE socket holds, counted
    from its monitor, and closed beyond a cap or once their certificate is
    gone (for sk_broker and notify's bus; doc/DECISIONS.md "Bounded
    memory").

    The broker learns a connection's key only at its first request, so
    connections that never send (idle, or stuck in the handshake) were not
    counted: 2,500 idle connections of one key took the registry from
    13.5 MB to 67 MB. sk_peers counts every accepted connection
    (ZMQ_EVENT_ACCEPTED gives its fd, getpeername its address) until it
    closes (ZMQ_EVENT_DISCONNECTED, which libzmq emits for every accepted
    connection's end, a failed handshake's included, before its fd is
    closed and can be reused), in all and per peer address, and closes one
    beyond either cap with shutdown (2), as the broker closes a connection
    that does not read: ZeroMQ sees the peer leave and frees what it held.

    A socket that only publishes or subscribes (notify's bus) never sees a
    request of the connection: it names the caller of an fd when a message
    of it comes (sk_peers_caller, from ZMQ_SRCFD and the handshake's
    metadata), and sk_peers_revoke closes the connections whose
    certificate left the clients folder.
*/
#ifndef SK_PEERS_H_INCLUDED
#define SK_PEERS_H_INCLUDED

#include "sk_auth.h"
#include "sk_config.h"

typedef struct _sk_peers_t sk_peers_t;

//  Told the fd of each connection that closed, as it closes.
typedef void (sk_peers_closed_fn) (void *arg, int fd);

//  Watch sock (bound, not yet serving), named what in warnings ("registry",
//  "bus"), with at most max_total connections and max_per_address of one
//  peer address; closed (may be NULL) told each close.
sk_peers_t *sk_peers_new (zsock_t *sock, const char *what, int max_total, int max_per_address,
                          sk_peers_closed_fn *closed, void *arg);
//  Stop watching; call before sock is destroyed.
void sk_peers_destroy (sk_peers_t **self_p);
//  The monitor socket, to poll for events.
zsock_t *sk_peers_monitor (sk_peers_t *self);
//  Take the monitor's events so far, then close what is beyond a cap.
void sk_peers_events (sk_peers_t *self);
//  The caller on connection fd, from a message it sent.
void sk_peers_caller (sk_peers_t *self, int fd, const sk_caller_t *caller);
//  Close the connections whose caller's certificate is no longer current
//  (once per reading of the clients folder), and forget connections whose
//  close was missed; call every second or so.
void sk_peers_housekeep (sk_peers_t *self);
//  Connections held now, in all.
int sk_peers_count (sk_peers_t *self);

//  The settings max_connections (default 1024) and
//  max_connections_per_address (default 512), as NAME/... or for all
//  services; 0, or -1 logged if out of range.
int sk_peers_settings (sk_config_t *config, const char *name, int *max_total, int *max_per_address);

#endif
