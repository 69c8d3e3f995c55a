/*  itest.h: helpers for integration tests against the running stack
    (tests/run.sh exports SAMSKAB_CONFIG and SAMSKAB_VAR).
*/
#ifndef ITEST_H_INCLUDED
#define ITEST_H_INCLUDED

#include <czmq.h>
#include <libpq-fe.h>

#include "sk_check.h"
#include "sk_client.h"
#include "sk_log.h"
#include "sk_msg.h"

//  A client of service presenting the certificate var/keys/WHO.cert_secret.
sk_client_t *itest_client (const char *service, const char *who);
//  Call and return the reply's error code, or "ok"; "transport" if no reply.
//  The reply body is copied into *body_out (packed) when given.
const char *itest_call (sk_client_t *client, const char *op, const char *tenant,
                        const sk_pack_t *body, const char *id, sk_frame_t *reply);
//  The body map of a reply.
const msgpack_object *itest_body (sk_frame_t *reply);
//  An integer field of a map, or -1.
int64_t itest_int (const msgpack_object *map, const char *key);
//  The error field of a failed reply ("" if none).
const char *itest_field (sk_frame_t *reply);
//  The message of a failed reply, or "".
const char *itest_message (sk_frame_t *reply);
//  A string field of a map into buf ("" if absent); returns buf.
const char *itest_str (const msgpack_object *map, const char *key, char *buf, size_t size);
//  The size of an array, or -1 if obj is none (for CHECK_INT_EQ).
int64_t itest_size (const msgpack_object *obj);
//  The last event seq of a service (op its SERVICE.event.list, asked for
//  all tenants), or -1 when it does not answer.
int64_t itest_last_seq (sk_client_t *client, const char *op);
//  A random version-4 UUID as text (36 characters and a NUL) into out.
void itest_uuid (char *out);
//  A string field of a map, or NULL if absent (for CHECK_STR_EQ): a copy in
//  one of 8 static buffers taken in turn.
const char *itest_s (const msgpack_object *map, const char *key);
//  The pid of a service the stack started, or 0.
pid_t itest_pid (const char *service);
//  A raw DEALER with WHO's certificate to service, for malformed input.
zsock_t *itest_raw (const char *service, const char *who);
//  Make a certificate NAME (role, municipality) while the stack runs: its
//  secret in $SAMSKAB_VAR/keys, its public file in the clients folder
//  (read again within a second). The public file's path into pub.
void itest_cert_make (const char *name, const char *role, const char *municipality, char *pub,
                      size_t size);
//  The folder of the programs under test: $SAMSKAB_BIN (tests/run.sh sets
//  it), else bin.
const char *itest_bin (void);
//  A test program's cases, in the order a whole run takes them; the list
//  ends with { NULL }. Each case makes the data it needs, so that it can
//  run alone (tests/integration/alone.sh runs each so).
typedef struct {
    const char *name;
    void (*run) (void);
} itest_case_t;
//  Run every case, or only the case argv[1] names ("-l" lists the names).
//  Returns the exit status: 0, 1 when a case failed, 2 for no such case.
int itest_cases (const itest_case_t *cases, int argc, char **argv);
//  Start another instance of service, bound to 127.0.0.1:port (notify: its
//  bus on the two ports after), the rest of its settings from the
//  environment and $SAMSKAB_CONFIG, logging to $SAMSKAB_VAR/SERVICE-PORT.log.
//  Its pid (the caller kills and reaps it).
pid_t itest_start_instance (const char *service, int port);
//  A connection to the stack's database as the superuser, past the
//  tenant wall (the caller PQfinishes it; check PQstatus).
PGconn *itest_superuser (void);
//  The one value of sql (a count) with p1 and p2 as its text parameters
//  $1 and $2 (NULL: fewer), read as the superuser; -1 on error, said.
int64_t itest_count (const char *sql, const char *p1, const char *p2);
//  Run "deploy/local/stack.sh CMD $SAMSKAB_VAR".
int itest_stack (const char *cmd);

#endif
