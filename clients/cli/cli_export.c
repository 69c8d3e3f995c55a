/*  cli_export.c: samskab export csv KIND | samskab export hsds

    CSV has the columns import reads (README.md), so a file exported,
    edited in a spreadsheet and imported again round-trips. HSDS is the
    Open Referral Human Services Data Specification (3.0): the public offer,
    only parties that agreed to publish, without personal fields.
*/
#include <czmq.h>

#include "csv/csv.h"
#include "cli.h"
#include "sk_party.h"

//  "samskab:KIND:ID", HSDS ids being strings unique across the dataset.
static const char *
s_hsds_id (char *buf, size_t size, const char *what, const char *id)
{
    snprintf (buf, size, "samskab-%s-%s", what, id);
    return buf;
}

//  Call op page by page (limit 500, after), handing each item to fn.
typedef void (s_item_fn) (const msgpack_object *item, void *arg);

static int
s_pages (cli_t *cli, const char *op, s_item_fn *fn, void *arg)
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
    bool ids;
} s_csv_t;

static void
s_csv_row (const msgpack_object *party, void *arg)
{
    s_csv_t *self = (s_csv_t *)arg;
    char value[8192];
    if (self->ids) {
        cli_format (sk_obj_get (party, "id"), value, sizeof value);
        csv_field (self->out, value, self->sep, false);
    }
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
        csv_field (self->out, value, self->sep, !r[1].relation);
    }
}

static int
s_export_csv (cli_t *cli, const cli_args_t *args)
{
    const char *kind = cli_arg (args, "KIND"), *path = cli_arg (args, "out");
    const char *sep = cli_arg (args, "separator");
    s_csv_t self = { .out = stdout,
                     .sep = sep ? *sep : CLI_CSV_SEP,
                     .ids = cli_arg_yes (args, "ids") };
    static const char *plurals[] = { "associations", "companies", "institutions", "volunteers",
                                     NULL };
    int k = 0;
    while (plurals[k] && !streq (kind, plurals[k]))
        k++;
    self.kind = (sk_kind_t)(1 << k);
    if (!(self.out = cli_csv_create (path)))
        return CLI_REFUSED;
    if (self.ids)
        csv_field (self.out, "id", self.sep, false);
    for (const sk_field_t *f = sk_party_fields; f->name; f++)
        if (f->kinds & self.kind)
            csv_field (self.out, f->name, self.sep, false);
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++)
        csv_field (self.out, r->relation, self.sep, !r[1].relation);
    char op[64];
    snprintf (op, sizeof op, "registry.%s.list", sk_kind_name (self.kind));
    int rc = s_pages (cli, op, s_csv_row, &self);
    if (path)
        fclose (self.out);
    return rc;
}

//  An HSDS record's id, name and description (null if empty), from obj.
static void
s_hsds_named (sk_pack_t *p, const char *id, const msgpack_object *obj)
{
    char buf[4096];
    sk_pack_kstr (p, "id", id);
    cli_format (sk_obj_get (obj, "name"), buf, sizeof buf);
    sk_pack_kstr (p, "name", buf);
    cli_format (sk_obj_get (obj, "description"), buf, sizeof buf);
    sk_pack_kstr (p, "description", *buf ? buf : NULL);
}

//  One organisation of the public offer in HSDS 3.0 terms.
static void
s_hsds_org (const msgpack_object *party, void *arg)
{
    sk_pack_t *p = (sk_pack_t *)arg;
    char id[24], kind[24], buf[4096];
    cli_format (sk_obj_get (party, "id"), id, sizeof id);
    cli_format (sk_obj_get (party, "kind"), kind, sizeof kind);
    const msgpack_object *website = sk_obj_get (party, "website");
    const msgpack_object *address = sk_obj_get (party, "address");
    const msgpack_object *activities = sk_obj_get (party, "activities");
    uint32_t nact =
        activities && activities->type == MSGPACK_OBJECT_ARRAY ? activities->via.array.size : 0;
    sk_pack_map (p, 7);
    s_hsds_named (p, s_hsds_id (buf, sizeof buf, "org", id), party);
    cli_format (website, buf, sizeof buf);
    sk_pack_kstr (p, "website", *buf ? buf : NULL);
    //  Terms the party declares, as HSDS attributes
    sk_pack_str (p, "attributes");
    uint32_t nattr = 0;
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++) {
        const msgpack_object *list = sk_obj_get (party, r->relation);
        nattr += list && list->type == MSGPACK_OBJECT_ARRAY ? list->via.array.size : 0;
    }
    sk_pack_array (p, nattr + 1);
    sk_pack_map (p, 2);
    sk_pack_kstr (p, "taxonomy", "samskab_kind");
    sk_pack_kstr (p, "value", kind);
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++) {
        const msgpack_object *list = sk_obj_get (party, r->relation);
        for (uint32_t i = 0; list && list->type == MSGPACK_OBJECT_ARRAY && i < list->via.array.size;
             i++) {
            char term[128];
            cli_format (sk_obj_get (&list->via.array.ptr[i], "term"), term, sizeof term);
            snprintf (buf, sizeof buf, "samskab_%s", r->relation);
            sk_pack_map (p, 2);
            sk_pack_kstr (p, "taxonomy", buf);
            sk_pack_kstr (p, "value", term);
        }
    }
    //  Its activities are its services
    sk_pack_str (p, "services");
    sk_pack_array (p, nact);
    for (uint32_t i = 0; i < nact; i++) {
        const msgpack_object *a = &activities->via.array.ptr[i];
        char sid[64];
        snprintf (sid, sizeof sid, "%s-%u", id, i + 1);
        sk_pack_map (p, 4);
        s_hsds_named (p, s_hsds_id (buf, sizeof buf, "service", sid), a);
        sk_pack_kstr (p, "status", "active");
    }
    sk_pack_str (p, "locations");
    cli_format (address, buf, sizeof buf);
    if (*buf) {
        char lid[64];
        sk_pack_array (p, 1);
        sk_pack_map (p, 3);
        snprintf (lid, sizeof lid, "%s", id);
        char loc[96];
        sk_pack_kstr (p, "id", s_hsds_id (loc, sizeof loc, "location", lid));
        sk_pack_kstr (p, "location_type", "physical");
        sk_pack_str (p, "addresses");
        sk_pack_array (p, 1);
        sk_pack_map (p, 3);
        sk_pack_kstr (p, "address_1", buf);
        sk_pack_kstr (p, "country", "DK");
        sk_pack_kstr (p, "address_type", "physical");
    } else
        sk_pack_array (p, 0);
}

typedef struct {
    sk_pack_t items; //  the organisations, packed one after another
    uint32_t count;
} s_hsds_t;

static void
s_hsds_item (const msgpack_object *party, void *arg)
{
    s_hsds_t *self = (s_hsds_t *)arg;
    s_hsds_org (party, &self->items);
    self->count++;
}

static int
s_export_hsds (cli_t *cli, const cli_args_t *args)
{
    const char *path = cli_arg (args, "out");
    s_hsds_t self = { .count = 0 };
    sk_pack_init (&self.items);
    int rc = s_pages (cli, "registry.party.public", s_hsds_item, &self);
    if (rc == CLI_OK) {
        sk_pack_t doc;
        sk_pack_init (&doc);
        sk_pack_map (&doc, 2);
        sk_pack_kstr (&doc, "hsds_version", "3.0");
        sk_pack_str (&doc, "organizations");
        sk_pack_array (&doc, self.count);
        sk_pack_raw (&doc, self.items.buf.data, self.items.buf.size);
        msgpack_unpacked u;
        msgpack_unpacked_init (&u);
        size_t off = 0;
        FILE *out = path ? fopen (path, "w") : stdout;
        if (!out) {
            fprintf (stderr, "samskab: could not create file \"%s\": %s\n", path, strerror (errno));
            rc = CLI_REFUSED;
        } else if (msgpack_unpack_next (&u, doc.buf.data, doc.buf.size, &off)
                   == MSGPACK_UNPACK_SUCCESS) {
            cli_print_json (out, &u.data);
            fputc ('\n', out);
        }
        if (out && path)
            fclose (out);
        msgpack_unpacked_destroy (&u);
        sk_pack_release (&doc);
    }
    sk_pack_release (&self.items);
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
    { .name = "ids", .type = CLI_FLAG, .help = "an id column first" },
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
      .run = s_export_hsds,
      .opts = s_hsds_opts,
      .help = "the public offer as Open Referral HSDS 3.0 JSON: only parties that agreed to "
              "publish" },
    { 0 }
};
