# samskab: one non-recursive Makefile. Every module adds itself in a module.mk
# beside its sources (BINS, UNIT_TESTS, SELFTESTS, INTEGRATION_TESTS, its own
# targets).
#
# The rule that keeps the build independent of the order in which module.mk
# files are read: the prerequisites of a module.mk's rules name only its own
# variables and those defined here, above the includes (the archives of
# lib/, $(LIBSK)); another module's variables appear only inside recipes,
# which make expands when it runs them, after every file has been read. The
# lists (BINS, UNIT_TESTS, SELFTESTS, INTEGRATION_TESTS) are only appended to.
#
# lib/NAME holds a pure engine: no PostgreSQL, ZeroMQ or czmq, one allocator
# (lib/base/sk_mem.h). Its module.mk builds $(LIB_NAME) from lib/NAME/*.c
# (but its *_test.c) and its selftest $(B)/lib/NAME/NAME_test, which it adds
# to UNIT_TESTS and SELFTESTS (pure programs that need no running stack).
# Includes: lib/base is on every include path ("sk_mem.h", "sk_check.h"); any
# other library by its folder ("tally/tally.h"). A program links its
# libraries, users first, $(LIB_BASE) (or $(LIBSK), which ends with it) last.

CC       ?= cc
OPT      ?= -O2 -g
CFLAGS   := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE $(OPT) -Icommon -Ilib/base -Ilib -I/usr/include/postgresql $(EXTRA_CFLAGS)
LDFLAGS  := $(EXTRA_LDFLAGS)
B        := build
LIBS_SK  := -lczmq -lzmq -lmsgpackc -lpq -lsodium -lpthread

# The archives of lib/ (each built by lib/NAME/module.mk) and of common/.
LIB_BASE      := $(B)/lib/libbase.a
LIB_CSV       := $(B)/lib/libcsv.a
LIB_FLOW      := $(B)/lib/libflow.a
LIB_HTML      := $(B)/lib/libhtml.a
LIB_ICS       := $(B)/lib/libics.a
LIB_MATCHJSON := $(B)/lib/libmatchjson.a
LIB_PABULIB   := $(B)/lib/libpabulib.a
LIB_SCORE     := $(B)/lib/libscore.a
LIB_SPEEDDATE := $(B)/lib/libspeeddate.a
LIB_TALLY     := $(B)/lib/libtally.a
LIB_TOKEN     := $(B)/lib/libtoken.a
LIBSK         := $(B)/libsamskab.a $(LIB_BASE)

BINS              :=
UNIT_TESTS        :=
INTEGRATION_TESTS :=
# Pure test programs that need no stack: make test runs them a second time
# built with ASan and UBSan (tests/unit/asan-selftests.sh). A library's
# module.mk appends its selftest here.
SELFTESTS         := $(B)/tests/selftest

.PHONY: all deps test run clean memcheck format selftests asan asan-selftests test-alone
all:

# In any order (see the rule above); sorted only to be reproducible.
include $(sort $(wildcard lib/*/module.mk common/module.mk services/*/module.mk clients/*/module.mk \
                          deploy/module.mk tests/module.mk bench/module.mk))

all: $(BINS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# A library archive from the objects its module.mk lists as prerequisites.
$(B)/lib/lib%.a:
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# Debian packages the build, the tests and `make run` need.
deps:
	@deploy/local/deps.sh

clean:
	rm -rf $(B) bin

# The house style (.clang-format); tests/unit/format.sh checks it in make test.
format:
	clang-format -i $$(git ls-files '*.c' '*.h')

# The pure programs alone, without a stack (the libraries' selftests).
selftests: $(SELFTESTS)
	@tests/harness.sh $(B)/selftests-logs $(SELFTESTS)

# The two commands. Each installs what is missing first, then builds.
test:
	@deploy/local/deps.sh
	@$(MAKE) --no-print-directory all $(UNIT_TESTS) $(INTEGRATION_TESTS) asan-selftests
	@tests/run.sh $(UNIT_TESTS) $(INTEGRATION_TESTS)

run:
	@deploy/local/deps.sh
	@$(MAKE) --no-print-directory all
	@deploy/local/run.sh

# Each case of each C integration test alone, on a fresh database
# (tests/integration/alone.sh): no case lives on an earlier one's data.
ALONE := $(filter $(B)/tests/%_test,$(INTEGRATION_TESTS))
test-alone:
	@deploy/local/deps.sh
	@$(MAKE) --no-print-directory all $(ALONE)
	@SAMSKAB_ALONE="$(ALONE)" tests/run.sh tests/integration/alone.sh

# The full memory check: selftests and every integration test, with the
# services running under valgrind.
memcheck:
	@deploy/local/deps.sh
	@$(MAKE) --no-print-directory all $(UNIT_TESTS) $(INTEGRATION_TESTS)
	@SAMSKAB_WRAP="valgrind --leak-check=full --errors-for-leak-kinds=definite --log-file=$(CURDIR)/var/test/valgrind-%q{SAMSKAB_SERVICE}.log" \
	    tests/run.sh tests/unit/valgrind.sh $(INTEGRATION_TESTS) tests/integration/memcheck-services.sh

# make asan: every program and test built again with AddressSanitizer and
# UndefinedBehaviorSanitizer into $(ASAN) (objects in obj/, programs in
# bin/), then every suite against a stack of those programs. The build runs
# in $(ASAN), which links to every top-level entry of the tree, so the
# module files' bin/ and $(B)/ rules land there unchanged. Any sanitizer
# report fails the run: each goes to var/asan-reports/ (log_path), and
# tests/integration/asan-check.sh, last, stops the services (LeakSanitizer
# reports at exit) and fails on any report or any "runtime error",
# "AddressSanitizer" or "LeakSanitizer" in the services' logs. Leaks in the
# libraries we link: tests/asan/lsan.supp.
ASAN       := build/asan
ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_MAKE  := $(MAKE) --no-print-directory OPT='$(ASAN_FLAGS) -O1 -g' EXTRA_LDFLAGS='$(ASAN_FLAGS)'
# valgrind does not run sanitized programs; the static checks and the
# sanitized selftests of make test add nothing here.
ASAN_SKIP  := tests/unit/valgrind.sh tests/unit/cppcheck.sh tests/unit/format.sh \
              tests/unit/asan-selftests.sh
ASAN_TESTS := $(patsubst $(B)/%,$(ASAN)/obj/%,$(filter-out $(ASAN_SKIP),$(UNIT_TESTS) $(INTEGRATION_TESTS)))
ASAN_ENV   := SAMSKAB_BIN=$(CURDIR)/$(ASAN)/bin SAMSKAB_TEST_VAR=$(CURDIR)/var/asan SAMSKAB_SANITIZED=1 \
              ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:log_path=$(CURDIR)/var/asan-reports/asan \
              LSAN_OPTIONS=suppressions=$(CURDIR)/tests/asan/lsan.supp:print_suppressions=0 \
              UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(CURDIR)/var/asan-reports/ubsan

asan:
	@deploy/local/deps.sh
	@mkdir -p $(ASAN)
	@for f in $$(ls -A | grep -vx 'build\|bin\|var\|\.git'); do ln -sfn ../../$$f $(ASAN)/$$f; done
	@$(ASAN_MAKE) -C $(ASAN) B=obj all $(patsubst $(ASAN)/%,%,$(filter $(ASAN)/%,$(ASAN_TESTS)))
	@rm -rf var/asan-reports && mkdir -p var/asan-reports
	@$(ASAN_ENV) tests/run.sh $(ASAN_TESTS) tests/integration/asan-check.sh

# The selftests with the sanitizers, for make test (tests/unit/asan-selftests.sh
# runs the programs $(ASAN)/selftests lists).
asan-selftests:
	@$(ASAN_MAKE) B=$(ASAN)/obj $(patsubst $(B)/%,$(ASAN)/obj/%,$(SELFTESTS))
	@echo $(patsubst $(B)/%,$(ASAN)/obj/%,$(SELFTESTS)) >$(ASAN)/selftests
