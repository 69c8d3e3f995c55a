/*  sk_event.c: the outbox, and the event list every service answers. */
#include <czmq.h>

#include "sk_event.h"
#include "sk_log.h"

#define S_EVENT_COLUMNS                                                                            \
    "seq, event_id, to_char(ts AT TIME ZONE 'UTC', "                                               \
    "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), tenant, topic"

//  One event as the wire carries it, from the columns S_EVENT_COLUMNS
//  give (seq, event_id, ts, tenant, topic) and its body.
static void
s_pack_event (sk_pack_t *p, const char *service, PGresult *r, int row, const unsigned char *body,
              size_t body_len)
{
    sk_pack_map (p, 8);
    sk_pack_kint (p, "v", SK_WIRE_VERSION);
    sk_pack_kstr (p, "event_id", PQgetvalue (r, row, 1));
    sk_pack_kstr (p, "source", service);
    sk_pack_kint (p, "seq", strtoll (PQgetvalue (r, row, 0), NULL, 10));
    sk_pack_kstr (p, "ts", PQgetvalue (r, row, 2));
    sk_pack_kstr (p, "tenant", PQgetvalue (r, row, 3));
    sk_pack_kstr (p, "topic", PQgetvalue (r, row, 4));
    sk_pack_str (p, "body");
    sk_pack_raw (p, body, body_len);
}

int
sk_call_event (sk_call_t *call, const char *topic, const sk_pack_t *body)
{
    if (!call->op->mutating)
        return sk_call_fail (call, "internal", NULL, "a read-only op cannot emit events");
    //  The counter row serialises writers until commit: gap-free, in order
    const char *params[] = { topic, call->req->tenant,
                             sk_call_bytea (call, body->buf.data, body->buf.size) };
    PGresult *r = sk_call_sql (call,
                               "WITH s AS (UPDATE outbox_seq SET last = last + 1 RETURNING last) "
                               "INSERT INTO outbox (seq, topic, tenant, body) "
                               "SELECT last, $1, $2, $3::bytea FROM s RETURNING " S_EVENT_COLUMNS,
                               3, params);
    if (!r)
        return -1;
    sk_pack_t event;
    sk_pack_init (&event);
    s_pack_event (&event, call->service, r, 0, (const unsigned char *)body->buf.data,
                  body->buf.size);
    zlist_append (call->events, zframe_new (topic, strlen (topic)));
    zlist_append (call->events, zframe_new (event.buf.data, event.buf.size));
    sk_pack_release (&event);
    PQclear (r);
    return 0;
}

int
sk_call_event_reply (sk_call_t *call, const char *topic, sk_pack_t *body)
{
    int rc = sk_call_event (call, topic, body);
    if (rc == 0)
        sk_pack_raw (&call->reply, body->buf.data, body->buf.size);
    sk_pack_release (body);
    return rc;
}

int
sk_event_list_read (sk_call_t *call, const char *const *keys, sk_event_query_t *query)
{
    static const char *const own[] = { "after", "limit", "topic", NULL };
    query->after = 0;
    query->limit = 100;
    query->topic = "";
    if (sk_call_known_keys (call, NULL, keys ? keys : own)
        || sk_call_int (call, NULL, "after", 0, INT64_MAX, false, &query->after) < 0
        || sk_call_int (call, NULL, "limit", 1, 1000, false, &query->limit) < 0
        || sk_call_str (call, NULL, "topic", 128, false, &query->topic) < 0)
        return -1;
    query->after_text = sk_call_itoa (call, query->after);
    query->limit_text = sk_call_itoa (call, query->limit);
    return 0;
}

int
sk_event_list_reply (sk_call_t *call, PGresult *events, PGresult *last, sk_event_pack_fn *pack)
{
    if (!events || !last) {
        PQclear (events);
        PQclear (last);
        return -1;
    }
    int rows = PQntuples (events);
    sk_pack_map (&call->reply, 2);
    sk_pack_kint (&call->reply, "last", strtoll (PQgetvalue (last, 0, 0), NULL, 10));
    sk_pack_str (&call->reply, "events");
    sk_pack_array (&call->reply, (uint32_t)rows);
    for (int i = 0; i < rows; i++)
        pack (call, events, i);
    PQclear (events);
    PQclear (last);
    return 0;
}

//  An outbox row: S_EVENT_COLUMNS, then the body.
static void
s_pack_outbox (sk_call_t *call, PGresult *r, int row)
{
    size_t len;
    unsigned char *body = PQunescapeBytea ((const unsigned char *)PQgetvalue (r, row, 5), &len);
    s_pack_event (&call->reply, call->service, r, row, body, len);
    PQfreemem (body);
}

int
sk_event_list (sk_call_t *call)
{
    sk_event_query_t q;
    if (sk_event_list_read (call, NULL, &q))
        return -1;
    const char *params[] = { q.after_text, q.limit_text, q.topic };
    PGresult *r = sk_call_sql (call,
                               "SELECT " S_EVENT_COLUMNS ", body FROM outbox "
                               "WHERE seq > $1 AND starts_with(topic, $3) ORDER BY seq LIMIT $2",
                               3, params);
    PGresult *last = r ? sk_call_sql (call, "SELECT last FROM outbox_seq", 0, NULL) : NULL;
    return sk_event_list_reply (call, r, last, s_pack_outbox);
}
