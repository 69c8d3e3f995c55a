/*  web_form.c: the fields of a POSTed form (application/x-www-form-
    urlencoded), read through libmicrohttpd's post processor, within the
    request-size limit. */
#include <czmq.h>
#include <microhttpd.h>

#include "sk_mem.h"
#include "web.h"

#define S_MAX_FIELDS 512

typedef struct {
    char *name;
    char *value;
    size_t len;
} s_field_t;

struct _web_form_t {
    struct MHD_PostProcessor *pp;
    s_field_t *fields;
    size_t count;
    size_t bytes;   //  of the body so far
    size_t max;     //  bytes the body may have
    bool too_large; //  over max or S_MAX_FIELDS: refused whole
    bool malformed; //  the post processor could not read it
};

//  libmicrohttpd hands a value in pieces: off > 0 continues the last one.
static enum MHD_Result
s_field (void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
         const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
         size_t size)
{
    (void)kind, (void)filename, (void)content_type, (void)transfer_encoding;
    web_form_t *self = cls;
    s_field_t *last = self->count ? &self->fields[self->count - 1] : NULL;
    if (off == 0 || !last || strcmp (last->name, key) != 0) {
        if (self->count == S_MAX_FIELDS) {
            self->too_large = true;
            return MHD_NO;
        }
        self->fields = sk_reallocarray (self->fields, self->count + 1, sizeof *self->fields);
        last = &self->fields[self->count++];
        *last = (s_field_t){ .name = sk_strdup (key), .value = sk_strdup ("") };
    }
    last->value = sk_realloc (last->value, last->len + size + 1);
    memcpy (last->value + last->len, data, size);
    last->len += size;
    last->value[last->len] = 0;
    return MHD_YES;
}

web_form_t *
web_form_new (struct MHD_Connection *conn, size_t max)
{
    web_form_t *self = sk_calloc (1, sizeof *self);
    self->max = max;
    self->pp = MHD_create_post_processor (conn, 4096, s_field, self);
    self->malformed = self->pp == NULL; //  not a urlencoded (or multipart) body
    return self;
}

void
web_form_destroy (web_form_t **self_p)
{
    web_form_t *self = *self_p;
    if (!self)
        return;
    if (self->pp)
        MHD_destroy_post_processor (self->pp);
    for (size_t i = 0; i < self->count; i++) {
        //  A field may hold a voter code: wiped before it is freed
        explicit_bzero (self->fields[i].value, self->fields[i].len);
        free (self->fields[i].value);
        free (self->fields[i].name);
    }
    free (self->fields);
    free (self);
    *self_p = NULL;
}

void
web_form_feed (web_form_t *self, const char *data, size_t size)
{
    self->bytes += size;
    if (self->bytes > self->max)
        self->too_large = true;
    if (self->too_large || self->malformed)
        return;
    if (MHD_post_process (self->pp, data, size) != MHD_YES && !self->too_large)
        self->malformed = true;
}

size_t
web_max_body (const char *path)
{
    return streq (path, "/party/profile") ? WEB_MAX_PROFILE_BODY : WEB_MAX_BODY;
}

bool
web_form_too_large (const web_form_t *self)
{
    return self->too_large;
}

const char *
web_form_get (const web_form_t *self, const char *name)
{
    for (size_t i = 0; self && !self->malformed && i < self->count; i++)
        if (streq (self->fields[i].name, name))
            return self->fields[i].value;
    return NULL;
}

size_t
web_form_all (const web_form_t *self, const char *name, const char **values, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; self && !self->malformed && i < self->count && n < max; i++)
        if (streq (self->fields[i].name, name))
            values[n++] = self->fields[i].value;
    return n;
}
