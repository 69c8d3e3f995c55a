/*  cli_hsds.c: samskab export hsds, the public offer as Open Referral HSDS
    3.0 (the Human Services Data Specification): only parties that agreed
    to publish, without personal fields, valid against the specification's
    schemas (organization.json, organization_list.json, service.json).

    An organisation is a party; its services are its activities; its
    declarations (has, needs, serves, speaks) and its kind are attributes
    with taxonomy terms; its address is a physical location, with an
    address of the fields HSDS requires when it reads "STREET, NNNN CITY"
    (the region is the municipality's), else the location is named by it.

    Every id is a UUID version 5 (RFC 9562) in the namespace
    45a903ae-9988-510c-b590-5a05fd44c94d (itself UUIDv5 of the URL
    "https://samskab.dk/hsds") of a name that says what it is:
    "organization:ID" (the party's id), "location:ID", "address:ID",
    "service:ID:NAME" (an activity; ":2" after a second of the same name),
    "attribute:ID:WHAT" and "term:TAXONOMY:CODE". The same party gets the
    same ids in every export, and anyone can compute them.
*/
#include <czmq.h>

#include "cli.h"
#include "cli_export.h"
#include "sk_party.h"

static const byte s_namespace[16] = { 0x45, 0xa9, 0x03, 0xae, 0x99, 0x88, 0x51, 0x0c,
                                      0xb5, 0x90, 0x5a, 0x05, 0xfd, 0x44, 0xc9, 0x4d };

typedef char s_uuid_t[37];

static const char *s_uuid (s_uuid_t buf, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

//  The UUID of the name format gives, in buf.
static const char *
s_uuid (s_uuid_t buf, const char *format, ...)
{
    char name[1200];
    va_list args;
    va_start (args, format);
    vsnprintf (name, sizeof name, format, args);
    va_end (args);
    zdigest_t *digest = zdigest_new ();
    zdigest_update (digest, s_namespace, sizeof s_namespace);
    zdigest_update (digest, (const byte *)name, strlen (name));
    byte u[16];
    memcpy (u, zdigest_data (digest), 16);
    zdigest_destroy (&digest);
    u[6] = (byte)((u[6] & 0x0f) | 0x50); //  version 5
    u[8] = (byte)((u[8] & 0x3f) | 0x80); //  RFC 9562 variant
    size_t n = 0;
    for (int i = 0; i < 16; i++)
        n += (size_t)snprintf (buf + n, 37 - n, "%s%02x",
                               i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", u[i]);
    return buf;
}

//  A term of the catalogue: its labels and its parent's code ("" if none).
typedef struct {
    char label_da[201], label_en[201], parent[65];
} s_term_t;

typedef struct {
    sk_pack_t items; //  the organisations, packed one after another
    uint32_t count;
    zhash_t *terms;     //  "TAXONOMY:CODE" -> s_term_t
    const char *region; //  the municipality's region, for addresses
} s_hsds_t;

static void
s_hsds_term_add (const msgpack_object *item, void *arg)
{
    s_hsds_t *self = (s_hsds_t *)arg;
    s_term_t *t = (s_term_t *)zmalloc (sizeof *t);
    char taxonomy[64], code[65], key[160];
    cli_format (sk_obj_get (item, "taxonomy"), taxonomy, sizeof taxonomy);
    cli_format (sk_obj_get (item, "code"), code, sizeof code);
    cli_format (sk_obj_get (item, "label_da"), t->label_da, sizeof t->label_da);
    cli_format (sk_obj_get (item, "label_en"), t->label_en, sizeof t->label_en);
    cli_format (sk_obj_get (item, "parent"), t->parent, sizeof t->parent);
    snprintf (key, sizeof key, "%s:%s", taxonomy, code);
    if (zhash_insert (self->terms, key, t))
        free (t);
    else
        zhash_freefn (self->terms, key, free);
}

//  The region of a municipality (kommunekode), as an address's
//  state_province: the five regions since 2007.
static const char *
s_region (const char *code)
{
    static const struct {
        const char *name;
        const char *codes;
    } regions[] = {
        { "Region Hovedstaden", " 101 147 151 153 155 157 159 161 163 165 167 169 173 175 183 185 "
                                "187 190 201 210 217 219 223 230 240 250 260 270 400 411 " },
        { "Region Sjælland", " 253 259 265 269 306 316 320 326 329 330 336 340 350 360 370 376 "
                             "390 " },
        { "Region Syddanmark", " 410 420 430 440 450 461 479 480 482 492 510 530 540 550 561 563 "
                               "573 575 580 607 621 630 " },
        { "Region Midtjylland", " 615 657 661 665 671 706 707 710 727 730 740 741 746 751 756 760 "
                                "766 779 791 " },
        { "Region Nordjylland", " 773 787 810 813 820 825 840 846 849 851 860 " },
    };
    char key[8];
    snprintf (key, sizeof key, " %d ", code ? atoi (code) : 0);
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
        if (strstr (regions[i].codes, key))
            return regions[i].name;
    return "Danmark";
}

//  The term taxonomy/code as an HSDS taxonomy_term.
static void
s_pack_term (sk_pack_t *p, s_hsds_t *self, const char *taxonomy, const char *code)
{
    char key[160], name[96];
    snprintf (key, sizeof key, "%s:%s", taxonomy, code);
    snprintf (name, sizeof name, "samskab:%s", taxonomy);
    const s_term_t *t = (const s_term_t *)zhash_lookup (self->terms, key);
    bool parent = t && *t->parent;
    s_uuid_t id, parent_id;
    sk_pack_map (p, parent ? 6 : 5);
    sk_pack_kstr (p, "id", s_uuid (id, "term:%s:%s", taxonomy, code));
    sk_pack_kstr (p, "code", code);
    sk_pack_kstr (p, "name", t ? t->label_da : code);
    sk_pack_kstr (p, "description", t ? t->label_en : code);
    sk_pack_kstr (p, "taxonomy", name);
    if (parent)
        sk_pack_kstr (p, "parent_id", s_uuid (parent_id, "term:%s:%s", taxonomy, t->parent));
}

//  An attribute (id from what) that gives the entity link_id the term
//  taxonomy/code, with value if not NULL.
static void
s_pack_attribute (sk_pack_t *p, s_hsds_t *self, const char *what, const char *link_id,
                  const char *entity, const char *link_type, const char *taxonomy, const char *code,
                  const char *value)
{
    s_uuid_t id, term;
    sk_pack_map (p, value ? 7 : 6);
    sk_pack_kstr (p, "id", s_uuid (id, "attribute:%s", what));
    sk_pack_kstr (p, "link_id", link_id);
    sk_pack_kstr (p, "link_entity", entity);
    sk_pack_kstr (p, "link_type", link_type);
    sk_pack_kstr (p, "taxonomy_term_id", s_uuid (term, "term:%s:%s", taxonomy, code));
    if (value)
        sk_pack_kstr (p, "value", value);
    sk_pack_str (p, "taxonomy_term");
    s_pack_term (p, self, taxonomy, code);
}

static uint32_t
s_array_size (const msgpack_object *list)
{
    return list && list->type == MSGPACK_OBJECT_ARRAY ? list->via.array.size : 0;
}

//  The party's kind and declarations as attributes of the organisation.
static void
s_pack_org_attributes (sk_pack_t *p, s_hsds_t *self, const msgpack_object *party, const char *pid,
                       const char *org)
{
    char kind[24], what[200];
    cli_format (sk_obj_get (party, "kind"), kind, sizeof kind);
    uint32_t count = 1;
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++)
        count += s_array_size (sk_obj_get (party, r->relation));
    sk_pack_str (p, "attributes");
    sk_pack_array (p, count);
    snprintf (what, sizeof what, "%s:kind", pid);
    s_pack_attribute (p, self, what, org, "organization", "kind", "kind", kind, NULL);
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++) {
        const msgpack_object *list = sk_obj_get (party, r->relation);
        for (uint32_t i = 0; i < s_array_size (list); i++) {
            char term[128], level[8];
            cli_format (sk_obj_get (&list->via.array.ptr[i], "term"), term, sizeof term);
            cli_format (sk_obj_get (&list->via.array.ptr[i], "level"), level, sizeof level);
            snprintf (what, sizeof what, "%s:%s:%s", pid, r->relation, term);
            s_pack_attribute (p, self, what, org, "organization", r->relation, r->taxonomy, term,
                              level);
        }
    }
}

//  A record's id, name and description (left out if empty unless the
//  record requires one, as an organisation does).
static void
s_pack_named (sk_pack_t *p, const char *id, const char *name, const char *description,
              bool required)
{
    sk_pack_kstr (p, "id", id);
    sk_pack_kstr (p, "name", name);
    if (*description || required)
        sk_pack_kstr (p, "description", description);
}

//  One service for each of the party's activities: its type and target
//  groups as attributes.
static void
s_pack_services (sk_pack_t *p, s_hsds_t *self, const msgpack_object *party, const char *pid,
                 const char *org)
{
    const msgpack_object *acts = sk_obj_get (party, "activities");
    uint32_t n = s_array_size (acts);
    sk_pack_str (p, "services");
    sk_pack_array (p, n);
    for (uint32_t i = 0; i < n; i++) {
        const msgpack_object *a = &acts->via.array.ptr[i];
        char name[1024], other[1024], type[128], description[8192], sname[1100], what[1300];
        cli_format (sk_obj_get (a, "name"), name, sizeof name);
        cli_format (sk_obj_get (a, "type"), type, sizeof type);
        cli_format (sk_obj_get (a, "description"), description, sizeof description);
        //  The k-th activity of a name is service ID:NAME:k
        int same = 1;
        for (uint32_t k = 0; k < i; k++) {
            cli_format (sk_obj_get (&acts->via.array.ptr[k], "name"), other, sizeof other);
            same += streq (other, name);
        }
        if (same > 1)
            snprintf (sname, sizeof sname, "%s:%s:%d", pid, name, same);
        else
            snprintf (sname, sizeof sname, "%s:%s", pid, name);
        const msgpack_object *targets = sk_obj_get (a, "target_groups");
        s_uuid_t sid;
        s_uuid (sid, "service:%s", sname);
        sk_pack_map (p, 5 + (*description ? 1 : 0));
        s_pack_named (p, sid, name, description, false);
        sk_pack_kstr (p, "organization_id", org);
        sk_pack_kstr (p, "status", "active");
        sk_pack_str (p, "attributes");
        sk_pack_array (p, (*type ? 1 : 0) + s_array_size (targets));
        if (*type) {
            snprintf (what, sizeof what, "%s:activity_type:%s", sname, type);
            s_pack_attribute (p, self, what, sid, "service", "activity_type", "activity_type", type,
                              NULL);
        }
        for (uint32_t k = 0; k < s_array_size (targets); k++) {
            char term[128];
            cli_format (&targets->via.array.ptr[k], term, sizeof term);
            snprintf (what, sizeof what, "%s:serves:%s", sname, term);
            s_pack_attribute (p, self, what, sid, "service", "serves", "target_group", term, NULL);
        }
    }
}

//  "STREET, NNNN CITY" as its street, postal code and city; false if the
//  address does not read so.
static bool
s_address_parse (const char *address, char *street, size_t ssize, char *code, char *city,
                 size_t csize)
{
    const char *comma = strrchr (address, ',');
    if (!comma || comma == address)
        return false;
    const char *s = comma + 1;
    while (*s == ' ')
        s++;
    if (strspn (s, "0123456789") != 4 || s[4] != ' ' || *s == '0')
        return false;
    const char *c = s + 4;
    while (*c == ' ')
        c++;
    if (!*c)
        return false;
    snprintf (street, ssize, "%.*s", (int)(comma - address), address);
    snprintf (code, 5, "%.4s", s);
    snprintf (city, csize, "%s", c);
    return true;
}

//  The party's address as a physical location: with an address whose
//  fields HSDS requires if it reads "STREET, NNNN CITY", else named by it.
static void
s_pack_locations (sk_pack_t *p, s_hsds_t *self, const char *address, const char *pid,
                  const char *org)
{
    sk_pack_str (p, "locations");
    if (!*address) {
        sk_pack_array (p, 0);
        return;
    }
    char street[512], code[8], city[512];
    bool parsed = s_address_parse (address, street, sizeof street, code, city, sizeof city);
    s_uuid_t lid, aid;
    s_uuid (lid, "location:%s", pid);
    sk_pack_array (p, 1);
    sk_pack_map (p, 4);
    sk_pack_kstr (p, "id", lid);
    sk_pack_kstr (p, "organization_id", org);
    sk_pack_kstr (p, "location_type", "physical");
    if (!parsed) {
        sk_pack_kstr (p, "name", address);
        return;
    }
    sk_pack_str (p, "addresses");
    sk_pack_array (p, 1);
    sk_pack_map (p, 8);
    sk_pack_kstr (p, "id", s_uuid (aid, "address:%s", pid));
    sk_pack_kstr (p, "location_id", lid);
    sk_pack_kstr (p, "address_1", street);
    sk_pack_kstr (p, "city", city);
    sk_pack_kstr (p, "state_province", self->region);
    sk_pack_kstr (p, "postal_code", code);
    sk_pack_kstr (p, "country", "DK");
    sk_pack_kstr (p, "address_type", "physical");
}

//  One organisation of the public offer.
static void
s_hsds_org (const msgpack_object *party, void *arg)
{
    s_hsds_t *self = (s_hsds_t *)arg;
    sk_pack_t *p = &self->items;
    char pid[24], name[1024], description[8192], website[512], address[512];
    cli_format (sk_obj_get (party, "id"), pid, sizeof pid);
    cli_format (sk_obj_get (party, "name"), name, sizeof name);
    cli_format (sk_obj_get (party, "description"), description, sizeof description);
    cli_format (sk_obj_get (party, "website"), website, sizeof website);
    cli_format (sk_obj_get (party, "address"), address, sizeof address);
    s_uuid_t org;
    s_uuid (org, "organization:%s", pid);
    sk_pack_map (p, 6 + (*website ? 1 : 0));
    s_pack_named (p, org, name, description, true);
    if (*website) {
        //  HSDS wants a URI: "b73.dk" is https://b73.dk
        char uri[520];
        snprintf (uri, sizeof uri, "%s%s", strstr (website, "://") ? "" : "https://", website);
        sk_pack_kstr (p, "website", uri);
    }
    s_pack_org_attributes (p, self, party, pid, org);
    s_pack_services (p, self, party, pid, org);
    s_pack_locations (p, self, address, pid, org);
    self->count++;
}

static void
s_write (sk_pack_t *doc, FILE *out)
{
    msgpack_unpacked u;
    msgpack_unpacked_init (&u);
    size_t off = 0;
    if (msgpack_unpack_next (&u, doc->buf.data, doc->buf.size, &off) == MSGPACK_UNPACK_SUCCESS) {
        cli_print_json (out, &u.data);
        fputc ('\n', out);
    }
    msgpack_unpacked_destroy (&u);
}

int
cli_export_hsds (cli_t *cli, const cli_args_t *args)
{
    const char *path = cli_arg (args, "out");
    s_hsds_t self = { .terms = zhash_new (), .region = s_region (cli->tenant) };
    sk_pack_init (&self.items);
    //  The terms' labels and parents, for the attributes
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 0);
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", "registry.term.list", &body, &reply);
    sk_pack_release (&body);
    if (rc == CLI_OK) {
        const msgpack_object *items = sk_obj_get (cli_body (&reply), "items");
        for (uint32_t i = 0; i < s_array_size (items); i++)
            s_hsds_term_add (&items->via.array.ptr[i], &self);
    }
    sk_frame_release (&reply);
    if (rc == CLI_OK)
        rc = cli_export_pages (cli, "registry.party.public", s_hsds_org, &self);
    FILE *out = NULL;
    if (rc == CLI_OK && !(out = path ? fopen (path, "w") : stdout)) {
        fprintf (stderr, "samskab: could not create file \"%s\": %s\n", path, strerror (errno));
        rc = CLI_REFUSED;
    }
    if (rc == CLI_OK) {
        sk_pack_t doc;
        sk_pack_init (&doc);
        sk_pack_map (&doc, 2);
        sk_pack_kstr (&doc, "hsds_version", "3.0");
        sk_pack_str (&doc, "organizations");
        sk_pack_array (&doc, self.count);
        sk_pack_raw (&doc, self.items.buf.data, self.items.buf.size);
        s_write (&doc, out);
        sk_pack_release (&doc);
    }
    if (out && path)
        fclose (out);
    sk_pack_release (&self.items);
    zhash_destroy (&self.terms);
    return rc;
}
