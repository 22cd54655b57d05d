#!/usr/bin/env bash
# make install and make uninstall honour PREFIX and DESTDIR: the binary, both
# man pages and the bash completion land where they should and go away again.
source "$(dirname "$0")/lib.bash"
cd "$(dirname "$0")/../.."
# is CONDITION...: check, named by the condition itself.
is() { check "$*" "$@"; }

make -s --no-print-directory install DESTDIR="$tmp" PREFIX=/usr >/dev/null
files=(usr/bin/dateline usr/share/man/man1/dateline.1 usr/share/man/man5/dateline-format.5
       usr/share/bash-completion/completions/dateline)
for f in "${files[@]}"; do is test -s "$tmp/$f"; done
is test -x "$tmp/usr/bin/dateline"
out=$("$tmp/usr/bin/dateline" --version)
is test "${out%% *}" = dateline
is sh -c "groff -man -Tutf8 -P-cbou '$tmp/usr/share/man/man1/dateline.1' 2>/dev/null | grep -q 'EXIT STATUS'"
make -s --no-print-directory uninstall DESTDIR="$tmp" PREFIX=/usr >/dev/null
for f in "${files[@]}"; do is test ! -e "$tmp/$f"; done
finish install
