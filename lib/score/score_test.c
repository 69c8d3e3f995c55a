/*  score_test: lib/score's selftest (score_test in score.c, its usage example). */
#include <stdbool.h>
#include <string.h>

#include "score/score.h"
#include "sk_check.h"

int
main (int argc, char **argv)
{
    bool verbose = argc > 1 && strcmp (argv[1], "-v") == 0;
    score_test (verbose);
    return sk_check_cases_failed ? 1 : 0;
}
