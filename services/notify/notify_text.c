/*  notify_text.c: events as JSON, templates, signatures. */
#include <sodium.h>

#include "notify.h"
#include "sk_mem.h"

static void
s_json_string (zchunk_t *buf, const char *s, size_t len)
{
    zchunk_extend (buf, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            zchunk_extend (buf, esc, 2);
        } else if (c < 0x20) {
            snprintf (esc, sizeof esc, "\\u%04x", c);
            zchunk_extend (buf, esc, 6);
        } else
            zchunk_extend (buf, &s[i], 1);
    }
    zchunk_extend (buf, "\"", 1);
}

void
notify_json (zchunk_t *buf, const msgpack_object *obj)
{
    char num[32];
    switch (obj->type) {
        case MSGPACK_OBJECT_BOOLEAN:
            zchunk_extend (buf, obj->via.boolean ? "true" : "false", obj->via.boolean ? 4 : 5);
            break;
        case MSGPACK_OBJECT_POSITIVE_INTEGER:
            zchunk_extend (buf, num, (size_t)snprintf (num, sizeof num, "%" PRIu64, obj->via.u64));
            break;
        case MSGPACK_OBJECT_NEGATIVE_INTEGER:
            zchunk_extend (buf, num, (size_t)snprintf (num, sizeof num, "%" PRId64, obj->via.i64));
            break;
        case MSGPACK_OBJECT_FLOAT32:
        case MSGPACK_OBJECT_FLOAT64:
            zchunk_extend (buf, num, (size_t)snprintf (num, sizeof num, "%.17g", obj->via.f64));
            break;
        case MSGPACK_OBJECT_STR: s_json_string (buf, obj->via.str.ptr, obj->via.str.size); break;
        case MSGPACK_OBJECT_ARRAY:
            zchunk_extend (buf, "[", 1);
            for (uint32_t i = 0; i < obj->via.array.size; i++) {
                if (i)
                    zchunk_extend (buf, ",", 1);
                notify_json (buf, &obj->via.array.ptr[i]);
            }
            zchunk_extend (buf, "]", 1);
            break;
        case MSGPACK_OBJECT_MAP:
            zchunk_extend (buf, "{", 1);
            for (uint32_t i = 0; i < obj->via.map.size; i++) {
                if (i)
                    zchunk_extend (buf, ",", 1);
                notify_json (buf, &obj->via.map.ptr[i].key);
                zchunk_extend (buf, ":", 1);
                notify_json (buf, &obj->via.map.ptr[i].val);
            }
            zchunk_extend (buf, "}", 1);
            break;
        default: //  nil, and bin/ext which the codec refuses anyway
            zchunk_extend (buf, "null", 4);
    }
}

zchunk_t *
notify_webhook_body (const msgpack_object *event, const char *uid, const char *subject,
                     const char *text)
{
    zchunk_t *buf = zchunk_new (NULL, 512);
    zchunk_extend (buf, "{\"id\":", 6);
    s_json_string (buf, uid, strlen (uid));
    zchunk_extend (buf, ",\"subject\":", 11);
    s_json_string (buf, subject, strlen (subject));
    zchunk_extend (buf, ",\"text\":", 8);
    s_json_string (buf, text, strlen (text));
    zchunk_extend (buf, ",\"event\":", 9);
    notify_json (buf, event);
    zchunk_extend (buf, "}", 1);
    return buf;
}

//  The text a {{name}} stands for: a field of the event, else of its body.
static void
s_field_text (const msgpack_object *event, const char *name, size_t len, zchunk_t *out)
{
    char key[64];
    if (len >= sizeof key)
        return;
    memcpy (key, name, len);
    key[len] = 0;
    const msgpack_object *v = sk_obj_get (sk_obj_get (event, "body"), key);
    if (!v
        && (streq (key, "topic") || streq (key, "tenant") || streq (key, "ts")
            || streq (key, "source")))
        v = sk_obj_get (event, key);
    if (!v)
        return;
    char num[32];
    if (v->type == MSGPACK_OBJECT_STR)
        zchunk_extend (out, v->via.str.ptr, v->via.str.size);
    else if (v->type == MSGPACK_OBJECT_POSITIVE_INTEGER)
        zchunk_extend (out, num, (size_t)snprintf (num, sizeof num, "%" PRIu64, v->via.u64));
    else if (v->type == MSGPACK_OBJECT_NEGATIVE_INTEGER)
        zchunk_extend (out, num, (size_t)snprintf (num, sizeof num, "%" PRId64, v->via.i64));
    else if (v->type == MSGPACK_OBJECT_BOOLEAN)
        zchunk_extend (out, v->via.boolean ? "true" : "false", v->via.boolean ? 4 : 5);
}

char *
notify_render (const char *template, const msgpack_object *event)
{
    zchunk_t *out = zchunk_new (NULL, 256);
    const char *p = template;
    while (*p) {
        const char *open = strstr (p, "{{");
        const char *close = open ? strstr (open + 2, "}}") : NULL;
        if (!close) {
            zchunk_extend (out, p, strlen (p));
            break;
        }
        zchunk_extend (out, p, (size_t)(open - p));
        s_field_text (event, open + 2, (size_t)(close - open - 2), out);
        p = close + 2;
    }
    zchunk_extend (out, "", 1);
    char *s = sk_strdup ((const char *)zchunk_data (out));
    zchunk_destroy (&out);
    return s;
}

void
notify_hmac (const char *key, const void *data, size_t len, char *hex)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init (&state, (const unsigned char *)key, strlen (key));
    crypto_auth_hmacsha256_update (&state, (const unsigned char *)data, len);
    crypto_auth_hmacsha256_final (&state, mac);
    sodium_bin2hex (hex, 65, mac, sizeof mac);
}

void
notify_webhook_sign (const char *secret, const char *id, int64_t timestamp, const void *body,
                     size_t len, char *out, size_t size)
{
    //  A "whsec_" secret is base64 of the key, as the specification's
    //  libraries read it; any other secret is the key itself
    unsigned char key[256];
    size_t key_len = 0;
    const char *b64 = strncmp (secret, "whsec_", 6) == 0 ? secret + 6 : NULL;
    if (!b64
        || sodium_base642bin (key, sizeof key, b64, strlen (b64), NULL, &key_len, NULL,
                              sodium_base64_VARIANT_ORIGINAL))
        key_len = 0, b64 = NULL;
    char prefix[128];
    int n = snprintf (prefix, sizeof prefix, "%s.%" PRId64 ".", id, timestamp);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    if (b64)
        crypto_auth_hmacsha256_init (&state, key, key_len);
    else
        crypto_auth_hmacsha256_init (&state, (const unsigned char *)secret, strlen (secret));
    crypto_auth_hmacsha256_update (&state, (const unsigned char *)prefix, (size_t)n);
    crypto_auth_hmacsha256_update (&state, (const unsigned char *)body, len);
    crypto_auth_hmacsha256_final (&state, mac);
    sodium_memzero (key, sizeof key);
    char enc[sodium_base64_ENCODED_LEN (crypto_auth_hmacsha256_BYTES,
                                        sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64 (enc, sizeof enc, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    snprintf (out, size, "v1,%s", enc);
}
