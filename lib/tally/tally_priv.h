/*  tally_priv.h: the election and result structs, shared by the rule
    files of lib/tally (tally.c: greedy, phragmen, results;
    tally_mes.c: the method of equal shares). Not for other modules.
*/
#ifndef TALLY_TALLY_PRIV_H_INCLUDED
#define TALLY_TALLY_PRIV_H_INCLUDED

#include "tally/tally.h"

struct _tally_t {
    tally_sat_t sat;      //  natural satisfaction of the ballots
    mpq_t budget;         //  budget limit
    mpq_t threshold;      //  greedy-threshold minimum score
    size_t n_projects;    //  projects added
    size_t cap_projects;  //  allocated project slots
    char **ids;           //  project ids, owned
    mpq_t *cost;          //  project costs
    uint32_t *rank;       //  position of each project in byte order of ids
    bool ranked;          //  rank is up to date
    size_t n_voters;      //  ballots added
    size_t cap_voters;    //  allocated ballot offsets
    size_t *ballot_off;   //  ballot v is entries [off[v], off[v+1])
    size_t n_entries;     //  entries over all ballots
    size_t cap_entries;   //  allocated entries
    uint32_t *entry_proj; //  project of each ballot entry
    int64_t *entry_pts;   //  points of each entry (1 for approval ballots)
    size_t *mark;         //  per project: stamp of the last ballot naming it
    size_t cap_mark;      //  projects mark[] covers
    size_t mark_gen;      //  last stamp used
    bool supp_built;      //  the per-project supporter lists are current
    bool exact_only;      //  MES without the floating-point filter
    bool voted_only;      //  never select a project no ballot names
    size_t *supp_off;     //  supporters of p: [supp_off[p], supp_off[p+1])
    uint32_t *supp_voter; //  supporter voter index
    int64_t *supp_pts;    //  that supporter's points for p
    size_t *votes;        //  ballots naming each project
};

struct _tally_result_t {
    tally_rule_t rule;       //  rule applied
    size_t size;             //  winners
    size_t cap;              //  allocated winner slots
    uint32_t *winner;        //  project index per winner, selection order
    mpq_t *price;            //  MES price per weight unit, per winner
    bool *priced;            //  price[k] is set
    bool *completion;        //  winner added by greedy completion
    mpq_t total_cost;        //  sum of winners' costs
    mpq_t voter_budget;      //  MES per-voter budget of the returned run
    uint64_t mes_runs;       //  MES runs made
    uint64_t mes_increments; //  +1 steps of the returned run
};

//  Helpers shared between the rule files.
void tally_prepare (tally_t *self);
tally_result_t *tally_result_new (tally_rule_t rule);
void tally_result_push (tally_result_t *self, tally_t *tally, uint32_t project, const mpq_t price,
                        bool completion);
void tally_result_clear (tally_result_t *self);

/*  Greedy completion from an initial outcome (already in result): adds, in
    greedy order, every project that still fits. card selects Cardinality
    satisfaction; threshold applies greedy-threshold's filter. */
void tally_greedy_into (tally_t *self, tally_result_t *result, bool card, bool threshold,
                        bool completion);

/*  The method of equal shares (tally_mes.c): plain (add1 false) or
    with per-voter budget increments of one currency unit. Returns NULL
    when mes-add1 reaches no final outcome within its run limit. */
tally_result_t *tally_mes (tally_t *self, tally_rule_t rule, bool card, bool add1);

#endif
