/*  cli_extra.c: option parsing and printing shared by the overview
    commands.
*/
#include <czmq.h>

#include "cli_extra.h"

#define S_MAX_OPTS 32

static void
s_pack_list (sk_pack_t *p, const char *value)
{
    uint32_t n = 0;
    for (const char *c = value; *c; c++)
        n += *c == ',';
    n += *value != 0;
    sk_pack_array (p, n);
    while (*value) {
        size_t len = strcspn (value, ",");
        sk_pack_strn (p, value, len);
        value += len + (value[len] == ',');
    }
}

int
cli_opts_body (const char *noun, const cli_xopt_t *opts, int argc, char **argv,
               const sk_pack_t *fixed, int nfixed, sk_pack_t *body, const char **pos, int npos,
               int *got)
{
    const cli_xopt_t *which[S_MAX_OPTS];
    const char *values[S_MAX_OPTS];
    int n = 0;
    *got = 0;
    for (int i = 1; i < argc; i++) {
        if (strncmp (argv[i], "--", 2) || streq (argv[i], "--")) {
            if (*got >= npos)
                return cli_usage_error (noun, argv[0], "unexpected argument \"%s\"", argv[i]);
            pos[(*got)++] = argv[i];
            continue;
        }
        const cli_xopt_t *o = opts;
        const char *v = NULL;
        for (; o && o->option; o++) {
            if (o->type == CLI_XOPT_FLAG && streq (argv[i] + 2, o->option)) {
                v = "yes";
                break;
            }
            if (o->type != CLI_XOPT_FLAG && (v = cli_option (argc, argv, &i, o->option)))
                break;
        }
        if (!o || !o->option)
            return cli_usage_error (noun, argv[0], "unknown option \"%s\"", argv[i]);
        if (o->type == CLI_XOPT_INT) {
            char *end;
            strtoll (v, &end, 10);
            if (!*v || *end)
                return cli_usage_error (
                    noun, argv[0], "option --%s needs a whole number, not \"%s\"", o->option, v);
        }
        if (o->type == CLI_XOPT_YESNO && !streq (v, "yes") && !streq (v, "no"))
            return cli_usage_error (noun, argv[0], "option --%s takes yes or no", o->option);
        if (n == S_MAX_OPTS)
            return cli_usage_error (noun, argv[0], "too many options");
        which[n] = o;
        values[n++] = v;
    }
    sk_pack_map (body, (uint32_t)(n + nfixed));
    if (fixed)
        sk_pack_raw (body, fixed->buf.data, fixed->buf.size);
    for (int k = 0; k < n; k++) {
        sk_pack_str (body, which[k]->key);
        switch (which[k]->type) {
            case CLI_XOPT_INT: sk_pack_int (body, strtoll (values[k], NULL, 10)); break;
            case CLI_XOPT_LIST: s_pack_list (body, values[k]); break;
            case CLI_XOPT_YESNO:
            case CLI_XOPT_FLAG: sk_pack_bool (body, streq (values[k], "yes")); break;
            default: sk_pack_str (body, values[k]);
        }
    }
    return CLI_OK;
}

int
cli_id_arg (const char *noun, const char *verb, const char *arg, int64_t *id)
{
    char *end;
    *id = arg ? strtoll (arg, &end, 10) : 0;
    if (!arg || !*arg || *end || *id <= 0)
        return cli_usage_error (noun, verb, "%s %s needs an id, a positive number", noun, verb);
    return CLI_OK;
}

int
cli_registry_print (cli_t *cli, const char *op, const sk_pack_t *body, const char *items,
                    const char *const *columns)
{
    char name[96];
    snprintf (name, sizeof name, "registry.%s", op);
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", name, body, &reply);
    if (rc == CLI_OK && items)
        cli_print_items (cli, sk_obj_get (cli_body (&reply), items), columns);
    else if (rc == CLI_OK)
        cli_print_record (cli, cli_body (&reply));
    sk_frame_release (&reply);
    return rc;
}

int
cli_id_command (cli_t *cli, const char *noun, int argc, char **argv, const char *id_key,
                const cli_xopt_t *opts, const char *op, const char *items,
                const char *const *columns)
{
    int64_t id;
    if (argc < 2 || strncmp (argv[1], "--", 2) == 0)
        return cli_usage_error (noun, argv[0], "%s %s needs an id", noun, argv[0]);
    if (cli_id_arg (noun, argv[0], argv[1], &id))
        return CLI_USAGE;
    sk_pack_t fixed, body;
    sk_pack_init (&fixed);
    sk_pack_init (&body);
    sk_pack_kint (&fixed, id_key, id);
    argv[1] = argv[0];
    int got;
    int rc = cli_opts_body (noun, opts, argc - 1, argv + 1, &fixed, 1, &body, NULL, 0, &got);
    if (rc == CLI_OK)
        rc = cli_registry_print (cli, op, &body, items, columns);
    sk_pack_release (&fixed);
    sk_pack_release (&body);
    return rc;
}
