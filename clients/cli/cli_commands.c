/*  cli_commands.c: the command tables of every area, in the order help
    lists them. */
#include "cli.h"

const cli_noun_t cli_nouns[] = {
    { "association", "associations (foreninger) of the municipality: register, find, change" },
    { "company", "companies that work with associations (CSR): register, find, change" },
    { "institution", "schools, youth clubs, social institutions and housing associations" },
    { "volunteer", "volunteers, registered with their consent" },
    { "terms", "the taxonomies: competences, target groups, activity types, languages" },
    { "area", "the areas of the municipality" },
    { "municipality", "the 98 municipalities" },
    { "events", "the event log of every change, in order" },
    { "ping", "is a service answering?" },
    { "match", "partners for a party: suggestions, proposals, citizens" },
    { "speeddate", "speed-dating events between associations and companies" },
    { "visit", "visits to associations: notes, challenges, ideas" },
    { "search", "Danish full-text search over the registry" },
    { "budget", "citizen budgets (borgerbudgetter): pools, projects, voter codes, ballots, "
                "results" },
    { "poll", "quick polls with approval or ranked votes" },
    { "notify", "notifications: subscriptions, preferences, inbox, reminders, outbox" },
    { "import", "associations and companies from a CSV file" },
    { "advisor", "key advisors of associations, their sessions and next steps" },
    { "story", "stories of cooperation, published with consent" },
    { "person", "the personal data of one person: export it, erase it" },
    { "export", "the registry as CSV, or the public offer as HSDS" },
    { "agreement", "cooperation agreements, their status meetings and actions" },
    { NULL, NULL }
};

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
