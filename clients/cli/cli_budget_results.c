/*  cli_budget_results.c: a citizen budget's outcome: the tally with its
    rule, the results per pool as a table or an SVG chart (drawn by
    cli_budget_chart.c), and Pabulib files in and out. */
#include <czmq.h>
#include <sys/stat.h>

#include "cli.h"
#include "cli_budget.h"
#include "sk_names.h"
#include "sk_number.h"

//  How the results were counted, as the results page says it
//  (doc/DECISIONS.md, "Counting that matches the ballot").
static const char *
s_counted (const msgpack_object *results)
{
    char ballot[32], counting[16];
    cli_get_str (results, "ballot", ballot, sizeof ballot);
    if (streq (cli_get_str (results, "counting", counting, sizeof counting), "pabulib"))
        return "counted as pabutools counts the imported .pb file (points: points per krone; "
               "ranked: Borda k-1 ... 0; a project without votes can be chosen)";
    if (streq (ballot, "cumulative"))
        return "counted: a project's points are the sum of its ballots' points (greedy: most "
               "points first; MES: a cost shared by points); a project without votes is never "
               "chosen";
    if (streq (ballot, "ranked"))
        return "counted: places are points within each pool, in their order, k for the first "
               "down to 1 for the k-th (k: the places a ballot has in the pool; greedy: most "
               "points first; MES: a cost shared by points); a project without votes is never "
               "chosen";
    return "counted: each ballot gives one vote to each project it chose (greedy: most votes "
           "first); a project without votes is never chosen";
}

//  Print results: per pool a line, a table of winners and one of every
//  project; JSON if asked.
static void
s_print_results (cli_t *cli, const msgpack_object *results)
{
    if (cli_print_if_json (cli, results))
        return;
    static const char *columns[] = {
        "position", "code", "title", "cost", "votes", "price_per_supporter", "price_per_point", NULL
    };
    static const char *every_columns[] = { "code",  "title",    "cost", "votes",
                                           "score", "selected", NULL };
    char name[256], rule[32];
    const msgpack_object *trial = sk_obj_get (results, "trial");
    if (trial && trial->type == MSGPACK_OBJECT_BOOLEAN && trial->via.boolean)
        printf ("TRIAL COUNT, not official: the rule and results of record are unchanged\n");
    printf ("%s: rule %s, %lld voters\n", cli_get_str (results, "name", name, sizeof name),
            cli_get_str (results, "rule", rule, sizeof rule),
            (long long)cli_get_int (results, "voters"));
    printf ("%s\n", s_counted (results));
    //  Phragmén is a rule for ballots that choose: points or places
    //  count as one vote each, which the lines above do not say
    char ballot[32];
    cli_get_str (results, "ballot", ballot, sizeof ballot);
    if (streq (rule, "phragmen") && (streq (ballot, "cumulative") || streq (ballot, "ranked")))
        printf ("Phragmén counts each project a ballot gave %s as one vote, whatever the %s\n",
                streq (ballot, "ranked") ? "a place" : "points",
                streq (ballot, "ranked") ? "place" : "points");
    const msgpack_object *late = sk_obj_get (results, "late_count");
    if (late && late->type == MSGPACK_OBJECT_MAP) {
        char by[128], at[32], why[512];
        printf ("late count: %lld paper ballot%s added after the close; opened %s by %s: %s\n",
                (long long)cli_get_int (late, "papers"),
                cli_get_int (late, "papers") == 1 ? "" : "s",
                cli_get_str (late, "opened_at", at, sizeof at),
                cli_budget_holder (late, "opened_by", by, sizeof by),
                cli_get_str (late, "reason", why, sizeof why));
    }
    const msgpack_object *pools = sk_obj_get (results, "pools");
    for (uint32_t i = 0; pools && i < pools->via.array.size; i++) {
        const msgpack_object *pool = &pools->via.array.ptr[i];
        char budget[32], spent[32], left[32];
        printf ("\npool %s: budget %s kr., spent %s kr., remaining %s kr.\n",
                cli_get_str (pool, "pool", name, sizeof name),
                sk_number_group (cli_get_int (pool, "budget"), '.', budget, sizeof budget),
                sk_number_group (cli_get_int (pool, "total_cost"), '.', spent, sizeof spent),
                sk_number_group (cli_get_int (pool, "remaining"), '.', left, sizeof left));
        cli_print_items (cli, sk_obj_get (pool, "winners"), columns);
        const msgpack_object *every = sk_obj_get (pool, "projects");
        if (every
            && every->type == MSGPACK_OBJECT_ARRAY) { //  a tally before migration 007 has none
            printf ("\nevery project of pool %s, the winners first:\n", name);
            cli_print_items (cli, every, every_columns);
        }
    }
}

//  budget tally ID | budget results ID [--svg FILE]
static int
s_print_outcome (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    const char *svg = cli_arg (args, "svg");
    if (!svg) {
        s_print_results (cli, body);
        return CLI_OK;
    }
    const char *lang = cli_arg (args, "lang");
    int rc = cli_budget_chart (svg, body, lang && streq (lang, "en"));
    if (rc == CLI_OK)
        printf ("wrote the results chart to %s\n", svg);
    return rc;
}

//  budget import FILE.pb: the file's text goes to the service whole
static int
s_import (cli_t *cli, const cli_args_t *args)
{
    const char *path = cli_arg (args, "FILE.pb");
    zchunk_t *text = NULL;
    zfile_t *file = zfile_new (NULL, path);
    if (file && zfile_input (file) == 0)
        text = zfile_read (file, SK_MAX_FRAME, 0);
    zfile_destroy (&file);
    if (!text)
        return cli_usage_error (args->noun, args->verb, "could not read file \"%s\"", path);
    sk_pack_t extra, body;
    sk_pack_init (&extra);
    sk_pack_init (&body);
    sk_pack_str (&extra, "pb");
    sk_pack_strn (&extra, (const char *)zchunk_data (text), zchunk_size (text));
    zchunk_destroy (&text);
    cli_args_pack (args, &body, &extra, 1);
    int rc = cli_call_print (cli, "vote.pb.import", &body, NULL);
    sk_pack_release (&extra);
    sk_pack_release (&body);
    return rc;
}

//  Write the "pb" of an export reply to path
static int
s_write_file (const char *path, const msgpack_object *body)
{
    const msgpack_object *pb = sk_obj_get (body, "pb");
    if (!pb || pb->type != MSGPACK_OBJECT_STR)
        return CLI_OK;
    FILE *out = fopen (path, "w");
    bool written = out && fwrite (pb->via.str.ptr, 1, pb->via.str.size, out) == pb->via.str.size;
    if (out && fclose (out))
        written = false;
    if (!written) {
        fprintf (stderr, "samskab: could not write \"%s\": %s\n", path, strerror (errno));
        return CLI_REFUSED;
    }
    printf ("wrote %u bytes to %s\n", pb->via.str.size, path);
    return CLI_OK;
}

static int
s_write_pb (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    (void)cli;
    return s_write_file (cli_arg (args, "PATH"), body);
}

//  Export pool n (from 1, in the budget's order) of process id as
//  DIR/ID-pool-N.pb, named as samskab-web names its download (sk_pb_name)
static int
s_export_pool (cli_t *cli, const char *dir, int64_t id, const msgpack_object *pool, uint32_t n)
{
    char name[256], file[4096], base[64];
    cli_get_str (pool, "name", name, sizeof name);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kint (&body, "process", id);
    sk_pack_kstr (&body, "pool", name);
    sk_frame_t reply;
    int rc = cli_call (cli, "vote", "vote.pb.export", &body, &reply);
    sk_pack_release (&body);
    if (rc)
        return rc;
    sk_pb_name (base, sizeof base, id, n);
    snprintf (file, sizeof file, "%s/%s", dir, base);
    rc = s_write_file (file, cli_body (&reply));
    sk_frame_release (&reply);
    return rc;
}

//  Whether a and b are one name but for case, Danish letters too, as the
//  service matches pools (Latin-1's capitals are C3 80-9E in UTF-8, their
//  small letters 20 above).
static bool
s_same_name (const char *a, const char *b)
{
    for (bool lead = false;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        x = lead && x >= 0x80 && x <= 0x9e && x != 0x97 ? x + 0x20 : (unsigned char)tolower (x);
        y = lead && y >= 0x80 && y <= 0x9e && y != 0x97 ? y + 0x20 : (unsigned char)tolower (y);
        if (x != y)
            return false;
        if (!x)
            return true;
        lead = x == 0xc3;
    }
}

//  budget export ID PATH: a .pb file of one pool, or a folder (made,
//  mode 0700, when missing) that gets one file per pool, or the --pool
static int
s_export (cli_t *cli, const cli_args_t *args)
{
    const char *path = cli_arg (args, "PATH"), *only = cli_arg (args, "pool");
    size_t len = strlen (path);
    if (len > 3 && streq (path + len - 3, ".pb"))
        return cli_run_op (cli, args);
    char dir[4096];
    snprintf (dir, sizeof dir, "%s", path);
    for (len = strlen (dir); len > 1 && dir[len - 1] == '/'; len--)
        dir[len - 1] = 0; //  no double slash in the files' paths
    struct stat st;
    if (stat (dir, &st) == 0 && !S_ISDIR (st.st_mode))
        return cli_usage_error (args->noun, args->verb,
                                "\"%s\" is a file, not a folder: name a folder for one .pb per "
                                "pool, or a path ending in .pb",
                                path);
    if (stat (dir, &st) && (errno != ENOENT || mkdir (dir, 0700))) {
        fprintf (stderr, "samskab: could not make folder \"%s\": %s\n", dir, strerror (errno));
        return CLI_REFUSED;
    }
    int64_t id = cli_arg_int (args, "ID", 0);
    sk_frame_t reply;
    int rc = cli_budget_process_call (cli, id, "vote.process.get", &reply);
    if (rc)
        return rc;
    const msgpack_object *pools = sk_obj_get (cli_body (&reply), "pools");
    int written = 0;
    char names[2048] = "";
    for (uint32_t i = 0;
         rc == CLI_OK && pools && pools->type == MSGPACK_OBJECT_ARRAY && i < pools->via.array.size;
         i++) {
        char name[256];
        cli_get_str (&pools->via.array.ptr[i], "name", name, sizeof name);
        size_t used = strlen (names);
        snprintf (names + used, sizeof names - used, "%s\"%s\"", i ? ", " : "", name);
        if (only && !s_same_name (only, name))
            continue;
        rc = s_export_pool (cli, dir, id, &pools->via.array.ptr[i], i + 1);
        written++;
    }
    sk_frame_release (&reply);
    if (rc == CLI_OK && only && !written) {
        fprintf (stderr,
                 "samskab: pool \"%s\" does not exist in citizen budget %lld; its pools: %s\n",
                 only, (long long)id, names);
        return CLI_REFUSED;
    }
    return rc;
}

static const cli_opt_t s_id_arg[] = { CLI_BUDGET_ID, { 0 } };
//  A tally; a rule of its own only for a trial count, as the official rule
//  is the budget's setting.
static int
s_tally (cli_t *cli, const cli_args_t *args)
{
    if (cli_arg (args, "rule") && !cli_arg_yes (args, "trial"))
        return cli_usage_error (args->noun, args->verb,
                                "option \"--rule\" counts with another rule only in a trial "
                                "count: give --trial too (the official rule is set with samskab "
                                "budget settings %lld --rule)",
                                (long long)cli_arg_int (args, "ID", 0));
    return cli_run_op (cli, args);
}

static const cli_opt_t s_tally_opts[] = { { .name = "trial",
                                            .type = CLI_FLAG,
                                            .key = "trial",
                                            .help = "a trial count: nothing official changes" },
                                          { .name = "rule",
                                            .key = "rule",
                                            .choices = CLI_BUDGET_RULES,
                                            .help = "with --trial: count with this rule" },
                                          { 0 } };
static const cli_opt_t s_results_opts[] = {
    { .name = "svg", .type = CLI_OUT, .help = "draw the results as an SVG chart in FILE" },
    { .name = "lang", .choices = "da|en", .help = "the chart's language (default da, Danish)" },
    { 0 }
};
static const cli_opt_t s_import_args[] = {
    { .name = "FILE.pb", .type = CLI_FILE, .required = true, .help = "a Pabulib file" }, { 0 }
};
static const cli_opt_t s_import_opts[] = {
    { .name = "name", .key = "name", .help = "its name (default: from the file)" },
    { .name = "rule",
      .key = "rule",
      .choices = CLI_BUDGET_RULES,
      .help = "the rule to tally it with (default: the file's)" },
    { 0 }
};
static const cli_opt_t s_export_args[] = {
    CLI_BUDGET_ID,
    { .name = "PATH",
      .required = true,
      .help = "a folder for one file per pool (ID-pool-N.pb, N the pool's number; made if "
              "missing), or a .pb file "
              "of one pool" },
    { 0 }
};
static const cli_opt_t s_export_opts[] = {
    { .name = "pool",
      .key = "pool",
      .meta = "NAME",
      .help = "only this pool (needed for a .pb file when there are several)" },
    { 0 }
};

const cli_command_t cli_budget_results_commands[] = {
    { .noun = "budget",
      .verb = "tally",
      .run = s_tally,
      .print = s_print_outcome,
      .op = "vote.process.tally",
      .args = s_id_arg,
      .opts = s_tally_opts,
      .help = "tally a closed citizen budget with its rule, or try any rule with --trial" },
    { .noun = "budget",
      .verb = "results",
      .run = cli_run_op,
      .print = s_print_outcome,
      .op = "vote.results.get",
      .args = s_id_arg,
      .opts = s_results_opts,
      .help =
          "show the results per pool (winners, votes, cost, remaining budget, MES prices; every "
          "project with its votes and whether it was chosen), or "
          "draw them as SVG" },
    { .noun = "budget",
      .verb = "import",
      .run = s_import,
      .args = s_import_args,
      .opts = s_import_opts,
      .help = "import a Pabulib file as a closed citizen budget" },
    { .noun = "budget",
      .verb = "export",
      .run = s_export,
      .op = "vote.pb.export",
      .print = s_write_pb,
      .args = s_export_args,
      .opts = s_export_opts,
      .help = "export a closed citizen budget as an anonymised Pabulib file" },
    { 0 }
};
