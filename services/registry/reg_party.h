/*  reg_party.h: associations, companies, institutions and volunteers.

    One set of handlers serves all four kinds; the op table passes the kind
    as the op's argument. The fields are those of common/sk_party.c.
*/
#ifndef REG_PARTY_H_INCLUDED
#define REG_PARTY_H_INCLUDED

#include "sk_party.h"
#include "sk_call.h"

//  Build the column list from the catalogue; call once before serving.
void reg_party_init (void);

int reg_party_create (sk_call_t *call);
int reg_party_get (sk_call_t *call);
int reg_party_update (sk_call_t *call);
int reg_party_archive (sk_call_t *call);
int reg_party_list (sk_call_t *call);
//  registry.party.names: the names of parties given by id.
int reg_party_names (sk_call_t *call);

//  The SELECT list of a party row over "party p", for reg_party_pack.
const char *reg_party_columns (void);
//  The rows of r (selected with reg_party_columns, ordered by id) as an
//  array of party maps; without personal fields if public_only. 0 or -1.
int reg_party_pack (sk_call_t *call, sk_pack_t *p, PGresult *r, bool public_only);

#endif
