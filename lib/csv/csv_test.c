/*  csv_test: lib/csv's selftest and usage example: a spreadsheet's file
    in Windows-1252 and one in UTF-8 with a BOM, quoted fields, a malformed
    record skipped with its reason, and fields written back quoted.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv/csv.h"
#include "sk_check.h"

//  Write size bytes to a new temporary file; its path in path.
static void
s_write (char *path, const char *data, size_t size)
{
    strcpy (path, "/tmp/csv_test.XXXXXX");
    int fd = mkstemp (path);
    if (fd < 0 || write (fd, data, size) != (ssize_t)size)
        abort ();
    close (fd);
}

static void
s_test_1252 (void)
{
    SK_CASE_BEGIN ();
    //  "Forening;By" then "Ældre Sag;Århus" in Windows-1252, CRLF
    const char data[] =
        "Forening;By\r\n\xc6ldre Sag;\xc5rhus\r\n\r\n\"Sk\xf8n; \"\"ny\"\"\";Odense\r\n";
    char path[32], why[128] = "";
    s_write (path, data, sizeof data - 1);
    csv_t *csv = csv_open (path, 0, why, sizeof why);
    CHECK (csv != NULL);
    if (csv) {
        CHECK_STR_EQ (csv_encoding (csv), "Windows-1252");
        CHECK_INT_EQ (csv_separator (csv), ';');
        char *fields[CSV_MAX_FIELDS];
        int64_t record = 0;
        CHECK_INT_EQ (csv_next (csv, fields, &record, why, sizeof why), 2);
        CHECK_STR_EQ (fields[1], "By");
        CHECK_INT_EQ (csv_next (csv, fields, &record, why, sizeof why), 2);
        CHECK_STR_EQ (fields[0], "\xc3\x86ldre Sag");
        CHECK_STR_EQ (fields[1], "\xc3\x85rhus");
        CHECK_INT_EQ (record, 2);
        //  The blank line is skipped; the quoted field keeps its ';'
        CHECK_INT_EQ (csv_next (csv, fields, &record, why, sizeof why), 2);
        CHECK_STR_EQ (fields[0], "Sk\xc3\xb8n; \"ny\"");
        CHECK_INT_EQ (record, 3);
        CHECK_INT_EQ (csv_next (csv, fields, &record, why, sizeof why), 0);
        CHECK_INT_EQ (csv_pos (csv), csv_size (csv));
    }
    csv_destroy (&csv);
    CHECK (csv == NULL);
    unlink (path);
    SK_CASE_END ("csv: Windows-1252 to UTF-8, quotes, blank lines");
}

static void
s_test_utf8 (void)
{
    SK_CASE_BEGIN ();
    const char data[] = "\xef\xbb\xbfname,city\nbad\"quote,x\nS\xc3\xb8ren,\"Aarhus\nC\"\n";
    char path[32], why[128] = "";
    s_write (path, data, sizeof data - 1);
    csv_t *csv = csv_open (path, 0, why, sizeof why);
    CHECK (csv != NULL);
    if (csv) {
        CHECK_STR_EQ (csv_encoding (csv), "UTF-8");
        CHECK_INT_EQ (csv_separator (csv), ',');
        char *fields[CSV_MAX_FIELDS];
        int64_t record = 0;
        CHECK_INT_EQ (csv_next (csv, fields, &record, why, sizeof why), 2);
        CHECK_STR_EQ (fields[0], "name"); //  the BOM is dropped
        CHECK_INT_EQ (csv_next (csv, fields, &record, why, sizeof why), -1);
        CHECK_STR_CONTAINS (why, "quote inside unquoted field 1");
        CHECK_INT_EQ (csv_next (csv, fields, &record, why, sizeof why), 2);
        CHECK_STR_EQ (fields[1], "Aarhus\nC");
        CHECK_INT_EQ (record, 3);
    }
    csv_destroy (&csv);
    unlink (path);
    csv = csv_open ("/nonexistent/file.csv", 0, why, sizeof why);
    CHECK (csv == NULL);
    CHECK_STR_CONTAINS (why, "could not open file \"/nonexistent/file.csv\"");
    SK_CASE_END ("csv: UTF-8 with a BOM, a malformed record skipped, a missing file");
}

static void
s_test_write (void)
{
    SK_CASE_BEGIN ();
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    csv_field (out, "plain", ';', false);
    csv_field (out, "a;b", ';', false);
    csv_field (out, "say \"hi\"", ';', false);
    csv_field (out, NULL, ';', true);
    fclose (out);
    CHECK_STR_EQ (text, "plain;\"a;b\";\"say \"\"hi\"\"\";\r\n"); //  CRLF, as spreadsheets write
    free (text);
    SK_CASE_END ("csv: fields written quoted only when they must be");

    //  OWASP CSV injection: what a spreadsheet would run is written as text
    SK_CASE_BEGIN ();
    text = NULL;
    out = open_memstream (&text, &size);
    static const char *values[] = { "=1+2", "+45 12 34 56 78", "-5",  "@SUM(A1)", "\tx", "\rx",
                                    "'=x",  "'apostrophe",     "a=b", "" };
    for (int i = 0; i < 10; i++)
        csv_field (out, values[i], ';', i == 9);
    fclose (out);
    CHECK_STR_EQ (text, "\"'=1+2\";\"'+45 12 34 56 78\";\"'-5\";\"'@SUM(A1)\";\"'\tx\";\"'\rx\";"
                        "\"''=x\";'apostrophe;a=b;\r\n");
    free (text);
    for (int i = 0; i < 10; i++) {
        //  What the reader gives back, unguarded, is the value written
        char guarded[64];
        snprintf (guarded, sizeof guarded, "'%s", values[i]);
        const char *back = i < 7 ? csv_unguard (guarded) : csv_unguard (values[i]);
        CHECK_STR_EQ (back, values[i]);
    }
    SK_CASE_END ("csv: formula-like cells written as text, read back as they were");
}

int
main (int argc, char **argv)
{
    (void)argc;
    (void)argv;
    s_test_1252 ();
    s_test_utf8 ();
    s_test_write ();
    return sk_check_cases_failed ? 1 : 0;
}
