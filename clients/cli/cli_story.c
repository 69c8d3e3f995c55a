/*  cli_story.c: partnership stories, published with the parties' consent
    as JSON or an RSS 2.0 feed. */
#include <czmq.h>

#include "cli.h"

static const char *s_story_columns[] = { "id", "date", "title", "consent", "parties", NULL };

//  A string value escaped for XML.
static void
s_xml (FILE *out, const msgpack_object *obj)
{
    if (obj && obj->type == MSGPACK_OBJECT_STR)
        cli_print_xml (out, obj->via.str.ptr, obj->via.str.size);
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

//  The caller's municipality's name ("Randers") into buf, or its code if
//  the registry does not answer, for the feed's title.
static void
s_municipality_name (cli_t *cli, char *buf, size_t size)
{
    snprintf (buf, size, "%s", cli->tenant);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 0);
    sk_frame_t reply;
    if (cli_call (cli, "registry", "registry.municipality.list", &body, &reply) == CLI_OK) {
        const msgpack_object *items = sk_obj_get (cli_body (&reply), "items");
        for (uint32_t i = 0; items && i < items->via.array.size; i++) {
            char code[8];
            cli_format (sk_obj_get (&items->via.array.ptr[i], "code"), code, sizeof code);
            if (streq (code, cli->tenant))
                cli_format (sk_obj_get (&items->via.array.ptr[i], "name"), buf, size);
        }
    }
    sk_frame_release (&reply);
    sk_pack_release (&body);
}

//  The published stories: JSON (the feed's items), or RSS 2.0 with --rss.
static int
s_story_feed (cli_t *cli, const cli_args_t *args)
{
    bool rss = cli_arg_yes (args, "rss");
    const char *link = cli_arg (args, "link");
    int64_t limit = cli_arg_int (args, "limit", 20);
    if (!link)
        link = "https://www.example.dk/samskab";
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
        char name[128];
        s_municipality_name (cli, name, sizeof name);
        printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<rss version=\"2.0\">\n<channel>\n"
                "<title>Gode historier om samarbejde: ");
        cli_print_xml (stdout, name, strlen (name));
        printf ("</title>\n<link>");
        cli_print_xml (stdout, link, strlen (link));
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
                const msgpack_object *party = sk_obj_get (&parties->via.array.ptr[k], "name");
                if (party && party->type == MSGPACK_OBJECT_STR) {
                    printf ("<category>");
                    s_xml (stdout, party);
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

static const cli_opt_t s_add_opts[] = {
    { .name = "title", .key = "title", .required = true, .help = "the story's title" },
    { .name = "text", .key = "text", .required = true, .help = "the story" },
    { .name = "date",
      .type = CLI_DATE,
      .key = "date",
      .required = true,
      .help = "when it happened" },
    { .name = "consent",
      .type = CLI_YESNO,
      .key = "consent",
      .required = true,
      .help = "the parties agreed to publish it" },
    { .name = "parties",
      .type = CLI_INTS,
      .key = "parties",
      .meta = "ID,ID",
      .help = "the parties of the partnership" },
    { 0 }
};
static const cli_opt_t s_consent_args[] = {
    { .name = "ID", .type = CLI_ID, .key = "id", .required = true, .help = "the story's id" },
    { .name = "CONSENT",
      .type = CLI_YESNO,
      .key = "consent",
      .required = true,
      .help = "yes or no: consent to publish" },
    { 0 }
};
static const cli_opt_t s_list_opts[] = { CLI_OPT_LIMIT (100, "at most N"), { 0 } };
static const cli_opt_t s_feed_opts[] = {
    { .name = "rss", .type = CLI_FLAG, .help = "RSS 2.0 instead of JSON" },
    { .name = "link", .meta = "URL", .help = "the website the feed belongs to" },
    { .name = "limit",
      .type = CLI_ID,
      .meta = "N",
      .min = 1,
      .max = 100,
      .help = "at most N (default 20)" },
    { 0 }
};

const cli_command_t cli_story_commands[] = {
    { .noun = "story",
      .verb = "add",
      .run = cli_run_op,
      .op = "registry.story.create",
      .opts = s_add_opts,
      .help = "record a partnership story; published only with the parties' consent" },
    { .noun = "story",
      .verb = "consent",
      .run = cli_run_op,
      .op = "registry.story.consent",
      .args = s_consent_args,
      .help = "give or withdraw consent to publish" },
    { .noun = "story",
      .verb = "list",
      .run = cli_run_op,
      .op = "registry.story.list",
      .columns = s_story_columns,
      .opts = s_list_opts,
      .help = "every story, published or not" },
    { .noun = "story",
      .verb = "feed",
      .run = s_story_feed,
      .opts = s_feed_opts,
      .help = "the published stories as JSON, or RSS 2.0 for the website and newsletter" },
    { 0 }
};
