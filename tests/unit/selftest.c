/*  selftest: runs every common/ class's selftest; one TAP line per class. */
#include <czmq.h>

#include "sk_auth.h"
#include "sk_bus.h"
#include "sk_call.h"
#include "sk_check.h"
#include "sk_config.h"
#include "sk_erase.h"
#include "sk_log.h"
#include "sk_msg.h"
#include "sk_party.h"

int
main (int argc, char **argv)
{
    bool verbose = argc > 1 && streq (argv[1], "-v");
    sk_log_init ("selftest", verbose ? SK_DEBUG : SK_WARNING);
    zsys_init ();
    zsys_set_logstream (NULL);
    sk_log_test (verbose);
    sk_msg_test (verbose);
    sk_config_test (verbose);
    sk_erase_test (verbose);
    sk_auth_test (verbose);
    sk_bus_test (verbose);
    sk_party_test (verbose);
    sk_call_test (verbose);
    zsys_shutdown ();
    return sk_check_cases_failed ? 1 : 0;
}
