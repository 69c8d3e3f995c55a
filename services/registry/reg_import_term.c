/*  reg_import_term.c: a term cell's words as the taxonomy's terms. */
#include <czmq.h>

#include "reg_import_term.h"
#include "sk_mem.h"

struct _reg_terms_t {
    PGresult *rows; //  taxonomy, code, label_da, id
    zhash_t *ids;   //  "taxonomy/folded code or label" -> id
};

//  Fold text for comparison: ASCII lower case, æ ø å (either case) as ae
//  oe aa, blanks trimmed and runs of blanks as one space.
static void
s_fold (const char *text, char *out, size_t size)
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
            s_fold (PQgetvalue (r, i, c), folded, sizeof folded);
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
    s_fold (text, folded, sizeof folded);
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

const char *
reg_terms_suggest (reg_terms_t *self, const char *taxonomy, const char *text, char *buf,
                   size_t size)
{
    char folded[200];
    s_fold (text, folded, sizeof folded);
    //  Near enough to be a typing error: a third of the word, at least 1
    size_t limit = strlen (folded) / 3, best = SIZE_MAX;
    if (limit < 1)
        limit = 1;
    int found = -1;
    for (int i = 0; i < PQntuples (self->rows); i++) {
        if (strcmp (PQgetvalue (self->rows, i, 0), taxonomy))
            continue;
        for (int c = 1; c <= 2; c++) {
            char other[200];
            s_fold (PQgetvalue (self->rows, i, c), other, sizeof other);
            size_t d = s_distance (folded, other);
            if (d <= limit && d < best) {
                best = d;
                found = i;
            }
        }
    }
    if (found < 0)
        snprintf (buf, size, "%s", "");
    else
        snprintf (buf, size, " (did you mean \"%s\" (%s)?)", PQgetvalue (self->rows, found, 2),
                  PQgetvalue (self->rows, found, 1));
    return buf;
}

const char *
reg_terms_label (reg_terms_t *self, const char *id)
{
    for (int i = 0; i < PQntuples (self->rows); i++)
        if (streq (PQgetvalue (self->rows, i, 3), id))
            return PQgetvalue (self->rows, i, 2);
    return "";
}
