/*  cli_extra.h: what the registry-overview commands share (visits, search,
    advisors, import, export, stories, personal data, history).
*/
#ifndef CLI_EXTRA_H_INCLUDED
#define CLI_EXTRA_H_INCLUDED

#include "cli.h"

typedef enum {
    CLI_XOPT_STR,   //  --name TEXT       -> "key": "TEXT"
    CLI_XOPT_INT,   //  --name N          -> "key": N
    CLI_XOPT_LIST,  //  --name a,b,c      -> "key": ["a", "b", "c"]
    CLI_XOPT_YESNO, //  --name yes|no     -> "key": true|false
    CLI_XOPT_FLAG   //  --name            -> "key": true
} cli_opt_type_t;

typedef struct {
    const char *option; //  without the leading "--"
    const char *key;    //  body key
    cli_opt_type_t type;
} cli_xopt_t;

//  Options and positional arguments of a command. argv[0] is the verb.
//  Packs a body map of the options given, with first the nfixed pairs in
//  fixed (already packed key/value pairs, may be NULL). Positional arguments
//  go to pos (at most npos; *got says how many). CLI_OK or CLI_USAGE
//  (printed).
int cli_opts_body (const char *noun, const cli_xopt_t *opts, int argc, char **argv,
                   const sk_pack_t *fixed, int nfixed, sk_pack_t *body, const char **pos, int npos,
                   int *got);

//  A positive id argument, or CLI_USAGE printed.
int cli_id_arg (const char *noun, const char *verb, const char *arg, int64_t *id);

//  Call registry.OP with body and print the reply body's "items" with
//  columns (items NULL: print the body as a record).
int cli_registry_print (cli_t *cli, const char *op, const sk_pack_t *body, const char *items,
                        const char *const *columns);

//  "NOUN VERB ID [options]": call registry.OP with {id_key: ID, options}
//  and print the reply (items with columns, or the record if items NULL).
int cli_id_command (cli_t *cli, const char *noun, int argc, char **argv, const char *id_key,
                    const cli_xopt_t *opts, const char *op, const char *items,
                    const char *const *columns);

#endif
