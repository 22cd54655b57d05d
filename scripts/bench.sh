#!/usr/bin/env bash
# make bench: figures only, no pass/fail.  Parse throughput and memory on a
# generated file of 1,000,000 events, then the feed and the diagram
# benchmarks when their scripts are present.  Usage: bench.sh BIN
set -euo pipefail
bin=$(realpath "$1")
cd "$(dirname "$0")/.."
dir=build/bench
mkdir -p "$dir"
py=/usr/bin/python3

echo "== parse (dateline check)"
printf '%10s %10s %10s %12s %12s\n' events MB seconds MB/s peak_MB
for n in 100000 1000000; do
  f=$dir/events-$n.mw
  [[ -f $f ]] || $py scripts/gen_events.py "$n" >"$f"
  bytes=$(stat -c %s "$f")
  out=$( { /usr/bin/time -f '%e %M' "$bin" check "$f" >/dev/null; } 2>&1 | tail -n 1)
  read -r secs kb <<<"$out"
  awk -v n="$n" -v b="$bytes" -v s="$secs" -v kb="$kb" 'BEGIN {
    mb = b / 1e6; printf "%10d %10.1f %10.2f %12.1f %12.1f\n", n, mb, s, (s > 0 ? mb / s : 0), kb / 1024 }'
done
echo "(model memory = peak minus the input held in memory; aim: model <= input size)"

# Shapes that were quadratic once (issue 11): one event with 50,000
# property lines, 100,000 headings, and a million events that all share a
# lane and a day.  Each must stay linear: well under a second for the
# first two.
echo "== parse, worst shapes (dateline check)"
printf '%-34s %10s %10s %12s\n' input MB seconds peak_MB
shape() { # NAME FILE
  local bytes out secs kb
  bytes=$(stat -c %s "$2")
  /usr/bin/time -o "$dir/time.txt" -f '%e %M' "$bin" check "$2" >/dev/null 2>&1 || true
  read -r secs kb <"$dir/time.txt"
  awk -v name="$1" -v b="$bytes" -v s="$secs" -v kb="$kb" 'BEGIN {
    printf "%-34s %10.1f %10.2f %12.1f\n", name, b / 1e6, s, kb / 1024 }'
}
f=$dir/props-50000.mw
[[ -f $f ]] || awk 'BEGIN { print "2017: One event"
  for (i = 0; i < 50000; i++) printf "key%d: value %d\n", i, i }' >"$f"
shape "1 event, 50,000 property lines" "$f"
f=$dir/headings-100000.mw
[[ -f $f ]] || awk 'BEGIN {
  for (i = 0; i < 100000; i++) printf "# Lane %d\n2017-06-01: Event %d\n", i, i }' >"$f"
shape "100,000 headings, 1 event each" "$f"
f=$dir/one-day-1000000.mw
[[ -f $f ]] || awk 'BEGIN { print "# The lane"
  for (i = 0; i < 1000000; i++) printf "2017-06-01: Event %d #tag\n", i }' >"$f"
shape "1,000,000 events, 1 lane, 1 day" "$f"

# The same million events through the feed and the diagram: both finish,
# and a PNG that would be scaled below readable text is refused at once.
echo "== 1,000,000 events, 1 lane, 1 day: every back end"
printf '%-34s %10s %10s %12s %8s\n' command seconds out_MB peak_MB status
backend() { # NAME OUT ARGS...
  local name=$1 out=$2 status=0 secs kb size; shift 2
  rm -f "$out"
  /usr/bin/time -o "$dir/time.txt" -f '%e %M' "$bin" "$@" -o "$out" \
    >/dev/null 2>"$dir/backend.err" || status=$?
  read -r secs kb < <(tail -n 1 "$dir/time.txt")
  size=$(stat -c %s "$out" 2>/dev/null || echo 0)
  awk -v name="$name" -v s="$secs" -v b="$size" -v kb="$kb" -v st="$status" 'BEGIN {
    printf "%-34s %10.2f %10.1f %12.1f %8d\n", name, s, b / 1e6, kb / 1024, st }'
}
backend "ics" "$dir/one-day.ics" ics "$f"
backend "render -o .svg" "$dir/one-day.svg" render "$f"
backend "render -o .png (refused)" "$dir/one-day.png" render "$f"
sed -n '1p' "$dir/backend.err"
rm -f "$dir/one-day.svg" "$dir/one-day.ics"

for part in scripts/bench_ics.sh scripts/bench_render.sh scripts/bench_serve.sh; do
  [[ -x $part ]] && "$part" "$bin"
done
exit 0
