/*  vote_registry.c: what vote asks the registry while it serves a request.

    A citizen budget's area must be one of the municipality's areas and an
    association's idea must name an association of the municipality; the
    registry owns both, so vote asks it at the moment of the change, over
    the same CURVE client every service uses (sk_client), with vote's own
    certificate (a service of every municipality). doc/DECISIONS.md ("Vote
    asks the registry") says why it asks rather than keeps a copy. Each
    worker thread has its own client (a socket belongs to one thread),
    made on first use and destroyed when the thread ends. When the
    registry does not answer, the request fails "unavailable" naming it:
    nothing is written unchecked.
*/
#include <pthread.h>

#include "sk_client.h"
#include "sk_log.h"
#include "vote_svc.h"

#define S_TIMEOUT_MS 2000 //  per attempt; one retry (a second instance)

static sk_config_t *s_config;
static pthread_key_t s_key;
static pthread_once_t s_once = PTHREAD_ONCE_INIT;

static void
s_client_free (void *client)
{
    sk_client_destroy ((sk_client_t **)&client);
}

static void
s_key_make (void)
{
    pthread_key_create (&s_key, s_client_free);
}

void
vote_registry_init (sk_config_t *config)
{
    s_config = config;
    pthread_once (&s_once, s_key_make);
}

//  This thread's client of the registry, or NULL (logged) when the
//  settings lack it.
static sk_client_t *
s_client (void)
{
    sk_client_t *client = (sk_client_t *)pthread_getspecific (s_key);
    if (!client && s_config) {
        client = sk_client_from_config (s_config, "registry", "vote/cert");
        if (client) {
            sk_client_set_timeout (client, S_TIMEOUT_MS, 1);
            pthread_setspecific (s_key, client);
        }
    }
    return client;
}

//  Call op of the registry for the call's municipality with body (or
//  NULL). 0 with *reply decoded and ok; -1 with the call's error set (the
//  registry's own error when it refused, "unavailable" when it did not
//  answer). Release *reply in both cases.
static int
s_ask (sk_call_t *call, const char *op, const sk_pack_t *body, sk_frame_t *reply)
{
    memset (reply, 0, sizeof *reply);
    sk_client_t *client = s_client ();
    if (!client)
        return sk_call_fail (call, "unavailable", NULL,
                             "could not ask the registry: vote has no \"registry/connect\" "
                             "or \"vote/cert\" setting");
    sk_error_t err = { 0 };
    if (sk_client_call (client, op, call->req->tenant, body, NULL, reply, &err)
        || sk_reply_error (reply, &err))
        return sk_call_fail (call, streq (err.code, "not_found") ? "not_found" : "unavailable",
                             NULL, "could not ask the registry (%s): %s", op, err.message);
    return 0;
}

//  The items of a list reply, or NULL.
static const msgpack_object *
s_items (const sk_frame_t *reply)
{
    const msgpack_object *items = sk_obj_get (sk_obj_get (&reply->root, "body"), "items");
    return items && items->type == MSGPACK_OBJECT_ARRAY ? items : NULL;
}

int
vote_registry_area (sk_call_t *call, const char *area, const char **name)
{
    sk_frame_t reply;
    if (s_ask (call, "registry.area.list", NULL, &reply)) {
        sk_frame_release (&reply);
        return -1;
    }
    const msgpack_object *items = s_items (&reply);
    bool by_id = *area && strspn (area, "0123456789") == strlen (area);
    char *names = sk_call_strdup (call, "");
    *name = NULL;
    for (uint32_t i = 0; items && i < items->via.array.size && !*name; i++) {
        const msgpack_object *item = &items->via.array.ptr[i];
        char this[256];
        int64_t id = 0;
        if (sk_obj_str_copy (sk_obj_get (item, "name"), this, sizeof this)
            || !sk_obj_int (sk_obj_get (item, "id"), &id))
            continue;
        if (by_id ? id == strtoll (area, NULL, 10) : strcasecmp (this, area) == 0)
            *name = sk_call_strdup (call, this);
        names = sk_call_printf (call, "%s%s\"%s\"", names, *names ? ", " : "", this);
    }
    sk_frame_release (&reply);
    if (*name)
        return 0;
    return sk_call_fail (call, "invalid_argument", "area",
                         "area \"%s\" is not an area of municipality %s (%s%s)", area,
                         call->req->tenant, *names ? "its areas: " : "it has no areas yet", names);
}

int
vote_registry_association (sk_call_t *call, int64_t id)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "id", id);
    sk_frame_t reply;
    int rc = s_ask (call, "registry.association.get", &body, &reply);
    sk_pack_release (&body);
    sk_frame_release (&reply);
    if (rc && streq (call->err.code, "not_found")) {
        memset (&call->err, 0, sizeof call->err);
        return sk_call_fail (call, "invalid_argument", "association",
                             "association %lld is not a party of municipality %s", (long long)id,
                             call->req->tenant);
    }
    return rc;
}

const char *
vote_registry_municipality (sk_call_t *call, const char *code)
{
    sk_frame_t reply;
    if (s_ask (call, "registry.municipality.list", NULL, &reply)) {
        sk_frame_release (&reply);
        return NULL;
    }
    const msgpack_object *items = s_items (&reply);
    const char *name = NULL;
    for (uint32_t i = 0; items && i < items->via.array.size && !name; i++) {
        char this_code[8], this[256];
        const msgpack_object *item = &items->via.array.ptr[i];
        if (sk_obj_str_copy (sk_obj_get (item, "code"), this_code, sizeof this_code) == 0
            && streq (this_code, code)
            && sk_obj_str_copy (sk_obj_get (item, "name"), this, sizeof this) == 0)
            name = sk_call_strdup (call, this);
    }
    sk_frame_release (&reply);
    if (!name)
        sk_call_fail (call, "not_found", NULL, "the registry does not know municipality %s", code);
    return name;
}
