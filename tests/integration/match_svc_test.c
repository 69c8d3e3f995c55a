/*  match_svc_test: the match service against the running stack: the
    registry copy (kept while the registry is down, caught up after),
    scores and explanations checked against the data and the documented
    formula, optimal runs checked by brute force, declines never proposed
    again, expiry, agreements with meeting schedules across year ends and
    29 February, due and overdue events once each, speed dating, and the
    tenant wall on every op.
*/
#include <libpq-fe.h>
#include <signal.h>
#include <stdarg.h>
#include <time.h>

#include "itest.h"

static sk_client_t *staff, *other, *auditor, *admin, *reg_staff, *reg_admin;
static char tag[16]; //  makes this run's term codes unique
//  The municipality the helpers below act in. A run is over a whole
//  municipality, so the run test has one of its own (see there).
static const char *s_tenant = "0730";

static void
s_sleep_ms (int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep (&ts, NULL);
}

//  A valid CVR number from a seed (modulus 11), into buf.
static void
s_cvr (int seed, char *buf)
{
    static const int weights[8] = { 2, 7, 6, 5, 4, 3, 2, 1 };
    for (int base = seed;; base++) {
        snprintf (buf, 9, "%07d", 1000000 + base % 9000000);
        int sum = 0;
        for (int i = 0; i < 7; i++)
            sum += (buf[i] - '0') * weights[i];
        int check = (11 - sum % 11) % 11;
        if (check < 10) {
            buf[7] = (char)('0' + check);
            buf[8] = 0;
            return;
        }
    }
}

//  Pack a declaration list "t1:3,t2" (codes get the run's tag when they
//  start with "mt").
static void
s_terms (sk_pack_t *b, const char *list)
{
    char copy[256];
    snprintf (copy, sizeof copy, "%s", list);
    int n = 1;
    for (const char *s = copy; *s; s++)
        n += *s == ',';
    sk_pack_array (b, (uint32_t)n);
    char *save = NULL;
    for (char *t = strtok_r (copy, ",", &save); t; t = strtok_r (NULL, ",", &save)) {
        char *colon = strchr (t, ':');
        int level = 2;
        if (colon) {
            level = atoi (colon + 1);
            *colon = 0;
        }
        char code[64];
        snprintf (code, sizeof code, "%s%s", t, strncmp (t, "mt", 2) ? "" : tag);
        sk_pack_map (b, 2);
        sk_pack_kstr (b, "term", code);
        sk_pack_kint (b, "level", level);
    }
}

//  Create a party in 0730: kind, name, declarations (NULL for none), and
//  one integer field (NULL for none). Returns its id or -1.
static int64_t
s_party (const char *kind, const char *name, const char *has, const char *needs, const char *serves,
         const char *speaks, const char *int_field, int64_t value)
{
    static int cvr_seed = 1;
    sk_pack_t b;
    sk_pack_init (&b);
    bool company = streq (kind, "company"), volunteer = streq (kind, "volunteer"),
         institution = streq (kind, "institution");
    sk_pack_map (&b, 1 + (has != NULL) + (needs != NULL) + (serves != NULL) + (speaks != NULL)
                         + (int_field != NULL) + company + volunteer + institution);
    sk_pack_kstr (&b, "name", name);
    const char *lists[4] = { has, needs, serves, speaks };
    const char *names[4] = { "has", "needs", "serves", "speaks" };
    for (int i = 0; i < 4; i++)
        if (lists[i]) {
            sk_pack_str (&b, names[i]);
            s_terms (&b, lists[i]);
        }
    if (int_field)
        sk_pack_kint (&b, int_field, value);
    if (company) {
        char cvr[9];
        s_cvr (getpid () * 7 + cvr_seed++ * 1009, cvr);
        sk_pack_kstr (&b, "cvr", cvr);
    }
    if (volunteer)
        sk_pack_kbool (&b, "consent", true);
    if (institution)
        sk_pack_kstr (&b, "institution_type", "school");
    char op[80];
    snprintf (op, sizeof op, "registry.%s.create", kind);
    sk_frame_t r;
    const char *code = itest_call (reg_staff, op, s_tenant, &b, NULL, &r);
    int64_t id = streq (code, "ok") ? itest_int (itest_body (&r), "id") : -1;
    if (id < 0)
        printf ("#   create %s %s: %s %s\n", kind, name, code, itest_message (&r));
    sk_frame_release (&r);
    sk_pack_release (&b);
    return id;
}

static bool
s_term (const char *code)
{
    char full[64];
    snprintf (full, sizeof full, "%s%s", code, tag);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 4);
    sk_pack_kstr (&b, "taxonomy", "competence");
    sk_pack_kstr (&b, "code", full);
    sk_pack_kstr (&b, "label_da", full);
    sk_pack_kstr (&b, "label_en", full);
    sk_frame_t r;
    bool ok = streq (itest_call (reg_admin, "registry.term.create", s_tenant, &b, NULL, &r), "ok");
    sk_frame_release (&r);
    sk_pack_release (&b);
    return ok;
}

//  The registry's last event seq, or -1 when it does not answer.
static int64_t
s_registry_last (void)
{
    return itest_last_seq (reg_admin, "registry.event.list");
}

static int64_t
s_feed_cursor (void)
{
    sk_frame_t r;
    int64_t cursor = -1;
    if (streq (itest_call (staff, "match.feed.status", s_tenant, NULL, NULL, &r), "ok"))
        cursor = itest_int (itest_body (&r), "cursor");
    sk_frame_release (&r);
    return cursor;
}

//  Wait until the copy has every registry event; true if it caught up.
static bool
s_caught_up (void)
{
    int64_t last = s_registry_last ();
    for (int i = 0; i < 200 && last >= 0; i++) {
        if (s_feed_cursor () >= last)
            return true;
        s_sleep_ms (50);
    }
    printf ("#   feed cursor %lld, registry last %lld\n", (long long)s_feed_cursor (),
            (long long)last);
    return false;
}

//  Call with a body of integer pairs: s_ints (c, op, n, "k1", v1, ...).
static const char *
s_call_ints (sk_client_t *c, const char *op, sk_frame_t *r, int n, ...)
{
    va_list args;
    va_start (args, n);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        const char *key = va_arg (args, const char *);
        sk_pack_kint (&b, key, va_arg (args, int64_t));
    }
    va_end (args);
    const char *code = itest_call (c, op, s_tenant, &b, NULL, r);
    sk_pack_release (&b);
    return code;
}

//  The suggestion for other in a suggest reply, or NULL.
static const msgpack_object *
s_item (const msgpack_object *items, int64_t id)
{
    for (uint32_t i = 0; items && i < items->via.array.size; i++)
        if (itest_int (&items->via.array.ptr[i], "id") == id)
            return &items->via.array.ptr[i];
    return NULL;
}

//  True if the copy of party declares term under relation. Asks as the
//  admin: a client's next call ends the life of its last reply.
static bool
s_declares (int64_t party, const char *relation, const char *term)
{
    sk_frame_t r;
    bool found = false;
    if (streq (s_call_ints (admin, "match.party.get", &r, 1, "id", (int64_t)party), "ok")) {
        const msgpack_object *list = sk_obj_get (itest_body (&r), relation);
        for (uint32_t i = 0; list && i < list->via.array.size; i++)
            found |= sk_obj_str_eq (sk_obj_get (&list->via.array.ptr[i], "term"), term);
    }
    sk_frame_release (&r);
    return found;
}

//  This run's terms mt1- to mt4-, made by the first case that needs them.
static bool
s_terms_made (void)
{
    static bool made;
    if (!made)
        made = s_term ("mt1-") && s_term ("mt2-") && s_term ("mt3-") && s_term ("mt4-");
    return made;
}

static int64_t pa, pb, pc; //  the explained pair and a second holder

//  The explained pair and the second holder, made by the first case that
//  needs them.
static void
s_pair (void)
{
    if (pa)
        return;
    CHECK (s_terms_made ());
    pa = s_party ("association", "Ældresagen Randers", "mt1-:3", "mt2-", "children", "da", NULL, 0);
    pb = s_party ("association", "International Kvindeforening", "mt2-", "mt1-", "children",
                  "da,ar", NULL, 0);
    pc = s_party ("association", "Kvarterhuset Oasen", "mt2-", NULL, NULL, NULL, NULL, 0);
}

static void
test_feed_and_explanations (void)
{
    SK_CASE_BEGIN ();
    s_pair ();
    CHECK_INT_GT (pa, 0);
    CHECK_INT_GT (pb, 0);
    CHECK_INT_GT (pc, 0);
    CHECK (s_caught_up ());
    char t1[64], t2[64];
    snprintf (t1, sizeof t1, "mt1-%s", tag);
    snprintf (t2, sizeof t2, "mt2-%s", tag);
    CHECK (s_declares (pa, "has", t1));
    CHECK (s_declares (pb, "needs", t1));

    sk_frame_t r;
    CHECK_STR_EQ (s_call_ints (staff, "match.party.suggest", &r, 1, "id", pa), "ok");
    const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
    const msgpack_object *it = s_item (items, pb);
    CHECK_NOT_NULL (it);
    //  The formula by hand: mt1 held by 1 party: w = 100 + 900/1 = 1000,
    //  levels 3 x 2 / 4 -> 1500 from A to B; mt2 held by 2: w = 550,
    //  2 x 2 / 4 -> 550 from B to A; two-way min/2 = 275; children 150;
    //  da 50
    CHECK_INT_EQ (itest_int (it, "score"), 1500 + 550 + 275 + 150 + 50);
    const msgpack_object *ex = it ? sk_obj_get (it, "explanation") : NULL;
    CHECK_INT_EQ (itest_size (ex), 5);
    int64_t sum = 0;
    int seen = 0;
    for (uint32_t i = 0; ex && i < ex->via.array.size; i++) {
        const msgpack_object *c = &ex->via.array.ptr[i];
        char reason[32], term[64];
        itest_str (c, "reason", reason, sizeof reason);
        itest_str (c, "term", term, sizeof term);
        int64_t points = itest_int (c, "points");
        sum += points;
        if (streq (reason, "competence")) {
            //  Every competence contribution is true of the data
            CHECK (s_declares (itest_int (c, "from"), "has", term));
            CHECK (s_declares (itest_int (c, "to"), "needs", term));
            CHECK_INT_EQ (points, itest_int (c, "weight") * itest_int (c, "has_level")
                                      * itest_int (c, "needs_level") / 4);
            CHECK_INT_EQ (itest_int (c, "weight"), 100 + 900 / itest_int (c, "holders"));
            if (streq (term, t1)) {
                CHECK_INT_EQ (itest_int (c, "from"), pa);
                CHECK_INT_EQ (itest_int (c, "holders"), 1);
                CHECK_INT_EQ (points, 1500);
                seen |= 1;
            }
            if (streq (term, t2)) {
                CHECK_INT_EQ (itest_int (c, "from"), pb);
                CHECK_INT_EQ (itest_int (c, "holders"), 2);
                CHECK_INT_EQ (points, 550);
                seen |= 2;
            }
        } else if (streq (reason, "two_way")) {
            CHECK_INT_EQ (points, 275);
            seen |= 4;
        } else if (streq (reason, "target_group")) {
            CHECK_STR_EQ (term, "children");
            seen |= 8;
        } else if (streq (reason, "language")) {
            CHECK_STR_EQ (term, "da");
            seen |= 16;
        }
    }
    CHECK_INT_EQ (seen, 31);
    CHECK_INT_EQ (sum, itest_int (it, "score"));
    //  C has what A needs (550) and nothing else in common
    it = s_item (items, pc);
    CHECK_INT_EQ (itest_int (it, "score"), 550);
    sk_frame_release (&r);
    //  An unknown party and a party of another municipality
    CHECK_STR_EQ (s_call_ints (staff, "match.party.suggest", &r, 1, "id", (int64_t)999999999),
                  "not_found");
    sk_frame_release (&r);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kint (&b, "id", pa);
    CHECK_STR_EQ (itest_call (other, "match.party.suggest", "0461", &b, NULL, &r), "not_found");
    sk_frame_release (&r);
    sk_pack_release (&b);
    SK_CASE_END ("match copy fed by registry events; explanations match the data and the formula");
}

//  The pid of a stack service
static void
test_registry_down (void)
{
    SK_CASE_BEGIN ();
    s_pair ();
    pid_t pid = itest_pid ("registry");
    CHECK_INT_GT (pid, 0);
    if (pid > 0)
        kill (pid, SIGTERM);
    for (int i = 0; i < 100 && pid > 0 && kill (pid, 0) == 0; i++)
        s_sleep_ms (50);
    CHECK_INT_LT (s_registry_last (), 0);
    //  The copy keeps answering
    sk_frame_t r;
    CHECK_STR_EQ (s_call_ints (staff, "match.party.suggest", &r, 1, "id", pa), "ok");
    CHECK_NOT_NULL (s_item (sk_obj_get (itest_body (&r), "items"), pb));
    sk_frame_release (&r);
    int64_t cursor = s_feed_cursor ();
    CHECK_INT_GT (cursor, 0);
    //  Back up: it starts from its own cursor, and the copy catches up
    char cmd[1024];
    const char *var = getenv ("SAMSKAB_VAR"), *top = getenv ("SAMSKAB_TOP");
    snprintf (cmd, sizeof cmd,
              "cd %s && (SAMSKAB_SERVICE=registry SAMSKAB_CONFIG=%s/samskab.cfg "
              "%s/samskab-registry >>%s/registry.log 2>&1 & echo $! >%s/registry.pid)",
              top ? top : ".", var, itest_bin (), var, var);
    CHECK_INT_EQ (system (cmd), 0);
    int64_t last = -1;
    for (int i = 0; i < 100 && last < 0; i++) {
        last = s_registry_last ();
        if (last < 0)
            s_sleep_ms (100);
    }
    CHECK_INT_GE (last, cursor);
    int64_t late = s_party ("association", "B73 Slagelse", NULL, "mt1-", "youth", NULL, NULL, 0);
    CHECK_INT_GT (late, 0);
    CHECK (s_caught_up ());
    CHECK_STR_EQ (s_call_ints (staff, "match.party.suggest", &r, 1, "id", pa), "ok");
    CHECK_NOT_NULL (s_item (sk_obj_get (itest_body (&r), "items"), late));
    sk_frame_release (&r);
    //  Archived in the registry: gone from suggestions
    CHECK_STR_EQ (s_call_ints (reg_staff, "registry.association.archive", &r, 1, "id", late), "ok");
    sk_frame_release (&r);
    CHECK (s_caught_up ());
    CHECK_STR_EQ (s_call_ints (staff, "match.party.suggest", &r, 1, "id", pa), "ok");
    CHECK_NULL (s_item (sk_obj_get (itest_body (&r), "items"), late));
    sk_frame_release (&r);
    SK_CASE_END ("match answers while the registry is down and catches up after");
}

//  --------------------------------------------------------------------------
//  Runs

static const char *
s_run (const char *kind, sk_frame_t *r)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kstr (&b, "kind", kind);
    const char *code = itest_call (staff, "match.proposal.run", s_tenant, &b, NULL, r);
    sk_pack_release (&b);
    return code;
}

//  A run proposes over every party of its municipality, so the run test and
//  the speed-dating test that uses its parties act in one no other suite
//  writes to (Mariagerfjord), with the certificates for all
//  municipalities: their optimum is the brute force's below, whatever ran
//  before on the stack.
static void
s_own_municipality (bool on)
{
    static sk_client_t *own_staff, *own_reg;
    if (on) {
        own_staff = staff;
        own_reg = reg_staff;
        staff = admin;
        reg_staff = reg_admin;
    } else {
        staff = own_staff;
        reg_staff = own_reg;
    }
    s_tenant = on ? "0846" : "0730";
}

#define S_MAXN 4
static int64_t comp[2], assoc[3];
static int64_t score[2][3]; //  from the service's suggestions

//  Best total of a b-matching with unit capacities by brute force.
static int64_t
s_best (int c, bool *used)
{
    if (c == 2)
        return 0;
    int64_t best = s_best (c + 1, used); //  company c takes nobody
    for (int a = 0; a < 3; a++)
        if (!used[a] && score[c][a] > 0) {
            used[a] = true;
            int64_t v = score[c][a] + s_best (c + 1, used);
            used[a] = false;
            if (v > best)
                best = v;
        }
    return best;
}

static void
s_scores (void)
{
    for (int c = 0; c < 2; c++) {
        sk_pack_t b;
        sk_pack_init (&b);
        sk_pack_map (&b, 3);
        sk_pack_kint (&b, "id", comp[c]);
        sk_pack_kint (&b, "limit", 100);
        sk_pack_kstr (&b, "kind", "company-association");
        sk_frame_t r;
        CHECK_STR_EQ (itest_call (staff, "match.party.suggest", s_tenant, &b, NULL, &r), "ok");
        for (int a = 0; a < 3; a++) {
            const msgpack_object *it = s_item (sk_obj_get (itest_body (&r), "items"), assoc[a]);
            score[c][a] = it ? itest_int (it, "score") : 0;
        }
        sk_frame_release (&r);
        sk_pack_release (&b);
    }
}

//  One has the target group, the other the volunteers; an experienced
//  association mentors a new one.
static void
test_volunteers_and_mentors (void)
{
    SK_CASE_BEGIN ();
    CHECK (s_term ("mt5-"));
    int64_t many = s_party ("association", "Røde Kors Ungdom", NULL, NULL, NULL, NULL,
                            "active_volunteers", 40);
    int64_t group = s_party ("association", "Beboerforeningen", NULL, NULL, "elderly", NULL,
                             "active_volunteers", 1);
    int64_t old = s_party ("association", "Idrætsforeningen af 1890", "mt5-:2", NULL, NULL, NULL,
                           "members", 400);
    int64_t young =
        s_party ("association", "Ny Forening", NULL, "mt5-:2", NULL, NULL, "members", 8);
    CHECK_INT_GT (many, 0);
    CHECK_INT_GT (group, 0);
    CHECK_INT_GT (old, 0);
    CHECK_INT_GT (young, 0);
    CHECK (s_caught_up ());
    sk_frame_t r;
    CHECK_STR_EQ (
        s_call_ints (staff, "match.party.suggest", &r, 2, "id", group, "limit", (int64_t)100),
        "ok");
    const msgpack_object *it = s_item (sk_obj_get (itest_body (&r), "items"), many);
    CHECK_INT_EQ (itest_int (it, "score"), 200);
    const msgpack_object *ex = it ? sk_obj_get (it, "explanation") : NULL;
    CHECK_INT_EQ (itest_size (ex), 1);
    if (ex && ex->via.array.size == 1) {
        const msgpack_object *c = &ex->via.array.ptr[0];
        CHECK_STR_EQ (itest_s (c, "reason"), "volunteers");
        CHECK_INT_EQ (itest_int (c, "from"), many);
        CHECK_INT_EQ (itest_int (c, "to"), group);
        CHECK_INT_EQ (itest_int (c, "active_volunteers"), 40);
    }
    sk_frame_release (&r);
    //  mt5: one holder, w = 1000, 2 x 2 / 4; the mentor bonus 100
    CHECK_STR_EQ (s_call_ints (staff, "match.party.suggest", &r, 1, "id", young), "ok");
    it = s_item (sk_obj_get (itest_body (&r), "items"), old);
    CHECK_INT_EQ (itest_int (it, "score"), 1000 + 100);
    ex = it ? sk_obj_get (it, "explanation") : NULL;
    bool mentor = false;
    for (uint32_t i = 0; ex && i < ex->via.array.size; i++)
        mentor |= sk_obj_str_eq (sk_obj_get (&ex->via.array.ptr[i], "reason"), "mentor")
                  && itest_int (&ex->via.array.ptr[i], "from") == old
                  && itest_int (&ex->via.array.ptr[i], "members") == 400;
    CHECK (mentor);
    sk_frame_release (&r);
    SK_CASE_END ("match weighs who has the volunteers and who the experience, and says so");
}

//  The companies and associations of the run in 0846, made by the first
//  case that needs them (with s_own_municipality on).
static void
s_run_parties (void)
{
    if (comp[0])
        return;
    CHECK (s_terms_made ());
    comp[0] = s_party ("company", "KPMG Randers", "mt3-:3", NULL, NULL, NULL, "csr_capacity", 1);
    comp[1] =
        s_party ("company", "Randers Regnskab", "mt3-,mt4-:3", NULL, NULL, NULL, "csr_capacity", 1);
    assoc[0] = s_party ("association", "Y-faktor", NULL, "mt3-:3", NULL, NULL, NULL, 0);
    assoc[1] = s_party ("association", "Bydelsmødre", NULL, "mt3-,mt4-:3", NULL, NULL, NULL, 0);
    assoc[2] = s_party ("association", "Lektiecaféen", NULL, "mt4-", NULL, NULL, NULL, 0);
}

static void
test_run_and_decisions (void)
{
    SK_CASE_BEGIN ();
    s_own_municipality (true);
    s_run_parties ();
    CHECK (s_caught_up ());
    s_scores ();
    bool used[3] = { false, false, false };
    int64_t best = s_best (0, used);
    CHECK_INT_GT (best, 0);
    sk_frame_t r;
    CHECK_STR_EQ (s_run ("company-association", &r), "ok");
    const msgpack_object *body = itest_body (&r);
    CHECK_INT_EQ (itest_int (body, "objective"), best);
    const msgpack_object *items = sk_obj_get (body, "items");
    CHECK_INT_GE (itest_size (items), 1);
    CHECK_INT_LE (itest_size (items), 2);
    int64_t total = 0, first = 0, first_left = 0, first_right = 0;
    for (uint32_t i = 0; items && i < items->via.array.size; i++) {
        const msgpack_object *p = &items->via.array.ptr[i];
        total += itest_int (p, "score");
        if (i == 0) {
            first = itest_int (p, "id");
            first_left = itest_int (p, "left");
            first_right = itest_int (p, "right");
        }
    }
    CHECK_INT_EQ (total, best);
    sk_frame_release (&r);
    //  A run again proposes nothing new for them: the capacities are taken
    CHECK_STR_EQ (s_run ("company-association", &r), "ok");
    items = sk_obj_get (itest_body (&r), "items");
    for (uint32_t i = 0; items && i < items->via.array.size; i++) {
        CHECK_INT_NE (itest_int (&items->via.array.ptr[i], "left"), comp[0]);
        CHECK_INT_NE (itest_int (&items->via.array.ptr[i], "left"), comp[1]);
    }
    sk_frame_release (&r);

    //  Decline by one side: the pair is never proposed again
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 3);
    sk_pack_kint (&b, "id", first);
    sk_pack_kint (&b, "party", first_right);
    sk_pack_kstr (&b, "reason", "ikke det rigtige tidspunkt");
    CHECK_STR_EQ (itest_call (staff, "match.proposal.decline", s_tenant, &b, NULL, &r), "ok");
    sk_frame_release (&r);
    CHECK_STR_EQ (itest_call (staff, "match.proposal.decline", s_tenant, &b, NULL, &r), "conflict");
    sk_frame_release (&r);
    sk_pack_release (&b);
    CHECK_STR_EQ (
        s_call_ints (staff, "match.proposal.accept", &r, 2, "id", first, "party", first_left),
        "conflict");
    sk_frame_release (&r);
    for (int round = 0; round < 3; round++) {
        CHECK_STR_EQ (s_run ("company-association", &r), "ok");
        const msgpack_object *again = sk_obj_get (itest_body (&r), "items");
        for (uint32_t i = 0; again && i < again->via.array.size; i++) {
            const msgpack_object *p = &again->via.array.ptr[i];
            CHECK (!(itest_int (p, "left") == first_left && itest_int (p, "right") == first_right));
        }
        sk_frame_release (&r);
    }
    sk_pack_init (&b);
    sk_pack_map (&b, 3);
    sk_pack_kint (&b, "id", first_left);
    sk_pack_kint (&b, "limit", 100);
    sk_pack_kstr (&b, "kind", "company-association");
    CHECK_STR_EQ (itest_call (staff, "match.party.suggest", s_tenant, &b, NULL, &r), "ok");
    CHECK_NULL (s_item (sk_obj_get (itest_body (&r), "items"), first_right));
    sk_frame_release (&r);
    sk_pack_release (&b);

    //  Accept by both sides: a draft agreement
    sk_pack_init (&b);
    sk_pack_map (&b, 1);
    sk_pack_kstr (&b, "state", "proposed");
    CHECK_STR_EQ (itest_call (staff, "match.proposal.list", s_tenant, &b, NULL, &r), "ok");
    sk_pack_release (&b);
    const msgpack_object *open = sk_obj_get (itest_body (&r), "items");
    CHECK_INT_GE (itest_size (open), 1);
    int64_t pid = open && open->via.array.size ? itest_int (&open->via.array.ptr[0], "id") : 0;
    int64_t left =
        open && open->via.array.size ? itest_int (&open->via.array.ptr[0], "left_id") : 0;
    int64_t right =
        open && open->via.array.size ? itest_int (&open->via.array.ptr[0], "right_id") : 0;
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (staff, "match.proposal.accept", &r, 2, "id", pid, "party", left),
                  "ok");
    CHECK_STR_EQ (itest_str (itest_body (&r), "state", (char[32]){ 0 }, 32), "accepted_by_left");
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (staff, "match.proposal.accept", &r, 2, "id", pid, "party", left),
                  "conflict");
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (staff, "match.proposal.accept", &r, 2, "id", pid, "party",
                               assoc[2] == right ? assoc[0] : assoc[2]),
                  "invalid_argument");
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (staff, "match.proposal.accept", &r, 2, "id", pid, "party", right),
                  "ok");
    CHECK_STR_EQ (itest_str (itest_body (&r), "state", (char[32]){ 0 }, 32), "accepted");
    int64_t agreement = itest_int (itest_body (&r), "agreement");
    CHECK_INT_GT (agreement, 0);
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (staff, "match.agreement.get", &r, 1, "id", agreement), "ok");
    char status[16];
    CHECK_STR_EQ (
        itest_str (sk_obj_get (itest_body (&r), "agreement"), "status", status, sizeof status),
        "draft");
    const msgpack_object *parties = sk_obj_get (itest_body (&r), "parties");
    CHECK_INT_EQ (itest_size (parties), 2);
    sk_frame_release (&r);
    s_own_municipality (false);
    SK_CASE_END ("match run is optimal under capacities; declines are never proposed again; "
                 "both accepts make a draft agreement");
}

//  Run SQL on the stack's PostgreSQL as its superuser; true if it worked.
static bool
s_sql (const char *sql)
{
    char conninfo[512];
    snprintf (conninfo, sizeof conninfo, "host=%s/pg dbname=samskab user=postgres",
              getenv ("SAMSKAB_VAR"));
    PGconn *pg = PQconnectdb (conninfo);
    PGresult *r = PQexec (pg, sql);
    bool ok = PQresultStatus (r) == PGRES_COMMAND_OK || PQresultStatus (r) == PGRES_TUPLES_OK;
    if (!ok)
        printf ("#   %s: %s\n", sql, PQerrorMessage (pg));
    PQclear (r);
    PQfinish (pg);
    return ok;
}

//  Count events of topic in match.event.list whose body has key == value.
static int
s_events (const char *topic, const char *key, int64_t value)
{
    int count = 0;
    int64_t after = 0;
    while (true) {
        sk_pack_t b;
        sk_pack_init (&b);
        sk_pack_map (&b, 3);
        sk_pack_kint (&b, "after", after);
        sk_pack_kint (&b, "limit", 1000);
        sk_pack_kstr (&b, "topic", topic);
        sk_frame_t r;
        const char *code = itest_call (admin, "match.event.list", s_tenant, &b, NULL, &r);
        sk_pack_release (&b);
        const msgpack_object *events = sk_obj_get (itest_body (&r), "events");
        uint32_t n = streq (code, "ok") && events ? events->via.array.size : 0;
        for (uint32_t i = 0; i < n; i++) {
            const msgpack_object *e = &events->via.array.ptr[i];
            after = itest_int (e, "seq");
            char t[80];
            if (streq (itest_str (e, "topic", t, sizeof t), topic)
                && itest_int (sk_obj_get (e, "body"), key) == value)
                count++;
        }
        sk_frame_release (&r);
        if (n < 1000)
            return count;
    }
}

static void
test_expiry (void)
{
    SK_CASE_BEGIN ();
    CHECK (s_terms_made ());
    int64_t v = s_party ("volunteer", "Frivillig", "mt4-:3", NULL, NULL, NULL, "capacity", 1);
    int64_t school =
        s_party ("institution", "Vestervangskolen", NULL, "mt4-", NULL, NULL, "capacity", 1);
    CHECK_INT_GT (v, 0);
    CHECK_INT_GT (school, 0);
    CHECK (s_caught_up ());
    sk_frame_t r;
    CHECK_STR_EQ (s_run ("volunteer-institution", &r), "ok");
    const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
    int64_t id = 0;
    for (uint32_t i = 0; items && i < items->via.array.size; i++)
        if (itest_int (&items->via.array.ptr[i], "left") == v
            && itest_int (&items->via.array.ptr[i], "right") == school)
            id = itest_int (&items->via.array.ptr[i], "id");
    CHECK_INT_GT (id, 0);
    sk_frame_release (&r);
    char sql[256];
    snprintf (sql, sizeof sql,
              "UPDATE match.proposal SET expires_at = now() - "
              "interval '1 second' WHERE id = %lld",
              (long long)id);
    CHECK (s_sql (sql));
    //  Read: expired at once; written by the next mutating op or the sweep
    CHECK_STR_EQ (s_call_ints (staff, "match.proposal.get", &r, 1, "id", id), "ok");
    char state[32];
    CHECK_STR_EQ (itest_str (itest_body (&r), "state", state, sizeof state), "expired");
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (staff, "match.proposal.accept", &r, 2, "id", id, "party", v),
                  "conflict");
    sk_frame_release (&r);
    CHECK_STR_EQ (itest_call (admin, "match.sweep.run", s_tenant, NULL, NULL, &r), "ok");
    sk_frame_release (&r);
    CHECK_INT_EQ (s_events ("match.proposal.expired", "id", id), 1);
    CHECK_STR_EQ (itest_call (admin, "match.sweep.run", s_tenant, NULL, NULL, &r), "ok");
    sk_frame_release (&r);
    CHECK_INT_EQ (s_events ("match.proposal.expired", "id", id), 1);
    //  An expired pair may be proposed again (only declines are for ever)
    CHECK_STR_EQ (s_run ("volunteer-institution", &r), "ok");
    items = sk_obj_get (itest_body (&r), "items");
    bool again = false;
    for (uint32_t i = 0; items && i < items->via.array.size; i++)
        again |= itest_int (&items->via.array.ptr[i], "left") == v
                 && itest_int (&items->via.array.ptr[i], "right") == school;
    CHECK (again);
    sk_frame_release (&r);
    CHECK_STR_EQ (itest_call (staff, "match.sweep.run", s_tenant, NULL, NULL, &r), "forbidden");
    sk_frame_release (&r);
    //  Erased in the registry: the volunteer leaves the copy, its open
    //  proposal ends
    CHECK_STR_EQ (s_call_ints (staff, "match.party.get", &r, 1, "id", v), "ok");
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (reg_staff, "registry.person.erase", &r, 1, "id", v), "ok");
    sk_frame_release (&r);
    CHECK (s_caught_up ());
    CHECK_STR_EQ (s_call_ints (staff, "match.party.get", &r, 1, "id", v), "not_found");
    sk_frame_release (&r);
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 2);
    sk_pack_kint (&b, "party", v);
    sk_pack_kstr (&b, "state", "proposed");
    CHECK_STR_EQ (itest_call (staff, "match.proposal.list", s_tenant, &b, NULL, &r), "ok");
    CHECK_INT_EQ (itest_size (sk_obj_get (itest_body (&r), "items")), 0);
    sk_frame_release (&r);
    sk_pack_release (&b);
    SK_CASE_END ("match proposals expire on read, once in events, and may be made again; "
                 "an erased volunteer leaves the copy");
}

//  --------------------------------------------------------------------------
//  Agreements

//  Move an agreement to status; the reply's code.
static const char *
s_status (int64_t agreement, const char *status)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 2);
    sk_pack_kint (&b, "id", agreement);
    sk_pack_kstr (&b, "status", status);
    sk_frame_t r;
    const char *code = itest_call (staff, "match.agreement.status", s_tenant, &b, NULL, &r);
    sk_frame_release (&r);
    sk_pack_release (&b);
    return code;
}

static int64_t
s_agreement (const char *title, const char *starts_on, const char *ends_on, const char *cadence)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 6 + (ends_on != NULL));
    sk_pack_kstr (&b, "title", title);
    sk_pack_kstr (&b, "purpose", "unge frivillige besøgsvenner");
    sk_pack_kstr (&b, "starts_on", starts_on);
    if (ends_on)
        sk_pack_kstr (&b, "ends_on", ends_on);
    sk_pack_kstr (&b, "cadence", cadence);
    sk_pack_kstr (&b, "shortfall", "the municipality recruits through the volunteer centre");
    sk_pack_str (&b, "parties");
    sk_pack_array (&b, 2);
    sk_pack_map (&b, 3);
    sk_pack_kint (&b, "party", pa);
    sk_pack_kstr (&b, "role", "host");
    sk_pack_kstr (&b, "contributes", "visiting-friend activity");
    sk_pack_map (&b, 2);
    sk_pack_kint (&b, "party", pb);
    sk_pack_kstr (&b, "role", "volunteers");
    sk_frame_t r;
    const char *code = itest_call (staff, "match.agreement.create", s_tenant, &b, NULL, &r);
    int64_t id = streq (code, "ok") ? itest_int (itest_body (&r), "id") : -1;
    if (id < 0)
        printf ("#   agreement %s: %s %s\n", title, code, itest_message (&r));
    sk_frame_release (&r);
    sk_pack_release (&b);
    code = s_status (id, "active");
    if (!streq (code, "ok")) {
        printf ("#   activate %s: %s\n", title, code);
        id = -1;
    }
    return id;
}

//  One field of an agreement's meetings ("due_on", "at", "id") joined by
//  commas into buf.
static const char *
s_meetings (int64_t agreement, const char *key, char *buf, size_t size)
{
    sk_frame_t r;
    buf[0] = 0;
    if (streq (s_call_ints (staff, "match.agreement.get", &r, 1, "id", agreement), "ok")) {
        const msgpack_object *m = sk_obj_get (itest_body (&r), "meetings");
        for (uint32_t i = 0; m && i < m->via.array.size; i++) {
            char d[32];
            size_t len = strlen (buf);
            const msgpack_object *v = sk_obj_get (&m->via.array.ptr[i], key);
            if (v && v->type == MSGPACK_OBJECT_POSITIVE_INTEGER)
                snprintf (d, sizeof d, "%lld", (long long)v->via.u64);
            else
                itest_str (&m->via.array.ptr[i], key, d, sizeof d);
            snprintf (buf + len, size - len, "%s%s", i ? "," : "", d);
        }
    }
    sk_frame_release (&r);
    return buf;
}

//  The meeting dates of an agreement joined by commas into buf.
static const char *
s_dates (int64_t agreement, char *buf, size_t size)
{
    return s_meetings (agreement, "due_on", buf, size);
}

//  A date n days from today (negative: before) minus months, from the
//  stack's PostgreSQL so both sides agree on "today".
static void
s_date (int days, int months, char *buf)
{
    char conninfo[512], sql[200];
    snprintf (conninfo, sizeof conninfo, "host=%s/pg dbname=samskab user=postgres",
              getenv ("SAMSKAB_VAR"));
    snprintf (sql, sizeof sql, "SELECT (current_date + %d - interval '%d months')::date::text",
              days, months);
    PGconn *pg = PQconnectdb (conninfo);
    PGresult *r = PQexec (pg, sql);
    snprintf (buf, 11, "%s", PQresultStatus (r) == PGRES_TUPLES_OK ? PQgetvalue (r, 0, 0) : "");
    PQclear (r);
    PQfinish (pg);
}

static void
test_agreements (void)
{
    SK_CASE_BEGIN ();
    s_pair ();
    char dates[400];
    //  Quarterly from 30 November 2023: 29 February in the leap year;
    //  Saturday 30 November 2024 moved to Monday
    int64_t a = s_agreement ("Besøgsvenner", "2023-11-30", "2024-12-31", "quarterly");
    CHECK_STR_EQ (s_dates (a, dates, sizeof dates), "2024-02-29,2024-05-30,2024-08-30,2024-12-02");
    //  Half-yearly from 29 February 2024: 28 February in 2025, no drift
    a = s_agreement ("Skridtet", "2024-02-29", "2025-12-31", "half_yearly");
    CHECK_STR_EQ (s_dates (a, dates, sizeof dates), "2024-08-29,2025-02-28,2025-08-29");
    //  Quarterly from 31 August across the year end; Saturday 31 May
    //  2025 is before the end, so kept, moved past it to Monday 2 June
    a = s_agreement ("Lektiehjælp", "2024-08-31", "2025-06-01", "quarterly");
    CHECK_STR_EQ (s_dates (a, dates, sizeof dates), "2024-12-02,2025-02-28,2025-06-02");
    //  Quarterly from 31 January, clamped each time from the start (not
    //  from the meeting moved off a weekend: 31 October, not 2 November)
    a = s_agreement ("Fodbold", "2027-01-31", "2027-12-31", "quarterly");
    CHECK_STR_EQ (s_dates (a, dates, sizeof dates), "2027-04-30,2027-08-02,2027-11-01");
    //  A cadence change reschedules meetings not yet held
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 3);
    sk_pack_kint (&b, "id", a);
    sk_pack_kint (&b, "version", 2);
    sk_pack_kstr (&b, "cadence", "half_yearly");
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (staff, "match.agreement.update", s_tenant, &b, NULL, &r), "ok");
    sk_frame_release (&r);
    CHECK_STR_EQ (itest_call (staff, "match.agreement.update", s_tenant, &b, NULL, &r), "conflict");
    sk_frame_release (&r);
    sk_pack_release (&b);
    CHECK_STR_EQ (s_dates (a, dates, sizeof dates), "2027-08-02");
    //  Monthly from 1 December 2026: no meeting on a day off (New Year's
    //  Day, Easter, Sundays), each on the next working day
    a = s_agreement ("Julehjælp", "2026-12-01", "2027-06-30", "monthly");
    CHECK_STR_EQ (s_dates (a, dates, sizeof dates),
                  "2027-01-04,2027-02-01,2027-03-01,2027-04-01,2027-05-03,2027-06-01");
    //  Christmas and Easter computed for the year: Christmas Day to
    //  Monday 28 December, Maundy Thursday 25 March 2027 past Easter
    //  Monday to Tuesday 30 March
    a = s_agreement ("Påskehjælp", "2026-11-25", "2027-03-31", "monthly");
    CHECK_STR_EQ (s_dates (a, dates, sizeof dates), "2026-12-28,2027-01-25,2027-02-25,2027-03-30");
    //  Bad input
    sk_pack_init (&b);
    sk_pack_map (&b, 3);
    sk_pack_kstr (&b, "title", "x");
    sk_pack_kstr (&b, "cadence", "weekly");
    sk_pack_str (&b, "parties");
    sk_pack_array (&b, 0);
    CHECK_STR_EQ (itest_call (staff, "match.agreement.create", s_tenant, &b, NULL, &r),
                  "invalid_argument");
    CHECK_STR_EQ (itest_field (&r), "cadence");
    sk_frame_release (&r);
    sk_pack_release (&b);
    sk_pack_init (&b);
    sk_pack_map (&b, 3);
    sk_pack_kstr (&b, "title", "x");
    sk_pack_kstr (&b, "starts_on", "2025-02-30");
    sk_pack_str (&b, "parties");
    sk_pack_array (&b, 0);
    CHECK_STR_EQ (itest_call (staff, "match.agreement.create", s_tenant, &b, NULL, &r),
                  "invalid_argument");
    sk_frame_release (&r);
    sk_pack_release (&b);

    //  Due (first meeting in 5 days) and overdue (10 days ago) events, once
    char soon[11], past[11];
    s_date (5, 3, soon);
    s_date (-10, 3, past);
    int64_t due = s_agreement ("Snart", soon, NULL, "quarterly");
    int64_t late = s_agreement ("Forsinket", past, NULL, "quarterly");
    CHECK_INT_GT (due, 0);
    CHECK_INT_GT (late, 0);
    //  A meeting already past when it was scheduled is no news: no overdue
    //  event (a new-user trial got "Manglende referat" for such at once);
    //  as if it had been scheduled while ahead, it gets its one
    CHECK_STR_EQ (itest_call (admin, "match.sweep.run", s_tenant, NULL, NULL, &r), "ok");
    sk_frame_release (&r);
    CHECK_INT_EQ (s_events ("match.meeting.overdue", "agreement", late), 0);
    char ahead[160];
    snprintf (ahead, sizeof ahead,
              "UPDATE match.meeting SET due_sent_at = NULL, overdue_sent_at = NULL "
              "WHERE agreement_id = %lld",
              (long long)late);
    CHECK (s_sql (ahead));
    CHECK_STR_EQ (itest_call (admin, "match.sweep.run", s_tenant, NULL, NULL, &r), "ok");
    sk_frame_release (&r);
    CHECK_STR_EQ (itest_call (admin, "match.sweep.run", s_tenant, NULL, NULL, &r), "ok");
    sk_frame_release (&r);
    CHECK_INT_EQ (s_events ("match.meeting.due", "agreement", due), 1);
    CHECK_INT_EQ (s_events ("match.meeting.overdue", "agreement", due), 0);
    CHECK_INT_EQ (s_events ("match.meeting.overdue", "agreement", late), 1);
    CHECK_INT_EQ (s_events ("match.meeting.due", "agreement", late), 0);
    //  notify follows match: the due event reaches its log for delivery
    sk_client_t *notify = itest_client ("notify", "admin");
    bool delivered = false;
    for (int i = 0; i < 100 && !delivered; i++) {
        sk_pack_init (&b);
        sk_pack_map (&b, 3);
        sk_pack_kstr (&b, "topic", "match.meeting.due");
        sk_pack_kstr (&b, "source", "match");
        sk_pack_kint (&b, "limit", 1000);
        if (streq (itest_call (notify, "notify.event.list", s_tenant, &b, NULL, &r), "ok")) {
            const msgpack_object *evs = sk_obj_get (itest_body (&r), "events");
            for (uint32_t k = 0; evs && k < evs->via.array.size; k++)
                delivered |=
                    itest_int (sk_obj_get (&evs->via.array.ptr[k], "body"), "agreement") == due;
        }
        sk_frame_release (&r);
        sk_pack_release (&b);
        if (!delivered)
            s_sleep_ms (100);
    }
    CHECK (delivered);
    sk_client_destroy (&notify);
    //  No end date: a rolling 12 months of meetings ahead (quarterly: 4)
    CHECK_INT_EQ (strlen (s_dates (due, dates, sizeof dates)), 4 * 11 - 1);

    //  Minutes and actions on the overdue meeting
    CHECK_STR_EQ (s_call_ints (staff, "match.agreement.get", &r, 1, "id", late), "ok");
    const msgpack_object *m = sk_obj_get (itest_body (&r), "meetings");
    int64_t meeting = m && m->via.array.size ? itest_int (&m->via.array.ptr[0], "id") : 0;
    char state[16];
    CHECK_STR_EQ (m && m->via.array.size
                      ? itest_str (&m->via.array.ptr[0], "state", state, sizeof state)
                      : "",
                  "overdue");
    sk_frame_release (&r);
    sk_pack_init (&b);
    sk_pack_map (&b, 5);
    sk_pack_kint (&b, "id", meeting);
    sk_pack_kstr (&b, "how_it_goes", "godt, 12 besøg");
    sk_pack_kstr (&b, "improved", "flere unge frivillige");
    sk_pack_kstr (&b, "challenges", "transport");
    sk_pack_kstr (&b, "next_goal", "20 besøg");
    CHECK_STR_EQ (itest_call (staff, "match.meeting.minutes", s_tenant, &b, NULL, &r), "ok");
    sk_frame_release (&r);
    sk_pack_release (&b);
    sk_pack_init (&b);
    sk_pack_map (&b, 5);
    sk_pack_kint (&b, "agreement", late);
    sk_pack_kint (&b, "meeting", meeting);
    sk_pack_kstr (&b, "what", "find en bus");
    sk_pack_kstr (&b, "owner", "Ældresagen");
    sk_pack_kstr (&b, "due_on", "2030-01-15");
    CHECK_STR_EQ (itest_call (staff, "match.action.add", s_tenant, &b, NULL, &r), "ok");
    int64_t action = itest_int (itest_body (&r), "id");
    sk_frame_release (&r);
    sk_pack_release (&b);
    CHECK_STR_EQ (s_call_ints (staff, "match.action.add", &r, 0), "invalid_argument");
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (staff, "match.agreement.get", &r, 1, "id", late), "ok");
    m = sk_obj_get (itest_body (&r), "meetings");
    CHECK_STR_EQ (m && m->via.array.size
                      ? itest_str (&m->via.array.ptr[0], "state", state, sizeof state)
                      : "",
                  "held");
    const msgpack_object *actions = sk_obj_get (itest_body (&r), "actions");
    CHECK_INT_EQ (itest_size (actions), 1);
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (staff, "match.action.done", &r, 1, "id", action), "ok");
    sk_frame_release (&r);
    sk_pack_init (&b);
    sk_pack_map (&b, 2);
    sk_pack_kint (&b, "agreement", late);
    sk_pack_kbool (&b, "open", true);
    CHECK_STR_EQ (itest_call (staff, "match.action.list", s_tenant, &b, NULL, &r), "ok");
    CHECK_INT_EQ (itest_size (sk_obj_get (itest_body (&r), "items")), 0);
    sk_frame_release (&r);
    sk_pack_release (&b);
    //  Status: ended is final
    CHECK_STR_EQ (s_status (late, "ended"), "ok");
    CHECK_STR_EQ (s_status (late, "active"), "conflict");
    SK_CASE_END ("match agreements: meetings from the cadence across year ends and 29 February, "
                 "due and overdue once, minutes, actions, status");
}

static void
test_speeddate (void)
{
    SK_CASE_BEGIN ();
    s_own_municipality (true); //  the parties of the run test
    s_run_parties ();
    CHECK (s_caught_up ());
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 6);
    sk_pack_kstr (&b, "name", "CSR-aften");
    sk_pack_kstr (&b, "starts_at", "2026-12-03T17:00:00Z");
    sk_pack_kint (&b, "rounds", 2);
    sk_pack_kint (&b, "tables", 2);
    sk_pack_kint (&b, "minutes", 10);
    sk_pack_kint (&b, "pause", 5);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (staff, "match.speeddate.create", s_tenant, &b, NULL, &r), "ok");
    int64_t ev = itest_int (itest_body (&r), "id");
    sk_frame_release (&r);
    sk_pack_release (&b);
    int64_t who[5] = { assoc[0], assoc[1], assoc[2], comp[0], comp[1] };
    for (int i = 0; i < 5; i++) {
        CHECK_STR_EQ (
            s_call_ints (staff, "match.speeddate.join", &r, 2, "event", ev, "party", who[i]), "ok");
        sk_frame_release (&r);
    }
    //  Every association wants both companies; the companies want assoc 0
    for (int a = 0; a < 3; a++)
        for (int c = 0; c < 2; c++) {
            CHECK_STR_EQ (s_call_ints (staff, "match.speeddate.interest", &r, 3, "event", ev,
                                       "from", assoc[a], "to", comp[c]),
                          "ok");
            sk_frame_release (&r);
        }
    for (int c = 0; c < 2; c++) {
        CHECK_STR_EQ (s_call_ints (staff, "match.speeddate.interest", &r, 4, "event", ev, "from",
                                   comp[c], "to", assoc[0], "weight", (int64_t)5),
                      "ok");
        sk_frame_release (&r);
    }
    CHECK_STR_EQ (s_call_ints (staff, "match.speeddate.interest", &r, 3, "event", ev, "from",
                               assoc[0], "to", assoc[1]),
                  "invalid_argument");
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (staff, "match.speeddate.plan", &r, 1, "event", ev), "ok");
    //  2 rounds x 2 tables; companies meet at most 2: 4 meetings, both with
    //  assoc 0 (weight 6 each), the other two of weight 1
    CHECK_INT_EQ (itest_int (itest_body (&r), "meetings"), 4);
    CHECK_INT_EQ (itest_int (itest_body (&r), "objective"), 6 + 6 + 1 + 1);
    sk_frame_release (&r);
    CHECK_STR_EQ (
        s_call_ints (staff, "match.speeddate.schedule", &r, 2, "event", ev, "party", comp[0]),
        "ok");
    const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
    CHECK_INT_EQ (itest_size (items), 2);
    if (items && items->via.array.size == 2) {
        const msgpack_object *x = &items->via.array.ptr[0], *y = &items->via.array.ptr[1];
        CHECK_INT_EQ (itest_int (x, "round"), 1);
        CHECK_INT_EQ (itest_int (y, "round"), 2);
        char s[32];
        CHECK_STR_EQ (itest_str (x, "starts_at", s, sizeof s), "2026-12-03T17:00:00Z");
        CHECK_STR_EQ (itest_str (y, "starts_at", s, sizeof s), "2026-12-03T17:15:00Z");
        CHECK_STR_EQ (itest_str (y, "ends_at", s, sizeof s), "2026-12-03T17:25:00Z");
        CHECK (itest_int (x, "with") == assoc[0] || itest_int (y, "with") == assoc[0]);
    }
    sk_frame_release (&r);
    CHECK_STR_EQ (
        s_call_ints (staff, "match.speeddate.join", &r, 2, "event", ev, "party", assoc[0]),
        "conflict");
    sk_frame_release (&r);
    s_own_municipality (false);
    SK_CASE_END (
        "match speed-dating event planned exactly from stated interests, personal schedules");
}

//  --------------------------------------------------------------------------
//  Follow-up that runs itself

//  The reminders notify holds for a meeting, "14d:scheduled:DUE_AT,..." in
//  the order scheduled, into buf; waits up to 10 s for want (the follower
//  brings match's events over).
static const char *
s_reminders (sk_client_t *notify, int64_t meeting, const char *want, char *buf, size_t size)
{
    char prefix[48];
    snprintf (prefix, sizeof prefix, "meeting:%lld:", (long long)meeting);
    for (int round = 0; round < 100; round++) {
        sk_pack_t b;
        sk_pack_init (&b);
        sk_pack_map (&b, 1);
        sk_pack_kstr (&b, "key", prefix);
        sk_frame_t r;
        buf[0] = 0;
        if (streq (itest_call (notify, "notify.reminder.list", s_tenant, &b, NULL, &r), "ok")) {
            const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
            for (uint32_t i = 0; items && i < items->via.array.size; i++) {
                const msgpack_object *it = &items->via.array.ptr[i];
                char key[64], status[16], due[32];
                size_t len = strlen (buf);
                snprintf (buf + len, size - len, "%s%s:%s:%s", i ? "," : "",
                          itest_str (it, "key", key, sizeof key) + strlen (prefix),
                          itest_str (it, "status", status, sizeof status),
                          itest_str (it, "due_at", due, sizeof due));
            }
        }
        sk_frame_release (&r);
        sk_pack_release (&b);
        if (streq (buf, want))
            break;
        s_sleep_ms (100);
    }
    return buf;
}

//  Check a meeting's three reminders: all of status, due at the instants
//  14 days and a day before and 7 days after ("YYYY-MM-DDTHH", on the hour).
static void
s_check_reminders (sk_client_t *notify, int64_t meeting, const char *status, const char *days14,
                   const char *day1, const char *escalate)
{
    char want[256], buf[512];
    snprintf (want, sizeof want, "14d:%s:%s:00:00Z,1d:%s:%s:00:00Z,escalate:%s:%s:00:00Z", status,
              days14, status, day1, status, escalate);
    CHECK_STR_EQ (s_reminders (notify, meeting, want, buf, sizeof buf), want);
}

//  The i-th of the ids "1,2,3", or 0.
static int64_t
s_nth (const char *ids, int i)
{
    while (i-- > 0 && ids)
        ids = strchr (ids, ',') ? strchr (ids, ',') + 1 : NULL;
    return ids ? strtoll (ids, NULL, 10) : 0;
}

//  Change an agreement (at version 2, as s_agreement leaves it) to
//  cadence at meeting_time (NULL: unchanged); the reply's code.
static const char *
s_reschedule (int64_t agreement, const char *cadence, const char *meeting_time)
{
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 3 + (meeting_time != NULL));
    sk_pack_kint (&b, "id", agreement);
    sk_pack_kint (&b, "version", 2);
    sk_pack_kstr (&b, "cadence", cadence);
    if (meeting_time)
        sk_pack_kstr (&b, "meeting_time", meeting_time);
    sk_frame_t r;
    const char *code = itest_call (staff, "match.agreement.update", s_tenant, &b, NULL, &r);
    if (!streq (code, "ok"))
        printf ("#   update: %s %s (field %s)\n", code, itest_message (&r), itest_field (&r));
    sk_frame_release (&r);
    sk_pack_release (&b);
    return code;
}

//  Long because: one story, activate -> reminders -> minutes -> new
//  cadence -> pause -> resume, each step checked against the last.
static void
test_followup (void)
{
    SK_CASE_BEGIN ();
    s_pair ();
    sk_client_t *notify = itest_client ("notify", "admin");
    char buf[1024], ids[256];
    //  Monthly at 10:00 Danish time through 2027: the clocks change on 28
    //  March and 31 October, the meetings stay at 10:00
    int64_t a = s_agreement ("Månedlig opfølgning", "2027-01-05", "2027-12-31", "monthly");
    CHECK_INT_GT (a, 0);
    CHECK_STR_EQ (s_dates (a, buf, sizeof buf),
                  "2027-02-05,2027-03-05,2027-04-05,2027-05-05,2027-06-07,2027-07-05,"
                  "2027-08-05,2027-09-06,2027-10-05,2027-11-05,2027-12-06");
    CHECK_STR_EQ (s_meetings (a, "at", buf, sizeof buf),
                  "2027-02-05T09:00:00Z,2027-03-05T09:00:00Z,2027-04-05T08:00:00Z,"
                  "2027-05-05T08:00:00Z,2027-06-07T08:00:00Z,2027-07-05T08:00:00Z,"
                  "2027-08-05T08:00:00Z,2027-09-06T08:00:00Z,2027-10-05T08:00:00Z,"
                  "2027-11-05T09:00:00Z,2027-12-06T09:00:00Z");
    s_meetings (a, "id", ids, sizeof ids);
    int64_t first = s_nth (ids, 0), april = s_nth (ids, 2), november = s_nth (ids, 9),
            last = s_nth (ids, 10);
    CHECK_INT_GT (last, 0);
    //  Every meeting's reminders are in notify at once, 14 days and a day
    //  before and the escalation 7 days after, in Danish time across the
    //  clock changes (14 days before 5 April is 22 March, winter time)
    s_check_reminders (notify, april, "scheduled", "2027-03-22T09", "2027-04-04T08",
                       "2027-04-12T08");
    s_check_reminders (notify, november, "scheduled", "2027-10-22T08", "2027-11-04T09",
                       "2027-11-12T09");
    s_check_reminders (notify, last, "scheduled", "2027-11-22T09", "2027-12-05T09",
                       "2027-12-13T09");

    //  Minutes of the first meeting; then quarterly at 14:00: the held
    //  meeting and its minutes stay, the others move with their reminders
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 2);
    sk_pack_kint (&b, "id", first);
    sk_pack_kstr (&b, "how_it_goes", "godt i gang");
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (staff, "match.meeting.minutes", s_tenant, &b, NULL, &r), "ok");
    sk_frame_release (&r);
    sk_pack_release (&b);
    CHECK_STR_EQ (s_reschedule (a, "quarterly", "25:00"), "invalid_argument");
    CHECK_STR_EQ (s_reschedule (a, "quarterly", "14:00"), "ok");
    CHECK_STR_EQ (s_dates (a, buf, sizeof buf), "2027-02-05,2027-04-05,2027-07-05,2027-10-05");
    CHECK_STR_EQ (s_meetings (a, "at", buf, sizeof buf),
                  "2027-02-05T09:00:00Z,2027-04-05T12:00:00Z,2027-07-05T12:00:00Z,"
                  "2027-10-05T12:00:00Z");
    CHECK_STR_EQ (s_meetings (a, "n", buf, sizeof buf), "1,2,3,4");
    CHECK_STR_EQ (s_meetings (a, "how_it_goes", buf, sizeof buf), "godt i gang,,,");
    s_meetings (a, "id", ids, sizeof ids);
    CHECK_INT_EQ (s_nth (ids, 0), first);
    int64_t moved = s_nth (ids, 1);
    s_check_reminders (notify, april, "cancelled", "2027-03-22T09", "2027-04-04T08",
                       "2027-04-12T08");
    s_check_reminders (notify, moved, "scheduled", "2027-03-22T13", "2027-04-04T12",
                       "2027-04-12T12");
    s_check_reminders (notify, first, "cancelled", "2027-01-22T09", "2027-02-04T09",
                       "2027-02-12T09");

    //  Paused: the meetings ahead go, with their reminders; active again:
    //  they come back
    CHECK_STR_EQ (s_status (a, "paused"), "ok");
    CHECK_STR_EQ (s_dates (a, buf, sizeof buf), "2027-02-05");
    s_check_reminders (notify, moved, "cancelled", "2027-03-22T13", "2027-04-04T12",
                       "2027-04-12T12");
    CHECK_STR_EQ (s_status (a, "active"), "ok");
    CHECK_STR_EQ (s_dates (a, buf, sizeof buf), "2027-02-05,2027-04-05,2027-07-05,2027-10-05");

    //  Open-ended, monthly from tomorrow: 12 meetings within 12 months of
    //  the start; as time passes (the last four gone) the sweep tops them up
    char tomorrow[11];
    s_date (1, 0, tomorrow);
    int64_t open = s_agreement ("Løbende", tomorrow, NULL, "monthly");
    CHECK_INT_EQ (strlen (s_dates (open, buf, sizeof buf)), 12 * 11 - 1);
    char sql[160];
    snprintf (sql, sizeof sql, "DELETE FROM match.meeting WHERE agreement_id = %lld AND n > 8",
              (long long)open);
    CHECK (s_sql (sql));
    for (int i = 0; i < 250 && strlen (s_dates (open, buf, sizeof buf)) < 12 * 11 - 1; i++)
        s_sleep_ms (100);
    CHECK_INT_EQ (strlen (buf), 12 * 11 - 1);
    CHECK_STR_EQ (s_meetings (open, "n", buf, sizeof buf), "1,2,3,4,5,6,7,8,9,10,11,12");
    sk_client_destroy (&notify);
    SK_CASE_END ("match follow-up: activating schedules the meetings and notify's reminders at "
                 "once, at 10:00 Danish time across the clock changes; a new cadence moves the "
                 "meetings ahead and their reminders, never the minutes; pause drops them");
}

//  The room is per kind: an association with an open CSR proposal is still
//  proposed a partner association, and a run says why it left others out
static void
test_two_kinds (void)
{
    SK_CASE_BEGIN ();
    s_own_municipality (true);
    s_run_parties ();
    CHECK (s_term ("mt6-") && s_term ("mt7-"));
    int64_t giver =
        s_party ("association", "Foreningen der giver", "mt7-:3", NULL, NULL, NULL, NULL, 0);
    int64_t taker =
        s_party ("association", "Foreningen der tager", NULL, "mt6-:3,mt7-:3", NULL, NULL, NULL, 0);
    int64_t firm = s_party ("company", "Firmaet", "mt6-:3", NULL, NULL, NULL, "csr_capacity", 1);
    CHECK_INT_GT (firm, 0);
    CHECK (s_caught_up ());
    sk_frame_t r;
    int64_t csr = 0, partner = 0;
    CHECK_STR_EQ (s_run ("company-association", &r), "ok");
    const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
    for (uint32_t i = 0; items && i < items->via.array.size; i++)
        if (itest_int (&items->via.array.ptr[i], "left") == firm
            && itest_int (&items->via.array.ptr[i], "right") == taker)
            csr = itest_int (&items->via.array.ptr[i], "id");
    CHECK_INT_GT (csr, 0);
    sk_frame_release (&r);
    //  The association with the open CSR proposal has room for a partner
    CHECK_STR_EQ (s_run ("association-association", &r), "ok");
    items = sk_obj_get (itest_body (&r), "items");
    for (uint32_t i = 0; items && i < items->via.array.size; i++)
        if (itest_int (&items->via.array.ptr[i], "left") == giver
            && itest_int (&items->via.array.ptr[i], "right") == taker)
            partner = itest_int (&items->via.array.ptr[i], "id");
    CHECK_INT_GT (partner, 0);
    //  Every reason is counted; the associations of the run test have
    //  nothing in common
    const msgpack_object *left_out = sk_obj_get (itest_body (&r), "left_out");
    CHECK_INT_EQ (left_out && left_out->type == MSGPACK_OBJECT_MAP ? left_out->via.map.size : 0, 7);
    CHECK_INT_GE (itest_int (left_out, "nothing_in_common"), 3);
    CHECK_INT_EQ (itest_int (left_out, "no_room"), 0);
    sk_frame_release (&r);
    //  Again: both have an open proposal of this kind now, no room
    CHECK_STR_EQ (s_run ("association-association", &r), "ok");
    CHECK_INT_EQ (itest_int (itest_body (&r), "count"), 0);
    CHECK_INT_GE (itest_int (sk_obj_get (itest_body (&r), "left_out"), "no_room"), 2);
    sk_frame_release (&r);
    //  Declined: the pair has room again, and is left out as declined
    CHECK_STR_EQ (
        s_call_ints (staff, "match.proposal.decline", &r, 2, "id", partner, "party", taker), "ok");
    sk_frame_release (&r);
    CHECK_STR_EQ (s_run ("association-association", &r), "ok");
    CHECK_INT_EQ (itest_int (itest_body (&r), "count"), 0);
    left_out = sk_obj_get (itest_body (&r), "left_out");
    CHECK_INT_EQ (itest_int (left_out, "declined"), 1);
    CHECK_INT_EQ (itest_int (left_out, "no_room"), 0);
    sk_frame_release (&r);
    //  The CSR kind still counts its own proposal
    CHECK_STR_EQ (s_run ("company-association", &r), "ok");
    CHECK_INT_GE (itest_int (sk_obj_get (itest_body (&r), "left_out"), "no_room"), 2);
    sk_frame_release (&r);
    s_own_municipality (false);
    SK_CASE_END ("match room is per kind of partnership: an open CSR proposal leaves room for a "
                 "partner association; a run counts why it left candidates out");
}

//  Pack a list of strings "a,b" under key.
static void
s_list (sk_pack_t *b, const char *key, const char *list)
{
    sk_pack_str (b, key);
    uint32_t n = 1;
    for (const char *c = list; *c; c++)
        n += *c == ',';
    sk_pack_array (b, n);
    for (const char *c = list; *c;) {
        const char *comma = strchr (c, ',');
        size_t len = comma ? (size_t)(comma - c) : strlen (c);
        sk_pack_strn (b, c, len);
        c += len + (comma != NULL);
    }
}

static void
test_citizens (void)
{
    SK_CASE_BEGIN ();
    int64_t mentor = s_party ("volunteer", "Mentor", "danish-language:3,homework-help", NULL, NULL,
                              "ar,da", "capacity", 2);
    CHECK_INT_GT (mentor, 0);
    CHECK (s_caught_up ());
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 3);
    sk_pack_kstr (&b, "ref", "sag-2026-117");
    s_list (&b, "needs", "danish-language:3");
    s_list (&b, "speaks", "ar");
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (staff, "match.citizen.add", s_tenant, &b, NULL, &r), "ok");
    int64_t citizen = itest_int (itest_body (&r), "id");
    CHECK_INT_GE (citizen, 1000000000000LL);
    sk_frame_release (&r);
    sk_pack_release (&b);
    sk_pack_init (&b);
    sk_pack_map (&b, 2);
    sk_pack_kstr (&b, "ref", "sag-x");
    s_list (&b, "needs", "Dansk!");
    CHECK_STR_EQ (itest_call (staff, "match.citizen.add", s_tenant, &b, NULL, &r),
                  "invalid_argument");
    CHECK_STR_EQ (itest_field (&r), "needs[0]");
    sk_frame_release (&r);
    sk_pack_release (&b);
    CHECK_STR_EQ (s_run ("volunteer-citizen", &r), "ok");
    const msgpack_object *items = sk_obj_get (itest_body (&r), "items");
    CHECK_INT_EQ (itest_size (items), 1);
    if (items && items->via.array.size == 1) {
        const msgpack_object *p = &items->via.array.ptr[0];
        CHECK_INT_EQ (itest_int (p, "left"), mentor);
        CHECK_INT_EQ (itest_int (p, "right"), citizen);
        //  danish-language: only the mentor has it here, w = 1000, 3 x 3 / 4;
        //  and both speak ar
        int64_t holders = 1;
        CHECK_INT_EQ (itest_int (p, "score"), (100 + 900 / holders) * 3 * 3 / 4 + 50);
    }
    sk_frame_release (&r);
    CHECK_STR_EQ (itest_call (staff, "match.citizen.list", s_tenant, NULL, NULL, &r), "ok");
    items = sk_obj_get (itest_body (&r), "items");
    CHECK_INT_EQ (itest_size (items), 1);
    sk_frame_release (&r);
    //  Erased: gone from the copy, its proposal ended, nothing to list
    CHECK_STR_EQ (s_call_ints (staff, "match.citizen.erase", &r, 1, "id", citizen), "ok");
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (staff, "match.party.get", &r, 1, "id", citizen), "not_found");
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (staff, "match.citizen.erase", &r, 1, "id", citizen), "not_found");
    sk_frame_release (&r);
    CHECK_STR_EQ (s_call_ints (staff, "match.citizen.erase", &r, 1, "id", mentor), "not_found");
    sk_frame_release (&r);
    sk_pack_init (&b);
    sk_pack_map (&b, 2);
    sk_pack_kint (&b, "party", citizen);
    sk_pack_kstr (&b, "state", "proposed");
    CHECK_STR_EQ (itest_call (staff, "match.proposal.list", s_tenant, &b, NULL, &r), "ok");
    CHECK_INT_EQ (itest_size (sk_obj_get (itest_body (&r), "items")), 0);
    sk_frame_release (&r);
    sk_pack_release (&b);
    SK_CASE_END ("match mentors for citizens: a case reference and needs only, matched, erased");
}

//  Bad input is refused naming the field, and the service keeps answering.
static void
test_bad_input (void)
{
    SK_CASE_BEGIN ();
    char long_title[300];
    memset (long_title, 'x', sizeof long_title - 1);
    long_title[sizeof long_title - 1] = 0;
    struct {
        const char *op, *key, *str; //  one string field, or
        int64_t num;                //  one integer field when str is NULL
        const char *field;          //  the field the error names
    } cases[] = {
        { "match.party.suggest", "id", "x", 0, "id" },
        { "match.party.suggest", "id", NULL, 0, "id" },
        { "match.proposal.run", "kind", NULL, 5, "kind" },
        { "match.proposal.run", "kind", "friends", 0, "kind" },
        { "match.proposal.list", "limit", NULL, 0, "limit" },
        { "match.proposal.accept", "id", NULL, -3, "id" },
        { "match.agreement.create", "title", long_title, 0, "title" },
        { "match.speeddate.create", "name", "x", 0, "starts_at" },
        { "match.meeting.minutes", "id", NULL, 1, "how_it_goes" },
        { "match.citizen.add", "ref", "x", 0, "needs" },
        { "match.agreement.status", "status", "finished", 0, "id" },
        { "match.feed.status", "frob", "x", 0, "frob" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sk_pack_t b;
        sk_pack_init (&b);
        sk_pack_map (&b, 1);
        if (cases[i].str)
            sk_pack_kstr (&b, cases[i].key, cases[i].str);
        else
            sk_pack_kint (&b, cases[i].key, cases[i].num);
        sk_frame_t r;
        const char *code = itest_call (staff, cases[i].op, s_tenant, &b, NULL, &r);
        if (!streq (code, "invalid_argument") || !streq (itest_field (&r), cases[i].field))
            printf ("#   %s %s: %s field \"%s\" (%s)\n", cases[i].op, cases[i].key, code,
                    itest_field (&r), itest_message (&r));
        CHECK_STR_EQ (code, "invalid_argument");
        CHECK_STR_EQ (itest_field (&r), cases[i].field);
        sk_frame_release (&r);
        sk_pack_release (&b);
    }
    //  51 needs: over the bound
    sk_pack_t b;
    sk_pack_init (&b);
    sk_pack_map (&b, 2);
    sk_pack_kstr (&b, "ref", "x");
    sk_pack_str (&b, "needs");
    sk_pack_array (&b, 51);
    for (int i = 0; i < 51; i++)
        sk_pack_str (&b, "mentoring");
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (staff, "match.citizen.add", s_tenant, &b, NULL, &r),
                  "invalid_argument");
    CHECK_STR_EQ (itest_field (&r), "needs");
    sk_frame_release (&r);
    sk_pack_release (&b);
    CHECK_STR_EQ (itest_call (staff, "match.service.ping", s_tenant, NULL, NULL, &r), "ok");
    sk_frame_release (&r);
    SK_CASE_END ("match refuses bad input naming the field");
}

static void
test_tenant_wall (void)
{
    SK_CASE_BEGIN ();
    sk_frame_t ping;
    CHECK_STR_EQ (itest_call (staff, "match.service.ping", s_tenant, NULL, NULL, &ping), "ok");
    const msgpack_object *ops = sk_obj_get (itest_body (&ping), "ops");
    CHECK_INT_GE (itest_size (ops), 20);
    static const char *readers[] = { "match.feed.status",
                                     "match.party.get",
                                     "match.party.suggest",
                                     "match.proposal.list",
                                     "match.proposal.get",
                                     "match.agreement.get",
                                     "match.agreement.list",
                                     "match.meeting.list",
                                     "match.action.list",
                                     "match.speeddate.schedule",
                                     "match.citizen.list",
                                     "match.speeddate.list",
                                     NULL };
    int refused = 0;
    for (uint32_t i = 0; ops && i < ops->via.array.size; i++) {
        char op[80];
        sk_obj_str_copy (&ops->via.array.ptr[i], op, sizeof op);
        sk_frame_t r;
        const char *code = s_call_ints (other, op, &r, 2, "id", pa, "event", (int64_t)1);
        if (!streq (code, "forbidden"))
            printf ("#   %s by 0461 for 0730: %s\n", op, code);
        refused += streq (code, "forbidden");
        sk_frame_release (&r);
        bool reader = false;
        for (int k = 0; readers[k]; k++)
            reader |= streq (readers[k], op);
        code = s_call_ints (auditor, op, &r, 1, "id", pa);
        if (reader == streq (code, "forbidden"))
            printf ("#   %s by the auditor: %s\n", op, code);
        CHECK_INT_NE (reader, streq (code, "forbidden"));
        sk_frame_release (&r);
    }
    CHECK_INT_EQ (refused, ops ? ops->via.array.size : 1);
    sk_frame_release (&ping);
    SK_CASE_END ("match refuses every op for another municipality and writes for auditors");
}

//  The ops samskab-web uses to act for a party (match.own.*) answer only a
//  service certificate for all municipalities: staff, an admin and a
//  service of one municipality are refused, whatever the body.
static void
test_own_ops_forbidden (void)
{
    SK_CASE_BEGIN ();
    static const char *ops[] = { "match.own.proposals",
                                 "match.own.accept",
                                 "match.own.decline",
                                 "match.own.agreements",
                                 "match.own.minutes",
                                 "match.own.speeddates",
                                 "match.own.speeddate",
                                 "match.own.join",
                                 "match.own.interest",
                                 "match.own.schedule",
                                 NULL };
    sk_client_t *one = itest_client ("match", "jobcenter-0730");
    sk_client_t *callers[] = { staff, admin, one };
    for (int c = 0; c < 3; c++)
        for (int i = 0; ops[i]; i++) {
            sk_frame_t r;
            const char *code = s_call_ints (callers[c], ops[i], &r, 3, "party", (int64_t)1, "event",
                                            (int64_t)1, "id", (int64_t)1);
            if (!streq (code, "forbidden"))
                fprintf (stdout, "#   %s by caller %d: %s\n", ops[i], c, code);
            CHECK_STR_EQ (code, "forbidden");
            sk_frame_release (&r);
        }
    sk_client_destroy (&one);
    SK_CASE_END ("match.own.* refuse staff, an admin and a service of one municipality");
}

static const itest_case_t s_cases[] = { { "feed_and_explanations", test_feed_and_explanations },
                                        { "registry_down", test_registry_down },
                                        { "volunteers_and_mentors", test_volunteers_and_mentors },
                                        { "run_and_decisions", test_run_and_decisions },
                                        { "expiry", test_expiry },
                                        { "agreements", test_agreements },
                                        { "speeddate", test_speeddate },
                                        { "followup", test_followup },
                                        { "two_kinds", test_two_kinds },
                                        { "citizens", test_citizens },
                                        { "bad_input", test_bad_input },
                                        { "tenant_wall", test_tenant_wall },
                                        { "own_ops_forbidden", test_own_ops_forbidden },
                                        { NULL } };

int
main (int argc, char **argv)
{
    snprintf (tag, sizeof tag, "%d", (int)getpid () % 100000);
    staff = itest_client ("match", "staff-0730");
    other = itest_client ("match", "staff-0461");
    auditor = itest_client ("match", "auditor-0730");
    admin = itest_client ("match", "admin");
    reg_staff = itest_client ("registry", "staff-0730");
    reg_admin = itest_client ("registry", "admin");
    int rc = itest_cases (s_cases, argc, argv);
    sk_client_destroy (&staff);
    sk_client_destroy (&other);
    sk_client_destroy (&auditor);
    sk_client_destroy (&admin);
    sk_client_destroy (&reg_staff);
    sk_client_destroy (&reg_admin);
    return rc;
}
