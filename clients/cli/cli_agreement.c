/*  cli_agreement.c: samskab agreement ..., cooperation agreements
    (samarbejdsaftaler) on the match service: their parties, status
    meetings with minutes, and actions. */
#include <czmq.h>

#include "cli.h"

static const char *const s_agreement_cols[] = { "id",      "title",   "status",       "starts_on",
                                                "ends_on", "cadence", "next_meeting", NULL };
static const char *const s_meeting_cols[] = { "id", "agreement_id", "title",   "n", "due_on",
                                              "at", "state",        "held_on", NULL };
static const char *const s_action_cols[] = { "id",    "agreement_id", "meeting_id", "what",
                                             "owner", "due_on",       "done",       NULL };

//  Pack the parties ID:ROLE[:CONTRIBUTES] as "parties"; a usage error if
//  one is not of that form.
static int
s_pack_parties (const cli_args_t *args, sk_pack_t *extra)
{
    const char *parties[64];
    int n = cli_arg_all (args, "party", parties, 64);
    sk_pack_str (extra, "parties");
    sk_pack_array (extra, (uint32_t)n);
    for (int k = 0; k < n; k++) {
        char *end;
        long long id = strtoll (parties[k], &end, 10);
        const char *role = *end == ':' ? end + 1 : NULL;
        const char *contributes = role ? strchr (role, ':') : NULL;
        if (end == parties[k] || id <= 0 || !role || !*role || role == contributes)
            return cli_usage_error (args->noun, args->verb,
                                    "option \"--party\" takes ID:ROLE[:CONTRIBUTES], not \"%s\"",
                                    parties[k]);
        sk_pack_map (extra, contributes ? 3 : 2);
        sk_pack_kint (extra, "party", id);
        sk_pack_str (extra, "role");
        sk_pack_strn (extra, role, contributes ? (size_t)(contributes - role) : strlen (role));
        if (contributes)
            sk_pack_kstr (extra, "contributes", contributes + 1);
    }
    return CLI_OK;
}

//  agreement add and update: the options and the parties
static int
s_write (cli_t *cli, const cli_args_t *args)
{
    sk_pack_t extra, body;
    sk_pack_init (&extra);
    sk_pack_init (&body);
    //  add always names its parties; update only when given
    bool parties = streq (args->verb, "add") || cli_arg (args, "party");
    int rc = parties ? s_pack_parties (args, &extra) : CLI_OK;
    if (rc == CLI_OK) {
        cli_args_pack (args, &body, &extra, parties ? 1 : 0);
        rc = cli_call_print (cli, args->command->op, &body, NULL);
    }
    sk_pack_release (&extra);
    sk_pack_release (&body);
    return rc;
}

//  The minutes of the meetings held, each under its number and day
static void
s_print_minutes (const msgpack_object *meetings)
{
    static const char *const parts[][2] = { { "how_it_goes", "how it goes" },
                                            { "improved", "improved" },
                                            { "challenges", "challenges" },
                                            { "next_goal", "next goal" } };
    for (uint32_t i = 0; meetings && i < meetings->via.array.size; i++) {
        const msgpack_object *m = &meetings->via.array.ptr[i];
        char held[16], text[4096];
        if (!*cli_get_str (m, "held_on", held, sizeof held))
            continue;
        char by[16], name[256];
        cli_get_str (m, "minutes_by", by, sizeof by);
        if (streq (by, "party") && !*cli_get_str (m, "minutes_party_name", name, sizeof name))
            snprintf (name, sizeof name, "party %lld", (long long)cli_get_int (m, "minutes_party"));
        printf ("\nminutes of status meeting %lld, held %s%s%s%s:\n",
                (long long)cli_get_int (m, "n"), held,
                streq (by, "party") ? ", submitted by the party " : "",
                streq (by, "party") ? name : "", streq (by, "staff") ? ", recorded by staff" : "");
        for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
            if (*cli_get_str (m, parts[k][0], text, sizeof text))
                printf ("  %-12s %s\n", parts[k][1], text);
    }
}

//  An agreement with its parties, meetings (and the minutes of those
//  held) and actions
static int
s_print_agreement (cli_t *cli, const cli_args_t *args, const msgpack_object *b)
{
    (void)args;
    static const char *const parties[] = { "party", "kind", "name", "role", "contributes", NULL };
    if (cli->json) {
        cli_print_record (cli, b);
        return CLI_OK;
    }
    cli_print_record (cli, sk_obj_get (b, "agreement"));
    printf ("\nparties:\n");
    cli_print_items (cli, sk_obj_get (b, "parties"), parties);
    printf ("\nstatus meetings:\n");
    cli_print_items (cli, sk_obj_get (b, "meetings"), s_meeting_cols);
    s_print_minutes (sk_obj_get (b, "meetings"));
    printf ("\nactions:\n");
    cli_print_items (cli, sk_obj_get (b, "actions"), s_action_cols);
    return CLI_OK;
}

//  The options of add and update
#define S_AGREEMENT_OPTS                                                                           \
    { .name = "purpose", .key = "purpose", .help = "what the partnership is for" },                \
        { .name = "target-group", .key = "target_group", .help = "whom it serves" },               \
        { .name = "start", .type = CLI_DATE, .key = "starts_on", .help = "the first day" },        \
        { .name = "end", .type = CLI_DATE, .key = "ends_on", .help = "the last day" },             \
        { .name = "frequency", .key = "frequency", .help = "how often the parties meet" },         \
        { .name = "shortfall", .key = "shortfall", .help = "what to do when it falls short" },     \
        { .name = "cadence",                                                                       \
          .key = "cadence",                                                                        \
          .choices = "monthly|quarterly|half_yearly|yearly",                                       \
          .help = "how often status meetings are held" },                                          \
    {                                                                                              \
        .name = "meeting-time", .key = "meeting_time", .meta = "HH:MM",                            \
        .help = "the status meetings' time of day, Danish time (default 10:00)"                    \
    }

static const cli_opt_t s_add_opts[] = {
    { .name = "title", .key = "title", .required = true, .help = "the agreement's title" },
    { .name = "party",
      .type = CLI_EACH,
      .required = true,
      .meta = "ID:ROLE[:CONTRIBUTES]",
      .help = "a party, its role and what it contributes" },
    S_AGREEMENT_OPTS,
    { 0 }
};
static const cli_opt_t s_update_opts[] = {
    { .name = "version",
      .type = CLI_ID,
      .meta = "N",
      .key = "version",
      .required = true,
      .help = "the version you read" },
    { .name = "title", .key = "title", .help = "the agreement's title" },
    { .name = "party",
      .type = CLI_EACH,
      .meta = "ID:ROLE[:CONTRIBUTES]",
      .help = "a party, its role and what it contributes (replaces the parties)" },
    S_AGREEMENT_OPTS,
    { 0 }
};
static const cli_opt_t s_id_arg[] = {
    { .name = "ID", .type = CLI_ID, .key = "id", .required = true, .help = "the agreement's id" },
    { 0 }
};
static const cli_opt_t s_list_opts[] = {
    { .name = "status",
      .key = "status",
      .choices = "draft|active|paused|ended",
      .help = "only agreements of this status" },
    { .name = "party", .type = CLI_ID, .key = "party", .help = "only agreements of this party" },
    { 0 }
};
static const cli_opt_t s_status_args[] = {
    { .name = "ID", .type = CLI_ID, .key = "id", .required = true, .help = "the agreement's id" },
    { .name = "STATUS",
      .key = "status",
      .required = true,
      .choices = "active|paused|ended",
      .help = "active, paused or ended" },
    { 0 }
};
static const cli_opt_t s_agreement_arg[] = { { .name = "AGREEMENT",
                                               .type = CLI_ID,
                                               .key = "agreement",
                                               .required = true,
                                               .help = "the agreement's id" },
                                             { 0 } };
static const cli_opt_t s_some_agreement_arg[] = { { .name = "AGREEMENT",
                                                    .type = CLI_ID,
                                                    .key = "agreement",
                                                    .help = "one agreement's (default: all)" },
                                                  { 0 } };
static const cli_opt_t s_meeting_opts[] = { { .name = "state",
                                              .key = "state",
                                              .choices = "planned|due|overdue|held",
                                              .help = "only meetings in this state" },
                                            { 0 } };
static const cli_opt_t s_meeting_arg[] = { { .name = "MEETING",
                                             .type = CLI_ID,
                                             .key = "id",
                                             .required = true,
                                             .help = "the status meeting's id" },
                                           { 0 } };
static const cli_opt_t s_minutes_opts[] = {
    { .name = "how", .key = "how_it_goes", .required = true, .help = "how the partnership goes" },
    { .name = "improved", .key = "improved", .help = "what got better" },
    { .name = "challenges", .key = "challenges", .help = "what is hard" },
    { .name = "next-goal", .key = "next_goal", .help = "the goal until the next meeting" },
    { .name = "held-on",
      .type = CLI_DATE,
      .key = "held_on",
      .help = "the day it was held (default today)" },
    { 0 }
};
static const cli_opt_t s_action_opts[] = {
    { .name = "what", .key = "what", .required = true, .help = "what is to be done" },
    { .name = "owner", .key = "owner", .required = true, .meta = "WHO", .help = "who does it" },
    { .name = "due", .type = CLI_DATE, .key = "due_on", .help = "by when" },
    { .name = "meeting",
      .type = CLI_ID,
      .key = "meeting",
      .help = "the status meeting it came from" },
    { 0 }
};
static const cli_opt_t s_action_arg[] = {
    { .name = "ACTION", .type = CLI_ID, .key = "id", .required = true, .help = "the action's id" },
    { 0 }
};
static const cli_opt_t s_actions_opts[] = {
    { .name = "open", .type = CLI_FLAG, .key = "open", .help = "only actions not done" }, { 0 }
};

const cli_command_t cli_agreement_commands[] = {
    { .noun = "agreement",
      .verb = "add",
      .run = s_write,
      .op = "match.agreement.create",
      .opts = s_add_opts,
      .help = "write a draft cooperation agreement (samarbejdsaftale)" },
    { .noun = "agreement",
      .verb = "update",
      .run = s_write,
      .op = "match.agreement.update",
      .args = s_id_arg,
      .opts = s_update_opts,
      .help = "change a draft or running agreement (meetings not yet held follow new dates)" },
    { .noun = "agreement",
      .verb = "show",
      .run = cli_run_op,
      .op = "match.agreement.get",
      .print = s_print_agreement,
      .args = s_id_arg,
      .help = "an agreement with its parties, meetings and actions" },
    { .noun = "agreement",
      .verb = "list",
      .run = cli_run_op,
      .op = "match.agreement.list",
      .columns = s_agreement_cols,
      .opts = s_list_opts,
      .help = "list agreements" },
    { .noun = "agreement",
      .verb = "status",
      .run = cli_run_op,
      .op = "match.agreement.status",
      .args = s_status_args,
      .help = "start, pause or end an agreement (active schedules the status meetings)" },
    { .noun = "agreement",
      .verb = "meeting",
      .run = cli_run_op,
      .op = "match.meeting.list",
      .columns = s_meeting_cols,
      .args = s_some_agreement_arg,
      .opts = s_meeting_opts,
      .help = "status meetings" },
    { .noun = "agreement",
      .verb = "minutes",
      .run = cli_run_op,
      .op = "match.meeting.minutes",
      .args = s_meeting_arg,
      .opts = s_minutes_opts,
      .help = "record the minutes of a status meeting" },
    { .noun = "agreement",
      .verb = "action",
      .run = cli_run_op,
      .op = "match.action.add",
      .args = s_agreement_arg,
      .opts = s_action_opts,
      .help = "add an action with an owner and a due date" },
    { .noun = "agreement",
      .verb = "done",
      .run = cli_run_op,
      .op = "match.action.done",
      .args = s_action_arg,
      .help = "mark an action done" },
    { .noun = "agreement",
      .verb = "actions",
      .run = cli_run_op,
      .op = "match.action.list",
      .columns = s_action_cols,
      .args = s_some_agreement_arg,
      .opts = s_actions_opts,
      .help = "list actions" },
    { 0 }
};
