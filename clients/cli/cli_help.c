/*  cli_help.c: the help of samskab, written from the command tables.

    samskab --help lists every command; samskab NOUN --help the commands of
    one noun; samskab NOUN VERB --help one command with every argument and
    option its table declares.
*/
#include <czmq.h>

#include "cli.h"

const char *
cli_help_meta (const cli_opt_t *opt)
{
    if (opt->meta)
        return opt->meta;
    if (opt->choices)
        return opt->choices;
    switch (opt->type) {
        case CLI_INT: return "N";
        case CLI_KR: return "KR";
        case CLI_ID: return "ID";
        case CLI_YESNO: return "yes|no";
        case CLI_FLAG: return "";
        case CLI_DATE: return "YYYY-MM-DD";
        case CLI_TIME: return "YYYY-MM-DDTHH:MM";
        case CLI_CVR: return "CVR";
        case CLI_LIST: return "A,B";
        case CLI_TERMS: return "TERM,TERM";
        case CLI_LEVELS: return "TERM[:LEVEL]";
        case CLI_INTS: return "N,N";
        case CLI_FILE:
        case CLI_OUT: return "FILE";
        default: return "TEXT";
    }
}

//  Append to buf at *len.
static void
s_add (char *buf, size_t size, size_t *len, const char *format, const char *a, const char *b)
{
    if (*len < size)
        *len += (size_t)snprintf (buf + *len, size - *len, format, a, b);
}

void
cli_help_usage (const cli_command_t *command, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = 0;
    for (const cli_opt_t *a = command->args; a && a->name; a++)
        s_add (buf, size, &len,
               a->type == CLI_WORDS ? " %s..."
               : a->required        ? " %s"
                                    : " [%s]",
               a->name, NULL);
    bool optional = false;
    for (const cli_opt_t *o = command->opts; o && o->name; o++) {
        if (o->required)
            s_add (buf, size, &len, " --%s %s", o->name, cli_help_meta (o));
        else
            optional = true;
    }
    if (optional)
        s_add (buf, size, &len, " [OPTIONS]", NULL, NULL);
}

//  One line of an option or argument: name, value, help, notes.
static void
s_opt_line (FILE *out, const cli_opt_t *o, bool positional)
{
    char left[96];
    if (positional)
        snprintf (left, sizeof left, "%s", o->name);
    else
        snprintf (left, sizeof left, "--%s%s%s", o->name, o->type == CLI_FLAG ? "" : " ",
                  cli_help_meta (o));
    if (strlen (left) > 28)
        fprintf (out, "  %s\n  %-28s %s", left, "", o->help ? o->help : "");
    else
        fprintf (out, "  %-28s %s", left, o->help ? o->help : "");
    //  Values the placeholder does not show
    if (o->choices && (positional || o->meta)) {
        char allowed[512];
        cli_choices_text (o->choices, allowed, sizeof allowed);
        fprintf (out, ": %s", allowed);
    }
    if (o->type == CLI_LIST || o->type == CLI_INTS || o->type == CLI_TERMS || o->type == CLI_LEVELS)
        fprintf (out, " (a,b or repeat the option)");
    else if (o->type == CLI_EACH)
        fprintf (out, " (repeat for more)");
    if (o->type == CLI_TIME)
        fprintf (out, " (Danish time, or give a zone: Z, +01:00)");
    if (o->max && o->max < 1000000000)
        fprintf (out, " (%lld to %lld)", (long long)o->min, (long long)o->max);
    if (o->required && !positional)
        fprintf (out, " (required)");
    else if (!o->required && positional)
        fprintf (out, " (optional)");
    fputc ('\n', out);
}

static void
s_globals (FILE *out)
{
    fprintf (out, "global options, before or after the command:\n");
    for (const cli_opt_t *o = cli_global_opts; o->name; o++)
        s_opt_line (out, o, false);
}

void
cli_help_command (FILE *out, const cli_command_t *command)
{
    char usage[512];
    cli_help_usage (command, usage, sizeof usage);
    fprintf (out, "usage: samskab %s%s%s%s\n%s\n", command->noun, *command->verb ? " " : "",
             command->verb, usage, command->help);
    if (command->args && command->args->name) {
        fprintf (out, "\narguments:\n");
        for (const cli_opt_t *a = command->args; a->name; a++)
            s_opt_line (out, a, true);
    }
    if (command->opts && command->opts->name) {
        fprintf (out, "\noptions:\n");
        for (const cli_opt_t *o = command->opts; o->name; o++)
            s_opt_line (out, o, false);
    }
    fputc ('\n', out);
    s_globals (out);
}

static void
s_command_line (FILE *out, const cli_command_t *c)
{
    char usage[512];
    cli_help_usage (c, usage, sizeof usage);
    fprintf (out, "  samskab %s%s%s%s\n      %s\n", c->noun, *c->verb ? " " : "", c->verb, usage,
             c->help);
}

void
cli_help_noun (FILE *out, const char *noun)
{
    for (const cli_noun_t *n = cli_nouns; n->noun; n++)
        if (streq (n->noun, noun))
            fprintf (out, "samskab %s: %s\n\n", noun, n->help);
    fprintf (out, "usage: samskab %s VERB [ARGUMENTS] [OPTIONS]\n\ncommands:\n", noun);
    for (int t = 0; cli_tables[t]; t++)
        for (const cli_command_t *c = cli_tables[t]; c->noun; c++)
            if (streq (noun, c->noun))
                s_command_line (out, c);
    fprintf (out, "\nsamskab %s VERB --help shows every option of a command.\n", noun);
}

void
cli_help_all (FILE *out)
{
    fprintf (out, "samskab: the admin client of samskab, the municipal system for working\n"
                  "with associations, companies, institutions and volunteers.\n\n"
                  "usage: samskab NOUN VERB [ARGUMENTS] [OPTIONS]\n\n");
    s_globals (out);
    fprintf (out, "\ncommands:\n");
    for (int t = 0; cli_tables[t]; t++)
        for (const cli_command_t *c = cli_tables[t]; c->noun; c++)
            s_command_line (out, c);
    fprintf (out, "\nsamskab NOUN VERB --help (or -h, or samskab help NOUN VERB) shows every "
                  "option of a command;\nsamskab NOUN --help the commands of a noun. "
                  "samskab --version prints the version.\n");
}
