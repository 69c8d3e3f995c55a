/*  ics.h: iCalendar files (RFC 5545) of timed events, for the CLI's and
    samskab-web's speed-dating schedules. Lines end in CRLF and are folded
    at 75 octets (never inside a UTF-8 sequence); text values escape
    backslash, semicolon, comma and line breaks; times are UTC
    ("20261203T170000Z"), so every calendar shows them in its own zone.
*/
#ifndef ICS_H_INCLUDED
#define ICS_H_INCLUDED

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

//  One VEVENT. Times are RFC 3339 in UTC ("2026-12-03T17:00:00Z").
typedef struct {
    const char *uid;      //  unique and stable (ics_meeting sets it)
    const char *starts;   //  DTSTART
    const char *ends;     //  DTEND
    const char *summary;  //  text
    const char *location; //  text, or NULL / "" for none
} ics_event_t;

//  "2026-12-03T17:00:00Z" -> "20261203T170000Z" into out (at least 17 bytes).
void ics_time (const char *rfc3339, char *out);
//  One content line NAME:VALUE, the value escaped as text if text.
void ics_line (FILE *f, const char *name, const char *value, bool text);
//  BEGIN:VCALENDAR with VERSION, PRODID ("-//samskab//speeddate//EN") and
//  CALSCALE; then the events, each stamped stamp; then ics_end.
void ics_begin (FILE *f, const char *prodid);
void ics_event (FILE *f, const ics_event_t *event, time_t stamp);
void ics_end (FILE *f);
//  One meeting of a speed-dating schedule as a VEVENT whose UID names the
//  event, the participant, the round and the municipality, so the CLI's
//  and the web's calendars of one meeting are the same event.
typedef struct {
    const char *municipality; //  kommunekode
    long long event, party, round;
} ics_meeting_t;
void ics_meeting (FILE *f, const ics_meeting_t *meeting, const ics_event_t *event, time_t stamp);

#endif
