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

for part in scripts/bench_ics.sh scripts/bench_render.sh scripts/bench_serve.sh; do
  [[ -x $part ]] && "$part" "$bin"
done
exit 0
