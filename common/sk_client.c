/*  sk_client.c: Lazy Pirate over a CURVE DEALER. */
#include <czmq.h>
#include <sodium.h>

#include "sk_auth.h"
#include "sk_client.h"
#include "sk_log.h"
#include "sk_mem.h"

struct _sk_client_t {
    char *service;     //  for messages: "registry"
    char *endpoint;    //  one endpoint, or a comma-separated list of instances
    char *cert;        //  own secret certificate file
    char *server_cert; //  server's public certificate file
    zsock_t *sock;     //  NULL until first use, renewed after a timeout
    int timeout;       //  ms per attempt
    int retries;       //  attempts after the first
};

//  The entry of a comma-separated list at p, without the blanks around it,
//  into *text and *len; returns where the next entry starts, NULL after
//  the last
static const char *
s_entry (const char *p, const char **text, int *len)
{
    p += strspn (p, " \t");
    int n = (int)strcspn (p, ",");
    const char *next = p[n] == ',' ? p + n + 1 : NULL;
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    *text = p;
    *len = n;
    return next;
}

bool
sk_client_list_valid (const char *list)
{
    const char *text;
    int len = 0;
    for (const char *p = list; p;) {
        p = s_entry (p, &text, &len);
        if (len == 0)
            return false;
    }
    return true;
}

sk_client_t *
sk_client_new (const char *service, const char *endpoint, const char *cert, const char *server_cert)
{
    if (!sk_client_list_valid (endpoint)) {
        sk_error ("invalid endpoint list \"%s\" for service %s: endpoints are separated by "
                  "single commas",
                  endpoint, service);
        return NULL;
    }
    if (!zsys_file_exists (cert) || !zsys_file_exists (server_cert)) {
        sk_error ("could not read certificate \"%s\" or \"%s\"", cert, server_cert);
        return NULL;
    }
    if (sodium_init () < 0) {
        sk_error ("could not initialise libsodium");
        return NULL;
    }
    sk_client_t *self = sk_malloc (sizeof *self);
    self->service = sk_strdup (service);
    self->endpoint = sk_strdup (endpoint);
    self->cert = sk_strdup (cert);
    self->server_cert = sk_strdup (server_cert);
    self->sock = NULL;
    self->timeout = 3000;
    self->retries = 2;
    return self;
}

int
sk_client_settings (sk_config_t *config, const char *service, const char *cert_key,
                    const char **endpoint, const char **server, const char **cert)
{
    char key[80];
    snprintf (key, sizeof key, "%s/endpoint", service);
    *endpoint = sk_config_get (config, key, NULL);
    snprintf (key, sizeof key, "%s/connect", service);
    *endpoint = sk_config_get (config, key, *endpoint);
    snprintf (key, sizeof key, "%s/public", service);
    *server = sk_config_get (config, key, NULL);
    *cert = sk_config_get (config, cert_key, NULL);
    return *endpoint && *server && *cert ? 0 : -1;
}

sk_client_t *
sk_client_from_config (sk_config_t *config, const char *service, const char *cert_key)
{
    const char *endpoint, *server, *cert;
    if (sk_client_settings (config, service, cert_key, &endpoint, &server, &cert)) {
        sk_error ("service %s is not configured: %s/connect, %s/public and %s "
                  "are needed",
                  service, service, service, cert_key);
        return NULL;
    }
    return sk_client_new (service, endpoint, cert, server);
}

void
sk_client_destroy (sk_client_t **self_p)
{
    sk_client_t *self = *self_p;
    if (!self)
        return;
    zsock_destroy (&self->sock);
    free (self->service);
    free (self->endpoint);
    free (self->cert);
    free (self->server_cert);
    free (self);
    *self_p = NULL;
}

void
sk_client_set_timeout (sk_client_t *self, int timeout_ms, int retries)
{
    self->timeout = timeout_ms;
    self->retries = retries;
}

//  Connect a fresh socket to every instance in the list. ZMQ_IMMEDIATE
//  queues a request only to an instance whose connection is up (CURVE
//  handshake done), and the DEALER deals requests in turn over those: a dead
//  instance gets none, and one that comes back gets its share again.
static int
s_connect (sk_client_t *self)
{
    zsock_destroy (&self->sock);
    self->sock = zsock_new (ZMQ_DEALER);
    zsock_set_linger (self->sock, 0);
    zsock_set_immediate (self->sock, 1);
    zsock_set_maxmsgsize (self->sock, 64 * SK_MAX_FRAME);
    zsock_set_heartbeat_ivl (self->sock, 5000);
    zsock_set_heartbeat_timeout (self->sock, 15000);
    int rc = sk_auth_client (self->sock, self->cert, self->server_cert);
    const char *text;
    int len;
    for (const char *p = self->endpoint; rc == 0 && p;) {
        p = s_entry (p, &text, &len);
        rc = zsock_connect (self->sock, "%.*s", len, text);
    }
    if (rc) {
        zsock_destroy (&self->sock);
        return -1;
    }
    return 0;
}

int
sk_client_call (sk_client_t *self, const char *op, const char *tenant, const sk_pack_t *body,
                const char *id, sk_frame_t *reply, sk_error_t *err)
{
    msgpack_unpacked_init (&reply->unpacked);
    reply->root.type = MSGPACK_OBJECT_NIL; //  what a caller sees if none came
    char fresh[33];
    if (!id) {
        //  128 random bits (zuuid_new reseeded random() per call)
        uint8_t bits[16];
        randombytes_buf (bits, sizeof bits);
        sodium_bin2hex (fresh, sizeof fresh, bits, sizeof bits);
        id = fresh;
    }
    sk_pack_t req;
    sk_pack_init (&req);
    sk_pack_request (&req, id, op, tenant, body ? body->buf.data : NULL, body ? body->buf.size : 0);
    int rc = -1;
    for (int attempt = 0; attempt <= self->retries && rc; attempt++) {
        if ((!self->sock || attempt > 0) && s_connect (self))
            break;
        //  One timeout per attempt covers the wait for a live instance to
        //  take the request (none up: the send waits) and for its reply
        int64_t deadline = zclock_mono () + self->timeout;
        zsock_set_sndtimeo (self->sock, self->timeout);
        if (zmq_send (zsock_resolve (self->sock), req.buf.data, req.buf.size, 0) < 0)
            continue;
        while (rc && zclock_mono () < deadline && !zsys_interrupted) {
            zmq_pollitem_t item = { zsock_resolve (self->sock), 0, ZMQ_POLLIN, 0 };
            if (zmq_poll (&item, 1, deadline - zclock_mono ()) <= 0)
                continue;
            zframe_t *frame = zframe_recv (self->sock);
            if (!frame)
                continue;
            sk_frame_release (reply);
            //  A socket carries one request at a time (a timed-out one is
            //  dropped with its socket), so an error without an id is the
            //  answer to ours: the service could not read the request
            if (sk_frame_decode_copy (reply, zframe_data (frame), zframe_size (frame), err) == 0
                && (sk_obj_str_eq (sk_obj_get (&reply->root, "id"), id)
                    || (sk_obj_str_eq (sk_obj_get (&reply->root, "id"), "")
                        && sk_obj_get (&reply->root, "error"))))
                rc = 0;
            zframe_destroy (&frame);
            //  A reply to another request id is a late answer: keep waiting
        }
    }
    sk_pack_release (&req);
    if (rc) {
        //  Nothing of a late or undecodable answer is left to misread
        sk_frame_release (reply);
        msgpack_unpacked_init (&reply->unpacked);
        reply->root.type = MSGPACK_OBJECT_NIL;
        //  The socket may hold a stale request; start afresh next time
        zsock_destroy (&self->sock);
        sk_error_set (err, "unavailable", NULL,
                      "service %s at %s is not answering (%d attempts of %d ms)", self->service,
                      self->endpoint, self->retries + 1, self->timeout);
    }
    return rc;
}

int
sk_reply_error (const sk_frame_t *reply, sk_error_t *err)
{
    const msgpack_object *ok = sk_obj_get (&reply->root, "ok");
    if (ok && ok->type == MSGPACK_OBJECT_BOOLEAN && ok->via.boolean)
        return 0;
    const msgpack_object *e = sk_obj_get (&reply->root, "error");
    sk_error_set (err, "internal", NULL, "malformed error reply");
    sk_obj_str_copy (sk_obj_get (e, "code"), err->code, sizeof err->code);
    if (sk_obj_str_copy (sk_obj_get (e, "message"), err->message, sizeof err->message))
        snprintf (err->message, sizeof err->message, "(no message)");
    if (sk_obj_str_copy (sk_obj_get (e, "field"), err->field, sizeof err->field))
        err->field[0] = 0;
    //  The detail's whole numbers under keys short enough; others skipped
    const msgpack_object *d = sk_obj_get (e, "detail");
    for (uint32_t i = 0; d && d->type == MSGPACK_OBJECT_MAP && i < d->via.map.size; i++) {
        const msgpack_object_kv *kv = &d->via.map.ptr[i];
        char key[sizeof err->details[0].key];
        int64_t value;
        if (err->ndetails < SK_ERROR_DETAILS && sk_obj_str_copy (&kv->key, key, sizeof key) == 0
            && sk_obj_int (&kv->val, &value))
            sk_error_detail (err, key, value);
    }
    return -1;
}
