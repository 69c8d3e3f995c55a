/*  pb.c: Pabulib .pb parser and writer.

    The whole file is read into memory (bounded), then scanned record by
    record. Every field is copied once into an arena of large blocks, so a
    90,000-voter file costs a handful of allocations. Project and voter ids
    are looked up in open-addressing hash tables.
*/
#include "pabulib/pb.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sk_mem.h"

#define S_ARENA_BLOCK (256u * 1024u)

typedef struct s_block_t {
    struct s_block_t *next; //  older block
    size_t used, size;      //  bytes used and available in data
    char data[];            //  the strings
} s_block_t;

typedef struct {
    size_t n_cols;   //  header columns
    char **cols;     //  header names
    size_t n_rows;   //  data rows
    size_t cap_rows; //  allocated rows
    char **fields;   //  n_rows * n_cols fields, row-major
    size_t *lines;   //  line of each row
    size_t line;     //  line of the title
    bool seen;       //  section present
} s_section_t;

struct _pb_t {
    s_block_t *arena;                       //  every string of the file
    s_section_t meta, projects, votes;      //  raw sections
    pb_type_t type;                         //  META vote_type
    mpq_t budget;                           //  META budget
    mpq_t threshold;                        //  META min_project_score_threshold or 0
    unsigned counting;                      //  META samskab_counting: PB_COUNT_* bits
    size_t col_id, col_cost;                //  PROJECTS columns
    size_t col_voter, col_vote, col_points; //  VOTES columns (points: -1)
    mpq_t *cost;                            //  exact cost per project
    size_t *ballot_off;                     //  ballot v is [off[v], off[v+1])
    uint32_t *ballot_proj;                  //  projects of all ballots
    int64_t *ballot_pts;                    //  points of all ballots, or NULL
};

static const char *s_type_names[] = { "approval", "choose-1", "cumulative", "ordinal", "scoring" };

/*  ---------------------------------------------------------------------
    Small helpers */

/*  Copy len bytes into the arena as a NUL-terminated string. */
static char *
s_arena_strndup (pb_t *self, const char *s, size_t len)
{
    s_block_t *b = self->arena;
    if (!b || b->size - b->used < len + 1) {
        size_t size = len + 1 > S_ARENA_BLOCK ? len + 1 : S_ARENA_BLOCK;
        b = sk_malloc (sizeof (s_block_t) + size);
        b->next = self->arena;
        b->used = 0;
        b->size = size;
        self->arena = b;
    }
    char *out = b->data + b->used;
    memcpy (out, s, len);
    out[len] = '\0';
    b->used += len + 1;
    return out;
}

/*  Hash of a string (FNV-1a). */
static uint64_t
s_hash (const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    //  Mix the high bits down: the table uses the low ones, where FNV-1a
    //  of short sequential ids ("1", "2", ...) clusters.
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

typedef struct {
    size_t mask;       //  table size - 1
    const char **keys; //  NULL when empty
    uint64_t *hashes;  //  hash of each key (compared before the key)
    uint32_t *values;  //  index stored with the key
} s_table_t;

static void
s_table_init (s_table_t *t, size_t n)
{
    size_t size = 16;
    while (size < 2 * n + 2)
        size *= 2;
    t->mask = size - 1;
    t->keys = sk_reallocarray (NULL, size, sizeof (char *));
    t->values = sk_reallocarray (NULL, size, sizeof (uint32_t));
    t->hashes = sk_reallocarray (NULL, size, sizeof (uint64_t));
    memset (t->keys, 0, size * sizeof (char *));
}

static void
s_table_fini (s_table_t *t)
{
    free (t->keys);
    free (t->values);
    free (t->hashes);
}

/*  Index of key, or -1. */
static int64_t
s_table_get (s_table_t *t, const char *key)
{
    uint64_t hash = s_hash (key);
    for (size_t h = hash & t->mask; t->keys[h]; h = (h + 1) & t->mask)
        if (t->hashes[h] == hash && strcmp (t->keys[h], key) == 0)
            return t->values[h];
    return -1;
}

/*  Insert key; returns false if it is already there. */
static bool
s_table_put (s_table_t *t, const char *key, uint32_t value)
{
    uint64_t hash = s_hash (key);
    size_t h = hash & t->mask;
    for (; t->keys[h]; h = (h + 1) & t->mask)
        if (t->hashes[h] == hash && strcmp (t->keys[h], key) == 0)
            return false;
    t->keys[h] = key;
    t->hashes[h] = hash;
    t->values[h] = value;
    return true;
}

/*  Parse a plain decimal ("12", "969245.38", "-3.5" when allow_negative)
    exactly. Returns 0, or -1 if s is not one (exponents, thousands
    separators, empty or over 80 characters are refused). */
static int
s_parse_decimal (const char *s, mpq_t out, bool allow_negative)
{
    size_t len = strlen (s);
    if (len == 0 || len > 80)
        return -1;
    bool neg = false;
    if (*s == '+' || *s == '-') {
        neg = *s == '-';
        if (neg && !allow_negative)
            return -1;
        s++;
    }
    char digits[96];
    size_t nd = 0, frac = 0;
    bool dot = false, any = false;
    for (; *s; s++) {
        if (*s == '.' && !dot)
            dot = true;
        else if (*s >= '0' && *s <= '9') {
            digits[nd++] = *s;
            any = true;
            if (dot)
                frac++;
        } else
            return -1;
    }
    if (!any)
        return -1;
    digits[nd] = '\0';
    mpz_set_str (mpq_numref (out), digits, 10);
    mpz_ui_pow_ui (mpq_denref (out), 10, frac);
    mpq_canonicalize (out);
    if (neg)
        mpq_neg (out, out);
    return 0;
}

/*  Parse a decimal integer within +/- limit. */
static int
s_parse_int (const char *s, int64_t limit, int64_t *out)
{
    const char *p = s;
    bool neg = false;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (!*p)
        return -1;
    int64_t v = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
        if (v > limit)
            return -1;
    }
    *out = neg ? -v : v;
    return 0;
}

/*  Trim blanks at both ends of [s, s+len). */
static void
s_trim (const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/*  ---------------------------------------------------------------------
    Record scanner */

typedef struct {
    const char *data;            //  the file
    size_t size, pos;            //  its size and the scan position
    size_t line;                 //  current line (1-based)
    const char *name;            //  file name for messages
    char *buf;                   //  field being assembled (quoted fields)
    size_t buf_cap;              //  its size
    const char **fields;         //  fields of the current record (arena)
    size_t n_fields, cap_fields; //  count and allocation
    char *err;                   //  first error
} s_scan_t;

static void
s_scan_error (s_scan_t *sc, size_t line, const char *fmt, ...)
{
    if (sc->err)
        return;
    va_list ap;
    va_start (ap, fmt);
    char *msg = sk_vasprintf (fmt, ap);
    va_end (ap);
    sc->err = sk_asprintf ("%s:%zu: %s", sc->name, line, msg);
    free (msg);
}

/*  A quoted field whose quote is at data[*j_p]: unquoted into sc->buf
    ("" is a quote; ';' and line breaks are text), its length in *len, and
    *j_p moved past it and the blanks after it. Returns 0, or -1 with the
    scan error set. */
static int
s_scan_quoted (s_scan_t *sc, size_t line, size_t *j_p, size_t *len)
{
    const char *d = sc->data;
    size_t n = 0, j = *j_p + 1;
    while (true) {
        if (j >= sc->size) {
            s_scan_error (sc, line, "unterminated quoted field");
            return -1;
        }
        char c = d[j];
        if (c == '"') {
            if (j + 1 < sc->size && d[j + 1] == '"')
                j++;
            else {
                j++;
                break;
            }
        } else if (c == '\0') {
            s_scan_error (sc, sc->line, "unexpected NUL byte");
            return -1;
        } else if (c == '\n')
            sc->line++;
        if (n >= PB_MAX_FIELD) {
            s_scan_error (sc, line, "field longer than %d bytes", PB_MAX_FIELD);
            return -1;
        }
        if (n + 1 >= sc->buf_cap) {
            sc->buf_cap = sc->buf_cap ? sc->buf_cap * 2 : 4096;
            sc->buf = sk_reallocarray (sc->buf, sc->buf_cap, 1);
        }
        sc->buf[n++] = c;
        j++;
    }
    while (j < sc->size && (d[j] == ' ' || d[j] == '\t'))
        j++;
    if (j < sc->size && d[j] != ';' && d[j] != '\n' && d[j] != '\r') {
        s_scan_error (sc, sc->line, "unexpected character after closing quote");
        return -1;
    }
    *j_p = j;
    *len = n;
    return 0;
}

/*  An unquoted field from data[i] (scanning from *j_p) to the next ';' or
    line end, blanks trimmed: *field points into the data. Returns 0, or -1
    with the scan error set. */
static int
s_scan_plain (s_scan_t *sc, size_t i, size_t *j_p, const char **field, size_t *len)
{
    const char *d = sc->data;
    size_t j = *j_p;
    while (j < sc->size && d[j] != ';' && d[j] != '\n' && d[j] != '\r') {
        if (d[j] == '\0') {
            s_scan_error (sc, sc->line, "unexpected NUL byte");
            return -1;
        }
        j++;
    }
    *field = d + i;
    *len = j - i;
    s_trim (field, len);
    if (*len > PB_MAX_FIELD) {
        s_scan_error (sc, sc->line, "field longer than %d bytes", PB_MAX_FIELD);
        return -1;
    }
    *j_p = j;
    return 0;
}

/*  Read the next record into sc->fields. Returns 1 with *line set to its
    first line, 0 at end of input, -1 on error. Blank lines are skipped. */
static int
s_scan_record (s_scan_t *sc, pb_t *self, size_t *line)
{
    while (true) {
        if (sc->pos >= sc->size)
            return 0;
        *line = sc->line;
        sc->n_fields = 0;
        bool only_blank = true;
        while (true) {
            const char *d = sc->data;
            size_t i = sc->pos;
            //  Skip blanks before a possible opening quote.
            size_t j = i;
            while (j < sc->size && (d[j] == ' ' || d[j] == '\t'))
                j++;
            const char *field;
            size_t len;
            if (j < sc->size && d[j] == '"') {
                only_blank = false;
                if (s_scan_quoted (sc, *line, &j, &len))
                    return -1;
                field = sc->buf;
            } else {
                if (s_scan_plain (sc, i, &j, &field, &len))
                    return -1;
                if (len)
                    only_blank = false;
            }
            if (sc->n_fields >= PB_MAX_COLUMNS) {
                s_scan_error (sc, *line, "more than %d fields in a row", PB_MAX_COLUMNS);
                return -1;
            }
            if (sc->n_fields == sc->cap_fields) {
                sc->cap_fields = sc->cap_fields ? sc->cap_fields * 2 : 16;
                sc->fields = sk_reallocarray (sc->fields, sc->cap_fields, sizeof (char *));
            }
            sc->fields[sc->n_fields++] = s_arena_strndup (self, field, len);
            if (j < sc->size && d[j] == ';') {
                sc->pos = j + 1;
                continue;
            }
            //  End of record: consume CRLF, LF or a lone CR.
            if (j < sc->size && d[j] == '\r')
                j++;
            if (j < sc->size && d[j] == '\n')
                j++;
            sc->pos = j;
            sc->line++;
            break;
        }
        if (sc->n_fields == 1 && only_blank)
            continue; //  blank line
        return 1;
    }
}

/*  Check that [data, data + size) is UTF-8: no overlong forms, no
    surrogates, nothing above U+10FFFF. Returns 0, or -1 with the error in
    sc (the line of the first bad byte). */
static int
s_check_utf8 (s_scan_t *sc)
{
    const unsigned char *d = (const unsigned char *)sc->data;
    size_t line = 1;
    for (size_t i = 0; i < sc->size;) {
        unsigned char c = d[i];
        if (c < 0x80) {
            line += c == '\n';
            i++;
            continue;
        }
        size_t n;
        uint32_t cp, min;
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            s_scan_error (sc, line, "invalid UTF-8: byte 0x%02X", c);
            return -1;
        }
        if (n >= sc->size - i) {
            s_scan_error (sc, line, "invalid UTF-8: truncated sequence");
            return -1;
        }
        for (size_t k = 1; k <= n; k++) {
            if ((d[i + k] & 0xC0) != 0x80) {
                s_scan_error (sc, line, "invalid UTF-8: byte 0x%02X after 0x%02X", d[i + k], c);
                return -1;
            }
            cp = (cp << 6) | (d[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            s_scan_error (sc, line,
                          "invalid UTF-8: overlong, surrogate or out-of-range "
                          "sequence starting with byte 0x%02X",
                          c);
            return -1;
        }
        i += n + 1;
    }
    return 0;
}

/*  ---------------------------------------------------------------------
    Sections */

static void
s_section_fini (s_section_t *sec)
{
    free (sec->cols);
    free (sec->fields);
    free (sec->lines);
}

/*  Column index of name in sec (case-insensitive), or -1. */
static int64_t
s_column (s_section_t *sec, const char *name)
{
    for (size_t c = 0; c < sec->n_cols; c++)
        if (strcasecmp (sec->cols[c], name) == 0)
            return (int64_t)c;
    return -1;
}

static const char *
s_field (s_section_t *sec, size_t row, size_t col)
{
    return sec->fields[row * sec->n_cols + col];
}

/*  A one-field record: the title of the next section, checked against the
    sections seen so far (cur is the current one, or NULL). Returns the
    section, or NULL with the scan error set. */
static s_section_t *
s_section_title (s_scan_t *sc, pb_t *self, s_section_t *cur, size_t line)
{
    const char *title = sc->fields[0];
    s_section_t *sec = strcasecmp (title, "META") == 0       ? &self->meta
                       : strcasecmp (title, "PROJECTS") == 0 ? &self->projects
                       : strcasecmp (title, "VOTES") == 0    ? &self->votes
                                                             : NULL;
    if (!sec && cur && cur->cols && cur->n_cols > 1) {
        s_scan_error (sc, line,
                      "expected %zu fields or a section title, found "
                      "one field \"%s\"",
                      cur->n_cols, title);
        return NULL;
    }
    if (!sec) {
        s_scan_error (sc, line,
                      "expected a section title (META, PROJECTS or "
                      "VOTES) or a row with several fields, found "
                      "\"%s\"",
                      title);
        return NULL;
    }
    if (sec->seen) {
        s_scan_error (sc, line, "duplicate section \"%s\"", title);
        return NULL;
    }
    if (sec != &self->meta && !self->meta.seen) {
        s_scan_error (sc, line, "%s section before META", title);
        return NULL;
    }
    if (sec == &self->votes && !self->projects.seen) {
        s_scan_error (sc, line, "VOTES section before PROJECTS");
        return NULL;
    }
    return sec;
}

/*  The header row of section cur: its column names, non-empty and
    distinct. Returns 0, or -1 with the scan error set. */
static int
s_section_header (s_scan_t *sc, s_section_t *cur, size_t line)
{
    cur->n_cols = sc->n_fields;
    cur->cols = sk_reallocarray (NULL, sc->n_fields, sizeof (char *));
    for (size_t c = 0; c < sc->n_fields; c++) {
        if (!*sc->fields[c]) {
            s_scan_error (sc, line, "empty column name in header");
            return -1;
        }
        for (size_t c2 = 0; c2 < c; c2++)
            if (strcasecmp (sc->fields[c], sc->fields[c2]) == 0) {
                s_scan_error (sc, line, "duplicate column \"%s\"", sc->fields[c]);
                return -1;
            }
        cur->cols[c] = (char *)sc->fields[c];
    }
    return 0;
}

/*  A data row of section cur, with as many fields as its header. Returns
    0, or -1 with the scan error set. */
static int
s_section_row (s_scan_t *sc, s_section_t *cur, size_t line)
{
    if (sc->n_fields != cur->n_cols) {
        s_scan_error (sc, line, "expected %zu fields, found %zu", cur->n_cols, sc->n_fields);
        return -1;
    }
    if (cur->n_rows == cur->cap_rows) {
        size_t cap = cur->cap_rows ? cur->cap_rows * 2 : 64;
        if (cap > TALLY_MAX_VOTERS + 1)
            cap = TALLY_MAX_VOTERS + 1;
        if (cur->n_rows >= cap) {
            s_scan_error (sc, line, "more than %d rows in a section", TALLY_MAX_VOTERS);
            return -1;
        }
        cur->fields = sk_reallocarray (cur->fields, cap * cur->n_cols, sizeof (char *));
        cur->lines = sk_reallocarray (cur->lines, cap, sizeof (size_t));
        cur->cap_rows = cap;
    }
    memcpy (cur->fields + cur->n_rows * cur->n_cols, sc->fields, cur->n_cols * sizeof (char *));
    cur->lines[cur->n_rows++] = line;
    return 0;
}

/*  Read a whole file's sections, checking their order and shape. Returns
    0 or -1 (sc->err set). */
static int
s_read_sections (s_scan_t *sc, pb_t *self)
{
    s_section_t *cur = NULL;
    bool want_header = false;
    size_t line;
    int rc;
    while ((rc = s_scan_record (sc, self, &line)) == 1) {
        if (!cur && sc->fields[0][0] == '#')
            continue; //  comment line before the first section
        if (sc->n_fields == 1) {
            s_section_t *sec = s_section_title (sc, self, cur, line);
            if (!sec)
                return -1;
            sec->seen = true;
            sec->line = line;
            cur = sec;
            want_header = true;
        } else if (!cur) {
            s_scan_error (sc, line, "row before the first section title");
            return -1;
        } else if (want_header) {
            if (s_section_header (sc, cur, line))
                return -1;
            want_header = false;
        } else if (s_section_row (sc, cur, line))
            return -1;
    }
    if (rc < 0)
        return -1;
    const char *missing = !self->meta.seen       ? "META"
                          : !self->projects.seen ? "PROJECTS"
                          : !self->votes.seen    ? "VOTES"
                                                 : NULL;
    if (missing) {
        size_t last = sc->line;
        if (last > 1 && sc->size > 0 && sc->data[sc->size - 1] == '\n')
            last--; //  the last line of the file, not the one after it
        s_scan_error (sc, last, "missing %s section", missing);
        return -1;
    }
    s_section_t *secs[] = { &self->meta, &self->projects, &self->votes };
    for (int k = 0; k < 3; k++)
        if (!secs[k]->cols) {
            s_scan_error (sc, secs[k]->line, "section without a header row");
            return -1;
        }
    return 0;
}

/*  META samskab_counting of row r: a comma-separated list of points_cost
    and voted_only (pb.h), into self->counting. */
static int
s_read_counting (s_scan_t *sc, pb_t *self, size_t r)
{
    s_section_t *m = &self->meta;
    const char *value = s_field (m, r, 1);
    for (const char *w = value; *w;) {
        size_t len = strcspn (w, ",");
        if (len == 11 && strncmp (w, "points_cost", len) == 0)
            self->counting |= PB_COUNT_POINTS_COST;
        else if (len == 10 && strncmp (w, "voted_only", len) == 0)
            self->counting |= PB_COUNT_VOTED_ONLY;
        else {
            s_scan_error (sc, m->lines[r],
                          "invalid samskab_counting \"%s\": expected points_cost, voted_only "
                          "or both, separated by a comma",
                          value);
            return -1;
        }
        w += len + (w[len] == ',');
    }
    return 0;
}

/*  Interpret META. */
static int
s_read_meta (s_scan_t *sc, pb_t *self)
{
    s_section_t *m = &self->meta;
    if (m->n_cols != 2) {
        s_scan_error (sc, m->line + 1, "META header must have 2 columns");
        return -1;
    }
    for (size_t r = 0; r < m->n_rows; r++) {
        const char *key = s_field (m, r, 0);
        if (!*key) {
            s_scan_error (sc, m->lines[r], "empty META key");
            return -1;
        }
        for (size_t r2 = 0; r2 < r; r2++)
            if (strcasecmp (key, s_field (m, r2, 0)) == 0) {
                s_scan_error (sc, m->lines[r], "duplicate META key \"%s\"", key);
                return -1;
            }
        const char *value = s_field (m, r, 1);
        if (strcasecmp (key, "budget") == 0) {
            if (s_parse_decimal (value, self->budget, false) < 0) {
                s_scan_error (sc, m->lines[r],
                              "invalid budget \"%s\": expected a "
                              "non-negative decimal number",
                              value);
                return -1;
            }
        } else if (strcasecmp (key, "vote_type") == 0) {
            size_t t;
            for (t = 0; t < 5; t++)
                if (strcasecmp (value, s_type_names[t]) == 0)
                    break;
            if (t == 5) {
                s_scan_error (sc, m->lines[r], "unsupported vote_type \"%s\"", value);
                return -1;
            }
            self->type = (pb_type_t)t;
        } else if (strcasecmp (key, "min_project_score_threshold") == 0) {
            if (s_parse_decimal (value, self->threshold, true) < 0) {
                s_scan_error (sc, m->lines[r], "invalid min_project_score_threshold \"%s\"", value);
                return -1;
            }
        } else if (strcasecmp (key, "samskab_counting") == 0 && s_read_counting (sc, self, r) < 0)
            return -1;
    }
    if ((self->counting & PB_COUNT_POINTS_COST) && self->type != PB_CUMULATIVE
        && self->type != PB_SCORING) {
        s_scan_error (sc, m->line,
                      "samskab_counting points_cost needs vote_type cumulative or "
                      "scoring");
        return -1;
    }
    if (!pb_meta (self, "budget")) {
        s_scan_error (sc, m->line, "missing META key \"budget\"");
        return -1;
    }
    return 0;
}

/*  Interpret PROJECTS; fills ids (table) and costs. */
static int
s_read_projects (s_scan_t *sc, pb_t *self, s_table_t *ids)
{
    s_section_t *p = &self->projects;
    int64_t c_id = s_column (p, "project_id"), c_cost = s_column (p, "cost");
    if (c_id < 0 || c_cost < 0) {
        s_scan_error (sc, p->line + 1, "PROJECTS header lacks column \"%s\"",
                      c_id < 0 ? "project_id" : "cost");
        return -1;
    }
    if (p->n_rows > TALLY_MAX_PROJECTS) {
        s_scan_error (sc, p->lines[TALLY_MAX_PROJECTS], "more than %d projects",
                      TALLY_MAX_PROJECTS);
        return -1;
    }
    self->col_id = (size_t)c_id;
    self->col_cost = (size_t)c_cost;
    self->cost = sk_reallocarray (NULL, p->n_rows + 1, sizeof (mpq_t));
    s_table_init (ids, p->n_rows);
    for (size_t r = 0; r < p->n_rows; r++)
        mpq_init (self->cost[r]);
    for (size_t r = 0; r < p->n_rows; r++) {
        const char *id = s_field (p, r, self->col_id);
        const char *cost = s_field (p, r, self->col_cost);
        if (!*id) {
            s_scan_error (sc, p->lines[r], "empty project_id");
            return -1;
        }
        if (strchr (id, ',')) {
            s_scan_error (sc, p->lines[r], "project_id \"%s\" contains a comma", id);
            return -1;
        }
        if (!s_table_put (ids, id, (uint32_t)r)) {
            s_scan_error (sc, p->lines[r], "duplicate project_id \"%s\"", id);
            return -1;
        }
        mpq_t *c = &self->cost[r];
        if (s_parse_decimal (cost, *c, true) < 0) {
            s_scan_error (sc, p->lines[r], "invalid cost \"%s\" of project \"%s\"", cost, id);
            return -1;
        }
        if (mpq_sgn (*c) < 0) {
            s_scan_error (sc, p->lines[r], "negative cost \"%s\" of project \"%s\"", cost, id);
            return -1;
        }
    }
    return 0;
}

/*  Split a comma-separated list in place into items (trimmed, in the
    arena). Returns the count, or -1 if an item is empty. */
static long
s_split (pb_t *self, const char *list, const char ***items, size_t *cap)
{
    size_t n = 0;
    const char *s = list;
    const char *end = list + strlen (list);
    const char *t = s;
    size_t tl = (size_t)(end - s);
    s_trim (&t, &tl);
    if (tl == 0)
        return 0;
    while (true) {
        const char *comma = memchr (s, ',', (size_t)(end - s));
        const char *stop = comma ? comma : end;
        const char *item = s;
        size_t len = (size_t)(stop - s);
        s_trim (&item, &len);
        if (len == 0)
            return -1;
        if (n == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            *items = sk_reallocarray (*items, *cap, sizeof (char *));
        }
        (*items)[n++] = s_arena_strndup (self, item, len);
        if (!comma)
            break;
        s = comma + 1;
    }
    return (long)n;
}

/*  The VOTES columns: voter_id, vote, and points when the vote type needs
    them. Returns 0, or -1 with the scan error set. */
static int
s_votes_columns (s_scan_t *sc, pb_t *self)
{
    s_section_t *v = &self->votes;
    int64_t c_voter = s_column (v, "voter_id"), c_vote = s_column (v, "vote");
    int64_t c_points = s_column (v, "points");
    if (c_voter < 0 || c_vote < 0) {
        s_scan_error (sc, v->line + 1, "VOTES header lacks column \"%s\"",
                      c_voter < 0 ? "voter_id" : "vote");
        return -1;
    }
    bool need_points = self->type == PB_CUMULATIVE || self->type == PB_SCORING;
    if (need_points && c_points < 0) {
        s_scan_error (sc, v->line + 1,
                      "VOTES header lacks column \"points\" required by "
                      "vote_type \"%s\"",
                      s_type_names[self->type]);
        return -1;
    }
    if (!need_points)
        c_points = -1; //  approval and ordinal ballots have no points
    self->col_voter = (size_t)c_voter;
    self->col_vote = (size_t)c_vote;
    self->col_points = (size_t)c_points;
    return 0;
}

//  What reading the ballots keeps from one to the next.
typedef struct {
    s_table_t *ids;               //  project id -> index
    s_table_t voters;             //  voter ids seen
    const char **items, **pitems; //  one ballot's projects and points
    size_t items_cap, pitems_cap;
    size_t *last; //  per project: the last ballot naming it, to find repeats
    size_t cap;   //  entries allocated in ballot_proj (and ballot_pts)
    size_t n;     //  entries used
} s_votes_t;

/*  The projects (and points) of the k-entry ballot of row r into the
    election's entries from st->n on. Returns 0, or -1 with the scan error
    set. */
static int
s_read_entries (s_scan_t *sc, pb_t *self, s_votes_t *st, size_t r, long k)
{
    size_t line = self->votes.lines[r];
    const char *voter = s_field (&self->votes, r, self->col_voter);
    for (long j = 0; j < k; j++) {
        int64_t p = s_table_get (st->ids, st->items[j]);
        if (p < 0) {
            s_scan_error (sc, line, "vote of voter \"%s\" names unknown project \"%s\"", voter,
                          st->items[j]);
            return -1;
        }
        if (st->last[p] == r) {
            s_scan_error (sc, line, "vote of voter \"%s\" names project \"%s\" twice", voter,
                          st->items[j]);
            return -1;
        }
        st->last[p] = r;
        self->ballot_proj[st->n + (size_t)j] = (uint32_t)p;
        if (self->ballot_pts) {
            int64_t pts;
            if (s_parse_int (st->pitems[j], TALLY_MAX_POINTS, &pts) < 0) {
                s_scan_error (sc, line,
                              "invalid points \"%s\" of voter \"%s\": "
                              "expected an integer within +/-%d",
                              st->pitems[j], voter, TALLY_MAX_POINTS);
                return -1;
            }
            self->ballot_pts[st->n + (size_t)j] = pts;
        }
    }
    return 0;
}

/*  Ballot row r: its voter, its projects and points. Returns 0, or -1 with
    the scan error set. */
static int
s_read_ballot (s_scan_t *sc, pb_t *self, s_votes_t *st, size_t r)
{
    s_section_t *v = &self->votes;
    size_t line = v->lines[r];
    const char *voter = s_field (v, r, self->col_voter);
    if (!*voter) {
        s_scan_error (sc, line, "empty voter_id");
        return -1;
    }
    if (!s_table_put (&st->voters, voter, (uint32_t)r)) {
        s_scan_error (sc, line, "duplicate voter_id \"%s\"", voter);
        return -1;
    }
    long k = s_split (self, s_field (v, r, self->col_vote), &st->items, &st->items_cap);
    if (k < 0) {
        s_scan_error (sc, line, "empty project in vote of voter \"%s\"", voter);
        return -1;
    }
    if ((size_t)k > self->projects.n_rows) {
        s_scan_error (sc, line, "vote of voter \"%s\" names %ld projects", voter, k);
        return -1;
    }
    if (self->ballot_pts) {
        long kp = s_split (self, s_field (v, r, self->col_points), &st->pitems, &st->pitems_cap);
        if (kp != k) {
            s_scan_error (sc, line, "voter \"%s\" has %ld points for %ld projects", voter,
                          kp < 0 ? 0 : kp, k);
            return -1;
        }
    }
    if (st->n + (size_t)k > st->cap) {
        while (st->n + (size_t)k > st->cap)
            st->cap *= 2;
        self->ballot_proj = sk_reallocarray (self->ballot_proj, st->cap, sizeof (uint32_t));
        if (self->ballot_pts)
            self->ballot_pts = sk_reallocarray (self->ballot_pts, st->cap, sizeof (int64_t));
    }
    if (s_read_entries (sc, self, st, r, k))
        return -1;
    st->n += (size_t)k;
    self->ballot_off[r + 1] = st->n;
    return 0;
}

/*  Interpret VOTES: resolve ballots against the project ids. */
static int
s_read_votes (s_scan_t *sc, pb_t *self, s_table_t *ids)
{
    if (s_votes_columns (sc, self))
        return -1;
    s_section_t *v = &self->votes;
    size_t np = self->projects.n_rows;
    s_votes_t st = { .ids = ids, .cap = 1024 };
    self->ballot_off = sk_reallocarray (NULL, v->n_rows + 1, sizeof (size_t));
    self->ballot_off[0] = 0;
    self->ballot_proj = sk_reallocarray (NULL, st.cap, sizeof (uint32_t));
    if (self->col_points != (size_t)-1)
        self->ballot_pts = sk_reallocarray (NULL, st.cap, sizeof (int64_t));
    s_table_init (&st.voters, v->n_rows);
    st.last = sk_reallocarray (NULL, np + 1, sizeof (size_t));
    for (size_t p = 0; p < np; p++)
        st.last[p] = (size_t)-1;
    int rc = 0;
    for (size_t r = 0; r < v->n_rows && rc == 0; r++)
        rc = s_read_ballot (sc, self, &st, r);
    free (st.last);
    free (st.items);
    free (st.pitems);
    s_table_fini (&st.voters);
    return rc;
}

/*  ---------------------------------------------------------------------
    Public API */

pb_t *
pb_parse (const char *data, size_t size, const char *name, char **err_p)
{
    pb_t *self = sk_malloc (sizeof *self);
    memset (self, 0, sizeof *self);
    mpq_init (self->budget);
    mpq_init (self->threshold);
    self->type = PB_APPROVAL;
    s_scan_t sc = { .data = data, .size = size, .line = 1, .name = name };
    if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
        sc.pos = 3;
    s_table_t ids = { 0 };
    int rc = 0;
    if (size > PB_MAX_FILE_SIZE) {
        sc.err = sk_asprintf ("%s: file larger than %u bytes", name, PB_MAX_FILE_SIZE);
        rc = -1;
    }
    if (rc == 0)
        rc = s_check_utf8 (&sc);
    if (rc == 0)
        rc = s_read_sections (&sc, self);
    if (rc == 0)
        rc = s_read_meta (&sc, self);
    if (rc == 0)
        rc = s_read_projects (&sc, self, &ids);
    if (rc == 0)
        rc = s_read_votes (&sc, self, &ids);
    if (ids.keys)
        s_table_fini (&ids);
    free (sc.buf);
    free (sc.fields);
    if (rc < 0) {
        pb_destroy (&self);
        if (err_p)
            *err_p = sc.err;
        else
            free (sc.err);
        return NULL;
    }
    return self;
}

pb_t *
pb_load (const char *path, char **err_p)
{
    FILE *f = fopen (path, "rb");
    if (!f) {
        if (err_p)
            *err_p = sk_asprintf ("%s: could not open file: %s", path, strerror (errno));
        return NULL;
    }
    size_t cap = 1 << 16, size = 0;
    char *data = sk_malloc (cap);
    while (true) {
        if (size == cap) {
            if (cap >= PB_MAX_FILE_SIZE) {
                fclose (f);
                free (data);
                if (err_p)
                    *err_p = sk_asprintf ("%s: file larger than %u bytes", path, PB_MAX_FILE_SIZE);
                return NULL;
            }
            cap *= 2;
            data = sk_reallocarray (data, cap, 1);
        }
        size_t got = fread (data + size, 1, cap - size, f);
        size += got;
        if (got == 0)
            break;
    }
    int failed = ferror (f);
    int saved = errno;
    fclose (f);
    if (failed) {
        free (data);
        if (err_p)
            *err_p = sk_asprintf ("%s: could not read file: %s", path, strerror (saved));
        return NULL;
    }
    pb_t *self = pb_parse (data, size, path, err_p);
    free (data);
    return self;
}

void
pb_destroy (pb_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    pb_t *self = *self_p;
    if (self->cost) {
        for (size_t p = 0; p < self->projects.n_rows; p++)
            mpq_clear (self->cost[p]);
        free (self->cost);
    }
    free (self->ballot_off);
    free (self->ballot_proj);
    free (self->ballot_pts);
    s_section_fini (&self->meta);
    s_section_fini (&self->projects);
    s_section_fini (&self->votes);
    while (self->arena) {
        s_block_t *next = self->arena->next;
        free (self->arena);
        self->arena = next;
    }
    mpq_clear (self->budget);
    mpq_clear (self->threshold);
    free (self);
    *self_p = NULL;
}

/*  Write one field, quoted when it holds a separator, a quote, a line
    break or edge blanks. */
static void
s_write_field (FILE *f, const char *s, bool last)
{
    size_t len = strlen (s);
    bool quote =
        strpbrk (s, ";\"\r\n") != NULL
        || (len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t'));
    if (quote) {
        fputc ('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc ('"', f);
            fputc (*s, f);
        }
        fputc ('"', f);
    } else
        fputs (s, f);
    fputc (last ? '\n' : ';', f);
}

static void
s_write_section (FILE *f, const char *title, s_section_t *sec)
{
    fprintf (f, "%s\n", title);
    for (size_t c = 0; c < sec->n_cols; c++)
        s_write_field (f, sec->cols[c], c + 1 == sec->n_cols);
    for (size_t r = 0; r < sec->n_rows; r++)
        for (size_t c = 0; c < sec->n_cols; c++)
            s_write_field (f, s_field (sec, r, c), c + 1 == sec->n_cols);
}

int
pb_save (pb_t *self, const char *path, char **err_p)
{
    FILE *f = fopen (path, "wb");
    if (!f) {
        if (err_p)
            *err_p = sk_asprintf ("%s: could not create file: %s", path, strerror (errno));
        return -1;
    }
    s_write_section (f, "META", &self->meta);
    s_write_section (f, "PROJECTS", &self->projects);
    s_write_section (f, "VOTES", &self->votes);
    int failed = ferror (f);
    if (fclose (f) != 0 || failed) {
        if (err_p)
            *err_p = sk_asprintf ("%s: could not write file: %s", path, strerror (errno));
        return -1;
    }
    return 0;
}

const char *
pb_meta (pb_t *self, const char *key)
{
    for (size_t r = 0; r < self->meta.n_rows; r++)
        if (strcasecmp (s_field (&self->meta, r, 0), key) == 0)
            return s_field (&self->meta, r, 1);
    return NULL;
}

size_t
pb_meta_size (pb_t *self)
{
    return self->meta.n_rows;
}

const char *
pb_meta_key (pb_t *self, size_t k)
{
    return k < self->meta.n_rows ? s_field (&self->meta, k, 0) : NULL;
}

pb_type_t
pb_vote_type (pb_t *self)
{
    return self->type;
}

const char *
pb_vote_type_name (pb_t *self)
{
    return s_type_names[self->type];
}

void
pb_budget (pb_t *self, mpq_t budget)
{
    mpq_set (budget, self->budget);
}

unsigned
pb_counting (pb_t *self)
{
    return self->counting;
}

void
pb_threshold (pb_t *self, mpq_t threshold)
{
    mpq_set (threshold, self->threshold);
}

size_t
pb_projects (pb_t *self)
{
    return self->projects.n_rows;
}

const char *
pb_project_id (pb_t *self, size_t p)
{
    return p < self->projects.n_rows ? s_field (&self->projects, p, self->col_id) : NULL;
}

const char *
pb_project_cost_text (pb_t *self, size_t p)
{
    return p < self->projects.n_rows ? s_field (&self->projects, p, self->col_cost) : NULL;
}

void
pb_project_cost (pb_t *self, size_t p, mpq_t cost)
{
    if (p < self->projects.n_rows)
        mpq_set (cost, self->cost[p]);
}

const char *
pb_project_field (pb_t *self, size_t p, const char *column)
{
    int64_t c = s_column (&self->projects, column);
    if (c < 0 || p >= self->projects.n_rows)
        return NULL;
    return s_field (&self->projects, p, (size_t)c);
}

size_t
pb_voters (pb_t *self)
{
    return self->votes.n_rows;
}

const char *
pb_voter_id (pb_t *self, size_t v)
{
    return v < self->votes.n_rows ? s_field (&self->votes, v, self->col_voter) : NULL;
}

size_t
pb_ballot_size (pb_t *self, size_t v)
{
    return v < self->votes.n_rows ? self->ballot_off[v + 1] - self->ballot_off[v] : 0;
}

const uint32_t *
pb_ballot (pb_t *self, size_t v)
{
    return v < self->votes.n_rows ? self->ballot_proj + self->ballot_off[v] : NULL;
}

const int64_t *
pb_ballot_points (pb_t *self, size_t v)
{
    return v < self->votes.n_rows && self->ballot_pts ? self->ballot_pts + self->ballot_off[v]
                                                      : NULL;
}

tally_t *
pb_tally (pb_t *self)
{
    bool points =
        self->type == PB_CUMULATIVE || self->type == PB_SCORING || self->type == PB_ORDINAL;
    tally_t *t = tally_new ((self->counting & PB_COUNT_POINTS_COST) ? TALLY_SAT_POINTS_COST
                            : points                                ? TALLY_SAT_POINTS
                                                                    : TALLY_SAT_COST);
    tally_set_voted_only (t, (self->counting & PB_COUNT_VOTED_ONLY) != 0);
    tally_set_budget (t, self->budget);
    tally_set_threshold (t, self->threshold);
    for (size_t p = 0; p < self->projects.n_rows; p++)
        if (tally_add_project (t, pb_project_id (self, p), self->cost[p]) < 0)
            abort (); //  parsing validated ids and costs
    for (size_t v = 0; v < self->votes.n_rows; v++) {
        size_t len = pb_ballot_size (self, v);
        int rc = self->type == PB_ORDINAL
                     ? tally_add_ranking (t, len, pb_ballot (self, v))
                     : tally_add_ballot (t, len, pb_ballot (self, v), pb_ballot_points (self, v));
        if (rc < 0)
            abort (); //  parsing validated the ballots
    }
    return t;
}
