# lib/matchjson: the JSON files of the solver and the planner (matchjson.h),
# for `samskab match solve` and `samskab speeddate plan`. Link:
# $(LIB_MATCHJSON) $(LIB_SPEEDDATE) $(LIB_FLOW) $(LIB_BASE) -ljansson.
MATCHJSON_OBJ := $(B)/lib/matchjson/matchjson.o

$(LIB_MATCHJSON): $(MATCHJSON_OBJ)

$(B)/lib/matchjson/matchjson_test: $(B)/lib/matchjson/matchjson_test.o $(LIB_MATCHJSON) \
                                   $(LIB_SPEEDDATE) $(LIB_FLOW) $(LIB_BASE)
	$(CC) $(LDFLAGS) -o $@ $^ -ljansson

UNIT_TESTS += $(B)/lib/matchjson/matchjson_test
SELFTESTS  += $(B)/lib/matchjson/matchjson_test
