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

# measure CMD...: prints "seconds peak_KB" of one run.
measure() {
  /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -n 1
}

# best SECONDS_FILE RUNS CMD...: the fastest of RUNS runs of CMD, in
# seconds with three decimals (a wall clock finer than time(1)'s).
best() {
  local runs=$1 i t0 t1 b=; shift
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    if [[ -z $b ]] || ((t1 - t0 < b)); then b=$((t1 - t0)); fi
  done
  awk -v ns="$b" 'BEGIN { printf "%.3f", ns / 1e9 }'
}

echo "== dateline render (SVG) against dot -Tsvg on the naive rank=same DOT"
printf '%-8s %12s %10s %12s %10s %8s\n' events dateline_s peak_MB dot_s peak_MB ratio
for n in $sizes; do
  /usr/bin/python3 "$here/gen_events.py" "$n" >"$tmp/ev.mw"
  naive_dot "$tmp/ev.mw" >"$tmp/naive.dot"
  read -r s kb < <(measure "$bin" render -o "$tmp/out.svg" "$tmp/ev.mw")
  if [[ ${BENCH_SKIP_DOT:-} == 1 ]]; then ds=0 dkb=0; else
    read -r ds dkb < <(measure dot -Tsvg -o "$tmp/naive.svg" "$tmp/naive.dot"); fi
  awk -v n="$n" -v s="$s" -v kb="$kb" -v ds="$ds" -v dkb="$dkb" 'BEGIN {
    r = (s > 0 && ds > 0) ? sprintf("%.1fx", ds / s) : "-"
    printf "%-8d %12.2f %10.1f %12.2f %10.1f %8s\n", n, s, kb / 1024, ds, dkb / 1024, r }'
done
echo "(ratio: dot's time over dateline's; aim: at least 1.5x at 10,000 events)"

# The article, as a newsroom renders it: best of five runs.
art=$here/../events/russia-dprk-sanctions.mw
echo "== the article (events/russia-dprk-sanctions.mw), best of 5 runs"
printf '%-28s %10s\n' command seconds
for f in png svg pdf; do
  printf '%-28s %10s\n' "render -o article.$f" "$(best 5 "$bin" render -o "$tmp/article.$f" "$art")"
done
printf '%-28s %10s\n' "render --orientation vertical -o .png" \
  "$(best 5 "$bin" render --orientation vertical -o "$tmp/article-v.png" "$art")"
echo "(aim: the PNG under 0.2 s)"
