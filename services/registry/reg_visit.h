/*  reg_visit.h: outreach visits. */
#ifndef REG_VISIT_H_INCLUDED
#define REG_VISIT_H_INCLUDED

#include "sk_call.h"

int reg_visit_create (sk_call_t *call);
int reg_visit_list (sk_call_t *call);

#endif
