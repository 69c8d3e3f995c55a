# Benchmarks of the core: make bench-registry (see BENCHMARKS.md)
$(B)/bench/registry_load: $(B)/bench/registry_load.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

.PHONY: bench-registry
bench-registry: bin/samskab-registry bin/samskab bin/samskab-keygen $(B)/bench/registry_load
	@deploy/local/deps.sh
	bench/registry.sh

# make bench-web: ballots through samskab-web (HTTP, keep-alive) next to
# bench-ballots' direct casts, the ballot page of 160 projects, and the
# web's memory (bench/web.sh, BENCHMARKS.md)
$(B)/bench/web_load: $(B)/bench/web_load.o $(B)/bench/bench.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lcurl

.PHONY: bench-web
bench-web: all $(B)/bench/web_load $(B)/bench/ballots_load
	@deploy/local/deps.sh
	bench/web.sh

# make bench-failover: registry gets and casts through two instances of
# each, steady and while one of each is killed and started again
# (bench/failover.sh, BENCHMARKS.md)
$(B)/bench/failover_load: $(B)/bench/failover_load.o $(B)/bench/bench.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

.PHONY: bench-failover
bench-failover: all $(B)/bench/failover_load $(B)/bench/registry_load
	@deploy/local/deps.sh
	bench/failover.sh
