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
INTEGRATION_TESTS += tests/integration/cli.sh
UNIT_TESTS += tests/unit/valgrind.sh
INTEGRATION_TESTS += tests/integration/registry_overview.sh
