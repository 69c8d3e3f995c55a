/*  itest.c: helpers for integration tests. */
#include <fcntl.h>
#include <sodium.h>

#include "itest.h"
#include "sk_auth.h"
#include "sk_config.h"

//  Per thread: racing tests call from several threads at once
static _Thread_local char s_field[96];

static const char *
s_var (void)
{
    const char *var = getenv ("SAMSKAB_VAR");
    if (!var) {
        fprintf (stderr, "itest: SAMSKAB_VAR is not set; run through make test\n");
        exit (2);
    }
    return var;
}

static char *
s_endpoint (const char *service)
{
    sk_config_t *config = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    char key[64];
    snprintf (key, sizeof key, "%s/endpoint", service);
    char *endpoint = strdup (sk_config_get (config, key, ""));
    sk_config_destroy (&config);
    return endpoint;
}

sk_client_t *
itest_client (const char *service, const char *who)
{
    char cert[512], server[512];
    snprintf (cert, sizeof cert, "%s/keys/%s.cert_secret", s_var (), who);
    snprintf (server, sizeof server, "%s/keys/%s.cert", s_var (), service);
    char *endpoint = s_endpoint (service);
    sk_client_t *client = sk_client_new (service, endpoint, cert, server);
    free (endpoint);
    return client;
}

const char *
itest_call (sk_client_t *client, const char *op, const char *tenant, const sk_pack_t *body,
            const char *id, sk_frame_t *reply)
{
    static _Thread_local char code[32];
    sk_error_t err = { 0 };
    s_field[0] = 0;
    if (sk_client_call (client, op, tenant, body, id, reply, &err))
        return "transport";
    if (sk_reply_error (reply, &err) == 0)
        return "ok";
    snprintf (code, sizeof code, "%s", err.code);
    snprintf (s_field, sizeof s_field, "%s", err.field);
    return code;
}

const char *
itest_field (sk_frame_t *reply)
{
    (void)reply;
    return s_field;
}

const msgpack_object *
itest_body (sk_frame_t *reply)
{
    return sk_obj_get (&reply->root, "body");
}

int64_t
itest_int (const msgpack_object *map, const char *key)
{
    int64_t v;
    return sk_obj_int (sk_obj_get (map, key), &v) ? v : -1;
}

void
itest_cert_make (const char *name, const char *role, const char *municipality, char *pub,
                 size_t size)
{
    char path[512];
    zcert_t *cert = zcert_new ();
    zcert_set_meta (cert, "role", "%s", role);
    zcert_set_meta (cert, "municipality", "%s", municipality);
    snprintf (path, sizeof path, "%s/keys/%s.cert", getenv ("SAMSKAB_VAR"), name);
    zcert_save (cert, path);
    sk_config_t *config = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    snprintf (pub, size, "%s/%s.cert", sk_config_get (config, "clients", ""), name);
    sk_config_destroy (&config);
    zcert_save_public (cert, pub);
    zcert_destroy (&cert);
}

zsock_t *
itest_raw (const char *service, const char *who)
{
    char cert[512], server[512];
    snprintf (cert, sizeof cert, "%s/keys/%s.cert_secret", s_var (), who);
    snprintf (server, sizeof server, "%s/keys/%s.cert", s_var (), service);
    zsock_t *sock = zsock_new (ZMQ_DEALER);
    zsock_set_linger (sock, 0);
    char *endpoint = s_endpoint (service);
    if (sk_auth_client (sock, cert, server) || zsock_connect (sock, "%s", endpoint))
        zsock_destroy (&sock);
    free (endpoint);
    return sock;
}

const char *
itest_bin (void)
{
    const char *bin = getenv ("SAMSKAB_BIN");
    return bin ? bin : "bin";
}

pid_t
itest_start_instance (const char *service, int port)
{
    pid_t pid = fork ();
    if (pid == 0) {
        char ep[64], log[512], prog[512], key[64];
        snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", port);
        snprintf (log, sizeof log, "%s/%s-%d.log", getenv ("SAMSKAB_VAR"), service, port);
        snprintf (prog, sizeof prog, "%s/samskab-%s", itest_bin (), service);
        setenv ("SAMSKAB_SERVICE", service, 1);
        snprintf (key, sizeof key, "SAMSKAB_%s_ENDPOINT", service);
        for (char *k = key; *k; k++)
            *k = (char)toupper (*k);
        setenv (key, ep, 1);
        if (streq (service, "notify")) {
            snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", port + 1);
            setenv ("SAMSKAB_BUS_XSUB", ep, 1);
            snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", port + 2);
            setenv ("SAMSKAB_BUS_XPUB", ep, 1);
        }
        int fd = open (log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2 (fd, 1);
            dup2 (fd, 2);
            close (fd);
        }
        execl (prog, prog, (char *)NULL);
        _exit (127);
    }
    return pid;
}

int
itest_cases (const itest_case_t *cases, int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    bool list = only && streq (only, "-l"), found = false;
    for (const itest_case_t *c = cases; c->name; c++)
        if (list)
            printf ("%s\n", c->name);
        else if (!only || streq (only, c->name)) {
            c->run ();
            found = true;
        }
    if (list)
        return 0;
    if (!found) {
        printf ("not ok - no case \"%s\" (-l lists them)\n", only);
        return 2;
    }
    return sk_check_cases_failed ? 1 : 0;
}

PGconn *
itest_superuser (void)
{
    char info[512];
    snprintf (info, sizeof info, "host=%s/pg dbname=samskab user=postgres", s_var ());
    return PQconnectdb (info);
}

int64_t
itest_count (const char *sql, const char *p1, const char *p2)
{
    PGconn *pg = itest_superuser ();
    const char *params[2] = { p1, p2 };
    PGresult *r = PQexecParams (pg, sql, p2 ? 2 : p1 ? 1 : 0, NULL, params, NULL, NULL, 0);
    int64_t count = PQresultStatus (r) == PGRES_TUPLES_OK && PQntuples (r) == 1
                        ? atoll (PQgetvalue (r, 0, 0))
                        : -1;
    if (count < 0)
        printf ("#   %s: %s\n", sql, PQerrorMessage (pg));
    PQclear (r);
    PQfinish (pg);
    return count;
}

int
itest_stack (const char *cmd)
{
    char line[1024];
    const char *top = getenv ("SAMSKAB_TOP") ? getenv ("SAMSKAB_TOP") : ".";
    snprintf (line, sizeof line, "%s/deploy/local/stack.sh %s %s >/dev/null 2>&1", top, cmd,
              s_var ());
    return system (line);
}

const char *
itest_message (sk_frame_t *reply)
{
    static _Thread_local char buf[256];
    const msgpack_object *m = sk_obj_get (sk_obj_get (&reply->root, "error"), "message");
    if (!m || sk_obj_str_copy (m, buf, sizeof buf))
        return "";
    return buf;
}

const char *
itest_str (const msgpack_object *map, const char *key, char *buf, size_t size)
{
    if (sk_obj_str_copy (sk_obj_get (map, key), buf, size))
        buf[0] = 0;
    return buf;
}

int64_t
itest_size (const msgpack_object *obj)
{
    return obj && obj->type == MSGPACK_OBJECT_ARRAY ? (int64_t)obj->via.array.size : -1;
}

int64_t
itest_last_seq (sk_client_t *client, const char *op)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "limit", 1);
    sk_frame_t r;
    int64_t last = -1;
    if (streq (itest_call (client, op, "*", &b, NULL, &r), "ok"))
        last = itest_int (itest_body (&r), "last");
    sk_frame_release (&r);
    sk_pack_release (&b);
    return last;
}

void
itest_uuid (char *out)
{
    unsigned char b[16];
    randombytes_buf (b, sizeof b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    sprintf (out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

const char *
itest_s (const msgpack_object *map, const char *key)
{
    static _Thread_local char bufs[8][1024];
    static _Thread_local int next;
    char *buf = bufs[next];
    next = (next + 1) % 8;
    return sk_obj_str_copy (sk_obj_get (map, key), buf, sizeof bufs[0]) ? NULL : buf;
}

pid_t
itest_pid (const char *service)
{
    char path[512];
    snprintf (path, sizeof path, "%s/%s.pid", s_var (), service);
    FILE *f = fopen (path, "r");
    long pid = 0;
    if (f) {
        if (fscanf (f, "%ld", &pid) != 1)
            pid = 0;
        fclose (f);
    }
    return (pid_t)pid;
}
