/*  sk_config.c: ZPL file plus environment overrides. */
#include <czmq.h>
#include <errno.h>
#include <pthread.h>

#include "sk_check.h"
#include "sk_config.h"
#include "sk_log.h"
#include "sk_mem.h"

struct _sk_config_t {
    zconfig_t *file; //  parsed file, or NULL
    zhash_t *env;    //  env values looked up so far, kept alive for callers
    //  Stays: the threads a service starts read the one configuration as
    //  they start, and a lookup caches the environment's values in env;
    //  reads happen at start-up only, so an actor would save nothing.
    pthread_mutex_t lock;
};

sk_config_t *
sk_config_new (const char *path)
{
    sk_config_t *self = sk_malloc (sizeof *self);
    self->file = NULL;
    self->env = zhash_new ();
    zhash_autofree (self->env);
    pthread_mutex_init (&self->lock, NULL);
    if (path) {
        if (access (path, R_OK) != 0) {
            sk_error ("could not open configuration file \"%s\": %s", path, strerror (errno));
            sk_config_destroy (&self);
            return NULL;
        }
        self->file = zconfig_load (path);
        if (!self->file) {
            sk_error ("could not parse configuration file \"%s\"", path);
            sk_config_destroy (&self);
            return NULL;
        }
    }
    return self;
}

void
sk_config_destroy (sk_config_t **self_p)
{
    sk_config_t *self = *self_p;
    if (!self)
        return;
    zconfig_destroy (&self->file);
    zhash_destroy (&self->env);
    pthread_mutex_destroy (&self->lock);
    free (self);
    *self_p = NULL;
}

const char *
sk_config_get (sk_config_t *self, const char *key, const char *deflt)
{
    char name[128] = "SAMSKAB_";
    size_t n = strlen (name);
    for (const char *k = key; *k && n < sizeof name - 1; k++)
        name[n++] = (*k == '/' || *k == '-') ? '_' : (char)toupper (*k);
    name[n] = 0;
    const char *value = getenv (name);
    if (value) {
        //  A copy per name, replaced only when the environment changed, so
        //  a value handed out before stays valid
        pthread_mutex_lock (&self->lock);
        const char *kept = (const char *)zhash_lookup (self->env, name);
        if (!kept || strcmp (kept, value)) {
            zhash_update (self->env, name, (void *)value);
            kept = (const char *)zhash_lookup (self->env, name);
        }
        pthread_mutex_unlock (&self->lock);
        return kept;
    }
    if (self->file) {
        char *v = zconfig_get (self->file, key, NULL);
        if (v)
            return v;
    }
    return deflt;
}

int
sk_config_int (sk_config_t *self, const char *key, int deflt, int min, int max, int *value)
{
    const char *s = sk_config_get (self, key, NULL);
    if (!s) {
        *value = deflt;
        return 0;
    }
    char *end;
    errno = 0;
    long v = strtol (s, &end, 10);
    if (errno || end == s || *end || v < min || v > max) {
        sk_error ("invalid value for setting \"%s\": \"%s\"", key, s);
        sk_log (SK_LOG, "HINT: an integer from %d to %d is expected", min, max);
        return -1;
    }
    *value = (int)v;
    return 0;
}

void
sk_config_test (bool verbose)
{
    (void)verbose;
    SK_CASE_BEGIN ();
    char path[] = "/tmp/sk_config_test_XXXXXX";
    int fd = mkstemp (path);
    CHECK_INT_GE (fd, 0);
    const char *text = "registry\n    endpoint = \"tcp://127.0.0.1:7101\"\n"
                       "    workers = 4\n";
    CHECK_INT_EQ (write (fd, text, strlen (text)), (ssize_t)strlen (text));
    close (fd);
    sk_config_t *config = sk_config_new (path);
    CHECK_NOT_NULL (config);
    CHECK_STR_EQ (sk_config_get (config, "registry/endpoint", NULL), "tcp://127.0.0.1:7101");
    CHECK_STR_EQ (sk_config_get (config, "registry/absent", "x"), "x");
    setenv ("SAMSKAB_REGISTRY_ENDPOINT", "tcp://127.0.0.1:9", 1);
    CHECK_STR_EQ (sk_config_get (config, "registry/endpoint", NULL), "tcp://127.0.0.1:9");
    unsetenv ("SAMSKAB_REGISTRY_ENDPOINT");
    int workers = 0;
    CHECK_INT_EQ (sk_config_int (config, "registry/workers", 2, 1, 64, &workers), 0);
    CHECK_INT_EQ (workers, 4);
    CHECK_INT_EQ (sk_config_int (config, "registry/endpoint", 2, 1, 64, &workers), -1);
    sk_config_destroy (&config);
    CHECK_NULL (config);
    unlink (path);
    CHECK_NULL (sk_config_new ("/nonexistent/samskab.cfg"));
    SK_CASE_END ("sk_config");
}
