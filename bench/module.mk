# Benchmarks of the core: make bench-registry (see BENCHMARKS.md)
$(B)/bench/registry_load: $(B)/bench/registry_load.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

.PHONY: bench-registry
bench-registry: bin/samskab-registry bin/samskab bin/samskab-keygen $(B)/bench/registry_load
	@deploy/local/deps.sh
	bench/registry.sh
