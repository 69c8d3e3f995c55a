/*  cli_speeddate.c: samskab speeddate ... on the match service: events,
    who joins and wants to meet whom, the exact plan, and personal
    schedules printable or as an .ics calendar (lib/ics, RFC 5545: UID,
    DTSTAMP, DTSTART and DTEND in UTC). The offline
    speeddate plan on files is cli_match.c.
*/
#include <czmq.h>
#include <time.h>

#include "cli.h"
#include "ics/ics.h"

//  One participant's meetings as an .ics calendar in path.
static int
s_write_ics (cli_t *cli, const char *path, int64_t event, int64_t party, const msgpack_object *ev,
             const msgpack_object *items)
{
    char name[256], location[256];
    cli_get_str (ev, "name", name, sizeof name);
    cli_get_str (ev, "location", location, sizeof location);
    FILE *f = fopen (path, "wb");
    if (!f) {
        fprintf (stderr, "samskab: could not write \"%s\": %s\n", path, strerror (errno));
        return CLI_USAGE;
    }
    time_t now = time (NULL);
    ics_begin (f, "-//samskab//speeddate//EN");
    for (uint32_t i = 0; items && i < items->via.array.size; i++) {
        const msgpack_object *m = &items->via.array.ptr[i];
        char starts[32], ends[32], with[256], summary[600];
        int64_t round = cli_get_int (m, "round");
        cli_get_str (m, "with_name", with, sizeof with);
        snprintf (summary, sizeof summary, "%s: round %lld, table %lld with %s", name,
                  (long long)round, (long long)cli_get_int (m, "table"),
                  *with ? with : "a volunteer");
        ics_meeting_t meeting = { cli->tenant, event, party, round };
        ics_event_t e = { .starts = cli_get_str (m, "starts_at", starts, sizeof starts),
                          .ends = cli_get_str (m, "ends_at", ends, sizeof ends),
                          .summary = summary,
                          .location = location };
        ics_meeting (f, &meeting, &e, now);
    }
    ics_end (f);
    fclose (f);
    printf ("wrote %u meetings to %s\n", items ? items->via.array.size : 0, path);
    return CLI_OK;
}

//  Every participant's meetings, round by round, as text.
static void
s_print_schedule (const msgpack_object *ev, const msgpack_object *items)
{
    char name[256], location[256], starts[32], local[32];
    cli_get_str (ev, "name", name, sizeof name);
    cli_get_str (ev, "location", location, sizeof location);
    cli_get_str (ev, "starts_at", starts, sizeof starts);
    printf ("%s, %s%s%s\n", name, cli_local_time (starts, local, sizeof local),
            *location ? ", " : "", location);
    int64_t last = -1;
    for (uint32_t i = 0; items && i < items->via.array.size; i++) {
        const msgpack_object *m = &items->via.array.ptr[i];
        char t0[32], t1[32], l0[32], l1[32], with[256];
        if (cli_get_int (m, "party") != last) {
            char party[256];
            last = cli_get_int (m, "party");
            printf ("\nschedule of %lld %s:\n", (long long)last,
                    cli_get_str (m, "party_name", party, sizeof party));
        }
        cli_get_str (m, "with_name", with, sizeof with);
        printf ("  round %lld  %s - %s  table %lld  with %lld %s\n",
                (long long)cli_get_int (m, "round"),
                cli_local_time (cli_get_str (m, "starts_at", t0, sizeof t0), l0, sizeof l0),
                cli_local_time (cli_get_str (m, "ends_at", t1, sizeof t1), l1, sizeof l1),
                (long long)cli_get_int (m, "table"), (long long)cli_get_int (m, "with"), with);
    }
    if (!items || items->via.array.size == 0)
        printf ("no meetings (is the event planned? samskab speeddate plan-event ID)\n");
}

static int
s_schedule (cli_t *cli, const cli_args_t *args)
{
    const char *ics = cli_arg (args, "ics");
    int64_t party = cli_arg_int (args, "party", 0);
    if (ics && !party)
        return cli_usage_error (args->noun, args->verb,
                                "option \"--ics\" writes one participant's calendar: give --party "
                                "ID");
    return cli_run_op (cli, args);
}

//  The schedules as text or JSON, or one participant's as an .ics file
static int
s_print_schedules (cli_t *cli, const cli_args_t *args, const msgpack_object *b)
{
    const char *ics = cli_arg (args, "ics");
    if (ics)
        return s_write_ics (cli, ics, cli_arg_int (args, "EVENT", 0),
                            cli_arg_int (args, "party", 0), sk_obj_get (b, "event"),
                            sk_obj_get (b, "items"));
    if (cli->json) {
        cli_print_json (stdout, b);
        printf ("\n");
    } else
        s_print_schedule (sk_obj_get (b, "event"), sk_obj_get (b, "items"));
    return CLI_OK;
}

static const cli_opt_t s_create_opts[] = {
    { .name = "name", .key = "name", .required = true, .help = "the event's name" },
    { .name = "starts-at",
      .type = CLI_TIME,
      .key = "starts_at",
      .required = true,
      .help = "when the first round starts" },
    { .name = "rounds",
      .type = CLI_INT,
      .key = "rounds",
      .required = true,
      .help = "how many rounds" },
    { .name = "tables",
      .type = CLI_INT,
      .key = "tables",
      .required = true,
      .help = "how many tables" },
    { .name = "minutes",
      .type = CLI_INT,
      .key = "minutes",
      .required = true,
      .help = "minutes per meeting" },
    { .name = "pause",
      .type = CLI_INT,
      .key = "pause",
      .meta = "M",
      .help = "minutes between rounds" },
    { .name = "location", .key = "location", .help = "where it is held" },
    { 0 }
};
static const cli_opt_t s_join_args[] = {
    { .name = "EVENT", .type = CLI_ID, .key = "event", .required = true, .help = "the event's id" },
    { .name = "PARTY",
      .type = CLI_ID,
      .key = "party",
      .required = true,
      .help = "an association's or company's id" },
    { 0 }
};
//  The events, their start in Danish time
static int
s_print_events (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    (void)args;
    const msgpack_object *items = sk_obj_get (body, "items");
    if (cli_print_if_json (cli, items))
        return CLI_OK;
    uint32_t n = items && items->via.array.size ? items->via.array.size : 0;
    if (n == 0)
        printf ("no speed-dating events (samskab speeddate create)\n");
    for (uint32_t i = 0; i < n; i++) {
        const msgpack_object *e = &items->via.array.ptr[i];
        char name[256], starts[32], local[32], location[256];
        cli_get_str (e, "name", name, sizeof name);
        cli_get_str (e, "starts_at", starts, sizeof starts);
        cli_get_str (e, "location", location, sizeof location);
        printf ("%6lld  %s  %s, %lld rounds at %lld tables of %lld minutes%s%s%s\n",
                (long long)cli_get_int (e, "id"), cli_local_time (starts, local, sizeof local),
                name, (long long)cli_get_int (e, "rounds"), (long long)cli_get_int (e, "tables"),
                (long long)cli_get_int (e, "minutes"), *location ? ", " : "", location,
                sk_obj_get (e, "planned") && sk_obj_get (e, "planned")->via.boolean ? ", planned"
                                                                                    : "");
    }
    return CLI_OK;
}

static const cli_opt_t s_list_opts[] = { CLI_OPT_LIMIT (1000, "at most N (default 100)"),
                                         CLI_AFTER_ID,
                                         { 0 } };

static const cli_opt_t s_join_opts[] = {
    { .name = "max", .type = CLI_INT, .key = "max_meetings", .help = "at most N meetings" }, { 0 }
};
static const cli_opt_t s_interest_args[] = {
    { .name = "EVENT", .type = CLI_ID, .key = "event", .required = true, .help = "the event's id" },
    { .name = "FROM",
      .type = CLI_ID,
      .key = "from",
      .required = true,
      .help = "the participant who wants to meet" },
    { .name = "TO",
      .type = CLI_ID,
      .key = "to",
      .required = true,
      .help = "the participant to meet" },
    { 0 }
};
static const cli_opt_t s_interest_opts[] = {
    { .name = "weight",
      .type = CLI_INT,
      .key = "weight",
      .meta = "0-10",
      .help = "how much (0: not interested, which keeps the pair apart)" },
    { 0 }
};
static const cli_opt_t s_event_arg[] = {
    { .name = "EVENT", .type = CLI_ID, .key = "event", .required = true, .help = "the event's id" },
    { 0 }
};
static const cli_opt_t s_schedule_opts[] = {
    { .name = "party", .type = CLI_ID, .key = "party", .help = "one participant's schedule" },
    { .name = "ics", .type = CLI_OUT, .help = "write it as an .ics calendar (with --party)" },
    { 0 }
};

const cli_command_t cli_speeddate_commands[] = {
    { .noun = "speeddate",
      .verb = "create",
      .run = cli_run_op,
      .op = "match.speeddate.create",
      .opts = s_create_opts,
      .help = "create a speed-dating event on the match service" },
    { .noun = "speeddate",
      .verb = "list",
      .run = cli_run_op,
      .op = "match.speeddate.list",
      .print = s_print_events,
      .opts = s_list_opts,
      .help = "the speed-dating events, with their start in Danish time" },
    { .noun = "speeddate",
      .verb = "join",
      .run = cli_run_op,
      .op = "match.speeddate.join",
      .args = s_join_args,
      .opts = s_join_opts,
      .help = "register an association or company for an event" },
    { .noun = "speeddate",
      .verb = "interest",
      .run = cli_run_op,
      .op = "match.speeddate.interest",
      .args = s_interest_args,
      .opts = s_interest_opts,
      .help = "a participant wants to meet another" },
    { .noun = "speeddate",
      .verb = "plan-event",
      .run = cli_run_op,
      .op = "match.speeddate.plan",
      .args = s_event_arg,
      .help = "plan an event exactly from the stated interests (speeddate plan FILE is the "
              "offline planner)" },
    { .noun = "speeddate",
      .verb = "schedule",
      .run = s_schedule,
      .op = "match.speeddate.schedule",
      .print = s_print_schedules,
      .args = s_event_arg,
      .opts = s_schedule_opts,
      .help = "personal schedules, printable or as an .ics calendar" },
    { 0 }
};
