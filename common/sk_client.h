/*  sk_client.h: a request/reply client of one service (Lazy Pirate).

    A DEALER with CURVE to the service's ROUTER, or to each instance of a
    comma-separated list ("tcp://10.0.0.1:7101,tcp://10.0.0.2:7101"):
    requests go in turn to the instances whose connection is up, none to a
    dead one. A request that gets no reply within the timeout is sent again
    with the same request id on a fresh socket (reaching a live instance, so
    a dead one costs a request at most one timeout); the stored reply makes
    a mutating op apply once, whichever instance the retry reaches. After
    the last retry the call fails with "unavailable", naming the service
    and the endpoints.
*/
#ifndef SK_CLIENT_H_INCLUDED
#define SK_CLIENT_H_INCLUDED

#include "sk_config.h"
#include "sk_msg.h"

typedef struct _sk_client_t sk_client_t;

//  A client of service at endpoint (one, or a comma-separated list),
//  presenting cert (secret file) and trusting server_cert (public file).
//  NULL, logged, if a file is unusable or the list has an empty entry.
sk_client_t *sk_client_new (const char *service, const char *endpoint, const char *cert,
                            const char *server_cert);
//  Whether list is one or more endpoints separated by commas, none empty.
bool sk_client_list_valid (const char *list);
//  The settings a client of service needs, read from configuration:
//  *endpoint from SERVICE/connect (or SERVICE/endpoint), *server from
//  SERVICE/public, *cert from cert_key (e.g. "cli/cert"). 0, or -1 when
//  one is missing (the others are still set, NULL where missing).
int sk_client_settings (sk_config_t *config, const char *service, const char *cert_key,
                        const char **endpoint, const char **server, const char **cert);
//  A client from those settings; NULL, logged, when one is missing.
sk_client_t *sk_client_from_config (sk_config_t *config, const char *service, const char *cert_key);
void sk_client_destroy (sk_client_t **self_p);
void sk_client_set_timeout (sk_client_t *self, int timeout_ms, int retries);

//  Call op for tenant with body (a packed map, or NULL). id is the request
//  id, or NULL for a fresh one. Returns 0 with reply decoded (the reply's
//  "ok" says whether the service accepted), or -1 with err when no valid
//  reply came. Release reply with sk_frame_release in both cases.
int sk_client_call (sk_client_t *self, const char *op, const char *tenant, const sk_pack_t *body,
                    const char *id, sk_frame_t *reply, sk_error_t *err);

//  Read the error of a failed reply into err; 0 if the reply was ok.
int sk_reply_error (const sk_frame_t *reply, sk_error_t *err);

#endif
