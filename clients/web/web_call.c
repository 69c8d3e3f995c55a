/*  web_call.c: the web as a client of the services. */
#include <czmq.h>

#include "sk_client.h"
#include "sk_log.h"
#include "sk_mem.h"
#include "web.h"

int
web_call (const web_t *web, const char *op, const char *tenant, const sk_pack_t *body,
          sk_frame_t *reply, sk_error_t *err)
{
    char service[32];
    snprintf (service, sizeof service, "%.*s", (int)strcspn (op, "."), op);
    //  A client per call: a connection's thread owns its sockets, and a
    //  CURVE handshake on the loopback costs well under a millisecond
    sk_client_t *client = sk_client_from_config (web->config, service, "web/cert");
    if (!client) {
        msgpack_unpacked_init (&reply->unpacked);
        return sk_error_set (err, "unavailable", NULL, "service %s is not configured", service);
    }
    sk_client_set_timeout (client, web->timeout_ms, 1);
    int rc = sk_client_call (client, op, tenant, body, NULL, reply, err);
    sk_client_destroy (&client);
    if (rc == 0 && sk_reply_error (reply, err) == 0)
        return 0;
    if (rc || streq (err->code, "unavailable") || streq (err->code, "internal"))
        sk_warn ("call %s failed: %s: %s", op, err->code, err->message);
    return -1;
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
