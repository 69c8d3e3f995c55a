/*  ics.c: iCalendar lines, events and calendars (ics.h). */
#include "ics.h"

#include <string.h>

void
ics_time (const char *rfc3339, char *out)
{
    size_t n = 0;
    for (const char *s = rfc3339; *s && n < 16; s++)
        if (*s != '-' && *s != ':')
            out[n++] = *s;
    out[n] = 0;
}

void
ics_line (FILE *f, const char *name, const char *value, bool text)
{
    char line[2048];
    size_t n = (size_t)snprintf (line, sizeof line, "%s:", name);
    if (n >= sizeof line)
        n = sizeof line - 1;
    for (const char *s = value; *s && n < sizeof line - 3; s++) {
        if (text && (*s == '\\' || *s == ';' || *s == ',')) {
            line[n++] = '\\';
            line[n++] = *s;
        } else if (text && (*s == '\n' || *s == '\r')) {
            //  A line break (LF, CR or CRLF) is one "\n"
            line[n++] = '\\';
            line[n++] = 'n';
            if (*s == '\r' && s[1] == '\n')
                s++;
        } else
            line[n++] = *s;
    }
    //  Cut short: not inside a UTF-8 sequence
    while (n > 0 && ((unsigned char)line[n - 1] & 0x80)) {
        size_t start = n - 1;
        while (start > 0 && ((unsigned char)line[start] & 0xC0) == 0x80)
            start--;
        unsigned char lead = (unsigned char)line[start];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (n - start >= want)
            break;
        n = start;
    }
    //  Fold before a character that would end past octet 75
    size_t width = 0;
    for (size_t i = 0; i < n;) {
        unsigned char lead = (unsigned char)line[i];
        size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (len > n - i)
            len = n - i;
        if (width + len > 75) {
            fputs ("\r\n ", f);
            width = 1;
        }
        fwrite (line + i, 1, len, f);
        width += len;
        i += len;
    }
    fputs ("\r\n", f);
}

void
ics_begin (FILE *f, const char *prodid)
{
    ics_line (f, "BEGIN", "VCALENDAR", false);
    ics_line (f, "VERSION", "2.0", false);
    ics_line (f, "PRODID", prodid, false);
    ics_line (f, "CALSCALE", "GREGORIAN", false);
}

void
ics_event (FILE *f, const ics_event_t *event, time_t stamp)
{
    char t0[20], t1[20], now[20];
    struct tm tm;
    strftime (now, sizeof now, "%Y%m%dT%H%M%SZ", gmtime_r (&stamp, &tm));
    ics_time (event->starts, t0);
    ics_time (event->ends, t1);
    ics_line (f, "BEGIN", "VEVENT", false);
    ics_line (f, "UID", event->uid, false);
    ics_line (f, "DTSTAMP", now, false);
    ics_line (f, "DTSTART", t0, false);
    ics_line (f, "DTEND", t1, false);
    ics_line (f, "SUMMARY", event->summary, true);
    if (event->location && *event->location)
        ics_line (f, "LOCATION", event->location, true);
    ics_line (f, "END", "VEVENT", false);
}

void
ics_end (FILE *f)
{
    ics_line (f, "END", "VCALENDAR", false);
}

void
ics_meeting (FILE *f, const ics_meeting_t *meeting, const ics_event_t *event, time_t stamp)
{
    char uid[128];
    snprintf (uid, sizeof uid, "speeddate-%lld-%lld-round-%lld@samskab.%s", meeting->event,
              meeting->party, meeting->round, meeting->municipality);
    ics_event_t e = *event;
    e.uid = uid;
    ics_event (f, &e, stamp);
}
