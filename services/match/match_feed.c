/*  match_feed.c: the copy of the registry, fed by its events.

    The shared follower (common/sk_follow.c) pulls registry.event.list with tenant "*" (the service's own
    certificate: role service, municipality all) after the stored cursor and
    applies each party event to the copy, storing the copy and the new cursor
    in one transaction: a crash between the two cannot happen, a restart or
    a gap replays from the cursor, and events already applied are skipped by
    seq. It pulls when notify's bus shows a registry event and every poll_ms
    anyway, so nothing depends on the bus. While the registry is down the
    copy keeps answering; the follower retries with backoff and catches up.
*/
#include "match_svc.h"
#include "sk_bus.h"
#include "sk_follow.h"

static const char *s_relations[4] = { "has", "needs", "serves", "speaks" };

//  Append the term codes and levels of a declaration array to the array
//  literals; terms that are not plain codes are skipped (the registry only
//  makes plain codes).
static void
s_terms (const msgpack_object *list, const char *relation, char **terms, char **levels,
         char **relations, int *count)
{
    if (!list || list->type != MSGPACK_OBJECT_ARRAY)
        return;
    for (uint32_t i = 0; i < list->via.array.size && i < 400; i++) {
        char term[64];
        int64_t level = 2;
        const msgpack_object *t = &list->via.array.ptr[i];
        if (sk_obj_str_copy (sk_obj_get (t, "term"), term, sizeof term)
            || strspn (term, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen (term) || !*term)
            continue;
        sk_obj_int (sk_obj_get (t, "level"), &level);
        if (level < 1 || level > 3)
            level = 2;
        char *s;
        s = zsys_sprintf ("%s%s%s", *terms, *count ? "," : "", term);
        zstr_free (terms);
        *terms = s;
        s = zsys_sprintf ("%s%s%d", *levels, *count ? "," : "", (int)level);
        zstr_free (levels);
        *levels = s;
        s = zsys_sprintf ("%s%s%s", *relations, *count ? "," : "", relation);
        zstr_free (relations);
        *relations = s;
        (*count)++;
    }
}

//  An optional integer field as text into buf, or NULL.
static const char *
s_int_field (const msgpack_object *body, const char *key, char *buf, size_t size)
{
    int64_t v;
    if (!sk_obj_int (sk_obj_get (body, key), &v))
        return NULL;
    snprintf (buf, size, "%lld", (long long)v);
    return buf;
}

//  An optional string field copied into buf, or NULL.
static const char *
s_str_field (const msgpack_object *body, const char *key, char *buf, size_t size)
{
    if (sk_obj_str_copy (sk_obj_get (body, key), buf, size))
        return NULL;
    return buf;
}

//  Apply a party event: the copy becomes the party as the event shows it.
static int
s_apply_party (sk_db_t *db, const char *tenant, const char *kind, const msgpack_object *body,
               int64_t seq, sk_error_t *err)
{
    char id[24], version[24], area[24], capacity[24], csr[24], members[24], seqs[24],
        volunteers[24];
    char name[256], itype[40], availability[256], area_name[256];
    if (!s_int_field (body, "id", id, sizeof id))
        return 0; //  an erased body: nothing left to copy
    snprintf (seqs, sizeof seqs, "%lld", (long long)seq);
    const msgpack_object *archived = sk_obj_get (body, "archived");
    bool is_archived =
        archived && archived->type == MSGPACK_OBJECT_BOOLEAN && archived->via.boolean;
    const char *params[] = { id,
                             tenant,
                             kind,
                             s_str_field (body, "name", name, sizeof name),
                             s_int_field (body, "area", area, sizeof area),
                             s_int_field (body, "capacity", capacity, sizeof capacity),
                             s_int_field (body, "csr_capacity", csr, sizeof csr),
                             s_str_field (body, "institution_type", itype, sizeof itype),
                             s_str_field (body, "availability", availability, sizeof availability),
                             s_int_field (body, "members", members, sizeof members),
                             is_archived ? "t" : "f",
                             s_int_field (body, "version", version, sizeof version) ? version : "1",
                             seqs,
                             s_int_field (body, "active_volunteers", volunteers, sizeof volunteers),
                             s_str_field (body, "area_name", area_name, sizeof area_name) };
    if (streq (kind, "volunteer"))
        params[3] = NULL; //  never a person's name, whatever arrives
    if (sk_db_run (db, err,
                   "INSERT INTO party (id, tenant, kind, name, area, capacity, "
                   "csr_capacity, institution_type, availability, members, archived, "
                   "version, seq, active_volunteers, area_name) VALUES ($1, $2, $3, $4, "
                   "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
                   "ON CONFLICT (id) DO UPDATE SET "
                   "tenant = $2, kind = $3, name = $4, area = $5, capacity = $6, "
                   "csr_capacity = $7, institution_type = $8, availability = $9, "
                   "members = $10, archived = $11, version = $12, seq = $13, "
                   "active_volunteers = $14, area_name = $15",
                   15, params))
        return -1;
    char *terms = strdup ("{"), *levels = strdup ("{"), *relations = strdup ("{");
    int count = 0;
    for (int r = 0; r < 4; r++)
        s_terms (sk_obj_get (body, s_relations[r]), s_relations[r], &terms, &levels, &relations,
                 &count);
    char *t = zsys_sprintf ("%s}", terms), *l = zsys_sprintf ("%s}", levels),
         *rel = zsys_sprintf ("%s}", relations);
    const char *tp[] = { id, tenant, rel, t, l };
    int rc = sk_db_run (db, err, "DELETE FROM party_term WHERE party_id = $1", 1, tp);
    if (rc == 0 && count)
        rc = sk_db_run (db, err,
                        "INSERT INTO party_term (party_id, tenant, relation, term, level) "
                        "SELECT $1, $2, r, t, l FROM unnest($3::text[], $4::text[], "
                        "$5::int[]) AS u (r, t, l) ON CONFLICT DO NOTHING",
                        5, tp);
    free (terms);
    free (levels);
    free (relations);
    zstr_free (&t);
    zstr_free (&l);
    zstr_free (&rel);
    return rc;
}

//  A person was erased in the registry: a volunteer leaves the copy, and
//  proposals still open for them end.
static int
s_apply_erased (sk_db_t *db, const msgpack_object *body, sk_error_t *err)
{
    char id[24], kind[16];
    if (!s_int_field (body, "id", id, sizeof id)
        || sk_obj_str_copy (sk_obj_get (body, "kind"), kind, sizeof kind))
        return 0;
    const char *params[] = { id };
    if (!streq (kind, "volunteer"))
        return 0; //  an organisation's copy holds no personal fields
    return sk_db_run (db, err, "DELETE FROM party WHERE id = $1", 1, params)
                   || sk_db_run (db, err,
                                 "UPDATE proposal SET state = 'expired', decided_at = now() "
                                 "WHERE (left_id = $1 OR right_id = $1) AND state IN "
                                 "('proposed', 'accepted_by_left', 'accepted_by_right')",
                                 1, params)
               ? -1
               : 0;
}

//  Apply one event. Topics other than parties and erasures are skipped.
static int
s_apply (sk_db_t *db, const char *topic, const char *tenant, const msgpack_object *body,
         int64_t seq, sk_error_t *err)
{
    if (streq (topic, "registry.person.erased"))
        return s_apply_erased (db, body, err);
    static const char *kinds[] = { "association", "company", "institution", "volunteer", NULL };
    for (int k = 0; kinds[k]; k++) {
        char prefix[40];
        snprintf (prefix, sizeof prefix, "registry.%s.", kinds[k]);
        size_t len = strlen (prefix);
        if (strncmp (topic, prefix, len))
            continue;
        const char *verb = topic + len;
        if (streq (verb, "created") || streq (verb, "updated") || streq (verb, "archived"))
            return s_apply_party (db, tenant, kinds[k], body, seq, err);
    }
    return 0;
}

//  The shared follower's hook: one registry event, in its transaction
static int
s_apply_event (sk_db_t *db, const sk_event_t *ev, void *arg, sk_error_t *err)
{
    (void)arg;
    return s_apply (db, ev->topic, ev->tenant, ev->body, ev->seq, err);
}

void
match_feed_actor (zsock_t *pipe, void *args)
{
    const match_conf_t *conf = (const match_conf_t *)args;
    sk_follow_t follow = {
        .source = "registry",
        .client = sk_client_from_config (conf->config, "registry", "match/cert"),
        .cert = sk_config_get (conf->config, "match/cert", ""),
        .xpub = sk_bus_endpoints (conf->config, "xpub"),
        .xpub_public = sk_config_get (conf->config, "notify/public", NULL),
        .topic = "registry.",
        .db = conf->db,
        .schema = "match",
        .poll_ms = conf->poll_ms,
        .apply = s_apply_event,
    };
    sk_follow_actor (pipe, &follow);
}

//  The periodic sweep: for each municipality with open proposals or
//  meetings without minutes, or an open-ended agreement whose meetings are
//  to be topped up to 12 months ahead, call match.sweep.run on this service with its
//  own certificate, so the events it emits go through the one service loop
//  (outbox, bus) like any other.
void
match_sweep_actor (zsock_t *pipe, void *args)
{
    const match_conf_t *conf = (const match_conf_t *)args;
    sk_db_t *db = sk_db_new (conf->db, "match");
    sk_client_t *self_client = sk_client_from_config (conf->config, "match", "match/cert");
    zsock_signal (pipe, 0);
    zpoller_t *poller = zpoller_new (pipe, NULL);
    int wait = 200;
    while (self_client) {
        void *which = zpoller_wait (poller, wait);
        if (which == pipe || zpoller_terminated (poller))
            break;
        wait = conf->poll_ms * 10 > 60000 ? 60000 : conf->poll_ms * 10;
        sk_error_t err = { 0 };
        char due[16], overdue[16];
        snprintf (due, sizeof due, "%d", conf->due_days);
        snprintf (overdue, sizeof overdue, "%d", conf->overdue_days);
        const char *params[] = { due, overdue };
        if (sk_db_begin (db, "*", &err))
            continue;
        PGresult *r =
            sk_db_exec (db, &err,
                        "SELECT tenant FROM proposal WHERE state IN ('proposed', "
                        "'accepted_by_left', 'accepted_by_right') AND expires_at <= now() "
                        "UNION SELECT m.tenant FROM meeting m JOIN agreement a "
                        "ON a.id = m.agreement_id WHERE a.status = 'active' "
                        "AND m.held_on IS NULL AND ((m.due_sent_at IS NULL AND m.due_on "
                        "<= current_date + $1::int) OR (m.overdue_sent_at IS NULL AND "
                        "m.due_on + $2::int <= current_date)) "
                        //  An open-ended agreement whose next meeting came
                        //  within its rolling 12 months (3 days: clamping)
                        "UNION SELECT a.tenant FROM agreement a WHERE a.status = 'active' "
                        "AND a.ends_on IS NULL AND a.starts_on IS NOT NULL "
                        "AND a.cadence IS NOT NULL AND coalesce((SELECT max(due_on) FROM "
                        "meeting m WHERE m.agreement_id = a.id), a.starts_on) + make_interval("
                        "months => CASE a.cadence WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3 "
                        "WHEN 'half_yearly' THEN 6 ELSE 12 END, days => 3) <= current_date "
                        "+ interval '12 months'",
                        2, params);
        sk_db_commit_nowait (db);
        for (int i = 0; r && i < PQntuples (r); i++) {
            sk_frame_t reply;
            if (sk_client_call (self_client, "match.sweep.run", PQgetvalue (r, i, 0), NULL, NULL,
                                &reply, &err)
                    == 0
                && sk_reply_error (&reply, &err))
                sk_warn ("sweep of %s failed: %s", PQgetvalue (r, i, 0), err.message);
            sk_frame_release (&reply);
        }
        PQclear (r);
    }
    if (!self_client) {
        sk_error ("could not sweep: no client of this service");
        char *command = zstr_recv (pipe);
        zstr_free (&command);
    }
    zpoller_destroy (&poller);
    sk_client_destroy (&self_client);
    sk_db_destroy (&db);
}

int
match_feed_status (sk_call_t *call)
{
    static const char *keys[] = { NULL };
    if (sk_call_known_keys (call, NULL, keys))
        return -1;
    PGresult *r = sk_call_sql (
        call,
        "SELECT (SELECT last FROM follow_cursor WHERE source = 'registry'), "
        "(SELECT to_char(applied_at AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM follow_cursor WHERE source = 'registry'), "
        "(SELECT count(*) FROM party WHERE NOT archived)",
        0, NULL);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 3);
    sk_pack_str (&call->reply, "cursor");
    sk_pack_int (&call->reply,
                 PQgetisnull (r, 0, 0) ? 0 : strtoll (PQgetvalue (r, 0, 0), NULL, 10));
    sk_pack_str (&call->reply, "applied_at");
    sk_pack_cell (&call->reply, r, 0, 1, SK_COL_TEXT);
    sk_pack_kint (&call->reply, "parties", strtoll (PQgetvalue (r, 0, 2), NULL, 10));
    PQclear (r);
    return 0;
}
