/*  reg_search_bench: latency of registry.party.search through ZeroMQ with
    CURVE, one connection, one query at a time, as staff would search.

    usage: reg_search_bench QUERIES [WORD...]  (SAMSKAB_CONFIG, cli/cert)
    Prints the latencies of each query, of the queries of one word and of
    several, then of all: "search N queries: p50 X ms, p95 X ms, p99 X ms,
    max X ms, mean hits H"; exits non-zero if any query fails.
*/
#include <czmq.h>

#include "sk_client.h"
#include "sk_config.h"
#include "sk_log.h"

static int s_cmp (const void *a, const void *b);

//  Prints the percentiles of n sorted latencies (µs) under a label
static void
s_report (const char *label, int64_t *usecs, int n, int64_t hits)
{
    if (n == 0)
        return;
    qsort (usecs, (size_t)n, sizeof (int64_t), s_cmp);
    printf ("%s %d queries: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, "
            "mean hits %.1f\n",
            label, n, usecs[n / 2] / 1000.0, usecs[(int)(n * 0.95)] / 1000.0,
            usecs[(int)(n * 0.99)] / 1000.0, usecs[n - 1] / 1000.0, (double)hits / n);
}

static int
s_cmp (const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
    sk_log_init ("reg_search_bench", SK_WARNING);
    zsys_init ();
    if (argc < 3) {
        fprintf (stderr, "usage: reg_search_bench QUERIES WORD...\n");
        return 2;
    }
    int n = atoi (argv[1]);
    if (n < 1 || n > 1000000)
        return 2;
    sk_config_t *config = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    if (!config)
        return 2;
    sk_client_t *client = sk_client_from_config (config, "registry", "cli/cert");
    if (!client)
        return 2;
    sk_client_set_timeout (client, 10000, 0);
    const char *tenant = sk_config_get (config, "cli/tenant", "0730");
    int64_t *usecs = (int64_t *)calloc ((size_t)n, sizeof (int64_t));
    int64_t hits = 0;
    int failed = 0;
    //  Each query's own latencies and hits, and those of one word and of
    //  several words
    int words = argc - 2;
    int64_t *each = (int64_t *)calloc ((size_t)n, sizeof (int64_t));
    int64_t *one = (int64_t *)calloc ((size_t)n, sizeof (int64_t));
    int64_t *many = (int64_t *)calloc ((size_t)n, sizeof (int64_t));
    int64_t *word_hits = (int64_t *)calloc ((size_t)words, sizeof (int64_t));
    int n_one = 0, n_many = 0;
    int64_t hits_one = 0, hits_many = 0;
    //  Warm up the connection and the caches first, as a running service is
    for (int i = -50; i < n && !failed; i++) {
        const char *word = argv[2 + ((i + 50) % (argc - 2))];
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, 2);
        sk_pack_kstr (&body, "text", word);
        sk_pack_kint (&body, "limit", 20);
        sk_frame_t reply;
        sk_error_t err = { 0 };
        int64_t start = zclock_usecs ();
        int rc =
            sk_client_call (client, "registry.party.search", tenant, &body, NULL, &reply, &err);
        int64_t took = zclock_usecs () - start;
        if (rc || sk_reply_error (&reply, &err)) {
            fprintf (stderr, "reg_search_bench: \"%s\": %s\n", word, err.message);
            failed = 1;
        } else if (i >= 0) {
            usecs[i] = took;
            const msgpack_object *items = sk_obj_get (sk_obj_get (&reply.root, "body"), "items");
            int64_t got = items ? items->via.array.size : 0;
            hits += got;
            word_hits[(i + 50) % words] += got;
            if (strchr (word, ' ')) {
                many[n_many++] = took;
                hits_many += got;
            } else {
                one[n_one++] = took;
                hits_one += got;
            }
        }
        sk_frame_release (&reply);
        sk_pack_release (&body);
    }
    if (!failed) {
        for (int w = 0; w < words; w++) {
            int k = 0;
            for (int i = 0; i < n; i++)
                if ((i + 50) % words == w)
                    each[k++] = usecs[i];
            char label[600];
            snprintf (label, sizeof label, "  \"%s\":", argv[2 + w]);
            s_report (label, each, k, word_hits[w]);
        }
        s_report ("  one word:", one, n_one, hits_one);
        s_report ("  several words:", many, n_many, hits_many);
        s_report ("search", usecs, n, hits);
    }
    free (usecs);
    free (each);
    free (one);
    free (many);
    free (word_hits);
    sk_client_destroy (&client);
    sk_config_destroy (&config);
    return failed;
}
