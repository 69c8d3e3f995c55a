/*  sk_mem.h: the one allocator of samskab, for every library, common/ and
    the programs.

    Allocation failure is not an error a caller can handle: every function
    here returns usable memory or aborts the process through sk_mem_fail,
    which prints one line, "out of memory allocating N bytes", to stderr.
    Sizes of zero are allowed (one byte is allocated), and the count x size
    forms abort on overflow instead of wrapping.

    Contract: plain C11 and libc, no other dependency; thread-safe as
    malloc is.

        int64_t *v = sk_calloc (n, sizeof *v);      //  zeroed, never NULL
        v = sk_reallocarray (v, 2 * n, sizeof *v);  //  grows, never NULL
        char *name = sk_strdup ("park");
        char *line = sk_asprintf ("%s:%d", name, 7);
        free (line), free (name), free (v);
*/
#ifndef SK_MEM_H_INCLUDED
#define SK_MEM_H_INCLUDED

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

//  Like malloc, calloc and realloc, but never NULL.
void *sk_malloc (size_t size);
void *sk_calloc (size_t count, size_t size);
void *sk_realloc (void *ptr, size_t size);
//  realloc of count elements of size bytes; aborts if the product overflows.
void *sk_reallocarray (void *ptr, size_t count, size_t size);
//  A copy of s, or of its first n bytes, NUL-terminated.
char *sk_strdup (const char *s);
char *sk_strndup (const char *s, size_t n);
//  A formatted string, as asprintf; the caller frees it.
char *sk_asprintf (const char *format, ...) __attribute__ ((format (printf, 1, 2)));
char *sk_vasprintf (const char *format, va_list args) __attribute__ ((format (printf, 1, 0)));

//  Report that size bytes could not be allocated and abort. For allocators
//  of their own (lib/flow's huge pages) so that every failure reads alike.
_Noreturn void sk_mem_fail (size_t size);

//  Selftest; prints TAP lines through sk_check.h.
void sk_mem_test (bool verbose);

#endif
