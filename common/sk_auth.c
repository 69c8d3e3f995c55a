/*  sk_auth.c: ZAP handler over a zcertstore, and CURVE socket set-up. */
#include <arpa/inet.h>

#include "sk_auth.h"
#include "sk_check.h"
#include "sk_log.h"

static const char *s_roles[] = { "", "auditor", "service", "staff", "admin" };

const char *
sk_role_name (sk_role_t role)
{
    return s_roles[role];
}

sk_role_t
sk_role_parse (const char *name)
{
    for (int r = SK_ROLE_AUDITOR; r <= SK_ROLE_ADMIN; r++)
        if (name && streq (name, s_roles[r]))
            return (sk_role_t)r;
    return SK_ROLE_NONE;
}

//  "all" or a four-digit kommunekode; stored as "*" for all.
static bool
s_municipality_parse (const char *s, char *out)
{
    if (!s)
        return false;
    if (streq (s, "all") || streq (s, "*")) {
        strcpy (out, "*");
        return true;
    }
    if (strlen (s) != 4 || strspn (s, "0123456789") != 4)
        return false;
    strcpy (out, s);
    return true;
}

//  Append one ZMTP metadata property (1-octet name length, 4-octet value
//  length) to buf.
static size_t
s_meta_put (byte *buf, size_t at, const char *name, const char *value)
{
    size_t nlen = strlen (name), vlen = strlen (value);
    buf[at++] = (byte)nlen;
    memcpy (buf + at, name, nlen);
    at += nlen;
    uint32_t be = htonl ((uint32_t)vlen);
    memcpy (buf + at, &be, 4);
    at += 4;
    memcpy (buf + at, value, vlen);
    return at + vlen;
}

//  Answer one ZAP request. Frames: version, sequence, domain, address,
//  identity, mechanism, credentials...
static void
s_authenticate (zsock_t *handler, zcertstore_t *store)
{
    zmsg_t *request = zmsg_recv (handler);
    if (!request)
        return;
    char *version = zmsg_popstr (request);
    char *sequence = zmsg_popstr (request);
    char *domain = zmsg_popstr (request);
    char *address = zmsg_popstr (request);
    char *identity = zmsg_popstr (request);
    char *mechanism = zmsg_popstr (request);
    zframe_t *key = zmsg_pop (request);

    const char *status = "400", *text = "No access";
    char user_id[41] = "";
    byte meta[128];
    size_t meta_len = 0;
    if (mechanism && streq (mechanism, "CURVE") && key && zframe_size (key) == 32) {
        zmq_z85_encode (user_id, zframe_data (key), 32);
        zcert_t *cert = zcertstore_lookup (store, user_id);
        char municipality[8];
        const char *role = cert ? zcert_meta (cert, "role") : NULL;
        if (!cert)
            sk_warn ("connection refused: unknown client key %s from %s", user_id,
                     address ? address : "?");
        else if (sk_role_parse (role) == SK_ROLE_NONE
                 || !s_municipality_parse (zcert_meta (cert, "municipality"), municipality))
            sk_warn ("connection refused: certificate of client key %s has "
                     "no valid role or municipality",
                     user_id);
        else {
            status = "200";
            text = "OK";
            meta_len = s_meta_put (meta, 0, "role", role);
            meta_len = s_meta_put (meta, meta_len, "municipality", municipality);
        }
    } else
        sk_warn ("connection refused: mechanism %s is not allowed", mechanism ? mechanism : "?");
    if (!streq (status, "200"))
        user_id[0] = 0;

    zmsg_t *reply = zmsg_new ();
    zmsg_addstr (reply, version ? version : "1.0");
    zmsg_addstr (reply, sequence ? sequence : "");
    zmsg_addstr (reply, status);
    zmsg_addstr (reply, text);
    zmsg_addstr (reply, user_id);
    zmsg_addmem (reply, meta, meta_len);
    zmsg_send (&reply, handler);

    zstr_free (&version);
    zstr_free (&sequence);
    zstr_free (&domain);
    zstr_free (&address);
    zstr_free (&identity);
    zstr_free (&mechanism);
    zframe_destroy (&key);
    zmsg_destroy (&request);
}

static void
s_auth_actor (zsock_t *pipe, void *args)
{
    const char *dir = (const char *)args;
    zsock_t *handler = zsock_new (ZMQ_REP);
    zcertstore_t *store = zcertstore_new (dir);
    if (!handler || zsock_bind (handler, "inproc://zeromq.zap.01") != 0) {
        sk_error ("could not bind the ZAP handler: %s", zmq_strerror (zmq_errno ()));
        zsock_signal (pipe, 1);
        zsock_destroy (&handler);
        zcertstore_destroy (&store);
        return;
    }
    zsock_signal (pipe, 0);
    zpoller_t *poller = zpoller_new (pipe, handler, NULL);
    while (true) {
        void *which = zpoller_wait (poller, -1);
        if (which == handler)
            s_authenticate (handler, store);
        else
            break; //  $TERM on the pipe, or interrupted
    }
    zpoller_destroy (&poller);
    zsock_destroy (&handler);
    zcertstore_destroy (&store);
}

zactor_t *
sk_auth_new (const char *dir)
{
    if (!zsys_file_exists (dir)) {
        sk_error ("could not open certificate directory \"%s\"", dir);
        return NULL;
    }
    zactor_t *actor = zactor_new (s_auth_actor, (void *)dir);
    if (!actor)
        return NULL;
    //  zactor_new waits for the signal; a failed bind signals 1
    return actor;
}

int
sk_auth_server (zsock_t *sock, const char *cert_path)
{
    zcert_t *cert = zcert_load (cert_path);
    if (!cert) {
        sk_error ("could not load certificate \"%s\"", cert_path);
        return -1;
    }
    zcert_apply (cert, sock);
    zsock_set_curve_server (sock, 1);
    zsock_set_zap_domain (sock, "samskab");
    zcert_destroy (&cert);
    return 0;
}

int
sk_auth_client (zsock_t *sock, const char *cert_path, const char *server_cert_path)
{
    zcert_t *cert = zcert_load (cert_path);
    if (!cert) {
        sk_error ("could not load certificate \"%s\"", cert_path);
        return -1;
    }
    zcert_t *server = zcert_load (server_cert_path);
    if (!server) {
        sk_error ("could not load server certificate \"%s\"", server_cert_path);
        zcert_destroy (&cert);
        return -1;
    }
    zcert_apply (cert, sock);
    zsock_set_curve_serverkey (sock, zcert_public_txt (server));
    zcert_destroy (&cert);
    zcert_destroy (&server);
    return 0;
}

int
sk_caller_from_frame (zframe_t *frame, sk_caller_t *caller)
{
    const char *key = zframe_meta (frame, "User-Id");
    const char *role = zframe_meta (frame, "role");
    const char *municipality = zframe_meta (frame, "municipality");
    if (!key || strlen (key) != 40 || !role || !municipality)
        return -1;
    strcpy (caller->key, key);
    caller->role = sk_role_parse (role);
    if (caller->role == SK_ROLE_NONE || !s_municipality_parse (municipality, caller->municipality))
        return -1;
    return 0;
}

//  --------------------------------------------------------------------------
//  Selftest: a known key gets its identity, an unknown one never connects

void
sk_auth_test (bool verbose)
{
    (void)verbose;
    SK_CASE_BEGIN ();
    char dir[] = "/tmp/sk_auth_test_XXXXXX";
    CHECK_NOT_NULL (mkdtemp (dir));
    char path[256], store[256], spath[256];
    snprintf (store, sizeof store, "%s/clients", dir);
    zsys_dir_create (store);

    zcert_t *server = zcert_new ();
    snprintf (spath, sizeof spath, "%s/server.cert", dir);
    zcert_save (server, spath);
    zcert_t *client = zcert_new ();
    zcert_set_meta (client, "role", "staff");
    zcert_set_meta (client, "municipality", "0730");
    snprintf (path, sizeof path, "%s/client.cert", dir);
    zcert_save (client, path);
    char pub[300];
    snprintf (pub, sizeof pub, "%s/client.cert", store);
    zcert_save_public (client, pub);

    zactor_t *auth = sk_auth_new (store);
    CHECK_NOT_NULL (auth);
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    char secret[300];
    snprintf (secret, sizeof secret, "%s_secret", spath);
    CHECK_INT_EQ (sk_auth_server (router, secret), 0);
    int port = zsock_bind (router, "tcp://127.0.0.1:*");
    CHECK_INT_GT (port, 0);

    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    CHECK_INT_EQ (sk_auth_client (dealer, path, spath), 0);
    zsock_connect (dealer, "tcp://127.0.0.1:%d", port);
    zstr_send (dealer, "hello");
    zsock_set_rcvtimeo (router, 2000);
    zmsg_t *msg = zmsg_recv (router);
    CHECK_NOT_NULL (msg);
    if (msg) {
        zframe_t *routing = zmsg_pop (msg);
        zframe_t *body = zmsg_first (msg);
        sk_caller_t caller;
        CHECK_INT_EQ (sk_caller_from_frame (body, &caller), 0);
        CHECK_STR_EQ (caller.key, zcert_public_txt (client));
        CHECK_INT_EQ (caller.role, SK_ROLE_STAFF);
        CHECK_STR_EQ (caller.municipality, "0730");
        zframe_destroy (&routing);
        zmsg_destroy (&msg);
    }
    //  A key not in the store is refused at the handshake
    zsock_t *stranger = zsock_new (ZMQ_DEALER);
    zcert_t *other = zcert_new ();
    snprintf (path, sizeof path, "%s/other.cert", dir);
    zcert_save (other, path);
    CHECK_INT_EQ (sk_auth_client (stranger, path, spath), 0);
    zsock_connect (stranger, "tcp://127.0.0.1:%d", port);
    zstr_send (stranger, "let me in");
    zsock_set_rcvtimeo (router, 300);
    msg = zmsg_recv (router);
    CHECK_NULL (msg);
    zmsg_destroy (&msg);

    zsock_destroy (&stranger);
    zsock_destroy (&dealer);
    zsock_destroy (&router);
    zactor_destroy (&auth);
    zcert_destroy (&server);
    zcert_destroy (&client);
    zcert_destroy (&other);
    zsys_dir_delete (dir); //  best effort; files removed below
    char cmd[300];
    snprintf (cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_INT_EQ (system (cmd), 0);
    SK_CASE_END ("sk_auth");
}
