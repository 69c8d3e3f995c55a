/*  speeddate_test: lib/speeddate's selftest (speeddate_test in speeddate.c, its usage example). */
#include <stdbool.h>
#include <string.h>

#include "speeddate/speeddate.h"
#include "sk_check.h"

int
main (int argc, char **argv)
{
    bool verbose = argc > 1 && strcmp (argv[1], "-v") == 0;
    speeddate_test (verbose);
    return sk_check_cases_failed ? 1 : 0;
}
