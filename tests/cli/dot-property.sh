#!/usr/bin/env bash
# Every output valid for every input (issue 11): event files of random
# hostile text in every field that reaches the diagram (front matter title,
# description, source, url and lanes; headings; titles; descriptions; tags;
# sources; urls), from a fixed seed.  For each: dot reads our DOT without a
# word and draws from it what dateline's SVG draws (the shapes and texts;
# dateline adds groups, tooltips and links for a web page, and the DOT
# has transparent link areas, whose '&' in links Graphviz 2.43 does not
# escape); xmllint
# accepts our SVG and, links escaped, dot's, and our image map; no
# javascript: link anywhere; dateline build writes the same DOT.
set -u
cd "$(dirname "$0")/../.."
dl=$DATELINE
source tests/cli/lib.bash

# What an SVG draws, in order, without Graphviz's nodes and what dateline
# adds for a web page (it moves each event's elements from the drawing
# into its group, with a tooltip and a link; the DOT's nodes are
# transparent link areas).
drawing() { /usr/bin/python3 tests/diagram/svg_drawing.py "$1"; }
href_fix() { sed -E ':a; s/(xlink:href="[^"]*)&([^"]*")/\1\x01\2/; ta; s/\x01/\&amp;/g'; }

/usr/bin/python3 - "$tmp" <<'PY'
import random, sys
rnd = random.Random(11)
pieces = ['\\', '\\', '\\\\', '"', '"', '\\"', '<', '>', '{', '}', ';', '&',
          '&amp;', ' ', ' ', 'a', 'Zed', '\\N', '\\G', '\\E', '\\T', '\\H',
          '\\L', '\\n', '\\l', '\\r', 'é', '😀', "'", '=', ',', '[', ']',
          '+', ']]', '</text>', '<script>', 'URL="javascript:alert(1)"']
def text(n, lines=False):
    p = pieces + (['\n'] if lines else [])
    return ''.join(rnd.choice(p) for _ in range(rnd.randint(1, n)))
for k in range(6):
    out = ['---',
           'title: T' + text(12),
           'description: D' + text(12),
           'source: https://example.org/?q=1&r=' + text(3).replace(' ', ''),
           'url: https://example.org/a?b=1&c=2',
           'lanes: L' + text(4) + ', x',
           '---']
    for lane in range(2):
        out.append('# L' + text(6))
        for e in range(4):
            out.append('20%02d-%02d-%02d: T%s #tag%s' % (
                rnd.randint(10, 19), rnd.randint(1, 12), rnd.randint(1, 28),
                text(12), rnd.choice(['a', 'b', 'c'])))
            out.append('tags: t' + text(4))
            out.append('source: ' + rnd.choice(
                ['https://example.org/s?x=1&y=2', 's' + text(6)]))
            out.append('url: https://example.org/e?' + text(3).replace(' ', ''))
            out.append('status: ' + text(3))
            out.append(text(20, lines=True).replace('\n', '\n '))
    open('%s/r%d.mw' % (sys.argv[1], k), 'w').write('\n'.join(out) + '\n')
PY

for mw in "$tmp"/r*.mw; do
  n=$(basename "$mw" .mw)
  "$dl" render -o "$tmp/$n.dot" "$mw" 2>"$tmp/$n.err" && "$dl" render -o "$tmp/$n.svg" "$mw" 2>>"$tmp/$n.err" \
    && ok || { bad "$n: render: $(head -n 3 "$tmp/$n.err")"; continue; }
  err=$(dot -Tsvg "$tmp/$n.dot" 2>&1 >"$tmp/$n.dot.svg")
  [[ $? == 0 && -z $err ]] && ok || bad "$n: dot reads our DOT: $err"
  cmp -s <(drawing "$tmp/$n.svg") <(drawing "$tmp/$n.dot.svg") \
    && ok || bad "$n: dot -Tsvg of the DOT is not dateline's SVG"
  xmllint --noout "$tmp/$n.svg" && ok || bad "$n: xmllint rejects our SVG"
  xmllint --noout <(href_fix <"$tmp/$n.dot.svg") && ok || bad "$n: xmllint rejects dot's SVG"
  grep -qi 'href="javascript' "$tmp/$n.svg" "$tmp/$n.dot.svg" && bad "$n: a javascript: link" || ok
  grep -qiE '(href|URL)="?javascript' "$tmp/$n.dot" && bad "$n: a javascript: URL in the DOT" || ok
  "$dl" render -T cmapx -o "$tmp/$n.map" "$mw" 2>/dev/null && xmllint --noout "$tmp/$n.map" \
    && ok || bad "$n: xmllint rejects the image map"
done

# The same DOT from dateline build, which serve publishes.
"$dl" build -d "$tmp/site" "$tmp/r0.mw" >/dev/null 2>&1 && cmp -s "$tmp/site/r0.dot" "$tmp/r0.dot" \
  && ok || bad "dateline build writes the DOT render writes"

finish dot-property
