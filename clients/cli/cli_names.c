/*  cli_names.c: volunteers' names in staff's views of match's replies.

    The match service keeps no person's name in its copy of the registry
    (doc/DECISIONS.md, "A volunteer's name is looked up, not copied"), so
    its replies carry a volunteer by id. The CLI asks the registry for the
    names of the volunteers a reply lists, in one registry.party.names call
    under the caller's own certificate (the registry's roles and tenant
    wall decide what it sees), and shows them. An erased volunteer is
    "Slettet frivillig" in the registry, so no erased name comes back.
*/
#include <czmq.h>

#include "cli.h"

#define S_MAX_IDS 1000 //  ids of one registry.party.names call

struct cli_names_s {
    zhash_t *names;     //  id (decimal text) -> name, once fetched
    int64_t *ids;       //  ids wanted, without repeats
    size_t count;       //  of ids
    msgpack_zone *zone; //  the filled copies' maps
};

cli_names_t *
cli_names_new (void)
{
    cli_names_t *self = (cli_names_t *)zmalloc (sizeof (cli_names_t));
    assert (self);
    self->names = zhash_new ();
    zhash_autofree (self->names);
    self->ids = (int64_t *)zmalloc (S_MAX_IDS * sizeof (int64_t));
    self->zone = msgpack_zone_new (MSGPACK_ZONE_CHUNK_SIZE);
    assert (self->ids && self->zone);
    return self;
}

void
cli_names_destroy (cli_names_t **self_p)
{
    assert (self_p);
    cli_names_t *self = *self_p;
    if (!self)
        return;
    zhash_destroy (&self->names);
    free (self->ids);
    msgpack_zone_free (self->zone);
    free (self);
    *self_p = NULL;
}

//  True if map[key] is a string with something in it.
static bool
s_named (const msgpack_object *map, const char *key)
{
    const msgpack_object *name = sk_obj_get (map, key);
    return name && name->type == MSGPACK_OBJECT_STR && name->via.str.size > 0;
}

void
cli_names_want (cli_names_t *self, const msgpack_object *map, const char *id_key,
                const char *name_key)
{
    int64_t id;
    if (!map || map->type != MSGPACK_OBJECT_MAP || s_named (map, name_key)
        || !sk_obj_int (sk_obj_get (map, id_key), &id) || id < 1)
        return;
    for (size_t i = 0; i < self->count; i++)
        if (self->ids[i] == id)
            return;
    if (self->count < S_MAX_IDS)
        self->ids[self->count++] = id;
}

int
cli_names_fetch (cli_names_t *self, cli_t *cli)
{
    if (self->count == 0)
        return CLI_OK;
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_str (&body, "ids");
    sk_pack_array (&body, (uint32_t)self->count);
    for (size_t i = 0; i < self->count; i++)
        sk_pack_int (&body, self->ids[i]);
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", "registry.party.names", &body, &reply);
    sk_pack_release (&body);
    const msgpack_object *items = rc == CLI_OK ? sk_obj_get (cli_body (&reply), "items") : NULL;
    for (uint32_t i = 0; items && items->type == MSGPACK_OBJECT_ARRAY && i < items->via.array.size;
         i++) {
        const msgpack_object *it = &items->via.array.ptr[i];
        char key[24], name[256];
        snprintf (key, sizeof key, "%lld", (long long)cli_get_int (it, "id"));
        if (*cli_get_str (it, "name", name, sizeof name))
            zhash_update (self->names, key, strdup (name));
    }
    if (rc != CLI_OK)
        fprintf (stderr, "samskab: volunteers are shown without their names\n");
    sk_frame_release (&reply);
    self->count = 0;
    return rc;
}

const char *
cli_names_get (cli_names_t *self, int64_t id)
{
    char key[24];
    snprintf (key, sizeof key, "%lld", (long long)id);
    return (const char *)zhash_lookup (self->names, key);
}

const msgpack_object *
cli_names_fill (cli_names_t *self, const msgpack_object *map, const char *id_key,
                const char *name_key)
{
    int64_t id;
    const char *name;
    if (!map || map->type != MSGPACK_OBJECT_MAP || s_named (map, name_key)
        || !sk_obj_int (sk_obj_get (map, id_key), &id) || !(name = cli_names_get (self, id)))
        return map;
    //  The same keys and values, name_key's value the name (added if absent)
    uint32_t size = map->via.map.size;
    msgpack_object *copy = (msgpack_object *)msgpack_zone_malloc (self->zone, sizeof *copy);
    msgpack_object_kv *kvs = (msgpack_object_kv *)msgpack_zone_malloc (
        self->zone, (size + 1) * sizeof (msgpack_object_kv));
    assert (copy && kvs);
    memcpy (kvs, map->via.map.ptr, size * sizeof (msgpack_object_kv));
    msgpack_object value = { .type = MSGPACK_OBJECT_STR };
    value.via.str.ptr = name;
    value.via.str.size = (uint32_t)strlen (name);
    uint32_t k = 0;
    while (k < size
           && !(kvs[k].key.type == MSGPACK_OBJECT_STR
                && kvs[k].key.via.str.size == strlen (name_key)
                && memcmp (kvs[k].key.via.str.ptr, name_key, strlen (name_key)) == 0))
        k++;
    if (k == size) {
        kvs[k].key = (msgpack_object){ .type = MSGPACK_OBJECT_STR };
        kvs[k].key.via.str.ptr = name_key;
        kvs[k].key.via.str.size = (uint32_t)strlen (name_key);
        size++;
    }
    kvs[k].val = value;
    *copy = (msgpack_object){ .type = MSGPACK_OBJECT_MAP };
    copy->via.map.ptr = kvs;
    copy->via.map.size = size;
    return copy;
}

const msgpack_object *
cli_names_fill_items (cli_names_t *self, const msgpack_object *items, const char *id_key,
                      const char *name_key)
{
    if (!items || items->type != MSGPACK_OBJECT_ARRAY)
        return items;
    uint32_t size = items->via.array.size;
    msgpack_object *copy = (msgpack_object *)msgpack_zone_malloc (self->zone, sizeof *copy);
    msgpack_object *each =
        (msgpack_object *)msgpack_zone_malloc (self->zone, (size + 1) * sizeof (msgpack_object));
    assert (copy && each);
    for (uint32_t i = 0; i < size; i++)
        each[i] = *cli_names_fill (self, &items->via.array.ptr[i], id_key, name_key);
    *copy = (msgpack_object){ .type = MSGPACK_OBJECT_ARRAY };
    copy->via.array.ptr = each;
    copy->via.array.size = size;
    return copy;
}
