/*  cli_print.c: replies as JSON, tables and records. */
#include <czmq.h>

#include "cli.h"
#include "sk_number.h"

static void
s_json_string (FILE *out, const char *s, size_t len)
{
    fputc ('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf (out, "\\%c", c);
        else if (c == '\n')
            fputs ("\\n", out);
        else if (c == '\t')
            fputs ("\\t", out);
        else if (c == '\r')
            fputs ("\\r", out);
        else if (c < 0x20)
            fprintf (out, "\\u%04x", c);
        else
            fputc (c, out);
    }
    fputc ('"', out);
}

void
cli_print_json (FILE *out, const msgpack_object *obj)
{
    switch (obj->type) {
        case MSGPACK_OBJECT_NIL: fputs ("null", out); break;
        case MSGPACK_OBJECT_BOOLEAN: fputs (obj->via.boolean ? "true" : "false", out); break;
        case MSGPACK_OBJECT_POSITIVE_INTEGER: fprintf (out, "%" PRIu64, obj->via.u64); break;
        case MSGPACK_OBJECT_NEGATIVE_INTEGER: fprintf (out, "%" PRId64, obj->via.i64); break;
        case MSGPACK_OBJECT_FLOAT32:
        case MSGPACK_OBJECT_FLOAT64: fprintf (out, "%.17g", obj->via.f64); break;
        case MSGPACK_OBJECT_STR: s_json_string (out, obj->via.str.ptr, obj->via.str.size); break;
        case MSGPACK_OBJECT_BIN: s_json_string (out, "(binary)", 8); break;
        case MSGPACK_OBJECT_ARRAY:
            fputc ('[', out);
            for (uint32_t i = 0; i < obj->via.array.size; i++) {
                if (i)
                    fputc (',', out);
                cli_print_json (out, &obj->via.array.ptr[i]);
            }
            fputc (']', out);
            break;
        case MSGPACK_OBJECT_MAP:
            fputc ('{', out);
            for (uint32_t i = 0; i < obj->via.map.size; i++) {
                if (i)
                    fputc (',', out);
                cli_print_json (out, &obj->via.map.ptr[i].key);
                fputc (':', out);
                cli_print_json (out, &obj->via.map.ptr[i].val);
            }
            fputc ('}', out);
            break;
        default: fputs ("null", out);
    }
}

//  A map in a cell: its title (or first text) and its cost or budget, as
//  "Bænke (20000)"
static void
s_format_map (const msgpack_object *map, char *buf, size_t size)
{
    const msgpack_object *title = sk_obj_get (map, "title");
    for (uint32_t i = 0; !title && i < map->via.map.size; i++)
        if (map->via.map.ptr[i].val.type == MSGPACK_OBJECT_STR)
            title = &map->via.map.ptr[i].val;
    const msgpack_object *amount = sk_obj_get (map, "cost");
    if (!amount)
        amount = sk_obj_get (map, "budget");
    char t[200] = "", a[32] = "";
    if (title)
        snprintf (t, sizeof t, "%.*s", (int)title->via.str.size, title->via.str.ptr);
    cli_format (amount, a, sizeof a);
    snprintf (buf, size, *a ? "%s (%s)" : "%s", t, a);
}

const char *
cli_local_time (const char *utc, char *buf, size_t size)
{
    struct tm tm = { 0 };
    const char *end = strptime (utc, "%Y-%m-%dT%H:%M:%S", &tm);
    if (end && *end == '.')
        end += 1 + strspn (end + 1, "0123456789");
    if (!end || strcmp (end, "Z") != 0) {
        snprintf (buf, size, "%s", utc);
        return buf;
    }
    //  The CLI runs in Danish time (main sets TZ)
    time_t t = timegm (&tm);
    struct tm local;
    localtime_r (&t, &local);
    strftime (buf, size, "%Y-%m-%d %H:%M", &local);
    return buf;
}

void
cli_format (const msgpack_object *obj, char *buf, size_t size)
{
    buf[0] = 0;
    if (!obj)
        return;
    switch (obj->type) {
        case MSGPACK_OBJECT_NIL: break;
        case MSGPACK_OBJECT_BOOLEAN:
            snprintf (buf, size, "%s", obj->via.boolean ? "yes" : "no");
            break;
        case MSGPACK_OBJECT_POSITIVE_INTEGER: snprintf (buf, size, "%" PRIu64, obj->via.u64); break;
        case MSGPACK_OBJECT_NEGATIVE_INTEGER: snprintf (buf, size, "%" PRId64, obj->via.i64); break;
        case MSGPACK_OBJECT_STR:
            snprintf (buf, size, "%.*s", (int)obj->via.str.size, obj->via.str.ptr);
            break;
        case MSGPACK_OBJECT_ARRAY: {
            //  Declarations print as "term:level", activities by name
            size_t n = 0;
            for (uint32_t i = 0; i < obj->via.array.size && n < size; i++) {
                const msgpack_object *e = &obj->via.array.ptr[i];
                char one[256];
                const msgpack_object *term = sk_obj_get (e, "term");
                const msgpack_object *name = sk_obj_get (e, "name");
                if (term) {
                    char t[128], l[16];
                    cli_format (term, t, sizeof t);
                    cli_format (sk_obj_get (e, "level"), l, sizeof l);
                    snprintf (one, sizeof one, "%s:%s", t, l);
                } else if (name || e->type != MSGPACK_OBJECT_MAP)
                    cli_format (name ? name : e, one, sizeof one);
                else
                    s_format_map (e, one, sizeof one);
                n += (size_t)snprintf (buf + n, size - n, "%s%s", i ? ", " : "", one);
            }
            break;
        }
        default: snprintf (buf, size, "...");
    }
}

//  Characters, not bytes: "ø" is one column wide.
static int
s_columns (const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

//  Print s cut to width characters (a cut one ends with "…"), padded to
//  width; the last column whole (nothing stands to its right, so a long
//  text such as an idea's wraps instead of losing its end), a line break
//  in it a blank.
static void
s_cell (const char *s, int width, bool last)
{
    if (last) {
        for (; *s; s++)
            putchar (*s == '\n' || *s == '\r' ? ' ' : *s);
        putchar ('\n');
        return;
    }
    int n = 0;
    const char *p = s;
    bool cut = s_columns (s) > width;
    for (; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80 && ++n > width - cut)
            break;
    }
    printf ("%.*s%s", (int)(p - s), s, cut ? "…" : "");
    if (cut)
        n = width;
    if (!last)
        printf ("%*s", width - (n > width ? width : n) + 2, "");
    else
        putchar ('\n');
}

bool
cli_print_if_json (cli_t *cli, const msgpack_object *obj)
{
    if (!cli->json)
        return false;
    cli_print_json (stdout, obj);
    fputc ('\n', stdout);
    return true;
}

//  Fields of the vote service that hold whole kroner (proto/PROTOCOL.md,
//  "Vote"): a table or record shows them as people read amounts
static bool
s_is_amount (const char *key)
{
    static const char *const amounts[] = {
        "amount",          "budget",     "cost",      "min_cost",
        "max_cost",        "total_cost", "remaining", "price_per_supporter",
        "price_per_point", NULL
    };
    for (int i = 0; key && amounts[i]; i++)
        if (streq (key, amounts[i]))
            return true;
    return false;
}

//  Languages (speaks) as codes: "da, ar". A level means nothing on a
//  language (the CLI gives none; 2 is what the registry stores), so only
//  another level, set through the protocol, is shown ("da:3").
static void
s_languages (const msgpack_object *list, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = 0;
    for (uint32_t i = 0; i < list->via.array.size && n < size; i++) {
        const msgpack_object *e = &list->via.array.ptr[i];
        char term[128], level[24] = "";
        int64_t l = 2;
        cli_format (sk_obj_get (e, "term"), term, sizeof term);
        if (sk_obj_int (sk_obj_get (e, "level"), &l) && l != 2)
            snprintf (level, sizeof level, ":%lld", (long long)l);
        n += (size_t)snprintf (buf + n, size - n, "%s%s%s", i ? ", " : "", term, level);
    }
}

//  A value as a table or record shows it under key: cli_format, an
//  amount as "150.000 kr." (a price, a decimal such as "5714.29", in
//  whole kroner: "5.714 kr."), an instant in Danish local time,
//  languages without their level (s_languages)
static void
s_display (const char *key, const msgpack_object *obj, char *buf, size_t size)
{
    int64_t kr = 0;
    char decimal[32];
    bool amount = obj && s_is_amount (key);
    if (amount && obj->type == MSGPACK_OBJECT_POSITIVE_INTEGER)
        kr = (int64_t)obj->via.u64;
    else if (amount && obj->type == MSGPACK_OBJECT_NEGATIVE_INTEGER)
        kr = obj->via.i64;
    else if (amount && obj->type == MSGPACK_OBJECT_STR)
        amount =
            sk_obj_str_copy (obj, decimal, sizeof decimal) == 0 && sk_number_round (decimal, &kr);
    else
        amount = false;
    if (amount) {
        sk_number_kr (kr, buf, size);
        return;
    }
    if (obj && key && streq (key, "speaks") && obj->type == MSGPACK_OBJECT_ARRAY) {
        s_languages (obj, buf, size);
        return;
    }
    cli_format (obj, buf, size);
    if (obj && obj->type == MSGPACK_OBJECT_STR && size > 20 && buf[0]
        && buf[strlen (buf) - 1] == 'Z') {
        char utc[64];
        if (strlen (buf) < sizeof utc) {
            memcpy (utc, buf, strlen (buf) + 1);
            cli_local_time (utc, buf, size);
        }
    }
}

//  A map's value under key as a cell shows it: an area by its name
//  ("area_name", which the registry's replies carry), else s_display
static void
s_cell_of (const msgpack_object *map, const char *key, char *buf, size_t size)
{
    const msgpack_object *name = streq (key, "area") ? sk_obj_get (map, "area_name") : NULL;
    if (name && name->type == MSGPACK_OBJECT_STR && sk_obj_get (map, key))
        key = "area_name";
    s_display (key, sk_obj_get (map, key), buf, size);
}

void
cli_print_items (cli_t *cli, const msgpack_object *items, const char *const *columns)
{
    if (cli_print_if_json (cli, items))
        return;
    if (!items || items->type != MSGPACK_OBJECT_ARRAY)
        return;
    int ncol = 0;
    while (columns[ncol])
        ncol++;
    //  Column widths from the data, capped so a table stays readable
    int width[16];
    for (int c = 0; c < ncol; c++)
        width[c] = (int)strlen (columns[c]);
    char cell[4096];
    for (uint32_t i = 0; i < items->via.array.size; i++)
        for (int c = 0; c < ncol; c++) {
            s_cell_of (&items->via.array.ptr[i], columns[c], cell, sizeof cell);
            int w = s_columns (cell);
            width[c] = w > width[c] ? (w > 40 ? 40 : w) : width[c];
        }
    for (int c = 0; c < ncol; c++) {
        char head[64];
        snprintf (head, sizeof head, "%s", columns[c]);
        for (char *h = head; *h; h++)
            *h = (char)toupper (*h);
        s_cell (head, width[c], c + 1 == ncol);
    }
    for (uint32_t i = 0; i < items->via.array.size; i++)
        for (int c = 0; c < ncol; c++) {
            s_cell_of (&items->via.array.ptr[i], columns[c], cell, sizeof cell);
            s_cell (cell, width[c], c + 1 == ncol);
        }
    printf ("(%u %s)\n", items->via.array.size, items->via.array.size == 1 ? "row" : "rows");
}

//  An array of maps that are records, not declarations (term:level) or
//  named items a line shows
static bool
s_is_records (const msgpack_object *v)
{
    if (v->type != MSGPACK_OBJECT_ARRAY || v->via.array.size == 0)
        return false;
    const msgpack_object *e = &v->via.array.ptr[0];
    return e->type == MSGPACK_OBJECT_MAP && !sk_obj_get (e, "term") && e->via.map.size > 2;
}

//  A table of records, its columns the keys of the first with a value in
//  some record (at most 15)
static void
s_records_table (cli_t *cli, const msgpack_object *records)
{
    const msgpack_object *first = &records->via.array.ptr[0];
    char names[16][64];
    const char *columns[16];
    int n = 0;
    for (uint32_t k = 0; k < first->via.map.size && n < 15; k++) {
        const msgpack_object *key = &first->via.map.ptr[k].key;
        if (key->type != MSGPACK_OBJECT_STR)
            continue;
        snprintf (names[n], sizeof names[n], "%.*s", (int)key->via.str.size, key->via.str.ptr);
        bool any = false;
        for (uint32_t r = 0; r < records->via.array.size && !any; r++) {
            const msgpack_object *v = sk_obj_get (&records->via.array.ptr[r], names[n]);
            any = v && v->type != MSGPACK_OBJECT_NIL;
        }
        if (any) {
            columns[n] = names[n];
            n++;
        }
    }
    columns[n] = NULL;
    cli_print_items (cli, records, columns);
}

void
cli_print_record (cli_t *cli, const msgpack_object *map)
{
    if (cli_print_if_json (cli, map))
        return;
    if (!map || map->type != MSGPACK_OBJECT_MAP)
        return;
    char value[4096];
    for (uint32_t i = 0; i < map->via.map.size; i++) {
        const msgpack_object_kv *kv = &map->via.map.ptr[i];
        char key[64] = "";
        if (kv->key.type == MSGPACK_OBJECT_STR)
            snprintf (key, sizeof key, "%.*s", (int)kv->key.via.str.size, kv->key.via.str.ptr);
        s_cell_of (map, key, value, sizeof value);
        if (streq (key, "area_name") || kv->val.type == MSGPACK_OBJECT_NIL
            || (kv->val.type == MSGPACK_OBJECT_ARRAY && kv->val.via.array.size == 0)
            || s_is_records (&kv->val))
            continue;
        printf ("%-18.*s %s\n", (int)kv->key.via.str.size, kv->key.via.str.ptr, value);
    }
    //  Lists of records (a budget's pools and projects) as tables of their own
    for (uint32_t i = 0; i < map->via.map.size; i++) {
        const msgpack_object_kv *kv = &map->via.map.ptr[i];
        if (s_is_records (&kv->val)) {
            printf ("\n%.*s:\n", (int)kv->key.via.str.size, kv->key.via.str.ptr);
            s_records_table (cli, &kv->val);
        }
    }
}

void
cli_print_xml (FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '&')
            fputs ("&amp;", out);
        else if (c == '<')
            fputs ("&lt;", out);
        else if (c == '>')
            fputs ("&gt;", out);
        else if (c == '"')
            fputs ("&quot;", out);
        else if (c == '\'')
            fputs ("&apos;", out);
        else if ((unsigned char)c < 0x20 && c != '\n' && c != '\t')
            fputc (' ', out); //  not allowed in XML 1.0
        else
            fputc (c, out);
    }
}

int64_t
cli_get_int (const msgpack_object *map, const char *key)
{
    int64_t v = 0;
    return sk_obj_int (sk_obj_get (map, key), &v) ? v : 0;
}

const char *
cli_get_str (const msgpack_object *map, const char *key, char *buf, size_t size)
{
    if (sk_obj_str_copy (sk_obj_get (map, key), buf, size))
        buf[0] = 0;
    return buf;
}

FILE *
cli_csv_create (const char *path)
{
    FILE *out = path ? fopen (path, "wb") : stdout;
    if (!out) {
        fprintf (stderr, "samskab: could not create file \"%s\": %s\n", path, strerror (errno));
        return NULL;
    }
    //  A BOM, so that spreadsheets read the file as UTF-8
    fputs ("\xEF\xBB\xBF", out);
    return out;
}
