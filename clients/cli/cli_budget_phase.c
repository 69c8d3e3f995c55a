/*  cli_budget_phase.c: samskab budget phase ID PHASE, and budget archive
    ID. Closing the vote, publishing the results and archiving cannot be
    undone, so they say what they will do and ask first (cli_confirm_run;
    --yes for scripts): the close how early it comes and how many have
    voted, the publication which rule and which winners it makes public
    (and how early it comes, more than a day before the planned results
    day), the archive what it erases. Opening voting asks only when it comes
    more than a day before the planned first day of voting. */
#include <czmq.h>
#include <time.h>

#include "cli.h"
#include "cli_budget.h"
#include "sk_number.h"

//  Call op with {process: ID} into reply; CLI_OK, or the refusal printed.
static int
s_process_call (cli_t *cli, const cli_args_t *args, const char *op, sk_frame_t *reply)
{
    return cli_budget_process_call (cli, cli_arg_int (args, "ID", 0), op, reply);
}

int
cli_budget_process_call (cli_t *cli, int64_t id, const char *op, sk_frame_t *reply)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "process", id);
    int rc = cli_call (cli, "vote", op, &body, reply);
    sk_pack_release (&body);
    if (rc != CLI_OK)
        sk_frame_release (reply);
    return rc;
}

//  Days from today (Danish time) to date ("YYYY-MM-DD"), negative if it is
//  past; false if date is not one.
static bool
s_days_until (const char *date, int *days)
{
    struct tm until = { 0 }, today = { 0 };
    const char *end = strptime (date, "%Y-%m-%d", &until);
    if (!end || *end)
        return false;
    time_t now = time (NULL);
    struct tm local;
    localtime_r (&now, &local);
    today.tm_year = local.tm_year;
    today.tm_mon = local.tm_mon;
    today.tm_mday = local.tm_mday;
    until.tm_hour = today.tm_hour = 12;
    *days = (int)((timegm (&until) - timegm (&today)) / 86400);
    return true;
}

//  How early the close is, against the process's voting_until
static void
s_print_when (const msgpack_object *process)
{
    char until[32];
    int days;
    if (!s_days_until (cli_get_str (process, "voting_until", until, sizeof until), &days))
        fprintf (stderr, "now (no last day of voting is planned)");
    else if (days > 0)
        fprintf (stderr, "now, %d day%s before its planned last day, %s", days,
                 days == 1 ? "" : "s", until);
    else if (days == 0)
        fprintf (stderr, "now, on its planned last day (%s), before the day is over", until);
    else
        fprintf (stderr, "now, %d day%s after its planned last day, %s", -days,
                 days == -1 ? "" : "s", until);
}

//  budget phase ID closed: how early, and how many have voted
static int
s_close_describe (cli_t *cli, const cli_args_t *args)
{
    sk_frame_t process, batches, papers;
    int rc = s_process_call (cli, args, "vote.process.get", &process);
    if (rc != CLI_OK)
        return rc;
    const msgpack_object *p = cli_body (&process);
    char name[256], phase[32];
    cli_get_str (p, "name", name, sizeof name);
    cli_get_str (p, "phase", phase, sizeof phase);
    if (!streq (phase, "voting")) {
        fprintf (stderr,
                 "samskab: citizen budget %s is in phase \"%s\": only a vote in phase "
                 "\"voting\" is closed\n",
                 cli_arg (args, "ID"), phase);
        sk_frame_release (&process);
        return CLI_REFUSED;
    }
    fprintf (stderr, "This closes the vote on citizen budget %s \"%s\" ", cli_arg (args, "ID"),
             name);
    s_print_when (p);
    int64_t paper = cli_get_int (p, "paper_ballots");
    sk_frame_release (&process);
    rc = s_process_call (cli, args, "vote.code.batches", &batches);
    if (rc == CLI_OK && (rc = s_process_call (cli, args, "vote.paper.list", &papers)) != CLI_OK)
        sk_frame_release (&batches);
    if (rc != CLI_OK)
        return rc;
    int64_t used = 0;
    const msgpack_object *items = sk_obj_get (cli_body (&batches), "items");
    for (uint32_t i = 0; items && items->type == MSGPACK_OBJECT_ARRAY && i < items->via.array.size;
         i++)
        used += cli_get_int (&items->via.array.ptr[i], "used");
    items = sk_obj_get (cli_body (&papers), "items");
    uint32_t waiting = items && items->type == MSGPACK_OBJECT_ARRAY ? items->via.array.size : 0;
    //  Both ways of voting: codes used online, paper ballots confirmed
    fprintf (stderr,
             ".\n%lld voter code%s ha%s been used to vote and %lld paper ballot%s ha%s been "
             "confirmed",
             (long long)used, used == 1 ? "" : "s", used == 1 ? "s" : "ve", (long long)paper,
             paper == 1 ? "" : "s", paper == 1 ? "s" : "ve");
    if (waiting)
        fprintf (stderr, "; %u paper ballot entr%s wait%s for a second keying", waiting,
                 waiting == 1 ? "y" : "ies", waiting == 1 ? "s" : "");
    fprintf (stderr, ".\nClosing forgets every voter code: no one can vote after it.\n");
    sk_frame_release (&batches);
    sk_frame_release (&papers);
    return CLI_OK;
}

//  One pool's winners as "title (150.000 kr.), ..." and what they spend,
//  to out
static void
s_print_pool (FILE *out, const msgpack_object *pool)
{
    char name[256], title[256], amount[32], budget[32];
    fprintf (out, "  pool %s: ", cli_get_str (pool, "pool", name, sizeof name));
    const msgpack_object *winners = sk_obj_get (pool, "winners");
    uint32_t n = winners && winners->type == MSGPACK_OBJECT_ARRAY ? winners->via.array.size : 0;
    for (uint32_t i = 0; i < n && i < 5; i++) {
        const msgpack_object *w = &winners->via.array.ptr[i];
        fprintf (out, "%s%s (%s kr.)", i ? ", " : "", cli_get_str (w, "title", title, sizeof title),
                 sk_number_group (cli_get_int (w, "cost"), '.', amount, sizeof amount));
    }
    if (n > 5)
        fprintf (out, " and %u more", n - 5);
    fprintf (out, "%s; %s kr. of %s kr.\n", n ? "" : "no winners",
             sk_number_group (cli_get_int (pool, "total_cost"), '.', amount, sizeof amount),
             sk_number_group (cli_get_int (pool, "budget"), '.', budget, sizeof budget));
}

//  Before publishing more than a day before the planned results day: how
//  early it comes
static int
s_publish_when (cli_t *cli, const cli_args_t *args)
{
    sk_frame_t process;
    int rc = s_process_call (cli, args, "vote.process.get", &process);
    if (rc != CLI_OK)
        return rc;
    char on[32];
    int days;
    if (s_days_until (cli_get_str (cli_body (&process), "results_on", on, sizeof on), &days)
        && days > 1)
        fprintf (stderr,
                 "It comes early: now, %d days before its planned day for the results, %s.\n", days,
                 on);
    sk_frame_release (&process);
    return CLI_OK;
}

//  budget phase ID published: the rule and the winners it makes public,
//  and how early
static int
s_publish_describe (cli_t *cli, const cli_args_t *args)
{
    sk_frame_t reply;
    int rc = s_process_call (cli, args, "vote.results.get", &reply);
    if (rc != CLI_OK) {
        fprintf (stderr,
                 "HINT: only an official tally with the current rule and ballots is "
                 "published: samskab budget tally %s\n",
                 cli_arg (args, "ID"));
        return rc;
    }
    const msgpack_object *r = cli_body (&reply);
    char name[256], rule[32];
    int64_t voters = cli_get_int (r, "voters");
    fprintf (stderr,
             "This publishes the results of citizen budget %s \"%s\": the official tally with "
             "rule %s (not a trial count), %lld voter%s",
             cli_arg (args, "ID"), cli_get_str (r, "name", name, sizeof name),
             cli_get_str (r, "rule", rule, sizeof rule), (long long)voters, voters == 1 ? "" : "s");
    const msgpack_object *late = sk_obj_get (r, "late_count");
    if (late && late->type == MSGPACK_OBJECT_MAP)
        fprintf (stderr, ", the %lld paper ballot%s of a late count among them",
                 (long long)cli_get_int (late, "papers"),
                 cli_get_int (late, "papers") == 1 ? "" : "s");
    fprintf (stderr, ".\n");
    const msgpack_object *pools = sk_obj_get (r, "pools");
    for (uint32_t i = 0; pools && pools->type == MSGPACK_OBJECT_ARRAY && i < pools->via.array.size;
         i++)
        s_print_pool (stderr, &pools->via.array.ptr[i]);
    fprintf (stderr, "The results become public (the web pages, the events), and the "
                     "proposers' contact details are erased.\n");
    sk_frame_release (&reply);
    return s_publish_when (cli, args);
}

//  The phase's reply: the process, and for published the results it
//  published, as the question before it said them (not "results ...")
int
cli_budget_phase_print (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    (void)args;
    const msgpack_object *results = sk_obj_get (body, "results");
    if (cli_print_if_json (cli, body) || !body || body->type != MSGPACK_OBJECT_MAP)
        return CLI_OK;
    msgpack_object_kv kvs[64];
    msgpack_object process = *body;
    process.via.map.ptr = kvs;
    process.via.map.size = 0;
    for (uint32_t i = 0; i < body->via.map.size && process.via.map.size < 64; i++)
        if (&body->via.map.ptr[i].val != results)
            kvs[process.via.map.size++] = body->via.map.ptr[i];
    cli_print_record (cli, &process);
    if (!results || results->type != MSGPACK_OBJECT_MAP)
        return CLI_OK;
    char rule[32];
    int64_t voters = cli_get_int (results, "voters");
    printf ("\npublished: the results of rule %s, %lld voter%s\n",
            cli_get_str (results, "rule", rule, sizeof rule), (long long)voters,
            voters == 1 ? "" : "s");
    const msgpack_object *pools = sk_obj_get (results, "pools");
    for (uint32_t i = 0; pools && pools->type == MSGPACK_OBJECT_ARRAY && i < pools->via.array.size;
         i++)
        s_print_pool (stdout, &pools->via.array.ptr[i]);
    return CLI_OK;
}

//  What the questions before voting need of budget ID: its name and phase,
//  and the days to its planned first day of voting (planned: one is set)
typedef struct {
    char name[256], phase[32], from[32];
    bool before_voting, planned;
    int days;
} s_before_t;

static int
s_before_load (cli_t *cli, const cli_args_t *args, s_before_t *b)
{
    sk_frame_t process;
    int rc = s_process_call (cli, args, "vote.process.get", &process);
    if (rc != CLI_OK)
        return rc;
    const msgpack_object *p = cli_body (&process);
    cli_get_str (p, "name", b->name, sizeof b->name);
    cli_get_str (p, "phase", b->phase, sizeof b->phase);
    b->before_voting = streq (b->phase, "ideas") || streq (b->phase, "development");
    b->days = 0;
    b->planned = s_days_until (cli_get_str (p, "voting_from", b->from, sizeof b->from), &b->days);
    sk_frame_release (&process);
    return CLI_OK;
}

//  budget phase ID voting, long before the planned first day: how early
static int
s_open_describe (cli_t *cli, const cli_args_t *args)
{
    s_before_t b;
    int rc = s_before_load (cli, args, &b);
    if (rc == CLI_OK)
        fprintf (stderr,
                 "This opens voting on citizen budget %s \"%s\" now, %d days before its planned "
                 "first day of voting, %s.\nFront ends take votes from now on, and the ballot, "
                 "the projects and the dates no longer change.\n",
                 cli_arg (args, "ID"), b.name, b.days, b.from);
    return rc;
}

//  budget phase ID voting: asks (as closing does) when it comes more than
//  a day before the planned voting_from, else opens at once
static int
s_open (cli_t *cli, const cli_args_t *args)
{
    static const cli_confirm_t open = { .id_arg = "ID",
                                        .act = "open voting early",
                                        .not_done = "voting has not opened",
                                        .describe = s_open_describe };
    if (cli_arg_yes (args, "yes"))
        return cli_run_op (cli, args);
    s_before_t b;
    int rc = s_before_load (cli, args, &b);
    if (rc != CLI_OK)
        return rc;
    bool early = b.before_voting && b.planned && b.days > 1;
    return early ? cli_confirm_run (cli, args, &open) : cli_run_op (cli, args);
}

//  budget archive ID: its name and phase, and what is erased
static int
s_archive_describe (cli_t *cli, const cli_args_t *args)
{
    s_before_t b;
    int rc = s_before_load (cli, args, &b);
    if (rc != CLI_OK)
        return rc;
    if (!b.before_voting) {
        fprintf (stderr,
                 "samskab: citizen budget %s is in phase \"%s\": only a budget that never "
                 "opened voting (phase \"ideas\" or \"development\") is archived\n",
                 cli_arg (args, "ID"), b.phase);
        return CLI_REFUSED;
    }
    fprintf (stderr,
             "This archives citizen budget %s \"%s\" (phase \"%s\"): its proposers' contact "
             "details and all its voter codes are erased, and it never changes again.\n",
             cli_arg (args, "ID"), b.name, b.phase);
    return CLI_OK;
}

int
cli_budget_archive (cli_t *cli, const cli_args_t *args)
{
    static const cli_confirm_t archive = { .id_arg = "ID",
                                           .act = "archive it",
                                           .not_done = "nothing was archived or erased",
                                           .describe = s_archive_describe };
    return cli_confirm_run (cli, args, &archive);
}

int
cli_budget_phase (cli_t *cli, const cli_args_t *args)
{
    static const cli_confirm_t close = { .id_arg = "ID",
                                         .act = "close the vote",
                                         .not_done = "the vote is still open",
                                         .describe = s_close_describe };
    static const cli_confirm_t publish = { .id_arg = "ID",
                                           .act = "publish the results",
                                           .not_done = "nothing was published",
                                           .describe = s_publish_describe };
    const char *phase = cli_arg (args, "PHASE");
    if (streq (phase, "closed"))
        return cli_confirm_run (cli, args, &close);
    if (streq (phase, "published"))
        return cli_confirm_run (cli, args, &publish);
    if (streq (phase, "voting"))
        return s_open (cli, args);
    return cli_run_op (cli, args);
}
