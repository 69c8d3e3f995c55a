/*  match_svc.h: the match service's parts (the engines are lib/flow,
    lib/speeddate and lib/score). proto/PROTOCOL.md, "Match service",
    describes every op; doc/DECISIONS.md the scoring formula and the feed.
*/
#ifndef MATCH_SVC_H_INCLUDED
#define MATCH_SVC_H_INCLUDED

#include <czmq.h>

#include "sk_client.h"
#include "sk_log.h"
#include "sk_call.h"
#include "sk_config.h"
#include "sk_event.h"
#include "score/score.h"

//  Settings read once at start (main.c), read-only afterwards
typedef struct {
    sk_config_t *config; //  the whole configuration
    const char *db;      //  connection string
    int poll_ms;         //  feed pull and sweep period
    int proposal_days;   //  a proposal expires this many days after it is made
    int due_days;        //  match.meeting.due this many days before a meeting
    int overdue_days;    //  match.meeting.overdue this many days after, no minutes
} match_conf_t;
extern match_conf_t match_conf;

//  --------------------------------------------------------------------------
//  The registry copy (match_feed.c)

//  Follows registry.event.list with tenant "*" after the stored cursor,
//  applying events and moving the cursor in one transaction; woken by the
//  bus when configured and every poll_ms. args: match_conf_t.
void match_feed_actor (zsock_t *pipe, void *args);
//  The periodic sweep: expires proposals and emits meeting due/overdue
//  events through match.sweep.run per municipality. args: match_conf_t.
void match_sweep_actor (zsock_t *pipe, void *args);
int match_feed_status (sk_call_t *call);

//  --------------------------------------------------------------------------
//  Scoring (match_score.c)

//  A party of the copy with its declarations is a score_party_t
//  (lib/score/score.h): what the score is computed from.
//  The parties of a municipality and what scoring needs to know of them.
typedef struct _match_pool_t match_pool_t;

//  Load the tenant's active parties (of the kinds in the mask: bit 0
//  association, 1 company, 2 institution, 3 volunteer, 4 citizen) and the "has" counts
//  of every competence. Capacities are what is left after open proposals
//  and running agreements. NULL with the call's error set.
match_pool_t *match_pool_load (sk_call_t *call, unsigned kinds);
//  The same with the capacities of one kind of partnership
//  ("company-association"): what is left after the open proposals and
//  running agreements of that kind only, so an association with an open
//  CSR proposal still has room for a partner association. NULL kind: of
//  every kind, as match_pool_load.
match_pool_t *match_pool_load_for (sk_call_t *call, unsigned kinds, const char *kind);
void match_pool_destroy (match_pool_t **self_p);
size_t match_pool_size (match_pool_t *self);
score_party_t *match_pool_party (match_pool_t *self, size_t index);
//  The party with this id, or NULL.
score_party_t *match_pool_find (match_pool_t *self, int64_t id);
//  True if the pair was declined or has a proposal that is not expired.
bool match_pool_excluded (match_pool_t *self, int64_t a, int64_t b);
//  Why: "declined", "proposed" (a proposal not expired), or NULL.
const char *match_pool_excluded_why (match_pool_t *self, int64_t a, int64_t b);

//  The score of a pair and, when explain is given, the contributions packed
//  as an array of maps (reason, term, from, to, points). 0 means the pair
//  has nothing in common worth proposing (no competence or target group).
int64_t match_score_pair (match_pool_t *pool, const score_party_t *a, const score_party_t *b,
                          sk_pack_t *explain);

//  The points of the competences giver has and taker needs (one direction).
int64_t match_score_given (match_pool_t *pool, const score_party_t *giver,
                           const score_party_t *taker);

int match_party_suggest (sk_call_t *call);
int match_party_get (sk_call_t *call);

//  --------------------------------------------------------------------------
//  Proposals (match_proposal.c)

//  Expire the tenant's open proposals whose time is up; -1 on failure.
int match_proposal_expire (sk_call_t *call);
int match_proposal_run (sk_call_t *call);
int match_proposal_list (sk_call_t *call);
int match_proposal_get (sk_call_t *call);
int match_proposal_accept (sk_call_t *call);
int match_proposal_decline (sk_call_t *call);
//  samskab-web for the party named "party" (role P, PROTOCOL.md 7.7): its
//  open proposals with their explanations; accept and decline as above.
int match_own_proposals (sk_call_t *call);
int match_own_accept (sk_call_t *call);
int match_own_decline (sk_call_t *call);
int match_sweep_run (sk_call_t *call);

//  --------------------------------------------------------------------------
//  Agreements (match_agreement.c)

//  A draft agreement for an accepted proposal; its id, or -1.
int64_t match_agreement_from_proposal (sk_call_t *call, const char *proposal);
//  Emit due and overdue events for the tenant's meetings; -1 on failure.
int match_meeting_sweep (sk_call_t *call, int64_t *due, int64_t *overdue);
int match_agreement_create (sk_call_t *call);
int match_agreement_get (sk_call_t *call);
int match_agreement_list (sk_call_t *call);
int match_agreement_update (sk_call_t *call);
int match_agreement_status (sk_call_t *call);
int match_meeting_list (sk_call_t *call);
int match_meeting_minutes (sk_call_t *call);
int match_action_add (sk_call_t *call);
int match_action_done (sk_call_t *call);
int match_action_list (sk_call_t *call);

//  --------------------------------------------------------------------------
//  Acting for a party (match_own.c; role P, PROTOCOL.md 7.7)

//  0 if the caller is a service certificate for all municipalities
//  (samskab-web), else -1 with forbidden.
int match_own_caller (sk_call_t *call);
//  The party of a request whose only field is "party" (the caller checked
//  too); NULL with the call's error set.
const char *match_own_party (sk_call_t *call);
//  The party's agreements with their parties, meetings and actions; the
//  minutes of a meeting of one of them.
int match_own_agreements (sk_call_t *call);
int match_own_minutes (sk_call_t *call);
//  The speed-dating events the party joined or can join; one with the
//  other side and the weights the party stated; joining; stating them;
//  its schedule once planned.
int match_own_speeddates (sk_call_t *call);
int match_own_speeddate (sk_call_t *call);
int match_own_join (sk_call_t *call);
int match_own_leave (sk_call_t *call);
int match_own_interest (sk_call_t *call);
int match_own_schedule (sk_call_t *call);

//  --------------------------------------------------------------------------
//  Citizens who want a mentor (match_citizen.c)

int match_citizen_add (sk_call_t *call);
int match_citizen_list (sk_call_t *call);
int match_citizen_erase (sk_call_t *call);

//  --------------------------------------------------------------------------
//  Speed dating (match_speeddate.c; the planner is lib/speeddate)

int match_speeddate_create (sk_call_t *call);
int match_speeddate_join (sk_call_t *call);
int match_speeddate_interest (sk_call_t *call);
int match_speeddate_plan_op (sk_call_t *call);
int match_speeddate_schedule (sk_call_t *call);
int match_speeddate_list (sk_call_t *call);

//  --------------------------------------------------------------------------
//  Helpers (match_util.c)

//  An id field (1..INT64_MAX) as text owned by the call; NULL with error.
const char *match_id (sk_call_t *call, const msgpack_object *map, const char *key, bool required);
//  The id of a request whose only field is "id", the same way.
const char *match_only_id (sk_call_t *call);
//  Pack the rows of r as an array of maps with the column names as keys;
//  int_cols lists the columns packed as integers ("id,score"); bytea_cols
//  the msgpack columns packed raw; booleans as booleans (sk_pack_rows, with
//  the column table read off the result).
void match_pack_rows (sk_pack_t *p, PGresult *r, const char *int_cols, const char *raw_cols);
//  Reply {items: the rows of r} packed so and clear r; 0, or -1 if r is
//  NULL (the call's error is set).
int match_reply_items (sk_call_t *call, PGresult *r, const char *int_cols);
//  A timestamptz column or expression as RFC 3339 UTC text, in SQL
//  Who wrote a meeting m's minutes: minutes_by ('staff', 'party', or NULL:
//  none yet, or written before that was kept), minutes_party (the party
//  that submitted them on the web) and its name as match's copy has it
//  (NULL for a volunteer); minutes_party an integer column
#define MATCH_MINUTES_BY                                                                           \
    "m.minutes_by, m.minutes_party, "                                                              \
    "(SELECT wp.name FROM party wp WHERE wp.id = m.minutes_party) AS minutes_party_name"
#define MATCH_MINUTES_BY_INTS "minutes_party"
#define MATCH_TS(col)         "to_char((" col ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

#endif
