#!/usr/bin/env bash
# Render benchmark, figures only: time and peak memory of `dateline render`
# to SVG for 100 / 1,000 / 10,000 events (BENCH_SIZES to change), and side
# by side Graphviz's dot on the classic rank=same timeline DOT for the same
# events (one node per month in a chain, each event ranked with its month).
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

# measure CMD...: prints "seconds s  peak KB" of one run.
measure() {
  /usr/bin/time -f '%e s %M KB' "$@" 2>&1 >/dev/null | tail -n 1
}

printf '%-9s %-24s %-24s\n' events "dateline render (svg)" "dot -Tsvg rank=same"
for n in $sizes; do
  /usr/bin/python3 "$here/gen_events.py" "$n" >"$tmp/ev.mw"
  naive_dot "$tmp/ev.mw" >"$tmp/naive.dot"
  ours=$(measure "$bin" render -o "$tmp/out.svg" "$tmp/ev.mw")
  if [[ ${BENCH_SKIP_DOT:-} == 1 ]]; then theirs="skipped"; else
    theirs=$(measure dot -Tsvg -o "$tmp/naive.svg" "$tmp/naive.dot"); fi
  printf '%-9s %-24s %-24s\n' "$n" "$ours" "$theirs"
done
