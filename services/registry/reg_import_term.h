/*  reg_import_term.h: a term cell's words as the taxonomy's terms.

    A term is found by its code or its Danish label, blind to case, blanks
    and the spelling of æ, ø, å as ae, oe, aa ("ældre", "Aeldre", "elderly"
    are the same target group). An unknown one gets the nearest code or
    label of its taxonomy as a suggestion.
*/
#ifndef REG_IMPORT_TERM_H_INCLUDED
#define REG_IMPORT_TERM_H_INCLUDED

#include "sk_call.h"

typedef struct _reg_terms_t reg_terms_t;

//  Every term of the catalogue; NULL with the call's error.
reg_terms_t *reg_terms_load (sk_call_t *call);
void reg_terms_destroy (reg_terms_t **self_p);
//  The id of the term of taxonomy whose code or label is text; NULL if none.
const char *reg_terms_find (reg_terms_t *self, const char *taxonomy, const char *text);
//  The Danish label of the term with this id ("" if there is none).
const char *reg_terms_label (reg_terms_t *self, const char *id);
//  " (did you mean \"LABEL\" (CODE)?)" for the nearest term of taxonomy to
//  text, or "" if none is near; in buf.
const char *reg_terms_suggest (reg_terms_t *self, const char *taxonomy, const char *text, char *buf,
                               size_t size);

#endif
