# lib/netguard: may a server connect to this address? Special ranges and an
# allow list of CIDR ranges (netguard.h). Link: $(LIB_NETGUARD) $(LIB_BASE).
LIB_NETGUARD := $(B)/lib/libnetguard.a
NETGUARD_OBJ := $(B)/lib/netguard/netguard.o

$(LIB_NETGUARD): $(NETGUARD_OBJ)

$(B)/lib/netguard/netguard_test: $(B)/lib/netguard/netguard_test.o $(LIB_NETGUARD) $(LIB_BASE)
	$(CC) $(LDFLAGS) -o $@ $^

UNIT_TESTS += $(B)/lib/netguard/netguard_test
SELFTESTS  += $(B)/lib/netguard/netguard_test
