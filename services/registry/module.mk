# samskab-registry
REGISTRY_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard services/registry/*.c))
BINS += bin/samskab-registry

bin/samskab-registry: $(REGISTRY_OBJ) $(LIBSK)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

# make bench-import: CSV import rate next to COPY, and search latency
# (bench/import.sh, BENCHMARKS.md)
$(B)/bench/reg_search_bench: $(B)/bench/reg_search_bench.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

.PHONY: bench-import
bench-import: bin/samskab-registry bin/samskab bin/samskab-keygen $(B)/bench/reg_search_bench
	@deploy/local/deps.sh
	bench/import.sh
