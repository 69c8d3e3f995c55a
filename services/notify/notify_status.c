/*  notify_status.c: notify.status, what a municipality hears and what it
    misses: who hears each essential topic (the reminders notify fires and
    match's status-meeting events, the table essential), whether e-mail
    can go out at all, dead deliveries, and reminders nobody will hear.
    A new municipality has no subscriptions, and nothing else says so.
*/
#include "notify_ops.h"

int
notify_status (sk_call_t *call)
{
    static const char *keys[] = { NULL };
    if (sk_call_known_keys (call, NULL, keys))
        return -1;
    if (streq (call->req->tenant, "*"))
        return sk_call_fail (call, "invalid_argument", "tenant",
                             "the status of notify is per municipality: name one, not \"*\"");
    const char *params[] = { call->req->tenant };
    PGresult *e = sk_call_sql (call,
                               "SELECT e.topic, e.what, count(h.id), "
                               "coalesce(string_agg(DISTINCT h.channel, ','), '') "
                               "FROM essential e LEFT JOIN LATERAL hearers($1, e.topic) h ON true "
                               "GROUP BY e.topic, e.what, e.ord ORDER BY e.ord",
                               1, params);
    PGresult *n = e ? sk_call_sql (call,
                                   "SELECT (SELECT count(*) FROM delivery WHERE status = 'dead'), "
                                   "(SELECT count(*) FROM reminder r WHERE r.status = 'scheduled' "
                                   "AND NOT EXISTS (SELECT 1 FROM hearers($1, r.topic)))",
                                   1, params)
                    : NULL;
    if (!n) {
        PQclear (e);
        return -1;
    }
    int rows = PQntuples (e), missing = 0;
    for (int i = 0; i < rows; i++)
        missing += streq (PQgetvalue (e, i, 2), "0");
    sk_pack_map (&call->reply, 6);
    sk_pack_kstr (&call->reply, "municipality", call->req->tenant);
    sk_pack_kbool (&call->reply, "mail", notify_mail_configured ());
    sk_pack_str (&call->reply, "essentials");
    sk_pack_array (&call->reply, (uint32_t)rows);
    for (int i = 0; i < rows; i++) {
        sk_pack_map (&call->reply, 4);
        sk_pack_kstr (&call->reply, "topic", PQgetvalue (e, i, 0));
        sk_pack_kstr (&call->reply, "what", PQgetvalue (e, i, 1));
        sk_pack_kint (&call->reply, "heard_by", strtoll (PQgetvalue (e, i, 2), NULL, 10));
        sk_pack_kstr (&call->reply, "channels", PQgetvalue (e, i, 3));
    }
    sk_pack_kint (&call->reply, "missing", missing);
    sk_pack_kint (&call->reply, "dead", strtoll (PQgetvalue (n, 0, 0), NULL, 10));
    sk_pack_kint (&call->reply, "unheard_reminders", strtoll (PQgetvalue (n, 0, 1), NULL, 10));
    PQclear (e);
    PQclear (n);
    return 0;
}
