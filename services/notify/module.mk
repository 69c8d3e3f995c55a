# samskab-notify: the bus, the event log and the notifications
NOTIFY_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard services/notify/*.c))
BINS += bin/samskab-notify

bin/samskab-notify: $(NOTIFY_OBJ) $(LIB_NETGUARD) $(LIBSK)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK) -lcurl

# Its integration test, with real HTTP, SMTP and ZeroMQ receivers
NOTIFY_TEST_OBJ := $(B)/tests/integration/notify_test.o $(B)/tests/integration/notify_recv.o $(B)/tests/integration/itest.o
$(B)/tests/notify_test: $(NOTIFY_TEST_OBJ) $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

INTEGRATION_TESTS += $(B)/tests/notify_test
INTEGRATION_TESTS += tests/integration/notify_cli.sh

# make bench-notify: deliveries per second and publish-to-delivery latency
$(B)/bench/notify_bench.o: CFLAGS += -Itests/integration
$(B)/bench/notify_bench: $(B)/bench/notify_bench.o $(B)/tests/integration/notify_recv.o $(B)/tests/integration/itest.o $(LIBSK)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

.PHONY: bench-notify
bench-notify: bin/samskab-notify bin/samskab bin/samskab-keygen $(B)/bench/notify_bench
	@deploy/local/deps.sh
	bench/notify.sh
