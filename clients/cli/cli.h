/*  cli.h: the samskab admin client's shared context. */
#ifndef CLI_H_INCLUDED
#define CLI_H_INCLUDED

#include <stdio.h>

#include "cli_args.h"
#include "sk_client.h"
#include "sk_config.h"
#include "sk_msg.h"

//  Exit statuses: success, refused (by a service, or none answering), usage
#define CLI_OK      0
#define CLI_REFUSED 1
#define CLI_USAGE   2

#define SAMSKAB_VERSION "0.13.0"

typedef struct {
    sk_config_t *config;
    const char *tenant;            //  kommunekode the request acts for
    bool json;                     //  print JSON instead of tables
    int timeout;                   //  ms per attempt
    int retries;                   //  attempts after the first
    const struct cli_args_s *args; //  the command line, to name options in refusals
} cli_t;

//  A command run with its parsed command line.
typedef int (cli_fn) (cli_t *cli, const cli_args_t *args);
//  Print the body of a command's reply (cli_run_op); CLI_OK, or CLI_REFUSED
//  if what it writes could not be written.
typedef int (cli_print_fn) (cli_t *cli, const cli_args_t *args, const msgpack_object *body);

//  Rows several command tables share, help lines and all: a citizen
//  budget's id (the budget commands), any id, and the paging cursor.
#define CLI_BUDGET_ID                                                                              \
    {                                                                                              \
        .name = "ID", .type = CLI_ID, .key = "process", .required = true,                          \
        .help = "the citizen budget's id"                                                          \
    }
#define CLI_ANY_ID                                                                                 \
    {                                                                                              \
        .name = "ID", .type = CLI_ID, .key = "id", .required = true, .help = "an id"               \
    }
#define CLI_AFTER_ID                                                                               \
    {                                                                                              \
        .name = "after", .type = CLI_INT, .key = "after", .meta = "ID",                            \
        .help = "those after this id"                                                              \
    }

//  A command: one row of a command table, the one declaration its parser,
//  its help and its usage errors come from.
struct cli_command_s {
    const char *noun;
    const char *verb; //  "": the noun alone, its words the arguments (search)
    const char *help; //  one line
    bool offline;     //  works on files alone: no config, no service
    cli_fn *run;
    const cli_opt_t *args;      //  positional arguments, in order; { 0 } ends
    const cli_opt_t *opts;      //  options; { 0 } ends
    const char *op;             //  cli_run_op: the op its packed body goes to
    const char *const *columns; //  cli_run_op: the reply's items as columns; NULL: a record
    cli_print_fn *print;        //  cli_run_op: prints the reply instead
    const char *either;         //  "a|b": exactly one of the options --a and --b
};

//  A noun and its one-line description, for its help (cli_commands.c).
typedef struct {
    const char *noun, *help;
} cli_noun_t;
extern const cli_noun_t cli_nouns[];

//  Every command table, NULL-terminated (cli_commands.c).
extern const cli_command_t *const cli_tables[];

//  Pack the command line's body and call command->op on the service its
//  name starts with; print the reply with command->print, or its items
//  with command->columns, or the reply as a record.
int cli_run_op (cli_t *cli, const cli_args_t *args);
//  The same with a body of one's own.
int cli_call_print (cli_t *cli, const char *op, const sk_pack_t *body, const char *const *columns);

//  A client of service from the configuration (SERVICE/connect or
//  SERVICE/endpoint, SERVICE/public, cli/cert); NULL, with a plain error
//  printed, if it is not configured or a certificate cannot be read.
sk_client_t *cli_client (cli_t *cli, const char *service);

//  Call a service. On success returns CLI_OK with reply holding the decoded
//  reply (release it); otherwise prints why to stderr and returns
//  CLI_REFUSED (CLI_USAGE if the service is not configured).
int cli_call (cli_t *cli, const char *service, const char *op, const sk_pack_t *body,
              sk_frame_t *reply);
//  The reply's body map.
const msgpack_object *cli_body (const sk_frame_t *reply);

//  Printing (cli_print.c)
void cli_print_json (FILE *out, const msgpack_object *obj);
//  With --json, print obj as one line of JSON and return true.
bool cli_print_if_json (cli_t *cli, const msgpack_object *obj);
//  Print a list reply: JSON if asked, else a table of columns (names of
//  keys; "a|b" prints the terms of relation arrays).
void cli_print_items (cli_t *cli, const msgpack_object *items, const char *const *columns);
//  Print one map as "key: value" lines, or JSON.
void cli_print_record (cli_t *cli, const msgpack_object *map);
//  Text escaped for XML character data and attribute values.
void cli_print_xml (FILE *out, const char *s, size_t len);
//  An integer field of a map (0 if absent), a string field into buf ("" if
//  absent).
int64_t cli_get_int (const msgpack_object *map, const char *key);
const char *cli_get_str (const msgpack_object *map, const char *key, char *buf, size_t size);
//  A value as short text (terms of a declaration array joined by commas).
void cli_format (const msgpack_object *obj, char *buf, size_t size);

//  An instant as the services write it ("2027-02-04T16:00:00Z") as Danish
//  local time, "2027-02-04 17:00" (Europe/Copenhagen, summer and winter
//  time); other text is copied as it is.
const char *cli_local_time (const char *utc, char *buf, size_t size);

//  Create a CSV file for Danish spreadsheets (Excel): UTF-8 with a BOM,
//  its fields written with csv_field and ";" (cli_print.c). NULL, with
//  the error printed, if it cannot be created.
FILE *cli_csv_create (const char *path);
#define CLI_CSV_SEP ';'

//  A step that cannot be undone (erasing a person, closing a vote,
//  publishing results) asks first: describe says on stderr what it will
//  do, then the id is typed again. cli_confirm_run runs the command's op
//  (cli_run_op) at once with --yes; without a terminal on stdin and
//  without --yes it is a usage error (scripts must say --yes); otherwise
//  it runs describe (which returns CLI_OK to ask, or the status to stop
//  with, having printed why) and the op only if the id typed is the one
//  given, else CLI_REFUSED with not_done.
typedef struct {
    const char *id_arg;   //  the argument the id is typed from: "ID"
    const char *act;      //  what the step does: "erase", "close the vote"
    const char *not_done; //  said when not confirmed: "nothing was erased"
    cli_fn *describe;     //  prints what will happen; CLI_OK to ask
} cli_confirm_t;
int cli_confirm_run (cli_t *cli, const cli_args_t *args, const cli_confirm_t *step);
//  The options of a command that asks first: --yes alone.
extern const cli_opt_t cli_confirm_opts[];

//  Print "samskab: " and the message, and a HINT to the command's help, on
//  stderr; returns CLI_USAGE.
int cli_usage_error (const char *noun, const char *verb, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

//  Volunteers' names for staff's views of match's replies, which carry a
//  volunteer by id only (cli_names.c): ids are wanted, fetched from the
//  registry in one registry.party.names call, then read or filled in.
typedef struct cli_names_s cli_names_t;
cli_names_t *cli_names_new (void);
void cli_names_destroy (cli_names_t **self_p);
//  Want the id at map[id_key] when map[name_key] is nil, absent or empty.
void cli_names_want (cli_names_t *self, const msgpack_object *map, const char *id_key,
                     const char *name_key);
//  Ask the registry for the names wanted; CLI_OK, or the refusal's status
//  with why printed (the views then show volunteers without names).
int cli_names_fetch (cli_names_t *self, cli_t *cli);
//  The name fetched for id, or NULL.
const char *cli_names_get (cli_names_t *self, int64_t id);
//  map with map[name_key] set to the name fetched for map[id_key] when it
//  had none, or map itself; the copy lives as long as self.
const msgpack_object *cli_names_fill (cli_names_t *self, const msgpack_object *map,
                                      const char *id_key, const char *name_key);
//  An array of maps, each filled so.
const msgpack_object *cli_names_fill_items (cli_names_t *self, const msgpack_object *items,
                                            const char *id_key, const char *name_key);

//  The declaration filters of KIND list and search (registry.KIND.list's):
//  lists of term codes, a party matching all of them
#define CLI_PARTY_FILTERS                                                                          \
    { .name = "area", .type = CLI_ID, .key = "area", .help = "in this area" },                     \
        { .name = "has",                                                                           \
          .type = CLI_TERMS,                                                                       \
          .key = "has",                                                                            \
          .help = "has these competences (all of them; code or Danish label)" },                   \
        { .name = "needs",                                                                         \
          .type = CLI_TERMS,                                                                       \
          .key = "needs",                                                                          \
          .help = "needs these competences (all of them)" },                                       \
        { .name = "serves",                                                                        \
          .type = CLI_TERMS,                                                                       \
          .key = "serves",                                                                         \
          .help = "serves these target groups (all of them)" },                                    \
        { .name = "speaks",                                                                        \
          .type = CLI_TERMS,                                                                       \
          .meta = "CODE,CODE",                                                                     \
          .key = "language",                                                                       \
          .help = "speaks these languages (all of them; code or label, e.g. da)" },                \
    {                                                                                              \
        .name = "target-group", .type = CLI_TERMS, .key = "target_group",                          \
        .help = "serves each, or has an activity for it"                                           \
    }

//  Declare the options of party commands from the field catalogue; before
//  any table is read (cli_party.c).
void cli_party_init (void);

//  The command tables of each area
extern const cli_command_t cli_party_commands[];
extern const cli_command_t cli_reference_commands[];
extern const cli_command_t cli_events_commands[];
extern const cli_command_t cli_ping_commands[];
extern const cli_command_t cli_notify_commands[];
extern const cli_command_t cli_budget_commands[];
extern const cli_command_t cli_budget_results_commands[];
extern const cli_command_t cli_poll_commands[];
extern const cli_command_t cli_visit_commands[];
extern const cli_command_t cli_search_commands[];
extern const cli_command_t cli_match_commands[];
extern const cli_command_t cli_import_commands[];
extern const cli_command_t cli_advisor_commands[];
extern const cli_command_t cli_story_commands[];
extern const cli_command_t cli_person_commands[];
extern const cli_command_t cli_export_commands[];
extern const cli_command_t cli_proposal_commands[];
extern const cli_command_t cli_agreement_commands[];
extern const cli_command_t cli_speeddate_commands[];

#endif
