/*  base_test: lib/base's selftest (sk_mem, sk_date, sk_number; sk_check is what it reports with). */
#include <stdbool.h>
#include <string.h>

#include "sk_check.h"
#include "sk_date.h"
#include "sk_mem.h"
#include "sk_number.h"

int
main (int argc, char **argv)
{
    bool verbose = argc > 1 && strcmp (argv[1], "-v") == 0;
    sk_mem_test (verbose);
    sk_date_test (verbose);
    sk_number_test (verbose);
    return sk_check_cases_failed ? 1 : 0;
}
