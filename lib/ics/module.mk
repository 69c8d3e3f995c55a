# lib/ics: iCalendar (RFC 5545) files of timed events in UTC, for the CLI's
# and samskab-web's speed-dating schedules (ics.h). Link: $(LIB_ICS).
ICS_OBJ := $(B)/lib/ics/ics.o

$(LIB_ICS): $(ICS_OBJ)

$(B)/lib/ics/ics_test: $(B)/lib/ics/ics_test.o $(LIB_ICS) $(LIB_BASE)
	$(CC) $(LDFLAGS) -o $@ $^

UNIT_TESTS += $(B)/lib/ics/ics_test
SELFTESTS  += $(B)/lib/ics/ics_test
