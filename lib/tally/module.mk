# lib/tally: participatory-budgeting rules over exact rationals (tally.h):
# greedy, MES and sequential Phragmén. Link: $(LIB_TALLY) $(LIB_BASE)
# -lgmp -lm.
# tally_words.o (the rules in words, tally_words.h) needs neither: the
# CLI and samskab-web link $(LIB_TALLY) for it alone.
TALLY_OBJ := $(B)/lib/tally/tally.o $(B)/lib/tally/tally_mes.o $(B)/lib/tally/tally_words.o

$(LIB_TALLY): $(TALLY_OBJ)

# Elections built in memory, as the vote service builds them, and their
# agreement with the same elections read from .pb files.
$(B)/lib/tally/tally_test: $(B)/lib/tally/tally_test.o $(LIB_PABULIB) $(LIB_TALLY) $(LIB_BASE)
	$(CC) $(LDFLAGS) -o $@ $^ -lgmp -lm

UNIT_TESTS += $(B)/lib/tally/tally_test
SELFTESTS  += $(B)/lib/tally/tally_test
