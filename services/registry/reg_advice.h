/*  reg_advice.h: key advisors of associations, advisory sessions and their
    agreed next steps (who does what by when).
*/
#ifndef REG_ADVICE_H_INCLUDED
#define REG_ADVICE_H_INCLUDED

#include "sk_call.h"

int reg_advisor_assign (sk_call_t *call);
int reg_advisor_get (sk_call_t *call);
int reg_session_create (sk_call_t *call);
int reg_session_list (sk_call_t *call);
int reg_step_done (sk_call_t *call);
int reg_step_overdue (sk_call_t *call);

#endif
