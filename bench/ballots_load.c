/*  ballots_load: cast ballots through ZeroMQ with CURVE from concurrent
    clients, as voting front ends would.

    usage: ballots_load PROCESS CLIENTS CODES_FILE PROJECT...

    Reads the vote service's endpoint and public certificate from
    $SAMSKAB_CONFIG and presents the certificate in bench/cert
    ($SAMSKAB_BENCH_CERT: a service certificate). CODES_FILE holds one voter
    code per line (the CSV of samskab budget codes works: the code is its
    field shaped XXXXX-XXXXX, bench_codes_read). Each of CLIENTS connections (CURVE) has one cast in
    flight and takes the next unused code; THREADS (2, as pgbench -j 2)
    drive them between them; a cast counts when
    its reply, sent by the service only after the commit, says ok. Each
    ballot approves one to three of the given projects. Prints one line:
    clients, ballots, errors, ballots per second, p50 and p99 latency in
    microseconds.
*/
#include <czmq.h>
#include <pthread.h>
#include <stdatomic.h>

#include "bench.h"
#include "sk_auth.h"
#include "sk_client.h"
#include "sk_log.h"
#include "sk_mem.h"

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

//  One connection: a DEALER with CURVE, one cast in flight
typedef struct {
    zsock_t *sock;
    size_t code;   //  index of the cast in flight
    char id[24];   //  its request id
    int64_t start; //  us
} conn_t;

typedef struct {
    load_t *load;
    conn_t *conns;
    int nconns;
} caster_t;

//  Send the next unused code's cast on c; false when the codes are used up.
static bool
s_cast (load_t *self, conn_t *c, unsigned *seed, sk_pack_t *body, sk_pack_t *req)
{
    size_t i = atomic_fetch_add (&self->next, 1);
    if (i >= self->ncodes)
        return false;
    char nonce[64];
    snprintf (nonce, sizeof nonce, "bench-%zu-%08x%08x", i, rand_r (seed), rand_r (seed));
    int n = 1 + rand_r (seed) % 3;
    if (n > self->nprojects)
        n = self->nprojects;
    int first = rand_r (seed) % self->nprojects;
    sk_pack_reset (body);
    sk_pack_map (body, 4);
    sk_pack_kint (body, "process", self->process);
    sk_pack_kstr (body, "code", self->codes[i]);
    sk_pack_kstr (body, "nonce", nonce);
    sk_pack_str (body, "projects");
    sk_pack_array (body, (uint32_t)n);
    for (int k = 0; k < n; k++)
        sk_pack_int (body, self->projects[(first + k) % self->nprojects]);
    c->code = i;
    snprintf (c->id, sizeof c->id, "b%zu", i);
    sk_pack_reset (req);
    sk_pack_request (req, c->id, "vote.ballot.cast", "0730", body->buf.data, body->buf.size);
    c->start = zclock_usecs ();
    zmq_send (zsock_resolve (c->sock), req->buf.data, req->buf.size, 0);
    return true;
}

//  A thread driving its connections, as pgbench's threads drive theirs:
//  a cast goes out on a connection when its last one was answered.
static void *
s_caster (void *arg)
{
    caster_t *caster = (caster_t *)arg;
    load_t *self = caster->load;
    unsigned seed = (unsigned)(uintptr_t)pthread_self ();
    sk_pack_t body, req;
    sk_pack_init (&body);
    sk_pack_init (&req);
    zmq_pollitem_t *items = sk_malloc (sizeof (zmq_pollitem_t) * (size_t)caster->nconns);
    int busy = 0;
    for (int k = 0; k < caster->nconns; k++) {
        items[k] = (zmq_pollitem_t){ zsock_resolve (caster->conns[k].sock), 0, ZMQ_POLLIN, 0 };
        busy += s_cast (self, &caster->conns[k], &seed, &body, &req);
    }
    while (busy > 0 && !zsys_interrupted) {
        int rc = zmq_poll (items, caster->nconns, 20000);
        if (rc <= 0) {
            fprintf (stderr, "ballots_load: no answer in 20 s to %d casts\n", busy);
            atomic_fetch_add (&self->errors, (size_t)busy);
            break;
        }
        for (int k = 0; k < caster->nconns; k++) {
            if (!(items[k].revents & ZMQ_POLLIN))
                continue;
            conn_t *c = &caster->conns[k];
            zframe_t *frame = zframe_recv (c->sock);
            sk_frame_t reply;
            sk_error_t err = { 0 };
            if (!frame
                || sk_frame_decode_copy (&reply, zframe_data (frame), zframe_size (frame), &err)) {
                zframe_destroy (&frame);
                sk_frame_release (&reply);
                fprintf (stderr, "ballots_load: an undecodable answer: %s\n", err.message);
                atomic_fetch_add (&self->errors, 1);
                self->samples[c->code] = -1;
                busy--;
                items[k].events = 0; //  this connection is done
                continue;
            }
            zframe_destroy (&frame);
            if (!sk_obj_str_eq (sk_obj_get (&reply.root, "id"), c->id)
                || sk_reply_error (&reply, &err)) {
                if (atomic_fetch_add (&self->errors, 1) < 5)
                    fprintf (stderr, "ballots_load: cast failed: %s: %s\n", err.code, err.message);
                self->samples[c->code] = -1;
            } else
                self->samples[c->code] = zclock_usecs () - c->start;
            sk_frame_release (&reply);
            if (!s_cast (self, c, &seed, &body, &req)) {
                busy--;
                items[k].events = 0;
            }
        }
    }
    free (items);
    sk_pack_release (&body);
    sk_pack_release (&req);
    return NULL;
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
    if (!(self.codes = (char (*)[16])bench_codes_read ("ballots_load", argv[3], 16, &self.ncodes)))
        return 2;
    self.nprojects = argc - 4;
    self.projects = sk_malloc (sizeof (int64_t) * (size_t)self.nprojects);
    for (int i = 0; i < self.nprojects; i++)
        self.projects[i] = atoll (argv[4 + i]);
    self.samples = sk_malloc (sizeof (int64_t) * (self.ncodes ? self.ncodes : 1));
    for (size_t i = 0; i < self.ncodes; i++)
        self.samples[i] = -1; //  not cast (yet)
    //  The connections are made here: the configuration is not for threads
    sk_config_t *config = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    if (!config)
        return 2;
    const char *endpoint =
        sk_config_get (config, "vote/connect", sk_config_get (config, "vote/endpoint", NULL));
    const char *server = sk_config_get (config, "vote/public", NULL);
    const char *cert = sk_config_get (config, "bench/cert", NULL);
    if (!endpoint || !server || !cert) {
        fprintf (stderr, "ballots_load: vote/connect, vote/public and bench/cert are needed\n");
        return 2;
    }
    conn_t *conns = sk_malloc (sizeof (conn_t) * (size_t)clients);
    for (int i = 0; i < clients; i++) {
        conns[i].sock = zsock_new (ZMQ_DEALER);
        zsock_set_linger (conns[i].sock, 0);
        if (sk_auth_client (conns[i].sock, cert, server)
            || zsock_connect (conns[i].sock, "%s", endpoint))
            return 2;
    }
    //  THREADS (2, as pgbench -j 2) drive the connections between them
    int nthreads = getenv ("THREADS") ? atoi (getenv ("THREADS")) : 2;
    if (nthreads < 1 || nthreads > clients)
        nthreads = clients < 2 ? clients : 2;
    caster_t *casters = sk_malloc (sizeof (caster_t) * (size_t)nthreads);
    for (int t = 0; t < nthreads; t++) {
        int from = clients * t / nthreads, to = clients * (t + 1) / nthreads;
        casters[t] = (caster_t){ &self, conns + from, to - from };
    }
    pthread_t *threads = sk_malloc (sizeof (pthread_t) * (size_t)nthreads);
    int64_t start = zclock_usecs ();
    for (int t = 0; t < nthreads; t++)
        pthread_create (&threads[t], NULL, s_caster, &casters[t]);
    for (int t = 0; t < nthreads; t++)
        pthread_join (threads[t], NULL);
    double secs = (double)(zclock_usecs () - start) / 1e6;
    size_t ok = 0;
    for (size_t i = 0; i < self.ncodes; i++)
        if (self.samples[i] >= 0)
            self.samples[ok++] = self.samples[i];
    qsort (self.samples, ok, sizeof (int64_t), bench_cmp_i64);
    printf ("%d %zu %zu %.0f %lld %lld\n", clients, ok, (size_t)self.errors, (double)ok / secs,
            ok ? (long long)self.samples[ok / 2] : 0LL,
            ok ? (long long)self.samples[ok * 99 / 100] : 0LL);
    for (int i = 0; i < clients; i++)
        zsock_destroy (&conns[i].sock);
    free (conns);
    free (casters);
    sk_config_destroy (&config);
    free (threads);
    free (self.samples);
    free (self.projects);
    free (self.codes);
    return self.errors ? 1 : 0;
}
