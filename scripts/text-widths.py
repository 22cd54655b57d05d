#!/usr/bin/python3
# Prints the width tables of src/layout_text.c from the fonts that draw
# the diagram: DejaVu Sans, then WenQuanYi Micro Hei, then Symbola (the
# order of FONT in src/render_dot_draw.c, which is the order pango falls
# back in).  Each code point gets the advance of the first font that has
# it, in thousandths of an em rounded up; an Arabic letter gets the widest
# of its contextual forms there, and the advance of each form in a table of
# its own, which the layout's shaping reads (arabic_forms).  Needs
# python3-fonttools and the font packages of scripts/deps.sh.
#   scripts/text-widths.py > /tmp/tables.c   then paste into layout_text.c
import math
import unicodedata

from fontTools.ttLib import TTFont

FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
]
# Dense tables: every code point of these spans has its own width.
DENSE = [(0xA0, 0x700, "latin_to_arabic"), (0x2000, 0x2070, "punctuation")]
# Sparse spans (Unicode blocks or groups of them): the widest glyph in each.
SPANS = [
    (0x0700, 0x1E00), (0x1E00, 0x1F00), (0x1F00, 0x2000), (0x2070, 0x2190), (0x2190, 0x2300), (0x2300, 0x2500),
    (0x2500, 0x2600), (0x2600, 0x2700), (0x2700, 0x27C0), (0x27C0, 0x2E3A),
    (0x2E3A, 0x2E3C), (0x2E3C, 0x2E80),
    (0x2E80, 0x3000), (0x3000, 0x3040), (0x3040, 0x3100), (0x3100, 0x3200),
    (0x3200, 0x3400), (0x3400, 0xA000), (0xA000, 0xAC00), (0xAC00, 0xD7B0),
    (0xD7B0, 0xF900), (0xF900, 0xFB00), (0xFB00, 0xFB50), (0xFB50, 0xFE00),
    (0xFE00, 0xFE10), (0xFE10, 0xFE70), (0xFE70, 0xFF00), (0xFF00, 0xFF61),
    (0xFF61, 0xFFF0), (0x1F000, 0x1F300), (0x1F300, 0x1F5FA),
    (0x1F5FA, 0x1F5FB), (0x1F5FB, 0x1F600),
    (0x1F600, 0x1F650), (0x1F650, 0x1F700), (0x1F700, 0x1F900),
    (0x1F900, 0x1FB00),
]

fonts = []
for path in FONTS:
    f = TTFont(path, fontNumber=0)
    fonts.append((f.getBestCmap(), f["hmtx"].metrics, f["head"].unitsPerEm))


def advance(cp):
    for cmap, hmtx, upm in fonts:
        if cp in cmap:
            return hmtx[cmap[cp]][0] * 1000 / upm
    return None


# Contextual forms of each Arabic letter, from the presentation forms'
# decompositions (<initial> 0628 and so on).
forms = {}
form_of = {}  # base letter -> {"<isolated>": presentation form, ...}
for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
    d = unicodedata.decomposition(chr(cp)).split()
    if len(d) == 2 and d[0].startswith("<"):
        forms.setdefault(int(d[1], 16), []).append(cp)
        form_of.setdefault(int(d[1], 16), {}).setdefault(d[0], cp)


def width(cp):
    """Advance of cp as drawn, None when no font has it.  A mark a font
    has is drawn over its letter, with no width; one no font has is a box
    that parts the letters around it."""
    a = advance(cp)
    if a is None:
        return None
    if unicodedata.category(chr(cp)) in ("Mn", "Me"):
        return 0
    for f in forms.get(cp, []):
        b = advance(f)
        if b is not None and b > a:
            a = b
    return int(math.ceil(a))


for lo, hi, name in DENSE:
    print("/* U+%04X .. U+%04X */" % (lo, hi - 1))
    print("static const unsigned short %s[%d] = {" % (name, hi - lo))
    row = []
    for cp in range(lo, hi):
        w = width(cp)
        row.append("%d" % (1000 if w is None else w))
        if len(row) == 12:
            print("    " + ", ".join(row) + ",")
            row = []
    if row:
        print("    " + ", ".join(row) + ",")
    print("};")
print("static const span spans[] = {")
for lo, hi in SPANS:
    ws = [w for w in (width(cp) for cp in range(lo, hi)) if w is not None]
    print("    {0x%04X, 0x%04X, %d}," % (lo, hi - 1, max(ws) if ws else 1000))
print("};")

# How wide each Arabic letter of U+0600..U+06FF that has presentation
# forms is drawn: when nothing follows it joined (the wider of its isolated
# and final forms) and when the next letter joins it (the wider of its
# initial and medial forms), and which of its neighbours it joins (1: the
# letter before, as it has a final form; 2: the letter after, as it has an
# initial form).  The tatweel joins both and is the same in every form.
def form_width(base, kind):
    cp = form_of.get(base, {}).get(kind)
    a = advance(cp) if cp is not None else None
    return 0 if a is None else int(math.ceil(a))


rows = []
for base in range(0x0600, 0x0700):
    if base == 0x0640:
        w = width(base)
        rows.append((base, w, w, 3))
    elif base in form_of and advance(base) is not None:
        iso, fin, ini, med = (form_width(base, k) for k in
                              ("<isolated>", "<final>", "<initial>", "<medial>"))
        joins = (1 if fin else 0) | (2 if ini and med else 0)
        alone = max(iso, fin) or width(base)
        rows.append((base, alone, max(ini, med) if joins & 2 else alone, joins))
print("static const arabic_form arabic_forms[%d] = {" % len(rows))
for i in range(0, len(rows), 3):
    print("    " + " ".join("{0x%04X, %d, %d, %d}," % r for r in rows[i:i + 3]))
print("};")
