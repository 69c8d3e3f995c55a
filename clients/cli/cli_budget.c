/*  cli_budget.c: samskab budget ..., citizen budgets on the vote service:
    the process, its pools and projects, voter codes and ballots, ideas and
    meetings (the outcome is cli_budget_results.c).

    Most commands are one row: the op, the id the command acts on and
    options that map to body fields (--max-choices is "max_choices").
*/
#include <czmq.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>

#include "cli.h"
#include "cli_budget.h"
#include "csv/csv.h"
#include "sk_number.h"

//  budget create: the pools NAME:BUDGET packed as {name, budget}, the
//  budget in whole kroner as --amount takes it ("300.000")
static int
s_create (cli_t *cli, const cli_args_t *args)
{
    const char *pools[64];
    int npools = cli_arg_all (args, "pool", pools, 64);
    sk_pack_t extra, body;
    sk_pack_init (&extra);
    sk_pack_init (&body);
    int rc = CLI_OK;
    if (npools) {
        sk_pack_str (&extra, "pools");
        sk_pack_array (&extra, (uint32_t)npools);
    }
    for (int k = 0; k < npools && rc == CLI_OK; k++) {
        const char *colon = strrchr (pools[k], ':');
        int64_t budget = 0;
        if (!colon || !sk_number_parse_kr (colon + 1, &budget))
            rc = cli_usage_error (args->noun, args->verb,
                                  "option \"--pool\" takes NAME:BUDGET in whole kroner, e.g. "
                                  "small:25.000, not \"%s\"",
                                  pools[k]);
        else {
            sk_pack_map (&extra, 2);
            sk_pack_str (&extra, "name");
            sk_pack_strn (&extra, pools[k], (size_t)(colon - pools[k]));
            sk_pack_kint (&extra, "budget", budget);
        }
    }
    if (rc == CLI_OK) {
        cli_args_pack (args, &body, &extra, npools ? 1 : 0);
        rc = cli_call_print (cli, "vote.process.create", &body, NULL);
    }
    sk_pack_release (&extra);
    sk_pack_release (&body);
    return rc;
}

//  Where a code's holder votes: the budget's name and its vote page (the
//  public web address, as login mails link to it). Codes are issued
//  already, so a budget that cannot be read leaves both empty.
static void
s_vote_place (cli_t *cli, int64_t id, char *name, size_t name_size, char *address,
              size_t address_size)
{
    *name = *address = 0;
    sk_frame_t reply;
    if (cli_budget_process_call (cli, id, "vote.process.get", &reply) != CLI_OK)
        return;
    char municipality[16];
    cli_get_str (cli_body (&reply), "name", name, name_size);
    cli_get_str (cli_body (&reply), "municipality", municipality, sizeof municipality);
    sk_frame_release (&reply);
    char *url = sk_config_public_url (cli->config);
    snprintf (address, address_size, "%s/%s/budget/%lld/vote", url, municipality, (long long)id);
    free (url);
}

//  Issue codes: a printable list (one code per line, with the batch) or a
//  CSV file for a mail merge. The codes are shown this once only.
static int
s_print_codes (cli_t *cli, const cli_args_t *args, const msgpack_object *b)
{
    int64_t id = cli_arg_int (args, "ID", 0);
    const char *csv = cli_arg (args, "csv");
    int rc = CLI_OK;
    const msgpack_object *codes = sk_obj_get (b, "codes");
    int64_t batch = 0;
    sk_obj_int (sk_obj_get (b, "batch"), &batch);
    char label[256] = "", issued[32] = "";
    sk_obj_str_copy (sk_obj_get (b, "label"), label, sizeof label);
    sk_obj_str_copy (sk_obj_get (b, "issued"), issued, sizeof issued);
    //  The codes are secrets: the CSV is the owner's alone (0600), made so
    //  before a code is written
    if (csv) {
        int fd = open (csv, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || fchmod (fd, 0600)) {
            fprintf (stderr, "samskab: could not write \"%s\": %s\n", csv, strerror (errno));
            if (fd >= 0)
                close (fd);
            return CLI_REFUSED;
        }
        close (fd);
    }
    FILE *out = csv ? cli_csv_create (csv) : stdout;
    if (!out)
        return CLI_REFUSED;
    //  The sheet and the file go to the people who hand codes to citizens:
    //  Danish, English with --lang en
    const char *lang = cli_arg (args, "lang");
    bool en = lang && streq (lang, "en"), one = codes->via.array.size == 1;
    //  A letter's mail merge takes the budget's name and the vote page from
    //  the file, after the columns it had before
    static const char *header_da[] = {
        "borgerbudget", "pakke", "nummer", "kode", "navn", "adresse"
    };
    static const char *header_en[] = { "budget", "batch", "number", "code", "name", "address" };
    char name[512], address[512];
    if (!cli->json || csv)
        s_vote_place (cli, id, name, sizeof name, address, sizeof address);
    if (cli->json && !csv) {
        cli_print_json (stdout, b);
        fputc ('\n', stdout);
    } else if (csv)
        for (int k = 0; k < 6; k++)
            csv_field (out, en ? header_en[k] : header_da[k], CLI_CSV_SEP, k == 5);
    else if (en)
        fprintf (out,
                 "Citizen budget %lld \"%s\", batch %lld \"%s\", issued %s: %u voter code%s\n"
                 "Vote at %s\n"
                 "Each code votes once. Keep this list safe; it is not shown again.\n\n",
                 (long long)id, name, (long long)batch, label, issued, codes->via.array.size,
                 one ? "" : "s", address);
    else
        fprintf (out,
                 "Borgerbudget %lld \"%s\", pakke %lld \"%s\", udstedt %s: %u stemmekode%s\n"
                 "Stem på %s\n"
                 "Hver kode kan stemme én gang. Opbevar listen sikkert; den vises ikke "
                 "igen.\n\n",
                 (long long)id, name, (long long)batch, label, issued, codes->via.array.size,
                 one ? "" : "r", address);
    for (uint32_t i = 0; !(cli->json && !csv) && i < codes->via.array.size; i++) {
        char code[16];
        sk_obj_str_copy (&codes->via.array.ptr[i], code, sizeof code);
        if (csv) {
            char row[3][24];
            snprintf (row[0], sizeof row[0], "%lld", (long long)id);
            snprintf (row[1], sizeof row[1], "%lld", (long long)batch);
            snprintf (row[2], sizeof row[2], "%u", i + 1);
            for (int k = 0; k < 3; k++)
                csv_field (out, row[k], CLI_CSV_SEP, false);
            csv_field (out, code, CLI_CSV_SEP, false);
            csv_field (out, name, CLI_CSV_SEP, false);
            csv_field (out, address, CLI_CSV_SEP, true);
        } else
            fprintf (out, "%6u  %s\n", i + 1, code);
    }
    if (csv) {
        if (fclose (out)) {
            fprintf (stderr, "samskab: could not write \"%s\": %s\n", csv, strerror (errno));
            rc = CLI_REFUSED;
        } else
            printf ("wrote %u code%s of batch %lld to %s\n", codes->via.array.size, one ? "" : "s",
                    (long long)batch, csv);
    }
    return rc;
}

//  Cast one ballot as a front end would, with a fresh nonce (or --nonce to
//  repeat a cast whose reply was lost).
static int
s_cast (cli_t *cli, const cli_args_t *args)
{
    sk_pack_t extra;
    sk_pack_init (&extra);
    bool fresh = !cli_arg (args, "nonce");
    if (fresh) {
        uint8_t bytes[16];
        char nonce[40];
        randombytes_buf (bytes, sizeof bytes);
        sodium_bin2hex (nonce, sizeof nonce, bytes, sizeof bytes);
        sk_pack_kstr (&extra, "nonce", nonce);
    }
    int rc = cli_budget_call_projects (cli, args, "vote.ballot.cast", &extra, fresh ? 1 : 0);
    sk_pack_release (&extra);
    return rc;
}

static const char *s_process_columns[] = { "id",    "name",   "area", "amount",
                                           "phase", "ballot", "rule", NULL };
static const char *s_project_columns[] = { "id", "pool", "code", "title", "cost", NULL };
static const char *s_batch_columns[] = { "batch", "label",   "issued", "count",
                                         "used",  "revoked", NULL };
static const char *s_cast_batch_columns[] = { "size", "batches", NULL };
//  An idea's text last, whole: staff read it before they decide on it
static const char *s_idea_columns[] = { "id",         "title",       "proposer", "status",
                                        "visibility", "merged_into", "project",  "reason",
                                        "text",       NULL };
static const char *s_meeting_columns[] = { "id", "held_on", "title", "attendance", NULL };

#define S_PHASES  "ideas|development|voting|closed|published|implementation"
#define S_BALLOTS "approval|knapsack|cumulative|ranked"

static const cli_opt_t s_id_arg[] = { CLI_BUDGET_ID, { 0 } };
static const cli_opt_t s_idea_arg[] = {
    { .name = "IDEA", .type = CLI_ID, .key = "idea", .required = true, .help = "the idea's id" },
    { 0 }
};
static const cli_opt_t s_phase_args[] = {
    CLI_BUDGET_ID,
    { .name = "PHASE", .key = "phase", .required = true, .choices = S_PHASES, .help = "a phase" },
    { 0 }
};
static const cli_opt_t s_receipt_args[] = { CLI_BUDGET_ID,
                                            { .name = "RECEIPT",
                                              .key = "receipt",
                                              .required = true,
                                              .help = "a receipt, XXXX-XXXX-XXXX-XXXX" },
                                            { 0 } };

//  The ballot settings, in create and settings
#define S_SETTINGS                                                                                 \
    { .name = "ballot", .key = "ballot", .choices = S_BALLOTS, .help = "how citizens vote" },      \
        { .name = "rule",                                                                          \
          .key = "rule",                                                                           \
          .choices = CLI_BUDGET_RULES,                                                             \
          .help = "how the winners are found" },                                                   \
        { .name = "max-choices",                                                                   \
          .type = CLI_INT,                                                                         \
          .key = "max_choices",                                                                    \
          .meta = "K",                                                                             \
          .help = "projects a ballot may choose, per pool" },                                      \
        { .name = "min-share",                                                                     \
          .type = CLI_INT,                                                                         \
          .key = "min_share",                                                                      \
          .meta = "PCT",                                                                           \
          .help = "knapsack: percent of a pool's budget a ballot must spend" },                    \
        { .name = "points",                                                                        \
          .type = CLI_INT,                                                                         \
          .key = "points",                                                                         \
          .meta = "P",                                                                             \
          .help = "cumulative: points per ballot" },                                               \
    {                                                                                              \
        .name = "threshold", .type = CLI_INT, .key = "threshold",                                  \
        .help = "greedy-threshold: votes a project needs"                                          \
    }

//  The dates, in create and settings
#define S_DATES                                                                                    \
    { .name = "ideas-from",                                                                        \
      .type = CLI_DATE,                                                                            \
      .key = "ideas_from",                                                                         \
      .help = "ideas are collected from" },                                                        \
        { .name = "development-from",                                                              \
          .type = CLI_DATE,                                                                        \
          .key = "development_from",                                                               \
          .help = "ideas become projects from" },                                                  \
        { .name = "voting-from", .type = CLI_DATE, .key = "voting_from", .help = "voting opens" }, \
        { .name = "voting-until",                                                                  \
          .type = CLI_DATE,                                                                        \
          .key = "voting_until",                                                                   \
          .help = "voting closes" },                                                               \
        { .name = "results-on",                                                                    \
          .type = CLI_DATE,                                                                        \
          .key = "results_on",                                                                     \
          .help = "the results are published" },                                                   \
    {                                                                                              \
        .name = "implementation-from", .type = CLI_DATE, .key = "implementation_from",             \
        .help = "the winners are carried out from"                                                 \
    }

static const cli_opt_t s_create_opts[] = {
    { .name = "name", .key = "name", .required = true, .help = "its name" },
    { .name = "amount",
      .type = CLI_KR,
      .key = "amount",
      .required = true,
      .meta = "KR",
      .help = "the whole budget" },
    { .name = "area", .key = "area", .help = "the area it is for" },
    { .name = "pool",
      .type = CLI_EACH,
      .meta = "NAME:DKK",
      .help = "a pool and its budget (default one pool of the whole amount)" },
    S_SETTINGS,
    S_DATES,
    { 0 }
};
static const cli_opt_t s_list_opts[] = { { .name = "phase",
                                           .key = "phase",
                                           .choices = S_PHASES "|archived",
                                           .help = "only those in this phase" },
                                         { 0 } };
static const cli_opt_t s_settings_opts[] = { S_SETTINGS, S_DATES, { 0 } };
static const cli_opt_t s_pool_opts[] = {
    { .name = "name", .key = "name", .required = true, .help = "the pool's name" },
    { .name = "budget",
      .type = CLI_KR,
      .key = "budget",
      .required = true,
      .meta = "KR",
      .help = "its budget" },
    { .name = "min-cost",
      .type = CLI_KR,
      .key = "min_cost",
      .meta = "KR",
      .min = 1,
      .help = "the least a project of the pool may cost" },
    { .name = "max-cost",
      .type = CLI_KR,
      .key = "max_cost",
      .meta = "KR",
      .min = 1,
      .help = "the most a project of the pool may cost" },
    { 0 }
};
static const cli_opt_t s_project_opts[] = {
    { .name = "title", .key = "title", .required = true, .help = "what the project is" },
    { .name = "cost",
      .type = CLI_KR,
      .key = "cost",
      .required = true,
      .min = 1,
      .max = INT64_MAX,
      .meta = "KR",
      .help = "what it costs (more than 0 kr.)" },
    { .name = "pool", .key = "pool", .meta = "NAME", .help = "its pool (needed with several)" },
    { .name = "code", .key = "code", .help = "its Pabulib project id (default pN)" },
    { .name = "description", .key = "description", .help = "a description" },
    { 0 }
};
static const cli_opt_t s_project_update_opts[] = {
    { .name = "project",
      .type = CLI_ID,
      .key = "project",
      .required = true,
      .help = "the project's id" },
    { .name = "title", .key = "title", .help = "its new title" },
    { .name = "description", .key = "description", .help = "its new description" },
    { .name = "cost", .type = CLI_KR, .key = "cost", .meta = "KR", .help = "its new cost" },
    { .name = "pool", .key = "pool", .meta = "NAME", .help = "move it to this pool" },
    { 0 }
};
static const cli_opt_t s_project_withdraw_opts[] = { { .name = "project",
                                                       .type = CLI_ID,
                                                       .key = "project",
                                                       .required = true,
                                                       .help = "the project's id" },
                                                     { 0 } };
static const cli_opt_t s_codes_opts[] = {
    { .name = "count",
      .type = CLI_INT,
      .key = "count",
      .required = true,
      .min = 1,
      .max = 10000,
      .help = "how many codes" },
    { .name = "label", .key = "label", .help = "a label for the batch, e.g. letters" },
    { .name = "csv", .type = CLI_OUT, .help = "write the codes as CSV for a mail merge" },
    { .name = "lang",
      .choices = "da|en",
      .help = "the list's and the CSV header's language (default da, Danish)" },
    { 0 }
};
static const cli_opt_t s_revoke_opts[] = {
    { .name = "code", .key = "code", .help = "an unused voter code" },
    { .name = "batch", .type = CLI_ID, .key = "batch", .help = "a whole batch" },
    { 0 }
};
static const cli_opt_t s_cast_opts[] = {
    { .name = "code", .key = "code", .required = true, .help = "the voter code" },
    { .name = "projects",
      .type = CLI_LIST,
      .required = true,
      .meta = "CODE,CODE",
      .help = "the projects chosen, by code (p1) or id (ranked: best first)" },
    { .name = "points",
      .type = CLI_INTS,
      .key = "points",
      .meta = "P,P",
      .help = "cumulative: points per project" },
    { .name = "nonce",
      .key = "nonce",
      .meta = "N",
      .help = "repeat a cast whose reply was lost (default: a fresh one)" },
    { 0 }
};
static const cli_opt_t s_idea_opts[] = {
    { .name = "title", .key = "title", .required = true, .help = "the idea in a few words" },
    { .name = "text", .key = "text", .help = "the idea" },
    { .name = "proposer",
      .key = "proposer",
      .choices = "citizen|association",
      .help = "who proposes it (default citizen)" },
    { .name = "association",
      .type = CLI_ID,
      .key = "association",
      .meta = "PARTY",
      .help = "the proposing association" },
    { .name = "contact-name", .key = "contact_name", .help = "the proposer's name" },
    { .name = "contact-email", .key = "contact_email", .help = "the proposer's e-mail" },
    { .name = "contact-phone", .key = "contact_phone", .help = "the proposer's phone" },
    { 0 }
};
static const cli_opt_t s_ideas_opts[] = { { .name = "status",
                                            .key = "status",
                                            .choices = "open|merged|realised|rejected|project",
                                            .help = "only ideas of this status" },
                                          { 0 } };
static const cli_opt_t s_merge_opts[] = { { .name = "into",
                                            .type = CLI_ID,
                                            .key = "into",
                                            .required = true,
                                            .meta = "IDEA",
                                            .help = "the idea it merges into" },
                                          { 0 } };
static const cli_opt_t s_idea_update_opts[] = {
    { .name = "title", .key = "title", .help = "the new title" },
    { .name = "text", .key = "text", .help = "the new text (\"\" clears it)" },
    { 0 }
};
static const cli_opt_t s_realise_opts[] = {
    { .name = "note", .key = "note", .help = "how it was done" }, { 0 }
};
static const cli_opt_t s_reject_opts[] = {
    { .name = "reason", .key = "reason", .help = "why (the vote service requires it)" }, { 0 }
};
static const cli_opt_t s_to_project_opts[] = {
    { .name = "cost",
      .type = CLI_KR,
      .key = "cost",
      .required = true,
      .min = 1,
      .max = INT64_MAX,
      .meta = "KR",
      .help = "what it costs (more than 0 kr.)" },
    { .name = "pool", .key = "pool", .meta = "NAME", .help = "its pool" },
    { .name = "title", .key = "title", .help = "the project's title (default the idea's)" },
    { .name = "code", .key = "code", .help = "its Pabulib project id" },
    { 0 }
};
static const cli_opt_t s_meeting_opts[] = {
    { .name = "held-on",
      .type = CLI_DATE,
      .key = "held_on",
      .required = true,
      .help = "the day of the meeting" },
    { .name = "title", .key = "title", .required = true, .help = "what it was" },
    { .name = "attendance",
      .type = CLI_INT,
      .key = "attendance",
      .required = true,
      .help = "how many came" },
    { .name = "notes", .key = "notes", .help = "notes" },
    { 0 }
};
//  Paper ballots' projects by code (p3 or P3, as the paper shows them) or
//  id: packed by cli_budget_paper, not by key
static const cli_opt_t s_paper_opts[] = { { .name = "projects",
                                            .type = CLI_LIST,
                                            .required = true,
                                            .meta = "CODE,CODE",
                                            .help = "the projects on the paper ballot, by code "
                                                    "(p1) or id" },
                                          { .name = "points",
                                            .type = CLI_INTS,
                                            .key = "points",
                                            .meta = "P,P",
                                            .help = "cumulative: points per project" },
                                          { 0 } };
static const cli_opt_t s_confirm_opts[] = { { .name = "paper",
                                              .type = CLI_INT,
                                              .key = "paper",
                                              .required = true,
                                              .help = "the entry's number" },
                                            { .name = "projects",
                                              .type = CLI_LIST,
                                              .required = true,
                                              .meta = "CODE,CODE",
                                              .help = "the projects again, by code or id" },
                                            { .name = "points",
                                              .type = CLI_INTS,
                                              .key = "points",
                                              .meta = "P,P",
                                              .help = "the points again" },
                                            { 0 } };
static const cli_opt_t s_discard_opts[] = {
    { .name = "paper",
      .type = CLI_INT,
      .key = "paper",
      .required = true,
      .help = "the entry's number" },
    { .name = "reason", .key = "reason", .required = true, .help = "why it is discarded" },
    { 0 }
};
static const cli_opt_t s_late_opts[] = {
    { .name = "reason", .key = "reason", .required = true, .help = "why papers come late" }, { 0 }
};

//  A command that packs its line and calls OP
#define S_OP(VERB, OP, ARGS, OPTS, COLUMNS, HELP)                                                  \
    {                                                                                              \
        .noun = "budget", .verb = VERB, .run = cli_run_op, .op = OP, .args = ARGS, .opts = OPTS,   \
        .columns = COLUMNS, .help = HELP                                                           \
    }

const cli_command_t cli_budget_commands[] = {
    { .noun = "budget",
      .verb = "create",
      .run = s_create,
      .opts = s_create_opts,
      .help = "create a citizen budget (borgerbudget)" },
    S_OP ("list", "vote.process.list", NULL, s_list_opts, s_process_columns,
          "list citizen budgets"),
    S_OP ("show", "vote.process.get", s_id_arg, NULL, NULL,
          "show a citizen budget with its pools and projects"),
    S_OP ("settings", "vote.process.settings", s_id_arg, s_settings_opts, NULL,
          "change the ballot or dates (before voting) or the rule (before results)"),
    { .noun = "budget",
      .verb = "phase",
      .run = cli_budget_phase,
      .print = cli_budget_phase_print,
      .op = "vote.process.phase",
      .args = s_phase_args,
      .opts = cli_confirm_opts,
      .help = "move a citizen budget to a later phase (closed: the vote ends; closed and "
              "published ask first)" },
    S_OP ("pool", "vote.pool.add", s_id_arg, s_pool_opts, NULL, "add a pool"),
    S_OP ("project", "vote.project.create", s_id_arg, s_project_opts, NULL,
          "add a project to vote on"),
    S_OP ("project-update", "vote.project.update", s_id_arg, s_project_update_opts, NULL,
          "correct a project's title, description, cost or pool (before voting)"),
    S_OP ("project-withdraw", "vote.project.withdraw", s_id_arg, s_project_withdraw_opts, NULL,
          "withdraw a project (before voting; an idea it came from is open again)"),
    S_OP ("projects", "vote.project.list", s_id_arg, NULL, s_project_columns, "list the projects"),
    { .noun = "budget",
      .verb = "archive",
      .run = cli_budget_archive,
      .op = "vote.process.archive",
      .args = s_id_arg,
      .opts = cli_confirm_opts,
      .help = "archive a citizen budget that never opened voting (contacts and codes erased; "
              "asks first)" },
    { .noun = "budget",
      .verb = "codes",
      .run = cli_run_op,
      .op = "vote.code.issue",
      .print = s_print_codes,
      .args = s_id_arg,
      .opts = s_codes_opts,
      .help = "issue one-time voter codes: a printable list, or a CSV for letters" },
    { .noun = "budget",
      .verb = "revoke",
      .run = cli_run_op,
      .op = "vote.code.revoke",
      .args = s_id_arg,
      .opts = s_revoke_opts,
      .either = "code|batch",
      .help = "revoke an unused voter code, or a whole batch" },
    S_OP ("batches", "vote.code.batches", s_id_arg, NULL, s_batch_columns,
          "list code batches and their use"),
    { .noun = "budget",
      .verb = "cast",
      .run = s_cast,
      .args = s_id_arg,
      .opts = s_cast_opts,
      .help = "cast a ballot with a voter code (as a voting front end; needs a service "
              "certificate)" },
    S_OP ("cast-batches", "vote.ballot.batches", s_id_arg, NULL, s_cast_batch_columns,
          "how many ballots each committed batch of casts held (a ballot is linked to its "
          "code no finer than its batch until the close)"),
    { .noun = "budget",
      .verb = "ballots",
      .run = cli_run_op,
      .op = "vote.ballot.list",
      .print = cli_budget_print_ballots,
      .args = s_id_arg,
      .help = "list the counted ballots, projects by code (after the close)" },
    { .noun = "budget",
      .verb = "receipt",
      .run = cli_run_op,
      .op = "vote.receipt.check",
      .print = cli_budget_print_receipt,
      .args = s_receipt_args,
      .help = "look a receipt up in the counted ballots (projects by code and title)" },
    S_OP ("idea", "vote.idea.create", s_id_arg, s_idea_opts, NULL,
          "record an idea (contact details are kept until the results are published)"),
    S_OP ("ideas", "vote.idea.list", s_id_arg, s_ideas_opts, s_idea_columns, "list the ideas"),
    S_OP ("idea-merge", "vote.idea.merge", s_idea_arg, s_merge_opts, NULL,
          "merge an idea into another"),
    S_OP ("idea-realise", "vote.idea.realise", s_idea_arg, s_realise_opts, NULL,
          "mark an idea realised without money"),
    S_OP ("idea-reject", "vote.idea.reject", s_idea_arg, s_reject_opts, NULL,
          "reject an idea with a reason"),
    S_OP ("idea-project", "vote.idea.project", s_idea_arg, s_to_project_opts, NULL,
          "turn an idea into a project to vote on"),
    S_OP ("idea-show", "vote.idea.show", s_idea_arg, NULL, NULL,
          "show a reviewed idea on the public budget page"),
    S_OP ("idea-hide", "vote.idea.hide", s_idea_arg, NULL, NULL,
          "hide an idea from the public budget page"),
    S_OP ("idea-update", "vote.idea.update", s_idea_arg, s_idea_update_opts, NULL,
          "edit an idea's title or text (e.g. to take personal data out)"),
    S_OP ("idea-forget", "vote.idea.forget", s_idea_arg, NULL, NULL,
          "erase an idea's title, text and contact details now, and hide it"),
    S_OP ("meeting", "vote.meeting.create", s_id_arg, s_meeting_opts, NULL,
          "record a development meeting"),
    S_OP ("meetings", "vote.meeting.list", s_id_arg, NULL, s_meeting_columns,
          "list the development meetings"),
    { .noun = "budget",
      .verb = "paper",
      .run = cli_budget_paper,
      .op = "vote.paper.enter",
      .args = s_id_arg,
      .opts = s_paper_opts,
      .help = "enter a paper ballot (a second staff member confirms it; numbered 1, 2, ... in "
              "each citizen budget)" },
    { .noun = "budget",
      .verb = "paper-confirm",
      .run = cli_budget_paper,
      .op = "vote.paper.confirm",
      .args = s_id_arg,
      .opts = s_confirm_opts,
      .help = "confirm a paper ballot by entering it again (another staff member)" },
    { .noun = "budget",
      .verb = "papers",
      .run = cli_run_op,
      .op = "vote.paper.list",
      .print = cli_budget_print_papers,
      .args = s_id_arg,
      .help = "list paper ballots waiting for confirmation (the projects of your own entries "
              "only, by code)" },
    S_OP ("paper-discard", "vote.paper.discard", s_id_arg, s_discard_opts, NULL,
          "discard a paper ballot's unconfirmed entry, with a reason"),
    { .noun = "budget",
      .verb = "late-count",
      .run = cli_run_op,
      .op = "vote.paper.late",
      .print = cli_budget_print_late,
      .args = s_id_arg,
      .opts = s_late_opts,
      .help = "after the close and before publishing: open a late count of paper ballots "
              "(recorded with who opened it, shown with the results)" },
    { 0 }
};
