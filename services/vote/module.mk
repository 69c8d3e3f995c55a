# samskab-vote: citizen budgets and workshop polls. The tally engine
# (vote_pb*, vote_tally*) is built by clients/tally/module.mk as
# $(VOTE_ENGINE_OBJ); the service's own files are the rest.
VOTE_OBJ := $(patsubst %.c,$(B)/%.o,$(filter-out services/vote/vote_pb% services/vote/vote_tally%,$(wildcard services/vote/*.c)))
BINS += bin/samskab-vote

bin/samskab-vote: $(VOTE_OBJ) $(VOTE_ENGINE_OBJ) $(LIBSK)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK) -lgmp -lm

$(B)/tests/vote_test: $(B)/tests/integration/vote_test.o $(B)/tests/integration/itest.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

INTEGRATION_TESTS += $(B)/tests/vote_test
INTEGRATION_TESTS += tests/integration/vote_cli.sh

# make bench-ballots: 100,000 ballots through ZeroMQ with CURVE against
# pgbench single-row inserts at the same number of clients (BENCHMARKS.md)
$(B)/bench/ballots_load: $(B)/bench/ballots_load.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

.PHONY: bench-ballots
bench-ballots: bin/samskab-vote bin/samskab bin/samskab-keygen $(B)/bench/ballots_load
	@deploy/local/deps.sh
	bench/ballots.sh
