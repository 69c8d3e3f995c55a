# lib/flow: exact maximum-weight b-matching by min-cost flow (flow.h).
# Link: $(LIB_FLOW) $(LIB_BASE).
FLOW_OBJ := $(B)/lib/flow/flow.o

$(LIB_FLOW): $(FLOW_OBJ)

$(B)/lib/flow/flow_test: $(B)/lib/flow/flow_test.o $(LIB_FLOW) $(LIB_BASE)
	$(CC) $(LDFLAGS) -o $@ $^

UNIT_TESTS += $(B)/lib/flow/flow_test
SELFTESTS  += $(B)/lib/flow/flow_test
