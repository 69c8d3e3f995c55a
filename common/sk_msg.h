/*  sk_msg.h: the wire codec (proto/PROTOCOL.md, "Envelope").

    Untrusted bytes are checked here before msgpack-c sees them: the whole
    frame is walked once with every length and declared count checked
    against the bytes left, depth and element counts bounded, every string
    valid UTF-8, and the frame consumed exactly. Only then is it unpacked.
    Every error names the field at fault in the sk_error_t it fills.
*/
#ifndef SK_MSG_H_INCLUDED
#define SK_MSG_H_INCLUDED

#include <msgpack.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SK_WIRE_VERSION 1
#define SK_MAX_FRAME    (1024 * 1024) //  also set as ZMQ_MAXMSGSIZE
#define SK_MAX_DEPTH    16
#define SK_MAX_ELEMENTS 65536 //  objects in one frame, all levels
#define SK_MAX_ID       64    //  request id bytes
#define SK_MAX_OP       64

//  A failure as the wire carries it: code, human message, field at fault,
//  and the numbers a client may need to explain it in its own words
//  (PROTOCOL.md section 3, "detail"): a client reads those, never the
//  message.
#define SK_ERROR_DETAILS 4 //  named numbers in one error's detail
typedef struct {
    char key[16];
    int64_t value;
} sk_error_detail_t;
typedef struct {
    char code[24];     //  "invalid_argument", "not_found", ...; "" when none
    char field[96];    //  dotted path of the offending field, "" if none
    char message[256]; //  PostgreSQL-style, lower-case, no period
    int ndetails;      //  0: the reply carries no detail
    sk_error_detail_t details[SK_ERROR_DETAILS];
} sk_error_t;

//  Fill err (with no detail) and return -1, so callers can
//  "return sk_error_set (...)".
int sk_error_set (sk_error_t *err, const char *code, const char *field, const char *format, ...)
    __attribute__ ((format (printf, 4, 5)));
//  Add key (under 16 bytes) = value to the detail of err, set before; a
//  key past SK_ERROR_DETAILS is dropped (said in the log). Returns -1.
int sk_error_detail (sk_error_t *err, const char *key, int64_t value);
//  The value of key in the detail of err into *value; false if none.
bool sk_error_detail_get (const sk_error_t *err, const char *key, int64_t *value);

//  Walk an untrusted frame; 0 if it is one well-formed msgpack object within
//  the limits above that uses every byte, else -1 with err (invalid_argument).
int sk_msgpack_check (const uint8_t *data, size_t size, sk_error_t *err);

//  A decoded frame; objects point into it and die with it.
typedef struct {
    msgpack_unpacked unpacked; //  owns the zone
    msgpack_object root;       //  the top-level object
} sk_frame_t;

//  Check and unpack; 0, or -1 with err. Call sk_frame_release even on -1.
int sk_frame_decode (sk_frame_t *frame, const uint8_t *data, size_t size, sk_error_t *err);
//  The same on a copy of data, for bytes that go away before the frame
//  does (a reply whose zframe is destroyed). Release with sk_frame_release.
int sk_frame_decode_copy (sk_frame_t *frame, const uint8_t *data, size_t size, sk_error_t *err);
void sk_frame_release (sk_frame_t *frame);

//  Look up a string key in a map object; NULL if absent or not a map.
const msgpack_object *sk_obj_get (const msgpack_object *map, const char *key);
//  True if obj is a string equal to s.
bool sk_obj_str_eq (const msgpack_object *obj, const char *s);
//  Copy a string object into buf (NUL-terminated); -1 if not a string or
//  longer than size - 1.
int sk_obj_str_copy (const msgpack_object *obj, char *buf, size_t size);
//  True if obj is an integer that fits int64; stores it.
bool sk_obj_int (const msgpack_object *obj, int64_t *value);

//  The request envelope, validated. Strings are copied, the body is not.
typedef struct {
    char id[SK_MAX_ID + 1];     //  client-chosen request id, idempotency key
    char op[SK_MAX_OP + 1];     //  "service.noun.verb"
    char tenant[8];             //  kommunekode, or "*" for all (read-only)
    const msgpack_object *body; //  map, points into the frame
} sk_request_t;

//  Validate the envelope of a decoded request frame; 0 or -1 with err naming
//  the field. On -1, req->id is filled if it was readable (for the reply).
int sk_request_parse (const sk_frame_t *frame, sk_request_t *req, sk_error_t *err);
//  The op of an encoded request, found among the envelope's scalar fields
//  before any other map or array, without decoding the rest: true with op
//  copied (NUL-terminated) if found and shorter than size. A look for
//  routing only: the request is still decoded and validated in full before
//  it is served.
bool sk_request_peek_op (const uint8_t *data, size_t size, char *op, size_t opsize);

//  A growing msgpack buffer with a packer, for replies, requests, events.
typedef struct {
    msgpack_sbuffer buf;
    msgpack_packer pk;
} sk_pack_t;

void sk_pack_init (sk_pack_t *p);
void sk_pack_release (sk_pack_t *p);
void sk_pack_reset (sk_pack_t *p);
void sk_pack_map (sk_pack_t *p, uint32_t n);
void sk_pack_array (sk_pack_t *p, uint32_t n);
void sk_pack_str (sk_pack_t *p, const char *s); //  NULL packs nil
void sk_pack_strn (sk_pack_t *p, const char *s, size_t len);
void sk_pack_int (sk_pack_t *p, int64_t v);
void sk_pack_bool (sk_pack_t *p, bool v);
void sk_pack_double (sk_pack_t *p, double v); //  a float 64
void sk_pack_nil (sk_pack_t *p);
void sk_pack_bin (sk_pack_t *p, const void *data, size_t len);
//  Append already-packed msgpack bytes (one object).
void sk_pack_raw (sk_pack_t *p, const void *data, size_t len);
//  Append the element of array, a packed array of one element (what a
//  packer of rows made for a single row); nothing if it is empty.
void sk_pack_element (sk_pack_t *p, const sk_pack_t *array);
//  Convenience: a key then a value.
void sk_pack_kstr (sk_pack_t *p, const char *key, const char *value);
void sk_pack_kint (sk_pack_t *p, const char *key, int64_t value);
void sk_pack_kbool (sk_pack_t *p, const char *key, bool value);

//  Envelope builders. The body is already-packed bytes (a map) or NULL.
void sk_pack_request (sk_pack_t *p, const char *id, const char *op, const char *tenant,
                      const void *body, size_t body_len);
void sk_pack_reply_ok (sk_pack_t *p, const char *id, const void *body, size_t body_len);
void sk_pack_reply_error (sk_pack_t *p, const char *id, const sk_error_t *err);

void sk_msg_test (bool verbose);

#endif
