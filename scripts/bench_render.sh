#!/usr/bin/env bash
# Render benchmark, figures only: time and peak memory of `dateline render`
# to SVG for 100 / 1,000 / 10,000 events (BENCH_SIZES to change), and side
# by side Graphviz's dot on the classic rank=same timeline DOT for the same
# events (one node per month in a chain, each event ranked with its month),
# with the ratio of the two; then the article's PNG, SVG and PDF times.
#   scripts/bench_render.sh BIN
set -euo pipefail
bin=${1:?usage: scripts/bench_render.sh BIN}
sizes=${BENCH_SIZES:-100 1000 10000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
here=$(dirname "$0")

# The naive timeline most people write by hand for dot.
naive_dot() {
  /usr/bin/python3 - "$1" <<'PY'
import re, sys
events, months = [], set()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?[~?]?: (.*)$", line)
    if m:
        month = "%s-%s" % (m.group(1), m.group(2))
        months.add(month)
        events.append((month, m.group(4).replace('"', "'")))
months = sorted(months)
out = ['digraph timeline {', '  rankdir=TB; node [shape=box fontname="DejaVu Sans"];',
       '  { node [shape=plaintext]; ' + " -> ".join('"%s"' % m for m in months) + "; }"]
for i, (month, title) in enumerate(events):
    out.append('  e%d [label="%s"]; { rank=same; "%s"; e%d; }' % (i, title, month, i))
out.append("}")
print("\n".join(out))
PY
}

# The machine is shared: processor time (user + system) says more than
# the wall clock, which waits for the other users; both are printed, and
# the ratio is of processor times.

# measure CMD...: prints "cpu_seconds wall_seconds peak_KB", the fastest
# of three runs.
measure() {
  local i out best=
  for i in 1 2 3; do
    out=$(/usr/bin/time -f '%U %S %e %M' "$@" 2>&1 >/dev/null | tail -n 1 |
      awk '{ printf "%.2f %.2f %d", $1 + $2, $3, $4 }')
    if [[ -z $best ]] || awk -v a="$out" -v b="$best" 'BEGIN { split(a, x); split(b, y); exit !(x[1] < y[1]) }'; then
      best=$out
    fi
  done
  echo "$best"
}

# best RUNS CMD...: "cpu wall" seconds of the fastest of RUNS runs of CMD
# (by processor time), with three decimals for the wall clock.
best() {
  local runs=$1 i t0 t1 cpu b= bw=; shift
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N)
    /usr/bin/time -o "$tmp/time" -f '%U %S' "$@" >/dev/null 2>&1 || true
    cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$tmp/time")
    t1=$(date +%s%N)
    if [[ -z $b ]] || ((cpu < b)); then b=$cpu bw=$((t1 - t0)); fi
  done
  awk -v ms="$b" -v ns="$bw" 'BEGIN { printf "%10.2f %10.3f", ms / 1000, ns / 1e9 }'
}

echo "== dateline render (SVG) against dot -Tsvg on the naive rank=same DOT"
printf '%-8s %26s %26s %7s\n' "" "dateline render -o .svg" "dot -Tsvg (rank=same)" ""
printf '%-8s %8s %8s %8s %8s %8s %8s %7s\n' events cpu_s wall_s peak_MB cpu_s wall_s peak_MB ratio
for n in $sizes; do
  /usr/bin/python3 "$here/gen_events.py" "$n" >"$tmp/ev.mw"
  naive_dot "$tmp/ev.mw" >"$tmp/naive.dot"
  read -r c s kb < <(measure "$bin" render -o "$tmp/out.svg" "$tmp/ev.mw")
  if [[ ${BENCH_SKIP_DOT:-} == 1 ]]; then dc=0 ds=0 dkb=0; else
    read -r dc ds dkb < <(measure dot -Tsvg -o "$tmp/naive.svg" "$tmp/naive.dot"); fi
  awk -v n="$n" -v c="$c" -v s="$s" -v kb="$kb" -v dc="$dc" -v ds="$ds" -v dkb="$dkb" 'BEGIN {
    r = (c > 0 && dc > 0) ? sprintf("%.1fx", dc / c) : "-"
    printf "%-8d %8.2f %8.2f %8.1f %8.2f %8.2f %8.1f %7s\n", n, c, s, kb / 1024, dc, ds, dkb / 1024, r }'
done
echo "(ratio: dot's processor time over dateline's, best of 3; aim: at least 1.5x at 10,000 events)"

# The article, as a newsroom renders it: best of five runs.
art=$here/../events/russia-dprk-sanctions.mw
echo "== the article (events/russia-dprk-sanctions.mw), best of 5 runs"
printf '%-40s %10s %10s\n' command cpu_s wall_s
for f in png svg pdf; do
  printf '%-40s %s\n' "render -o article.$f" "$(best 5 "$bin" render -o "$tmp/article.$f" "$art")"
done
printf '%-40s %s\n' "render --orientation vertical -o .png" \
  "$(best 5 "$bin" render --orientation vertical -o "$tmp/article-v.png" "$art")"
echo "(aim: the PNG under 0.2 s)"
