/*  cli_budget_results.c: a citizen budget's outcome: the tally with its
    rule, the results per pool as a table or an SVG chart, and Pabulib
    files in and out. */
#include <czmq.h>

#include "cli.h"

//  The results chart: per pool, each winner's votes as a bar, and the
//  pool's budget as one bar split into the winners' costs and what remains.
static int
s_svg (const char *path, const msgpack_object *results)
{
    FILE *out = fopen (path, "w");
    if (!out) {
        fprintf (stderr, "samskab: could not open \"%s\": %s\n", path, strerror (errno));
        return CLI_REFUSED;
    }
    const msgpack_object *pools = sk_obj_get (results, "pools");
    uint32_t npools = pools && pools->type == MSGPACK_OBJECT_ARRAY ? pools->via.array.size : 0;
    int rows = 0;
    for (uint32_t i = 0; i < npools; i++) {
        const msgpack_object *w = sk_obj_get (&pools->via.array.ptr[i], "winners");
        rows += 3 + (w ? (int)w->via.array.size : 0);
    }
    //  Labels left of the bars, figures right of them
    const int width = 1200, row = 26, left = 330, bar = 420;
    char name[256], rule[32], text[512];
    fprintf (out,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
             "font-family=\"sans-serif\" font-size=\"13\">\n"
             "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
             width, 60 + rows * row);
    fprintf (out, "<text x=\"10\" y=\"24\" font-size=\"18\" font-weight=\"bold\">");
    cli_get_str (results, "name", name, sizeof name);
    cli_print_xml (out, name, strlen (name));
    fprintf (out, "</text>\n<text x=\"10\" y=\"44\" fill=\"#555\">rule %s, %lld voters</text>\n",
             cli_get_str (results, "rule", rule, sizeof rule),
             (long long)cli_get_int (results, "voters"));
    int y = 60;
    for (uint32_t i = 0; i < npools; i++) {
        const msgpack_object *pool = &pools->via.array.ptr[i];
        const msgpack_object *winners = sk_obj_get (pool, "winners");
        int64_t budget = cli_get_int (pool, "budget"), max_votes = 1;
        for (uint32_t k = 0; winners && k < winners->via.array.size; k++)
            if (cli_get_int (&winners->via.array.ptr[k], "votes") > max_votes)
                max_votes = cli_get_int (&winners->via.array.ptr[k], "votes");
        y += row;
        fprintf (out, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">pool ", y);
        cli_get_str (pool, "pool", name, sizeof name);
        cli_print_xml (out, name, strlen (name));
        fprintf (out, ": budget %lld DKK, spent %lld DKK, remaining %lld DKK</text>\n",
                 (long long)budget, (long long)cli_get_int (pool, "total_cost"),
                 (long long)cli_get_int (pool, "remaining"));
        for (uint32_t k = 0; winners && k < winners->via.array.size; k++) {
            const msgpack_object *w = &winners->via.array.ptr[k];
            int64_t votes = cli_get_int (w, "votes");
            y += row;
            fprintf (out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 10, y);
            cli_get_str (w, "title", text, sizeof text);
            if (strlen (text) > 40) {
                //  Cut on a character boundary, not inside a UTF-8 sequence
                size_t cut = 37;
                while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
                    cut--;
                strcpy (text + cut, "...");
            }
            cli_print_xml (out, text, strlen (text));
            fprintf (out,
                     "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%lld\" height=\"%d\" "
                     "fill=\"#2b7bb9\"/>\n<text x=\"%lld\" y=\"%d\">%lld votes, %lld DKK",
                     left, y - 14, (long long)(bar * votes / max_votes), row - 8,
                     (long long)(left + bar * votes / max_votes + 6), y, (long long)votes,
                     (long long)cli_get_int (w, "cost"));
            if (*cli_get_str (w, "price_per_supporter", rule, sizeof rule))
                fprintf (out, ", %s DKK per supporter", rule);
            else if (*cli_get_str (w, "price_per_point", rule, sizeof rule))
                fprintf (out, ", %s DKK per point", rule);
            fprintf (out, "</text>\n");
        }
        //  The budget bar: each winner's share, then the remainder
        y += row;
        int x = left;
        for (uint32_t k = 0; budget > 0 && winners && k < winners->via.array.size; k++) {
            int w = (int)(bar * cli_get_int (&winners->via.array.ptr[k], "cost") / budget);
            fprintf (out,
                     "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                     "fill=\"%s\" stroke=\"white\"/>\n",
                     x, y - 14, w, row - 8, k % 2 ? "#6aa84f" : "#38761d");
            x += w;
        }
        fprintf (out,
                 "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ddd\"/>\n"
                 "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">budget used</text>\n",
                 x, y - 14, left + bar - x, row - 8, left - 10, y);
        y += row;
    }
    fprintf (out, "</svg>\n");
    if (fclose (out)) {
        fprintf (stderr, "samskab: could not write \"%s\": %s\n", path, strerror (errno));
        return CLI_REFUSED;
    }
    return CLI_OK;
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
    const msgpack_object *late = sk_obj_get (results, "late_count");
    if (late && late->type == MSGPACK_OBJECT_MAP) {
        char by[48], at[32], why[512];
        printf ("late count: %lld paper ballots added after the close; opened %s by %s: %s\n",
                (long long)cli_get_int (late, "papers"),
                cli_get_str (late, "opened_at", at, sizeof at),
                cli_get_str (late, "opened_by", by, sizeof by),
                cli_get_str (late, "reason", why, sizeof why));
    }
    const msgpack_object *pools = sk_obj_get (results, "pools");
    for (uint32_t i = 0; pools && i < pools->via.array.size; i++) {
        const msgpack_object *pool = &pools->via.array.ptr[i];
        printf ("\npool %s: budget %lld, spent %lld, remaining %lld\n",
                cli_get_str (pool, "pool", name, sizeof name),
                (long long)cli_get_int (pool, "budget"),
                (long long)cli_get_int (pool, "total_cost"),
                (long long)cli_get_int (pool, "remaining"));
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
    int rc = s_svg (svg, body);
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

static int
s_write_pb (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    (void)cli;
    const char *path = cli_arg (args, "FILE.pb");
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

static const cli_opt_t s_id_arg[] = { CLI_BUDGET_ID, { 0 } };
static const cli_opt_t s_tally_opts[] = {
    { .name = "trial",
      .type = CLI_FLAG,
      .key = "trial",
      .help = "a trial count: nothing official changes" },
    { .name = "rule", .key = "rule", .help = "with --trial: count with this rule" },
    { 0 }
};
static const cli_opt_t s_results_opts[] = {
    { .name = "svg", .type = CLI_OUT, .help = "draw the results as an SVG chart in FILE" }, { 0 }
};
static const cli_opt_t s_import_args[] = {
    { .name = "FILE.pb", .type = CLI_FILE, .required = true, .help = "a Pabulib file" }, { 0 }
};
static const cli_opt_t s_import_opts[] = {
    { .name = "name", .key = "name", .help = "its name (default: from the file)" },
    { .name = "rule", .key = "rule", .help = "the rule to tally it with" },
    { 0 }
};
static const cli_opt_t s_export_args[] = {
    CLI_BUDGET_ID,
    { .name = "FILE.pb", .type = CLI_OUT, .required = true, .help = "a file to write" },
    { 0 }
};
static const cli_opt_t s_export_opts[] = {
    { .name = "pool", .key = "pool", .meta = "NAME", .help = "the pool (needed with several)" },
    { 0 }
};

const cli_command_t cli_budget_results_commands[] = {
    { .noun = "budget",
      .verb = "tally",
      .run = cli_run_op,
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
      .run = cli_run_op,
      .op = "vote.pb.export",
      .print = s_write_pb,
      .args = s_export_args,
      .opts = s_export_opts,
      .help = "export a closed citizen budget as an anonymised Pabulib file" },
    { 0 }
};
