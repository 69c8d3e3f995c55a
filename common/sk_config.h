/*  sk_config.h: configuration from a ZPL file (czmq zconfig) and the
    environment. A key "registry/endpoint" is read from the environment as
    SAMSKAB_REGISTRY_ENDPOINT first, then from the file, then the default.
*/
#ifndef SK_CONFIG_H_INCLUDED
#define SK_CONFIG_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

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

//  The web site as mails link to it (web/public_url, else http:// and
//  web/listen), without a final /. samskab-web's login mails and notify's
//  texts both link with it, so one setting serves both. The caller's.
char *sk_config_public_url (sk_config_t *self);

#define SK_CONFIG_KEY_BYTES 32
//  The secret key in the file setting names: 32 bytes, or 64 hexadecimal
//  digits (blanks around them allowed), in a file no other user may read
//  (mode 600 or 640). 0, or -1 and a log line naming the setting and the
//  file when the setting is missing or the file cannot be opened, is
//  readable or writable by others, or holds anything else (the caller
//  refuses to start). hint is logged after a missing setting.
int sk_config_key (sk_config_t *self, const char *setting, const char *hint,
                   uint8_t key[SK_CONFIG_KEY_BYTES]);

void sk_config_test (bool verbose);

#endif
