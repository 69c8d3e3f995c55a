/*  bench.c: what the benchmarks' load generators share (bench.h). */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
bench_cmp_i64 (const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

char *
bench_codes_read (const char *prog, const char *path, size_t width, size_t *count)
{
    FILE *file = fopen (path, "r");
    if (!file) {
        fprintf (stderr, "%s: could not open \"%s\"\n", prog, path);
        return NULL;
    }
    char line[256], *codes = NULL;
    size_t size = 0;
    *count = 0;
    while (fgets (line, sizeof line, file)) {
        line[strcspn (line, "\r\n")] = 0;
        //  The field shaped as a voter code (XXXXX-XXXXX): samskab budget
        //  codes --csv writes borgerbudget;pakke;nummer;kode;navn;adresse;
        //  a line without ';' is a code alone
        const char *code = strchr (line, ';') ? NULL : line;
        for (char *field = strtok (line, ";"); field && !code; field = strtok (NULL, ";"))
            if (strlen (field) == 11 && field[5] == '-')
                code = field;
        if (!code || strlen (code) < 4 || strlen (code) >= width)
            continue; //  the header (English or Danish), a blank line
        if (*count == size) {
            size = size ? size * 2 : 4096;
            char *more = realloc (codes, size * width);
            if (!more)
                abort ();
            codes = more;
        }
        snprintf (codes + *count * width, width, "%s", code);
        (*count)++;
    }
    fclose (file);
    if (!*count) {
        fprintf (stderr, "%s: no code in \"%s\"\n", prog, path);
        free (codes);
        return NULL;
    }
    return codes;
}
