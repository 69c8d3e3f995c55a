# libsamskab: shared by every service and client. $(LIBSK) (Makefile) is
# this archive followed by $(LIB_BASE), the allocator it is written on.
COMMON_SRC := $(wildcard common/*.c)
COMMON_OBJ := $(COMMON_SRC:%.c=$(B)/%.o)

$(B)/libsamskab.a: $(COMMON_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^
