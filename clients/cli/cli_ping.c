/*  cli_ping.c: samskab ping SERVICE, does the service answer. */
#include <czmq.h>

#include "cli.h"

static int
s_ping (cli_t *cli, const cli_args_t *args)
{
    char op[80];
    snprintf (op, sizeof op, "%s.service.ping", args->verb);
    return cli_call_print (cli, op, NULL, NULL);
}

const cli_command_t cli_ping_commands[] = { { .noun = "ping",
                                              .verb = "registry",
                                              .run = s_ping,
                                              .help = "check that the registry service answers" },
                                            { .noun = "ping",
                                              .verb = "vote",
                                              .run = s_ping,
                                              .help = "check that the vote service answers" },
                                            { .noun = "ping",
                                              .verb = "match",
                                              .run = s_ping,
                                              .help = "check that the match service answers" },
                                            { .noun = "ping",
                                              .verb = "notify",
                                              .run = s_ping,
                                              .help = "check that the notify service answers" },
                                            { 0 } };
