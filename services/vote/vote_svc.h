/*  vote_svc.h: what the vote service's handlers share.

    The service keeps citizen budgets (processes with pools, projects,
    voter codes, ballots and results) and workshop polls. Handlers are
    grouped by file: vote_process.c (processes, pools, phases),
    vote_project.c (projects),
    vote_cast.c (codes, casting, receipts, paper ballots), vote_result.c
    (tally, results), vote_pabulib.c (Pabulib import and export),
    vote_idea.c (ideas and development meetings), vote_poll.c (polls).
*/
#ifndef VOTE_SVC_H_INCLUDED
#define VOTE_SVC_H_INCLUDED

#include <czmq.h>
#include <pthread.h>
#include <sodium.h>

#include "sk_call.h"
#include "sk_config.h"
#include "sk_defer.h"
#include "sk_event.h"

#define VOTE_KEY_BYTES SK_CONFIG_KEY_BYTES

//  Load the key voter codes are hashed with: vote/code_key (64 hex digits)
//  or the file named by vote/code_key_file (32 bytes, or 64 hex digits).
//  0, or -1 logged.
int vote_code_key_load (sk_config_t *config);
//  The keyed hash of a voter code (normalised first) for a process.
void vote_code_hash (int64_t process, const char *code, uint8_t hash[crypto_generichash_BYTES]);
//  A new random voter code, "XXXXX-XXXXX": nine random Crockford base32
//  symbols and a check symbol. code must hold 12 bytes.
void vote_code_make (char *code);
//  Normalise a typed code into out (10 symbols, upper-case, I/L read as 1,
//  O as 0, blanks and dashes dropped); 0 if it is well formed and its check
//  symbol matches, -1 otherwise. out must hold 11 bytes.
int vote_code_normalise (const char *code, char *out);
//  The receipt of a cast: Crockford base32 of 80 bits of BLAKE2b of the
//  front end's nonce, "XXXX-XXXX-XXXX-XXXX". receipt must hold 20 bytes.
void vote_receipt_from_nonce (const char *nonce, char *receipt);
//  A random receipt (paper ballots, imports).
void vote_receipt_random (char *receipt);

//  Parse PostgreSQL's text of an integer array, "{1,2,3}": the values
//  (caller frees) and their count, or NULL if malformed.
int64_t *vote_int_array_parse (const char *text, int *count);
//  The PostgreSQL array literal "{1,2,3}" of n values (caller frees).
char *vote_int_literal (int n, const int64_t *values);

//  The process a request names by "process" (or key), with its phase and
//  ballot settings. lock: VOTE_LOCK_UPDATE for changes to the process,
//  VOTE_LOCK_SHARE for a cast (a phase change waits for casts in flight).
//  0, or -1 with the call's error set (not_found).
typedef struct {
    int64_t id;
    char phase[16];
    char ballot[16];
    char rule[20];
    int64_t max_choices; //  0 when unset
    int64_t min_share;   //  0 when unset
    int64_t points;      //  0 when unset
    int64_t threshold;
} vote_process_t;

//  The Copenhagen date (YYYY-MM-DD) voting actually opened or closed (what
//  is "opened" or "closed"), NULL before, as the column voting_<what>.
#define VOTE_RAN(what)                                                                             \
    "to_char(voting_" what "_at AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD') AS voting_" what

#define VOTE_LOCK_NONE   0
#define VOTE_LOCK_UPDATE 1
#define VOTE_LOCK_SHARE  2
int vote_process_load (sk_call_t *call, const char *key, int lock, vote_process_t *process);
//  The same for a request whose only field is "process".
int vote_process_only (sk_call_t *call, int lock, vote_process_t *process);
//  The id of process's pool named pool (case-insensitively, Danish letters
//  too; an exact match first), or of its only pool when pool is NULL;
//  owned by the call. NULL with the call's error set, naming the pools.
const char *vote_pool_find (sk_call_t *call, int64_t process, const char *pool);
//  Reply {items} of the rows sql selects for that process ($1), as cols.
int vote_process_items (sk_call_t *call, const char *sql, const sk_col_t *cols);
//  1 if process counts as pabutools would (imported from a .pb file without
//  samskab_counting), 0 if by samskab's own counting, -1 with the call's
//  error set (vote_result.c).
int vote_process_pabulib (sk_call_t *call, int64_t process);
//  The places a ranked ballot of p has in a pool of np projects, and so the
//  points of place 1 under samskab's counting (vote_result.c).
int64_t vote_ranked_places (const vote_process_t *p, int64_t np);
//  Refuse unless the process is in one of the NULL-terminated phases.
int vote_process_require (sk_call_t *call, const vote_process_t *process, const char *what,
                          const char *const *phases);

//  Refuse tenant "*" for an op that writes although it is not mutating
//  (the service loop refuses it for mutating ones); 0 or -1.
int vote_tenant_one (sk_call_t *call);

//  Handlers
int vote_process_create (sk_call_t *call);
int vote_process_get (sk_call_t *call);
int vote_process_list (sk_call_t *call);
int vote_process_settings (sk_call_t *call);
int vote_process_phase (sk_call_t *call);
int vote_pool_add (sk_call_t *call);
int vote_project_create (sk_call_t *call);
int vote_project_update (sk_call_t *call);
int vote_project_withdraw (sk_call_t *call);
int vote_project_list (sk_call_t *call);
int vote_process_archive (sk_call_t *call);
//  A project as replies show it: the columns of VOTE_PROJECT_SELECT
extern const sk_col_t vote_project_cols[];
#define VOTE_PROJECT_SELECT                                                                        \
    "SELECT p.id, o.name, p.code, p.title, p.description, p.cost "                                 \
    "FROM project p JOIN pool o ON o.id = p.pool_id "
//  Add a project to process (before voting): the reply is the project and
//  vote.project.created is emitted. pool may be NULL when there is one.
int vote_project_add (sk_call_t *call, const vote_process_t *process, const char *pool,
                      const char *code, const char *title, const char *description, int64_t cost,
                      int64_t *id_out);

int vote_idea_create (sk_call_t *call);
int vote_idea_list (sk_call_t *call);
int vote_idea_merge (sk_call_t *call);
int vote_idea_realise (sk_call_t *call);
int vote_idea_reject (sk_call_t *call);
int vote_idea_project (sk_call_t *call);
int vote_idea_forget (sk_call_t *call);
int vote_idea_show (sk_call_t *call);
int vote_idea_hide (sk_call_t *call);
int vote_idea_update (sk_call_t *call);
int vote_meeting_create (sk_call_t *call);
int vote_meeting_list (sk_call_t *call);
//  Erase the proposers' contact details of a process (at publication)
int vote_idea_forget_contacts (sk_call_t *call, int64_t process);

int vote_paper_enter (sk_call_t *call);
int vote_paper_confirm (sk_call_t *call);
int vote_paper_list (sk_call_t *call);
int vote_paper_discard (sk_call_t *call);
int vote_paper_late (sk_call_t *call);
//  The paper entries of process waiting for a second keying (discarded
//  ones aside): how many, and their numbers as "3, 4" into numbers (may
//  be NULL). 0 or -1.
int vote_paper_waiting (sk_call_t *call, int64_t process, int64_t *count, char *numbers,
                        size_t size);

int vote_poll_create (sk_call_t *call);
int vote_poll_vote (sk_call_t *call);
int vote_poll_results (sk_call_t *call);
int vote_poll_close (sk_call_t *call);
int vote_poll_list (sk_call_t *call);

int vote_code_issue (sk_call_t *call);
int vote_code_revoke (sk_call_t *call);
int vote_code_batches (sk_call_t *call);
int vote_code_check (sk_call_t *call);
//  A process's ballot rules: settings, pools, projects (vote_ballot.c).
typedef struct _vote_rules_t vote_rules_t;
vote_rules_t *vote_rules_load (sk_call_t *call, const vote_process_t *process);
void vote_rules_destroy (vote_rules_t **self_p);
//  Check a ballot of n projects (points NULL unless cumulative); 0 or -1
//  with err naming the field at fault.
int vote_rules_check (const vote_rules_t *self, int n, const int64_t *projects,
                      const int64_t *points, sk_error_t *err);

//  Read a ballot from the request's "projects" and "points" arrays into
//  call-owned arrays; 0 or -1 with the call's error set.
int vote_ballot_read (sk_call_t *call, int *n, int64_t **projects, int64_t **points);
//  Check a ballot against the process's settings and give it as
//  PostgreSQL array literals ("{3,7}"; points NULL unless cumulative).
//  0, or -1 with the call's error set.
int vote_ballot_check (sk_call_t *call, const vote_process_t *p, const char **ids_out,
                       const char **points_out);

//  One cast on its way to the committer (vote_ballot.c), which writes the
//  casts of many clients in one transaction and then answers each.
typedef struct {
    int64_t process;
    char tenant[8];
    char hash[2 * crypto_generichash_BYTES + 3]; //  "\\x..." bytea text
    char receipt[20];
    int n;
    int64_t *projects; //  owned
    int64_t *points;   //  owned; NULL unless cumulative
    int rc;            //  0 cast (or cast before with this nonce), -1 refused
    sk_error_t err;
    sk_deferred_t *reply; //  the cast's answer, given after its commit
    _Atomic int *waiting; //  its municipality's count of casts waiting
    int64_t taken_at;     //  when the committer took it (zclock_mono)
} vote_cast_t;

//  --------------------------------------------------------------------------
//  The registry's events (vote_feed.c)

typedef struct {
    sk_config_t *config; //  for the registry client and the bus
    const char *db;      //  libpq connection string
    int poll_ms;         //  pull at least this often
} vote_feed_conf_t;

//  The follower of the registry's events (a zactor_fn; args is a
//  vote_feed_conf_t that outlives it).
void vote_feed_actor (zsock_t *pipe, void *args);
//  Apply registry.person.erased (body) of tenant in the follower's
//  transaction: the ideas proposed with the person's contact lose it, and
//  the stored replies that carry it go. 0, or -1 with err.
int vote_feed_erase (sk_db_t *db, const char *tenant, const msgpack_object *body, sk_error_t *err);

//  --------------------------------------------------------------------------
//  What vote asks the registry (vote_registry.c); each fails the call
//  ("unavailable" when the registry does not answer) and returns -1/NULL

//  Before serving: the settings the registry client is made from.
void vote_registry_init (sk_config_t *config);
//  The area named, or numbered, area among the call's municipality's: its
//  name (as the registry spells it) in *name; invalid_argument (field
//  "area") when it is not one of them.
int vote_registry_area (sk_call_t *call, const char *area, const char **name);
//  0 when id is an association of the call's municipality;
//  invalid_argument (field "association") when it is not.
int vote_registry_association (sk_call_t *call, int64_t id);
//  The name of municipality code ("Odense" for "0461"), owned by the call.
const char *vote_registry_municipality (sk_call_t *call, const char *code);

//  Where the committer connects (conninfo, requests' role), and as the
//  tables' owner for the VACUUM after a close; call once before serving.
void vote_committer_init (const char *conninfo, const char *owner_conninfo);
//  The committer (a zactor_fn the service attaches): takes the casts
//  submitted, in batches of one municipality, commits each batch, answers
//  its casts. On $TERM it commits what it has taken and stops.
void vote_committer_actor (zsock_t *pipe, void *args);
//  Hand a cast (allocated, with its arrays) to the committer, which owns
//  it from now: it answers through cast->reply once the cast's batch has
//  committed (or failed), and frees it. Called by the broker thread only
//  (vote.ballot.cast is in_broker) and never waits: with too many casts of
//  its municipality (or in all) waiting, the cast is answered unavailable
//  at once and freed, so a flood of casts is bounded in memory and one
//  municipality's flood leaves the others room.
void vote_committer_submit (vote_cast_t *cast);
//  Called by a close (vote_close, on a worker, before its commit), which
//  has marked its process rewrite_due: once the close has committed, the
//  committer rewrites the tables voter_code and ballot (VACUUM FULL,
//  between batches) so that no dead tuple and no free space in a page
//  keeps a code's hash or a cast's transaction id, and clears the mark.
//  A rewrite whose lock is not had within a second is tried again later,
//  and at the committer's start. If the close rolls back nothing runs.
void vote_committer_closed (int64_t process);
//  After the service stopped, on the broker's thread: free what
//  vote_committer_init and vote_committer_submit made.
void vote_committer_term (void);
//  A connection of the service's own, one holder at a time, for work that
//  must commit before its reply although its op is not mutating.
sk_db_t *vote_own_db_acquire (void);
void vote_own_db_release (const sk_db_t *db);
//  Append a string (or NULL) to a PostgreSQL array literal begun with "{".
void vote_array_add (zchunk_t *buf, const char *s);
int vote_ballot_cast (sk_call_t *call);
int vote_ballot_list (sk_call_t *call);
//  The sizes of the committed batches of casts of a process (staff)
int vote_ballot_batches (sk_call_t *call);
int vote_receipt_check (sk_call_t *call);

//  Closing a process (vote_process_phase calls it when entering "closed"):
//  counts and deletes the code hashes, rewrites the ballots in random order.
int vote_close (sk_call_t *call, const vote_process_t *process);

int vote_results_tally (sk_call_t *call);
int vote_results_get (sk_call_t *call);
//  The official results of a tallied process, packed into out; 0 or -1.
int vote_results_pack (sk_call_t *call, int64_t process, sk_pack_t *out);

int vote_pabulib_import (sk_call_t *call);
int vote_pabulib_export (sk_call_t *call);

#endif
