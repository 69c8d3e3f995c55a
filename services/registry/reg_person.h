/*  reg_person.h: what the registry holds about a person, and erasing it.

    A person is a volunteer (a party of kind volunteer) or the contact
    person of an association, company or institution (its contact_name,
    email and phone), named by the party's id. Export gathers the party and
    every mention of the person's name, e-mail or phone in free text,
    history, stored replies and events. Erase anonymises all of it in one
    transaction and emits registry.person.erased so other services do the
    same.
*/
#ifndef REG_PERSON_H_INCLUDED
#define REG_PERSON_H_INCLUDED

#include "sk_call.h"

int reg_person_export (sk_call_t *call);
int reg_person_erase (sk_call_t *call);

#endif
