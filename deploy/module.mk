# Deployment tools: key generation, the local runner.
BINS += bin/samskab-keygen

bin/samskab-keygen: $(B)/deploy/keys/keygen.o $(LIBSK)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)
