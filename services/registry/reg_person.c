/*  reg_person.c: personal data export and erasure. */
#include <czmq.h>

#include "reg_party.h"
#include "reg_person.h"
#include "reg_util.h"
#include "sk_erase.h"
#include "sk_event.h"

//  Free text where a person may be mentioned: table, column, the text form.
static const struct {
    const char *table, *column;
} s_texts[] = { { "party", "description" },
                { "activity", "name" },
                { "activity", "description" },
                { "visit", "staff" },
                { "visit", "activities" },
                { "visit", "challenges" },
                { "visit", "ideas" },
                { "visit", "offer" },
                { "advisor_assignment", "advisor" },
                { "advisor_assignment", "email" },
                { "advisory_session", "advisor" },
                { "advisory_session", "notes" },
                { "next_step", "who" },
                { "next_step", "what" },
                { "story", "title" },
                { "story", "body" },
                { "party_history", "changes" },
                { NULL, NULL } };

typedef struct {
    const char *id; //  the party's id
    sk_kind_t kind;
    const char *values; //  text[] literal of the person's values
    int nvalues;
    char digests[3][SK_ERASE_DIGEST_HEX]; //  their keyed digests (sk_erase.h)
    const char *packed;                   //  text[] literal: hex of each value as a msgpack str
    const char *signature;                //  hex of a volunteer's packed id and kind, or ""
    PGresult *party;                      //  the party row (reg_party_columns)
} s_person_t;

//  Load the party and the person's values; -1 with the call's error.
static int
s_person_load (sk_call_t *call, s_person_t *person, bool lock)
{
    int64_t n;
    if (sk_call_int (call, NULL, "id", 1, INT64_MAX, true, &n) < 0)
        return -1;
    person->id = sk_call_itoa (call, n);
    const char *params[] = { person->id };
    person->party = sk_call_sql (
        call,
        sk_call_printf (call,
                        "SELECT %s, p.contact_name, p.email, p.phone, p.name, p.description, "
                        "p.availability FROM party p WHERE p.id = $1%s",
                        reg_party_columns (), lock ? " FOR UPDATE" : ""),
        1, params);
    if (!person->party)
        return -1;
    if (PQntuples (person->party) == 0) {
        PQclear (person->party);
        return sk_call_fail (call, "not_found", "id", "party %s does not exist", person->id);
    }
    person->kind = sk_kind_parse (PQgetvalue (person->party, 0, 1));
    //  The person's values: the contact person's, or all of a volunteer's
    //  text about themselves
    int ncol = PQnfields (person->party);
    //  (contact_name, email, phone, name, description, availability); a
    //  volunteer's description and availability are erased with the party,
    //  not searched for: they are sentences, not names
    int first = person->kind == SK_KIND_VOLUNTEER ? ncol - 5 : ncol - 6;
    int last = person->kind == SK_KIND_VOLUNTEER ? ncol - 3 : ncol - 4;
    char *values = sk_call_strdup (call, "{");
    char *packed = sk_call_strdup (call, "{");
    person->nvalues = 0;
    for (int c = first; c <= last; c++) {
        if (PQgetisnull (person->party, 0, c) || !*PQgetvalue (person->party, 0, c))
            continue;
        const char *v = PQgetvalue (person->party, 0, c);
        char *quoted = sk_call_strdup (call, "\"");
        for (const char *s = v; *s; s++)
            quoted =
                sk_call_printf (call, "%s%s%c", quoted, *s == '"' || *s == '\\' ? "\\" : "", *s);
        values = sk_call_printf (call, "%s%s%s\"", values, person->nvalues ? "," : "", quoted);
        sk_pack_t p;
        sk_pack_init (&p);
        sk_pack_str (&p, v);
        char *hex = sk_call_strdup (call, "");
        for (size_t k = 0; k < p.buf.size; k++)
            hex = sk_call_printf (call, "%s%02x", hex, (uint8_t)p.buf.data[k]);
        sk_pack_release (&p);
        packed = sk_call_printf (call, "%s%s%s", packed, person->nvalues ? "," : "", hex);
        sk_erase_digest (v, person->digests[person->nvalues]);
        person->nvalues++;
    }
    person->values = sk_call_printf (call, "%s}", values);
    person->signature = "";
    if (person->kind == SK_KIND_VOLUNTEER) {
        sk_pack_t p;
        sk_pack_init (&p);
        sk_pack_kint (&p, "id", n);
        sk_pack_kstr (&p, "kind", "volunteer");
        char *hex = sk_call_strdup (call, "");
        for (size_t k = 0; k < p.buf.size; k++)
            hex = sk_call_printf (call, "%s%02x", hex, (uint8_t)p.buf.data[k]);
        sk_pack_release (&p);
        person->signature = hex;
    }
    person->packed = sk_call_printf (call, "%s}", packed);
    return 0;
}

//  Stored bytes (request_log replies, outbox bodies) that carry a value:
//  its exact msgpack string, or the value inside a longer string when it
//  is long enough not to be a coincidence.
//  A volunteer's own party maps (replies, events) are recognised by their
//  first pairs, "id" and "kind", packed ($3, hex): they carry description
//  and availability, which are not searched for as words.
#define S_CARRIES(col)                                                                             \
    "(EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS u(v, h) WHERE "                      \
    "position(decode(u.h, 'hex') IN " col ") > 0 OR (length(u.v) >= 6 AND "                        \
    "position(convert_to(u.v, 'UTF8') IN " col ") > 0)) OR ($3::text <> '' "                       \
    "AND position(decode($3, 'hex') IN " col ") > 0))"

int
reg_person_export (sk_call_t *call)
{
    static const char *keys[] = { "id", NULL };
    s_person_t person = { 0 };
    if (sk_call_known_keys (call, NULL, keys) || s_person_load (call, &person, false))
        return -1;
    const char *params[] = { person.values, person.packed, person.id };
    const char *carry[] = { person.values, person.packed, person.signature };
    sk_pack_map (&call->reply, 6);
    sk_pack_kint (&call->reply, "id", strtoll (person.id, NULL, 10));
    sk_pack_kstr (&call->reply, "kind", sk_kind_name (person.kind));
    sk_pack_str (&call->reply, "party");
    sk_pack_t full;
    sk_pack_init (&full);
    int rc = reg_party_pack (call, &full, person.party, false);
    if (rc == 0)
        sk_pack_element (&call->reply, &full);
    sk_pack_release (&full);
    PQclear (person.party);
    if (rc)
        return -1;
    //  The party's own history, and every mention elsewhere
    PGresult *r =
        sk_call_sql (call,
                     "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                     "action, actor_role, op, changes::text FROM party_history "
                     "WHERE party_id = $1 ORDER BY id",
                     1, params + 2);
    if (!r)
        return -1;
    sk_pack_str (&call->reply, "history");
    sk_pack_array (&call->reply, (uint32_t)PQntuples (r));
    for (int i = 0; i < PQntuples (r); i++) {
        static const char *names[] = { "at", "action", "role", "op", "changes" };
        sk_pack_map (&call->reply, 5);
        for (int c = 0; c < 5; c++) {
            sk_pack_str (&call->reply, names[c]);
            sk_pack_cell (&call->reply, r, i, c, SK_COL_TEXT);
        }
    }
    PQclear (r);
    char *sql = sk_call_strdup (call, "");
    for (int t = 0; s_texts[t].table; t++)
        sql = sk_call_printf (
            call, "%s%sSELECT '%s', '%s', id, %s::text FROM %s WHERE mentions(%s::text, $1)", sql,
            t ? " UNION ALL " : "", s_texts[t].table, s_texts[t].column, s_texts[t].column,
            s_texts[t].table, s_texts[t].column);
    r = sk_call_sql (call, sk_call_printf (call, "%s ORDER BY 1, 3, 2", sql), 1, params);
    if (!r)
        return -1;
    sk_pack_str (&call->reply, "mentions");
    sk_pack_array (&call->reply, (uint32_t)PQntuples (r));
    for (int i = 0; i < PQntuples (r); i++) {
        sk_pack_map (&call->reply, 4);
        sk_pack_kstr (&call->reply, "table", PQgetvalue (r, i, 0));
        sk_pack_kstr (&call->reply, "column", PQgetvalue (r, i, 1));
        sk_pack_kint (&call->reply, "id", strtoll (PQgetvalue (r, i, 2), NULL, 10));
        sk_pack_kstr (&call->reply, "text", PQgetvalue (r, i, 3));
    }
    PQclear (r);
    r = sk_call_sql (call,
                     "SELECT (SELECT count(*) FROM request_log WHERE " S_CARRIES (
                         "reply") "), "
                                  "(SELECT count(*) FROM outbox WHERE " S_CARRIES (
                                      "body") "), "
                                              "(SELECT count(*) FROM import_row WHERE "
                                              "mentions(array_to_string(vals, ' '), $1))",
                     3, carry);
    if (!r)
        return -1;
    sk_pack_str (&call->reply, "stored");
    sk_pack_map (&call->reply, 3);
    sk_pack_kint (&call->reply, "replies", strtoll (PQgetvalue (r, 0, 0), NULL, 10));
    sk_pack_kint (&call->reply, "events", strtoll (PQgetvalue (r, 0, 1), NULL, 10));
    sk_pack_kint (&call->reply, "staged_import_rows", strtoll (PQgetvalue (r, 0, 2), NULL, 10));
    PQclear (r);
    return 0;
}

//  Run an UPDATE/DELETE and add its row count to the reply's tally.
static int
s_erase_step (sk_call_t *call, sk_pack_t *tally, int *count, const char *name, const char *sql,
              int nparams, const char *const *params)
{
    PGresult *r = sk_call_sql (call, sql, nparams, params);
    if (!r)
        return -1;
    sk_pack_kint (tally, name, strtoll (PQcmdTuples (r), NULL, 10));
    (*count)++;
    PQclear (r);
    return 0;
}

//  Long because: the erasure is one list of statements over every place a
//  person's data is kept (parties, free text, history, events, stored
//  replies), each counted in the reply; read together they are the
//  checklist of what is erased.
int
reg_person_erase (sk_call_t *call)
{
    static const char *keys[] = { "id", NULL };
    s_person_t person = { 0 };
    if (sk_call_known_keys (call, NULL, keys) || reg_actor (call)
        || s_person_load (call, &person, true))
        return -1;
    PQclear (person.party);
    const char *params[] = { person.values, person.packed };
    const char *carry[] = { person.values, person.packed, person.signature };
    const char *id[] = { person.id };
    sk_pack_t tally;
    sk_pack_init (&tally);
    int n = 0, rc = 0;
    if (person.kind == SK_KIND_VOLUNTEER) {
        rc = s_erase_step (call, &tally, &n, "declarations",
                           "DELETE FROM declaration WHERE party_id = $1", 1, id)
             || s_erase_step (call, &tally, &n, "activities",
                              "DELETE FROM activity WHERE party_id = $1", 1, id)
             || s_erase_step (call, &tally, &n, "party",
                              "UPDATE party SET name = 'Slettet frivillig', description = NULL, "
                              "email = NULL, phone = NULL, availability = NULL, "
                              "archived_at = coalesce(archived_at, now()), version = version + 1, "
                              "updated_at = now() WHERE id = $1",
                              1, id);
    } else
        rc = s_erase_step (call, &tally, &n, "party",
                           "UPDATE party SET contact_name = NULL, email = NULL, phone = NULL, "
                           "version = version + 1, updated_at = now() WHERE id = $1",
                           1, id);
    //  Every mention in free text, including the history just written
    for (int t = 0; rc == 0 && s_texts[t].table; t++) {
        const char *tc = sk_call_printf (call, "%s.%s", s_texts[t].table, s_texts[t].column);
        bool json = streq (s_texts[t].column, "changes");
        rc = s_erase_step (call, &tally, &n, tc,
                           sk_call_printf (call,
                                           "UPDATE %s SET %s = erase_mentions(%s::text, $1)%s "
                                           "WHERE mentions(%s::text, $1)",
                                           s_texts[t].table, s_texts[t].column, s_texts[t].column,
                                           json ? "::jsonb" : "", s_texts[t].column),
                           1, params);
    }
    if (rc == 0)
        rc = s_erase_step (call, &tally, &n, "import_row",
                           "WITH d AS (DELETE FROM import_row WHERE "
                           " mentions(array_to_string(vals, ' '), $1) RETURNING import_id) "
                           "UPDATE import_batch b SET bad = bad + (SELECT count(*) FROM d "
                           " WHERE d.import_id = b.id) WHERE id IN (SELECT import_id FROM d)",
                           1, params);
    //  Events of this municipality that carry the data lose their body
    sk_pack_t erased;
    sk_pack_init (&erased);
    sk_pack_map (&erased, 1);
    sk_pack_kbool (&erased, "erased", true);
    char *hex = sk_call_strdup (call, "");
    for (size_t k = 0; k < erased.buf.size; k++)
        hex = sk_call_printf (call, "%s%02x", hex, (uint8_t)erased.buf.data[k]);
    sk_pack_release (&erased);
    //  Their seqs go with the erased event, so the followers (notify's
    //  event log) can rewrite their copies too
    PGresult *events =
        rc ? NULL
           : sk_call_sql (
               call,
               sk_call_printf (call,
                               "UPDATE outbox SET body = decode('%s', 'hex') WHERE " S_CARRIES (
                                   "body") " RETURNING seq",
                               hex),
               3, carry);
    if (!rc && !events)
        rc = -1;
    if (rc == 0) {
        sk_pack_kint (&tally, "outbox", PQntuples (events));
        n++;
    }
    //  Stored replies that carry the data keep answering their retries, now
    //  with an error instead of the data
    PGresult *r = rc ? NULL
                     : sk_call_sql (call,
                                    "SELECT caller, request_id FROM request_log WHERE " S_CARRIES (
                                        "reply") " FOR UPDATE",
                                    3, carry);
    if (!rc && !r)
        rc = -1;
    for (int i = 0; rc == 0 && i < PQntuples (r); i++) {
        sk_error_t err = { 0 };
        sk_error_set (&err, "not_found", NULL,
                      "the reply held personal data "
                      "that has been erased");
        sk_pack_t reply;
        sk_pack_init (&reply);
        sk_pack_reply_error (&reply, PQgetvalue (r, i, 1), &err);
        char *bytes = sk_call_strdup (call, "\\x");
        for (size_t k = 0; k < reply.buf.size; k++)
            bytes = sk_call_printf (call, "%s%02x", bytes, (uint8_t)reply.buf.data[k]);
        sk_pack_release (&reply);
        const char *p[] = { PQgetvalue (r, i, 0), PQgetvalue (r, i, 1), bytes };
        PGresult *u = sk_call_sql (
            call, "UPDATE request_log SET reply = $3::bytea WHERE caller = $1 AND request_id = $2",
            3, p);
        rc = u ? 0 : -1;
        PQclear (u);
    }
    int replies = r ? PQntuples (r) : 0;
    PQclear (r);
    if (rc == 0) {
        sk_pack_kint (&tally, "request_log", replies);
        n++;
    }
    //  The person's values by keyed digest only (sk_erase.h): followers'
    //  copies, such as vote's ideas, find them so, and the event, kept in
    //  the outbox and notify's log, holds nothing found again without the
    //  erase key
    sk_pack_t event;
    sk_pack_init (&event);
    sk_pack_map (&event, 4);
    sk_pack_kint (&event, "id", strtoll (person.id, NULL, 10));
    sk_pack_kstr (&event, "kind", sk_kind_name (person.kind));
    sk_pack_str (&event, "contacts");
    sk_pack_array (&event, (uint32_t)person.nvalues);
    for (int i = 0; i < person.nvalues; i++)
        sk_pack_str (&event, person.digests[i]);
    sk_pack_str (&event, "events");
    sk_pack_array (&event, events ? (uint32_t)PQntuples (events) : 0);
    for (int i = 0; events && i < PQntuples (events); i++)
        sk_pack_int (&event, strtoll (PQgetvalue (events, i, 0), NULL, 10));
    PQclear (events);
    if (rc == 0)
        rc = sk_call_event (call, "registry.person.erased", &event);
    if (rc == 0) {
        sk_pack_map (&call->reply, 3);
        sk_pack_kint (&call->reply, "id", strtoll (person.id, NULL, 10));
        sk_pack_kstr (&call->reply, "kind", sk_kind_name (person.kind));
        sk_pack_str (&call->reply, "erased");
        sk_pack_map (&call->reply, (uint32_t)n);
        sk_pack_raw (&call->reply, tally.buf.data, tally.buf.size);
    }
    sk_pack_release (&event);
    sk_pack_release (&tally);
    return rc;
}
