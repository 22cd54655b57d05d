# dateline - plain GNU Makefile.
#
#   make demo       install missing packages, build, render the article's timeline into out/
#   make check      install missing packages, build, run every test (plain and ASan+UBSan)
#   make bench      figures only: parse, feed and render throughput and memory
#   make fuzz       libFuzzer targets for every parser, FUZZ_SECONDS each (default 60)
#   make leakcheck  the unit tests and the CLI under valgrind
#   make install    PREFIX=/usr/local DESTDIR=
#
# V=1 shows every command; SANITIZER=address,undefined builds instrumented
# into build/asan.

PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
COMPDIR  ?= $(PREFIX)/share/bash-completion/completions
CC       ?= cc
PKGS     := libgvc libcgraph libical jansson libxml-2.0
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 5

ifeq ($(V),1)
Q :=
else
Q := @
endif

ifeq ($(SANITIZER),)
B        := build
SANFLAGS :=
else
B        := build/asan
SANFLAGS := -fsanitize=$(SANITIZER) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter -Wformat=2
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) $(SANFLAGS) \
             $(shell pkg-config --cflags $(PKGS) libmicrohttpd) -MMD -MP
LDLIBS_LIB = $(shell pkg-config --libs $(PKGS)) -lcsv -lm
# The HTTP server is application code: only the binary links libmicrohttpd.
LDLIBS_APP = $(shell pkg-config --libs libmicrohttpd)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)

APP_SRC  := src/main.c src/serve.c $(wildcard src/cli_*.c)
LIB_SRC  := $(filter-out $(APP_SRC),$(wildcard src/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(B)/obj/%.o)
APP_OBJ  := $(APP_SRC:src/%.c=$(B)/obj/%.o)
LIB      := $(B)/libdateline.a
BIN      := $(B)/dateline

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
CLI_TESTS := $(sort $(wildcard tests/cli/*.sh))

DEMO_IN  := events/russia-dprk-sanctions.mw
DEMO_OUT := out

.PHONY: all deps demo check check-unit check-cli check-asan check-fuzz \
        unit cli bench fuzz leakcheck install uninstall clean format docs

all: $(BIN)

deps:
	$(Q)scripts/deps.sh

$(B)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(APP_OBJ) $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $(APP_OBJ) $(LIB) $(LDLIBS_LIB) $(LDLIBS_APP)

$(B)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(LIB) $(LDLIBS_LIB) $(CMOCKA_LIBS)

# ---- the two commands ----

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo.sh $(BIN) $(DEMO_IN) $(DEMO_OUT)

# Ends with the plain build's cmocka summaries, after the CLI tests, the
# sanitizer run and the fuzz smoke have passed.
check: deps
	$(Q)$(MAKE) --no-print-directory all unit-build
	$(Q)$(MAKE) --no-print-directory check-cli
	$(Q)$(MAKE) --no-print-directory check-asan
	$(Q)$(MAKE) --no-print-directory check-fuzz
	$(Q)$(MAKE) --no-print-directory check-unit

unit-build: $(UNIT_BIN)

check-unit: $(UNIT_BIN)
	$(Q)fail=0; for t in $(UNIT_BIN); do \
	  echo "== $$t"; (cd tests && ../$$t) || fail=1; done; exit $$fail

check-cli: $(BIN)
	$(Q)fail=0; for t in $(CLI_TESTS); do \
	  DATELINE=$(CURDIR)/$(BIN) bash $$t || { echo "FAILED: $$t"; fail=1; }; \
	done; exit $$fail

check-asan:
	$(Q)$(MAKE) --no-print-directory SANITIZER=address,undefined all unit-build
	$(Q)ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1 \
	  $(MAKE) --no-print-directory SANITIZER=address,undefined check-cli check-unit \
	  > build/asan.log 2>&1 || { tail -n 60 build/asan.log; exit 1; }
	@echo "asan+ubsan: unit and CLI tests passed (log in build/asan.log)"

check-fuzz:
	$(Q)FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) scripts/fuzz.sh smoke

fuzz:
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh run

bench: all
	$(Q)scripts/bench.sh $(BIN)

leakcheck: all unit-build
	$(Q)scripts/leakcheck.sh $(BIN) $(UNIT_BIN)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	           $(DESTDIR)$(COMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/dateline
	install -m 644 docs/dateline.1 $(DESTDIR)$(MANDIR)/man1/dateline.1
	install -m 644 docs/dateline-format.5 $(DESTDIR)$(MANDIR)/man5/dateline-format.5
	install -m 644 completions/dateline.bash $(DESTDIR)$(COMPDIR)/dateline

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dateline $(DESTDIR)$(MANDIR)/man1/dateline.1 \
	      $(DESTDIR)$(MANDIR)/man5/dateline-format.5 $(DESTDIR)$(COMPDIR)/dateline

docs: all
	$(Q)scripts/gallery.sh $(BIN)

format:
	clang-format -i src/*.c src/*.h tests/unit/*.c tests/fuzz/*.c

clean:
	rm -rf build out

-include $(wildcard build/obj/*.d build/asan/obj/*.d build/tests/*.d build/asan/tests/*.d)
