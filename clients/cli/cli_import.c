/*  cli_import.c: samskab import associations|companies FILE.csv

    Reads the file with lib/csv, sends its rows to registry.import.* in
    batches that stay well inside the frame limit, prints a per-row report
    (row, column, reason), and commits only if every row is good, unless
    --good-rows. A progress bar goes to stderr when it is a terminal.
*/
#include <czmq.h>

#include "csv/csv.h"
#include "cli.h"

#define S_BATCH_ROWS  2000
#define S_BATCH_BYTES (640 * 1024) //  of the 1 MiB frame limit

typedef struct {
    int64_t row;
    char *column;
    char *reason;
} s_report_t;

static int
s_report_cmp (void *a, void *b)
{
    const s_report_t *x = (const s_report_t *)a, *y = (const s_report_t *)b;
    return x->row < y->row ? -1 : x->row > y->row;
}

static void
s_report_add (zlistx_t *report, int64_t row, const char *column, const char *reason)
{
    s_report_t *r = (s_report_t *)zmalloc (sizeof *r);
    r->row = row;
    r->column = strdup (column);
    r->reason = strdup (reason);
    zlistx_add_end (report, r);
}

static void
s_report_free (void **item)
{
    s_report_t *r = (s_report_t *)*item;
    if (r) {
        free (r->column);
        free (r->reason);
        free (r);
        *item = NULL;
    }
}

static void
s_progress (csv_t *csv, int64_t rows, bool done)
{
    size_t size = csv_size (csv) ? csv_size (csv) : 1;
    int pct = (int)(csv_pos (csv) * 100 / size);
    char bar[41];
    memset (bar, '#', 40);
    memset (bar + pct * 40 / 100, '.', 40 - pct * 40 / 100);
    bar[40] = 0;
    fprintf (stderr, "\rimporting [%s] %3d%%  %lld rows%s", bar, pct, (long long)rows,
             done ? "\n" : "");
    fflush (stderr);
}

//  Send one batch; add its errors to report. CLI_OK or CLI_REFUSED.
static int
s_send_rows (cli_t *cli, int64_t import, int64_t first, sk_pack_t *rows, uint32_t count,
             bool allow_duplicates, zlistx_t *report, int64_t *bad, int64_t *stale)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, allow_duplicates ? 4 : 3);
    sk_pack_kint (&body, "import", import);
    if (allow_duplicates)
        sk_pack_kbool (&body, "allow_duplicates", true);
    sk_pack_kint (&body, "first", first);
    sk_pack_str (&body, "rows");
    sk_pack_array (&body, count);
    sk_pack_raw (&body, rows->buf.data, rows->buf.size);
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", "registry.import.rows", &body, &reply);
    sk_pack_release (&body);
    if (rc == CLI_OK) {
        const msgpack_object *b = cli_body (&reply);
        int64_t n = 0, unreported = 0, old = 0;
        sk_obj_int (sk_obj_get (b, "bad"), &n);
        sk_obj_int (sk_obj_get (b, "unreported"), &unreported);
        sk_obj_int (sk_obj_get (b, "stale"), &old);
        *bad += n;
        *stale += old;
        const msgpack_object *errors = sk_obj_get (b, "errors");
        for (uint32_t i = 0;
             errors && errors->type == MSGPACK_OBJECT_ARRAY && i < errors->via.array.size; i++) {
            const msgpack_object *e = &errors->via.array.ptr[i];
            char column[64], reason[256];
            int64_t row = 0;
            sk_obj_int (sk_obj_get (e, "row"), &row);
            cli_format (sk_obj_get (e, "column"), column, sizeof column);
            cli_format (sk_obj_get (e, "reason"), reason, sizeof reason);
            s_report_add (report, row, column, reason);
        }
        if (unreported) {
            char reason[96];
            snprintf (reason, sizeof reason, "and %lld more errors in rows %lld-%lld",
                      (long long)unreported, (long long)first, (long long)(first + count - 1));
            s_report_add (report, first + count - 1, "", reason);
        }
    }
    sk_frame_release (&reply);
    return rc;
}

static void
s_print_report (cli_t *cli, zlistx_t *report, int64_t rows, int64_t bad, const char *outcome,
                const msgpack_object *result)
{
    zlistx_sort (report);
    if (cli->json) {
        printf ("{\"rows\":%lld,\"bad\":%lld,\"outcome\":\"%s\",\"result\":", (long long)rows,
                (long long)bad, outcome);
        if (result)
            cli_print_json (stdout, result);
        else
            fputs ("null", stdout);
        fputs (",\"errors\":[", stdout);
        bool first = true;
        for (s_report_t *r = (s_report_t *)zlistx_first (report); r;
             r = (s_report_t *)zlistx_next (report), first = false) {
            sk_pack_t p;
            sk_pack_init (&p);
            sk_pack_map (&p, 3);
            sk_pack_kint (&p, "row", r->row);
            sk_pack_kstr (&p, "column", r->column);
            sk_pack_kstr (&p, "reason", r->reason);
            sk_frame_t f;
            sk_error_t err;
            if (sk_frame_decode (&f, (const uint8_t *)p.buf.data, p.buf.size, &err) == 0) {
                if (!first)
                    fputc (',', stdout);
                cli_print_json (stdout, &f.root);
            }
            sk_frame_release (&f);
            sk_pack_release (&p);
        }
        fputs ("]}\n", stdout);
        return;
    }
    if (zlistx_size (report)) {
        printf ("%-7s %-20s %s\n", "ROW", "COLUMN", "REASON");
        for (s_report_t *r = (s_report_t *)zlistx_first (report); r;
             r = (s_report_t *)zlistx_next (report))
            printf ("%-7lld %-20s %s\n", (long long)r->row, r->column, r->reason);
    }
    printf ("%s\n", outcome);
}

//  The import under way: the file, its header and the report.
typedef struct {
    cli_t *cli;
    const char *kind; //  association or company
    csv_t *csv;
    char *header[CSV_MAX_FIELDS];
    int ncols;
    zlistx_t *report;
    int64_t import; //  the registry's id of the import
    int64_t rows, bad;
    int64_t stale;         //  rows refused for a stale version
    bool allow_duplicates; //  --allow-duplicates: new rows may share a name
} s_import_t;

//  Begin: the registry checks the header. CLI_OK with self->import set.
static int
s_begin (s_import_t *self)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, 2);
    sk_pack_kstr (&body, "kind", self->kind);
    sk_pack_str (&body, "columns");
    sk_pack_array (&body, (uint32_t)self->ncols);
    for (int c = 0; c < self->ncols; c++)
        sk_pack_str (&body, self->header[c]);
    sk_frame_t reply;
    sk_error_t err = { 0 };
    cli_t *cli = self->cli;
    sk_client_t *client = cli_client (cli, "registry");
    int rc = client ? CLI_OK : CLI_USAGE;
    bool called = client != NULL; //  reply is set, to be released
    if (client) {
        sk_client_set_timeout (client, cli->timeout, cli->retries);
        if (sk_client_call (client, "registry.import.begin", cli->tenant, &body, NULL, &reply,
                            &err)) {
            fprintf (stderr, "samskab: %s\n", err.message);
            rc = CLI_REFUSED;
        } else if (sk_reply_error (&reply, &err)) {
            //  A bad header is the first row's error
            int64_t c = -1;
            if (!strncmp (err.field, "columns[", 8))
                c = atoll (err.field + 8);
            s_report_add (self->report, 1, c >= 0 && c < self->ncols ? self->header[c] : "",
                          err.message);
            rc = CLI_REFUSED;
            if (streq (err.code, "invalid_argument"))
                s_print_report (cli, self->report, 0, 1,
                                "nothing was imported: the header is wrong", NULL);
            else
                fprintf (stderr, "samskab: %s\n", err.message);
        }
        sk_client_destroy (&client);
    }
    sk_pack_release (&body);
    if (rc == CLI_OK)
        sk_obj_int (sk_obj_get (cli_body (&reply), "import"), &self->import);
    if (called)
        sk_frame_release (&reply);
    return rc;
}

//  The rows, in batches that stay well inside the frame limit.
static int
s_rows (s_import_t *self)
{
    bool tty = isatty (2) && !self->cli->json;
    int64_t first = 2, record = 0;
    uint32_t count = 0;
    char *fields[CSV_MAX_FIELDS], why[256];
    sk_pack_t batch;
    sk_pack_init (&batch);
    int rc = CLI_OK;
    while (rc == CLI_OK) {
        int n = csv_next (self->csv, fields, &record, why, sizeof why);
        if (n == 0)
            break;
        self->rows++;
        if (n < 0) {
            s_report_add (self->report, record, "", why);
            self->bad++;
        } else {
            //  A record the server gets, also with the wrong field count:
            //  it names that error with the row
            if (count == 0)
                first = record;
            //  Rows in one batch are consecutive records
            sk_pack_array (&batch, (uint32_t)n);
            for (int c = 0; c < n; c++)
                sk_pack_str (&batch, csv_unguard (fields[c]));
            count++;
        }
        //  A malformed record breaks the run of consecutive rows
        if (count && (count == S_BATCH_ROWS || batch.buf.size > S_BATCH_BYTES || n < 0)) {
            rc = s_send_rows (self->cli, self->import, first, &batch, count, self->allow_duplicates,
                              self->report, &self->bad, &self->stale);
            sk_pack_reset (&batch);
            count = 0;
            if (tty)
                s_progress (self->csv, self->rows, false);
        }
    }
    if (rc == CLI_OK && count)
        rc = s_send_rows (self->cli, self->import, first, &batch, count, self->allow_duplicates,
                          self->report, &self->bad, &self->stale);
    sk_pack_release (&batch);
    if (tty && rc == CLI_OK)
        s_progress (self->csv, self->rows, true);
    return rc;
}

//  A dry run's outcome from the abort's reply: what a commit would have
//  done with the good rows, and the rows refused for a stale version.
static void
s_dry_run (s_import_t *self, const msgpack_object *reply, char *outcome, size_t size)
{
    int64_t creates = 0, updates = 0, unchanged = 0, good = self->rows - self->bad;
    sk_obj_int (sk_obj_get (reply, "creates"), &creates);
    sk_obj_int (sk_obj_get (reply, "updates"), &updates);
    sk_obj_int (sk_obj_get (reply, "unchanged"), &unchanged);
    bool company = streq (self->kind, "company");
    const char *noun = creates == 1 ? (company ? "a new company" : "a new association")
                       : company    ? "new companies"
                                    : "new associations";
    snprintf (outcome, size,
              "dry run: %lld of %lld rows %s good; %lld would create %s, %lld would update %s "
              "(%lld unchanged), %lld %s a stale version; nothing was imported",
              (long long)good, (long long)self->rows, good == 1 ? "is" : "are", (long long)creates,
              noun, (long long)updates, updates == 1 ? "an existing one" : "existing ones",
              (long long)unchanged, (long long)self->stale, self->stale == 1 ? "has" : "have");
}

//  Commit when every row is good (or --good-rows), else abort; report.
static int
s_finish (s_import_t *self, bool dry_run, bool good_rows)
{
    cli_t *cli = self->cli;
    int64_t rows = self->rows, bad = self->bad;
    bool commit = !dry_run && (bad == 0 || good_rows);
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, commit ? 2 : 1);
    sk_pack_kint (&body, "import", self->import);
    if (commit)
        sk_pack_kbool (&body, "good_rows", good_rows);
    int timeout = cli->timeout;
    cli->timeout = timeout < 120000 ? 120000 : timeout; //  a large file takes a while
    sk_frame_t reply;
    int rc = cli_call (cli, "registry", commit ? "registry.import.commit" : "registry.import.abort",
                       &body, &reply);
    cli->timeout = timeout;
    sk_pack_release (&body);
    if (rc == CLI_OK) {
        char outcome[256];
        int64_t created = 0, updated = 0, unchanged = 0;
        sk_obj_int (sk_obj_get (cli_body (&reply), "created"), &created);
        sk_obj_int (sk_obj_get (cli_body (&reply), "updated"), &updated);
        sk_obj_int (sk_obj_get (cli_body (&reply), "unchanged"), &unchanged);
        //  Rows with a party's id update it: ", updated 2 (3 unchanged)"
        char changes[96] = "";
        if (updated || unchanged)
            snprintf (changes, sizeof changes, ", updated %lld (%lld unchanged)",
                      (long long)updated, (long long)unchanged);
        bool company = streq (self->kind, "company");
        const char *noun = created == 1 ? (company ? "company" : "association")
                           : company    ? "companies"
                                        : "associations";
        int64_t good = rows - bad;
        if (commit)
            snprintf (outcome, sizeof outcome, "imported %lld %s%s%s", (long long)created, noun,
                      changes,
                      bad == 1 ? "; the bad row was left out"
                      : bad    ? "; the bad rows were left out"
                               : "");
        else if (dry_run)
            s_dry_run (self, cli_body (&reply), outcome, sizeof outcome);
        else
            snprintf (outcome, sizeof outcome,
                      "nothing was imported: %lld of %lld rows %s bad (--good-rows imports the "
                      "%lld good %s)",
                      (long long)bad, (long long)rows, bad == 1 ? "is" : "are", (long long)good,
                      good == 1 ? "one" : "ones");
        s_print_report (cli, self->report, rows, bad, outcome,
                        commit || dry_run ? cli_body (&reply) : NULL);
        if (bad)
            rc = CLI_REFUSED;
    }
    sk_frame_release (&reply);
    return rc;
}

static int
s_import (cli_t *cli, const cli_args_t *args)
{
    const char *path = cli_arg (args, "FILE.csv"), *sep = cli_arg (args, "separator");
    s_import_t self = { .cli = cli,
                        .kind = streq (args->verb, "associations") ? "association" : "company",
                        .allow_duplicates = cli_arg_yes (args, "allow-duplicates") };
    char why[256];
    self.csv = csv_open (path, sep ? *sep : 0, why, sizeof why);
    if (!self.csv) {
        fprintf (stderr, "samskab: %s\n", why);
        return CLI_REFUSED;
    }
    int64_t record = 0;
    self.ncols = csv_next (self.csv, self.header, &record, why, sizeof why);
    if (self.ncols <= 0) {
        fprintf (stderr, "samskab: file \"%s\": %s\n", path,
                 self.ncols == 0 ? "has no header row" : why);
        csv_destroy (&self.csv);
        return CLI_REFUSED;
    }
    if (!cli->json)
        fprintf (stderr, "reading \"%s\" as %s with separator '%c'\n", path,
                 csv_encoding (self.csv), csv_separator (self.csv));
    self.report = zlistx_new ();
    zlistx_set_destructor (self.report, s_report_free);
    zlistx_set_comparator (self.report, (zlistx_comparator_fn *)s_report_cmp);
    int rc = s_begin (&self);
    if (rc == CLI_OK)
        rc = s_rows (&self);
    if (rc == CLI_OK)
        rc = s_finish (&self, cli_arg_yes (args, "dry-run"), cli_arg_yes (args, "good-rows"));
    zlistx_destroy (&self.report);
    csv_destroy (&self.csv);
    return rc;
}

static const cli_opt_t s_args[] = {
    { .name = "FILE.csv",
      .type = CLI_FILE,
      .required = true,
      .help = "a CSV file (UTF-8 or Windows-1252; columns in README.md): terms by code or "
              "Danish label, apart by \"|\", \",\" or \";\" (not blanks); an area by id or name" },
    { 0 }
};
static const cli_opt_t s_opts[] = {
    { .name = "dry-run",
      .type = CLI_FLAG,
      .help = "check every row, import nothing; say how many rows would create parties, update "
              "them, or have a stale version" },
    { .name = "good-rows", .type = CLI_FLAG, .help = "import the good rows even if some are bad" },
    { .name = "allow-duplicates",
      .type = CLI_FLAG,
      .help = "import rows named as a party already registered (case, blanks, æ/ae, ø/oe, å/aa "
              "blind)" },
    { .name = "separator",
      .choices = ";|,",
      .help = "the column separator (default: found from the header)" },
    { 0 }
};

const cli_command_t cli_import_commands[] = {
    { .noun = "import",
      .verb = "associations",
      .run = s_import,
      .args = s_args,
      .opts = s_opts,
      .help = "import associations from CSV (UTF-8 or Windows-1252; columns in README.md)" },
    { .noun = "import",
      .verb = "companies",
      .run = s_import,
      .args = s_args,
      .opts = s_opts,
      .help = "import companies from CSV (UTF-8 or Windows-1252; columns in README.md)" },
    { 0 }
};
