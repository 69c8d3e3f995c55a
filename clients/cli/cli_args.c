/*  cli_args.c: a command line parsed against a command's declaration.

    Every check of a value is here, once: whole numbers, ids, yes/no,
    dates, lists, choices, files to read, required options. A failed
    check is a usage error (exit status 2) naming the option.
*/
#include <czmq.h>
#include <stdarg.h>
#include <sys/stat.h>

#include "cli.h"
#include "sk_date.h"
#include "sk_number.h"

int
cli_usage_error (const char *noun, const char *verb, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    fprintf (stderr, "samskab: ");
    vfprintf (stderr, format, args);
    fprintf (stderr, "\nHINT: see samskab%s%s%s%s --help\n", noun ? " " : "", noun ? noun : "",
             noun && verb && *verb ? " " : "", noun && verb ? verb : "");
    va_end (args);
    return CLI_USAGE;
}

const cli_opt_t cli_global_opts[] = {
    { .name = "json", .type = CLI_FLAG, .help = "print JSON instead of tables" },
    { .name = "tenant",
      .meta = "KODE",
      .help = "act for this municipality (default cli/tenant of the configuration)" },
    { .name = "config",
      .meta = "FILE",
      .help = "the configuration file (default $SAMSKAB_CONFIG)" },
    { .name = "timeout",
      .type = CLI_ID,
      .meta = "MS",
      .min = 1,
      .max = 3600000,
      .help = "wait per attempt (default 3000)" },
    { .name = "retries",
      .type = CLI_INT,
      .min = 0,
      .max = 100,
      .help = "attempts after the first (default 2)" },
    { 0 }
};

//  The option called name (text up to len) in opts, or NULL.
static const cli_opt_t *
s_find (const cli_opt_t *opts, const char *name, size_t len)
{
    for (const cli_opt_t *o = opts; o && o->name; o++)
        if (strlen (o->name) == len && !strncmp (o->name, name, len))
            return o;
    return NULL;
}

static bool
s_whole (const char *text, int64_t *value)
{
    char *end;
    errno = 0;
    long long v = strtoll (text, &end, 10);
    if (!*text || *end || errno)
        return false;
    *value = v;
    return true;
}

//  yes/no in English or Danish; -1 for neither.
static int
s_yesno (const char *v)
{
    if (streq (v, "yes") || streq (v, "ja") || streq (v, "true"))
        return 1;
    if (streq (v, "no") || streq (v, "nej") || streq (v, "false"))
        return 0;
    return -1;
}

void
cli_choices_text (const char *choices, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = 0;
    for (const char *c = choices; *c && len < size;) {
        size_t n = strcspn (c, "|");
        const char *sep = c == choices ? "" : c[n] ? ", " : " or ";
        len += (size_t)snprintf (buf + len, size - len, "%s\"%.*s\"", sep, (int)n, c);
        c += n + (c[n] == '|');
    }
}

//  A file to write can be created: its folder exists and takes it, and it
//  is no folder itself.
static bool
s_writable (const char *v, const char **why)
{
    struct stat st;
    if (stat (v, &st) == 0) {
        *why = S_ISDIR (st.st_mode) ? "is a directory" : access (v, W_OK) ? strerror (errno) : NULL;
        return !*why;
    }
    char folder[4096];
    snprintf (folder, sizeof folder, "%s", v);
    char *slash = strrchr (folder, '/');
    if (slash)
        *(slash == folder ? slash + 1 : slash) = 0;
    else
        snprintf (folder, sizeof folder, ".");
    *why = access (folder, W_OK | X_OK) ? strerror (errno) : NULL;
    return !*why;
}

static bool
s_choice (const char *choices, const char *v)
{
    size_t len = strlen (v);
    for (const char *c = choices; *c;) {
        size_t n = strcspn (c, "|");
        if (n == len && !strncmp (c, v, len))
            return true;
        c += n + (c[n] == '|');
    }
    return false;
}

//  A CVR number as people write it: "DK", "-" and spaces around 8 digits
//  (the registry checks its modulus 11).
static bool
s_cvr_shape (const char *v)
{
    if (!strncasecmp (v, "DK", 2))
        v += 2;
    int digits = 0;
    for (; *v; v++)
        if (*v >= '0' && *v <= '9')
            digits++;
        else if (*v != ' ' && *v != '-')
            return false;
    return digits == 8;
}

//  How the value is named in an error: 'option "--x"' or the argument.
static void
s_what (const cli_opt_t *opt, bool positional, char *buf, size_t size)
{
    if (positional)
        snprintf (buf, size, "argument %s", opt->name);
    else
        snprintf (buf, size, "option \"--%s\"", opt->name);
}

//  Check one value against its declaration. CLI_OK or CLI_USAGE printed.

//  A number outside the option's range: a usage error that says the range
//  ("0 or more" where it has no upper end, "more than 0" from 1).
static int
s_range_error (const cli_opt_t *opt, const char *noun, const char *verb, const char *what,
               const char *v)
{
    if (opt->max == INT64_MAX && opt->min == 1)
        return cli_usage_error (noun, verb, "%s takes more than 0, not \"%s\"", what, v);
    if (opt->max == INT64_MAX)
        return cli_usage_error (noun, verb, "%s takes %lld or more, not \"%s\"", what,
                                (long long)opt->min, v);
    return cli_usage_error (noun, verb, "%s takes %lld to %lld, not \"%s\"", what,
                            (long long)opt->min, (long long)opt->max, v);
}

//  Whole kroner with an optional minus (for the range check to name).
static bool
s_kr (const char *v, int64_t *n)
{
    if (*v != '-')
        return sk_number_parse_kr (v, n);
    if (!sk_number_parse_kr (v + 1, n))
        return false;
    *n = -*n;
    return true;
}

//  An amount in whole kroner (CLI_KR): CLI_OK or CLI_USAGE printed; a
//  decimal comma refused with its own reason, not read as 12 or 125.
static int
s_check_kr (const cli_opt_t *opt, const char *noun, const char *verb, const char *what,
            const char *v)
{
    int64_t n;
    if (strchr (v, ','))
        return cli_usage_error (noun, verb,
                                "%s needs whole kroner, not \"%s\": a comma starts øre, "
                                "which are not used; write 12.500 or 12500",
                                what, v);
    if (!s_kr (v, &n))
        return cli_usage_error (noun, verb,
                                "%s needs whole kroner such as 12.500, 12500 or 12.500 kr., "
                                "not \"%s\"",
                                what, v);
    if (opt->max && (n < opt->min || n > opt->max))
        return s_range_error (opt, noun, verb, what, v);
    return CLI_OK;
}

static int
s_check (const cli_args_t *self, const cli_opt_t *opt, bool positional, const char *v)
{
    const char *noun = self->noun, *verb = self->verb;
    char what[96];
    s_what (opt, positional, what, sizeof what);
    int64_t n;
    if (opt->choices && !s_choice (opt->choices, v)) {
        char allowed[512];
        cli_choices_text (opt->choices, allowed, sizeof allowed);
        return cli_usage_error (noun, verb, "%s takes %s, not \"%s\"", what, allowed, v);
    }
    switch (opt->type) {
        case CLI_INT:
            if (!s_whole (v, &n))
                return cli_usage_error (noun, verb, "%s needs a whole number, not \"%s\"", what, v);
            if (opt->max && (n < opt->min || n > opt->max))
                return s_range_error (opt, noun, verb, what, v);
            break;
        case CLI_KR: return s_check_kr (opt, noun, verb, what, v);
        case CLI_ID:
            if (!s_whole (v, &n) || n <= 0) {
                if (positional)
                    return cli_usage_error (noun, verb,
                                            "%s%s%s needs an id, a positive number, not \"%s\"",
                                            noun, verb ? " " : "", verb ? verb : "", v);
                return cli_usage_error (noun, verb, "%s needs a positive number, not \"%s\"", what,
                                        v);
            }
            if (opt->max && (n < opt->min || n > opt->max))
                return s_range_error (opt, noun, verb, what, v);
            break;
        case CLI_YESNO:
            if (s_yesno (v) < 0)
                return cli_usage_error (noun, verb, "%s takes yes or no, not \"%s\"", what, v);
            break;
        case CLI_DATE:
            if (!sk_date_valid (v))
                return cli_usage_error (noun, verb, "%s needs a date YYYY-MM-DD, not \"%s\"", what,
                                        v);
            break;
        case CLI_TIME:
            if (!sk_time_valid (v, NULL))
                return cli_usage_error (noun, verb,
                                        "%s needs a day and time YYYY-MM-DDTHH:MM[:SS] (Danish "
                                        "time, or with a zone such as Z or +01:00), not \"%s\"",
                                        what, v);
            break;
        case CLI_CVR:
            if (!s_cvr_shape (v))
                return cli_usage_error (noun, verb, "%s needs a CVR number of 8 digits, not \"%s\"",
                                        what, v);
            break;
        case CLI_STR:
            if ((opt->required || opt->nonblank) && !v[strspn (v, " \t")])
                return cli_usage_error (noun, verb, "%s may not be empty", what);
            break;
        case CLI_OUT: {
            const char *why;
            if (!s_writable (v, &why))
                return cli_usage_error (noun, verb, "could not create file \"%s\": %s", v, why);
            break;
        }
        case CLI_TERMS:
            if (strchr (v, ':'))
                return cli_usage_error (noun, verb,
                                        "%s takes term codes, not \"%s\"; a level (TERM:LEVEL) "
                                        "is for add and update",
                                        what, v);
            break;
        case CLI_LEVELS:
            for (const char *c = v; *c;) {
                size_t len = strcspn (c, ",");
                const char *colon = memchr (c, ':', len);
                if (colon
                    && !(len - (size_t)(colon - c) == 2 && colon[1] >= '1' && colon[1] <= '3'))
                    return cli_usage_error (noun, verb,
                                            "%s takes TERM or TERM:LEVEL with a level of 1 to 3, "
                                            "not \"%.*s\"",
                                            what, (int)len, c);
                c += len + (c[len] == ',');
            }
            break;
        case CLI_INTS:
            for (const char *c = v; *c;) {
                char *end;
                errno = 0;
                (void)strtoll (c, &end, 10);
                if (end == c || errno || (*end && *end != ','))
                    return cli_usage_error (
                        noun, verb, "%s takes whole numbers, e.g. 3,7,12, not \"%s\"", what, v);
                c = *end ? end + 1 : end;
            }
            break;
        default: break;
    }
    return CLI_OK;
}

static bool
s_is_list (const cli_opt_t *opt)
{
    return opt->type == CLI_LIST || opt->type == CLI_TERMS || opt->type == CLI_LEVELS;
}

//  A list's value as codes: each item trimmed and case-folded, kept in
//  self->lists. NULL if that is full.
static const char *
s_list_codes (cli_args_t *self, const char *value)
{
    size_t room = sizeof self->lists - self->nlists, len = 0;
    char *out = self->lists + self->nlists;
    for (const char *c = value; *c;) {
        size_t n = strcspn (c, ",");
        const char *end = c + n;
        while (c < end && isspace ((unsigned char)*c))
            c++;
        while (end > c && isspace ((unsigned char)end[-1]))
            end--;
        if (len + (size_t)(end - c) + 2 > room)
            return NULL;
        for (; c < end; c++)
            out[len++] = (char)tolower ((unsigned char)*c);
        c += strcspn (c, ",");
        if (*c == ',')
            out[len++] = *c++;
    }
    out[len] = 0;
    self->nlists += len + 1;
    return out;
}

static int
s_add (cli_args_t *self, const cli_opt_t *opt, bool positional, const char *value)
{
    if (self->count == CLI_MAX_VALUES)
        return cli_usage_error (self->noun, self->verb, "too many arguments");
    if (s_is_list (opt) && !(value = s_list_codes (self, value)))
        return cli_usage_error (self->noun, self->verb, "the lists are too long");
    int rc = s_check (self, opt, positional, value);
    if (rc == CLI_OK) {
        self->opt[self->count] = opt;
        self->value[self->count++] = value;
    }
    return rc;
}

//  One option at argv[*i]; advances *i past its value.
static int
s_option (cli_args_t *self, int argc, char **argv, int *i)
{
    const char *arg = argv[*i] + 2, *eq = strchr (arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen (arg);
    const cli_opt_t *opt = s_find (self->command->opts, arg, len);
    if (!opt)
        opt = s_find (cli_global_opts, arg, len);
    if (!opt)
        return cli_usage_error (self->noun, self->verb, "unknown option \"--%.*s\"", (int)len, arg);
    if (opt->type == CLI_FLAG) {
        if (eq)
            return cli_usage_error (self->noun, self->verb, "option \"--%s\" takes no value",
                                    opt->name);
        return s_add (self, opt, false, "yes");
    }
    if (!eq && *i + 1 >= argc)
        return cli_usage_error (self->noun, self->verb, "option \"--%s\" requires a value",
                                opt->name);
    return s_add (self, opt, false, eq ? eq + 1 : argv[++*i]);
}

//  The next positional argument.
static int
s_positional (cli_args_t *self, int *next, const char *value)
{
    const cli_opt_t *args = self->command->args;
    const cli_opt_t *opt = args ? &args[*next] : NULL;
    if (!opt || !opt->name) {
        //  More words than declared
        int n = 0;
        while (args && args[n].name)
            n++;
        if (n == 0)
            return cli_usage_error (self->noun, self->verb, "unexpected argument \"%s\"", value);
        const char *one = args[0].type == CLI_FILE || args[0].type == CLI_OUT ? "file"
                          : args[0].type == CLI_ID                            ? "id"
                                                                              : "argument";
        if (n == 1)
            return cli_usage_error (self->noun, self->verb, "%s%s%s takes one %s, not also \"%s\"",
                                    self->noun, self->verb ? " " : "", self->verb ? self->verb : "",
                                    one, value);
        return cli_usage_error (self->noun, self->verb,
                                "%s%s%s takes %d arguments, not also \"%s\"", self->noun,
                                self->verb ? " " : "", self->verb ? self->verb : "", n, value);
    }
    if (opt->type == CLI_WORDS) {
        size_t len = strlen (self->words);
        if (len + strlen (value) + 2 > sizeof self->words)
            return cli_usage_error (self->noun, self->verb, "the %s is too long", opt->name);
        if (len)
            self->words[len++] = ' ';
        memcpy (self->words + len, value, strlen (value) + 1);
        if (len == 0)
            return s_add (self, opt, true, self->words);
        return CLI_OK;
    }
    ++*next;
    return s_add (self, opt, true, value);
}

//  A file to read opens, and is not a folder.
static int
s_readable (const cli_args_t *self, const char *v)
{
    struct stat st;
    FILE *file = fopen (v, "r");
    if (!file)
        return cli_usage_error (self->noun, self->verb, "could not open file \"%s\": %s", v,
                                strerror (errno));
    bool dir = fstat (fileno (file), &st) == 0 && S_ISDIR (st.st_mode);
    fclose (file);
    if (dir)
        return cli_usage_error (self->noun, self->verb,
                                "could not read file \"%s\": is a directory", v);
    return CLI_OK;
}

//  Every required argument and option is there, every file to read can be
//  read: checked once the whole line is parsed, so that a line with a
//  wrong count of arguments is told so first.
static int
s_required (const cli_args_t *self)
{
    for (int k = 0; k < self->count; k++)
        if (self->opt[k]->type == CLI_FILE && s_readable (self, self->value[k]))
            return CLI_USAGE;
    for (const cli_opt_t *a = self->command->args; a && a->name; a++)
        if (a->required && !cli_arg (self, a->name))
            return cli_usage_error (self->noun, self->verb, "%s%s%s needs %s", self->noun,
                                    self->verb ? " " : "", self->verb ? self->verb : "", a->help);
    for (const cli_opt_t *o = self->command->opts; o && o->name; o++)
        if (o->required && !cli_arg (self, o->name))
            return cli_usage_error (self->noun, self->verb, "option \"--%s\" is required", o->name);
    const char *either = self->command->either;
    if (either) {
        size_t n = strcspn (either, "|");
        char a[48], b[48];
        snprintf (a, sizeof a, "%.*s", (int)n, either);
        snprintf (b, sizeof b, "%s", either + n + (either[n] == '|'));
        if (!cli_arg (self, a) == !cli_arg (self, b))
            return cli_usage_error (self->noun, self->verb,
                                    "%s%s%s takes either \"--%s\" or \"--%s\"%s", self->noun,
                                    self->verb ? " " : "", self->verb ? self->verb : "", a, b,
                                    cli_arg (self, a) ? ", not both" : "");
    }
    return CLI_OK;
}

int
cli_args_parse (cli_args_t *self, const cli_command_t *command, const char *noun, const char *verb,
                int argc, char **argv)
{
    memset (self, 0, sizeof *self);
    self->command = command;
    self->noun = noun;
    self->verb = verb;
    int next = 0, rc = CLI_OK;
    bool options = true;
    for (int i = 0; i < argc && rc == CLI_OK; i++) {
        if (options && streq (argv[i], "--"))
            options = false;
        else if (options && !strncmp (argv[i], "--", 2))
            rc = s_option (self, argc, argv, &i);
        else
            rc = s_positional (self, &next, argv[i]);
    }
    return rc == CLI_OK ? s_required (self) : rc;
}

const cli_opt_t *
cli_args_option (const cli_args_t *self, const char *field)
{
    char base[64], dashed[64];
    snprintf (base, sizeof base, "%.*s", (int)strcspn (field, "[."), field);
    snprintf (dashed, sizeof dashed, "%s", base);
    for (char *c = dashed; *c; c++)
        *c = *c == '_' ? '-' : *c;
    const cli_opt_t *lists[] = { self->command->opts, cli_global_opts };
    for (int l = 0; l < 2; l++)
        for (const cli_opt_t *o = lists[l]; o && o->name; o++)
            if ((o->key && streq (o->key, base)) || streq (o->name, dashed))
                return o;
    return NULL;
}

//  The index of the last value of name, or -1.
static int
s_last (const cli_args_t *self, const char *name)
{
    for (int k = self->count - 1; k >= 0; k--)
        if (streq (self->opt[k]->name, name))
            return k;
    return -1;
}

const char *
cli_arg (const cli_args_t *self, const char *name)
{
    int k = s_last (self, name);
    return k < 0 ? NULL : self->value[k];
}

int64_t
cli_arg_int (const cli_args_t *self, const char *name, int64_t otherwise)
{
    const char *v = cli_arg (self, name);
    return v ? strtoll (v, NULL, 10) : otherwise;
}

bool
cli_arg_yes (const cli_args_t *self, const char *name)
{
    const char *v = cli_arg (self, name);
    return v && s_yesno (v) == 1;
}

int
cli_arg_all (const cli_args_t *self, const char *name, const char **values, int max)
{
    int n = 0;
    for (int k = 0; k < self->count && n < max; k++)
        if (streq (self->opt[k]->name, name))
            values[n++] = self->value[k];
    return n;
}

//  The items of every value of opt: comma-separated for lists.
static void
s_pack_items (const cli_args_t *self, const cli_opt_t *opt, sk_pack_t *body)
{
    uint32_t n = 0;
    bool split = opt->type != CLI_EACH;
    for (int k = 0; k < self->count; k++) {
        if (self->opt[k] != opt)
            continue;
        for (const char *c = self->value[k]; *c;) {
            size_t len = split ? strcspn (c, ",") : strlen (c);
            n += len > 0;
            c += len + (c[len] == ',');
        }
    }
    sk_pack_array (body, n);
    for (int k = 0; k < self->count; k++) {
        if (self->opt[k] != opt)
            continue;
        for (const char *c = self->value[k]; *c;) {
            size_t len = split ? strcspn (c, ",") : strlen (c);
            if (len && opt->type == CLI_INTS)
                sk_pack_int (body, strtoll (c, NULL, 10));
            else if (len)
                sk_pack_strn (body, c, len);
            c += len + (c[len] == ',');
        }
    }
}

void
cli_args_pack (const cli_args_t *self, sk_pack_t *body, const sk_pack_t *extra, int nextra)
{
    //  One key per declaration given, at its last value
    uint32_t n = (uint32_t)nextra;
    for (int k = 0; k < self->count; k++)
        n += self->opt[k]->key && s_last (self, self->opt[k]->name) == k;
    sk_pack_map (body, n);
    if (extra)
        sk_pack_raw (body, extra->buf.data, extra->buf.size);
    for (int k = 0; k < self->count; k++) {
        const cli_opt_t *opt = self->opt[k];
        if (!opt->key || s_last (self, opt->name) != k)
            continue;
        sk_pack_str (body, opt->key);
        switch (opt->type) {
            case CLI_INT:
            case CLI_ID: sk_pack_int (body, strtoll (self->value[k], NULL, 10)); break;
            case CLI_KR: {
                int64_t kr = 0;
                s_kr (self->value[k], &kr);
                sk_pack_int (body, kr);
                break;
            }
            case CLI_YESNO:
            case CLI_FLAG: sk_pack_bool (body, s_yesno (self->value[k]) == 1); break;
            case CLI_LIST:
            case CLI_TERMS:
            case CLI_LEVELS:
            case CLI_INTS:
            case CLI_EACH: s_pack_items (self, opt, body); break;
            default: sk_pack_str (body, self->value[k]);
        }
    }
}
