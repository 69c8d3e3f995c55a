# samskab-vote: citizen budgets and workshop polls, tallied by lib/tally
# (.pb files through lib/pabulib).
VOTE_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard services/vote/*.c))
BINS += bin/samskab-vote

bin/samskab-vote: $(VOTE_OBJ) $(LIB_PABULIB) $(LIB_TALLY) $(LIBSK)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK) -lgmp -lm

$(B)/tests/vote_test: $(B)/tests/integration/vote_test.o $(B)/tests/integration/itest.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

INTEGRATION_TESTS += $(B)/tests/vote_test
INTEGRATION_TESTS += tests/integration/vote_cli.sh

# make bench-ballots: 100,000 ballots through ZeroMQ with CURVE against
# pgbench single-row inserts at the same number of clients (BENCHMARKS.md)
$(B)/bench/ballots_load: $(B)/bench/ballots_load.o $(B)/bench/bench.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

.PHONY: bench-ballots
bench-ballots: bin/samskab-vote bin/samskab bin/samskab-keygen $(B)/bench/ballots_load
	@deploy/local/deps.sh
	bench/ballots.sh
