/*  web_call.c: the web as a client of the services.

    A call borrows a client of its service from a small pool shared by the
    connection threads, and gives it back after the call: its CURVE
    session stays open from one request to the next, where a client per
    call paid a CURVE handshake (and a TCP connection) each time. At most
    S_IDLE idle clients are kept per service; a call that finds none makes
    one, and one given back to a full pool is closed. A ZeroMQ socket may
    move between threads with a full memory barrier: the pool's mutex is
    one. A call that gets no answer leaves its client out of the pool (a
    fresh one, a fresh connection, next time). Lazy Pirate is unchanged:
    a call that times out is sent again once, with the same request id,
    on a fresh socket (a cast with the same nonce: one receipt).
*/
#include <czmq.h>
#include <pthread.h>

#include "sk_client.h"
#include "sk_log.h"
#include "sk_mem.h"
#include "web.h"

#define S_SERVICES 8  //  services a web may call
#define S_IDLE     64 //  idle clients kept per service

typedef struct {
    char name[32];
    sk_client_t *idle[S_IDLE];
    size_t count;
} s_pool_t;

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static s_pool_t s_pools[S_SERVICES];

//  The pool of service (made on first use), or NULL if all are taken.
static s_pool_t *
s_pool (const char *service)
{
    for (size_t i = 0; i < S_SERVICES; i++) {
        if (!s_pools[i].name[0])
            snprintf (s_pools[i].name, sizeof s_pools[i].name, "%s", service);
        if (streq (s_pools[i].name, service))
            return &s_pools[i];
    }
    return NULL;
}

//  An idle client of service, or a new one; NULL if it is not configured.
static sk_client_t *
s_borrow (const web_t *web, const char *service)
{
    sk_client_t *client = NULL;
    pthread_mutex_lock (&s_lock);
    s_pool_t *pool = s_pool (service);
    if (pool && pool->count)
        client = pool->idle[--pool->count];
    pthread_mutex_unlock (&s_lock);
    if (!client && (client = sk_client_from_config (web->config, service, "web/cert")))
        sk_client_set_timeout (client, web->timeout_ms, 1);
    return client;
}

//  Keep client for the next call of service, or close it.
static void
s_give_back (const char *service, sk_client_t *client)
{
    pthread_mutex_lock (&s_lock);
    s_pool_t *pool = s_pool (service);
    if (pool && pool->count < S_IDLE) {
        pool->idle[pool->count++] = client;
        client = NULL;
    }
    pthread_mutex_unlock (&s_lock);
    sk_client_destroy (&client);
}

int
web_call (const web_t *web, const char *op, const char *tenant, const sk_pack_t *body,
          sk_frame_t *reply, sk_error_t *err)
{
    char service[32];
    snprintf (service, sizeof service, "%.*s", (int)strcspn (op, "."), op);
    sk_client_t *client = s_borrow (web, service);
    if (!client) {
        msgpack_unpacked_init (&reply->unpacked);
        return sk_error_set (err, "unavailable", NULL, "service %s is not configured", service);
    }
    int rc = sk_client_call (client, op, tenant, body, NULL, reply, err);
    if (rc == 0)
        s_give_back (service, client);
    else
        sk_client_destroy (&client);
    if (rc == 0 && sk_reply_error (reply, err) == 0)
        return 0;
    if (rc || streq (err->code, "unavailable") || streq (err->code, "internal"))
        sk_warn ("call %s failed: %s: %s", op, err->code, err->message);
    return -1;
}

void
web_call_close (void)
{
    web_process_close ();
    web_page_close ();
    pthread_mutex_lock (&s_lock);
    for (size_t i = 0; i < S_SERVICES; i++)
        while (s_pools[i].count)
            sk_client_destroy (&s_pools[i].idle[--s_pools[i].count]);
    pthread_mutex_unlock (&s_lock);
}

const msgpack_object *
web_body (const sk_frame_t *reply)
{
    return sk_obj_get (&reply->root, "body");
}

const char *
web_str (const msgpack_object *map, const char *key, char *buf, size_t size)
{
    const msgpack_object *o = map ? sk_obj_get (map, key) : NULL;
    buf[0] = 0;
    if (o && o->type == MSGPACK_OBJECT_STR)
        snprintf (buf, size, "%.*s", (int)o->via.str.size, o->via.str.ptr);
    return buf;
}

int64_t
web_int (const msgpack_object *map, const char *key, int64_t deflt)
{
    int64_t v;
    const msgpack_object *o = map ? sk_obj_get (map, key) : NULL;
    return o && sk_obj_int (o, &v) ? v : deflt;
}

int
web_municipalities_load (web_t *web)
{
    sk_frame_t reply;
    sk_error_t err = { 0 };
    int rc = web_call (web, "registry.municipality.list", "*", NULL, &reply, &err);
    const msgpack_object *items = rc == 0 ? sk_obj_get (web_body (&reply), "items") : NULL;
    if (rc == 0 && (!items || items->type != MSGPACK_OBJECT_ARRAY))
        rc = sk_error_set (&err, "internal", NULL, "no items in the reply");
    if (rc)
        sk_error ("could not read the municipalities from the registry: %s", err.message);
    uint32_t n = rc == 0 ? items->via.array.size : 0;
    web->municipalities = sk_calloc (n + 1, sizeof *web->municipalities);
    for (uint32_t i = 0; i < n; i++) {
        web_municipality_t *m = &web->municipalities[web->municipalities_count];
        web_str (&items->via.array.ptr[i], "code", m->code, sizeof m->code);
        web_str (&items->via.array.ptr[i], "name", m->name, sizeof m->name);
        web->municipalities_count += strlen (m->code) == 4;
    }
    sk_frame_release (&reply);
    return rc;
}

const char *
web_municipality_name (const web_t *web, const char *code)
{
    for (size_t i = 0; i < web->municipalities_count; i++)
        if (streq (web->municipalities[i].code, code))
            return web->municipalities[i].name;
    return NULL;
}
