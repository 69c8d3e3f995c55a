/*  web_login.c: a party's login by a one-time link, its session, logout
    (doc/DECISIONS.md, "Login by a one-time link").

    POST /login mails a link for each party whose contact address was
    given (registry.login.find, notify.mail.send) and answers the same
    whatever the address. GET /login/link?t=TOKEN shows one button, so a
    mail scanner following the link does not use it up; its POST has the
    registry mark the link used (registry.login.use) and opens the session:
    the sk_session cookie, a signed token naming the party. The link and
    the cookie are never logged; the address neither.
*/
#include <czmq.h>
#include <sodium.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "web.h"

#define S_LINK_TTL    (15 * 60)  //  a login link's life, seconds
#define S_SESSION_TTL (8 * 3600) //  a session's
#define S_MAX_PARTIES 10         //  links one mail may carry
#define S_HASH_HEX    (2 * crypto_hash_sha256_BYTES + 1)

//  SHA-256 of text in lower-case hex: what the registry keeps of a used
//  link or an ended session
static void
s_hash (const char *text, char hex[S_HASH_HEX])
{
    uint8_t hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256 (hash, (const uint8_t *)text, strlen (text));
    sodium_bin2hex (hex, S_HASH_HEX, hash, sizeof hash);
}

bool
web_login_is_form (const char *path)
{
    return streq (path, "/login") || streq (path, "/login/link") || streq (path, "/logout")
           || streq (path, "/party") || streq (path, "/party/profile")
           || streq (path, "/party/proposals") || streq (path, "/party/agreements")
           || web_speeddate_is_page (path);
}

//  True if path is a page of a party's own to land on after the login
//  (/party or /party/..., letters, digits and "/._-" only, no "//" or
//  ".."): carried in the login form and the signed link, never elsewhere.
static bool
s_next_ok (const char *path)
{
    return path && strlen (path) < 100
           && (streq (path, "/party") || strncmp (path, "/party/", 7) == 0)
           && strspn (path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-")
                  == strlen (path)
           && !strstr (path, "//") && !strstr (path, "..");
}

//  The page to land on after the login: the posted next, or the party page
//  this login page stands in for; NULL if none.
static const char *
s_next (const web_request_t *req)
{
    const char *posted = req->post ? web_form_get (req->form, "next") : NULL;
    if (s_next_ok (posted))
        return posted;
    return !req->post && !streq (req->path, "/party") && s_next_ok (req->path) ? req->path : NULL;
}

//  The login page: the e-mail form (email_form), the link's button
//  (link_form), a notice or a problem, as the caller flags them.
static html_data_t *
s_login_data (const web_request_t *req, const char *scope, web_reply_t *reply)
{
    html_data_t *data = web_page_data (req);
    html_data_set (data, "page_title", web_text (req->lang, "login_heading"));
    const char *next = s_next (req);
    if (next)
        html_data_set (data, "next", next);
    char *token = web_csrf_token (req, scope, reply);
    html_data_set (data, "csrf", token);
    free (token);
    return data;
}

//  The login page with its e-mail form and the text of key as a problem
//  (NULL: none) or a notice.
static void
s_login_page (const web_request_t *req, int status, const char *problem, const char *notice,
              web_reply_t *reply)
{
    html_data_t *data = s_login_data (req, "login", reply);
    html_data_flag (data, "email_form", true);
    if (problem)
        html_data_set (data, "problem", web_text (req->lang, problem));
    if (notice)
        html_data_set (data, "notice", web_text (req->lang, notice));
    web_page_render (req, "login", &data, status, reply);
}

//  The mail with a link for each party in items (registry.login.find),
//  to the contact address the first of them has registered (they all have
//  it, compared without regard to case), not to what was typed; false if
//  it could not be sent (logged, without the address).
static bool
s_mail_links (const web_request_t *req, const msgpack_object *items, const char *next)
{
    char to[256];
    if (!*web_str (&items->via.array.ptr[0], "email", to, sizeof to)) {
        sk_warn ("could not mail login links: the registry named no address");
        return false;
    }
    zchunk_t *text = zchunk_new (NULL, 2048);
    const char *intro = web_text (req->lang, "login_mail_intro");
    zchunk_extend (text, intro, strlen (intro));
    char tenant[8] = "";
    for (uint32_t i = 0; i < items->via.array.size && i < S_MAX_PARTIES; i++) {
        const msgpack_object *item = &items->via.array.ptr[i];
        char name[256], municipality[8], nonce[33];
        uint8_t bytes[16];
        randombytes_buf (bytes, sizeof bytes);
        sodium_bin2hex (nonce, sizeof nonce, bytes, sizeof bytes);
        web_str (item, "municipality", municipality, sizeof municipality);
        if (!*tenant)
            snprintf (tenant, sizeof tenant, "%s", municipality);
        int64_t expires = (int64_t)time (NULL) + S_LINK_TTL;
        char *payload =
            sk_asprintf ("%lld %s %lld %s%s%s", (long long)web_int (item, "party", 0), municipality,
                         (long long)expires, nonce, next ? " " : "", next ? next : "");
        char *token = token_sign (req->web->token_key, "login", payload, expires);
        const char *where = web_municipality_name (req->web, municipality);
        char *entry = sk_asprintf (
            "%s %s (%s):\n%s/login/link?t=%s%s\n\n", web_text (req->lang, "login_mail_as"),
            web_str (item, "name", name, sizeof name), where ? where : municipality,
            req->web->public_url, token, req->lang == WEB_EN ? "&lang=en" : "");
        zchunk_extend (text, entry, strlen (entry));
        free (entry), free (token), free (payload);
    }
    const char *outro = web_text (req->lang, "login_mail_outro");
    zchunk_extend (text, outro, strlen (outro) + 1);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 3);
    sk_pack_kstr (&body, "to", to);
    sk_pack_kstr (&body, "subject", web_text (req->lang, "login_mail_subject"));
    sk_pack_kstr (&body, "text", (const char *)zchunk_data (text));
    sk_frame_t frame;
    sk_error_t err = { 0 };
    int rc = web_call (req->web, "notify.mail.send", tenant, &body, &frame, &err);
    //  The links open sessions: wiped before the memory is freed
    sodium_memzero (body.buf.data, body.buf.size);
    sodium_memzero (zchunk_data (text), zchunk_size (text));
    sk_pack_release (&body);
    zchunk_destroy (&text);
    sk_frame_release (&frame);
    if (rc)
        sk_warn ("could not mail login links: %s", err.code);
    return rc == 0;
}

//  POST /login: the links mailed if the address is a party's contact; the
//  same page whatever it is.
static void
s_login_post (const web_request_t *req, web_reply_t *reply)
{
    char who[96];
    snprintf (who, sizeof who, "login %s", req->client);
    if (!web_limit_take (who, req->web->login_attempts)) {
        s_login_page (req, 429, "login_too_many", NULL, reply);
        return;
    }
    if (!web_csrf_ok (req, "login")) {
        web_page_error (req, 403, reply);
        return;
    }
    //  The address without the blanks around it (pasted, or typed on a
    //  phone); the registry compares it without regard to case
    char email[256];
    const char *typed = web_form_get (req->form, "email");
    typed = typed ? typed + strspn (typed, " \t\r\n") : "";
    size_t len = strnlen (typed, sizeof email - 1);
    while (len && strchr (" \t\r\n", typed[len - 1]))
        len--;
    snprintf (email, sizeof email, "%.*s", (int)len, typed);
    const char *at = strchr (email, '@');
    if (!at || at == email || !strchr (at, '.') || strlen (email) > 200) {
        html_data_t *data = s_login_data (req, "login", reply);
        html_data_flag (data, "email_form", true);
        html_data_set (data, "error", web_text (req->lang, "login_email_bad"));
        web_page_render (req, "login", &data, 422, reply);
        return;
    }
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kstr (&body, "email", email);
    sk_frame_t frame;
    sk_error_t err = { 0 };
    int rc = web_call (req->web, "registry.login.find", "*", &body, &frame, &err);
    sk_pack_release (&body);
    const msgpack_object *items = rc == 0 ? sk_obj_get (web_body (&frame), "items") : NULL;
    if (rc && (streq (err.code, "unavailable") || streq (err.code, "internal"))) {
        sk_frame_release (&frame);
        web_page_error (req, 503, reply);
        return;
    }
    //  A mail that could not go is logged, not shown: the page would tell
    //  that the address is known
    if (items && items->type == MSGPACK_OBJECT_ARRAY && items->via.array.size > 0)
        s_mail_links (req, items, s_next (req));
    sk_frame_release (&frame);
    html_data_t *data = s_login_data (req, "login", reply);
    html_data_set (data, "notice", web_text (req->lang, "login_sent"));
    web_page_render (req, "login", &data, 200, reply);
}

//  The party, municipality and expiry of a login link; NULL-free problem
//  key in *problem if the link is forged, tampered or expired.
static bool
s_link_read (const web_request_t *req, const char *token, int64_t *party, char *municipality,
             int64_t *expires, char next[100], const char **problem)
{
    char why[64] = "";
    char *payload =
        token_verify (req->web->token_key, "login", token, time (NULL), why, sizeof why);
    long long p = 0, e = 0;
    char nonce[40];
    *next = 0;
    int n = payload ? sscanf (payload, "%lld %4s %lld %32s %99s", &p, municipality, &e, nonce, next)
                    : 0;
    bool ok = (n == 4 || n == 5) && p > 0;
    if (!s_next_ok (next))
        *next = 0;
    free (payload);
    *party = p, *expires = e;
    *problem = ok ? NULL : streq (why, "expired token") ? "login_link_expired" : "login_link_bad";
    return ok;
}

char *
web_party_csrf (const web_request_t *req, const web_party_t *party, web_reply_t *reply)
{
    char scope[48];
    snprintf (scope, sizeof scope, "party/%s", party->sid);
    return web_csrf_token_ttl (req, scope, S_SESSION_TTL, reply);
}

bool
web_party_csrf_expired (const web_request_t *req, const web_party_t *party)
{
    char scope[48];
    snprintf (scope, sizeof scope, "party/%s", party->sid);
    return web_csrf_expired (req, scope);
}

bool
web_party_csrf_ok (const web_request_t *req, const web_party_t *party)
{
    char scope[48];
    snprintf (scope, sizeof scope, "party/%s", party->sid);
    return web_csrf_ok (req, scope);
}

//  A match.own.* call for the party into frame; 0, or -1 (frame released).
static int
s_own (const web_request_t *req, const web_party_t *party, const char *op, sk_frame_t *frame)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "party", party->id);
    sk_error_t err = { 0 };
    int rc = web_call (req->web, op, party->municipality, &body, frame, &err);
    sk_pack_release (&body);
    if (rc)
        sk_frame_release (frame);
    return rc;
}

//  What waits for the party, for its home: the proposals waiting for its
//  answer, the meetings past without minutes, the next status meeting.
//  Left out (a bare home) if the match service does not answer.
static void
s_summary (const web_request_t *req, const web_party_t *party, html_data_t *data)
{
    sk_frame_t frame;
    int waiting = 0, missing = 0;
    char next[40] = "", today[11];
    web_text_today (today);
    if (s_own (req, party, "match.own.proposals", &frame) == 0) {
        const msgpack_object *items = sk_obj_get (web_body (&frame), "items");
        for (uint32_t i = 0;
             items && items->type == MSGPACK_OBJECT_ARRAY && i < items->via.array.size; i++) {
            const msgpack_object *p = &items->via.array.ptr[i];
            char state[32];
            bool left = web_int (p, "left_id", 0) == party->id;
            web_str (p, "state", state, sizeof state);
            waiting += !streq (state, left ? "accepted_by_left" : "accepted_by_right");
        }
        sk_frame_release (&frame);
    }
    if (s_own (req, party, "match.own.agreements", &frame) == 0) {
        const msgpack_object *m = sk_obj_get (web_body (&frame), "meetings");
        for (uint32_t i = 0; m && m->type == MSGPACK_OBJECT_ARRAY && i < m->via.array.size; i++) {
            char state[16], due[16];
            web_str (&m->via.array.ptr[i], "state", state, sizeof state);
            web_str (&m->via.array.ptr[i], "due_on", due, sizeof due);
            if (streq (state, "held"))
                continue;
            if (strcmp (due, today) < 0)
                missing++;
            else if (!*next || strcmp (due, next) < 0)
                snprintf (next, sizeof next, "%s", due);
        }
        sk_frame_release (&frame);
    }
    char text[160];
    html_data_list (data, "summary");
    snprintf (text, sizeof text,
              web_text (req->lang, waiting == 0   ? "home_proposals_none"
                                   : waiting == 1 ? "home_proposal"
                                                  : "home_proposals"),
              waiting);
    html_data_set (html_data_add (data, "summary"), "line", text);
    if (missing) {
        snprintf (text, sizeof text,
                  web_text (req->lang, missing == 1 ? "home_minute" : "home_minutes"), missing);
        html_data_set (html_data_add (data, "summary"), "line", text);
    }
    if (*next) {
        char *date = web_text_date (req->lang, next);
        snprintf (text, sizeof text, web_text (req->lang, "home_next_meeting"), date);
        free (date);
        html_data_set (html_data_add (data, "summary"), "line", text);
    }
}

//  The home of a party that is logged in: who, what waits for it, its
//  pages, the logout button.
static void
s_home (const web_request_t *req, const web_party_t *party, web_reply_t *reply)
{
    html_data_t *data = web_page_data (req);
    s_summary (req, party, data);
    html_data_set (data, "page_title", web_text (req->lang, "party_heading"));
    html_data_set (data, "party_name", party->name);
    char key[32];
    snprintf (key, sizeof key, "kind_%s", party->kind);
    html_data_set (data, "party_kind", web_text (req->lang, key));
    char *token = web_party_csrf (req, party, reply);
    html_data_set (data, "csrf", token);
    free (token);
    web_page_render (req, "party", &data, 200, reply);
}

//  POST /login/link: the link used, the session opened.
static void
s_link_post (const web_request_t *req, web_reply_t *reply)
{
    if (!web_csrf_ok (req, "link")) {
        web_page_error (req, 403, reply);
        return;
    }
    const char *token = web_form_get (req->form, "t");
    int64_t id, expires;
    web_party_t party = { 0 };
    const char *problem;
    char next[100];
    if (!s_link_read (req, token, &id, party.municipality, &expires, next, &problem)) {
        s_login_page (req, 400, problem, NULL, reply);
        return;
    }
    char hex[S_HASH_HEX];
    s_hash (token, hex);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 3);
    sk_pack_kint (&body, "party", id);
    sk_pack_kstr (&body, "hash", hex);
    sk_pack_kint (&body, "expires", expires);
    sk_frame_t frame;
    sk_error_t err = { 0 };
    int rc = web_call (req->web, "registry.login.use", party.municipality, &body, &frame, &err);
    sk_pack_release (&body);
    if (rc == 0) {
        const msgpack_object *p = web_body (&frame);
        party.id = id;
        web_str (p, "kind", party.kind, sizeof party.kind);
        web_str (p, "name", party.name, sizeof party.name);
    }
    sk_frame_release (&frame);
    if (rc && (streq (err.code, "unavailable") || streq (err.code, "internal"))) {
        web_page_error (req, 503, reply);
        return;
    }
    if (rc) {
        s_login_page (req, 400, streq (err.code, "conflict") ? "login_link_used" : "login_link_bad",
                      NULL, reply);
        return;
    }
    uint8_t bytes[16];
    randombytes_buf (bytes, sizeof bytes);
    sodium_bin2hex (party.sid, sizeof party.sid, bytes, sizeof bytes);
    char *payload = sk_asprintf ("%lld %s %s %s %s", (long long)party.id, party.kind,
                                 party.municipality, party.sid, party.name);
    char *session =
        token_sign (req->web->token_key, "session", payload, time (NULL) + S_SESSION_TTL);
    free (reply->set_cookie);
    reply->set_cookie =
        sk_asprintf ("sk_session=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s", session,
                     S_SESSION_TTL, req->web->secure_cookies ? "; Secure" : "");
    free (session), free (payload);
    if (*next) { //  the page the mail's link named, before the login
        reply->location = sk_asprintf ("%s%s", next, req->lang == WEB_EN ? "?lang=en" : "");
        reply->status = 303;
        reply->content_type = "text/html; charset=utf-8";
        reply->body = sk_strdup ("");
        reply->len = 0;
        return;
    }
    s_home (req, &party, reply);
}

//  The registry's answer to "has this session been ended by a logout?"
//  (registry.login.ended, under the SHA-256 of its id): false if it is
//  live; true if not, with the login page or an error page in reply.
static bool
s_session_ended (const web_request_t *req, const web_party_t *party, web_reply_t *reply)
{
    char hex[S_HASH_HEX];
    s_hash (party->sid, hex);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kstr (&body, "hash", hex);
    sk_frame_t frame;
    sk_error_t err = { 0 };
    int rc = web_call (req->web, "registry.login.ended", party->municipality, &body, &frame, &err);
    sk_pack_release (&body);
    const msgpack_object *ended = rc == 0 ? sk_obj_get (web_body (&frame), "ended") : NULL;
    bool live = ended && ended->type == MSGPACK_OBJECT_BOOLEAN && !ended->via.boolean;
    sk_frame_release (&frame);
    if (rc)
        web_page_error (req, 503, reply);
    else if (!live)
        s_login_page (req, 401, "login_needed", NULL, reply);
    return !live;
}

bool
web_session_party (const web_request_t *req, web_party_t *party)
{
    char why[64];
    char *payload = req->session ? token_verify (req->web->token_key, "session", req->session,
                                                 time (NULL), why, sizeof why)
                                 : NULL;
    long long id = 0;
    int name_at = 0;
    bool ok = payload
              && sscanf (payload, "%lld %15s %4s %32s %n", &id, party->kind, party->municipality,
                         party->sid, &name_at)
                     == 4
              && id > 0 && name_at > 0;
    if (ok) {
        party->id = id;
        snprintf (party->name, sizeof party->name, "%s", payload + name_at);
    }
    free (payload);
    return ok;
}

//  POST /logout: the session cookie cleared.
static void
s_logout (const web_request_t *req, web_reply_t *reply)
{
    web_party_t party;
    if (!web_session_party (req, &party)) {
        s_login_page (req, 401, "login_needed", NULL, reply);
        return;
    }
    if (!web_party_csrf_ok (req, &party)) {
        web_page_error (req, 403, reply);
        return;
    }
    //  The session ends for every copy of the cookie: the registry keeps
    //  its id's hash until the cookie would have expired
    char hex[S_HASH_HEX];
    s_hash (party.sid, hex);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 3);
    sk_pack_kint (&body, "party", party.id);
    sk_pack_kstr (&body, "hash", hex);
    sk_pack_kint (&body, "expires", (int64_t)time (NULL) + S_SESSION_TTL);
    sk_frame_t frame;
    sk_error_t err = { 0 };
    int rc = web_call (req->web, "registry.login.end", party.municipality, &body, &frame, &err);
    sk_pack_release (&body);
    sk_frame_release (&frame);
    if (rc) {
        web_page_error (req, 503, reply);
        return;
    }
    free (reply->set_cookie);
    reply->set_cookie = sk_asprintf ("sk_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
                                     req->web->secure_cookies ? "; Secure" : "");
    s_login_page (req, 200, NULL, "login_logged_out", reply);
}

bool
web_login_route (const web_request_t *req, web_reply_t *reply)
{
    const char *path = req->path;
    web_party_t party;
    if (!web_login_is_form (path))
        return false;
    if (streq (path, "/login") && req->post)
        s_login_post (req, reply);
    else if (streq (path, "/login"))
        s_login_page (req, 200, NULL, NULL, reply);
    else if (streq (path, "/login/link") && req->post)
        s_link_post (req, reply);
    else if (streq (path, "/login/link")) {
        int64_t id, expires;
        char municipality[8], next[100];
        const char *problem;
        if (!s_link_read (req, req->link, &id, municipality, &expires, next, &problem)) {
            s_login_page (req, 400, problem, NULL, reply);
            return true;
        }
        html_data_t *data = s_login_data (req, "link", reply);
        html_data_flag (data, "link_form", true);
        html_data_set (data, "link", req->link);
        web_page_render (req, "login", &data, 200, reply);
    } else if (streq (path, "/logout") && req->post)
        s_logout (req, reply);
    else if (streq (path, "/logout"))
        web_page_error (req, 405, reply);
    else if (!web_session_party (req, &party))
        s_login_page (req, 401, "login_needed", NULL, reply);
    else if (s_session_ended (req, &party, reply))
        ;
    else if (streq (path, "/party/profile"))
        web_page_profile (req, &party, reply);
    else if (streq (path, "/party/proposals"))
        web_page_proposals (req, &party, reply);
    else if (streq (path, "/party/agreements"))
        web_page_agreements (req, &party, reply);
    else if (web_speeddate_route (req, &party, reply))
        ;
    else if (streq (path, "/party") && !req->post)
        s_home (req, &party, reply);
    else
        web_page_error (req, 405, reply);
    return true;
}
