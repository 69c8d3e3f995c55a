/*  netguard.h: may a server connect to this address? (issue #17)

    A webhook is a URL a caller chose; without a guard it can make the
    server reach what only the server can reach: its own loopback, the
    cloud's metadata at 169.254.169.254, the private network. A guard holds
    the ranges an operator allows anyway (notify/webhook_allow, CIDR list)
    and judges the address actually connected to, after DNS, so a name that
    resolves to a private address (DNS rebinding) is judged by that address.

    Refused unless allowed: IPv4 0/8, 10/8, 100.64/10, 127/8, 169.254/16,
    172.16/12, 192.0.0/24, 192.168/16, 198.18/15, 224/4 and 240/4; IPv6
    ::, ::1, fc00::/7, fe80::/10, fec0::/10 and ff00::/8. IPv4-mapped
    (::ffff:0:0/96) and NAT64 (64:ff9b::/96) addresses are judged as the
    IPv4 address inside. Every other address is public and permitted.

        char why[128];
        netguard_t *guard = netguard_new ("127.0.0.0/8", why, sizeof why);
        if (!netguard_permits (guard, sa, why, sizeof why))
            ... why: "10.0.0.1 is a private address"
        netguard_destroy (&guard);
*/
#ifndef NETGUARD_H_INCLUDED
#define NETGUARD_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

typedef struct _netguard_t netguard_t;

//  A guard allowing the ranges in allow, a list of CIDR ranges separated
//  by commas or spaces ("127.0.0.0/8, ::1/128"; a bare address is one
//  address); NULL or "" allows none. NULL with the reason in why if a
//  range is invalid.
netguard_t *netguard_new (const char *allow, char *why, size_t why_size);
void netguard_destroy (netguard_t **self_p);

//  True if addr (AF_INET or AF_INET6) may be connected to; otherwise false
//  with why naming the address and its kind. Another family is refused.
bool netguard_permits (const netguard_t *self, const struct sockaddr *addr, char *why,
                       size_t why_size);

#endif
