/*  web_limit.c: per-address rate limits (refused codes, ideas, login
    requests), without a lock. Each form names its bucket in who ("code
    ADDRESS", "idea ADDRESS", "login ADDRESS"), so one form's attempts do
    not use up another's.

    Connections run in threads of their own, so the counts are shared: a
    fixed table of 4,096 atomic words, each the current minute and a count,
    indexed by a keyed hash (SipHash, libsodium's crypto_shorthash, under a
    key drawn at start) of the client's address. Two addresses that share a
    slot share a limit; with the key secret, no one can aim for another's
    slot. Nothing about an address is kept but the slot's count.
*/
#include <czmq.h>
#include <sodium.h>
#include <stdatomic.h>

#include "web.h"

#define S_SLOTS 4096

static _Atomic uint64_t s_slots[S_SLOTS]; //  minute << 32 | count
static uint8_t s_key[crypto_shorthash_KEYBYTES];
static atomic_bool s_keyed;

void
web_limit_init (void)
{
    if (sodium_init () < 0)
        abort ();
    crypto_shorthash_keygen (s_key);
    atomic_store (&s_keyed, true);
}

//  The slot of who, and the current minute into *minute.
static _Atomic uint64_t *
s_cell (const char *who, uint64_t *minute)
{
    uint8_t hash[crypto_shorthash_BYTES];
    crypto_shorthash (hash, (const uint8_t *)who, strlen (who), s_key);
    uint64_t slot;
    memcpy (&slot, hash, sizeof slot);
    *minute = (uint64_t)time (NULL) / 60 & 0xffffffff;
    return &s_slots[slot % S_SLOTS];
}

bool
web_limit_full (const char *who, int per_minute)
{
    if (!atomic_load (&s_keyed))
        return false;
    uint64_t minute;
    uint64_t old = atomic_load (s_cell (who, &minute));
    return (old >> 32) == minute && (old & 0xffffffff) >= (uint64_t)per_minute;
}

bool
web_limit_take (const char *who, int per_minute)
{
    if (!atomic_load (&s_keyed))
        return true;
    uint64_t minute;
    _Atomic uint64_t *cell = s_cell (who, &minute);
    uint64_t old = atomic_load (cell);
    for (;;) {
        uint64_t count = (old >> 32) == minute ? (old & 0xffffffff) : 0;
        if (count >= (uint64_t)per_minute)
            return false;
        if (atomic_compare_exchange_weak (cell, &old, minute << 32 | (count + 1)))
            return true;
    }
}
