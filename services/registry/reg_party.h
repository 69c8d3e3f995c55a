/*  reg_party.h: associations, companies, institutions and volunteers.

    One set of handlers serves all four kinds; the op table passes the kind
    as the op's argument. The fields are those of common/sk_party.c.
*/
#ifndef REG_PARTY_H_INCLUDED
#define REG_PARTY_H_INCLUDED

#include "sk_party.h"
#include "sk_service.h"

//  Build the column list from the catalogue; call once before serving.
void reg_party_init (void);

int reg_party_create (sk_call_t *call);
int reg_party_get (sk_call_t *call);
int reg_party_update (sk_call_t *call);
int reg_party_archive (sk_call_t *call);
int reg_party_list (sk_call_t *call);

#endif
