/*  tally_words.c: the rules in words for citizens (tally_words.h). Each
    text stands alone: the web shows it under a heading, the chart in a
    line and in its description.
*/
#include "tally/tally_words.h"

#include <stddef.h>
#include <string.h>

#include "sk_mem.h"

typedef struct {
    const char *rule;      //  tally_rule_name's word
    const char *da, *en;   //  in Danish, in English: ballots that choose
    const char *da_points; //  ballots that give points (cumulative, ranked)
    const char *en_points;
} s_words_t;

static const s_words_t s_words[] = {
    { "greedy",
      "Projekterne med flest stemmer vælges ét ad gangen, så længe der er penge nok "
      "tilbage i puljen. Er et projekt for dyrt til det, der er tilbage, springes det "
      "over, og det næste prøves.",
      "The projects with the most votes are chosen one at a time while the pool has "
      "money enough left. A project too expensive for what is left is skipped, and the "
      "next one is tried.",
      "Projekterne med flest point vælges ét ad gangen, så længe der er penge nok "
      "tilbage i puljen. Er et projekt for dyrt til det, der er tilbage, springes det "
      "over, og det næste prøves.",
      "The projects with the most points are chosen one at a time while the pool has "
      "money enough left. A project too expensive for what is left is skipped, and the "
      "next one is tried." },
    { "greedy-threshold",
      "Kun projekter med nok stemmer kan vælges. Blandt dem vælges dem med flest "
      "stemmer, så længe pengene rækker.",
      "Only projects with enough votes can be chosen. Among them, those with the most "
      "votes are chosen while the money lasts.",
      "Kun projekter med nok point kan vælges. Blandt dem vælges dem med flest point, "
      "så længe pengene rækker.",
      "Only projects with enough points can be chosen. Among them, those with the most "
      "points are chosen while the money lasts." },
    { "mes",
      "Lige store andele: puljen deles ligeligt mellem alle, der har stemt, og et "
      "projekt vælges, når dets tilhængere tilsammen kan betale det. Så får flere "
      "grupper af borgere noget igennem, ikke kun den største.",
      "Equal shares: the pool is shared equally among everyone who voted, and a project "
      "is chosen when its supporters together can pay for it. So more groups of "
      "citizens get something through, not only the largest.",
      "Lige store andele: puljen deles ligeligt mellem alle, der har stemt, og et "
      "projekt vælges, når dets tilhængere tilsammen kan betale det; hver betaler i "
      "forhold til de point, han eller hun gav projektet. Så får flere grupper af "
      "borgere noget igennem, ikke kun den største.",
      "Equal shares: the pool is shared equally among everyone who voted, and a project "
      "is chosen when its supporters together can pay for it; each pays in proportion "
      "to the points they gave it. So more groups of citizens get something through, "
      "not only the largest." },
    { "mes-add1",
      "Lige store andele: puljen deles ligeligt mellem alle, der har stemt, og et "
      "projekt vælges, når dets tilhængere tilsammen kan betale det. Er der penge "
      "tilbage, gøres andelene lidt større, og det prøves igen.",
      "Equal shares: the pool is shared equally among everyone who voted, and a project "
      "is chosen when its supporters together can pay for it. If money is left, the "
      "shares are made a little larger and it is tried again.",
      "Lige store andele: puljen deles ligeligt mellem alle, der har stemt, og et "
      "projekt vælges, når dets tilhængere tilsammen kan betale det; hver betaler i "
      "forhold til de point, han eller hun gav projektet. Er der penge tilbage, gøres "
      "andelene lidt større, og det prøves igen.",
      "Equal shares: the pool is shared equally among everyone who voted, and a project "
      "is chosen when its supporters together can pay for it; each pays in proportion "
      "to the points they gave it. If money is left, the shares are made a little "
      "larger and it is tried again." },
    { "mes-add1-greedy",
      "Lige store andele: puljen deles ligeligt mellem alle, der har stemt, og et "
      "projekt vælges, når dets tilhængere tilsammen kan betale det. Er der penge "
      "tilbage, gøres andelene lidt større, og det prøves igen. De penge, der til sidst "
      "er tilbage, går til projekterne med flest stemmer, så længe de rækker.",
      "Equal shares: the pool is shared equally among everyone who voted, and a project "
      "is chosen when its supporters together can pay for it. If money is left, the "
      "shares are made a little larger and it is tried again. The money left at the end "
      "goes to the projects with the most votes while it lasts.",
      "Lige store andele: puljen deles ligeligt mellem alle, der har stemt, og et "
      "projekt vælges, når dets tilhængere tilsammen kan betale det; hver betaler i "
      "forhold til de point, han eller hun gav projektet. Er der penge tilbage, gøres "
      "andelene lidt større, og det prøves igen. De penge, der til sidst er tilbage, "
      "går til projekterne med flest point, så længe de rækker.",
      "Equal shares: the pool is shared equally among everyone who voted, and a project "
      "is chosen when its supporters together can pay for it; each pays in proportion "
      "to the points they gave it. If money is left, the shares are made a little "
      "larger and it is tried again. The money left at the end goes to the projects "
      "with the most points while it lasts." },
    { "phragmen",
      "Phragméns metode: alle, der har stemt, får penge i samme takt, og et projekt "
      "vælges, når dets tilhængere tilsammen har nok til at betale det. Det fordeler "
      "projekterne retfærdigt mellem grupper af borgere. Optællingen stopper ved det "
      "første projekt, der er for dyrt til det, der er tilbage.",
      "Phragmén's method: everyone who voted earns money at the same pace, and a "
      "project is chosen when its supporters together have enough to pay for it. It "
      "shares the projects fairly among groups of citizens. The count stops at the "
      "first project too expensive for what is left.",
      "Phragméns metode: alle, der har stemt, får penge i samme takt, og et projekt "
      "vælges, når dets tilhængere tilsammen har nok til at betale det. Her er hvert "
      "projekt, en stemmeseddel har givet point, én stemme, uanset hvor mange point. "
      "Optællingen stopper ved det første projekt, der er for dyrt til det, der er "
      "tilbage.",
      "Phragmén's method: everyone who voted earns money at the same pace, and a "
      "project is chosen when its supporters together have enough to pay for it. Here "
      "each project a ballot gave points is one vote, however many points. The count "
      "stops at the first project too expensive for what is left." },
};

//  What a ballot gives a project, by ballot type; and the two closing
//  sentences: samskab's own count ("voted_only"), a Pabulib file's
//  ("pabulib")
typedef struct {
    const char *what;
    const char *da, *en;
} s_count_t;

static const s_count_t s_counts[] = {
    { "approval", "Hver stemmeseddel giver én stemme til hvert projekt, den har valgt.",
      "Each ballot gives one vote to each project it chose." },
    { "knapsack", "Hver stemmeseddel giver én stemme til hvert projekt, den har valgt.",
      "Each ballot gives one vote to each project it chose." },
    { "cumulative", "Et projekts point er summen af de point, stemmesedlerne har givet det.",
      "A project's points are the sum of the points the ballots gave it." },
    { "ranked",
      "Pladserne er point, i hver pulje for sig og i pladsernes rækkefølge: en "
      "stemmesedels første projekt får lige så mange point, som der er pladser i "
      "puljen, det næste ét point mindre og så videre. Projekter uden plads får ingen "
      "point.",
      "The places are points, in each pool on its own and in the order of the places: a "
      "ballot's first project gets as many points as the pool has places, the next one "
      "point less, and so on. Projects without a place get no points." },
    { "voted_only", "Et projekt, som ingen har stemt på, vælges aldrig.",
      "A project nobody voted for is never chosen." },
    { "pabulib",
      "Stemmerne er hentet fra en Pabulib-fil og talt op, som forskningsværktøjet "
      "pabutools tæller dem: ved point tæller point pr. krone, ved rækkefølge giver "
      "sidste plads 0 point, og et projekt uden stemmer kan vælges, hvis der er penge "
      "tilbage.",
      "The votes come from a Pabulib file and are counted as the research tool "
      "pabutools counts them: with points, points per krone count; with places, the "
      "last place gets 0 points; and a project without votes can be chosen if money is "
      "left." },
};

const char *
tally_rule_words (const char *rule, bool by_points, bool english)
{
    for (size_t i = 0; rule && i < sizeof s_words / sizeof *s_words; i++)
        if (strcmp (rule, s_words[i].rule) == 0)
            return by_points ? (english ? s_words[i].en_points : s_words[i].da_points)
                             : (english ? s_words[i].en : s_words[i].da);
    return NULL;
}

static const char *
s_count (const char *what, bool english)
{
    for (size_t i = 0; what && i < sizeof s_counts / sizeof *s_counts; i++)
        if (strcmp (what, s_counts[i].what) == 0)
            return english ? s_counts[i].en : s_counts[i].da;
    return NULL;
}

char *
tally_explain (const char *ballot, const char *rule, bool pabulib, bool english)
{
    bool by_points =
        ballot && (strcmp (ballot, "cumulative") == 0 || strcmp (ballot, "ranked") == 0);
    const char *words = tally_rule_words (rule, by_points && !pabulib, english);
    if (!words)
        return NULL;
    if (pabulib)
        return sk_asprintf ("%s %s", words, s_count ("pabulib", english));
    const char *counted = s_count (ballot, english);
    return sk_asprintf ("%s%s%s %s", counted ? counted : "", counted ? " " : "", words,
                        s_count ("voted_only", english));
}
