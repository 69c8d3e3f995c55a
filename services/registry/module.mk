# samskab-registry
REGISTRY_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard services/registry/*.c))
BINS += bin/samskab-registry

bin/samskab-registry: $(REGISTRY_OBJ) $(LIBSK)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)
