/*  csv.c: RFC 4180 CSV in UTF-8 or Windows-1252. */
#include "csv/csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_mem.h"
#include "sk_utf8.h"

struct _csv_t {
    char *data; //  the file, as UTF-8, NUL-terminated
    size_t size;
    size_t pos; //  where the next record starts
    char sep;   //  ';' or ','
    const char *encoding;
    int64_t record; //  records read, counting the header
    char *scratch;  //  the current record's fields, unquoted
    size_t scratch_size;
};

//  0x80-0x9F of Windows-1252; the five unassigned bytes map to the C1
//  control of the same value, as Windows itself converts them.
static const uint16_t s_1252[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

char *
csv_from_1252 (const uint8_t *data, size_t size, size_t *out_size)
{
    char *out = (char *)sk_malloc (3 * size + 1);
    size_t n = 0;
    for (size_t i = 0; i < size; i++) {
        uint32_t c = data[i];
        if (c >= 0x80 && c <= 0x9F)
            c = s_1252[c - 0x80];
        if (c < 0x80)
            out[n++] = (char)c;
        else if (c < 0x800) {
            out[n++] = (char)(0xC0 | (c >> 6));
            out[n++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[n++] = (char)(0xE0 | (c >> 12));
            out[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[n++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[n] = 0;
    *out_size = n;
    return out;
}

csv_t *
csv_open (const char *path, char sep, char *why, size_t why_size)
{
    FILE *f = fopen (path, "rb");
    if (!f) {
        snprintf (why, why_size, "could not open file \"%s\": %s", path, strerror (errno));
        return NULL;
    }
    size_t size = 0, cap = 65536;
    uint8_t *raw = (uint8_t *)sk_malloc (cap);
    size_t got;
    while ((got = fread (raw + size, 1, cap - size, f)) > 0) {
        size += got;
        if (size == cap) {
            if (cap >= (size_t)CSV_MAX_FILE) {
                snprintf (why, why_size, "file \"%s\" is larger than 1 GiB", path);
                free (raw);
                fclose (f);
                return NULL;
            }
            cap *= 2;
            raw = (uint8_t *)sk_realloc (raw, cap);
        }
    }
    bool failed = ferror (f);
    fclose (f);
    if (failed) {
        snprintf (why, why_size, "could not read file \"%s\"", path);
        free (raw);
        return NULL;
    }
    if (size >= 2 && ((raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF))) {
        snprintf (why, why_size,
                  "file \"%s\" is UTF-16; save it as CSV in UTF-8 "
                  "or Windows-1252",
                  path);
        free (raw);
        return NULL;
    }
    csv_t *self = (csv_t *)sk_calloc (1, sizeof (csv_t));
    size_t skip = size >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF ? 3 : 0;
    if (sk_utf8_valid (raw + skip, size - skip)) {
        self->encoding = "UTF-8";
        self->data = (char *)sk_malloc (size - skip + 1);
        memcpy (self->data, raw + skip, size - skip);
        self->size = size - skip;
        self->data[self->size] = 0;
    } else {
        self->encoding = "Windows-1252";
        self->data = csv_from_1252 (raw, size, &self->size);
    }
    free (raw);
    if (memchr (self->data, 0, self->size)) {
        snprintf (why, why_size, "file \"%s\" contains NUL bytes; it is not CSV text", path);
        csv_destroy (&self);
        return NULL;
    }
    //  The separator: the more frequent of ';' and ',' in the first record
    if (!sep) {
        size_t semi = 0, comma = 0;
        bool quoted = false;
        for (const char *c = self->data; *c && (quoted || (*c != '\n' && *c != '\r')); c++) {
            if (*c == '"')
                quoted = !quoted;
            else if (!quoted)
                semi += *c == ';', comma += *c == ',';
        }
        sep = semi > comma ? ';' : ',';
    }
    self->sep = sep;
    self->scratch_size = 4096;
    self->scratch = (char *)sk_malloc (self->scratch_size);
    return self;
}

void
csv_destroy (csv_t **self_p)
{
    if (*self_p) {
        free ((*self_p)->data);
        free ((*self_p)->scratch);
        free (*self_p);
        *self_p = NULL;
    }
}

const char *
csv_encoding (csv_t *self)
{
    return self->encoding;
}

char
csv_separator (csv_t *self)
{
    return self->sep;
}

size_t
csv_pos (csv_t *self)
{
    return self->pos;
}

size_t
csv_size (csv_t *self)
{
    return self->size;
}

//  Skip the rest of a malformed record: to the end of its line.
static void
s_skip_line (csv_t *self, const char *p)
{
    while (*p && *p != '\n')
        p++;
    self->pos = (size_t)(p - self->data) + (*p == '\n');
}

//  Room for one more byte of the record's fields: doubles the scratch
//  buffer when it is full, moving the fields found so far with it.
static char *
s_room (csv_t *self, char **fields, int count, size_t n)
{
    if (n + 1 >= self->scratch_size) {
        self->scratch_size *= 2;
        char *grown = (char *)sk_realloc (self->scratch, self->scratch_size);
        for (int k = 0; k < count; k++)
            fields[k] = grown + (fields[k] - self->scratch);
        self->scratch = grown;
    }
    return self->scratch;
}

int
csv_next (csv_t *self, char **fields, int64_t *record, char *why, size_t why_size)
{
    const char *p = self->data + self->pos;
    //  Blank lines between records are not records
    while (*p == '\n' || *p == '\r')
        p++;
    if (!*p) {
        self->pos = self->size;
        return 0;
    }
    *record = ++self->record;
    //  A record's fields are never longer than the rest of the file
    size_t rest = self->size - (size_t)(p - self->data) + CSV_MAX_FIELDS + 1;
    if (rest > self->scratch_size) {
        //  Grow in line-sized steps: most records are short
        const char *nl = strchr (p, '\n');
        size_t need = (nl ? (size_t)(nl - p) : strlen (p)) * 2 + CSV_MAX_FIELDS + 64;
        if (need > self->scratch_size) {
            self->scratch_size = need;
            self->scratch = (char *)sk_realloc (self->scratch, need);
        }
    }
    char *out = self->scratch;
    size_t n = 0;
    int count = 0;
    const char *start = p;
    while (true) {
        if (count == CSV_MAX_FIELDS) {
            snprintf (why, why_size, "has more than %d fields", CSV_MAX_FIELDS);
            s_skip_line (self, p);
            return -1;
        }
        fields[count++] = out + n;
        if (*p == '"') {
            //  Quoted: "" is a quote; separators and newlines are text
            const char *open = p++;
            while (true) {
                if (!*p) {
                    snprintf (why, why_size,
                              "quoted field is not closed "
                              "(it opens at byte %zu of the record)",
                              (size_t)(open - start) + 1);
                    self->pos = self->size;
                    return -1;
                }
                if (*p == '"' && p[1] == '"')
                    p += 1;
                else if (*p == '"')
                    break;
                out = s_room (self, fields, count, n);
                out[n++] = *p++;
            }
            p++; //  the closing quote
            if (*p && *p != self->sep && *p != '\n' && *p != '\r') {
                snprintf (why, why_size, "text after the closing quote of field %d", count);
                s_skip_line (self, p);
                return -1;
            }
        } else {
            while (*p && *p != self->sep && *p != '\n' && *p != '\r') {
                if (*p == '"') {
                    snprintf (why, why_size,
                              "quote inside unquoted field %d; "
                              "quote the whole field",
                              count);
                    s_skip_line (self, p);
                    return -1;
                }
                out = s_room (self, fields, count, n);
                out[n++] = *p++;
            }
        }
        out = s_room (self, fields, count, n);
        out[n++] = 0;
        if (*p == self->sep) {
            p++;
            continue;
        }
        //  End of record: CRLF, LF, a lone CR, or the end of the file
        if (*p == '\r')
            p++;
        if (*p == '\n')
            p++;
        break;
    }
    self->pos = (size_t)(p - self->data);
    return count;
}

//  A spreadsheet would read value as a formula: after any apostrophes it
//  begins with = + - @ tab or CR (apostrophes counted so that a value
//  that itself begins with one comes back whole from csv_unguard).
static bool
s_formula (const char *value)
{
    value += strspn (value, "'");
    return *value && strchr ("=+-@\t\r", *value);
}

const char *
csv_unguard (const char *cell)
{
    return cell[0] == '\'' && s_formula (cell + 1) ? cell + 1 : cell;
}

void
csv_field (FILE *out, const char *value, char sep, bool last)
{
    bool guard = value && s_formula (value);
    if (value
        && (guard || strchr (value, sep) || strchr (value, '"') || strchr (value, '\n')
            || strchr (value, '\r'))) {
        fputc ('"', out);
        if (guard)
            fputc ('\'', out);
        for (const char *c = value; *c; c++) {
            if (*c == '"')
                fputc ('"', out);
            fputc (*c, out);
        }
        fputc ('"', out);
    } else if (value)
        fputs (value, out);
    fputs (last ? "\r\n" : (char[]){ sep, 0 }, out);
}
