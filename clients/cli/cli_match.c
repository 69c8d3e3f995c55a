/*  cli_match.c: the exact match engine on instance files, offline.

    samskab match solve FILE [--time] [--json]
    samskab speeddate plan FILE [--time] [--json]

    The file formats and the answers are in lib/matchjson/matchjson.h.
    Exit status 0, or CLI_USAGE (2) for a bad command line, a file that
    cannot be read or a malformed instance file, with the message naming
    the field or the JSON line and column. --time prints the split of the run on stderr, one line:
    "parse_ms=.. build_ms=.. solve_ms=.. write_ms=.. total_ms=..".
*/
#include <czmq.h>

#include "cli.h"
#include "matchjson/matchjson.h"

//  The answer as a table: a summary record, then one row per pair (with its
//  round, numbered from 1, for the planner).
static void
s_print_table (cli_t *cli, matchjson_answer_t *answer, bool planner)
{
    size_t pairs = 0;
    for (size_t g = 0; g < matchjson_answer_groups (answer); g++)
        pairs += matchjson_answer_group_size (answer, g);
    sk_pack_t pack;
    sk_pack_init (&pack);
    sk_pack_map (&pack, planner ? 3 : 2);
    sk_pack_kint (&pack, "objective", matchjson_answer_objective (answer));
    if (planner)
        sk_pack_kint (&pack, "rounds", (int64_t)matchjson_answer_groups (answer));
    sk_pack_kint (&pack, planner ? "meetings" : "pairs", (int64_t)pairs);
    sk_pack_array (&pack, (uint32_t)pairs);
    for (size_t g = 0; g < matchjson_answer_groups (answer); g++)
        for (size_t k = 0; k < matchjson_answer_group_size (answer, g); k++) {
            const char *left, *right;
            int64_t value = matchjson_answer_pair (answer, g, k, &left, &right);
            sk_pack_map (&pack, planner ? 4 : 3);
            if (planner)
                sk_pack_kint (&pack, "round", (int64_t)g + 1);
            sk_pack_kstr (&pack, planner ? "association" : "left", left);
            sk_pack_kstr (&pack, planner ? "company" : "right", right);
            sk_pack_kint (&pack, planner ? "weight" : "score", value);
        }
    msgpack_unpacked unpacked;
    msgpack_unpacked_init (&unpacked);
    size_t offset = 0;
    if (msgpack_unpack_next (&unpacked, pack.buf.data, pack.buf.size, &offset)
        == MSGPACK_UNPACK_SUCCESS) {
        msgpack_object summary = unpacked.data;
        cli_print_record (cli, &summary);
        if (msgpack_unpack_next (&unpacked, pack.buf.data, pack.buf.size, &offset)
            == MSGPACK_UNPACK_SUCCESS) {
            static const char *solve_columns[] = { "left", "right", "score", NULL };
            static const char *plan_columns[] = { "round", "association", "company", "weight",
                                                  NULL };
            printf ("\n");
            cli_print_items (cli, &unpacked.data, planner ? plan_columns : solve_columns);
        }
    }
    msgpack_unpacked_destroy (&unpacked);
    sk_pack_release (&pack);
}

//  Shared by both commands: the file, the answer.
static int
s_run (cli_t *cli, const cli_args_t *args, bool planner)
{
    const char *path = cli_arg (args, "FILE.json");
    bool timed = cli_arg_yes (args, "time");
    double t0 = matchjson_now_ms ();
    matchjson_timing_t timing = { 0 };
    char *err = NULL;
    matchjson_answer_t *answer =
        planner ? matchjson_plan (path, &timing, &err) : matchjson_solve (path, &timing, &err);
    if (!answer) {
        fprintf (stderr, "samskab: %s\n", err ? err : "out of memory");
        free (err);
        return CLI_USAGE;
    }
    double t1 = matchjson_now_ms ();
    if (cli->json)
        matchjson_answer_write_json (answer, stdout);
    else
        s_print_table (cli, answer, planner);
    fflush (stdout);
    matchjson_answer_destroy (&answer);
    if (timed)
        fprintf (stderr,
                 "parse_ms=%.3f build_ms=%.3f solve_ms=%.3f write_ms=%.3f "
                 "total_ms=%.3f\n",
                 timing.parse_ms, timing.build_ms, timing.solve_ms, matchjson_now_ms () - t1,
                 matchjson_now_ms () - t0);
    return CLI_OK;
}

static int
s_match_solve (cli_t *cli, const cli_args_t *args)
{
    return s_run (cli, args, false);
}

static int
s_speeddate_plan (cli_t *cli, const cli_args_t *args)
{
    return s_run (cli, args, true);
}

static const cli_opt_t s_file_arg[] = {
    { .name = "FILE.json", .type = CLI_FILE, .required = true, .help = "an instance file" }, { 0 }
};
static const cli_opt_t s_time_opt[] = {
    { .name = "time",
      .type = CLI_FLAG,
      .help = "print how long parsing, building, solving and writing took, on stderr" },
    { 0 }
};

const cli_command_t cli_match_commands[] = {
    { .noun = "match",
      .verb = "solve",
      .run = s_match_solve,
      .args = s_file_arg,
      .opts = s_time_opt,
      .offline = true,
      .help = "best pairs of an instance file: every id within its capacity, the total score "
              "maximal" },
    { .noun = "speeddate",
      .verb = "plan",
      .run = s_speeddate_plan,
      .args = s_file_arg,
      .opts = s_time_opt,
      .offline = true,
      .help = "exact speed-dating plan of an instance file: rounds of meetings, the total weight "
              "maximal" },
    { 0 }
};
