/*  vote_poll.c: workshop polls ("Tænk hvis..." idea evenings, the last day
    of a Madborgerskab course): approval or ranked, results at once.

    Approval: each option's count of approvals; the most approved wins.
    Ranked: Borda points (an option ranked k-th of n options on a ballot
    gets n - k; unranked options get nothing), with the first preferences
    shown beside them. Ties go to the earlier option. A poll may pick
    several winners (pick: the first that many of the standings) and
    limit how many take part (max_participants).
*/
#include <czmq.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "vote_svc.h"

#define S_MAX_OPTIONS 50

static const char *s_poll_names[] = {
    "id",          "title", "meeting", "kind", "options",
    "max_choices", "open",  "votes",   "pick", "max_participants"
};
#define S_POLL_FIELDS 10
#define S_POLL_COLUMNS                                                                             \
    "p.id, p.title, p.meeting, p.kind, p.options, p.max_choices, p.open, "                         \
    "(SELECT count(*) FROM poll_vote v WHERE v.poll_id = p.id), p.pick, p.max_participants"

//  Pack a poll row; options (a text[]) as an array of strings.
static void
s_pack_poll (sk_call_t *call, sk_pack_t *out, PGresult *r, int row, int extra)
{
    sk_pack_map (out, S_POLL_FIELDS + (uint32_t)extra);
    for (int c = 0; c < S_POLL_FIELDS; c++) {
        sk_pack_str (out, s_poll_names[c]);
        const char *v = PQgetvalue (r, row, c);
        if (PQgetisnull (r, row, c))
            sk_pack_nil (out);
        else if (c == 0 || c == 5 || c >= 7)
            sk_pack_int (out, strtoll (v, NULL, 10));
        else if (c == 6)
            sk_pack_bool (out, *v == 't');
        else if (c == 4) {
            //  The options come back one per row of a second query
            const char *params[] = { PQgetvalue (r, row, 0) };
            PGresult *o =
                sk_call_sql (call, "SELECT unnest(options) FROM poll WHERE id = $1", 1, params);
            int n = o ? PQntuples (o) : 0;
            sk_pack_array (out, (uint32_t)n);
            for (int i = 0; i < n; i++)
                sk_pack_str (out, PQgetvalue (o, i, 0));
            PQclear (o);
        } else
            sk_pack_str (out, v);
    }
}

//  The poll named by "poll", locked when lock; row in *r (caller clears).
static int
s_poll_load (sk_call_t *call, bool lock, PGresult **r, int64_t *id)
{
    if (sk_call_int (call, NULL, "poll", 1, INT64_MAX, true, id) < 0)
        return -1;
    const char *params[] = { sk_call_itoa (call, *id) };
    *r = sk_call_sql (call,
                      lock ? "SELECT " S_POLL_COLUMNS " FROM poll p WHERE id = $1 FOR UPDATE"
                           : "SELECT " S_POLL_COLUMNS " FROM poll p WHERE id = $1",
                      1, params);
    if (!*r)
        return -1;
    if (PQntuples (*r) != 1) {
        PQclear (*r);
        *r = NULL;
        return sk_call_fail (call, "not_found", "poll", "poll %lld does not exist", (long long)*id);
    }
    return 0;
}

int
vote_poll_create (sk_call_t *call)
{
    static const char *keys[] = { "title", "meeting",          "kind", "options", "max_choices",
                                  "pick",  "max_participants", NULL };
    const char *title, *meeting = NULL, *kind = "approval";
    const msgpack_object *options;
    int64_t max_choices = 0, pick = 1, max_participants = 0;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "title", 500, true, &title) < 0
        || sk_call_str (call, NULL, "meeting", 200, false, &meeting) < 0
        || sk_call_str (call, NULL, "kind", 16, false, &kind) < 0
        || sk_call_array (call, NULL, "options", S_MAX_OPTIONS, true, &options) < 0
        || sk_call_int (call, NULL, "max_choices", 1, S_MAX_OPTIONS, false, &max_choices) < 0
        || sk_call_int (call, NULL, "pick", 1, S_MAX_OPTIONS, false, &pick) < 0
        || sk_call_int (call, NULL, "max_participants", 1, 100000, false, &max_participants) < 0)
        return -1;
    if (!*title)
        return sk_call_fail (call, "invalid_argument", "title", "poll title is empty");
    if (!streq (kind, "approval") && !streq (kind, "ranked"))
        return sk_call_fail (call, "invalid_argument", "kind",
                             "poll kind must be \"approval\" or \"ranked\"");
    if (options->via.array.size < 2)
        return sk_call_fail (call, "invalid_argument", "options",
                             "a poll needs at least two options");
    if (pick >= (int64_t)options->via.array.size)
        return sk_call_fail (call, "invalid_argument", "pick",
                             "a poll of %u options picks at most %u of them as winners",
                             options->via.array.size, options->via.array.size - 1);
    //  The options as a text[] literal
    zchunk_t *list = zchunk_new ("{", 1);
    for (uint32_t i = 0; i < options->via.array.size; i++) {
        const msgpack_object *o = &options->via.array.ptr[i];
        if (o->type != MSGPACK_OBJECT_STR || o->via.str.size == 0 || o->via.str.size > 200
            || memchr (o->via.str.ptr, 0, o->via.str.size)) {
            zchunk_destroy (&list);
            return sk_call_fail (call, "invalid_argument", sk_call_printf (call, "options[%u]", i),
                                 "an option is a string of 1 to 200 bytes");
        }
        zchunk_extend (list, i ? ",\"" : "\"", i ? 2 : 1);
        for (uint32_t k = 0; k < o->via.str.size; k++) {
            char ch = o->via.str.ptr[k];
            if (ch == '"' || ch == '\\')
                zchunk_extend (list, "\\", 1);
            zchunk_extend (list, &ch, 1);
        }
        zchunk_extend (list, "\"", 1);
    }
    zchunk_extend (list, "}", 2);
    const char *params[] = { call->req->tenant,
                             title,
                             meeting,
                             kind,
                             sk_call_strdup (call, (char *)zchunk_data (list)),
                             max_choices ? sk_call_itoa (call, max_choices) : NULL,
                             sk_call_itoa (call, pick),
                             max_participants ? sk_call_itoa (call, max_participants) : NULL };
    zchunk_destroy (&list);
    PGresult *r =
        sk_call_sql (call,
                     "INSERT INTO poll (tenant, title, meeting, kind, options, max_choices, "
                     "pick, max_participants) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                     "RETURNING id",
                     8, params);
    if (!r)
        return -1;
    const char *id[] = { sk_call_strdup (call, PQgetvalue (r, 0, 0)) };
    PQclear (r);
    r = sk_call_sql (call, "SELECT " S_POLL_COLUMNS " FROM poll p WHERE id = $1", 1, id);
    if (!r)
        return -1;
    s_pack_poll (call, &call->reply, r, 0, 0);
    PQclear (r);
    return 0;
}

int
vote_poll_vote (sk_call_t *call)
{
    static const char *keys[] = { "poll", "choices", NULL };
    const msgpack_object *choices;
    PGresult *r = NULL;
    int64_t id;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_array (call, NULL, "choices", S_MAX_OPTIONS, true, &choices) < 0
        || s_poll_load (call, true, &r, &id))
        return -1;
    bool open = *PQgetvalue (r, 0, 6) == 't';
    int64_t votes = strtoll (PQgetvalue (r, 0, 7), NULL, 10);
    int64_t limit = PQgetisnull (r, 0, 9) ? 0 : strtoll (PQgetvalue (r, 0, 9), NULL, 10);
    int64_t max = PQgetisnull (r, 0, 5) ? S_MAX_OPTIONS : strtoll (PQgetvalue (r, 0, 5), NULL, 10);
    const char *params[] = { sk_call_itoa (call, id) };
    PGresult *n =
        sk_call_sql (call, "SELECT cardinality(options) FROM poll WHERE id = $1", 1, params);
    int64_t options = n ? strtoll (PQgetvalue (n, 0, 0), NULL, 10) : 0;
    PQclear (n);
    PQclear (r);
    if (!n)
        return -1;
    if (!open)
        return sk_call_fail (call, "conflict", "poll", "poll %lld is closed", (long long)id);
    if (limit && votes >= limit)
        return sk_call_fail (call, "conflict", "poll",
                             "poll %lld is for %lld participants, and all have voted",
                             (long long)id, (long long)limit);
    uint32_t count = choices->via.array.size;
    if (count == 0 || count > max)
        return sk_call_fail (call, "invalid_argument", "choices", "choose from 1 to %lld options",
                             (long long)max);
    char list[S_MAX_OPTIONS * 4 + 3];
    size_t len = 0;
    bool seen[S_MAX_OPTIONS + 1] = { false };
    list[len++] = '{';
    for (uint32_t i = 0; i < count; i++) {
        int64_t c;
        if (!sk_obj_int (&choices->via.array.ptr[i], &c) || c < 1 || c > options || seen[c])
            return sk_call_fail (call, "invalid_argument", sk_call_printf (call, "choices[%u]", i),
                                 "a choice is an option number from 1 to %lld, "
                                 "each at most once",
                                 (long long)options);
        seen[c] = true;
        len +=
            (size_t)snprintf (list + len, sizeof list - len, "%s%lld", i ? "," : "", (long long)c);
    }
    list[len++] = '}';
    list[len] = 0;
    const char *ip[] = { sk_call_itoa (call, id), call->req->tenant, list };
    r = sk_call_sql (call,
                     "INSERT INTO poll_vote (poll_id, tenant, choices) "
                     "VALUES ($1, $2, $3)",
                     3, ip);
    PQclear (r);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 1);
    sk_pack_kint (&call->reply, "poll", id);
    return 0;
}

//  The poll and its standings: options in order of score, then number.
static int
s_results (sk_call_t *call, int64_t id, PGresult *poll)
{
    bool ranked = streq (PQgetvalue (poll, 0, 3), "ranked");
    const char *params[] = { sk_call_itoa (call, id) };
    //  For ranked polls an option ranked k-th on a ballot gets n - k
    PGresult *r =
        sk_call_sql (call,
                     "SELECT o.n, o.option, count(c.pos), "
                     "coalesce(sum(cardinality(p.options) - c.pos), 0), "
                     "count(c.pos) FILTER (WHERE c.pos = 1) "
                     "FROM poll p CROSS JOIN unnest(p.options) WITH ORDINALITY AS o (option, n) "
                     "LEFT JOIN (SELECT v.poll_id, x.choice, x.pos FROM poll_vote v, "
                     "unnest(v.choices) WITH ORDINALITY AS x (choice, pos)) c "
                     "ON c.poll_id = p.id AND c.choice = o.n "
                     "WHERE p.id = $1 GROUP BY o.n, o.option "
                     "ORDER BY 4 DESC, 3 DESC, o.n",
                     1, params);
    if (!r)
        return -1;
    int n = PQntuples (r);
    //  Approval polls order by approvals
    int *order = sk_malloc (sizeof (int) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = 1; !ranked && i < n; i++)
        for (int k = i; k > 0; k--) {
            int64_t a = strtoll (PQgetvalue (r, order[k - 1], 2), NULL, 10);
            int64_t b = strtoll (PQgetvalue (r, order[k], 2), NULL, 10);
            int64_t na = strtoll (PQgetvalue (r, order[k - 1], 0), NULL, 10);
            int64_t nb = strtoll (PQgetvalue (r, order[k], 0), NULL, 10);
            if (b > a || (b == a && nb < na)) {
                int t = order[k];
                order[k] = order[k - 1];
                order[k - 1] = t;
            }
        }
    //  The winners are the first pick of the standings
    int pick = atoi (PQgetvalue (poll, 0, 8));
    if (pick > n)
        pick = n;
    s_pack_poll (call, &call->reply, poll, 0, 3);
    sk_pack_kstr (&call->reply, "winner", n ? PQgetvalue (r, order[0], 1) : NULL);
    sk_pack_str (&call->reply, "winners");
    sk_pack_array (&call->reply, (uint32_t)pick);
    for (int i = 0; i < pick; i++)
        sk_pack_str (&call->reply, PQgetvalue (r, order[i], 1));
    sk_pack_str (&call->reply, "standings");
    sk_pack_array (&call->reply, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        int row = order[i];
        sk_pack_map (&call->reply, ranked ? 5 : 3);
        sk_pack_kint (&call->reply, "number", strtoll (PQgetvalue (r, row, 0), NULL, 10));
        sk_pack_kstr (&call->reply, "option", PQgetvalue (r, row, 1));
        if (ranked) {
            sk_pack_kint (&call->reply, "ranked_by", strtoll (PQgetvalue (r, row, 2), NULL, 10));
            sk_pack_kint (&call->reply, "borda", strtoll (PQgetvalue (r, row, 3), NULL, 10));
            sk_pack_kint (&call->reply, "first", strtoll (PQgetvalue (r, row, 4), NULL, 10));
        } else
            sk_pack_kint (&call->reply, "approvals", strtoll (PQgetvalue (r, row, 2), NULL, 10));
    }
    free (order);
    PQclear (r);
    return 0;
}

int
vote_poll_results (sk_call_t *call)
{
    static const char *keys[] = { "poll", NULL };
    PGresult *poll = NULL;
    int64_t id;
    if (sk_call_known_keys (call, NULL, keys) || s_poll_load (call, false, &poll, &id))
        return -1;
    int rc = s_results (call, id, poll);
    PQclear (poll);
    return rc;
}

int
vote_poll_close (sk_call_t *call)
{
    static const char *keys[] = { "poll", NULL };
    PGresult *poll = NULL;
    int64_t id;
    if (sk_call_known_keys (call, NULL, keys) || s_poll_load (call, true, &poll, &id))
        return -1;
    PQclear (poll);
    const char *params[] = { sk_call_itoa (call, id) };
    PGresult *r = sk_call_sql (call, "UPDATE poll SET open = false WHERE id = $1", 1, params);
    PQclear (r);
    if (!r || s_poll_load (call, false, &poll, &id))
        return -1;
    int rc = s_results (call, id, poll);
    PQclear (poll);
    if (rc == 0) {
        //  The event is the reply
        rc = sk_call_event (call, "vote.poll.closed", &call->reply);
    }
    return rc;
}

int
vote_poll_list (sk_call_t *call)
{
    static const char *keys[] = { NULL };
    if (sk_call_known_keys (call, NULL, keys))
        return -1;
    PGresult *r = sk_call_sql (
        call, "SELECT " S_POLL_COLUMNS " FROM poll p ORDER BY id DESC LIMIT 500", 0, NULL);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 1);
    sk_pack_str (&call->reply, "items");
    sk_pack_array (&call->reply, (uint32_t)PQntuples (r));
    for (int i = 0; i < PQntuples (r); i++)
        s_pack_poll (call, &call->reply, r, i, 0);
    PQclear (r);
    return 0;
}
