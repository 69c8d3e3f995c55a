/*  cli_matchsvc.c: samskab match|speeddate|agreement ... on the match
    service (the offline `match solve` and `speeddate plan` on files are
    cli_match.c).

    Most commands are one row of s_specs: the op, the positional arguments
    (body keys) and the options (body keys and types), and how the reply
    prints. Suggestions print their explanations line by line; a personal
    speed-dating schedule prints as text or is written as an .ics file
    (RFC 5545: CRLF lines folded at 75 octets, UID, DTSTAMP, DTSTART and
    DTEND in UTC).
*/
#include <czmq.h>
#include <time.h>

#include "cli.h"

//  An option: its name, the body key and its type ('s' string, 'i' integer,
//  'b' flag that packs true, 'L' a list "a,b" packed as an array of
//  strings, 'P' a party "ID:ROLE[:CONTRIBUTES]", repeatable, into
//  "parties")
typedef struct {
    const char *option;
    const char *key;
    char type;
} s_opt_t;

typedef enum { S_RECORD, S_ITEMS } s_print_t;

typedef struct {
    const char *noun, *verb;
    const char *op;
    const char *positional; //  "id:i,party:i": body keys of the arguments
    const s_opt_t *opts;
    s_print_t print;
    const char *const *columns; //  S_ITEMS
} s_spec_t;

static const s_opt_t s_no_opts[] = { { NULL, NULL, 0 } };
static const s_opt_t s_suggest_opts[] = {
    { "for", "id", 'i' }, { "kind", "kind", 's' }, { "limit", "limit", 'i' }, { NULL, NULL, 0 }
};
static const s_opt_t s_run_opts[] = { { "limit", "limit", 'i' }, { NULL, NULL, 0 } };
static const s_opt_t s_proposals_opts[] = { { "state", "state", 's' }, { "party", "party", 'i' },
                                            { "kind", "kind", 's' },   { "limit", "limit", 'i' },
                                            { "after", "after", 'i' }, { NULL, NULL, 0 } };
static const s_opt_t s_decide_opts[] = { { "party", "party", 'i' },
                                         { "reason", "reason", 's' },
                                         { NULL, NULL, 0 } };
static const s_opt_t s_agreement_opts[] = { { "title", "title", 's' },
                                            { "purpose", "purpose", 's' },
                                            { "target-group", "target_group", 's' },
                                            { "start", "starts_on", 's' },
                                            { "end", "ends_on", 's' },
                                            { "frequency", "frequency", 's' },
                                            { "shortfall", "shortfall", 's' },
                                            { "cadence", "cadence", 's' },
                                            { "party", "parties", 'P' },
                                            { "version", "version", 'i' },
                                            { NULL, NULL, 0 } };
static const s_opt_t s_agreement_list_opts[] = { { "status", "status", 's' },
                                                 { "party", "party", 'i' },
                                                 { NULL, NULL, 0 } };
static const s_opt_t s_meeting_opts[] = { { "state", "state", 's' }, { NULL, NULL, 0 } };
static const s_opt_t s_minutes_opts[] = {
    { "held-on", "held_on", 's' },     { "how", "how_it_goes", 's' },
    { "improved", "improved", 's' },   { "challenges", "challenges", 's' },
    { "next-goal", "next_goal", 's' }, { NULL, NULL, 0 }
};
static const s_opt_t s_action_opts[] = { { "what", "what", 's' },
                                         { "owner", "owner", 's' },
                                         { "due", "due_on", 's' },
                                         { "meeting", "meeting", 'i' },
                                         { NULL, NULL, 0 } };
static const s_opt_t s_actions_opts[] = { { "open", "open", 'b' }, { NULL, NULL, 0 } };
static const s_opt_t s_event_opts[] = {
    { "name", "name", 's' },         { "starts-at", "starts_at", 's' },
    { "rounds", "rounds", 'i' },     { "tables", "tables", 'i' },
    { "minutes", "minutes", 'i' },   { "pause", "pause", 'i' },
    { "location", "location", 's' }, { NULL, NULL, 0 }
};
static const s_opt_t s_citizen_opts[] = { { "ref", "ref", 's' },
                                          { "area", "area", 'i' },
                                          { "needs", "needs", 'L' },
                                          { "speaks", "speaks", 'L' },
                                          { "availability", "availability", 's' },
                                          { NULL, NULL, 0 } };
static const s_opt_t s_join_opts[] = { { "max", "max_meetings", 'i' }, { NULL, NULL, 0 } };
static const s_opt_t s_interest_opts[] = { { "weight", "weight", 'i' }, { NULL, NULL, 0 } };

static const char *const s_proposal_cols[] = { "id",         "kind",       "left_id", "left_name",
                                               "right_id",   "right_name", "score",   "state",
                                               "expires_at", NULL };
static const char *const s_agreement_cols[] = { "id",      "title",   "status",       "starts_on",
                                                "ends_on", "cadence", "next_meeting", NULL };
static const char *const s_meeting_cols[] = { "id",     "agreement_id", "title",   "n",
                                              "due_on", "state",        "held_on", NULL };
static const char *const s_action_cols[] = { "id",    "agreement_id", "meeting_id", "what",
                                             "owner", "due_on",       "done",       NULL };

static const char *const s_citizen_cols[] = { "id",     "ref",          "area", "needs",
                                              "speaks", "availability", NULL };

static const s_spec_t s_specs[] = {
    { "match", "suggest", "match.party.suggest", "", s_suggest_opts, S_RECORD, NULL },
    { "match", "run", "match.proposal.run", "kind:s", s_run_opts, S_RECORD, NULL },
    { "match", "proposals", "match.proposal.list", "", s_proposals_opts, S_ITEMS, s_proposal_cols },
    { "match", "proposal", "match.proposal.get", "id:i", s_no_opts, S_RECORD, NULL },
    { "match", "accept", "match.proposal.accept", "id:i", s_decide_opts, S_RECORD, NULL },
    { "match", "decline", "match.proposal.decline", "id:i", s_decide_opts, S_RECORD, NULL },
    { "match", "feed", "match.feed.status", "", s_no_opts, S_RECORD, NULL },
    { "match", "sweep", "match.sweep.run", "", s_no_opts, S_RECORD, NULL },
    { "agreement", "add", "match.agreement.create", "", s_agreement_opts, S_RECORD, NULL },
    { "agreement", "update", "match.agreement.update", "id:i", s_agreement_opts, S_RECORD, NULL },
    { "agreement", "show", "match.agreement.get", "id:i", s_no_opts, S_RECORD, NULL },
    { "agreement", "list", "match.agreement.list", "", s_agreement_list_opts, S_ITEMS,
      s_agreement_cols },
    { "agreement", "status", "match.agreement.status", "id:i,status:s", s_no_opts, S_RECORD, NULL },
    { "agreement", "meeting", "match.meeting.list", "?agreement:i", s_meeting_opts, S_ITEMS,
      s_meeting_cols },
    { "agreement", "minutes", "match.meeting.minutes", "id:i", s_minutes_opts, S_RECORD, NULL },
    { "agreement", "action", "match.action.add", "agreement:i", s_action_opts, S_RECORD, NULL },
    { "agreement", "done", "match.action.done", "id:i", s_no_opts, S_RECORD, NULL },
    { "agreement", "actions", "match.action.list", "?agreement:i", s_actions_opts, S_ITEMS,
      s_action_cols },
    { "match", "citizen", "match.citizen.add", "", s_citizen_opts, S_RECORD, NULL },
    { "match", "citizens", "match.citizen.list", "", s_no_opts, S_ITEMS, s_citizen_cols },
    { "match", "forget", "match.citizen.erase", "id:i", s_no_opts, S_RECORD, NULL },
    { "speeddate", "create", "match.speeddate.create", "", s_event_opts, S_RECORD, NULL },
    { "speeddate", "join", "match.speeddate.join", "event:i,party:i", s_join_opts, S_RECORD, NULL },
    { "speeddate", "interest", "match.speeddate.interest", "event:i,from:i,to:i", s_interest_opts,
      S_RECORD, NULL },
    { "speeddate", "plan-event", "match.speeddate.plan", "event:i", s_no_opts, S_RECORD, NULL },
    { NULL, NULL, NULL, NULL, NULL, S_RECORD, NULL }
};

static const s_spec_t *
s_spec (const char *noun, const char *verb)
{
    for (const s_spec_t *s = s_specs; s->noun; s++)
        if (streq (s->noun, noun) && streq (s->verb, verb))
            return s;
    return NULL;
}

//  An integer argument; false with a usage message if it is not one.
static bool
s_int (const char *noun, const char *verb, const char *what, const char *text, int64_t *v)
{
    char *end;
    errno = 0;
    long long n = strtoll (text, &end, 10);
    if (!*text || *end || errno) {
        cli_usage_error (noun, verb, "%s must be an integer, not \"%s\"", what, text);
        return false;
    }
    *v = n;
    return true;
}

//  Pack a party option "ID:ROLE[:CONTRIBUTES]".
static bool
s_party (const char *noun, const char *verb, const char *text, sk_pack_t *p)
{
    char *copy = strdup (text);
    char *role = strchr (copy, ':');
    char *contributes = role ? strchr (role + 1, ':') : NULL;
    if (role)
        *role++ = 0;
    if (contributes)
        *contributes++ = 0;
    int64_t id;
    bool ok = role && *role && s_int (noun, verb, "--party ID", copy, &id);
    if (!role || !*role)
        cli_usage_error (noun, verb, "--party takes ID:ROLE[:CONTRIBUTES], not \"%s\"", text);
    if (ok) {
        sk_pack_map (p, contributes ? 3 : 2);
        sk_pack_kint (p, "party", id);
        sk_pack_kstr (p, "role", role);
        if (contributes)
            sk_pack_kstr (p, "contributes", contributes);
    }
    free (copy);
    return ok;
}

//  Build the request body from positional arguments and options.
static int
s_body (const s_spec_t *s, int argc, char **argv, sk_pack_t *body)
{
    sk_pack_t pairs, parties;
    sk_pack_init (&pairs);
    sk_pack_init (&parties);
    uint32_t n = 0, nparties = 0;
    int rc = CLI_OK;
    //  Positional arguments, in the order of s->positional
    char spec[128];
    snprintf (spec, sizeof spec, "%s", s->positional);
    char *save = NULL;
    int arg = 1;
    for (char *k = strtok_r (spec, ",", &save); k && rc == CLI_OK;
         k = strtok_r (NULL, ",", &save)) {
        bool optional = *k == '?';
        char *key = optional ? k + 1 : k, *type = strchr (key, ':');
        *type++ = 0;
        if (arg >= argc || !strncmp (argv[arg], "--", 2)) {
            if (!optional)
                rc = cli_usage_error (s->noun, s->verb, "missing %s", key);
            break;
        }
        int64_t v;
        sk_pack_str (&pairs, key);
        if (*type == 'i') {
            if (!s_int (s->noun, s->verb, key, argv[arg], &v))
                rc = CLI_USAGE;
            sk_pack_int (&pairs, v);
        } else
            sk_pack_str (&pairs, argv[arg]);
        n++;
        arg++;
    }
    for (; rc == CLI_OK && arg < argc; arg++) {
        const s_opt_t *o = s->opts;
        const char *value = NULL;
        for (; o->option; o++) {
            if (o->type == 'b') {
                char flag[64];
                snprintf (flag, sizeof flag, "--%s", o->option);
                if (streq (argv[arg], flag))
                    break;
            } else if ((value = cli_option (argc, argv, &arg, o->option)))
                break;
        }
        if (!o->option) {
            rc = cli_usage_error (s->noun, s->verb, "unknown argument \"%s\"", argv[arg]);
            break;
        }
        if (o->type == 'P') {
            if (!s_party (s->noun, s->verb, value, &parties))
                rc = CLI_USAGE;
            nparties++;
            continue;
        }
        sk_pack_str (&pairs, o->key);
        n++;
        int64_t v;
        if (o->type == 'b')
            sk_pack_bool (&pairs, true);
        else if (o->type == 'i') {
            if (!s_int (s->noun, s->verb, o->option, value, &v))
                rc = CLI_USAGE;
            sk_pack_int (&pairs, v);
        } else if (o->type == 'L') {
            uint32_t count = *value ? 1 : 0;
            for (const char *c = value; *c; c++)
                count += *c == ',';
            sk_pack_array (&pairs, count);
            for (const char *c = value; *c;) {
                const char *comma = strchr (c, ',');
                size_t len = comma ? (size_t)(comma - c) : strlen (c);
                sk_pack_strn (&pairs, c, len);
                c += len + (comma != NULL);
            }
        } else
            sk_pack_str (&pairs, value);
    }
    //  agreement add always names its parties (an empty list is refused)
    bool want_parties = nparties || streq (s->op, "match.agreement.create");
    sk_pack_map (body, n + want_parties);
    sk_pack_raw (body, pairs.buf.data, pairs.buf.size);
    if (want_parties) {
        sk_pack_str (body, "parties");
        sk_pack_array (body, nparties);
        sk_pack_raw (body, parties.buf.data, parties.buf.size);
    }
    sk_pack_release (&pairs);
    sk_pack_release (&parties);
    return rc;
}

//  A string field of a map into buf ("" if absent).
static const char *
s_str (const msgpack_object *map, const char *key, char *buf, size_t size)
{
    if (sk_obj_str_copy (sk_obj_get (map, key), buf, size))
        buf[0] = 0;
    return buf;
}

static int64_t
s_num (const msgpack_object *map, const char *key)
{
    int64_t v;
    return sk_obj_int (sk_obj_get (map, key), &v) ? v : 0;
}

//  One line per contribution of an explanation.
static void
s_print_explanation (const msgpack_object *ex)
{
    for (uint32_t i = 0; ex && ex->type == MSGPACK_OBJECT_ARRAY && i < ex->via.array.size; i++) {
        const msgpack_object *c = &ex->via.array.ptr[i];
        char reason[32], term[80];
        s_str (c, "reason", reason, sizeof reason);
        s_str (c, "term", term, sizeof term);
        int64_t points = s_num (c, "points");
        if (streq (reason, "competence"))
            printf ("    %+6lld  %s: %lld has it (level %lld), %lld needs it (level %lld); "
                    "%lld in the municipality have it, weight %lld\n",
                    (long long)points, term, (long long)s_num (c, "from"),
                    (long long)s_num (c, "has_level"), (long long)s_num (c, "to"),
                    (long long)s_num (c, "needs_level"), (long long)s_num (c, "holders"),
                    (long long)s_num (c, "weight"));
        else if (streq (reason, "two_way"))
            printf ("    %+6lld  both give something the other needs\n", (long long)points);
        else if (streq (reason, "target_group"))
            printf ("    %+6lld  both serve %s\n", (long long)points, term);
        else if (streq (reason, "language"))
            printf ("    %+6lld  both speak %s\n", (long long)points, term);
        else if (streq (reason, "volunteers"))
            printf ("    %+6lld  %lld has the volunteers (%lld active), %lld the target group\n",
                    (long long)points, (long long)s_num (c, "from"),
                    (long long)s_num (c, "active_volunteers"), (long long)s_num (c, "to"));
        else if (streq (reason, "mentor"))
            printf ("    %+6lld  %lld (%lld members) can mentor %lld, a new association\n",
                    (long long)points, (long long)s_num (c, "from"),
                    (long long)s_num (c, "members"), (long long)s_num (c, "to"));
        else if (streq (reason, "area"))
            printf ("    %+6lld  same area (%lld)\n", (long long)points,
                    (long long)s_num (c, "area"));
        else
            printf ("    %+6lld  %s %s\n", (long long)points, reason, term);
    }
}

static void
s_print_suggestions (cli_t *cli, const msgpack_object *body)
{
    if (cli->json) {
        cli_print_json (stdout, body);
        printf ("\n");
        return;
    }
    const msgpack_object *items = sk_obj_get (body, "items");
    printf ("partners for %s %lld (room for %lld more):\n",
            s_str (body, "kind", (char[16]){ 0 }, 16), (long long)s_num (body, "id"),
            (long long)s_num (body, "capacity_left"));
    if (!items || items->via.array.size == 0)
        printf ("  none\n");
    for (uint32_t i = 0; items && i < items->via.array.size; i++) {
        const msgpack_object *it = &items->via.array.ptr[i];
        char name[256], kind[32], partnership[48];
        s_str (it, "name", name, sizeof name);
        printf ("  %lld %s (%s, %s): score %lld\n", (long long)s_num (it, "id"),
                *name ? name : "(volunteer)", s_str (it, "kind", kind, sizeof kind),
                s_str (it, "partnership", partnership, sizeof partnership),
                (long long)s_num (it, "score"));
        s_print_explanation (sk_obj_get (it, "explanation"));
    }
}

static int
s_command (cli_t *cli, const char *noun, int argc, char **argv)
{
    const s_spec_t *s = s_spec (noun, argv[0]);
    if (!s)
        return cli_usage_error (noun, argv[0], "unknown command");
    sk_pack_t body;
    sk_pack_init (&body);
    int rc = s_body (s, argc, argv, &body);
    if (rc == CLI_OK && streq (s->op, "match.party.suggest")) {
        //  --for is required: checked by the service, named here first
        bool given = false;
        for (int i = 1; i < argc; i++)
            given |= !strncmp (argv[i], "--for", 5);
        if (!given)
            rc = cli_usage_error (noun, argv[0], "give the party with --for ID");
    }
    if (rc != CLI_OK) {
        sk_pack_release (&body);
        return rc;
    }
    sk_frame_t reply;
    rc = cli_call (cli, "match", s->op, &body, &reply);
    sk_pack_release (&body);
    if (rc == CLI_OK) {
        const msgpack_object *b = cli_body (&reply);
        if (streq (s->op, "match.party.suggest"))
            s_print_suggestions (cli, b);
        else if (streq (s->op, "match.proposal.get") && !cli->json) {
            cli_print_record (cli, b);
            printf ("explanation:\n");
            s_print_explanation (sk_obj_get (b, "explanation"));
        } else if (streq (s->op, "match.agreement.get") && !cli->json) {
            static const char *const parties[] = { "party", "kind",        "name",
                                                   "role",  "contributes", NULL };
            cli_print_record (cli, sk_obj_get (b, "agreement"));
            printf ("\nparties:\n");
            cli_print_items (cli, sk_obj_get (b, "parties"), parties);
            printf ("\nstatus meetings:\n");
            cli_print_items (cli, sk_obj_get (b, "meetings"), s_meeting_cols);
            printf ("\nactions:\n");
            cli_print_items (cli, sk_obj_get (b, "actions"), s_action_cols);
        } else if (s->print == S_ITEMS)
            cli_print_items (cli, sk_obj_get (b, "items"), s->columns);
        else
            cli_print_record (cli, b);
    }
    sk_frame_release (&reply);
    return rc;
}

//  --------------------------------------------------------------------------
//  Personal schedules

//  "2026-12-03T17:00:00Z" -> "20261203T170000Z"
static void
s_ics_time (const char *rfc3339, char *out)
{
    size_t n = 0;
    for (const char *s = rfc3339; *s && n < 16; s++)
        if (*s != '-' && *s != ':')
            out[n++] = *s;
    out[n] = 0;
}

//  Write one content line: escaped text, folded at 75 octets (not inside a
//  UTF-8 sequence), CRLF.
static void
s_ics_line (FILE *f, const char *name, const char *value, bool text)
{
    char line[2048];
    size_t n = (size_t)snprintf (line, sizeof line, "%s:", name);
    for (const char *s = value; *s && n < sizeof line - 3; s++) {
        if (text && (*s == '\\' || *s == ';' || *s == ',')) {
            line[n++] = '\\';
            line[n++] = *s;
        } else if (text && *s == '\n') {
            line[n++] = '\\';
            line[n++] = 'n';
        } else
            line[n++] = *s;
    }
    line[n] = 0;
    size_t width = 0;
    for (size_t i = 0; i < n; i++) {
        bool continuation = ((unsigned char)line[i] & 0xC0) == 0x80;
        if (width >= 75 && !continuation) {
            fputs ("\r\n ", f);
            width = 1;
        }
        fputc (line[i], f);
        width++;
    }
    fputs ("\r\n", f);
}

static int
s_schedule (cli_t *cli, const char *noun, int argc, char **argv)
{
    int64_t event = 0, party = 0;
    const char *ics = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if ((v = cli_option (argc, argv, &i, "party"))) {
            if (!s_int (noun, "schedule", "--party", v, &party))
                return CLI_USAGE;
        } else if ((v = cli_option (argc, argv, &i, "ics")))
            ics = v;
        else if (!event && strncmp (argv[i], "--", 2)) {
            if (!s_int (noun, "schedule", "EVENT", argv[i], &event))
                return CLI_USAGE;
        } else
            return cli_usage_error (noun, "schedule", "unknown argument \"%s\"", argv[i]);
    }
    if (!event)
        return cli_usage_error (noun, "schedule", "missing the event id");
    if (ics && !party)
        return cli_usage_error (noun, "schedule",
                                "--ics writes one participant's "
                                "calendar: give --party ID");
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, party ? 2 : 1);
    sk_pack_kint (&body, "event", event);
    if (party)
        sk_pack_kint (&body, "party", party);
    sk_frame_t reply;
    int rc = cli_call (cli, "match", "match.speeddate.schedule", &body, &reply);
    sk_pack_release (&body);
    if (rc != CLI_OK) {
        sk_frame_release (&reply);
        return rc;
    }
    const msgpack_object *b = cli_body (&reply);
    const msgpack_object *ev = sk_obj_get (b, "event");
    const msgpack_object *items = sk_obj_get (b, "items");
    char name[256], location[256];
    s_str (ev, "name", name, sizeof name);
    s_str (ev, "location", location, sizeof location);
    if (ics) {
        FILE *f = fopen (ics, "wb");
        if (!f) {
            fprintf (stderr, "samskab: could not write \"%s\": %s\n", ics, strerror (errno));
            sk_frame_release (&reply);
            return CLI_USAGE;
        }
        char stamp[20];
        time_t now = time (NULL);
        strftime (stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime (&now));
        s_ics_line (f, "BEGIN", "VCALENDAR", false);
        s_ics_line (f, "VERSION", "2.0", false);
        s_ics_line (f, "PRODID", "-//samskab//speeddate//EN", false);
        s_ics_line (f, "CALSCALE", "GREGORIAN", false);
        for (uint32_t i = 0; items && i < items->via.array.size; i++) {
            const msgpack_object *m = &items->via.array.ptr[i];
            char starts[32], ends[32], t0[20], t1[20], with[256], uid[128], summary[600];
            s_ics_time (s_str (m, "starts_at", starts, sizeof starts), t0);
            s_ics_time (s_str (m, "ends_at", ends, sizeof ends), t1);
            s_str (m, "with_name", with, sizeof with);
            snprintf (uid, sizeof uid, "speeddate-%lld-%lld-round-%lld@samskab.%s",
                      (long long)event, (long long)party, (long long)s_num (m, "round"),
                      cli->tenant);
            snprintf (summary, sizeof summary, "%s: round %lld, table %lld with %s", name,
                      (long long)s_num (m, "round"), (long long)s_num (m, "table"),
                      *with ? with : "a volunteer");
            s_ics_line (f, "BEGIN", "VEVENT", false);
            s_ics_line (f, "UID", uid, false);
            s_ics_line (f, "DTSTAMP", stamp, false);
            s_ics_line (f, "DTSTART", t0, false);
            s_ics_line (f, "DTEND", t1, false);
            s_ics_line (f, "SUMMARY", summary, true);
            if (*location)
                s_ics_line (f, "LOCATION", location, true);
            s_ics_line (f, "END", "VEVENT", false);
        }
        s_ics_line (f, "END", "VCALENDAR", false);
        fclose (f);
        printf ("wrote %u meetings to %s\n", items ? items->via.array.size : 0, ics);
    } else if (cli->json) {
        cli_print_json (stdout, b);
        printf ("\n");
    } else {
        char starts[32];
        printf ("%s, %s%s%s\n", name, s_str (ev, "starts_at", starts, sizeof starts),
                *location ? ", " : "", location);
        int64_t last = -1;
        for (uint32_t i = 0; items && i < items->via.array.size; i++) {
            const msgpack_object *m = &items->via.array.ptr[i];
            char t0[32], t1[32], with[256];
            if (s_num (m, "party") != last) {
                last = s_num (m, "party");
                printf ("\nschedule of %lld:\n", (long long)last);
            }
            s_str (m, "with_name", with, sizeof with);
            printf ("  round %lld  %s - %s  table %lld  with %lld %s\n",
                    (long long)s_num (m, "round"), s_str (m, "starts_at", t0, sizeof t0),
                    s_str (m, "ends_at", t1, sizeof t1), (long long)s_num (m, "table"),
                    (long long)s_num (m, "with"), with);
        }
        if (!items || items->via.array.size == 0)
            printf ("no meetings (is the event planned? samskab speeddate plan-event ID)\n");
    }
    sk_frame_release (&reply);
    return CLI_OK;
}

const cli_command_t cli_matchsvc_commands[] = {
    { "match", "suggest", s_command, "--for ID [--kind KIND] [--limit N]",
      "best partners of a party with the reasons (from the match service)", false },
    { "match", "run", s_command, "KIND [--limit N]",
      "optimal assignment under capacities for the municipality, written as proposals "
      "(KIND: association-association, company-association, volunteer-institution, "
      "association-institution, volunteer-citizen)",
      false },
    { "match", "proposals", s_command, "[--state S] [--party ID] [--kind KIND]", "list proposals",
      false },
    { "match", "proposal", s_command, "ID", "show a proposal with its explanation", false },
    { "match", "accept", s_command, "ID --party ID", "accept a proposal for one side", false },
    { "match", "decline", s_command, "ID --party ID [--reason TEXT]",
      "decline a proposal for one side: the pair is never proposed again", false },
    { "match", "citizen", s_command,
      "--ref CASE-REF --needs TERM[:LEVEL],... [--speaks LANG,...] [--area ID] [--availability T]",
      "register a citizen who wants a mentor (no name: a case reference)", false },
    { "match", "citizens", s_command, "", "citizens waiting for or having a mentor", false },
    { "match", "forget", s_command, "ID", "erase a citizen and everything matching knows of them",
      false },
    { "match", "feed", s_command, "", "how far the match service's copy of the registry is",
      false },
    { "match", "sweep", s_command, "", "expire proposals and emit meeting events now (admin)",
      false },
    { "agreement", "add", s_command,
      "--title T --party ID:ROLE[:CONTRIBUTES]... [--purpose T] [--target-group T] "
      "[--start YYYY-MM-DD] [--end YYYY-MM-DD] [--frequency T] [--shortfall T] "
      "[--cadence quarterly|half_yearly]",
      "write a draft cooperation agreement (samarbejdsaftale)", false },
    { "agreement", "update", s_command, "ID --version V [the options of add]",
      "change a draft or running agreement (meetings not yet held follow new dates)", false },
    { "agreement", "show", s_command, "ID", "an agreement with its parties, meetings and actions",
      false },
    { "agreement", "list", s_command, "[--status S] [--party ID]", "list agreements", false },
    { "agreement", "status", s_command, "ID active|paused|ended",
      "start, pause or end an agreement (active schedules the status meetings)", false },
    { "agreement", "meeting", s_command, "[AGREEMENT] [--state planned|due|overdue|held]",
      "status meetings", false },
    { "agreement", "minutes", s_command,
      "MEETING --how TEXT [--improved T] [--challenges T] [--next-goal T] [--held-on YYYY-MM-DD]",
      "record the minutes of a status meeting", false },
    { "agreement", "action", s_command,
      "AGREEMENT --what T --owner WHO [--due YYYY-MM-DD] [--meeting ID]",
      "add an action with an owner and a due date", false },
    { "agreement", "done", s_command, "ACTION", "mark an action done", false },
    { "agreement", "actions", s_command, "[AGREEMENT] [--open]", "list actions", false },
    { "speeddate", "create", s_command,
      "--name N --starts-at 2026-12-03T17:00:00Z --rounds R --tables T --minutes M "
      "[--pause M] [--location L]",
      "create a speed-dating event on the match service", false },
    { "speeddate", "join", s_command, "EVENT PARTY [--max N]",
      "register an association or company for an event", false },
    { "speeddate", "interest", s_command, "EVENT FROM TO [--weight 1-10]",
      "a participant wants to meet another", false },
    { "speeddate", "plan-event", s_command, "EVENT",
      "plan an event exactly from the stated interests (speeddate plan FILE is the offline "
      "planner)",
      false },
    { "speeddate", "schedule", s_schedule, "EVENT [--party ID [--ics FILE]]",
      "personal schedules, printable or as an .ics calendar", false },
    { NULL, NULL, NULL, NULL, NULL, false }
};
