/*  registry_test: every registry op against the running stack, with CURVE,
    real PostgreSQL, and the attacks and failures the design names.
*/
#include <pthread.h>

#include "itest.h"
#include "sk_db.h"

static sk_client_t *staff, *other, *auditor, *admin;

//  {"name": name} plus optional extra packed pairs
static void
s_named (sk_pack_t *p, const char *name, int extra)
{
    sk_pack_map (p, (uint32_t)(1 + extra));
    sk_pack_kstr (p, "name", name);
}

//  Create an association in 0730 and return its id, or -1.
static int64_t
s_create (const char *name, const char *has, const char *serves)
{
    sk_pack_t b;
    sk_pack_init (&b);
    s_named (&b, name, (has != NULL) + (serves != NULL));
    if (has) {
        sk_pack_str (&b, "has");
        sk_pack_array (&b, 1);
        sk_pack_str (&b, has);
    }
    if (serves) {
        sk_pack_str (&b, "serves");
        sk_pack_array (&b, 1);
        sk_pack_str (&b, serves);
    }
    sk_frame_t r;
    const char *code = itest_call (staff, "registry.association.create", "0730", &b, NULL, &r);
    int64_t id = streq (code, "ok") ? itest_int (itest_body (&r), "id") : -1;
    if (id < 0)
        printf ("#   create %s: %s\n", name, code);
    sk_frame_release (&r);
    sk_pack_release (&b);
    return id;
}

static const char *
s_get (sk_client_t *c, const char *noun, const char *tenant, int64_t id, sk_frame_t *r)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "id", id);
    char op[64];
    snprintf (op, sizeof op, "registry.%s.get", noun);
    const char *code = itest_call (c, op, tenant, &b, NULL, r);
    sk_pack_release (&b);
    return code;
}

static void
test_crud (void)
{
    SK_CASE_BEGIN ();
    int64_t id = s_create ("Ældresagen Randers", "volunteer-recruitment", "elderly");
    CHECK_INT_GT (id, 0);
    sk_frame_t r;
    CHECK_STR_EQ (s_get (staff, "association", "0730", id, &r), "ok");
    const msgpack_object *body = itest_body (&r);
    CHECK_STR_EQ (itest_s (body, "name"), "Ældresagen Randers");
    CHECK_INT_EQ (itest_int (body, "version"), 1);
    const msgpack_object *has = sk_obj_get (body, "has");
    CHECK_INT_EQ (itest_size (has), 1);
    if (has && has->via.array.size == 1)
        CHECK_STR_EQ (itest_s (&has->via.array.ptr[0], "term"), "volunteer-recruitment");
    sk_frame_release (&r);
    //  A company as another kind is not found under this id
    CHECK_STR_EQ (s_get (staff, "company", "0730", id, &r), "not_found");
    sk_frame_release (&r);

    //  Update with the right version, then with a stale one
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 4);
    sk_pack_kint (&b, "id", id);
    sk_pack_kint (&b, "version", 1);
    sk_pack_kint (&b, "members", 340);
    sk_pack_str (&b, "needs");
    sk_pack_array (&b, 1);
    sk_pack_map (&b, 2);
    sk_pack_kstr (&b, "term", "mentoring");
    sk_pack_kint (&b, "level", 3);
    CHECK_STR_EQ (itest_call (staff, "registry.association.update", "0730", &b, NULL, &r), "ok");
    CHECK_INT_EQ (itest_int (itest_body (&r), "version"), 2);
    CHECK_INT_EQ (itest_int (itest_body (&r), "members"), 340);
    sk_frame_release (&r);
    CHECK_STR_EQ (itest_call (staff, "registry.association.update", "0730", &b, NULL, &r),
                  "conflict");
    CHECK_STR_EQ (itest_field (&r), "version");
    sk_frame_release (&r);
    sk_pack_release (&b);

    //  Filters: needs mentoring finds it; has accounting does not
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kstr (&b, "needs", "mentoring");
    CHECK_STR_EQ (itest_call (staff, "registry.association.list", "0730", &b, NULL, &r), "ok");
    const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
    bool found = false;
    for (uint32_t i = 0; items && i < items->via.array.size; i++)
        found |= itest_int (&items->via.array.ptr[i], "id") == id;
    CHECK (found);
    sk_frame_release (&r);
    sk_pack_release (&b);
    sk_pack_init (&b);
    sk_pack_map (&b, 2);
    sk_pack_kstr (&b, "needs", "mentoring");
    sk_pack_kstr (&b, "has", "accounting");
    CHECK_STR_EQ (itest_call (staff, "registry.association.list", "0730", &b, NULL, &r), "ok");
    items = sk_obj_get (itest_body (&r), "items");
    for (uint32_t i = 0; items && i < items->via.array.size; i++)
        CHECK_INT_NE (itest_int (&items->via.array.ptr[i], "id"), id);
    sk_frame_release (&r);
    sk_pack_release (&b);

    //  Archive: gone from lists, refused for update, still readable
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "id", id);
    CHECK_STR_EQ (itest_call (staff, "registry.association.archive", "0730", &b, NULL, &r), "ok");
    const msgpack_object *archived = sk_obj_get (itest_body (&r), "archived");
    CHECK (archived && archived->type == MSGPACK_OBJECT_BOOLEAN && archived->via.boolean);
    sk_frame_release (&r);
    CHECK_STR_EQ (itest_call (staff, "registry.association.archive", "0730", &b, NULL, &r),
                  "conflict");
    sk_frame_release (&r);
    sk_pack_release (&b);
    SK_CASE_END ("registry crud: create, get, update, stale update, filters, archive");
}

//  Validation: every refusal names the field.
static void
test_validation (void)
{
    SK_CASE_BEGIN ();
    struct {
        const char *op, *key, *value, *field, *code;
    } cases[] = {
        { "registry.company.create", "cvr", "12345678", "cvr", "invalid_argument" },
        { "registry.institution.create", "institution_type", "castle", "institution_type",
          "invalid_argument" },
        { "registry.association.create", "email", "not-an-address", "email", "invalid_argument" },
        { "registry.association.create", "nickname", "x", "nickname", "invalid_argument" },
        { "registry.association.create", "cvr", "10150817", "cvr", "invalid_argument" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sk_pack_t b;
        sk_pack_init (&b);
        s_named (&b, "Testforening", 1);
        sk_pack_kstr (&b, cases[i].key, cases[i].value);
        sk_frame_t r;
        CHECK_STR_EQ (itest_call (staff, cases[i].op, "0730", &b, NULL, &r), cases[i].code);
        CHECK_STR_EQ (itest_field (&r), cases[i].field);
        sk_frame_release (&r);
        sk_pack_release (&b);
    }
    //  Wrong type, unknown term (named by position), volunteer without consent
    sk_pack_t b;
    sk_pack_init (&b);
    s_named (&b, "Typefejl", 1);
    sk_pack_kstr (&b, "members", "many");
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (staff, "registry.association.create", "0730", &b, NULL, &r),
                  "invalid_argument");
    CHECK_STR_EQ (itest_field (&r), "members");
    sk_frame_release (&r);
    sk_pack_release (&b);
    sk_pack_init (&b);
    s_named (&b, "Ukendt", 1);
    sk_pack_str (&b, "has");
    sk_pack_array (&b, 2);
    sk_pack_str (&b, "accounting");
    sk_pack_str (&b, "juggling");
    CHECK_STR_EQ (itest_call (staff, "registry.association.create", "0730", &b, NULL, &r),
                  "invalid_argument");
    CHECK_STR_EQ (itest_field (&r), "has[1].term");
    sk_frame_release (&r);
    sk_pack_release (&b);
    sk_pack_init (&b);
    s_named (&b, "Ida", 1);
    sk_pack_kbool (&b, "consent", false);
    CHECK_STR_EQ (itest_call (staff, "registry.volunteer.create", "0730", &b, NULL, &r),
                  "invalid_argument");
    CHECK_STR_EQ (itest_field (&r), "consent");
    sk_frame_release (&r);
    sk_pack_release (&b);
    //  Duplicate CVR in one municipality: conflict
    for (int k = 0; k < 2; k++) {
        sk_pack_init (&b);
        s_named (&b, k ? "Kopi A/S" : "Original A/S", 1);
        sk_pack_kstr (&b, "cvr", "25313763");
        CHECK_STR_EQ (itest_call (staff, "registry.company.create", "0730", &b, NULL, &r),
                      k ? "conflict" : "ok");
        if (k)
            CHECK_STR_EQ (itest_field (&r), "cvr");
        sk_frame_release (&r);
        sk_pack_release (&b);
    }
    //  A CVR number written as people write it is the same number (as in
    //  CSV import): stored as its 8 digits, so the plain form conflicts
    const char *forms[] = { "DK-43 21 98 71", "43219871", "dk 4321-9871" };
    for (int k = 0; k < 3; k++) {
        sk_pack_init (&b);
        s_named (&b, k ? "Samme CVR ApS" : "Skrevet CVR ApS", 1);
        sk_pack_kstr (&b, "cvr", forms[k]);
        CHECK_STR_EQ (itest_call (staff, "registry.company.create", "0730", &b, NULL, &r),
                      k ? "conflict" : "ok");
        if (!k)
            CHECK_STR_EQ (itest_s (itest_body (&r), "cvr"), "43219871");
        sk_frame_release (&r);
        sk_pack_release (&b);
    }
    SK_CASE_END ("registry validation names the field at fault");
}

static void
test_catalog (void)
{
    SK_CASE_BEGIN ();
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (staff, "registry.municipality.list", "0730", NULL, NULL, &r), "ok");
    const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
    CHECK_INT_EQ (items ? items->via.array.size : 0, 98);
    sk_frame_release (&r);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kstr (&b, "taxonomy", "competence");
    CHECK_STR_EQ (itest_call (auditor, "registry.term.list", "0730", &b, NULL, &r), "ok");
    items = sk_obj_get (itest_body (&r), "items");
    CHECK_INT_GE (itest_size (items), 10);
    sk_frame_release (&r);
    sk_pack_release (&b);
    //  Terms are the admin's: staff is refused, admin adds under a parent
    sk_pack_init (&b);
    sk_pack_map (&b, 5);
    sk_pack_kstr (&b, "taxonomy", "competence");
    sk_pack_kstr (&b, "code", "bookkeeping-software");
    sk_pack_kstr (&b, "parent", "accounting");
    sk_pack_kstr (&b, "label_da", "Regnskabsprogrammer");
    sk_pack_kstr (&b, "label_en", "Bookkeeping software");
    CHECK_STR_EQ (itest_call (staff, "registry.term.create", "0730", &b, NULL, &r), "forbidden");
    sk_frame_release (&r);
    CHECK_STR_EQ (itest_call (admin, "registry.term.create", "0730", &b, NULL, &r), "ok");
    CHECK_STR_EQ (itest_s (itest_body (&r), "parent"), "accounting");
    sk_frame_release (&r);
    CHECK_STR_EQ (itest_call (admin, "registry.term.create", "0730", &b, NULL, &r), "conflict");
    sk_frame_release (&r);
    sk_pack_release (&b);
    //  Areas belong to their municipality
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kstr (&b, "name", "Vestervold");
    CHECK_STR_EQ (itest_call (staff, "registry.area.create", "0730", &b, NULL, &r), "ok");
    sk_frame_release (&r);
    CHECK_STR_EQ (itest_call (staff, "registry.area.create", "0730", &b, NULL, &r), "conflict");
    sk_frame_release (&r);
    sk_pack_release (&b);
    CHECK_STR_EQ (itest_call (other, "registry.area.list", "0461", NULL, NULL, &r), "ok");
    items = sk_obj_get (itest_body (&r), "items");
    for (uint32_t i = 0; items && i < items->via.array.size; i++)
        CHECK_STR_NE (itest_s (&items->via.array.ptr[i], "name"), "Vestervold");
    sk_frame_release (&r);
    SK_CASE_END ("registry municipalities, terms, areas");
}

//  Every op, from the service's own table: refused for another
//  municipality's certificate, and every write refused for an auditor.
static void
test_tenant_wall (void)
{
    SK_CASE_BEGIN ();
    int64_t id = s_create ("Kvarterhuset Oasen", NULL, "children");
    sk_frame_t ping;
    CHECK_STR_EQ (itest_call (staff, "registry.service.ping", "0730", NULL, NULL, &ping), "ok");
    const msgpack_object *ops = sk_obj_get (itest_body (&ping), "ops");
    CHECK_INT_GE (itest_size (ops), 20);
    int refused = 0;
    for (uint32_t i = 0; ops && i < ops->via.array.size; i++) {
        char op[80];
        sk_obj_str_copy (&ops->via.array.ptr[i], op, sizeof op);
        sk_pack_t b;
        sk_pack_init (&b);
        sk_pack_map (&b, 2);
        sk_pack_kint (&b, "id", id);
        sk_pack_kstr (&b, "name", "Overtaget");
        sk_frame_t r;
        const char *code = itest_call (other, op, "0730", &b, NULL, &r);
        if (!streq (code, "forbidden"))
            printf ("#   %s by 0461 for 0730: %s\n", op, code);
        refused += streq (code, "forbidden");
        sk_frame_release (&r);
        bool write = strstr (op, ".create") || strstr (op, ".update") || strstr (op, ".archive");
        if (write) {
            code = itest_call (auditor, op, "0730", &b, NULL, &r);
            CHECK_STR_EQ (code, "forbidden");
            sk_frame_release (&r);
        }
        sk_pack_release (&b);
    }
    CHECK_INT_EQ (refused, ops ? ops->via.array.size : 1);
    sk_frame_release (&ping);
    //  The second wall: 0461 asking as 0461 does not see 0730's row
    sk_frame_t r;
    CHECK_STR_EQ (s_get (other, "association", "0461", id, &r), "not_found");
    sk_frame_release (&r);
    //  Cross-municipality reads with "*" only for all-municipality certs
    CHECK_STR_EQ (s_get (staff, "association", "*", id, &r), "forbidden");
    sk_frame_release (&r);
    CHECK_STR_EQ (s_get (admin, "association", "*", id, &r), "ok");
    sk_frame_release (&r);
    SK_CASE_END ("registry refuses every op for another municipality and writes for auditors");
}

static void
test_unknown_key (void)
{
    SK_CASE_BEGIN ();
    //  A certificate the service never saw: refused at the handshake
    char dir[] = "/tmp/samskab-stranger-XXXXXX";
    CHECK_NOT_NULL (mkdtemp (dir));
    char cmd[512];
    snprintf (cmd, sizeof cmd, "%s/samskab-keygen %s stranger --role admin --municipality all",
              itest_bin (), dir);
    CHECK_INT_EQ (system (cmd), 0);
    char cert[600], server[600];
    snprintf (cert, sizeof cert, "%s/stranger.cert_secret", dir);
    snprintf (server, sizeof server, "%s/keys/registry.cert", getenv ("SAMSKAB_VAR"));
    sk_config_t *config = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    sk_client_t *stranger =
        sk_client_new ("registry", sk_config_get (config, "registry/endpoint", ""), cert, server);
    sk_config_destroy (&config);
    sk_client_set_timeout (stranger, 500, 1);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (stranger, "registry.service.ping", "0730", NULL, NULL, &r),
                  "transport");
    sk_frame_release (&r);
    sk_client_destroy (&stranger);
    snprintf (cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_INT_EQ (system (cmd), 0);
    SK_CASE_END ("registry refuses an unknown key at the handshake");
}

//  Send raw bytes; expect an invalid_argument reply (or, with want NULL,
//  no reply at all); then the service must still answer.
static void
s_malformed (zsock_t *sock, const void *data, size_t size, const char *want)
{
    zmq_send (zsock_resolve (sock), data, size, 0);
    zsock_set_rcvtimeo (sock, 2000);
    zframe_t *frame = zframe_recv (sock);
    if (want) {
        CHECK_NOT_NULL (frame);
        if (frame) {
            sk_frame_t reply;
            sk_error_t err;
            CHECK_INT_EQ (sk_frame_decode (&reply, zframe_data (frame), zframe_size (frame), &err),
                          0);
            CHECK_NOT_NULL (memmem (zframe_data (frame), zframe_size (frame), want, strlen (want)));
            sk_frame_release (&reply);
        }
    }
    zframe_destroy (&frame);
}

static void
test_malformed (void)
{
    SK_CASE_BEGIN ();
    zsock_t *sock = itest_raw ("registry", "staff-0730");
    CHECK_NOT_NULL (sock);
    sk_pack_t good;
    sk_pack_init (&good);
    sk_pack_request (&good, "m-1", "registry.service.ping", "0730", NULL, 0);
    s_malformed (sock, good.buf.data, good.buf.size - 3, "truncated");
    sk_pack_raw (&good, "\xc0\xc0", 2);
    s_malformed (sock, good.buf.data, good.buf.size, "trailing");
    s_malformed (sock, "\xdf\x10\x00\x00\x00", 5, "declares 268435456 entries");
    char deep[41];
    memset (deep, 0x91, 40);
    deep[40] = (char)0xc0;
    s_malformed (sock, deep, sizeof deep, "nesting");
    s_malformed (sock, "\x81\xa2id\xa2\xc3\x28", 7, "UTF-8");
    //  Wrong types in the envelope
    sk_pack_t bad;
    sk_pack_init (&bad);
    sk_pack_map (&bad, 4);
    sk_pack_kint (&bad, "v", 1);
    sk_pack_kstr (&bad, "id", "m-2");
    sk_pack_kint (&bad, "op", 7);
    sk_pack_kstr (&bad, "tenant", "0730");
    s_malformed (sock, bad.buf.data, bad.buf.size, "op must be a string");
    sk_pack_reset (&bad);
    sk_pack_request (&bad, "m-3", "registry.association.get", "0730", "\x81\xa2id\xa3one", 8);
    s_malformed (sock, bad.buf.data, bad.buf.size, "must be an integer");
    sk_pack_release (&bad);
    //  A multi-frame request
    zstr_sendm (sock, "first");
    zstr_send (sock, "second");
    zframe_t *f = zframe_recv (sock);
    CHECK (f && memmem (zframe_data (f), zframe_size (f), "single frame", 12));
    zframe_destroy (&f);
    //  An oversize frame: the connection is dropped, nothing is answered
    size_t big = 2 * 1024 * 1024;
    char *huge = calloc (1, big);
    s_malformed (sock, huge, big, NULL);
    free (huge);
    zsock_destroy (&sock);
    //  And the service keeps serving
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (staff, "registry.service.ping", "0730", NULL, NULL, &r), "ok");
    sk_frame_release (&r);
    sk_pack_release (&good);
    SK_CASE_END ("registry answers malformed input with clear errors and keeps serving");
}

static int64_t
s_last_seq (void)
{
    return itest_last_seq (admin, "registry.event.list");
}

static void
test_idempotent (void)
{
    SK_CASE_BEGIN ();
    int64_t before = s_last_seq ();
    sk_pack_t b;
    sk_pack_init (&b);
    s_named (&b, "Gentaget Forening", 0);
    sk_frame_t r1, r2;
    CHECK_STR_EQ (itest_call (staff, "registry.association.create", "0730", &b, "retry-1", &r1),
                  "ok");
    CHECK_STR_EQ (itest_call (staff, "registry.association.create", "0730", &b, "retry-1", &r2),
                  "ok");
    CHECK_INT_EQ (itest_int (itest_body (&r1), "id"), itest_int (itest_body (&r2), "id"));
    CHECK_INT_EQ (s_last_seq (), before + 1);
    //  The same id from another client is another request
    sk_frame_t r3;
    CHECK_STR_EQ (itest_call (admin, "registry.association.create", "0730", &b, "retry-1", &r3),
                  "ok");
    CHECK_INT_NE (itest_int (itest_body (&r3), "id"), itest_int (itest_body (&r1), "id"));
    sk_frame_release (&r1);
    sk_frame_release (&r2);
    sk_frame_release (&r3);
    sk_pack_release (&b);
    SK_CASE_END ("registry: a retried mutating request changes nothing twice");
}

static void
test_concurrent_update (void)
{
    SK_CASE_BEGIN ();
    int wins = 0, conflicts = 0;
    for (int round = 0; round < 10; round++) {
        int64_t id = s_create ("Kapløb", NULL, NULL);
        zsock_t *a = itest_raw ("registry", "staff-0730");
        zsock_t *c = itest_raw ("registry", "admin");
        zsock_t *socks[2] = { a, c };
        //  Make sure both connections are up before racing
        for (int k = 0; k < 2; k++) {
            sk_pack_t p;
            sk_pack_init (&p);
            sk_pack_request (&p, "warm", "registry.service.ping", "0730", NULL, 0);
            zmq_send (zsock_resolve (socks[k]), p.buf.data, p.buf.size, 0);
            zframe_t *f = zframe_recv (socks[k]);
            zframe_destroy (&f);
            sk_pack_release (&p);
        }
        for (int k = 0; k < 2; k++) {
            sk_pack_t body, p;
            sk_pack_init (&body);
            sk_pack_init (&p);
            sk_pack_map (&body, 3);
            sk_pack_kint (&body, "id", id);
            sk_pack_kint (&body, "version", 1);
            sk_pack_kstr (&body, "name", k ? "Kapløb B" : "Kapløb A");
            char rid[32];
            snprintf (rid, sizeof rid, "race-%d-%d", round, k);
            sk_pack_request (&p, rid, "registry.association.update", "0730", body.buf.data,
                             body.buf.size);
            zmq_send (zsock_resolve (socks[k]), p.buf.data, p.buf.size, 0);
            sk_pack_release (&body);
            sk_pack_release (&p);
        }
        for (int k = 0; k < 2; k++) {
            zsock_set_rcvtimeo (socks[k], 3000);
            zframe_t *f = zframe_recv (socks[k]);
            sk_frame_t reply;
            sk_error_t err;
            if (f && sk_frame_decode (&reply, zframe_data (f), zframe_size (f), &err) == 0) {
                if (sk_reply_error (&reply, &err) == 0)
                    wins++;
                else if (streq (err.code, "conflict"))
                    conflicts++;
            }
            sk_frame_release (&reply);
            zframe_destroy (&f);
        }
        zsock_destroy (&a);
        zsock_destroy (&c);
    }
    CHECK_INT_EQ (wins, 10);
    CHECK_INT_EQ (conflicts, 10);
    SK_CASE_END ("registry: of two concurrent updates one wins, the other gets conflict");
}

static void
test_events (void)
{
    SK_CASE_BEGIN ();
    //  Run alone, on a fresh stack: events of its own first
    for (int i = 0; s_last_seq () <= 10 && i < 11; i++) {
        char name[64];
        snprintf (name, sizeof name, "Hændelsesforeningen %d", i);
        CHECK_INT_GT (s_create (name, NULL, NULL), 0);
    }
    //  All events from the start, in pages: seq 1, 2, 3, ... with no gap
    int64_t after = 0, expect = 1, last = s_last_seq ();
    CHECK_INT_GT (last, 10);
    while (after < last) {
        sk_pack_t b;
        sk_pack_init (&b);
        sk_pack_map (&b, 2);
        sk_pack_kint (&b, "after", after);
        sk_pack_kint (&b, "limit", 7);
        sk_frame_t r;
        CHECK_STR_EQ (itest_call (admin, "registry.event.list", "*", &b, NULL, &r), "ok");
        const msgpack_object *events = sk_obj_get (itest_body (&r), "events");
        uint32_t n = events ? events->via.array.size : 0;
        if (n == 0) {
            sk_frame_release (&r);
            sk_pack_release (&b);
            break;
        }
        for (uint32_t i = 0; i < n; i++) {
            const msgpack_object *e = &events->via.array.ptr[i];
            CHECK_INT_EQ (itest_int (e, "seq"), expect);
            CHECK_STR_EQ (itest_s (e, "source"), "registry");
            CHECK_NOT_NULL (sk_obj_get (e, "event_id"));
            CHECK_NOT_NULL (sk_obj_get (e, "body"));
            expect++;
        }
        after = expect - 1;
        sk_frame_release (&r);
        sk_pack_release (&b);
    }
    CHECK_INT_EQ (expect - 1, last);
    //  A municipality's own view holds only its events
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "after", 0);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (other, "registry.event.list", "0461", &b, NULL, &r), "ok");
    const msgpack_object *events = sk_obj_get (itest_body (&r), "events");
    for (uint32_t i = 0; events && i < events->via.array.size; i++)
        CHECK_STR_EQ (itest_s (&events->via.array.ptr[i], "tenant"), "0461");
    sk_frame_release (&r);
    sk_pack_release (&b);
    SK_CASE_END ("registry events are gap-free and replay from any seq");
}

//  More clients than workers, each with one request in flight: every
//  request is answered (the broker once stalled here), and reads are
//  answered while writes go on.
enum { BUSY_CLIENTS = 12, BUSY_CALLS = 40 };
static int64_t s_busy_id;
static int s_busy_ok[BUSY_CLIENTS];

static void *
s_busy (void *arg)
{
    int me = (int)(intptr_t)arg;
    sk_client_t *c = itest_client ("registry", "staff-0730");
    sk_client_set_timeout (c, 5000, 0);
    for (int i = 0; i < BUSY_CALLS; i++) {
        sk_frame_t r;
        if (streq (s_get (c, "association", "0730", s_busy_id, &r), "ok")
            && itest_int (itest_body (&r), "id") == s_busy_id)
            s_busy_ok[me]++;
        sk_frame_release (&r);
    }
    sk_client_destroy (&c);
    return NULL;
}

static void
test_many_clients (void)
{
    SK_CASE_BEGIN ();
    sk_pack_t b;
    sk_pack_init (&b);
    s_named (&b, "Travl forening", 0);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (staff, "registry.association.create", "0730", &b, NULL, &r), "ok");
    s_busy_id = itest_int (itest_body (&r), "id");
    sk_frame_release (&r);
    sk_pack_release (&b);
    pthread_t threads[BUSY_CLIENTS];
    for (int i = 0; i < BUSY_CLIENTS; i++)
        pthread_create (&threads[i], NULL, s_busy, (void *)(intptr_t)i);
    for (int i = 0; i < BUSY_CLIENTS; i++) {
        pthread_join (threads[i], NULL);
        CHECK_INT_EQ (s_busy_ok[i], BUSY_CALLS);
    }
    SK_CASE_END ("registry answers every request of more clients than it has workers");
}

//  Writes go on while PostgreSQL is stopped and started again.
static void *
s_outage (void *arg)
{
    (void)arg;
    zclock_sleep (300);
    itest_stack ("pg-stop");
    zclock_sleep (1500);
    itest_stack ("pg-start");
    return NULL;
}

//  sk_db's final batch, straight on the registry's schema: a read in one
//  round trip commits with it, leaves no tenant on the connection, and
//  refuses a statement after it
static void
test_final_batch (void)
{
    SK_CASE_BEGIN ();
    char info[512];
    snprintf (info, sizeof info, "host=%s/pg dbname=samskab user=samskab", getenv ("SAMSKAB_VAR"));
    sk_db_t *db = sk_db_new (info, "registry");
    sk_error_t err = { 0 };
    const sk_stmt_t reads[] = {
        { "SELECT current_setting('samskab.tenant')", 0, NULL },
        { "SELECT count(*) FROM party WHERE tenant <> '0730'", 0, NULL },
    };
    PGresult *res[2];
    //  The whole transaction in one pipeline
    CHECK_INT_EQ (sk_db_begin (db, "0730", &err), 0);
    CHECK_INT_EQ (sk_db_exec_final (db, &err, 2, reads, res), 0);
    if (res[0] && res[1]) {
        CHECK_STR_EQ (PQgetvalue (res[0], 0, 0), "0730");
        CHECK_STR_EQ (PQgetvalue (res[1], 0, 0), "0"); //  the wall held
    }
    PQclear (res[0]);
    PQclear (res[1]);
    CHECK_INT_EQ (PQtransactionStatus (sk_db_conn (db)), PQTRANS_IDLE);
    CHECK_NULL (sk_db_exec (db, &err, "SELECT 1", 0, NULL));
    CHECK_STR_EQ (err.code, "internal");
    sk_db_commit_nowait (db);
    PGresult *r = sk_db_exec (db, &err,
                              "SELECT coalesce(current_setting("
                              "'samskab.tenant', true), '')",
                              0, NULL);
    CHECK_STR_EQ (r ? PQgetvalue (r, 0, 0) : NULL, "");
    PQclear (r);

    //  After a statement of its own: the COMMIT goes with the batch
    CHECK_INT_EQ (sk_db_begin (db, "0461", &err), 0);
    sk_db_run (db, &err, "SELECT 1", 0, NULL);
    CHECK_INT_EQ (PQtransactionStatus (sk_db_conn (db)), PQTRANS_INTRANS);
    CHECK_INT_EQ (sk_db_exec_final (db, &err, 1, reads, res), 0);
    CHECK_STR_EQ (res[0] ? PQgetvalue (res[0], 0, 0) : NULL, "0461");
    PQclear (res[0]);
    CHECK_INT_EQ (PQtransactionStatus (sk_db_conn (db)), PQTRANS_IDLE);
    CHECK_INT_EQ (sk_db_commit (db, &err), 0);

    //  A failing final batch leaves nothing open, and the next one works
    const sk_stmt_t bad[] = { { "SELECT 1 / 0", 0, NULL } };
    CHECK_INT_EQ (sk_db_begin (db, "0730", &err), 0);
    CHECK_INT_EQ (sk_db_exec_final (db, &err, 1, bad, res), -1);
    CHECK_STR_EQ (err.code, "invalid_argument");
    sk_db_rollback (db);
    CHECK_INT_EQ (PQtransactionStatus (sk_db_conn (db)), PQTRANS_IDLE);
    CHECK_INT_EQ (sk_db_begin (db, "0730", &err), 0);
    CHECK_INT_EQ (sk_db_exec_final (db, &err, 1, reads, res), 0);
    PQclear (res[0]);
    sk_db_commit_nowait (db);
    sk_db_destroy (&db);
    SK_CASE_END ("a read's final batch commits in its own round trip and ends the transaction");
}

static void
test_pg_restart (void)
{
    SK_CASE_BEGIN ();
    sk_client_t *writer = itest_client ("registry", "staff-0730");
    sk_client_set_timeout (writer, 1000, 0);
    pthread_t outage;
    pthread_create (&outage, NULL, s_outage, NULL);
    enum { N = 60 };
    int64_t ids[N];
    int unavailable = 0;
    int64_t start = zclock_mono ();
    for (int i = 0; i < N; i++) {
        char name[64], rid[32];
        snprintf (name, sizeof name, "Udholdenhed %d", i);
        snprintf (rid, sizeof rid, "outage-%d", i);
        sk_pack_t b;
        sk_pack_init (&b);
        s_named (&b, name, 0);
        ids[i] = -1;
        //  Retry with the same id until acknowledged (Lazy Pirate)
        while (ids[i] < 0 && zclock_mono () - start < 60000) {
            sk_frame_t r;
            const char *code =
                itest_call (writer, "registry.association.create", "0730", &b, rid, &r);
            if (streq (code, "ok"))
                ids[i] = itest_int (itest_body (&r), "id");
            else if (streq (code, "unavailable") || streq (code, "transport")) {
                unavailable++;
                zclock_sleep (100);
            } else {
                printf ("#   create during outage: %s\n", code);
                zclock_sleep (100);
            }
            sk_frame_release (&r);
        }
        sk_pack_release (&b);
        zclock_sleep (40);
    }
    pthread_join (outage, NULL);
    CHECK_INT_GT (unavailable, 0); //  the outage really happened
    for (int i = 0; i < N; i++) {
        CHECK_INT_GT (ids[i], 0);
        sk_frame_t r;
        if (ids[i] > 0)
            CHECK_STR_EQ (s_get (staff, "association", "0730", ids[i], &r), "ok");
        sk_frame_release (&r);
        //  and exactly once
        for (int k = 0; k < i; k++)
            CHECK_INT_NE (ids[k], ids[i]);
    }
    printf ("#   %d requests answered unavailable during the outage; recovered in %lld ms\n",
            unavailable, (long long)(zclock_mono () - start));
    sk_client_destroy (&writer);
    SK_CASE_END (
        "registry survives a PostgreSQL restart under load, losing no acknowledged change");
}

//  registry.party.names as staff's views of match ask it: a volunteer's
//  name by id, nothing of another municipality's, ids checked.
static void
test_party_names (void)
{
    SK_CASE_BEGIN ();
    sk_pack_t b;
    sk_pack_init (&b);
    s_named (&b, "Nanna Navnesen", 1);
    sk_pack_kbool (&b, "consent", true);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (staff, "registry.volunteer.create", "0730", &b, NULL, &r), "ok");
    int64_t volunteer = itest_int (itest_body (&r), "id");
    sk_frame_release (&r);
    sk_pack_release (&b);
    int64_t club = s_create ("Navneklubben", NULL, NULL);
    //  The two by name, in id order; an unknown id left out
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_str (&b, "ids");
    sk_pack_array (&b, 3);
    sk_pack_int (&b, 999999999);
    sk_pack_int (&b, volunteer);
    sk_pack_int (&b, club);
    CHECK_STR_EQ (itest_call (staff, "registry.party.names", "0730", &b, NULL, &r), "ok");
    const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
    CHECK_INT_EQ (itest_size (items), 2);
    if (itest_size (items) == 2) {
        CHECK_INT_EQ (itest_int (&items->via.array.ptr[0], "id"), volunteer);
        CHECK_STR_EQ (itest_s (&items->via.array.ptr[0], "name"), "Nanna Navnesen");
        CHECK_STR_EQ (itest_s (&items->via.array.ptr[0], "kind"), "volunteer");
        CHECK_STR_EQ (itest_s (&items->via.array.ptr[1], "name"), "Navneklubben");
    }
    sk_frame_release (&r);
    //  Another municipality's staff see none of them
    CHECK_STR_EQ (itest_call (other, "registry.party.names", "0461", &b, NULL, &r), "ok");
    CHECK_INT_EQ (itest_size (sk_obj_get (itest_body (&r), "items")), 0);
    sk_frame_release (&r);
    sk_pack_release (&b);
    //  An id that is no id, and no ids at all
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_str (&b, "ids");
    sk_pack_array (&b, 2);
    sk_pack_int (&b, volunteer);
    sk_pack_str (&b, "x");
    CHECK_STR_EQ (itest_call (staff, "registry.party.names", "0730", &b, NULL, &r),
                  "invalid_argument");
    CHECK_STR_EQ (itest_field (&r), "ids[1]");
    sk_frame_release (&r);
    sk_pack_release (&b);
    CHECK_STR_EQ (itest_call (staff, "registry.party.names", "0730", NULL, NULL, &r),
                  "invalid_argument");
    CHECK_STR_EQ (itest_field (&r), "ids");
    sk_frame_release (&r);
    SK_CASE_END ("registry.party.names: names by id, only the municipality's");
}

static const itest_case_t s_cases[] = { { "crud", test_crud },
                                        { "validation", test_validation },
                                        { "catalog", test_catalog },
                                        { "tenant_wall", test_tenant_wall },
                                        { "party_names", test_party_names },
                                        { "unknown_key", test_unknown_key },
                                        { "malformed", test_malformed },
                                        { "idempotent", test_idempotent },
                                        { "concurrent_update", test_concurrent_update },
                                        { "events", test_events },
                                        { "many_clients", test_many_clients },
                                        { "final_batch", test_final_batch },
                                        { "pg_restart", test_pg_restart },
                                        { NULL } };

int
main (int argc, char **argv)
{
    sk_log_init ("registry_test", SK_ERROR);
    zsys_init ();
    zsys_set_logstream (NULL);
    staff = itest_client ("registry", "staff-0730");
    other = itest_client ("registry", "staff-0461");
    auditor = itest_client ("registry", "auditor-0730");
    admin = itest_client ("registry", "admin");
    if (!staff || !other || !auditor || !admin) {
        printf ("not ok - registry test set-up: no certificates\n");
        return 1;
    }
    int rc = itest_cases (s_cases, argc, argv);
    sk_client_destroy (&staff);
    sk_client_destroy (&other);
    sk_client_destroy (&auditor);
    sk_client_destroy (&admin);
    return rc;
}
