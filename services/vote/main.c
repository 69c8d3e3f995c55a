/*  samskab-vote: citizen budgets and workshop polls, read as its table of
    ops. proto/PROTOCOL.md, "Vote", describes each. */
#include <czmq.h>

#include "sk_log.h"
#include "vote_svc.h"
#include "sk_erase.h"
#include "sk_service.h"

//  Who casts: a voting front end (kiosk, web) with a service certificate
//  of the municipality, presenting the citizen's code; admins for tests
#define S_CASTERS (SK_ROLE_BIT (SK_ROLE_SERVICE) | SK_ROLE_BIT (SK_ROLE_ADMIN))

static const sk_op_t s_ops[] = {
    { .name = "vote.process.create",
      .handler = vote_process_create,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.process.get", .handler = vote_process_get, .roles = SK_READERS },
    { .name = "vote.process.list", .handler = vote_process_list, .roles = SK_READERS },
    { .name = "vote.process.settings",
      .handler = vote_process_settings,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.process.phase",
      .handler = vote_process_phase,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.pool.add", .handler = vote_pool_add, .roles = SK_WRITERS, .mutating = true },
    { .name = "vote.project.create",
      .handler = vote_project_create,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.project.update",
      .handler = vote_project_update,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.project.withdraw",
      .handler = vote_project_withdraw,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.project.list", .handler = vote_project_list, .roles = SK_READERS },
    { .name = "vote.process.archive",
      .handler = vote_process_archive,
      .roles = SK_WRITERS,
      .mutating = true },
    //  Not mutating for the service loop: a stored reply would keep the
    //  plain codes (issue) or pair a request with a receipt (cast); both
    //  still write, in the call's one transaction
    { .name = "vote.code.issue", .handler = vote_code_issue, .roles = SK_WRITERS },
    { .name = "vote.code.revoke",
      .handler = vote_code_revoke,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.code.batches", .handler = vote_code_batches, .roles = SK_READERS },
    //  Whether a code may still vote, asked before the ballot is shown;
    //  consumes nothing
    { .name = "vote.code.check", .handler = vote_code_check, .roles = S_CASTERS },
    //  Served by the broker thread: checked without the database and handed
    //  to the committer (vote_ballot.c), which answers after its commit
    { .name = "vote.ballot.cast",
      .handler = vote_ballot_cast,
      .roles = S_CASTERS,
      .in_broker = true },
    { .name = "vote.ballot.list", .handler = vote_ballot_list, .roles = SK_READERS },
    //  How many casts each committed batch held: staff only
    { .name = "vote.ballot.batches", .handler = vote_ballot_batches, .roles = SK_WRITERS },
    { .name = "vote.receipt.check", .handler = vote_receipt_check, .roles = SK_READERS },
    { .name = "vote.process.tally",
      .handler = vote_results_tally,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.results.get", .handler = vote_results_get, .roles = SK_READERS },
    { .name = "vote.pb.import",
      .handler = vote_pabulib_import,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.pb.export", .handler = vote_pabulib_export, .roles = SK_READERS },
    //  A front end (samskab-web) proposes a citizen's idea
    { .name = "vote.idea.create",
      .handler = vote_idea_create,
      .roles = SK_WRITERS | S_CASTERS,
      .mutating = true },
    { .name = "vote.idea.list", .handler = vote_idea_list, .roles = SK_READERS },
    { .name = "vote.idea.merge",
      .handler = vote_idea_merge,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.idea.realise",
      .handler = vote_idea_realise,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.idea.reject",
      .handler = vote_idea_reject,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.idea.project",
      .handler = vote_idea_project,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.idea.forget",
      .handler = vote_idea_forget,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.idea.show", .handler = vote_idea_show, .roles = SK_WRITERS, .mutating = true },
    { .name = "vote.idea.hide", .handler = vote_idea_hide, .roles = SK_WRITERS, .mutating = true },
    { .name = "vote.idea.update",
      .handler = vote_idea_update,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.meeting.create",
      .handler = vote_meeting_create,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.meeting.list", .handler = vote_meeting_list, .roles = SK_READERS },
    { .name = "vote.paper.enter",
      .handler = vote_paper_enter,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.paper.confirm",
      .handler = vote_paper_confirm,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.paper.list", .handler = vote_paper_list, .roles = SK_WRITERS },
    { .name = "vote.paper.discard",
      .handler = vote_paper_discard,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.paper.late",
      .handler = vote_paper_late,
      .roles = SK_WRITERS,
      .mutating = true },
    //  Workshop polls: staff, or a tablet at the meeting with a service
    //  certificate, enter the participants' votes
    { .name = "vote.poll.create",
      .handler = vote_poll_create,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.poll.vote",
      .handler = vote_poll_vote,
      .roles = SK_WRITERS | S_CASTERS,
      .mutating = true },
    { .name = "vote.poll.results", .handler = vote_poll_results, .roles = SK_READERS },
    { .name = "vote.poll.close",
      .handler = vote_poll_close,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "vote.poll.list", .handler = vote_poll_list, .roles = SK_READERS },
    { .name = NULL }
};

static vote_feed_conf_t s_feed;

//  The code and erase keys, the committer of casts with its own connection to the
//  same database, and the follower of the registry's events.
static int
s_start (sk_service_t *service, sk_config_t *config)
{
    if (vote_code_key_load (config) || sk_erase_key_load (config, "vote"))
        return -1;
    const char *db = sk_config_get (config, "vote/db", sk_config_get (config, "db", NULL));
    if (!db) {
        sk_error ("missing setting \"vote/db\"");
        return -1;
    }
    vote_registry_init (config);
    //  The tables' owner vacuums them after a close (common/sk_db.h)
    const char *owner =
        sk_config_get (config, "vote/db_owner", sk_config_get (config, "db_owner", db));
    vote_committer_init (db, owner);
    sk_service_attach (service, vote_committer_actor, NULL);
    s_feed = (vote_feed_conf_t){ .config = config, .db = db };
    if (sk_config_int (config, "vote/poll_ms", 1000, 10, 60000, &s_feed.poll_ms))
        return -1;
    sk_service_attach (service, vote_feed_actor, &s_feed);
    return 0;
}

int
main (int argc, char **argv)
{
    static const sk_service_def_t def = {
        .name = "vote", .ops = s_ops, .start = s_start, .stop = vote_committer_term
    };
    return sk_service_main (&def, argc, argv);
}
