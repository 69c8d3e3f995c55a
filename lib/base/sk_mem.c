/*  sk_mem.c: allocation that aborts through one place. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_check.h"
#include "sk_mem.h"

void
sk_mem_fail (size_t size)
{
    //  No allocation here: stderr is unbuffered
    fprintf (stderr, "out of memory allocating %zu bytes\n", size);
    abort ();
}

void *
sk_malloc (size_t size)
{
    void *p = malloc (size ? size : 1);
    if (!p)
        sk_mem_fail (size);
    return p;
}

void *
sk_calloc (size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        sk_mem_fail (SIZE_MAX);
    void *p = calloc (count && size ? count : 1, count && size ? size : 1);
    if (!p)
        sk_mem_fail (count * size);
    return p;
}

void *
sk_realloc (void *ptr, size_t size)
{
    void *p = realloc (ptr, size ? size : 1);
    if (!p)
        sk_mem_fail (size);
    return p;
}

void *
sk_reallocarray (void *ptr, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        sk_mem_fail (SIZE_MAX);
    return sk_realloc (ptr, count * size);
}

char *
sk_strndup (const char *s, size_t n)
{
    char *p = sk_malloc (n + 1);
    memcpy (p, s, n);
    p[n] = 0;
    return p;
}

char *
sk_strdup (const char *s)
{
    return sk_strndup (s, strlen (s));
}

char *
sk_vasprintf (const char *format, va_list args)
{
    char *out = NULL;
    if (vasprintf (&out, format, args) < 0)
        sk_mem_fail (strlen (format)); //  its only failure: the size is unknown
    return out;
}

char *
sk_asprintf (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    char *out = sk_vasprintf (format, args);
    va_end (args);
    return out;
}

//  --------------------------------------------------------------------------
//  Selftest

void
sk_mem_test (bool verbose)
{
    if (verbose)
        printf ("# sk_mem_test\n");
    SK_CASE_BEGIN ();
    int64_t *v = sk_calloc (4, sizeof *v);
    CHECK_INT_EQ (v[0] + v[3], 0);
    v = sk_reallocarray (v, 1000, sizeof *v);
    v[999] = 7;
    CHECK_INT_EQ (v[999], 7);
    free (v);
    void *empty = sk_malloc (0); //  zero bytes: still a pointer to free
    CHECK (empty != NULL);
    free (empty);
    char *s = sk_strdup ("park");
    char *t = sk_strndup ("lamp post", 4);
    char *u = sk_asprintf ("%s-%s-%d", s, t, 7);
    CHECK_STR_EQ (u, "park-lamp-7");
    free (s);
    free (t);
    free (u);
    SK_CASE_END ("sk_mem: allocates, grows, copies and formats");
}
