# samskab, the admin client
CLI_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard clients/cli/*.c))
BINS += bin/samskab

bin/samskab: $(CLI_OBJ) $(LIBSK)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK) $(CLI_LIBS)
