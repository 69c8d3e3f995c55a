/*  reg_catalog.h: municipalities, areas and the taxonomies. */
#ifndef REG_CATALOG_H_INCLUDED
#define REG_CATALOG_H_INCLUDED

#include "sk_call.h"

int reg_municipality_list (sk_call_t *call);
int reg_area_create (sk_call_t *call);
int reg_area_list (sk_call_t *call);
int reg_term_list (sk_call_t *call);
int reg_term_create (sk_call_t *call);

#endif
