/*  cli_commands.c: the command tables of every area, in the order help
    lists them. */
#include "cli.h"

const cli_command_t *const cli_tables[] = { cli_party_commands,          cli_reference_commands,
                                            cli_events_commands,         cli_ping_commands,
                                            cli_match_commands,          cli_visit_commands,
                                            cli_search_commands,         cli_budget_commands,
                                            cli_budget_results_commands, cli_poll_commands,
                                            cli_notify_commands,         cli_import_commands,
                                            cli_advisor_commands,        cli_story_commands,
                                            cli_person_commands,         cli_export_commands,
                                            cli_proposal_commands,       cli_agreement_commands,
                                            cli_speeddate_commands,      NULL };
