# lib/speeddate: the exact plan of a speed-dating evening (speeddate.h).
# Link: $(LIB_SPEEDDATE) $(LIB_FLOW) $(LIB_BASE) -lpthread.
SPEEDDATE_OBJ := $(B)/lib/speeddate/speeddate.o

$(LIB_SPEEDDATE): $(SPEEDDATE_OBJ)

$(B)/lib/speeddate/speeddate_test: $(B)/lib/speeddate/speeddate_test.o $(LIB_SPEEDDATE) \
                                   $(LIB_FLOW) $(LIB_BASE)
	$(CC) $(LDFLAGS) -o $@ $^ -lpthread

UNIT_TESTS += $(B)/lib/speeddate/speeddate_test
SELFTESTS  += $(B)/lib/speeddate/speeddate_test
