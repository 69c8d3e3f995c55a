/*  reg_visit.h: outreach visits and the Danish full-text search. */
#ifndef REG_VISIT_H_INCLUDED
#define REG_VISIT_H_INCLUDED

#include "sk_service.h"

int reg_visit_create (sk_call_t *call);
int reg_visit_list (sk_call_t *call);
int reg_party_search (sk_call_t *call);

#endif
