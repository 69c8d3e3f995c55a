/*  sk_bus.c: a PUB or SUB connected to every notify instance of a list
    (see sk_bus.h).
*/
#include "sk_bus.h"

#include "sk_auth.h"
#include "sk_check.h"
#include "sk_log.h"

const char *
sk_bus_endpoints (sk_config_t *config, const char *which)
{
    char key[64];
    snprintf (key, sizeof key, "bus/%s", which);
    const char *bind = sk_config_get (config, key, NULL);
    snprintf (key, sizeof key, "bus/%s_connect", which);
    return sk_config_get (config, key, bind);
}

zsock_t *
sk_bus_connect (int type, const char *endpoints, const char *cert, const char *server_public)
{
    zsock_t *sock = zsock_new (type);
    zsock_set_linger (sock, 0);
    //  A notify on a server that went away sends no reset: the heartbeat
    //  ends the connection, and ZeroMQ dials again until it is back
    zsock_set_heartbeat_ivl (sock, 2000);
    zsock_set_heartbeat_timeout (sock, 6000);
    zsock_set_reconnect_ivl_max (sock, 2000);
    //  A publisher drops events beyond 1,000 unsent (PUB never blocks), a
    //  subscriber beyond 1,000 unread: the bus only wakes followers, who
    //  pull what they missed
    zsock_set_sndhwm (sock, 1000);
    zsock_set_rcvhwm (sock, 1000);
    //  zsock_attach connects to each endpoint of a comma-separated list
    if (sk_auth_client (sock, cert, server_public)) //  it logs which file
        zsock_destroy (&sock);
    else if (zsock_attach (sock, endpoints, false)) {
        sk_warn ("could not connect to the bus at \"%s\": %s", endpoints,
                 zmq_strerror (zmq_errno ()));
        zsock_destroy (&sock);
    }
    return sock;
}

//  A CURVE PUB server of cert bound to a free port, for the selftest.
static zsock_t *
s_test_server (zcert_t *cert, int *port)
{
    zsock_t *pub = zsock_new (ZMQ_PUB);
    zsock_set_linger (pub, 0);
    zcert_apply (cert, pub);
    zsock_set_curve_server (pub, 1);
    *port = zsock_bind (pub, "tcp://127.0.0.1:*");
    return pub;
}

//  Whether sub hears a message from pub within 3 s (sending until it does:
//  a new subscription takes a moment to reach the publisher).
static bool
s_test_hears (zsock_t *pub, zsock_t *sub, const char *text)
{
    zsock_set_rcvtimeo (sub, 100);
    for (int i = 0; i < 30; i++) {
        zstr_sendx (pub, "registry.x", text, NULL);
        char *topic = NULL, *got = NULL;
        if (zstr_recvx (sub, &topic, &got, NULL) == 2) {
            bool same = streq (got, text);
            zstr_free (&topic);
            zstr_free (&got);
            //  Drain the copies sent meanwhile
            while (zsock_events (sub) & ZMQ_POLLIN) {
                zmsg_t *msg = zmsg_recv (sub);
                zmsg_destroy (&msg);
            }
            if (same)
                return true;
        }
    }
    return false;
}

void
sk_bus_test (bool verbose)
{
    (void)verbose;
    SK_CASE_BEGIN ();
    setenv ("SAMSKAB_BUS_XPUB", "tcp://127.0.0.1:1", 1);
    sk_config_t *config = sk_config_new (NULL);
    CHECK_STR_EQ (sk_bus_endpoints (config, "xpub"), "tcp://127.0.0.1:1");
    setenv ("SAMSKAB_BUS_XPUB_CONNECT", "tcp://127.0.0.1:1,tcp://127.0.0.1:2", 1);
    CHECK_STR_EQ (sk_bus_endpoints (config, "xpub"), "tcp://127.0.0.1:1,tcp://127.0.0.1:2");
    CHECK_NULL (sk_bus_endpoints (config, "xsub"));
    unsetenv ("SAMSKAB_BUS_XPUB");
    unsetenv ("SAMSKAB_BUS_XPUB_CONNECT");
    sk_config_destroy (&config);

    //  A subscriber of two instances hears both, and the second alone
    //  once the first is gone
    char dir[] = "/tmp/sk_bus_test_XXXXXX", server_path[64], client_path[64];
    CHECK_NOT_NULL (mkdtemp (dir));
    snprintf (server_path, sizeof server_path, "%s/notify.cert", dir);
    snprintf (client_path, sizeof client_path, "%s/match.cert", dir);
    zcert_t *server = zcert_new (), *client = zcert_new ();
    zcert_save (server, server_path);
    zcert_save (client, client_path);
    int port1, port2;
    zsock_t *pub1 = s_test_server (server, &port1), *pub2 = s_test_server (server, &port2);
    char list[96];
    snprintf (list, sizeof list, "tcp://127.0.0.1:%d,tcp://127.0.0.1:%d", port1, port2);
    zsock_t *sub = sk_bus_connect (ZMQ_SUB, list, client_path, server_path);
    CHECK_NOT_NULL (sub);
    if (sub) {
        zsock_set_subscribe (sub, "registry.");
        CHECK_TRUE (s_test_hears (pub1, sub, "one"), "the subscriber hears the first instance");
        CHECK_TRUE (s_test_hears (pub2, sub, "two"), "the subscriber hears the second instance");
        zsock_destroy (&pub1);
        CHECK_TRUE (s_test_hears (pub2, sub, "still"),
                    "the second instance is heard with the first gone");
        zsock_destroy (&sub);
    }
    zsock_destroy (&pub1);
    zsock_destroy (&pub2);
    //  A bad list or a missing certificate: NULL
    CHECK_NULL (sk_bus_connect (ZMQ_SUB, "tcp://127.0.0.1:1,nonsense", client_path, server_path));
    CHECK_NULL (sk_bus_connect (ZMQ_PUB, list, "/nonexistent.cert", server_path));
    zcert_destroy (&server);
    zcert_destroy (&client);
    char secret[80];
    zsys_file_delete (server_path);
    zsys_file_delete (client_path);
    snprintf (secret, sizeof secret, "%s_secret", server_path);
    zsys_file_delete (secret);
    snprintf (secret, sizeof secret, "%s_secret", client_path);
    zsys_file_delete (secret);
    zsys_dir_delete ("%s", dir);
    SK_CASE_END ("sk_bus");
}
