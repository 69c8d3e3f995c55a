# lib/token: signed, expiring tokens (HMAC-SHA256, base64url) for
# samskab-web's forms, links and sessions (token.h). Link: $(LIB_TOKEN)
# $(LIB_BASE) -lsodium.
TOKEN_OBJ := $(B)/lib/token/token.o

$(LIB_TOKEN): $(TOKEN_OBJ)

$(B)/lib/token/token_test: $(B)/lib/token/token_test.o $(LIB_TOKEN) $(LIB_BASE)
	$(CC) $(LDFLAGS) -o $@ $^ -lsodium

UNIT_TESTS += $(B)/lib/token/token_test
SELFTESTS  += $(B)/lib/token/token_test
