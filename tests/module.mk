# Test programs and the suites `make test` runs.
$(B)/tests/selftest: $(B)/tests/unit/selftest.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

UNIT_TESTS += $(B)/tests/selftest

ITEST_OBJ := $(B)/tests/integration/itest.o
$(B)/tests/registry_test: $(B)/tests/integration/registry_test.o $(ITEST_OBJ) $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

INTEGRATION_TESTS += $(B)/tests/registry_test

# sk_service's deferred replies, on a service of its own (tests/integration/defer_test.c)
$(B)/tests/defer_test: $(B)/tests/integration/defer_test.o $(ITEST_OBJ) $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

INTEGRATION_TESTS += $(B)/tests/defer_test
INTEGRATION_TESTS += tests/integration/cli.sh

# Clients of a list of instances, kill -9 of one (issue #17)
$(B)/tests/failover_test: $(B)/tests/integration/failover_test.o $(ITEST_OBJ) $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

INTEGRATION_TESTS += $(B)/tests/failover_test

# notify's bus with two notify instances, kill -9 of one (issue #17)
$(B)/tests/bus_twice_test: $(B)/tests/integration/bus_twice_test.o $(ITEST_OBJ) $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

INTEGRATION_TESTS += $(B)/tests/bus_twice_test
# The stack split over two network namespaces, as two servers (issue #17;
# root and ip netns, else one "skipped" line)
INTEGRATION_TESTS += tests/integration/twoservers.sh
# One caller cannot grow a service or slow the others; a removed
# certificate ends its sessions (issue #17)
$(B)/tests/bounds_test: $(B)/tests/integration/bounds_test.o $(ITEST_OBJ) $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

INTEGRATION_TESTS += $(B)/tests/bounds_test
UNIT_TESTS += tests/unit/valgrind.sh
INTEGRATION_TESTS += tests/integration/registry_overview.sh
INTEGRATION_TESTS += tests/integration/registry_import.sh
INTEGRATION_TESTS += tests/integration/registry_hsds.sh
INTEGRATION_TESTS += tests/integration/registry_search.sh
INTEGRATION_TESTS += tests/integration/registry_search_danish.sh
# samskab-web's suites (clients/web), after the services' own: they cast
# ballots, and vote_test's first case needs a ballot table no one has cast
# into yet
INTEGRATION_TESTS += tests/integration/web_http.sh tests/integration/web_citizen.sh \
    tests/integration/web_browser.sh
# A party's login and pages (clients/web/web_login.c): mail through the stack's sink
INTEGRATION_TESTS += tests/integration/web_party.sh

# Random requests to every running service, last (its junk lands in the
# throwaway stack after the other suites). make fuzz: many more.
$(B)/tests/fuzz_test: $(B)/tests/integration/fuzz_test.o $(ITEST_OBJ) $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

INTEGRATION_TESTS += $(B)/tests/fuzz_test
# Supervision (kill -9, SIGTERM, a start while PostgreSQL is down), after
# the fuzzer: it stops PostgreSQL and restarts services under the others
INTEGRATION_TESTS += tests/integration/supervise.sh

.PHONY: fuzz
fuzz:
	@deploy/local/deps.sh
	@$(MAKE) --no-print-directory all $(B)/tests/fuzz_test
	@SAMSKAB_TEST_VAR=$(CURDIR)/var/fuzz tests/run.sh tests/integration/fuzz_long.sh
UNIT_TESTS += tests/unit/format.sh
# The selftests again with ASan and UBSan (make asan-selftests builds them)
UNIT_TESTS += tests/unit/asan-selftests.sh
UNIT_TESTS += tests/unit/cppcheck.sh
UNIT_TESTS += tests/unit/longfn.sh
# Whatever stops a service waits for its drain (issue #17)
UNIT_TESTS += tests/unit/stoptime.sh
# The erase key: registry and vote refuse to start without a usable one
INTEGRATION_TESTS += tests/integration/erasekey.sh
# The request role: a service refuses a superuser, BYPASSRLS or a member of
# the tables' owner, and warns of the owner itself (issue #17)
INTEGRATION_TESTS += tests/integration/dbroles.sh
