/*  vote_idea.c: ideas from citizens and associations, what staff do with
    them (merge, realise without money, reject with a reason, turn into a
    project), and the development meetings. */
#include <czmq.h>

#include "sk_log.h"
#include "vote_svc.h"

static const char *s_idea_phases[] = { "ideas", "development", NULL };

//  The columns in three nested sets: events carry the first (never the
//  idea's words, which may hold personal data until staff have edited
//  them out), other roles the second, the staff who run the process all
// clang-format off
#define S_IDEA_EVENT_COLS                                                                          \
    { "id", SK_COL_INT },                                                                          \
    { "process", SK_COL_INT },                                                                     \
    { "proposer", SK_COL_TEXT },                                                                   \
    { "association", SK_COL_INT },                                                                 \
    { "status", SK_COL_TEXT },                                                                     \
    { "merged_into", SK_COL_INT },                                                                 \
    { "project", SK_COL_INT },                                                                     \
    { "version", SK_COL_INT },                                                                     \
    { "visibility", SK_COL_TEXT }
#define S_IDEA_PUBLIC_COLS                                                                         \
    S_IDEA_EVENT_COLS,                                                                             \
    { "title", SK_COL_TEXT },                                                                      \
    { "text", SK_COL_TEXT },                                                                       \
    { "reason", SK_COL_TEXT }
// clang-format on
static const sk_col_t s_idea_cols[] = {
    S_IDEA_PUBLIC_COLS,
    { "contact_name", SK_COL_TEXT },
    { "contact_email", SK_COL_TEXT },
    { "contact_phone", SK_COL_TEXT },
    { NULL, SK_COL_TEXT },
};
static const sk_col_t s_idea_public_cols[] = { S_IDEA_PUBLIC_COLS, { NULL, SK_COL_TEXT } };
static const sk_col_t s_idea_event_cols[] = { S_IDEA_EVENT_COLS, { NULL, SK_COL_TEXT } };
#define S_IDEA_COLUMNS                                                                             \
    "id, process_id, proposer, association, status, merged_into, project_id, version, "            \
    "visibility, title, text, reason, contact_name, contact_email, contact_phone"

//  True if the caller runs processes (staff, admin): they see every idea,
//  with its contacts.
static bool
s_staff (sk_call_t *call)
{
    return call->caller->role == SK_ROLE_STAFF || call->caller->role == SK_ROLE_ADMIN;
}

//  Contacts are for the staff who run the process: other roles see the
//  idea without them.
static const sk_col_t *
s_idea_columns (sk_call_t *call)
{
    return s_staff (call) ? s_idea_cols : s_idea_public_cols;
}

static int
s_idea_reply (sk_call_t *call, const char *id, const char *topic)
{
    const char *params[] = { id };
    PGresult *r =
        sk_call_sql (call, "SELECT " S_IDEA_COLUMNS " FROM idea WHERE id = $1", 1, params);
    if (!r)
        return -1;
    sk_pack_row (&call->reply, r, 0, s_idea_columns (call));
    int rc = 0;
    if (topic) {
        //  Events never carry contact details, nor the idea's words
        sk_pack_t body;
        sk_pack_init (&body);
        sk_pack_row (&body, r, 0, s_idea_event_cols);
        rc = sk_call_event (call, topic, &body);
        sk_pack_release (&body);
    }
    PQclear (r);
    return rc;
}

int
vote_idea_create (sk_call_t *call)
{
    static const char *keys[] = { "process",       "title",         "text",
                                  "proposer",      "association",   "contact_name",
                                  "contact_email", "contact_phone", NULL };
    vote_process_t p;
    const char *title, *text = NULL, *proposer = "citizen", *name = NULL, *email = NULL,
                       *phone = NULL;
    int64_t association = 0;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "title", 500, true, &title) < 0
        || sk_call_str (call, NULL, "text", 20000, false, &text) < 0
        || sk_call_str (call, NULL, "proposer", 16, false, &proposer) < 0
        || sk_call_int (call, NULL, "association", 1, INT64_MAX, false, &association) < 0
        || sk_call_str (call, NULL, "contact_name", 200, false, &name) < 0
        || sk_call_str (call, NULL, "contact_email", 200, false, &email) < 0
        || sk_call_str (call, NULL, "contact_phone", 40, false, &phone) < 0
        || vote_process_load (call, "process", VOTE_LOCK_SHARE, &p)
        || vote_process_require (call, &p, "propose an idea", s_idea_phases))
        return -1;
    if (!*title)
        return sk_call_fail (call, "invalid_argument", "title", "idea title is empty");
    if (!streq (proposer, "citizen") && !streq (proposer, "association"))
        return sk_call_fail (call, "invalid_argument", "proposer",
                             "proposer must be \"citizen\" or \"association\"");
    if (call->caller->role == SK_ROLE_SERVICE && !streq (proposer, "citizen"))
        return sk_call_fail (call, "forbidden", "proposer",
                             "a front end proposes citizens' ideas only");
    if (streq (proposer, "association") != (association > 0))
        return sk_call_fail (call, "invalid_argument", "association",
                             "an association's idea names the association, "
                             "and only then");
    if (association > 0 && vote_registry_association (call, association))
        return -1;
    const char *params[] = { sk_call_itoa (call, p.id),
                             call->req->tenant,
                             title,
                             text,
                             proposer,
                             association ? sk_call_itoa (call, association) : NULL,
                             name,
                             email,
                             phone,
                             s_staff (call) ? "shown" : "review" };
    //  Staff have read what they record themselves; a front end's idea
    //  waits for their review before anyone else sees it
    PGresult *r =
        sk_call_sql (call,
                     "INSERT INTO idea (process_id, tenant, title, text, proposer, association, "
                     "contact_name, contact_email, contact_phone, visibility) VALUES ($1, $2, "
                     "$3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                     10, params);
    if (!r)
        return -1;
    const char *id = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    PQclear (r);
    return s_idea_reply (call, id, "vote.idea.created");
}

int
vote_idea_list (sk_call_t *call)
{
    static const char *keys[] = { "process", "status", NULL };
    vote_process_t p;
    const char *status = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "status", 16, false, &status) < 0
        || vote_process_load (call, "process", VOTE_LOCK_NONE, &p))
        return -1;
    //  Other roles see the ideas staff have shown, and not the rejected
    const char *params[] = { sk_call_itoa (call, p.id), status, s_staff (call) ? "t" : "f" };
    PGresult *r = sk_call_sql (call,
                               "SELECT " S_IDEA_COLUMNS " FROM idea WHERE process_id = $1 "
                               "AND ($2::text IS NULL OR status = $2) AND ($3::boolean OR "
                               "(visibility = 'shown' AND status <> 'rejected')) ORDER BY id",
                               3, params);
    return sk_call_reply_items (call, r, s_idea_columns (call));
}

//  Load an open idea named by key and lock it, with its process; fills
//  id (text) and the process. 0 or -1.
static int
s_open_idea (sk_call_t *call, const char *key, const char **id, vote_process_t *p)
{
    int64_t n;
    if (sk_call_int (call, NULL, key, 1, INT64_MAX, true, &n) < 0)
        return -1;
    *id = sk_call_itoa (call, n);
    const char *params[] = { *id };
    PGresult *r = sk_call_sql (call, "SELECT process_id, status FROM idea WHERE id = $1 FOR UPDATE",
                               1, params);
    if (!r)
        return -1;
    if (PQntuples (r) != 1) {
        PQclear (r);
        return sk_call_fail (call, "not_found", key, "idea %lld does not exist", (long long)n);
    }
    char status[16];
    snprintf (status, sizeof status, "%s", PQgetvalue (r, 0, 1));
    int64_t process = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    PQclear (r);
    if (!streq (status, "open"))
        return sk_call_fail (call, "conflict", key, "idea %lld is already %s", (long long)n,
                             status);
    //  The process, locked, in a phase where ideas are handled
    const char *pp[] = { sk_call_itoa (call, process) };
    r = sk_call_sql (call, "SELECT phase, ballot, rule FROM process WHERE id = $1 FOR UPDATE", 1,
                     pp);
    if (!r)
        return -1;
    memset (p, 0, sizeof *p);
    p->id = process;
    snprintf (p->phase, sizeof p->phase, "%s", PQgetvalue (r, 0, 0));
    snprintf (p->ballot, sizeof p->ballot, "%s", PQgetvalue (r, 0, 1));
    snprintf (p->rule, sizeof p->rule, "%s", PQgetvalue (r, 0, 2));
    PQclear (r);
    return vote_process_require (call, p, "handle ideas", s_idea_phases);
}

int
vote_idea_merge (sk_call_t *call)
{
    static const char *keys[] = { "idea", "into", NULL };
    vote_process_t p, q;
    const char *id, *into;
    if (sk_call_known_keys (call, NULL, keys) || s_open_idea (call, "idea", &id, &p)
        || s_open_idea (call, "into", &into, &q))
        return -1;
    if (streq (id, into) || p.id != q.id)
        return sk_call_fail (call, "invalid_argument", "into",
                             "an idea merges into another open idea of the same "
                             "citizen budget");
    const char *params[] = { id, into };
    PGresult *r = sk_call_sql (call,
                               "UPDATE idea SET status = 'merged', merged_into = $2, "
                               "version = version + 1 WHERE id = $1",
                               2, params);
    PQclear (r);
    return r ? s_idea_reply (call, id, "vote.idea.merged") : -1;
}

//  Realise (note optional) or reject (reason required).
static int
s_settle (sk_call_t *call, const char *status, const char *key, bool required, const char *topic)
{
    const char *keys[] = { "idea", key, NULL };
    vote_process_t p;
    const char *id, *reason = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, key, 2000, required, &reason) < 0
        || s_open_idea (call, "idea", &id, &p))
        return -1;
    if (required && !*reason)
        return sk_call_fail (call, "invalid_argument", key, "a rejection needs a reason");
    const char *params[] = { id, status, reason };
    PGresult *r = sk_call_sql (call,
                               "UPDATE idea SET status = $2, reason = $3, version = version + 1 "
                               "WHERE id = $1",
                               3, params);
    PQclear (r);
    return r ? s_idea_reply (call, id, topic) : -1;
}

int
vote_idea_realise (sk_call_t *call)
{
    return s_settle (call, "realised", "note", false, "vote.idea.realised");
}

int
vote_idea_reject (sk_call_t *call)
{
    return s_settle (call, "rejected", "reason", true, "vote.idea.rejected");
}

int
vote_idea_project (sk_call_t *call)
{
    static const char *keys[] = { "idea", "cost", "pool", "title", "code", NULL };
    vote_process_t p;
    const char *id, *pool = NULL, *title = NULL, *code = NULL;
    int64_t cost, project;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_int (call, NULL, "cost", 0, INT64_MAX / 4, true, &cost) < 0
        || sk_call_str (call, NULL, "pool", 200, false, &pool) < 0
        || sk_call_str (call, NULL, "title", 500, false, &title) < 0
        || sk_call_str (call, NULL, "code", 64, false, &code) < 0
        || s_open_idea (call, "idea", &id, &p))
        return -1;
    const char *params[] = { id };
    PGresult *r = sk_call_sql (call, "SELECT title, text FROM idea WHERE id = $1", 1, params);
    if (!r)
        return -1;
    if (!title)
        title = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    const char *text = PQgetisnull (r, 0, 1) ? NULL : sk_call_strdup (call, PQgetvalue (r, 0, 1));
    PQclear (r);
    //  vote_project_add packs the project as the reply
    if (vote_project_add (call, &p, pool, code, title, text, cost, &project))
        return -1;
    const char *up[] = { id, sk_call_itoa (call, project) };
    r = sk_call_sql (call,
                     "UPDATE idea SET status = 'project', project_id = $2, "
                     "version = version + 1 WHERE id = $1",
                     2, up);
    PQclear (r);
    return r ? 0 : -1;
}

//  Delete the stored replies (request_log) of idea ops that hold a
//  contact of the ideas matched by cond ($1) before it is forgotten:
//  staff's replies carry the contacts; with words, also those that hold
//  the idea's title, text or reason (every role's reply carries them). Found by
//  the value's bytes in the reply (msgpack keeps a string's UTF-8 as it
//  is); a retry of such a request is then served again rather than
//  answered from the log.
static int
s_scrub_replies (sk_call_t *call, const char *cond, const char *param, bool words)
{
    const char *params[] = { param };
    return sk_call_exec (
        call,
        sk_call_printf (call,
                        "DELETE FROM request_log l USING idea i WHERE %s "
                        "AND l.op LIKE 'vote.idea.%%' AND EXISTS (SELECT 1 FROM unnest "
                        "(ARRAY[i.contact_name, i.contact_email, i.contact_phone%s]) c "
                        "WHERE c <> '' AND position(convert_to(c, 'UTF8') IN l.reply) > 0)",
                        cond, words ? ", i.title, i.text, i.reason" : ""),
        1, params);
}

//  Load idea key (any status), locked; its id as text in *id. 0 or -1.
static int
s_any_idea (sk_call_t *call, const char *key, const char **id)
{
    int64_t n;
    if (sk_call_int (call, NULL, key, 1, INT64_MAX, true, &n) < 0)
        return -1;
    *id = sk_call_itoa (call, n);
    const char *params[] = { *id };
    PGresult *r = sk_call_sql (call, "SELECT id FROM idea WHERE id = $1 FOR UPDATE", 1, params);
    if (!r)
        return -1;
    int rows = PQntuples (r);
    PQclear (r);
    if (rows != 1)
        return sk_call_fail (call, "not_found", key, "idea %lld does not exist", (long long)n);
    return 0;
}

//  Run sql, an UPDATE of idea id ($1) that leaves a forgotten idea (title
//  "") alone, and reply with the idea and the event topic; conflict if
//  the idea was forgotten. 0 or -1.
static int
s_update_kept (sk_call_t *call, const char *id, const char *sql, int nparams,
               const char *const *params, const char *topic)
{
    PGresult *r = sk_call_sql (call, sql, nparams, params);
    if (!r)
        return -1;
    bool forgotten = streq (PQcmdTuples (r), "0");
    PQclear (r);
    if (forgotten)
        return sk_call_fail (call, "conflict", "idea", "idea %s has been forgotten", id);
    return s_idea_reply (call, id, topic);
}

//  Show an idea to everyone, or hide it from all but staff.
static int
s_visibility (sk_call_t *call, const char *visibility, const char *topic)
{
    static const char *keys[] = { "idea", NULL };
    const char *id;
    if (sk_call_known_keys (call, NULL, keys) || s_any_idea (call, "idea", &id))
        return -1;
    const char *params[] = { id, visibility };
    return s_update_kept (call, id,
                          "UPDATE idea SET visibility = $2, version = version + 1 "
                          "WHERE id = $1 AND title <> ''",
                          2, params, topic);
}

int
vote_idea_show (sk_call_t *call)
{
    return s_visibility (call, "shown", "vote.idea.shown");
}

int
vote_idea_hide (sk_call_t *call)
{
    return s_visibility (call, "hidden", "vote.idea.hidden");
}

int
vote_idea_update (sk_call_t *call)
{
    static const char *keys[] = { "idea", "title", "text", NULL };
    const char *id, *title = NULL, *text = NULL;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "title", 500, false, &title) < 0
        || sk_call_str (call, NULL, "text", 20000, false, &text) < 0
        || s_any_idea (call, "idea", &id))
        return -1;
    if (title && !*title)
        return sk_call_fail (call, "invalid_argument", "title", "idea title is empty");
    if (!title && !text)
        return sk_call_fail (call, "invalid_argument", NULL, "give a new title or text");
    //  The old words may be what staff take out: no stored reply keeps them
    if (s_scrub_replies (call, "i.id = $1", id, true))
        return -1;
    const char *params[] = { id, title, text };
    return s_update_kept (call, id,
                          "UPDATE idea SET title = coalesce($2, title), text = CASE WHEN $3::text "
                          "IS NULL THEN text ELSE nullif($3, '') END, version = version + 1 "
                          "WHERE id = $1 AND title <> ''",
                          3, params, "vote.idea.updated");
}

int
vote_idea_forget (sk_call_t *call)
{
    static const char *keys[] = { "idea", NULL };
    const char *id;
    if (sk_call_known_keys (call, NULL, keys) || s_any_idea (call, "idea", &id)
        || s_scrub_replies (call, "i.id = $1", id, true))
        return -1;
    //  Its words and contacts go; what staff did with it stays
    const char *params[] = { id };
    if (sk_call_exec (call,
                      "UPDATE idea SET title = '', text = NULL, reason = CASE WHEN status = "
                      "'rejected' THEN '' END, "
                      "contact_name = NULL, contact_email = NULL, contact_phone = NULL, "
                      "visibility = 'hidden', version = version + 1 WHERE id = $1",
                      1, params))
        return -1;
    return s_idea_reply (call, id, NULL);
}

int
vote_idea_forget_contacts (sk_call_t *call, int64_t process)
{
    const char *params[] = { sk_call_itoa (call, process) };
    if (s_scrub_replies (call, "i.process_id = $1", params[0], false))
        return -1;
    PGresult *r =
        sk_call_sql (call,
                     "UPDATE idea SET contact_name = NULL, contact_email = NULL, "
                     "contact_phone = NULL WHERE process_id = $1 AND (contact_name IS NOT NULL "
                     "OR contact_email IS NOT NULL OR contact_phone IS NOT NULL)",
                     1, params);
    PQclear (r);
    return r ? 0 : -1;
}

//  --------------------------------------------------------------------------
//  Development meetings

static const sk_col_t s_meeting_cols[] = {
    { "id", SK_COL_INT },     { "process", SK_COL_INT },    { "held_on", SK_COL_TEXT },
    { "title", SK_COL_TEXT }, { "attendance", SK_COL_INT }, { "notes", SK_COL_TEXT },
    { NULL, SK_COL_TEXT },
};

int
vote_meeting_create (sk_call_t *call)
{
    static const char *keys[] = { "process", "held_on", "title", "attendance", "notes", NULL };
    static const char *phases[] = { "ideas", "development", "voting", NULL };
    vote_process_t p;
    const char *held_on, *title, *notes = NULL;
    int64_t attendance;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_date_past (call, NULL, "held_on", true, "a meeting", &held_on) < 0
        || sk_call_str (call, NULL, "title", 200, true, &title) < 0
        || sk_call_int (call, NULL, "attendance", 0, 1000000, true, &attendance) < 0
        || sk_call_str (call, NULL, "notes", 20000, false, &notes) < 0
        || vote_process_load (call, "process", VOTE_LOCK_SHARE, &p)
        || vote_process_require (call, &p, "record a meeting", phases))
        return -1;
    if (!*title)
        return sk_call_fail (call, "invalid_argument", "title", "meeting title is empty");
    const char *params[] = { sk_call_itoa (call, p.id),
                             call->req->tenant,
                             held_on,
                             title,
                             sk_call_itoa (call, attendance),
                             notes };
    PGresult *r =
        sk_call_sql (call,
                     "INSERT INTO meeting (process_id, tenant, held_on, title, attendance, notes) "
                     "VALUES ($1, $2, $3, $4, $5, $6) "
                     "RETURNING id, process_id, held_on, title, attendance, notes",
                     6, params);
    if (!r && streq (call->err.code, "invalid_argument"))
        return sk_call_fail (call, "invalid_argument", "held_on",
                             "held_on must be a date, YYYY-MM-DD");
    if (!r)
        return -1;
    sk_pack_row (&call->reply, r, 0, s_meeting_cols);
    PQclear (r);
    return 0;
}

int
vote_meeting_list (sk_call_t *call)
{
    return vote_process_items (
        call,
        "SELECT id, process_id, held_on, title, attendance, notes FROM meeting "
        "WHERE process_id = $1 ORDER BY held_on, id",
        s_meeting_cols);
}
