/*  reg_login.h: a party's login on the web (doc/DECISIONS.md, "Login by a
    one-time link"): the parties behind a contact address, the links
    used, each once, and the sessions ended by a logout.

    The ops are for samskab-web alone (role P in proto/PROTOCOL.md: a
    service certificate for all municipalities).
*/
#ifndef REG_LOGIN_H_INCLUDED
#define REG_LOGIN_H_INCLUDED

#include "sk_call.h"

//  0 if the caller is a service for all municipalities, else -1 with
//  forbidden: the ops a web front end uses for a party.
int reg_login_caller (sk_call_t *call);
int reg_login_find (sk_call_t *call);
int reg_login_use (sk_call_t *call);
int reg_login_end (sk_call_t *call);
int reg_login_ended (sk_call_t *call);

#endif
