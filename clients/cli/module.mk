# samskab, the admin client
CLI_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard clients/cli/*.c))
BINS += bin/samskab

# The offline `samskab match solve` and `samskab speeddate plan` run the
# engines in-process (lib/matchjson); imports read CSV with lib/csv; the
# results chart says the rule in lib/tally's words (tally_words.h).
bin/samskab: $(CLI_OBJ) $(LIB_ICS) $(LIB_MATCHJSON) $(LIB_SPEEDDATE) $(LIB_FLOW) $(LIB_CSV) $(LIB_TALLY) $(LIBSK)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK) -ljansson
