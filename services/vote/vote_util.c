/*  vote_util.c: voter codes, receipts, row packing and process loading. */
#include <czmq.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "vote_svc.h"

static uint8_t s_code_key[VOTE_KEY_BYTES];
static bool s_code_key_set;

static const char s_crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int
vote_code_key_load (sk_config_t *config)
{
    if (sodium_init () < 0) {
        sk_error ("could not initialise libsodium");
        return -1;
    }
    const char *hex = sk_config_get (config, "vote/code_key", NULL);
    if (hex) {
        size_t bin_len;
        if (strlen (hex) != 2 * VOTE_KEY_BYTES
            || sodium_hex2bin (s_code_key, VOTE_KEY_BYTES, hex, strlen (hex), NULL, &bin_len, NULL)
            || bin_len != VOTE_KEY_BYTES) {
            sk_error ("setting \"vote/code_key\" must be 64 hexadecimal digits");
            return -1;
        }
        s_code_key_set = true;
        return 0;
    }
    if (sk_config_key (config, "vote/code_key_file",
                       "deploy/local/stack.sh writes one to keys/vote.code_key; or set "
                       "SAMSKAB_VOTE_CODE_KEY",
                       s_code_key))
        return -1;
    s_code_key_set = true;
    return 0;
}

static int
s_symbol_value (int c)
{
    c = toupper (c);
    if (c == 'I' || c == 'L')
        c = '1';
    else if (c == 'O')
        c = '0';
    const char *p = c ? strchr (s_crockford, c) : NULL;
    return p ? (int)(p - s_crockford) : -1;
}

//  Multiplication by x in GF(32) = GF(2)[x] / (x^5 + x^2 + 1).
static int
s_times_x (int v)
{
    return ((v << 1) & 0x1F) ^ (v & 0x10 ? 0x05 : 0);
}

//  Damm's check over the quasigroup a * b = x a + b of GF(32): run over
//  the symbols; a code is valid when the run over all ten ends at 0. This
//  catches every single substitution and every swap of two neighbours.
static int
s_damm (const int *values, int n)
{
    int interim = 0;
    for (int i = 0; i < n; i++)
        interim = s_times_x (interim) ^ values[i];
    return interim;
}

//  The check symbol of nine symbol values: the one that brings the run to 0.
static char
s_check (const int *values)
{
    return s_crockford[s_times_x (s_damm (values, 9))];
}

void
vote_code_make (char *code)
{
    int values[9];
    for (int i = 0; i < 9; i++)
        values[i] = (int)randombytes_uniform (32);
    int k = 0;
    for (int i = 0; i < 9; i++) {
        if (i == 5)
            code[k++] = '-';
        code[k++] = s_crockford[values[i]];
    }
    code[k++] = s_check (values);
    code[k] = 0;
}

int
vote_code_normalise (const char *code, char *out)
{
    int values[10], n = 0;
    for (const char *c = code; *c; c++) {
        if (*c == '-' || *c == ' ')
            continue;
        int v = s_symbol_value ((unsigned char)*c);
        if (v < 0 || n == 10)
            return -1;
        values[n++] = v;
    }
    if (n != 10 || s_damm (values, 10) != 0)
        return -1;
    for (int i = 0; i < 10; i++)
        out[i] = s_crockford[values[i]];
    out[10] = 0;
    return 0;
}

void
vote_code_hash (int64_t process, const char *code, uint8_t hash[crypto_generichash_BYTES])
{
    assert (s_code_key_set);
    char text[64];
    int len = snprintf (text, sizeof text, "%lld:%s", (long long)process, code);
    crypto_generichash (hash, crypto_generichash_BYTES, (const unsigned char *)text, (size_t)len,
                        s_code_key, sizeof s_code_key);
}

//  80 bits as 16 Crockford symbols in groups of four.
static void
s_receipt_text (const uint8_t *bits, char *receipt)
{
    int k = 0;
    for (int i = 0; i < 16; i++) {
        int bit = i * 5, v = 0;
        for (int b = 0; b < 5; b++, bit++)
            v = (v << 1) | ((bits[bit / 8] >> (7 - bit % 8)) & 1);
        if (i && i % 4 == 0)
            receipt[k++] = '-';
        receipt[k++] = s_crockford[v];
    }
    receipt[k] = 0;
}

void
vote_receipt_from_nonce (const char *nonce, char *receipt)
{
    uint8_t hash[16];
    crypto_generichash (hash, sizeof hash, (const unsigned char *)nonce, strlen (nonce), NULL, 0);
    s_receipt_text (hash, receipt);
}

void
vote_receipt_random (char *receipt)
{
    uint8_t bits[10];
    randombytes_buf (bits, sizeof bits);
    s_receipt_text (bits, receipt);
}

//  --------------------------------------------------------------------------
//  Rows

int64_t *
vote_int_array_parse (const char *text, int *count)
{
    if (*text++ != '{')
        return NULL;
    int n = *text && *text != '}' ? 1 : 0;
    for (const char *c = text; *c; c++)
        n += *c == ',';
    int64_t *values = sk_malloc (sizeof (int64_t) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        char *end;
        values[i] = strtoll (text, &end, 10);
        if (end == text || (*end != ',' && *end != '}')) {
            free (values);
            return NULL;
        }
        text = end + 1;
    }
    *count = n;
    return values;
}

char *
vote_int_literal (int n, const int64_t *values)
{
    char *text = sk_malloc ((size_t)n * 21 + 3);
    size_t len = 0;
    text[len++] = '{';
    for (int i = 0; i < n; i++)
        len += (size_t)sprintf (text + len, "%s%lld", i ? "," : "", (long long)values[i]);
    text[len++] = '}';
    text[len] = 0;
    return text;
}

//  --------------------------------------------------------------------------
//  The process a request names

const char *
vote_pool_find (sk_call_t *call, int64_t process, const char *pool)
{
    //  Folded as the registry folds names: Danish capitals explicitly, as
    //  lower() leaves them under the C locale
#define S_FOLD(x) "lower(translate(" x ", 'ÆØÅÉ', 'æøåé'))"
    const char *params[] = { sk_call_itoa (call, process), pool };
    PGresult *r = sk_call_sql (call,
                               "SELECT id, name, name = $2, " S_FOLD ("name") " = " S_FOLD (
                                   "$2") " FROM pool WHERE process_id = $1 ORDER BY id",
                               2, params);
#undef S_FOLD
    if (!r)
        return NULL;
    int n = PQntuples (r), found = -1, folded = 0;
    for (int i = 0; i < n && pool; i++)
        if (*PQgetvalue (r, i, 2) == 't')
            found = i;
    for (int i = 0; i < n && pool && found < 0; i++)
        folded += *PQgetvalue (r, i, 3) == 't';
    for (int i = 0; i < n && pool && found < 0 && folded == 1; i++)
        if (*PQgetvalue (r, i, 3) == 't')
            found = i;
    if (!pool && n == 1)
        found = 0;
    const char *id = found >= 0 ? sk_call_strdup (call, PQgetvalue (r, found, 0)) : NULL;
    char *names = sk_call_strdup (call, "");
    for (int i = 0; i < n && !id; i++)
        names = sk_call_printf (call, "%s%s\"%s\"", names, i ? ", " : "", PQgetvalue (r, i, 1));
    PQclear (r);
    if (id)
        return id;
    if (pool)
        sk_call_fail (call, "not_found", "pool",
                      "pool \"%s\" does not exist in citizen budget %lld%s%s", pool,
                      (long long)process, n ? "; its pools: " : "", names);
    else
        sk_call_fail (call, "invalid_argument", "pool",
                      "citizen budget %lld has %d pools: name one of %s", (long long)process, n,
                      names);
    return NULL;
}

int
vote_process_only (sk_call_t *call, int lock, vote_process_t *process)
{
    static const char *keys[] = { "process", NULL };
    if (sk_call_known_keys (call, NULL, keys) || vote_process_load (call, "process", lock, process))
        return -1;
    return 0;
}

int
vote_tenant_one (sk_call_t *call)
{
    if (streq (call->req->tenant, "*"))
        return sk_call_fail (call, "invalid_argument", "tenant",
                             "tenant \"*\" is for reading only; name a municipality");
    return 0;
}

int
vote_process_items (sk_call_t *call, const char *sql, const sk_col_t *cols)
{
    vote_process_t p;
    if (vote_process_only (call, VOTE_LOCK_NONE, &p))
        return -1;
    const char *params[] = { sk_call_itoa (call, p.id) };
    return sk_call_reply_items (call, sk_call_sql (call, sql, 1, params), cols);
}

int
vote_process_load (sk_call_t *call, const char *key, int lock, vote_process_t *process)
{
    int64_t id;
    if (sk_call_int (call, NULL, key, 1, INT64_MAX, true, &id) < 0)
        return -1;
    const char *params[] = { sk_call_itoa (call, id) };
#define S_SELECT                                                                                   \
    "SELECT phase, ballot, rule, coalesce(max_choices, 0), "                                       \
    "coalesce(min_share, 0), coalesce(points, 0), threshold "                                      \
    "FROM process WHERE id = $1"
    PGresult *r = sk_call_sql (call,
                               lock == VOTE_LOCK_UPDATE  ? S_SELECT " FOR UPDATE"
                               : lock == VOTE_LOCK_SHARE ? S_SELECT " FOR SHARE"
                                                         : S_SELECT,
                               1, params);
    if (!r)
        return -1;
    if (PQntuples (r) != 1) {
        PQclear (r);
        return sk_call_fail (call, "not_found", key, "citizen budget %lld does not exist",
                             (long long)id);
    }
    memset (process, 0, sizeof *process);
    process->id = id;
    snprintf (process->phase, sizeof process->phase, "%s", PQgetvalue (r, 0, 0));
    snprintf (process->ballot, sizeof process->ballot, "%s", PQgetvalue (r, 0, 1));
    snprintf (process->rule, sizeof process->rule, "%s", PQgetvalue (r, 0, 2));
    process->max_choices = strtoll (PQgetvalue (r, 0, 3), NULL, 10);
    process->min_share = strtoll (PQgetvalue (r, 0, 4), NULL, 10);
    process->points = strtoll (PQgetvalue (r, 0, 5), NULL, 10);
    process->threshold = strtoll (PQgetvalue (r, 0, 6), NULL, 10);
    PQclear (r);
    return 0;
}

int
vote_process_require (sk_call_t *call, const vote_process_t *process, const char *what,
                      const char *const *phases)
{
    for (int i = 0; phases[i]; i++)
        if (streq (process->phase, phases[i]))
            return 0;
    char list[128] = "";
    for (int i = 0; phases[i]; i++)
        snprintf (list + strlen (list), sizeof list - strlen (list), "%s\"%s\"",
                  i == 0          ? ""
                  : phases[i + 1] ? ", "
                                  : " or ",
                  phases[i]);
    return sk_call_fail (call, "conflict", "process",
                         "cannot %s in citizen budget %lld: it is in phase "
                         "\"%s\", not %s",
                         what, (long long)process->id, process->phase, list);
}
