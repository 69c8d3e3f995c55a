/*  registry_load: closed-loop load on the registry through ZeroMQ with CURVE.

    usage: registry_load seed N
           registry_load get|list|ping CLIENTS SECONDS

    Reads the registry's endpoint and public certificate from $SAMSKAB_CONFIG
    and presents the certificate in bench/cert ($SAMSKAB_BENCH_CERT), as any
    client would. `seed` creates N associations of municipality 0730 with
    have / need / serves declarations. `get` fetches random ones of them;
    `list` asks for the first page of associations that need a random
    competence; `ping` calls registry.service.ping, which the service loop
    answers without the database: the ceiling the transport (CURVE, the
    service's threads) puts on any op. Each of CLIENTS threads has its own CURVE connection and one
    request in flight. Prints one line: op, clients, requests, errors,
    requests per second, p50 and p99 latency in microseconds.
*/
#include <czmq.h>
#include <pthread.h>

#include "sk_client.h"
#include "sk_log.h"
#include "sk_mem.h"

#define MAX_SAMPLES 2000000
static const char *s_terms[] = {
    "accounting",    "fundraising", "project-management", "volunteer-recruitment", "mentoring",
    "communication", "it-help",     "homework-help",      "supervision",           "board-work"
};
#define TERMS (sizeof s_terms / sizeof s_terms[0])

typedef struct {
    sk_config_t *config;
    const char *mode;
    int64_t deadline;    //  zclock_mono ms
    int64_t first, last; //  ids to get
    int64_t *samples;    //  latency, us
    size_t cap, count, errors;
} load_t;

static sk_client_t *
s_client (sk_config_t *config)
{
    sk_client_t *client = sk_client_from_config (config, "registry", "bench/cert");
    if (client)
        sk_client_set_timeout (client, 10000, 0);
    return client;
}

static void
s_request (load_t *self, unsigned *seed, sk_pack_t *body, const char **op)
{
    sk_pack_reset (body);
    if (streq (self->mode, "ping")) {
        sk_pack_map (body, 0);
        *op = "registry.service.ping";
        return;
    }
    sk_pack_map (body, 1);
    if (streq (self->mode, "get")) {
        *op = "registry.association.get";
        int64_t span = self->last - self->first + 1;
        sk_pack_kint (body, "id", self->first + rand_r (seed) % span);
    } else {
        *op = "registry.association.list";
        sk_pack_kstr (body, "needs", s_terms[rand_r (seed) % TERMS]);
    }
}

static void *
s_run (void *args)
{
    load_t *self = (load_t *)args;
    sk_client_t *client = s_client (self->config);
    if (!client)
        return NULL;
    unsigned seed = (unsigned)(uintptr_t)self ^ (unsigned)zclock_usecs ();
    sk_pack_t body;
    sk_pack_init (&body);
    while (zclock_mono () < self->deadline && self->count < self->cap) {
        const char *op;
        s_request (self, &seed, &body, &op);
        sk_frame_t reply;
        sk_error_t err;
        int64_t start = zclock_usecs ();
        int rc = sk_client_call (client, op, "0730", &body, NULL, &reply, &err);
        int64_t took = zclock_usecs () - start;
        if (rc == 0 && sk_reply_error (&reply, &err) == 0)
            self->samples[self->count++] = took;
        else if (self->errors++ == 0)
            sk_error ("%s: %s: %s", op, err.code, err.message);
        sk_frame_release (&reply);
    }
    sk_pack_release (&body);
    sk_client_destroy (&client);
    return NULL;
}

static int
s_cmp (const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int
s_seed (sk_config_t *config, int n)
{
    sk_client_t *client = s_client (config);
    if (!client)
        return 1;
    sk_pack_t body;
    sk_pack_init (&body);
    int64_t first = 0, last = 0;
    for (int i = 0; i < n; i++) {
        char name[64];
        snprintf (name, sizeof name, "Bench-forening %d", i);
        sk_pack_reset (&body);
        sk_pack_map (&body, 5);
        sk_pack_kstr (&body, "name", name);
        sk_pack_kstr (&body, "description", "en forening til belastningsprøven");
        const char *lists[] = { "has", "needs" };
        for (int l = 0; l < 2; l++) {
            sk_pack_str (&body, lists[l]);
            sk_pack_array (&body, 2);
            sk_pack_str (&body, s_terms[(i + l * 3) % TERMS]);
            sk_pack_str (&body, s_terms[(i * 7 + l * 5 + 1) % TERMS]);
        }
        sk_pack_str (&body, "serves");
        sk_pack_array (&body, 1);
        sk_pack_str (&body, "children");
        sk_frame_t reply;
        sk_error_t err;
        if (sk_client_call (client, "registry.association.create", "0730", &body, NULL, &reply,
                            &err)
            || sk_reply_error (&reply, &err)) {
            sk_error ("seed %d: %s: %s (field \"%s\")", i, err.code, err.message, err.field);
            sk_frame_release (&reply);
            break;
        }
        int64_t id = 0;
        sk_obj_int (sk_obj_get (sk_obj_get (&reply.root, "body"), "id"), &id);
        if (!first)
            first = id;
        last = id;
        sk_frame_release (&reply);
    }
    sk_pack_release (&body);
    sk_client_destroy (&client);
    if (last - first + 1 != n)
        return 1;
    printf ("%" PRId64 " %" PRId64 "\n", first, last);
    return 0;
}

int
main (int argc, char **argv)
{
    sk_log_init ("registry_load", SK_WARNING);
    zsys_init ();
    zsys_set_logstream (NULL);
    sk_config_t *config = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    if (!config)
        return 2;
    int rc = 2;
    if (argc == 3 && streq (argv[1], "seed"))
        rc = s_seed (config, atoi (argv[2]));
    else if (argc >= 4
             && (streq (argv[1], "get") || streq (argv[1], "list") || streq (argv[1], "ping"))) {
        int clients = atoi (argv[2]), seconds = atoi (argv[3]);
        if (clients < 1 || clients > 256 || seconds < 1) {
            fprintf (stderr, "registry_load: CLIENTS must be 1-256 and SECONDS at least 1\n");
            sk_config_destroy (&config);
            return 2;
        }
        const char *range = getenv ("SAMSKAB_BENCH_IDS"); //  "FIRST LAST" from seed
        int64_t first = 1, last = 1;
        if (range && sscanf (range, "%" SCNd64 " %" SCNd64, &first, &last) != 2)
            first = last = 1;
        load_t *loads = (load_t *)calloc ((size_t)clients, sizeof *loads);
        pthread_t *threads = (pthread_t *)calloc ((size_t)clients, sizeof *threads);
        int64_t deadline = zclock_mono () + seconds * 1000;
        for (int i = 0; i < clients; i++) {
            loads[i] = (load_t){ .config = config,
                                 .mode = argv[1],
                                 .deadline = deadline,
                                 .first = first,
                                 .last = last,
                                 .cap = MAX_SAMPLES / clients,
                                 .samples = (int64_t *)sk_malloc (MAX_SAMPLES / clients
                                                                  * sizeof (int64_t)) };
            pthread_create (&threads[i], NULL, s_run, &loads[i]);
        }
        size_t total = 0, errors = 0;
        for (int i = 0; i < clients; i++) {
            pthread_join (threads[i], NULL);
            total += loads[i].count;
            errors += loads[i].errors;
        }
        int64_t *all = (int64_t *)sk_malloc ((total + 1) * sizeof *all);
        size_t n = 0;
        for (int i = 0; i < clients; i++) {
            memcpy (all + n, loads[i].samples, loads[i].count * sizeof *all);
            n += loads[i].count;
            free (loads[i].samples);
        }
        qsort (all, n, sizeof *all, s_cmp);
        printf ("%s %d %zu %zu %.0f %" PRId64 " %" PRId64 "\n", argv[1], clients, n, errors,
                (double)n / seconds, n ? all[n / 2] : 0, n ? all[n * 99 / 100] : 0);
        free (all);
        free (loads);
        free (threads);
        rc = errors || !n;
    } else
        fprintf (stderr, "usage: registry_load seed N | get|list CLIENTS SECONDS\n");
    sk_config_destroy (&config);
    return rc;
}
