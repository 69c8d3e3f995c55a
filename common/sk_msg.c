/*  sk_msg.c: bounded msgpack pre-validation, envelope parsing and packing. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sk_check.h"
#include "sk_log.h"
#include "sk_mem.h"
#include "sk_msg.h"
#include "sk_utf8.h"

int
sk_error_set (sk_error_t *err, const char *code, const char *field, const char *format, ...)
{
    snprintf (err->code, sizeof err->code, "%s", code);
    snprintf (err->field, sizeof err->field, "%s", field ? field : "");
    va_list args;
    va_start (args, format);
    vsnprintf (err->message, sizeof err->message, format, args);
    va_end (args);
    err->ndetails = 0;
    return -1;
}

int
sk_error_detail (sk_error_t *err, const char *key, int64_t value)
{
    assert (strlen (key) < sizeof err->details[0].key);
    if (err->ndetails >= SK_ERROR_DETAILS) {
        sk_error ("error detail \"%s\" dropped: %d details already", key, err->ndetails);
        return -1;
    }
    sk_error_detail_t *d = &err->details[err->ndetails++];
    snprintf (d->key, sizeof d->key, "%s", key);
    d->value = value;
    return -1;
}

bool
sk_error_detail_get (const sk_error_t *err, const char *key, int64_t *value)
{
    for (int i = 0; i < err->ndetails; i++)
        if (strcmp (err->details[i].key, key) == 0) {
            *value = err->details[i].value;
            return true;
        }
    return false;
}

//  The walker: one object at *pos, recursing at most SK_MAX_DEPTH deep.
typedef struct {
    const uint8_t *data;
    size_t size;
    size_t pos;
    size_t elements;
    sk_error_t *err;
} walker_t;

static uint64_t
s_be (const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = (v << 8) | p[i];
    return v;
}

static int s_walk (walker_t *w, int depth, bool is_key);

//  Take n bytes of payload; -1 if the frame ends first.
static int
s_take (walker_t *w, uint64_t n)
{
    if (n > w->size - w->pos)
        return sk_error_set (w->err, "invalid_argument", "", "message is truncated at byte %zu",
                             w->pos);
    w->pos += (size_t)n;
    return 0;
}

static int
s_container (walker_t *w, int depth, uint64_t count, bool is_map)
{
    if (depth >= SK_MAX_DEPTH)
        return sk_error_set (w->err, "invalid_argument", "", "message nesting exceeds %d levels",
                             SK_MAX_DEPTH);
    uint64_t objects = is_map ? count * 2 : count;
    //  Every object takes at least one byte: a count larger than what is
    //  left is a lie, refused before anything is reserved for it
    if (objects > w->size - w->pos)
        return sk_error_set (w->err, "invalid_argument", "",
                             "%s at byte %zu declares %llu entries but only "
                             "%zu bytes follow",
                             is_map ? "map" : "array", w->pos, (unsigned long long)count,
                             w->size - w->pos);
    if (w->elements + objects > SK_MAX_ELEMENTS)
        return sk_error_set (w->err, "invalid_argument", "", "message has more than %d elements",
                             SK_MAX_ELEMENTS);
    w->elements += objects;
    for (uint64_t i = 0; i < count; i++) {
        if (is_map && s_walk (w, depth + 1, true))
            return -1;
        if (s_walk (w, depth + 1, false))
            return -1;
    }
    return 0;
}

static int
s_string (walker_t *w, uint64_t len)
{
    size_t start = w->pos;
    if (s_take (w, len))
        return -1;
    if (!sk_utf8_valid (w->data + start, (size_t)len))
        return sk_error_set (w->err, "invalid_argument", "",
                             "string at byte %zu is not valid UTF-8", start);
    return 0;
}

static int
s_walk (walker_t *w, int depth, bool is_key)
{
    if (w->pos >= w->size)
        return sk_error_set (w->err, "invalid_argument", "", "message is truncated at byte %zu",
                             w->pos);
    uint8_t b = w->data[w->pos++];
    bool is_str = (b >= 0xA0 && b <= 0xBF) || (b >= 0xD9 && b <= 0xDB);
    if (is_key && !is_str)
        return sk_error_set (w->err, "invalid_argument", "", "map key at byte %zu is not a string",
                             w->pos - 1);
    if (b <= 0x7F || b >= 0xE0 || b == 0xC0 || b == 0xC2 || b == 0xC3)
        return 0;
    if (b <= 0x8F)
        return s_container (w, depth, b & 0x0F, true);
    if (b <= 0x9F)
        return s_container (w, depth, b & 0x0F, false);
    if (b <= 0xBF)
        return s_string (w, b & 0x1F);

    size_t here = w->pos - 1;
    int width;
    switch (b) {
        case 0xCC:
        case 0xD0: return s_take (w, 1);
        case 0xCD:
        case 0xD1: return s_take (w, 2);
        case 0xCE:
        case 0xD2:
        case 0xCA: return s_take (w, 4);
        case 0xCF:
        case 0xD3:
        case 0xCB: return s_take (w, 8);
        case 0xC4:
        case 0xD9:
        case 0xDC:
        case 0xDE: width = 1; break;
        case 0xC5:
        case 0xDA:
        case 0xDD:
        case 0xDF: width = 2; break;
        case 0xC6:
        case 0xDB: width = 4; break;
        default:
            return sk_error_set (w->err, "invalid_argument", "",
                                 "unsupported msgpack type 0x%02x at byte %zu", b, here);
    }
    //  0xC4-C6 bin, 0xD9-DB str: 1/1/2/4 byte lengths; DC-DF containers
    if (b == 0xD9)
        width = 1;
    if (b == 0xDC || b == 0xDE)
        width = 2;
    if (b == 0xDD || b == 0xDF)
        width = 4;
    if (w->size - w->pos < (size_t)width)
        return sk_error_set (w->err, "invalid_argument", "", "message is truncated at byte %zu",
                             w->pos);
    uint64_t n = s_be (w->data + w->pos, width);
    w->pos += (size_t)width;
    if (b >= 0xC4 && b <= 0xC6)
        return s_take (w, n);
    if (b >= 0xD9 && b <= 0xDB)
        return s_string (w, n);
    return s_container (w, depth, n, b == 0xDE || b == 0xDF);
}

int
sk_msgpack_check (const uint8_t *data, size_t size, sk_error_t *err)
{
    if (size > SK_MAX_FRAME)
        return sk_error_set (err, "invalid_argument", "",
                             "message of %zu bytes exceeds the limit of %d", size, SK_MAX_FRAME);
    walker_t w = { data, size, 0, 0, err };
    if (s_walk (&w, 0, false))
        return -1;
    if (w.pos != size)
        return sk_error_set (err, "invalid_argument", "", "message has %zu trailing bytes",
                             size - w.pos);
    return 0;
}

int
sk_frame_decode (sk_frame_t *frame, const uint8_t *data, size_t size, sk_error_t *err)
{
    msgpack_unpacked_init (&frame->unpacked);
    if (sk_msgpack_check (data, size, err))
        return -1;
    size_t off = 0;
    msgpack_unpack_return rc =
        msgpack_unpack_next (&frame->unpacked, (const char *)data, size, &off);
    if (rc != MSGPACK_UNPACK_SUCCESS || off != size)
        return sk_error_set (err, "invalid_argument", "", "could not decode message");
    frame->root = frame->unpacked.data;
    return 0;
}

int
sk_frame_decode_copy (sk_frame_t *frame, const uint8_t *data, size_t size, sk_error_t *err)
{
    msgpack_unpacked_init (&frame->unpacked);
    if (sk_msgpack_check (data, size, err))
        return -1;
    //  The copy lives in the frame's zone, so it goes with sk_frame_release
    msgpack_zone *zone = msgpack_zone_new (MSGPACK_ZONE_CHUNK_SIZE);
    char *copy = zone ? (char *)msgpack_zone_malloc (zone, size ? size : 1) : NULL;
    if (!copy) {
        msgpack_zone_free (zone);
        return sk_error_set (err, "internal", "", "out of memory");
    }
    memcpy (copy, data, size);
    frame->unpacked.zone = zone;
    size_t off = 0;
    msgpack_unpack_return rc = msgpack_unpack (copy, size, &off, zone, &frame->unpacked.data);
    if (rc != MSGPACK_UNPACK_SUCCESS || off != size)
        return sk_error_set (err, "invalid_argument", "", "could not decode message");
    frame->root = frame->unpacked.data;
    return 0;
}

void
sk_frame_release (sk_frame_t *frame)
{
    msgpack_unpacked_destroy (&frame->unpacked);
}

const msgpack_object *
sk_obj_get (const msgpack_object *map, const char *key)
{
    if (!map || map->type != MSGPACK_OBJECT_MAP)
        return NULL;
    for (uint32_t i = 0; i < map->via.map.size; i++) {
        const msgpack_object_kv *kv = &map->via.map.ptr[i];
        if (sk_obj_str_eq (&kv->key, key))
            return &kv->val;
    }
    return NULL;
}

bool
sk_obj_str_eq (const msgpack_object *obj, const char *s)
{
    size_t len = strlen (s);
    return obj && obj->type == MSGPACK_OBJECT_STR && obj->via.str.size == len
           && memcmp (obj->via.str.ptr, s, len) == 0;
}

int
sk_obj_str_copy (const msgpack_object *obj, char *buf, size_t size)
{
    if (!obj || obj->type != MSGPACK_OBJECT_STR || obj->via.str.size >= size)
        return -1;
    memcpy (buf, obj->via.str.ptr, obj->via.str.size);
    buf[obj->via.str.size] = 0;
    return 0;
}

bool
sk_obj_int (const msgpack_object *obj, int64_t *value)
{
    if (!obj)
        return false;
    //  Non-negative integers decode as unsigned whatever they were packed as
    if (obj->type == MSGPACK_OBJECT_POSITIVE_INTEGER) {
        if (obj->via.u64 > INT64_MAX)
            return false;
        *value = (int64_t)obj->via.u64;
        return true;
    }
    if (obj->type == MSGPACK_OBJECT_NEGATIVE_INTEGER) {
        *value = obj->via.i64;
        return true;
    }
    return false;
}

static bool
s_tenant_valid (const char *t)
{
    if (strcmp (t, "*") == 0)
        return true;
    if (strlen (t) != 4)
        return false;
    for (int i = 0; i < 4; i++)
        if (t[i] < '0' || t[i] > '9')
            return false;
    return true;
}

int
sk_request_parse (const sk_frame_t *frame, sk_request_t *req, sk_error_t *err)
{
    memset (req, 0, sizeof *req);
    const msgpack_object *root = &frame->root;
    if (root->type != MSGPACK_OBJECT_MAP)
        return sk_error_set (err, "invalid_argument", "", "message must be a map");
    const msgpack_object *id = sk_obj_get (root, "id");
    if (!id)
        return sk_error_set (err, "invalid_argument", "id", "missing request id");
    if (sk_obj_str_copy (id, req->id, sizeof req->id) || !req->id[0])
        return sk_error_set (err, "invalid_argument", "id",
                             "request id must be a string of 1 to %d bytes", SK_MAX_ID);
    int64_t v;
    if (!sk_obj_int (sk_obj_get (root, "v"), &v))
        return sk_error_set (err, "invalid_argument", "v",
                             "missing or non-integer protocol version");
    if (v != SK_WIRE_VERSION)
        return sk_error_set (err, "invalid_argument", "v", "unsupported protocol version %lld",
                             (long long)v);
    if (sk_obj_str_copy (sk_obj_get (root, "op"), req->op, sizeof req->op) || !req->op[0])
        return sk_error_set (err, "invalid_argument", "op", "op must be a string of 1 to %d bytes",
                             SK_MAX_OP);
    if (sk_obj_str_copy (sk_obj_get (root, "tenant"), req->tenant, sizeof req->tenant)
        || !s_tenant_valid (req->tenant))
        return sk_error_set (err, "invalid_argument", "tenant",
                             "tenant must be a four-digit kommunekode");
    req->body = sk_obj_get (root, "body");
    if (req->body && req->body->type == MSGPACK_OBJECT_NIL)
        req->body = NULL;
    if (req->body && req->body->type != MSGPACK_OBJECT_MAP)
        return sk_error_set (err, "invalid_argument", "body", "body must be a map");
    for (uint32_t i = 0; i < root->via.map.size; i++) {
        const msgpack_object *k = &root->via.map.ptr[i].key;
        if (!sk_obj_str_eq (k, "v") && !sk_obj_str_eq (k, "id") && !sk_obj_str_eq (k, "op")
            && !sk_obj_str_eq (k, "tenant") && !sk_obj_str_eq (k, "body"))
            return sk_error_set (err, "invalid_argument", "", "unknown envelope field \"%.*s\"",
                                 (int)k->via.str.size, k->via.str.ptr);
    }
    return 0;
}

void
sk_pack_init (sk_pack_t *p)
{
    msgpack_sbuffer_init (&p->buf);
    msgpack_packer_init (&p->pk, &p->buf, msgpack_sbuffer_write);
}

void
sk_pack_release (sk_pack_t *p)
{
    msgpack_sbuffer_destroy (&p->buf);
}

void
sk_pack_reset (sk_pack_t *p)
{
    msgpack_sbuffer_clear (&p->buf);
}

//  msgpack_sbuffer_write fails only when out of memory
#define S_PACKED(expr)                                                                             \
    do {                                                                                           \
        if ((expr) != 0)                                                                           \
            sk_log (SK_FATAL, "out of memory packing a message");                                  \
    } while (0)

void
sk_pack_map (sk_pack_t *p, uint32_t n)
{
    S_PACKED (msgpack_pack_map (&p->pk, n));
}
void
sk_pack_array (sk_pack_t *p, uint32_t n)
{
    S_PACKED (msgpack_pack_array (&p->pk, n));
}
void
sk_pack_nil (sk_pack_t *p)
{
    S_PACKED (msgpack_pack_nil (&p->pk));
}
void
sk_pack_int (sk_pack_t *p, int64_t v)
{
    S_PACKED (msgpack_pack_int64 (&p->pk, v));
}

void
sk_pack_bool (sk_pack_t *p, bool v)
{
    S_PACKED (v ? msgpack_pack_true (&p->pk) : msgpack_pack_false (&p->pk));
}

void
sk_pack_element (sk_pack_t *p, const sk_pack_t *array)
{
    //  A fixarray's header is its first byte
    if (array->buf.size > 1)
        sk_pack_raw (p, array->buf.data + 1, array->buf.size - 1);
}

void
sk_pack_double (sk_pack_t *p, double v)
{
    S_PACKED (msgpack_pack_double (&p->pk, v));
}

void
sk_pack_strn (sk_pack_t *p, const char *s, size_t len)
{
    S_PACKED (msgpack_pack_str_with_body (&p->pk, s, len));
}

void
sk_pack_str (sk_pack_t *p, const char *s)
{
    if (s)
        sk_pack_strn (p, s, strlen (s));
    else
        sk_pack_nil (p);
}

void
sk_pack_bin (sk_pack_t *p, const void *data, size_t len)
{
    S_PACKED (msgpack_pack_bin_with_body (&p->pk, data, len));
}

void
sk_pack_raw (sk_pack_t *p, const void *data, size_t len)
{
    S_PACKED (msgpack_sbuffer_write (&p->buf, data, len));
}

void
sk_pack_kstr (sk_pack_t *p, const char *k, const char *v)
{
    sk_pack_str (p, k);
    sk_pack_str (p, v);
}
void
sk_pack_kint (sk_pack_t *p, const char *k, int64_t v)
{
    sk_pack_str (p, k);
    sk_pack_int (p, v);
}
void
sk_pack_kbool (sk_pack_t *p, const char *k, bool v)
{
    sk_pack_str (p, k);
    sk_pack_bool (p, v);
}

void
sk_pack_request (sk_pack_t *p, const char *id, const char *op, const char *tenant, const void *body,
                 size_t body_len)
{
    sk_pack_map (p, body ? 5 : 4);
    sk_pack_kint (p, "v", SK_WIRE_VERSION);
    sk_pack_kstr (p, "id", id);
    sk_pack_kstr (p, "op", op);
    sk_pack_kstr (p, "tenant", tenant);
    if (body) {
        sk_pack_str (p, "body");
        sk_pack_raw (p, body, body_len);
    }
}

void
sk_pack_reply_ok (sk_pack_t *p, const char *id, const void *body, size_t body_len)
{
    sk_pack_map (p, 4);
    sk_pack_kint (p, "v", SK_WIRE_VERSION);
    sk_pack_kstr (p, "id", id);
    sk_pack_kbool (p, "ok", true);
    sk_pack_str (p, "body");
    if (body)
        sk_pack_raw (p, body, body_len);
    else
        sk_pack_map (p, 0);
}

void
sk_pack_reply_error (sk_pack_t *p, const char *id, const sk_error_t *err)
{
    sk_pack_map (p, 4);
    sk_pack_kint (p, "v", SK_WIRE_VERSION);
    sk_pack_kstr (p, "id", id);
    sk_pack_kbool (p, "ok", false);
    sk_pack_str (p, "error");
    sk_pack_map (p, 2 + (err->field[0] != 0) + (err->ndetails > 0));
    sk_pack_kstr (p, "code", err->code);
    sk_pack_kstr (p, "message", err->message);
    if (err->field[0])
        sk_pack_kstr (p, "field", err->field);
    if (err->ndetails > 0) {
        sk_pack_str (p, "detail");
        sk_pack_map (p, (uint32_t)err->ndetails);
        for (int i = 0; i < err->ndetails; i++)
            sk_pack_kint (p, err->details[i].key, err->details[i].value);
    }
}

//  --------------------------------------------------------------------------
//  Selftest: the codec's contract, and the attacks the design names

static int
s_check_bytes (const char *bytes, size_t len, const char *want)
{
    sk_error_t err = { 0 };
    int rc = sk_msgpack_check ((const uint8_t *)bytes, len, &err);
    if (want == NULL) {
        CHECK_INT_EQ (rc, 0);
        return rc;
    }
    CHECK_INT_EQ (rc, -1);
    CHECK_STR_CONTAINS (err.message, want);
    return rc;
}

//  The length of the msgpack string at *p, moving *p to its bytes; -1 if
//  *p is not a string or it runs past end.
static int64_t
s_peek_str (const uint8_t **p, const uint8_t *end)
{
    if (*p >= end)
        return -1;
    uint8_t b = *(*p)++;
    size_t len = 0, extra = 0;
    if ((b & 0xe0) == 0xa0)
        len = b & 0x1f;
    else if (b >= 0xd9 && b <= 0xdb)
        extra = (size_t)1 << (b - 0xd9); //  str 8, 16, 32
    else
        return -1;
    if ((size_t)(end - *p) < extra)
        return -1;
    while (extra--)
        len = len << 8 | *(*p)++;
    if ((size_t)(end - *p) < len)
        return -1;
    return (int64_t)len;
}

//  Move *p past the scalar (nil, bool, integer, string) at *p; -1 if it is
//  none of those or runs past end.
static int
s_peek_skip (const uint8_t **p, const uint8_t *end)
{
    if (*p >= end)
        return -1;
    uint8_t b = **p;
    size_t skip;
    if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3)
        skip = 1; //  fixint, nil, bool
    else if (b >= 0xcc && b <= 0xcf)
        skip = 1 + ((size_t)1 << (b - 0xcc)); //  uint 8 .. 64
    else if (b >= 0xd0 && b <= 0xd3)
        skip = 1 + ((size_t)1 << (b - 0xd0)); //  int 8 .. 64
    else {
        int64_t len = s_peek_str (p, end);
        if (len < 0)
            return -1;
        *p += len;
        return 0;
    }
    if ((size_t)(end - *p) < skip)
        return -1;
    *p += skip;
    return 0;
}

bool
sk_request_peek_op (const uint8_t *data, size_t size, char *op, size_t opsize)
{
    const uint8_t *p = data, *end = data + size;
    if (size == 0)
        return false;
    size_t entries;
    uint8_t b = *p++;
    if ((b & 0xf0) == 0x80)
        entries = b & 0x0f;
    else if (b == 0xde && end - p >= 2) {
        entries = (size_t)p[0] << 8 | p[1];
        p += 2;
    } else
        return false; //  a map 32 is no envelope a client sends
    while (entries--) {
        int64_t len = s_peek_str (&p, end);
        if (len < 0)
            return false;
        bool is_op = len == 2 && memcmp (p, "op", 2) == 0;
        p += len;
        if (is_op) {
            len = s_peek_str (&p, end);
            if (len < 0 || (size_t)len >= opsize)
                return false;
            memcpy (op, p, (size_t)len);
            op[len] = 0;
            return true;
        }
        if (s_peek_skip (&p, end))
            return false;
    }
    return false;
}

//  sk_request_peek_op on msg, a packed request for "registry.association.create"
static void
s_test_peek (const sk_pack_t *msg)
{
    //  The op is found ahead of the body, and in no truncation of it
    char op[SK_MAX_OP + 1];
    CHECK (sk_request_peek_op ((uint8_t *)msg->buf.data, msg->buf.size, op, sizeof op));
    CHECK_STR_EQ (op, "registry.association.create");
    CHECK (!sk_request_peek_op ((uint8_t *)msg->buf.data, msg->buf.size, op, 27));
    size_t found = 0;
    for (size_t n = 0; n < msg->buf.size; n++)
        found += sk_request_peek_op ((uint8_t *)msg->buf.data, n, op, sizeof op);
    //  Found from the end of its string onwards, never past the bytes given
    CHECK_INT_EQ (found,
                  msg->buf.size - (strstr (msg->buf.data + 1, "create") - msg->buf.data + 6));
    //  Wide integers and long strings are skipped; a map before the op ends
    //  the look; a key that is no string, or a map 32, is not looked into
#define S_PEEK(bytes) sk_request_peek_op ((const uint8_t *)bytes, sizeof bytes - 1, op, sizeof op)
    CHECK (S_PEEK ("\x83\xa1v\xcf\0\0\0\0\0\0\0\1\xa1x\xd9\x03"
                   "abc\xa2op\xa1p"));
    CHECK_STR_EQ (op, "p");
    CHECK (!S_PEEK ("\x82\xa4"
                    "body\x80\xa2op\xa1p"));
    CHECK (!S_PEEK ("\x81\x01\xa1p"));
    CHECK (!S_PEEK ("\xdf\0\0\0\1\xa2op\xa1p"));
#undef S_PEEK
}

//  Hostile bytes are refused before anything is reserved
static void
s_test_hostile (void)
{
    //  A 5-byte map header declaring 2^28 entries reserves nothing
    s_check_bytes ("\xdf\x10\x00\x00\x00", 5, "declares 268435456 entries");
    s_check_bytes ("\xdd\xff\xff\xff\xff", 5, "declares");
    //  Depth 40
    char deep[41];
    memset (deep, 0x91, 40);
    deep[40] = (char)0xC0;
    s_check_bytes (deep, sizeof deep, "nesting exceeds");
    //  Invalid UTF-8, overlong encodings and surrogates
    s_check_bytes ("\xa2\xc3\x28", 3, "not valid UTF-8");
    s_check_bytes ("\xa2\xc0\xaf", 3, "not valid UTF-8");
    s_check_bytes ("\xa3\xed\xa0\x80", 4, "not valid UTF-8");
    s_check_bytes ("\xa2\xc3\xa6", 3, NULL); //  "æ"
    //  Non-string keys, ext types, the never-used byte
    s_check_bytes ("\x81\x01\x02", 3, "map key");
    s_check_bytes ("\xd4\x01\x02", 3, "unsupported");
    s_check_bytes ("\xc1", 1, "unsupported");
    s_check_bytes ("", 0, "truncated");
}

static void
s_test_element (void)
{
    //  The element of a one-element array, as a packer of rows makes it
    sk_pack_t one, element;
    sk_pack_init (&one);
    sk_pack_init (&element);
    sk_pack_array (&one, 1);
    sk_pack_map (&one, 1);
    sk_pack_kstr (&one, "k", "v");
    sk_pack_element (&element, &one);
    CHECK_INT_EQ (element.buf.size, one.buf.size - 1);
    CHECK_INT_EQ (memcmp (element.buf.data, one.buf.data + 1, element.buf.size), 0);
    sk_pack_reset (&one);
    sk_pack_reset (&element);
    sk_pack_array (&one, 0);
    sk_pack_element (&element, &one);
    CHECK_INT_EQ (element.buf.size, 0);
    sk_pack_release (&one);
    sk_pack_release (&element);
}

//  An error's detail: on the wire as a map, gone with the next error
static void
s_test_detail (void)
{
    sk_error_t err = { 0 };
    sk_error_set (&err, "invalid_argument", "projects", "over");
    sk_error_detail (&err, "budget", 300);
    CHECK_INT_EQ (sk_error_detail (&err, "total", -350), -1);
    int64_t v = 0;
    CHECK (sk_error_detail_get (&err, "total", &v));
    CHECK_INT_EQ (v, -350);
    CHECK (!sk_error_detail_get (&err, "pool", &v));
    sk_pack_t msg;
    sk_pack_init (&msg);
    sk_pack_reply_error (&msg, "r-3", &err);
    sk_frame_t frame;
    CHECK_INT_EQ (sk_frame_decode (&frame, (uint8_t *)msg.buf.data, msg.buf.size, &err), 0);
    const msgpack_object *e = sk_obj_get (&frame.root, "error");
    CHECK_INT_EQ (e ? e->via.map.size : 0, 4);
    const msgpack_object *d = sk_obj_get (e, "detail");
    CHECK (sk_obj_int (sk_obj_get (d, "budget"), &v));
    CHECK_INT_EQ (v, 300);
    CHECK_INT_EQ (d ? d->via.map.size : 0, 2);
    sk_frame_release (&frame);
    sk_error_set (&err, "conflict", NULL, "another");
    CHECK (!sk_error_detail_get (&err, "budget", &v));
    sk_pack_reset (&msg);
    sk_pack_reply_error (&msg, "r-4", &err);
    CHECK_INT_EQ (sk_frame_decode (&frame, (uint8_t *)msg.buf.data, msg.buf.size, &err), 0);
    CHECK (!sk_obj_get (sk_obj_get (&frame.root, "error"), "detail"));
    sk_frame_release (&frame);
    sk_pack_release (&msg);
}

void
sk_msg_test (bool verbose)
{
    (void)verbose;
    SK_CASE_BEGIN ();
    //  A request round trip
    sk_pack_t body, msg;
    sk_pack_init (&body);
    sk_pack_init (&msg);
    sk_pack_map (&body, 2);
    sk_pack_kstr (&body, "name", "Kvarterhuset Oasen");
    sk_pack_kint (&body, "members", 120);
    sk_pack_request (&msg, "r-1", "registry.association.create", "0730", body.buf.data,
                     body.buf.size);
    sk_frame_t frame;
    sk_error_t err = { 0 };
    CHECK_INT_EQ (sk_frame_decode (&frame, (uint8_t *)msg.buf.data, msg.buf.size, &err), 0);
    sk_request_t req;
    CHECK_INT_EQ (sk_request_parse (&frame, &req, &err), 0);
    CHECK_STR_EQ (req.id, "r-1");
    CHECK_STR_EQ (req.op, "registry.association.create");
    CHECK_STR_EQ (req.tenant, "0730");
    char name[64] = "";
    sk_obj_str_copy (sk_obj_get (req.body, "name"), name, sizeof name);
    CHECK_STR_EQ (name, "Kvarterhuset Oasen");
    int64_t members = 0;
    CHECK (sk_obj_int (sk_obj_get (req.body, "members"), &members));
    CHECK_INT_EQ (members, 120);
    sk_frame_release (&frame);

    //  A copying decode outlives its bytes (a client frees the frame)
    uint8_t *bytes = (uint8_t *)sk_malloc (msg.buf.size);
    memcpy (bytes, msg.buf.data, msg.buf.size);
    CHECK_INT_EQ (sk_frame_decode_copy (&frame, bytes, msg.buf.size, &err), 0);
    memset (bytes, 0xC1, msg.buf.size);
    free (bytes);
    CHECK_INT_EQ (sk_request_parse (&frame, &req, &err), 0);
    name[0] = 0;
    sk_obj_str_copy (sk_obj_get (req.body, "name"), name, sizeof name);
    CHECK_STR_EQ (name, "Kvarterhuset Oasen");
    sk_frame_release (&frame);

    s_test_peek (&msg);

    //  Trailing bytes are refused, truncation is refused
    sk_pack_raw (&msg, "\xc0", 1);
    s_check_bytes (msg.buf.data, msg.buf.size, "trailing");
    s_check_bytes (msg.buf.data, msg.buf.size - 5, "truncated");
    s_test_hostile ();

    //  Envelope errors name the field
    sk_pack_reset (&msg);
    sk_pack_request (&msg, "r-2", "x.y.z", "730", NULL, 0);
    CHECK_INT_EQ (sk_frame_decode (&frame, (uint8_t *)msg.buf.data, msg.buf.size, &err), 0);
    CHECK_INT_EQ (sk_request_parse (&frame, &req, &err), -1);
    CHECK_STR_EQ (err.field, "tenant");
    CHECK_STR_EQ (req.id, "r-2");
    sk_frame_release (&frame);

    //  Negative and large integers
    msgpack_object o;
    o.type = MSGPACK_OBJECT_POSITIVE_INTEGER;
    o.via.u64 = UINT64_MAX;
    int64_t v;
    CHECK (!sk_obj_int (&o, &v));

    s_test_element ();
    s_test_detail ();

    sk_pack_release (&body);
    sk_pack_release (&msg);
    SK_CASE_END ("sk_msg");
}
