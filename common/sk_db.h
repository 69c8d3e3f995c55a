/*  sk_db.h: one PostgreSQL connection, owned by one thread.

    Every statement goes through PQexecParams with text parameters: there is
    no way to run SQL built from input. A lost connection is noticed on use;
    the next use reconnects, with exponential backoff capped at 5 s between
    attempts, so a PostgreSQL restart never kills a service: requests in the
    outage fail with "unavailable" and the service recovers by itself.
    Migrations apply the .sql files of each directory in name order, each once
    (a file name is its version, unique across directories),
    under an advisory lock, inside the service's own schema.

    Round trips are what a request costs, so a transaction's BEGIN and tenant
    setting travel in one pipeline with its first statement, independent
    statements can share one round trip (sk_db_exec_batch), and a read-only
    transaction's COMMIT is sent without waiting (sk_db_commit_nowait): its
    answer is collected before the connection's next use.
*/
#ifndef SK_DB_H_INCLUDED
#define SK_DB_H_INCLUDED

#include <libpq-fe.h>
#include <stdbool.h>

#include "sk_msg.h"

typedef struct _sk_db_t sk_db_t;

//  Connect with a libpq connection string and use schema as search_path.
//  Does not fail: an unreachable server is retried on first use. Unless
//  the string sets them, a TCP connection has connect_timeout=5,
//  keepalives (10 s idle, 3 probes 3 s apart) and tcp_user_timeout (ms of
//  data unacknowledged before the connection counts as lost): a server
//  fallen silent fails a statement with "unavailable" within seconds.
#define SK_DB_TCP_USER_TIMEOUT "4000"

sk_db_t *sk_db_new (const char *conninfo, const char *schema);
void sk_db_destroy (sk_db_t **self_p);
//  A setting for this connection's sessions (a planner setting for a
//  connection that runs only a few statements of known shape), applied
//  with set_config at every connect. Before the first use; at most 4.
void sk_db_set (sk_db_t *self, const char *name, const char *value);
//  Make sure the connection is up, reconnecting if due; 0 or -1.
int sk_db_ensure (sk_db_t *self);
bool sk_db_connected (sk_db_t *self);

//  Run one statement with text parameters (NULL for SQL NULL). Returns the
//  result (caller PQclears it) or NULL with err filled: SQLSTATE class 23 and
//  22 map to conflict / invalid_argument, connection loss to unavailable,
//  anything else to internal (logged in full, with a short message on the
//  wire). A result is returned only for COMMAND_OK and TUPLES_OK.
PGresult *sk_db_exec (sk_db_t *self, sk_error_t *err, const char *sql, int nparams,
                      const char *const *params);
//  The same, for statements whose result is not needed; 0 or -1.
int sk_db_run (sk_db_t *self, sk_error_t *err, const char *sql, int nparams,
               const char *const *params);

//  Independent statements (none reads what another writes) in one round
//  trip. Fills results[0..n-1] and returns 0, or returns -1 with err for
//  the first that failed and no results to free.
#define SK_DB_MAX_BATCH    16
#define SK_DB_MAX_PREPARED 512 //  per connection; beyond, statements run unnamed
typedef struct {
    const char *sql;
    int nparams;
    const char *const *params;
} sk_stmt_t;
int sk_db_exec_batch (sk_db_t *self, sk_error_t *err, int n, const sk_stmt_t *stmts,
                      PGresult **results);
//  The last batch of a transaction: its COMMIT travels in the same round
//  trip, so a read is one round trip in all; a commit that fails fails the
//  batch (with unavailable if the connection went with it: the outcome is
//  then unknown, as for any commit). A statement after it in the same
//  transaction fails (internal); the commit or rollback that follows is a
//  no-op.
int sk_db_exec_final (sk_db_t *self, sk_error_t *err, int n, const sk_stmt_t *stmts,
                      PGresult **results);

//  Open a transaction seen through the tenant wall (row-level security reads
//  samskab.tenant); 0 or -1 with err. The BEGIN is sent with the first
//  statement; a transaction that runs none costs nothing.
int sk_db_begin (sk_db_t *self, const char *tenant, sk_error_t *err);
int sk_db_commit (sk_db_t *self, sk_error_t *err);
//  End a transaction that wrote nothing without waiting for the answer.
void sk_db_commit_nowait (sk_db_t *self);
//  Roll back if a transaction is open; never fails from the caller's view.
void sk_db_rollback (sk_db_t *self);

//  Apply the migrations in each directory (NULL-terminated list), in order.
//  0, or -1 with the failing file and PostgreSQL's message logged.
int sk_db_migrate (sk_db_t *self, const char *const *dirs);

//  Two roles (doc/DECISIONS.md, "Two database roles"): owner, the
//  connection that migrated this schema (it owns its tables), lets the
//  role that requests logs in as use them: USAGE on the schema, SELECT,
//  INSERT, UPDATE and DELETE on its tables (not schema_migrations), its
//  sequences. Refused (-1, logged) when that role could step over the
//  tenant wall: a superuser, BYPASSRLS, or a member of the owner's role.
//  The same role for both is allowed with a warning (it owns the tables,
//  so it could switch row-level security off). 0 or -1.
int sk_db_grant_requests (sk_db_t *owner, sk_db_t *requests);

//  The raw connection, for COPY and LISTEN; NULL when down.
PGconn *sk_db_conn (sk_db_t *self);

//  The text form of a bytea parameter ("\\x0a1b..."); the caller frees it.
char *sk_db_bytea (const void *data, size_t size);

#endif
