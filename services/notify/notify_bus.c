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
*/
#include "notify.h"

//  True if the frame came from a service's certificate for all
//  municipalities.
static bool
s_from_service (zframe_t *frame)
{
    const char *role = zframe_meta (frame, "role");
    const char *municipality = zframe_meta (frame, "municipality");
    return role && streq (role, "service") && municipality && streq (municipality, "*");
}

//  An event from a publisher: forward it if a service sent it.
static void
s_publish (zsock_t *xsub, zsock_t *xpub)
{
    zmsg_t *msg = zmsg_recv (xsub);
    if (!msg)
        return;
    if (zmsg_size (msg) != 2 || !s_from_service (zmsg_first (msg))) {
        sk_debug ("dropped a bus message that is not a service's event");
        zmsg_destroy (&msg);
        return;
    }
    zmsg_send (&msg, xpub);
}

//  A (un)subscription from a subscriber: apply it and pass it upstream if
//  a service sent it, else ignore it, so the peer receives nothing.
//  Unsubscriptions libzmq makes for a peer that went away carry no
//  identity: those only go upstream.
static void
s_subscription (zsock_t *xpub, zsock_t *xsub)
{
    zframe_t *frame = zframe_recv (xpub);
    if (!frame)
        return;
    size_t size = zframe_size (frame);
    byte *data = zframe_data (frame);
    if (size < 1 || size > 256 || data[0] > 1) {
        zframe_destroy (&frame);
        return;
    }
    bool subscribe = data[0] == 1, service = s_from_service (frame);
    const char *role = zframe_meta (frame, "role");
    if (service) {
        //  zsock_set_subscribe is for SUB sockets only
        zmq_setsockopt (zsock_resolve (xpub), subscribe ? ZMQ_SUBSCRIBE : ZMQ_UNSUBSCRIBE, data + 1,
                        size - 1);
        zframe_send (&frame, xsub, 0);
    } else if (!subscribe && !role)
        zframe_send (&frame, xsub, 0);
    else if (subscribe)
        sk_warn ("bus: refused a subscription from a %s certificate; only "
                 "services for all municipalities subscribe to the bus",
                 role ? role : "unknown");
    zframe_destroy (&frame);
}

void
notify_bus_actor (zsock_t *pipe, void *args)
{
    const notify_conf_t *conf = (const notify_conf_t *)args;
    zsock_t *xsub = zsock_new (ZMQ_XSUB), *xpub = zsock_new (ZMQ_XPUB);
    zsock_set_linger (xsub, 0);
    zsock_set_linger (xpub, 0);
    zsock_set_maxmsgsize (xsub, SK_MAX_FRAME);
    zsock_set_maxmsgsize (xpub, 4096); //  subscriptions only
    zsock_set_xpub_manual (xpub, 1);
    //  A peer on a server that went away without a word is noticed and its
    //  queue freed (the clients in sk_bus.c heartbeat too)
    zsock_set_heartbeat_ivl (xsub, 2000);
    zsock_set_heartbeat_timeout (xsub, 6000);
    zsock_set_heartbeat_ivl (xpub, 2000);
    zsock_set_heartbeat_timeout (xpub, 6000);
    bool ok = sk_auth_server (xsub, conf->cert) == 0 && sk_auth_server (xpub, conf->cert) == 0
              && zsock_bind (xsub, "%s", conf->xsub) >= 0
              && zsock_bind (xpub, "%s", conf->xpub) >= 0;
    if (!ok)
        sk_error ("could not bind the bus at %s and %s: %s", conf->xsub, conf->xpub,
                  zmq_strerror (zmq_errno ()));
    else
        sk_info ("bus: publishers on %s, subscribers on %s", conf->xsub, conf->xpub);
    zsock_signal (pipe, 0);
    zpoller_t *poller = ok ? zpoller_new (pipe, xsub, xpub, NULL) : zpoller_new (pipe, NULL);
    while (true) {
        void *which = zpoller_wait (poller, -1);
        if (which == xsub)
            s_publish (xsub, xpub);
        else if (which == xpub)
            s_subscription (xpub, xsub);
        else
            break; //  $TERM or interrupted
    }
    zpoller_destroy (&poller);
    zsock_destroy (&xsub);
    zsock_destroy (&xpub);
}
