/*  cli.h: the samskab admin client's shared context. */
#ifndef CLI_H_INCLUDED
#define CLI_H_INCLUDED

#include <stdio.h>

#include "sk_client.h"
#include "sk_config.h"
#include "sk_msg.h"

//  Exit statuses: success, refused (by a service, or none answering), usage
#define CLI_OK      0
#define CLI_REFUSED 1
#define CLI_USAGE   2

typedef struct {
    sk_config_t *config;
    const char *tenant; //  kommunekode the request acts for
    bool json;          //  print JSON instead of tables
    int timeout;        //  ms per attempt
    int retries;        //  attempts after the first
} cli_t;

//  One subcommand: argv[0] is the verb.
typedef int (cli_fn) (cli_t *cli, const char *noun, int argc, char **argv);
typedef struct {
    const char *noun;
    const char *verb;
    cli_fn *fn;
    const char *args; //  usage after "samskab NOUN VERB"
    const char *help; //  one line
    bool offline;     //  works on files alone: no config, no service
} cli_command_t;

//  Call a service. On success returns CLI_OK with reply holding the decoded
//  reply (release it); otherwise prints why to stderr and returns
//  CLI_REFUSED.
int cli_call (cli_t *cli, const char *service, const char *op, const sk_pack_t *body,
              sk_frame_t *reply);
//  The reply's body map.
const msgpack_object *cli_body (const sk_frame_t *reply);

//  Printing (cli_print.c)
void cli_print_json (FILE *out, const msgpack_object *obj);
//  Print a list reply: JSON if asked, else a table of columns (names of
//  keys; "a|b" prints the terms of relation arrays).
void cli_print_items (cli_t *cli, const msgpack_object *items, const char *const *columns);
//  Print one map as "key: value" lines, or JSON.
void cli_print_record (cli_t *cli, const msgpack_object *map);
//  A value as short text (terms of a declaration array joined by commas).
void cli_format (const msgpack_object *obj, char *buf, size_t size);

//  Options: "--name value" or "--name=value". Returns the value of option
//  name at argv[*i] and advances *i, or NULL if argv[*i] is not that option.
const char *cli_option (int argc, char **argv, int *i, const char *name);
int cli_usage_error (const char *noun, const char *verb, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));
bool cli_is_help (const char *arg);

//  The options of party commands, after their usage line (cli_party.c).
void cli_party_help (const char *noun, const char *verb);

//  The command tables of each area
extern const cli_command_t cli_party_commands[];
extern const cli_command_t cli_misc_commands[];
extern const cli_command_t cli_notify_commands[];
extern const cli_command_t cli_budget_commands[];
extern const cli_command_t cli_visit_commands[];
extern const cli_command_t cli_match_commands[];
extern const cli_command_t cli_overview_commands[];
extern const cli_command_t cli_import_commands[];
extern const cli_command_t cli_advice_commands[];
extern const cli_command_t cli_export_commands[];
extern const cli_command_t cli_matchsvc_commands[];

#endif
