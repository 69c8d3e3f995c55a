# lib/base: the one allocator (sk_mem.h), UTF-8 validation (sk_utf8.h), calendar
# dates (sk_date.h), grouped digits (sk_number.h) and
# the test assertions (sk_check.h), on every include path. No dependency
# but libc.
BASE_OBJ := $(B)/lib/base/sk_mem.o $(B)/lib/base/sk_utf8.o $(B)/lib/base/sk_date.o \
            $(B)/lib/base/sk_number.o $(B)/lib/base/sk_check.o

$(LIB_BASE): $(BASE_OBJ)

$(B)/lib/base/base_test: $(B)/lib/base/base_test.o $(LIB_BASE)
	$(CC) $(LDFLAGS) -o $@ $^

UNIT_TESTS += $(B)/lib/base/base_test
SELFTESTS  += $(B)/lib/base/base_test
