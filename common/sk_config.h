/*  sk_config.h: configuration from a ZPL file (czmq zconfig) and the
    environment. A key "registry/endpoint" is read from the environment as
    SAMSKAB_REGISTRY_ENDPOINT first, then from the file, then the default.
*/
#ifndef SK_CONFIG_H_INCLUDED
#define SK_CONFIG_H_INCLUDED

#include <stdbool.h>

typedef struct _sk_config_t sk_config_t;

//  Load the file at path; path NULL means the environment only. Returns NULL
//  and logs why if a named file cannot be read or parsed.
sk_config_t *sk_config_new (const char *path);
void sk_config_destroy (sk_config_t **self_p);
//  The value for key, or deflt. Borrowed: valid until the config dies.
const char *sk_config_get (sk_config_t *self, const char *key, const char *deflt);
//  An integer value within [min, max]; deflt if unset; -1 and a log line if
//  set but not an integer in range (the caller refuses to start).
int sk_config_int (sk_config_t *self, const char *key, int deflt, int min, int max, int *value);

void sk_config_test (bool verbose);

#endif
