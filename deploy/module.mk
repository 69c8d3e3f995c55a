# Deployment tools: key generation, the local runner.
BINS += bin/samskab-keygen

bin/samskab-keygen: $(B)/deploy/keys/keygen.o $(LIBSK)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS_SK)

# make test-fresh: the committed tree cloned into a 0700 folder (as root's
# home on Debian 12) builds, starts the stack and answers (tests/fresh.sh).
.PHONY: test-fresh
test-fresh:
	@tests/fresh.sh

# make install [PREFIX=/usr/local] [DESTDIR=]: the programs, each service's
# migrations under share/samskab/sql/NAME (core for common/sql), samskab-web's
# templates and style sheet under share/samskab/web, the unit
# file and the example configuration. See README, "Deployment".
PREFIX ?= /usr/local
.PHONY: install
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/samskab/sql/core \
	    $(DESTDIR)$(PREFIX)/share/doc/samskab
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 common/sql/*.sql $(DESTDIR)$(PREFIX)/share/samskab/sql/core/
	for f in services/*/sql/*.sql; do \
	    s=$$(basename $$(dirname $$(dirname $$f))); \
	    install -D -m 644 $$f $(DESTDIR)$(PREFIX)/share/samskab/sql/$$s/$$(basename $$f) || exit 1; \
	done
	install -d $(DESTDIR)$(PREFIX)/share/samskab/web/templates $(DESTDIR)$(PREFIX)/share/samskab/web/static
	install -m 644 clients/web/templates/*.html $(DESTDIR)$(PREFIX)/share/samskab/web/templates/
	install -m 644 clients/web/static/* $(DESTDIR)$(PREFIX)/share/samskab/web/static/
	install -m 644 README.md proto/PROTOCOL.md deploy/samskab.cfg.example deploy/nginx/samskab-web.conf \
	    deploy/systemd/samskab@.service $(DESTDIR)$(PREFIX)/share/doc/samskab/
