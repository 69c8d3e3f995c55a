/*  sk_config.c: ZPL file plus environment overrides. */
#include <czmq.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/stat.h>

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

char *
sk_config_public_url (sk_config_t *self)
{
    const char *url = sk_config_get (self, "web/public_url", NULL);
    char *own =
        url ? sk_strdup (url)
            : sk_asprintf ("http://%s", sk_config_get (self, "web/listen", "127.0.0.1:8080"));
    size_t n = strlen (own);
    if (n && own[n - 1] == '/')
        own[n - 1] = 0;
    return own;
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

//  Parse 64 hex digits (surrounding blanks allowed) into key; 0 or -1.
static int
s_hex_key (const char *text, size_t len, uint8_t *key)
{
    while (len && isspace ((unsigned char)text[len - 1]))
        len--;
    while (len && isspace ((unsigned char)*text)) {
        text++;
        len--;
    }
    size_t bin_len;
    if (len != 2 * SK_CONFIG_KEY_BYTES
        || sodium_hex2bin (key, SK_CONFIG_KEY_BYTES, text, len, NULL, &bin_len, NULL)
        || bin_len != SK_CONFIG_KEY_BYTES)
        return -1;
    return 0;
}

int
sk_config_key (sk_config_t *self, const char *setting, const char *hint,
               uint8_t key[SK_CONFIG_KEY_BYTES])
{
    const char *path = sk_config_get (self, setting, NULL);
    if (!path) {
        sk_error ("missing setting \"%s\"", setting);
        if (hint)
            sk_log (SK_LOG, "HINT: %s", hint);
        return -1;
    }
    //  The mode is read from the file opened, not from its name
    int fd = open (path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat (fd, &st)) {
        sk_error ("could not open key file \"%s\" (setting \"%s\"): %s", path, setting,
                  strerror (errno));
        if (fd >= 0)
            close (fd);
        return -1;
    }
    if (!S_ISREG (st.st_mode) || (st.st_mode & S_IRWXO)) {
        close (fd);
        sk_error ("key file \"%s\" (setting \"%s\") is %s", path, setting,
                  S_ISREG (st.st_mode) ? "readable or writable by other users"
                                       : "not a regular file");
        sk_log (SK_LOG, "HINT: chmod 600 \"%s\"", path);
        return -1;
    }
    char buf[200];
    ssize_t got = read (fd, buf, sizeof buf);
    close (fd);
    size_t len = got > 0 ? (size_t)got : 0;
    int rc = 0;
    if (len == SK_CONFIG_KEY_BYTES)
        memcpy (key, buf, SK_CONFIG_KEY_BYTES);
    else if (s_hex_key (buf, len, key)) {
        sk_error ("key file \"%s\" (setting \"%s\") must hold 32 bytes or 64 "
                  "hexadecimal digits",
                  path, setting);
        rc = -1;
    }
    sodium_memzero (buf, sizeof buf);
    return rc;
}

//  sk_config_key on a file of text and mode; its answer
static int
s_key_test (sk_config_t *config, const char *path, const char *text, mode_t mode, uint8_t *key)
{
    FILE *f = fopen (path, "w");
    fputs (text, f);
    fclose (f);
    chmod (path, mode);
    return sk_config_key (config, "registry/erase_key_file", NULL, key);
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
    //  The site mails link to: the listen address, else public_url without its /
    char *url = sk_config_public_url (config);
    CHECK_STR_EQ (url, "http://127.0.0.1:8080");
    free (url);
    setenv ("SAMSKAB_WEB_PUBLIC_URL", "https://samskab.randers.dk/", 1);
    url = sk_config_public_url (config);
    CHECK_STR_EQ (url, "https://samskab.randers.dk");
    free (url);
    unsetenv ("SAMSKAB_WEB_PUBLIC_URL");
    //  A key file: missing setting, missing file, readable by all, not a key
    uint8_t key[SK_CONFIG_KEY_BYTES];
    CHECK_INT_EQ (sk_config_key (config, "registry/erase_key_file", NULL, key), -1);
    char key_path[] = "/tmp/sk_config_key_XXXXXX";
    close (mkstemp (key_path));
    setenv ("SAMSKAB_REGISTRY_ERASE_KEY_FILE", key_path, 1);
    const char *hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";
    CHECK_INT_EQ (s_key_test (config, key_path, hex, 0600, key), 0);
    CHECK_INT_EQ (key[0], 0);
    CHECK_INT_EQ (key[31], 31);
    CHECK_INT_EQ (s_key_test (config, key_path, hex, 0640, key), 0);
    CHECK_INT_EQ (s_key_test (config, key_path, hex, 0644, key), -1);
    CHECK_INT_EQ (s_key_test (config, key_path, "00112233", 0600, key), -1);
    CHECK_INT_EQ (s_key_test (config, key_path, "", 0600, key), -1);
    unlink (key_path);
    CHECK_INT_EQ (sk_config_key (config, "registry/erase_key_file", NULL, key), -1);
    unsetenv ("SAMSKAB_REGISTRY_ERASE_KEY_FILE");
    sk_config_destroy (&config);
    CHECK_NULL (config);
    unlink (path);
    CHECK_NULL (sk_config_new ("/nonexistent/samskab.cfg"));
    SK_CASE_END ("sk_config");
}
