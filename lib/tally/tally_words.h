/*  tally_words.h: the rules a citizen budget is tallied with, said in
    plain Danish or English for citizens: the one place for those words,
    which the web's results page and the CLI's results chart both show.
    Plain C11, no dependency (linking it pulls in no GMP).
*/
#ifndef TALLY_TALLY_WORDS_H_INCLUDED
#define TALLY_TALLY_WORDS_H_INCLUDED

#include <stdbool.h>

/*  How rule ("greedy", "mes-add1", ...: tally_rule_name's words) finds
    the winners, in sentences, Danish unless english; NULL for a rule the
    vote service does not tally with (greedy-card, mes-card) or no rule. */
const char *tally_rule_words (const char *rule, bool english);

#endif
