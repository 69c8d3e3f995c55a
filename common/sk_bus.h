/*  sk_bus.h: the client side of notify's event bus. Publishers (every
    service's PUB) and subscribers (the followers' SUB) connect to every
    notify instance in a comma-separated list: a PUB sends each event to
    every instance that is up, a SUB hears from every one, so the bus keeps
    working while one instance is gone. notify binds "bus/xsub" and
    "bus/xpub"; the others connect to "bus/xsub_connect" and
    "bus/xpub_connect", which default to those.
*/
#ifndef SK_BUS_H_INCLUDED
#define SK_BUS_H_INCLUDED

#include <czmq.h>

#include "sk_config.h"

//  The endpoints to connect to for which ("xsub" or "xpub"): the setting
//  bus/WHICH_connect, else bus/WHICH; NULL if neither is set. Borrowed.
const char *sk_bus_endpoints (sk_config_t *config, const char *which);

//  A socket of type (ZMQ_PUB or ZMQ_SUB), a CURVE client with cert against
//  server_public, connected to every endpoint of the comma-separated list,
//  with heartbeats so a peer that went away without a word is noticed.
//  NULL, logged (the certificate's file, or the list), if a certificate or
//  an endpoint is bad.
zsock_t *sk_bus_connect (int type, const char *endpoints, const char *cert,
                         const char *server_public);

void sk_bus_test (bool verbose);

#endif
