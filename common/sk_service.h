/*  sk_service.h: the one service loop (DESIGN.md, "One way in").

    A service is a name, a schema and a table of ops. sk_service runs it:
    it migrates the schema, starts the ZAP handler, binds the CURVE ROUTER
    and runs the broker (sk_broker.c) with N workers (sk_worker.c), and
    beside them the threads the service attaches, until SIGINT or SIGTERM.
    Handlers are business logic only: they use the toolkit in sk_call.h,
    sk_event.h and sk_defer.h, which this header includes.

    With "bus/xsub" (or "bus/xsub_connect", a list of notify instances) and
    "notify/public" set, the broker also publishes each committed event
    (topic frame, event frame) on a CURVE PUB connected to every notify's
    XSUB (sk_bus.h). The bus only wakes subscribers; they pull what they miss.

    Every service also answers, from this loop:
      SERVICE.service.ping   who is answering, and its ops (no database)
      SERVICE.event.list     events after a seq, gap-free, replayable
*/
#ifndef SK_SERVICE_H_INCLUDED
#define SK_SERVICE_H_INCLUDED

#include "sk_call.h"
#include "sk_config.h"
#include "sk_defer.h"
#include "sk_event.h"

typedef struct _sk_service_t sk_service_t;

//  A service named name serving the ops in table (terminated by a row with
//  name NULL). Settings under name/ in config: endpoint, cert, keys, db,
//  workers, migrations. NULL, logged, if they are incomplete.
sk_service_t *sk_service_new (const char *name, const sk_op_t *table, sk_config_t *config);
void sk_service_destroy (sk_service_t **self_p);
//  Run actor (a czmq zactor_fn) beside the service from after the schema is
//  migrated and the ZAP handler is up until shutdown; at most 4 per service.
//  The actor must signal its pipe when ready and end on $TERM.
void sk_service_attach (sk_service_t *self, zactor_fn *actor, void *args);
//  Migrate the schema, bind, serve until SIGINT/SIGTERM. 0 on a clean stop.
int sk_service_run (sk_service_t *self);

//  What a service's main() hands sk_service_main.
typedef struct {
    const char *name;   //  "registry": its settings are under registry/
    const sk_op_t *ops; //  its op table
    //  Service-specific start-up, once the configuration is read and the
    //  service made: read its own settings, attach its threads. 0, or -1
    //  (logged) not to start. May be NULL.
    int (*start) (sk_service_t *service, sk_config_t *config);
    //  After the service stopped (if start succeeded): free what start
    //  made. May be NULL.
    void (*stop) (void);
} sk_service_def_t;

//  Every service's main(): the configuration from -c FILE or
//  $SAMSKAB_CONFIG, logging as the service at log/level, the service, its
//  start hook, and the service until it stops. Returns the process exit
//  status (2 usage, 1 an unreadable file, a bad setting or a failure).
int sk_service_main (const sk_service_def_t *def, int argc, char **argv);

#endif
