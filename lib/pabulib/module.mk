# lib/pabulib: Pabulib .pb election files, read, inspected and written
# (pb.h). Link: $(LIB_PABULIB) $(LIB_TALLY) $(LIB_BASE) -lgmp -lm.
PABULIB_OBJ := $(B)/lib/pabulib/pb.o

$(LIB_PABULIB): $(PABULIB_OBJ)

$(B)/lib/pabulib/pabulib_test: $(B)/lib/pabulib/pabulib_test.o $(LIB_PABULIB) $(LIB_TALLY) \
                               $(LIB_BASE)
	$(CC) $(LDFLAGS) -o $@ $^ -lgmp -lm

UNIT_TESTS += $(B)/lib/pabulib/pabulib_test
SELFTESTS  += $(B)/lib/pabulib/pabulib_test
