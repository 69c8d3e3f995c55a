# lib/html: HTML templates whose placeholders are escaped by construction
# (html.h), for samskab-web. Link: $(LIB_HTML) $(LIB_BASE).
HTML_OBJ := $(B)/lib/html/html.o

$(LIB_HTML): $(HTML_OBJ)

$(B)/lib/html/html_test: $(B)/lib/html/html_test.o $(LIB_HTML) $(LIB_BASE)
	$(CC) $(LDFLAGS) -o $@ $^

UNIT_TESTS += $(B)/lib/html/html_test
SELFTESTS  += $(B)/lib/html/html_test
