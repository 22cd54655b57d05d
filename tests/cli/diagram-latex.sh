#!/usr/bin/env bash
# The diagram fits the page it goes on (issue 9, item 4): the PDF's page is
# exactly the diagram (pdfinfo's page size is the SVG's width and height),
# and the LaTeX recipe of docs/howto-report.md, taken from the doc as
# printed (its ```sh and ```latex blocks under "PDF for LaTeX"), compiles
# with pdflatex into one page with the figure at 100%: pdfTeX includes the
# PDF at its own size, and a word of the figure is as wide on the report's
# page as on the figure's (pdftotext -bbox).  The error the section shows
# is the one dateline prints.
set -u
cd "$(dirname "$0")/../.."
dl=$DATELINE
doc=docs/howto-report.md
source tests/cli/lib.bash

# page_size PDF: "W H" of the first page in points, as pdfinfo says.
page_size() { pdfinfo "$1" | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1 \2/p'; }
# svg_size SVG: "W H" of the SVG in points.
svg_size() { sed -n 's/^<svg width="\([0-9.]*\)pt" height="\([0-9.]*\)pt".*/\1 \2/p' "$1"; }

ev=events/russia-dprk-sanctions.mw
for args in "" "--width 4.77" "--width 2" "--orientation vertical" "--axis ordinal --width 9"; do
  # shellcheck disable=SC2086
  "$dl" render $args -o "$tmp/p.pdf" "$ev" && "$dl" render $args -o "$tmp/p.svg" "$ev" \
    && ok || bad "render $args"
  p=$(page_size "$tmp/p.pdf") s=$(svg_size "$tmp/p.svg")
  [[ -n $s && $p == "$s" ]] && ok || bad "the PDF's page ($p) is the SVG's size ($s) for '$args'"
done

# block LANG: the first fenced block of that language in the doc's
# section "## PDF for LaTeX".
block() {
  awk -v lang="$1" '
    /^## / { sec = ($0 == "## PDF for LaTeX"); next }
    sec && !done && $0 == "```" lang { on = 1; next }
    on && /^```/ { on = 0; done = 1; next }
    on' "$doc"
}
block sh >"$tmp/recipe.sh"
block latex >"$tmp/report.tex"
block text >"$tmp/error.txt"
grep -q 'dateline render' "$tmp/recipe.sh" && ok || bad "no render command in the recipe"
grep -q 'includegraphics' "$tmp/report.tex" && ok || bad "no \\includegraphics in the recipe"

if ! command -v pdflatex >/dev/null; then
  bad "pdflatex is missing (texlive-latex-base: make deps-test)"
  finish diagram-latex
  exit
fi

# The recipe as a reader runs it: in a directory with the events, dateline
# on the PATH.
work=$tmp/work
mkdir -p "$work/bin" "$work/events"
ln -s "$(realpath "$dl")" "$work/bin/dateline"
cp "$ev" "$work/events/"
(cd "$work" && PATH=$work/bin:$PATH bash -e "$tmp/recipe.sh") >"$tmp/sh.out" 2>&1 \
  && ok || bad "the recipe's commands fail: $(head -n 3 "$tmp/sh.out")"
pdf=$work/out/timeline.pdf
cp "$tmp/report.tex" "$work/report.tex"
(cd "$work" && pdflatex -interaction=nonstopmode -halt-on-error report.tex) >"$tmp/tex.out" 2>&1 \
  && ok || bad "pdflatex fails: $(grep -m 3 '^!' "$tmp/tex.out")"
pages=$(pdfinfo "$work/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[[ $pages == 1 ]] && ok || bad "the report has ${pages:-no} pages, not 1"
grep -q 'Overfull \\hbox\|Float too large' "$work/report.log" \
  && bad "the figure does not fit: $(grep -m 1 'Overfull\|Float too large' "$work/report.log")" || ok

# pdfTeX logs each PDF it includes with its natural size in TeX points:
# the figure's page, 72.27/72 of its size in PostScript points.
read -r fw fh < <(page_size "$pdf")
logged=$(tr -d '\n' <"$work/report.log" | grep -o '<out/timeline.pdf, id=[0-9]*, [0-9.]*pt x [0-9.]*pt>')
[[ -n $logged ]] && ok || bad "pdfTeX did not include out/timeline.pdf"
/usr/bin/python3 - "$fw" "$fh" "$logged" <<'PY' && ok || bad "the included size is not the figure's: $logged ($fw x $fh)"
import re, sys
w, h = float(sys.argv[1]), float(sys.argv[2])
lw, lh = map(float, re.findall(r'([0-9.]+)pt', sys.argv[3]))
sys.exit(not (abs(lw - w * 72.27 / 72) < 0.5 and abs(lh - h * 72.27 / 72) < 0.5))
PY

# 100%: the lane's name is as wide on the report's page as in the figure,
# and the whole figure lies on the page.
pdftotext -bbox "$pdf" "$tmp/fig.html" && pdftotext -bbox "$work/report.pdf" "$tmp/rep.html" \
  && ok || bad "pdftotext -bbox"
/usr/bin/python3 - "$tmp/fig.html" "$tmp/rep.html" "$(page_size "$work/report.pdf")" <<'PY' >"$tmp/scale.out" 2>&1
import re, sys
def words(f):
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">([^<]*)</word>',
        open(f, encoding='utf-8').read())]
fig, rep = words(sys.argv[1]), words(sys.argv[2])
pw, ph = map(float, sys.argv[3].split())
def width(ws, w):
    m = [x1 - x0 for x0, _, x1, _, t in ws if t == w]
    return m[0] if m else None
bad = []
for w in ('Labour', 'Sources'):
    a, b = width(fig, w), width(rep, w)
    if a is None or b is None or abs(b / a - 1) > 0.005:
        bad.append('%s: %s pt in the figure, %s pt on the page' % (w, a, b))
if not all(0 <= x0 and x1 <= pw and 0 <= y0 and y1 <= ph for x0, y0, x1, y1, _ in rep):
    bad.append('a word off the page')
print('; '.join(bad) or 'ok')
PY
check "the figure at 100%: $(cat "$tmp/scale.out")" grep -qx ok "$tmp/scale.out"

# The error the section shows is dateline's own, word for word.
cmd=$(sed -n 's/^\$ //p' "$tmp/error.txt")
want=$(sed -n '/^\$ /!p' "$tmp/error.txt")
[[ $cmd == dateline\ render* ]] && ok || bad "no command in the section's error example"
got=$(cd "$work" && PATH=$work/bin:$PATH bash -c "$cmd" 2>&1)
[[ $? == 2 && $got == "$want" ]] && ok || bad "the section's error is not dateline's: $got"
[[ ! -e $work/out/all.pdf ]] && ok || bad "a refused render wrote its file"

finish diagram-latex
