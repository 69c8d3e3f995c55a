# lib/score: the score of a pair of parties and its explanation (score.h),
# the arithmetic of the match service without its SQL. Link: $(LIB_SCORE)
# $(LIB_BASE).
SCORE_OBJ := $(B)/lib/score/score.o

$(LIB_SCORE): $(SCORE_OBJ)

$(B)/lib/score/score_test: $(B)/lib/score/score_test.o $(LIB_SCORE) $(LIB_BASE)
	$(CC) $(LDFLAGS) -o $@ $^

UNIT_TESTS += $(B)/lib/score/score_test
SELFTESTS  += $(B)/lib/score/score_test
