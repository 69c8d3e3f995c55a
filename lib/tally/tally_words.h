/*  tally_words.h: the rules a citizen budget is tallied with, said in
    plain Danish or English for citizens: the one place for those words,
    which the web's results page and the CLI's results chart both show.
    Plain C11 and lib/base (linking it pulls in no GMP).
*/
#ifndef TALLY_TALLY_WORDS_H_INCLUDED
#define TALLY_TALLY_WORDS_H_INCLUDED

#include <stdbool.h>

/*  How rule ("greedy", "mes-add1", ...: tally_rule_name's words) finds
    the winners, in sentences, Danish unless english; by_points for
    ballots that give points (cumulative, ranked: most points first, MES
    paid in proportion to points). NULL for a rule the vote service does
    not tally with (greedy-card, mes-card) or no rule. */
const char *tally_rule_words (const char *rule, bool by_points, bool english);

/*  The whole explanation of a result for citizens: what a ballot of type
    ballot ("approval", "knapsack", "cumulative", "ranked") gives a
    project, the rule, and that a project nobody voted for is never
    chosen; for a process imported from a Pabulib file (pabulib) the rule
    and how pabutools counts instead. NULL for a rule without words; the
    caller frees. */
char *tally_explain (const char *ballot, const char *rule, bool pabulib, bool english);

#endif
