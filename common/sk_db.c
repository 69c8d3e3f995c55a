/*  sk_db.c: libpq with reconnect and backoff, transactions, migrations. */
#include <czmq.h>
#include <dirent.h>

#include "sk_db.h"
#include "sk_log.h"
#include "sk_mem.h"

#define S_MAX_SETTINGS 4 //  sk_db_set's, besides the search_path

struct _sk_db_t {
    char *conninfo;
    char *schema;         //  also the search_path
    PGconn *conn;         //  NULL or a connection believed up
    int64_t next_attempt; //  zclock_mono ms before which we do not retry
    int backoff;          //  ms, doubles per failure up to 5000
    bool in_tx;           //  a transaction is open (or its BEGIN is pending)
    bool begin_pending;   //  BEGIN and tenant go out with the first statement
    bool draining;        //  a COMMIT was sent and its answer not yet read
    bool broken;          //  the connection was lost inside the open transaction
    bool finished;        //  a final batch committed the transaction
    char tenant[8];
    char *settings[2 * (1 + S_MAX_SETTINGS)]; //  name, value; search_path first
    int nsettings;
    zhash_t *prepared; //  sql text -> name of its prepared statement (copied)
    unsigned prepares; //  names handed out on this connection
};

sk_db_t *
sk_db_new (const char *conninfo, const char *schema)
{
    sk_db_t *self = sk_malloc (sizeof *self);
    self->conninfo = sk_strdup (conninfo);
    self->schema = sk_strdup (schema);
    self->conn = NULL;
    self->next_attempt = 0;
    self->backoff = 100;
    self->in_tx = false;
    self->begin_pending = false;
    self->draining = false;
    self->broken = false;
    self->finished = false;
    self->settings[0] = sk_strdup ("search_path");
    self->settings[1] = sk_strdup (schema);
    self->nsettings = 1;
    self->prepared = zhash_new ();
    zhash_autofree (self->prepared);
    self->prepares = 0;
    return self;
}

void
sk_db_destroy (sk_db_t **self_p)
{
    sk_db_t *self = *self_p;
    if (!self)
        return;
    if (self->conn)
        PQfinish (self->conn);
    zhash_destroy (&self->prepared);
    for (int i = 0; i < 2 * self->nsettings; i++)
        free (self->settings[i]);
    free (self->conninfo);
    free (self->schema);
    free (self);
    *self_p = NULL;
}

static void
s_drop (sk_db_t *self)
{
    if (self->conn)
        PQfinish (self->conn);
    self->conn = NULL;
    zhash_destroy (&self->prepared); //  they lived on that connection
    self->prepared = zhash_new ();
    zhash_autofree (self->prepared);
    //  A statement after this must not run on a new connection outside
    //  the transaction (and the tenant wall) it was written for. A BEGIN
    //  not yet sent stays pending: it goes out on the next connection.
    if (self->in_tx && !self->begin_pending) {
        self->broken = true;
        self->in_tx = false;
    }
    self->draining = false;
}

//  Apply setting i on the connection; false (logged) on failure.
static bool
s_apply_setting (sk_db_t *self, int i)
{
    const char *params[] = { self->settings[2 * i], self->settings[2 * i + 1] };
    PGresult *r = PQexecParams (self->conn, "SELECT set_config($1, $2, false)", 2, NULL, params,
                                NULL, NULL, 0);
    bool ok = PQresultStatus (r) == PGRES_TUPLES_OK;
    PQclear (r);
    if (!ok)
        sk_warn ("could not set %s: %s", params[0], PQerrorMessage (self->conn));
    return ok;
}

void
sk_db_set (sk_db_t *self, const char *name, const char *value)
{
    assert (!self->conn && self->nsettings <= S_MAX_SETTINGS);
    int i = self->nsettings++;
    self->settings[2 * i] = sk_strdup (name);
    self->settings[2 * i + 1] = sk_strdup (value);
}

//  0 if the connection is up and the transaction, if any, still open.
static int
s_ready (sk_db_t *self, sk_error_t *err)
{
    if (self->finished)
        return sk_error_set (err, "internal", NULL,
                             "a statement after its transaction's final batch");
    if (!self->broken && sk_db_ensure (self) == 0)
        return 0;
    sk_error_set (err, "unavailable", NULL, "the database is not available, try again");
    return -1;
}

//  Read the answer of a COMMIT sent without waiting.
static void
s_drain (sk_db_t *self)
{
    if (!self->draining)
        return;
    self->draining = false;
    PGresult *r;
    while ((r = PQgetResult (self->conn)))
        PQclear (r);
}

int
sk_db_ensure (sk_db_t *self)
{
    if (self->conn)
        s_drain (self);
    if (self->conn && PQstatus (self->conn) == CONNECTION_OK)
        return 0;
    s_drop (self);
    if (zclock_mono () < self->next_attempt)
        return -1;
    //  A database that falls silent (a cable, a power cut: no reset)
    //  fails a statement after a few seconds and a connection attempt
    //  after 5 s, instead of holding the worker for the kernel's minutes.
    //  TCP only; the connection string's own values come after, and win.
    static const char *const keys[] = { "connect_timeout",
                                        "keepalives_idle",
                                        "keepalives_interval",
                                        "keepalives_count",
                                        "tcp_user_timeout",
                                        "dbname",
                                        NULL };
    const char *values[] = { "5", "10", "3", "3", SK_DB_TCP_USER_TIMEOUT, self->conninfo, NULL };
    self->conn = PQconnectdbParams (keys, values, 1);
    if (PQstatus (self->conn) != CONNECTION_OK) {
        sk_warn ("could not connect to the database: %s", PQerrorMessage (self->conn));
        s_drop (self);
        self->next_attempt = zclock_mono () + self->backoff;
        self->backoff = self->backoff * 2 > 5000 ? 5000 : self->backoff * 2;
        return -1;
    }
    for (int i = 0; i < self->nsettings; i++)
        if (!s_apply_setting (self, i)) {
            s_drop (self);
            return -1;
        }
    self->backoff = 100;
    sk_debug ("connected to the database");
    return 0;
}

bool
sk_db_connected (sk_db_t *self)
{
    return self->conn && PQstatus (self->conn) == CONNECTION_OK;
}

PGconn *
sk_db_conn (sk_db_t *self)
{
    return sk_db_ensure (self) == 0 ? self->conn : NULL;
}

//  Map a failed result to the wire's error codes.
static void
s_error_from (sk_db_t *self, PGresult *r, sk_error_t *err)
{
    const char *state = r ? PQresultErrorField (r, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = r ? PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (PQstatus (self->conn) != CONNECTION_OK || !state || strncmp (state, "08", 2) == 0
        || strncmp (state, "57P", 3) == 0) {
        sk_warn ("lost the database connection: %s", PQerrorMessage (self->conn));
        s_drop (self);
        sk_error_set (err, "unavailable", NULL, "the database is not available, try again");
    } else if (streq (state, "23505") || streq (state, "40001") || streq (state, "40P01"))
        sk_error_set (err, "conflict", NULL, "%s", primary ? primary : state);
    else if (strncmp (state, "23", 2) == 0 || strncmp (state, "22", 2) == 0)
        sk_error_set (err, "invalid_argument", NULL, "%s", primary ? primary : state);
    else if (streq (state, "42501"))
        sk_error_set (err, "forbidden", NULL, "permission denied");
    else {
        sk_error ("database error %s: %s", state, primary ? primary : "");
        sk_error_set (err, "internal", NULL, "internal database error");
    }
}

//  The name of sql's prepared statement on this connection, or NULL if it
//  is not prepared yet (*name then holds the name to prepare it under, or
//  "" when the cache is full and it runs unnamed).
static const char *
s_prepared (sk_db_t *self, const char *sql, char name[16])
{
    const char *known = (const char *)zhash_lookup (self->prepared, sql);
    if (known)
        return known;
    if (zhash_size (self->prepared) < SK_DB_MAX_PREPARED)
        snprintf (name, 16, "sk%u", self->prepares++);
    else
        name[0] = 0;
    return NULL;
}

//  Send the statements in one pipeline, preceded by the pending BEGIN and
//  tenant setting, and collect their results. Each statement is prepared
//  on first use on this connection and executed by name afterwards, so
//  PostgreSQL plans it once (planning costs more than running a lookup).
//  0, or -1 with err from the first failure (and nothing left to free).
//  Long because: sending the commands and reading their results share the
//  slot table that maps each result to its statement; split apart, each
//  half would need that table and the pipeline state passed in and out.
static int
s_pipeline (sk_db_t *self, sk_error_t *err, int n, const sk_stmt_t *stmts, PGresult **results,
            bool final)
{
    //  The commands: BEGIN and the tenant setting if still pending, the
    //  statements, and the COMMIT of a final batch. A whole transaction in
    //  one pipeline needs no BEGIN and COMMIT: what comes before the Sync
    //  is one transaction (the extended protocol's implicit one), and the
    //  tenant setting ends with it.
    const char *tenant[] = { self->tenant };
    const sk_stmt_t begin = { "BEGIN", 0, NULL }, commit = { "COMMIT", 0, NULL };
    const sk_stmt_t set_tenant = { "SELECT set_config('samskab.tenant', $1, true)", 1, tenant };
    bool implicit = final && self->begin_pending;
    const sk_stmt_t *all[3 + SK_DB_MAX_BATCH];
    int slot[3 + SK_DB_MAX_BATCH]; //  its index in results, -1 for none
    int total = 0;
    if (self->begin_pending && !implicit) {
        slot[total] = -1;
        all[total++] = &begin;
    }
    if (self->begin_pending) {
        slot[total] = -1;
        all[total++] = &set_tenant;
    }
    for (int i = 0; i < n; i++) {
        slot[total] = i;
        all[total++] = &stmts[i];
    }
    if (final && !implicit) {
        slot[total] = -1;
        all[total++] = &commit;
    }
    self->begin_pending = false;

    //  Each statement but BEGIN and COMMIT is prepared on first use on this
    //  connection. What each result is: 2*j the prepare of command j,
    //  2*j+1 its execution.
    int expect[2 * (3 + SK_DB_MAX_BATCH)], count = 0;
    char names[3 + SK_DB_MAX_BATCH][16];
    bool sent = PQenterPipelineMode (self->conn) == 1;
    for (int j = 0; sent && j < total; j++) {
        const sk_stmt_t *st = all[j];
        const char *name = NULL;
        names[j][0] = 0;
        if (st != &begin && st != &commit)
            name = s_prepared (self, st->sql, names[j]);
        if (!name && names[j][0]) {
            sent = PQsendPrepare (self->conn, names[j], st->sql, st->nparams, NULL) == 1;
            expect[count++] = 2 * j;
            name = names[j];
        }
        if (name)
            sent = sent
                   && PQsendQueryPrepared (self->conn, name, st->nparams, st->params, NULL, NULL, 0)
                          == 1;
        else
            sent = PQsendQueryParams (self->conn, st->sql, st->nparams, NULL, st->params, NULL,
                                      NULL, 0)
                   == 1;
        expect[count++] = 2 * j + 1;
    }
    sent = sent && PQpipelineSync (self->conn) == 1;
    if (!sent) {
        s_error_from (self, NULL, err);
        return -1;
    }
    //  One result and a NULL per command, then the sync point
    PGresult *failed = NULL;
    for (int k = 0; k < count; k++) {
        PGresult *r = PQgetResult (self->conn);
        if (!r)
            break; //  connection lost: s_error_from sees it below
        ExecStatusType st = PQresultStatus (r);
        bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
        int j = expect[k] / 2;
        bool prepare = expect[k] % 2 == 0;
        if (ok && prepare)
            zhash_insert (self->prepared, all[j]->sql, names[j]);
        if (ok && !prepare && slot[j] >= 0)
            results[slot[j]] = r;
        else if (!ok && !failed && st != PGRES_PIPELINE_ABORTED)
            failed = r;
        else
            PQclear (r);
        PGresult *end = PQgetResult (self->conn);
        PQclear (end);
    }
    PGresult *sync = PQgetResult (self->conn);
    bool synced = sync && PQresultStatus (sync) == PGRES_PIPELINE_SYNC;
    PQclear (sync);
    if (synced)
        PQexitPipelineMode (self->conn);
    int missing = 0;
    for (int i = 0; i < n; i++)
        missing |= results[i] == NULL;
    if (failed || !synced || missing) {
        for (int i = 0; i < n; i++) {
            PQclear (results[i]);
            results[i] = NULL;
        }
        s_error_from (self, failed, err);
        PQclear (failed);
        if (!synced)
            s_drop (self);
        return -1;
    }
    return 0;
}

//  The pipeline, once more on a new connection if the old one turned out
//  dead while this call opened the transaction: nothing of it had run, so
//  a PostgreSQL restart since the connection's last use costs no request.
static int
s_pipeline_retry (sk_db_t *self, sk_error_t *err, int n, const sk_stmt_t *stmts, PGresult **results,
                  bool final)
{
    bool fresh = self->begin_pending;
    int rc = s_pipeline (self, err, n, stmts, results, final);
    if (rc && fresh && !self->conn) {
        self->broken = false;
        self->in_tx = true;
        self->begin_pending = true;
        memset (err, 0, sizeof *err);
        rc = s_ready (self, err) ? -1 : s_pipeline (self, err, n, stmts, results, final);
    }
    return rc;
}

static int
s_exec_batch (sk_db_t *self, sk_error_t *err, int n, const sk_stmt_t *stmts, PGresult **results,
              bool final)
{
    for (int i = 0; i < n; i++)
        results[i] = NULL;
    if (n < 1 || n > SK_DB_MAX_BATCH)
        return sk_error_set (err, "internal", NULL, "a batch holds 1 to %d statements",
                             SK_DB_MAX_BATCH);
    if (final && !self->in_tx)
        return sk_error_set (err, "internal", NULL, "a final batch needs an open transaction");
    if (s_ready (self, err))
        return -1;
    bool implicit = final && self->begin_pending;
    int rc = s_pipeline_retry (self, err, n, stmts, results, final);
    if (final && (rc == 0 || implicit)) {
        //  Committed, or an implicit transaction rolled back at its Sync:
        //  what follows in this transaction runs in none
        self->in_tx = false;
        self->finished = true;
    }
    return rc;
}

int
sk_db_exec_batch (sk_db_t *self, sk_error_t *err, int n, const sk_stmt_t *stmts, PGresult **results)
{
    return s_exec_batch (self, err, n, stmts, results, false);
}

int
sk_db_exec_final (sk_db_t *self, sk_error_t *err, int n, const sk_stmt_t *stmts, PGresult **results)
{
    return s_exec_batch (self, err, n, stmts, results, true);
}

PGresult *
sk_db_exec (sk_db_t *self, sk_error_t *err, const char *sql, int nparams, const char *const *params)
{
    if (s_ready (self, err))
        return NULL;
    sk_stmt_t stmt = { sql, nparams, params };
    PGresult *r = NULL;
    return s_pipeline_retry (self, err, 1, &stmt, &r, false) ? NULL : r;
}

int
sk_db_run (sk_db_t *self, sk_error_t *err, const char *sql, int nparams, const char *const *params)
{
    PGresult *r = sk_db_exec (self, err, sql, nparams, params);
    PQclear (r);
    return r ? 0 : -1;
}

int
sk_db_begin (sk_db_t *self, const char *tenant, sk_error_t *err)
{
    if (strlen (tenant) >= sizeof self->tenant)
        return sk_error_set (err, "invalid_argument", "tenant", "tenant \"%s\" is too long",
                             tenant);
    strcpy (self->tenant, tenant);
    self->broken = false;
    self->finished = false;
    self->in_tx = true;
    self->begin_pending = true;
    return 0;
}

int
sk_db_commit (sk_db_t *self, sk_error_t *err)
{
    int rc = 0;
    if (self->broken)
        rc = s_ready (self, err);
    else if (self->in_tx && !self->begin_pending)
        rc = sk_db_run (self, err, "COMMIT", 0, NULL);
    self->broken = false;
    self->finished = false;
    self->in_tx = false;
    self->begin_pending = false;
    return rc;
}

void
sk_db_commit_nowait (sk_db_t *self)
{
    if (self->in_tx && !self->begin_pending && self->conn
        && PQsendQuery (self->conn, "COMMIT") == 1)
        self->draining = true;
    else if (self->in_tx && !self->begin_pending)
        sk_db_rollback (self);
    self->in_tx = false;
    self->begin_pending = false;
    self->broken = false;
    self->finished = false;
}

void
sk_db_rollback (sk_db_t *self)
{
    bool started = self->in_tx && !self->begin_pending;
    self->broken = false;
    self->finished = false;
    self->in_tx = false;
    self->begin_pending = false;
    if (!started || !self->conn)
        return;
    PGresult *r = PQexec (self->conn, "ROLLBACK");
    PQclear (r);
}

//  Read a whole migration file; NULL logged on failure.
static char *
s_slurp (const char *path)
{
    FILE *f = fopen (path, "rb");
    if (!f) {
        sk_error ("could not open migration \"%s\": %s", path, strerror (errno));
        return NULL;
    }
    fseek (f, 0, SEEK_END);
    long size = ftell (f);
    fseek (f, 0, SEEK_SET);
    char *text = sk_malloc ((size_t)size + 1);
    size_t got = fread (text, 1, (size_t)size, f);
    fclose (f);
    text[got] = 0;
    return text;
}

static int
s_name_cmp (const void *a, const void *b)
{
    return strcmp (*(char *const *)a, *(char *const *)b);
}

//  Apply one directory's *.sql files not yet recorded. Called with the lock.
static int
s_migrate_dir (sk_db_t *self, const char *dir)
{
    DIR *d = opendir (dir);
    if (!d) {
        sk_error ("could not open migration directory \"%s\": %s", dir, strerror (errno));
        return -1;
    }
    char *names[512] = { NULL };
    int count = 0;
    struct dirent *e;
    while ((e = readdir (d)) && count < 512) {
        size_t len = strlen (e->d_name);
        if (len > 4 && streq (e->d_name + len - 4, ".sql"))
            names[count++] = sk_strdup (e->d_name);
    }
    closedir (d);
    qsort (names, (size_t)count, sizeof names[0], s_name_cmp);

    int rc = 0;
    sk_error_t err;
    for (int i = 0; i < count && rc == 0; i++) {
        //  A version is its file name: names are unique across directories
        const char *version = names[i];
        const char *p[] = { version };
        PGresult *r =
            sk_db_exec (self, &err, "SELECT 1 FROM schema_migrations WHERE version = $1", 1, p);
        if (!r) {
            rc = -1;
            break;
        }
        bool applied = PQntuples (r) > 0;
        PQclear (r);
        if (applied)
            continue;
        char path[600];
        snprintf (path, sizeof path, "%s/%s", dir, names[i]);
        char *sql = s_slurp (path);
        if (!sql) {
            rc = -1;
            break;
        }
        sk_info ("applying migration %s", version);
        r = PQexec (self->conn, "BEGIN");
        PQclear (r);
        r = PQexec (self->conn, sql);
        if (PQresultStatus (r) != PGRES_COMMAND_OK && PQresultStatus (r) != PGRES_TUPLES_OK) {
            sk_error ("could not apply migration \"%s\": %s", path, PQresultErrorMessage (r));
            rc = -1;
        }
        PQclear (r);
        free (sql);
        if (rc == 0
            && sk_db_run (self, &err, "INSERT INTO schema_migrations (version) VALUES ($1)", 1, p))
            rc = -1;
        r = PQexec (self->conn, rc == 0 ? "COMMIT" : "ROLLBACK");
        PQclear (r);
    }
    for (int i = 0; i < count; i++)
        free (names[i]);
    return rc;
}

int
sk_db_migrate (sk_db_t *self, const char *const *dirs)
{
    if (sk_db_ensure (self)) {
        sk_error ("could not migrate: the database is not available");
        return -1;
    }
    sk_error_t err;
    const char *p[] = { self->schema };
    char sql[512];
    //  The schema name comes from our own configuration, not from input;
    //  quote_ident keeps even that honest
    if (sk_db_run (self, &err, "SELECT pg_advisory_lock(hashtext('samskab.migrate.' || $1))", 1, p))
        goto fail;
    PGresult *r = sk_db_exec (self, &err, "SELECT quote_ident($1)", 1, p);
    if (!r)
        goto fail;
    snprintf (sql, sizeof sql,
              "CREATE SCHEMA IF NOT EXISTS %s; "
              "CREATE TABLE IF NOT EXISTS %s.schema_migrations ("
              "version text PRIMARY KEY, applied_at timestamptz NOT NULL "
              "DEFAULT now())",
              PQgetvalue (r, 0, 0), PQgetvalue (r, 0, 0));
    PQclear (r);
    r = PQexec (self->conn, sql);
    if (PQresultStatus (r) != PGRES_COMMAND_OK) {
        sk_error ("could not create schema \"%s\": %s", self->schema, PQresultErrorMessage (r));
        PQclear (r);
        goto fail;
    }
    PQclear (r);
    int rc = 0;
    for (int i = 0; dirs[i] && rc == 0; i++)
        rc = s_migrate_dir (self, dirs[i]);
    sk_db_run (self, &err, "SELECT pg_advisory_unlock(hashtext('samskab.migrate.' || $1))", 1, p);
    return rc;
fail:
    sk_error ("could not migrate schema \"%s\": %s", self->schema, err.message);
    return -1;
}

int
sk_db_grant_requests (sk_db_t *owner, sk_db_t *requests)
{
    sk_error_t err = { 0 };
    PGresult *who = sk_db_exec (requests, &err,
                                "SELECT current_user, rolsuper OR rolbypassrls FROM pg_roles "
                                "WHERE rolname = current_user",
                                0, NULL);
    const char *role = who ? PQgetvalue (who, 0, 0) : NULL;
    const char *params[] = { role, owner->schema };
    PGresult *mine = role ? sk_db_exec (owner, &err,
                                        "SELECT current_user, quote_ident($1), quote_ident($2), "
                                        "pg_has_role($1, current_user, 'USAGE')",
                                        2, params)
                          : NULL;
    int rc = mine ? 0 : -1;
    if (!mine)
        sk_error ("could not read the database roles: %s", err.message);
    else if (streq (PQgetvalue (who, 0, 1), "t")
             || (!streq (PQgetvalue (mine, 0, 0), role) && streq (PQgetvalue (mine, 0, 3), "t"))) {
        sk_error ("requests must not run as role \"%s\": it can bypass row-level security "
                  "(a superuser, BYPASSRLS, or a member of the tables' owner \"%s\")",
                  role, PQgetvalue (mine, 0, 0));
        sk_log (SK_LOG,
                "HINT: set \"db\" to a login role of its own with NOSUPERUSER NOBYPASSRLS "
                "that is not granted \"%s\" (deploy/postgres-init.sh creates samskab_app)",
                PQgetvalue (mine, 0, 0));
        rc = -1;
    } else if (streq (PQgetvalue (mine, 0, 0), role))
        sk_warn ("requests run as \"%s\", the owner of schema \"%s\", which could switch "
                 "row-level security off; set \"db_owner\" and give \"db\" a role of its own",
                 role, owner->schema);
    else {
        //  Names quoted by PostgreSQL itself; the schema is from our own
        //  configuration and the role from the server
        const char *r = PQgetvalue (mine, 0, 1), *s = PQgetvalue (mine, 0, 2);
        char *sql =
            zsys_sprintf ("GRANT USAGE ON SCHEMA %s TO %s; "
                          "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %s TO %s; "
                          "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %s TO %s; "
                          "REVOKE ALL ON %s.schema_migrations FROM %s",
                          s, r, s, r, s, r, s, r);
        //  Under the migrations' lock: instances starting together would
        //  otherwise update the same catalog rows at once and fail
        const char *p[] = { owner->schema };
        PGresult *g =
            sk_db_run (owner, &err, "SELECT pg_advisory_lock(hashtext('samskab.migrate.' || $1))",
                       1, p)
                ? NULL
                : PQexec (sk_db_conn (owner), sql);
        sk_db_run (owner, &err, "SELECT pg_advisory_unlock(hashtext('samskab.migrate.' || $1))", 1,
                   p);
        if (PQresultStatus (g) != PGRES_COMMAND_OK) {
            sk_error ("could not grant role \"%s\" the use of schema \"%s\": %s", role,
                      owner->schema, PQresultErrorMessage (g));
            rc = -1;
        }
        PQclear (g);
        zstr_free (&sql);
    }
    PQclear (who);
    PQclear (mine);
    return rc;
}

char *
sk_db_bytea (const void *data, size_t size)
{
    static const char digits[] = "0123456789abcdef";
    char *hex = sk_malloc (2 * size + 3);
    hex[0] = '\\';
    hex[1] = 'x';
    for (size_t i = 0; i < size; i++) {
        hex[2 + 2 * i] = digits[((const uint8_t *)data)[i] >> 4];
        hex[3 + 2 * i] = digits[((const uint8_t *)data)[i] & 15];
    }
    hex[2 + 2 * size] = 0;
    return hex;
}
