/*  reg_own.h: a party's own profile, read and changed by samskab-web for
    the party that is logged in (role P in proto/PROTOCOL.md, section 7.7).

    The ops serve the party named by "id" whatever its kind, and change only
    what a party may say about itself: description, address and website,
    contact, consent to publish, its activities, and what it has, needs,
    serves and speaks. The history names the web's
    key, role service and op registry.own.update on the party's own row.
*/
#ifndef REG_OWN_H_INCLUDED
#define REG_OWN_H_INCLUDED

#include "sk_call.h"

int reg_own_get (sk_call_t *call);
int reg_own_update (sk_call_t *call);

#endif
