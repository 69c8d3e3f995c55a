/*  cli_party.c: samskab association|company|institution|volunteer ...

    The options of add and update come from the shared field catalogue
    (common/sk_party.c): a field "active_volunteers" is the option
    --active-volunteers. They are declared once, at start, into the
    option tables below (cli_party_init).
*/
#include <czmq.h>

#include "cli.h"
#include "sk_mem.h"
#include "sk_party.h"

#define S_KINDS    4
#define S_MAX_OPTS 64

//  The add and update options of each kind, filled from the catalogue
static cli_opt_t s_add_opts[S_KINDS][S_MAX_OPTS];
static cli_opt_t s_update_opts[S_KINDS][S_MAX_OPTS];
static char s_names[S_MAX_OPTS][48]; //  dashed field names

static const cli_opt_t s_update_extra[] = {
    { .name = "version",
      .type = CLI_ID,
      .meta = "N",
      .help = "the version you read: refused if someone changed it since (default: the "
              "current one)" },
    { .name = "clear", .type = CLI_EACH, .meta = "FIELD", .help = "remove a field's value" },
    { 0 }
};

//  The options of a kind's add (update false) or update, from the catalogue.
static void
s_fill (cli_opt_t *opts, int kind_index, bool update)
{
    sk_kind_t kind = (sk_kind_t)(1 << kind_index);
    int n = 0;
    for (int k = 0; sk_party_fields[k].name && n < S_MAX_OPTS - 8; k++) {
        const sk_field_t *f = &sk_party_fields[k];
        if (!(f->kinds & kind))
            continue;
        snprintf (s_names[k], sizeof s_names[k], "%s", f->name);
        for (char *c = s_names[k]; *c; c++)
            *c = *c == '_' ? '-' : *c;
        //  The catalogue's help is shared by the kinds; a volunteer's name
        //  is a person's
        const char *help = f->help;
        if (streq (f->name, "name"))
            help = kind == SK_KIND_VOLUNTEER ? "the person's name" : "its name";
        opts[n++] = (cli_opt_t){ .name = s_names[k],
                                 //  An area by id or by name: the registry resolves it
                                 .type = streq (f->name, "area")    ? CLI_STR
                                         : f->type == SK_FIELD_INT  ? CLI_INT
                                         : f->type == SK_FIELD_BOOL ? CLI_YESNO
                                         : f->type == SK_FIELD_CVR  ? CLI_CVR
                                                                    : CLI_STR,
                                 .nonblank = f->type == SK_FIELD_TEXT && f->min > 0,
                                 .key = f->name,
                                 .choices = f->type == SK_FIELD_ENUM ? f->values : NULL,
                                 .meta = f->type == SK_FIELD_ENUM ? "TYPE" : NULL,
                                 .required = (f->required & kind) && !update,
                                 .min = f->type == SK_FIELD_INT ? f->min : 0,
                                 .max = f->type == SK_FIELD_INT ? f->max : 0,
                                 .help = help };
    }
    //  Languages have no level: a code, e.g. da
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++) {
        bool speaks = streq (r->relation, "speaks");
        opts[n++] = (cli_opt_t){ .name = r->relation,
                                 .type = speaks ? CLI_LIST : CLI_LEVELS,
                                 .meta = speaks ? "CODE" : "TERM[:LEVEL]",
                                 .help = speaks ? "language code, e.g. da" : r->help };
    }
    opts[n++] = (cli_opt_t){ .name = "activity",
                             .type = CLI_EACH,
                             .meta = "NAME[;TYPE[;TARGET,TARGET]]",
                             .help = "an activity, its type and target groups" };
    for (const cli_opt_t *o = s_update_extra; update && o->name; o++)
        opts[n++] = *o;
    opts[n] = (cli_opt_t){ 0 };
}

void
cli_party_init (void)
{
    for (int k = 0; k < S_KINDS; k++) {
        s_fill (s_add_opts[k], k, false);
        s_fill (s_update_opts[k], k, true);
    }
}

//  Pack the relations given (TERM or TERM:LEVEL, as lists; an update
//  replaces the whole list, "" empties it) as key/value pairs; returns
//  how many.
static int
s_pack_relations (const cli_args_t *args, sk_pack_t *out)
{
    int pairs = 0;
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++) {
        const char *values[S_MAX_OPTS];
        int nvalues = cli_arg_all (args, r->relation, values, S_MAX_OPTS);
        if (!nvalues)
            continue;
        uint32_t n = 0;
        for (int v = 0; v < nvalues; v++)
            for (const char *c = values[v]; *c;) {
                size_t len = strcspn (c, ",");
                n += len > 0;
                c += len + (c[len] == ',');
            }
        sk_pack_str (out, r->relation);
        sk_pack_array (out, n);
        for (int v = 0; v < nvalues; v++)
            for (const char *c = values[v]; *c;) {
                size_t len = strcspn (c, ",");
                const char *colon = memchr (c, ':', len);
                if (len) {
                    sk_pack_map (out, colon ? 2 : 1);
                    sk_pack_str (out, "term");
                    sk_pack_strn (out, c, colon ? (size_t)(colon - c) : len);
                    if (colon) {
                        sk_pack_str (out, "level");
                        sk_pack_int (out, atoi (colon + 1));
                    }
                }
                c += len + (c[len] == ',');
            }
        pairs++;
    }
    return pairs;
}

//  Pack one activity NAME[;TYPE[;TARGET,TARGET]].
static void
s_pack_activity (const char *value, sk_pack_t *out)
{
    char *spec = strdup (value);
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

//  The body of add or update: the pairs in extra (nextra of them), the
//  fields, relations, activities and cleared fields given.
static void
s_pack_party (const cli_args_t *args, sk_pack_t *extra, int nextra, sk_pack_t *body)
{
    nextra += s_pack_relations (args, extra);
    const char *values[S_MAX_OPTS];
    int n = cli_arg_all (args, "activity", values, S_MAX_OPTS);
    if (n) {
        sk_pack_str (extra, "activities");
        sk_pack_array (extra, (uint32_t)n);
        for (int k = 0; k < n; k++)
            s_pack_activity (values[k], extra);
        nextra++;
    }
    n = cli_arg_all (args, "clear", values, S_MAX_OPTS);
    for (int k = 0; k < n; k++) {
        sk_pack_str (extra, values[k]);
        sk_pack_nil (extra);
        nextra++;
    }
    cli_args_pack (args, body, extra, nextra);
}

//  Call registry.NOUN.VERB with body; the reply in reply (release it).
static int
s_send (cli_t *cli, const cli_args_t *args, const char *verb, const sk_pack_t *body,
        sk_frame_t *reply)
{
    char op[96];
    snprintf (op, sizeof op, "registry.%s.%s", args->noun, verb);
    return cli_call (cli, "registry", op, body, reply);
}

//  Call registry.NOUN.VERB with body and print the reply as a record.
static int
s_send_print (cli_t *cli, const cli_args_t *args, const char *verb, const sk_pack_t *body)
{
    char op[96];
    snprintf (op, sizeof op, "registry.%s.%s", args->noun, verb);
    return cli_call_print (cli, op, body, NULL);
}

//  A term given without a level is stored at level 2: said after the reply,
//  so that no one believes it stored as typed. A list given as "" (an
//  update emptying it) says nothing.
static void
s_say_default_levels (const cli_args_t *args)
{
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++) {
        if (streq (r->relation, "speaks"))
            continue;
        const char *values[S_MAX_OPTS];
        int nvalues = cli_arg_all (args, r->relation, values, S_MAX_OPTS);
        for (int v = 0; v < nvalues; v++)
            for (const char *c = values[v]; *c;) {
                size_t len = strcspn (c, ",");
                const char *t = c + strspn (c, " ");
                int n = (int)(len - (size_t)(t - c));
                while (n > 0 && t[n - 1] == ' ')
                    n--;
                if (n > 0 && !memchr (t, ':', (size_t)n))
                    fprintf (stderr,
                             "samskab: %s %.*s at level 2, the default (give %.*s:1 for a "
                             "little, %.*s:3 for a lot)\n",
                             r->relation, n, t, n, t, n, t);
                c += len + (c[len] == ',');
            }
    }
}

static int
s_add (cli_t *cli, const cli_args_t *args)
{
    sk_pack_t extra, body;
    sk_pack_init (&extra);
    sk_pack_init (&body);
    s_pack_party (args, &extra, 0, &body);
    int rc = s_send_print (cli, args, "create", &body);
    if (rc == CLI_OK)
        s_say_default_levels (args);
    sk_pack_release (&extra);
    sk_pack_release (&body);
    return rc;
}

//  {"id": ID} and the version when given
static void
s_pack_id (sk_pack_t *p, int64_t id, int64_t version)
{
    sk_pack_map (p, version ? 2 : 1);
    sk_pack_kint (p, "id", id);
    if (version)
        sk_pack_kint (p, "version", version);
}

//  show and archive: the id and the version given
static int
s_by_id (cli_t *cli, const cli_args_t *args)
{
    sk_pack_t body;
    sk_pack_init (&body);
    s_pack_id (&body, cli_arg_int (args, "ID", 0), cli_arg_int (args, "version", 0));
    int rc = s_send_print (cli, args, streq (args->verb, "show") ? "get" : args->verb, &body);
    sk_pack_release (&body);
    return rc;
}

//  The current version of a party, for an update that did not name one.
static int
s_current_version (cli_t *cli, const cli_args_t *args, int64_t id, int64_t *version)
{
    sk_pack_t body;
    sk_pack_init (&body);
    s_pack_id (&body, id, 0);
    sk_frame_t reply;
    int rc = s_send (cli, args, "get", &body, &reply);
    if (rc == CLI_OK && !sk_obj_int (sk_obj_get (cli_body (&reply), "version"), version))
        rc = CLI_REFUSED;
    sk_frame_release (&reply);
    sk_pack_release (&body);
    return rc;
}

static int
s_update (cli_t *cli, const cli_args_t *args)
{
    int64_t id = cli_arg_int (args, "ID", 0), version = cli_arg_int (args, "version", 0);
    int rc = version ? CLI_OK : s_current_version (cli, args, id, &version);
    if (rc == CLI_OK) {
        sk_pack_t extra, body;
        sk_pack_init (&extra);
        sk_pack_init (&body);
        sk_pack_kint (&extra, "id", id);
        sk_pack_kint (&extra, "version", version);
        s_pack_party (args, &extra, 2, &body);
        rc = s_send_print (cli, args, "update", &body);
        if (rc == CLI_OK)
            s_say_default_levels (args);
        sk_pack_release (&extra);
        sk_pack_release (&body);
    }
    return rc;
}

//  list: one page, or with --all every page, printed as one table (one
//  JSON array): the pages' replies are kept and their items joined.
static int
s_list (cli_t *cli, const cli_args_t *args)
{
    static const char *columns[] = { "id", "name", "area", "has", "needs", "serves", NULL };
    bool all = cli_arg_yes (args, "all");
    int64_t after = cli_arg_int (args, "after", 0), next = 0;
    int rc = CLI_OK, pages = 0;
    sk_frame_t *replies = NULL;
    msgpack_object *items = NULL;
    uint32_t count = 0;
    do {
        sk_pack_t extra, body;
        sk_pack_init (&extra);
        sk_pack_init (&body);
        sk_pack_kint (&extra, "after", next ? next : after);
        cli_args_pack (args, &body, &extra, 1);
        replies = (sk_frame_t *)sk_reallocarray (replies, (size_t)(pages + 1), sizeof *replies);
        rc = s_send (cli, args, "list", &body, &replies[pages++]);
        sk_pack_release (&extra);
        sk_pack_release (&body);
        const msgpack_object *page =
            rc == CLI_OK ? sk_obj_get (cli_body (&replies[pages - 1]), "items") : NULL;
        if (page && page->type == MSGPACK_OBJECT_ARRAY && page->via.array.size) {
            items = (msgpack_object *)sk_reallocarray (items, count + page->via.array.size,
                                                       sizeof *items);
            memcpy (items + count, page->via.array.ptr, sizeof *items * page->via.array.size);
            count += page->via.array.size;
        }
        if (rc != CLI_OK
            || !sk_obj_int (sk_obj_get (cli_body (&replies[pages - 1]), "next"), &next))
            next = 0;
    } while (rc == CLI_OK && all && next);
    if (rc == CLI_OK) {
        msgpack_object list = { .type = MSGPACK_OBJECT_ARRAY,
                                .via.array = { .size = count, .ptr = items } };
        cli_print_items (cli, &list, columns);
        if (next && !cli->json)
            printf ("(more: samskab %s list --after %lld)\n", args->noun, (long long)next);
    }
    for (int k = 0; k < pages; k++)
        sk_frame_release (&replies[k]);
    free (replies);
    free (items);
    return rc;
}

//  "samskab KIND history ID": who changed what and when
static int
s_history (cli_t *cli, const cli_args_t *args)
{
    static const char *columns[] = {
        "at", "action", "version", "by", "role", "op", "changes", NULL
    };
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kint (&body, "id", cli_arg_int (args, "ID", 0));
    sk_pack_kint (&body, "limit", 1000);
    char op[64];
    snprintf (op, sizeof op, "registry.%s.history", args->noun);
    int rc = cli_call_print (cli, op, &body, columns);
    sk_pack_release (&body);
    return rc;
}

static const cli_opt_t s_id_arg[] = {
    { .name = "ID", .type = CLI_ID, .required = true, .help = "the id" }, { 0 }
};
static const cli_opt_t s_archive_opts[] = {
    { .name = "version",
      .type = CLI_ID,
      .meta = "N",
      .help = "the version you read: refused if someone changed it since" },
    { 0 }
};
static const cli_opt_t s_list_opts[] = {
    CLI_PARTY_FILTERS,
    { .name = "municipality",
      .key = "municipality",
      .meta = "KODE",
      .help = "of this municipality (with --tenant '*')" },
    { .name = "archived", .type = CLI_FLAG, .key = "archived", .help = "archived ones too" },
    CLI_OPT_LIMIT (500, "at most N (default 50)"),
    { .name = "after", .type = CLI_INT, .meta = "ID", .help = "those after this id (a next page)" },
    { .name = "all", .type = CLI_FLAG, .help = "every page, not only the first" },
    { 0 }
};

#define PARTY_COMMANDS(NOUN, K, WHAT, PLURAL, HISTORY)                                             \
    {                                                                                              \
        .noun = NOUN, .verb = "add", .run = s_add, .opts = s_add_opts[K], .help = "register " WHAT \
    },                                                                                             \
        { .noun = NOUN,                                                                            \
          .verb = "show",                                                                          \
          .run = s_by_id,                                                                          \
          .args = s_id_arg,                                                                        \
          .help = "show one " NOUN " with everything it declared" },                               \
        { .noun = NOUN,                                                                            \
          .verb = "list",                                                                          \
          .run = s_list,                                                                           \
          .opts = s_list_opts,                                                                     \
          .help = "list " PLURAL ", filtered" },                                                   \
        { .noun = NOUN,                                                                            \
          .verb = "update",                                                                        \
          .run = s_update,                                                                         \
          .args = s_id_arg,                                                                        \
          .opts = s_update_opts[K],                                                                \
          .help = "change fields; a list option replaces the whole list (\"\" empties it)" },      \
        { .noun = NOUN,                                                                            \
          .verb = "archive",                                                                       \
          .run = s_by_id,                                                                          \
          .args = s_id_arg,                                                                        \
          .opts = s_archive_opts,                                                                  \
          .help = "archive (hidden from lists, kept for history)" },                               \
    {                                                                                              \
        .noun = NOUN, .verb = "history", .run = s_history, .args = s_id_arg, .help = HISTORY       \
    }

const cli_command_t cli_party_commands[] = {
    PARTY_COMMANDS ("association", 0, "an association", "associations",
                    "who changed the association, what and when"),
    PARTY_COMMANDS ("company", 1, "a company", "companies",
                    "who changed the company, what and when"),
    PARTY_COMMANDS ("institution", 2, "an institution (school, youth club, ...)", "institutions",
                    "who changed the institution, what and when"),
    PARTY_COMMANDS ("volunteer", 3, "a volunteer (with consent)", "volunteers",
                    "who changed the volunteer and when (personal fields show as changed, "
                    "without values)"),
    { 0 }
};
