/*  sk_names.c: names of files that more than one client writes. */
#include <stdio.h>

#include "sk_names.h"

void
sk_pb_name (char *buf, size_t size, int64_t process, int64_t n)
{
    snprintf (buf, size, "%lld-pool-%lld.pb", (long long)process, (long long)n);
}
