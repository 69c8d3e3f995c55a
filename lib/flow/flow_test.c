/*  flow_test: lib/flow's selftest (flow_test in flow.c, its usage example). */
#include <stdbool.h>
#include <string.h>

#include "flow/flow.h"
#include "sk_check.h"

int
main (int argc, char **argv)
{
    bool verbose = argc > 1 && strcmp (argv[1], "-v") == 0;
    flow_test (verbose);
    return sk_check_cases_failed ? 1 : 0;
}
