/*  failover_load: requests through the failover client (sk_client with a
    list of instances) for a while, one second at a time, for
    bench/failover.sh.
    usage: failover_load get CLIENTS SECONDS
           failover_load cast CLIENTS SECONDS PROCESS CODES_FILE PROJECT...
    get asks the registry for associations whose ids SAMSKAB_BENCH_IDS
    ("FIRST LAST") names; cast casts a ballot of one to three of the
    projects with the next unused code of CODES_FILE (one per line, the
    code the field shaped XXXXX-XXXXX of a line of samskab budget codes
    --csv). The service's endpoints ("SERVICE/connect", a
    list), and its public certificate come from $SAMSKAB_CONFIG; the
    caller's certificate is $SAMSKAB_BENCH_CERT. Each of CLIENTS threads has
    one request in flight, with the clients' retry budget: an attempt of
    SAMSKAB_BENCH_TIMEOUT ms (1000) and 2 retries. A request fails when it
    has no answer within that budget or its answer is an error.
    Prints "start EPOCH_MS", then per second since the start "SECOND
    REQUESTS FAILED P50_US P99_US", then "total REQUESTS FAILED".
*/
#include <czmq.h>
#include <pthread.h>
#include <stdatomic.h>

#include "bench.h"
#include "sk_client.h"
#include "sk_log.h"
#include "sk_mem.h"

#define S_MAX_SECONDS 600

typedef struct {
    int64_t end_ms; //  since the start
    int64_t us;     //  latency
    bool ok;
} sample_t;

typedef struct {
    const char *mode;
    int64_t first, span; //  get: ids
    int64_t process;     //  cast
    char (*codes)[16];
    size_t ncodes;
    atomic_size_t next;
    int64_t projects[16];
    int nprojects;
    int64_t start, stop; //  ms, monotonic
    int timeout;
} load_t;

typedef struct {
    load_t *load;
    sample_t *samples;
    size_t count, size;
} worker_t;

//  The next request's op and body; false when the codes are used up.
static bool
s_request (load_t *self, unsigned *seed, sk_pack_t *body, const char **op)
{
    sk_pack_reset (body);
    if (streq (self->mode, "get")) {
        *op = "registry.association.get";
        sk_pack_map (body, 1);
        sk_pack_kint (body, "id", self->first + rand_r (seed) % self->span);
        return true;
    }
    size_t i = atomic_fetch_add (&self->next, 1);
    if (i >= self->ncodes)
        return false;
    *op = "vote.ballot.cast";
    char nonce[64];
    snprintf (nonce, sizeof nonce, "fo-%zu-%08x%08x", i, rand_r (seed), rand_r (seed));
    int n = 1 + rand_r (seed) % 3, first = rand_r (seed) % self->nprojects;
    n = n > self->nprojects ? self->nprojects : n;
    sk_pack_map (body, 4);
    sk_pack_kint (body, "process", self->process);
    sk_pack_kstr (body, "code", self->codes[i]);
    sk_pack_kstr (body, "nonce", nonce);
    sk_pack_str (body, "projects");
    sk_pack_array (body, (uint32_t)n);
    for (int k = 0; k < n; k++)
        sk_pack_int (body, self->projects[(first + k) % self->nprojects]);
    return true;
}

static void *
s_worker (void *arg)
{
    worker_t *w = (worker_t *)arg;
    load_t *self = w->load;
    sk_config_t *config = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    const char *service = streq (self->mode, "get") ? "registry" : "vote";
    const char *endpoint, *server, *cert;
    sk_client_t *client = NULL;
    sk_client_settings (config, service, "cli/cert", &endpoint, &server, &cert);
    if (endpoint && server)
        client = sk_client_new (service, endpoint, getenv ("SAMSKAB_BENCH_CERT"), server);
    if (client)
        sk_client_set_timeout (client, self->timeout, 2);
    unsigned seed = (unsigned)(uintptr_t)w ^ (unsigned)zclock_usecs ();
    sk_pack_t body;
    sk_pack_init (&body);
    const char *op;
    int complaints = 0;
    while (client && zclock_mono () < self->stop && s_request (self, &seed, &body, &op)) {
        sk_frame_t reply;
        sk_error_t err = { 0 };
        int64_t start = zclock_usecs ();
        bool ok = sk_client_call (client, op, "0730", &body, NULL, &reply, &err) == 0
                  && sk_reply_error (&reply, &err) == 0;
        if (!ok && complaints++ < 3)
            fprintf (stderr, "failover_load: %s failed: %s: %s\n", op, err.code, err.message);
        sk_frame_release (&reply);
        if (w->count == w->size) {
            w->size = w->size ? w->size * 2 : 4096;
            w->samples = sk_realloc (w->samples, w->size * sizeof *w->samples);
        }
        w->samples[w->count++] = (sample_t){ .end_ms = zclock_mono () - self->start,
                                             .us = zclock_usecs () - start,
                                             .ok = ok };
    }
    sk_pack_release (&body);
    sk_client_destroy (&client);
    sk_config_destroy (&config);
    return NULL;
}

//  Print the seconds and the total of every worker's samples.
static void
s_report (worker_t *workers, int clients, int seconds)
{
    size_t total = 0, failed = 0;
    for (int s = 0; s <= seconds && s < S_MAX_SECONDS; s++) {
        size_t n = 0, bad = 0;
        for (int c = 0; c < clients; c++)
            for (size_t i = 0; i < workers[c].count; i++)
                n += workers[c].samples[i].end_ms / 1000 == s;
        int64_t *us = sk_malloc ((n ? n : 1) * sizeof *us);
        size_t k = 0;
        for (int c = 0; c < clients; c++)
            for (size_t i = 0; i < workers[c].count; i++) {
                const sample_t *x = &workers[c].samples[i];
                if (x->end_ms / 1000 == s) {
                    us[k++] = x->us;
                    bad += !x->ok;
                }
            }
        qsort (us, n, sizeof *us, bench_cmp_i64);
        if (n)
            printf ("%d %zu %zu %" PRId64 " %" PRId64 "\n", s, n, bad, us[n / 2], us[n * 99 / 100]);
        else
            printf ("%d 0 0 0 0\n", s);
        total += n;
        failed += bad;
        free (us);
    }
    printf ("total %zu %zu\n", total, failed);
}

int
main (int argc, char **argv)
{
    sk_log_init ("failover_load", SK_ERROR);
    zsys_init ();
    bool get = argc == 4 && streq (argv[1], "get"),
         cast = argc >= 7 && argc <= 6 + 16 && streq (argv[1], "cast");
    if (!get && !cast) {
        fprintf (stderr,
                 "usage: failover_load get CLIENTS SECONDS\n"
                 "       failover_load cast CLIENTS SECONDS PROCESS CODES_FILE PROJECT...\n");
        return 2;
    }
    load_t self = { .mode = argv[1] };
    int clients = atoi (argv[2]), seconds = atoi (argv[3]);
    const char *timeout = getenv ("SAMSKAB_BENCH_TIMEOUT");
    self.timeout = timeout ? atoi (timeout) : 1000;
    if (clients < 1 || clients > 256 || seconds < 1 || seconds >= S_MAX_SECONDS
        || self.timeout < 1) {
        fprintf (stderr, "failover_load: CLIENTS 1-256, SECONDS 1-%d\n", S_MAX_SECONDS - 1);
        return 2;
    }
    if (get) {
        const char *ids = getenv ("SAMSKAB_BENCH_IDS");
        long long first = 0, last = -1;
        if (!ids || sscanf (ids, "%lld %lld", &first, &last) != 2 || last < first) {
            fprintf (stderr, "failover_load: SAMSKAB_BENCH_IDS must be \"FIRST LAST\"\n");
            return 2;
        }
        self.first = first;
        self.span = last - first + 1;
    } else {
        self.process = atoll (argv[4]);
        if (!(self.codes =
                  (char (*)[16])bench_codes_read ("failover_load", argv[5], 16, &self.ncodes)))
            return 1;
        for (int i = 6; i < argc; i++)
            self.projects[self.nprojects++] = atoll (argv[i]);
    }
    worker_t *workers = sk_malloc ((size_t)clients * sizeof *workers);
    pthread_t *threads = sk_malloc ((size_t)clients * sizeof *threads);
    printf ("start %" PRId64 "\n", zclock_time ());
    self.start = zclock_mono ();
    self.stop = self.start + (int64_t)seconds * 1000;
    for (int c = 0; c < clients; c++) {
        workers[c] = (worker_t){ .load = &self };
        pthread_create (&threads[c], NULL, s_worker, &workers[c]);
    }
    for (int c = 0; c < clients; c++)
        pthread_join (threads[c], NULL);
    s_report (workers, clients, seconds);
    for (int c = 0; c < clients; c++)
        free (workers[c].samples);
    free (workers);
    free (threads);
    free (self.codes);
    return 0;
}
