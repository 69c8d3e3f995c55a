# Test programs and the suites `make test` runs.
$(B)/tests/selftest: $(B)/tests/unit/selftest.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

UNIT_TESTS += $(B)/tests/selftest
