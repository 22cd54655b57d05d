#!/usr/bin/env bash
# dateline render: every format through the real command, checked by other
# tools: xmllint reads the SVG, pdfinfo the PDF, Graphviz's own dot and
# neato read the DOT, the PNG has the right size and is not blank; hostile
# input stays literal and inert.
set -u
cd "$(dirname "$0")/../.."
dl=$DATELINE
ev=events/russia-dprk-sanctions.mw
hostile=tests/golden/dot/hostile.mw
source tests/cli/lib.bash

# png_check FILE WIDTH: a PNG WIDTH pixels wide with more than one colour.
png_check() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h, depth, ctype = struct.unpack(">IIBB", data[16:26])
assert w == int(sys.argv[2]), "width %d, want %s" % (w, sys.argv[2])
idat, pos = b"", 8
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
stride = len(raw) // h
rows = {raw[y * stride + 1:(y + 1) * stride] for y in range(h)}
pixels = {row[i:i + 4] for row in list(rows)[:400] for i in range(0, len(row), 4)}
assert len(pixels) > 10, "blank: %d colours" % len(pixels)
PY
}

# Every format, from the extension and from -T.
for f in svg png pdf dot; do
  "$dl" render -o "$tmp/a.$f" "$ev" && [[ -s $tmp/a.$f ]] && ok || bad "render -o a.$f"
done
"$dl" render -T cmapx -o "$tmp/a.map.html" "$ev" && grep -q '<map id="timeline"' "$tmp/a.map.html" \
  && ok || bad "-T cmapx writes an image map"
"$dl" render --image-map -o "$tmp/b.map" "$ev" && cmp -s "$tmp/a.map.html" "$tmp/b.map" \
  && ok || bad "--image-map is -T cmapx"
"$dl" render -T svg "$ev" >"$tmp/stdout.svg" && cmp -s "$tmp/stdout.svg" "$tmp/a.svg" \
  && ok || bad "-T svg to standard output"

# Other tools read what we wrote.
xmllint --noout "$tmp/a.svg" && ok || bad "xmllint reads the SVG"
pdfinfo "$tmp/a.pdf" >"$tmp/pdfinfo" 2>&1 && grep -q '^Pages: *1' "$tmp/pdfinfo" \
  && ok || bad "pdfinfo reads the PDF"
[[ $(head -c 5 "$tmp/a.pdf") == %PDF- ]] && ok || bad "PDF signature"
width_pt=$(sed -n 's/^<svg width="\([0-9]*\)pt".*/\1/p' "$tmp/a.svg")
png_check "$tmp/a.png" $((width_pt * 2)) && ok || bad "PNG at 144 dpi, not blank"
"$dl" render --dpi 72 -o "$tmp/72.png" "$ev" && png_check "$tmp/72.png" "$width_pt" \
  && ok || bad "PNG at --dpi 72"
err=$(dot -Tsvg "$tmp/a.dot" 2>&1 >/dev/null) && [[ -z $err ]] && ok || bad "dot reads our DOT: $err"
neato -n2 -Tsvg "$tmp/a.dot" >"$tmp/neato.svg" 2>"$tmp/neato.err" && [[ ! -s $tmp/neato.err ]] \
  && xmllint --noout "$tmp/neato.svg" && ok || bad "neato -n2 draws our DOT"
# drawing FILE: what an SVG draws, in order, without Graphviz's nodes and
# what dateline adds for a web page: the DOT's nodes are transparent link
# areas, and dateline's SVG has its groups, tooltips and links instead.
drawing() { /usr/bin/python3 tests/diagram/svg_drawing.py "$1"; }
# href_fix: an SVG that dot drew from our DOT, with the '&' in links
# escaped: the DOT holds URLs as they are, and Graphviz 2.43 copies them
# into xlink:href unescaped (dateline escapes them).
href_fix() { sed -E ':a; s/(xlink:href="[^"]*)&([^"]*")/\1\x01\2/; ta; s/\x01/\&amp;/g'; }
dot -Tsvg "$tmp/a.dot" >"$tmp/dot.svg" && [[ -s $tmp/dot.svg ]] && cmp -s <(drawing "$tmp/a.svg") <(drawing "$tmp/dot.svg") \
  && ok || bad "dot draws our DOT as dateline draws the SVG"
"$dl" render -o "$tmp/again.svg" "$ev" && cmp -s "$tmp/a.svg" "$tmp/again.svg" \
  && ok || bad "same input, same SVG"

# Options.
for opt in "--axis ordinal" "--orientation vertical" "--width 6.5" "--from 2017-06 --to 2017-12"; do
  # shellcheck disable=SC2086
  "$dl" render $opt -o "$tmp/opt.svg" "$ev" && xmllint --noout "$tmp/opt.svg" \
    && ok || bad "render $opt"
done
"$dl" render --width 6.5 -o "$tmp/w.svg" "$ev" && grep -q '<svg width="468pt"' "$tmp/w.svg" \
  && ok || bad "--width 6.5 gives 468pt"
n=$(grep -c 'class="tl-event"' "$tmp/opt.svg")
m=$(grep -c 'class="tl-event"' "$tmp/a.svg")
((n < m)) && ok || bad "--from/--to draws fewer events ($n, $m)"

# Hostile input: literal text, no script, no javascript: link.
"$dl" render -o "$tmp/h.svg" "$hostile" 2>"$tmp/h.err" && ok || bad "render hostile input"
xmllint --noout "$tmp/h.svg" && ok || bad "hostile SVG is well-formed"
grep -qi '<script' "$tmp/h.svg" && bad "a <script> element" || ok
grep -qiE '(href|xlink:href)="javascript' "$tmp/h.svg" && bad "a javascript: link" || ok
grep -q '>&lt;script&gt;alert(1)&lt;/script&gt;</text>' "$tmp/h.svg" && ok || bad "script shown as text"
grep -q 'xlink:href="https://example.org/page?a=1&amp;b=2"' "$tmp/h.svg" && ok || bad "query URL escaped"
grep -q "url 'javascript:alert(1)' dropped" "$tmp/h.err" && ok || bad "javascript: URL refused with a warning"
"$dl" render -T cmapx "$hostile" 2>/dev/null | grep -qi 'javascript' && bad "javascript in the image map" || ok
"$dl" render -o "$tmp/h.dot" "$hostile" 2>/dev/null && err=$(dot -Tsvg "$tmp/h.dot" 2>&1 >"$tmp/hd.svg") \
  && [[ -z $err ]] && xmllint --noout <(href_fix <"$tmp/hd.svg") \
  && ok || bad "dot reads the hostile DOT: $err"
cmp -s <(drawing "$tmp/h.svg") <(drawing "$tmp/hd.svg") && ok || bad "hostile text survives the DOT"
grep -q 'URL="https://example.org/page?a=1&b=2"' "$tmp/h.dot" && ok || bad "the DOT holds URLs as they are"
dot -Tpdf "$tmp/h.dot" | grep -aq '/URI (https://example.org/page?a=1&b=2)' && ok || bad "dot -Tpdf links the URL as it is"

# Misuse.
"$dl" render -o "$tmp/x.gif" "$ev" 2>/dev/null; [[ $? == 2 ]] && ok || bad "unknown extension exits 2"
"$dl" render -o /dev/full -T svg "$ev" 2>/dev/null; [[ $? == 3 ]] && ok || bad "write error exits 3"

finish render
