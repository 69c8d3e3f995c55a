/*  notify_bus.c: the event bus. Services connect a PUB to the XSUB and
    subscribe on the XPUB; both are CURVE servers behind the service's ZAP
    handler. Events of every municipality travel on the bus, and PUB/SUB
    cannot filter by reader, so only services' certificates for all
    municipalities may publish or subscribe: the XPUB is in manual mode and
    applies a subscription only from such a peer. An external system
    publishes through notify.event.publish, which checks its topics, and
    reads through notify.event.list or a subscription, behind the tenant
    wall. The bus is a wake-up signal; subscribers pull what they miss.

    Two or more notify instances each run a bus of their own, and nothing
    passes between them: every publisher connects its PUB to every
    instance's XSUB and every subscriber its SUB to every instance's XPUB
    (sk_bus.c, "bus/xsub_connect" and "bus/xpub_connect"). A publisher sends
    each event to every instance that is up, so a subscriber hears it from
    each instance it reaches: while one instance is gone the others carry
    the events, and the one that comes back gets the subscriptions again as
    its peers reconnect (a SUB resends its own, an XSUB passes every one it
    holds to a PUB that connects). A subscriber may hear an event twice;
    it pulls by its cursor, so that costs one empty pull.

    Like a service's frontend, each socket holds only so many connections
    (sk_peers.h; "bus/max_connections", "bus/max_connections_per_address"),
    queues at most S_HWM messages per peer and drops a peer that has not
    finished its CURVE handshake in 5 s. A certificate removed from the
    clients folder ends its bus connections within about a second, as its
    requests are refused (sk_peers_revoke): each peer's caller is learnt
    from its first message (a publisher's event, a subscriber's
    subscription; ZMQ_SRCFD names the connection). A subscriber that sent
    nothing hears nothing (the XPUB is manual), so it needs no check.
*/
#include "notify.h"
#include "sk_peers.h"

#define S_HWM          1000 //  events queued per subscriber, and per publisher unread
#define S_HANDSHAKE_MS 5000 //  a connection that has not finished CURVE by then is closed

//  One message part received, with its connection (fd) and caller as the
//  handshake told (has_caller false if it carried none).
typedef struct {
    zmq_msg_t msg;
    int fd;
    bool has_caller;
    sk_caller_t caller;
} s_part_t;

//  Receive one part from sock, first taking peers' events so that its fd
//  names a connection still open. -1 if none.
static int
s_part_recv (s_part_t *part, zsock_t *sock, sk_peers_t *peers)
{
    sk_peers_events (peers);
    zmq_msg_init (&part->msg);
    if (zmq_msg_recv (&part->msg, zsock_resolve (sock), 0) < 0) {
        zmq_msg_close (&part->msg);
        return -1;
    }
    part->fd = zmq_msg_get (&part->msg, ZMQ_SRCFD);
    part->has_caller = sk_caller_from_msg (&part->msg, &part->caller) == 0;
    if (part->has_caller)
        sk_peers_caller (peers, part->fd, &part->caller);
    return 0;
}

//  True if part came from a service's certificate for all municipalities,
//  still in the clients folder.
static bool
s_from_service (s_part_t *part)
{
    return part->has_caller && part->caller.role == SK_ROLE_SERVICE
           && streq (part->caller.municipality, "*") && sk_auth_current (&part->caller);
}

//  Drop what is left of a message being received.
static void
s_drop_rest (zsock_t *sock)
{
    while (zsock_rcvmore (sock)) {
        zframe_t *junk = zframe_recv (sock);
        zframe_destroy (&junk);
    }
}

//  An event from a publisher: forward it if a service sent it.
static void
s_publish (zsock_t *xsub, zsock_t *xpub, sk_peers_t *peers)
{
    s_part_t topic;
    if (s_part_recv (&topic, xsub, peers))
        return;
    bool ok = s_from_service (&topic) && zsock_rcvmore (xsub);
    zframe_t *event = ok ? zframe_recv (xsub) : NULL;
    if (!event || zsock_rcvmore (xsub)) {
        sk_debug ("dropped a bus message that is not a service's event");
        s_drop_rest (xsub);
        zframe_destroy (&event);
        zmq_msg_close (&topic.msg);
        return;
    }
    zmq_msg_send (&topic.msg, zsock_resolve (xpub), ZMQ_SNDMORE);
    zframe_send (&event, xpub, 0);
    zmq_msg_close (&topic.msg);
}

//  A (un)subscription from a subscriber: apply it and pass it upstream if
//  a service sent it, else ignore it, so the peer receives nothing.
//  Unsubscriptions libzmq makes for a peer that went away carry no
//  identity: those only go upstream.
static void
s_subscription (zsock_t *xpub, zsock_t *xsub, sk_peers_t *peers)
{
    s_part_t part;
    if (s_part_recv (&part, xpub, peers))
        return;
    s_drop_rest (xpub);
    size_t size = zmq_msg_size (&part.msg);
    const byte *data = (const byte *)zmq_msg_data (&part.msg);
    bool subscribe = size >= 1 && data[0] == 1;
    bool valid = size >= 1 && size <= 256 && data[0] <= 1;
    if (valid && s_from_service (&part)) {
        //  zsock_set_subscribe is for SUB sockets only
        zmq_setsockopt (zsock_resolve (xpub), subscribe ? ZMQ_SUBSCRIBE : ZMQ_UNSUBSCRIBE, data + 1,
                        size - 1);
        zmq_msg_send (&part.msg, zsock_resolve (xsub), 0);
    } else if (valid && !subscribe && !part.has_caller)
        zmq_msg_send (&part.msg, zsock_resolve (xsub), 0);
    else if (valid && subscribe)
        sk_warn ("bus: refused a subscription from a %s certificate; only "
                 "services for all municipalities in the clients folder subscribe to the bus",
                 part.has_caller ? sk_role_name (part.caller.role) : "unknown");
    zmq_msg_close (&part.msg);
}

//  One of the bus's sockets: bound at endpoint as a CURVE server of cert,
//  with its limits. 0, or -1.
static int
s_bus_bind (zsock_t *sock, const notify_conf_t *conf, const char *endpoint)
{
    zsock_set_linger (sock, 0);
    zsock_set_sndhwm (sock, S_HWM);
    zsock_set_rcvhwm (sock, S_HWM);
    zsock_set_handshake_ivl (sock, S_HANDSHAKE_MS);
    //  A peer on a server that went away without a word is noticed and its
    //  queue freed (the clients in sk_bus.c heartbeat too)
    zsock_set_heartbeat_ivl (sock, 2000);
    zsock_set_heartbeat_timeout (sock, 6000);
    return sk_auth_server (sock, conf->cert) == 0 && zsock_bind (sock, "%s", endpoint) >= 0 ? 0
                                                                                            : -1;
}

void
notify_bus_actor (zsock_t *pipe, void *args)
{
    const notify_conf_t *conf = (const notify_conf_t *)args;
    zsock_t *xsub = zsock_new (ZMQ_XSUB), *xpub = zsock_new (ZMQ_XPUB);
    zsock_set_maxmsgsize (xsub, SK_MAX_FRAME);
    zsock_set_maxmsgsize (xpub, 4096); //  subscriptions only
    zsock_set_xpub_manual (xpub, 1);
    sk_peers_t *publishers = sk_peers_new (xsub, "bus", conf->bus_max_conns,
                                           conf->bus_max_conns_per_address, NULL, NULL);
    sk_peers_t *subscribers = sk_peers_new (xpub, "bus", conf->bus_max_conns,
                                            conf->bus_max_conns_per_address, NULL, NULL);
    bool ok = s_bus_bind (xsub, conf, conf->xsub) == 0 && s_bus_bind (xpub, conf, conf->xpub) == 0;
    if (!ok)
        sk_error ("could not bind the bus at %s and %s: %s", conf->xsub, conf->xpub,
                  zmq_strerror (zmq_errno ()));
    else
        sk_info ("bus: publishers on %s, subscribers on %s", conf->xsub, conf->xpub);
    zsock_signal (pipe, 0);
    zpoller_t *poller = zpoller_new (pipe, NULL);
    if (ok) {
        zpoller_add (poller, xsub);
        zpoller_add (poller, xpub);
        zpoller_add (poller, sk_peers_monitor (publishers));
        zpoller_add (poller, sk_peers_monitor (subscribers));
    }
    while (true) {
        void *which = zpoller_wait (poller, 1000);
        if (which == xsub)
            s_publish (xsub, xpub, publishers);
        else if (which == xpub)
            s_subscription (xpub, xsub, subscribers);
        else if (which == pipe || zpoller_terminated (poller))
            break; //  $TERM or interrupted
        sk_peers_housekeep (publishers);
        sk_peers_housekeep (subscribers);
    }
    zpoller_destroy (&poller);
    sk_peers_destroy (&publishers);
    sk_peers_destroy (&subscribers);
    zsock_destroy (&xsub);
    zsock_destroy (&xpub);
}
