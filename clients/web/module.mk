# samskab-web: the public web front end (issue 14), a client of the
# services over ZeroMQ with CURVE; HTTP through libmicrohttpd; pages from
# clients/web/templates (lib/html), forms and sessions in signed tokens
# (lib/token).
WEB_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard clients/web/*.c))
BINS += bin/samskab-web

bin/samskab-web: $(WEB_OBJ) $(LIB_ICS) $(LIB_HTML) $(LIB_TOKEN) $(LIB_CSV) $(LIB_TALLY) $(LIBSK)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK) -lmicrohttpd

# Its suites (tests/integration/web_http.sh, and web_browser.sh in headless
# Chromium through python3-selenium) cast ballots, so tests/module.mk lists
# them after the services' suites: vote_test's first case needs a ballot
# table no one has cast into yet.
