/*  csv.h: a small RFC 4180 reader and writer for spreadsheets' CSV.

    The whole file is read and turned into UTF-8 first: if its bytes are
    valid UTF-8 (a BOM is dropped) they are used as they are, otherwise they
    are taken as Windows-1252, which Danish spreadsheets still write, and
    converted exactly (0x80-0x9F included). The separator is ';' or ',',
    whichever the header line has more of outside quotes, unless given.

    Contract: C11, libc and lib/base (sk_mem, sk_utf8) only; no PostgreSQL,
    ZeroMQ or czmq. One reader per thread; distinct readers are independent.
*/
#ifndef CSV_CSV_H_INCLUDED
#define CSV_CSV_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CSV_MAX_FIELDS 256
#define CSV_MAX_FILE   (1024L * 1024 * 1024) //  1 GiB

typedef struct _csv_t csv_t;

//  Open and decode path. NULL with why filled if it cannot be read, is
//  too large, is UTF-16, or is empty. sep 0 means detect.
csv_t *csv_open (const char *path, char sep, char *why, size_t why_size);
void csv_destroy (csv_t **self_p);
//  "UTF-8" or "Windows-1252"; the separator in use.
const char *csv_encoding (csv_t *self);
char csv_separator (csv_t *self);
//  Bytes consumed and in all, for progress.
size_t csv_pos (csv_t *self);
size_t csv_size (csv_t *self);

//  The next record: returns its number of fields and points fields[] at
//  them (valid until the next call), 0 at the end, or -1 if the record is
//  malformed (why says how; the reader has skipped it). *record is the
//  record's number, the header being 1. Blank lines are skipped.
int csv_next (csv_t *self, char **fields, int64_t *record, char *why, size_t why_size);

//  Windows-1252 bytes to UTF-8; the caller frees the result.
char *csv_from_1252 (const uint8_t *data, size_t size, size_t *out_size);

//  Write one field, quoted when it must be, with sep as the separator. A
//  value a spreadsheet would take as a formula (it begins with =, +, -,
//  @, tab or CR, after any apostrophes) is written as text, as OWASP's
//  CSV injection advice says: quoted, with an apostrophe before it.
void csv_field (FILE *out, const char *value, char sep, bool last);

//  A cell as csv_field meant it: without the apostrophe csv_field put
//  before a formula-like value (a file exported, edited and imported
//  again keeps "+45 12 34 56 78" as it was). Points into cell.
const char *csv_unguard (const char *cell);

#endif
