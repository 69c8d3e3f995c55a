/*  web.h: samskab-web, the public web front end (issue 14).

    One process: libmicrohttpd serves HTTP, each connection in a thread of
    its own (web_http.c); a page asks the services over ZeroMQ with CURVE
    under the web's own service certificate (web_call.c) and renders a
    template from the templates folder (web_page.c) with the strings of
    the page's language (web_text.c). It keeps no database: what a page
    must carry to a later request it carries in a signed token (lib/token).

    Logs never hold personal data, codes or query strings: a request is
    logged by its method, path and status only.
*/
#ifndef WEB_H_INCLUDED
#define WEB_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "html/html.h"
#include "sk_config.h"
#include "sk_msg.h"
#include "token/token.h"

typedef enum { WEB_DA, WEB_EN } web_lang_t;

typedef struct {
    char code[5];  //  kommunekode
    char name[64]; //  "Randers"
} web_municipality_t;

//  What the process holds for every request; read-only once started.
typedef struct {
    sk_config_t *config;                //  samskab.cfg: web/..., the services
    html_set_t *templates;              //  every page's template
    uint8_t token_key[TOKEN_KEY_BYTES]; //  signs forms, links and sessions
    char *css;                          //  the one style sheet, served as is
    size_t css_len;
    char *js; //  static/ballot.js, the ballot's live counter, served as is
    size_t js_len;
    char *icon; //  static/favicon.svg, also the answer to /favicon.ico
    size_t icon_len;
    web_municipality_t *municipalities; //  all 98, read at start
    size_t municipalities_count;
    int timeout_ms;            //  per call to a service
    bool secure_cookies;       //  behind TLS: cookies marked Secure
    int code_attempts;         //  refused codes per address and minute
    int idea_attempts;         //  idea POSTs per address and minute
    const char *trusted_proxy; //  whose X-Forwarded-For names the client
    int login_attempts;        //  login requests per address and minute
    char *public_url;          //  the site as mails link to it, no final /; owned
} web_t;

//  A response a page builds.
typedef struct {
    int status; //  HTTP status
    char *body; //  owned; NULL with status 500 if rendering failed
    size_t len;
    const char *content_type; //  static
    char *set_cookie;         //  owned; a Set-Cookie header, or NULL
    char *filename;           //  owned; a download's file name, or NULL
    char *location;           //  owned; a redirect's same-site path, or NULL
} web_reply_t;

#define WEB_MAX_BODY         (16 * 1024) //  bytes a request may send
#define WEB_MAX_PROFILE_BODY (64 * 1024) //  /party/profile's: a description and activities
//  The bytes a request to path may send.
size_t web_max_body (const char *path);

//  The fields of a POSTed form (web_form.c).
typedef struct _web_form_t web_form_t;
struct MHD_Connection;
//  A form of at most max bytes (web_max_body).
web_form_t *web_form_new (struct MHD_Connection *conn, size_t max);
//  Wipes the values (a voter code) before freeing them.
void web_form_destroy (web_form_t **self_p);
//  Feed size bytes of the body; over its max the form is too large.
void web_form_feed (web_form_t *self, const char *data, size_t size);
bool web_form_too_large (const web_form_t *self);
//  The first value of name, or NULL (also for a form that did not parse).
const char *web_form_get (const web_form_t *self, const char *name);
//  Up to max values of name, in order; how many.
size_t web_form_all (const web_form_t *self, const char *name, const char **values, size_t max);

//  One request as the pages see it.
typedef struct {
    const web_t *web;
    web_lang_t lang;             //  ?lang=en, else Danish
    const char *path;            //  without the query string
    bool post;                   //  a POST, with form
    const web_form_t *form;      //  its fields; NULL for a GET
    const char *csrf_cookie;     //  the sk_csrf cookie, or NULL
    const char *client;          //  the client's address, for rate limits only
    struct MHD_Connection *conn; //  for web_query
    const char *session;         //  the sk_session cookie (a party's), or NULL
    const char *link;            //  ?t= of /login/link: a login link's token, or NULL
} web_request_t;

//  web_http.c: the value of the query string's name, or NULL.
const char *web_query (const web_request_t *req, const char *name);

//  web_call.c: a call to a service as the web (tenant: kommunekode or
//  "*"). 0 with reply to read, or -1 with err (code "unavailable" when
//  the service did not answer). Release reply in both cases.
int web_call (const web_t *web, const char *op, const char *tenant, const sk_pack_t *body,
              sk_frame_t *reply, sk_error_t *err);
//  Close the clients web_call keeps between calls and forget the kept
//  processes and the pages' strings (at the end, after web_http_stop).
void web_call_close (void);
//  The reply's body map.
const msgpack_object *web_body (const sk_frame_t *reply);
//  A string field of a map as a C string into buf ("" if absent or nil).
const char *web_str (const msgpack_object *map, const char *key, char *buf, size_t size);
//  An integer field of a map, or deflt.
int64_t web_int (const msgpack_object *map, const char *key, int64_t deflt);
//  Read the municipalities' names from the registry into web; 0 or -1.
int web_municipalities_load (web_t *web);
//  The name of the municipality code, or NULL if there is none.
const char *web_municipality_name (const web_t *web, const char *code);

//  web_text.c: every string a page shows, one table per language.
//  The text of key in lang, or NULL if there is none (a phase or ballot
//  the tables do not know yet).
const char *web_text (web_lang_t lang, const char *key);
//  Put every string of lang into data as t_KEY.
void web_text_put (html_data_t *data, web_lang_t lang);
//  0 if both tables have the same keys in the same order, else -1 naming
//  the first difference in why.
int web_text_check (char *why, size_t why_size);
//  "1.650" (da) or "1,650" (en); the caller frees.
char *web_text_number (web_lang_t lang, int64_t n);
//  "150.000 kr." (da) or "DKK 150,000" (en); the caller frees.
char *web_text_kr (web_lang_t lang, int64_t amount);
//  The full stop a sentence ending in text needs: "" if text ends with
//  one already ("150.000 kr."), else ".".
const char *web_text_stop (const char *text);
//  "1. marts 2027" (da) or "1 March 2027" (en) from "2027-03-01"; the
//  date as given if it is not one. The caller frees.
char *web_text_date (web_lang_t lang, const char *iso);
//  An instant in RFC 3339 UTC ("2027-03-28T01:00:00Z") in Danish time:
//  "28. marts 2027 kl. 03.00" (da) or "28 March 2027 at 03:00" (en); the
//  text as given if it is not one. The caller frees.
char *web_text_time (web_lang_t lang, const char *utc);
//  A Danish local time as the vote service writes it ("2027-03-28 03:00")
//  as web_text_time writes it; the text as given if it is not one. The
//  caller frees.
char *web_text_local (web_lang_t lang, const char *when);
//  Today in Danish time, "2027-03-01".
void web_text_today (char day[11]);
//  Only its clock time in Danish time, "03.00" (da) or "03:00" (en); the
//  caller frees.
char *web_text_clock (web_lang_t lang, const char *utc);

//  web_process.c: vote.process.get of process under k, the whole process
//  in frame (the web keeps a voting one, asking only whether it is
//  unchanged, or with ask false not asking at all: for a page whose own
//  call refuses anything outside voting); 0, or -1 with err. Release
//  frame in both cases.
int web_process_get (const web_t *web, const char *k, int64_t process, bool ask, sk_frame_t *frame,
                     sk_error_t *err);
//  The part kept for process under k at version in lang (its ballot's
//  pools as rendered while no choice was posted), with a reference the
//  caller drops; NULL if there is none.
html_part_t *web_process_part (const char *k, int64_t process, int64_t version, web_lang_t lang);
//  Keep part (a reference of its own) for process under k at version in
//  lang, if that version is the one kept.
void web_process_part_keep (const char *k, int64_t process, int64_t version, web_lang_t lang,
                            html_part_t *part);
//  Forget the kept processes (at the end).
void web_process_close (void);
//  Forget the pages' shared strings (web_page.c; at the end).
void web_page_close (void);

//  web_page.c: the pages. Each fills reply.
void web_page_index (const web_request_t *req, web_reply_t *reply);
void web_page_budget (const web_request_t *req, const char *kommunekode, int64_t process,
                      web_reply_t *reply);
void web_page_error (const web_request_t *req, int status, web_reply_t *reply);
//  Data every page has (strings, {{q}}, the language link); render the
//  template name with it (destroyed) into reply.
html_data_t *web_page_data (const web_request_t *req);
void web_page_render (const web_request_t *req, const char *name, html_data_t **data_p, int status,
                      web_reply_t *reply);
//  The pools of the process p as the list pools of data, each {name,
//  budget, projects: {id, title, description, cost}}; sets the flag
//  several_pools. If not NULL, pool_fn adds to each pool's item and row_fn
//  to each project's (pool_size: the projects of its pool), with arg.
typedef void (web_pool_fn) (void *arg, const msgpack_object *pool, html_data_t *item);
typedef void (web_row_fn) (void *arg, const msgpack_object *project, const char *id,
                           size_t pool_size, html_data_t *row);
void web_page_pools (const web_request_t *req, const msgpack_object *p, html_data_t *data,
                     web_pool_fn *pool_fn, web_row_fn *row_fn, void *arg);
//  The values of a page of budget process p (under k): web_page_data's
//  and name, page_title, municipality, budget_href, and action (the
//  page's own address, /k/budget/ID/page).
html_data_t *web_page_budget_data (const web_request_t *req, const char *k, int64_t process,
                                   const msgpack_object *p, const char *page);
//  True if the phase of process p is one of phases (NULL-terminated).
bool web_page_phase_in (const msgpack_object *p, const char *const *phases);
//  vote.process.get of process under kommunekode; 0, or -1 with reply
//  filled with the error page (404, 503). Release frame in both cases.
int web_page_process (const web_request_t *req, const char *kommunekode, int64_t process,
                      sk_frame_t *frame, web_reply_t *reply);
//  The same for the POSTs of a vote, whose code check or cast refuses
//  anything outside voting: a voting process the web keeps, unasked.
int web_page_process_kept (const web_request_t *req, const char *kommunekode, int64_t process,
                           sk_frame_t *frame, web_reply_t *reply);

//  web_ballot.c: the ballot form of each ballot type, and the posted ballot.
#define WEB_MAX_CHOSEN 1000 //  projects one ballot may name
typedef struct {
    int64_t projects[WEB_MAX_CHOSEN]; //  in rank order for a ranked ballot
    int64_t points[WEB_MAX_CHOSEN];   //  cumulative: one per project
    size_t n;
    bool has_points;
} web_ballot_t;
//  The ballot form's values for process p into data (flags checkboxes,
//  knapsack, cumulative, ranked; the pools with their limits), the posted
//  choices kept (without any posted, the pools as kept for process under
//  k, or made and kept).
//  A refusal naming a pool (err_pool, its id, and err_text; 0 and NULL
//  otherwise) is shown in that pool's fieldset, which it describes.
void web_ballot_data (const web_request_t *req, const char *k, int64_t process,
                      const msgpack_object *p, int64_t err_pool, const char *err_text,
                      html_data_t *data);
//  The posted ballot into out; 0, or -1 with the text key of what is wrong
//  (points or a place that is no number, a place given twice in a pool).
int web_ballot_read (const web_request_t *req, const msgpack_object *p, web_ballot_t *out,
                     const char **problem);
//  The text key for the vote service's refusal of a ballot.
const char *web_ballot_refusal (const sk_error_t *err);
//  For the vote service's refusal of a knapsack pool of process p over its
//  budget, the voter's message naming the pool (if p has several) and
//  both amounts ("Store projekter: valgt 775.000 kr. af 700.000 kr. ..."),
//  read from the refusal's detail, freed by the caller, with the pool's id
//  in *pool; NULL for any other refusal.
char *web_ballot_over_budget (web_lang_t lang, const sk_error_t *err, const msgpack_object *p,
                              int64_t *pool);
//  For the vote service's refusal of a cumulative ballot over its points,
//  the voter's message with how many points were given and how many the
//  voter has ("Du har givet 13 point; du har 10. ..."), freed by the
//  caller; NULL for any other refusal.
char *web_ballot_over_points (web_lang_t lang, const sk_error_t *err);

//  web_vote.c: GET and POST /KOMMUNEKODE/budget/ID/vote: the code form,
//  the ballot, the receipt.
void web_page_vote (const web_request_t *req, const char *kommunekode, int64_t process,
                    web_reply_t *reply);

//  web_idea.c: GET and POST /KOMMUNEKODE/budget/ID/idea: a citizen's idea.
void web_page_idea (const web_request_t *req, const char *kommunekode, int64_t process,
                    web_reply_t *reply);

//  web_receipt.c: GET /KOMMUNEKODE/budget/ID/receipt?r=RECEIPT after the
//  close: that ballot as counted.
void web_page_receipt (const web_request_t *req, const char *kommunekode, int64_t process,
                       web_reply_t *reply);
//  The receipt page after a cast of process p (under kommunekode): the
//  receipt, the voter's choices (cast), and links to the receipt's own
//  page in either language (other_lang_href, receipt_href) into data.
void web_receipt_cast (const web_request_t *req, const char *kommunekode, int64_t process,
                       const msgpack_object *p, const char *receipt, const web_ballot_t *cast,
                       html_data_t *data);

//  web_results.c: GET /KOMMUNEKODE/budget/ID/results once published, and
//  with file ("ballots.csv", "pool-N.pb") its downloads.
void web_page_results (const web_request_t *req, const char *kommunekode, int64_t process,
                       const char *file, web_reply_t *reply);

//  web_public.c: GET /KOMMUNEKODE/stories, /KOMMUNEKODE/stories.rss (RSS
//  2.0) and /KOMMUNEKODE/offer: the published partnership stories and the
//  associations', companies' and institutions' published offer. False if
//  path is none of them.
bool web_public_route (const web_request_t *req, web_reply_t *reply);

//  web_csrf.c: CSRF tokens for the forms. A token (purpose "csrf") binds
//  scope (the form's subject: "0730/12", "login") to the sk_csrf cookie
//  (random, HttpOnly, SameSite=Strict; set in reply if the request has
//  none). The caller frees it.
char *web_csrf_token (const web_request_t *req, const char *scope, web_reply_t *reply);
//  As web_csrf_token, valid for ttl seconds (a party's forms: as long as
//  its session).
char *web_csrf_token_ttl (const web_request_t *req, const char *scope, int64_t ttl,
                          web_reply_t *reply);
//  True if the posted csrf field is a token for scope and the cookie.
bool web_csrf_ok (const web_request_t *req, const char *scope);
//  True if the posted csrf field was such a token but has expired: the
//  form may be shown again with what was typed and a fresh token.
bool web_csrf_expired (const web_request_t *req, const char *scope);
//  For a POST: 429 if limited (the client is over the form's rate limit),
//  403 if its CSRF token is not one for scope; else (and for a GET) 0.
int web_csrf_refused (const web_request_t *req, const char *scope, bool limited);
//  The scope of the forms of budget process under k ("0730/12").
#define WEB_SCOPE_MAX 32
void web_csrf_budget (char scope[WEB_SCOPE_MAX], const char *k, int64_t process);

//  web_login.c: a party's login by a one-time link, and its session.
typedef struct {
    int64_t id;    //  the party
    char kind[16]; //  association, company, institution, volunteer
    char municipality[5];
    char sid[33]; //  the session's random id (its forms' CSRF scope)
    char name[256];
} web_party_t;
//  True if path is one of the login pages (they take POSTed forms).
bool web_login_is_form (const char *path);
//  Serve a login page (/login, /login/link, /logout, /party); false if
//  path is none of them.
bool web_login_route (const web_request_t *req, web_reply_t *reply);
//  The party of the request's session cookie, if it is valid: true.
bool web_session_party (const web_request_t *req, web_party_t *party);
//  The CSRF token of the party's forms (scope: its session); the caller
//  frees it. True if the POST carries one.
char *web_party_csrf (const web_request_t *req, const web_party_t *party, web_reply_t *reply);
bool web_party_csrf_ok (const web_request_t *req, const web_party_t *party);
//  True if the POST carries one that has only expired (web_csrf_expired).
bool web_party_csrf_expired (const web_request_t *req, const web_party_t *party);

//  web_profile.c: GET and POST /party/profile for the party logged in.
void web_page_profile (const web_request_t *req, const web_party_t *party, web_reply_t *reply);
//  The competences, target groups, languages and activity types
//  (registry.term.list) into terms, in that order; 0, or -1 with err and
//  nothing to release.
#define WEB_TAXONOMIES 4
int web_terms_load (const web_request_t *req, const web_party_t *party,
                    sk_frame_t terms[WEB_TAXONOMIES], sk_error_t *err);
void web_terms_release (sk_frame_t terms[WEB_TAXONOMIES]);
//  The code and the label in the page's language of term, an item of a
//  term list (registry.term.list), into code and label.
#define WEB_TERM_CODE  96
#define WEB_TERM_LABEL 256
void web_term_read (const web_request_t *req, const msgpack_object *term, char code[WEB_TERM_CODE],
                    char label[WEB_TERM_LABEL]);
//  The label of term code in the page's language (the code if unknown).
const char *web_term_label (const web_request_t *req, sk_frame_t terms[WEB_TAXONOMIES],
                            const char *code, char *buf, size_t size);

//  web_activities.c: the profile's activities, a row each and one empty.
//  A refused field of one: its row, which field, the message.
typedef struct {
    int row;           //  -1: none
    const char *which; //  "name", "type", "description" or "targets" (no field)
    const char *text;  //  the message (web_text)
} web_activity_error_t;
//  True if the form posted the activities (the field "activities").
bool web_activities_posted (const web_form_t *form);
//  The posted rows with a name as the "activities" key and array of a
//  registry.own.update body.
void web_activities_pack (const web_form_t *form, sk_pack_t *body);
//  The row of the activity the registry's field names
//  ("activities[K].name"), and which field into which; -1 if field is
//  not an activity's.
int web_activities_error (const web_form_t *form, const char *field, char *which, size_t size);
//  The rows into the list "activities" of data, from the registry's party
//  or else the posted form, and an empty row; types the activity_type
//  terms (the items of a term list), error NULL or the refused field.
void web_activities_put (const web_request_t *req, html_data_t *data, const msgpack_object *types,
                         const msgpack_object *party, const web_form_t *form,
                         const web_activity_error_t *error);

//  web_proposals.c: GET and POST /party/proposals: the open proposals
//  where the party is a side, with their reasons; accept or decline.
void web_page_proposals (const web_request_t *req, const web_party_t *party, web_reply_t *reply);

//  web_agreements.c: GET and POST /party/agreements: the agreements where
//  the party is a side, their next status meetings, minutes and actions;
//  the minutes of a meeting held.
void web_page_agreements (const web_request_t *req, const web_party_t *party, web_reply_t *reply);

//  web_speeddate.c: GET /party/speeddate, the speed-dating events the
//  party joined or can join; GET and POST /party/speeddate/ID: join, state
//  whom it wants to meet, and once planned its schedule in Danish time;
//  GET /party/speeddate/ID.ics, that schedule as a calendar. False if
//  path is none of them.
bool web_speeddate_route (const web_request_t *req, const web_party_t *party, web_reply_t *reply);
//  True if path is one of them (they take POSTed forms).
bool web_speeddate_is_page (const char *path);

//  web_limit.c: per-address rate limits. Draw the hash key (at start).
void web_limit_init (void);
//  True if who (a form's bucket and a client address, "code 192.0.2.1")
//  may make one more attempt this minute within per_minute; counts the
//  attempt.
bool web_limit_take (const char *who, int per_minute);
//  True if who has made per_minute attempts this minute; counts nothing.
bool web_limit_full (const char *who, int per_minute);

//  web_http.c: serving. Start on web/listen; NULL, logged, on failure.
typedef struct _web_http_t web_http_t;
web_http_t *web_http_start (web_t *web);
void web_http_stop (web_http_t **self_p);

#endif
