/*  reg_import_term.c: terms by code or Danish label, and the reason an
    unknown one is refused, for the import and for every op taking a term. */
#include <czmq.h>

#include "reg_import_term.h"
#include "sk_mem.h"

struct _reg_terms_t {
    PGresult *rows; //  taxonomy, code, label_da, id
    zhash_t *ids;   //  "taxonomy/folded code or label" -> id
};

void
reg_fold (const char *text, char *out, size_t size)
{
    static const struct {
        const char *from, *to;
    } danish[] = { { "æ", "ae" }, { "Æ", "ae" }, { "ø", "oe" }, { "Ø", "oe" },
                   { "å", "aa" }, { "Å", "aa" }, { NULL, NULL } };
    size_t n = 0;
    bool blank = false;
    while (*text == ' ' || *text == '\t')
        text++;
    while (*text && n + 3 < size) {
        if (*text == ' ' || *text == '\t') {
            blank = true;
            text++;
            continue;
        }
        if (blank)
            out[n++] = ' ';
        blank = false;
        int d = 0;
        while (danish[d].from && strncmp (text, danish[d].from, 2))
            d++;
        if (danish[d].from) {
            memcpy (out + n, danish[d].to, 2);
            n += 2;
            text += 2;
        } else {
            char c = *text++;
            out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    out[n] = 0;
}

reg_terms_t *
reg_terms_load (sk_call_t *call)
{
    PGresult *r =
        sk_call_sql (call, "SELECT taxonomy, code, label_da, id FROM term ORDER BY id", 0, NULL);
    if (!r)
        return NULL;
    reg_terms_t *self = (reg_terms_t *)sk_calloc (1, sizeof *self);
    self->rows = r;
    self->ids = zhash_new ();
    for (int i = 0; i < PQntuples (r); i++)
        for (int c = 1; c <= 2; c++) {
            char folded[200], key[240];
            reg_fold (PQgetvalue (r, i, c), folded, sizeof folded);
            snprintf (key, sizeof key, "%s/%s", PQgetvalue (r, i, 0), folded);
            //  A code wins over another term's label: codes come first
            if (!zhash_lookup (self->ids, key))
                zhash_insert (self->ids, key, PQgetvalue (r, i, 3));
        }
    return self;
}

void
reg_terms_destroy (reg_terms_t **self_p)
{
    if (!*self_p)
        return;
    zhash_destroy (&(*self_p)->ids);
    PQclear ((*self_p)->rows);
    free (*self_p);
    *self_p = NULL;
}

const char *
reg_terms_find (reg_terms_t *self, const char *taxonomy, const char *text)
{
    char folded[200], key[240];
    reg_fold (text, folded, sizeof folded);
    snprintf (key, sizeof key, "%s/%s", taxonomy, folded);
    return (const char *)zhash_lookup (self->ids, key);
}

//  Levenshtein distance of a and b (bytes, at most 64 of each).
static size_t
s_distance (const char *a, const char *b)
{
    size_t la = strnlen (a, 64), lb = strnlen (b, 64);
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

bool
reg_fold_near (const char *folded, const char *other, size_t *best)
{
    char o[200];
    reg_fold (other, o, sizeof o);
    //  Near enough to be a typing error: a third of the word, at least 1
    size_t limit = strlen (folded) / 3;
    if (limit < 1)
        limit = 1;
    size_t d = s_distance (folded, o);
    if (d > limit || d >= *best)
        return false;
    *best = d;
    return true;
}

//  What a taxonomy's terms are, and the columns that take them.
static const struct {
    const char *taxonomy, *noun, *columns;
} s_taxonomies[] = { { "competence", "a competence", "has or needs" },
                     { "activity_type", "an activity type", "activities" },
                     { "target_group", "a target group", "serves" },
                     { "language", "a language", "speaks" },
                     { NULL, NULL, NULL } };

static int
s_taxonomy (const char *taxonomy)
{
    int t = 0;
    while (s_taxonomies[t].taxonomy && !streq (s_taxonomies[t].taxonomy, taxonomy))
        t++;
    return t;
}

const char *
reg_terms_unknown (reg_terms_t *self, const char *taxonomy, const char *text, bool column,
                   char *buf, size_t size)
{
    //  A term of another taxonomy first: it is in the wrong place
    for (int t = 0; s_taxonomies[t].taxonomy; t++) {
        const char *id = streq (s_taxonomies[t].taxonomy, taxonomy)
                             ? NULL
                             : reg_terms_find (self, s_taxonomies[t].taxonomy, text);
        if (!id)
            continue;
        const char *noun = s_taxonomies[s_taxonomy (taxonomy)].noun;
        snprintf (buf, size, "\"%.64s\" is %s (%s), not %s%s%s%s", text, s_taxonomies[t].noun,
                  reg_terms_code (self, id), noun ? noun : taxonomy,
                  column ? ": it belongs in the " : "", column ? s_taxonomies[t].columns : "",
                  column ? " column" : "");
        return buf;
    }
    char folded[200];
    reg_fold (text, folded, sizeof folded);
    size_t best = SIZE_MAX;
    int found = -1;
    for (int i = 0; i < PQntuples (self->rows); i++)
        for (int c = 1; c <= 2 && !strcmp (PQgetvalue (self->rows, i, 0), taxonomy); c++)
            if (reg_fold_near (folded, PQgetvalue (self->rows, i, c), &best))
                found = i;
    if (found < 0)
        snprintf (buf, size, "unknown %s term \"%.64s\"", taxonomy, text);
    else
        snprintf (buf, size, "unknown %s term \"%.64s\" (did you mean \"%s\" (%s)?)", taxonomy,
                  text, PQgetvalue (self->rows, found, 2), PQgetvalue (self->rows, found, 1));
    return buf;
}

int
reg_term_id (sk_call_t *call, const char *taxonomy, const char *text, const char *field,
             const char **id)
{
    //  A code is one indexed look-up; labels and the reason are read only
    //  when it is not one
    const char *params[] = { taxonomy, text };
    PGresult *r =
        sk_call_sql (call, "SELECT id FROM term WHERE taxonomy = $1 AND code = $2", 2, params);
    if (!r)
        return -1;
    bool code = PQntuples (r) == 1;
    if (code)
        *id = sk_call_strdup (call, PQgetvalue (r, 0, 0));
    PQclear (r);
    if (code)
        return 0;
    reg_terms_t *terms = reg_terms_load (call);
    if (!terms)
        return -1;
    const char *found = reg_terms_find (terms, taxonomy, text);
    char why[300];
    int rc = 0;
    if (found)
        *id = sk_call_strdup (call, found);
    else
        rc = sk_call_fail (call, "invalid_argument", field, "%s",
                           reg_terms_unknown (terms, taxonomy, text, false, why, sizeof why));
    reg_terms_destroy (&terms);
    return rc;
}

//  Column c (1 code, 2 label) of the term with this id; "" if none.
static const char *
s_term_value (reg_terms_t *self, const char *id, int c)
{
    for (int i = 0; i < PQntuples (self->rows); i++)
        if (streq (PQgetvalue (self->rows, i, 3), id))
            return PQgetvalue (self->rows, i, c);
    return "";
}

const char *
reg_terms_label (reg_terms_t *self, const char *id)
{
    return s_term_value (self, id, 2);
}

const char *
reg_terms_code (reg_terms_t *self, const char *id)
{
    return s_term_value (self, id, 1);
}
