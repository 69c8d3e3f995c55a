/*  cli_overview.c: change history, advisors, stories and personal data. */
#include <czmq.h>

#include "cli_extra.h"

//  "samskab advisor assign ASSOCIATION --advisor NAME [--email E]"
static int
s_advisor_assign (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const cli_xopt_t opts[] = { { "advisor", "advisor", CLI_XOPT_STR },
                                       { "email", "email", CLI_XOPT_STR },
                                       { NULL, NULL, 0 } };
    return cli_id_command (cli, noun, argc, argv, "association", opts, "advisor.assign", NULL,
                           NULL);
}

static int
s_advisor_show (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const char *columns[] = { "advisor", "email", "since", "until", NULL };
    int64_t id;
    if (argc != 2 || cli_id_arg (noun, "show", argv[1], &id))
        return argc != 2 ? cli_usage_error (noun, "show", "advisor show takes an association id")
                         : CLI_USAGE;
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "association", id);
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", "registry.advisor.get", &body, &reply);
    if (rc == CLI_OK && cli->json)
        cli_print_record (cli, cli_body (&reply));
    else if (rc == CLI_OK) {
        char name[256];
        cli_format (sk_obj_get (cli_body (&reply), "advisor"), name, sizeof name);
        printf ("key advisor: %s\n", *name ? name : "(none)");
        cli_print_items (cli, sk_obj_get (cli_body (&reply), "history"), columns);
    }
    sk_frame_release (&reply);
    sk_pack_release (&body);
    return rc;
}

//  "samskab advisor session ASSOCIATION --date D [--notes T]
//   [--step 'WHO;WHAT;YYYY-MM-DD']..."
static int
s_advisor_session (cli_t *cli, const char *noun, int argc, char **argv)
{
    int64_t id;
    if (argc < 2 || cli_id_arg (noun, "session", argv[1], &id))
        return argc < 2
                   ? cli_usage_error (noun, "session", "advisor session needs an association id")
                   : CLI_USAGE;
    const char *date = NULL, *notes = NULL, *v;
    const char *steps[50];
    int nsteps = 0;
    for (int i = 2; i < argc; i++) {
        if ((v = cli_option (argc, argv, &i, "date")))
            date = v;
        else if ((v = cli_option (argc, argv, &i, "notes")))
            notes = v;
        else if ((v = cli_option (argc, argv, &i, "step"))) {
            int semis = 0;
            for (const char *c = v; *c; c++)
                semis += *c == ';';
            if (semis != 2 || nsteps == 50)
                return cli_usage_error (noun, "session", "--step is \"WHO;WHAT;YYYY-MM-DD\"");
            steps[nsteps++] = v;
        } else
            return cli_usage_error (noun, "session", "unknown option \"%s\"", argv[i]);
    }
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2 + (date != NULL) + (notes != NULL));
    sk_pack_kint (&body, "association", id);
    if (date)
        sk_pack_kstr (&body, "date", date);
    if (notes)
        sk_pack_kstr (&body, "notes", notes);
    sk_pack_str (&body, "steps");
    sk_pack_array (&body, (uint32_t)nsteps);
    for (int k = 0; k < nsteps; k++) {
        const char *a = steps[k], *b = strchr (a, ';') + 1, *c = strchr (b, ';') + 1;
        sk_pack_map (&body, 3);
        sk_pack_str (&body, "who");
        sk_pack_strn (&body, a, (size_t)(b - a - 1));
        sk_pack_str (&body, "what");
        sk_pack_strn (&body, b, (size_t)(c - b - 1));
        sk_pack_kstr (&body, "due", c);
    }
    int rc = cli_registry_print (cli, "session.create", &body, NULL, NULL);
    sk_pack_release (&body);
    return rc;
}

static const char *s_step_columns[] = { "id",   "due",     "association_name", "who",
                                        "what", "advisor", "done_at",          NULL };

static int
s_advisor_sessions (cli_t *cli, const char *noun, int argc, char **argv)
{
    int64_t id;
    if (argc != 2 || cli_id_arg (noun, "sessions", argv[1], &id))
        return argc != 2
                   ? cli_usage_error (noun, "sessions", "advisor sessions takes an association id")
                   : CLI_USAGE;
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "association", id);
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", "registry.session.list", &body, &reply);
    const msgpack_object *items = rc == CLI_OK ? sk_obj_get (cli_body (&reply), "items") : NULL;
    if (rc == CLI_OK && cli->json)
        cli_print_items (cli, items, NULL);
    else if (rc == CLI_OK && items && items->type == MSGPACK_OBJECT_ARRAY)
        for (uint32_t i = 0; i < items->via.array.size; i++) {
            const msgpack_object *s = &items->via.array.ptr[i];
            char date[16], advisor[256], notes[4096];
            cli_format (sk_obj_get (s, "date"), date, sizeof date);
            cli_format (sk_obj_get (s, "advisor"), advisor, sizeof advisor);
            cli_format (sk_obj_get (s, "notes"), notes, sizeof notes);
            int64_t sid = 0;
            sk_obj_int (sk_obj_get (s, "id"), &sid);
            printf ("%s  session %" PRId64 " with %s\n  %s\n", date, sid,
                    *advisor ? advisor : "(no key advisor)", notes);
            cli_print_items (cli, sk_obj_get (s, "steps"), s_step_columns);
        }
    sk_frame_release (&reply);
    sk_pack_release (&body);
    return rc;
}

static int
s_advisor_done (cli_t *cli, const char *noun, int argc, char **argv)
{
    return cli_id_command (cli, noun, argc, argv, "id", NULL, "step.done", NULL, NULL);
}

static int
s_advisor_overdue (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const cli_xopt_t opts[] = { { "today", "today", CLI_XOPT_STR },
                                       { "limit", "limit", CLI_XOPT_INT },
                                       { NULL, NULL, 0 } };
    sk_pack_t body;
    sk_pack_init (&body);
    int got;
    int rc = cli_opts_body (noun, opts, argc, argv, NULL, 0, &body, NULL, 0, &got);
    if (rc == CLI_OK)
        rc = cli_registry_print (cli, "step.overdue", &body, "items", s_step_columns);
    sk_pack_release (&body);
    return rc;
}

static const char *s_story_columns[] = { "id", "date", "title", "consent", "parties", NULL };

static int
s_story_add (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const cli_xopt_t opts[] = {
        { "title", "title", CLI_XOPT_STR },      { "text", "text", CLI_XOPT_STR },
        { "date", "date", CLI_XOPT_STR },        { "consent", "consent", CLI_XOPT_YESNO },
        { "parties", "parties", CLI_XOPT_LIST }, { NULL, NULL, 0 }
    };
    //  Party ids go as integers: pack --parties ourselves
    sk_pack_t fixed, body;
    sk_pack_init (&fixed);
    sk_pack_init (&body);
    char *rest[32];
    int nrest = 0, nfixed = 0, rc = CLI_OK;
    for (int i = 0; i < argc && rc == CLI_OK; i++) {
        const char *v;
        if (i > 0 && (v = cli_option (argc, argv, &i, "parties"))) {
            uint32_t n = 0;
            for (const char *c = v; *c; c++)
                n += *c == ',';
            sk_pack_str (&fixed, "parties");
            sk_pack_array (&fixed, *v ? n + 1 : 0);
            for (const char *c = v; *c;) {
                char *end;
                long long id = strtoll (c, &end, 10);
                if (end == c || (*end && *end != ',') || id <= 0) {
                    rc = cli_usage_error (noun, "add", "--parties is a list of party ids");
                    break;
                }
                sk_pack_int (&fixed, id);
                c = *end ? end + 1 : end;
            }
            nfixed = 1;
        } else if (nrest < 32)
            rest[nrest++] = argv[i];
        else
            rc = cli_usage_error (noun, "add", "too many arguments");
    }
    int got;
    if (rc == CLI_OK)
        rc = cli_opts_body (noun, opts, nrest, rest, &fixed, nfixed, &body, NULL, 0, &got);
    if (rc == CLI_OK)
        rc = cli_registry_print (cli, "story.create", &body, NULL, NULL);
    sk_pack_release (&fixed);
    sk_pack_release (&body);
    return rc;
}

static int
s_story_consent (cli_t *cli, const char *noun, int argc, char **argv)
{
    if (argc != 3 || (!streq (argv[2], "yes") && !streq (argv[2], "no")))
        return cli_usage_error (noun, "consent", "story consent takes an id and yes or no");
    int64_t id;
    if (cli_id_arg (noun, "consent", argv[1], &id))
        return CLI_USAGE;
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kint (&body, "id", id);
    sk_pack_kbool (&body, "consent", streq (argv[2], "yes"));
    int rc = cli_registry_print (cli, "story.consent", &body, NULL, NULL);
    sk_pack_release (&body);
    return rc;
}

static int
s_story_list (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const cli_xopt_t opts[] = { { "limit", "limit", CLI_XOPT_INT }, { NULL, NULL, 0 } };
    sk_pack_t body;
    sk_pack_init (&body);
    int got;
    int rc = cli_opts_body (noun, opts, argc, argv, NULL, 0, &body, NULL, 0, &got);
    if (rc == CLI_OK)
        rc = cli_registry_print (cli, "story.list", &body, "items", s_story_columns);
    sk_pack_release (&body);
    return rc;
}

//  Text escaped for XML character data and attribute values.
static void
s_xml (FILE *out, const msgpack_object *obj)
{
    if (!obj || obj->type != MSGPACK_OBJECT_STR)
        return;
    for (uint32_t i = 0; i < obj->via.str.size; i++) {
        char c = obj->via.str.ptr[i];
        if (c == '&')
            fputs ("&amp;", out);
        else if (c == '<')
            fputs ("&lt;", out);
        else if (c == '>')
            fputs ("&gt;", out);
        else if (c == '"')
            fputs ("&quot;", out);
        else if ((unsigned char)c < 0x20 && c != '\n' && c != '\t')
            fputc (' ', out); //  not allowed in XML 1.0
        else
            fputc (c, out);
    }
}

//  RFC 822 date of a "YYYY-MM-DD", as RSS 2.0 wants it.
static void
s_rfc822 (const msgpack_object *date, char *buf, size_t size)
{
    char d[16];
    cli_format (date, d, sizeof d);
    struct tm tm = { 0 };
    if (strptime (d, "%Y-%m-%d", &tm)) {
        time_t t = timegm (&tm);
        gmtime_r (&t, &tm);
        strftime (buf, size, "%a, %d %b %Y 00:00:00 +0000", &tm);
    } else
        snprintf (buf, size, "%s", d);
}

//  The published stories: JSON (the feed's items), or RSS 2.0 with --rss.
static int
s_story_feed (cli_t *cli, const char *noun, int argc, char **argv)
{
    bool rss = false;
    const char *link = "https://www.example.dk/samskab", *v;
    int64_t limit = 20;
    for (int i = 1; i < argc; i++) {
        if (streq (argv[i], "--rss"))
            rss = true;
        else if ((v = cli_option (argc, argv, &i, "link")))
            link = v;
        else if ((v = cli_option (argc, argv, &i, "limit")))
            limit = atoll (v);
        else
            return cli_usage_error (noun, "feed", "unknown option \"%s\"", argv[i]);
    }
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "limit", limit);
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", "registry.story.feed", &body, &reply);
    sk_pack_release (&body);
    const msgpack_object *items = rc == CLI_OK ? sk_obj_get (cli_body (&reply), "items") : NULL;
    if (rc == CLI_OK && !rss) {
        cli_print_json (stdout, items);
        fputc ('\n', stdout);
    } else if (rc == CLI_OK) {
        printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<rss version=\"2.0\">\n<channel>\n"
                "<title>Gode historier om samarbejde: kommune %s</title>\n"
                "<link>",
                cli->tenant);
        msgpack_object l = { .type = MSGPACK_OBJECT_STR,
                             .via.str = { (uint32_t)strlen (link), link } };
        s_xml (stdout, &l);
        printf ("</link>\n<description>Partnerskaber mellem foreninger, virksomheder "
                "og kommunen</description>\n<language>da</language>\n");
        for (uint32_t i = 0; items && i < items->via.array.size; i++) {
            const msgpack_object *s = &items->via.array.ptr[i];
            char date[64], id[24], tenant[8];
            s_rfc822 (sk_obj_get (s, "date"), date, sizeof date);
            cli_format (sk_obj_get (s, "id"), id, sizeof id);
            cli_format (sk_obj_get (s, "municipality"), tenant, sizeof tenant);
            printf ("<item>\n<title>");
            s_xml (stdout, sk_obj_get (s, "title"));
            printf ("</title>\n<description>");
            s_xml (stdout, sk_obj_get (s, "text"));
            printf ("</description>\n<pubDate>%s</pubDate>\n"
                    "<guid isPermaLink=\"false\">samskab-story-%s-%s</guid>\n",
                    date, tenant, id);
            const msgpack_object *parties = sk_obj_get (s, "parties");
            for (uint32_t k = 0; parties && k < parties->via.array.size; k++) {
                const msgpack_object *name = sk_obj_get (&parties->via.array.ptr[k], "name");
                if (name && name->type == MSGPACK_OBJECT_STR) {
                    printf ("<category>");
                    s_xml (stdout, name);
                    printf ("</category>\n");
                }
            }
            printf ("</item>\n");
        }
        printf ("</channel>\n</rss>\n");
    }
    sk_frame_release (&reply);
    return rc;
}

//  "samskab person export ID", "samskab person erase ID"
static int
s_person (cli_t *cli, const char *noun, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage_error (noun, argv[0], "person %s takes one party id", argv[0]);
    bool erase = streq (argv[0], "erase");
    int64_t id;
    if (cli_id_arg (noun, argv[0], argv[1], &id))
        return CLI_USAGE;
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "id", id);
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", erase ? "registry.person.erase" : "registry.person.export",
                       &body, &reply);
    //  Everything stored about a person is for the person: always JSON
    if (rc == CLI_OK && (erase && !cli->json))
        cli_print_record (cli, sk_obj_get (cli_body (&reply), "erased"));
    else if (rc == CLI_OK) {
        cli_print_json (stdout, cli_body (&reply));
        fputc ('\n', stdout);
    }
    sk_frame_release (&reply);
    sk_pack_release (&body);
    return rc;
}

const cli_command_t cli_advice_commands[] = {
    { "advisor", "assign", s_advisor_assign, "ASSOCIATION_ID --advisor NAME [--email E]",
      "make NAME the key advisor of the association (the previous one is kept in its history)" },
    { "advisor", "show", s_advisor_show, "ASSOCIATION_ID",
      "the association's key advisor and who advised it before" },
    { "advisor", "session", s_advisor_session,
      "ASSOCIATION_ID --date YYYY-MM-DD [--notes T] [--step 'WHO;WHAT;YYYY-MM-DD']...",
      "record an advisory session and the next steps agreed (who does what by when)" },
    { "advisor", "sessions", s_advisor_sessions, "ASSOCIATION_ID",
      "the association's advisory sessions with their next steps" },
    { "advisor", "done", s_advisor_done, "STEP_ID", "mark a next step done" },
    { "advisor", "overdue", s_advisor_overdue, "[--today YYYY-MM-DD] [--limit N]",
      "next steps past their date and not done, oldest first" },
    { "story", "add", s_story_add,
      "--title T --text T --date YYYY-MM-DD --consent yes|no [--parties ID,ID]",
      "record a partnership story; published only with the parties' consent" },
    { "story", "consent", s_story_consent, "ID yes|no", "give or withdraw consent to publish" },
    { "story", "list", s_story_list, "[--limit N]", "every story, published or not" },
    { "story", "feed", s_story_feed, "[--rss] [--link URL] [--limit N]",
      "the published stories as JSON, or RSS 2.0 for the website and newsletter" },
    { "person", "export", s_person, "PARTY_ID",
      "everything stored about a volunteer or an organisation's contact person (JSON)" },
    { "person", "erase", s_person, "PARTY_ID",
      "erase a volunteer or contact person everywhere in the registry; emits "
      "registry.person.erased" },
    { NULL, NULL, NULL, NULL, NULL, false }
};
