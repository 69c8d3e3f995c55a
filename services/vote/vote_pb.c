/*  vote_pb.c: Pabulib .pb parser and writer.

    The whole file is read into memory (bounded), then scanned record by
    record. Every field is copied once into an arena of large blocks, so a
    90,000-voter file costs a handful of allocations. Project and voter ids
    are looked up in open-addressing hash tables.
*/
#include "vote_pb.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

struct _vote_pb_t {
    s_block_t *arena;                       //  every string of the file
    s_section_t meta, projects, votes;      //  raw sections
    vote_pb_type_t type;                    //  META vote_type
    mpq_t budget;                           //  META budget
    mpq_t threshold;                        //  META min_project_score_threshold or 0
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

/*  realloc of n elements of size bytes; aborts on overflow or failure
    (allocation failure is not recoverable here). */
static void *
s_xrealloc (void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        abort ();
    void *out = realloc (p, (n && size) ? n * size : 1);
    if (!out) {
        fprintf (stderr, "vote_pb: out of memory\n");
        abort ();
    }
    return out;
}

static void *
s_xmalloc (size_t size)
{
    return s_xrealloc (NULL, 1, size);
}

/*  Copy len bytes into the arena as a NUL-terminated string. */
static char *
s_arena_strndup (vote_pb_t *self, const char *s, size_t len)
{
    s_block_t *b = self->arena;
    if (!b || b->size - b->used < len + 1) {
        size_t size = len + 1 > S_ARENA_BLOCK ? len + 1 : S_ARENA_BLOCK;
        b = s_xmalloc (sizeof (s_block_t) + size);
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

static char *
s_fmt (const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    char *out = NULL;
    if (vasprintf (&out, fmt, ap) < 0)
        abort ();
    va_end (ap);
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
    t->keys = s_xrealloc (NULL, size, sizeof (char *));
    t->values = s_xrealloc (NULL, size, sizeof (uint32_t));
    t->hashes = s_xrealloc (NULL, size, sizeof (uint64_t));
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
    char *msg = NULL;
    if (vasprintf (&msg, fmt, ap) < 0)
        abort ();
    va_end (ap);
    sc->err = s_fmt ("%s:%zu: %s", sc->name, line, msg);
    free (msg);
}

/*  Read the next record into sc->fields. Returns 1 with *line set to its
    first line, 0 at end of input, -1 on error. Blank lines are skipped. */
static int
s_scan_record (s_scan_t *sc, vote_pb_t *self, size_t *line)
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
                size_t n = 0;
                j++;
                while (true) {
                    if (j >= sc->size) {
                        s_scan_error (sc, *line, "unterminated quoted field");
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
                    if (n >= VOTE_PB_MAX_FIELD) {
                        s_scan_error (sc, *line, "field longer than %d bytes", VOTE_PB_MAX_FIELD);
                        return -1;
                    }
                    if (n + 1 >= sc->buf_cap) {
                        sc->buf_cap = sc->buf_cap ? sc->buf_cap * 2 : 4096;
                        sc->buf = s_xrealloc (sc->buf, sc->buf_cap, 1);
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
                field = sc->buf;
                len = n;
            } else {
                while (j < sc->size && d[j] != ';' && d[j] != '\n' && d[j] != '\r') {
                    if (d[j] == '\0') {
                        s_scan_error (sc, sc->line, "unexpected NUL byte");
                        return -1;
                    }
                    j++;
                }
                field = d + i;
                len = j - i;
                s_trim (&field, &len);
                if (len)
                    only_blank = false;
                if (len > VOTE_PB_MAX_FIELD) {
                    s_scan_error (sc, sc->line, "field longer than %d bytes", VOTE_PB_MAX_FIELD);
                    return -1;
                }
            }
            if (sc->n_fields >= VOTE_PB_MAX_COLUMNS) {
                s_scan_error (sc, *line, "more than %d fields in a row", VOTE_PB_MAX_COLUMNS);
                return -1;
            }
            if (sc->n_fields == sc->cap_fields) {
                sc->cap_fields = sc->cap_fields ? sc->cap_fields * 2 : 16;
                sc->fields = s_xrealloc (sc->fields, sc->cap_fields, sizeof (char *));
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

/*  Read a whole file's sections. Returns 0 or -1 (sc->err set). */
static int
s_read_sections (s_scan_t *sc, vote_pb_t *self)
{
    s_section_t *cur = NULL;
    bool want_header = false;
    size_t line;
    int rc;
    while ((rc = s_scan_record (sc, self, &line)) == 1) {
        if (!cur && sc->fields[0][0] == '#')
            continue; //  comment line before the first section
        if (sc->n_fields == 1) {
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
                return -1;
            }
            if (!sec) {
                s_scan_error (sc, line,
                              "expected a section title (META, PROJECTS or "
                              "VOTES) or a row with several fields, found "
                              "\"%s\"",
                              title);
                return -1;
            }
            if (sec->seen) {
                s_scan_error (sc, line, "duplicate section \"%s\"", title);
                return -1;
            }
            if (sec != &self->meta && !self->meta.seen) {
                s_scan_error (sc, line, "%s section before META", title);
                return -1;
            }
            if (sec == &self->votes && !self->projects.seen) {
                s_scan_error (sc, line, "VOTES section before PROJECTS");
                return -1;
            }
            sec->seen = true;
            sec->line = line;
            cur = sec;
            want_header = true;
            continue;
        }
        if (!cur) {
            s_scan_error (sc, line, "row before the first section title");
            return -1;
        }
        if (want_header) {
            cur->n_cols = sc->n_fields;
            cur->cols = s_xrealloc (NULL, sc->n_fields, sizeof (char *));
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
            want_header = false;
            continue;
        }
        if (sc->n_fields != cur->n_cols) {
            s_scan_error (sc, line, "expected %zu fields, found %zu", cur->n_cols, sc->n_fields);
            return -1;
        }
        if (cur->n_rows == cur->cap_rows) {
            size_t cap = cur->cap_rows ? cur->cap_rows * 2 : 64;
            if (cap > VOTE_TALLY_MAX_VOTERS + 1)
                cap = VOTE_TALLY_MAX_VOTERS + 1;
            if (cur->n_rows >= cap) {
                s_scan_error (sc, line, "more than %d rows in a section", VOTE_TALLY_MAX_VOTERS);
                return -1;
            }
            cur->fields = s_xrealloc (cur->fields, cap * cur->n_cols, sizeof (char *));
            cur->lines = s_xrealloc (cur->lines, cap, sizeof (size_t));
            cur->cap_rows = cap;
        }
        memcpy (cur->fields + cur->n_rows * cur->n_cols, sc->fields, cur->n_cols * sizeof (char *));
        cur->lines[cur->n_rows++] = line;
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

/*  Interpret META. */
static int
s_read_meta (s_scan_t *sc, vote_pb_t *self)
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
            self->type = (vote_pb_type_t)t;
        } else if (strcasecmp (key, "min_project_score_threshold") == 0) {
            if (s_parse_decimal (value, self->threshold, true) < 0) {
                s_scan_error (sc, m->lines[r], "invalid min_project_score_threshold \"%s\"", value);
                return -1;
            }
        }
    }
    if (!vote_pb_meta (self, "budget")) {
        s_scan_error (sc, m->line, "missing META key \"budget\"");
        return -1;
    }
    return 0;
}

/*  Interpret PROJECTS; fills ids (table) and costs. */
static int
s_read_projects (s_scan_t *sc, vote_pb_t *self, s_table_t *ids)
{
    s_section_t *p = &self->projects;
    int64_t c_id = s_column (p, "project_id"), c_cost = s_column (p, "cost");
    if (c_id < 0 || c_cost < 0) {
        s_scan_error (sc, p->line + 1, "PROJECTS header lacks column \"%s\"",
                      c_id < 0 ? "project_id" : "cost");
        return -1;
    }
    if (p->n_rows > VOTE_TALLY_MAX_PROJECTS) {
        s_scan_error (sc, p->lines[VOTE_TALLY_MAX_PROJECTS], "more than %d projects",
                      VOTE_TALLY_MAX_PROJECTS);
        return -1;
    }
    self->col_id = (size_t)c_id;
    self->col_cost = (size_t)c_cost;
    self->cost = s_xrealloc (NULL, p->n_rows + 1, sizeof (mpq_t));
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
s_split (vote_pb_t *self, const char *list, const char ***items, size_t *cap)
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
            *items = s_xrealloc (*items, *cap, sizeof (char *));
        }
        (*items)[n++] = s_arena_strndup (self, item, len);
        if (!comma)
            break;
        s = comma + 1;
    }
    return (long)n;
}

/*  Interpret VOTES: resolve ballots against the project ids. */
static int
s_read_votes (s_scan_t *sc, vote_pb_t *self, s_table_t *ids)
{
    s_section_t *v = &self->votes;
    int64_t c_voter = s_column (v, "voter_id"), c_vote = s_column (v, "vote");
    int64_t c_points = s_column (v, "points");
    if (c_voter < 0 || c_vote < 0) {
        s_scan_error (sc, v->line + 1, "VOTES header lacks column \"%s\"",
                      c_voter < 0 ? "voter_id" : "vote");
        return -1;
    }
    bool need_points = self->type == VOTE_PB_CUMULATIVE || self->type == VOTE_PB_SCORING;
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
    size_t np = self->projects.n_rows;
    self->ballot_off = s_xrealloc (NULL, v->n_rows + 1, sizeof (size_t));
    self->ballot_off[0] = 0;
    size_t cap = 1024, n = 0;
    self->ballot_proj = s_xrealloc (NULL, cap, sizeof (uint32_t));
    if (c_points >= 0)
        self->ballot_pts = s_xrealloc (NULL, cap, sizeof (int64_t));
    s_table_t voters;
    s_table_init (&voters, v->n_rows);
    const char **items = NULL, **pitems = NULL;
    size_t items_cap = 0, pitems_cap = 0;
    //  Per-project stamp of the last ballot naming it, to find repeats.
    size_t *last = s_xrealloc (NULL, np + 1, sizeof (size_t));
    for (size_t p = 0; p < np; p++)
        last[p] = (size_t)-1;
    int rc = 0;
    for (size_t r = 0; r < v->n_rows && rc == 0; r++) {
        size_t line = v->lines[r];
        const char *voter = s_field (v, r, self->col_voter);
        if (!*voter) {
            s_scan_error (sc, line, "empty voter_id");
            rc = -1;
            break;
        }
        if (!s_table_put (&voters, voter, (uint32_t)r)) {
            s_scan_error (sc, line, "duplicate voter_id \"%s\"", voter);
            rc = -1;
            break;
        }
        long k = s_split (self, s_field (v, r, self->col_vote), &items, &items_cap);
        if (k < 0) {
            s_scan_error (sc, line, "empty project in vote of voter \"%s\"", voter);
            rc = -1;
            break;
        }
        if ((size_t)k > np) {
            s_scan_error (sc, line, "vote of voter \"%s\" names %ld projects", voter, k);
            rc = -1;
            break;
        }
        if (c_points >= 0) {
            long kp = s_split (self, s_field (v, r, (size_t)c_points), &pitems, &pitems_cap);
            if (kp != k) {
                s_scan_error (sc, line, "voter \"%s\" has %ld points for %ld projects", voter,
                              kp < 0 ? 0 : kp, k);
                rc = -1;
                break;
            }
        }
        if (n + (size_t)k > cap) {
            while (n + (size_t)k > cap)
                cap *= 2;
            self->ballot_proj = s_xrealloc (self->ballot_proj, cap, sizeof (uint32_t));
            if (self->ballot_pts)
                self->ballot_pts = s_xrealloc (self->ballot_pts, cap, sizeof (int64_t));
        }
        for (long j = 0; j < k; j++) {
            int64_t p = s_table_get (ids, items[j]);
            if (p < 0) {
                s_scan_error (sc, line,
                              "vote of voter \"%s\" names unknown project "
                              "\"%s\"",
                              voter, items[j]);
                rc = -1;
                break;
            }
            if (last[p] == r) {
                s_scan_error (sc, line,
                              "vote of voter \"%s\" names project \"%s\" "
                              "twice",
                              voter, items[j]);
                rc = -1;
                break;
            }
            last[p] = r;
            self->ballot_proj[n + (size_t)j] = (uint32_t)p;
            if (c_points >= 0) {
                int64_t pts;
                if (s_parse_int (pitems[j], VOTE_TALLY_MAX_POINTS, &pts) < 0) {
                    s_scan_error (sc, line,
                                  "invalid points \"%s\" of voter \"%s\": "
                                  "expected an integer within +/-%d",
                                  pitems[j], voter, VOTE_TALLY_MAX_POINTS);
                    rc = -1;
                    break;
                }
                self->ballot_pts[n + (size_t)j] = pts;
            }
        }
        n += (size_t)k;
        self->ballot_off[r + 1] = n;
    }
    free (last);
    free (items);
    free (pitems);
    s_table_fini (&voters);
    return rc;
}

/*  ---------------------------------------------------------------------
    Public API */

vote_pb_t *
vote_pb_parse (const char *data, size_t size, const char *name, char **err_p)
{
    vote_pb_t *self = s_xmalloc (sizeof *self);
    memset (self, 0, sizeof *self);
    mpq_init (self->budget);
    mpq_init (self->threshold);
    self->type = VOTE_PB_APPROVAL;
    s_scan_t sc = { .data = data, .size = size, .line = 1, .name = name };
    if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
        sc.pos = 3;
    s_table_t ids = { 0 };
    int rc = 0;
    if (size > VOTE_PB_MAX_FILE_SIZE) {
        sc.err = s_fmt ("%s: file larger than %u bytes", name, VOTE_PB_MAX_FILE_SIZE);
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
        vote_pb_destroy (&self);
        if (err_p)
            *err_p = sc.err;
        else
            free (sc.err);
        return NULL;
    }
    return self;
}

vote_pb_t *
vote_pb_load (const char *path, char **err_p)
{
    FILE *f = fopen (path, "rb");
    if (!f) {
        if (err_p)
            *err_p = s_fmt ("%s: could not open file: %s", path, strerror (errno));
        return NULL;
    }
    size_t cap = 1 << 16, size = 0;
    char *data = s_xmalloc (cap);
    while (true) {
        if (size == cap) {
            if (cap >= VOTE_PB_MAX_FILE_SIZE) {
                fclose (f);
                free (data);
                if (err_p)
                    *err_p = s_fmt ("%s: file larger than %u bytes", path, VOTE_PB_MAX_FILE_SIZE);
                return NULL;
            }
            cap *= 2;
            data = s_xrealloc (data, cap, 1);
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
            *err_p = s_fmt ("%s: could not read file: %s", path, strerror (saved));
        return NULL;
    }
    vote_pb_t *self = vote_pb_parse (data, size, path, err_p);
    free (data);
    return self;
}

void
vote_pb_destroy (vote_pb_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    vote_pb_t *self = *self_p;
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
vote_pb_save (vote_pb_t *self, const char *path, char **err_p)
{
    FILE *f = fopen (path, "wb");
    if (!f) {
        if (err_p)
            *err_p = s_fmt ("%s: could not create file: %s", path, strerror (errno));
        return -1;
    }
    s_write_section (f, "META", &self->meta);
    s_write_section (f, "PROJECTS", &self->projects);
    s_write_section (f, "VOTES", &self->votes);
    int failed = ferror (f);
    if (fclose (f) != 0 || failed) {
        if (err_p)
            *err_p = s_fmt ("%s: could not write file: %s", path, strerror (errno));
        return -1;
    }
    return 0;
}

const char *
vote_pb_meta (vote_pb_t *self, const char *key)
{
    for (size_t r = 0; r < self->meta.n_rows; r++)
        if (strcasecmp (s_field (&self->meta, r, 0), key) == 0)
            return s_field (&self->meta, r, 1);
    return NULL;
}

size_t
vote_pb_meta_size (vote_pb_t *self)
{
    return self->meta.n_rows;
}

const char *
vote_pb_meta_key (vote_pb_t *self, size_t k)
{
    return k < self->meta.n_rows ? s_field (&self->meta, k, 0) : NULL;
}

vote_pb_type_t
vote_pb_vote_type (vote_pb_t *self)
{
    return self->type;
}

const char *
vote_pb_vote_type_name (vote_pb_t *self)
{
    return s_type_names[self->type];
}

void
vote_pb_budget (vote_pb_t *self, mpq_t budget)
{
    mpq_set (budget, self->budget);
}

void
vote_pb_threshold (vote_pb_t *self, mpq_t threshold)
{
    mpq_set (threshold, self->threshold);
}

size_t
vote_pb_projects (vote_pb_t *self)
{
    return self->projects.n_rows;
}

const char *
vote_pb_project_id (vote_pb_t *self, size_t p)
{
    return p < self->projects.n_rows ? s_field (&self->projects, p, self->col_id) : NULL;
}

const char *
vote_pb_project_cost_text (vote_pb_t *self, size_t p)
{
    return p < self->projects.n_rows ? s_field (&self->projects, p, self->col_cost) : NULL;
}

void
vote_pb_project_cost (vote_pb_t *self, size_t p, mpq_t cost)
{
    if (p < self->projects.n_rows)
        mpq_set (cost, self->cost[p]);
}

const char *
vote_pb_project_field (vote_pb_t *self, size_t p, const char *column)
{
    int64_t c = s_column (&self->projects, column);
    if (c < 0 || p >= self->projects.n_rows)
        return NULL;
    return s_field (&self->projects, p, (size_t)c);
}

size_t
vote_pb_voters (vote_pb_t *self)
{
    return self->votes.n_rows;
}

const char *
vote_pb_voter_id (vote_pb_t *self, size_t v)
{
    return v < self->votes.n_rows ? s_field (&self->votes, v, self->col_voter) : NULL;
}

size_t
vote_pb_ballot_size (vote_pb_t *self, size_t v)
{
    return v < self->votes.n_rows ? self->ballot_off[v + 1] - self->ballot_off[v] : 0;
}

const uint32_t *
vote_pb_ballot (vote_pb_t *self, size_t v)
{
    return v < self->votes.n_rows ? self->ballot_proj + self->ballot_off[v] : NULL;
}

const int64_t *
vote_pb_ballot_points (vote_pb_t *self, size_t v)
{
    return v < self->votes.n_rows && self->ballot_pts ? self->ballot_pts + self->ballot_off[v]
                                                      : NULL;
}

vote_tally_t *
vote_pb_tally (vote_pb_t *self)
{
    bool points = self->type == VOTE_PB_CUMULATIVE || self->type == VOTE_PB_SCORING
                  || self->type == VOTE_PB_ORDINAL;
    vote_tally_t *t = vote_tally_new (points ? VOTE_TALLY_SAT_POINTS : VOTE_TALLY_SAT_COST);
    vote_tally_set_budget (t, self->budget);
    vote_tally_set_threshold (t, self->threshold);
    for (size_t p = 0; p < self->projects.n_rows; p++)
        if (vote_tally_add_project (t, vote_pb_project_id (self, p), self->cost[p]) < 0)
            abort (); //  parsing validated ids and costs
    for (size_t v = 0; v < self->votes.n_rows; v++) {
        size_t len = vote_pb_ballot_size (self, v);
        int rc = self->type == VOTE_PB_ORDINAL
                     ? vote_tally_add_ranking (t, len, vote_pb_ballot (self, v))
                     : vote_tally_add_ballot (t, len, vote_pb_ballot (self, v),
                                              vote_pb_ballot_points (self, v));
        if (rc < 0)
            abort (); //  parsing validated the ballots
    }
    return t;
}
