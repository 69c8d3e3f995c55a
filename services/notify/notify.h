/*  notify.h: the notify service's parts (doc/DECISIONS.md, "Notify").

    main.c       the op table and the threads beside the service loop
    notify_bus.c the bus: CURVE XSUB for publishers, XPUB for subscribers
    notify_log.c the event log: append (dedupe by event_id, fan out to the
                 outbox), follow a source after a stored cursor
    notify_mail.c e-mail through SMTP, and notify.mail.send
    notify_ops.c the ops
    notify_remind.c reminders months ahead, daily digests
    notify_send.c the senders: lease due deliveries (FOR UPDATE SKIP
                 LOCKED, a few per subscription), deliver them outside the
                 transaction, many at once, by webhook, e-mail, ZeroMQ or
                 in-app, retry with capped exponential backoff,
                 dead-letter, log every attempt
    notify_xfer.c a webhook POST or an e-mail as a libcurl transfer
    notify_text.c event as JSON, templates, HMAC
*/
#ifndef NOTIFY_H_INCLUDED
#define NOTIFY_H_INCLUDED

#include <curl/curl.h>
#include <czmq.h>

#include "sk_config.h"
#include "sk_follow.h"
#include "sk_log.h"
#include "sk_call.h"
#include "sk_event.h"
#include "netguard/netguard.h"

#define NOTIFY_MAX_SOURCES 8

//  Settings read once at start, shared read-only by every thread.
typedef struct {
    const char *db;          //  libpq connection string
    const char *cert;        //  notify's secret certificate
    const char *public_cert; //  notify's public certificate
    const char *clients;     //  directory of client certificates
    const char *xsub;        //  bus endpoints this instance binds, or NULL
    const char *xpub;
    const char *xpub_connect; //  every instance's XPUB, for the followers' wake-up
    int bus_max_conns;        //  connections each of the bus's sockets holds
    int bus_max_conns_per_address;
    //  Sources followed: name, endpoint, public certificate
    int nsources;
    const char *sources[NOTIFY_MAX_SOURCES];
    const char *source_endpoints[NOTIFY_MAX_SOURCES];
    const char *source_publics[NOTIFY_MAX_SOURCES];
    int poll_ms;          //  pull each source at least this often
    int senders;          //  delivery threads
    int batch;            //  deliveries in flight per sender, at most
    int per_subscription; //  deliveries in flight per subscription, at most
    int max_attempts;     //  then the delivery is dead
    int retry_base_ms;    //  first retry delay; doubles per attempt
    int retry_cap_ms;     //  and never exceeds this
    int timeout_ms;       //  per delivery attempt
    const char *smtp_url; //  smtp://host:port, or NULL: no e-mail
    const char *mail_from;
    int digest_hour; //  UTC hour the daily digests go out
    //  Special addresses webhooks may reach anyway (notify/webhook_allow)
    netguard_t *webhook_allow;
} notify_conf_t;

//  A sender's arguments: the settings and which of the senders it is; it
//  leases the deliveries of the subscriptions whose id is its index
//  modulo notify/senders, so the senders of one instance never compete
//  for the same rows.
typedef struct {
    const notify_conf_t *conf;
    int index;
} notify_send_args_t;

//  Threads (zactor functions; args as named)
void notify_bus_actor (zsock_t *pipe, void *args);    //  notify_conf_t
void notify_send_actor (zsock_t *pipe, void *args);   //  notify_send_args_t
void notify_remind_actor (zsock_t *pipe, void *args); //  notify_conf_t

//  An event as notify stores it.
typedef struct {
    const char *event_id;
    const char *source;
    int64_t source_seq;    //  0 if external
    const char *publisher; //  caller key of an external publisher, or NULL
    const char *topic;
    const char *tenant;
    const char *ts;   //  RFC 3339, or NULL for now
    const void *body; //  packed msgpack map
    size_t body_len;
    const msgpack_object *decoded; //  the same map decoded when the caller
                                   //  has it (NULL: notify_log_append
                                   //  decodes body, once)
    int64_t only_subscription;     //  deliver to this subscription alone, not
                                   //  to every match (digests); 0 normally
} notify_event_t;

//  Append ev to the log inside the open transaction on db, and queue a
//  delivery for every matching active subscription. Returns 1 and *seq if
//  appended, 0 and *seq of the stored one if event_id was there already
//  (*same_source tells whether it came from the same source), -1 with err.
//  The followers' hook: store one event of source (arg) in the log, with
//  its deliveries, in the follower's transaction (sk_follow_fn).
int notify_log_follow (sk_db_t *db, const sk_event_t *event, void *arg, sk_error_t *err);
int notify_log_append (sk_db_t *db, const notify_event_t *ev, int64_t *seq, bool *same_source,
                       sk_error_t *err);
//  registry.person.erased (body): the registry events it names get the
//  body {"erased": true} in the log, their deliveries lose subject and text
//  (notify_erase.c). 0, or -1 with err.
int notify_erase_apply (sk_db_t *db, const msgpack_object *body, sk_error_t *err);
//  Columns of event_log as notify_log_pack reads them, by name "e".
#define NOTIFY_EVENT_COLUMNS                                                                       \
    "e.seq, e.event_id, e.source, e.source_seq, to_char(e.ts AT TIME ZONE "                        \
    "'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), e.tenant, e.topic, e.body"
//  Pack the event in row of r, columns from col (NOTIFY_EVENT_COLUMNS).
void notify_log_pack (sk_pack_t *p, PGresult *r, int row, int col);

//  Transfers (notify_xfer.c): a webhook POST (signed, guarded) or an
//  e-mail, ready for a curl multi handle; CURLOPT_PRIVATE is the transfer.
typedef struct _notify_xfer_t notify_xfer_t;
notify_xfer_t *notify_xfer_webhook (const notify_conf_t *conf, const char *url, const char *secret,
                                    const char *uid, const msgpack_object *event, int attempt,
                                    const char *subject, const char *text);
notify_xfer_t *notify_xfer_email (const notify_conf_t *conf, const char *to, const char *uid,
                                  const char *subject, const char *text);
CURL *notify_xfer_easy (notify_xfer_t *self);
//  What the finished transfer (curl's result rc) came to.
void notify_xfer_outcome (notify_xfer_t *self, CURLcode rc, bool *ok, char *detail, size_t size);
void notify_xfer_destroy (notify_xfer_t **self_p);

//  Reminders and digests (notify_remind.c)
//  Schedule reminders from an event just appended (inside its transaction),
//  body its body decoded (NULL if it could not be: no reminders).
int notify_remind_hook (sk_db_t *db, const notify_event_t *ev, const msgpack_object *body,
                        sk_error_t *err);
//  Reminders of a status meeting at time at (RFC 3339): 14 days and 1 day
//  before, escalation 7 days after unless minutes are logged.
int notify_remind_meeting (sk_db_t *db, const char *tenant, int64_t agreement, int64_t meeting,
                           const char *at, const char *coordinator, sk_error_t *err);
//  Send the digests due (digest_hour < 0: all held now) of tenant (NULL:
//  all); the number sent, or -1.
int notify_digest_send (sk_db_t *db, const char *tenant, int digest_hour, sk_error_t *err);


//  Text (notify_text.c)
//  Append obj as JSON to buf.
void notify_json (zchunk_t *buf, const msgpack_object *obj);
//  JSON of the event packed by notify_log_pack plus delivery fields: the
//  webhook body. Returns a new chunk.
zchunk_t *notify_webhook_body (const msgpack_object *event, const char *uid, const char *subject,
                               const char *text);
//  The site texts link to as {{public_url}} (web/public_url: the address
//  samskab-web's login mails use); once, before the senders start.
void notify_text_init (const char *public_url);
void notify_text_term (void);
//  Replace {{name}} in template with the event's fields; {{name:dato}},
//  {{name:date}} a time or date for people (Danish, English; local time),
//  {{name:fase}} a budget phase in Danish, {{name?text}} text when absent.
//  A new string.
char *notify_render (const char *template, const msgpack_object *event);
//  Hex HMAC-SHA256 of data under key, into hex[65].
void notify_hmac (const char *key, const void *data, size_t len, char *hex);
//  The Standard Webhooks signature of a message: "v1," and the base64
//  HMAC-SHA256 of "id.timestamp.body" under secret (a "whsec_" secret is
//  base64 of the key), into out.
void notify_webhook_sign (const char *secret, const char *id, int64_t timestamp, const void *body,
                          size_t len, char *out, size_t size);

#endif
