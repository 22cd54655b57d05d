# dateline - plain GNU Makefile, the only build.
#
#   make demo       install missing packages, build, render the article's timeline into out/
#   make check      install missing packages, build, run every test (plain and ASan+UBSan)
#   make deps       install what building and running need; deps-test: what the tests need
#   make bench      figures only: parse, feed and render throughput and memory
#   make fuzz       libFuzzer targets for every parser and back end, FUZZ_SECONDS each
#   make leakcheck  the unit tests and the CLI under valgrind
#   make update-golden  rewrite every golden file from the current build (then read git diff)
#   make install    PREFIX=/usr/local DESTDIR=
#
# V=1 shows every command.  CPPFLAGS, CFLAGS and LDFLAGS are honoured.
# SANITIZER=address, undefined, thread or a comma-separated mix builds
# instrumented into a directory of its own: build/asan for address,undefined
# (what check-asan uses), build/san-NAME otherwise.  The fuzz targets build
# with FUZZ_CC (clang) into build/fuzz.

PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
COMPDIR  ?= $(PREFIX)/share/bash-completion/completions
CC       ?= cc
FUZZ_CC  ?= clang
PKGS     := libgvc libcgraph libical jansson libxml-2.0
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 3

ifeq ($(V),1)
Q :=
else
Q := @
endif

comma := ,
empty :=
space := $(empty) $(empty)
SAN_LIST := $(sort $(subst $(comma),$(space),$(SANITIZER)))
SAN_BAD  := $(filter-out address undefined thread,$(SAN_LIST))
ifneq ($(SAN_BAD),)
$(error SANITIZER: unknown '$(SAN_BAD)'; use address, undefined, thread or a comma-separated mix)
endif
ifeq ($(filter address,$(SAN_LIST))$(filter thread,$(SAN_LIST)),addressthread)
$(error SANITIZER: address and thread cannot be combined)
endif
ifeq ($(SAN_LIST),)
B        := build
SANFLAGS :=
else
ifeq ($(SAN_LIST),address undefined)
B        := build/asan
else
B        := build/san-$(subst $(space),+,$(SAN_LIST))
endif
SANFLAGS := -fsanitize=$(subst $(space),$(comma),$(SAN_LIST)) \
            -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter -Wformat=2
CFLAGS   ?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) libmicrohttpd)
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE $(WARN) $(CPPFLAGS) $(CFLAGS) \
             $(SANFLAGS) $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS = $(CFLAGS) $(SANFLAGS) $(LDFLAGS)
LDLIBS_LIB = $(shell pkg-config --libs $(PKGS)) -lcsv -lm
# The HTTP server is application code: only the binary links libmicrohttpd.
LDLIBS_APP = $(shell pkg-config --libs libmicrohttpd zlib)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)

APP_SRC  := src/main.c $(wildcard src/cli_*.c)
LIB_SRC  := $(filter-out $(APP_SRC),$(wildcard src/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(B)/obj/%.o)
APP_OBJ  := $(APP_SRC:src/%.c=$(B)/obj/%.o)
LIB      := $(B)/libdateline.a
BIN      := $(B)/dateline

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
CLI_TESTS := $(sort $(wildcard tests/cli/*.sh))

# The fuzz build: the library again, instrumented for libFuzzer with ASan
# and UBSan, and one binary per tests/fuzz/fuzz_NAME.c.  The harnesses
# check outputs with independent readers: cgraph and xdot for the DOT,
# libical for the feed, libxml2 for the SVG and the page.
FB          := build/fuzz
FUZZ_CFLAGS ?= -O1 -g
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer
FUZZ_ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE $(WARN) $(CPPFLAGS) \
                  $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
                  $(PKG_CFLAGS) -MMD -MP
FUZZ_PKGS   := libxdot
FUZZ_LIBS    = $(shell pkg-config --libs $(FUZZ_PKGS)) $(LDLIBS_LIB)
FUZZ_SRC    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN    := $(FUZZ_SRC:tests/fuzz/%.c=$(FB)/%)
FUZZ_OBJ    := $(LIB_SRC:src/%.c=$(FB)/obj/%.o)
FUZZ_LIB    := $(FB)/libdateline.a

DEMO_IN  := events/russia-dprk-sanctions.mw
DEMO_OUT := out

.PHONY: all deps deps-test demo check check-unit check-cli check-asan \
        check-fuzz unit-build fuzz-build fuzz bench leakcheck install \
        uninstall clean format docs update-golden

all: $(BIN)

deps:
	$(Q)scripts/deps.sh build

deps-test:
	$(Q)scripts/deps.sh test

$(B)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(APP_OBJ) $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(APP_OBJ) $(LIB) $(LDLIBS_LIB) $(LDLIBS_APP)

$(B)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS_LIB) $(CMOCKA_LIBS)

$(FB)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_ALL_CFLAGS) -c $< -o $@

$(FUZZ_LIB): $(FUZZ_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(FB)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB)
	@$(if $(Q),echo "  FUZZCC  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_ALL_CFLAGS) $(shell pkg-config --cflags $(FUZZ_PKGS)) \
	  -Isrc -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(FUZZ_LIB) $(FUZZ_LIBS)

# ---- the two commands ----

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo.sh $(BIN) $(DEMO_IN) $(DEMO_OUT)

# Ends with the plain build's cmocka summaries, after the CLI tests, the
# sanitizer run and the fuzz smoke have passed.
check: deps deps-test
	$(Q)$(MAKE) --no-print-directory all unit-build
	$(Q)$(MAKE) --no-print-directory check-cli
	$(Q)$(MAKE) --no-print-directory check-asan
	$(Q)$(MAKE) --no-print-directory check-fuzz
	$(Q)$(MAKE) --no-print-directory check-unit

unit-build: $(UNIT_BIN)

check-unit: $(UNIT_BIN)
	$(Q)fail=0; for t in $(UNIT_BIN); do \
	  echo "== $$t"; (cd tests && ../$$t) || fail=1; done; exit $$fail

# Rewrites every golden file from the current build: the suites that keep
# goldens run with UPDATE_GOLDEN=1.  Read `git diff` before committing.
update-golden: $(BIN) unit-build
	$(Q)for t in tests/cli/errors.sh tests/cli/ics.sh tests/cli/regress.sh \
	           tests/cli/dump-golden.sh; do \
	  UPDATE_GOLDEN=1 DATELINE=$(CURDIR)/$(BIN) bash $$t >/dev/null || true; done
	$(Q)cd tests && UPDATE_GOLDEN=1 ../$(B)/tests/test_render_dot >/dev/null 2>&1 || true
	$(Q)git status --short -- tests

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

fuzz-build: $(FUZZ_BIN)

check-fuzz: $(FUZZ_BIN)
	$(Q)FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) scripts/fuzz.sh smoke $(FUZZ_BIN)

fuzz: $(FUZZ_BIN)
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh run $(FUZZ_BIN)

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

# Formats the tree with the committed .clang-format (clang-format 14).
format:
	clang-format -i src/*.c src/*.h tests/unit/*.c tests/fuzz/*.c

clean:
	rm -rf build out

-include $(wildcard $(B)/obj/*.d $(B)/tests/*.d $(FB)/obj/*.d $(FB)/*.d)
