/*  cli_export.c: samskab export csv KIND | samskab export hsds

    CSV has the columns import reads (README.md), each party's id and
    version first, so a file exported, edited in a spreadsheet and imported
    again updates the parties it names (unless one changed meanwhile) and
    creates the rows without an id. HSDS is in cli_hsds.c.
*/
#include <czmq.h>

#include "csv/csv.h"
#include "cli.h"
#include "cli_export.h"
#include "sk_party.h"

//  Call op page by page (limit 500, after), handing each item to fn.
int
cli_export_pages (cli_t *cli, const char *op, cli_export_item_fn *fn, void *arg)
{
    int64_t after = 0;
    while (true) {
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, 2);
        sk_pack_kint (&body, "limit", 500);
        sk_pack_kint (&body, "after", after);
        sk_frame_t reply;
        int rc = cli_call (cli, "registry", op, &body, &reply);
        sk_pack_release (&body);
        if (rc != CLI_OK) {
            sk_frame_release (&reply);
            return rc;
        }
        const msgpack_object *items = sk_obj_get (cli_body (&reply), "items");
        for (uint32_t i = 0; items && i < items->via.array.size; i++)
            fn (&items->via.array.ptr[i], arg);
        bool more = sk_obj_int (sk_obj_get (cli_body (&reply), "next"), &after);
        sk_frame_release (&reply);
        if (!more)
            return CLI_OK;
    }
}

typedef struct {
    FILE *out;
    sk_kind_t kind;
    char sep;
} s_csv_t;

//  A party's activities as import reads them: "NAME=TYPE" apart by "|"
//  ("NAME=" for one without a type).
static void
s_csv_activities (const msgpack_object *party, char *value, size_t size)
{
    const msgpack_object *list = sk_obj_get (party, "activities");
    size_t n = 0;
    value[0] = 0;
    for (uint32_t i = 0;
         list && list->type == MSGPACK_OBJECT_ARRAY && i < list->via.array.size && n < size; i++) {
        char name[1024], type[128];
        cli_format (sk_obj_get (&list->via.array.ptr[i], "name"), name, sizeof name);
        cli_format (sk_obj_get (&list->via.array.ptr[i], "type"), type, sizeof type);
        n += (size_t)snprintf (value + n, size - n, "%s%s=%s", i ? "|" : "", name, type);
    }
}

static void
s_csv_row (const msgpack_object *party, void *arg)
{
    s_csv_t *self = (s_csv_t *)arg;
    char value[8192];
    //  Its id and version: imported again, the row updates the party if
    //  nobody changed it meanwhile
    cli_format (sk_obj_get (party, "id"), value, sizeof value);
    csv_field (self->out, value, self->sep, false);
    cli_format (sk_obj_get (party, "version"), value, sizeof value);
    csv_field (self->out, value, self->sep, false);
    for (const sk_field_t *f = sk_party_fields; f->name; f++) {
        if (!(f->kinds & self->kind))
            continue;
        const msgpack_object *v = sk_obj_get (party, f->name);
        if (v && v->type == MSGPACK_OBJECT_BOOLEAN)
            snprintf (value, sizeof value, "%s", v->via.boolean ? "ja" : "nej");
        else
            cli_format (v, value, sizeof value);
        csv_field (self->out, value, self->sep, false);
    }
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++) {
        const msgpack_object *list = sk_obj_get (party, r->relation);
        size_t n = 0;
        value[0] = 0;
        for (uint32_t i = 0; list && list->type == MSGPACK_OBJECT_ARRAY && i < list->via.array.size
                             && n < sizeof value;
             i++) {
            char term[128], level[8];
            cli_format (sk_obj_get (&list->via.array.ptr[i], "term"), term, sizeof term);
            cli_format (sk_obj_get (&list->via.array.ptr[i], "level"), level, sizeof level);
            n += (size_t)snprintf (value + n, sizeof value - n, "%s%s:%s", i ? "|" : "", term,
                                   level);
        }
        csv_field (self->out, value, self->sep, false);
    }
    s_csv_activities (party, value, sizeof value);
    csv_field (self->out, value, self->sep, true);
}

static int
s_export_csv (cli_t *cli, const cli_args_t *args)
{
    const char *kind = cli_arg (args, "KIND"), *path = cli_arg (args, "out");
    const char *sep = cli_arg (args, "separator");
    s_csv_t self = { .out = stdout, .sep = sep ? *sep : CLI_CSV_SEP };
    static const char *plurals[] = { "associations", "companies", "institutions", "volunteers",
                                     NULL };
    int k = 0;
    while (plurals[k] && !streq (kind, plurals[k]))
        k++;
    self.kind = (sk_kind_t)(1 << k);
    if (!(self.out = cli_csv_create (path)))
        return CLI_REFUSED;
    csv_field (self.out, "id", self.sep, false);
    csv_field (self.out, "version", self.sep, false);
    for (const sk_field_t *f = sk_party_fields; f->name; f++)
        if (f->kinds & self.kind)
            csv_field (self.out, f->name, self.sep, false);
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++)
        csv_field (self.out, r->relation, self.sep, false);
    csv_field (self.out, "activities", self.sep, true);
    char op[64];
    snprintf (op, sizeof op, "registry.%s.list", sk_kind_name (self.kind));
    int rc = cli_export_pages (cli, op, s_csv_row, &self);
    if (path)
        fclose (self.out);
    return rc;
}

static const cli_opt_t s_csv_args[] = {
    { .name = "KIND",
      .required = true,
      .choices = "associations|companies|institutions|volunteers",
      .help = "associations, companies, institutions or volunteers" },
    { 0 }
};
static const cli_opt_t s_csv_opts[] = {
    { .name = "out", .type = CLI_OUT, .help = "write the file here (default: print it)" },
    { .name = "separator", .choices = ";|,", .help = "the column separator (default ;)" },
    { 0 }
};
static const cli_opt_t s_hsds_opts[] = {
    { .name = "out", .type = CLI_OUT, .help = "write the file here (default: print it)" }, { 0 }
};

const cli_command_t cli_export_commands[] = {
    { .noun = "export",
      .verb = "csv",
      .run = s_export_csv,
      .args = s_csv_args,
      .opts = s_csv_opts,
      .help = "every party of a kind as CSV with the columns import reads" },
    { .noun = "export",
      .verb = "hsds",
      .run = cli_export_hsds,
      .opts = s_hsds_opts,
      .help = "the public offer as Open Referral HSDS 3.0 JSON: only parties that agreed to "
              "publish" },
    { 0 }
};
