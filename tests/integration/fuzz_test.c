/*  fuzz_test: random requests to every running service; each must answer
    every one (an error is fine, silence or a crash is not) and keep serving.

    For each service the op list comes from its own SERVICE.service.ping, so
    a new op is fuzzed without touching this file. Bodies are random maps:
    known field names and random ones, values of every msgpack type at the
    edges (negative, huge, empty, long, nested, invalid UTF-8, wrong types),
    as staff of 0730, as admin, and for another municipality. Then raw
    frames: random bytes and mutations of a valid request.

    usage: fuzz_test [REQUESTS_PER_SERVICE] [SERVICE]   (default 400, every
    service the stack started; make fuzz: more requests). Each service is a
    case: fuzz_test -l lists them.
    Seeded from SAMSKAB_FUZZ_SEED (printed) so a failure can be replayed.
*/
#include "itest.h"

static const char *s_keys[] = {
    "id",           "name",        "version",      "has",     "needs",    "serves",    "speaks",
    "limit",        "after",       "area",         "kind",    "term",     "level",     "code",
    "codes",        "process",     "pool",         "cost",    "amount",   "title",     "text",
    "phase",        "ballot",      "rule",         "choices", "points",   "ranking",   "receipt",
    "nonce",        "topic",       "channel",      "address", "secret",   "recipient", "for",
    "party",        "parties",     "state",        "start",   "end",      "cadence",   "at",
    "date",         "rounds",      "tables",       "minutes", "cvr",      "email",     "consent",
    "members",      "ref",         "query",        "rows",    "event_id", "body",      "tenant",
    "municipality", "description", "availability", NULL
};
#define NKEYS (sizeof s_keys / sizeof s_keys[0] - 1)

static uint32_t s_seed;

static uint32_t
s_rand (void)
{
    s_seed ^= s_seed << 13;
    s_seed ^= s_seed >> 17;
    s_seed ^= s_seed << 5;
    return s_seed;
}

static void s_value (sk_pack_t *p, int depth);

static void
s_string (sk_pack_t *p)
{
    static const char *pool[] = { "",           "0730",
                                  "0461",       "*",
                                  "all",        "accounting",
                                  "x",          "registry.",
                                  "yes",        "2026-02-29",
                                  "2025-02-29", "1970-01-01T00:00:00Z",
                                  "9999-12-31", "-1",
                                  "1e309",      "NaN",
                                  "Ærø Ø å",    "'; DROP TABLE party; --",
                                  "%s%n%x",     "approval",
                                  "greedy",     "mes-add1",
                                  "quarterly",  "webhook",
                                  "inapp",      "http://127.0.0.1:1/",
                                  "a@b",        "company-association",
                                  NULL };
    uint32_t r = s_rand () % 40;
    size_t n = 0;
    while (pool[n])
        n++;
    if (r < n)
        sk_pack_str (p, pool[r]);
    else if (r < n + 5) {
        char buf[300];
        size_t len = s_rand () % sizeof buf;
        for (size_t i = 0; i < len; i++)
            buf[i] = (char)('a' + s_rand () % 26);
        sk_pack_strn (p, buf, len);
    } else {
        char buf[64];
        size_t len = s_rand () % sizeof buf;
        for (size_t i = 0; i < len; i++)
            buf[i] = (char)(s_rand () % 256); //  often invalid UTF-8
        sk_pack_strn (p, buf, len);
    }
}

static void
s_value (sk_pack_t *p, int depth)
{
    static const int64_t ints[] = { 0,
                                    1,
                                    -1,
                                    2,
                                    3,
                                    4,
                                    7,
                                    1000,
                                    25000,
                                    INT32_MAX,
                                    (int64_t)INT32_MAX + 1,
                                    INT64_MAX,
                                    INT64_MIN,
                                    1000000000000LL };
    switch (s_rand () % (depth > 3 ? 5 : 8)) {
        case 0: sk_pack_int (p, ints[s_rand () % (sizeof ints / sizeof ints[0])]); break;
        case 1: s_string (p); break;
        case 2: sk_pack_bool (p, s_rand () & 1); break;
        case 3: sk_pack_nil (p); break;
        case 4: sk_pack_raw (p, "\xcb\x7f\xf0\x00\x00\x00\x00\x00\x00", 9); break; //  +inf
        case 5:
        case 6: {
            uint32_t n = s_rand () % 5;
            sk_pack_array (p, n);
            for (uint32_t i = 0; i < n; i++)
                s_value (p, depth + 1);
            break;
        }
        default: {
            uint32_t n = s_rand () % 4;
            sk_pack_map (p, n);
            for (uint32_t i = 0; i < n; i++) {
                sk_pack_str (p, s_keys[s_rand () % NKEYS]);
                s_value (p, depth + 1);
            }
        }
    }
}

//  The ops a service lists in its ping reply; count or -1.
static int
s_ops (sk_client_t *client, const char *service, char ops[][80], int max)
{
    char op[80];
    snprintf (op, sizeof op, "%s.service.ping", service);
    sk_frame_t r;
    int n = -1;
    if (streq (itest_call (client, op, "0730", NULL, NULL, &r), "ok")) {
        const msgpack_object *list = sk_obj_get (itest_body (&r), "ops");
        n = 0;
        for (uint32_t i = 0; list && i < list->via.array.size && n < max; i++)
            if (sk_obj_str_copy (&list->via.array.ptr[i], ops[n], 80) == 0)
                n++;
        snprintf (ops[n++], 80, "%s.event.list", service);
        snprintf (ops[n++], 80, "%s.no.such", service);
    }
    sk_frame_release (&r);
    return n;
}

static void
test_service (const char *service, int requests)
{
    SK_CASE_BEGIN ();
    sk_client_t *staff = itest_client (service, "staff-0730");
    sk_client_t *admin = itest_client (service, "admin");
    sk_client_set_timeout (staff, 10000, 0);
    sk_client_set_timeout (admin, 10000, 0);
    char ops[200][80];
    int nops = s_ops (staff, service, ops, 196);
    CHECK_INT_GT (nops, 2);
    int silent = 0, ok = 0;
    for (int i = 0; nops > 0 && i < requests; i++) {
        sk_client_t *who = s_rand () % 3 ? staff : admin;
        const char *tenant = (const char *[]){ "0730", "0461", "*", "0840" }[s_rand () % 4];
        sk_pack_t body;
        sk_pack_init (&body);
        uint32_t n = s_rand () % 7;
        sk_pack_map (&body, n);
        for (uint32_t k = 0; k < n; k++) {
            //  Distinct keys mostly; a repeated one now and then
            sk_pack_str (&body, s_keys[s_rand () % NKEYS]);
            s_value (&body, 1);
        }
        const char *op = ops[s_rand () % nops];
        sk_frame_t r;
        const char *code = itest_call (who, op, tenant, &body, NULL, &r);
        if (streq (code, "transport")) {
            if (silent++ < 3)
                printf ("#   no answer to %s (tenant %s, %zu bytes of body)\n", op, tenant,
                        body.buf.size);
        } else if (streq (code, "ok"))
            ok++;
        else if (streq (code, "internal"))
            printf ("#   %s answered internal: %s\n", op, itest_field (&r));
        sk_frame_release (&r);
        sk_pack_release (&body);
    }
    CHECK_INT_EQ (silent, 0);
    //  Raw frames: random bytes, and a valid request cut or bit-flipped
    zsock_t *raw = itest_raw (service, "staff-0730");
    for (int i = 0; raw && i < requests / 4; i++) {
        sk_pack_t msg, body;
        sk_pack_init (&msg);
        sk_pack_init (&body);
        s_value (&body, 0);
        sk_pack_request (&msg, "fuzz", ops[s_rand () % nops], "0730", body.buf.data, body.buf.size);
        size_t len = msg.buf.size;
        if (s_rand () % 2)
            for (int k = 0; k < 3; k++)
                ((uint8_t *)msg.buf.data)[s_rand () % len] ^= (uint8_t)(1u << (s_rand () % 8));
        else
            len = s_rand () % len;
        zmq_send (zsock_resolve (raw), msg.buf.data, len, ZMQ_DONTWAIT);
        sk_pack_release (&msg);
        sk_pack_release (&body);
    }
    zsock_destroy (&raw);
    //  Still serving, and promptly
    char op[80];
    snprintf (op, sizeof op, "%s.service.ping", service);
    sk_frame_t r;
    sk_client_set_timeout (staff, 3000, 0);
    CHECK_STR_EQ (itest_call (staff, op, "0730", NULL, NULL, &r), "ok");
    sk_frame_release (&r);
    printf ("#   %s: %d ops, %d requests, %d accepted\n", service, nops, requests, ok);
    sk_client_destroy (&staff);
    sk_client_destroy (&admin);
    char name[120];
    snprintf (name, sizeof name, "%s answers every random request and keeps serving", service);
    SK_CASE_END (name);
}

static int s_requests = 400;

//  One service, when the stack built and started it.
static void
s_fuzz (const char *service)
{
    char path[512];
    snprintf (path, sizeof path, "%s/%s.pid", getenv ("SAMSKAB_VAR"), service);
    if (access (path, R_OK) == 0)
        test_service (service, s_requests);
}

static void
test_registry (void)
{
    s_fuzz ("registry");
}

static void
test_vote (void)
{
    s_fuzz ("vote");
}

static void
test_match (void)
{
    s_fuzz ("match");
}

static void
test_notify (void)
{
    s_fuzz ("notify");
}

static const itest_case_t s_cases[] = { { "registry", test_registry },
                                        { "vote", test_vote },
                                        { "match", test_match },
                                        { "notify", test_notify },
                                        { NULL } };

int
main (int argc, char **argv)
{
    sk_log_init ("fuzz_test", SK_ERROR);
    zsys_init ();
    zsys_set_logstream (NULL);
    if (argc > 1 && strspn (argv[1], "0123456789") == strlen (argv[1])) {
        s_requests = atoi (argv[1]);
        argv[1] = argv[0];
        argc--;
        argv++;
    }
    const char *seed = getenv ("SAMSKAB_FUZZ_SEED");
    s_seed = seed ? (uint32_t)strtoul (seed, NULL, 10) : (uint32_t)zclock_time ();
    if (!s_seed)
        s_seed = 1;
    printf ("#   SAMSKAB_FUZZ_SEED=%u\n", s_seed);
    return itest_cases (s_cases, argc, argv);
}
