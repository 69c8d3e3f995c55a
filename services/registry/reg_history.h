/*  reg_history.h: who changed a party, what and when.

    The party_history trigger (sql/004_history.sql) writes the rows; the
    handlers here name the caller in the transaction first, so each row
    carries the caller's key and role from the handshake.
*/
#ifndef REG_HISTORY_H_INCLUDED
#define REG_HISTORY_H_INCLUDED

#include "sk_call.h"

//  reg_party_create, _update and _archive, with the caller named first.
int reg_history_create (sk_call_t *call);
int reg_history_update (sk_call_t *call);
int reg_history_archive (sk_call_t *call);
//  registry.KIND.history: the changes of one party, oldest first.
int reg_history_list (sk_call_t *call);

#endif
