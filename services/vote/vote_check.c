/*  vote_check.c: vote.code.check in batches.

    A front end asks whether a code may vote before it shows the ballot:
    one check per web ballot besides its cast. A check costs PostgreSQL
    far more than its lookup (a transaction, a round trip, a backend's
    wake-up) and a worker thread a hand-over, so the broker hands each
    check to the checker, an actor beside the service loop, over inproc
    (one pointer per check). The checker takes all checks waiting (of one
    municipality, up to S_MAX_BATCH) and looks them up with one statement,
    the implicit transaction of its pipeline, then answers each: while
    one batch is looked up the next gathers, so it never waits to fill a
    batch. A check reads and consumes nothing, and it tells a front end no
    more than a cast would; nothing here logs a code.
*/
#include <czmq.h>
#include <stdatomic.h>

#include "sk_mem.h"
#include "vote_svc.h"

#define S_ENDPOINT  "inproc://vote-checker"
#define S_MAX_BATCH 1000
//  Checks submitted and not yet answered, beyond which a check is
//  answered unavailable at once
#define S_MAX_WAITING (8 * S_MAX_BATCH)

static atomic_int s_waiting;  //  checks submitted and not yet answered
static zsock_t *s_submit;     //  PUSH to the checker, of the broker thread
static pthread_t s_submitter; //  that thread, the only one that submits

//  Answer a check with its code's state, or with err; free it.
static void
s_answer (vote_check_t *check, const char *state, const sk_error_t *err)
{
    if (err) {
        sk_deferred_reply (&check->reply, NULL, err);
    } else {
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, 2);
        sk_pack_kint (&body, "process", check->process);
        sk_pack_kstr (&body, "state", state);
        sk_deferred_reply (&check->reply, &body, NULL);
        sk_pack_release (&body);
    }
    atomic_fetch_sub (&s_waiting, 1);
    free (check);
}

//  Answer the check from its row: the process's phase (NULL if there is
//  no such process, in its municipality) and the code's state (NULL if
//  it was not issued for the process). The refusals in vote.code.check's
//  order: no such process, not voting, a mistyped code.
static void
s_answer_row (vote_check_t *check, const char *phase, const char *state)
{
    sk_error_t err = { 0 };
    if (!phase)
        sk_error_set (&err, "not_found", "process", "citizen budget %lld does not exist",
                      (long long)check->process);
    else if (!streq (phase, "voting"))
        sk_error_set (&err, "conflict", "process",
                      "cannot check a voter code in citizen budget %lld: it is in phase \"%s\", "
                      "not \"voting\"",
                      (long long)check->process, phase);
    else if (!check->hash[0])
        sk_error_set (&err, "invalid_argument", "code",
                      "voter code is not well formed: check for a typing error");
    s_answer (check,
              !state                    ? "unknown"
              : streq (state, "issued") ? "valid"
                                        : state,
              err.code[0] ? &err : NULL);
}

//  Look up a batch of checks of one municipality with one statement and
//  answer each; on a failure of the statement each gets its error.
static void
s_check_batch (sk_db_t *db, vote_check_t **batch, int n)
{
    zchunk_t *idx = zchunk_new ("{", 1), *procs = zchunk_new ("{", 1),
             *hashes = zchunk_new ("{", 1);
    for (int i = 0; i < n; i++) {
        char num[24];
        snprintf (num, sizeof num, "%d", i);
        vote_array_add (idx, num);
        snprintf (num, sizeof num, "%lld", (long long)batch[i]->process);
        vote_array_add (procs, num);
        vote_array_add (hashes, batch[i]->hash[0] ? batch[i]->hash : NULL);
    }
    const char *params[] = { vote_array_end (idx), vote_array_end (procs),
                             vote_array_end (hashes) };
    const sk_stmt_t stmt = { "SELECT j.i, p.phase, c.state FROM unnest ($1::int[], "
                             "$2::bigint[], $3::bytea[]) AS j (i, p, h) "
                             "LEFT JOIN process p ON p.id = j.p "
                             "LEFT JOIN voter_code c ON c.hash = j.h AND c.process_id = j.p",
                             3, params };
    sk_error_t err = { 0 };
    PGresult *r = NULL;
    if (sk_db_begin (db, batch[0]->tenant, &err) || sk_db_exec_final (db, &err, 1, &stmt, &r)) {
        sk_db_rollback (db);
        for (int i = 0; i < n; i++)
            s_answer (batch[i], NULL, &err);
    } else {
        sk_db_commit (db, &err); //  a no-op after the final batch
        for (int k = 0; k < PQntuples (r); k++) {
            vote_check_t **check = &batch[atoi (PQgetvalue (r, k, 0))];
            s_answer_row (*check, PQgetisnull (r, k, 1) ? NULL : PQgetvalue (r, k, 1),
                          PQgetisnull (r, k, 2) ? NULL : PQgetvalue (r, k, 2));
            *check = NULL;
        }
        //  Every check has its row; one without would wait for ever
        sk_error_set (&err, "internal", NULL, "the check has no outcome");
        for (int i = 0; i < n; i++)
            if (batch[i])
                s_answer (batch[i], NULL, &err);
    }
    PQclear (r);
    zchunk_destroy (&idx);
    zchunk_destroy (&procs);
    zchunk_destroy (&hashes);
}

//  A check's municipality, for vote_batch_take.
static const char *
s_tenant (const void *check)
{
    return ((const vote_check_t *)check)->tenant;
}

void
vote_checker_actor (zsock_t *pipe, void *args)
{
    sk_defer_thread_init ();
    //  No high-water mark: s_waiting bounds the checks in flight
    zsock_t *pull = zsock_new (ZMQ_PULL);
    zsock_set_rcvhwm (pull, 0);
    zsock_bind (pull, "%s", S_ENDPOINT);
    sk_db_t *db = sk_db_new ((const char *)args, "vote");
    //  Found by key: planned while the tables are small, the statement
    //  would scan voter_code for every batch as it grows (the committer's
    //  connection does the same, doc/DECISIONS.md)
    sk_db_set (db, "enable_seqscan", "off");
    vote_check_t **batch = sk_malloc (sizeof (vote_check_t *) * S_MAX_BATCH);
    zlistx_t *queue = zlistx_new (); //  vote_check_t *, oldest first
    zpoller_t *poller = zpoller_new (pipe, pull, NULL);
    //  Stop at $TERM only, sent once the broker takes no more checks
    zpoller_set_nonstop (poller, true);
    zsock_signal (pipe, 0);
    bool stopping = false;
    while (!stopping || zlistx_size (queue)) {
        void *which = zpoller_wait (poller, stopping || zlistx_size (queue) ? 0 : -1);
        if (which == pipe || zpoller_terminated (poller)) {
            char *command = which == pipe ? zstr_recv (pipe) : NULL;
            stopping |= !which || (command && streq (command, "$TERM"));
            zstr_free (&command);
        }
        while (zsock_events (pull) & ZMQ_POLLIN) {
            void *check = NULL;
            if (zsock_brecv (pull, "p", &check) < 0 || !check)
                break;
            zlistx_add_end (queue, check);
        }
        if (zlistx_size (queue))
            s_check_batch (db, batch,
                           vote_batch_take (queue, s_tenant, (void **)batch, S_MAX_BATCH));
    }
    zpoller_destroy (&poller);
    zlistx_destroy (&queue);
    free (batch);
    sk_db_destroy (&db);
    zsock_destroy (&pull);
}

void
vote_checker_submit (vote_check_t *check)
{
    vote_push_ensure (&s_submit, &s_submitter, S_ENDPOINT);
    if (atomic_fetch_add (&s_waiting, 1) >= S_MAX_WAITING) {
        sk_error_t err = { 0 };
        sk_error_set (&err, "unavailable", NULL,
                      "%d voter code checks are waiting; try again in a moment", S_MAX_WAITING);
        s_answer (check, NULL, &err);
        return;
    }
    zsock_bsend (s_submit, "p", check);
}

void
vote_checker_term (void)
{
    zsock_destroy (&s_submit);
}
