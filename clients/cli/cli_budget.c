/*  cli_budget.c: samskab budget ... (citizen budgets on the vote service).

    Options map to body fields: --max-choices is "max_choices". Each
    command's options are a row list of the table below.
*/
#include <czmq.h>
#include <sodium.h>

#include "cli.h"

#define S_MAX_OPTS 32

//  An option of a budget command: its name, the body key, and its type
//  ('s' string, 'i' integer, 'l' list of integers "1,2,3", 'p' pool
//  "NAME:BUDGET", repeatable).
typedef struct {
    const char *option;
    const char *key;
    char type;
} s_opt_t;

static const s_opt_t s_create_opts[] = { { "name", "name", 's' },
                                         { "amount", "amount", 'i' },
                                         { "area", "area", 's' },
                                         { "pool", "pools", 'p' },
                                         { "ballot", "ballot", 's' },
                                         { "rule", "rule", 's' },
                                         { "max-choices", "max_choices", 'i' },
                                         { "min-share", "min_share", 'i' },
                                         { "points", "points", 'i' },
                                         { "threshold", "threshold", 'i' },
                                         { "ideas-from", "ideas_from", 's' },
                                         { "development-from", "development_from", 's' },
                                         { "voting-from", "voting_from", 's' },
                                         { "voting-until", "voting_until", 's' },
                                         { "results-on", "results_on", 's' },
                                         { "implementation-from", "implementation_from", 's' },
                                         { NULL, NULL, 0 } };
static const s_opt_t s_settings_opts[] = { { "ballot", "ballot", 's' },
                                           { "rule", "rule", 's' },
                                           { "max-choices", "max_choices", 'i' },
                                           { "min-share", "min_share", 'i' },
                                           { "points", "points", 'i' },
                                           { "threshold", "threshold", 'i' },
                                           { NULL, NULL, 0 } };
static const s_opt_t s_pool_opts[] = { { "name", "name", 's' },
                                       { "budget", "budget", 'i' },
                                       { NULL, NULL, 0 } };
static const s_opt_t s_project_opts[] = { { "title", "title", 's' },
                                          { "cost", "cost", 'i' },
                                          { "pool", "pool", 's' },
                                          { "code", "code", 's' },
                                          { "description", "description", 's' },
                                          { NULL, NULL, 0 } };
static const s_opt_t s_codes_opts[] = { { "count", "count", 'i' },
                                        { "label", "label", 's' },
                                        { NULL, NULL, 0 } };
static const s_opt_t s_revoke_opts[] = { { "code", "code", 's' },
                                         { "batch", "batch", 'i' },
                                         { NULL, NULL, 0 } };
static const s_opt_t s_cast_opts[] = { { "code", "code", 's' },
                                       { "projects", "projects", 'l' },
                                       { "points", "points", 'l' },
                                       { "nonce", "nonce", 's' },
                                       { NULL, NULL, 0 } };
static const s_opt_t s_list_opts[] = { { "phase", "phase", 's' }, { NULL, NULL, 0 } };
static const s_opt_t s_idea_opts[] = { { "title", "title", 's' },
                                       { "text", "text", 's' },
                                       { "proposer", "proposer", 's' },
                                       { "association", "association", 'i' },
                                       { "contact-name", "contact_name", 's' },
                                       { "contact-email", "contact_email", 's' },
                                       { "contact-phone", "contact_phone", 's' },
                                       { NULL, NULL, 0 } };
static const s_opt_t s_ideas_opts[] = { { "status", "status", 's' }, { NULL, NULL, 0 } };
static const s_opt_t s_merge_opts[] = { { "into", "into", 'i' }, { NULL, NULL, 0 } };
static const s_opt_t s_realise_opts[] = { { "note", "note", 's' }, { NULL, NULL, 0 } };
static const s_opt_t s_reject_opts[] = { { "reason", "reason", 's' }, { NULL, NULL, 0 } };
static const s_opt_t s_to_project_opts[] = { { "cost", "cost", 'i' },
                                             { "pool", "pool", 's' },
                                             { "title", "title", 's' },
                                             { "code", "code", 's' },
                                             { NULL, NULL, 0 } };
static const s_opt_t s_meeting_opts[] = { { "held-on", "held_on", 's' },
                                          { "title", "title", 's' },
                                          { "attendance", "attendance", 'i' },
                                          { "notes", "notes", 's' },
                                          { NULL, NULL, 0 } };
static const s_opt_t s_paper_opts[] = { { "projects", "projects", 'l' },
                                        { "points", "points", 'l' },
                                        { NULL, NULL, 0 } };
static const s_opt_t s_confirm_opts[] = { { "paper", "paper", 'i' },
                                          { "projects", "projects", 'l' },
                                          { "points", "points", 'l' },
                                          { NULL, NULL, 0 } };

//  Parse a whole number; -1 if text is not one.
static int
s_number (const char *text, int64_t *value)
{
    char *end;
    errno = 0;
    long long v = strtoll (text, &end, 10);
    if (!*text || *end || errno)
        return -1;
    *value = v;
    return 0;
}

//  Pack "1,2,3" as an array of integers; -1 if malformed.
static int
s_pack_list (sk_pack_t *p, const char *text)
{
    char buf[4096];
    snprintf (buf, sizeof buf, "%s", text);
    uint32_t n = *buf ? 1 : 0;
    for (char *c = buf; *c; c++)
        n += *c == ',';
    sk_pack_array (p, n);
    char *save = NULL;
    uint32_t k = 0;
    for (char *tok = strtok_r (buf, ",", &save); tok; tok = strtok_r (NULL, ",", &save), k++) {
        int64_t v;
        if (s_number (tok, &v))
            return -1;
        sk_pack_int (p, v);
    }
    return k == n ? 0 : -1;
}

//  Build a body from argv[first..] against opts, plus "process": id when
//  id > 0 and the nonce for casts. Returns CLI_OK or a usage error.
static int
s_body_as (const char *verb, int argc, char **argv, int first, const s_opt_t *opts,
           const char *id_key, int64_t id, sk_pack_t *body)
{
    const char *values[S_MAX_OPTS];
    int which[S_MAX_OPTS], n = 0, pools = 0;
    for (int i = first; i < argc; i++) {
        int k = 0;
        const char *v = NULL;
        while (opts[k].option && !(v = cli_option (argc, argv, &i, opts[k].option)))
            k++;
        if (!opts[k].option)
            return cli_usage_error ("budget", verb, "unknown option \"%s\"", argv[i]);
        if (n == S_MAX_OPTS)
            return cli_usage_error ("budget", verb, "too many options");
        if (opts[k].type == 'p')
            pools++;
        values[n] = v;
        which[n++] = k;
    }
    int keys = n - (pools > 1 ? pools - 1 : 0) + (id > 0);
    sk_pack_map (body, (uint32_t)keys);
    if (id > 0)
        sk_pack_kint (body, id_key, id);
    bool pools_done = false;
    for (int j = 0; j < n; j++) {
        const s_opt_t *o = &opts[which[j]];
        int64_t v;
        if (o->type == 'p') {
            if (pools_done)
                continue;
            pools_done = true;
            sk_pack_str (body, o->key);
            sk_pack_array (body, (uint32_t)pools);
            for (int m = j; m < n; m++) {
                if (opts[which[m]].type != 'p')
                    continue;
                const char *colon = strrchr (values[m], ':');
                if (!colon || s_number (colon + 1, &v))
                    return cli_usage_error ("budget", verb,
                                            "--pool takes NAME:BUDGET, e.g. small:25000");
                sk_pack_map (body, 2);
                sk_pack_str (body, "name");
                sk_pack_strn (body, values[m], (size_t)(colon - values[m]));
                sk_pack_kint (body, "budget", v);
            }
            continue;
        }
        sk_pack_str (body, o->key);
        if (o->type == 's')
            sk_pack_str (body, values[j]);
        else if (o->type == 'i') {
            if (s_number (values[j], &v))
                return cli_usage_error ("budget", verb,
                                        "--%s needs a whole number, "
                                        "not \"%s\"",
                                        o->option, values[j]);
            sk_pack_int (body, v);
        } else if (s_pack_list (body, values[j]))
            return cli_usage_error ("budget", verb,
                                    "--%s takes project ids, "
                                    "e.g. 3,7,12",
                                    o->option);
    }
    return CLI_OK;
}

static int
s_body (const char *verb, int argc, char **argv, int first, const s_opt_t *opts, int64_t id,
        sk_pack_t *body)
{
    return s_body_as (verb, argc, argv, first, opts, "process", id, body);
}

//  The process id in argv[1]; 0 and a usage message if missing.
static int64_t
s_id (const char *verb, int argc, char **argv)
{
    int64_t id;
    if (argc < 2 || s_number (argv[1], &id) || id <= 0) {
        cli_usage_error ("budget", verb, "budget %s needs a citizen budget id", verb);
        return 0;
    }
    return id;
}

//  Call op with body; print the reply as a record, or its items.
static int
s_run (cli_t *cli, const char *op, sk_pack_t *body, const char *const *columns)
{
    sk_frame_t reply;
    int rc = cli_call (cli, "vote", op, body, &reply);
    if (rc == CLI_OK && columns)
        cli_print_items (cli, sk_obj_get (cli_body (&reply), "items"), columns);
    else if (rc == CLI_OK)
        cli_print_record (cli, cli_body (&reply));
    sk_frame_release (&reply);
    sk_pack_release (body);
    return rc;
}

static int
s_create (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)noun;
    sk_pack_t body;
    sk_pack_init (&body);
    int rc = s_body ("create", argc, argv, 1, s_create_opts, 0, &body);
    if (rc != CLI_OK) {
        sk_pack_release (&body);
        return rc;
    }
    return s_run (cli, "vote.process.create", &body, NULL);
}

static int
s_list (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)noun;
    static const char *columns[] = {
        "id", "name", "area", "amount", "phase", "ballot", "rule", NULL
    };
    sk_pack_t body;
    sk_pack_init (&body);
    int rc = s_body ("list", argc, argv, 1, s_list_opts, 0, &body);
    if (rc != CLI_OK) {
        sk_pack_release (&body);
        return rc;
    }
    return s_run (cli, "vote.process.list", &body, columns);
}

//  Commands of the form "budget VERB ID [OPTIONS]" with an options table.
typedef struct {
    const char *verb;
    const char *op;
    const s_opt_t *opts;
    const char *const *columns;
    const char *id_key; //  what ID names: "process" unless given
} s_simple_t;

static const char *s_project_columns[] = { "id", "pool", "code", "title", "cost", NULL };
static const char *s_batch_columns[] = { "batch", "label",   "issued", "count",
                                         "used",  "revoked", NULL };
static const char *s_ballot_columns[] = { "receipt", "paper", "projects", "points", NULL };
static const s_opt_t s_no_opts[] = { { NULL, NULL, 0 } };
static const char *s_idea_columns[] = { "id",          "title",   "proposer", "status",
                                        "merged_into", "project", "reason",   NULL };
static const char *s_meeting_columns[] = { "id", "held_on", "title", "attendance", NULL };
static const char *s_paper_columns[] = { "paper", "projects", "points", "mine", NULL };

static const s_simple_t s_simple[] = {
    { "show", "vote.process.get", s_no_opts, NULL },
    { "settings", "vote.process.settings", s_settings_opts, NULL },
    { "pool", "vote.pool.add", s_pool_opts, NULL },
    { "project", "vote.project.create", s_project_opts, NULL },
    { "projects", "vote.project.list", s_no_opts, s_project_columns },
    { "revoke", "vote.code.revoke", s_revoke_opts, NULL },
    { "batches", "vote.code.batches", s_no_opts, s_batch_columns },
    { "ballots", "vote.ballot.list", s_no_opts, s_ballot_columns },
    { "idea", "vote.idea.create", s_idea_opts, NULL },
    { "ideas", "vote.idea.list", s_ideas_opts, s_idea_columns },
    { "idea-merge", "vote.idea.merge", s_merge_opts, NULL, "idea" },
    { "idea-realise", "vote.idea.realise", s_realise_opts, NULL, "idea" },
    { "idea-reject", "vote.idea.reject", s_reject_opts, NULL, "idea" },
    { "idea-project", "vote.idea.project", s_to_project_opts, NULL, "idea" },
    { "idea-forget", "vote.idea.forget", s_no_opts, NULL, "idea" },
    { "meeting", "vote.meeting.create", s_meeting_opts, NULL },
    { "meetings", "vote.meeting.list", s_no_opts, s_meeting_columns },
    { "paper", "vote.paper.enter", s_paper_opts, NULL },
    { "paper-confirm", "vote.paper.confirm", s_confirm_opts, NULL },
    { "papers", "vote.paper.list", s_no_opts, s_paper_columns },
    { NULL, NULL, NULL, NULL, NULL }
};

static int
s_simple_command (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)noun;
    const s_simple_t *s = s_simple;
    while (s->verb && !streq (s->verb, argv[0]))
        s++;
    int64_t id = s_id (argv[0], argc, argv);
    if (!s->verb || !id)
        return CLI_USAGE;
    sk_pack_t body;
    sk_pack_init (&body);
    int rc =
        s_body_as (s->verb, argc, argv, 2, s->opts, s->id_key ? s->id_key : "process", id, &body);
    if (rc != CLI_OK) {
        sk_pack_release (&body);
        return rc;
    }
    return s_run (cli, s->op, &body, s->columns);
}

static int
s_phase (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)noun;
    int64_t id = s_id ("phase", argc, argv);
    if (!id)
        return CLI_USAGE;
    if (argc != 3)
        return cli_usage_error ("budget", "phase", "budget phase takes an id and a phase");
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kint (&body, "process", id);
    sk_pack_kstr (&body, "phase", argv[2]);
    return s_run (cli, "vote.process.phase", &body, NULL);
}

static int
s_receipt (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)noun;
    int64_t id = s_id ("receipt", argc, argv);
    if (!id)
        return CLI_USAGE;
    if (argc != 3)
        return cli_usage_error ("budget", "receipt", "budget receipt takes an id and a receipt");
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kint (&body, "process", id);
    sk_pack_kstr (&body, "receipt", argv[2]);
    return s_run (cli, "vote.receipt.check", &body, NULL);
}

//  Issue codes: a printable list (one code per line, with the batch) or a
//  CSV file for a mail merge. The codes are shown this once only.
static int
s_codes (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)noun;
    int64_t id = s_id ("codes", argc, argv);
    if (!id)
        return CLI_USAGE;
    const char *csv = NULL;
    //  --csv FILE is ours; the rest go to the body
    char **rest = malloc (sizeof (char *) * (size_t)argc);
    int nrest = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = i >= 2 ? cli_option (argc, argv, &i, "csv") : NULL;
        if (v)
            csv = v;
        else
            rest[nrest++] = argv[i];
    }
    sk_pack_t body;
    sk_pack_init (&body);
    int rc = s_body ("codes", nrest, rest, 2, s_codes_opts, id, &body);
    free (rest);
    if (rc != CLI_OK) {
        sk_pack_release (&body);
        return rc;
    }
    sk_frame_t reply;
    rc = cli_call (cli, "vote", "vote.code.issue", &body, &reply);
    sk_pack_release (&body);
    if (rc != CLI_OK) {
        sk_frame_release (&reply);
        return rc;
    }
    const msgpack_object *b = cli_body (&reply);
    const msgpack_object *codes = sk_obj_get (b, "codes");
    int64_t batch = 0;
    sk_obj_int (sk_obj_get (b, "batch"), &batch);
    char label[256] = "", issued[32] = "";
    sk_obj_str_copy (sk_obj_get (b, "label"), label, sizeof label);
    sk_obj_str_copy (sk_obj_get (b, "issued"), issued, sizeof issued);
    FILE *out = stdout;
    if (csv && !(out = fopen (csv, "w"))) {
        fprintf (stderr, "samskab: could not open \"%s\": %s\n", csv, strerror (errno));
        sk_frame_release (&reply);
        return CLI_REFUSED;
    }
    if (cli->json && !csv) {
        cli_print_json (stdout, b);
        fputc ('\n', stdout);
    } else if (csv)
        fprintf (out, "budget,batch,number,code\n");
    else
        fprintf (out,
                 "Citizen budget %lld, batch %lld \"%s\", issued %s: %u voter codes\n"
                 "Each code votes once. Keep this list safe; it is not shown again.\n\n",
                 (long long)id, (long long)batch, label, issued, codes->via.array.size);
    for (uint32_t i = 0; !(cli->json && !csv) && i < codes->via.array.size; i++) {
        char code[16];
        sk_obj_str_copy (&codes->via.array.ptr[i], code, sizeof code);
        if (csv)
            fprintf (out, "%lld,%lld,%u,%s\n", (long long)id, (long long)batch, i + 1, code);
        else
            fprintf (out, "%6u  %s\n", i + 1, code);
    }
    if (csv) {
        if (fclose (out)) {
            fprintf (stderr, "samskab: could not write \"%s\": %s\n", csv, strerror (errno));
            rc = CLI_REFUSED;
        } else
            printf ("wrote %u codes of batch %lld to %s\n", codes->via.array.size, (long long)batch,
                    csv);
    }
    sk_frame_release (&reply);
    return rc;
}

//  Cast one ballot as a front end would, with a fresh nonce (or --nonce to
//  repeat a cast whose reply was lost).
static int
s_cast (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)noun;
    int64_t id = s_id ("cast", argc, argv);
    if (!id)
        return CLI_USAGE;
    bool has_nonce = false;
    for (int i = 2; i < argc; i++)
        has_nonce |= !strncmp (argv[i], "--nonce", 7);
    char nonce_opt[48];
    char **args = malloc (sizeof (char *) * (size_t)(argc + 1));
    memcpy (args, argv, sizeof (char *) * (size_t)argc);
    int n = argc;
    if (!has_nonce) {
        uint8_t bytes[16];
        randombytes_buf (bytes, sizeof bytes);
        strcpy (nonce_opt, "--nonce=");
        sodium_bin2hex (nonce_opt + 8, sizeof nonce_opt - 8, bytes, sizeof bytes);
        args[n++] = nonce_opt;
    }
    sk_pack_t body;
    sk_pack_init (&body);
    int rc = s_body ("cast", n, args, 2, s_cast_opts, id, &body);
    free (args);
    if (rc != CLI_OK) {
        sk_pack_release (&body);
        return rc;
    }
    return s_run (cli, "vote.ballot.cast", &body, NULL);
}


//  --------------------------------------------------------------------------
//  Results, tally, Pabulib

//  Write s with XML's five special characters escaped.
static void
s_xml (FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs ("&lt;", out);
        else if (*s == '>')
            fputs ("&gt;", out);
        else if (*s == '&')
            fputs ("&amp;", out);
        else if (*s == '"')
            fputs ("&quot;", out);
        else if (*s == '\'')
            fputs ("&apos;", out);
        else
            fputc (*s, out);
    }
}

static int64_t
s_int (const msgpack_object *map, const char *key)
{
    int64_t v = 0;
    sk_obj_int (sk_obj_get (map, key), &v);
    return v;
}

static const char *
s_get_str (const msgpack_object *map, const char *key, char *buf, size_t size)
{
    if (sk_obj_str_copy (sk_obj_get (map, key), buf, size))
        buf[0] = 0;
    return buf;
}

//  The results chart: per pool, each winner's votes as a bar, and the
//  pool's budget as one bar split into the winners' costs and what remains.
static int
s_svg (const char *path, const msgpack_object *results)
{
    FILE *out = fopen (path, "w");
    if (!out) {
        fprintf (stderr, "samskab: could not open \"%s\": %s\n", path, strerror (errno));
        return CLI_REFUSED;
    }
    const msgpack_object *pools = sk_obj_get (results, "pools");
    uint32_t npools = pools && pools->type == MSGPACK_OBJECT_ARRAY ? pools->via.array.size : 0;
    int rows = 0;
    for (uint32_t i = 0; i < npools; i++) {
        const msgpack_object *w = sk_obj_get (&pools->via.array.ptr[i], "winners");
        rows += 3 + (w ? (int)w->via.array.size : 0);
    }
    //  Labels left of the bars, figures right of them
    const int width = 1200, row = 26, left = 330, bar = 420;
    char name[256], rule[32], text[512];
    fprintf (out,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
             "font-family=\"sans-serif\" font-size=\"13\">\n"
             "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
             width, 60 + rows * row);
    fprintf (out, "<text x=\"10\" y=\"24\" font-size=\"18\" font-weight=\"bold\">");
    s_xml (out, s_get_str (results, "name", name, sizeof name));
    fprintf (out, "</text>\n<text x=\"10\" y=\"44\" fill=\"#555\">rule %s, %lld voters</text>\n",
             s_get_str (results, "rule", rule, sizeof rule), (long long)s_int (results, "voters"));
    int y = 60;
    for (uint32_t i = 0; i < npools; i++) {
        const msgpack_object *pool = &pools->via.array.ptr[i];
        const msgpack_object *winners = sk_obj_get (pool, "winners");
        int64_t budget = s_int (pool, "budget"), max_votes = 1;
        for (uint32_t k = 0; winners && k < winners->via.array.size; k++)
            if (s_int (&winners->via.array.ptr[k], "votes") > max_votes)
                max_votes = s_int (&winners->via.array.ptr[k], "votes");
        y += row;
        fprintf (out, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">pool ", y);
        s_xml (out, s_get_str (pool, "pool", name, sizeof name));
        fprintf (out, ": budget %lld DKK, spent %lld DKK, remaining %lld DKK</text>\n",
                 (long long)budget, (long long)s_int (pool, "total_cost"),
                 (long long)s_int (pool, "remaining"));
        for (uint32_t k = 0; winners && k < winners->via.array.size; k++) {
            const msgpack_object *w = &winners->via.array.ptr[k];
            int64_t votes = s_int (w, "votes");
            y += row;
            fprintf (out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 10, y);
            s_get_str (w, "title", text, sizeof text);
            if (strlen (text) > 40) {
                //  Cut on a character boundary, not inside a UTF-8 sequence
                size_t cut = 37;
                while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
                    cut--;
                strcpy (text + cut, "...");
            }
            s_xml (out, text);
            fprintf (out,
                     "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%lld\" height=\"%d\" "
                     "fill=\"#2b7bb9\"/>\n<text x=\"%lld\" y=\"%d\">%lld votes, %lld DKK",
                     left, y - 14, (long long)(bar * votes / max_votes), row - 8,
                     (long long)(left + bar * votes / max_votes + 6), y, (long long)votes,
                     (long long)s_int (w, "cost"));
            if (*s_get_str (w, "price_per_supporter", rule, sizeof rule))
                fprintf (out, ", %s DKK per supporter", rule);
            else if (*s_get_str (w, "price_per_point", rule, sizeof rule))
                fprintf (out, ", %s DKK per point", rule);
            fprintf (out, "</text>\n");
        }
        //  The budget bar: each winner's share, then the remainder
        y += row;
        int x = left;
        for (uint32_t k = 0; budget > 0 && winners && k < winners->via.array.size; k++) {
            int w = (int)(bar * s_int (&winners->via.array.ptr[k], "cost") / budget);
            fprintf (out,
                     "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                     "fill=\"%s\" stroke=\"white\"/>\n",
                     x, y - 14, w, row - 8, k % 2 ? "#6aa84f" : "#38761d");
            x += w;
        }
        fprintf (out,
                 "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ddd\"/>\n"
                 "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">budget used</text>\n",
                 x, y - 14, left + bar - x, row - 8, left - 10, y);
        y += row;
    }
    fprintf (out, "</svg>\n");
    if (fclose (out)) {
        fprintf (stderr, "samskab: could not write \"%s\": %s\n", path, strerror (errno));
        return CLI_REFUSED;
    }
    return CLI_OK;
}

//  Print results: per pool a line and a table of winners; JSON if asked.
static void
s_print_results (cli_t *cli, const msgpack_object *results)
{
    if (cli->json) {
        cli_print_json (stdout, results);
        fputc ('\n', stdout);
        return;
    }
    static const char *columns[] = {
        "position", "code", "title", "cost", "votes", "price_per_supporter", "price_per_point", NULL
    };
    char name[256], rule[32];
    printf ("%s: rule %s, %lld voters\n", s_get_str (results, "name", name, sizeof name),
            s_get_str (results, "rule", rule, sizeof rule), (long long)s_int (results, "voters"));
    const msgpack_object *pools = sk_obj_get (results, "pools");
    for (uint32_t i = 0; pools && i < pools->via.array.size; i++) {
        const msgpack_object *pool = &pools->via.array.ptr[i];
        printf ("\npool %s: budget %lld, spent %lld, remaining %lld\n",
                s_get_str (pool, "pool", name, sizeof name), (long long)s_int (pool, "budget"),
                (long long)s_int (pool, "total_cost"), (long long)s_int (pool, "remaining"));
        cli_print_items (cli, sk_obj_get (pool, "winners"), columns);
    }
}

//  budget tally ID | budget results ID [--svg FILE]
static int
s_results (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)noun;
    const char *verb = argv[0], *svg = NULL;
    int64_t id = s_id (verb, argc, argv);
    if (!id)
        return CLI_USAGE;
    for (int i = 2; i < argc; i++)
        if (streq (verb, "tally") || !(svg = cli_option (argc, argv, &i, "svg")))
            return cli_usage_error ("budget", verb, "unknown option \"%s\"", argv[i]);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1);
    sk_pack_kint (&body, "process", id);
    sk_frame_t reply;
    int rc =
        cli_call (cli, "vote", streq (verb, "tally") ? "vote.process.tally" : "vote.results.get",
                  &body, &reply);
    sk_pack_release (&body);
    if (rc == CLI_OK && svg) {
        rc = s_svg (svg, cli_body (&reply));
        if (rc == CLI_OK)
            printf ("wrote the results chart to %s\n", svg);
    } else if (rc == CLI_OK)
        s_print_results (cli, cli_body (&reply));
    sk_frame_release (&reply);
    return rc;
}

static int
s_import (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)noun;
    const char *path = NULL, *name = NULL, *rule = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if ((v = cli_option (argc, argv, &i, "name")))
            name = v;
        else if ((v = cli_option (argc, argv, &i, "rule")))
            rule = v;
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else
            return cli_usage_error ("budget", "import", "unknown option \"%s\"", argv[i]);
    }
    if (!path)
        return cli_usage_error ("budget", "import", "budget import needs a .pb file");
    zchunk_t *text = NULL;
    zfile_t *file = zfile_new (NULL, path);
    if (file && zfile_input (file) == 0)
        text = zfile_read (file, SK_MAX_FRAME, 0);
    zfile_destroy (&file);
    if (!text) {
        fprintf (stderr, "samskab: could not read \"%s\"\n", path);
        return CLI_REFUSED;
    }
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1 + (name != NULL) + (rule != NULL));
    sk_pack_str (&body, "pb");
    sk_pack_strn (&body, (const char *)zchunk_data (text), zchunk_size (text));
    if (name)
        sk_pack_kstr (&body, "name", name);
    if (rule)
        sk_pack_kstr (&body, "rule", rule);
    zchunk_destroy (&text);
    return s_run (cli, "vote.pb.import", &body, NULL);
}

static int
s_export (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)noun;
    int64_t id = s_id ("export", argc, argv);
    if (!id)
        return CLI_USAGE;
    const char *path = NULL, *pool = NULL;
    for (int i = 2; i < argc; i++) {
        const char *v;
        if ((v = cli_option (argc, argv, &i, "pool")))
            pool = v;
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else
            return cli_usage_error ("budget", "export", "unknown option \"%s\"", argv[i]);
    }
    if (!path)
        return cli_usage_error ("budget", "export", "budget export needs a file to write");
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1 + (pool != NULL));
    sk_pack_kint (&body, "process", id);
    if (pool)
        sk_pack_kstr (&body, "pool", pool);
    sk_frame_t reply;
    int rc = cli_call (cli, "vote", "vote.pb.export", &body, &reply);
    sk_pack_release (&body);
    const msgpack_object *pb = rc == CLI_OK ? sk_obj_get (cli_body (&reply), "pb") : NULL;
    if (pb && pb->type == MSGPACK_OBJECT_STR) {
        FILE *out = fopen (path, "w");
        if (!out || fwrite (pb->via.str.ptr, 1, pb->via.str.size, out) != pb->via.str.size
            || fclose (out)) {
            fprintf (stderr, "samskab: could not write \"%s\": %s\n", path, strerror (errno));
            rc = CLI_REFUSED;
        } else
            printf ("wrote %u bytes to %s\n", pb->via.str.size, path);
    }
    sk_frame_release (&reply);
    return rc;
}

//  --------------------------------------------------------------------------
//  Workshop polls

static int
s_poll_create (cli_t *cli, const char *noun, int argc, char **argv)
{
    const char *title = NULL, *kind = NULL, *meeting = NULL, *options[50], *v;
    int n = 0;
    int64_t max = 0;
    for (int i = 1; i < argc; i++) {
        if ((v = cli_option (argc, argv, &i, "title")))
            title = v;
        else if ((v = cli_option (argc, argv, &i, "kind")))
            kind = v;
        else if ((v = cli_option (argc, argv, &i, "meeting")))
            meeting = v;
        else if ((v = cli_option (argc, argv, &i, "max-choices"))) {
            if (s_number (v, &max))
                return cli_usage_error (noun, "create", "--max-choices needs a whole number");
        } else if ((v = cli_option (argc, argv, &i, "option"))) {
            if (n == 50)
                return cli_usage_error (noun, "create", "at most 50 options");
            options[n++] = v;
        } else
            return cli_usage_error (noun, "create", "unknown option \"%s\"", argv[i]);
    }
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 1 + (title != NULL) + (kind != NULL) + (meeting != NULL) + (max > 0));
    if (title)
        sk_pack_kstr (&body, "title", title);
    if (kind)
        sk_pack_kstr (&body, "kind", kind);
    if (meeting)
        sk_pack_kstr (&body, "meeting", meeting);
    if (max > 0)
        sk_pack_kint (&body, "max_choices", max);
    sk_pack_str (&body, "options");
    sk_pack_array (&body, (uint32_t)n);
    for (int i = 0; i < n; i++)
        sk_pack_str (&body, options[i]);
    return s_run (cli, "vote.poll.create", &body, NULL);
}

//  poll vote ID --choices 1,3 | poll results ID | poll close ID
static int
s_poll_command (cli_t *cli, const char *noun, int argc, char **argv)
{
    const char *verb = argv[0];
    int64_t id;
    if (argc < 2 || s_number (argv[1], &id) || id <= 0)
        return cli_usage_error (noun, verb, "poll %s needs a poll id", verb);
    static const s_opt_t vote_opts[] = { { "choices", "choices", 'l' }, { NULL, NULL, 0 } };
    sk_pack_t body;
    sk_pack_init (&body);
    int rc = s_body_as (verb, argc, argv, 2, streq (verb, "vote") ? vote_opts : s_no_opts, "poll",
                        id, &body);
    if (rc != CLI_OK) {
        sk_pack_release (&body);
        return rc;
    }
    const char *op = streq (verb, "vote")    ? "vote.poll.vote"
                     : streq (verb, "close") ? "vote.poll.close"
                                             : "vote.poll.results";
    sk_frame_t reply;
    rc = cli_call (cli, "vote", op, &body, &reply);
    sk_pack_release (&body);
    const msgpack_object *b = rc == CLI_OK ? cli_body (&reply) : NULL;
    if (b && cli->json) {
        cli_print_json (stdout, b);
        fputc ('\n', stdout);
    } else if (b && streq (verb, "vote"))
        printf ("vote counted in poll %lld\n", (long long)id);
    else if (b) {
        static const char *columns[] = { "number", "option",    "approvals", "borda",
                                         "first",  "ranked_by", NULL };
        char title[256], kind[16], winner[256];
        printf ("%s (%s, %lld votes%s)\nwinner: %s\n", s_get_str (b, "title", title, sizeof title),
                s_get_str (b, "kind", kind, sizeof kind), (long long)s_int (b, "votes"),
                sk_obj_get (b, "open") && sk_obj_get (b, "open")->via.boolean ? ", open"
                                                                              : ", closed",
                s_get_str (b, "winner", winner, sizeof winner));
        cli_print_items (cli, sk_obj_get (b, "standings"), columns);
    }
    sk_frame_release (&reply);
    return rc;
}

static int
s_poll_list (cli_t *cli, const char *noun, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return cli_usage_error (noun, "list", "poll list takes no arguments");
    static const char *columns[] = { "id", "title", "meeting", "kind", "votes", "open", NULL };
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 0);
    return s_run (cli, "vote.poll.list", &body, columns);
}

const cli_command_t cli_budget_commands[] = {
    { "budget", "create", s_create,
      "--name NAME --amount DKK [--pool NAME:DKK]... [--area AREA] [--ballot B] [--rule R] "
      "[--max-choices K] [--min-share PCT] [--points P] [--threshold N] "
      "[--ideas-from|--development-from|--voting-from|--voting-until|--results-on|--implementation-"
      "from YYYY-MM-DD]",
      "create a citizen budget (ballot: approval, knapsack, cumulative, ranked; rule: greedy, "
      "greedy-threshold, mes, mes-add1, mes-add1-greedy, phragmen)",
      false },
    { "budget", "list", s_list, "[--phase PHASE]", "list citizen budgets", false },
    { "budget", "show", s_simple_command, "ID", "show a citizen budget with its pools and projects",
      false },
    { "budget", "settings", s_simple_command,
      "ID [--ballot B] [--rule R] [--max-choices K] [--min-share PCT] [--points P] [--threshold N]",
      "change the ballot (before voting) or the rule (before results)", false },
    { "budget", "phase", s_phase, "ID ideas|development|voting|closed|published|implementation",
      "move a citizen budget to a later phase (closed: the vote ends)", false },
    { "budget", "pool", s_simple_command, "ID --name NAME --budget DKK", "add a pool", false },
    { "budget", "project", s_simple_command,
      "ID --title TITLE --cost DKK [--pool NAME] [--code CODE] [--description TEXT]",
      "add a project to vote on", false },
    { "budget", "projects", s_simple_command, "ID", "list the projects", false },
    { "budget", "codes", s_codes, "ID --count N [--label LABEL] [--csv FILE]",
      "issue one-time voter codes: a printable list, or a CSV for letters", false },
    { "budget", "revoke", s_simple_command, "ID --code CODE | --batch BATCH",
      "revoke an unused voter code, or a whole batch", false },
    { "budget", "batches", s_simple_command, "ID", "list code batches and their use", false },
    { "budget", "cast", s_cast, "ID --code CODE --projects ID,ID... [--points P,P...] [--nonce N]",
      "cast a ballot with a voter code (as a voting front end; needs a service certificate)",
      false },
    { "budget", "ballots", s_simple_command, "ID", "list the counted ballots (after the close)",
      false },
    { "budget", "receipt", s_receipt, "ID RECEIPT", "look a receipt up in the counted ballots",
      false },
    { "budget", "idea", s_simple_command,
      "ID --title TITLE [--text TEXT] [--proposer citizen|association] [--association PARTY] "
      "[--contact-name|--contact-email|--contact-phone X]",
      "record an idea (contact details are kept until the results are published)", false },
    { "budget", "ideas", s_simple_command, "ID [--status open|merged|realised|rejected|project]",
      "list the ideas", false },
    { "budget", "idea-merge", s_simple_command, "IDEA --into IDEA", "merge an idea into another",
      false },
    { "budget", "idea-realise", s_simple_command, "IDEA [--note TEXT]",
      "mark an idea realised without money", false },
    { "budget", "idea-reject", s_simple_command, "IDEA --reason TEXT",
      "reject an idea with a reason", false },
    { "budget", "idea-project", s_simple_command,
      "IDEA --cost DKK [--pool NAME] [--title T] [--code C]",
      "turn an idea into a project to vote on", false },
    { "budget", "idea-forget", s_simple_command, "IDEA", "erase a proposer's contact details now",
      false },
    { "budget", "meeting", s_simple_command,
      "ID --held-on YYYY-MM-DD --title TITLE --attendance N [--notes TEXT]",
      "record a development meeting", false },
    { "budget", "meetings", s_simple_command, "ID", "list the development meetings", false },
    { "budget", "paper", s_simple_command, "ID --projects ID,ID... [--points P,P...]",
      "enter a paper ballot (a second staff member confirms it)", false },
    { "budget", "paper-confirm", s_simple_command,
      "ID --paper N --projects ID,ID... [--points P,P...]",
      "confirm a paper ballot by entering it again (another staff member)", false },
    { "budget", "papers", s_simple_command, "ID", "list paper ballots waiting for confirmation",
      false },
    { "budget", "tally", s_results, "ID", "tally a closed citizen budget with its rule", false },
    { "budget", "results", s_results, "ID [--svg FILE]",
      "show the results per pool (winners, votes, cost, remaining budget, MES prices), or draw "
      "them as SVG",
      false },
    { "budget", "import", s_import, "FILE.pb [--name NAME] [--rule RULE]",
      "import a Pabulib file as a closed citizen budget", false },
    { "budget", "export", s_export, "ID FILE.pb [--pool NAME]",
      "export a closed citizen budget as an anonymised Pabulib file", false },
    { "poll", "create", s_poll_create,
      "--title TITLE --option TEXT --option TEXT... [--kind approval|ranked] [--max-choices K] "
      "[--meeting NAME]",
      "start a workshop poll", false },
    { "poll", "vote", s_poll_command, "ID --choices N,N...",
      "count one participant's vote: option numbers, first preference first", false },
    { "poll", "results", s_poll_command, "ID", "the standings now", false },
    { "poll", "close", s_poll_command, "ID", "close the poll and show the result", false },
    { "poll", "list", s_poll_list, "", "list polls", false },
    { NULL, NULL, NULL, NULL, NULL, false }
};
