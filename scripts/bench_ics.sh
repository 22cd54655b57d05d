#!/usr/bin/env bash
# bench_ics.sh - figures only, no pass/fail: time and peak memory of
# `dateline ics` for 1,000 / 100,000 / 1,000,000 synthetic events, beside
# two baselines doing the same job on the same events in the same run:
# a naive libical program (tests/bench/naive_ics.c: the whole VCALENDAR
# built, then serialized at once) and Debian's python3-icalendar
# (tests/bench/python_ics.py).
#
#   scripts/bench_ics.sh BIN [COUNTS...]     BIN: the dateline binary
#
# The naive program is compiled here against BIN's libdateline.a.  Python
# is skipped past 100,000 events (it would take many minutes) unless
# BENCH_PYTHON_MAX says otherwise.
set -euo pipefail
bin=${1:?usage: scripts/bench_ics.sh BIN [COUNTS...]}
shift
counts=("$@")
[[ ${#counts[@]} -gt 0 ]] || counts=(1000 100000 1000000)
py_max=${BENCH_PYTHON_MAX:-100000}
PY=/usr/bin/python3
root=$(cd "$(dirname "$0")/.." && pwd)
lib=$(dirname "$bin")/libdateline.a
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc -std=c11 -D_DEFAULT_SOURCE -O2 -I"$root/src" $(pkg-config --cflags libical) \
  "$root/tests/bench/naive_ics.c" "$lib" $(pkg-config --libs libgvc libcgraph libical) -lm \
  -o "$tmp/naive_ics"

# measure NAME OUT CMD... : one row: wall time, CPU time (user + system;
# the wall time also counts waiting when other jobs share the cores),
# peak resident memory, output size, events per CPU second.
measure() {
  local name=$1 out=$2
  shift 2
  if ! /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" >"$out" 2>"$tmp/err"; then
    printf '  %-18s failed: %s\n' "$name" "$(tail -n 1 "$tmp/err")"
    return
  fi
  local wall usr sys kb cpu bytes
  read -r wall usr sys kb <"$tmp/time"
  cpu=$(echo "$usr + $sys" | bc -l)
  bytes=$(stat -c %s "$out")
  printf '  %-18s %7.2f s wall %7.2f s cpu %8d KB peak %7.1f MB out %8s events/cpu-s\n' \
    "$name" "$wall" "$cpu" "$kb" "$(echo "$bytes / 1048576" | bc -l)" \
    "$(echo "if ($cpu > 0) $n / $cpu else 0" | bc)"
}

export SOURCE_DATE_EPOCH=0
echo "iCalendar feed: dateline ics vs naive libical vs python3-icalendar"
for n in "${counts[@]}"; do
  in=$tmp/events-$n.mw
  "$PY" "$root/scripts/gen_events.py" "$n" >"$in"
  printf '%d events (input %.1f MB):\n' "$n" "$(echo "$(stat -c %s "$in") / 1048576" | bc -l)"
  measure "dateline ics" "$tmp/out.ics" "$bin" ics "$in"
  measure "naive libical" "$tmp/naive.ics" "$tmp/naive_ics" "$in"
  if ((n <= py_max)); then
    measure "python3-icalendar" "$tmp/py.ics" "$PY" "$root/tests/bench/python_ics.py" "$in"
  else
    printf '  %-18s skipped above %d events (BENCH_PYTHON_MAX)\n' "python3-icalendar" "$py_max"
  fi
  rm -f "$tmp"/*.ics
done
