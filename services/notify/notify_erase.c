/*  notify_erase.c: a person erased in the registry leaves notify's log.

    registry.person.erased carries the seqs of the registry's events whose
    bodies the registry rewrote to {"erased": true} (proto/PROTOCOL.md 7.6).
    Notify's copies of those events get the same body, and their deliveries
    lose the subject and text rendered from them, in the follower's
    transaction that logs the erasure.
*/
#include "notify.h"
#include "sk_mem.h"

int
notify_erase_apply (sk_db_t *db, const msgpack_object *body, sk_error_t *err)
{
    const msgpack_object *events = sk_obj_get (body, "events");
    if (!events || events->type != MSGPACK_OBJECT_ARRAY || events->via.array.size == 0)
        return 0;
    //  The seqs as a bigint[] literal: at most 20 digits and a comma each
    uint32_t count = events->via.array.size;
    char *seqs = sk_malloc ((size_t)count * 21 + 3);
    size_t len = 0;
    seqs[len++] = '{';
    for (uint32_t i = 0; i < count; i++) {
        int64_t seq;
        if (!sk_obj_int (&events->via.array.ptr[i], &seq))
            continue;
        len += (size_t)sprintf (seqs + len, "%s%lld", len > 1 ? "," : "", (long long)seq);
    }
    seqs[len++] = '}';
    seqs[len] = '\0';
    //  The body the registry wrote: {"erased": true}
    sk_pack_t erased;
    sk_pack_init (&erased);
    sk_pack_map (&erased, 1);
    sk_pack_kbool (&erased, "erased", true);
    char *bytes = sk_db_bytea (erased.buf.data, erased.buf.size);
    sk_pack_release (&erased);
    const char *params[] = { seqs, bytes };
    int rc =
        sk_db_run (db, err,
                   "WITH e AS (UPDATE event_log SET body = $2::bytea WHERE source = 'registry' "
                   "AND source_seq = ANY ($1::bigint[]) RETURNING seq) "
                   "UPDATE delivery SET subject = CASE WHEN subject IS NULL THEN NULL "
                   "ELSE '[slettet]' END, text = CASE WHEN text IS NULL THEN NULL "
                   "ELSE '[slettet]' END WHERE log_seq IN (SELECT seq FROM e)",
                   2, params);
    free (bytes);
    free (seqs);
    return rc;
}
