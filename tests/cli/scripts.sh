#!/usr/bin/env bash
# Any script: titles in Chinese, Japanese, Korean, Arabic, Hebrew, Cyrillic
# and emoji draw as glyphs in PDF and PNG, measured with the metrics of the
# font that draws them.  Independent readers: poppler's pdffonts and
# pdftotext read the PDF, fontTools reads the embedded fonts' files, pango's
# own pango-view measures every line of text the diagram draws, and
# scripts/text-widths.py re-derives the width tables from the fonts.
set -u
cd "$(dirname "$0")/../.."
dl=$DATELINE
in=tests/diagram/scripts.mw
py=/usr/bin/python3
source tests/cli/lib.bash

"$dl" render -o "$tmp/s.pdf" "$in" && ok || bad "render PDF"
"$dl" render -o "$tmp/s.png" "$in" && ok || bad "render PNG"
"$dl" render -o "$tmp/s.svg" "$in" && ok || bad "render SVG"
"$dl" render -o "$tmp/s.dot" "$in" && ok || bad "render DOT"

# Every font in the PDF is embedded, and one of them is a CJK font.
pdffonts "$tmp/s.pdf" >"$tmp/fonts" 2>&1
check "pdffonts lists fonts" test "$(tail -n +3 "$tmp/fonts" | wc -l)" -ge 2
check "every font is embedded" awk 'NR > 2 && $(NF-4) != "yes" { exit 1 }' "$tmp/fonts"
check "a CJK font is embedded" grep -Eq '^[A-Z]{6}\+(WenQuanYi|Noto[A-Za-z]*CJK|Droid)' "$tmp/fonts"
check "an emoji font is embedded" grep -Eq '^[A-Z]{6}\+(Symbola|NotoColorEmoji|NotoEmoji)' "$tmp/fonts"

# The embedded fonts (by their files on this machine) cover every character
# of every title, and pdftotext reads each title back as text: no title
# fell back to pango's hex boxes, which cairo draws as paths, not text.
pdftotext "$tmp/s.pdf" "$tmp/s.txt"
out=$("$py" - "$in" "$tmp/fonts" "$tmp/s.txt" <<'PY' 2>&1
import re, subprocess, sys, unicodedata
from fontTools.ttLib import TTFont
src, fonts, text = sys.argv[1:]
titles = [m.group(1) for m in re.finditer(r"^\d{4}-\d\d-\d\d: (.*)$",
                                          open(src, encoding="utf-8").read(), re.M)]
assert len(titles) >= 21, titles
cover = set()
for line in open(fonts).read().splitlines()[2:]:
    ps = line.split()[0].split("+", 1)[1]
    files = subprocess.run(["fc-list", ":postscriptname=" + ps, "file"],
                           capture_output=True, text=True).stdout.split()
    assert files, "no font file for " + ps
    f = TTFont(files[0].rstrip(":"), fontNumber=0)
    cover |= set(f.getBestCmap())
def norm(s):
    s = unicodedata.normalize("NFKC", s)
    return sorted(c for c in s if not c.isspace() and unicodedata.category(c) not in ("Cf", "Mn"))
drawn = open(text, encoding="utf-8").read().split("\n")
drawn = [norm(l) for l in drawn]
for t in titles:
    missing = {c for c in t if ord(c) > 32 and unicodedata.category(c) not in ("Cf", "Mn")
               and ord(c) not in cover}
    if missing:
        print("no embedded font has %r (in %r)" % ("".join(sorted(missing)), t))
    # A wrapped title comes back as consecutive lines.
    if not any(norm(t) == sum(drawn[i:i + k], []) for k in (1, 2, 3)
               for i in range(len(drawn))):
        print("not read back from the PDF: %r" % t)
PY
)
check "embedded fonts cover every title, read back as text: $out" test -z "$out"

# The PNG: drawn, its width from --dpi, not blank.
out=$("$py" - "$tmp/s.png" <<'PY' 2>&1
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert w > 1000 and h > 1000, (w, h)
PY
)
check "the PNG is drawn: $out" test -z "$out"

# The SVG names a generic family after its fonts.
check "SVG font-family ends with sans-serif" \
  bash -c '! grep -o "font-family=\"[^\"]*\"" "$1" | grep -qv "sans-serif\"\$"' _ "$tmp/s.svg"
check "SVG font-family lists the CJK font" grep -q 'font-family="DejaVu Sans,WenQuanYi Micro Hei,' "$tmp/s.svg"
check "the SVG is well-formed" xmllint --noout "$tmp/s.svg"

# Every line of text is at least as wide as pango really draws it (its
# hinted metrics at 96 dpi, as Graphviz lays text out, at the PNG's 144
# dpi, and unhinted), and no two lines of text, at pango's widths, overlap
# on the page: so no label overlaps another whatever its script.
out=$("$py" - "$tmp/s.dot" "$tmp" <<'PY' 2>&1
import struct, subprocess, sys
sys.path.insert(0, "tests/diagram")
import xdot_text
dot, tmp = sys.argv[1:]
text = open(dot, encoding="utf-8").read()
ops = xdot_text.ops(text)
assert len(ops) > 40, len(ops)
def pango(family, size, t):
    worst = 0
    for dpi, hint in ((96, "full"), (144, "full"), (7200, "none")):
        subprocess.run(["pango-view", "--no-display", "-q", "--margin=0",
                        "--dpi=%d" % dpi, "--hinting=" + hint,
                        "--hint-metrics=" + ("on" if hint == "full" else "off"),
                        "--font=%s %g" % (family, size), "-o", tmp + "/m.png",
                        "--text=" + t], check=True)
        px = struct.unpack(">I", open(tmp + "/m.png", "rb").read()[16:20])[0]
        # The image is the layout's width rounded up to a pixel.
        worst = max(worst, (px - 1) * 72.0 / dpi)
    return worst
boxes = []
import re
xs = [(float(m.group(1)), float(m.group(2))) for m in
      re.finditer(r"T (\S+) (\S+) -?\d \S+ \d+ -", text.replace("\\\n", ""))]
assert len(xs) == len(ops), (len(xs), len(ops))
for ((size, family), w, t), (x, y) in zip(ops, xs):
    real = pango(family, size, t)
    if real > w:
        print("%r: measured %.2f pt, pango draws %.2f pt" % (t, w, real))
    # y is the baseline (y grows upwards); a line is 1.2 sizes tall.
    boxes.append((x, y - 0.3 * size, x + real, y + 0.9 * size, t))
for i, a in enumerate(boxes):
    for b in boxes[i + 1:]:
        e = 0.05
        if a[0] < b[2] - e and b[0] < a[2] - e and a[1] < b[3] - e and b[1] < a[3] - e:
            print("text %r overlaps %r" % (a[4], b[4]))
PY
)
check "text is measured at least as wide as pango draws it, no overlap: $out" test -z "$out"

# The width tables are those of the fonts on this machine.
"$py" scripts/text-widths.py >"$tmp/tables.c" && ok || bad "scripts/text-widths.py"
check "src/layout_text.c carries the tables scripts/text-widths.py prints" \
  "$py" -c 'import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())' \
  "$tmp/tables.c" src/layout_text.c

finish scripts
