/*  notify_bus.c: the event bus. Services connect a PUB to the XSUB, anyone
    with a known certificate may subscribe on the XPUB; both are CURVE
    servers behind the service's ZAP handler. Only services' certificates
    for all municipalities may publish: an external system publishes through
    notify.event.publish, which checks its topics. The bus is a wake-up
    signal; subscribers pull what they miss (S.event.list).
*/
#include "notify.h"

//  Forward one message from the publishers; drop those not from a service.
static void
s_forward (zsock_t *from, zsock_t *to, bool check_sender)
{
    zmsg_t *msg = zmsg_recv (from);
    if (!msg)
        return;
    if (check_sender) {
        zframe_t *first = zmsg_first (msg);
        const char *role = zframe_meta (first, "role");
        const char *municipality = zframe_meta (first, "municipality");
        if (!role || !streq (role, "service") || !municipality
            || !streq (municipality, "*") || zmsg_size (msg) != 2) {
            sk_debug ("dropped a bus message from a %s certificate",
                      role ? role : "unknown");
            zmsg_destroy (&msg);
            return;
        }
    }
    zmsg_send (&msg, to);
}

void
notify_bus_actor (zsock_t *pipe, void *args)
{
    const notify_conf_t *conf = (const notify_conf_t *) args;
    zsock_t *xsub = zsock_new (ZMQ_XSUB), *xpub = zsock_new (ZMQ_XPUB);
    zsock_set_linger (xsub, 0);
    zsock_set_linger (xpub, 0);
    zsock_set_maxmsgsize (xsub, SK_MAX_FRAME);
    zsock_set_maxmsgsize (xpub, 4096); //  subscriptions only
    bool ok = sk_auth_server (xsub, conf->cert) == 0
              && sk_auth_server (xpub, conf->cert) == 0
              && zsock_bind (xsub, "%s", conf->xsub) >= 0
              && zsock_bind (xpub, "%s", conf->xpub) >= 0;
    if (!ok)
        sk_error ("could not bind the bus at %s and %s: %s", conf->xsub,
                  conf->xpub, zmq_strerror (zmq_errno ()));
    else
        sk_info ("bus: publishers on %s, subscribers on %s", conf->xsub, conf->xpub);
    zsock_signal (pipe, 0);
    zpoller_t *poller = ok ? zpoller_new (pipe, xsub, xpub, NULL)
                           : zpoller_new (pipe, NULL);
    while (true) {
        void *which = zpoller_wait (poller, -1);
        if (which == xsub)
            s_forward (xsub, xpub, true);
        else if (which == xpub)
            s_forward (xpub, xsub, false); //  (un)subscriptions upstream
        else
            break; //  $TERM or interrupted
    }
    zpoller_destroy (&poller);
    zsock_destroy (&xsub);
    zsock_destroy (&xpub);
}
