/*  reg_import_term.h: terms by code or Danish label, and the reason an
    unknown one is refused, for the import and for every op taking a term.

    A term is found by its code or its Danish label, blind to case, blanks
    and the spelling of æ, ø, å as ae, oe, aa ("ældre", "Aeldre", "elderly"
    are the same target group). An unknown one is named as a term of
    another taxonomy when it is one (an activity type written as a
    competence), else gets the nearest code or label of its taxonomy as a
    suggestion. Area names in the import are folded and suggested the same
    way (reg_fold, reg_fold_near).
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
//  The code of the term with this id ("" if there is none).
const char *reg_terms_code (reg_terms_t *self, const char *id);
//  Why text is no term of taxonomy, in buf: "\"fodbold\" is an activity
//  type (football), not a competence" (with column, ": it belongs in the
//  activities column") when it is a term of another taxonomy, else
//  "unknown competence term \"accountng\"" and, if a term is near,
//  " (did you mean \"Regnskab og økonomi\" (accounting)?)".
const char *reg_terms_unknown (reg_terms_t *self, const char *taxonomy, const char *text,
                               bool column, char *buf, size_t size);
//  The id (text) of the term of taxonomy whose code or label is text: 0, or
//  -1 with invalid_argument naming field and giving reg_terms_unknown's
//  reason. A code costs one look-up; the catalogue is read only otherwise.
int reg_term_id (sk_call_t *call, const char *taxonomy, const char *text, const char *field,
                 const char **id);

//  Text folded for comparison into out: ASCII lower case, æ ø å (either
//  case) as ae oe aa, blanks trimmed and runs of blanks as one space.
void reg_fold (const char *text, char *out, size_t size);
//  True if other, folded, is near enough to folded (already folded) to be
//  a typing error of it (an edit distance of at most a third of its
//  length) and nearer than *best, which it then becomes.
bool reg_fold_near (const char *folded, const char *other, size_t *best);

#endif
