# lib/csv: RFC 4180 CSV from spreadsheets, UTF-8 or Windows-1252 (csv.h).
# Link: $(LIB_CSV) $(LIB_BASE).
CSV_OBJ := $(B)/lib/csv/csv.o

$(LIB_CSV): $(CSV_OBJ)

$(B)/lib/csv/csv_test: $(B)/lib/csv/csv_test.o $(LIB_CSV) $(LIB_BASE)
	$(CC) $(LDFLAGS) -o $@ $^

UNIT_TESTS += $(B)/lib/csv/csv_test
SELFTESTS  += $(B)/lib/csv/csv_test
