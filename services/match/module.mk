# The match service: proposals with reasons, optimal assignment (lib/flow),
# agreements and their follow-up, speed-dating events (lib/speeddate), all
# scored by lib/score (services/match/main.c).
MATCH_SVC_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard services/match/*.c))
BINS += bin/samskab-match

bin/samskab-match: $(MATCH_SVC_OBJ) $(LIB_SCORE) $(LIB_SPEEDDATE) $(LIB_FLOW) $(LIBSK)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

$(B)/tests/match_svc_test: $(B)/tests/integration/match_svc_test.o $(B)/tests/integration/itest.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK) -lpq

INTEGRATION_TESTS += $(B)/tests/match_svc_test
INTEGRATION_TESTS += tests/integration/match_svc_cli.sh

# The offline engines against brute force, planner constraints, malformed
# files (tests/unit/match_test.c; pure, so one of the SELFTESTS), and the
# CLI commands end to end, checked by an independent Python checker.
$(B)/tests/match_test: $(B)/tests/unit/match_test.o $(LIB_MATCHJSON) $(LIB_SPEEDDATE) $(LIB_FLOW) \
                       $(LIB_BASE)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -ljansson -lpthread

UNIT_TESTS += $(B)/tests/match_test tests/unit/match_cli.sh
SELFTESTS  += $(B)/tests/match_test

# Solver and planner next to scipy's linear_sum_assignment; writes the
# "## Match (make bench-match)" section of BENCHMARKS.md.
.PHONY: bench-match
bench-match: bin/samskab
	bench/match.sh bin/samskab
