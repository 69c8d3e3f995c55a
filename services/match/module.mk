# match: the match service (added later by the lead) and its exact engine:
# min-cost-flow b-matching, the speed-dating planner and their JSON front ends.
MATCH_ENGINE_OBJ := $(B)/services/match/match_flow.o \
                    $(B)/services/match/match_speeddate.o \
                    $(B)/services/match/match_json.o

# The CLI carries the offline commands `samskab match solve` and
# `samskab speeddate plan` (clients/cli/cli_match.c): link the engine in.
bin/samskab: $(MATCH_ENGINE_OBJ)
CLI_LIBS += -ljansson
$(B)/clients/cli/cli_match.o: CFLAGS += -Iservices/match

# Brute-force comparisons, planner constraints, malformed files.
$(B)/tests/match_test: $(B)/tests/unit/match_test.o $(MATCH_ENGINE_OBJ) $(B)/common/sk_check.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -ljansson

$(B)/tests/unit/match_test.o: CFLAGS += -Iservices/match

# The CLI commands end to end, checked by an independent Python checker.
UNIT_TESTS += $(B)/tests/match_test tests/unit/match_cli.sh

# Solver and planner next to scipy's linear_sum_assignment; writes the
# "## Match (make bench-match)" section of BENCHMARKS.md.
.PHONY: bench-match
bench-match: bin/samskab
	bench/match.sh bin/samskab

# The match service: proposals with reasons, optimal assignment, agreements
# and their follow-up, speed-dating events (services/match/main.c).
MATCH_SVC_OBJ := $(addprefix $(B)/services/match/,main.o match_util.o \
                   match_feed.o match_score.o match_proposal.o \
                   match_agreement.o match_event.o match_citizen.o)
BINS += bin/samskab-match

bin/samskab-match: $(MATCH_SVC_OBJ) $(MATCH_ENGINE_OBJ) $(LIBSK)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK) -ljansson

$(B)/tests/match_svc_test: $(B)/tests/integration/match_svc_test.o $(B)/tests/integration/itest.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK) -lpq

INTEGRATION_TESTS += $(B)/tests/match_svc_test
INTEGRATION_TESTS += tests/integration/match_svc_cli.sh
