/*  cli_poll.c: samskab poll ..., quick polls at a workshop (approval or
    ranked) on the vote service. */
#include <czmq.h>

#include "cli.h"

//  poll vote ID --choices 1,3 | poll results ID | poll close ID
static int
s_print_poll (cli_t *cli, const cli_args_t *args, const msgpack_object *b)
{
    if (cli->json) {
        cli_print_json (stdout, b);
        fputc ('\n', stdout);
    } else if (streq (args->verb, "vote"))
        printf ("vote counted in poll %lld\n", (long long)cli_arg_int (args, "ID", 0));
    else {
        static const char *columns[] = { "number", "option",    "approvals", "borda",
                                         "first",  "ranked_by", NULL };
        char title[256], kind[16], winner[256];
        printf (
            "%s (%s, %lld votes%s)\nwinner: %s\n", cli_get_str (b, "title", title, sizeof title),
            cli_get_str (b, "kind", kind, sizeof kind), (long long)cli_get_int (b, "votes"),
            sk_obj_get (b, "open") && sk_obj_get (b, "open")->via.boolean ? ", open" : ", closed",
            cli_get_str (b, "winner", winner, sizeof winner));
        const msgpack_object *winners = sk_obj_get (b, "winners");
        if (winners && winners->type == MSGPACK_OBJECT_ARRAY && winners->via.array.size > 1) {
            printf ("winners:");
            for (uint32_t i = 0; i < winners->via.array.size; i++)
                printf ("%s %.*s", i ? "," : "", (int)winners->via.array.ptr[i].via.str.size,
                        winners->via.array.ptr[i].via.str.ptr);
            printf ("\n");
        }
        cli_print_items (cli, sk_obj_get (b, "standings"), columns);
    }
    return CLI_OK;
}

static const char *s_poll_columns[] = { "id", "title", "meeting", "kind", "votes", "open", NULL };

static const cli_opt_t s_create_opts[] = {
    { .name = "title", .key = "title", .required = true, .help = "the question" },
    { .name = "option",
      .type = CLI_EACH,
      .key = "options",
      .required = true,
      .help = "an option to vote for (2 to 50)" },
    { .name = "kind",
      .key = "kind",
      .choices = "approval|ranked",
      .help = "approve any number, or rank them (default approval)" },
    { .name = "max-choices",
      .type = CLI_INT,
      .key = "max_choices",
      .meta = "K",
      .help = "approve at most K" },
    { .name = "meeting", .key = "meeting", .meta = "NAME", .help = "the meeting it belongs to" },
    { .name = "winners",
      .type = CLI_INT,
      .key = "pick",
      .meta = "K",
      .min = 1,
      .max = 49,
      .help = "how many options win (default 1)" },
    { .name = "max-participants",
      .type = CLI_INT,
      .key = "max_participants",
      .meta = "N",
      .min = 1,
      .max = 100000,
      .help = "how many may vote" },
    { 0 }
};
static const cli_opt_t s_id_arg[] = {
    { .name = "ID", .type = CLI_ID, .key = "poll", .required = true, .help = "the poll's id" },
    { 0 }
};
static const cli_opt_t s_vote_opts[] = { { .name = "choices",
                                           .type = CLI_INTS,
                                           .key = "choices",
                                           .required = true,
                                           .meta = "N,N",
                                           .help = "option numbers, first preference first" },
                                         { 0 } };

const cli_command_t cli_poll_commands[] = {
    { .noun = "poll",
      .verb = "create",
      .run = cli_run_op,
      .op = "vote.poll.create",
      .opts = s_create_opts,
      .help = "start a workshop poll" },
    { .noun = "poll",
      .verb = "vote",
      .run = cli_run_op,
      .print = s_print_poll,
      .op = "vote.poll.vote",
      .args = s_id_arg,
      .opts = s_vote_opts,
      .help = "count one participant's vote: option numbers, first preference first" },
    { .noun = "poll",
      .verb = "results",
      .run = cli_run_op,
      .print = s_print_poll,
      .op = "vote.poll.results",
      .args = s_id_arg,
      .help = "the standings now" },
    { .noun = "poll",
      .verb = "close",
      .run = cli_run_op,
      .print = s_print_poll,
      .op = "vote.poll.close",
      .args = s_id_arg,
      .help = "close the poll and show the result" },
    { .noun = "poll",
      .verb = "list",
      .run = cli_run_op,
      .op = "vote.poll.list",
      .columns = s_poll_columns,
      .help = "list polls" },
    { 0 }
};
