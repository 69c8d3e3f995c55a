/*  web_activities.c: the activities on /party/profile, as the registry
    models them (proto/PROTOCOL.md 6.1): each a name, an activity_type
    term, a description and target groups.

    The form has a row per activity and one empty row to add one, each row
    numbered from 0 and the number of rows in the field "activities"; a
    row whose name is emptied is left out, so the activity is deleted. The
    target groups are not edited here: each row carries them in a hidden
    field, so a save keeps them. A refusal of the registry names an
    activity by its place in the list sent ("activities[2].name"), which
    is the third row with a name.
*/
#include <czmq.h>

#include "sk_mem.h"
#include "web.h"

#define S_MAX_ROWS 101 //  the registry's 100 activities and the empty row

//  The posted value of field prefix_i ("" if none).
static const char *
s_posted (const web_form_t *form, const char *prefix, int i)
{
    char name[48];
    snprintf (name, sizeof name, "activity_%s_%d", prefix, i);
    const char *v = web_form_get (form, name);
    return v ? v : "";
}

//  How many rows the form posted (0 if it has no activities).
static int
s_rows (const web_form_t *form)
{
    const char *v = form ? web_form_get (form, "activities") : NULL;
    int n = v ? atoi (v) : 0;
    return n < 0 ? 0 : n > S_MAX_ROWS ? S_MAX_ROWS : n;
}

bool
web_activities_posted (const web_form_t *form)
{
    return form && web_form_get (form, "activities") != NULL;
}

void
web_activities_pack (const web_form_t *form, sk_pack_t *body)
{
    int rows = s_rows (form), n = 0;
    for (int i = 0; i < rows; i++)
        n += *s_posted (form, "name", i) != 0;
    sk_pack_str (body, "activities");
    sk_pack_array (body, (uint32_t)n);
    for (int i = 0; i < rows; i++) {
        if (!*s_posted (form, "name", i))
            continue;
        const char *type = s_posted (form, "type", i), *desc = s_posted (form, "description", i);
        char *targets = sk_strdup (s_posted (form, "targets", i));
        uint32_t ntargets = 0; //  the codes between the commas, as strtok_r reads them
        for (char *p = targets; *p; p++)
            ntargets += *p != ',' && (p == targets || p[-1] == ',');
        sk_pack_map (body, 1 + (*type != 0) + (*desc != 0) + (ntargets > 0));
        sk_pack_kstr (body, "name", s_posted (form, "name", i));
        if (*type)
            sk_pack_kstr (body, "type", type);
        if (*desc)
            sk_pack_kstr (body, "description", desc);
        if (ntargets) {
            sk_pack_str (body, "target_groups");
            sk_pack_array (body, ntargets);
            for (char *save = NULL, *t = strtok_r (targets, ",", &save); t;
                 t = strtok_r (NULL, ",", &save))
                sk_pack_str (body, t);
        }
        free (targets);
    }
}

//  The row of the activity the registry names by its place k in the list
//  sent: the k-th row with a name; -1 if none.
static int
s_row_of (const web_form_t *form, int k)
{
    for (int i = 0, seen = 0; i < s_rows (form); i++)
        if (*s_posted (form, "name", i) && seen++ == k)
            return i;
    return -1;
}

int
web_activities_error (const web_form_t *form, const char *field, char *which, size_t size)
{
    int k = -1;
    char part[32] = "";
    if (sscanf (field, "activities[%d].%31[a-z_]", &k, part) < 2 || k < 0)
        return -1;
    //  A refused target group (a hidden field) has no field of its own
    snprintf (which, size, "%s", streq (part, "target_groups") ? "targets" : part);
    return s_row_of (form, k);
}

//  One row into the list "activities" of data: number i, the values, the
//  type's options from the activity_type items, the error of its field.
static void
s_row (const web_request_t *req, html_data_t *data, const msgpack_object *types, int i,
       const char *name, const char *type, const char *desc, const char *targets,
       const web_activity_error_t *error)
{
    html_data_t *row = html_data_add (data, "activities");
    html_data_setf (row, "i", "%d", i);
    html_data_setf (row, "number", "%d", i + 1);
    html_data_flag (row, "is_new", !*name);
    html_data_set (row, "aname", name);
    html_data_set (row, "adesc", desc);
    html_data_set (row, "atargets", targets);
    if (error && error->row == i) {
        char key[32];
        snprintf (key, sizeof key, "%s_error", error->which);
        html_data_set (row, key, error->text);
    }
    html_data_list (row, "types");
    html_data_t *none = html_data_add (row, "types");
    html_data_set (none, "code", "");
    html_data_set (none, "label", web_text (req->lang, "profile_activity_no_type"));
    html_data_flag (none, "selected", !*type);
    for (uint32_t t = 0; types && t < types->via.array.size; t++) {
        char code[WEB_TERM_CODE], label[WEB_TERM_LABEL];
        web_term_read (req, &types->via.array.ptr[t], code, label);
        html_data_t *opt = html_data_add (row, "types");
        html_data_set (opt, "code", code);
        html_data_set (opt, "label", label);
        html_data_flag (opt, "selected", streq (code, type));
    }
}

//  The target group codes of activity a, joined by commas, into buf.
static const char *
s_targets (const msgpack_object *a, char *buf, size_t size)
{
    const msgpack_object *list = sk_obj_get (a, "target_groups");
    size_t len = 0;
    buf[0] = 0;
    for (uint32_t k = 0; list && list->type == MSGPACK_OBJECT_ARRAY && k < list->via.array.size;
         k++) {
        char code[96];
        if (sk_obj_str_copy (&list->via.array.ptr[k], code, sizeof code) == 0)
            len += (size_t)snprintf (buf + len, len < size ? size - len : 0, "%s%s", k ? "," : "",
                                     code);
    }
    return buf;
}

void
web_activities_put (const web_request_t *req, html_data_t *data, const msgpack_object *types,
                    const msgpack_object *party, const web_form_t *form,
                    const web_activity_error_t *error)
{
    html_data_list (data, "activities");
    int rows = 0;
    bool last_empty = false;
    if (party) {
        const msgpack_object *list = sk_obj_get (party, "activities");
        for (uint32_t k = 0; list && list->type == MSGPACK_OBJECT_ARRAY && k < list->via.array.size;
             k++) {
            const msgpack_object *a = &list->via.array.ptr[k];
            char name[512], type[96], desc[16384], targets[2048];
            s_row (req, data, types, rows++, web_str (a, "name", name, sizeof name),
                   web_str (a, "type", type, sizeof type),
                   web_str (a, "description", desc, sizeof desc),
                   s_targets (a, targets, sizeof targets), error);
        }
    } else
        for (int i = 0; i < s_rows (form); i++, rows++) {
            s_row (req, data, types, i, s_posted (form, "name", i), s_posted (form, "type", i),
                   s_posted (form, "description", i), s_posted (form, "targets", i), error);
            last_empty = !*s_posted (form, "name", i);
        }
    if (!last_empty)
        s_row (req, data, types, rows++, "", "", "", "", error);
    html_data_setf (data, "activity_rows", "%d", rows);
}
