/*  cli_party.c: samskab association|company|institution|volunteer ...

    Options come from the shared field catalogue (common/sk_party.c): a
    field "active_volunteers" is the option --active-volunteers.
*/
#include <czmq.h>

#include "cli.h"
#include "sk_party.h"

#define S_MAX_ITEMS 64

//  "active_volunteers" -> "active-volunteers"
static void
s_option_name (const char *field, char *buf, size_t size)
{
    snprintf (buf, size, "%s", field);
    for (char *c = buf; *c; c++)
        if (*c == '_')
            *c = '-';
}

void
cli_party_help (const char *noun, const char *verb)
{
    sk_kind_t kind = sk_kind_parse (noun);
    if (!kind || !(streq (verb, "add") || streq (verb, "update")))
        return;
    printf ("\nfields:\n");
    char opt[64];
    for (const sk_field_t *f = sk_party_fields; f->name; f++) {
        if (!(f->kinds & kind))
            continue;
        s_option_name (f->name, opt, sizeof opt);
        printf ("  --%-20s %s%s%s\n", opt,
                f->type == SK_FIELD_BOOL  ? "yes|no: "
                : f->type == SK_FIELD_INT ? "N: "
                                          : "",
                f->help, (f->required & kind) && streq (verb, "add") ? " (required)" : "");
    }
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++)
        printf ("  --%-20s %s (repeat; replaces the list on update)\n", r->relation, r->help);
    printf ("  --%-20s %s\n", "activity", "NAME[;TYPE[;TARGET,TARGET...]] (repeat)");
    if (streq (verb, "update"))
        printf ("  --%-20s %s\n  --%-20s %s\n", "version N",
                "the version you read (default: the current one)", "clear FIELD",
                "remove a field's value");
}

//  A body being built from options: fields, relations, activities.
typedef struct {
    sk_pack_t fields; //  packed key/value pairs
    int nfields;
    const char *relation_terms[4][S_MAX_ITEMS];
    int nterms[4];
    bool relation_given[4];
    const char *activities[S_MAX_ITEMS];
    int nactivities;
} body_t;

//  Parse one option of a party body at argv[*i]; 1 taken, 0 not ours,
//  -1 invalid (printed).
static int
s_body_option (body_t *b, sk_kind_t kind, int argc, char **argv, int *i, const char *noun,
               const char *verb)
{
    char opt[64];
    const char *v;
    for (const sk_field_t *f = sk_party_fields; f->name; f++) {
        if (!(f->kinds & kind))
            continue;
        s_option_name (f->name, opt, sizeof opt);
        if (!(v = cli_option (argc, argv, i, opt)))
            continue;
        sk_pack_str (&b->fields, f->name);
        b->nfields++;
        if (f->type == SK_FIELD_INT) {
            char *end;
            long long n = strtoll (v, &end, 10);
            if (!*v || *end)
                return cli_usage_error (noun, verb, "--%s needs a whole number, not \"%s\"", opt,
                                        v),
                       -1;
            sk_pack_int (&b->fields, n);
        } else if (f->type == SK_FIELD_BOOL) {
            bool yes = streq (v, "yes") || streq (v, "true") || streq (v, "ja");
            bool no = streq (v, "no") || streq (v, "false") || streq (v, "nej");
            if (!yes && !no)
                return cli_usage_error (noun, verb, "--%s needs yes or no, not \"%s\"", opt, v), -1;
            sk_pack_bool (&b->fields, yes);
        } else
            sk_pack_str (&b->fields, v);
        return 1;
    }
    if ((v = cli_option (argc, argv, i, "clear"))) {
        sk_pack_str (&b->fields, v);
        sk_pack_nil (&b->fields);
        b->nfields++;
        return 1;
    }
    for (int r = 0; sk_party_relations[r].relation; r++)
        if ((v = cli_option (argc, argv, i, sk_party_relations[r].relation))) {
            if (b->nterms[r] == S_MAX_ITEMS)
                return cli_usage_error (noun, verb, "too many --%s",
                                        sk_party_relations[r].relation),
                       -1;
            b->relation_given[r] = true;
            if (*v)
                b->relation_terms[r][b->nterms[r]++] = v;
            return 1;
        }
    if ((v = cli_option (argc, argv, i, "activity"))) {
        if (b->nactivities == S_MAX_ITEMS)
            return cli_usage_error (noun, verb, "too many --activity"), -1;
        b->activities[b->nactivities++] = v;
        return 1;
    }
    return 0;
}

//  Pack the body: extra pairs (already packed, nextra of them) first.
static void
s_body_pack (body_t *b, sk_pack_t *out, const sk_pack_t *extra, int nextra)
{
    int n = nextra + b->nfields + (b->nactivities ? 1 : 0);
    for (int r = 0; r < 4; r++)
        n += b->relation_given[r];
    sk_pack_map (out, (uint32_t)n);
    if (extra)
        sk_pack_raw (out, extra->buf.data, extra->buf.size);
    sk_pack_raw (out, b->fields.buf.data, b->fields.buf.size);
    for (int r = 0; r < 4; r++) {
        if (!b->relation_given[r])
            continue;
        sk_pack_str (out, sk_party_relations[r].relation);
        sk_pack_array (out, (uint32_t)b->nterms[r]);
        for (int k = 0; k < b->nterms[r]; k++) {
            //  TERM or TERM:LEVEL
            const char *t = b->relation_terms[r][k], *colon = strchr (t, ':');
            sk_pack_map (out, colon ? 2 : 1);
            sk_pack_str (out, "term");
            sk_pack_strn (out, t, colon ? (size_t)(colon - t) : strlen (t));
            if (colon) {
                sk_pack_str (out, "level");
                sk_pack_int (out, atoi (colon + 1));
            }
        }
    }
    if (b->nactivities) {
        sk_pack_str (out, "activities");
        sk_pack_array (out, (uint32_t)b->nactivities);
        for (int k = 0; k < b->nactivities; k++) {
            //  NAME[;TYPE[;TARGET,TARGET]]
            char *spec = strdup (b->activities[k]);
            char *type = strchr (spec, ';'), *targets = NULL;
            if (type) {
                *type++ = 0;
                if ((targets = strchr (type, ';')))
                    *targets++ = 0;
            }
            sk_pack_map (out, 1 + (type && *type) + (targets != NULL));
            sk_pack_kstr (out, "name", spec);
            if (type && *type)
                sk_pack_kstr (out, "type", type);
            if (targets) {
                int count = *targets ? 1 : 0;
                for (char *c = targets; *c; c++)
                    count += *c == ',';
                sk_pack_str (out, "target_groups");
                sk_pack_array (out, (uint32_t)count);
                for (char *t = strtok (targets, ","); t; t = strtok (NULL, ","))
                    sk_pack_str (out, t);
            }
            free (spec);
        }
    }
}

static int
s_parse_id (const char *noun, const char *verb, const char *arg, int64_t *id)
{
    char *end;
    *id = arg ? strtoll (arg, &end, 10) : 0;
    if (!arg || !*arg || *end || *id <= 0)
        return cli_usage_error (noun, verb, "%s %s needs an id, a positive number", noun, verb);
    return 0;
}

static int
s_send (cli_t *cli, const char *noun, const char *verb, const sk_pack_t *body, sk_frame_t *reply)
{
    char op[96];
    snprintf (op, sizeof op, "registry.%s.%s", noun, verb);
    return cli_call (cli, "registry", op, body, reply);
}

static int
s_print_reply (cli_t *cli, sk_frame_t *reply, int rc)
{
    if (rc == CLI_OK)
        cli_print_record (cli, cli_body (reply));
    sk_frame_release (reply);
    return rc;
}

static int
s_add (cli_t *cli, const char *noun, int argc, char **argv)
{
    sk_kind_t kind = sk_kind_parse (noun);
    body_t b = { 0 };
    sk_pack_init (&b.fields);
    int rc = CLI_OK;
    for (int i = 1; i < argc && rc == CLI_OK; i++) {
        int got = s_body_option (&b, kind, argc, argv, &i, noun, "add");
        if (got == 0)
            rc = cli_usage_error (noun, "add", "unknown option \"%s\"", argv[i]);
        else if (got < 0)
            rc = CLI_USAGE;
    }
    if (rc == CLI_OK) {
        sk_pack_t body;
        sk_pack_init (&body);
        s_body_pack (&b, &body, NULL, 0);
        sk_frame_t reply;
        rc = s_print_reply (cli, &reply, s_send (cli, noun, "create", &body, &reply));
        sk_pack_release (&body);
    }
    sk_pack_release (&b.fields);
    return rc;
}

//  {"id": id} and optionally the version
static void
s_pack_id (sk_pack_t *p, int64_t id, int64_t version)
{
    sk_pack_map (p, version ? 2 : 1);
    sk_pack_kint (p, "id", id);
    if (version)
        sk_pack_kint (p, "version", version);
}

static int
s_show (cli_t *cli, const char *noun, int argc, char **argv)
{
    int64_t id;
    if (argc != 2)
        return cli_usage_error (noun, "show", "%s show takes one id", noun);
    if (s_parse_id (noun, "show", argv[1], &id))
        return CLI_USAGE;
    sk_pack_t body;
    sk_pack_init (&body);
    s_pack_id (&body, id, 0);
    sk_frame_t reply;
    int rc = s_print_reply (cli, &reply, s_send (cli, noun, "get", &body, &reply));
    sk_pack_release (&body);
    return rc;
}

//  The current version of a party, for an update that did not name one.
static int
s_current_version (cli_t *cli, const char *noun, int64_t id, int64_t *version)
{
    sk_pack_t body;
    sk_pack_init (&body);
    s_pack_id (&body, id, 0);
    sk_frame_t reply;
    int rc = s_send (cli, noun, "get", &body, &reply);
    if (rc == CLI_OK && !sk_obj_int (sk_obj_get (cli_body (&reply), "version"), version))
        rc = CLI_REFUSED;
    sk_frame_release (&reply);
    sk_pack_release (&body);
    return rc;
}

static int
s_update (cli_t *cli, const char *noun, int argc, char **argv)
{
    sk_kind_t kind = sk_kind_parse (noun);
    int64_t id, version = 0;
    if (argc < 2 || s_parse_id (noun, "update", argv[1], &id))
        return argc < 2 ? cli_usage_error (noun, "update", "%s update needs an id", noun)
                        : CLI_USAGE;
    body_t b = { 0 };
    sk_pack_init (&b.fields);
    int rc = CLI_OK;
    for (int i = 2; i < argc && rc == CLI_OK; i++) {
        const char *v = cli_option (argc, argv, &i, "version");
        if (v) {
            version = strtoll (v, NULL, 10);
            if (version <= 0)
                rc = cli_usage_error (noun, "update", "--version needs a positive number");
            continue;
        }
        int got = s_body_option (&b, kind, argc, argv, &i, noun, "update");
        if (got == 0)
            rc = cli_usage_error (noun, "update", "unknown option \"%s\"", argv[i]);
        else if (got < 0)
            rc = CLI_USAGE;
    }
    if (rc == CLI_OK && !version)
        rc = s_current_version (cli, noun, id, &version);
    if (rc == CLI_OK) {
        sk_pack_t extra, body;
        sk_pack_init (&extra);
        sk_pack_init (&body);
        sk_pack_kint (&extra, "id", id);
        sk_pack_kint (&extra, "version", version);
        s_body_pack (&b, &body, &extra, 2);
        sk_frame_t reply;
        rc = s_print_reply (cli, &reply, s_send (cli, noun, "update", &body, &reply));
        sk_pack_release (&extra);
        sk_pack_release (&body);
    }
    sk_pack_release (&b.fields);
    return rc;
}

static int
s_archive (cli_t *cli, const char *noun, int argc, char **argv)
{
    int64_t id, version = 0;
    if (argc < 2 || s_parse_id (noun, "archive", argv[1], &id))
        return argc < 2 ? cli_usage_error (noun, "archive", "%s archive needs an id", noun)
                        : CLI_USAGE;
    for (int i = 2; i < argc; i++) {
        const char *v = cli_option (argc, argv, &i, "version");
        if (!v || (version = strtoll (v, NULL, 10)) <= 0)
            return cli_usage_error (noun, "archive", "unknown option \"%s\"", argv[i]);
    }
    sk_pack_t body;
    sk_pack_init (&body);
    s_pack_id (&body, id, version);
    sk_frame_t reply;
    int rc = s_print_reply (cli, &reply, s_send (cli, noun, "archive", &body, &reply));
    sk_pack_release (&body);
    return rc;
}

static int
s_list (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const char *strings[] = { "has",          "needs",        "serves", "language",
                                     "target-group", "municipality", NULL };
    sk_pack_t filters;
    sk_pack_init (&filters);
    int n = 0, rc = CLI_OK;
    bool all = false;
    int64_t after = 0;
    for (int i = 1; i < argc && rc == CLI_OK; i++) {
        const char *v = NULL;
        bool taken = false;
        for (int k = 0; strings[k] && !taken; k++)
            if ((v = cli_option (argc, argv, &i, strings[k]))) {
                char key[32];
                snprintf (key, sizeof key, "%s", strings[k]);
                for (char *c = key; *c; c++)
                    *c = *c == '-' ? '_' : *c;
                sk_pack_kstr (&filters, key, v);
                n++;
                taken = true;
            }
        if (taken)
            continue;
        if ((v = cli_option (argc, argv, &i, "area"))
            || (v = cli_option (argc, argv, &i, "limit"))) {
            const char *key = argv[i - 1][2] == 'a' ? "area" : "limit";
            if (atoll (v) <= 0)
                rc = cli_usage_error (noun, "list", "--%s needs a positive number", key);
            sk_pack_kint (&filters, key, atoll (v));
            n++;
        } else if ((v = cli_option (argc, argv, &i, "after")))
            after = atoll (v);
        else if (streq (argv[i], "--archived")) {
            sk_pack_kbool (&filters, "archived", true);
            n++;
        } else if (streq (argv[i], "--all"))
            all = true;
        else
            rc = cli_usage_error (noun, "list", "unknown option \"%s\"", argv[i]);
    }
    static const char *columns[] = { "id", "name", "area", "has", "needs", "serves", NULL };
    //  Page through with "next" when --all is given
    while (rc == CLI_OK) {
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, (uint32_t)n + 1);
        sk_pack_raw (&body, filters.buf.data, filters.buf.size);
        sk_pack_kint (&body, "after", after);
        sk_frame_t reply;
        rc = s_send (cli, noun, "list", &body, &reply);
        sk_pack_release (&body);
        int64_t next = 0;
        if (rc == CLI_OK) {
            cli_print_items (cli, sk_obj_get (cli_body (&reply), "items"), columns);
            if (!sk_obj_int (sk_obj_get (cli_body (&reply), "next"), &next))
                next = 0;
            else if (!all && !cli->json)
                printf ("(more: samskab %s list --after %lld)\n", noun, (long long)next);
        }
        sk_frame_release (&reply);
        if (!all || !next)
            break;
        after = next;
    }
    sk_pack_release (&filters);
    return rc;
}

#define PARTY_COMMANDS(noun, what, plural)                                                         \
    { noun, "add", s_add, "--name NAME [FIELDS]", "register " what },                              \
        { noun, "show", s_show, "ID", "show one " noun " with everything it declared" },           \
        { noun, "list", s_list,                                                                    \
          "[--area ID] [--has T] [--needs T] [--serves T] [--language L] "                         \
          "[--target-group T] [--archived] [--limit N] [--after ID] [--all]",                      \
          "list " plural ", filtered" },                                                           \
        { noun, "update", s_update, "ID [--version N] [FIELDS]",                                   \
          "change fields; refused if someone else changed it since --version" },                   \
    {                                                                                              \
        noun, "archive", s_archive, "ID [--version N]",                                            \
            "archive (hidden from lists, kept for history)"                                        \
    }

const cli_command_t cli_party_commands[] = {
    PARTY_COMMANDS ("association", "an association", "associations"),
    PARTY_COMMANDS ("company", "a company", "companies"),
    PARTY_COMMANDS ("institution", "an institution (school, youth club, ...)", "institutions"),
    PARTY_COMMANDS ("volunteer", "a volunteer (with consent)", "volunteers"),
    { NULL, NULL, NULL, NULL, NULL }
};
