/*  notify_remind.c: reminders months ahead and daily digests.

    A reminder is an event notify writes to its own log (source "notify")
    when it falls due; subscribers of its topic hear of it as of any other.
    Reminders are scheduled from events in the log:

      match.meeting.scheduled {agreement, meeting, at, coordinator?}
          (none if "past": already past when match scheduled it)
          match.meeting.reminder 14 days and 1 day before, and
          match.meeting.escalated 7 days after unless minutes are logged
          (days in Danish local time: 10:00 stays 10:00 across a clock
          change); match schedules one for every status meeting
      match.meeting.minutes_logged {meeting}   cancels the escalation
      match.meeting.cancelled {meeting}        cancels all three
      match.meeting.due {agreement, meeting, due_on}   (match's own, 14
          days ahead) match.meeting.reminder the day before, 08:00, if
          match.meeting.scheduled did not schedule it
      match.meeting.held {meeting}             cancels what is left
      vote.process.created|updated|opened|closed|phase_changed and
      vote.results.published {id, name, phase, ideas_from, ..., results_on}
          vote.budget.opens / vote.budget.closes / vote.budget.results_due
          on the phase dates; a date the phase has reached (early or not)
          is cancelled

    or through notify.reminder.meeting. Each has a key per tenant, so a
    repeated or moved schedule updates the one row. The scheduler thread
    fires what is due with FOR UPDATE SKIP LOCKED, in the transaction that
    appends the event, and sends the daily digests at notify/digest_hour.
*/
#include "notify.h"
#include "sk_mem.h"

//  Upsert one reminder; skipped if already more than an hour overdue.
static int
s_schedule (sk_db_t *db, const char *tenant, const char *key, const char *topic, const char *due_at,
            const sk_pack_t *body, sk_error_t *err)
{
    char *hex = sk_malloc (2 * body->buf.size + 3);
    strcpy (hex, "\\x");
    for (size_t i = 0; i < body->buf.size; i++)
        sprintf (hex + 2 + 2 * i, "%02x", (unsigned char)body->buf.data[i]);
    const char *params[] = { tenant, key, topic, due_at, hex };
    int rc = sk_db_run (db, err,
                        "INSERT INTO reminder AS r (tenant, key, topic, due_at, body) "
                        "SELECT $1, $2, $3, $4::timestamptz, $5::bytea "
                        "WHERE $4::timestamptz > now() - interval '1 hour' "
                        "ON CONFLICT (tenant, key) DO UPDATE SET topic = EXCLUDED.topic, "
                        "body = EXCLUDED.body, due_at = EXCLUDED.due_at, "
                        "status = CASE WHEN r.status = 'fired' AND r.due_at = EXCLUDED.due_at "
                        "THEN 'fired' ELSE 'scheduled' END, "
                        "event_id = CASE WHEN r.status = 'fired' AND r.due_at <> EXCLUDED.due_at "
                        "THEN gen_random_uuid() ELSE r.event_id END",
                        5, params);
    free (hex);
    return rc;
}

static int
s_cancel (sk_db_t *db, const char *tenant, const char *key_like, sk_error_t *err)
{
    const char *params[] = { tenant, key_like };
    return sk_db_run (db, err,
                      "UPDATE reminder SET status = 'cancelled' "
                      "WHERE tenant = $1 AND key LIKE $2 AND status = 'scheduled'",
                      2, params);
}

//  Days before and after count in Danish local time: the reminders of a
//  meeting at 10:00 are at 10:00 whether or not the clocks changed between
int
notify_remind_meeting (sk_db_t *db, const char *tenant, int64_t agreement, int64_t meeting,
                       const char *at, const char *coordinator, sk_error_t *err)
{
    const char *params[] = { at };
    PGresult *r = sk_db_exec (
        db, err,
        "SELECT to_char(l, 'YYYY-MM-DD'), (l - interval '14 days') AT TIME ZONE z, "
        "(l - interval '1 day') AT TIME ZONE z, (l + interval '7 days') AT TIME ZONE z, "
        "to_char($1::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
        "FROM (SELECT $1::timestamptz AT TIME ZONE 'Europe/Copenhagen' AS l, "
        "'Europe/Copenhagen' AS z) x",
        1, params);
    if (!r)
        return -1;
    static const char *kinds[] = { "14d", "1d", "escalate" };
    static const int days[] = { 14, 1, -7 };
    int rc = 0;
    for (int i = 0; i < 3 && rc == 0; i++) {
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, coordinator ? 6 : 5);
        sk_pack_kint (&body, "agreement", agreement);
        sk_pack_kint (&body, "meeting", meeting);
        sk_pack_kstr (&body, "at", PQgetvalue (r, 0, 4));
        sk_pack_kstr (&body, "date", PQgetvalue (r, 0, 0));
        sk_pack_kint (&body, "days", days[i]);
        if (coordinator)
            sk_pack_kstr (&body, "coordinator", coordinator);
        char key[64];
        snprintf (key, sizeof key, "meeting:%lld:%s", (long long)meeting, kinds[i]);
        rc = s_schedule (db, tenant, key,
                         i < 2 ? "match.meeting.reminder" : "match.meeting.escalated",
                         PQgetvalue (r, 0, 1 + i), &body, err);
        sk_pack_release (&body);
    }
    PQclear (r);
    return rc;
}

//  The phases of a citizen budget, from a vote.process event's body.
static int
s_budget (sk_db_t *db, const char *tenant, const msgpack_object *body, sk_error_t *err)
{
    //  Each date is the day the process reaches a phase (after: the
    //  phase index, in vote's order, it reaches); once it is there or
    //  further, by the date or early, the reminder is cancelled
    static const char *phases[] = { "ideas",     "development",    "voting",  "closed",
                                    "published", "implementation", "archived" };
    static const struct {
        const char *field, *phase, *topic;
        int after;
    } dates[] = {
        { "ideas_from", "ideas", "vote.budget.opens", 0 },
        { "development_from", "development", "vote.budget.opens", 1 },
        { "voting_from", "voting", "vote.budget.opens", 2 },
        { "voting_until", "voting", "vote.budget.closes", 3 },
        { "results_on", "results", "vote.budget.results_due", 4 },
        { "implementation_from", "implementation", "vote.budget.opens", 5 },
    };
    int64_t process;
    char name[256] = "", phase[32] = "";
    if (!sk_obj_int (sk_obj_get (body, "id"), &process))
        return 0; //  not a process we can follow
    sk_obj_str_copy (sk_obj_get (body, "name"), name, sizeof name);
    sk_obj_str_copy (sk_obj_get (body, "phase"), phase, sizeof phase);
    int now = -1;
    for (int k = 0; k < (int)(sizeof phases / sizeof phases[0]); k++)
        if (streq (phase, phases[k]))
            now = k;
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        char date[16], key[80];
        snprintf (key, sizeof key, "budget:%lld:%s", (long long)process, dates[i].field);
        if (sk_obj_str_copy (sk_obj_get (body, dates[i].field), date, sizeof date)
            || strlen (date) != 10 || now >= dates[i].after) {
            if (s_cancel (db, tenant, key, err))
                return -1;
            continue;
        }
        //  In the morning of the day, Danish time
        char due[48];
        snprintf (due, sizeof due, "%s 08:00 Europe/Copenhagen", date);
        sk_pack_t b;
        sk_pack_init (&b);
        sk_pack_map (&b, 4);
        sk_pack_kint (&b, "process", process);
        sk_pack_kstr (&b, "name", name);
        sk_pack_kstr (&b, "phase", dates[i].phase);
        sk_pack_kstr (&b, "date", date);
        int rc = s_schedule (db, tenant, key, dates[i].topic, due, &b, err);
        sk_pack_release (&b);
        if (rc)
            return -1;
    }
    return 0;
}

//  A meeting already past when match scheduled it ("past": true): no
//  reminder and no escalation for minutes are news of it.
static bool
s_past (const msgpack_object *body)
{
    const msgpack_object *past = sk_obj_get (body, "past");
    return past && past->type == MSGPACK_OBJECT_BOOLEAN && past->via.boolean;
}

int
notify_remind_hook (sk_db_t *db, const notify_event_t *ev, const msgpack_object *body,
                    sk_error_t *err)
{
    bool meeting = strncmp (ev->topic, "match.meeting.", 14) == 0;
    //  Every event with the whole process: its dates and its phase
    bool budget =
        streq (ev->topic, "vote.process.created") || streq (ev->topic, "vote.process.updated")
        || streq (ev->topic, "vote.process.opened") || streq (ev->topic, "vote.process.closed")
        || streq (ev->topic, "vote.process.phase_changed")
        || streq (ev->topic, "vote.results.published");
    if ((!meeting && !budget) || !body)
        return 0;
    int64_t agreement = 0, id = 0;
    char at[48] = "", coordinator[200] = "", like[64];
    //  An unreadable time or date must not abort the transaction storing
    //  the event: the event stays in the log, with no reminders from it
    int rc = sk_db_run (db, err, "SAVEPOINT remind", 0, NULL);
    if (rc)
        return -1;
    sk_obj_int (sk_obj_get (body, "meeting"), &id);
    if (budget)
        rc = s_budget (db, ev->tenant, body, err);
    else if (streq (ev->topic, "match.meeting.scheduled") && id > 0 && !s_past (body)
             && sk_obj_int (sk_obj_get (body, "agreement"), &agreement)
             && sk_obj_str_copy (sk_obj_get (body, "at"), at, sizeof at) == 0) {
        bool has =
            sk_obj_str_copy (sk_obj_get (body, "coordinator"), coordinator, sizeof coordinator)
            == 0;
        rc = notify_remind_meeting (db, ev->tenant, agreement, id, at, has ? coordinator : NULL,
                                    err);
    } else if (streq (ev->topic, "match.meeting.due") && id > 0
               && sk_obj_int (sk_obj_get (body, "agreement"), &agreement)
               && sk_obj_str_copy (sk_obj_get (body, "due_on"), at, sizeof at) == 0
               && strlen (at) == 10) {
        //  match's own reminder, match/due_days ahead (14 by default), and
        //  its match.meeting.overdue is the escalation; notify adds the day
        //  before, in the morning, Danish time, unless match.meeting.scheduled
        //  gave the meeting's time and with it the day before's reminder
        char title[200] = "", due[64], key[64];
        sk_obj_str_copy (sk_obj_get (body, "title"), title, sizeof title);
        snprintf (due, sizeof due, "%.10s 08:00 Europe/Copenhagen", at);
        snprintf (key, sizeof key, "meeting:%lld:1d", (long long)id);
        const char *params[] = { due, ev->tenant, key };
        PGresult *r = sk_db_exec (db, err,
                                  "SELECT ($1::timestamptz - interval '1 day')::text, "
                                  "EXISTS (SELECT 1 FROM reminder WHERE tenant = $2 AND key = $3)",
                                  3, params);
        if (!r)
            rc = -1;
        else if (*PQgetvalue (r, 0, 1) == 't')
            PQclear (r);
        else {
            sk_pack_t b;
            sk_pack_init (&b);
            sk_pack_map (&b, 5);
            sk_pack_kint (&b, "agreement", agreement);
            sk_pack_kint (&b, "meeting", id);
            sk_pack_kstr (&b, "date", at);
            sk_pack_kint (&b, "days", 1);
            sk_pack_kstr (&b, "title", title);
            rc = s_schedule (db, ev->tenant, key, "match.meeting.reminder", PQgetvalue (r, 0, 0),
                             &b, err);
            sk_pack_release (&b);
            PQclear (r);
        }
    } else if (streq (ev->topic, "match.meeting.held") && id > 0) {
        snprintf (like, sizeof like, "meeting:%lld:%%", (long long)id);
        rc = s_cancel (db, ev->tenant, like, err);
    } else if (streq (ev->topic, "match.meeting.minutes_logged") && id > 0) {
        snprintf (like, sizeof like, "meeting:%lld:escalate", (long long)id);
        rc = s_cancel (db, ev->tenant, like, err);
    } else if (streq (ev->topic, "match.meeting.cancelled") && id > 0) {
        snprintf (like, sizeof like, "meeting:%lld:%%", (long long)id);
        rc = s_cancel (db, ev->tenant, like, err);
    }
    if (rc && streq (err->code, "invalid_argument")) {
        sk_warn ("event %s (%s) has an unreadable time: %s; no reminders from it", ev->event_id,
                 ev->topic, err->message);
        memset (err, 0, sizeof *err);
        rc = sk_db_run (db, err, "ROLLBACK TO SAVEPOINT remind", 0, NULL);
    }
    return rc;
}

//  --------------------------------------------------------------------------
//  Firing and digests

//  Fire up to 100 due reminders; how many, or -1.
static int
s_fire (sk_db_t *db)
{
    sk_error_t err = { 0 };
    if (sk_db_begin (db, "*", &err))
        return -1;
    PGresult *r = sk_db_exec (db, &err,
                              "SELECT id, tenant, event_id, topic, body FROM reminder "
                              "WHERE status = 'scheduled' AND due_at <= now() "
                              "ORDER BY due_at LIMIT 100 FOR UPDATE SKIP LOCKED",
                              0, NULL);
    int n = r ? PQntuples (r) : -1;
    for (int i = 0; i < n; i++) {
        size_t len;
        unsigned char *body = PQunescapeBytea ((const unsigned char *)PQgetvalue (r, i, 4), &len);
        notify_event_t ev = { .event_id = PQgetvalue (r, i, 2),
                              .source = "notify",
                              .topic = PQgetvalue (r, i, 3),
                              .tenant = PQgetvalue (r, i, 1),
                              .body = body,
                              .body_len = len };
        int64_t seq;
        bool same;
        int rc = notify_log_append (db, &ev, &seq, &same, &err);
        PQfreemem (body);
        char seqs[24];
        snprintf (seqs, sizeof seqs, "%lld", (long long)seq);
        const char *params[] = { PQgetvalue (r, i, 0), seqs };
        if (rc < 0
            || sk_db_run (db, &err,
                          "UPDATE reminder SET status = 'fired', log_seq = $2 WHERE id = $1", 2,
                          params)) {
            n = -1;
            break;
        }
    }
    PQclear (r);
    if (n > 0 && sk_db_commit (db, &err))
        n = -1;
    sk_db_rollback (db);
    return n;
}

int
notify_digest_send (sk_db_t *db, const char *tenant, int digest_hour, sk_error_t *err)
{
    char hour[8];
    snprintf (hour, sizeof hour, "%d", digest_hour);
    const char *params[] = { tenant, hour };
    //  Subscriptions with events held for their digest and due today
    PGresult *subs = sk_db_exec (
        db, err,
        "SELECT s.id, s.tenant FROM subscription s WHERE s.active "
        "AND ($1::text IS NULL OR s.tenant = $1) "
        "AND EXISTS (SELECT 1 FROM delivery d WHERE d.subscription = s.id AND d.status = 'digest') "
        "AND ($2::int < 0 OR (now() >= date_trunc('day', now()) + make_interval(hours => $2::int) "
        "  AND (s.last_digest_at IS NULL OR s.last_digest_at < "
        "       date_trunc('day', now()) + make_interval(hours => $2::int)))) "
        "ORDER BY s.id LIMIT 1000",
        2, params);
    if (!subs)
        return -1;
    int sent = 0;
    for (int i = 0; i < PQntuples (subs); i++) {
        const char *sub[] = { PQgetvalue (subs, i, 0) };
        PGresult *r =
            sk_db_exec (db, err,
                        "SELECT d.id, e.topic, to_char(e.ts AT TIME ZONE 'UTC', "
                        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM delivery d "
                        "JOIN event_log e ON e.seq = d.log_seq "
                        "WHERE d.subscription = $1 AND d.status = 'digest' ORDER BY d.id LIMIT 500 "
                        "FOR UPDATE OF d SKIP LOCKED",
                        1, sub);
        if (!r) {
            PQclear (subs);
            return -1;
        }
        int rows = PQntuples (r);
        if (rows == 0) {
            PQclear (r);
            continue;
        }
        zchunk_t *list = zchunk_new (NULL, 256), *ids = zchunk_new (NULL, 256);
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_map (&body, 4);
        sk_pack_kint (&body, "subscription", strtoll (sub[0], NULL, 10));
        sk_pack_kint (&body, "count", rows);
        sk_pack_str (&body, "items");
        sk_pack_array (&body, (uint32_t)rows);
        for (int k = 0; k < rows; k++) {
            sk_pack_map (&body, 2);
            sk_pack_kstr (&body, "topic", PQgetvalue (r, k, 1));
            sk_pack_kstr (&body, "ts", PQgetvalue (r, k, 2));
            char line[256];
            snprintf (line, sizeof line, "- %s (%s)\n", PQgetvalue (r, k, 1), PQgetvalue (r, k, 2));
            zchunk_extend (list, line, strlen (line));
            zchunk_extend (ids, k ? "," : "{", 1);
            zchunk_extend (ids, PQgetvalue (r, k, 0), strlen (PQgetvalue (r, k, 0)));
        }
        zchunk_extend (ids, "}", 2);
        zchunk_extend (list, "", 1);
        sk_pack_kstr (&body, "list", (const char *)zchunk_data (list));
        PQclear (r);
        PGresult *uuid = sk_db_exec (db, err, "SELECT gen_random_uuid()", 0, NULL);
        int rc = uuid ? 0 : -1;
        if (rc == 0) {
            notify_event_t ev = { .event_id = PQgetvalue (uuid, 0, 0),
                                  .source = "notify",
                                  .topic = "notify.digest",
                                  .tenant = PQgetvalue (subs, i, 1),
                                  .body = body.buf.data,
                                  .body_len = body.buf.size,
                                  .only_subscription = strtoll (sub[0], NULL, 10) };
            int64_t seq;
            bool same;
            rc = notify_log_append (db, &ev, &seq, &same, err) < 0 ? -1 : 0;
        }
        PQclear (uuid);
        const char *done[] = { (const char *)zchunk_data (ids), sub[0] };
        if (rc == 0)
            rc = sk_db_run (
                db, err,
                "WITH d AS (UPDATE delivery SET status = 'digested', delivered_at = now(), "
                "attempts = attempts + 1 WHERE id = ANY ($1::bigint[]) "
                "RETURNING id, tenant, attempts) "
                "INSERT INTO delivery_log (delivery, tenant, attempt, ok, detail, ms) "
                "SELECT id, tenant, attempts, true, 'sent in the daily digest', 0 FROM d",
                1, done);
        if (rc == 0)
            rc = sk_db_run (db, err, "UPDATE subscription SET last_digest_at = now() WHERE id = $1",
                            1, sub);
        zchunk_destroy (&list);
        zchunk_destroy (&ids);
        sk_pack_release (&body);
        if (rc) {
            PQclear (subs);
            return -1;
        }
        sent++;
    }
    PQclear (subs);
    return sent;
}

void
notify_remind_actor (zsock_t *pipe, void *args)
{
    const notify_conf_t *conf = (const notify_conf_t *)args;
    sk_db_t *db = sk_db_new (conf->db, "notify");
    zsock_signal (pipe, 0);
    zpoller_t *poller = zpoller_new (pipe, NULL);
    int64_t next_digest = 0;
    while (true) {
        int n = s_fire (db);
        if (zclock_mono () >= next_digest) {
            sk_error_t err = { 0 };
            if (sk_db_begin (db, "*", &err) == 0) {
                int sent = notify_digest_send (db, NULL, conf->digest_hour, &err);
                if (sent > 0 && sk_db_commit (db, &err) == 0)
                    sk_info ("sent %d daily digests", sent);
                sk_db_rollback (db);
            }
            next_digest = zclock_mono () + 60000;
        }
        void *which = zpoller_wait (poller, n == 100 ? 0 : conf->poll_ms);
        if (which == pipe || zpoller_terminated (poller))
            break;
    }
    zpoller_destroy (&poller);
    sk_db_destroy (&db);
}
