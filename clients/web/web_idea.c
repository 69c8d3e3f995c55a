/*  web_idea.c: GET and POST /K/budget/ID/idea: a citizen proposes an
    idea in the ideas and development phases (vote.idea.create, proposer
    "citizen"): a title, a text, and optionally a name, an e-mail address
    and a phone number, kept only with the consent the form explains (the
    vote service erases them when the results are published).

    Every POST carries the budget's CSRF token (web_csrf.c) and counts
    against the client address's web/idea_attempts a minute: a bucket of
    its own, so ideas and code entry do not use up each other's.
    Each field is checked here first, with a message by the field and the
    values kept; nothing is sent until all are right. The contact fields
    are never logged, and the page after the POST shows only the title.
*/
#include <czmq.h>

#include "sk_mem.h"
#include "web.h"

//  Text limits, in characters
#define S_TITLE_MAX 200
#define S_TEXT_MAX  4000
#define S_NAME_MAX  200
#define S_EMAIL_MAX 200
#define S_PHONE_MAX 20

//  The characters of UTF-8 text (its bytes that start one).
static size_t
s_chars (const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

//  True if s looks like an e-mail address: one @, a dot after it, no blank.
static bool
s_email_ok (const char *s)
{
    const char *at = strchr (s, '@');
    return at && at > s && !strchr (at + 1, '@') && strchr (at + 2, '.') && !strpbrk (s, " \t<>")
           && s[strlen (s) - 1] != '.';
}

//  True if s is a phone number: digits, blanks, + and - only, 8 digits or more.
static bool
s_phone_ok (const char *s)
{
    size_t digits = 0;
    for (const char *c = s; *c; c++) {
        if (!strchr ("0123456789 +-", *c))
            return false;
        digits += isdigit ((unsigned char)*c) != 0;
    }
    return digits >= 8 && s_chars (s) <= S_PHONE_MAX;
}

//  The posted value of name, trimmed of blanks at the ends, into data as
//  NAME_value (kept on the form); a copy the caller frees.
static char *
s_value (const web_request_t *req, const char *name, html_data_t *data)
{
    const char *v = web_form_get (req->form, name);
    v = v ? v : "";
    while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
        v++;
    size_t len = strlen (v);
    while (len && strchr (" \t\r\n", v[len - 1]))
        len--;
    char *copy = sk_strndup (v, len);
    char key[32];
    snprintf (key, sizeof key, "%s_value", name);
    html_data_set (data, key, copy);
    return copy;
}

//  Mark field NAME wrong with the message of key; false.
static bool
s_wrong (const web_request_t *req, html_data_t *data, const char *name, const char *key)
{
    char field[32];
    snprintf (field, sizeof field, "%s_error", name);
    html_data_set (data, field, web_text (req->lang, key));
    html_data_flag (data, "has_errors", true);
    return false;
}

typedef struct {
    char *title, *text, *name, *email, *phone;
} s_idea_t;

static void
s_idea_free (s_idea_t *idea)
{
    free (idea->title);
    free (idea->text);
    free (idea->name);
    free (idea->email);
    free (idea->phone);
}

//  Read and check the posted idea; true if every field is right.
static bool
s_idea_read (const web_request_t *req, html_data_t *data, s_idea_t *idea)
{
    idea->title = s_value (req, "title", data);
    idea->text = s_value (req, "text", data);
    idea->name = s_value (req, "contact_name", data);
    idea->email = s_value (req, "contact_email", data);
    idea->phone = s_value (req, "contact_phone", data);
    const char *consent = web_form_get (req->form, "consent");
    bool agreed = consent && streq (consent, "yes");
    html_data_flag (data, "consent_checked", agreed);
    bool ok = true;
    if (!*idea->title)
        ok = s_wrong (req, data, "title", "idea_title_missing");
    else if (s_chars (idea->title) > S_TITLE_MAX)
        ok = s_wrong (req, data, "title", "idea_title_long");
    if (s_chars (idea->text) > S_TEXT_MAX)
        ok = s_wrong (req, data, "text", "idea_text_long");
    if (s_chars (idea->name) > S_NAME_MAX)
        ok = s_wrong (req, data, "contact_name", "idea_name_long");
    if (*idea->email && (s_chars (idea->email) > S_EMAIL_MAX || !s_email_ok (idea->email)))
        ok = s_wrong (req, data, "contact_email", "idea_email_bad");
    if (*idea->phone && !s_phone_ok (idea->phone))
        ok = s_wrong (req, data, "contact_phone", "idea_phone_bad");
    if ((*idea->name || *idea->email || *idea->phone) && !agreed)
        ok = s_wrong (req, data, "consent", "idea_consent_missing");
    return ok;
}

//  vote.idea.create with the idea (the contact only if given); 0 or -1
//  with err.
static int
s_idea_create (const web_request_t *req, const char *k, int64_t process, const s_idea_t *idea,
               sk_error_t *err)
{
    const char *contact[][2] = { { "contact_name", idea->name },
                                 { "contact_email", idea->email },
                                 { "contact_phone", idea->phone } };
    uint32_t fields = 3;
    for (size_t i = 0; i < 3; i++)
        fields += *contact[i][1] != 0;
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, fields);
    sk_pack_kint (&body, "process", process);
    sk_pack_kstr (&body, "title", idea->title);
    sk_pack_kstr (&body, "text", idea->text);
    for (size_t i = 0; i < 3; i++)
        if (*contact[i][1])
            sk_pack_kstr (&body, contact[i][0], contact[i][1]);
    sk_frame_t frame;
    int rc = web_call (req->web, "vote.idea.create", k, &body, &frame, err);
    sk_pack_release (&body);
    sk_frame_release (&frame);
    return rc;
}

static void
s_post (const web_request_t *req, const char *k, int64_t process, html_data_t *data,
        web_reply_t *reply)
{
    s_idea_t idea = { 0 };
    if (!s_idea_read (req, data, &idea)) {
        s_idea_free (&idea);
        html_data_flag (data, "idea_form", true);
        web_page_render (req, "idea", &data, 422, reply);
        return;
    }
    sk_error_t err = { 0 };
    int rc = s_idea_create (req, k, process, &idea, &err);
    s_idea_free (&idea);
    if (rc && (streq (err.code, "unavailable") || streq (err.code, "internal"))) {
        html_data_destroy (&data);
        web_page_error (req, streq (err.code, "unavailable") ? 503 : 500, reply);
    } else if (rc && streq (err.field, "process")) {
        html_data_set (data, "notice", web_text (req->lang, "idea_closed"));
        web_page_render (req, "idea", &data, 409, reply);
    } else if (rc) {
        html_data_flag (data, "idea_form", true);
        s_wrong (req, data, "title", "idea_refused");
        web_page_render (req, "idea", &data, 422, reply);
    } else {
        html_data_flag (data, "idea_done", true);
        web_page_render (req, "idea", &data, 200, reply);
    }
}

void
web_page_idea (const web_request_t *req, const char *k, int64_t process, web_reply_t *reply)
{
    sk_frame_t frame;
    if (web_page_process (req, k, process, &frame, reply)) {
        sk_frame_release (&frame);
        return;
    }
    static const char *phases[] = { "ideas", "development", NULL };
    const msgpack_object *p = web_body (&frame);
    bool is_open = web_page_phase_in (p, phases);
    html_data_t *data = web_page_budget_data (req, k, process, p, "idea");
    html_data_setf (data, "title_max", "%d", S_TITLE_MAX);
    html_data_setf (data, "text_max", "%d", S_TEXT_MAX);
    static const char *fields[] = { "title_value", "text_value", "contact_name_value",
                                    "contact_email_value", "contact_phone_value" };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        html_data_set (data, fields[i], "");
    char scope[WEB_SCOPE_MAX];
    web_csrf_budget (scope, k, process);
    char *token = web_csrf_token (req, scope, reply);
    html_data_set (data, "csrf", token);
    free (token);
    sk_frame_release (&frame);
    char who[96];
    snprintf (who, sizeof who, "idea %s", req->client);
    int refused =
        web_csrf_refused (req, scope, req->post && !web_limit_take (who, req->web->idea_attempts));
    if (refused) {
        html_data_destroy (&data);
        web_page_error (req, refused, reply);
    } else if (!is_open) {
        html_data_set (data, "notice", web_text (req->lang, "idea_closed"));
        web_page_render (req, "idea", &data, 200, reply);
    } else if (req->post)
        s_post (req, k, process, data, reply);
    else {
        html_data_flag (data, "idea_form", true);
        web_page_render (req, "idea", &data, 200, reply);
    }
}
