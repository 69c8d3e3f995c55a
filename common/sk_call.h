/*  sk_call.h: the handler toolkit (DESIGN.md, "One way in").

    A service is a table of ops (sk_op_t); each op's handler receives a
    call (sk_call_t) and uses what is here, nothing else, to do its work:
    typed fields read from the request with the field's name in every
    error, SQL inside the call's one transaction, strings owned by the call,
    and its reply packed from result rows through a table of columns.
    Events are in sk_event.h, deferred replies in sk_defer.h.
*/
#ifndef SK_CALL_H_INCLUDED
#define SK_CALL_H_INCLUDED

#include "sk_auth.h"
#include "sk_db.h"
#include "sk_msg.h"

//  Which roles may call an op
#define SK_ROLE_BIT(r) (1u << (r))
#define SK_READERS                                                                                 \
    (SK_ROLE_BIT (SK_ROLE_AUDITOR) | SK_ROLE_BIT (SK_ROLE_SERVICE) | SK_ROLE_BIT (SK_ROLE_STAFF)   \
     | SK_ROLE_BIT (SK_ROLE_ADMIN))
#define SK_WRITERS (SK_ROLE_BIT (SK_ROLE_STAFF) | SK_ROLE_BIT (SK_ROLE_ADMIN))
#define SK_ADMINS  (SK_ROLE_BIT (SK_ROLE_ADMIN))

typedef struct _sk_call_t sk_call_t;
typedef int (sk_handler_fn) (sk_call_t *call);

//  One row of a service's op table, written with designated initialisers:
//  { .name = "registry.area.create", .handler = reg_area_create,
//    .roles = SK_WRITERS, .mutating = true }
typedef struct {
    const char *name;       //  "registry.association.create"
    sk_handler_fn *handler; //  0 on success (reply packed), -1 with error set
    unsigned roles;         //  SK_READERS, SK_WRITERS, SK_ADMINS
    bool mutating;          //  idempotent by request id; may emit events
    const void *arg;        //  static argument for a handler serving several ops
    //  Served by the broker thread as it arrives, without a worker: for a
    //  handler that touches no database and never blocks, handing its call
    //  to a thread of its own (sk_call_defer). Never mutating.
    bool in_broker;
} sk_op_t;

//  What a handler sees. Strings returned by the accessors live until the
//  call ends.
struct _sk_call_t {
    const sk_request_t *req;   //  id, op, tenant, body (may be NULL)
    const sk_caller_t *caller; //  from the handshake
    const sk_op_t *op;         //  the table row being served
    sk_db_t *db;               //  this worker's connection, inside the transaction
    const char *service;       //  the service's name, e.g. "registry"
    const sk_op_t *ops;        //  the service's table (ping lists it)
    sk_pack_t reply;           //  the handler packs its reply body (one map) here
    sk_error_t err;            //  set through sk_call_fail and the accessors
    char scope[64];            //  prefix for field names in errors, e.g. "has[2]"
    zlist_t *allocs;           //  freed when the call ends
    zlist_t *events;           //  zframe pairs (topic, event) to publish after commit
    zframe_t *routing;         //  the client's routing id, for sk_call_defer
    bool deferred;             //  answered later through sk_deferred_reply
};

//  Ready a call the service loop fills in (req, caller, op, db, ...), and
//  free what it holds when it ends (allocations, unsent events, reply).
void sk_call_init (sk_call_t *call);
void sk_call_release (sk_call_t *call);

//  Set the call's error and return -1. field may be NULL. The field is
//  prefixed with the current scope.
int sk_call_fail (sk_call_t *call, const char *code, const char *field, const char *format, ...)
    __attribute__ ((format (printf, 4, 5)));
//  Scope later field names: sk_call_scope (call, "has[%d]", i); "" clears.
void sk_call_scope (sk_call_t *call, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

//  Typed access to a field of map (NULL means the request body). Each
//  returns 1 if present and valid, 0 if absent (and not required), -1 with
//  the call's error set naming the field otherwise.
int sk_call_str (sk_call_t *call, const msgpack_object *map, const char *key, size_t max_len,
                 bool required, const char **value);
int sk_call_int (sk_call_t *call, const msgpack_object *map, const char *key, int64_t min,
                 int64_t max, bool required, int64_t *value);
int sk_call_bool (sk_call_t *call, const msgpack_object *map, const char *key, bool required,
                  bool *value);
//  A calendar date "YYYY-MM-DD" between the years 1900 and 2999 that
//  exists (no 2026-02-30); like sk_call_str.
int sk_call_date (sk_call_t *call, const msgpack_object *map, const char *key, bool required,
                  const char **value);
//  The same for the day something happened (what: "a meeting"), which is
//  not after today in Copenhagen: "a meeting is recorded once held: D is
//  after today, T" otherwise. Asks the call's database for today.
int sk_call_date_past (sk_call_t *call, const msgpack_object *map, const char *key, bool required,
                       const char *what, const char **value);
//  A day and time "YYYY-MM-DDTHH:MM[:SS][ZONE]" that exists (sk_time_valid);
//  without a zone it is Danish local time, Europe/Copenhagen with its
//  summer and winter time. *value is its text made a literal for
//  $n::timestamptz that names the instant: a time without a zone gets the
//  zone "Europe/Copenhagen" (PostgreSQL resolves summer time; a local time
//  the spring change skips is read an hour on, one the autumn change
//  repeats as its first). Like sk_call_str otherwise.
int sk_call_time (sk_call_t *call, const msgpack_object *map, const char *key, bool required,
                  const char **value);
//  An array field with at most max elements; *array points into the frame.
int sk_call_array (sk_call_t *call, const msgpack_object *map, const char *key, uint32_t max,
                   bool required, const msgpack_object **array);
//  Refuse keys of map not in the NULL-terminated list.
int sk_call_known_keys (sk_call_t *call, const msgpack_object *map, const char *const *keys);
//  A request whose only field is "id" (required, 1 or more): 0, or -1
//  with the call's error set.
int sk_call_only_id (sk_call_t *call, int64_t *id);
//  A string the call owns (freed at its end).
char *sk_call_strdup (sk_call_t *call, const char *s);
char *sk_call_printf (sk_call_t *call, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));
//  Memory the call owns, size bytes, zeroed.
void *sk_call_alloc (sk_call_t *call, size_t size);
//  The decimal text of n ("%lld"), for a SQL parameter; owned by the call.
const char *sk_call_itoa (sk_call_t *call, int64_t n);
//  The text form of a bytea SQL parameter ("\x0a1b..."); owned by the call.
const char *sk_call_bytea (sk_call_t *call, const void *data, size_t size);

//  Run SQL inside the call's transaction; NULL with the call's error set.
PGresult *sk_call_sql (sk_call_t *call, const char *sql, int nparams, const char *const *params);
//  The same for a statement whose rows are not read: 0, or -1.
int sk_call_exec (sk_call_t *call, const char *sql, int nparams, const char *const *params);

//  Result rows as msgpack: each row a map whose keys and value types come
//  from a table of columns, one per column of the result in order, ended
//  by a row with key NULL. A NULL value is packed as nil whatever its type.
typedef enum {
    SK_COL_TEXT,   //  a string
    SK_COL_INT,    //  an integer (int8 and smaller)
    SK_COL_BOOL,   //  true or false ('t' / 'f')
    SK_COL_DOUBLE, //  a float 64
    SK_COL_WORDS,  //  a text[] of simple words ({a,b}) as an array of strings
    SK_COL_INTS,   //  an integer array ({1,2}) as an array of integers, nil if malformed
    SK_COL_BYTES,  //  a bytea as raw msgpack (a packed value stored whole)
} sk_col_type_t;

typedef struct {
    const char *key;    //  the map key, or NULL to end the table
    sk_col_type_t type; //  how the value is packed
} sk_col_t;

//  Pack the value in row, col of r as type (nil if it is NULL).
void sk_pack_cell (sk_pack_t *p, const PGresult *r, int row, int col, sk_col_type_t type);
//  Pack a PostgreSQL array literal of simple words ({a,b}), as SK_COL_WORDS.
void sk_pack_words (sk_pack_t *p, const char *literal);
//  The number of columns in cols.
uint32_t sk_cols_count (const sk_col_t *cols);
//  Pack the keys and values of row of r without the map header, for a map
//  that holds more than the row (sk_cols_count (cols) + the others).
void sk_pack_fields (sk_pack_t *p, const PGresult *r, int row, const sk_col_t *cols);
//  A table for r read off its columns: each named as its column, int4 and
//  int8 as SK_COL_INT, bool as SK_COL_BOOL, the rest SK_COL_TEXT, for a
//  statement whose column names are the reply's keys. The caller frees it.
sk_col_t *sk_cols_of (const PGresult *r);
//  Pack row of r as one map of the columns in cols.
void sk_pack_row (sk_pack_t *p, const PGresult *r, int row, const sk_col_t *cols);
//  Pack count rows of r from first as an array of maps.
void sk_pack_rows (sk_pack_t *p, const PGresult *r, int first, int count, const sk_col_t *cols);
//  Reply {"items": [rows of r]}: takes r, which may be NULL (returns -1,
//  the call's error already set by sk_call_sql). 0 or -1.
int sk_call_reply_items (sk_call_t *call, PGresult *r, const sk_col_t *cols);

//  A page of a list whose cursor is its id (the first column): pack "next",
//  then the id of the last row of r as an integer if r has limit rows
//  (there may be more), else nil.
void sk_pack_next (sk_pack_t *p, const PGresult *r, int64_t limit);
//  Reply {"items": rows of r, "next": as sk_pack_next}: takes r, which may
//  be NULL (returns -1). 0 or -1.
int sk_call_reply_page (sk_call_t *call, PGresult *r, const sk_col_t *cols, int64_t limit);

//  Self test of the toolkit (no database).
void sk_call_test (bool verbose);

#endif
