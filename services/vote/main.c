/*  samskab-vote: citizen budgets and workshop polls, read as its table of
    ops. proto/PROTOCOL.md, "Vote", describes each. */
#include <czmq.h>

#include "sk_log.h"
#include "vote_svc.h"

//  Who casts: a voting front end (kiosk, web) with a service certificate
//  of the municipality, presenting the citizen's code; admins for tests
#define S_CASTERS (SK_ROLE_BIT (SK_ROLE_SERVICE) | SK_ROLE_BIT (SK_ROLE_ADMIN))

static const sk_op_t s_ops[] = {
    { "vote.process.create", vote_process_create, SK_WRITERS, true, NULL },
    { "vote.process.get", vote_process_get, SK_READERS, false, NULL },
    { "vote.process.list", vote_process_list, SK_READERS, false, NULL },
    { "vote.process.settings", vote_process_settings, SK_WRITERS, true, NULL },
    { "vote.process.phase", vote_process_phase, SK_WRITERS, true, NULL },
    { "vote.pool.add", vote_pool_add, SK_WRITERS, true, NULL },
    { "vote.project.create", vote_project_create, SK_WRITERS, true, NULL },
    { "vote.project.list", vote_project_list, SK_READERS, false, NULL },
    //  Not mutating for the service loop: a stored reply would keep the
    //  plain codes (issue) or pair a request with a receipt (cast); both
    //  still write, in the call's one transaction
    { "vote.code.issue", vote_code_issue, SK_WRITERS, false, NULL },
    { "vote.code.revoke", vote_code_revoke, SK_WRITERS, true, NULL },
    { "vote.code.batches", vote_code_batches, SK_READERS, false, NULL },
    //  Served by the broker thread: checked without the database and handed
    //  to the committer (vote_ballot.c), which answers after its commit
    { "vote.ballot.cast", vote_ballot_cast, S_CASTERS, false, NULL, true },
    { "vote.ballot.list", vote_ballot_list, SK_READERS, false, NULL },
    { "vote.receipt.check", vote_receipt_check, SK_READERS, false, NULL },
    { "vote.process.tally", vote_results_tally, SK_WRITERS, true, NULL },
    { "vote.results.get", vote_results_get, SK_READERS, false, NULL },
    { "vote.pb.import", vote_pabulib_import, SK_WRITERS, true, NULL },
    { "vote.pb.export", vote_pabulib_export, SK_READERS, false, NULL },
    { "vote.idea.create", vote_idea_create, SK_WRITERS, true, NULL },
    { "vote.idea.list", vote_idea_list, SK_READERS, false, NULL },
    { "vote.idea.merge", vote_idea_merge, SK_WRITERS, true, NULL },
    { "vote.idea.realise", vote_idea_realise, SK_WRITERS, true, NULL },
    { "vote.idea.reject", vote_idea_reject, SK_WRITERS, true, NULL },
    { "vote.idea.project", vote_idea_project, SK_WRITERS, true, NULL },
    { "vote.idea.forget", vote_idea_forget, SK_WRITERS, true, NULL },
    { "vote.meeting.create", vote_meeting_create, SK_WRITERS, true, NULL },
    { "vote.meeting.list", vote_meeting_list, SK_READERS, false, NULL },
    { "vote.paper.enter", vote_paper_enter, SK_WRITERS, true, NULL },
    { "vote.paper.confirm", vote_paper_confirm, SK_WRITERS, true, NULL },
    { "vote.paper.list", vote_paper_list, SK_WRITERS, false, NULL },
    //  Workshop polls: staff, or a tablet at the meeting with a service
    //  certificate, enter the participants' votes
    { "vote.poll.create", vote_poll_create, SK_WRITERS, true, NULL },
    { "vote.poll.vote", vote_poll_vote, SK_WRITERS | S_CASTERS, true, NULL },
    { "vote.poll.results", vote_poll_results, SK_READERS, false, NULL },
    { "vote.poll.close", vote_poll_close, SK_WRITERS, true, NULL },
    { "vote.poll.list", vote_poll_list, SK_READERS, false, NULL },
    { NULL, NULL, 0, false, NULL }
};

int
main (int argc, char **argv)
{
    //  The code key is read before the service starts; sk_service_main
    //  reads the same configuration again for everything else
    const char *path = getenv ("SAMSKAB_CONFIG");
    for (int i = 1; i + 1 < argc; i++)
        if (streq (argv[i], "-c"))
            path = argv[i + 1];
    sk_log_init ("vote", SK_LOG);
    sk_config_t *config = sk_config_new (path);
    int rc = config ? vote_code_key_load (config) : -1;
    //  The committer of casts has its own connection to the same database
    const char *db =
        config ? sk_config_get (config, "vote/db", sk_config_get (config, "db", NULL)) : NULL;
    if (rc == 0 && !db) {
        sk_error ("missing setting \"vote/db\"");
        rc = -1;
    }
    if (rc == 0)
        vote_committer_init (db);
    sk_config_destroy (&config);
    if (rc)
        return 1;
    return sk_service_main ("vote", s_ops, argc, argv);
}
