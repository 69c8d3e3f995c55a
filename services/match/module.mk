# match: the match service (added later by the lead) and its exact engine:
# min-cost-flow b-matching, the speed-dating planner and their JSON front ends.
MATCH_ENGINE_OBJ := $(B)/services/match/match_flow.o \
                    $(B)/services/match/match_speeddate.o \
                    $(B)/services/match/match_json.o

# Offline driver: `match_offline solve FILE` / `match_offline speeddate FILE`.
$(B)/tests/match_offline: $(B)/tests/unit/match_offline.o $(MATCH_ENGINE_OBJ) $(B)/common/sk_check.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -ljansson

# Brute-force comparisons, planner constraints, malformed files.
$(B)/tests/match_test: $(B)/tests/unit/match_test.o $(MATCH_ENGINE_OBJ) $(B)/common/sk_check.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -ljansson

UNIT_TESTS += $(B)/tests/match_test

$(B)/tests/unit/match_offline.o $(B)/tests/unit/match_test.o: CFLAGS += -Iservices/match

# Solver and planner next to scipy's linear_sum_assignment; writes the
# "## Match (make bench-match)" section of BENCHMARKS.md.
.PHONY: bench-match
bench-match: $(B)/tests/match_offline
	bench/match.sh $(B)/tests/match_offline
