/*  cli_args.h: a command's one declaration of its arguments and options,
    and the command line parsed against it.

    Each command is one row of a command table (cli.h) with its positional
    arguments and its options as arrays of cli_opt_t. The parser
    (cli_args.c), the help (cli_help.c) and every usage error come from
    these rows, as in git's parse-options and kubectl's cobra: a command
    cannot take an option its help does not show.

    The items of a list (CLI_LIST, CLI_TERMS, CLI_LEVELS) are codes: each
    is trimmed and case-folded ("--speaks 'da, AR'" is da and ar) before it
    is checked, read or packed.

    Options take "--name value" or "--name=value" and may come anywhere
    after the verb, mixed with the positional arguments; "--" ends them.
    The global options (--json, --tenant, --config, --timeout, --retries)
    are accepted anywhere on the line.
*/
#ifndef CLI_ARGS_H_INCLUDED
#define CLI_ARGS_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sk_msg.h"

typedef enum {
    CLI_STR,    //  TEXT                  -> "key": "TEXT"
    CLI_INT,    //  a whole number        -> "key": N
    CLI_KR,     //  whole kroner: 12500, 12.500, 12.500 kr. (no decimal comma) -> "key": N
    CLI_ID,     //  a positive number     -> "key": N
    CLI_YESNO,  //  yes|no (ja|nej)       -> "key": true|false
    CLI_FLAG,   //  no value              -> "key": true
    CLI_DATE,   //  YYYY-MM-DD, a day of the calendar -> "key": "YYYY-MM-DD"
    CLI_TIME,   //  YYYY-MM-DDTHH:MM[:SS][ZONE], a real day and time; no zone: Danish
                //  local time (the service reads it so) -> "key": "TEXT"
    CLI_CVR,    //  a CVR number: 8 digits, "DK-" and spaces allowed -> "key": "TEXT"
    CLI_LIST,   //  a,b or repeated       -> "key": ["a", "b"] (items trimmed, lower case)
    CLI_INTS,   //  1,2 or repeated       -> "key": [1, 2]
    CLI_TERMS,  //  a list of term codes, no :LEVEL (a filter) -> "key": ["a", "b"]
    CLI_LEVELS, // a list of TERM[:LEVEL], level 1-3 (add, update) -> "key": ["a:2", "b"]
    CLI_EACH,   //  repeated, each whole  -> "key": ["x, y", "z"] (values may hold commas)
    CLI_FILE,   //  a file to read: it must open, else a usage error
    CLI_OUT,    //  a file to write: its folder must take it, else a usage error
    CLI_WORDS   //  positional only: the remaining words joined by spaces
} cli_type_t;

//  One positional argument or option of a command.
typedef struct {
    const char *name;    //  option without "--"; argument: its placeholder ("ID")
    cli_type_t type;     //  how the value is checked and packed
    const char *key;     //  body key it packs as; NULL: the command reads it itself
    const char *meta;    //  the value's placeholder in help; NULL: by type
    const char *help;    //  one line; for an argument also "needs ..." in errors
    const char *choices; //  "a|b|c": only these values (help lists them); NULL: any
    bool required;       //  missing is a usage error; a required text may not be blank
    bool nonblank;       //  a text that may not be blank when given
    int64_t min, max;    //  a number's range when max > 0 (help shows it)
} cli_opt_t;

//  The --limit of a list op: 1 to the protocol's max, packed as "limit"
#define CLI_OPT_LIMIT(MAX, HELP)                                                                   \
    {                                                                                              \
        .name = "limit", .type = CLI_ID, .key = "limit", .meta = "N", .min = 1, .max = MAX,        \
        .help = HELP                                                                               \
    }

typedef struct cli_command_s cli_command_t;

#define CLI_MAX_VALUES 256

//  A command line parsed against a command's declaration: the values in
//  the order given, each with its declaration.
typedef struct cli_args_s {
    const cli_command_t *command;
    const char *noun, *verb;
    int count;
    const cli_opt_t *opt[CLI_MAX_VALUES];
    const char *value[CLI_MAX_VALUES];
    char words[1024]; //  a CLI_WORDS argument, joined
    char lists[8192]; //  the lists' values, trimmed and case-folded
    size_t nlists;    //  bytes of lists used
} cli_args_t;

//  The global options, accepted before and after the command.
extern const cli_opt_t cli_global_opts[];

//  Parse argv (after the verb) against command's arguments and options and
//  the global ones. CLI_OK, or CLI_USAGE with the error printed.
int cli_args_parse (cli_args_t *self, const cli_command_t *command, const char *noun,
                    const char *verb, int argc, char **argv);

//  The option of the command (or a global one) whose body key or name is
//  the field's (its part before "[" or "."), or NULL.
const cli_opt_t *cli_args_option (const cli_args_t *self, const char *field);

//  The last value given for the option or argument called name, or NULL.
const char *cli_arg (const cli_args_t *self, const char *name);
//  Its value as a number (checked by the parser), or otherwise if not given.
int64_t cli_arg_int (const cli_args_t *self, const char *name, int64_t otherwise);
//  True if the option was given (a flag, or yes).
bool cli_arg_yes (const cli_args_t *self, const char *name);
//  Every value given for name, in order, raw (lists not split); returns
//  how many, at most max.
int cli_arg_all (const cli_args_t *self, const char *name, const char **values, int max);

//  Pack a map of every value that has a body key, after the nextra pairs in
//  extra (packed key/value pairs; may be NULL). Lists given twice are
//  joined; a list given as "" packs empty.
void cli_args_pack (const cli_args_t *self, sk_pack_t *body, const sk_pack_t *extra, int nextra);

//  "a|b|c" as '"a", "b" or "c"', for errors and help.
void cli_choices_text (const char *choices, char *buf, size_t size);

//  Help (cli_help.c): the whole command list, one noun's, or one command's
//  usage with every argument and option.
void cli_help_all (FILE *out);
void cli_help_noun (FILE *out, const char *noun);
void cli_help_command (FILE *out, const cli_command_t *command);
//  The usage after "samskab NOUN VERB", e.g. "ID --name NAME [OPTIONS]".
void cli_help_usage (const cli_command_t *command, char *buf, size_t size);
//  The placeholder of an option's value ("N", "yes|no", ...); "" for a flag.
const char *cli_help_meta (const cli_opt_t *opt);

#endif
