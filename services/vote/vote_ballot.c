/*  vote_ballot.c: checking ballots against a process's settings, and the
    committer that writes casts from many clients in one transaction.

    Group commit: every cast is handed to the committer, an actor beside
    the service loop, over inproc (one pointer per cast). It takes
    all casts waiting (up to S_MAX_BATCH, of one municipality), checks them
    against the processes' settings, consumes their codes and inserts their
    ballots with one statement, sent with the COMMIT in one round trip: one
    WAL flush for the whole batch instead of one per ballot. The codes are
    updated in the order of their hashes and the ballots inserted in a
    random order, so that nothing within a batch pairs them. Why the casts
    that consumed no code were refused is read after the commit. The
    committer answers each cast itself (an sk_service deferred reply) after
    its batch's commit, so a receipt is never given for a ballot that is
    not durable. With few casts waiting it waits up to S_GATHER_MS for
    more first: a batch's ballots and used codes share one transaction
    id, so the larger the batch the less an xmin tells.
    After a close the committer rewrites voter_code and ballot (VACUUM
    FULL), marked durably by the close, waiting a second at most for each
    lock and trying again later (s_rewrite_pass).
    A batch that fails as a whole (the database is down) fails each of its
    casts with that error; the front end's retry with the same nonce is
    safe. Concurrent casts with one code in one batch meet in one UPDATE,
    which updates the code row once: one ballot, the others refused.
*/
#include <czmq.h>
#include <pthread.h>
#include <stdatomic.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "sk_number.h"
#include "vote_svc.h"

#define S_MAX_BATCH 1000
//  Casts of one municipality waiting for the committer before its next
//  one is turned away, and of all municipalities together: one
//  municipality's flood fills only its own share
#define S_MAX_QUEUE (2 * S_MAX_BATCH)
#define S_MAX_TOTAL (8 * S_MAX_BATCH)
//  Gathering: with fewer than S_GATHER_MIN casts waiting, the committer
//  waits until the oldest has waited S_GATHER_MS before it commits, so a
//  batch holds several voters when several vote (doc/DECISIONS.md)
#define S_GATHER_MIN 8
#define S_GATHER_MS  100

//  --------------------------------------------------------------------------
//  The rules of one process: its settings, pools and projects

typedef struct {
    int64_t id;
    int pool; //  index into pools
    int64_t cost;
} s_project_t;

typedef struct {
    int64_t id;
    int64_t budget;
    char name[64];
} s_pool_t;

struct _vote_rules_t {
    vote_process_t process;
    s_project_t *projects; //  sorted by id
    int nprojects;
    s_pool_t *pools;
    int npools;
};

static int
s_project_cmp (const void *a, const void *b)
{
    int64_t x = ((const s_project_t *)a)->id, y = ((const s_project_t *)b)->id;
    return x < y ? -1 : x > y;
}

//  Rows: project id, pool id, cost, pool budget, pool name (S_RULES_SQL).
static vote_rules_t *
s_rules_new (const vote_process_t *process, PGresult *r, int first, int count)
{
    vote_rules_t *self = sk_malloc (sizeof *self);
    self->process = *process;
    self->projects = sk_malloc (sizeof (s_project_t) * (size_t)(count ? count : 1));
    self->pools = sk_malloc (sizeof (s_pool_t) * (size_t)(count ? count : 1));
    self->nprojects = self->npools = 0;
    for (int i = first; i < first + count; i++) {
        int64_t pool = strtoll (PQgetvalue (r, i, 1), NULL, 10);
        int k = 0;
        while (k < self->npools && self->pools[k].id != pool)
            k++;
        if (k == self->npools) {
            self->pools[k].id = pool;
            self->pools[k].budget = strtoll (PQgetvalue (r, i, 3), NULL, 10);
            snprintf (self->pools[k].name, sizeof self->pools[k].name, "%s", PQgetvalue (r, i, 4));
            self->npools++;
        }
        s_project_t *p = &self->projects[self->nprojects++];
        p->id = strtoll (PQgetvalue (r, i, 0), NULL, 10);
        p->pool = k;
        p->cost = strtoll (PQgetvalue (r, i, 2), NULL, 10);
    }
    qsort (self->projects, (size_t)self->nprojects, sizeof (s_project_t), s_project_cmp);
    return self;
}

void
vote_rules_destroy (vote_rules_t **self_p)
{
    vote_rules_t *self = *self_p;
    if (!self)
        return;
    free (self->projects);
    free (self->pools);
    free (self);
    *self_p = NULL;
}

#define S_RULES_SQL                                                                                \
    "SELECT j.id, j.pool_id, j.cost, o.budget, o.name, j.process_id "                              \
    "FROM project j JOIN pool o ON o.id = j.pool_id "

vote_rules_t *
vote_rules_load (sk_call_t *call, const vote_process_t *process)
{
    const char *params[] = { sk_call_itoa (call, process->id) };
    PGresult *r = sk_call_sql (call, S_RULES_SQL "WHERE j.process_id = $1", 1, params);
    if (!r)
        return NULL;
    vote_rules_t *rules = s_rules_new (process, r, 0, PQntuples (r));
    PQclear (r);
    return rules;
}

int
vote_rules_check (const vote_rules_t *self, int n, const int64_t *projects, const int64_t *points,
                  sk_error_t *err)
{
    const vote_process_t *p = &self->process;
    bool cumulative = streq (p->ballot, "cumulative");
    if (n == 0)
        return sk_error_set (err, "invalid_argument", "projects",
                             "a ballot must choose at least one project");
    if (cumulative && !points)
        return sk_error_set (err, "invalid_argument", "points",
                             "a cumulative ballot needs \"points\" for each "
                             "project it names");
    if (!cumulative && points)
        return sk_error_set (err, "invalid_argument", "points", "a %s ballot gives no points",
                             p->ballot);
    int64_t chosen[64] = { 0 }, cost[64] = { 0 }, sum[64] = { 0 };
    for (int i = 0; i < n; i++) {
        char field[32];
        snprintf (field, sizeof field, "projects[%d]", i);
        for (int k = 0; k < i; k++)
            if (projects[k] == projects[i])
                return sk_error_set (err, "invalid_argument", "projects",
                                     "a ballot names a project twice");
        s_project_t key = { .id = projects[i] };
        const s_project_t *found = bsearch (&key, self->projects, (size_t)self->nprojects,
                                            sizeof (s_project_t), s_project_cmp);
        if (!found)
            return sk_error_set (err, "invalid_argument", field,
                                 "project is not in citizen budget %lld", (long long)p->id);
        if (cumulative && (points[i] < 1 || points[i] > p->points)) {
            snprintf (field, sizeof field, "points[%d]", i);
            return sk_error_set (err, "invalid_argument", field,
                                 "points must be a whole number from 1 to %lld",
                                 (long long)p->points);
        }
        if (found->pool < 64) {
            chosen[found->pool]++;
            cost[found->pool] += found->cost;
            sum[found->pool] += cumulative ? points[i] : 0;
        }
    }
    for (int k = 0; k < self->npools && k < 64; k++) {
        const char *pool = self->pools[k].name;
        int64_t budget = self->pools[k].budget;
        if (p->max_choices > 0 && chosen[k] > p->max_choices)
            return sk_error_set (err, "invalid_argument", "projects",
                                 "a ballot may choose at most %lld projects in "
                                 "pool \"%s\"; this one chooses %lld",
                                 (long long)p->max_choices, pool, (long long)chosen[k]);
        char c[40], b[40];
        sk_number_kr (cost[k], c, sizeof c);
        if (streq (p->ballot, "knapsack") && cost[k] > budget) {
            //  The detail, for a front end to say it in its own words
            sk_error_set (err, "invalid_argument", "projects",
                          "the chosen projects in pool \"%s\" cost %s, more than its "
                          "budget of %s",
                          pool, c, sk_number_kr (budget, b, sizeof b));
            sk_error_detail (err, "pool", self->pools[k].id);
            sk_error_detail (err, "budget", budget);
            return sk_error_detail (err, "total", cost[k]);
        }
        if (streq (p->ballot, "knapsack") && chosen[k] > 0 && cost[k] * 100 < budget * p->min_share)
            return sk_error_set (err, "invalid_argument", "projects",
                                 "the chosen projects in pool \"%s\" cost %s, less than "
                                 "%lld%% of its budget",
                                 pool, c, (long long)p->min_share);
        if (cumulative && sum[k] > p->points) {
            //  The detail, for a front end to say how many were given
            sk_error_set (err, "invalid_argument", "points",
                          "a ballot may give at most %lld points in pool "
                          "\"%s\"; this one gives %lld",
                          (long long)p->points, pool, (long long)sum[k]);
            sk_error_detail (err, "pool", self->pools[k].id);
            sk_error_detail (err, "points", p->points);
            return sk_error_detail (err, "given", sum[k]);
        }
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  The committer

#define S_ENDPOINT        "inproc://vote-committer"
#define S_CLOSED_ENDPOINT "inproc://vote-closed"

//  Casts submitted and not yet taken into a batch, of one municipality.
//  The broker thread adds municipalities (never removes one); the
//  committer only counts down through each cast's pointer. Past S_TENANTS
//  municipalities the last entry is shared.
#define S_TENANTS 128
typedef struct {
    char tenant[8];
    atomic_int waiting;
} s_waiting_t;

static char *s_conninfo;                //  the service's database
static char *s_owner_conninfo;          //  the same as the tables' owner, for VACUUM
static atomic_int s_waiting;            //  casts submitted and not yet taken, in all
static s_waiting_t s_queues[S_TENANTS]; //  the same per municipality
static int s_nqueues;                   //  entries in use, of the broker thread
static zsock_t *s_submit;               //  PUSH to the committer, of the broker thread
static pthread_t s_submitter;           //  that thread, the only one that submits

void
vote_committer_init (const char *conninfo, const char *owner_conninfo)
{
    s_conninfo = sk_strdup (conninfo);
    s_owner_conninfo = sk_strdup (owner_conninfo);
}

//  The service's own connection (vote_own_db_acquire), one holder at a
//  time. This lock stays: the holder is whichever worker serves a code
//  issue, inside its handler, and waits for the connection as it would
//  for a pool; an actor in between would add a round trip per statement
//  for a rare op.
static pthread_mutex_t s_own_lock = PTHREAD_MUTEX_INITIALIZER;
static sk_db_t *s_own_db;

sk_db_t *
vote_own_db_acquire (void)
{
    assert (s_conninfo);
    pthread_mutex_lock (&s_own_lock);
    if (!s_own_db)
        s_own_db = sk_db_new (s_conninfo, "vote");
    return s_own_db;
}

void
vote_own_db_release (const sk_db_t *db)
{
    assert (db == s_own_db);
    pthread_mutex_unlock (&s_own_lock);
}

//  Append "x" (or NULL) to a PostgreSQL array literal being built.
void
vote_array_add (zchunk_t *buf, const char *s)
{
    bool first = zchunk_size (buf) == 1;
    if (!first)
        zchunk_extend (buf, ",", 1);
    if (!s) {
        zchunk_extend (buf, "NULL", 4);
        return;
    }
    zchunk_extend (buf, "\"", 1);
    //  Runs between characters to escape go in whole
    const char *run = s;
    for (const char *c = s; *c; c++)
        if (*c == '"' || *c == '\\') {
            zchunk_extend (buf, run, (size_t)(c - run));
            zchunk_extend (buf, "\\", 1);
            run = c;
        }
    zchunk_extend (buf, run, strlen (run));
    zchunk_extend (buf, "\"", 1);
}

static const char *
s_array_end (zchunk_t *buf)
{
    zchunk_extend (buf, "}", 2);
    return (const char *)zchunk_data (buf);
}

//  Fail every cast of the batch that has not failed on its own: those
//  without an outcome, and those whose ballot is now not going to commit.
static void
s_fail_all (vote_cast_t **batch, int n, const sk_error_t *err)
{
    for (int i = 0; i < n; i++)
        if (batch[i]->rc >= 0) {
            batch[i]->rc = -1;
            batch[i]->err = *err;
        }
}

//  The rules of processes in phase voting, by municipality and id: while
//  a process is open for voting its projects, pools and ballot settings
//  cannot change, so a committer keeps them and a batch needs no statement
//  to read them. The phase itself is checked by the cast statement.
#define S_CACHE 64
typedef struct {
    char tenant[8];
    vote_rules_t *rules;
} s_cached_t;

typedef struct {
    s_cached_t entries[S_CACHE];
    int n;
} s_cache_t;

static vote_rules_t *
s_cache_find (s_cache_t *cache, const char *tenant, int64_t process)
{
    for (int k = 0; k < cache->n; k++)
        if (cache->entries[k].rules->process.id == process
            && streq (cache->entries[k].tenant, tenant))
            return cache->entries[k].rules;
    return NULL;
}

static void
s_cache_add (s_cache_t *cache, const char *tenant, vote_rules_t *rules)
{
    if (cache->n == S_CACHE) {
        //  Full: start again (processes open for voting at once are few)
        for (int k = 0; k < cache->n; k++)
            vote_rules_destroy (&cache->entries[k].rules);
        cache->n = 0;
    }
    snprintf (cache->entries[cache->n].tenant, sizeof cache->entries[cache->n].tenant, "%s",
              tenant);
    cache->entries[cache->n++].rules = rules;
}

//  Read the rules of the batch's processes not in the cache: those in
//  phase voting go to the cache, casts for the others are refused here.
//  0, or -1 with err.
static int
s_cache_fill (sk_db_t *db, s_cache_t *cache, vote_cast_t **batch, int n, sk_error_t *err)
{
    const char *tenant = batch[0]->tenant;
    zchunk_t *ids = zchunk_new ("{", 1);
    int missing = 0;
    for (int i = 0; i < n; i++)
        if (!s_cache_find (cache, tenant, batch[i]->process)) {
            char id[24];
            snprintf (id, sizeof id, "%lld", (long long)batch[i]->process);
            vote_array_add (ids, id);
            missing++;
        }
    if (!missing) {
        zchunk_destroy (&ids);
        return 0;
    }
    const char *pp[] = { s_array_end (ids) };
    sk_stmt_t stmts[] = {
        { "SELECT id, phase, ballot, coalesce(max_choices, 0), coalesce(min_share, 0), "
          "coalesce(points, 0) FROM process WHERE id = ANY ($1::bigint[]) ORDER BY id",
          1, pp },
        { S_RULES_SQL "WHERE j.process_id = ANY ($1::bigint[]) "
                      "ORDER BY j.process_id",
          1, pp }
    };
    PGresult *r[2] = { NULL, NULL };
    int rc = sk_db_exec_batch (db, err, 2, stmts, r);
    zchunk_destroy (&ids);
    if (rc)
        return -1;
    int row = 0;
    for (int k = 0; k < PQntuples (r[0]); k++) {
        vote_process_t p = { .id = strtoll (PQgetvalue (r[0], k, 0), NULL, 10) };
        snprintf (p.phase, sizeof p.phase, "%s", PQgetvalue (r[0], k, 1));
        snprintf (p.ballot, sizeof p.ballot, "%s", PQgetvalue (r[0], k, 2));
        p.max_choices = strtoll (PQgetvalue (r[0], k, 3), NULL, 10);
        p.min_share = strtoll (PQgetvalue (r[0], k, 4), NULL, 10);
        p.points = strtoll (PQgetvalue (r[0], k, 5), NULL, 10);
        int first = row;
        while (row < PQntuples (r[1]) && strtoll (PQgetvalue (r[1], row, 5), NULL, 10) == p.id)
            row++;
        if (streq (p.phase, "voting")) {
            s_cache_add (cache, tenant, s_rules_new (&p, r[1], first, row - first));
            continue;
        }
        for (int i = 0; i < n; i++)
            if (batch[i]->process == p.id) {
                batch[i]->rc =
                    sk_error_set (&batch[i]->err, "conflict", "process",
                                  "cannot cast a ballot in citizen budget %lld: it is in "
                                  "phase \"%s\", not \"voting\"",
                                  (long long)p.id, p.phase);
            }
    }
    PQclear (r[0]);
    PQclear (r[1]);
    return 0;
}

//  Consume the codes and insert the ballots of the casts in $1..$6, in
//  one statement: the casts of a process in phase voting (locked against a
//  change of phase until the commit) whose receipt is new, one per receipt,
//  consume their codes; each consumed code's ballot is inserted. With two
//  casts of one code the UPDATE joins the code row twice and updates it
//  once: one of them wins. The batch's size for each
//  process is counted in cast_batch. Returns the consumed casts' indexes.
//  The order of the writes pairs nothing within the batch: the codes are
//  updated in the order of their hashes (the order of the new versions'
//  line pointers and of the WAL's update records), the ballots inserted in
//  a random order (their line pointers, the WAL's insert records and
//  index entries), so neither follows the other, the receipts or the
//  order of arrival (doc/DECISIONS.md, "Secrecy"). A ballot
//  whose receipt was committed meanwhile by another transaction (a paper
//  ballot) violates the key and fails the whole statement, which
//  s_commit_batch then runs once more.
#define S_CAST_SQL                                                                                 \
    "WITH p AS (SELECT id FROM process WHERE id = ANY ($2::bigint[]) "                             \
    "AND phase = 'voting' FOR KEY SHARE), "                                                        \
    "j AS (SELECT DISTINCT ON (j.p, j.r) * FROM unnest ($1::int[], $2::bigint[], "                 \
    "$3::bytea[], $4::text[], $5::text[], $6::text[]) AS j (i, p, h, r, pr, pt) "                  \
    "WHERE j.p IN (SELECT id FROM p) AND NOT EXISTS (SELECT 1 FROM ballot b "                      \
    "WHERE b.process_id = j.p AND b.receipt = j.r) ORDER BY j.p, j.r, j.i), "                      \
    "u AS (UPDATE voter_code c SET state = 'used' FROM (SELECT * FROM j ORDER BY j.h, j.i) j "     \
    "WHERE c.hash = j.h AND c.process_id = j.p AND c.state = 'issued' "                            \
    "RETURNING j.i, j.p, j.r, j.pr, j.pt), "                                                       \
    "b AS (INSERT INTO ballot (process_id, tenant, receipt, projects, points) "                    \
    "SELECT u.p, $7, u.r, u.pr::bigint[], u.pt::integer[] FROM u ORDER BY random()), "             \
    "s AS (INSERT INTO cast_batch (process_id, tenant, size, batches) "                            \
    "SELECT u.p, $7, count(*), 1 FROM u GROUP BY u.p ON CONFLICT (process_id, size) "              \
    "DO UPDATE SET batches = cast_batch.batches + 1) "                                             \
    "SELECT u.i FROM u"

//  Why the casts of the batch that consumed no code did not, read after
//  the batch's commit: unknown, revoked or used code, a phase that is not
//  voting - or a retry with this nonce of a cast already counted, which
//  gets its receipt again if its ballot is the same, and conflict if not.
static int
s_explain_refusals (sk_db_t *db, vote_cast_t **batch, const char **cp, sk_error_t *err)
{
    PGresult *status;
    const sk_stmt_t stmt = { "SELECT j.i, c.state, EXISTS (SELECT 1 FROM ballot b "
                             "WHERE b.process_id = j.p AND b.receipt = j.r), "
                             "(SELECT phase FROM process WHERE id = j.p), "
                             "EXISTS (SELECT 1 FROM ballot b WHERE b.process_id = j.p "
                             "AND b.receipt = j.r AND b.projects = j.pr::bigint[] "
                             "AND b.points IS NOT DISTINCT FROM j.pt::integer[]) "
                             "FROM unnest ($1::int[], $2::bigint[], $3::bytea[], $4::text[], "
                             "$5::text[], $6::text[]) AS j (i, p, h, r, pr, pt) "
                             "LEFT JOIN voter_code c ON c.hash = j.h AND c.process_id = j.p",
                             6, cp };
    if (sk_db_begin (db, batch[0]->tenant, err) || sk_db_exec_final (db, err, 1, &stmt, &status)) {
        sk_db_rollback (db);
        return -1;
    }
    sk_db_commit_nowait (db);
    for (int k = 0; k < PQntuples (status); k++) {
        vote_cast_t *c = batch[atoi (PQgetvalue (status, k, 0))];
        if (c->rc <= 0)
            continue;
        const char *state = PQgetvalue (status, k, 1);
        bool counted = *PQgetvalue (status, k, 2) == 't';
        if (PQgetisnull (status, k, 3))
            c->rc = sk_error_set (&c->err, "not_found", "process",
                                  "citizen budget %lld does not exist", (long long)c->process);
        else if (!streq (PQgetvalue (status, k, 3), "voting"))
            c->rc = sk_error_set (&c->err, "conflict", "process",
                                  "cannot cast a ballot in citizen budget %lld: it is in "
                                  "phase \"%s\", not \"voting\"",
                                  (long long)c->process, PQgetvalue (status, k, 3));
        else if (PQgetisnull (status, k, 1))
            c->rc = sk_error_set (&c->err, "not_found", "code",
                                  "voter code is not valid for citizen budget %lld",
                                  (long long)c->process);
        else if (streq (state, "revoked"))
            c->rc = sk_error_set (&c->err, "conflict", "code", "voter code has been revoked");
        else if (streq (state, "used") && counted && *PQgetvalue (status, k, 4) == 't')
            c->rc = 0; //  a retry: the same nonce and ballot, so the same receipt
        else if (streq (state, "used") && counted)
            c->rc = sk_error_set (&c->err, "conflict", "nonce",
                                  "a ballot with this nonce was cast already, with other "
                                  "projects or points: this ballot is not counted");
        else if (streq (state, "used"))
            c->rc = sk_error_set (&c->err, "conflict", "code", "voter code has already been used");
        else if (counted)
            c->rc = sk_error_set (&c->err, "conflict", "nonce",
                                  "nonce has been used for another ballot");
    }
    PQclear (status);
    return 0;
}

//  Write one batch of casts of one municipality in one transaction, whose
//  COMMIT goes in the same round trip as its statement.
static void
s_commit_batch (sk_db_t *db, s_cache_t *cache, vote_cast_t **batch, int n)
{
    sk_error_t err = { 0 };
    for (int i = 0; i < n; i++)
        batch[i]->rc = 1; //  no outcome yet
    if (sk_db_begin (db, batch[0]->tenant, &err) || s_cache_fill (db, cache, batch, n, &err)) {
        sk_db_rollback (db);
        s_fail_all (batch, n, &err);
        return;
    }
    zchunk_t *idx = zchunk_new ("{", 1), *procs = zchunk_new ("{", 1),
             *hashes = zchunk_new ("{", 1), *receipts = zchunk_new ("{", 1),
             *lists = zchunk_new ("{", 1), *points = zchunk_new ("{", 1);
    int valid = 0;
    for (int i = 0; i < n; i++) {
        vote_cast_t *c = batch[i];
        if (c->rc < 0)
            continue; //  refused when its process was read
        vote_rules_t *rule = s_cache_find (cache, c->tenant, c->process);
        if (!rule) {
            c->rc = sk_error_set (&c->err, "not_found", "process",
                                  "citizen budget %lld does not exist", (long long)c->process);
            continue;
        }
        if (vote_rules_check (rule, c->n, c->projects, c->points, &c->err)) {
            c->rc = -1;
            continue;
        }
        char num[24];
        snprintf (num, sizeof num, "%d", i);
        vote_array_add (idx, num);
        snprintf (num, sizeof num, "%lld", (long long)c->process);
        vote_array_add (procs, num);
        vote_array_add (hashes, c->hash);
        vote_array_add (receipts, c->receipt);
        char *literal = vote_int_literal (c->n, c->projects);
        vote_array_add (lists, literal);
        free (literal);
        literal = c->points ? vote_int_literal (c->n, c->points) : NULL;
        vote_array_add (points, literal);
        free (literal);
        valid++;
    }
    const char *cp[] = { s_array_end (idx),      s_array_end (procs), s_array_end (hashes),
                         s_array_end (receipts), s_array_end (lists), s_array_end (points),
                         batch[0]->tenant };
    int rc = 0;
    if (valid) {
        const sk_stmt_t stmt = { S_CAST_SQL, 7, cp };
        PGresult *cast = NULL;
        rc = sk_db_exec_final (db, &err, 1, &stmt, &cast);
        if (rc && streq (err.code, "conflict")) {
            //  A receipt committed meanwhile: once more, which finds it
            memset (&err, 0, sizeof err);
            rc = sk_db_begin (db, batch[0]->tenant, &err)
                         || sk_db_exec_final (db, &err, 1, &stmt, &cast)
                     ? -1
                     : 0;
        }
        for (int k = 0; rc == 0 && k < PQntuples (cast); k++)
            batch[atoi (PQgetvalue (cast, k, 0))]->rc = 0;
        PQclear (cast);
    }
    if (rc == 0)
        sk_db_commit (db, &err); //  a no-op after the final batch
    else {
        sk_db_rollback (db);
        s_fail_all (batch, n, &err);
    }
    //  Committed: the casts without a code consumed learn why. If that
    //  cannot be read, they get the error; the counted ones their receipts
    bool undecided = false;
    for (int i = 0; i < n; i++)
        undecided |= batch[i]->rc > 0;
    if (undecided && s_explain_refusals (db, batch, cp, &err))
        for (int i = 0; i < n; i++)
            if (batch[i]->rc > 0) {
                batch[i]->rc = -1;
                batch[i]->err = err;
            }
    zchunk_destroy (&idx);
    zchunk_destroy (&procs);
    zchunk_destroy (&hashes);
    zchunk_destroy (&receipts);
    zchunk_destroy (&lists);
    zchunk_destroy (&points);
}

//  Answer a cast and free it.
static void
s_answer (vote_cast_t *cast)
{
    if (cast->rc == 0) {
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, 2);
        sk_pack_kint (&body, "process", cast->process);
        sk_pack_kstr (&body, "receipt", cast->receipt);
        sk_deferred_reply (&cast->reply, &body, NULL);
        sk_pack_release (&body);
    } else {
        //  Never an acknowledgement for a cast without an outcome
        if (!cast->err.code[0])
            sk_error_set (&cast->err, "internal", NULL, "the cast has no outcome");
        sk_deferred_reply (&cast->reply, NULL, &cast->err);
    }
    free (cast->projects);
    free (cast->points);
    free (cast);
}

//  The rewrite after a close (doc/DECISIONS.md, "Secrecy"). The close
//  marks its process rewrite_due in its own transaction and sends the
//  committer a note; the committer rewrites voter_code and ballot (VACUUM
//  FULL, between batches) and then clears the marks it read. Every lock
//  it takes for this waits S_LOCK_TIMEOUT at most: a reader holding a
//  table (a pg_dump) or a close not yet committed makes it try again
//  later, from S_RETRY_MS doubling to S_RETRY_MAX_MS, and casts of every
//  municipality wait that long at most meanwhile. It tries at its start
//  too, so a rewrite a killed service never did is done by the next.
#define S_LOCK_TIMEOUT "1s"
#define S_RETRY_MS     1000
#define S_RETRY_MAX_MS 30000
typedef struct {
    zchunk_t *noted; //  processes closed since the last pass, "{1,2"
    char *done[2];   //  the marks each table was rewritten for, or NULL
    int64_t at;      //  when the next pass is due (zclock_mono), 0: none
    int64_t retry;   //  ms to the pass after a failed one
} s_rewrite_t;

static const char *s_rewrite_tables[] = { "voter_code", "ballot" };

//  Run stmt (one parameter, $1) in a transaction of tenant "*" (every
//  municipality's marks) whose locks wait S_LOCK_TIMEOUT at most; its
//  first value in *value if value, to be freed. 0, or -1 (err).
static int
s_marks_exec (sk_db_t *db, const char *sql, const char *param, char **value, sk_error_t *err)
{
    const char *pp[] = { param };
    const sk_stmt_t stmts[] = {
        { "SELECT set_config('lock_timeout', '" S_LOCK_TIMEOUT "', true)", 0, NULL }, { sql, 1, pp }
    };
    PGresult *r[2] = { NULL, NULL };
    int rc = sk_db_begin (db, "*", err) || sk_db_exec_final (db, err, 2, stmts, r) ? -1 : 0;
    if (rc == 0 && value)
        *value = sk_strdup (PQntuples (r[1]) ? PQgetvalue (r[1], 0, 0) : "");
    PQclear (r[0]);
    PQclear (r[1]);
    if (rc)
        sk_db_rollback (db);
    return rc;
}

//  The marked processes, "{1,2}", with the noted ones locked until their
//  close has committed or rolled back; NULL (err) when a lock was not
//  had in time.
static char *
s_rewrite_marks (sk_db_t *db, s_rewrite_t *self, sk_error_t *err)
{
    //  A copy to end (zchunk_dup would copy the whole buffer, past the data)
    zchunk_t *noted = zchunk_new (zchunk_data (self->noted), zchunk_size (self->noted));
    char *marks = NULL;
    s_marks_exec (db,
                  "SELECT coalesce('{' || string_agg(id::text, ',' ORDER BY id) "
                  "FILTER (WHERE rewrite_due) || '}', '{}') FROM (SELECT id, rewrite_due "
                  "FROM process WHERE rewrite_due OR id = ANY ($1::bigint[]) FOR KEY SHARE) p",
                  s_array_end (noted), &marks, err);
    zchunk_destroy (&noted);
    return marks;
}

//  Rewrite both tables for the marks and clear them; 0, or -1 (err).
//  VACUUM runs in no transaction, on the raw connection of owner: only
//  the tables' owner may vacuum them (requests' role may not; for it
//  PostgreSQL would skip the table with a mere warning).
static int
s_rewrite_run (sk_db_t *db, sk_db_t *owner, s_rewrite_t *self, const char *marks, sk_error_t *err)
{
    for (int k = 0; k < 2; k++) {
        if (self->done[k] && streq (self->done[k], marks))
            continue; //  rewritten already since these marks were set
        PGconn *conn = sk_db_conn (owner);
        if (!conn)
            return sk_error_set (err, "unavailable", NULL,
                                 "the database is not available to the tables' owner");
        char sql[64];
        snprintf (sql, sizeof sql, "VACUUM (FULL) %s", s_rewrite_tables[k]);
        PGresult *v = PQexec (conn, sql);
        bool ok = PQresultStatus (v) == PGRES_COMMAND_OK;
        if (!ok) {
            const char *why = PQresultErrorField (v, PG_DIAG_MESSAGE_PRIMARY);
            sk_error_set (err, "unavailable", NULL, "%s: %s", sql,
                          why ? why : PQerrorMessage (conn));
        }
        PQclear (v);
        if (!ok)
            return -1;
        free (self->done[k]);
        self->done[k] = sk_strdup (marks);
    }
    return s_marks_exec (db, "UPDATE process SET rewrite_due = false WHERE id = ANY ($1::bigint[])",
                         marks, NULL, err);
}

//  One pass: the marks, the rewrite, the marks cleared. On failure the
//  next pass is due after the retry delay, else none until a close.
static void
s_rewrite_pass (sk_db_t *db, sk_db_t *owner, s_rewrite_t *self)
{
    sk_error_t err = { 0 };
    char *marks = s_rewrite_marks (db, self, &err);
    if (marks) {
        //  The noted closes have committed (marked) or rolled back
        zchunk_set (self->noted, "{", 1);
    }
    int rc = marks && !streq (marks, "{}") ? s_rewrite_run (db, owner, self, marks, &err) : 0;
    if (marks && rc == 0) {
        if (!streq (marks, "{}"))
            sk_info ("vote: voter_code and ballot rewritten after closing citizen budgets %s",
                     marks);
        for (int k = 0; k < 2; k++) {
            free (self->done[k]);
            self->done[k] = NULL;
        }
        self->at = 0;
        self->retry = S_RETRY_MS;
    } else {
        sk_warn ("vote: the rewrite after a close waits (next try in %lld ms): %s",
                 (long long)self->retry, err.message);
        self->at = zclock_mono () + self->retry;
        self->retry = self->retry * 2 > S_RETRY_MAX_MS ? S_RETRY_MAX_MS : self->retry * 2;
    }
    free (marks);
}

//  The closes noted since the last look, without waiting: a pass is due.
static void
s_take_closed (zsock_t *closed, s_rewrite_t *self)
{
    while (zsock_events (closed) & ZMQ_POLLIN) {
        uint64_t process = 0;
        if (zsock_recv (closed, "8", &process) < 0)
            break;
        char id[24];
        snprintf (id, sizeof id, "%llu", (unsigned long long)process);
        vote_array_add (self->noted, id);
        self->at = zclock_mono ();
        self->retry = S_RETRY_MS;
    }
}

//  Move the casts waiting in the socket to the queue, without waiting.
static void
s_take (zsock_t *pull, zlistx_t *queue)
{
    while (zsock_events (pull) & ZMQ_POLLIN) {
        void *cast = NULL;
        if (zsock_brecv (pull, "p", &cast) < 0 || !cast)
            break;
        ((vote_cast_t *)cast)->taken_at = zclock_mono ();
        zlistx_add_end (queue, cast);
    }
}

//  How long to wait still for more casts before committing those queued,
//  in ms: 0 when enough are waiting or the oldest has waited long enough.
static int
s_gather_left (zlistx_t *queue)
{
    vote_cast_t *oldest = (vote_cast_t *)zlistx_first (queue);
    if (!oldest || zlistx_size (queue) >= S_GATHER_MIN)
        return 0;
    int64_t left = oldest->taken_at + S_GATHER_MS - zclock_mono ();
    return left > 0 ? (int)left : 0;
}

//  Take the next batch out of the queue: all waiting casts of the oldest
//  one's municipality, at most S_MAX_BATCH. Their count.
static int
s_next_batch (zlistx_t *queue, vote_cast_t **batch)
{
    int n = 0;
    vote_cast_t *first = (vote_cast_t *)zlistx_first (queue);
    char tenant[8];
    snprintf (tenant, sizeof tenant, "%s", first->tenant);
    void *c = first;
    while (c && n < S_MAX_BATCH) {
        vote_cast_t *cast = (vote_cast_t *)c;
        void *cursor = zlistx_cursor (queue);
        c = zlistx_next (queue);
        if (streq (cast->tenant, tenant)) {
            batch[n++] = cast;
            zlistx_delete (queue, cursor);
            atomic_fetch_sub (cast->waiting, 1);
        }
    }
    atomic_fetch_sub (&s_waiting, n);
    return n;
}

void
vote_committer_actor (zsock_t *pipe, void *args)
{
    (void)args;
    sk_defer_thread_init ();
    //  No high-water mark: s_waiting bounds the casts in flight, and a full
    //  pipe would block the broker thread in vote_committer_submit
    zsock_t *pull = zsock_new (ZMQ_PULL);
    zsock_set_rcvhwm (pull, 0);
    zsock_bind (pull, "%s", S_ENDPOINT);
    zsock_t *closed = zsock_new (ZMQ_PULL);
    zsock_bind (closed, "%s", S_CLOSED_ENDPOINT);
    sk_db_t *db = sk_db_new (s_conninfo, "vote");
    //  Its statements find rows by key. Planned while the ballot table
    //  is empty (and vacuumed), the cast statement's receipt check would
    //  scan the table for every cast while it fills, until the plan is
    //  made again (doc/DECISIONS.md)
    sk_db_set (db, "enable_seqscan", "off");
    sk_db_t *owner = sk_db_new (s_owner_conninfo, "vote");
    //  Its VACUUMs take their lock in time or fail, to be tried again
    sk_db_set (owner, "lock_timeout", S_LOCK_TIMEOUT);
    //  A pass at the start: a rewrite the last run left undone
    s_rewrite_t rewrite = { .noted = zchunk_new ("{", 1),
                            .at = zclock_mono (),
                            .retry = S_RETRY_MS };
    s_cache_t cache = { .n = 0 };
    vote_cast_t **batch = sk_malloc (sizeof (vote_cast_t *) * S_MAX_BATCH);
    zlistx_t *queue = zlistx_new (); //  vote_cast_t *, oldest first
    zpoller_t *poller = zpoller_new (pipe, pull, closed, NULL);
    //  Stop at $TERM only, which the service sends once the broker takes
    //  no more casts: stopping at the signal could leave casts submitted
    //  after it unanswered
    zpoller_set_nonstop (poller, true);
    zsock_signal (pipe, 0);
    bool stopping = false;
    while (!stopping || zlistx_size (queue)) {
        //  Wait with nothing to commit, or while gathering a batch, or
        //  until a rewrite is due; look at $TERM between batches
        int timeout = stopping ? 0 : zlistx_size (queue) ? s_gather_left (queue) : -1;
        if (!stopping && rewrite.at) {
            int64_t due = rewrite.at - zclock_mono ();
            due = due > 0 ? due : 0;
            timeout = timeout < 0 || due < timeout ? (int)due : timeout;
        }
        void *which = zpoller_wait (poller, timeout);
        if (which == pipe || zpoller_terminated (poller)) {
            char *command = which == pipe ? zstr_recv (pipe) : NULL;
            stopping |= !which || (command && streq (command, "$TERM"));
            zstr_free (&command);
        }
        s_take_closed (closed, &rewrite);
        if (!stopping && rewrite.at && zclock_mono () >= rewrite.at)
            s_rewrite_pass (db, owner, &rewrite);
        //  On the way out, the casts already accepted are still committed
        s_take (pull, queue);
        if (zlistx_size (queue) == 0 || (!stopping && s_gather_left (queue) > 0))
            continue;
        int n = s_next_batch (queue, batch);
        s_commit_batch (db, &cache, batch, n);
        //  Answer the batch's casts now that it has committed (or failed)
        for (int i = 0; i < n; i++)
            s_answer (batch[i]);
    }
    zpoller_destroy (&poller);
    zlistx_destroy (&queue);
    free (batch);
    for (int i = 0; i < cache.n; i++)
        vote_rules_destroy (&cache.entries[i].rules);
    sk_db_destroy (&db);
    sk_db_destroy (&owner);
    zsock_destroy (&pull);
    zsock_destroy (&closed);
    zchunk_destroy (&rewrite.noted);
    free (rewrite.done[0]);
    free (rewrite.done[1]);
}

//  The waiting count of a municipality, added on its first cast (broker
//  thread only).
static s_waiting_t *
s_queue_of (const char *tenant)
{
    for (int k = 0; k < s_nqueues; k++)
        if (streq (s_queues[k].tenant, tenant))
            return &s_queues[k];
    if (s_nqueues == S_TENANTS)
        return &s_queues[S_TENANTS - 1];
    s_waiting_t *entry = &s_queues[s_nqueues];
    snprintf (entry->tenant, sizeof entry->tenant, "%s", tenant);
    s_nqueues++;
    return entry;
}

void
vote_committer_submit (vote_cast_t *cast)
{
    assert (s_conninfo);
    if (!s_submit) {
        s_submit = zsock_new (ZMQ_PUSH);
        zsock_set_sndhwm (s_submit, 0);
        zsock_connect (s_submit, "%s", S_ENDPOINT);
        s_submitter = pthread_self ();
    }
    assert (pthread_equal (s_submitter, pthread_self ()));
    s_waiting_t *mine = s_queue_of (cast->tenant);
    if (atomic_fetch_add (&mine->waiting, 1) >= S_MAX_QUEUE) {
        atomic_fetch_sub (&mine->waiting, 1);
        cast->rc = sk_error_set (&cast->err, "unavailable", NULL,
                                 "%d ballots of municipality %s are waiting to be committed; "
                                 "retry with the same id",
                                 S_MAX_QUEUE, cast->tenant);
        s_answer (cast);
        return;
    }
    if (atomic_fetch_add (&s_waiting, 1) >= S_MAX_TOTAL) {
        atomic_fetch_sub (&s_waiting, 1);
        atomic_fetch_sub (&mine->waiting, 1);
        cast->rc = sk_error_set (&cast->err, "unavailable", NULL,
                                 "%d ballots are waiting to be committed; "
                                 "retry with the same id",
                                 S_MAX_TOTAL);
        s_answer (cast);
        return;
    }
    cast->waiting = &mine->waiting;
    zsock_bsend (s_submit, "p", cast);
}

void
vote_committer_closed (int64_t process)
{
    //  A socket of the calling worker's own, for a rare op; the linger
    //  lets the note reach the committer after the socket is gone
    zsock_t *push = zsock_new (ZMQ_PUSH);
    zsock_set_linger (push, 1000);
    if (zsock_connect (push, "%s", S_CLOSED_ENDPOINT) == 0)
        zsock_send (push, "8", (uint64_t)process);
    zsock_destroy (&push);
}

void
vote_committer_term (void)
{
    zsock_destroy (&s_submit);
    pthread_mutex_lock (&s_own_lock);
    sk_db_destroy (&s_own_db);
    pthread_mutex_unlock (&s_own_lock);
    free (s_conninfo);
    s_conninfo = NULL;
    free (s_owner_conninfo);
    s_owner_conninfo = NULL;
}
