/*  defer_test: sk_service's deferred replies (sk_call_defer and
    sk_deferred_reply), on a service of its own run in a child process
    against the stack's PostgreSQL: with one worker, eight calls are all
    taken before any is answered; another thread answers them out of
    order, each reaching its own client with its own id, errors included;
    a mutating op cannot defer; the broker queues no phantom worker for a
    deferred reply (later rounds are all served); an in_broker op is served
    by the broker without a database while the one worker is held, and a
    worker op sent meanwhile waits and is served after; the service stops
    clean.
*/
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "itest.h"
#include "sk_config.h"
#include "sk_service.h"

#define S_HOLD   8 //  calls the answering thread holds before answering
#define S_ROUNDS 3

//  --------------------------------------------------------------------------
//  The service (child process)

typedef struct {
    sk_deferred_t *reply;
    int64_t n;
    bool fail;
} s_held_t;

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t s_more = PTHREAD_COND_INITIALIZER;
static s_held_t s_held[S_HOLD];
static int s_nheld;

//  Answer only with S_HOLD calls held, last first: each call of a round
//  reached the handler before any was answered
static void *
s_answerer (void *arg)
{
    (void)arg;
    sk_defer_thread_init ();
    while (true) {
        pthread_mutex_lock (&s_lock);
        while (s_nheld < S_HOLD)
            pthread_cond_wait (&s_more, &s_lock);
        s_held_t held[S_HOLD];
        memcpy (held, s_held, sizeof held);
        s_nheld = 0;
        pthread_cond_broadcast (&s_more);
        pthread_mutex_unlock (&s_lock);
        for (int i = S_HOLD - 1; i >= 0; i--) {
            if (held[i].fail) {
                sk_error_t err = { 0 };
                sk_error_set (&err, "conflict", "n", "refused %lld", (long long)held[i].n);
                sk_deferred_reply (&held[i].reply, NULL, &err);
                continue;
            }
            sk_pack_t body;
            sk_pack_init (&body);
            sk_pack_map (&body, 1);
            sk_pack_kint (&body, "n", held[i].n);
            sk_deferred_reply (&held[i].reply, &body, NULL);
            sk_pack_release (&body);
        }
    }
    return NULL;
}

static int
s_later (sk_call_t *call)
{
    static const char *keys[] = { "n", "fail", NULL };
    int64_t n;
    bool fail = false;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "n", 0, 1000000, true, &n) < 0
        || sk_call_bool (call, NULL, "fail", false, &fail) < 0)
        return -1;
    sk_deferred_t *reply = sk_call_defer (call);
    if (!reply)
        return -1;
    pthread_mutex_lock (&s_lock);
    while (s_nheld == S_HOLD)
        pthread_cond_wait (&s_more, &s_lock);
    s_held[s_nheld++] = (s_held_t){ reply, n, fail };
    pthread_cond_broadcast (&s_more);
    pthread_mutex_unlock (&s_lock);
    return 0;
}

static int
s_mutating (sk_call_t *call)
{
    return sk_call_defer (call) ? 0 : -1;
}

//  The one worker held until an in_broker call lets it go (or 10 s)
static pthread_cond_t s_let_go = PTHREAD_COND_INITIALIZER;
static bool s_released;

static int
s_hold (sk_call_t *call)
{
    struct timespec until;
    clock_gettime (CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock (&s_lock);
    while (!s_released && pthread_cond_timedwait (&s_let_go, &s_lock, &until) == 0)
        ;
    bool released = s_released;
    s_released = false;
    pthread_mutex_unlock (&s_lock);
    if (!released)
        return sk_call_fail (call, "internal", NULL, "nothing let the worker go");
    sk_pack_map (&call->reply, 0);
    return 0;
}

//  In the broker: lets the held worker go, says whether it has a database,
//  and tries one if asked
static int
s_quick (sk_call_t *call)
{
    bool sql = false;
    if (sk_call_bool (call, NULL, "sql", false, &sql) < 0)
        return -1;
    if (sql) {
        PGresult *r = sk_call_sql (call, "SELECT 1", 0, NULL);
        PQclear (r);
        return r ? 0 : -1;
    }
    pthread_mutex_lock (&s_lock);
    s_released = true;
    pthread_cond_signal (&s_let_go);
    pthread_mutex_unlock (&s_lock);
    sk_pack_map (&call->reply, 1);
    sk_pack_kbool (&call->reply, "db", call->db != NULL);
    return 0;
}

static const sk_op_t s_ops[] = {
    { .name = "defertest.later.echo", .handler = s_later, .roles = SK_READERS },
    { .name = "defertest.change.echo",
      .handler = s_mutating,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "defertest.worker.hold", .handler = s_hold, .roles = SK_READERS },
    { .name = "defertest.quick.echo", .handler = s_quick, .roles = SK_READERS, .in_broker = true },
    { .name = NULL },
};

static int
s_serve (const char *config_path)
{
    sk_log_init ("defertest", SK_WARNING);
    sk_config_t *config = sk_config_new (config_path);
    if (!config)
        return 1;
    zsys_init ();
    pthread_t answerer;
    pthread_create (&answerer, NULL, s_answerer, NULL);
    sk_service_t *service = sk_service_new ("defertest", s_ops, config);
    int rc = service ? sk_service_run (service) : -1;
    sk_service_destroy (&service);
    sk_config_destroy (&config);
    return rc ? 1 : 0;
}

//  --------------------------------------------------------------------------
//  The clients (parent)

static char s_endpoint[600], s_cert[600], s_server[600];

typedef struct {
    int64_t n;
    bool fail;
    char code[32]; //  what came back (itest_call's answer is the thread's own)
    int64_t echoed;
    char field[96];
} s_caller_t;

//  A call of op with an empty body on a client of its own; its code
typedef struct {
    const char *op;
    char code[32]; //  a copy: itest_call's answer dies with the thread
    atomic_bool done;
} s_plain_t;

static void *
s_call_plain (void *arg)
{
    s_plain_t *self = (s_plain_t *)arg;
    sk_client_t *client = sk_client_new ("defertest", s_endpoint, s_cert, s_server);
    snprintf (self->code, sizeof self->code, "no client");
    if (client) {
        sk_client_set_timeout (client, 20000, 0);
        sk_frame_t r;
        snprintf (self->code, sizeof self->code, "%s",
                  itest_call (client, self->op, "0730", NULL, NULL, &r));
        sk_frame_release (&r);
        sk_client_destroy (&client);
    }
    self->done = true;
    return NULL;
}

static void *
s_call_later (void *arg)
{
    s_caller_t *self = (s_caller_t *)arg;
    sk_client_t *client = sk_client_new ("defertest", s_endpoint, s_cert, s_server);
    snprintf (self->code, sizeof self->code, "no client");
    self->echoed = -1;
    if (!client)
        return NULL;
    sk_client_set_timeout (client, 10000, 0);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 2);
    sk_pack_kint (&b, "n", self->n);
    sk_pack_str (&b, "fail");
    sk_pack_bool (&b, self->fail);
    sk_frame_t r;
    snprintf (self->code, sizeof self->code, "%s",
              itest_call (client, "defertest.later.echo", "0730", &b, NULL, &r));
    if (streq (self->code, "ok"))
        self->echoed = itest_int (itest_body (&r), "n");
    else
        snprintf (self->field, sizeof self->field, "%s", itest_field (&r));
    sk_frame_release (&r);
    sk_pack_release (&b);
    sk_client_destroy (&client);
    return NULL;
}

static sk_client_t *s_client; //  to the service main forks
static pid_t s_child;         //  the service
static const char *s_ready;   //  "ok" once the service answered a ping

//  Rounds of calls held by one worker and answered from another thread.
static void
test_rounds (void)
{
    SK_CASE_BEGIN ();
    CHECK_STR_EQ (s_ready, "ok");
    //  Rounds of S_HOLD calls at once against one worker; one call of each
    //  round is refused by the answering thread
    for (int round = 0; round < S_ROUNDS; round++) {
        s_caller_t calls[S_HOLD];
        pthread_t threads[S_HOLD];
        for (int i = 0; i < S_HOLD; i++) {
            calls[i] = (s_caller_t){ .n = 100 * round + i, .fail = i == 3 };
            pthread_create (&threads[i], NULL, s_call_later, &calls[i]);
        }
        for (int i = 0; i < S_HOLD; i++)
            pthread_join (threads[i], NULL);
        for (int i = 0; i < S_HOLD; i++) {
            if (calls[i].fail) {
                CHECK_STR_EQ (calls[i].code, "conflict");
                CHECK_STR_EQ (calls[i].field, "n");
            } else {
                CHECK_STR_EQ (calls[i].code, "ok");
                CHECK_INT_EQ (calls[i].echoed, calls[i].n);
            }
        }
    }
    SK_CASE_END ("defer: one worker takes 8 calls before any is answered; answers "
                 "from another thread, out of order, reach their callers, errors too");
}

//  A mutating op cannot defer.
static void
test_mutating (void)
{
    SK_CASE_BEGIN ();
    sk_frame_t r;
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 0);
    CHECK_STR_EQ (itest_call (s_client, "defertest.change.echo", "0730", &b, NULL, &r), "internal");
    CHECK_STR_CONTAINS (itest_message (&r), "cannot defer");
    sk_frame_release (&r);
    sk_pack_release (&b);
    CHECK_STR_EQ (itest_call (s_client, "defertest.service.ping", "0730", NULL, NULL, &r), "ok");
    sk_frame_release (&r);
    SK_CASE_END ("defer: a mutating op cannot defer its reply; the service still answers");
}

//  The one worker held: an in_broker op is answered by the broker, and a
//  ping (a worker's op) sent meanwhile is answered once the worker is
//  free again
static void
test_in_broker (void)
{
    SK_CASE_BEGIN ();
    sk_frame_t r;
    sk_pack_t b;
    s_plain_t hold = { .op = "defertest.worker.hold" };
    s_plain_t ping = { .op = "defertest.service.ping" };
    pthread_t holder, pinger;
    pthread_create (&holder, NULL, s_call_plain, &hold);
    zclock_sleep (300); //  the hold reaches the worker
    pthread_create (&pinger, NULL, s_call_plain, &ping);
    zclock_sleep (300); //  the ping waits in the broker
    CHECK (!hold.done && !ping.done);
    sk_client_set_timeout (s_client, 5000, 0);
    sk_pack_init (&b);
    sk_pack_map (&b, 0);
    CHECK_STR_EQ (itest_call (s_client, "defertest.quick.echo", "0730", &b, NULL, &r), "ok");
    const msgpack_object *db = sk_obj_get (itest_body (&r), "db");
    CHECK (db && db->type == MSGPACK_OBJECT_BOOLEAN && !db->via.boolean);
    sk_frame_release (&r);
    pthread_join (holder, NULL);
    pthread_join (pinger, NULL);
    CHECK_STR_EQ (hold.code, "ok");
    CHECK_STR_EQ (ping.code, "ok");
    //  An in_broker op has no database to use
    sk_pack_reset (&b);
    sk_pack_map (&b, 1);
    sk_pack_kbool (&b, "sql", true);
    CHECK_STR_EQ (itest_call (s_client, "defertest.quick.echo", "0730", &b, NULL, &r), "internal");
    CHECK_STR_CONTAINS (itest_message (&r), "without a database");
    sk_frame_release (&r);
    sk_pack_release (&b);
    SK_CASE_END ("defer: an in_broker op is served while the one worker is held, "
                 "without a database; a worker's op waits for the worker");
}

//  A signal taken by another thread than the broker's sets the flag
//  the broker reads when a message wakes it: ping until it has gone
static void
test_stop (void)
{
    SK_CASE_BEGIN ();
    sk_frame_t r;
    kill (s_child, SIGTERM);
    int status = -1;
    pid_t gone = 0;
    for (int i = 0; i < 50 && gone == 0; i++) {
        gone = waitpid (s_child, &status, WNOHANG);
        if (gone == 0) {
            sk_client_set_timeout (s_client, 100, 0);
            itest_call (s_client, "defertest.service.ping", "0730", NULL, NULL, &r);
            sk_frame_release (&r);
        }
    }
    if (gone == 0) {
        kill (s_child, SIGKILL);
        waitpid (s_child, &status, 0);
    }
    sk_client_destroy (&s_client);
    CHECK_INT_EQ (gone, s_child);
    CHECK (WIFEXITED (status));
    CHECK_INT_EQ (WEXITSTATUS (status), 0);
    SK_CASE_END ("defer: the service stops clean");
}

static const itest_case_t s_cases[] = { { "rounds", test_rounds },
                                        { "mutating", test_mutating },
                                        { "in_broker", test_in_broker },
                                        { "stop", test_stop },
                                        { NULL } };

int
main (int argc, char **argv)
{
    if (argc > 1 && streq (argv[1], "-l"))
        return itest_cases (s_cases, argc, argv);
    const char *var = getenv ("SAMSKAB_VAR");
    sk_config_t *stack = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    if (!var || !stack) {
        printf ("not ok - defer test set-up: run through tests/run.sh\n");
        return 1;
    }
    //  A service of its own beside the stack's, on its database
    char path[600], sql[600];
    snprintf (path, sizeof path, "%s/defer_test.cfg", var);
    snprintf (sql, sizeof sql, "%s/defer_test_sql", var);
    snprintf (s_endpoint, sizeof s_endpoint, "ipc://%s/defer_test.ipc", var);
    snprintf (s_cert, sizeof s_cert, "%s/keys/admin.cert_secret", var);
    snprintf (s_server, sizeof s_server, "%s/keys/vote.cert", var);
    mkdir (sql, 0755);
    FILE *f = fopen (path, "w");
    if (!f) {
        printf ("not ok - defer test set-up: cannot write %s\n", path);
        return 1;
    }
    fprintf (f,
             "db = \"%s\"\ndb_owner = \"%s\"\nclients = \"%s\"\ncore\n    migrations = \"%s\"\n"
             "defertest\n    endpoint = \"%s\"\n    cert = \"%s/keys/vote.cert_secret\"\n"
             "    workers = 1\n    migrations = \"%s\"\n",
             sk_config_get (stack, "db", ""),
             sk_config_get (stack, "db_owner", sk_config_get (stack, "db", "")),
             sk_config_get (stack, "clients", ""),
             sk_config_get (stack, "core/migrations", "common/sql"), s_endpoint, var, sql);
    fclose (f);
    sk_config_destroy (&stack);

    //  Fork before anything starts ZeroMQ in this process
    s_child = fork ();
    if (s_child == 0)
        _exit (s_serve (path));

    sk_log_init ("defer_test", SK_ERROR);
    zsys_init ();
    zsys_set_logstream (NULL);
    s_client = sk_client_new ("defertest", s_endpoint, s_cert, s_server);
    sk_client_set_timeout (s_client, 1000, 0);
    sk_frame_t r;
    const char *code = "transport";
    for (int i = 0; i < 100 && streq (code, "transport"); i++) {
        code = itest_call (s_client, "defertest.service.ping", "0730", NULL, NULL, &r);
        sk_frame_release (&r);
    }

    s_ready = code;
    int rc = itest_cases (s_cases, argc, argv);
    //  The service still runs when test_stop did not run
    if (s_child > 0 && waitpid (s_child, NULL, WNOHANG) == 0) {
        kill (s_child, SIGKILL);
        waitpid (s_child, NULL, 0);
    }
    sk_client_destroy (&s_client);
    return rc;
}
