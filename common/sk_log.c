/*  sk_log.c: levelled logging (allocation is lib/base/sk_mem.c).

    A warning repeated (the same format, from one call site) within 10 s of
    its last line is counted, not written; its next line after that says
    how many there were: one line with a count, not thousands. When the
    storm ends, the held count is not lost: once its 10 s are over the last
    held warning is written with the count, by the next log line of any
    kind, by sk_log_flush (a service's worker calls it when due) or at exit.
*/
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "sk_check.h"
#include "sk_log.h"

static char s_program[32] = "samskab";
static sk_level_t s_min_level = SK_LOG;

//  The warnings seen lately: format, when last written, repeats since,
//  and the last one held back (written with the count when its window ends)
#define S_REPEATS 32
static struct {
    const char *format;
    int64_t written_ms;
    unsigned repeats;
    char held[512];
} s_seen[S_REPEATS];
static pthread_mutex_t s_seen_lock = PTHREAD_MUTEX_INITIALIZER;
static int s_window_ms = 10000;

static int64_t
s_now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

//  True if this warning is to be written; *repeats then says how many were
//  held back since its last line. A warning held back is kept in held (the
//  text of its line) for s_flush.
static bool
s_write_warning (const char *format, const char *text, unsigned *repeats)
{
    int64_t now = s_now_ms ();
    bool write = true;
    pthread_mutex_lock (&s_seen_lock);
    int slot = 0;
    for (int i = 0; i < S_REPEATS; i++) {
        if (s_seen[i].format == format) {
            slot = i;
            break;
        }
        if (s_seen[i].written_ms < s_seen[slot].written_ms)
            slot = i; //  else the one written longest ago
    }
    if (s_seen[slot].format == format && now - s_seen[slot].written_ms < s_window_ms) {
        s_seen[slot].repeats++;
        snprintf (s_seen[slot].held, sizeof s_seen[slot].held, "%.511s", text);
        write = false;
    } else {
        *repeats = s_seen[slot].format == format ? s_seen[slot].repeats : 0;
        s_seen[slot].format = format;
        s_seen[slot].written_ms = now;
        s_seen[slot].repeats = 0;
    }
    pthread_mutex_unlock (&s_seen_lock);
    return write;
}

static void s_flush_at_exit (void);

void
sk_log_init (const char *program, sk_level_t min_level)
{
    snprintf (s_program, sizeof s_program, "%s", program);
    s_min_level = min_level;
    static bool registered;
    if (!registered)
        registered = atexit (s_flush_at_exit) == 0;
}

int
sk_log_level_parse (const char *name)
{
    static const char *names[] = { "debug", "log", "warning", "error" };
    for (int i = 0; i < 4; i++)
        if (strcasecmp (name, names[i]) == 0)
            return i;
    if (strcasecmp (name, "info") == 0)
        return SK_LOG;
    return -1;
}

//  Write one line of text at level, with " (and N more like it ...)" when
//  repeats; text is changed (its trailing newlines go before the count)
static void
s_write (sk_level_t level, char *text, size_t size, unsigned repeats)
{
    static const char *tags[] = { "DEBUG", "LOG", "WARNING", "ERROR", "FATAL" };
    struct timeval tv;
    gettimeofday (&tv, NULL);
    struct tm tm;
    localtime_r (&tv.tv_sec, &tm);
    char stamp[32];
    strftime (stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    size_t used = strlen (text);
    //  The count goes on the message's last line (libpq's end in \n)
    while (repeats && used > 0 && text[used - 1] == '\n')
        text[--used] = 0;
    if (repeats && used < size)
        snprintf (text + used, size - used, " (and %u more like it since the last such line)",
                  repeats);
    //  One write per line so lines from worker threads never interleave
    char line[2200];
    int len = snprintf (line, sizeof line, "%s.%03d %s[%d] %s:  %s\n", stamp,
                        (int)(tv.tv_usec / 1000), s_program, (int)getpid (), tags[level], text);
    if (len > (int)sizeof line - 1)
        len = (int)sizeof line - 1;
    if (write (STDERR_FILENO, line, (size_t)len) < 0) {
        //  Nowhere left to report a failing stderr
    }
}

//  Write the warnings held back whose window is over, each as its last
//  held line with the count of the others (but for format's, which the
//  line about to be written counts); the ms until the next window with
//  warnings held ends, or -1 if none are held.
static int
s_flush (const char *format)
{
    int64_t now = s_now_ms ();
    int next = -1;
    pthread_mutex_lock (&s_seen_lock);
    for (int i = 0; i < S_REPEATS; i++) {
        if (!s_seen[i].repeats || s_seen[i].format == format)
            continue;
        int64_t left = s_seen[i].written_ms + s_window_ms - now;
        if (left > 0) {
            next = next < 0 || left < next ? (int)left : next;
            continue;
        }
        //  The held line now counts as written: a warning like it within
        //  the window after is held again
        char text[600];
        snprintf (text, sizeof text, "%s", s_seen[i].held);
        s_write (SK_WARNING, text, sizeof text, s_seen[i].repeats - 1);
        s_seen[i].written_ms = now;
        s_seen[i].repeats = 0;
    }
    pthread_mutex_unlock (&s_seen_lock);
    return next;
}

int
sk_log_flush (void)
{
    return s_flush (NULL);
}

static void
s_flush_at_exit (void)
{
    s_window_ms = 0;
    s_flush (NULL);
}

void
sk_log (sk_level_t level, const char *format, ...)
{
    if (level < s_min_level)
        return;
    char text[2048];
    va_list args;
    va_start (args, format);
    int used = vsnprintf (text, sizeof text, format, args);
    va_end (args);
    if (used < 0)
        text[0] = 0;
    //  Counts held back whose window is over come first
    s_flush (level == SK_WARNING ? format : NULL);
    unsigned repeats = 0;
    if (level == SK_WARNING && !s_write_warning (format, text, &repeats))
        return;
    s_write (level, text, sizeof text, repeats);
    if (level == SK_FATAL)
        abort ();
}

void
sk_log_test (bool verbose)
{
    (void)verbose;
    SK_CASE_BEGIN ();
    //  Catch stderr in a file
    char path[] = "/tmp/sk_log_test_XXXXXX";
    int fd = mkstemp (path), saved = dup (STDERR_FILENO);
    CHECK_INT_GE (fd, 0);
    fflush (stderr);
    dup2 (fd, STDERR_FILENO);
    sk_level_t level = s_min_level;
    s_min_level = SK_LOG;
    s_window_ms = 300;
    for (int i = 0; i < 1000; i++)
        sk_warn ("could not reach %s (test)\n", "x");
    sk_warn ("another warning (test)");
    sk_info ("a log line is never held back (test)");
    sk_info ("a log line is never held back (test)");
    usleep (350 * 1000);
    sk_warn ("could not reach %s (test)\n", "y");
    //  A storm that ends: its count is written once its window is over,
    //  by the next line of any kind, or by sk_log_flush
    for (int i = 0; i < 50; i++)
        sk_warn ("could not deliver %d (test)", i);
    CHECK_INT_GT (sk_log_flush (), 0); //  held, the window not over
    usleep (350 * 1000);
    sk_info ("the storm is over (test)");
    for (int i = 0; i < 3; i++)
        sk_warn ("could not send %d (test)", i);
    usleep (350 * 1000);
    CHECK_INT_EQ (sk_log_flush (), -1);
    CHECK_INT_EQ (sk_log_flush (), -1); //  nothing held: nothing written
    fflush (stderr);
    dup2 (saved, STDERR_FILENO);
    close (saved);
    s_window_ms = 10000;
    s_min_level = level;
    char text[4096] = "";
    ssize_t n = pread (fd, text, sizeof text - 1, 0);
    text[n > 0 ? n : 0] = 0;
    close (fd);
    unlink (path);
    int lines = 0;
    for (char *p = text; *p; p++)
        lines += *p == '\n';
    CHECK_INT_EQ (lines, 11); //  and the blank line after x's
    CHECK_STR_CONTAINS (text, "WARNING:  could not reach x (test)\n");
    CHECK_STR_CONTAINS (text, "WARNING:  another warning (test)\n");
    CHECK_STR_CONTAINS (text, "WARNING:  could not reach y (test) (and 999 more like it since "
                              "the last such line)\n");
    CHECK_STR_CONTAINS (text, "WARNING:  could not deliver 0 (test)\n");
    CHECK_STR_CONTAINS (text, "WARNING:  could not deliver 49 (test) (and 48 more like it since "
                              "the last such line)\n");
    CHECK (strstr (text, "could not deliver 49") < strstr (text, "the storm is over"));
    CHECK_STR_CONTAINS (text, "WARNING:  could not send 2 (test) (and 1 more like it since "
                              "the last such line)\n");
    SK_CASE_END ("sk_log: a repeated warning is one line with a count, written also when the "
                 "storm ends");
}
