#!/usr/bin/env bash
# make install and make uninstall honour PREFIX and DESTDIR: the binary, both
# man pages and the bash completion land where they should and go away again.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $*"; fi; }

make -s --no-print-directory install DESTDIR="$tmp" PREFIX=/usr >/dev/null
files=(usr/bin/dateline usr/share/man/man1/dateline.1 usr/share/man/man5/dateline-format.5
       usr/share/bash-completion/completions/dateline)
for f in "${files[@]}"; do check test -s "$tmp/$f"; done
check test -x "$tmp/usr/bin/dateline"
out=$("$tmp/usr/bin/dateline" --version)
check test "${out%% *}" = dateline
check sh -c "groff -man -Tutf8 -P-cbou '$tmp/usr/share/man/man1/dateline.1' 2>/dev/null | grep -q 'EXIT STATUS'"
make -s --no-print-directory uninstall DESTDIR="$tmp" PREFIX=/usr >/dev/null
for f in "${files[@]}"; do check test ! -e "$tmp/$f"; done
echo "install: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
