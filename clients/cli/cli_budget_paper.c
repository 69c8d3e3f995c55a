/*  cli_budget_paper.c: paper ballots and ballots by project code. Staff
    key a paper ballot's (or a cast's) projects by the codes the paper,
    ballots.csv, the .pb files and the web show (p3, or P3) or by id; a
    receipt, the ballot list and the paper entries name projects by code,
    not by the service's internal id.
    And the late count names who opened it by the certificate's holder. */
#include <czmq.h>
#include <ctype.h>

#include "cli.h"
#include "cli_budget.h"

//  A citizen budget's projects (vote.project.list), each {id, code, title}
typedef struct {
    sk_frame_t reply;
    const msgpack_object *items;
} s_projects_t;

static int
s_projects_load (cli_t *cli, int64_t process, s_projects_t *self)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "process", process);
    int rc = cli_call (cli, "vote", "vote.project.list", &body, &self->reply);
    sk_pack_release (&body);
    self->items = NULL;
    if (rc != CLI_OK) {
        sk_frame_release (&self->reply);
        return rc;
    }
    const msgpack_object *items = sk_obj_get (cli_body (&self->reply), "items");
    if (items && items->type == MSGPACK_OBJECT_ARRAY)
        self->items = items;
    return CLI_OK;
}

//  The project with id, or NULL
static const msgpack_object *
s_project (const s_projects_t *self, int64_t id)
{
    for (uint32_t i = 0; self->items && i < self->items->via.array.size; i++)
        if (cli_get_int (&self->items->via.array.ptr[i], "id") == id)
            return &self->items->via.array.ptr[i];
    return NULL;
}

//  The project keyed as token: a project's id, else its code in any case
//  (an id wins over a code made of digits, as ids were all there was).
//  CLI_OK, or CLI_REFUSED with why printed.
static int
s_resolve (const s_projects_t *self, int64_t process, const char *token, int64_t *id)
{
    char *end;
    long long n = strtoll (token, &end, 10);
    if (*token && !*end && s_project (self, n)) {
        *id = n;
        return CLI_OK;
    }
    char codes[512] = "";
    size_t len = 0;
    for (uint32_t i = 0; self->items && i < self->items->via.array.size; i++) {
        const msgpack_object *p = &self->items->via.array.ptr[i];
        char code[64];
        cli_get_str (p, "code", code, sizeof code);
        if (strcasecmp (code, token) == 0) {
            *id = cli_get_int (p, "id");
            return CLI_OK;
        }
        if (len < sizeof codes)
            len += (size_t)snprintf (codes + len, sizeof codes - len, "%s%s", i ? ", " : "", code);
    }
    fprintf (stderr,
             "samskab: no project \"%s\" in citizen budget %lld: give a project's code "
             "(its codes: %s) or its id (option \"--projects\")\n",
             token, (long long)process, *codes ? codes : "none");
    return CLI_REFUSED;
}

int
cli_budget_call_projects (cli_t *cli, const cli_args_t *args, const char *op,
                          const sk_pack_t *extra, int nextra)
{
    int64_t process = cli_arg_int (args, "ID", 0);
    s_projects_t projects;
    int rc = s_projects_load (cli, process, &projects);
    if (rc != CLI_OK)
        return rc;
    const char *given[64];
    int ngiven = cli_arg_all (args, "projects", given, 64);
    int64_t ids[256];
    uint32_t n = 0;
    for (int k = 0; k < ngiven && rc == CLI_OK; k++)
        for (const char *c = given[k]; *c && rc == CLI_OK;) {
            size_t len = strcspn (c, ",");
            char token[64];
            snprintf (token, sizeof token, "%.*s", (int)len, c);
            //  Blanks around a code are no part of it
            char *t = token + strspn (token, " ");
            t[strcspn (t, " ")] = 0;
            if (*t && n < 256)
                rc = s_resolve (&projects, process, t, &ids[n++]);
            c += len + (c[len] == ',');
        }
    sk_frame_release (&projects.reply);
    if (rc != CLI_OK)
        return rc;
    sk_pack_t pairs, body;
    sk_pack_init (&pairs);
    sk_pack_init (&body);
    sk_pack_str (&pairs, "projects");
    sk_pack_array (&pairs, n);
    for (uint32_t i = 0; i < n; i++)
        sk_pack_int (&pairs, ids[i]);
    if (nextra)
        sk_pack_raw (&pairs, extra->buf.data, extra->buf.size);
    cli_args_pack (args, &body, &pairs, 1 + nextra);
    rc = cli_call_print (cli, op, &body, NULL);
    sk_pack_release (&pairs);
    sk_pack_release (&body);
    return rc;
}

//  budget paper | paper-confirm ID --projects CODE,CODE
int
cli_budget_paper (cli_t *cli, const cli_args_t *args)
{
    return cli_budget_call_projects (cli, args, args->command->op, NULL, 0);
}

//  The projects of a ballot, by code, and with titles when titled, into buf
static void
s_codes (const s_projects_t *self, const msgpack_object *ballot, bool titled, char *buf,
         size_t size)
{
    const msgpack_object *ids = sk_obj_get (ballot, "projects");
    size_t len = 0;
    *buf = 0;
    for (uint32_t i = 0;
         ids && ids->type == MSGPACK_OBJECT_ARRAY && i < ids->via.array.size && len < size; i++) {
        int64_t id = 0;
        sk_obj_int (&ids->via.array.ptr[i], &id);
        const msgpack_object *p = s_project (self, id);
        char code[64], title[256];
        if (p && titled)
            len += (size_t)snprintf (buf + len, size - len, "%s%s %s", i ? ", " : "",
                                     cli_get_str (p, "code", code, sizeof code),
                                     cli_get_str (p, "title", title, sizeof title));
        else if (p)
            len += (size_t)snprintf (buf + len, size - len, "%s%s", i ? ", " : "",
                                     cli_get_str (p, "code", code, sizeof code));
        else //  not one of the budget's projects now: its id
            len +=
                (size_t)snprintf (buf + len, size - len, "%s#%lld", i ? ", " : "", (long long)id);
    }
}

//  A copy of ballot (in zone) with its projects as text: codes, and
//  titles when titled; the other keys as they are
static msgpack_object
s_with_codes (msgpack_zone *zone, const s_projects_t *self, const msgpack_object *ballot,
              bool titled)
{
    if (ballot->type != MSGPACK_OBJECT_MAP)
        return *ballot;
    uint32_t size = ballot->via.map.size;
    msgpack_object_kv *kvs =
        (msgpack_object_kv *)msgpack_zone_malloc (zone, size * sizeof (msgpack_object_kv));
    char *text = (char *)msgpack_zone_malloc (zone, 4096);
    assert (kvs && text);
    memcpy (kvs, ballot->via.map.ptr, size * sizeof (msgpack_object_kv));
    s_codes (self, ballot, titled, text, 4096);
    for (uint32_t k = 0; k < size; k++)
        if (kvs[k].key.type == MSGPACK_OBJECT_STR && kvs[k].key.via.str.size == 8
            && memcmp (kvs[k].key.via.str.ptr, "projects", 8) == 0
            && kvs[k].val.type == MSGPACK_OBJECT_ARRAY) {
            kvs[k].val = (msgpack_object){ .type = MSGPACK_OBJECT_STR };
            kvs[k].val.via.str.ptr = text;
            kvs[k].val.via.str.size = (uint32_t)strlen (text);
        }
    msgpack_object copy = { .type = MSGPACK_OBJECT_MAP };
    copy.via.map.ptr = kvs;
    copy.via.map.size = size;
    return copy;
}

//  budget receipt | ballots | papers: the ballot (or each, as columns) by
//  project code, with titles for the one ballot; JSON as the service gives
//  it (a paper entry of another member has no projects: it stays so)
static int
s_print_ballots (cli_t *cli, const cli_args_t *args, const msgpack_object *body, bool one,
                 const char *const *columns)
{
    const msgpack_object *items = one ? body : sk_obj_get (body, "items");
    if (cli_print_if_json (cli, items))
        return CLI_OK;
    if (!items || (!one && items->type != MSGPACK_OBJECT_ARRAY))
        return CLI_OK;
    s_projects_t projects;
    int rc = s_projects_load (cli, cli_arg_int (args, "ID", 0), &projects);
    if (rc != CLI_OK)
        return rc;
    msgpack_zone *zone = msgpack_zone_new (4096);
    assert (zone);
    if (one) {
        msgpack_object ballot = s_with_codes (zone, &projects, items, true);
        cli_print_record (cli, &ballot);
    } else {
        uint32_t n = items->via.array.size;
        msgpack_object *each =
            (msgpack_object *)msgpack_zone_malloc (zone, (n + 1) * sizeof (msgpack_object));
        assert (each);
        for (uint32_t i = 0; i < n; i++)
            each[i] = s_with_codes (zone, &projects, &items->via.array.ptr[i], false);
        msgpack_object all = { .type = MSGPACK_OBJECT_ARRAY };
        all.via.array.ptr = each;
        all.via.array.size = n;
        cli_print_items (cli, &all, columns);
    }
    msgpack_zone_free (zone);
    sk_frame_release (&projects.reply);
    return CLI_OK;
}

int
cli_budget_print_receipt (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    return s_print_ballots (cli, args, body, true, NULL);
}

int
cli_budget_print_ballots (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    static const char *columns[] = { "receipt", "paper", "projects", "points", NULL };
    return s_print_ballots (cli, args, body, false, columns);
}

int
cli_budget_print_papers (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    static const char *columns[] = { "paper", "projects", "points", "mine", "late", NULL };
    return s_print_ballots (cli, args, body, false, columns);
}

const char *
cli_budget_holder (const msgpack_object *map, const char *key, char *buf, size_t size)
{
    cli_get_str (map, key, buf, size);
    if (!*buf)
        snprintf (buf, size, "a staff certificate without a name");
    return buf;
}

//  budget late-count: when, by whom (the certificate's holder), why
int
cli_budget_print_late (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    (void)args;
    if (cli_print_if_json (cli, body))
        return CLI_OK;
    char at[32], by[128], why[512];
    printf ("late count opened on citizen budget %lld at %s by %s: %s\n",
            (long long)cli_get_int (body, "process"),
            cli_get_str (body, "opened_at", at, sizeof at),
            cli_budget_holder (body, "opened_by", by, sizeof by),
            cli_get_str (body, "reason", why, sizeof why));
    return CLI_OK;
}
