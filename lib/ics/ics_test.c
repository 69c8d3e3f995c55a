/*  ics_test: lib/ics's selftest and usage example: a calendar of one
    event written to memory, its times in UTC, text escaped, long lines
    folded at 75 octets without splitting a UTF-8 sequence.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ics/ics.h"
#include "sk_check.h"

static void
s_test_calendar (void)
{
    SK_CASE_BEGIN ();
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream (&text, &size);
    ics_begin (f, "-//samskab//speeddate//EN");
    ics_meeting_t meeting = { "0730", 1, 2, 1 };
    ics_event_t e = { .starts = "2027-03-28T00:30:00Z",
                      .ends = "2027-03-28T01:05:00Z",
                      .summary = "Aften; runde 1, bord 2 med Foo, Bar\\Baz\nny linje",
                      .location = "" };
    ics_meeting (f, &meeting, &e, 1796000000);
    ics_end (f);
    fclose (f);
    CHECK_STRN_EQ (text, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//samskab//speeddate//EN\r\n",
                   62);
    CHECK_STR_CONTAINS (text, "\r\nUID:speeddate-1-2-round-1@samskab.0730\r\n");
    CHECK_STR_CONTAINS (text, "\r\nDTSTART:20270328T003000Z\r\n");
    CHECK_STR_CONTAINS (text, "\r\nDTEND:20270328T010500Z\r\n");
    CHECK_STR_CONTAINS (text, "\r\nDTSTAMP:20261130T005320Z");
    CHECK_STR_CONTAINS (text,
                        "SUMMARY:Aften\\; runde 1\\, bord 2 med Foo\\, Bar\\\\Baz\\nny linje");
    CHECK_TRUE (strstr (text, "LOCATION") == NULL, "no LOCATION for an empty one");
    CHECK_STR_CONTAINS (text, "END:VEVENT\r\nEND:VCALENDAR\r\n");
    free (text);
    SK_CASE_END ("ics: a calendar with an event in UTC, text escaped");
}

static void
s_test_folding (void)
{
    SK_CASE_BEGIN ();
    char value[400] = "";
    for (int i = 0; i < 60; i++)
        strcat (value, "æø ");
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream (&text, &size);
    ics_line (f, "SUMMARY", value, true);
    fclose (f);
    //  Every physical line at most 75 octets; continuations start with a
    //  space; no line starts inside a UTF-8 sequence; unfolded, the value
    int lines = 0;
    char unfolded[800] = "";
    for (char *line = text; *line;) {
        char *end = strstr (line, "\r\n");
        CHECK_NOT_NULL (end);
        if (!end)
            break;
        CHECK_INT_LE (end - line, 75);
        if (lines++) {
            CHECK_INT_EQ (line[0], ' ');
            CHECK_INT_NE ((unsigned char)line[1] & 0xC0, 0x80);
            line++;
        }
        strncat (unfolded, line, (size_t)(end - line));
        line = end + 2;
    }
    CHECK_INT_GT (lines, 2);
    CHECK_STRN_EQ (unfolded, "SUMMARY:", 8);
    CHECK_STR_EQ (unfolded + 8, value);
    free (text);
    SK_CASE_END ("ics: lines folded at 75 octets, never inside a character");
}

int
main (int argc, char **argv)
{
    (void)argc, (void)argv;
    s_test_calendar ();
    s_test_folding ();
    return sk_check_cases_failed ? 1 : 0;
}
