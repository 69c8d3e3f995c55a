/*  notify_ops.c: the ops of notify (proto/PROTOCOL.md, "notify"). */
#include <pthread.h>

#include "notify_ops.h"

//  Publishers' certificates, for their "topics" and "name" metadata. The
//  lock stays: any worker serving notify.event.publish looks a publisher
//  up, and a zcertstore (its hash, and the reload it does on a changed
//  folder) is not safe to share; an actor in between would add a round
//  trip to every publish for a lookup of a few microseconds.
static zcertstore_t *s_certs;
static pthread_mutex_t s_certs_lock = PTHREAD_MUTEX_INITIALIZER;

void
notify_ops_init (const char *clients)
{
    s_certs = zcertstore_new (clients);
}

void
notify_ops_term (void)
{
    zcertstore_destroy (&s_certs);
}

//  Reply {"items": rows of r}, each a map named by its columns (sk_cols_of).
static int
s_reply_items (sk_call_t *call, PGresult *r)
{
    if (!r)
        return -1;
    sk_col_t *cols = sk_cols_of (r);
    int rc = sk_call_reply_items (call, r, cols);
    free (cols);
    return rc;
}

//  Reply with the one row of r, or not_found naming what.
static int
s_reply_row (sk_call_t *call, PGresult *r, const char *what, int64_t id)
{
    if (!r)
        return -1;
    if (PQntuples (r) != 1) {
        PQclear (r);
        return sk_call_fail (call, "not_found", "id", "%s %lld does not exist", what,
                             (long long)id);
    }
    sk_col_t *cols = sk_cols_of (r);
    sk_pack_row (&call->reply, r, 0, cols);
    free (cols);
    PQclear (r);
    return 0;
}

//  --------------------------------------------------------------------------
//  The log

//  notify's log in place of its own outbox: every event it knows, in its
//  own gap-free order.
//  An event_log row (NOTIFY_EVENT_COLUMNS) onto the reply.
static void
s_pack_logged (sk_call_t *call, PGresult *r, int row)
{
    notify_log_pack (&call->reply, r, row, 0);
}

int
notify_event_list (sk_call_t *call)
{
    static const char *keys[] = { "after", "limit", "topic", "source", NULL };
    sk_event_query_t q;
    const char *source = NULL;
    if (sk_event_list_read (call, keys, &q)
        || sk_call_str (call, NULL, "source", 64, false, &source) < 0)
        return -1;
    const char *params[] = { q.after_text, q.limit_text, q.topic, source };
    PGresult *r = sk_call_sql (call,
                               "SELECT " NOTIFY_EVENT_COLUMNS " FROM event_log e "
                               "WHERE e.seq > $1 AND starts_with(e.topic, $3) "
                               "AND ($4::text IS NULL OR e.source = $4) ORDER BY e.seq LIMIT $2",
                               4, params);
    PGresult *last = r ? sk_call_sql (call, "SELECT last FROM log_seq", 0, NULL) : NULL;
    return sk_event_list_reply (call, r, last, s_pack_logged);
}

static bool
s_uuid_valid (const char *s)
{
    if (strlen (s) != 36)
        return false;
    for (int i = 0; i < 36; i++)
        if (i == 8 || i == 13 || i == 18 || i == 23 ? s[i] != '-' : !isxdigit ((unsigned char)s[i]))
            return false;
    return true;
}

static bool
s_topic_valid (const char *s)
{
    size_t len = strlen (s);
    return len >= 3 && strspn (s, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == len
           && strchr (s, '.') && s[0] != '.' && s[len - 1] != '.';
}

//  May the caller publish topic? Reads the "topics" of its certificate.
static int
s_check_topics (sk_call_t *call, const char *topic, char *name, size_t size)
{
    pthread_mutex_lock (&s_certs_lock);
    zcert_t *cert = s_certs ? zcertstore_lookup (s_certs, call->caller->key) : NULL;
    char *topics =
        cert && zcert_meta (cert, "topics") ? strdup (zcert_meta (cert, "topics")) : NULL;
    snprintf (name, size, "%s",
              cert && zcert_meta (cert, "name") ? zcert_meta (cert, "name") : "external");
    pthread_mutex_unlock (&s_certs_lock);
    bool allowed = false;
    for (char *save = NULL, *p = topics ? strtok_r (topics, ",", &save) : NULL; p && !allowed;
         p = strtok_r (NULL, ",", &save))
        allowed = *p && strncmp (topic, p, strlen (p)) == 0;
    int rc = 0;
    if (!topics)
        rc = sk_call_fail (call, "forbidden", "topic",
                           "certificate %s may not publish events: it names no topics",
                           call->caller->key);
    else if (!allowed)
        rc = sk_call_fail (call, "forbidden", "topic",
                           "certificate may not publish topic \"%s\": it may publish %s", topic,
                           topics);
    free (topics);
    return rc;
}

int
notify_event_publish (sk_call_t *call)
{
    static const char *keys[] = { "event_id", "topic", "body", "ts", NULL };
    const char *event_id, *topic, *ts = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "event_id", 36, true, &event_id) < 0
        || sk_call_str (call, NULL, "topic", 128, true, &topic) < 0
        || sk_call_str (call, NULL, "ts", 40, false, &ts) < 0)
        return -1;
    if (!s_uuid_valid (event_id))
        return sk_call_fail (call, "invalid_argument", "event_id", "event_id \"%s\" is not a UUID",
                             event_id);
    if (!s_topic_valid (topic))
        return sk_call_fail (call, "invalid_argument", "topic", "invalid topic \"%s\"", topic);
    const msgpack_object *body = sk_obj_get (call->req->body, "body");
    if (!body || body->type != MSGPACK_OBJECT_MAP)
        return sk_call_fail (call, "invalid_argument", "body", "field \"body\" must be a map");
    char name[64];
    if (s_check_topics (call, topic, name, sizeof name))
        return -1;
    sk_pack_t packed;
    sk_pack_init (&packed);
    msgpack_pack_object (&packed.pk, *body);
    notify_event_t ev = { .event_id = event_id,
                          .source = name,
                          .publisher = call->caller->key,
                          .topic = topic,
                          .tenant = call->req->tenant,
                          .ts = ts,
                          .body = packed.buf.data,
                          .body_len = packed.buf.size,
                          .decoded = body };
    int64_t seq;
    bool same;
    int rc = notify_log_append (call->db, &ev, &seq, &same, &call->err);
    sk_pack_release (&packed);
    if (rc < 0 && ts && streq (call->err.code, "invalid_argument"))
        return sk_call_fail (call, "invalid_argument", "ts", "\"%s\" is not a time (RFC 3339)", ts);
    if (rc < 0)
        return -1;
    if (rc == 0 && !same)
        return sk_call_fail (call, "conflict", "event_id",
                             "event %s was published by another source", event_id);
    if (rc == 1) {
        //  On the bus after commit, as notify's log serves it
        const char *params[] = { sk_call_itoa (call, seq) };
        PGresult *r = sk_call_sql (
            call, "SELECT " NOTIFY_EVENT_COLUMNS " FROM event_log e WHERE e.seq = $1", 1, params);
        if (!r)
            return -1;
        sk_pack_t event;
        sk_pack_init (&event);
        notify_log_pack (&event, r, 0, 0);
        PQclear (r);
        zlist_append (call->events, zframe_new (topic, strlen (topic)));
        zlist_append (call->events, zframe_new (event.buf.data, event.buf.size));
        sk_pack_release (&event);
    }
    sk_pack_map (&call->reply, 3);
    sk_pack_kint (&call->reply, "seq", seq);
    sk_pack_kstr (&call->reply, "event_id", event_id);
    sk_pack_kbool (&call->reply, "duplicate", rc == 0);
    return 0;
}

//  --------------------------------------------------------------------------
//  Subscriptions and preferences

#define S_SUBSCRIPTION_COLUMNS                                                                     \
    "id, recipient, kind, topic, channel, address, language, digest, active, "                     \
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at"

static bool
s_one_of (const char *s, const char *const *set)
{
    for (int i = 0; set[i]; i++)
        if (streq (s, set[i]))
            return true;
    return false;
}

//  Check the address (and secret) a channel needs.
static int
s_check_address (sk_call_t *call, const char *channel, const char *address, const char *secret)
{
    if (streq (channel, "inapp"))
        return address ? sk_call_fail (call, "invalid_argument", "address",
                                       "an in-app subscription takes no address")
                       : 0;
    if (!address)
        return sk_call_fail (call, "invalid_argument", "address",
                             "a %s subscription needs an address", channel);
    if (strpbrk (address, " \r\n\t<>\""))
        return sk_call_fail (call, "invalid_argument", "address",
                             "address \"%s\" contains a space, quote or angle bracket", address);
    if (streq (channel, "webhook")) {
        if (strncmp (address, "http://", 7) && strncmp (address, "https://", 8))
            return sk_call_fail (call, "invalid_argument", "address",
                                 "webhook address \"%s\" is not an http or https URL", address);
        //  user:password@ in the authority: not echoed, it is a secret
        const char *host = strstr (address, "://") + 3;
        const char *at = strchr (host, '@');
        if (at && at < host + strcspn (host, "/?#"))
            return sk_call_fail (call, "invalid_argument", "address",
                                 "a webhook address may not contain a user name or password; "
                                 "the subscription's secret signs each delivery");
        if (!secret || strlen (secret) < 16)
            return sk_call_fail (call, "invalid_argument", "secret",
                                 "a webhook needs a secret of at least 16 bytes "
                                 "to sign with");
    } else if (streq (channel, "email")) {
        const char *at = strchr (address, '@');
        if (!at || at == address || !at[1] || strchr (at + 1, '@'))
            return sk_call_fail (call, "invalid_argument", "address",
                                 "\"%s\" is not an e-mail address", address);
    } else if (streq (channel, "zmq")) {
        if (strncmp (address, "tcp://", 6))
            return sk_call_fail (call, "invalid_argument", "address",
                                 "ZeroMQ address \"%s\" is not a tcp:// endpoint", address);
        if (!secret || strlen (secret) != 40)
            return sk_call_fail (call, "invalid_argument", "secret",
                                 "a ZeroMQ subscription needs the receiver's public "
                                 "key (40 characters, Z85) as secret");
    }
    return 0;
}

//  True if recipient is named after a registry party ("association:"...)
//  without the party's id after it: it would hear nothing (notify_log.c
//  matches the events' parties by this name).
static bool
s_party_without_id (const char *recipient)
{
    static const char *parties[] = { "association:", "company:", "institution:", "volunteer:",
                                     NULL };
    for (int i = 0; parties[i]; i++) {
        size_t n = strlen (parties[i]);
        if (strncmp (recipient, parties[i], n) == 0) {
            const char *id = recipient + n;
            size_t digits = strspn (id, "0123456789");
            return digits == 0 || digits > 18 || id[digits] || *id == '0';
        }
    }
    return false;
}

int
notify_subscription_create (sk_call_t *call)
{
    static const char *keys[] = { "recipient", "kind",     "topic",  "channel", "address",
                                  "secret",    "language", "digest", NULL };
    static const char *kinds[] = { "person", "association", "staff", "system", NULL };
    static const char *channels[] = { "webhook", "email", "zmq", "inapp", NULL };
    static const char *languages[] = { "da", "en", NULL };
    const char *recipient, *kind, *topic = "", *channel, *address = NULL, *secret = NULL,
                                  *language = "da";
    bool digest = false;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "recipient", 200, true, &recipient) < 0
        || sk_call_str (call, NULL, "kind", 16, true, &kind) < 0
        || sk_call_str (call, NULL, "topic", 128, false, &topic) < 0
        || sk_call_str (call, NULL, "channel", 16, true, &channel) < 0
        || sk_call_str (call, NULL, "address", 500, false, &address) < 0
        || sk_call_str (call, NULL, "secret", 200, false, &secret) < 0
        || sk_call_str (call, NULL, "language", 2, false, &language) < 0
        || sk_call_bool (call, NULL, "digest", false, &digest) < 0)
        return -1;
    if (!*recipient)
        return sk_call_fail (call, "invalid_argument", "recipient", "recipient is empty");
    if (s_party_without_id (recipient))
        return sk_call_fail (call, "invalid_argument", "recipient",
                             "recipient \"%s\" names no party: a party is named by its kind and "
                             "its id in the registry, e.g. association:21",
                             recipient);
    if (!s_one_of (kind, kinds))
        return sk_call_fail (call, "invalid_argument", "kind",
                             "unknown kind \"%s\": person, association, staff or system", kind);
    if (!s_one_of (channel, channels))
        return sk_call_fail (call, "invalid_argument", "channel",
                             "unknown channel \"%s\": webhook, email, zmq or inapp", channel);
    if (!s_one_of (language, languages))
        return sk_call_fail (call, "invalid_argument", "language",
                             "unknown language \"%s\": da or en", language);
    if (*topic && strspn (topic, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != strlen (topic))
        return sk_call_fail (call, "invalid_argument", "topic", "invalid topic prefix \"%s\"",
                             topic);
    if (s_check_address (call, channel, address, secret))
        return -1;
    const char *params[] = { call->req->tenant, recipient, kind,   topic,
                             channel,           address,   secret, language,
                             digest ? "t" : "f" };
    return s_reply_row (
        call,
        sk_call_sql (call,
                     "INSERT INTO subscription (tenant, recipient, kind, topic, channel, address, "
                     "secret, language, digest) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                     "RETURNING " S_SUBSCRIPTION_COLUMNS,
                     9, params),
        "subscription", 0);
}

int
notify_subscription_list (sk_call_t *call)
{
    static const char *keys[] = { "recipient", "inactive", NULL };
    const char *recipient = NULL;
    bool inactive = false;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "recipient", 200, false, &recipient) < 0
        || sk_call_bool (call, NULL, "inactive", false, &inactive) < 0)
        return -1;
    const char *params[] = { recipient, inactive ? "t" : "f" };
    return s_reply_items (
        call, sk_call_sql (call,
                           "SELECT " S_SUBSCRIPTION_COLUMNS " FROM subscription "
                           "WHERE ($1::text IS NULL OR recipient = $1) AND (active OR $2::boolean) "
                           "ORDER BY id LIMIT 1000",
                           2, params));
}

int
notify_subscription_delete (sk_call_t *call)
{
    int64_t id;
    if (sk_call_only_id (call, &id))
        return -1;
    const char *params[] = { sk_call_itoa (call, id) };
    //  What it had not delivered yet goes nowhere now
    if (sk_call_exec (call,
                      "UPDATE delivery SET status = 'dead', last_error = 'the subscription ended' "
                      "WHERE subscription = $1 AND status IN ('pending', 'digest')",
                      1, params))
        return -1;
    return s_reply_row (call,
                        sk_call_sql (call,
                                     "UPDATE subscription SET active = false WHERE id = $1 "
                                     "RETURNING " S_SUBSCRIPTION_COLUMNS,
                                     1, params),
                        "subscription", id);
}

int
notify_preference_set (sk_call_t *call)
{
    static const char *keys[] = { "recipient", "opt_out", "language", "digest", NULL };
    static const char *languages[] = { "da", "en", NULL };
    const char *recipient, *language = NULL;
    bool opt_out = false, digest = false;
    int has_opt_out = 0, has_digest = 0;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "recipient", 200, true, &recipient) < 0
        || (has_opt_out = sk_call_bool (call, NULL, "opt_out", false, &opt_out)) < 0
        || sk_call_str (call, NULL, "language", 2, false, &language) < 0
        || (has_digest = sk_call_bool (call, NULL, "digest", false, &digest)) < 0)
        return -1;
    if (language && !s_one_of (language, languages))
        return sk_call_fail (call, "invalid_argument", "language",
                             "unknown language \"%s\": da or en", language);
    const char *params[] = { call->req->tenant, recipient,
                             has_opt_out ? (opt_out ? "t" : "f") : NULL, language,
                             has_digest ? (digest ? "t" : "f") : NULL };
    if (has_opt_out && opt_out) {
        //  Nothing more reaches someone who opted out, queued or not
        const char *who[] = { recipient };
        if (sk_call_exec (
                call,
                "UPDATE delivery d SET status = 'dead', last_error = 'the recipient opted out' "
                "FROM subscription s WHERE s.id = d.subscription AND s.recipient = $1 "
                "AND d.status IN ('pending', 'digest')",
                1, who))
            return -1;
    }
    return s_reply_row (
        call,
        sk_call_sql (
            call,
            "INSERT INTO preference AS p (tenant, recipient, opt_out, language, digest) "
            "VALUES ($1, $2, coalesce($3::boolean, false), $4, $5) "
            "ON CONFLICT (tenant, recipient) DO UPDATE SET "
            "opt_out = coalesce($3::boolean, p.opt_out), "
            "language = coalesce($4, p.language), digest = coalesce($5::boolean, p.digest) "
            "RETURNING recipient, opt_out, language, digest",
            5, params),
        "preference", 0);
}

//  --------------------------------------------------------------------------
//  Deliveries

//  A failed attempt's detail names the receiver's address and what it
//  answered: staff and admins see it, other readers only that it failed.
//  param names the query's parameter that is true for staff (s_staff).
#define S_STAFF_ONLY(column, param)                                                                \
    "CASE WHEN " param "::boolean OR " column " IS NULL THEN " column                              \
    " ELSE 'failed (the details are shown to staff)' END"

static const char *
s_staff (sk_call_t *call)
{
    return call->caller->role == SK_ROLE_STAFF || call->caller->role == SK_ROLE_ADMIN ? "t" : "f";
}

#define S_DELIVERY_COLUMNS(last_error)                                                             \
    "d.id, d.uid::text AS uid, d.subscription, s.recipient, d.channel, "                           \
    "e.topic, d.log_seq, d.status, d.attempts, " last_error " AS last_error, "                     \
    "to_char(d.next_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS next_at, "         \
    "to_char(d.delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS delivered_at"

int
notify_delivery_list (sk_call_t *call)
{
    static const char *keys[] = { "status", "subscription", "after", "limit", NULL };
    static const char *statuses[] = { "pending", "delivered", "dead", "digest", "digested", NULL };
    const char *status = NULL;
    int64_t subscription = 0, after = 0, limit = 100;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "status", 16, false, &status) < 0
        || sk_call_int (call, NULL, "subscription", 1, INT64_MAX, false, &subscription) < 0
        || sk_call_int (call, NULL, "after", 0, INT64_MAX, false, &after) < 0
        || sk_call_int (call, NULL, "limit", 1, 1000, false, &limit) < 0)
        return -1;
    if (status && !s_one_of (status, statuses))
        return sk_call_fail (call, "invalid_argument", "status",
                             "unknown status \"%s\": pending, delivered, dead, digest "
                             "or digested",
                             status);
    const char *params[] = { status, subscription ? sk_call_itoa (call, subscription) : NULL,
                             sk_call_itoa (call, after), sk_call_itoa (call, limit),
                             s_staff (call) };
    return s_reply_items (
        call,
        sk_call_sql (call,
                     "SELECT " S_DELIVERY_COLUMNS (S_STAFF_ONLY (
                         "d.last_error", "$5")) " FROM delivery d "
                                                "JOIN subscription s ON s.id = d.subscription JOIN "
                                                "event_log e ON e.seq = d.log_seq "
                                                "WHERE ($1::text IS NULL OR d.status = $1) AND "
                                                "($2::bigint IS NULL OR d.subscription = "
                                                "$2) "
                                                "AND d.id > $3 ORDER BY d.id LIMIT $4",
                     5, params));
}

int
notify_delivery_log (sk_call_t *call)
{
    static const char *keys[] = { "delivery", "after", "limit", NULL };
    int64_t delivery = 0, after = 0, limit = 100;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "delivery", 1, INT64_MAX, false, &delivery) < 0
        || sk_call_int (call, NULL, "after", 0, INT64_MAX, false, &after) < 0
        || sk_call_int (call, NULL, "limit", 1, 1000, false, &limit) < 0)
        return -1;
    const char *params[] = { delivery ? sk_call_itoa (call, delivery) : NULL,
                             sk_call_itoa (call, after), sk_call_itoa (call, limit),
                             s_staff (call) };
    return s_reply_items (
        call, sk_call_sql (call,
                           "SELECT l.id, l.delivery, d.uid::text AS uid, d.channel, l.attempt, "
                           "l.ok, " S_STAFF_ONLY (
                               "l.detail",
                               "$4") " AS detail, l.ms, to_char(l.at AT TIME ZONE 'UTC', "
                                     "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS at "
                                     "FROM delivery_log l JOIN delivery d ON d.id = l.delivery "
                                     "WHERE ($1::bigint IS NULL OR l.delivery = $1) AND l.id > $2 "
                                     "ORDER BY l.id LIMIT $3",
                           4, params));
}

int
notify_delivery_retry (sk_call_t *call)
{
    int64_t id;
    if (sk_call_only_id (call, &id))
        return -1;
    const char *params[] = { sk_call_itoa (call, id) };
    PGresult *r =
        sk_call_sql (call, "SELECT status FROM delivery WHERE id = $1 FOR UPDATE", 1, params);
    if (!r)
        return -1;
    bool found = PQntuples (r) == 1;
    char status[16] = "";
    if (found)
        snprintf (status, sizeof status, "%s", PQgetvalue (r, 0, 0));
    PQclear (r);
    if (!found)
        return sk_call_fail (call, "not_found", "id", "delivery %lld does not exist",
                             (long long)id);
    if (streq (status, "delivered"))
        return sk_call_fail (call, "conflict", "id", "delivery %lld was delivered already",
                             (long long)id);
    r = sk_call_sql (call,
                     "UPDATE delivery d SET status = 'pending', attempts = 0, next_at = now(), "
                     "last_error = NULL, lease = NULL, leased_until = NULL "
                     "FROM subscription s, event_log e "
                     "WHERE d.id = $1 AND s.id = d.subscription AND e.seq = d.log_seq "
                     "RETURNING " S_DELIVERY_COLUMNS ("d.last_error"),
                     1, params);
    if (!r || sk_db_run (call->db, &call->err, "NOTIFY notify_delivery", 0, NULL)) {
        PQclear (r);
        return -1;
    }
    return s_reply_row (call, r, "delivery", id);
}

int
notify_inbox_list (sk_call_t *call)
{
    static const char *keys[] = { "recipient", "after", "limit", NULL };
    const char *recipient;
    int64_t after = 0, limit = 100;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "recipient", 200, true, &recipient) < 0
        || sk_call_int (call, NULL, "after", 0, INT64_MAX, false, &after) < 0
        || sk_call_int (call, NULL, "limit", 1, 1000, false, &limit) < 0)
        return -1;
    const char *params[] = { recipient, sk_call_itoa (call, after), sk_call_itoa (call, limit) };
    return s_reply_items (
        call,
        sk_call_sql (
            call,
            "SELECT d.id, e.topic, d.subject, d.text, "
            "to_char(d.delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at "
            "FROM delivery d JOIN subscription s ON s.id = d.subscription "
            "JOIN event_log e ON e.seq = d.log_seq "
            "WHERE s.recipient = $1 AND d.channel = 'inapp' AND d.status = 'delivered' "
            "AND d.id > $2 ORDER BY d.id LIMIT $3",
            3, params));
}

//  --------------------------------------------------------------------------
//  Reminders and digests

int
notify_reminder_meeting (sk_call_t *call)
{
    static const char *keys[] = { "agreement", "meeting", "at", "coordinator", NULL };
    int64_t agreement, meeting;
    const char *at, *coordinator = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "agreement", 1, INT64_MAX, true, &agreement) < 0
        || sk_call_int (call, NULL, "meeting", 1, INT64_MAX, true, &meeting) < 0
        || sk_call_time (call, NULL, "at", true, &at) < 0
        || sk_call_str (call, NULL, "coordinator", 200, false, &coordinator) < 0)
        return -1;
    if (notify_remind_meeting (call->db, call->req->tenant, agreement, meeting, at, coordinator,
                               &call->err)) {
        if (streq (call->err.code, "invalid_argument"))
            return sk_call_fail (call, "invalid_argument", "at",
                                 "\"%s\" is not a time (RFC 3339, e.g. "
                                 "2027-03-01T10:00:00+01:00)",
                                 at);
        return -1;
    }
    const char *params[] = { sk_call_printf (call, "meeting:%lld:%%", (long long)meeting) };
    return s_reply_items (
        call, sk_call_sql (call,
                           "SELECT id, key, topic, status, to_char(due_at AT TIME ZONE 'UTC', "
                           "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS due_at FROM reminder "
                           "WHERE key LIKE $1 ORDER BY due_at",
                           1, params));
}

int
notify_reminder_list (sk_call_t *call)
{
    static const char *keys[] = { "status", "key", "after", "limit", NULL };
    const char *status = NULL, *key = "";
    int64_t after = 0, limit = 100;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "status", 16, false, &status) < 0
        || sk_call_str (call, NULL, "key", 80, false, &key) < 0
        || sk_call_int (call, NULL, "after", 0, INT64_MAX, false, &after) < 0
        || sk_call_int (call, NULL, "limit", 1, 1000, false, &limit) < 0)
        return -1;
    const char *params[] = { status, key, sk_call_itoa (call, after), sk_call_itoa (call, limit) };
    return s_reply_items (
        call,
        sk_call_sql (call,
                     "SELECT id, key, topic, status, to_char(due_at AT TIME ZONE 'UTC', "
                     "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS due_at, log_seq, "
                     "(SELECT count(*) FROM hearers(tenant, topic)) AS heard_by FROM reminder "
                     "WHERE ($1::text IS NULL OR status = $1) AND starts_with(key, $2) AND id > $3 "
                     "ORDER BY id LIMIT $4",
                     4, params));
}

int
notify_reminder_cancel (sk_call_t *call)
{
    static const char *keys[] = { "key", NULL };
    const char *key;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "key", 80, true, &key) < 0)
        return -1;
    const char *params[] = { key };
    PGresult *r = sk_call_sql (
        call,
        "UPDATE reminder SET status = 'cancelled' WHERE key = $1 AND status = 'scheduled' "
        "RETURNING id, key, topic, status",
        1, params);
    if (r && PQntuples (r) == 0) {
        PQclear (r);
        return sk_call_fail (call, "not_found", "key", "no scheduled reminder \"%s\"", key);
    }
    return s_reply_row (call, r, "reminder", 0);
}

int
notify_digest_send_op (sk_call_t *call)
{
    static const char *keys[] = { NULL };
    if (sk_call_known_keys (call, NULL, keys))
        return -1;
    int sent = notify_digest_send (call->db, call->req->tenant, -1, &call->err);
    if (sent < 0)
        return -1;
    sk_pack_map (&call->reply, 1);
    sk_pack_kint (&call->reply, "sent", sent);
    return 0;
}

//  --------------------------------------------------------------------------
//  Templates

int
notify_template_list (sk_call_t *call)
{
    static const char *keys[] = { "topic", NULL };
    const char *topic = "";
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "topic", 128, false, &topic) < 0)
        return -1;
    const char *params[] = { topic };
    return s_reply_items (
        call, sk_call_sql (call,
                           "SELECT topic, language, subject, body FROM template "
                           "WHERE starts_with(topic, $1) ORDER BY topic, language LIMIT 1000",
                           1, params));
}

int
notify_template_set (sk_call_t *call)
{
    static const char *keys[] = { "topic", "language", "subject", "body", NULL };
    static const char *languages[] = { "da", "en", NULL };
    const char *topic, *language, *subject, *body;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "topic", 128, true, &topic) < 0
        || sk_call_str (call, NULL, "language", 2, true, &language) < 0
        || sk_call_str (call, NULL, "subject", 200, true, &subject) < 0
        || sk_call_str (call, NULL, "body", 4000, true, &body) < 0)
        return -1;
    if (!s_one_of (language, languages))
        return sk_call_fail (call, "invalid_argument", "language",
                             "unknown language \"%s\": da or en", language);
    if (*topic && strspn (topic, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != strlen (topic))
        return sk_call_fail (call, "invalid_argument", "topic", "invalid topic prefix \"%s\"",
                             topic);
    if (strpbrk (subject, "\r\n"))
        return sk_call_fail (call, "invalid_argument", "subject", "a subject is one line");
    const char *params[] = { topic, language, subject, body };
    return s_reply_row (
        call,
        sk_call_sql (
            call,
            "INSERT INTO template (topic, language, subject, body) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (topic, language) DO UPDATE SET subject = $3, body = $4 "
            "RETURNING topic, language, subject, body",
            4, params),
        "template", 0);
}
