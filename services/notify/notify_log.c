/*  notify_log.c: the event log and what fills it.

    A follower per source (common/sk_follow.c) pulls SOURCE.event.list after
    its cursor and stores the events, their deliveries and the new cursor in
    one transaction, through notify_log_follow. It pulls when the bus shows
    an event of its source, and every poll_ms anyway, so a lost bus message,
    a restart of notify or of the source loses nothing: the next pull starts
    from the stored cursor (the zguide's Clone pattern).
*/
#include "notify.h"
#include "sk_client.h"
#include "sk_mem.h"

//  The parties event ev concerns, read from its body decoded (NULL names
//  none), as their recipients are named ("association:21"), into a
//  PostgreSQL text array "{...}": a proposal's sides (left and right,
//  their kinds from the proposal's kind), a registry party's own events
//  (id). Every other event names no party. Party recipients hear only
//  those; staff and system hear every event.
static void
s_concerns (const notify_event_t *ev, const msgpack_object *body, char *out, size_t size)
{
    static const char *parties[] = { "association", "company", "institution", "volunteer" };
    snprintf (out, size, "{");
    char kinds[2][40] = { "", "" };
    int64_t ids[2] = { 0, 0 };
    if (strncmp (ev->topic, "match.proposal.", 15) == 0) {
        char kind[80] = "";
        sk_obj_str_copy (sk_obj_get (body, "kind"), kind, sizeof kind);
        char *dash = strchr (kind, '-');
        if (dash && (size_t)(dash - kind) < sizeof kinds[0]
            && strlen (dash + 1) < sizeof kinds[1]) {
            *dash = 0;
            snprintf (kinds[0], sizeof kinds[0], "%s", kind);
            snprintf (kinds[1], sizeof kinds[1], "%s", dash + 1);
        }
        sk_obj_int (sk_obj_get (body, "left"), &ids[0]);
        sk_obj_int (sk_obj_get (body, "right"), &ids[1]);
    } else if (strncmp (ev->topic, "registry.", 9) == 0) {
        const char *dot = strchr (ev->topic + 9, '.');
        if (dot && (size_t)(dot - ev->topic - 9) < sizeof kinds[0]) {
            snprintf (kinds[0], sizeof kinds[0], "%.*s", (int)(dot - ev->topic - 9), ev->topic + 9);
            sk_obj_int (sk_obj_get (body, "id"), &ids[0]);
        }
    }
    for (int side = 0; side < 2; side++)
        for (size_t k = 0; k < sizeof parties / sizeof parties[0]; k++)
            if (ids[side] > 0 && streq (kinds[side], parties[k])) {
                size_t used = strlen (out);
                snprintf (out + used, size - used, "%s%s:%lld", used > 1 ? "," : "", parties[k],
                          (long long)ids[side]);
            }
    size_t used = strlen (out);
    snprintf (out + used, size - used, "}");
}

int
notify_log_append (sk_db_t *db, const notify_event_t *ev, int64_t *seq, bool *same_source,
                   sk_error_t *err)
{
    const char *find[] = { ev->event_id, ev->source };
    PGresult *r =
        sk_db_exec (db, err, "SELECT seq, source = $2 FROM event_log WHERE event_id = $1", 2, find);
    if (!r)
        return -1;
    if (PQntuples (r) == 1) {
        *seq = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
        *same_source = *PQgetvalue (r, 0, 1) == 't';
        PQclear (r);
        return 0;
    }
    PQclear (r);
    char source_seq[24];
    snprintf (source_seq, sizeof source_seq, "%lld", (long long)ev->source_seq);
    char *body = sk_db_bytea (ev->body, ev->body_len);
    const char *params[] = { ev->event_id,  ev->source, ev->source_seq ? source_seq : NULL,
                             ev->publisher, ev->topic,  ev->tenant,
                             ev->ts,        body };
    //  The counter row serialises writers until commit: gap-free, in order
    r = sk_db_exec (db, err,
                    "WITH s AS (UPDATE log_seq SET last = last + 1 RETURNING last) "
                    "INSERT INTO event_log (seq, event_id, source, source_seq, publisher, "
                    "topic, tenant, ts, body) SELECT last, $1, $2, $3, $4, $5, $6, "
                    "coalesce($7::timestamptz, now()), $8::bytea FROM s RETURNING seq",
                    8, params);
    free (body);
    if (!r)
        return -1;
    *seq = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    *same_source = true;
    PQclear (r);

    //  The body decoded once, for the reminders and the fan-out, unless the
    //  caller has it (a follower, a publisher)
    sk_frame_t frame;
    sk_error_t ignored;
    const msgpack_object *decoded = ev->decoded;
    msgpack_unpacked_init (&frame.unpacked);
    if (!decoded && sk_frame_decode (&frame, ev->body, ev->body_len, &ignored) == 0)
        decoded = &frame.root;
    char concerns[128];
    s_concerns (ev, decoded, concerns, sizeof concerns);
    int rc = notify_remind_hook (db, ev, decoded, err);
    //  A meeting of a schedule made in one go is mailed in its summary
    //  (match.meeting.schedule), not one mail each: logged, not fanned out
    bool batch = false;
    const msgpack_object *flag = sk_obj_get (decoded, "batch");
    if (streq (ev->topic, "match.meeting.scheduled") && flag
        && flag->type == MSGPACK_OBJECT_BOOLEAN)
        batch = flag->via.boolean;
    sk_frame_release (&frame);
    if (rc)
        return -1;
    if (batch)
        return 1;
    //  Fan out to the outbox in the same transaction
    char log_seq[24], only[24];
    snprintf (log_seq, sizeof log_seq, "%lld", (long long)*seq);
    snprintf (only, sizeof only, "%lld", (long long)ev->only_subscription);
    const char *fan[] = { log_seq, ev->tenant, ev->topic, concerns };
    if (ev->only_subscription) {
        const char *one[] = { log_seq, ev->tenant, only };
        r = sk_db_exec (db, err,
                        "WITH d AS (INSERT INTO delivery (tenant, subscription, log_seq, channel) "
                        "SELECT s.tenant, s.id, $1, s.channel FROM subscription s "
                        "WHERE s.id = $3 AND s.tenant = $2 RETURNING 1) "
                        "SELECT count(*) FROM d",
                        3, one);
    } else
        r = sk_db_exec (db, err,
                        "WITH d AS (INSERT INTO delivery (tenant, subscription, log_seq, "
                        "channel, status) SELECT s.tenant, s.id, $1, s.channel, "
                        "CASE WHEN coalesce(p.digest, s.digest) THEN 'digest' ELSE 'pending' END "
                        "FROM subscription s LEFT JOIN preference p "
                        "ON p.tenant = s.tenant AND p.recipient = s.recipient "
                        "WHERE s.active AND s.tenant = $2 AND starts_with($3, s.topic) "
                        "AND NOT coalesce(p.opt_out, false) "
                        "AND (NOT party_recipient(s.recipient) OR s.recipient = ANY($4::text[])) "
                        "RETURNING status) "
                        "SELECT count(*) FILTER (WHERE status = 'pending') FROM d",
                        4, fan);
    if (!r)
        return -1;
    bool wake = strtoll (PQgetvalue (r, 0, 0), NULL, 10) > 0;
    PQclear (r);
    //  Delivered at commit; the senders also poll, so this is only speed
    if (wake && sk_db_run (db, err, "NOTIFY notify_delivery", 0, NULL))
        return -1;
    return 1;
}

void
notify_log_pack (sk_pack_t *p, PGresult *r, int row, int col)
{
    sk_pack_map (p, 9);
    sk_pack_kint (p, "v", SK_WIRE_VERSION);
    sk_pack_kint (p, "seq", strtoll (PQgetvalue (r, row, col), NULL, 10));
    sk_pack_kstr (p, "event_id", PQgetvalue (r, row, col + 1));
    sk_pack_kstr (p, "source", PQgetvalue (r, row, col + 2));
    sk_pack_str (p, "source_seq");
    if (PQgetisnull (r, row, col + 3))
        sk_pack_nil (p);
    else
        sk_pack_int (p, strtoll (PQgetvalue (r, row, col + 3), NULL, 10));
    sk_pack_kstr (p, "ts", PQgetvalue (r, row, col + 4));
    sk_pack_kstr (p, "tenant", PQgetvalue (r, row, col + 5));
    sk_pack_kstr (p, "topic", PQgetvalue (r, row, col + 6));
    sk_pack_str (p, "body");
    size_t len;
    unsigned char *body =
        PQunescapeBytea ((const unsigned char *)PQgetvalue (r, row, col + 7), &len);
    sk_pack_raw (p, body, len);
    PQfreemem (body);
}

//  --------------------------------------------------------------------------
//  The followers (common/sk_follow.c, one per source) store here

int
notify_log_follow (sk_db_t *db, const sk_event_t *e, void *arg, sk_error_t *err)
{
    msgpack_sbuffer packed;
    msgpack_sbuffer_init (&packed);
    msgpack_packer pk;
    msgpack_packer_init (&pk, &packed, msgpack_sbuffer_write);
    msgpack_pack_object (&pk, *e->body);
    notify_event_t ev = { .event_id = e->event_id,
                          .source = (const char *)arg,
                          .source_seq = e->seq,
                          .topic = e->topic,
                          .tenant = e->tenant,
                          .ts = e->ts,
                          .body = packed.data,
                          .body_len = packed.size,
                          .decoded = e->body };
    int64_t log_seq;
    bool same;
    int rc = notify_log_append (db, &ev, &log_seq, &same, err);
    msgpack_sbuffer_destroy (&packed);
    if (rc == 1 && streq (ev.source, "registry") && streq (e->topic, "registry.person.erased"))
        rc = notify_erase_apply (db, e->body, err);
    return rc < 0 ? -1 : 0;
}
