/*  sk_db.c: libpq with reconnect and backoff, transactions, migrations. */
#include <czmq.h>
#include <dirent.h>

#include "sk_db.h"
#include "sk_log.h"

struct _sk_db_t {
    char *conninfo;
    char *schema; //  also the search_path
    PGconn *conn; //  NULL or a connection believed up
    int64_t next_attempt; //  zclock_mono ms before which we do not retry
    int backoff; //  ms, doubles per failure up to 5000
    bool in_tx; //  a transaction is open
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
    self->in_tx = false;
}

int
sk_db_ensure (sk_db_t *self)
{
    if (self->conn && PQstatus (self->conn) == CONNECTION_OK)
        return 0;
    s_drop (self);
    if (zclock_mono () < self->next_attempt)
        return -1;
    self->conn = PQconnectdb (self->conninfo);
    if (PQstatus (self->conn) != CONNECTION_OK) {
        sk_warn ("could not connect to the database: %s",
                 PQerrorMessage (self->conn));
        s_drop (self);
        self->next_attempt = zclock_mono () + self->backoff;
        self->backoff = self->backoff * 2 > 5000 ? 5000 : self->backoff * 2;
        return -1;
    }
    const char *params[] = { self->schema };
    PGresult *r = PQexecParams (self->conn,
                                "SELECT set_config('search_path', $1, false)",
                                1, NULL, params, NULL, NULL, 0);
    bool ok = PQresultStatus (r) == PGRES_TUPLES_OK;
    PQclear (r);
    if (!ok) {
        sk_warn ("could not set search_path: %s", PQerrorMessage (self->conn));
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
    const char *primary = r ? PQresultErrorField (r, PG_DIAG_MESSAGE_PRIMARY)
                            : NULL;
    if (PQstatus (self->conn) != CONNECTION_OK || !state
        || strncmp (state, "08", 2) == 0 || strncmp (state, "57P", 3) == 0) {
        sk_warn ("lost the database connection: %s",
                 PQerrorMessage (self->conn));
        s_drop (self);
        sk_error_set (err, "unavailable", NULL,
                      "the database is not available, try again");
    }
    else if (streq (state, "23505") || streq (state, "40001")
             || streq (state, "40P01"))
        sk_error_set (err, "conflict", NULL, "%s", primary ? primary : state);
    else if (strncmp (state, "23", 2) == 0 || strncmp (state, "22", 2) == 0)
        sk_error_set (err, "invalid_argument", NULL, "%s",
                      primary ? primary : state);
    else if (streq (state, "42501"))
        sk_error_set (err, "forbidden", NULL, "permission denied");
    else {
        sk_error ("database error %s: %s", state, primary ? primary : "");
        sk_error_set (err, "internal", NULL, "internal database error");
    }
}

PGresult *
sk_db_exec (sk_db_t *self, sk_error_t *err, const char *sql, int nparams,
            const char *const *params)
{
    if (sk_db_ensure (self)) {
        sk_error_set (err, "unavailable", NULL,
                      "the database is not available, try again");
        return NULL;
    }
    PGresult *r = PQexecParams (self->conn, sql, nparams, NULL, params, NULL,
                                NULL, 0);
    ExecStatusType st = PQresultStatus (r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return r;
    s_error_from (self, r, err);
    PQclear (r);
    return NULL;
}

int
sk_db_run (sk_db_t *self, sk_error_t *err, const char *sql, int nparams,
           const char *const *params)
{
    PGresult *r = sk_db_exec (self, err, sql, nparams, params);
    PQclear (r);
    return r ? 0 : -1;
}

int
sk_db_begin (sk_db_t *self, const char *tenant, sk_error_t *err)
{
    if (sk_db_run (self, err, "BEGIN", 0, NULL))
        return -1;
    self->in_tx = true;
    const char *params[] = { tenant };
    if (sk_db_run (self, err, "SELECT set_config('samskab.tenant', $1, true)",
                   1, params)) {
        sk_db_rollback (self);
        return -1;
    }
    return 0;
}

int
sk_db_commit (sk_db_t *self, sk_error_t *err)
{
    int rc = sk_db_run (self, err, "COMMIT", 0, NULL);
    self->in_tx = false;
    return rc;
}

void
sk_db_rollback (sk_db_t *self)
{
    if (!self->in_tx || !self->conn)
        return;
    PGresult *r = PQexec (self->conn, "ROLLBACK");
    PQclear (r);
    self->in_tx = false;
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
    char *text = sk_malloc ((size_t) size + 1);
    size_t got = fread (text, 1, (size_t) size, f);
    fclose (f);
    text[got] = 0;
    return text;
}

static int
s_name_cmp (const void *a, const void *b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

//  Apply one directory's *.sql files not yet recorded. Called with the lock.
static int
s_migrate_dir (sk_db_t *self, const char *dir)
{
    DIR *d = opendir (dir);
    if (!d) {
        sk_error ("could not open migration directory \"%s\": %s", dir,
                  strerror (errno));
        return -1;
    }
    char *names[512];
    int count = 0;
    struct dirent *e;
    while ((e = readdir (d)) && count < 512) {
        size_t len = strlen (e->d_name);
        if (len > 4 && streq (e->d_name + len - 4, ".sql"))
            names[count++] = sk_strdup (e->d_name);
    }
    closedir (d);
    qsort (names, (size_t) count, sizeof names[0], s_name_cmp);

    int rc = 0;
    sk_error_t err;
    for (int i = 0; i < count && rc == 0; i++) {
        //  A version is its file name: names are unique across directories
        const char *version = names[i];
        const char *p[] = { version };
        PGresult *r = sk_db_exec (self, &err,
            "SELECT 1 FROM schema_migrations WHERE version = $1", 1, p);
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
        if (PQresultStatus (r) != PGRES_COMMAND_OK
            && PQresultStatus (r) != PGRES_TUPLES_OK) {
            sk_error ("could not apply migration \"%s\": %s", path,
                      PQresultErrorMessage (r));
            rc = -1;
        }
        PQclear (r);
        free (sql);
        if (rc == 0 && sk_db_run (self, &err,
                "INSERT INTO schema_migrations (version) VALUES ($1)", 1, p))
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
        sk_error ("could not create schema \"%s\": %s", self->schema,
                  PQresultErrorMessage (r));
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
