/*  notify_text.c: events as JSON, templates, signatures. */
#include <ctype.h>
#include <sodium.h>
#include <time.h>

#include "notify.h"
#include "sk_mem.h"

static void
s_json_string (zchunk_t *buf, const char *s, size_t len)
{
    zchunk_extend (buf, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            zchunk_extend (buf, esc, 2);
        } else if (c < 0x20) {
            snprintf (esc, sizeof esc, "\\u%04x", c);
            zchunk_extend (buf, esc, 6);
        } else
            zchunk_extend (buf, &s[i], 1);
    }
    zchunk_extend (buf, "\"", 1);
}

void
notify_json (zchunk_t *buf, const msgpack_object *obj)
{
    char num[32];
    switch (obj->type) {
        case MSGPACK_OBJECT_BOOLEAN:
            zchunk_extend (buf, obj->via.boolean ? "true" : "false", obj->via.boolean ? 4 : 5);
            break;
        case MSGPACK_OBJECT_POSITIVE_INTEGER:
            zchunk_extend (buf, num, (size_t)snprintf (num, sizeof num, "%" PRIu64, obj->via.u64));
            break;
        case MSGPACK_OBJECT_NEGATIVE_INTEGER:
            zchunk_extend (buf, num, (size_t)snprintf (num, sizeof num, "%" PRId64, obj->via.i64));
            break;
        case MSGPACK_OBJECT_FLOAT32:
        case MSGPACK_OBJECT_FLOAT64:
            zchunk_extend (buf, num, (size_t)snprintf (num, sizeof num, "%.17g", obj->via.f64));
            break;
        case MSGPACK_OBJECT_STR: s_json_string (buf, obj->via.str.ptr, obj->via.str.size); break;
        case MSGPACK_OBJECT_ARRAY:
            zchunk_extend (buf, "[", 1);
            for (uint32_t i = 0; i < obj->via.array.size; i++) {
                if (i)
                    zchunk_extend (buf, ",", 1);
                notify_json (buf, &obj->via.array.ptr[i]);
            }
            zchunk_extend (buf, "]", 1);
            break;
        case MSGPACK_OBJECT_MAP:
            zchunk_extend (buf, "{", 1);
            for (uint32_t i = 0; i < obj->via.map.size; i++) {
                if (i)
                    zchunk_extend (buf, ",", 1);
                notify_json (buf, &obj->via.map.ptr[i].key);
                zchunk_extend (buf, ":", 1);
                notify_json (buf, &obj->via.map.ptr[i].val);
            }
            zchunk_extend (buf, "}", 1);
            break;
        default: //  nil, and bin/ext which the codec refuses anyway
            zchunk_extend (buf, "null", 4);
    }
}

zchunk_t *
notify_webhook_body (const msgpack_object *event, const char *uid, const char *subject,
                     const char *text)
{
    zchunk_t *buf = zchunk_new (NULL, 512);
    zchunk_extend (buf, "{\"id\":", 6);
    s_json_string (buf, uid, strlen (uid));
    zchunk_extend (buf, ",\"subject\":", 11);
    s_json_string (buf, subject, strlen (subject));
    zchunk_extend (buf, ",\"text\":", 8);
    s_json_string (buf, text, strlen (text));
    zchunk_extend (buf, ",\"event\":", 9);
    notify_json (buf, event);
    zchunk_extend (buf, "}", 1);
    return buf;
}

//  The site the texts link to ({{public_url}}): set once at start, read
//  by every sender after
static char *s_public_url;

void
notify_text_init (const char *public_url)
{
    free (s_public_url);
    s_public_url = public_url ? sk_strdup (public_url) : NULL;
}

void
notify_text_term (void)
{
    free (s_public_url);
    s_public_url = NULL;
}

static const char *s_months_da[] = { "januar",    "februar", "marts",    "april",
                                     "maj",       "juni",    "juli",     "august",
                                     "september", "oktober", "november", "december" };
static const char *s_months_en[] = { "January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December" };

//  A date or a time for people, in the process's zone (notify's main sets
//  Europe/Copenhagen): "7. december 2026 kl. 17.15" (da) or "7 December
//  2026 at 17:15" (en); a date alone without the time of day. A time
//  without a zone is UTC (the log's). False if value is neither.
static bool
s_when (const char *value, size_t len, bool danish, zchunk_t *out)
{
    char v[64];
    if (len < 10 || len >= sizeof v)
        return false;
    memcpy (v, value, len);
    v[len] = 0;
    struct tm tm = { 0 };
    int consumed = 0;
    if (sscanf (v, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &consumed) != 3
        || consumed != 10 || tm.tm_mon < 1 || tm.tm_mon > 12)
        return false;
    tm.tm_year -= 1900, tm.tm_mon -= 1;
    char text[80];
    const char *month = (danish ? s_months_da : s_months_en)[tm.tm_mon];
    if (len == 10) {
        snprintf (text, sizeof text, danish ? "%d. %s %d" : "%d %s %d", tm.tm_mday, month,
                  tm.tm_year + 1900);
        zchunk_extend (out, text, strlen (text));
        return true;
    }
    const char *p = v + 10;
    if ((*p != 'T' && *p != ' ')
        || sscanf (p + 1, "%2d:%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 3)
        return false;
    p += 1 + consumed;
    if (*p == '.')
        for (p++; isdigit ((unsigned char)*p); p++)
            ;
    long offset = 0;
    if (*p == '+' || *p == '-') {
        int hours = 0, minutes = 0;
        if (sscanf (p + 1, "%2d:%2d", &hours, &minutes) < 1)
            return false;
        offset = (*p == '-' ? -1 : 1) * (hours * 3600L + minutes * 60L);
    } else if (*p && !(*p == 'Z' && p[1] == 0))
        return false;
    time_t t = timegm (&tm) - offset;
    struct tm local;
    localtime_r (&t, &local);
    month = (danish ? s_months_da : s_months_en)[local.tm_mon];
    snprintf (text, sizeof text, danish ? "%d. %s %d kl. %02d.%02d" : "%d %s %d at %02d:%02d",
              local.tm_mday, month, local.tm_year + 1900, local.tm_hour, local.tm_min);
    zchunk_extend (out, text, strlen (text));
    return true;
}

//  A citizen budget's phase in Danish; false if code is none.
static bool
s_phase_da (const char *code, size_t len, zchunk_t *out)
{
    static const char *phases[][2] = { { "ideas", "idéer" },
                                       { "development", "udvikling" },
                                       { "voting", "afstemning" },
                                       { "closed", "lukket" },
                                       { "published", "offentliggjort" },
                                       { "implementation", "gennemførelse" },
                                       { "archived", "arkiveret" } };
    for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++)
        if (strlen (phases[i][0]) == len && memcmp (phases[i][0], code, len) == 0) {
            zchunk_extend (out, phases[i][1], strlen (phases[i][1]));
            return true;
        }
    return false;
}

static bool s_value_text (const msgpack_object *v, const char *format, size_t extra, zchunk_t *out);

//  The text a {{name}} stands for: a field of the event's body, else the
//  event's own topic, tenant, ts or source, or the site (public_url).
//  {{name:dato}} / {{name:date}} write a date or time for people in
//  Danish / English, {{name:fase}} a budget phase in Danish (as it is if
//  neither); {{name?text}} is text when the field is absent, nil or "".
//  A list's items are each on a line of their own ("- "), as formatted.
static void
s_field_text (const msgpack_object *event, const char *spec, size_t len, zchunk_t *out)
{
    char key[64];
    size_t key_len = strcspn (spec, ":?}");
    if (key_len > len)
        key_len = len;
    if (key_len >= sizeof key)
        return;
    memcpy (key, spec, key_len);
    key[key_len] = 0;
    const char *format = spec[key_len] == ':' ? spec + key_len + 1 : NULL;
    const char *fallback = spec[key_len] == '?' ? spec + key_len + 1 : NULL;
    size_t extra = len > key_len ? len - key_len - 1 : 0;
    const msgpack_object *v = sk_obj_get (sk_obj_get (event, "body"), key);
    if (!v
        && (streq (key, "topic") || streq (key, "tenant") || streq (key, "ts")
            || streq (key, "source")))
        v = sk_obj_get (event, key);
    if (!v && streq (key, "public_url") && s_public_url) {
        zchunk_extend (out, s_public_url, strlen (s_public_url));
        return;
    }
    if (v && v->type == MSGPACK_OBJECT_ARRAY && v->via.array.size > 0) {
        //  A list: each item on a line of its own, formatted alike
        for (uint32_t i = 0; i < v->via.array.size; i++) {
            zchunk_extend (out, "\n- ", 3);
            s_value_text (&v->via.array.ptr[i], format, extra, out);
        }
    } else if (!s_value_text (v, format, extra, out) && fallback)
        zchunk_extend (out, fallback, extra);
}

//  One value as text, as format (extra bytes) asks; false if it is none.
static bool
s_value_text (const msgpack_object *v, const char *format, size_t extra, zchunk_t *out)
{
    char num[32];
    if (v && v->type == MSGPACK_OBJECT_STR && v->via.str.size > 0) {
        const char *str = v->via.str.ptr;
        size_t size = v->via.str.size;
        bool done = false;
        if (format && extra == 4 && memcmp (format, "dato", 4) == 0)
            done = s_when (str, size, true, out);
        else if (format && extra == 4 && memcmp (format, "date", 4) == 0)
            done = s_when (str, size, false, out);
        else if (format && extra == 4 && memcmp (format, "fase", 4) == 0)
            done = s_phase_da (str, size, out);
        if (!done)
            zchunk_extend (out, str, size);
    } else if (v && v->type == MSGPACK_OBJECT_POSITIVE_INTEGER)
        zchunk_extend (out, num, (size_t)snprintf (num, sizeof num, "%" PRIu64, v->via.u64));
    else if (v && v->type == MSGPACK_OBJECT_NEGATIVE_INTEGER)
        zchunk_extend (out, num, (size_t)snprintf (num, sizeof num, "%" PRId64, v->via.i64));
    else if (v && v->type == MSGPACK_OBJECT_BOOLEAN)
        zchunk_extend (out, v->via.boolean ? "true" : "false", v->via.boolean ? 4 : 5);
    else
        return false;
    return true;
}

char *
notify_render (const char *template, const msgpack_object *event)
{
    zchunk_t *out = zchunk_new (NULL, 256);
    const char *p = template;
    while (*p) {
        const char *open = strstr (p, "{{");
        const char *close = open ? strstr (open + 2, "}}") : NULL;
        if (!close) {
            zchunk_extend (out, p, strlen (p));
            break;
        }
        zchunk_extend (out, p, (size_t)(open - p));
        s_field_text (event, open + 2, (size_t)(close - open - 2), out);
        p = close + 2;
    }
    zchunk_extend (out, "", 1);
    char *s = sk_strdup ((const char *)zchunk_data (out));
    zchunk_destroy (&out);
    return s;
}

void
notify_hmac (const char *key, const void *data, size_t len, char *hex)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init (&state, (const unsigned char *)key, strlen (key));
    crypto_auth_hmacsha256_update (&state, (const unsigned char *)data, len);
    crypto_auth_hmacsha256_final (&state, mac);
    sodium_bin2hex (hex, 65, mac, sizeof mac);
}

void
notify_webhook_sign (const char *secret, const char *id, int64_t timestamp, const void *body,
                     size_t len, char *out, size_t size)
{
    //  A "whsec_" secret is base64 of the key, as the specification's
    //  libraries read it; any other secret is the key itself
    unsigned char key[256];
    size_t key_len = 0;
    const char *b64 = strncmp (secret, "whsec_", 6) == 0 ? secret + 6 : NULL;
    if (!b64
        || sodium_base642bin (key, sizeof key, b64, strlen (b64), NULL, &key_len, NULL,
                              sodium_base64_VARIANT_ORIGINAL))
        key_len = 0, b64 = NULL;
    char prefix[128];
    int n = snprintf (prefix, sizeof prefix, "%s.%" PRId64 ".", id, timestamp);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    if (b64)
        crypto_auth_hmacsha256_init (&state, key, key_len);
    else
        crypto_auth_hmacsha256_init (&state, (const unsigned char *)secret, strlen (secret));
    crypto_auth_hmacsha256_update (&state, (const unsigned char *)prefix, (size_t)n);
    crypto_auth_hmacsha256_update (&state, (const unsigned char *)body, len);
    crypto_auth_hmacsha256_final (&state, mac);
    sodium_memzero (key, sizeof key);
    char enc[sodium_base64_ENCODED_LEN (crypto_auth_hmacsha256_BYTES,
                                        sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64 (enc, sizeof enc, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
    snprintf (out, size, "v1,%s", enc);
}
