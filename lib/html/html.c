/*  html.c: templates parsed once into nodes, rendered with escaped values. */
#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/html.h"
#include "sk_mem.h"
#include "sk_utf8.h"

#define S_NAME_MAX 64

typedef enum { S_TEXT, S_VAR, S_SECTION, S_INVERTED, S_INCLUDE } s_kind_t;

typedef struct {
    s_kind_t kind;
    char *text; //  the text (S_TEXT) or the name
    size_t len; //  bytes of text
    size_t end; //  sections: the index of the first node after the section
    int line;   //  where the tag is, for messages
} s_node_t;

typedef struct {
    char *name;      //  the template's name
    s_node_t *nodes; //  in order; a section's body follows it
    size_t count;
} s_tmpl_t;

struct _html_part_t {
    size_t refs; //  changed atomically
    size_t len;
    char html[]; //  len bytes and a 0
};

struct _html_set_t {
    s_tmpl_t *tmpls;
    size_t count;
};

typedef struct {
    char *name;          //  the value's name
    size_t name_len;     //  its bytes
    uint32_t hash;       //  of its name (s_hash)
    char *text;          //  a text, or NULL for a list or a part
    html_part_t *part;   //  a part, or NULL
    html_data_t **items; //  a list's items
    size_t items_count, items_cap;
} s_value_t;

//  A page sets some 150 values (every string of its language) and looks
//  each up as it renders, from each of its rows (160 projects) outwards:
//  past S_LINEAR values a table of their hashes finds a name (the arrays
//  grow by doubling).
#define S_LINEAR 16
struct _html_data_t {
    html_data_t *parent; //  where lookups continue; NULL at the root
    s_value_t *values;
    size_t count, cap;
    uint32_t *index;   //  NULL, or index_size slots: value + 1, 0 when free
    size_t index_size; //  a power of two, at least twice count
};

static void
s_why (char *why, size_t why_size, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    if (why && why_size)
        vsnprintf (why, why_size, format, args);
    va_end (args);
}

//  ---------------------------------------------------------------------
//  Escaping

static void
s_append (char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t want = *cap ? *cap : 256;
        while (want < *len + n + 1)
            want *= 2;
        *buf = sk_realloc (*buf, want);
        *cap = want;
    }
    memcpy (*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = 0;
}

//  Bytes of the valid UTF-8 sequence at s (of n bytes left), or 0.
static size_t
s_utf8_seq (const uint8_t *s, size_t n)
{
    size_t want = s[0] < 0x80 ? 1 : s[0] < 0xC2 ? 0 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    if (want == 0 || want > n || !sk_utf8_valid (s, want))
        return 0;
    return want;
}

void
html_escape (char **buf, size_t *len, size_t *cap, const char *s)
{
    const uint8_t *p = (const uint8_t *)(s ? s : "");
    size_t n = strlen ((const char *)p);
    s_append (buf, len, cap, "", 0);
    while (n) {
        size_t run = 0;
        //  The longest run that needs no escaping, copied at once
        while (run < n && p[run] >= 0x20 && p[run] < 0x7F && !strchr ("&<>\"'", p[run]))
            run++;
        if (run) {
            s_append (buf, len, cap, (const char *)p, run);
            p += run, n -= run;
            continue;
        }
        size_t seq = s_utf8_seq (p, n);
        const char *entity = NULL;
        switch (seq ? *p : 0) {
            case '&': entity = "&amp;"; break;
            case '<': entity = "&lt;"; break;
            case '>': entity = "&gt;"; break;
            case '"': entity = "&quot;"; break;
            case '\'': entity = "&#39;"; break;
            default: break;
        }
        if (entity)
            s_append (buf, len, cap, entity, strlen (entity));
        else if (seq == 1 && *p < 0x20 && !strchr ("\t\n\r", *p))
            s_append (buf, len, cap, "\xEF\xBF\xBD", 3); //  a control character
        else if (seq == 1 && *p == 0x7F)
            s_append (buf, len, cap, "\xEF\xBF\xBD", 3);
        else if (seq)
            s_append (buf, len, cap, (const char *)p, seq);
        else
            s_append (buf, len, cap, "\xEF\xBF\xBD", 3); //  not UTF-8
        p += seq ? seq : 1, n -= seq ? seq : 1;
    }
}

//  ---------------------------------------------------------------------
//  Parsing

static void
s_tmpl_free (s_tmpl_t *t)
{
    for (size_t i = 0; i < t->count; i++)
        free (t->nodes[i].text);
    free (t->nodes);
    free (t->name);
}

static bool
s_name_ok (const char *s, size_t n)
{
    if (n == 0 || n > S_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')
              || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
            return false;
    return true;
}

static s_node_t *
s_push (s_tmpl_t *t, s_kind_t kind, const char *text, size_t len, int line)
{
    t->nodes = sk_reallocarray (t->nodes, t->count + 1, sizeof *t->nodes);
    s_node_t *node = &t->nodes[t->count++];
    *node = (s_node_t){ .kind = kind, .text = sk_strndup (text, len), .len = len, .line = line };
    return node;
}

static int
s_lines (const char *from, const char *to)
{
    int n = 0;
    for (; from < to; from++)
        n += *from == '\n';
    return n;
}

//  Parse text into t; 0 or -1 with why.
static int
s_parse (s_tmpl_t *t, const char *text, char *why, size_t why_size)
{
    size_t open[HTML_MAX_DEPTH]; //  the nodes of the sections not yet closed
    int depth = 0, line = 1;
    const char *p = text;
    while (*p) {
        const char *tag = strstr (p, "{{");
        size_t run = tag ? (size_t)(tag - p) : strlen (p);
        if (run)
            s_push (t, S_TEXT, p, run, line);
        line += s_lines (p, p + run);
        if (!tag)
            break;
        const char *close = strstr (tag + 2, "}}");
        if (!close) {
            s_why (why, why_size, "line %d: unclosed tag", line);
            return -1;
        }
        const char *name = tag + 2;
        char sigil = strchr ("#^/>!", *name) ? *name++ : 0;
        size_t n = (size_t)(close - name);
        while (n && *name == ' ')
            name++, n--;
        while (n && name[n - 1] == ' ')
            n--;
        if (sigil != '!' && !s_name_ok (name, n)) {
            s_why (why, why_size, "line %d: bad tag name \"%.*s\"", line,
                   (int)(close - tag - 2 < 40 ? close - tag - 2 : 40), tag + 2);
            return -1;
        }
        if (sigil == '#' || sigil == '^') {
            if (depth == HTML_MAX_DEPTH) {
                s_why (why, why_size, "line %d: sections nested too deep", line);
                return -1;
            }
            open[depth++] = t->count;
            s_push (t, sigil == '#' ? S_SECTION : S_INVERTED, name, n, line);
        } else if (sigil == '/') {
            if (depth == 0 || t->nodes[open[depth - 1]].len != n
                || memcmp (t->nodes[open[depth - 1]].text, name, n) != 0) {
                s_why (why, why_size, "line %d: \"{{/%.*s}}\" closes no open section", line, (int)n,
                       name);
                return -1;
            }
            t->nodes[open[--depth]].end = t->count;
        } else if (sigil == '>')
            s_push (t, S_INCLUDE, name, n, line);
        else if (sigil == 0)
            s_push (t, S_VAR, name, n, line);
        line += s_lines (tag, close);
        p = close + 2;
    }
    if (depth) {
        s_node_t *node = &t->nodes[open[depth - 1]];
        s_why (why, why_size, "line %d: unclosed section \"%s\"", node->line, node->text);
        return -1;
    }
    return 0;
}

html_set_t *
html_set_new (void)
{
    return sk_calloc (1, sizeof (html_set_t));
}

void
html_set_destroy (html_set_t **self_p)
{
    html_set_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->count; i++)
        s_tmpl_free (&self->tmpls[i]);
    free (self->tmpls);
    free (self);
    *self_p = NULL;
}

static const s_tmpl_t *
s_find (const html_set_t *self, const char *name, size_t n)
{
    for (size_t i = 0; i < self->count; i++)
        if (strlen (self->tmpls[i].name) == n && memcmp (self->tmpls[i].name, name, n) == 0)
            return &self->tmpls[i];
    return NULL;
}

bool
html_set_has (const html_set_t *self, const char *name)
{
    return s_find (self, name, strlen (name)) != NULL;
}

int
html_set_add (html_set_t *self, const char *name, const char *text, char *why, size_t why_size)
{
    s_tmpl_t t = { .name = sk_strdup (name) };
    if (s_parse (&t, text, why, why_size)) {
        s_tmpl_free (&t);
        return -1;
    }
    s_tmpl_t *old = (s_tmpl_t *)s_find (self, name, strlen (name));
    if (old) {
        s_tmpl_free (old);
        *old = t;
        return 0;
    }
    self->tmpls = sk_reallocarray (self->tmpls, self->count + 1, sizeof *self->tmpls);
    self->tmpls[self->count++] = t;
    return 0;
}

//  The whole file at path, or NULL.
static char *
s_slurp (const char *path)
{
    FILE *f = fopen (path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t len = 0, cap = 0;
    char chunk[4096];
    size_t n;
    s_append (&text, &len, &cap, "", 0);
    while ((n = fread (chunk, 1, sizeof chunk, f)) > 0)
        s_append (&text, &len, &cap, chunk, n);
    bool bad = ferror (f) || strlen (text) != len;
    fclose (f);
    if (bad)
        free (text), text = NULL;
    return text;
}

html_set_t *
html_set_load (const char *dir, char *why, size_t why_size)
{
    DIR *d = opendir (dir);
    if (!d) {
        s_why (why, why_size, "could not open template folder \"%s\"", dir);
        return NULL;
    }
    html_set_t *self = html_set_new ();
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir (d))) {
        size_t n = strlen (e->d_name);
        if (n <= 5 || strcmp (e->d_name + n - 5, ".html") != 0 || e->d_name[0] == '.')
            continue;
        char *path = sk_asprintf ("%s/%s", dir, e->d_name);
        char *name = sk_strndup (e->d_name, n - 5);
        char *text = s_slurp (path);
        char inner[200] = "";
        if (!text) {
            s_why (why, why_size, "could not read template \"%s\"", path);
            rc = -1;
        } else if (html_set_add (self, name, text, inner, sizeof inner)) {
            s_why (why, why_size, "template \"%s\": %s", path, inner);
            rc = -1;
        }
        free (text), free (name), free (path);
    }
    closedir (d);
    //  Every include names a template of the set
    for (size_t i = 0; rc == 0 && i < self->count; i++)
        for (size_t j = 0; rc == 0 && j < self->tmpls[i].count; j++) {
            const s_node_t *node = &self->tmpls[i].nodes[j];
            if (node->kind == S_INCLUDE && !s_find (self, node->text, node->len)) {
                s_why (why, why_size, "template \"%s\", line %d: no template \"%s\" to include",
                       self->tmpls[i].name, node->line, node->text);
                rc = -1;
            }
        }
    if (rc)
        html_set_destroy (&self);
    return self;
}

//  ---------------------------------------------------------------------
//  Data

html_data_t *
html_data_new (void)
{
    return sk_calloc (1, sizeof (html_data_t));
}

html_data_t *
html_data_new_under (const html_data_t *under)
{
    html_data_t *self = html_data_new ();
    self->parent = (html_data_t *)under;
    return self;
}

static void
s_value_clear (s_value_t *v)
{
    free (v->text);
    v->text = NULL;
    html_part_unref (&v->part);
    for (size_t i = 0; i < v->items_count; i++)
        html_data_destroy (&v->items[i]);
    free (v->items);
    v->items = NULL;
    v->items_count = v->items_cap = 0;
}

void
html_data_destroy (html_data_t **self_p)
{
    html_data_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->count; i++) {
        s_value_clear (&self->values[i]);
        free (self->values[i].name);
    }
    free (self->values);
    free (self->index);
    free (self);
    *self_p = NULL;
}

//  FNV-1a of a name
static uint32_t
s_hash (const char *name, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)name[i]) * 16777619u;
    return h;
}

//  Put value i into self's table.
static void
s_index_put (html_data_t *self, size_t i)
{
    size_t mask = self->index_size - 1;
    size_t slot = self->values[i].hash & mask;
    while (self->index[slot])
        slot = (slot + 1) & mask;
    self->index[slot] = (uint32_t)i + 1;
}

//  The table of self's values made anew, twice the size it needs.
static void
s_index_grow (html_data_t *self)
{
    size_t size = 64;
    while (size < self->count * 2)
        size *= 2;
    free (self->index);
    self->index = sk_calloc (size, sizeof *self->index);
    self->index_size = size;
    for (size_t i = 0; i < self->count; i++)
        s_index_put (self, i);
}

//  The value name of self itself (no lookup outwards); made if make.
static s_value_t *
s_value (html_data_t *self, const char *name, size_t n, bool make)
{
    uint32_t hash = s_hash (name, n);
    if (self->index) {
        size_t mask = self->index_size - 1;
        for (size_t slot = hash & mask; self->index[slot]; slot = (slot + 1) & mask) {
            s_value_t *v = &self->values[self->index[slot] - 1];
            if (v->hash == hash && v->name_len == n && memcmp (v->name, name, n) == 0)
                return v;
        }
    } else
        for (size_t i = 0; i < self->count; i++)
            if (self->values[i].hash == hash && self->values[i].name_len == n
                && memcmp (self->values[i].name, name, n) == 0)
                return &self->values[i];
    if (!make)
        return NULL;
    if (self->count == self->cap) {
        self->cap = self->cap ? self->cap * 2 : 16;
        self->values = sk_reallocarray (self->values, self->cap, sizeof *self->values);
    }
    size_t i = self->count++;
    self->values[i] = (s_value_t){ .name = sk_strndup (name, n), .name_len = n, .hash = hash };
    if (self->count * 2 > self->index_size && self->count > S_LINEAR)
        s_index_grow (self);
    else if (self->index)
        s_index_put (self, i);
    return &self->values[i];
}

void
html_data_set (html_data_t *self, const char *name, const char *value)
{
    s_value_t *v = s_value (self, name, strlen (name), true);
    s_value_clear (v);
    v->text = sk_strdup (value ? value : "");
}

void
html_data_setf (html_data_t *self, const char *name, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    char *text = sk_vasprintf (format, args);
    va_end (args);
    html_data_set (self, name, text);
    free (text);
}

void
html_data_flag (html_data_t *self, const char *name, bool on)
{
    //  Off is an empty text, not no value: it hides an outer flag of the
    //  same name (a pool's row off under a page that is on)
    html_data_set (self, name, on ? "1" : "");
}

void
html_data_list (html_data_t *self, const char *name)
{
    s_value_t *v = s_value (self, name, strlen (name), true);
    if (v->text || v->part)
        s_value_clear (v);
}

void
html_data_part (html_data_t *self, const char *name, html_part_t *part)
{
    s_value_t *v = s_value (self, name, strlen (name), true);
    s_value_clear (v);
    v->part = html_part_ref (part);
}

html_data_t *
html_data_add (html_data_t *self, const char *name)
{
    s_value_t *v = s_value (self, name, strlen (name), true);
    if (v->text || v->part)
        s_value_clear (v);
    if (v->items_count == v->items_cap) {
        v->items_cap = v->items_cap ? v->items_cap * 2 : 8;
        v->items = sk_reallocarray (v->items, v->items_cap, sizeof *v->items);
    }
    html_data_t *item = html_data_new ();
    item->parent = self;
    v->items[v->items_count++] = item;
    return item;
}

//  ---------------------------------------------------------------------
//  Rendering

typedef struct {
    const html_set_t *set;
    char *buf;
    size_t len, cap;
    char *why;
    size_t why_size;
} s_render_t;

//  The value of name seen from data: in it, then outwards; NULL if none.
static const s_value_t *
s_lookup (const html_data_t *data, const char *name, size_t n)
{
    for (; data; data = data->parent) {
        const s_value_t *v = s_value ((html_data_t *)data, name, n, false);
        if (v)
            return v;
    }
    return NULL;
}

static int s_render_nodes (s_render_t *r, const s_tmpl_t *t, size_t from, size_t to,
                           const html_data_t *data, int depth);

static int
s_render_section (s_render_t *r, const s_tmpl_t *t, size_t i, const html_data_t *data, int depth)
{
    const s_node_t *node = &t->nodes[i];
    const s_value_t *v = s_lookup (data, node->text, node->len);
    bool is_list = v && !v->text && !v->part;
    bool truthy = v && (v->part || (v->text ? v->text[0] != 0 : v->items_count > 0));
    if (node->kind == S_INVERTED)
        return truthy ? 0 : s_render_nodes (r, t, i + 1, node->end, data, depth + 1);
    if (!truthy)
        return 0;
    if (!is_list)
        return s_render_nodes (r, t, i + 1, node->end, data, depth + 1);
    for (size_t k = 0; k < v->items_count; k++)
        if (s_render_nodes (r, t, i + 1, node->end, v->items[k], depth + 1))
            return -1;
    return 0;
}

static int
s_render_nodes (s_render_t *r, const s_tmpl_t *t, size_t from, size_t to, const html_data_t *data,
                int depth)
{
    if (depth > HTML_MAX_DEPTH) {
        s_why (r->why, r->why_size, "template \"%s\": nested too deep", t->name);
        return -1;
    }
    for (size_t i = from; i < to; i++) {
        const s_node_t *node = &t->nodes[i];
        if (node->kind == S_TEXT)
            s_append (&r->buf, &r->len, &r->cap, node->text, node->len);
        else if (node->kind == S_VAR) {
            const s_value_t *v = s_lookup (data, node->text, node->len);
            if (v && v->part) { //  HTML this set rendered: as it is
                s_append (&r->buf, &r->len, &r->cap, v->part->html, v->part->len);
                continue;
            }
            if (!v || !v->text) {
                s_why (r->why, r->why_size, "template \"%s\", line %d: no value for \"%s\"",
                       t->name, node->line, node->text);
                return -1;
            }
            html_escape (&r->buf, &r->len, &r->cap, v->text);
        } else if (node->kind == S_INCLUDE) {
            const s_tmpl_t *inner = s_find (r->set, node->text, node->len);
            if (!inner) {
                s_why (r->why, r->why_size, "template \"%s\", line %d: no template \"%s\"", t->name,
                       node->line, node->text);
                return -1;
            }
            if (s_render_nodes (r, inner, 0, inner->count, data, depth + 1))
                return -1;
        } else {
            if (s_render_section (r, t, i, data, depth))
                return -1;
            i = node->end - 1;
        }
    }
    return 0;
}

//  The template name rendered with data into *len bytes, or NULL.
static char *
s_render (const html_set_t *self, const char *name, const html_data_t *data, char *why,
          size_t why_size, size_t *len)
{
    const s_tmpl_t *t = s_find (self, name, strlen (name));
    if (!t) {
        s_why (why, why_size, "no template \"%s\"", name);
        return NULL;
    }
    s_render_t r = { .set = self, .why = why, .why_size = why_size };
    s_append (&r.buf, &r.len, &r.cap, "", 0);
    if (s_render_nodes (&r, t, 0, t->count, data, 0)) {
        free (r.buf);
        return NULL;
    }
    *len = r.len;
    return r.buf;
}

char *
html_set_render (const html_set_t *self, const char *name, const html_data_t *data, char *why,
                 size_t why_size)
{
    size_t len;
    return s_render (self, name, data, why, why_size, &len);
}

html_part_t *
html_set_render_part (const html_set_t *self, const char *name, const html_data_t *data, char *why,
                      size_t why_size)
{
    size_t len;
    char *html = s_render (self, name, data, why, why_size, &len);
    if (!html)
        return NULL;
    html_part_t *part = sk_malloc (sizeof *part + len + 1);
    part->refs = 1;
    part->len = len;
    memcpy (part->html, html, len + 1);
    free (html);
    return part;
}

html_part_t *
html_part_ref (html_part_t *self)
{
    if (self)
        __atomic_add_fetch (&self->refs, 1, __ATOMIC_RELAXED);
    return self;
}

void
html_part_unref (html_part_t **self_p)
{
    html_part_t *self = *self_p;
    if (self && __atomic_sub_fetch (&self->refs, 1, __ATOMIC_ACQ_REL) == 0)
        free (self);
    *self_p = NULL;
}

size_t
html_part_size (const html_part_t *self)
{
    return self ? self->len : 0;
}
