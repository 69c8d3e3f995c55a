/*  cli_visit.c: outreach visits and full-text search. */
#include <czmq.h>

#include "cli_extra.h"

static int
s_visit_add (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const cli_xopt_t opts[] = { { "date", "date", CLI_XOPT_STR },
                                       { "staff", "staff", CLI_XOPT_STR },
                                       { "activities", "activities", CLI_XOPT_STR },
                                       { "target-groups", "target_groups", CLI_XOPT_LIST },
                                       { "challenges", "challenges", CLI_XOPT_STR },
                                       { "ideas", "ideas", CLI_XOPT_STR },
                                       { "offer", "offer", CLI_XOPT_STR },
                                       { NULL, NULL, 0 } };
    const char *pos[1];
    int got;
    int64_t party;
    sk_pack_t fixed, body;
    sk_pack_init (&fixed);
    sk_pack_init (&body);
    int rc = CLI_OK;
    //  The party id comes first; parse options after it
    if (argc < 2 || cli_id_arg (noun, "add", argv[1], &party))
        rc = argc < 2 ? cli_usage_error (noun, "add", "visit add needs a party id") : CLI_USAGE;
    if (rc == CLI_OK) {
        sk_pack_kint (&fixed, "party", party);
        argv[1] = argv[0];
        rc = cli_opts_body (noun, opts, argc - 1, argv + 1, &fixed, 1, &body, pos, 0, &got);
    }
    if (rc == CLI_OK)
        rc = cli_registry_print (cli, "visit.create", &body, NULL, NULL);
    sk_pack_release (&fixed);
    sk_pack_release (&body);
    return rc;
}

static int
s_visit_list (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const cli_xopt_t opts[] = { { "party", "party", CLI_XOPT_INT },
                                       { "text", "text", CLI_XOPT_STR },
                                       { "from", "from", CLI_XOPT_STR },
                                       { "to", "to", CLI_XOPT_STR },
                                       { "limit", "limit", CLI_XOPT_INT },
                                       { "after", "after", CLI_XOPT_INT },
                                       { NULL, NULL, 0 } };
    static const char *columns[] = { "id",         "date",  "party",
                                     "party_name", "staff", "target_groups",
                                     "challenges", "ideas", NULL };
    sk_pack_t body;
    sk_pack_init (&body);
    int got;
    int rc = cli_opts_body (noun, opts, argc, argv, NULL, 0, &body, NULL, 0, &got);
    if (rc == CLI_OK)
        rc = cli_registry_print (cli, "visit.list", &body, "items", columns);
    sk_pack_release (&body);
    return rc;
}

//  "samskab search TEXT [filters]": the verb slot holds the first word
static int
s_search (cli_t *cli, const char *noun, int argc, char **argv)
{
    static const cli_xopt_t opts[] = { { "kind", "kind", CLI_XOPT_STR },
                                       { "area", "area", CLI_XOPT_INT },
                                       { "has", "has", CLI_XOPT_STR },
                                       { "needs", "needs", CLI_XOPT_STR },
                                       { "serves", "serves", CLI_XOPT_STR },
                                       { "language", "language", CLI_XOPT_STR },
                                       { "target-group", "target_group", CLI_XOPT_STR },
                                       { "archived", "archived", CLI_XOPT_FLAG },
                                       { "limit", "limit", CLI_XOPT_INT },
                                       { NULL, NULL, 0 } };
    static const char *columns[] = { "id", "kind", "name", "matched", NULL };
    //  Every word that is not an option is part of the text
    char text[512] = "";
    size_t len = 0;
    char *rest[64];
    int nrest = 0;
    rest[nrest++] = "search";
    for (int i = 0; i < argc; i++) {
        bool option = !strncmp (argv[i], "--", 2);
        if (option) {
            if (nrest >= 62)
                return cli_usage_error (noun, NULL, "too many options");
            rest[nrest++] = argv[i];
            //  Options other than flags take the next word
            if (!strchr (argv[i], '=') && !streq (argv[i], "--archived") && i + 1 < argc)
                rest[nrest++] = argv[++i];
            continue;
        }
        len += (size_t)snprintf (text + len, sizeof text - len, "%s%s", len ? " " : "", argv[i]);
        if (len >= sizeof text)
            return cli_usage_error (noun, NULL, "the search text is too long");
    }
    if (!len)
        return cli_usage_error (noun, NULL, "search needs a text");
    sk_pack_t fixed, body;
    sk_pack_init (&fixed);
    sk_pack_init (&body);
    sk_pack_kstr (&fixed, "text", text);
    int got;
    int rc = cli_opts_body (noun, opts, nrest, rest, &fixed, 1, &body, NULL, 0, &got);
    if (rc == CLI_OK)
        rc = cli_registry_print (cli, "party.search", &body, "items", columns);
    sk_pack_release (&fixed);
    sk_pack_release (&body);
    return rc;
}

const cli_command_t cli_visit_commands[] = {
    { "visit", "add", s_visit_add,
      "PARTY_ID --date YYYY-MM-DD --staff NAME [--activities T] "
      "[--target-groups a,b] [--challenges T] [--ideas T] [--offer T]",
      "record an outreach visit to an association, company or institution" },
    { "visit", "list", s_visit_list,
      "[--party ID] [--text WORDS] [--from DATE] [--to DATE] [--limit N] [--after ID]",
      "visit notes, optionally of one party or matching words" },
    { "search", "", s_search,
      "TEXT [--kind K] [--area ID] [--has T] [--needs T] [--serves T] "
      "[--language T] [--target-group T] [--archived] [--limit N]",
      "Danish full-text search over names, descriptions, activities and visit notes" },
    { NULL, NULL, NULL, NULL, NULL, false }
};
