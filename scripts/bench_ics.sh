#!/usr/bin/env bash
# bench_ics.sh - figures only, no pass/fail: time and peak memory of
# `dateline ics` for 1,000 / 100,000 / 1,000,000 synthetic events, beside
# two baselines doing the same job on the same events in the same run:
# a naive libical program (tests/bench/naive_ics.c: the whole VCALENDAR
# built, then serialized at once) and Debian's python3-icalendar
# (tests/bench/python_ics.py).  `dateline check` on the same file shows
# what reading the input costs on its own, and each size ends with the
# speed-ups of `dateline ics` over the baselines, by wall and CPU time.
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
# the wall time also counts waiting when other jobs share the cores, and
# is less than the CPU time when several cores work), peak resident
# memory, output size, events per CPU second.  Leaves the times in
# $wall and $cpu (empty when the command failed).
measure() {
  local name=$1 out=$2
  shift 2
  wall='' cpu=''
  if ! /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" >"$out" 2>"$tmp/err"; then
    printf '  %-18s failed: %s\n' "$name" "$(tail -n 1 "$tmp/err")"
    return
  fi
  local usr sys kb bytes
  read -r wall usr sys kb <"$tmp/time"
  cpu=$(echo "$usr + $sys" | bc -l)
  bytes=$(stat -c %s "$out")
  printf '  %-18s %7.2f s wall %7.2f s cpu %8d KB peak %7.1f MB out %8s events/cpu-s\n' \
    "$name" "$wall" "$cpu" "$kb" "$(echo "$bytes / 1048576" | bc -l)" \
    "$(echo "if ($cpu > 0) $n / $cpu else 0" | bc)"
}

# ratio A B: A / B, or 0 when B is 0.
ratio() { echo "if ($2 > 0) $1 / $2 else 0" | bc -l; }

# speedup NAME: how many times faster `dateline ics` ($ours_wall,
# $ours_cpu) was than the row just measured ($wall, $cpu).
speedup() {
  [[ -n $wall && -n $ours_wall ]] || return 0
  printf '  %-18s %5.1fx faster than %s by wall time, %.1fx by CPU time\n' \
    "dateline ics:" "$(ratio "$wall" "$ours_wall")" "$1" "$(ratio "$cpu" "$ours_cpu")"
}

export SOURCE_DATE_EPOCH=0
echo "iCalendar feed: dateline ics vs naive libical vs python3-icalendar"
for n in "${counts[@]}"; do
  in=$tmp/events-$n.mw
  "$PY" "$root/scripts/gen_events.py" "$n" >"$in"
  printf '%d events (input %.1f MB):\n' "$n" "$(echo "$(stat -c %s "$in") / 1048576" | bc -l)"
  measure "dateline check" "$tmp/check.out" "$bin" check "$in"
  measure "dateline ics" "$tmp/out.ics" "$bin" ics "$in"
  ours_wall=$wall ours_cpu=$cpu
  measure "naive libical" "$tmp/naive.ics" "$tmp/naive_ics" "$in"
  speedup "naive libical"
  if ((n <= py_max)); then
    measure "python3-icalendar" "$tmp/py.ics" "$PY" "$root/tests/bench/python_ics.py" "$in"
    speedup "python3-icalendar"
  else
    printf '  %-18s skipped above %d events (BENCH_PYTHON_MAX)\n' "python3-icalendar" "$py_max"
  fi
  rm -f "$tmp"/*.ics "$tmp/check.out"
done
