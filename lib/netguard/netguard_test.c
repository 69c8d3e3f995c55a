/*  netguard_test: lib/netguard's selftest and usage example: what a
    webhook may reach with and without an allow list, judged on the address
    connected to, and allow lists that are refused.
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "netguard/netguard.h"
#include "sk_check.h"

//  Judge one address given as text; why gets the reason.
static bool
s_permits (const netguard_t *guard, const char *text, char *why, size_t size)
{
    struct sockaddr_in v4 = { .sin_family = AF_INET };
    struct sockaddr_in6 v6 = { .sin6_family = AF_INET6 };
    why[0] = 0;
    if (inet_pton (AF_INET, text, &v4.sin_addr) == 1)
        return netguard_permits (guard, (struct sockaddr *)&v4, why, size);
    if (inet_pton (AF_INET6, text, &v6.sin6_addr) == 1)
        return netguard_permits (guard, (struct sockaddr *)&v6, why, size);
    abort ();
}

static void
s_test_default (void)
{
    SK_CASE_BEGIN ();
    char why[128];
    netguard_t *guard = netguard_new (NULL, why, sizeof why);
    CHECK_NOT_NULL (guard);
    static const struct {
        const char *addr, *why;
    } refused[] = {
        { "127.0.0.1", "127.0.0.1 is a loopback address" },
        { "10.1.2.3", "10.1.2.3 is a private address" },
        { "172.31.255.255", "172.31.255.255 is a private address" },
        { "192.168.0.1", "192.168.0.1 is a private address" },
        { "169.254.169.254", "169.254.169.254 is a link-local address" },
        { "100.64.0.1", "100.64.0.1 is a shared (carrier-grade NAT) address" },
        { "0.0.0.0", "0.0.0.0 is a \"this network\" address" },
        { "224.0.0.1", "224.0.0.1 is a multicast address" },
        { "255.255.255.255", "255.255.255.255 is a reserved address" },
        { "::1", "::1 is a loopback address" },
        { "::", ":: is the unspecified address" },
        { "fd00::1", "fd00::1 is a unique-local address" },
        { "fe80::1", "fe80::1 is a link-local address" },
        { "ff02::1", "ff02::1 is a multicast address" },
        //  IPv4 inside IPv6 is judged as IPv4
        { "::ffff:127.0.0.1", "127.0.0.1 is a loopback address" },
        { "64:ff9b::a9fe:a9fe", "169.254.169.254 is a link-local address" },
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        CHECK (!s_permits (guard, refused[i].addr, why, sizeof why));
        CHECK_STR_EQ (why, refused[i].why);
    }
    //  Public addresses, and those just outside the ranges
    static const char *public[] = { "93.184.216.34", "172.32.0.1",  "100.128.0.1",
                                    "11.0.0.1",      "2001:db8::1", "::ffff:8.8.8.8" };
    for (size_t i = 0; i < sizeof public / sizeof public[0]; i++)
        CHECK (s_permits (guard, public[i], why, sizeof why));
    netguard_destroy (&guard);
    CHECK_NULL (guard);
    SK_CASE_END ("netguard: loopback, link-local, private and unique-local refused, public "
                 "permitted");
}

static void
s_test_allow (void)
{
    SK_CASE_BEGIN ();
    char why[128];
    netguard_t *guard = netguard_new ("127.0.0.0/8, 10.20.0.0/16 fd00::5", why, sizeof why);
    CHECK_NOT_NULL (guard);
    CHECK (s_permits (guard, "127.0.0.1", why, sizeof why));
    CHECK (s_permits (guard, "127.255.0.9", why, sizeof why));
    CHECK (s_permits (guard, "::ffff:127.0.0.1", why, sizeof why));
    CHECK (s_permits (guard, "10.20.200.1", why, sizeof why));
    CHECK (s_permits (guard, "fd00::5", why, sizeof why));
    //  Outside the allowed ranges: still refused
    CHECK (!s_permits (guard, "10.21.0.1", why, sizeof why));
    CHECK_STR_EQ (why, "10.21.0.1 is a private address");
    CHECK (!s_permits (guard, "::1", why, sizeof why));
    CHECK (!s_permits (guard, "fd00::6", why, sizeof why));
    netguard_destroy (&guard);
    //  Not ranges
    static const char *bad[] = { "127.0.0.0/33", "localhost", "10.0.0.0/", "::1/129",
                                 "1.2.3.4/-1" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = 0;
        CHECK_NULL (netguard_new (bad[i], why, sizeof why));
        CHECK_STR_CONTAINS (why, "is not an address range");
    }
    guard = netguard_new ("", why, sizeof why);
    CHECK (!s_permits (guard, "127.0.0.1", why, sizeof why));
    netguard_destroy (&guard);
    SK_CASE_END ("netguard: an allow list of CIDR ranges, IPv4 and IPv6; invalid ones refused");
}

int
main (int argc, char **argv)
{
    (void)argc;
    (void)argv;
    s_test_default ();
    s_test_allow ();
    return sk_check_cases_failed ? 1 : 0;
}
