/*  reg_story.h: partnership stories and the public offer.

    Stories are published only with the parties' consent; the feed (JSON,
    and RSS made from it by the client) holds only those. The public offer
    is the associations, companies and institutions that agreed to publish,
    without personal fields (the client writes it as Open Referral HSDS).
*/
#ifndef REG_STORY_H_INCLUDED
#define REG_STORY_H_INCLUDED

#include "sk_call.h"

int reg_story_create (sk_call_t *call);
int reg_story_consent (sk_call_t *call);
int reg_story_list (sk_call_t *call);
int reg_story_feed (sk_call_t *call);
int reg_party_public (sk_call_t *call);

#endif
