# samskab-tally: offline participatory-budgeting tally of Pabulib files, and
# the vote engine it shares with the vote service (parser and rules). A
# program using the engine links $(VOTE_ENGINE_OBJ) with $(VOTE_ENGINE_LIBS);
# the API is services/vote/vote_tally.h (elections built in memory) and
# vote_pb.h (.pb files).
VOTE_ENGINE_OBJ := $(B)/services/vote/vote_pb.o $(B)/services/vote/vote_tally.o \
                   $(B)/services/vote/vote_tally_mes.o
VOTE_ENGINE_LIBS := -lgmp -lm

BINS += bin/samskab-tally
bin/samskab-tally: $(B)/clients/tally/main.o $(VOTE_ENGINE_OBJ)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(VOTE_ENGINE_LIBS)

# The engine's API without a .pb file (as the vote service uses it).
$(B)/tests/tally_test: $(B)/clients/tally/tally_test.o $(VOTE_ENGINE_OBJ) \
                       $(B)/common/sk_check.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(VOTE_ENGINE_LIBS)

UNIT_TESTS += $(B)/tests/tally_test tests/unit/tally.sh

.PHONY: bench-tally
bench-tally: bin/samskab-tally
	bash bench/tally.sh
