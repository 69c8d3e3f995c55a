/*  matchjson.c: JSON front ends of the exact solver and the planner.

    Untrusted input: every field is checked for presence and type before it
    is used, and every error names the field, in the form
    "edges[3][2]: score must be a positive integer". See matchjson.h.
*/
#include "matchjson/matchjson.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "flow/flow.h"
#include "speeddate/speeddate.h"
#include "sk_mem.h"

//  One side of the instance: ids (borrowed from the JSON tree), their
//  capacities, and a hash index from id to position.
typedef struct {
    size_t count;     //  entries
    const char **ids; //  position -> id
    int64_t *caps;    //  position -> capacity / max_meetings
    int32_t *table;   //  open addressing: position + 1, 0 for empty
    size_t mask;      //  table size - 1
} side_t;

//  The pairs of an instance, as positions, and a hash set of them.
typedef struct {
    size_t count;    //  entries
    int32_t *left;   //  pair -> left position
    int32_t *right;  //  pair -> right position
    int64_t *value;  //  pair -> score / weight
    uint64_t *table; //  open addressing: key + 1, 0 for empty
    size_t mask;     //  table size - 1
} pairs_t;

//  Names used in messages, so one parser serves both file kinds.
typedef struct {
    const char *left_key;   //  "left" / "associations"
    const char *right_key;  //  "right" / "companies"
    const char *cap_key;    //  "capacity" / "max_meetings"
    const char *pairs_key;  //  "edges" / "interests"
    const char *left_name;  //  "left" / "association"
    const char *right_name; //  "right" / "company"
    const char *value_name; //  "score" / "weight"
    const char *pair_name;  //  "edge" / "interest"
} names_t;

static const names_t s_solve_names = { "left", "right", "capacity", "edges",
                                       "left", "right", "score",    "edge" };
static const names_t s_speeddate_names = {
    "associations", "companies", "max_meetings", "interests",
    "association",  "company",   "weight",       "interest"
};

//  Set *err_p to a formatted message (if err_p is not NULL); returns -1.
static int
s_fail (char **err_p, const char *format, ...)
{
    if (!err_p)
        return -1;
    va_list args;
    va_start (args, format);
    *err_p = sk_vasprintf (format, args);
    va_end (args);
    return -1;
}

double
matchjson_now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static uint64_t
s_hash_string (const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t
s_hash_u64 (uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static size_t
s_table_size (size_t count)
{
    size_t size = 16;
    while (size < count * 2)
        size *= 2;
    return size;
}

static void
s_side_free (side_t *side)
{
    free (side->ids);
    free (side->caps);
    free (side->table);
    memset (side, 0, sizeof *side);
}

//  Position of id in side, or -1.
static int32_t
s_side_find (side_t *side, const char *id)
{
    size_t k = s_hash_string (id) & side->mask;
    while (side->table[k]) {
        int32_t pos = side->table[k] - 1;
        if (strcmp (side->ids[pos], id) == 0)
            return pos;
        k = (k + 1) & side->mask;
    }
    return -1;
}

//  Read a non-negative integer member; -1 with a message if absent or bad.
static int
s_get_count (json_t *obj, const char *key, const char *where, int64_t *value_p, char **err_p)
{
    json_t *value = json_object_get (obj, key);
    if (!value)
        return s_fail (err_p, "%smissing \"%s\"", where, key);
    if (!json_is_integer (value) || json_integer_value (value) < 0)
        return s_fail (err_p, "%s\"%s\": must be a non-negative integer", where, key);
    *value_p = json_integer_value (value);
    return 0;
}

//  root[key], an array of at most max entries, in *array_p and its size in
//  *count_p; 0, or -1 with *err_p set.
static int
s_get_array (json_t *root, const char *key, int max, json_t **array_p, size_t *count_p,
             char **err_p)
{
    json_t *array = json_object_get (root, key);
    if (!array)
        return s_fail (err_p, "missing \"%s\"", key);
    if (!json_is_array (array))
        return s_fail (err_p, "\"%s\": must be an array", key);
    size_t count = json_array_size (array);
    if (count > (size_t)max)
        return s_fail (err_p, "\"%s\": too many entries (%zu, at most %d)", key, count, max);
    *array_p = array;
    *count_p = count;
    return 0;
}

//  Parse the array root[key] of {"id": .., cap_key: n} into side.
static int
s_parse_side (json_t *root, const char *key, const char *cap_key, side_t *side, char **err_p)
{
    json_t *array;
    size_t count;
    if (s_get_array (root, key, FLOW_MAX_NODES, &array, &count, err_p))
        return -1;
    side->count = count;
    side->ids = sk_calloc (count, sizeof (char *));
    side->caps = sk_calloc (count, sizeof (int64_t));
    size_t size = s_table_size (count);
    side->table = sk_calloc (size, sizeof (int32_t));
    side->mask = size - 1;
    for (size_t k = 0; k < count; k++) {
        json_t *entry = json_array_get (array, k);
        if (!json_is_object (entry))
            return s_fail (err_p, "%s[%zu]: must be an object", key, k);
        json_t *id = json_object_get (entry, "id");
        if (!id)
            return s_fail (err_p, "%s[%zu]: missing \"id\"", key, k);
        if (!json_is_string (id) || json_string_length (id) == 0)
            return s_fail (err_p, "%s[%zu].id: must be a non-empty string", key, k);
        const char *text = json_string_value (id);
        if (strlen (text) != json_string_length (id))
            return s_fail (err_p, "%s[%zu].id: must not contain NUL", key, k);
        json_t *cap = json_object_get (entry, cap_key);
        if (!cap)
            return s_fail (err_p, "%s[%zu]: missing \"%s\"", key, k, cap_key);
        if (!json_is_integer (cap) || json_integer_value (cap) < 0)
            return s_fail (err_p, "%s[%zu].%s: must be a non-negative integer", key, k, cap_key);
        if (s_side_find (side, text) >= 0)
            return s_fail (err_p, "%s[%zu]: duplicate id \"%s\"", key, k, text);
        side->ids[k] = text;
        side->caps[k] = json_integer_value (cap);
        size_t slot = s_hash_string (text) & side->mask;
        while (side->table[slot])
            slot = (slot + 1) & side->mask;
        side->table[slot] = (int32_t)k + 1;
    }
    return 0;
}

static void
s_pairs_free (pairs_t *pairs)
{
    free (pairs->left);
    free (pairs->right);
    free (pairs->value);
    free (pairs->table);
    memset (pairs, 0, sizeof *pairs);
}

//  Parse root[pairs_key] of [left_id, right_id, value] into pairs.
static int
s_parse_pairs (json_t *root, const names_t *names, side_t *left, side_t *right, pairs_t *pairs,
               char **err_p)
{
    const char *key = names->pairs_key;
    json_t *array;
    size_t count;
    if (s_get_array (root, key, FLOW_MAX_EDGES, &array, &count, err_p))
        return -1;
    pairs->count = count;
    pairs->left = sk_calloc (count, sizeof (int32_t));
    pairs->right = sk_calloc (count, sizeof (int32_t));
    pairs->value = sk_calloc (count, sizeof (int64_t));
    size_t size = s_table_size (count);
    pairs->table = sk_calloc (size, sizeof (uint64_t));
    pairs->mask = size - 1;
    for (size_t k = 0; k < count; k++) {
        json_t *entry = json_array_get (array, k);
        if (!json_is_array (entry) || json_array_size (entry) != 3)
            return s_fail (err_p, "%s[%zu]: must be an array [%s_id, %s_id, %s]", key, k,
                           names->left_name, names->right_name, names->value_name);
        int32_t pos[2];
        for (int side_no = 0; side_no < 2; side_no++) {
            json_t *id = json_array_get (entry, (size_t)side_no);
            const char *name = side_no ? names->right_name : names->left_name;
            if (!json_is_string (id))
                return s_fail (err_p, "%s[%zu][%d]: %s id must be a string", key, k, side_no, name);
            side_t *side = side_no ? right : left;
            pos[side_no] = s_side_find (side, json_string_value (id));
            if (pos[side_no] < 0)
                return s_fail (err_p, "%s[%zu][%d]: unknown %s id \"%s\"", key, k, side_no, name,
                               json_string_value (id));
        }
        json_t *value = json_array_get (entry, 2);
        if (!json_is_integer (value) || json_integer_value (value) <= 0)
            return s_fail (err_p, "%s[%zu][2]: %s must be a positive integer", key, k,
                           names->value_name);
        if (json_integer_value (value) > FLOW_MAX_SCORE)
            return s_fail (err_p, "%s[%zu][2]: %s must be at most %d", key, k, names->value_name,
                           FLOW_MAX_SCORE);
        uint64_t pair_key = ((uint64_t)pos[0] << 32 | (uint32_t)pos[1]) + 1;
        size_t slot = s_hash_u64 (pair_key) & pairs->mask;
        while (pairs->table[slot]) {
            if (pairs->table[slot] == pair_key)
                return s_fail (err_p, "%s[%zu]: duplicate %s \"%s\" - \"%s\"", key, k,
                               names->pair_name, left->ids[pos[0]], right->ids[pos[1]]);
            slot = (slot + 1) & pairs->mask;
        }
        pairs->table[slot] = pair_key;
        pairs->left[k] = pos[0];
        pairs->right[k] = pos[1];
        pairs->value[k] = json_integer_value (value);
    }
    return 0;
}

//  Load path as a JSON object; NULL with a message on failure.
static json_t *
s_load (const char *path, char **err_p)
{
    FILE *file = fopen (path, "rb");
    if (!file) {
        s_fail (err_p, "could not open file \"%s\": %s", path, strerror (errno));
        return NULL;
    }
    struct stat st;
    if (fstat (fileno (file), &st) == 0 && S_ISDIR (st.st_mode)) {
        s_fail (err_p, "could not read file \"%s\": is a directory", path);
        fclose (file);
        return NULL;
    }
    if (fstat (fileno (file), &st) == 0 && S_ISREG (st.st_mode)
        && st.st_size > MATCHJSON_MAX_FILE) {
        s_fail (err_p, "file \"%s\" too large: %lld bytes, at most %lld", path,
                (long long)st.st_size, (long long)MATCHJSON_MAX_FILE);
        fclose (file);
        return NULL;
    }
    json_error_t error;
    json_t *root = json_loadf (file, JSON_REJECT_DUPLICATES, &error);
    fclose (file);
    if (!root) {
        s_fail (err_p, "could not parse file \"%s\": line %d, column %d: %s", path, error.line,
                error.column, error.text);
        return NULL;
    }
    if (!json_is_object (root)) {
        s_fail (err_p,
                "could not parse file \"%s\": top level must be an "
                "object",
                path);
        json_decref (root);
        return NULL;
    }
    return root;
}

//  Write s as a JSON string.
static void
s_write_string (FILE *out, const char *s)
{
    fputc ('"', out);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            fputc ('\\', out);
            fputc (ch, out);
        } else if (ch < 0x20)
            fprintf (out, "\\u%04x", ch);
        else
            fputc (ch, out);
    }
    fputc ('"', out);
}

static void
s_write_pair (FILE *out, const char *left, const char *right)
{
    fputc ('[', out);
    s_write_string (out, left);
    fputs (", ", out);
    s_write_string (out, right);
    fputc (']', out);
}


//  --------------------------------------------------------------------------
//  Answers: the parsed instance (ids borrowed from the JSON tree it keeps)
//  and the chosen pairs, grouped by round for the planner.

struct _matchjson_answer_t {
    bool planner;      //  rounds of meetings rather than one list of pairs
    json_t *root;      //  the instance; owns the id strings
    side_t left;       //  left / associations
    side_t right;      //  right / companies
    pairs_t pairs;     //  edges / interests, in input order
    int64_t objective; //  total score / weight chosen
    size_t groups;     //  1 for the solver, R for the planner
    size_t *g_start;   //  group g holds g_list[g_start[g]..g_start[g+1])
    int32_t *g_list;   //  pair numbers, in input order within a group
};

//  Load and check the parts both file kinds share; NULL with a message.
static matchjson_answer_t *
s_answer_load (const char *path, bool planner, char **err_p)
{
    if (err_p)
        *err_p = NULL;
    json_t *root = s_load (path, err_p);
    if (!root)
        return NULL;
    matchjson_answer_t *self = sk_calloc (1, sizeof (matchjson_answer_t));
    self->planner = planner;
    self->root = root;
    return self;
}

//  Parse the sides and pairs of a loaded file; -1 with a message.
static int
s_answer_parse (matchjson_answer_t *self, const names_t *names, char **err_p)
{
    if (s_parse_side (self->root, names->left_key, names->cap_key, &self->left, err_p)
        || s_parse_side (self->root, names->right_key, names->cap_key, &self->right, err_p)
        || s_parse_pairs (self->root, names, &self->left, &self->right, &self->pairs, err_p))
        return -1;
    //  The duplicate check is done: the pair index is not needed any more
    free (self->pairs.table);
    self->pairs.table = NULL;
    if (self->left.count + self->right.count > FLOW_MAX_NODES)
        return s_fail (err_p, "instance too large: %zu %s and %s, at most %d",
                       self->left.count + self->right.count, names->left_key, names->right_key,
                       FLOW_MAX_NODES);
    return 0;
}


//  --------------------------------------------------------------------------
//  Read a solver file and solve it; see matchjson.h.

matchjson_answer_t *
matchjson_solve (const char *path, matchjson_timing_t *timing, char **err_p)
{
    double t0 = matchjson_now_ms ();
    matchjson_answer_t *self = s_answer_load (path, false, err_p);
    if (!self)
        return NULL;
    if (s_answer_parse (self, &s_solve_names, err_p)) {
        matchjson_answer_destroy (&self);
        return NULL;
    }
    double t1 = matchjson_now_ms ();
    flow_t *flow = flow_new (self->left.count, self->right.count);
    flow_reserve_edges (flow, self->pairs.count);
    for (size_t i = 0; i < self->left.count; i++)
        flow_set_left_capacity (flow, i, self->left.caps[i]);
    for (size_t j = 0; j < self->right.count; j++)
        flow_set_right_capacity (flow, j, self->right.caps[j]);
    for (size_t k = 0; k < self->pairs.count; k++)
        flow_add_edge (flow, (size_t)self->pairs.left[k], (size_t)self->pairs.right[k],
                       self->pairs.value[k]);
    double t2 = matchjson_now_ms ();
    flow_solve (flow);
    double t3 = matchjson_now_ms ();
    self->objective = flow_objective (flow);
    self->groups = 1;
    self->g_start = sk_calloc (2, sizeof (size_t));
    self->g_list = sk_calloc (flow_chosen_count (flow), sizeof (int32_t));
    for (size_t k = 0; k < self->pairs.count; k++)
        if (flow_edge_chosen (flow, k))
            self->g_list[self->g_start[1]++] = (int32_t)k;
    flow_destroy (&flow);
    if (timing) {
        timing->parse_ms = t1 - t0;
        timing->build_ms = t2 - t1;
        timing->solve_ms = t3 - t2;
    }
    return self;
}


//  --------------------------------------------------------------------------
//  Read a planner file and plan the evening; see matchjson.h.

matchjson_answer_t *
matchjson_plan (const char *path, matchjson_timing_t *timing, char **err_p)
{
    double t0 = matchjson_now_ms ();
    matchjson_answer_t *self = s_answer_load (path, true, err_p);
    if (!self)
        return NULL;
    int64_t rounds = 0, tables = 0;
    if (s_get_count (self->root, "rounds", "", &rounds, err_p)
        || s_get_count (self->root, "tables", "", &tables, err_p)) {
        matchjson_answer_destroy (&self);
        return NULL;
    }
    if (rounds > SPEEDDATE_MAX_ROUNDS) {
        s_fail (err_p, "\"rounds\": must be at most %d", SPEEDDATE_MAX_ROUNDS);
        matchjson_answer_destroy (&self);
        return NULL;
    }
    if (tables > SPEEDDATE_MAX_TABLES) {
        s_fail (err_p, "\"tables\": must be at most %d", SPEEDDATE_MAX_TABLES);
        matchjson_answer_destroy (&self);
        return NULL;
    }
    if (s_answer_parse (self, &s_speeddate_names, err_p)) {
        matchjson_answer_destroy (&self);
        return NULL;
    }
    double t1 = matchjson_now_ms ();
    speeddate_t *event =
        speeddate_new ((size_t)rounds, (size_t)tables, self->left.count, self->right.count);
    if (!event) {
        s_fail (err_p,
                "instance too large: %zu participants over %" PRId64
                " rounds, at most %d participant-rounds",
                self->left.count + self->right.count, rounds, SPEEDDATE_MAX_CELLS);
        matchjson_answer_destroy (&self);
        return NULL;
    }
    for (size_t a = 0; a < self->left.count; a++)
        speeddate_set_association_max (event, a, self->left.caps[a]);
    for (size_t c = 0; c < self->right.count; c++)
        speeddate_set_company_max (event, c, self->right.caps[c]);
    for (size_t k = 0; k < self->pairs.count; k++)
        speeddate_add_interest (event, (size_t)self->pairs.left[k], (size_t)self->pairs.right[k],
                                self->pairs.value[k]);
    double t2 = matchjson_now_ms ();
    speeddate_plan (event); //  duplicates were rejected above
    double t3 = matchjson_now_ms ();
    self->objective = speeddate_objective (event);
    self->groups = (size_t)rounds;
    self->g_start = sk_calloc (self->groups + 1, sizeof (size_t));
    self->g_list = sk_calloc (speeddate_meeting_count (event), sizeof (int32_t));
    size_t n = 0;
    for (size_t r = 0; r < self->groups; r++) {
        size_t size = speeddate_round_size (event, r);
        for (size_t k = 0; k < size; k++)
            self->g_list[n++] = (int32_t)speeddate_round_meeting (event, r, k);
        self->g_start[r + 1] = n;
    }
    speeddate_destroy (&event);
    if (timing) {
        timing->parse_ms = t1 - t0;
        timing->build_ms = t2 - t1;
        timing->solve_ms = t3 - t2;
    }
    return self;
}


//  --------------------------------------------------------------------------
//  Destroy an answer and null the caller's pointer.

void
matchjson_answer_destroy (matchjson_answer_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    matchjson_answer_t *self = *self_p;
    s_side_free (&self->left);
    s_side_free (&self->right);
    s_pairs_free (&self->pairs);
    free (self->g_start);
    free (self->g_list);
    json_decref (self->root);
    free (self);
    *self_p = NULL;
}


//  --------------------------------------------------------------------------
//  Accessors; see matchjson.h.

int64_t
matchjson_answer_objective (matchjson_answer_t *self)
{
    return self->objective;
}

size_t
matchjson_answer_groups (matchjson_answer_t *self)
{
    return self->groups;
}

size_t
matchjson_answer_group_size (matchjson_answer_t *self, size_t group)
{
    if (group >= self->groups)
        return 0;
    return self->g_start[group + 1] - self->g_start[group];
}

int64_t
matchjson_answer_pair (matchjson_answer_t *self, size_t group, size_t k, const char **left_p,
                       const char **right_p)
{
    int32_t pair = self->g_list[self->g_start[group] + k];
    *left_p = self->left.ids[self->pairs.left[pair]];
    *right_p = self->right.ids[self->pairs.right[pair]];
    return self->pairs.value[pair];
}


//  --------------------------------------------------------------------------
//  Write the answer as JSON; see matchjson.h.

void
matchjson_answer_write_json (matchjson_answer_t *self, FILE *out)
{
    fprintf (out, "{\n  \"objective\": %" PRId64 ",\n  \"%s\": [", self->objective,
             self->planner ? "rounds" : "pairs");
    const char *left, *right;
    if (!self->planner) {
        size_t size = matchjson_answer_group_size (self, 0);
        for (size_t k = 0; k < size; k++) {
            matchjson_answer_pair (self, 0, k, &left, &right);
            fputs (k ? ",\n    " : "\n    ", out);
            s_write_pair (out, left, right);
        }
        fputs (size ? "\n  ]\n}\n" : "]\n}\n", out);
    } else {
        for (size_t r = 0; r < self->groups; r++) {
            fputs (r ? ",\n    [" : "\n    [", out);
            size_t size = matchjson_answer_group_size (self, r);
            for (size_t k = 0; k < size; k++) {
                matchjson_answer_pair (self, r, k, &left, &right);
                if (k)
                    fputs (", ", out);
                s_write_pair (out, left, right);
            }
            fputc (']', out);
        }
        fputs (self->groups ? "\n  ]\n}\n" : "]\n}\n", out);
    }
    fflush (out);
}


//  --------------------------------------------------------------------------
//  Read, solve or plan, and write JSON in one call; see matchjson.h.

//  Write an answer (NULL: the read failed) and destroy it; 0 or -1.
static int
s_write_answer (matchjson_answer_t *answer, FILE *out)
{
    if (!answer)
        return -1;
    matchjson_answer_write_json (answer, out);
    matchjson_answer_destroy (&answer);
    return 0;
}

int
matchjson_solve_file (const char *path, FILE *out, char **err_p)
{
    return s_write_answer (matchjson_solve (path, NULL, err_p), out);
}

int
matchjson_plan_file (const char *path, FILE *out, char **err_p)
{
    return s_write_answer (matchjson_plan (path, NULL, err_p), out);
}
