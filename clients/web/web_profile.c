/*  web_profile.c: GET and POST /party/profile, the profile of the party
    that is logged in (registry.own.get, registry.own.update).

    The form has the party's description, address and website (an
    organisation's), contact, consent to publish (an organisation's), its
    activities (web_activities.c), and a level (none, 1-3) for each
    competence it has or needs and each target group it serves. It carries the version it was
    read at: a save over a newer version is refused by the registry and
    shown with a clear message, the form now at the current version. The
    form also carries a digest of each value as it was loaded (loaded_*):
    a field the user changed keeps what was typed (nothing typed is lost),
    with the current saved value beside it where it differs; a field the
    user did not touch takes the saved value, so saving again does not
    overwrite someone else's newer change with the old text.
*/
#include <czmq.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "web.h"

//  The declarations a party makes on this page, their taxonomies (an
//  index of web_terms_load's frames) and whether each term is a checkbox
//  (a language: spoken or not) or has a level.
static const struct {
    const char *relation;
    int taxonomy;
    bool checkbox;
} s_relations[] = {
    { "has", 0, false }, { "needs", 0, false }, { "serves", 1, false }, { "speaks", 2, true }
};
#define S_RELATIONS 4

//  The text fields of the form.
static const char *s_fields[] = { "description",  "address", "website",
                                  "contact_name", "email",   "phone" };
#define S_FIELDS (sizeof s_fields / sizeof *s_fields)

//  Bits of s_source_t.untouched: the text fields, then the relations, then
//  the consent to publish.
#define S_BIT_RELATION(r) (1u << (S_FIELDS + (r)))
#define S_BIT_PUBLISH     (1u << (S_FIELDS + S_RELATIONS))

//  Where the form's values come from: the registry's party, or the POST;
//  after a stale save, what the user did not change (untouched) from the
//  party as saved now.
typedef struct {
    const msgpack_object *party;
    const web_form_t *form;
    const msgpack_object *saved;
    unsigned untouched;
} s_source_t;

//  The index of text field key, or -1.
static int
s_field (const char *key)
{
    for (size_t i = 0; i < S_FIELDS; i++)
        if (streq (s_fields[i], key))
            return (int)i;
    return -1;
}

static const char *
s_value (const s_source_t *src, const char *key, char *buf, size_t size)
{
    int i = s_field (key);
    if (!src->party && src->saved && i >= 0 && (src->untouched & (1u << i)))
        return web_str (src->saved, key, buf, size);
    if (src->party)
        return web_str (src->party, key, buf, size);
    const char *v = web_form_get (src->form, key);
    snprintf (buf, size, "%s", v ? v : "");
    return buf;
}

//  The level (0 for none) of term code in relation r.
static int
s_level (const s_source_t *src, int r, const char *code)
{
    const char *relation = s_relations[r].relation;
    if (!src->party && src->saved && (src->untouched & S_BIT_RELATION (r))) {
        s_source_t now = { .party = src->saved };
        return s_level (&now, r, code);
    }
    if (!src->party) {
        char name[96];
        snprintf (name, sizeof name, "%s:%s", relation, code);
        const char *v = web_form_get (src->form, name);
        int level = v ? atoi (v) : 0;
        return level >= 1 && level <= 3 ? level : 0;
    }
    const msgpack_object *list = sk_obj_get (src->party, relation);
    uint32_t n = list && list->type == MSGPACK_OBJECT_ARRAY ? list->via.array.size : 0;
    for (uint32_t i = 0; i < n; i++) {
        char term[96];
        if (streq (web_str (&list->via.array.ptr[i], "term", term, sizeof term), code))
            return (int)web_int (&list->via.array.ptr[i], "level", 2);
    }
    return 0;
}

//  A call for the party; 0 with frame, or -1 with err (frame released).
static int
s_call (const web_request_t *req, const web_party_t *party, const char *op, sk_pack_t *body,
        sk_frame_t *frame, sk_error_t *err)
{
    int rc = web_call (req->web, op, party->municipality, body, frame, err);
    sk_pack_release (body);
    if (rc)
        sk_frame_release (frame);
    return rc;
}

void
web_terms_release (sk_frame_t terms[WEB_TAXONOMIES])
{
    for (int i = 0; i < WEB_TAXONOMIES; i++)
        sk_frame_release (&terms[i]);
}

int
web_terms_load (const web_request_t *req, const web_party_t *party,
                sk_frame_t frames[WEB_TAXONOMIES], sk_error_t *err)
{
    const char *taxonomies[WEB_TAXONOMIES] = { "competence", "target_group", "language",
                                               "activity_type" };
    for (int i = 0; i < WEB_TAXONOMIES; i++) {
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, 1);
        sk_pack_kstr (&body, "taxonomy", taxonomies[i]);
        if (s_call (req, party, "registry.term.list", &body, &frames[i], err)) {
            while (i--)
                sk_frame_release (&frames[i]);
            return -1;
        }
    }
    return 0;
}

//  The items of a term list reply.
static const msgpack_object *
s_items (const sk_frame_t *frame)
{
    const msgpack_object *items = sk_obj_get (web_body (frame), "items");
    return items && items->type == MSGPACK_OBJECT_ARRAY ? items : NULL;
}

void
web_term_read (const web_request_t *req, const msgpack_object *term, char code[WEB_TERM_CODE],
               char label[WEB_TERM_LABEL])
{
    web_str (term, "code", code, WEB_TERM_CODE);
    web_str (term, req->lang == WEB_EN ? "label_en" : "label_da", label, WEB_TERM_LABEL);
}

const char *
web_term_label (const web_request_t *req, sk_frame_t terms[WEB_TAXONOMIES], const char *code,
                char *buf, size_t size)
{
    snprintf (buf, size, "%s", code);
    for (int t = 0; t < WEB_TAXONOMIES; t++) {
        const msgpack_object *items = s_items (&terms[t]);
        for (uint32_t i = 0; items && i < items->via.array.size; i++) {
            char c[96];
            if (streq (web_str (&items->via.array.ptr[i], "code", c, sizeof c), code))
                return web_str (&items->via.array.ptr[i],
                                req->lang == WEB_EN ? "label_en" : "label_da", buf, size);
        }
    }
    return buf;
}

//  A text of the profile as the party is addressed: a volunteer is one
//  person ("du", KEY_volunteer where there is one), an organisation
//  several ("I").
static const char *
s_text (const web_request_t *req, const web_party_t *party, const char *key)
{
    if (streq (party->kind, "volunteer")) {
        char one[64];
        snprintf (one, sizeof one, "%s_volunteer", key);
        const char *text = web_text (req->lang, one);
        if (text)
            return text;
    }
    return web_text (req->lang, key);
}

//  One fieldset per relation, a select per term with the level from src;
//  the relation's section open when a level in it is set.
static void
s_relations_put (const web_request_t *req, const web_party_t *party, html_data_t *data,
                 sk_frame_t terms[WEB_TAXONOMIES], const s_source_t *src)
{
    html_data_list (data, "relations");
    for (int r = 0; r < S_RELATIONS; r++) {
        const char *rel = s_relations[r].relation;
        html_data_t *set = html_data_add (data, "relations");
        char key[64];
        snprintf (key, sizeof key, "profile_%s", rel);
        html_data_set (set, "legend", s_text (req, party, key));
        const msgpack_object *items = s_items (&terms[s_relations[r].taxonomy]);
        html_data_flag (set, "checkboxes", s_relations[r].checkbox);
        html_data_list (set, "terms");
        html_data_setf (set, "rel", "%s", rel);
        bool set_any = false;
        for (uint32_t i = 0; items && i < items->via.array.size; i++) {
            char code[WEB_TERM_CODE], label[WEB_TERM_LABEL];
            web_term_read (req, &items->via.array.ptr[i], code, label);
            html_data_t *row = html_data_add (set, "terms");
            html_data_set (row, "label", label);
            html_data_setf (row, "fname", "%s:%s", rel, code);
            html_data_setf (row, "fid", "%s-%s", rel, code);
            int level = s_level (src, r, code);
            html_data_flag (row, "checked", level > 0);
            set_any |= level > 0;
            html_data_list (row, "levels");
            for (int l = 0; l <= 3; l++) {
                html_data_t *opt = html_data_add (row, "levels");
                html_data_setf (opt, "level", "%d", l);
                snprintf (key, sizeof key, "level_%d", l);
                html_data_set (opt, "text", web_text (req->lang, key));
                html_data_flag (opt, "selected", l == level);
            }
        }
        html_data_flag (set, "open", set_any);
    }
}

//  Beside each text field whose value in saved (the party as the registry
//  has it now) differs from what the form shows, that saved value as
//  saved_<field>; an empty one as the page's word for empty.
static void
s_saved_put (const web_request_t *req, html_data_t *data, const s_source_t *src,
             const msgpack_object *saved)
{
    for (size_t i = 0; i < S_FIELDS; i++) {
        char typed[4096], now[4096], name[64];
        s_value (src, s_fields[i], typed, sizeof typed);
        web_str (saved, s_fields[i], now, sizeof now);
        if (streq (typed, now))
            continue;
        snprintf (name, sizeof name, "saved_%s", s_fields[i]);
        html_data_set (data, name, *now ? now : web_text (req->lang, "profile_saved_empty"));
    }
}

//  A short digest of a value as the form shows it (FNV-1a, 64 bits; CR
//  left out, as a browser sends a textarea's lines with CRLF): enough to
//  tell whether the user changed a field, not a secret.
static void
s_digest (const char *text, char out[17])
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p != '\r')
            h = (h ^ *p) * 1099511628211ULL;
    snprintf (out, 17, "%016llx", (unsigned long long)h);
}

//  The publish flag as src has it.
static bool
s_publish (const s_source_t *src)
{
    if (!src->party && src->saved && (src->untouched & S_BIT_PUBLISH)) {
        s_source_t now = { .party = src->saved };
        return s_publish (&now);
    }
    if (!src->party)
        return web_form_get (src->form, "publish") != NULL;
    const msgpack_object *v = sk_obj_get (src->party, "publish");
    return v && v->type == MSGPACK_OBJECT_BOOLEAN && v->via.boolean;
}

//  The digests of src's values, by the name of their loaded_* field: the
//  text fields, the levels of each relation, the consent.
static void
s_digests (sk_frame_t terms[WEB_TAXONOMIES], const s_source_t *src, char out[][17])
{
    char buf[4096];
    for (size_t i = 0; i < S_FIELDS; i++)
        s_digest (s_value (src, s_fields[i], buf, sizeof buf), out[i]);
    for (int r = 0; r < S_RELATIONS; r++) {
        const msgpack_object *items = s_items (&terms[s_relations[r].taxonomy]);
        char *levels = sk_strdup ("");
        for (uint32_t i = 0; items && i < items->via.array.size; i++) {
            char code[96];
            web_str (&items->via.array.ptr[i], "code", code, sizeof code);
            int level = s_level (src, r, code);
            if (!level)
                continue;
            char *next = sk_asprintf ("%s%s=%d;", levels, code, level);
            free (levels);
            levels = next;
        }
        s_digest (levels, out[S_FIELDS + r]);
        free (levels);
    }
    s_digest (s_publish (src) ? "1" : "0", out[S_FIELDS + S_RELATIONS]);
}

//  The name of the loaded_* field of digest k.
static void
s_loaded_name (size_t k, char name[32])
{
    snprintf (name, 32, "loaded_%s",
              k < S_FIELDS                 ? s_fields[k]
              : k < S_FIELDS + S_RELATIONS ? s_relations[k - S_FIELDS].relation
                                           : "publish");
}

#define S_DIGESTS (S_FIELDS + S_RELATIONS + 1)

//  After a stale save: which values the user did not change, comparing
//  what was posted with the digests of what the form was loaded with (a
//  form without them: none, so all that was typed is kept).
static unsigned
s_untouched (const web_request_t *req, sk_frame_t terms[WEB_TAXONOMIES])
{
    char typed[S_DIGESTS][17], name[32];
    s_source_t src = { .form = req->form };
    s_digests (terms, &src, typed);
    unsigned mask = 0;
    for (size_t k = 0; k < S_DIGESTS; k++) {
        s_loaded_name (k, name);
        const char *loaded = web_form_get (req->form, name);
        if (loaded && streq (loaded, typed[k]))
            mask |= 1u << k;
    }
    return mask;
}

//  The loaded_* fields of the form: the digests of the party as saved
//  (loaded, or now after a stale save), or those posted (a refused save
//  shown again, still at the version it was loaded at).
static void
s_loaded_put (html_data_t *data, sk_frame_t terms[WEB_TAXONOMIES], const s_source_t *src,
              const msgpack_object *saved)
{
    char digests[S_DIGESTS][17], name[32];
    const msgpack_object *party = src->party ? src->party : saved;
    if (party) {
        s_source_t from = { .party = party };
        s_digests (terms, &from, digests);
    }
    html_data_list (data, "loaded");
    for (size_t k = 0; k < S_DIGESTS; k++) {
        s_loaded_name (k, name);
        const char *posted = party ? NULL : web_form_get (src->form, name);
        if (!party && !posted)
            continue;
        html_data_t *row = html_data_add (data, "loaded");
        html_data_set (row, "name", name);
        html_data_set (row, "digest", party ? digests[k] : posted);
    }
}

//  Render the profile form with the values of src at version, error NULL
//  or an activity's field refused; saved, when not NULL, the party as it
//  is saved now, shown beside what src differs in (a stale save).
static void
s_render (const web_request_t *req, const web_party_t *party, sk_frame_t terms[WEB_TAXONOMIES],
          const s_source_t *src, int64_t version, const web_activity_error_t *error,
          const msgpack_object *saved, html_data_t *data, int status, web_reply_t *reply)
{
    char buf[4096];
    static const char *own_words[] = { "profile_heading", "profile_description",
                                       "profile_email_hint", "profile_activities" };
    for (size_t i = 0; i < sizeof own_words / sizeof *own_words; i++) {
        char name[64];
        snprintf (name, sizeof name, "t_%s", own_words[i]);
        html_data_set (data, name, s_text (req, party, own_words[i]));
    }
    html_data_set (data, "page_title", s_text (req, party, "profile_heading"));
    html_data_set (data, "party_name", party->name);
    html_data_setf (data, "version", "%lld", (long long)version);
    html_data_flag (data, "organisation", !streq (party->kind, "volunteer"));
    for (size_t i = 0; i < S_FIELDS; i++)
        html_data_set (data, s_fields[i], s_value (src, s_fields[i], buf, sizeof buf));
    if (saved)
        s_saved_put (req, data, src, saved);
    html_data_flag (data, "publish", s_publish (src));
    s_relations_put (req, party, data, terms, src);
    s_loaded_put (data, terms, src, saved);
    //  activities not posted (a form without them) are shown as saved
    const msgpack_object *rows = src->party;
    if (!rows && saved && !web_activities_posted (src->form))
        rows = saved;
    web_activities_put (req, data, s_items (&terms[3]), rows, src->form, error);
    char *token = web_party_csrf (req, party, reply);
    html_data_set (data, "csrf", token);
    free (token);
    web_page_render (req, "profile", &data, status, reply);
}

//  Pack the posted value of key as a string, nil when empty.
static void
s_pack_text (const web_request_t *req, sk_pack_t *body, const char *key)
{
    const char *v = web_form_get (req->form, key);
    sk_pack_str (body, key);
    if (v && *v)
        sk_pack_str (body, v);
    else
        sk_pack_nil (body);
}

//  The update the form asks for (registry.own.update's body).
static void
s_update_body (const web_request_t *req, const web_party_t *party, sk_frame_t terms[WEB_TAXONOMIES],
               sk_pack_t *body)
{
    bool org = !streq (party->kind, "volunteer");
    const char *version = web_form_get (req->form, "version");
    sk_pack_init (body);
    bool activities = web_activities_posted (req->form);
    sk_pack_map (body, (org ? 5 + S_RELATIONS + 4 : 5 + S_RELATIONS) + activities);
    sk_pack_kint (body, "id", party->id);
    sk_pack_kint (body, "version", version ? strtoll (version, NULL, 10) : 0);
    s_pack_text (req, body, "description");
    s_pack_text (req, body, "email");
    s_pack_text (req, body, "phone");
    if (org) {
        s_pack_text (req, body, "contact_name");
        s_pack_text (req, body, "address");
        s_pack_text (req, body, "website");
        sk_pack_kbool (body, "publish", web_form_get (req->form, "publish") != NULL);
    }
    s_source_t src = { .form = req->form };
    for (int r = 0; r < S_RELATIONS; r++) {
        const msgpack_object *items = s_items (&terms[s_relations[r].taxonomy]);
        uint32_t n = 0;
        for (uint32_t pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                sk_pack_str (body, s_relations[r].relation);
                sk_pack_array (body, n);
            }
            for (uint32_t i = 0; items && i < items->via.array.size; i++) {
                char code[96];
                web_str (&items->via.array.ptr[i], "code", code, sizeof code);
                int level = s_level (&src, r, code);
                if (level && pass == 0)
                    n++;
                else if (level) {
                    sk_pack_map (body, 2);
                    sk_pack_kstr (body, "term", code);
                    sk_pack_kint (body, "level", level);
                }
            }
        }
    }
    if (activities)
        web_activities_pack (req->form, body);
}

//  registry.own.get of the party into frame; 0 or -1 with err.
static int
s_load (const web_request_t *req, const web_party_t *party, sk_frame_t *frame, sk_error_t *err)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "id", party->id);
    return s_call (req, party, "registry.own.get", &body, frame, err);
}

//  The message for a refused save, by the registry's field.
static const char *
s_refusal (const sk_error_t *err, char *field, size_t size)
{
    snprintf (field, size, "%.40s", err->field);
    if (streq (err->field, "email"))
        return "profile_email_bad";
    if (streq (err->field, "description") || streq (err->field, "contact_name")
        || streq (err->field, "phone") || streq (err->field, "address")
        || streq (err->field, "website"))
        return "profile_too_long";
    snprintf (field, size, "%s", "");
    return "profile_refused";
}

void
web_page_profile (const web_request_t *req, const web_party_t *party, web_reply_t *reply)
{
    sk_frame_t terms[WEB_TAXONOMIES], frame;
    sk_error_t err = { 0 };
    if (req->post && !web_party_csrf_ok (req, party)) {
        web_page_error (req, 403, reply);
        return;
    }
    if (web_terms_load (req, party, terms, &err)) {
        web_page_error (req, streq (err.code, "unavailable") ? 503 : 500, reply);
        return;
    }
    html_data_t *data = web_page_data (req);
    int status = 200;
    if (req->post) {
        sk_pack_t body;
        s_update_body (req, party, terms, &body);
        if (s_call (req, party, "registry.own.update", &body, &frame, &err) == 0) {
            html_data_set (data, "notice", web_text (req->lang, "profile_saved"));
            sk_frame_release (&frame);
        } else if (streq (err.code, "conflict") && streq (err.field, "version")) {
            html_data_set (data, "problem", web_text (req->lang, "profile_stale"));
            status = 409;
        } else if (streq (err.code, "invalid_argument")) {
            char field[64], which[16];
            web_activity_error_t error = { .row = -1 };
            const char *key = s_refusal (&err, field, sizeof field);
            error.row = web_activities_error (req->form, err.field, which, sizeof which);
            if (error.row >= 0) {
                bool length = streq (which, "name") || streq (which, "description");
                key = length ? "profile_too_long" : "profile_refused";
                error.which = which, error.text = web_text (req->lang, key);
            }
            html_data_set (data, "problem", web_text (req->lang, key));
            if (*field) {
                char name[80];
                snprintf (name, sizeof name, "error_%s", field);
                html_data_set (data, name, web_text (req->lang, key));
            }
            s_source_t src = { .form = req->form };
            const char *v = web_form_get (req->form, "version");
            s_render (req, party, terms, &src, v ? strtoll (v, NULL, 10) : 0, &error, NULL, data,
                      422, reply);
            web_terms_release (terms);
            return;
        } else {
            html_data_destroy (&data);
            web_terms_release (terms);
            web_page_error (req, streq (err.code, "unavailable") ? 503 : 500, reply);
            return;
        }
    }
    if (s_load (req, party, &frame, &err)) {
        html_data_destroy (&data);
        web_terms_release (terms);
        web_page_error (req, streq (err.code, "unavailable") ? 503 : 404, reply);
        return;
    }
    //  a stale save keeps what was typed, at the current version, the
    //  saved values beside
    const msgpack_object *now = web_body (&frame);
    s_source_t src = { .party = now };
    if (status == 409)
        src =
            (s_source_t){ .form = req->form, .saved = now, .untouched = s_untouched (req, terms) };
    s_render (req, party, terms, &src, web_int (now, "version", 0), NULL,
              status == 409 ? now : NULL, data, status, reply);
    sk_frame_release (&frame);
    web_terms_release (terms);
}
