/*  sk_auth.c: ZAP handler over a zcertstore, the clients folder as last
    read, and CURVE socket set-up. */
#include <arpa/inet.h>
#include <pthread.h>

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

//  --------------------------------------------------------------------------
//  The clients folder as last read, shared by the ZAP handler (which reads
//  it again when it changed, at most S_RESCAN_MS after) and the broker,
//  which asks sk_auth_current per connection once per generation.

#define S_RESCAN_MS 1000 //  how often the ZAP handler looks at the folder

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static zcertstore_t *s_store; //  under s_lock
static int s_generation;      //  atomic: bumped by every new reading
static char s_signature[96];  //  what the folder looked like (actor thread)

//  Read the folder again if its files changed: their count, total size or
//  latest modification (a removed, added or rewritten certificate).
static void
s_folder_read (const char *dir, bool force)
{
    zdir_t *zdir = zdir_new (dir, NULL);
    char signature[sizeof s_signature];
    snprintf (
        signature, sizeof signature, "%lld %lld %lld", zdir ? (long long)zdir_count (zdir) : -1LL,
        zdir ? (long long)zdir_cursize (zdir) : 0LL, zdir ? (long long)zdir_modified (zdir) : 0LL);
    if (!force && streq (signature, s_signature)) {
        zdir_destroy (&zdir);
        return;
    }
    strcpy (s_signature, signature);
    //  A store without a loader: zcertstore_new (dir) would scan the folder
    //  again at every lookup
    zcertstore_t *fresh = zcertstore_new (NULL);
    zfile_t **files = zdir ? zdir_flatten (zdir) : NULL;
    for (int i = 0; files && files[i]; i++) {
        zcert_t *cert =
            zfile_is_regular (files[i]) ? zcert_load (zfile_filename (files[i], NULL)) : NULL;
        if (cert)
            zcertstore_insert (fresh, &cert);
    }
    zdir_flatten_free (&files);
    zdir_destroy (&zdir);
    pthread_mutex_lock (&s_lock);
    zcertstore_destroy (&s_store);
    s_store = fresh;
    pthread_mutex_unlock (&s_lock);
    __atomic_add_fetch (&s_generation, 1, __ATOMIC_RELEASE);
}

//  The holder's name a certificate carries (samskab-keygen's NAME) into
//  name (SK_HOLDER_MAX bytes and a NUL), or "" if it has none that fits on
//  a line: history rows name it.
static void
s_holder (zcert_t *cert, char *name)
{
    const char *meta = zcert_meta (cert, "name");
    name[0] = 0;
    if (!meta || strlen (meta) > SK_HOLDER_MAX)
        return;
    for (const char *c = meta; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return;
    strcpy (name, meta);
}

//  The role, municipality and holder of key's certificate in the folder
//  as last read: 0, -1 if it has none, 1 if it is not valid.
static int
s_folder_lookup (const char *key, sk_role_t *role, char *municipality, char *name)
{
    pthread_mutex_lock (&s_lock);
    zcert_t *cert = s_store ? zcertstore_lookup (s_store, key) : NULL;
    int rc = -1;
    if (cert) {
        s_holder (cert, name);
        *role = sk_role_parse (zcert_meta (cert, "role"));
        rc = *role != SK_ROLE_NONE
                     && s_municipality_parse (zcert_meta (cert, "municipality"), municipality)
                 ? 0
                 : 1;
    }
    pthread_mutex_unlock (&s_lock);
    return rc;
}

int
sk_auth_generation (void)
{
    return __atomic_load_n (&s_generation, __ATOMIC_ACQUIRE);
}

bool
sk_auth_current (const sk_caller_t *caller)
{
    sk_role_t role;
    char municipality[8];
    char name[SK_HOLDER_MAX + 1];
    return s_folder_lookup (caller->key, &role, municipality, name) == 0 && role == caller->role
           && streq (municipality, caller->municipality);
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
s_authenticate (zsock_t *handler)
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
    byte meta[256]; //  three properties: role, municipality, name (<= 64)
    size_t meta_len = 0;
    if (mechanism && streq (mechanism, "CURVE") && key && zframe_size (key) == 32) {
        zmq_z85_encode (user_id, zframe_data (key), 32);
        sk_role_t role;
        char municipality[8];
        char name[SK_HOLDER_MAX + 1];
        int found = s_folder_lookup (user_id, &role, municipality, name);
        if (found < 0)
            sk_warn ("connection refused: unknown client key %s from %s", user_id,
                     address ? address : "?");
        else if (found > 0)
            sk_warn ("connection refused: certificate of client key %s has "
                     "no valid role or municipality",
                     user_id);
        else {
            status = "200";
            text = "OK";
            meta_len = s_meta_put (meta, 0, "role", sk_role_name (role));
            meta_len = s_meta_put (meta, meta_len, "municipality", municipality);
            if (*name)
                meta_len = s_meta_put (meta, meta_len, "name", name);
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
    if (!handler || zsock_bind (handler, "inproc://zeromq.zap.01") != 0) {
        sk_error ("could not bind the ZAP handler: %s", zmq_strerror (zmq_errno ()));
        zsock_signal (pipe, 1);
        zsock_destroy (&handler);
        return;
    }
    s_folder_read (dir, true);
    zsock_signal (pipe, 0);
    zpoller_t *poller = zpoller_new (pipe, handler, NULL);
    int64_t next_read = zclock_mono () + S_RESCAN_MS;
    while (true) {
        void *which = zpoller_wait (poller, S_RESCAN_MS);
        if (which == handler)
            s_authenticate (handler);
        else if (which || zpoller_terminated (poller))
            break; //  $TERM on the pipe, or interrupted
        if (zclock_mono () >= next_read) {
            s_folder_read (dir, false);
            next_read = zclock_mono () + S_RESCAN_MS;
        }
    }
    zpoller_destroy (&poller);
    zsock_destroy (&handler);
    pthread_mutex_lock (&s_lock);
    zcertstore_destroy (&s_store);
    pthread_mutex_unlock (&s_lock);
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

//  The caller from a message's metadata, as sk_caller_from_frame.
static int
s_caller_from (const char *key, const char *role, const char *municipality, const char *name,
               sk_caller_t *caller)
{
    if (!key || strlen (key) != 40 || !role || !municipality)
        return -1;
    strcpy (caller->key, key);
    snprintf (caller->name, sizeof caller->name, "%s",
              name && strlen (name) <= SK_HOLDER_MAX ? name : "");
    caller->role = sk_role_parse (role);
    if (caller->role == SK_ROLE_NONE || !s_municipality_parse (municipality, caller->municipality))
        return -1;
    return 0;
}

int
sk_caller_from_frame (zframe_t *frame, sk_caller_t *caller)
{
    return s_caller_from (zframe_meta (frame, "User-Id"), zframe_meta (frame, "role"),
                          zframe_meta (frame, "municipality"), zframe_meta (frame, "name"), caller);
}

int
sk_caller_from_msg (zmq_msg_t *msg, sk_caller_t *caller)
{
    return s_caller_from (zmq_msg_gets (msg, "User-Id"), zmq_msg_gets (msg, "role"),
                          zmq_msg_gets (msg, "municipality"), zmq_msg_gets (msg, "name"), caller);
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

    //  The known key's certificate removed: within two readings of the
    //  folder it is no longer current; back, it is again
    sk_caller_t known = { .role = SK_ROLE_STAFF };
    strcpy (known.key, zcert_public_txt (client));
    strcpy (known.municipality, "0730");
    CHECK (sk_auth_current (&known));
    int generation = sk_auth_generation ();
    char kept[300];
    snprintf (kept, sizeof kept, "%s/kept.cert", dir);
    CHECK_INT_EQ (rename (pub, kept), 0);
    for (int i = 0; i < 30 && sk_auth_generation () == generation; i++)
        zclock_sleep (100);
    CHECK_INT_NE (sk_auth_generation (), generation);
    CHECK (!sk_auth_current (&known));
    generation = sk_auth_generation ();
    CHECK_INT_EQ (rename (kept, pub), 0);
    for (int i = 0; i < 30 && sk_auth_generation () == generation; i++)
        zclock_sleep (100);
    CHECK (sk_auth_current (&known));
    //  Another role than the handshake's is not current
    known.role = SK_ROLE_ADMIN;
    CHECK (!sk_auth_current (&known));

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
