/*  tally_words.c: the rules in words for citizens (tally_words.h). Each
    text stands alone: the web shows it under a heading, the chart in a
    line and in its description.
*/
#include "tally/tally_words.h"

#include <stddef.h>
#include <string.h>

typedef struct {
    const char *rule; //  tally_rule_name's word
    const char *da;   //  in Danish
    const char *en;   //  in English
} s_words_t;

static const s_words_t s_words[] = {
    { "greedy",
      "Projekterne med flest stemmer vælges ét ad gangen, så længe der er penge nok tilbage i "
      "puljen. Er et projekt for dyrt til det, der er tilbage, springes det over, og det næste "
      "prøves.",
      "The projects with the most votes are chosen one at a time while the pool has money "
      "enough left. A project too expensive for what is left is skipped, and the next one is "
      "tried." },
    { "greedy-threshold",
      "Kun projekter med nok stemmer kan vælges. Blandt dem vælges dem med flest stemmer, så "
      "længe pengene rækker.",
      "Only projects with enough votes can be chosen. Among them, those with the most votes "
      "are chosen while the money lasts." },
    { "mes",
      "Lige store andele: puljen deles ligeligt mellem alle, der har stemt, og et projekt "
      "vælges, når dets tilhængere tilsammen kan betale det. Så får flere grupper af borgere "
      "noget igennem, ikke kun den største.",
      "Equal shares: the pool is shared equally among everyone who voted, and a project is "
      "chosen when its supporters together can pay for it. So more groups of citizens get "
      "something through, not only the largest." },
    { "mes-add1",
      "Lige store andele: puljen deles ligeligt mellem alle, der har stemt, og et projekt "
      "vælges, når dets tilhængere tilsammen kan betale det. Er der penge tilbage, gøres "
      "andelene lidt større, og det prøves igen.",
      "Equal shares: the pool is shared equally among everyone who voted, and a project is "
      "chosen when its supporters together can pay for it. If money is left, the shares are "
      "made a little larger and it is tried again." },
    { "mes-add1-greedy",
      "Lige store andele: puljen deles ligeligt mellem alle, der har stemt, og et projekt "
      "vælges, når dets tilhængere tilsammen kan betale det. De penge, der så er tilbage, går "
      "til projekterne med flest stemmer, så længe de rækker.",
      "Equal shares: the pool is shared equally among everyone who voted, and a project is "
      "chosen when its supporters together can pay for it. The money then left goes to the "
      "projects with the most votes while it lasts." },
    { "phragmen",
      "Phragméns metode: alle, der har stemt, får penge i samme takt, og et projekt vælges, når "
      "dets tilhængere tilsammen har nok til at betale det. Det fordeler projekterne "
      "retfærdigt mellem grupper af borgere.",
      "Phragmén's method: everyone who voted earns money at the same pace, and a project is "
      "chosen when its supporters together have enough to pay for it. It shares the projects "
      "fairly among groups of citizens." },
};

const char *
tally_rule_words (const char *rule, bool english)
{
    for (size_t i = 0; rule && i < sizeof s_words / sizeof *s_words; i++)
        if (strcmp (rule, s_words[i].rule) == 0)
            return english ? s_words[i].en : s_words[i].da;
    return NULL;
}
