/*  ballots_load: cast ballots through ZeroMQ with CURVE from concurrent
    clients, as voting front ends would.

    usage: ballots_load PROCESS CLIENTS CODES_FILE PROJECT...

    Reads the vote service's endpoint and public certificate from
    $SAMSKAB_CONFIG and presents the certificate in bench/cert
    ($SAMSKAB_BENCH_CERT: a service certificate). CODES_FILE holds one voter
    code per line (the CSV of samskab budget codes works: the code is the
    last field). Each of CLIENTS threads has its own CURVE connection and
    one cast in flight, and takes the next unused code; a cast counts when
    its reply, sent by the service only after the commit, says ok. Each
    ballot approves one to three of the given projects. Prints one line:
    clients, ballots, errors, ballots per second, p50 and p99 latency in
    microseconds.
*/
#include <czmq.h>
#include <pthread.h>
#include <stdatomic.h>

#include "sk_client.h"
#include "sk_log.h"

typedef struct {
    int64_t process;
    char (*codes)[16];
    size_t ncodes;
    atomic_size_t next;
    int64_t *projects;
    int nprojects;
    int64_t *samples; //  latency per cast, us
    atomic_size_t errors;
} load_t;

typedef struct {
    load_t *load;
    sk_client_t *client;
} caster_t;

static void *
s_caster (void *arg)
{
    load_t *self = ((caster_t *) arg)->load;
    sk_client_t *client = ((caster_t *) arg)->client;
    unsigned seed = (unsigned) (uintptr_t) pthread_self ();
    sk_pack_t body;
    sk_pack_init (&body);
    size_t i;
    while ((i = atomic_fetch_add (&self->next, 1)) < self->ncodes) {
        char nonce[64];
        snprintf (nonce, sizeof nonce, "bench-%zu-%08x%08x", i, rand_r (&seed),
                  rand_r (&seed));
        int n = 1 + rand_r (&seed) % 3;
        if (n > self->nprojects)
            n = self->nprojects;
        int first = rand_r (&seed) % self->nprojects;
        sk_pack_reset (&body);
        sk_pack_map (&body, 4);
        sk_pack_kint (&body, "process", self->process);
        sk_pack_kstr (&body, "code", self->codes[i]);
        sk_pack_kstr (&body, "nonce", nonce);
        sk_pack_str (&body, "projects");
        sk_pack_array (&body, (uint32_t) n);
        for (int k = 0; k < n; k++)
            sk_pack_int (&body, self->projects[(first + k) % self->nprojects]);
        sk_frame_t reply;
        sk_error_t err = { 0 };
        int64_t start = zclock_usecs ();
        if (sk_client_call (client, "vote.ballot.cast", "0730", &body, NULL, &reply, &err)
            || sk_reply_error (&reply, &err)) {
            if (atomic_fetch_add (&self->errors, 1) < 5)
                fprintf (stderr, "ballots_load: cast failed: %s: %s\n", err.code, err.message);
            self->samples[i] = -1;
        }
        else
            self->samples[i] = zclock_usecs () - start;
        sk_frame_release (&reply);
    }
    sk_pack_release (&body);
    return NULL;
}

static int
s_cmp (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
    if (argc < 5) {
        fprintf (stderr, "usage: ballots_load PROCESS CLIENTS CODES_FILE PROJECT...\n");
        return 2;
    }
    sk_log_init ("ballots_load", SK_WARNING);
    zsys_init ();
    zsys_set_logstream (NULL);
    load_t self = { .process = atoll (argv[1]) };
    int clients = atoi (argv[2]);
    if (clients < 1 || clients > 256 || self.process < 1) {
        fprintf (stderr, "ballots_load: CLIENTS must be 1 to 256, PROCESS an id\n");
        return 2;
    }
    FILE *file = fopen (argv[3], "r");
    if (!file) {
        fprintf (stderr, "ballots_load: could not open \"%s\"\n", argv[3]);
        return 2;
    }
    size_t cap = 1024;
    self.codes = sk_malloc (cap * sizeof *self.codes);
    char line[256];
    while (fgets (line, sizeof line, file)) {
        line[strcspn (line, "\r\n")] = 0;
        const char *code = strrchr (line, ',') ? strrchr (line, ',') + 1 : line;
        if (strlen (code) != 11 || code[5] != '-')
            continue; //  a header or a blank line
        if (self.ncodes == cap)
            self.codes = sk_realloc (self.codes, (cap *= 2) * sizeof *self.codes);
        snprintf (self.codes[self.ncodes++], 16, "%s", code);
    }
    fclose (file);
    self.nprojects = argc - 4;
    self.projects = sk_malloc (sizeof (int64_t) * (size_t) self.nprojects);
    for (int i = 0; i < self.nprojects; i++)
        self.projects[i] = atoll (argv[4 + i]);
    self.samples = sk_malloc (sizeof (int64_t) * (self.ncodes ? self.ncodes : 1));
    //  The clients are made here: the configuration is not for threads
    sk_config_t *config = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    if (!config)
        return 2;
    caster_t *casters = sk_malloc (sizeof (caster_t) * (size_t) clients);
    for (int i = 0; i < clients; i++) {
        casters[i].load = &self;
        casters[i].client = sk_client_from_config (config, "vote", "bench/cert");
        if (!casters[i].client)
            return 2;
        sk_client_set_timeout (casters[i].client, 20000, 2);
    }
    pthread_t *threads = sk_malloc (sizeof (pthread_t) * (size_t) clients);
    int64_t start = zclock_usecs ();
    for (int i = 0; i < clients; i++)
        pthread_create (&threads[i], NULL, s_caster, &casters[i]);
    for (int i = 0; i < clients; i++)
        pthread_join (threads[i], NULL);
    double secs = (double) (zclock_usecs () - start) / 1e6;
    size_t ok = 0;
    for (size_t i = 0; i < self.ncodes; i++)
        if (self.samples[i] >= 0)
            self.samples[ok++] = self.samples[i];
    qsort (self.samples, ok, sizeof (int64_t), s_cmp);
    printf ("%d %zu %zu %.0f %lld %lld\n", clients, ok, (size_t) self.errors,
            (double) ok / secs, ok ? (long long) self.samples[ok / 2] : 0LL,
            ok ? (long long) self.samples[ok * 99 / 100] : 0LL);
    for (int i = 0; i < clients; i++)
        sk_client_destroy (&casters[i].client);
    free (casters);
    sk_config_destroy (&config);
    free (threads);
    free (self.samples);
    free (self.projects);
    free (self.codes);
    return self.errors ? 1 : 0;
}
