/*  reg_search.h: the Danish full-text search over the parties. */
#ifndef REG_SEARCH_H_INCLUDED
#define REG_SEARCH_H_INCLUDED

#include "sk_call.h"

int reg_party_search (sk_call_t *call);

#endif
