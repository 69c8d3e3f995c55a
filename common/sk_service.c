/*  sk_service.c: a service's settings, its start-up and shutdown, and
    every service's main() (sk_service.h). */
#include <czmq.h>
#include <malloc.h>

#include "sk_broker.h"
#include "sk_bus.h"
#include "sk_log.h"
#include "sk_mem.h"
#include "sk_peers.h"
#include "sk_service.h"
#include "sk_worker.h"

//  The frontend's queues, per connection (doc/DECISIONS.md "Bounded
//  memory"): the protocol has one request in flight per connection; the
//  margin is for tools that pipeline (vote_test's floods hold 400)
#define S_SNDHWM       500  //  replies not yet read; a full queue closes the connection
#define S_RCVHWM       32   //  requests not yet taken: the rest wait in TCP
#define S_HANDSHAKE_MS 5000 //  a connection that has not finished CURVE by then is closed

struct _sk_service_t {
    char *name;           //  "registry"
    const sk_op_t *table; //  the service's ops
    char *endpoint;       //  where the ROUTER binds
    char *cert;           //  the service's secret certificate
    char *clients;        //  directory of client public certificates
    char *db;             //  libpq connection string of requests
    char *db_owner;       //  of migrations: the tables' owner
    char *migrations[3];  //  common/sql, services/NAME/sql, NULL
    int workers;          //  worker threads, one connection each
    int prune_s;          //  seconds between prunes of stored replies
    int max_conns;        //  connections the frontend holds (sk_peers.h)
    int max_conns_per_address;
    char *bus;            //  notify's XSUB endpoint, or NULL: no bus
    char *bus_public;     //  notify's public certificate
    zactor_fn *extras[4]; //  threads the service adds (sk_service_attach)
    void *extra_args[4];
    int nextras;
};

sk_service_t *
sk_service_new (const char *name, const sk_op_t *table, sk_config_t *config)
{
    char key[96];
    const char *values[5];
    static const char *names[] = { "endpoint", "cert", "clients", "db", NULL };
    for (int i = 0; names[i]; i++) {
        snprintf (key, sizeof key, "%s/%s", name, names[i]);
        //  A setting may be given once for all services: "db", "clients"
        values[i] = sk_config_get (config, key, sk_config_get (config, names[i], NULL));
        if (!values[i]) {
            sk_error ("missing setting \"%s\"", key);
            sk_log (SK_LOG,
                    "HINT: set it in the configuration file or as "
                    "SAMSKAB_%s",
                    key);
            return NULL;
        }
    }
    for (const sk_op_t *op = table; op->name; op++)
        if (op->in_broker && op->mutating) {
            sk_error ("op \"%s\" cannot be both in_broker and mutating", op->name);
            return NULL;
        }
    int workers;
    snprintf (key, sizeof key, "%s/workers", name);
    if (sk_config_int (config, key, 4, 1, 64, &workers))
        return NULL;
    //  Stored replies older than 7 days go every prune_interval seconds
    //  (default hourly), also on a quiet system
    int prune_s;
    snprintf (key, sizeof key, "%s/prune_interval", name);
    int deflt_prune;
    if (sk_config_int (config, "prune_interval", 3600, 1, 86400, &deflt_prune)
        || sk_config_int (config, key, deflt_prune, 1, 86400, &prune_s))
        return NULL;
    int max_conns, max_conns_per_address;
    if (sk_peers_settings (config, name, &max_conns, &max_conns_per_address))
        return NULL;
    sk_service_t *self = sk_malloc (sizeof *self);
    self->max_conns = max_conns;
    self->max_conns_per_address = max_conns_per_address;
    self->name = sk_strdup (name);
    self->prune_s = prune_s;
    self->table = table;
    self->endpoint = sk_strdup (values[0]);
    self->cert = sk_strdup (values[1]);
    self->clients = sk_strdup (values[2]);
    self->db = sk_strdup (values[3]);
    snprintf (key, sizeof key, "%s/db_owner", name);
    self->db_owner =
        sk_strdup (sk_config_get (config, key, sk_config_get (config, "db_owner", values[3])));
    self->workers = workers;
    self->migrations[0] = sk_strdup (sk_config_get (config, "core/migrations", "common/sql"));
    snprintf (key, sizeof key, "%s/migrations", name);
    char deflt[128];
    snprintf (deflt, sizeof deflt, "services/%s/sql", name);
    self->migrations[1] = sk_strdup (sk_config_get (config, key, deflt));
    self->migrations[2] = NULL;
    self->bus = self->bus_public = NULL;
    self->nextras = 0;
    //  The bus is optional: publish committed events to notify's XSUBs
    const char *bus = sk_bus_endpoints (config, "xsub");
    const char *bus_public = sk_config_get (config, "notify/public", NULL);
    if (bus && bus_public) {
        self->bus = sk_strdup (bus);
        self->bus_public = sk_strdup (bus_public);
    }
    return self;
}

void
sk_service_attach (sk_service_t *self, zactor_fn *actor, void *args)
{
    assert (self->nextras < 4);
    self->extras[self->nextras] = actor;
    self->extra_args[self->nextras++] = args;
}

void
sk_service_destroy (sk_service_t **self_p)
{
    sk_service_t *self = *self_p;
    if (!self)
        return;
    free (self->name);
    free (self->endpoint);
    free (self->cert);
    free (self->clients);
    free (self->db);
    free (self->db_owner);
    free (self->migrations[0]);
    free (self->migrations[1]);
    free (self->bus);
    free (self->bus_public);
    free (self);
    *self_p = NULL;
}

//  Migrate the schema, waiting for PostgreSQL to accept connections for
//  as long as it takes (sk_db_ensure backs off to an attempt every 5 s),
//  unless the service is stopped meanwhile. 0 or -1.
static int
s_migrate (sk_service_t *self)
{
    sk_db_t *db = sk_db_new (self->db_owner, self->name);
    int64_t since = zclock_mono ();
    bool waited = false;
    while (sk_db_ensure (db) && !zsys_interrupted) {
        if (!waited)
            sk_warn ("waiting for the database to accept connections, trying again "
                     "with a growing pause of up to 5 s");
        waited = true;
        zclock_sleep (100);
    }
    if (zsys_interrupted) {
        sk_db_destroy (&db);
        return -1;
    }
    if (waited)
        sk_info ("the database accepts connections after %d s",
                 (int)((zclock_mono () - since + 500) / 1000));
    int rc = sk_db_migrate (db, (const char *const *)self->migrations);
    //  Requests run as a role that uses the tables and does not own them
    sk_db_t *requests = sk_db_new (self->db, self->name);
    if (rc == 0)
        rc = sk_db_grant_requests (db, requests);
    sk_db_destroy (&requests);
    sk_db_destroy (&db);
    return rc;
}

//  The CURVE ROUTER clients talk to, bound; NULL, logged, if it cannot be.
//  The ZAP handler must exist before.
static zsock_t *
s_frontend_bind (sk_service_t *self)
{
    zsock_t *frontend = zsock_new (ZMQ_ROUTER);
    zsock_set_maxmsgsize (frontend, SK_MAX_FRAME);
    zsock_set_heartbeat_ivl (frontend, 5000);
    zsock_set_heartbeat_timeout (frontend, 15000);
    zsock_set_handshake_ivl (frontend, S_HANDSHAKE_MS);
    zsock_set_sndhwm (frontend, S_SNDHWM);
    zsock_set_rcvhwm (frontend, S_RCVHWM);
    //  A reply to a full queue fails at once (EAGAIN) instead of being
    //  dropped unseen: the broker then closes that connection
    zsock_set_router_mandatory (frontend, 1);
    zsock_set_linger (frontend, 0);
    if (sk_auth_server (frontend, self->cert) || zsock_bind (frontend, "%s", self->endpoint) < 0) {
        sk_error ("could not bind %s: %s", self->endpoint, zmq_strerror (zmq_errno ()));
        zsock_destroy (&frontend);
    }
    return frontend;
}

//  The PUB to notify's XSUB, or NULL if no bus is set or it cannot connect.
static zsock_t *
s_bus_connect (sk_service_t *self)
{
    if (!self->bus)
        return NULL;
    zsock_t *bus = sk_bus_connect (ZMQ_PUB, self->bus, self->cert, self->bus_public);
    if (!bus)
        sk_warn ("events are not published on the bus; subscribers pull them");
    return bus;
}

int
sk_service_run (sk_service_t *self)
{
    if (s_migrate (self))
        return -1;
    zactor_t *auth = sk_auth_new (self->clients);
    if (!auth)
        return -1;
    zsock_t *frontend = s_frontend_bind (self);
    if (!frontend) {
        zactor_destroy (&auth);
        return -1;
    }
    zsock_t *bus = s_bus_connect (self);
    sk_broker_t *broker = sk_broker_new (self->name, self->table, &frontend, &bus, self->max_conns,
                                         self->max_conns_per_address);
    sk_defer_open (">" SK_WORKER_ENDPOINT);
    sk_worker_t *workers = sk_malloc (sizeof (sk_worker_t) * (size_t)self->workers);
    zactor_t **actors = sk_malloc (sizeof (zactor_t *) * (size_t)self->workers);
    for (int i = 0; i < self->workers; i++) {
        sk_worker_init (&workers[i], self->name, self->table, sk_db_new (self->db, self->name));
        if (i == 0)
            sk_worker_set_prune (&workers[i], self->prune_s);
        actors[i] = zactor_new (sk_worker_actor, &workers[i]);
    }
    sk_info ("%s serving on %s with %d workers", self->name, self->endpoint, self->workers);
    zactor_t *extras[4] = { NULL };
    for (int i = 0; i < self->nextras; i++)
        extras[i] = zactor_new (self->extras[i], self->extra_args[i]);

    sk_broker_run (broker);

    //  Drain: the requests in hand are answered (the added threads, such
    //  as vote's committer, finish and answer theirs when they get $TERM),
    //  new ones are refused unavailable, then the process exits
    sk_info ("%s shutting down: answering the requests in hand", self->name);
    sk_broker_drain (broker, self->workers, SK_DRAIN_MS);
    for (int i = 0; i < self->nextras; i++)
        zactor_destroy (&extras[i]);
    sk_broker_flush (broker);
    for (int i = 0; i < self->workers; i++) {
        zactor_destroy (&actors[i]);
        sk_db_destroy (&workers[i].db);
    }
    free (actors);
    free (workers);
    sk_defer_close ();
    sk_broker_destroy (&broker);
    zactor_destroy (&auth);
    return 0;
}

//  --------------------------------------------------------------------------
//  Every service's main()

//  The configuration from -c FILE or $SAMSKAB_CONFIG, and logging as name
//  at log/level. NULL with *status set to the exit status (2 usage, 1
//  unreadable file) if it fails.
static sk_config_t *
s_config (const char *name, int argc, char **argv, int *status)
{
    const char *path = getenv ("SAMSKAB_CONFIG");
    for (int i = 1; i < argc; i++) {
        if (streq (argv[i], "-c") && i + 1 < argc)
            path = argv[++i];
        else {
            fprintf (stderr, "usage: samskab-%s [-c CONFIG_FILE]\n", name);
            *status = 2;
            return NULL;
        }
    }
    sk_config_t *config = sk_config_new (path);
    if (!config) {
        *status = 1;
        return NULL;
    }
    //  Blocks of 128 KiB and more (a request's frames, a large reply) are
    //  mapped and unmapped, never kept in the heap: glibc's moving
    //  threshold otherwise keeps what a flood of large frames took
    mallopt (M_MMAP_THRESHOLD, 128 * 1024);
    int level = sk_log_level_parse (sk_config_get (config, "log/level", "log"));
    sk_log_init (name, level < 0 ? SK_LOG : (sk_level_t)level);
    //  Two I/O threads: a storm of CURVE handshakes (each a few public-key
    //  operations) on one does not hold up the connections on the other
    zsys_set_io_threads (2);
    zsys_init ();
    zsys_set_logident (name);
    return config;
}

int
sk_service_main (const sk_service_def_t *def, int argc, char **argv)
{
    int status;
    sk_config_t *config = s_config (def->name, argc, argv, &status);
    if (!config)
        return status;
    sk_service_t *service = sk_service_new (def->name, def->ops, config);
    int rc = -1;
    if (service && (!def->start || def->start (service, config) == 0)) {
        rc = sk_service_run (service);
        if (def->stop)
            def->stop ();
    }
    sk_service_destroy (&service);
    sk_config_destroy (&config);
    return rc ? 1 : 0;
}
