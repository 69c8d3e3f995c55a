# samskab-tally: offline participatory-budgeting tally of Pabulib files, on
# lib/pabulib and lib/tally (the engine the vote service uses too).
BINS += bin/samskab-tally
bin/samskab-tally: $(B)/clients/tally/main.o $(LIB_PABULIB) $(LIB_TALLY) $(LIB_BASE)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ -lgmp -lm

UNIT_TESTS += tests/unit/tally.sh

.PHONY: bench-tally
bench-tally: bin/samskab-tally
	bash bench/tally.sh
