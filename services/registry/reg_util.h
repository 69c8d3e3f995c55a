/*  reg_util.h: small helpers shared by the registry's later handlers
    (visits, search, advisors, import, stories, personal data).
*/
#ifndef REG_UTIL_H_INCLUDED
#define REG_UTIL_H_INCLUDED

#include "sk_party.h"
#include "sk_call.h"

//  Read the party id in field key of map (NULL: the body) and check that it
//  names a party of one of kinds in the tenant, not archived unless
//  archived_ok. 1 with *id (text) set, 0 if absent and not required, -1 with
//  the call's error set (invalid_argument, not_found or conflict).
int reg_party_ref (sk_call_t *call, const msgpack_object *map, const char *key, unsigned kinds,
                   bool required, bool archived_ok, const char **id);

//  An array of term codes of taxonomy (at most max) as a PostgreSQL array
//  literal of term ids, "{}" if absent. 0, or -1 naming KEY[i].
int reg_term_ids (sk_call_t *call, const msgpack_object *map, const char *key, const char *taxonomy,
                  uint32_t max, const char **ids);

//  The declaration filters of a party list or search, each NULL if absent:
//  term codes (a code, or an array of codes; a party matches all of them)
//  the party has, needs, serves or speaks (field "language"), or target
//  groups it serves or has an activity for; each as a PostgreSQL array
//  literal of term ids. An unknown term is refused (invalid_argument).
typedef struct {
    const char *has, *needs, *serves, *language, *target;
} reg_declared_t;
//  Read them from the body. 0, or -1 with the call's error set.
int reg_declared_read (sk_call_t *call, reg_declared_t *declared);

//  A CVR number as people write it ("DK-12 34 56 74", "12345674") as its
//  8 digits in buf: a leading DK, spaces and dashes go. Returns buf, or
//  cvr unchanged when it is not of that shape (then the catalogue's check
//  refuses it). One function for create, update and CSV import.
const char *reg_cvr_normalise (const char *cvr, char *buf, size_t size);

//  The area o names (its id, or its name, case-blind) as the id text of one
//  of the tenant's areas. 0, or -1 with invalid_argument naming the area
//  and the municipality, and listing its areas.
int reg_area_id (sk_call_t *call, const msgpack_object *o, const char **id);

//  Record the caller in the transaction, for the change history the
//  party_history trigger writes (004_history.sql). 0 or -1.
int reg_actor (sk_call_t *call);

#endif
