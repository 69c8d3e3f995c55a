/*  notify_mail.c: e-mail through SMTP (libcurl), for the senders'
    deliveries and for notify.mail.send, one direct mail from samskab-web
    (a login link) that is passed to SMTP and kept nowhere: not in the
    stored reply ({sent: true}), a log line or the delivery tables.
*/
#include <curl/curl.h>
#include <sodium.h>

#include "notify_ops.h"
#include "sk_mem.h"

#define S_DIRECT_TIMEOUT_MS 2500 //  within the web's call timeout: a retry is rare

static const notify_conf_t *s_conf; //  notify's settings, set at start

void
notify_mail_init (const notify_conf_t *conf)
{
    s_conf = conf;
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

typedef struct {
    zchunk_t *message;
    size_t at;
} reader_t;

static size_t
s_read_message (char *buf, size_t size, size_t n, void *arg)
{
    reader_t *r = (reader_t *)arg;
    size_t left = zchunk_size (r->message) - r->at, len = size * n < left ? size * n : left;
    memcpy (buf, zchunk_data (r->message) + r->at, len);
    r->at += len;
    return len;
}

CURLcode
notify_mail_smtp (CURL *c, const notify_conf_t *conf, const char *to, const char *uid,
                  const char *subject, const char *text, int timeout_ms, long *status)
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
    char from[256];
    snprintf (from, sizeof from, "<%s>", conf->mail_from);
    char rcpt[256];
    snprintf (rcpt, sizeof rcpt, "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append (NULL, rcpt);
    reader_t reader = { m, 0 };
    curl_easy_reset (c);
    curl_easy_setopt (c, CURLOPT_URL, conf->smtp_url);
    curl_easy_setopt (c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt (c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt (c, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt (c, CURLOPT_READFUNCTION, s_read_message);
    curl_easy_setopt (c, CURLOPT_READDATA, &reader);
    curl_easy_setopt (c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt (c, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
    curl_easy_setopt (c, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform (c);
    *status = 0;
    curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all (rcpts);
    sodium_memzero (zchunk_data (m), zchunk_size (m)); //  it may hold a login link
    zchunk_destroy (&m);
    return rc;
}

//  True if s is one line (no CR, LF or other control character).
static bool
s_one_line (const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20)
            return false;
    return true;
}

int
notify_mail_send (sk_call_t *call)
{
    static const char *keys[] = { "to", "subject", "text", NULL };
    const char *to, *subject, *text;
    if (call->caller->role != SK_ROLE_SERVICE || !streq (call->caller->municipality, "*"))
        return sk_call_fail (call, "forbidden", NULL,
                             "only a service certificate for all municipalities may send mail");
    if (sk_call_known_keys (call, NULL, keys) || sk_call_str (call, NULL, "to", 200, true, &to) < 0
        || sk_call_str (call, NULL, "subject", 200, true, &subject) < 0
        || sk_call_str (call, NULL, "text", 8000, true, &text) < 0)
        return -1;
    const char *at = strchr (to, '@');
    if (!at || at == to || strchr (at + 1, '@') || !strchr (at + 1, '.') || !s_one_line (to)
        || strpbrk (to, "<> ,;"))
        return sk_call_fail (call, "invalid_argument", "to", "\"%s\" is not an e-mail address", to);
    if (!s_one_line (subject))
        return sk_call_fail (call, "invalid_argument", "subject", "subject must be one line");
    if (!s_conf || !s_conf->smtp_url)
        return sk_call_fail (call, "unavailable", NULL,
                             "no SMTP server configured (notify/smtp_url)");
    uint8_t bytes[16];
    char uid[33];
    randombytes_buf (bytes, sizeof bytes);
    sodium_bin2hex (uid, sizeof uid, bytes, sizeof bytes);
    CURL *c = curl_easy_init ();
    long status = 0;
    int timeout_ms =
        s_conf->timeout_ms < S_DIRECT_TIMEOUT_MS ? s_conf->timeout_ms : S_DIRECT_TIMEOUT_MS;
    CURLcode rc = c ? notify_mail_smtp (c, s_conf, to, uid, subject, text, timeout_ms, &status)
                    : CURLE_FAILED_INIT;
    curl_easy_cleanup (c);
    if (rc != CURLE_OK) {
        //  The address is personal data: not in the log or the error
        sk_warn ("could not send a direct mail: %s (SMTP %ld)", curl_easy_strerror (rc), status);
        return sk_call_fail (call, "unavailable", NULL, "could not send the mail: %s",
                             curl_easy_strerror (rc));
    }
    sk_pack_map (&call->reply, 1);
    sk_pack_kbool (&call->reply, "sent", true);
    return 0;
}
