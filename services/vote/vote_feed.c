/*  vote_feed.c: a person erased in the registry leaves vote's ideas.

    The shared follower (common/sk_follow.c) pulls the registry's events
    after vote's cursor and hands registry.person.erased to vote_feed_erase,
    in the transaction that moves the cursor. The event names the person by
    party id and kind, and their name, e-mail and phone by digest only
    (`contacts`, proto/PROTOCOL.md 7.6), so no event holds the values. An
    idea loses its contact details when one of them has a digest of the
    list, or when it is the idea of the erased organisation (its contact
    person). The stored replies of idea ops that carry those details go
    first, found by their bytes as vote.idea.forget finds them.
*/
#include "sk_bus.h"
#include "sk_follow.h"
#include "sk_log.h"
#include "vote_svc.h"

//  The digests of the event's contacts as a text[] literal in buf, or -1
//  if the list is malformed. Digests are 64 hex digits; at most 16.
static int
s_digests (const msgpack_object *body, char *buf, size_t size)
{
    const msgpack_object *list = sk_obj_get (body, "contacts");
    size_t len = (size_t)snprintf (buf, size, "{");
    if (list && (list->type != MSGPACK_OBJECT_ARRAY || list->via.array.size > 16))
        return -1;
    for (uint32_t i = 0; list && i < list->via.array.size; i++) {
        char digest[80];
        if (sk_obj_str_copy (&list->via.array.ptr[i], digest, sizeof digest)
            || strlen (digest) != 64 || strspn (digest, "0123456789abcdef") != 64)
            return -1;
        len += (size_t)snprintf (buf + len, size - len, "%s%s", i ? "," : "", digest);
    }
    snprintf (buf + len, size - len, "}");
    return 0;
}

int
vote_feed_erase (sk_db_t *db, const char *tenant, const msgpack_object *body, sk_error_t *err)
{
    int64_t id = 0;
    char kind[32] = "", digests[16 * 65 + 4], party[24];
    if (!sk_obj_int (sk_obj_get (body, "id"), &id) || id <= 0
        || sk_obj_str_copy (sk_obj_get (body, "kind"), kind, sizeof kind)
        || s_digests (body, digests, sizeof digests)) {
        sk_warn ("vote: a registry.person.erased event without a usable id, kind or contacts; "
                 "skipped");
        return 0;
    }
    snprintf (party, sizeof party, "%lld", (long long)id);
    //  An organisation's contact person is its ideas' contact; anyone's
    //  values are found by digest
    const char *params[] = { tenant, streq (kind, "association") ? party : NULL, digests };
    const char *matched = "SELECT id FROM idea WHERE tenant = $1 AND (association = $2::bigint "
                          "OR contact_digest(contact_name) = ANY ($3::text[]) "
                          "OR contact_digest(contact_email) = ANY ($3::text[]) "
                          "OR contact_digest(contact_phone) = ANY ($3::text[]))";
    char sql[1024];
    snprintf (sql, sizeof sql,
              "DELETE FROM request_log l USING idea i WHERE i.id IN (%s) "
              "AND l.op LIKE 'vote.idea.%%' AND EXISTS (SELECT 1 FROM unnest "
              "(ARRAY[i.contact_name, i.contact_email, i.contact_phone]) c "
              "WHERE c <> '' AND position(convert_to(c, 'UTF8') IN l.reply) > 0)",
              matched);
    if (sk_db_run (db, err, sql, 3, params))
        return -1;
    snprintf (sql, sizeof sql,
              "UPDATE idea SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, "
              "version = version + 1 WHERE id IN (%s) AND (contact_name IS NOT NULL OR "
              "contact_email IS NOT NULL OR contact_phone IS NOT NULL)",
              matched);
    return sk_db_run (db, err, sql, 3, params);
}

//  The shared follower's hook: one registry event, in its transaction
static int
s_apply (sk_db_t *db, const sk_event_t *ev, void *arg, sk_error_t *err)
{
    (void)arg;
    if (!streq (ev->topic, "registry.person.erased"))
        return 0;
    return vote_feed_erase (db, ev->tenant, ev->body, err);
}

void
vote_feed_actor (zsock_t *pipe, void *args)
{
    const vote_feed_conf_t *conf = (const vote_feed_conf_t *)args;
    sk_follow_t follow = {
        .source = "registry",
        .client = sk_client_from_config (conf->config, "registry", "vote/cert"),
        .cert = sk_config_get (conf->config, "vote/cert", ""),
        .xpub = sk_bus_endpoints (conf->config, "xpub"),
        .xpub_public = sk_config_get (conf->config, "notify/public", NULL),
        .topic = "registry.", //  gap-free: every registry event, most skipped
        .db = conf->db,
        .schema = "vote",
        .poll_ms = conf->poll_ms,
        .apply = s_apply,
    };
    sk_follow_actor (pipe, &follow);
}
