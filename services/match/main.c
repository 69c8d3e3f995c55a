/*  samskab-match: proposals with reasons, optimal assignment, speed-dating
    events, cooperation agreements and their follow-up, read as its table of
    ops. proto/PROTOCOL.md, "Match service", describes each. Beside the
    service loop run the registry feed and the sweep (match_feed.c).
*/
#include "match_svc.h"

//  The sweep is run by this service's own certificate; admins may run it
#define S_SWEEPERS (SK_ROLE_BIT (SK_ROLE_SERVICE) | SK_ADMINS)

static const sk_op_t s_ops[] = {
    { "match.feed.status", match_feed_status, SK_READERS, false, NULL },
    { "match.party.get", match_party_get, SK_READERS, false, NULL },
    { "match.party.suggest", match_party_suggest, SK_READERS, false, NULL },
    { "match.proposal.run", match_proposal_run, SK_WRITERS, true, NULL },
    { "match.proposal.list", match_proposal_list, SK_READERS, false, NULL },
    { "match.proposal.get", match_proposal_get, SK_READERS, false, NULL },
    { "match.proposal.accept", match_proposal_accept, SK_WRITERS, true, NULL },
    { "match.proposal.decline", match_proposal_decline, SK_WRITERS, true, NULL },
    { "match.sweep.run", match_sweep_run, S_SWEEPERS, true, NULL },
    { "match.agreement.create", match_agreement_create, SK_WRITERS, true, NULL },
    { "match.agreement.get", match_agreement_get, SK_READERS, false, NULL },
    { "match.agreement.list", match_agreement_list, SK_READERS, false, NULL },
    { "match.agreement.update", match_agreement_update, SK_WRITERS, true, NULL },
    { "match.agreement.status", match_agreement_status, SK_WRITERS, true, NULL },
    { "match.meeting.list", match_meeting_list, SK_READERS, false, NULL },
    { "match.meeting.minutes", match_meeting_minutes, SK_WRITERS, true, NULL },
    { "match.action.add", match_action_add, SK_WRITERS, true, NULL },
    { "match.action.done", match_action_done, SK_WRITERS, true, NULL },
    { "match.action.list", match_action_list, SK_READERS, false, NULL },
    { "match.citizen.add", match_citizen_add, SK_WRITERS, true, NULL },
    { "match.citizen.list", match_citizen_list, SK_READERS, false, NULL },
    { "match.citizen.erase", match_citizen_erase, SK_WRITERS, true, NULL },
    { "match.speeddate.create", match_speeddate_create, SK_WRITERS, true, NULL },
    { "match.speeddate.join", match_speeddate_join, SK_WRITERS, true, NULL },
    { "match.speeddate.interest", match_speeddate_interest, SK_WRITERS, true, NULL },
    { "match.speeddate.plan", match_speeddate_plan_op, SK_WRITERS, true, NULL },
    { "match.speeddate.schedule", match_speeddate_schedule, SK_READERS, false, NULL },
    { NULL, NULL, 0, false, NULL }
};

//  Starts the feed and the sweep, and stops them on $TERM.
static void
s_threads_actor (zsock_t *pipe, void *args)
{
    zactor_t *feed = zactor_new (match_feed_actor, args);
    zactor_t *sweep = zactor_new (match_sweep_actor, args);
    zsock_signal (pipe, 0);
    char *command = zstr_recv (pipe); //  $TERM, or NULL when interrupted
    zstr_free (&command);
    zactor_destroy (&sweep);
    zactor_destroy (&feed);
}

int
main (int argc, char **argv)
{
    int status;
    sk_config_t *config = sk_service_config ("match", argc, argv, &status);
    if (!config)
        return status;
    match_conf.config = config;
    match_conf.db = sk_config_get (config, "match/db", sk_config_get (config, "db", NULL));
    sk_service_t *service = NULL;
    if (sk_config_int (config, "match/poll_ms", 1000, 10, 60000, &match_conf.poll_ms) == 0
        && sk_config_int (config, "match/proposal_days", 30, 1, 3650, &match_conf.proposal_days)
               == 0
        && sk_config_int (config, "match/due_days", 14, 0, 365, &match_conf.due_days) == 0
        && sk_config_int (config, "match/overdue_days", 7, 0, 365, &match_conf.overdue_days) == 0)
        service = sk_service_new ("match", s_ops, config);
    int rc = -1;
    if (service) {
        sk_service_attach (service, s_threads_actor, &match_conf);
        rc = sk_service_run (service);
    }
    sk_service_destroy (&service);
    sk_config_destroy (&config);
    return rc ? 1 : 0;
}
