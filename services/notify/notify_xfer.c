/*  notify_xfer.c: one webhook POST or one e-mail as a libcurl transfer for
    a sender's multi handle (notify_send.c), so that many run at once and a
    slow receiver holds only its own transfers.

    A webhook is signed twice (X-Samskab-Signature, and Standard Webhooks'
    webhook-signature), follows no redirect and connects only to addresses
    notify/webhook_allow and lib/netguard permit, judged on the address
    curl is about to connect to (after DNS).
*/
#include <sodium.h>

#include "notify.h"
#include "sk_mem.h"

struct _notify_xfer_t {
    CURL *easy;
    struct curl_slist *list; //  headers (webhook) or recipients (e-mail)
    zchunk_t *data;          //  body or message
    size_t at;               //  read so far (e-mail upload)
    char *target;            //  URL or address, for the detail
    bool email;
    char why[128]; //  the guard's reason for refusing an address
    const netguard_t *guard;
};

static size_t
s_discard (char *data, size_t size, size_t n, void *arg)
{
    (void)data;
    (void)arg;
    return size * n;
}

//  The guard on the address curl is about to connect to: a socket, or
//  CURL_SOCKET_BAD with the reason kept for the outcome.
static curl_socket_t
s_open_socket (void *arg, curlsocktype purpose, struct curl_sockaddr *address)
{
    notify_xfer_t *self = (notify_xfer_t *)arg;
    (void)purpose;
    if (!netguard_permits (self->guard, &address->addr, self->why, sizeof self->why))
        return CURL_SOCKET_BAD;
    return socket (address->family, address->socktype, address->protocol);
}

static notify_xfer_t *
s_new (const notify_conf_t *conf, const char *target, zchunk_t *data)
{
    notify_xfer_t *self = (notify_xfer_t *)sk_calloc (1, sizeof *self);
    self->easy = curl_easy_init ();
    self->data = data;
    self->target = sk_strdup (target);
    curl_easy_setopt (self->easy, CURLOPT_PRIVATE, self);
    curl_easy_setopt (self->easy, CURLOPT_TIMEOUT_MS, (long)conf->timeout_ms);
    curl_easy_setopt (self->easy, CURLOPT_NOSIGNAL, 1L);
    return self;
}

notify_xfer_t *
notify_xfer_webhook (const notify_conf_t *conf, const char *url, const char *secret,
                     const char *uid, const msgpack_object *event, int attempt, const char *subject,
                     const char *text)
{
    zchunk_t *body = notify_webhook_body (event, uid, subject, text);
    char sig[65], header[8][160];
    notify_hmac (secret ? secret : "", zchunk_data (body), zchunk_size (body), sig);
    char event_id[40] = "", topic[100] = "";
    sk_obj_str_copy (sk_obj_get (event, "event_id"), event_id, sizeof event_id);
    sk_obj_str_copy (sk_obj_get (event, "topic"), topic, sizeof topic);
    //  Standard Webhooks: the delivery's uid is the message id, the same
    //  on every attempt; the signature covers id, timestamp and body
    int64_t now = (int64_t)time (NULL);
    char standard[100];
    notify_webhook_sign (secret ? secret : "", uid, now, zchunk_data (body), zchunk_size (body),
                         standard, sizeof standard);
    snprintf (header[0], sizeof header[0], "X-Samskab-Id: %s", uid);
    snprintf (header[1], sizeof header[1], "X-Samskab-Signature: sha256=%s", sig);
    snprintf (header[2], sizeof header[2], "X-Samskab-Event: %s", event_id);
    snprintf (header[3], sizeof header[3], "X-Samskab-Topic: %s", topic);
    snprintf (header[4], sizeof header[4], "X-Samskab-Attempt: %d", attempt);
    snprintf (header[5], sizeof header[5], "webhook-id: %s", uid);
    snprintf (header[6], sizeof header[6], "webhook-timestamp: %" PRId64, now);
    snprintf (header[7], sizeof header[7], "webhook-signature: %s", standard);
    notify_xfer_t *self = s_new (conf, url, body);
    self->list = curl_slist_append (NULL, "Content-Type: application/json");
    for (int i = 0; i < 8; i++)
        self->list = curl_slist_append (self->list, header[i]);
    self->list = curl_slist_append (self->list, "Expect:");
    self->guard = conf->webhook_allow;
    CURL *c = self->easy;
    curl_easy_setopt (c, CURLOPT_URL, url);
    curl_easy_setopt (c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt (c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt (c, CURLOPT_PROXY, ""); //  no proxy from the environment
    curl_easy_setopt (c, CURLOPT_OPENSOCKETFUNCTION, s_open_socket);
    curl_easy_setopt (c, CURLOPT_OPENSOCKETDATA, self);
    curl_easy_setopt (c, CURLOPT_HTTPHEADER, self->list);
    curl_easy_setopt (c, CURLOPT_POSTFIELDS, zchunk_data (body));
    curl_easy_setopt (c, CURLOPT_POSTFIELDSIZE, (long)zchunk_size (body));
    curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, s_discard);
    return self;
}

//  An RFC 2047 encoded word for a header with non-ASCII text.
static void
s_encoded_word (zchunk_t *out, const char *s)
{
    bool ascii = true;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p >= 0x80 || *p == '\r' || *p == '\n')
            ascii = false;
    if (ascii) {
        zchunk_extend (out, s, strlen (s));
        return;
    }
    size_t len = strlen (s), max = sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_ORIGINAL);
    char *enc = sk_malloc (max);
    sodium_bin2base64 (enc, max, (const unsigned char *)s, len, sodium_base64_VARIANT_ORIGINAL);
    zchunk_extend (out, "=?UTF-8?B?", 10);
    zchunk_extend (out, enc, strlen (enc));
    zchunk_extend (out, "?=", 2);
    free (enc);
}

static size_t
s_read_message (char *buf, size_t size, size_t n, void *arg)
{
    notify_xfer_t *self = (notify_xfer_t *)arg;
    size_t left = zchunk_size (self->data) - self->at, len = size * n < left ? size * n : left;
    memcpy (buf, zchunk_data (self->data) + self->at, len);
    self->at += len;
    return len;
}

notify_xfer_t *
notify_xfer_email (const notify_conf_t *conf, const char *to, const char *uid, const char *subject,
                   const char *text)
{
    char date[64], line[512];
    time_t now = time (NULL);
    struct tm tm;
    gmtime_r (&now, &tm);
    strftime (date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    zchunk_t *m = zchunk_new (NULL, 1024);
    snprintf (line, sizeof line,
              "Date: %s\r\nFrom: %s\r\nTo: <%s>\r\nMessage-ID: <%s@samskab>\r\n"
              "X-Samskab-Id: %s\r\nMIME-Version: 1.0\r\n"
              "Content-Type: text/plain; charset=UTF-8\r\n"
              "Content-Transfer-Encoding: 8bit\r\nSubject: ",
              date, conf->mail_from, to, uid, uid);
    zchunk_extend (m, line, strlen (line));
    s_encoded_word (m, subject);
    zchunk_extend (m, "\r\n\r\n", 4);
    //  Body lines end in CRLF; a leading dot is doubled by libcurl
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            zchunk_extend (m, "\r\n", 2);
        else if (*p != '\r')
            zchunk_extend (m, p, 1);
    }
    zchunk_extend (m, "\r\n", 2);
    notify_xfer_t *self = s_new (conf, to, m);
    self->email = true;
    char from[256], rcpt[256];
    snprintf (from, sizeof from, "<%s>", conf->mail_from);
    snprintf (rcpt, sizeof rcpt, "<%s>", to);
    self->list = curl_slist_append (NULL, rcpt);
    CURL *c = self->easy;
    curl_easy_setopt (c, CURLOPT_URL, conf->smtp_url);
    curl_easy_setopt (c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt (c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt (c, CURLOPT_MAIL_RCPT, self->list);
    curl_easy_setopt (c, CURLOPT_READFUNCTION, s_read_message);
    curl_easy_setopt (c, CURLOPT_READDATA, self);
    curl_easy_setopt (c, CURLOPT_UPLOAD, 1L);
    return self;
}

CURL *
notify_xfer_easy (notify_xfer_t *self)
{
    return self->easy;
}

void
notify_xfer_outcome (notify_xfer_t *self, CURLcode rc, bool *ok, char *detail, size_t size)
{
    long status = 0;
    curl_easy_getinfo (self->easy, CURLINFO_RESPONSE_CODE, &status);
    if (self->email) {
        *ok = rc == CURLE_OK;
        if (*ok)
            snprintf (detail, size, "SMTP %ld", status);
        else
            snprintf (detail, size, "could not mail %s: %s (SMTP %ld)", self->target,
                      curl_easy_strerror (rc), status);
        return;
    }
    *ok = rc == CURLE_OK && status >= 200 && status < 300;
    if (rc != CURLE_OK && self->why[0])
        snprintf (detail, size, "could not post to %s: %s, not allowed (notify/webhook_allow)",
                  self->target, self->why);
    else if (rc != CURLE_OK)
        snprintf (detail, size, "could not post to %s: %s", self->target, curl_easy_strerror (rc));
    else
        snprintf (detail, size, "HTTP %ld", status);
}

void
notify_xfer_destroy (notify_xfer_t **self_p)
{
    notify_xfer_t *self = *self_p;
    if (!self)
        return;
    curl_easy_cleanup (self->easy);
    curl_slist_free_all (self->list);
    if (self->data) //  a mail may hold a login link
        sodium_memzero (zchunk_data (self->data), zchunk_size (self->data));
    zchunk_destroy (&self->data);
    free (self->target);
    free (self);
    *self_p = NULL;
}
