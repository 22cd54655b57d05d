#!/usr/bin/env bash
# Outputs that leave nothing behind, and inputs and messages with limits:
# a render killed by SIGINT, SIGTERM or SIGHUP while it writes leaves no
# temporary file and the old output as it was; a replaced output keeps its
# mode; -o naming a symbolic link writes through it; --max-input stops an
# endless input; --max-errors; filters that keep nothing write nothing;
# control characters in messages reach the terminal escaped.
set -u
cd "$(dirname "$0")/../.."
dl=$DATELINE
ev=events/russia-dprk-sanctions.mw
source tests/cli/lib.bash

# ---- signals while writing ----
# 50,000 events take a second or more to write as SVG: long enough to be
# caught with the temporary file open and growing.
python3 - >"$tmp/big.mw" <<'EOF'
for i in range(50000):
    print(f"{1900 + i % 120}-{1 + i % 12:02d}-{1 + i % 28:02d}: Event {i}")
EOF
mkdir "$tmp/sig"
for sig in INT TERM HUP; do
  echo old >"$tmp/sig/out.svg"
  # A background job of a script starts with SIGINT ignored, which
  # dateline respects: start it with the default action instead.
  python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$dl" render "$tmp/big.mw" -o "$tmp/sig/out.svg" 2>/dev/null &
  pid=$!
  caught=0
  # Wait (at most 60 s) for bytes in the temporary file, then signal.
  for ((i = 0; i < 3000; i++)); do
    t=$(find "$tmp/sig" -name 'out.svg.tmp*' -size +0 2>/dev/null | head -n 1)
    if [[ -n $t ]]; then kill -s "$sig" "$pid" && caught=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  { wait "$pid"; } 2>/dev/null # without the shell's "Terminated"
  status=$?
  if [[ $caught == 1 ]]; then
    left=$(ls -A "$tmp/sig" | grep -v '^out.svg$')
    [[ -z $left ]] && ok || bad "SIG$sig mid-write left: $left"
    [[ $(cat "$tmp/sig/out.svg") == old ]] && ok || bad "SIG$sig mid-write changed the old output"
    [[ $status == $((128 + $(kill -l "$sig"))) ]] && ok ||
      bad "SIG$sig: exit status $status, not death by the signal"
  else
    bad "SIG$sig: the render ended (status $status) before its temporary file was seen"
  fi
done
# A signal ignored when dateline starts (nohup) stays ignored.
echo old >"$tmp/sig/out.svg"
(trap '' HUP; exec "$dl" render "$ev" -o "$tmp/sig/out.svg") && ok || bad "render with SIGHUP ignored"
grep -q '<svg' "$tmp/sig/out.svg" && ok || bad "render with SIGHUP ignored wrote no SVG"

# ---- what a replaced output keeps ----
mkdir "$tmp/keep"
(umask 022 && "$dl" ics "$ev" -o "$tmp/keep/new.ics")
[[ $(stat -c %a "$tmp/keep/new.ics") == 644 ]] && ok || bad "a new output is 0666 & ~umask"
chmod 640 "$tmp/keep/new.ics"
"$dl" ics "$ev" -o "$tmp/keep/new.ics" --tag sanctions
[[ $(stat -c %a "$tmp/keep/new.ics") == 640 ]] && ok || bad "a replaced 0640 output is $(stat -c %a "$tmp/keep/new.ics")"
chmod 600 "$tmp/keep/new.ics"
"$dl" render "$ev" -o "$tmp/keep/new.ics" -T dot
[[ $(stat -c %a "$tmp/keep/new.ics") == 600 ]] && ok || bad "a replaced 0600 output is $(stat -c %a "$tmp/keep/new.ics")"

# -o naming a symbolic link: the target is replaced, the link stays.
mkdir "$tmp/keep/real"
echo old >"$tmp/keep/real/t.svg"
ln -s real/t.svg "$tmp/keep/link.svg"
"$dl" render "$ev" -o "$tmp/keep/link.svg"
[[ -L $tmp/keep/link.svg ]] && ok || bad "-o through a link replaced the link"
xmllint --noout "$tmp/keep/real/t.svg" 2>/dev/null && ok || bad "-o through a link did not write the target"
[[ -z $(ls -A "$tmp/keep/real" | grep -v '^t.svg$') ]] && ok || bad "temporary file left beside the target"
ln -s nowhere.ics "$tmp/keep/dangling.ics"
"$dl" ics "$ev" -o "$tmp/keep/dangling.ics" && [[ -L $tmp/keep/dangling.ics && -s $tmp/keep/nowhere.ics ]] \
  && ok || bad "-o through a dangling link creates its target"
ln -s loop2 "$tmp/keep/loop1"; ln -s loop1 "$tmp/keep/loop2"
expect_err 3 "dateline: $tmp/keep/loop1: Too many levels of symbolic links" "$dl" ics "$ev" -o "$tmp/keep/loop1"

# ---- input limits ----
expect_err 1 "dateline: /dev/zero: larger than the input limit of 1M (--max-input SIZE raises it)" \
  timeout 20 "$dl" check --max-input 1M /dev/zero
err=$(yes | timeout 20 "$dl" check --max-input 64K - 2>&1); status=$?
[[ $status == 1 && $err == "dateline: -: larger than the input limit of 64K (--max-input SIZE raises it)" ]] \
  && ok || bad "endless stdin: status $status, $err"
head -c 3000 /dev/zero | tr '\0' '\n' >"$tmp/blank.mw"
expect_err 1 "dateline: $tmp/blank.mw: larger than the input limit of 2999 bytes (--max-input SIZE raises it)" \
  "$dl" check --max-input 2999 "$tmp/blank.mw"
"$dl" check --max-input 3000 "$tmp/blank.mw" && ok || bad "an input of exactly --max-input bytes"
"$dl" dump --max-input 3k "$tmp/blank.mw" >/dev/null && ok || bad "--max-input 3k"
for v in 0 1.5M 1KB -1 '' 1025G 18446744073709551617 ' 1M'; do
  expect_err 2 "dateline: --max-input must be a size from 1 byte to 1024G (a whole number, with K, M or G for KiB, MiB, GiB), not '$v' (try 'dateline --help')" \
    "$dl" check --max-input "$v" "$ev"
done
expect_err 2 "dateline: build: give the output directory with -d DIR (try 'dateline --help')" \
  "$dl" build --max-input 1G "$ev"
expect_err 1 "dateline: $ev: larger than the input limit of 1K (--max-input SIZE raises it)" \
  "$dl" build --max-input 1K -d "$tmp/site" "$ev"

# ---- --max-errors ----
for i in $(seq 25); do printf '2017: e%d\nk%d: v\n' "$i" "$i"; done >"$tmp/w.mw"
last=$("$dl" check "$tmp/w.mw" 2>&1 | tail -n 1)
[[ $last == "dateline: $tmp/w.mw: 5 more warnings not shown (--max-errors 0 shows all)" ]] \
  && ok || bad "25 warnings: last line '$last'"
[[ $("$dl" check --max-errors 0 "$tmp/w.mw" 2>&1 | grep -c 'warning:') == 25 ]] && ok || bad "--max-errors 0 shows all"
[[ $("$dl" check --max-errors 3 "$tmp/w.mw" 2>&1 | grep -c 'warning:') == 3 ]] && ok || bad "--max-errors 3"
for i in $(seq 30); do printf '2017-13: e%d\nk%d: v\n' "$i" "$i"; done >"$tmp/e.mw"
expect_err 1 "$(cat <<EOF
dateline: $tmp/e.mw:1:6: error: invalid month '13' in date '2017-13': months are 01-12 and seasons 21-24
    1 | 2017-13: e1
      |      ^~
dateline: $tmp/e.mw: 29 more errors and 30 more warnings not shown (--max-errors 0 shows all)
EOF
)" "$dl" check --color=never --max-errors 1 "$tmp/e.mw"
expect_err 2 "dateline: --max-errors must be a whole number from 0 (show all) to 1000000, not '-1' (try 'dateline --help')" \
  "$dl" render --max-errors -1 "$ev"
expect_err 2 "dateline: --max-errors must be a whole number from 0 (show all) to 1000000, not '2x' (try 'dateline --help')" \
  "$dl" serve --max-errors 2x "$ev"
(for i in $(seq 25); do printf '2017: e%d\nk%d: v\n' "$i" "$i"; done) >"$tmp/site.mw"
n=$("$dl" build -d "$tmp/site" --max-errors 2 "$tmp/site.mw" 2>&1 | grep -c 'warning:')
[[ $n == 2 ]] && ok || bad "build --max-errors 2 showed $n warnings"

# ---- filters that keep nothing ----
echo old >"$tmp/kept.svg"
expect_err 1 "dateline: $ev: no event matches the filter (--tag nosuch)" \
  "$dl" render "$ev" --tag nosuch -o "$tmp/kept.svg"
[[ $(cat "$tmp/kept.svg") == old ]] && ok || bad "an empty filter result replaced the output"
expect_err 1 "dateline: <stdin>: no event matches the filters (--from 2030 --lane Labour --tag 'a b')" \
  "$dl" ics - --from 2030 --lane Labour --tag 'a b' <"$ev"
out=$("$dl" dump "$ev" --to 1900 2>/dev/null); status=$?
[[ $status == 1 && -z $out ]] && ok || bad "dump of an empty filter result: status $status, output '$out'"
"$dl" check "$ev" --tag nosuch && ok || bad "check with filters that keep nothing"
expect_err 1 "dateline: $ev: no event matches the filter (--to 1900)" \
  "$dl" build -d "$tmp/empty-site" "$ev" --to 1900
[[ -z $(ls -A "$tmp/empty-site") ]] && ok || bad "build of an empty filter result wrote files"
# A file of several whose filters keep nothing would publish an empty
# calendar, which RFC 5545 forbids: the build is refused, naming it.
err=$("$dl" build -d "$tmp/two-site" "$ev" "$tmp/w.mw" --tag sanctions 2>&1); status=$?
[[ $status == 1 && $(tail -n 1 <<<"$err") == "dateline: $tmp/w.mw: no event matches the filter (--tag sanctions)" ]] \
  && ok || bad "build with a file the filters empty: status $status, $err"
[[ -z $(ls -A "$tmp/two-site" 2>/dev/null) ]] && ok || bad "a refused build wrote files"

# ---- control characters in messages ----
printf '2017: t\nurl: ftp://x\033]0;PWNED\007\n' >"$tmp/esc.mw"
err=$("$dl" check "$tmp/esc.mw" 2>&1)
[[ $err != *$'\033'* && $err != *$'\007'* ]] && ok || bad "a terminal escape reached stderr"
# The reader drops the characters (with a warning); the source line under
# each message shows them escaped.
[[ $err == *"2 | url: ftp://x\\x1b]0;PWNED\\x07"* ]] && ok || bad "escape not shown escaped: $err"
name=$'bad\033[2Jname.mw'
cp "$ev" "$tmp/$name"
err=$("$dl" check "$tmp/$name" --tag $'\x9b' --lane $'L\x07' 2>&1)
[[ $err == "dateline: $tmp/bad\\x1b[2Jname.mw: no lane called 'L\\x07'" ]] && ok || bad "file name and option escaped: $err"
err=$("$dl" check --color=$'\033[31m' "$ev" 2>&1)
[[ $err == "dateline: --color must be auto, always or never, not '\\x1b[31m' (try 'dateline --help')" ]] \
  && ok || bad "option value escaped: $err"

finish output
