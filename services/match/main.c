/*  samskab-match: proposals with reasons, optimal assignment, speed-dating
    events, cooperation agreements and their follow-up, read as its table of
    ops. proto/PROTOCOL.md, "Match service", describes each. Beside the
    service loop run the registry feed and the sweep (match_feed.c).
*/
#include "match_svc.h"
#include "sk_service.h"

//  The sweep is run by this service's own certificate; admins may run it
#define S_SWEEPERS (SK_ROLE_BIT (SK_ROLE_SERVICE) | SK_ADMINS)
//  samskab-web acting for a party (each handler also wants it for all municipalities)
#define S_OWN (SK_ROLE_BIT (SK_ROLE_SERVICE))

static const sk_op_t s_ops[] = {
    { .name = "match.feed.status", .handler = match_feed_status, .roles = SK_READERS },
    { .name = "match.party.get", .handler = match_party_get, .roles = SK_READERS },
    { .name = "match.party.suggest", .handler = match_party_suggest, .roles = SK_READERS },
    { .name = "match.proposal.run",
      .handler = match_proposal_run,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.proposal.list", .handler = match_proposal_list, .roles = SK_READERS },
    { .name = "match.proposal.get", .handler = match_proposal_get, .roles = SK_READERS },
    { .name = "match.proposal.accept",
      .handler = match_proposal_accept,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.own.proposals", .handler = match_own_proposals, .roles = S_OWN },
    { .name = "match.own.accept", .handler = match_own_accept, .roles = S_OWN, .mutating = true },
    { .name = "match.own.decline", .handler = match_own_decline, .roles = S_OWN, .mutating = true },
    { .name = "match.own.agreements", .handler = match_own_agreements, .roles = S_OWN },
    { .name = "match.own.minutes", .handler = match_own_minutes, .roles = S_OWN, .mutating = true },
    { .name = "match.own.speeddates", .handler = match_own_speeddates, .roles = S_OWN },
    { .name = "match.own.speeddate", .handler = match_own_speeddate, .roles = S_OWN },
    { .name = "match.own.join", .handler = match_own_join, .roles = S_OWN, .mutating = true },
    { .name = "match.own.leave", .handler = match_own_leave, .roles = S_OWN, .mutating = true },
    { .name = "match.own.interest",
      .handler = match_own_interest,
      .roles = S_OWN,
      .mutating = true },
    { .name = "match.own.schedule", .handler = match_own_schedule, .roles = S_OWN },
    { .name = "match.proposal.decline",
      .handler = match_proposal_decline,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.sweep.run",
      .handler = match_sweep_run,
      .roles = S_SWEEPERS,
      .mutating = true },
    { .name = "match.agreement.create",
      .handler = match_agreement_create,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.agreement.get", .handler = match_agreement_get, .roles = SK_READERS },
    { .name = "match.agreement.list", .handler = match_agreement_list, .roles = SK_READERS },
    { .name = "match.agreement.update",
      .handler = match_agreement_update,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.agreement.status",
      .handler = match_agreement_status,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.meeting.list", .handler = match_meeting_list, .roles = SK_READERS },
    { .name = "match.meeting.minutes",
      .handler = match_meeting_minutes,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.action.add",
      .handler = match_action_add,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.action.done",
      .handler = match_action_done,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.action.list", .handler = match_action_list, .roles = SK_READERS },
    { .name = "match.citizen.add",
      .handler = match_citizen_add,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.citizen.list", .handler = match_citizen_list, .roles = SK_READERS },
    { .name = "match.citizen.erase",
      .handler = match_citizen_erase,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.speeddate.create",
      .handler = match_speeddate_create,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.speeddate.join",
      .handler = match_speeddate_join,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.speeddate.interest",
      .handler = match_speeddate_interest,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.speeddate.plan",
      .handler = match_speeddate_plan_op,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "match.speeddate.schedule",
      .handler = match_speeddate_schedule,
      .roles = SK_READERS },
    { .name = "match.speeddate.list", .handler = match_speeddate_list, .roles = SK_READERS },
    { .name = NULL }
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

//  The match settings, and the feed and the sweep beside the service.
static int
s_start (sk_service_t *service, sk_config_t *config)
{
    match_conf.config = config;
    match_conf.db = sk_config_get (config, "match/db", sk_config_get (config, "db", NULL));
    if (sk_config_int (config, "match/poll_ms", 1000, 10, 60000, &match_conf.poll_ms)
        || sk_config_int (config, "match/proposal_days", 30, 1, 3650, &match_conf.proposal_days)
        || sk_config_int (config, "match/due_days", 14, 0, 365, &match_conf.due_days)
        || sk_config_int (config, "match/overdue_days", 7, 0, 365, &match_conf.overdue_days))
        return -1;
    sk_service_attach (service, s_threads_actor, &match_conf);
    return 0;
}

int
main (int argc, char **argv)
{
    static const sk_service_def_t def = { .name = "match", .ops = s_ops, .start = s_start };
    return sk_service_main (&def, argc, argv);
}
