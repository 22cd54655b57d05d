# Counts the after: arrows (grey lines) whose inner legs pass through a
# mark, reading only the SVG: the first and last legs leave and reach marks.
import re, sys, xml.etree.ElementTree as ET
S = '{http://www.w3.org/2000/svg}'
root = ET.parse(sys.argv[1]).getroot()
def pts(s):
    v = [float(x) for x in re.split(r'[ ,]+', s.strip()) if x]
    return list(zip(v[0::2], v[1::2]))
boxes = []
for g in root.iter(S + 'g'):
    if 'tl-mark' not in g.get('class', '').replace('&#45;', '-'):
        continue
    for el in g.iter():
        if el.tag == S + 'polygon':
            p = pts(el.get('points'))
        elif el.tag == S + 'ellipse':
            cx, cy, rx, ry = (float(el.get(k)) for k in ('cx', 'cy', 'rx', 'ry'))
            p = [(cx - rx, cy - ry), (cx + rx, cy + ry)]
        else:
            continue
        xs, ys = [a for a, _ in p], [b for _, b in p]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
n = bad = 0
for pl in root.iter(S + 'polyline'):
    if pl.get('stroke') != '#555555':
        continue
    if True:
        n += 1
        p = pts(pl.get('points'))
        # the inner legs: the first and last run from and to a mark
        inner = list(zip(p[1:-2], p[2:-1]))
        hit = False
        for a, b in inner:
            for k in range(1, 100):
                x = a[0] + (b[0] - a[0]) * k / 100
                y = a[1] + (b[1] - a[1]) * k / 100
                if any(x0 + 0.5 < x < x1 - 0.5 and y0 + 0.5 < y < y1 - 0.5
                       for x0, y0, x1, y1 in boxes):
                    hit = True
        bad += hit
print('arrows %d through a mark %d' % (n, bad))
