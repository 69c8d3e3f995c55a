/*  reg_import.c: CSV import, validated row by row, committed all at once. */
#include <czmq.h>

#include "reg_import.h"
#include "reg_import_term.h"
#include "reg_party.h"
#include "reg_util.h"
#include "sk_log.h"
#include "sk_event.h"
#include "sk_mem.h"
#include "sk_utf8.h"

#define S_MAX_COLUMNS    64
#define S_MAX_ROWS       5000 //  rows in one batch
#define S_MAX_REPORTED   500  //  errors named in one batch's reply
#define S_MAX_TERMS      200  //  terms in one cell
#define S_EVENT_CHUNK    1000 //  parties packed into events at a time
#define S_MAX_ACTIVITIES 100  //  activities in one cell, as registry.KIND.update takes

//  A growing string, for SQL array literals and parameter lists.
typedef struct {
    char *data;
    size_t len, size;
} s_str_t;

static void
s_str_add (s_str_t *s, const char *text, size_t len)
{
    if (s->len + len + 1 > s->size) {
        s->size = (s->len + len + 1) * 2;
        s->data = (char *)sk_realloc (s->data, s->size);
    }
    memcpy (s->data + s->len, text, len);
    s->len += len;
    s->data[s->len] = 0;
}

static void
s_str_cat (s_str_t *s, const char *text)
{
    s_str_add (s, text, strlen (text));
}

//  Append one element of a PostgreSQL array literal: quoted, or NULL.
static void
s_str_element (s_str_t *s, const char *value)
{
    if (s->len && s->data[s->len - 1] != '{')
        s_str_add (s, ",", 1);
    if (!value) {
        s_str_cat (s, "NULL");
        return;
    }
    s_str_add (s, "\"", 1);
    while (*value) {
        size_t run = strcspn (value, "\"\\");
        s_str_add (s, value, run);
        value += run;
        if (*value) {
            s_str_add (s, "\\", 1);
            s_str_add (s, value++, 1);
        }
    }
    s_str_add (s, "\"", 1);
}

//  Danish column names staff use in their spreadsheets, and ours.
static const struct {
    const char *alias, *name;
} s_aliases[] = { { "navn", "name" },
                  { "beskrivelse", "description" },
                  { "omraade", "area" },
                  { "område", "area" },
                  { "adresse", "address" },
                  { "hjemmeside", "website" },
                  { "kontaktperson", "contact_name" },
                  { "e-mail", "email" },
                  { "mail", "email" },
                  { "telefon", "phone" },
                  { "offentlig", "publish" },
                  { "etnisk_minoritet", "ethnic_minority" },
                  { "medlemmer", "members" },
                  { "aktive_frivillige", "active_volunteers" },
                  { "ansatte", "employees" },
                  { "csr_kapacitet", "csr_capacity" },
                  { "har", "has" },
                  { "mangler", "needs" },
                  { "målgrupper", "serves" },
                  { "maalgrupper", "serves" },
                  { "sprog", "speaks" },
                  { "aktiviteter", "activities" },
                  { NULL, NULL } };

//  Columns that are neither a field nor a declaration: the party a row
//  updates, the version it was exported at, and its activities.
typedef enum { S_COL_FIELD, S_COL_ID, S_COL_VERSION, S_COL_ACTIVITIES } s_special_t;
static const char *s_specials[] = { NULL, "id", "version", "activities" };

//  A column of the file: a field of the catalogue or a relation.
typedef struct {
    const sk_field_t *field;       //  or NULL
    const sk_relation_t *relation; //  or NULL
    s_special_t special;           //  S_COL_FIELD for a field or a relation
} s_column_t;

//  The column's canonical name (one pointer per name, for comparing).
static const char *
s_column_name (const s_column_t *col)
{
    return col->field      ? col->field->name
           : col->relation ? col->relation->relation
                           : s_specials[col->special];
}

//  Resolve a column name (case-blind, aliases) for kind; -1 if unknown.
static int
s_column (const char *raw, sk_kind_t kind, s_column_t *col)
{
    char name[72];
    size_t n = 0;
    for (const char *c = raw; *c && n + 1 < sizeof name; c++)
        name[n++] = (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : (*c == ' ' ? '_' : *c));
    name[n] = 0;
    //  "Målgrupper", "MÅLGRUPPER": fold the Danish capitals too
    char *s;
    while ((s = strstr (name, "Å")))
        memcpy (s, "å", 2);
    while ((s = strstr (name, "Æ")))
        memcpy (s, "æ", 2);
    while ((s = strstr (name, "Ø")))
        memcpy (s, "ø", 2);
    const char *canonical = name;
    for (int i = 0; s_aliases[i].alias; i++)
        if (streq (name, s_aliases[i].alias))
            canonical = s_aliases[i].name;
    col->field = NULL;
    col->relation = NULL;
    col->special = S_COL_FIELD;
    for (int k = S_COL_ID; k <= S_COL_ACTIVITIES; k++)
        if (streq (canonical, s_specials[k])) {
            col->special = (s_special_t)k;
            return 0;
        }
    for (const sk_field_t *f = sk_party_fields; f->name; f++)
        if (streq (f->name, canonical) && (f->kinds & kind))
            col->field = f;
    for (const sk_relation_t *r = sk_party_relations; r->relation; r++)
        if (streq (r->relation, canonical))
            col->relation = r;
    return col->field || col->relation ? 0 : -1;
}

//  The fields of kind in catalogue order: the staging vals[] layout.
static int
s_kind_fields (sk_kind_t kind, const sk_field_t **fields)
{
    int n = 0;
    for (const sk_field_t *f = sk_party_fields; f->name; f++)
        if (f->kinds & kind)
            fields[n++] = f;
    return n;
}

int
reg_import_begin (sk_call_t *call)
{
    static const char *keys[] = { "kind", "columns", NULL };
    const char *kind_name;
    const msgpack_object *columns;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_str (call, NULL, "kind", 16, true, &kind_name) < 0
        || sk_call_array (call, NULL, "columns", S_MAX_COLUMNS, true, &columns) < 0)
        return -1;
    sk_kind_t kind = sk_kind_parse (kind_name);
    if (kind != SK_KIND_ASSOCIATION && kind != SK_KIND_COMPANY)
        return sk_call_fail (call, "invalid_argument", "kind",
                             "can import associations and companies, not \"%s\"", kind_name);
    s_str_t list = { 0 };
    s_str_cat (&list, "{");
    bool seen[S_MAX_COLUMNS] = { false }, has_id = false, has_version = false;
    const sk_field_t *fields[64];
    int nfields = s_kind_fields (kind, fields);
    int rc = 0;
    for (uint32_t i = 0; i < columns->via.array.size && rc == 0; i++) {
        char raw[65], field[32];
        snprintf (field, sizeof field, "columns[%u]", i);
        s_column_t col;
        if (sk_obj_str_copy (&columns->via.array.ptr[i], raw, sizeof raw))
            rc = sk_call_fail (call, "invalid_argument", field,
                               "column name must be a string of at most 64 bytes");
        else if (s_column (raw, kind, &col))
            rc = sk_call_fail (call, "invalid_argument", field, "unknown column \"%s\" for %s", raw,
                               kind_name);
        else {
            const char *name = s_column_name (&col);
            has_id |= col.special == S_COL_ID;
            has_version |= col.special == S_COL_VERSION;
            for (uint32_t k = 0; k < i && rc == 0; k++) {
                char other[65];
                s_column_t prev;
                sk_obj_str_copy (&columns->via.array.ptr[k], other, sizeof other);
                s_column (other, kind, &prev);
                if (s_column_name (&prev) == name)
                    rc = sk_call_fail (call, "invalid_argument", field,
                                       "column \"%s\" appears twice", raw);
            }
            for (int f = 0; f < nfields; f++)
                seen[f] |= fields[f] == col.field;
            s_str_element (&list, name);
        }
    }
    for (int f = 0; f < nfields && rc == 0; f++)
        if ((fields[f]->required & kind) && !seen[f])
            rc = sk_call_fail (call, "invalid_argument", "columns",
                               "missing required column \"%s\"", fields[f]->name);
    //  An update applies only to the version it was made from
    if (rc == 0 && has_id != has_version)
        rc = sk_call_fail (call, "invalid_argument", "columns",
                           has_id ? "column \"id\" needs the column \"version\" (the version "
                                    "each party was exported at)"
                                  : "column \"version\" needs the column \"id\"");
    s_str_cat (&list, "}");
    PGresult *r = NULL;
    if (rc == 0) {
        //  Imports abandoned for a day are cleared away
        r = sk_call_sql (call,
                         "DELETE FROM import_batch WHERE state <> 'committed' "
                         "AND created_at < now() - interval '1 day'",
                         0, NULL);
        PQclear (r);
        const char *params[] = { call->req->tenant, kind_name, call->caller->key, list.data };
        r = r ? sk_call_sql (call,
                             "INSERT INTO import_batch (tenant, kind, actor, columns) "
                             "VALUES ($1, $2, $3, $4) RETURNING id",
                             4, params)
              : NULL;
        rc = r ? 0 : -1;
    }
    free (list.data);
    if (rc)
        return -1;
    sk_pack_map (&call->reply, 2);
    sk_pack_kint (&call->reply, "import", strtoll (PQgetvalue (r, 0, 0), NULL, 10));
    sk_pack_kstr (&call->reply, "kind", kind_name);
    PQclear (r);
    return 0;
}

//  An open import of this caller: its kind and columns; -1 with the error.
static PGresult *
s_load_batch (sk_call_t *call, const char **id)
{
    int64_t n;
    if (sk_call_int (call, NULL, "import", 1, INT64_MAX, true, &n) < 0)
        return NULL;
    *id = sk_call_itoa (call, n);
    const char *params[] = { *id, call->caller->key };
    PGresult *r = sk_call_sql (call,
                               "SELECT kind, columns::text, state, rows, bad FROM import_batch "
                               "WHERE id = $1 AND actor = $2 FOR UPDATE",
                               2, params);
    if (r && PQntuples (r) == 0) {
        PQclear (r);
        sk_call_fail (call, "not_found", "import", "import %s does not exist", *id);
        return NULL;
    }
    if (r && !streq (PQgetvalue (r, 0, 2), "open")) {
        sk_call_fail (call, "conflict", "import", "import %s is already %s", *id,
                      PQgetvalue (r, 0, 2));
        PQclear (r);
        return NULL;
    }
    return r;
}

//  One row's error, for the reply.
typedef struct {
    int64_t row;
    char column[64];
    char reason[240];
} s_error_t;

typedef struct {
    sk_call_t *call;
    sk_kind_t kind;
    int ncols; //  columns of the file
    s_column_t cols[S_MAX_COLUMNS];
    const sk_field_t *fields[64]; //  the kind's fields, staging order
    int nfields;
    reg_terms_t *terms;  //  the catalogue's terms, by code and label
    PGresult *areas;     //  id, name of the tenant's areas
    zhash_t *area_ids;   //  id -> id
    zhash_t *area_names; //  folded name -> id, or "" if two areas fold so
    zlist_t *errors;     //  s_error_t of this batch
    zlist_t *names;      //  each row's name, "" for a bad row
    int name_slot;       //  the name's place in the kind's fields
    int bad_rows;
    int stale;        //  rows refused for a stale version
    bool row_bad;     //  the current row has an error
    int64_t *party;   //  per row of the batch: the party it updates, or 0
    int64_t *version; //  per row: the version that party was exported at
} s_batch_t;

static void s_row_error (s_batch_t *b, int64_t row, const char *column, const char *format, ...)
    __attribute__ ((format (printf, 4, 5)));

static void
s_row_error (s_batch_t *b, int64_t row, const char *column, const char *format, ...)
{
    if (!b->row_bad)
        b->bad_rows++;
    b->row_bad = true;
    s_error_t *e = (s_error_t *)sk_malloc (sizeof *e);
    e->row = row;
    snprintf (e->column, sizeof e->column, "%s", column);
    va_list args;
    va_start (args, format);
    vsnprintf (e->reason, sizeof e->reason, format, args);
    va_end (args);
    zlist_append (b->errors, e);
}

//  Text without the blanks around it, in place. Spreadsheets pad cells.
static char *
s_trim (char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strlen (text);
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        text[--len] = 0;
    return text;
}

//  An area cell: the id of one of the municipality's areas or its name,
//  case, blank and æ/ae, ø/oe, å/aa blind, as the id's text in buf. An
//  unknown name is the row's error with the nearest area as a suggestion,
//  a name two areas fold to an error naming both; NULL then.
static const char *
s_cell_area (s_batch_t *b, int64_t row, const char *cell, char *buf, size_t size)
{
    //  An id first: an area named "5" does not hide area 5
    const char *id = (const char *)zhash_lookup (b->area_ids, cell);
    char folded[200];
    reg_fold (cell, folded, sizeof folded);
    if (!id)
        id = (const char *)zhash_lookup (b->area_names, folded);
    if (id && *id) {
        snprintf (buf, size, "%s", id);
        return buf;
    }
    const char *tenant = b->call->req->tenant;
    char also[160] = "";
    size_t best = SIZE_MAX, n = 0;
    for (int i = 0; i < PQntuples (b->areas); i++) {
        const char *name = PQgetvalue (b->areas, i, 1);
        char other[200];
        reg_fold (name, other, sizeof other);
        if (id && streq (other, folded) && n < sizeof also)
            n += (size_t)snprintf (also + n, sizeof also - n, "%s\"%.40s\" (%s)", n ? ", " : "",
                                   name, PQgetvalue (b->areas, i, 0));
        else if (!id && reg_fold_near (folded, name, &best))
            snprintf (also, sizeof also, " (did you mean \"%.60s\"?)", name);
    }
    if (id)
        s_row_error (b, row, "area",
                     "area \"%.60s\" is ambiguous in municipality %s: %s; write the area's id",
                     cell, tenant, also);
    else
        s_row_error (b, row, "area", "area \"%.60s\" is not an area of municipality %s%s", cell,
                     tenant, also);
    return NULL;
}

//  A cell as a field's value in the text form PostgreSQL takes; NULL for an
//  empty cell. Sets the row's error and returns NULL when it is wrong.
static const char *
s_cell_value (s_batch_t *b, int64_t row, const sk_field_t *f, char *cell, char *buf, size_t size)
{
    cell = s_trim (cell);
    size_t len = strlen (cell);
    if (!len)
        return NULL;
    if (streq (f->name, "area"))
        return s_cell_area (b, row, cell, buf, size);
    if (f->type == SK_FIELD_INT) {
        char *end;
        errno = 0;
        long long n = strtoll (cell, &end, 10);
        if (*end || errno || cell[0] == '+')
            s_row_error (b, row, f->name, "\"%.40s\" is not a whole number", cell);
        else if (n < f->min || n > f->max)
            s_row_error (b, row, f->name, "%lld is not between %lld and %lld", n, (long long)f->min,
                         (long long)f->max);
        else {
            snprintf (buf, size, "%lld", n);
            return buf;
        }
        return NULL;
    }
    if (f->type == SK_FIELD_BOOL) {
        static const char *yes[] = { "ja", "j", "yes", "y", "true", "1", "x", NULL };
        static const char *no[] = { "nej", "n", "no", "false", "0", NULL };
        for (int i = 0; yes[i]; i++)
            if (!strcasecmp (cell, yes[i]))
                return "true";
        for (int i = 0; no[i]; i++)
            if (!strcasecmp (cell, no[i]))
                return "false";
        s_row_error (b, row, f->name, "\"%.40s\" is not ja or nej", cell);
        return NULL;
    }
    if (f->type != SK_FIELD_CVR && sk_utf8_chars (cell, len) > (size_t)f->max) {
        s_row_error (b, row, f->name, "is longer than %lld characters", (long long)f->max);
        return NULL;
    }
    //  CVR numbers are often written "DK-12 34 56 78" or with spaces
    if (f->type == SK_FIELD_CVR)
        cell = (char *)reg_cvr_normalise (cell, buf, size);
    const char *why = sk_field_check_text (f, cell);
    if (why) {
        s_row_error (b, row, f->name, "\"%.60s\" %s", cell, why);
        return NULL;
    }
    return cell;
}

//  One term of a cell ("Ældre:3", "elderly"), added to the row's lists.
//  False if it is unknown (no error set: the caller decides).
static bool
s_cell_term (s_batch_t *b, int64_t row, const sk_relation_t *rel, char *term, s_str_t *drel,
             s_str_t *dterm, s_str_t *dlevel, zhash_t *seen, int *count)
{
    int level = 2;
    char *colon = strrchr (term, ':');
    if (colon) {
        *colon = 0;
        char *l = colon + 1;
        while (*l == ' ')
            l++;
        if (!*l || (l[1] && l[1] != ' ') || *l < '1' || *l > '3') {
            s_row_error (b, row, rel->relation, "level of \"%.64s\" must be 1, 2 or 3", term);
            return true;
        }
        level = *l - '0';
    }
    const char *id = reg_terms_find (b->terms, rel->taxonomy, term);
    if (!id)
        return false; //  term is left without its level, for the error
    if (++*count > S_MAX_TERMS) {
        if (*count == S_MAX_TERMS + 1)
            s_row_error (b, row, rel->relation, "more than %d terms", S_MAX_TERMS);
        return true;
    }
    char key[96];
    snprintf (key, sizeof key, "%s/%s", rel->relation, id);
    if (zhash_lookup (seen, key))
        return true; //  a term twice in a list counts once
    zhash_insert (seen, key, (void *)"1");
    char lv[4];
    snprintf (lv, sizeof lv, "%d", level);
    s_str_element (drel, rel->relation);
    s_str_element (dterm, id);
    s_str_element (dlevel, lv);
    return true;
}

//  An unknown term's error: where it belongs if it is a term of another
//  taxonomy, else the nearest term as a suggestion; words that are each a
//  term ("youth elderly") are told the separators.
static void
s_unknown_term (s_batch_t *b, int64_t row, const sk_relation_t *rel, char *term)
{
    char why[300], words[200];
    reg_terms_unknown (b->terms, rel->taxonomy, term, true, why, sizeof why);
    snprintf (words, sizeof words, "%s", term);
    bool each = strpbrk (words, " \t") != NULL;
    for (char *save = NULL, *w = strtok_r (words, " \t", &save); w && each;
         w = strtok_r (NULL, " \t", &save))
        each = reg_terms_find (b->terms, rel->taxonomy, w) != NULL;
    s_row_error (b, row, rel->relation, "%s%s", why,
                 each ? " (separate terms with \"|\", \",\" or \";\")" : "");
}

//  The terms of a relation cell ("a|b:3", also "," or ";" between them),
//  by code or Danish label. Only those separate: a label may hold blanks
//  ("Mænd langt fra arbejdsmarkedet").
static void
s_cell_terms (s_batch_t *b, int64_t row, const sk_relation_t *rel, char *cell, s_str_t *drel,
              s_str_t *dterm, s_str_t *dlevel, zhash_t *seen)
{
    int count = 0;
    for (char *save = NULL, *t = strtok_r (cell, "|,;", &save); t && count <= S_MAX_TERMS;
         t = strtok_r (NULL, "|,;", &save)) {
        t = s_trim (t);
        if (*t && !s_cell_term (b, row, rel, t, drel, dterm, dlevel, seen, &count))
            s_unknown_term (b, row, rel, s_trim (t));
    }
}

//  One activity of a cell: its name (NULL or "": its type's Danish label)
//  and its type (code or Danish label; "": none), added to the row's lists.
static void
s_activity (s_batch_t *b, int64_t row, const char *name, const char *type, s_str_t *names,
            s_str_t *types, zhash_t *seen, int *count)
{
    const char *id = NULL;
    char why[300];
    if (!*type && !(name && *name))
        return; //  an empty item, as after a trailing "|"
    if (*type && !(id = reg_terms_find (b->terms, "activity_type", type))) {
        s_row_error (b, row, "activities", "%s",
                     reg_terms_unknown (b->terms, "activity_type", type, true, why, sizeof why));
        return;
    }
    if (!name || !*name)
        name = reg_terms_label (b->terms, id);
    if (!sk_utf8_one_line (name) || sk_utf8_chars (name, strlen (name)) > 200) {
        s_row_error (b, row, "activities",
                     "activity name \"%.60s\" must be one line of at most 200 characters", name);
        return;
    }
    if (++*count > S_MAX_ACTIVITIES) {
        if (*count == S_MAX_ACTIVITIES + 1)
            s_row_error (b, row, "activities", "more than %d activities", S_MAX_ACTIVITIES);
        return;
    }
    char key[1024];
    snprintf (key, sizeof key, "%s\t%s", name, id ? id : "");
    if (zhash_lookup (seen, key))
        return; //  an activity twice counts once
    zhash_insert (seen, key, (void *)"1");
    s_str_element (names, name);
    s_str_element (types, id);
}

//  The activities of a cell: items apart by "|", each "NAME=TYPE" (the
//  last "=" divides; "NAME=" has no type) or activity types by code or
//  Danish label, apart by ",", each named by its type's label.
static void
s_cell_activities (s_batch_t *b, int64_t row, char *cell, s_str_t *names, s_str_t *types)
{
    zhash_t *seen = zhash_new ();
    int count = 0;
    for (char *save = NULL, *item = strtok_r (cell, "|", &save); item;
         item = strtok_r (NULL, "|", &save)) {
        char *eq = strrchr (item, '=');
        if (eq) {
            *eq = 0;
            s_activity (b, row, s_trim (item), s_trim (eq + 1), names, types, seen, &count);
            continue;
        }
        for (char *tsave = NULL, *t = strtok_r (item, ",", &tsave); t;
             t = strtok_r (NULL, ",", &tsave))
            s_activity (b, row, NULL, s_trim (t), names, types, seen, &count);
    }
    zhash_destroy (&seen);
}

//  A party id or version cell: 0 if empty, else a number from 1 to max;
//  -1 (the row's error set) if it is not one.
static int64_t
s_cell_number (s_batch_t *b, int64_t row, const char *column, char *cell, int64_t max)
{
    cell = s_trim (cell);
    if (!*cell)
        return 0;
    char *end;
    errno = 0;
    long long n = strtoll (cell, &end, 10);
    if (*end || errno || n < 1 || n > max || *cell == '+') {
        s_row_error (b, row, column, "\"%.40s\" is not a %s", cell,
                     streq (column, "id") ? "party id" : "version number");
        return -1;
    }
    return n;
}

//  The terms and areas a batch checks against, loaded once.
static int
s_batch_load_lookups (s_batch_t *b)
{
    if (!(b->terms = reg_terms_load (b->call)))
        return -1;
    const char *tenant[] = { b->call->req->tenant };
    PGresult *r =
        sk_call_sql (b->call, "SELECT id, name FROM area WHERE tenant = $1 ORDER BY id", 1, tenant);
    if (!r)
        return -1;
    b->areas = r;
    for (int i = 0; i < PQntuples (r); i++) {
        char folded[200];
        reg_fold (PQgetvalue (r, i, 1), folded, sizeof folded);
        zhash_insert (b->area_ids, PQgetvalue (r, i, 0), PQgetvalue (r, i, 0));
        if (zhash_insert (b->area_names, folded, PQgetvalue (r, i, 0)))
            zhash_update (b->area_names, folded, (void *)""); //  two fold the same
    }
    return 0;
}

//  Refuse rows whose CVR number is in an earlier row of the file (this batch
//  or one staged before) or already registered. cvrs maps CVR -> row number
//  of the good rows of this batch; bad rows are marked in bad (by index).
static int
s_check_cvrs (s_batch_t *b, const char *import_id, zlist_t *rows_cvr, bool *bad,
              const int64_t *row_nos)
{
    if (zlist_size (rows_cvr) == 0)
        return 0;
    s_str_t list = { 0 };
    s_str_cat (&list, "{");
    for (char *c = (char *)zlist_first (rows_cvr); c; c = (char *)zlist_next (rows_cvr))
        if (*c)
            s_str_element (&list, c);
    s_str_cat (&list, "}");
    const char *params[] = { import_id, list.data };
    PGresult *r =
        sk_call_sql (b->call,
                     "SELECT cvr, 'row ' || min(row_no) FROM import_row WHERE import_id = $1 "
                     "AND cvr = ANY ($2::text[]) GROUP BY cvr "
                     "UNION ALL SELECT cvr, 'party ' || id FROM party WHERE cvr = ANY ($2::text[]) "
                     "AND archived_at IS NULL",
                     2, params);
    free (list.data);
    if (!r)
        return -1;
    zhash_t *known = zhash_new ();
    zhash_autofree (known);
    for (int i = 0; i < PQntuples (r); i++)
        zhash_insert (known, PQgetvalue (r, i, 0), PQgetvalue (r, i, 1));
    PQclear (r);
    zhash_t *first = zhash_new (); //  CVR -> first row of this batch
    zhash_autofree (first);
    int k = 0;
    for (char *c = (char *)zlist_first (rows_cvr); c; c = (char *)zlist_next (rows_cvr), k++) {
        if (!*c || bad[k])
            continue;
        const char *where = (const char *)zhash_lookup (known, c);
        char here[24], self[32];
        snprintf (here, sizeof here, "row %lld", (long long)row_nos[k]);
        //  A row that updates a company may keep its CVR number
        snprintf (self, sizeof self, "party %lld", (long long)b->party[k]);
        if (where && streq (where, self))
            where = NULL;
        b->row_bad = false;
        if (where && !strncmp (where, "party ", 6))
            s_row_error (b, row_nos[k], "cvr",
                         "a company with CVR number %s is "
                         "already registered (%s)",
                         c, where);
        else if (where || (where = (const char *)zhash_lookup (first, c)))
            s_row_error (b, row_nos[k], "cvr", "CVR number %s is also in %s", c, where);
        else
            zhash_insert (first, c, here);
        bad[k] = b->row_bad;
    }
    zhash_destroy (&known);
    zhash_destroy (&first);
    return 0;
}

//  A name as the duplicate check compares it: case, blanks and the
//  spelling of æ, ø, å as ae, oe, aa do not count.
#define S_FOLD(x)                                                                                      \
    "replace(replace(replace(regexp_replace(lower(translate(" x ", 'ÆØÅ', 'æøå')), '\\s+', '', " \
    "'g'), 'æ', 'ae'), 'ø', 'oe'), 'å', 'aa')"

//  Refuse rows whose name is the name of a party of the same kind in the
//  municipality (S_FOLD), as likely duplicates, unless allowed.
static int
s_check_names (s_batch_t *b, bool *bad, const int64_t *row_nos)
{
    s_str_t list = { 0 };
    s_str_cat (&list, "{");
    for (char *n = (char *)zlist_first (b->names); n; n = (char *)zlist_next (b->names))
        s_str_element (&list, n);
    s_str_cat (&list, "}");
    //  A row that updates a party is no duplicate of that party
    s_str_t selves = { 0 };
    s_str_cat (&selves, "{");
    for (size_t k = 0; k < zlist_size (b->names); k++)
        s_str_element (&selves, b->party[k] ? sk_call_itoa (b->call, b->party[k]) : NULL);
    s_str_cat (&selves, "}");
    const char *params[] = { list.data, b->call->req->tenant, sk_kind_name (b->kind), selves.data };
    PGresult *r = sk_call_sql (
        b->call,
        "SELECT DISTINCT ON (u.k) u.k, p.id, p.name FROM unnest ($1::text[], $4::bigint[]) "
        "WITH ORDINALITY AS u (name, self, k) JOIN party p ON p.tenant = $2 AND p.kind = $3 "
        "AND p.archived_at IS NULL AND p.id IS DISTINCT FROM u.self "
        "AND " S_FOLD ("p.name") " = " S_FOLD ("u.name") " WHERE u.name <> '' ORDER BY u.k, p.id",
        4, params);
    free (list.data);
    free (selves.data);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples (r); i++) {
        int k = atoi (PQgetvalue (r, i, 0)) - 1;
        if (bad[k])
            continue; //  refused already (its CVR number)
        b->row_bad = false;
        s_row_error (b, row_nos[k], "name",
                     "likely a duplicate of %s %s \"%.80s\" (--allow-duplicates imports it "
                     "anyway)",
                     sk_kind_name (b->kind), PQgetvalue (r, i, 1), PQgetvalue (r, i, 2));
        bad[k] = true;
    }
    PQclear (r);
    return 0;
}

//  Refuse rows that update a party that is not there (of another kind or
//  municipality, or archived), whose version is stale, or that an earlier
//  row of the file updates too.
static int
s_check_parties (s_batch_t *b, const char *import_id, uint32_t nrows, bool *bad,
                 const int64_t *row_nos)
{
    s_str_t list = { 0 };
    s_str_cat (&list, "{");
    for (uint32_t i = 0; i < nrows; i++)
        if (b->party[i] && !bad[i])
            s_str_element (&list, sk_call_itoa (b->call, b->party[i]));
    s_str_cat (&list, "}");
    if (streq (list.data, "{}")) {
        free (list.data);
        return 0; //  every row creates a party
    }
    const char *params[] = { import_id, list.data, sk_kind_name (b->kind), b->call->req->tenant };
    PGresult *r = sk_call_sql (b->call,
                               "SELECT p.id, p.version, p.archived_at IS NOT NULL, NULL "
                               "FROM party p WHERE p.id = ANY ($2::bigint[]) "
                               "AND p.kind = $3 AND p.tenant = $4 "
                               "UNION ALL SELECT party_id, NULL, NULL, 'row ' || row_no "
                               "FROM import_row WHERE import_id = $1 "
                               "AND party_id = ANY ($2::bigint[])",
                               4, params);
    free (list.data);
    if (!r)
        return -1;
    zhash_t *current = zhash_new (), *where = zhash_new ();
    zhash_autofree (where);
    for (int k = 0; k < PQntuples (r); k++)
        if (PQgetisnull (r, k, 3))
            zhash_insert (current, PQgetvalue (r, k, 0), (void *)(intptr_t)(k + 1));
        else
            zhash_insert (where, PQgetvalue (r, k, 0), PQgetvalue (r, k, 3));
    const char *kind = sk_kind_name (b->kind);
    for (uint32_t i = 0; i < nrows; i++) {
        if (!b->party[i] || bad[i])
            continue;
        char id[24], here[24];
        snprintf (id, sizeof id, "%lld", (long long)b->party[i]);
        snprintf (here, sizeof here, "row %lld", (long long)row_nos[i]);
        int k = (int)(intptr_t)zhash_lookup (current, id) - 1;
        const char *also = (const char *)zhash_lookup (where, id);
        b->row_bad = false;
        if (also)
            s_row_error (b, row_nos[i], "id", "%s %s is also in %s", kind, id, also);
        else if (k < 0)
            s_row_error (b, row_nos[i], "id", "%s %s does not exist", kind, id);
        else if (*PQgetvalue (r, k, 2) == 't')
            s_row_error (b, row_nos[i], "id", "%s %s is archived", kind, id);
        else if (b->version[i] != strtoll (PQgetvalue (r, k, 1), NULL, 10)) {
            b->stale++;
            s_row_error (b, row_nos[i], "version",
                         "version %lld of %s %s is stale; the current version is %s (export "
                         "again and make the change there)",
                         (long long)b->version[i], kind, id, PQgetvalue (r, k, 1));
        } else
            zhash_insert (where, id, here);
        bad[i] = b->row_bad;
    }
    zhash_destroy (&current);
    zhash_destroy (&where);
    PQclear (r);
    return 0;
}

//  A row's values and lists while its cells are checked.
typedef struct {
    const char *value[64];                     //  the kind's fields, staging order; NULL: empty
    bool failed[64];                           //  the field's cell had an error
    char bufs[64][24];                         //  numbers and CVR numbers, formatted
    s_str_t drel, dterm, dlevel, aname, atype; //  declarations, activities
    zhash_t *seen;                             //  declarations of the row
} s_row_t;

//  Check cell c of row i (row number row_no) into the row's values.
static void
s_check_cell (s_batch_t *b, s_row_t *r, uint32_t i, int64_t row_no, int c,
              const msgpack_object *cell)
{
    const s_column_t *col = &b->cols[c];
    const char *name = s_column_name (col);
    if (cell->type == MSGPACK_OBJECT_NIL)
        return;
    if (cell->type != MSGPACK_OBJECT_STR
        || sk_utf8_chars (cell->via.str.ptr, cell->via.str.size) > 4000
        || memchr (cell->via.str.ptr, 0, cell->via.str.size)) {
        s_row_error (b, row_no, name, "cell must be text of at most 4000 characters");
        return;
    }
    char *text = sk_call_printf (b->call, "%.*s", (int)cell->via.str.size, cell->via.str.ptr);
    //  A column is a field, a relation or a special one (begin refused others)
    if (col->special == S_COL_ID)
        b->party[i] = s_cell_number (b, row_no, name, text, INT64_MAX);
    else if (col->special == S_COL_VERSION)
        b->version[i] = s_cell_number (b, row_no, name, text, INT32_MAX);
    else if (col->special == S_COL_ACTIVITIES)
        s_cell_activities (b, row_no, text, &r->aname, &r->atype);
    else if (!col->field)
        s_cell_terms (b, row_no, col->relation, text, &r->drel, &r->dterm, &r->dlevel, r->seen);
    else {
        int slot = 0;
        while (b->fields[slot] != col->field)
            slot++;
        size_t before = zlist_size (b->errors);
        r->value[slot] =
            s_cell_value (b, row_no, col->field, text, r->bufs[slot], sizeof r->bufs[slot]);
        r->failed[slot] = zlist_size (b->errors) > before;
    }
}

//  Check row i (row number row_no) against the batch's columns. A good row
//  gives its values as a text[] literal in *vals and its declarations and
//  activities in *decl (the caller frees both), and the party it updates
//  in b->party[i] (0: it creates one); every row appends its CVR (or "")
//  to cvrs. True if the row is bad (its errors added to the batch's).
static bool
s_check_row (s_batch_t *b, const msgpack_object *row, uint32_t i, int64_t row_no, int cvr_slot,
             char **vals, char **decl, zlist_t *cvrs)
{
    b->row_bad = false;
    s_row_t r = { .seen = zhash_new () };
    s_str_t *lists[] = { &r.drel, &r.dterm, &r.dlevel, &r.aname, &r.atype };
    for (int k = 0; k < 5; k++)
        s_str_cat (lists[k], "{");
    bool shaped = row->type == MSGPACK_OBJECT_ARRAY && (int)row->via.array.size == b->ncols;
    if (row->type != MSGPACK_OBJECT_ARRAY)
        s_row_error (b, row_no, "", "row must be an array of cells");
    else if (!shaped)
        s_row_error (b, row_no, "", "has %u fields; the header has %d", row->via.array.size,
                     b->ncols);
    for (int c = 0; shaped && c < b->ncols; c++)
        s_check_cell (b, &r, i, row_no, c, &row->via.array.ptr[c]);
    for (int f = 0; shaped && f < b->nfields; f++)
        if ((b->fields[f]->required & b->kind) && !r.value[f] && !r.failed[f])
            s_row_error (b, row_no, b->fields[f]->name, "missing required value");
    if (b->party[i] > 0 && b->version[i] == 0)
        s_row_error (b, row_no, "version", "missing the version party %lld was exported at",
                     (long long)b->party[i]);
    if (b->party[i] <= 0)
        b->party[i] = b->version[i] = 0; //  a row without a party creates one
    zhash_destroy (&r.seen);
    for (int k = 0; k < 5; k++)
        s_str_cat (lists[k], "}");
    bool bad = b->row_bad;
    const char *cvr = cvr_slot >= 0 && r.value[cvr_slot] && !bad ? r.value[cvr_slot] : "";
    zlist_append (cvrs, (void *)cvr);
    zlist_append (b->names, (void *)(r.value[b->name_slot] && !bad ? r.value[b->name_slot] : ""));
    if (!bad) {
        s_str_t v = { 0 };
        s_str_cat (&v, "{");
        for (int f = 0; f < b->nfields; f++)
            s_str_element (&v, r.value[f]);
        s_str_cat (&v, "}");
        *vals = v.data;
        *decl = zsys_sprintf ("%s\t%s\t%s\t%s\t%s", r.drel.data, r.dterm.data, r.dlevel.data,
                              r.aname.data, r.atype.data);
    }
    for (int k = 0; k < 5; k++)
        free (lists[k]->data);
    return bad;
}

//  Stage the good rows of a batch: one INSERT of parallel arrays, and the
//  batch's counts. *good is set to their number. 0, or -1 with the call's
//  error set.
static int
s_stage (s_batch_t *b, const char *import_id, uint32_t nrows, const bool *bad,
         const int64_t *row_nos, char *const *vals, char *const *decl, zlist_t *cvrs, int *good_p)
{
    int rc = 0, good = 0;
    s_str_t nos = { 0 }, v = { 0 }, c = { 0 }, d = { 0 }, p = { 0 }, ver = { 0 };
    s_str_t *lists[] = { &nos, &v, &c, &d, &p, &ver };
    for (int k = 0; k < 6; k++)
        s_str_cat (lists[k], "{");
    char *cvr = (char *)zlist_first (cvrs);
    for (uint32_t i = 0; i < nrows; i++, cvr = (char *)zlist_next (cvrs)) {
        if (bad[i])
            continue;
        good++;
        char no[24];
        snprintf (no, sizeof no, "%lld", (long long)row_nos[i]);
        s_str_element (&nos, no);
        s_str_element (&v, vals[i]);
        s_str_element (&c, *cvr ? cvr : NULL);
        s_str_element (&d, decl[i]);
        s_str_element (&p, b->party[i] ? sk_call_itoa (b->call, b->party[i]) : NULL);
        s_str_element (&ver, b->party[i] ? sk_call_itoa (b->call, b->version[i]) : NULL);
    }
    for (int k = 0; k < 6; k++)
        s_str_cat (lists[k], "}");
    const char *params[] = {
        import_id, b->call->req->tenant, nos.data, v.data, c.data, d.data, p.data, ver.data
    };
    PGresult *r =
        good ? sk_call_sql (
            b->call,
            "INSERT INTO import_row (import_id, tenant, row_no, vals, cvr, "
            " decl_rel, decl_term, decl_level, act_name, act_type, party_id, version) "
            "SELECT $1, $2, n, v::text[], c, split_part(d, E'\\t', 1)::text[], "
            " split_part(d, E'\\t', 2)::integer[], split_part(d, E'\\t', 3)::smallint[], "
            " split_part(d, E'\\t', 4)::text[], split_part(d, E'\\t', 5)::integer[], p, ver "
            "FROM unnest($3::integer[], $4::text[], $5::text[], $6::text[], $7::bigint[], "
            " $8::integer[]) AS u(n, v, c, d, p, ver)",
            8, params)
             : NULL;
    if (good && !r)
        rc = -1;
    PQclear (r);
    if (rc == 0) {
        const char *counts[] = { import_id, sk_call_itoa (b->call, nrows),
                                 sk_call_itoa (b->call, nrows - good) };
        r = sk_call_sql (b->call,
                         "UPDATE import_batch SET rows = rows + $2, bad = bad + $3 WHERE id = $1",
                         3, counts);
        rc = r ? 0 : -1;
        PQclear (r);
    }
    for (int k = 0; k < 6; k++)
        free (lists[k]->data);
    *good_p = good;
    return rc;
}

//  The batch's reply: its counts and the first S_MAX_REPORTED errors.
static void
s_report (s_batch_t *b, uint32_t nrows, int good)
{
    uint32_t reported =
        zlist_size (b->errors) < S_MAX_REPORTED ? (uint32_t)zlist_size (b->errors) : S_MAX_REPORTED;
    sk_pack_map (&b->call->reply, 6);
    sk_pack_kint (&b->call->reply, "rows", nrows);
    sk_pack_kint (&b->call->reply, "good", good);
    sk_pack_kint (&b->call->reply, "bad", nrows - good);
    sk_pack_kint (&b->call->reply, "stale", b->stale);
    sk_pack_kint (&b->call->reply, "unreported", (int64_t)zlist_size (b->errors) - reported);
    sk_pack_str (&b->call->reply, "errors");
    sk_pack_array (&b->call->reply, reported);
    uint32_t k = 0;
    for (s_error_t *e = (s_error_t *)zlist_first (b->errors); e && k < reported;
         e = (s_error_t *)zlist_next (b->errors), k++) {
        sk_pack_map (&b->call->reply, 3);
        sk_pack_kint (&b->call->reply, "row", e->row);
        sk_pack_kstr (&b->call->reply, "column", e->column);
        sk_pack_kstr (&b->call->reply, "reason", e->reason);
    }
}

int
reg_import_rows (sk_call_t *call)
{
    static const char *keys[] = { "import", "first", "rows", "allow_duplicates", NULL };
    const char *import_id;
    bool allow_duplicates = false;
    int64_t first;
    const msgpack_object *rows;
    if (sk_call_known_keys (call, NULL, keys))
        return -1;
    PGresult *batch = s_load_batch (call, &import_id);
    if (!batch)
        return -1;
    s_batch_t b = { .call = call, .kind = sk_kind_parse (PQgetvalue (batch, 0, 0)) };
    //  The columns, as begin stored them: {name,has,...}
    char *columns = sk_call_strdup (call, PQgetvalue (batch, 0, 1));
    PQclear (batch);
    if (sk_call_int (call, NULL, "first", 2, INT32_MAX, true, &first) < 0
        || sk_call_array (call, NULL, "rows", S_MAX_ROWS, true, &rows) < 0
        || sk_call_bool (call, NULL, "allow_duplicates", false, &allow_duplicates) < 0)
        return -1;
    b.nfields = s_kind_fields (b.kind, b.fields);
    for (char *save = NULL, *c = strtok_r (columns + 1, ",}", &save); c && b.ncols < S_MAX_COLUMNS;
         c = strtok_r (NULL, ",}", &save))
        s_column (c, b.kind, &b.cols[b.ncols++]);
    b.area_ids = zhash_new ();
    b.area_names = zhash_new ();
    b.errors = zlist_new ();
    b.names = zlist_new ();
    zlist_autofree (b.names);
    while (strcmp (b.fields[b.name_slot]->name, "name"))
        b.name_slot++;
    uint32_t nrows = rows->via.array.size;
    bool *bad = (bool *)calloc (nrows + 1, sizeof (bool));
    b.party = (int64_t *)calloc (nrows + 1, sizeof (int64_t));
    b.version = (int64_t *)calloc (nrows + 1, sizeof (int64_t));
    int64_t *row_nos = (int64_t *)calloc (nrows + 1, sizeof (int64_t));
    char **vals = (char **)calloc (nrows + 1, sizeof (char *));
    char **decl = (char **)calloc (nrows + 1, sizeof (char *));
    zlist_t *cvrs = zlist_new ();
    zlist_autofree (cvrs);
    int rc = s_batch_load_lookups (&b);
    int cvr_slot = -1;
    for (int f = 0; f < b.nfields; f++)
        if (b.fields[f]->type == SK_FIELD_CVR)
            cvr_slot = f;

    for (uint32_t i = 0; i < nrows && rc == 0; i++) {
        const msgpack_object *row = &rows->via.array.ptr[i];
        row_nos[i] = first + i;
        bad[i] = s_check_row (&b, row, i, row_nos[i], cvr_slot, &vals[i], &decl[i], cvrs);
    }
    if (rc == 0)
        rc = s_check_parties (&b, import_id, nrows, bad, row_nos);
    if (rc == 0)
        rc = s_check_cvrs (&b, import_id, cvrs, bad, row_nos);
    if (rc == 0 && !allow_duplicates)
        rc = s_check_names (&b, bad, row_nos);

    int good = 0;
    if (rc == 0)
        rc = s_stage (&b, import_id, nrows, bad, row_nos, vals, decl, cvrs, &good);
    if (rc == 0)
        s_report (&b, nrows, good);
    for (uint32_t i = 0; i < nrows; i++) {
        free (vals[i]);
        zstr_free (&decl[i]);
    }
    free (vals);
    free (decl);
    free (bad);
    free (b.party);
    free (b.version);
    free (row_nos);
    zlist_destroy (&cvrs);
    zlist_destroy (&b.names);
    reg_terms_destroy (&b.terms);
    zhash_destroy (&b.area_ids);
    zhash_destroy (&b.area_names);
    PQclear (b.areas);
    s_error_t *e;
    while ((e = (s_error_t *)zlist_pop (b.errors)))
        free (e);
    zlist_destroy (&b.errors);
    return rc;
}

//  Emit topic for each party of r (rows of reg_party_columns, public fields
//  only, as registry.KIND.create or update would): packed here, appended to
//  the outbox in one statement with gap-free seqs. Clears r.
static int
s_emit_rows (sk_call_t *call, const char *topic, PGresult *r)
{
    int n = PQntuples (r);
    sk_pack_t p;
    sk_pack_init (&p);
    int rc = reg_party_pack (call, &p, r, true);
    PQclear (r);
    //  Split the packed array into its maps: walk past the array header,
    //  then let msgpack find where each element ends
    s_str_t hex = { 0 };
    s_str_cat (&hex, "{");
    const uint8_t *data = (const uint8_t *)p.buf.data;
    size_t off = data[0] == 0xdc ? 3 : data[0] == 0xdd ? 5 : 1;
    msgpack_unpacked u;
    msgpack_unpacked_init (&u);
    for (int i = 0; rc == 0 && i < n; i++) {
        size_t start = off;
        if (msgpack_unpack_next (&u, p.buf.data, p.buf.size, &off) != MSGPACK_UNPACK_SUCCESS) {
            rc = sk_call_fail (call, "internal", NULL, "could not split events");
            break;
        }
        //  Hex needs no quoting in an array literal
        static const char digits[] = "0123456789abcdef";
        if (i)
            s_str_add (&hex, ",", 1);
        for (size_t k = start; k < off; k++) {
            char pair[2] = { digits[data[k] >> 4], digits[data[k] & 15] };
            s_str_add (&hex, pair, 2);
        }
    }
    msgpack_unpacked_destroy (&u);
    s_str_cat (&hex, "}");
    sk_pack_release (&p);
    if (rc == 0 && n) {
        const char *params[] = { sk_call_itoa (call, n), topic, call->req->tenant, hex.data };
        rc = sk_call_exec (call,
                           "WITH s AS (UPDATE outbox_seq SET last = last + $1 RETURNING last) "
                           "INSERT INTO outbox (seq, topic, tenant, body) "
                           "SELECT s.last - $1 + u.o, $2, $3, decode(u.b, 'hex') "
                           "FROM s, unnest($4::text[]) WITH ORDINALITY AS u(b, o)",
                           4, params);
    }
    free (hex.data);
    return rc ? -1 : 0;
}

//  Emit registry.KIND.created for the parties with ids first..last, in
//  chunks of S_EVENT_CHUNK.
static int
s_emit_created (sk_call_t *call, const char *kind, int64_t first, int64_t last)
{
    char *topic = sk_call_printf (call, "registry.%s.created", kind);
    char *sql =
        sk_call_printf (call, "SELECT %s FROM party p WHERE p.id BETWEEN $1 AND $2 ORDER BY p.id",
                        reg_party_columns ());
    for (int64_t lo = first; lo <= last; lo += S_EVENT_CHUNK) {
        int64_t hi = lo + S_EVENT_CHUNK - 1 < last ? lo + S_EVENT_CHUNK - 1 : last;
        const char *range[] = { sk_call_itoa (call, lo), sk_call_itoa (call, hi) };
        PGresult *r = sk_call_sql (call, sql, 2, range);
        if (!r || s_emit_rows (call, topic, r))
            return -1;
    }
    return 0;
}

//  Emit registry.KIND.updated for the parties the import's staged rows
//  update, in chunks of S_EVENT_CHUNK in id order.
static int
s_emit_updated (sk_call_t *call, const char *import_id, const char *kind)
{
    char *topic = sk_call_printf (call, "registry.%s.updated", kind);
    char *sql = sk_call_printf (call,
                                "SELECT %s FROM party p JOIN import_row r ON r.party_id = p.id "
                                "WHERE r.import_id = $1 AND r.party_id > $2 ORDER BY p.id LIMIT %d",
                                reg_party_columns (), S_EVENT_CHUNK);
    const char *after = "0";
    while (true) {
        const char *params[] = { import_id, after };
        PGresult *r = sk_call_sql (call, sql, 2, params);
        if (!r)
            return -1;
        int n = PQntuples (r);
        if (n)
            after = sk_call_strdup (call, PQgetvalue (r, n - 1, 0));
        if (s_emit_rows (call, topic, r))
            return -1;
        if (n < S_EVENT_CHUNK)
            return 0;
    }
}

//  The SQL an update of staged rows needs, from the file's columns: the
//  SET list of its fields, their old and new values as rows (to find the
//  rows that change nothing), the relations it declares, and whether it
//  gives activities.
typedef struct {
    char *sets, *olds, *news;
    char *relations; //  an array literal
    bool activities;
} s_update_sql_t;

static void
s_update_sql (sk_call_t *call, sk_kind_t kind, char *columns, s_update_sql_t *u)
{
    const sk_field_t *fields[64];
    int nfields = s_kind_fields (kind, fields);
    u->sets = sk_call_strdup (call, "version = p.version + 1, updated_at = now()");
    u->olds = sk_call_strdup (call, "ROW (NULL");
    u->news = sk_call_strdup (call, "ROW (NULL");
    u->relations = sk_call_strdup (call, "{");
    u->activities = false;
    for (char *save = NULL, *c = strtok_r (columns + 1, ",}", &save); c;
         c = strtok_r (NULL, ",}", &save)) {
        s_column_t col;
        if (s_column (c, kind, &col))
            continue;
        u->activities |= col.special == S_COL_ACTIVITIES;
        if (col.relation)
            u->relations = sk_call_printf (call, "%s%s%s", u->relations, u->relations[1] ? "," : "",
                                           col.relation->relation);
        for (int f = 0; col.field && f < nfields; f++) {
            if (fields[f] != col.field)
                continue;
            const char *cast = col.field->type == SK_FIELD_INT    ? "::bigint"
                               : col.field->type == SK_FIELD_BOOL ? "::boolean"
                                                                  : "";
            u->sets = sk_call_printf (call, "%s, %s = r.vals[%d]%s", u->sets, col.field->name,
                                      f + 1, cast);
            u->olds = sk_call_printf (call, "%s, p.%s", u->olds, col.field->name);
            u->news = sk_call_printf (call, "%s, r.vals[%d]%s", u->news, f + 1, cast);
        }
    }
    u->relations = sk_call_printf (call, "%s}", u->relations);
    u->olds = sk_call_printf (call, "%s)", u->olds);
    u->news = sk_call_printf (call, "%s)", u->news);
}

//  A failed write of parties: a unique violation is a CVR number of the
//  file that another company took meanwhile. -1.
static int
s_cvr_conflict (sk_call_t *call)
{
    if (streq (call->err.code, "conflict"))
        sk_call_fail (call, "conflict", "cvr",
                      "a company with a CVR number of the file was registered meanwhile; "
                      "nothing was imported");
    return -1;
}

//  A party's declarations of the relations $2, and a staged row's, as text
//  that is equal when they are; the same for activities.
#define S_DECLARED                                                                                 \
    "coalesce ((SELECT string_agg (d.relation || ':' || d.term_id || ':' || d.level, ',' "         \
    "ORDER BY d.relation || ':' || d.term_id) FROM declaration d WHERE d.party_id = p.id "         \
    "AND d.relation = ANY ($2::text[])), '')"
#define S_STAGED                                                                                   \
    "coalesce ((SELECT string_agg (u.rel || ':' || u.term || ':' || u.lvl, ',' "                   \
    "ORDER BY u.rel || ':' || u.term) FROM unnest (r.decl_rel, r.decl_term, r.decl_level) "        \
    "AS u (rel, term, lvl) WHERE u.rel = ANY ($2::text[])), '')"
#define S_ACTS_NOW                                                                                 \
    "coalesce ((SELECT string_agg (DISTINCT a.name || E'\\t' || coalesce (a.type_id::text, ''), "  \
    "E'\\n' ORDER BY a.name || E'\\t' || coalesce (a.type_id::text, '')) FROM activity a "         \
    "WHERE a.party_id = p.id), '')"
#define S_ACTS_STAGED                                                                              \
    "coalesce ((SELECT string_agg (DISTINCT x.n || E'\\t' || coalesce (x.t::text, ''), E'\\n' "    \
    "ORDER BY x.n || E'\\t' || coalesce (x.t::text, '')) FROM unnest (r.act_name, r.act_type) "    \
    "AS x (n, t)), '')"

//  The condition that staged row r changes nothing of party p, with the
//  relations of the file as $2 and whether it has activities as $3.
static const char *
s_unchanged (sk_call_t *call, const s_update_sql_t *u)
{
    return sk_call_printf (call,
                           "%s IS NOT DISTINCT FROM %s AND " S_DECLARED " = " S_STAGED
                           " AND (NOT $3 OR " S_ACTS_NOW " = " S_ACTS_STAGED ")",
                           u->olds, u->news);
}

//  Long because: the staged rows that update parties are checked again
//  under the lock, those that change nothing dropped, and the rest written
//  as registry.KIND.update would (the file's fields, the relations it
//  declares, its activities), one statement each, with their events.
static int
s_commit_updates (sk_call_t *call, const char *import_id, sk_kind_t kind, char *columns,
                  int64_t *updated, int64_t *unchanged)
{
    const char *kind_name = sk_kind_name (kind);
    s_update_sql_t u;
    s_update_sql (call, kind, columns, &u);
    //  A party changed since its row was checked: nothing is imported
    const char *params[] = { import_id, u.relations };
    PGresult *r = sk_call_sql (
        call,
        "SELECT r.row_no, r.party_id, p.version, p.archived_at IS NOT NULL FROM import_row r "
        "LEFT JOIN party p ON p.id = r.party_id AND p.kind = $2 WHERE r.import_id = $1 "
        "AND r.party_id IS NOT NULL AND (p.id IS NULL OR p.version <> r.version "
        "OR p.archived_at IS NOT NULL) ORDER BY r.row_no LIMIT 1",
        2, (const char *[]){ import_id, kind_name });
    if (!r)
        return -1;
    if (PQntuples (r)) {
        sk_call_fail (call, "conflict", "version",
                      "%s %s of row %s was changed meanwhile (its version is now %s); nothing "
                      "was imported",
                      kind_name, PQgetvalue (r, 0, 1), PQgetvalue (r, 0, 0),
                      PQgetisnull (r, 0, 2) ? "gone" : PQgetvalue (r, 0, 2));
        PQclear (r);
        return -1;
    }
    PQclear (r);
    //  Rows that change nothing change no version and send no event
    r = sk_call_sql (call,
                     sk_call_printf (call,
                                     "WITH d AS (DELETE FROM import_row r USING party p WHERE "
                                     "r.import_id = $1 AND r.party_id IS NOT NULL "
                                     "AND p.id = r.party_id AND %s RETURNING 1) "
                                     "SELECT count(*) FROM d",
                                     s_unchanged (call, &u)),
                     3,
                     (const char *[]){ import_id, u.relations, u.activities ? "true" : "false" });
    if (!r)
        return -1;
    *unchanged = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    PQclear (r);
    r = sk_call_sql (call,
                     sk_call_printf (call,
                                     "UPDATE party p SET %s FROM import_row r WHERE "
                                     "r.import_id = $1 AND r.party_id IS NOT NULL "
                                     "AND p.id = r.party_id",
                                     u.sets),
                     1, params);
    if (!r)
        return s_cvr_conflict (call);
    *updated = strtoll (PQcmdTuples (r), NULL, 10);
    PQclear (r);
    if (!*updated)
        return 0;
    if (!streq (u.relations, "{}")
        && (sk_call_exec (call,
                          "DELETE FROM declaration d USING import_row r WHERE r.import_id = $1 "
                          "AND d.party_id = r.party_id AND d.relation = ANY ($2::text[])",
                          2, params)
            || sk_call_exec (call,
                             "INSERT INTO declaration (party_id, tenant, relation, term_id, level) "
                             "SELECT r.party_id, r.tenant, u.rel, u.term, u.lvl FROM import_row r, "
                             "unnest (r.decl_rel, r.decl_term, r.decl_level) AS u (rel, term, lvl) "
                             "WHERE r.import_id = $1 AND r.party_id IS NOT NULL "
                             "AND u.rel = ANY ($2::text[])",
                             2, params)))
        return -1;
    //  Activities the file keeps keep their description and target groups
    if (u.activities
        && (sk_call_exec (call,
                          "DELETE FROM activity a USING import_row r WHERE r.import_id = $1 "
                          "AND a.party_id = r.party_id AND NOT EXISTS (SELECT 1 FROM unnest "
                          "(r.act_name, r.act_type) AS x (n, t) WHERE x.n = a.name "
                          "AND x.t IS NOT DISTINCT FROM a.type_id)",
                          1, params)
            || sk_call_exec (call,
                             "INSERT INTO activity (party_id, tenant, name, type_id) "
                             "SELECT r.party_id, r.tenant, x.n, x.t FROM import_row r, unnest "
                             "(r.act_name, r.act_type) WITH ORDINALITY AS x (n, t, o) "
                             "WHERE r.import_id = $1 AND r.party_id IS NOT NULL AND NOT EXISTS "
                             "(SELECT 1 FROM activity a WHERE a.party_id = r.party_id "
                             "AND a.name = x.n AND a.type_id IS NOT DISTINCT FROM x.t) "
                             "ORDER BY r.row_no, x.o",
                             1, params)))
        return -1;
    return s_emit_updated (call, import_id, kind_name);
}

//  Insert the staged rows that create parties, with the ids first.. in row
//  order: the parties, their declarations and activities. 0 or -1.
static int
s_commit_creates (sk_call_t *call, const char *import_id, const char *kind_name, int64_t first,
                  bool activities)
{
    //  Ids in row order, so events and replies follow the file
    const sk_field_t *fields[64];
    int nfields = s_kind_fields (sk_kind_parse (kind_name), fields);
    char *cols = sk_call_strdup (call, "id, tenant, kind");
    char *vals = sk_call_strdup (call, "r.new_id, r.tenant, $2::text");
    for (int f = 0; f < nfields; f++) {
        const char *cast = fields[f]->type == SK_FIELD_INT    ? "::bigint"
                           : fields[f]->type == SK_FIELD_BOOL ? "::boolean"
                                                              : "";
        cols = sk_call_printf (call, "%s, %s", cols, fields[f]->name);
        vals = sk_call_printf (call, "%s, r.vals[%d]%s", vals, f + 1, cast);
    }
    const char *block[] = { import_id, kind_name, sk_call_itoa (call, first) };
    //  The history rows and search documents of all the rows are written
    //  by the statement's trigger (014), each in one statement
    PGresult *r = sk_call_sql (
        call,
        sk_call_printf (
            call,
            "INSERT INTO party (%s) OVERRIDING SYSTEM VALUE SELECT %s "
            "FROM (SELECT *, $3::bigint - 1 + row_number() OVER (ORDER BY row_no) AS new_id "
            " FROM import_row WHERE import_id = $1 AND party_id IS NULL) AS r ORDER BY r.row_no",
            cols, vals),
        3, block);
    if (!r)
        return s_cvr_conflict (call);
    PQclear (r);
    const char *ids[] = { import_id, sk_call_itoa (call, first) };
    if (sk_call_exec (call,
                      "INSERT INTO declaration (party_id, tenant, relation, term_id, level) "
                      "SELECT r.new_id, r.tenant, d.rel, d.term, d.level "
                      "FROM (SELECT tenant, decl_rel, decl_term, decl_level, "
                      " $2::bigint - 1 + row_number() OVER (ORDER BY row_no) AS new_id "
                      " FROM import_row WHERE import_id = $1 AND party_id IS NULL) AS r, "
                      "unnest(r.decl_rel, r.decl_term, r.decl_level) AS d(rel, term, level)",
                      2, ids))
        return -1;
    if (activities
        && sk_call_exec (call,
                         "INSERT INTO activity (party_id, tenant, name, type_id) "
                         "SELECT r.new_id, r.tenant, x.n, x.t "
                         "FROM (SELECT tenant, act_name, act_type, row_no, "
                         " $2::bigint - 1 + row_number() OVER (ORDER BY row_no) AS new_id "
                         " FROM import_row WHERE import_id = $1 AND party_id IS NULL) AS r, "
                         "unnest (r.act_name, r.act_type) WITH ORDINALITY AS x (n, t, o) "
                         "ORDER BY r.row_no, x.o",
                         2, ids))
        return -1;
    return 0;
}

//  Long because: the staged rows become parties (new or updated),
//  declarations, activities, events and the batch's close in one
//  transaction with one block of ids for the new ones, which every
//  statement addresses; each step is one statement or one function.
int
reg_import_commit (sk_call_t *call)
{
    static const char *keys[] = { "import", "good_rows", NULL };
    const char *import_id;
    bool good_rows = false;
    if (sk_call_known_keys (call, NULL, keys)
        || sk_call_bool (call, NULL, "good_rows", false, &good_rows) < 0)
        return -1;
    PGresult *batch = s_load_batch (call, &import_id);
    if (!batch)
        return -1;
    const char *kind_name = sk_call_strdup (call, PQgetvalue (batch, 0, 0));
    char *columns = sk_call_strdup (call, PQgetvalue (batch, 0, 1));
    int64_t rows = strtoll (PQgetvalue (batch, 0, 3), NULL, 10);
    int64_t bad = strtoll (PQgetvalue (batch, 0, 4), NULL, 10);
    PQclear (batch);
    if (bad && !good_rows)
        return sk_call_fail (call, "conflict", "good_rows",
                             "import %s has %lld bad rows of %lld; nothing was "
                             "imported",
                             import_id, (long long)bad, (long long)rows);
    if (reg_actor (call))
        return -1;
    s_update_sql_t u;
    s_update_sql (call, sk_kind_parse (kind_name), sk_call_strdup (call, columns), &u);
    //  Reserve one block of ids, in row order: no other insert into party
    //  runs while this transaction holds the lock, so the block is ours and
    //  events and declarations can address the rows by id. The lock also
    //  keeps the versions of the parties updated as they were checked.
    const char *params[] = { import_id, kind_name };
    PGresult *r = sk_call_sql (call, "LOCK TABLE party IN SHARE ROW EXCLUSIVE MODE", 0, NULL);
    PQclear (r);
    r = r ? sk_call_sql (
            call,
            "WITH c AS (SELECT count(*) FILTER (WHERE party_id IS NULL) AS n, "
            " count(party_id) AS u FROM import_row WHERE import_id = $1), "
            "f AS (SELECT nextval(pg_get_serial_sequence('party', 'id')) AS first) "
            "SELECT c.n, f.first, CASE WHEN c.n > 1 THEN setval(pg_get_serial_sequence("
            "'party', 'id'), f.first + c.n - 1) END, c.u FROM c, f",
            1, params)
          : NULL;
    if (!r)
        return -1;
    int64_t created = strtoll (PQgetvalue (r, 0, 0), NULL, 10);
    int64_t first = strtoll (PQgetvalue (r, 0, 1), NULL, 10);
    int64_t last = first + created - 1, updated = 0, unchanged = 0;
    bool updates = strtoll (PQgetvalue (r, 0, 3), NULL, 10) > 0;
    PQclear (r);
    if (!created)
        first = last = 0;
    if ((updates
         && s_commit_updates (call, import_id, sk_kind_parse (kind_name), columns, &updated,
                              &unchanged))
        || (created && s_commit_creates (call, import_id, kind_name, first, u.activities))
        || (created && s_emit_created (call, kind_name, first, last)))
        return -1;
    if (sk_call_exec (call,
                      "WITH d AS (DELETE FROM import_row WHERE import_id = $1) "
                      "UPDATE import_batch SET state = 'committed' WHERE id = $1",
                      1, params))
        return -1;
    sk_pack_t event;
    sk_pack_init (&event);
    sk_pack_map (&event, 8);
    sk_pack_kint (&event, "import", strtoll (import_id, NULL, 10));
    sk_pack_kstr (&event, "kind", kind_name);
    sk_pack_kint (&event, "created", created);
    sk_pack_kint (&event, "updated", updated);
    sk_pack_kint (&event, "unchanged", unchanged);
    sk_pack_kint (&event, "skipped", bad);
    sk_pack_kint (&event, "first", first);
    sk_pack_kint (&event, "last", last);
    return sk_call_event_reply (call, "registry.import.committed", &event);
}

int
reg_import_abort (sk_call_t *call)
{
    static const char *keys[] = { "import", NULL };
    const char *import_id;
    if (sk_call_known_keys (call, NULL, keys))
        return -1;
    PGresult *batch = s_load_batch (call, &import_id);
    if (!batch)
        return -1;
    s_update_sql_t u;
    s_update_sql (call, sk_kind_parse (PQgetvalue (batch, 0, 0)),
                  sk_call_strdup (call, PQgetvalue (batch, 0, 1)), &u);
    PQclear (batch);
    //  What a commit would do with the staged rows, for a dry run's report
    const char *params[] = { import_id, u.relations, u.activities ? "true" : "false" };
    PGresult *r = sk_call_sql (
        call,
        sk_call_printf (call,
                        "SELECT count(*) FILTER (WHERE r.party_id IS NULL), count(r.party_id), "
                        "count(*) FILTER (WHERE r.party_id IS NOT NULL AND %s) FROM import_row r "
                        "LEFT JOIN party p ON p.id = r.party_id WHERE r.import_id = $1",
                        s_unchanged (call, &u)),
        3, params);
    if (!r)
        return -1;
    int64_t would[3];
    for (int k = 0; k < 3; k++)
        would[k] = strtoll (PQgetvalue (r, 0, k), NULL, 10);
    PQclear (r);
    r = sk_call_sql (call,
                     "WITH d AS (DELETE FROM import_row WHERE import_id = $1) "
                     "UPDATE import_batch SET state = 'aborted' WHERE id = $1 "
                     "RETURNING rows, bad",
                     1, params);
    if (!r)
        return -1;
    sk_pack_map (&call->reply, 6);
    sk_pack_kint (&call->reply, "creates", would[0]);
    sk_pack_kint (&call->reply, "updates", would[1]);
    sk_pack_kint (&call->reply, "unchanged", would[2]);
    sk_pack_kint (&call->reply, "import", strtoll (import_id, NULL, 10));
    sk_pack_kint (&call->reply, "rows", strtoll (PQgetvalue (r, 0, 0), NULL, 10));
    sk_pack_kint (&call->reply, "bad", strtoll (PQgetvalue (r, 0, 1), NULL, 10));
    PQclear (r);
    return 0;
}
