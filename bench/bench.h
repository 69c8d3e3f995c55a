/*  bench.h: what the benchmarks' load generators share: sorting samples
    for percentiles, and reading the voter codes of a
    `samskab budget codes --csv` file. Plain C11.
*/
#ifndef BENCH_H_INCLUDED
#define BENCH_H_INCLUDED

#include <stddef.h>

//  qsort comparison of two int64_t (microseconds, for percentiles).
int bench_cmp_i64 (const void *a, const void *b);

//  The codes of path: of each line with ';' (samskab budget codes --csv)
//  the field shaped XXXXX-XXXXX, else the line, kept if at least 4 and
//  fewer than width characters long (the header and blank lines are not), as *count strings of width bytes in one block the
//  caller frees; NULL, said on stderr by prog, if the file cannot be read
//  or holds no code.
char *bench_codes_read (const char *prog, const char *path, size_t width, size_t *count);

#endif
