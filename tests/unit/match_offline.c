/*  match_offline: the solver and the planner on JSON files, for tests and
    benchmarks, until the CLI carries them.

    usage: match_offline solve FILE [--time]
           match_offline speeddate FILE [--time]

    Prints the answer on stdout. With --time, also prints one line
    "parse_ms=.. build_ms=.. solve_ms=.. write_ms=.. total_ms=.." on stderr. Exit status
    0 on success, 2 on a malformed instance or bad usage.
*/
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match_json.h"

int
main (int argc, char **argv)
{
    bool timed = argc == 4 && strcmp (argv[3], "--time") == 0;
    if ((argc != 3 && !timed)
        || (strcmp (argv[1], "solve") != 0 && strcmp (argv[1], "speeddate") != 0)) {
        fprintf (stderr, "usage: match_offline solve|speeddate FILE [--time]\n");
        return 2;
    }
    match_json_timing_t timing = {0};
    char *err = NULL;
    int rc = strcmp (argv[1], "solve") == 0
                 ? match_solve_json_file_timed (argv[2], stdout, &timing, &err)
                 : match_speeddate_json_file_timed (argv[2], stdout, &timing,
                                                    &err);
    if (rc) {
        fprintf (stderr, "match_offline: %s\n", err ? err : "out of memory");
        free (err);
        return 2;
    }
    if (timed)
        fprintf (stderr, "parse_ms=%.3f build_ms=%.3f solve_ms=%.3f write_ms=%.3f "
                 "total_ms=%.3f\n", timing.parse_ms, timing.build_ms,
                 timing.solve_ms, timing.write_ms,
                 timing.parse_ms + timing.build_ms + timing.solve_ms
                     + timing.write_ms);
    return 0;
}
