/*  sk_log.c: levelled logging (allocation is lib/base/sk_mem.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "sk_log.h"

static char s_program[32] = "samskab";
static sk_level_t s_min_level = SK_LOG;

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
    struct timeval tv;
    gettimeofday (&tv, NULL);
    struct tm tm;
    localtime_r (&tv.tv_sec, &tm);
    char stamp[32];
    strftime (stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);

    char text[2048];
    va_list args;
    va_start (args, format);
    vsnprintf (text, sizeof text, format, args);
    va_end (args);
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
