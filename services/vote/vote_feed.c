/*  vote_feed.c: a person erased in the registry leaves vote's ideas.

    The shared follower (common/sk_follow.c) pulls the registry's events
    after vote's cursor and hands registry.person.erased to vote_feed_erase,
    in the transaction that moves the cursor. The event names the person by
    party id and kind, and their name, e-mail and phone by digest only
    (`contacts`, proto/PROTOCOL.md 7.6), so no event holds the values. An
    idea loses its contact details when one of them has a digest of the
    list (keyed, sk_erase.h: computed here, under the erase key that
    registry and vote share), or when it is the idea of the erased organisation (its contact
    person). The stored replies of idea ops that carry those details go
    first, found by their bytes as vote.idea.forget finds them.
*/
#include "sk_bus.h"
#include "sk_erase.h"
#include "sk_follow.h"
#include "sk_mem.h"
#include "sk_log.h"
#include "vote_svc.h"

#define S_DIGESTS_MAX 16

//  The digests of the event's contacts into list; their count, or -1 if
//  the list is malformed. Digests are 64 lower-case hex digits.
static int
s_digests (const msgpack_object *body, char list[S_DIGESTS_MAX][SK_ERASE_DIGEST_HEX])
{
    const msgpack_object *arr = sk_obj_get (body, "contacts");
    if (!arr)
        return 0;
    if (arr->type != MSGPACK_OBJECT_ARRAY || arr->via.array.size > S_DIGESTS_MAX)
        return -1;
    for (uint32_t i = 0; i < arr->via.array.size; i++) {
        char *digest = list[i];
        if (sk_obj_str_copy (&arr->via.array.ptr[i], digest, SK_ERASE_DIGEST_HEX)
            || strlen (digest) != 64 || strspn (digest, "0123456789abcdef") != 64)
            return -1;
    }
    return (int)arr->via.array.size;
}

//  True if the idea row's contact column c has one of the n digests
static bool
s_matches (PGresult *r, int row, int c, char list[][SK_ERASE_DIGEST_HEX], int n)
{
    if (PQgetisnull (r, row, c))
        return false;
    char digest[SK_ERASE_DIGEST_HEX];
    sk_erase_digest (PQgetvalue (r, row, c), digest);
    for (int i = 0; i < n; i++)
        if (streq (digest, list[i]))
            return true;
    return false;
}

//  The ideas of the tenant that lose their contact: the erased
//  organisation's (party, or NULL), and those with a contact whose keyed
//  digest is in the list. Their ids as a bigint[] literal (caller frees),
//  or NULL with err.
static char *
s_matched (sk_db_t *db, const char *tenant, const char *party, char list[][SK_ERASE_DIGEST_HEX],
           int n, sk_error_t *err)
{
    const char *params[] = { tenant, party };
    PGresult *r = sk_db_exec (db, err,
                              "SELECT id, coalesce(association = $2::bigint, false), contact_name, "
                              "contact_email, contact_phone FROM idea "
                              "WHERE tenant = $1 AND (contact_name IS NOT NULL OR contact_email "
                              "IS NOT NULL OR contact_phone IS NOT NULL)",
                              2, params);
    if (!r)
        return NULL;
    int rows = PQntuples (r), count = 0;
    int64_t *ids = sk_malloc (sizeof *ids * (size_t)(rows + 1));
    for (int i = 0; i < rows; i++)
        if (streq (PQgetvalue (r, i, 1), "t") || s_matches (r, i, 2, list, n)
            || s_matches (r, i, 3, list, n) || s_matches (r, i, 4, list, n))
            ids[count++] = strtoll (PQgetvalue (r, i, 0), NULL, 10);
    PQclear (r);
    char *literal = vote_int_literal (count, ids);
    free (ids);
    return literal;
}

int
vote_feed_erase (sk_db_t *db, const char *tenant, const msgpack_object *body, sk_error_t *err)
{
    int64_t id = 0;
    char kind[32] = "", party[24], list[S_DIGESTS_MAX][SK_ERASE_DIGEST_HEX];
    int n = -1;
    if (!sk_obj_int (sk_obj_get (body, "id"), &id) || id <= 0
        || sk_obj_str_copy (sk_obj_get (body, "kind"), kind, sizeof kind)
        || (n = s_digests (body, list)) < 0) {
        sk_warn ("vote: a registry.person.erased event without a usable id, kind or contacts; "
                 "skipped");
        return 0;
    }
    snprintf (party, sizeof party, "%lld", (long long)id);
    //  An organisation's contact person is its ideas' contact; anyone's
    //  values are found by keyed digest, computed here: the key never
    //  reaches the database
    char *ids = s_matched (db, tenant, streq (kind, "association") ? party : NULL, list, n, err);
    if (!ids)
        return -1;
    const char *params[] = { ids };
    int rc = sk_db_run (db, err,
                        "DELETE FROM request_log l USING idea i WHERE i.id = ANY ($1::bigint[]) "
                        "AND l.op LIKE 'vote.idea.%' AND EXISTS (SELECT 1 FROM unnest "
                        "(ARRAY[i.contact_name, i.contact_email, i.contact_phone]) c "
                        "WHERE c <> '' AND position(convert_to(c, 'UTF8') IN l.reply) > 0)",
                        1, params)
             || sk_db_run (db, err,
                           "UPDATE idea SET contact_name = NULL, contact_email = NULL, "
                           "contact_phone = NULL, version = version + 1 "
                           "WHERE id = ANY ($1::bigint[])",
                           1, params);
    free (ids);
    return rc ? -1 : 0;
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
