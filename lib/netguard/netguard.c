/*  netguard.c: special address ranges and an allow list (netguard.h).

    Every address is judged as 16 bytes: an IPv4 address as the IPv4-mapped
    IPv6 address ::ffff:a.b.c.d, so one table of prefixes holds both.
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netguard/netguard.h"
#include "sk_mem.h"

typedef struct {
    uint8_t addr[16];
    int bits;
} range_t;

struct _netguard_t {
    range_t *allow;
    size_t count;
};

//  The special ranges: a prefix as text, its length in the IPv6 form, and
//  what it is.
static const struct {
    const char *prefix;
    int bits;
    const char *kind;
} s_special[] = {
    { "::ffff:0.0.0.0", 104, "a \"this network\"" },
    { "::ffff:10.0.0.0", 104, "a private" },
    { "::ffff:100.64.0.0", 106, "a shared (carrier-grade NAT)" },
    { "::ffff:127.0.0.0", 104, "a loopback" },
    { "::ffff:169.254.0.0", 112, "a link-local" },
    { "::ffff:172.16.0.0", 108, "a private" },
    { "::ffff:192.0.0.0", 120, "a reserved" },
    { "::ffff:192.168.0.0", 112, "a private" },
    { "::ffff:198.18.0.0", 111, "a benchmarking" },
    { "::ffff:224.0.0.0", 100, "a multicast" },
    { "::ffff:240.0.0.0", 100, "a reserved" },
    { "::", 128, "the unspecified" },
    { "::1", 128, "a loopback" },
    { "fc00::", 7, "a unique-local" },
    { "fe80::", 10, "a link-local" },
    { "fec0::", 10, "a site-local" },
    { "ff00::", 8, "a multicast" },
};

static bool
s_in (const uint8_t *addr, const uint8_t *prefix, int bits)
{
    int bytes = bits / 8, rest = bits % 8;
    if (memcmp (addr, prefix, (size_t)bytes))
        return false;
    if (!rest)
        return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (addr[bytes] & mask) == (prefix[bytes] & mask);
}

static void
s_mapped (uint8_t *out, const void *v4)
{
    memset (out, 0, 10);
    out[10] = out[11] = 0xff;
    memcpy (out + 12, v4, 4);
}

//  Parse one range "ADDR[/BITS]" of len bytes into r; 0 or -1.
static int
s_parse (const char *text, size_t len, range_t *r)
{
    char buf[64];
    if (len >= sizeof buf)
        return -1;
    memcpy (buf, text, len);
    buf[len] = 0;
    char *slash = strchr (buf, '/');
    long bits = -1;
    if (slash) {
        char *end;
        *slash = 0;
        bits = strtol (slash + 1, &end, 10);
        if (end == slash + 1 || *end || bits < 0)
            return -1;
    }
    struct in_addr v4;
    struct in6_addr v6;
    if (inet_pton (AF_INET, buf, &v4) == 1) {
        if (bits > 32)
            return -1;
        s_mapped (r->addr, &v4);
        r->bits = 96 + (int)(bits < 0 ? 32 : bits);
    } else if (inet_pton (AF_INET6, buf, &v6) == 1) {
        if (bits > 128)
            return -1;
        memcpy (r->addr, &v6, 16);
        r->bits = (int)(bits < 0 ? 128 : bits);
    } else
        return -1;
    return 0;
}

netguard_t *
netguard_new (const char *allow, char *why, size_t why_size)
{
    netguard_t *self = (netguard_t *)sk_calloc (1, sizeof *self);
    const char *p = allow ? allow : "";
    while (*p) {
        size_t skip = strspn (p, ", \t"), len = strcspn (p + skip, ", \t");
        p += skip;
        if (!len)
            break;
        range_t r;
        if (s_parse (p, len, &r)) {
            snprintf (why, why_size, "\"%.*s\" is not an address range (CIDR, e.g. 127.0.0.0/8)",
                      (int)(len > 64 ? 64 : len), p);
            netguard_destroy (&self);
            return NULL;
        }
        self->allow = (range_t *)sk_reallocarray (self->allow, self->count + 1, sizeof r);
        self->allow[self->count++] = r;
        p += len;
    }
    return self;
}

void
netguard_destroy (netguard_t **self_p)
{
    if (*self_p) {
        free ((*self_p)->allow);
        free (*self_p);
        *self_p = NULL;
    }
}

bool
netguard_permits (const netguard_t *self, const struct sockaddr *addr, char *why, size_t why_size)
{
    uint8_t a[16];
    if (addr->sa_family == AF_INET)
        s_mapped (a, &((const struct sockaddr_in *)addr)->sin_addr);
    else if (addr->sa_family == AF_INET6)
        memcpy (a, &((const struct sockaddr_in6 *)addr)->sin6_addr, 16);
    else {
        snprintf (why, why_size, "address family %d is neither IPv4 nor IPv6", addr->sa_family);
        return false;
    }
    //  NAT64 carries an IPv4 address in its last four bytes
    static const uint8_t nat64[12] = { 0x00, 0x64, 0xff, 0x9b };
    if (memcmp (a, nat64, 12) == 0)
        s_mapped (a, a + 12);
    for (size_t i = 0; self && i < self->count; i++)
        if (s_in (a, self->allow[i].addr, self->allow[i].bits))
            return true;
    for (size_t i = 0; i < sizeof s_special / sizeof s_special[0]; i++) {
        uint8_t prefix[16];
        inet_pton (AF_INET6, s_special[i].prefix, prefix);
        if (s_in (a, prefix, s_special[i].bits)) {
            char text[INET6_ADDRSTRLEN];
            static const uint8_t v4[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
            if (memcmp (a, v4, 12) == 0)
                inet_ntop (AF_INET, a + 12, text, sizeof text);
            else
                inet_ntop (AF_INET6, a, text, sizeof text);
            snprintf (why, why_size, "%s is %s address", text, s_special[i].kind);
            return false;
        }
    }
    return true;
}
