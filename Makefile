# samskab: one non-recursive Makefile. Every module adds itself in a module.mk
# beside its sources (BINS, UNIT_TESTS, INTEGRATION_TESTS, its own targets).

CC       ?= cc
OPT      ?= -O2 -g
CFLAGS   := -std=c11 -Wall -Wextra -Wno-missing-field-initializers -Werror -D_GNU_SOURCE $(OPT) -Icommon -I/usr/include/postgresql $(EXTRA_CFLAGS)
LDFLAGS  := $(EXTRA_LDFLAGS)
B        := build
LIBS_SK  := -lczmq -lzmq -lmsgpackc -lpq -lsodium -lpthread

BINS              :=
UNIT_TESTS        :=
INTEGRATION_TESTS :=

.PHONY: all deps test run clean memcheck format
all:

# common/ first: the others link $(LIBSK), expanded as their rules are read
include common/module.mk
include $(sort $(wildcard services/*/module.mk clients/*/module.mk deploy/module.mk tests/module.mk bench/module.mk))

all: $(BINS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# Debian packages the build, the tests and `make run` need.
deps:
	@deploy/local/deps.sh

clean:
	rm -rf $(B) bin

# The house style (.clang-format); tests/unit/format.sh checks it in make test.
format:
	clang-format -i $$(git ls-files '*.c' '*.h')

# The two commands. Each installs what is missing first, then builds.
test:
	@deploy/local/deps.sh
	@$(MAKE) --no-print-directory all $(UNIT_TESTS) $(INTEGRATION_TESTS)
	@tests/run.sh $(UNIT_TESTS) $(INTEGRATION_TESTS)

run:
	@deploy/local/deps.sh
	@$(MAKE) --no-print-directory all
	@deploy/local/run.sh

# The full memory check: selftests and every integration test, with the
# services running under valgrind.
memcheck:
	@deploy/local/deps.sh
	@$(MAKE) --no-print-directory all $(UNIT_TESTS) $(INTEGRATION_TESTS)
	@SAMSKAB_WRAP="valgrind --leak-check=full --errors-for-leak-kinds=definite --log-file=$(CURDIR)/var/test/valgrind-%q{SAMSKAB_SERVICE}.log" \
	    tests/run.sh tests/unit/valgrind.sh $(INTEGRATION_TESTS) tests/integration/memcheck-services.sh
