/*  cli_advisor.c: key advisors of associations, their advisory sessions
    and the next steps agreed. */
#include <czmq.h>

#include "cli.h"
#include "sk_date.h"

//  The key advisor, and the ones before as a table
static int
s_print_advisor (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    (void)args;
    if (cli->json)
        cli_print_record (cli, body);
    else {
        static const char *columns[] = { "advisor", "email", "since", "until", NULL };
        char name[256];
        cli_format (sk_obj_get (body, "advisor"), name, sizeof name);
        printf ("key advisor: %s\n", *name ? name : "(none)");
        cli_print_items (cli, sk_obj_get (body, "history"), columns);
    }
    return CLI_OK;
}

//  "samskab advisor session ASSOCIATION --date D [--notes T]
//   [--step 'WHO;WHAT;YYYY-MM-DD']..."
static int
s_advisor_session (cli_t *cli, const cli_args_t *args)
{
    const char *steps[50];
    int nsteps = cli_arg_all (args, "step", steps, 50);
    for (int k = 0; k < nsteps; k++) {
        int semis = 0;
        for (const char *c = steps[k]; *c; c++)
            semis += *c == ';';
        if (semis != 2)
            return cli_usage_error (args->noun, args->verb,
                                    "option \"--step\" is \"WHO;WHAT;YYYY-MM-DD\", not \"%s\"",
                                    steps[k]);
        if (!sk_date_valid (strrchr (steps[k], ';') + 1))
            return cli_usage_error (args->noun, args->verb,
                                    "option \"--step\" needs a due date YYYY-MM-DD that exists, "
                                    "not \"%s\" in \"%s\"",
                                    strrchr (steps[k], ';') + 1, steps[k]);
    }
    sk_pack_t extra, body;
    sk_pack_init (&extra);
    sk_pack_init (&body);
    sk_pack_str (&extra, "steps");
    sk_pack_array (&extra, (uint32_t)nsteps);
    for (int k = 0; k < nsteps; k++) {
        const char *a = steps[k], *b = strchr (a, ';') + 1, *c = strchr (b, ';') + 1;
        sk_pack_map (&extra, 3);
        sk_pack_str (&extra, "who");
        sk_pack_strn (&extra, a, (size_t)(b - a - 1));
        sk_pack_str (&extra, "what");
        sk_pack_strn (&extra, b, (size_t)(c - b - 1));
        sk_pack_kstr (&extra, "due", c);
    }
    cli_args_pack (args, &body, &extra, 1);
    int rc = cli_call_print (cli, "registry.session.create", &body, NULL);
    sk_pack_release (&extra);
    sk_pack_release (&body);
    return rc;
}

static const char *s_step_columns[] = { "id",   "due",     "association_name", "who",
                                        "what", "advisor", "done_at",          NULL };

//  Each session with its steps as a table
static int
s_print_sessions (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    (void)args;
    const msgpack_object *items = sk_obj_get (body, "items");
    if (cli->json)
        cli_print_items (cli, items, NULL);
    else if (items && items->type == MSGPACK_OBJECT_ARRAY)
        for (uint32_t i = 0; i < items->via.array.size; i++) {
            const msgpack_object *s = &items->via.array.ptr[i];
            char date[16], advisor[256], notes[4096];
            cli_format (sk_obj_get (s, "date"), date, sizeof date);
            cli_format (sk_obj_get (s, "advisor"), advisor, sizeof advisor);
            cli_format (sk_obj_get (s, "notes"), notes, sizeof notes);
            int64_t sid = 0;
            sk_obj_int (sk_obj_get (s, "id"), &sid);
            printf ("%s  session %" PRId64 " with %s\n  %s\n", date, sid,
                    *advisor ? advisor : "(no key advisor)", notes);
            cli_print_items (cli, sk_obj_get (s, "steps"), s_step_columns);
        }
    return CLI_OK;
}

static const cli_opt_t s_association_arg[] = { { .name = "ASSOCIATION_ID",
                                                 .type = CLI_ID,
                                                 .key = "association",
                                                 .required = true,
                                                 .help = "the association's id" },
                                               { 0 } };
static const cli_opt_t s_step_arg[] = {
    { .name = "STEP_ID", .type = CLI_ID, .key = "id", .required = true, .help = "the step's id" },
    { 0 }
};
static const cli_opt_t s_assign_opts[] = {
    { .name = "advisor",
      .key = "advisor",
      .required = true,
      .meta = "NAME",
      .help = "the key advisor" },
    { .name = "email", .key = "email", .help = "the advisor's e-mail" },
    { 0 }
};
static const cli_opt_t s_session_opts[] = {
    { .name = "date",
      .type = CLI_DATE,
      .key = "date",
      .required = true,
      .help = "the day of the session" },
    { .name = "notes", .key = "notes", .help = "what was talked about" },
    { .name = "step",
      .type = CLI_EACH,
      .meta = "WHO;WHAT;YYYY-MM-DD",
      .help = "a next step: who does what by when" },
    { 0 }
};
static const cli_opt_t s_overdue_opts[] = { { .name = "today",
                                              .type = CLI_DATE,
                                              .key = "today",
                                              .help = "count from this day (default today)" },
                                            CLI_OPT_LIMIT (1000, "at most N"),
                                            { 0 } };

const cli_command_t cli_advisor_commands[] = {
    { .noun = "advisor",
      .verb = "assign",
      .run = cli_run_op,
      .op = "registry.advisor.assign",
      .args = s_association_arg,
      .opts = s_assign_opts,
      .help = "make NAME the key advisor of the association (the previous one is kept in its "
              "history)" },
    { .noun = "advisor",
      .verb = "show",
      .run = cli_run_op,
      .op = "registry.advisor.get",
      .print = s_print_advisor,
      .args = s_association_arg,
      .help = "the association's key advisor and who advised it before" },
    { .noun = "advisor",
      .verb = "session",
      .run = s_advisor_session,
      .args = s_association_arg,
      .opts = s_session_opts,
      .help = "record an advisory session and the next steps agreed (who does what by when)" },
    { .noun = "advisor",
      .verb = "sessions",
      .run = cli_run_op,
      .op = "registry.session.list",
      .print = s_print_sessions,
      .args = s_association_arg,
      .help = "the association's advisory sessions with their next steps" },
    { .noun = "advisor",
      .verb = "done",
      .run = cli_run_op,
      .op = "registry.step.done",
      .args = s_step_arg,
      .help = "mark a next step done" },
    { .noun = "advisor",
      .verb = "overdue",
      .run = cli_run_op,
      .op = "registry.step.overdue",
      .columns = s_step_columns,
      .opts = s_overdue_opts,
      .help = "next steps past their date and not done, oldest first" },
    { 0 }
};
