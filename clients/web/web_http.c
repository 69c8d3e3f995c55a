/*  web_http.c: HTTP through libmicrohttpd: limits, routing, the security
    headers every response carries, and the access log line.

    Threading: MHD_USE_INTERNAL_POLLING_THREAD with
    MHD_USE_THREAD_PER_CONNECTION, each thread waiting in poll (select
    was a tenth of the web's CPU under bench-web). A page blocks on its calls to the
    services (Lazy Pirate, up to the call timeout); with a thread per
    connection that blocks only its own connection, where a pool of
    polling threads would stall every connection sharing the thread
    (doc/DECISIONS.md, "samskab-web").
*/
#include <czmq.h>
#include <microhttpd.h>
#include <netdb.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "web.h"

#define S_STACK_SIZE (512 * 1024) //  a connection thread's stack

struct _web_http_t {
    struct MHD_Daemon *daemon;
};

//  "/0730/budget/12" or "/0730/budget/12/PAGE": the kommunekode, the
//  process and *page ("" for the budget itself, else PAGE); false if url
//  is not a budget's.
static bool
s_budget_path (const char *url, char *kommunekode, int64_t *process, const char **page)
{
    if (strlen (url) < 14 || url[0] != '/' || strspn (url + 1, "0123456789") != 4
        || strncmp (url + 5, "/budget/", 8) != 0)
        return false;
    const char *id = url + 13;
    size_t digits = strspn (id, "0123456789");
    if (digits == 0 || digits > 15 || id[0] == '0' || (id[digits] != 0 && id[digits] != '/'))
        return false;
    *page = id[digits] ? id + digits + 1 : "";
    memcpy (kommunekode, url + 1, 4);
    kommunekode[4] = 0;
    *process = strtoll (id, NULL, 10);
    return true;
}

//  True if url is a page that takes a POSTed form.
static bool
s_is_form (const char *url)
{
    char k[8];
    int64_t process;
    const char *page;
    return (s_budget_path (url, k, &process, &page)
            && (streq (page, "vote") || streq (page, "idea")))
           || web_login_is_form (url);
}

//  Queue reply (its body is handed to MHD) with the headers of every page.
static enum MHD_Result
s_queue (struct MHD_Connection *conn, const char *method, const char *url, web_reply_t *reply)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer (reply->len, reply->body, MHD_RESPMEM_MUST_FREE);
    reply->body = NULL;
    if (!response)
        return MHD_NO;
    MHD_add_response_header (response, "Content-Type", reply->content_type);
    MHD_add_response_header (response, "Content-Security-Policy",
                             "default-src 'self'; frame-ancestors 'none'");
    MHD_add_response_header (response, "Referrer-Policy", "no-referrer");
    MHD_add_response_header (response, "X-Content-Type-Options", "nosniff");
    if (reply->status == MHD_HTTP_TOO_MANY_REQUESTS)
        MHD_add_response_header (response, "Retry-After", "60");
    if (reply->status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header (response, "Allow",
                                 s_is_form (url) ? "GET, HEAD, POST" : "GET, HEAD");
    if (reply->set_cookie)
        MHD_add_response_header (response, "Set-Cookie", reply->set_cookie);
    if (reply->filename) { //  a name the page made of digits, letters and -.
        char *disposition = sk_asprintf ("attachment; filename=\"%s\"", reply->filename);
        MHD_add_response_header (response, "Content-Disposition", disposition);
        free (disposition);
        free (reply->filename);
        reply->filename = NULL;
    }
    if (reply->location) { //  a same-site path the page checked
        MHD_add_response_header (response, "Location", reply->location);
        free (reply->location);
        reply->location = NULL;
    }
    //  A form page may hold a voter code or a party's data: kept in no
    //  cache, back or forward
    if (s_is_form (url))
        MHD_add_response_header (response, "Cache-Control", "no-store");
    free (reply->set_cookie);
    reply->set_cookie = NULL;
    enum MHD_Result rc = MHD_queue_response (conn, (unsigned)reply->status, response);
    MHD_destroy_response (response);
    //  Method, path (no query string: it may carry a receipt) and status
    sk_debug ("%s %s %d", method, url, reply->status);
    return rc;
}

//  A file of static/ as it was read at start.
static void
s_static (const char *text, size_t len, const char *content_type, web_reply_t *reply)
{
    reply->status = 200;
    reply->body = sk_malloc (len + 1);
    memcpy (reply->body, text, len);
    reply->len = len;
    reply->content_type = content_type;
}

static void
s_route (const web_request_t *req, const char *method, web_reply_t *reply)
{
    char kommunekode[8];
    int64_t process;
    const char *page = NULL;
    bool form = s_is_form (req->path);
    bool budget = s_budget_path (req->path, kommunekode, &process, &page);
    if (!streq (method, "GET") && !streq (method, "HEAD") && !(form && streq (method, "POST")))
        web_page_error (req, MHD_HTTP_METHOD_NOT_ALLOWED, reply);
    else if (streq (req->path, "/"))
        web_page_index (req, reply);
    else if (streq (req->path, "/static/web.css"))
        s_static (req->web->css, req->web->css_len, "text/css; charset=utf-8", reply);
    else if (streq (req->path, "/static/ballot.js"))
        s_static (req->web->js, req->web->js_len, "text/javascript; charset=utf-8", reply);
    else if (streq (req->path, "/static/favicon.svg") || streq (req->path, "/favicon.ico"))
        s_static (req->web->icon, req->web->icon_len, "image/svg+xml", reply);
    else if (budget && streq (page, ""))
        web_page_budget (req, kommunekode, process, reply);
    else if (budget && streq (page, "vote"))
        web_page_vote (req, kommunekode, process, reply);
    else if (budget && streq (page, "idea"))
        web_page_idea (req, kommunekode, process, reply);
    else if (budget && streq (page, "receipt"))
        web_page_receipt (req, kommunekode, process, reply);
    else if (budget && streq (page, "results"))
        web_page_results (req, kommunekode, process, NULL, reply);
    else if (budget && strncmp (page, "results/", 8) == 0)
        web_page_results (req, kommunekode, process, page + 8, reply);
    else if (web_login_route (req, reply))
        ;
    else if (web_public_route (req, reply))
        ;
    else
        web_page_error (req, 404, reply);
}

const char *
web_query (const web_request_t *req, const char *name)
{
    return req->conn ? MHD_lookup_connection_value (req->conn, MHD_GET_ARGUMENT_KIND, name) : NULL;
}

//  The request's Content-Length, 0 if none, or more than any limit if
//  it is not a number.
static uint64_t
s_content_length (struct MHD_Connection *conn)
{
    const char *v = MHD_lookup_connection_value (conn, MHD_HEADER_KIND, "Content-Length");
    if (!v)
        return 0;
    char *end = NULL;
    unsigned long long n = strtoull (v, &end, 10);
    return end == v || *end ? UINT64_MAX : n;
}

//  The client's address: the peer's, or the X-Forwarded-For of the
//  trusted proxy (nginx sets it to the one address it saw).
static const char *
s_client (struct MHD_Connection *conn, const web_t *web, char *buf, size_t size)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info (conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    buf[0] = 0;
    if (info && info->client_addr)
        getnameinfo (info->client_addr,
                     info->client_addr->sa_family == AF_INET6 ? sizeof (struct sockaddr_in6)
                                                              : sizeof (struct sockaddr_in),
                     buf, (socklen_t)size, NULL, 0, NI_NUMERICHOST);
    const char *forwarded = MHD_lookup_connection_value (conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (web->trusted_proxy && forwarded && streq (buf, web->trusted_proxy))
        snprintf (buf, size, "%s", forwarded);
    return buf;
}

static int s_no_form; //  the connection's marker for a request without a form

//  libmicrohttpd's access handler (its type is libmicrohttpd's). The first
//  call has the headers only: a POST to a form page gets a form to read
//  its body into, a request without a body is answered on the second call
//  (answered on the first, libmicrohttpd would close the connection), and
//  one with a body we will not read is answered at once (and closed).
static enum MHD_Result
s_access (void *cls, struct MHD_Connection *conn, const char *url, const char *method,
          const char *version, const char *upload_data,
          // cppcheck-suppress constParameter ; libmicrohttpd's callback type
          size_t *upload_data_size, void **con_cls)
{
    (void)version;
    bool has_body = s_content_length (conn) > 0
                    || MHD_lookup_connection_value (conn, MHD_HEADER_KIND, "Transfer-Encoding");
    bool too_large = s_content_length (conn) > web_max_body (url);
    if (*con_cls == NULL && !too_large && streq (method, "POST") && s_is_form (url)) {
        *con_cls = web_form_new (conn, web_max_body (url));
        return MHD_YES;
    }
    if (*con_cls == NULL && !too_large && !has_body) {
        *con_cls = &s_no_form;
        return MHD_YES;
    }
    web_form_t *form = *con_cls && *con_cls != &s_no_form ? *con_cls : NULL;
    if (form && *upload_data_size) {
        web_form_feed (form, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    const char *lang = MHD_lookup_connection_value (conn, MHD_GET_ARGUMENT_KIND, "lang");
    web_request_t req = {
        .web = cls,
        .lang = lang && streq (lang, "en") ? WEB_EN : WEB_DA,
        .path = url,
        .post = form != NULL,
        .form = form,
        .csrf_cookie = MHD_lookup_connection_value (conn, MHD_COOKIE_KIND, "sk_csrf"),
        .conn = conn,
        .session = MHD_lookup_connection_value (conn, MHD_COOKIE_KIND, "sk_session"),
        .link = MHD_lookup_connection_value (conn, MHD_GET_ARGUMENT_KIND, "t"),
    };
    char client[INET6_ADDRSTRLEN + 8];
    req.client = s_client (conn, req.web, client, sizeof client);
    web_reply_t reply = { 0 };
    if (too_large || (form && web_form_too_large (form)))
        web_page_error (&req, MHD_HTTP_CONTENT_TOO_LARGE, &reply);
    else
        s_route (&req, method, &reply);
    return s_queue (conn, method, url, &reply);
}

//  The request is over: its form, if any, goes (its values wiped).
static void
s_completed (void *cls, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)conn, (void)toe;
    if (*con_cls && *con_cls != &s_no_form) {
        web_form_t *form = *con_cls;
        web_form_destroy (&form);
    }
    *con_cls = NULL;
}

//  libmicrohttpd's own messages, as log lines (they name no client).
static void
s_mhd_log (void *cls, const char *format, va_list args)
{
    (void)cls;
    char line[512];
    vsnprintf (line, sizeof line, format, args);
    line[strcspn (line, "\n")] = 0;
    sk_warn ("http: %s", line);
}

web_http_t *
web_http_start (web_t *web)
{
    const char *listen = sk_config_get (web->config, "web/listen", "127.0.0.1:8080");
    const char *colon = strrchr (listen, ':');
    int connections;
    if (!colon || sk_config_int (web->config, "web/connections", 256, 1, 10000, &connections)) {
        sk_error ("web/listen must be HOST:PORT, not \"%s\"", listen);
        return NULL;
    }
    char *host = sk_strndup (listen, (size_t)(colon - listen));
    if (host[0] == '[' && host[strlen (host) - 1] == ']') { //  [::1]
        memmove (host, host + 1, strlen (host));
        host[strlen (host) - 1] = 0;
    }
    struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
                              .ai_socktype = SOCK_STREAM },
                    *ai = NULL;
    int gai = getaddrinfo (host, colon + 1, &hints, &ai);
    free (host);
    if (gai) {
        sk_error ("could not read web/listen \"%s\": %s", listen, gai_strerror (gai));
        return NULL;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL
                     | MHD_USE_ERROR_LOG | (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0);
    web_http_t *self = sk_calloc (1, sizeof *self);
    self->daemon = MHD_start_daemon (
        flags, 0, NULL, NULL, &s_access, web, MHD_OPTION_EXTERNAL_LOGGER, s_mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, ai->ai_addr, MHD_OPTION_NOTIFY_COMPLETED, s_completed, NULL,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)(connections / 4 + 1), MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024), MHD_OPTION_THREAD_STACK_SIZE,
        (size_t)S_STACK_SIZE, MHD_OPTION_END);
    freeaddrinfo (ai);
    if (!self->daemon) {
        sk_error ("could not listen on \"%s\"", listen);
        free (self);
        return NULL;
    }
    sk_info ("listening on http://%s/", listen);
    return self;
}

void
web_http_stop (web_http_t **self_p)
{
    web_http_t *self = *self_p;
    if (!self)
        return;
    MHD_stop_daemon (self->daemon);
    free (self);
    *self_p = NULL;
}
