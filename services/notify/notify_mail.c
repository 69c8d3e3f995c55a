/*  notify_mail.c: notify.mail.send, one direct mail from samskab-web
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

bool
notify_mail_configured (void)
{
    return s_conf && s_conf->smtp_url && *s_conf->smtp_url;
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
    //  The senders' own transfer (notify_xfer.c), performed here at once
    notify_xfer_t *xfer = notify_xfer_email (s_conf, to, uid, subject, text);
    CURL *c = notify_xfer_easy (xfer);
    long status = 0;
    int timeout_ms =
        s_conf->timeout_ms < S_DIRECT_TIMEOUT_MS ? s_conf->timeout_ms : S_DIRECT_TIMEOUT_MS;
    curl_easy_setopt (c, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
    CURLcode rc = curl_easy_perform (c);
    curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &status);
    notify_xfer_destroy (&xfer); //  wipes the message: it may hold a login link
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
