/*  sk_log.c: levelled logging (allocation is lib/base/sk_mem.c).

    A warning repeated (the same format, from one call site) within 10 s of
    its last line is counted, not written; its next line after that says
    how many there were: one line with a count, not thousands.
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

//  The warnings seen lately: format, when last written, repeats since
#define S_REPEATS 32
static struct {
    const char *format;
    int64_t written_ms;
    unsigned repeats;
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
//  held back since its last line.
static bool
s_write_warning (const char *format, unsigned *repeats)
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

void
sk_log_init (const char *program, sk_level_t min_level)
{
    snprintf (s_program, sizeof s_program, "%s", program);
    s_min_level = min_level;
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

void
sk_log (sk_level_t level, const char *format, ...)
{
    static const char *tags[] = { "DEBUG", "LOG", "WARNING", "ERROR", "FATAL" };
    if (level < s_min_level)
        return;
    unsigned repeats = 0;
    if (level == SK_WARNING && !s_write_warning (format, &repeats))
        return;
    struct timeval tv;
    gettimeofday (&tv, NULL);
    struct tm tm;
    localtime_r (&tv.tv_sec, &tm);
    char stamp[32];
    strftime (stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);

    char text[2048];
    va_list args;
    va_start (args, format);
    int used = vsnprintf (text, sizeof text, format, args);
    va_end (args);
    //  The count goes on the message's last line (libpq's end in \n)
    while (repeats && used > 0 && used < (int)sizeof text && text[used - 1] == '\n')
        text[--used] = 0;
    if (repeats && used >= 0 && used < (int)sizeof text)
        snprintf (text + used, sizeof text - (size_t)used,
                  " (and %u more like it since the last such line)", repeats);
    //  One write per line so lines from worker threads never interleave
    char line[2200];
    int len = snprintf (line, sizeof line, "%s.%03d %s[%d] %s:  %s\n", stamp,
                        (int)(tv.tv_usec / 1000), s_program, (int)getpid (), tags[level], text);
    if (len > (int)sizeof line - 1)
        len = (int)sizeof line - 1;
    if (write (STDERR_FILENO, line, (size_t)len) < 0) {
        //  Nowhere left to report a failing stderr
    }
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
    CHECK_INT_EQ (lines, 6); //  and the blank line after x's
    CHECK_STR_CONTAINS (text, "WARNING:  could not reach x (test)\n");
    CHECK_STR_CONTAINS (text, "WARNING:  another warning (test)\n");
    CHECK_STR_CONTAINS (text, "WARNING:  could not reach y (test) (and 999 more like it since "
                              "the last such line)\n");
    SK_CASE_END ("sk_log: a repeated warning is one line with a count");
}
