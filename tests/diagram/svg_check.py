#!/usr/bin/python3
"""svg_check.py SVG - reads a dateline diagram as an SVG reader would and
counts leaders and after: arrows that pass through a label's background.

Independent of dateline's own numbers: it reads only the SVG, by the
classes it gives a web page.  Label backgrounds are the filled rectangles
(white or the lane tint) inside each event's label group (g.tl-label);
leaders are the lines inside g.tl-leader; arrows the lines inside
g.tl-link.  Also checks the grouping: every g.tl-event holds one
g.tl-mark, one g.tl-label and one g.tl-leader.  Prints one line per kind:
"leaders N crossing M" and "arrows N crossing M", then a line for each
group that is wrong (or "no event groups").
"""
import re
import sys
import xml.etree.ElementTree as ET

S = "{http://www.w3.org/2000/svg}"


def pts(s):
    v = [float(x) for x in re.split(r"[ ,]+", s.strip()) if x]
    return list(zip(v[0::2], v[1::2]))


def crosses(p, q, box, eps=0.5):
    """True when segment p-q runs through the box's interior."""
    x0, y0, x1, y1 = box
    for k in range(1, 200):
        x = p[0] + (q[0] - p[0]) * k / 200
        y = p[1] + (q[1] - p[1]) * k / 200
        if x0 + eps < x < x1 - eps and y0 + eps < y < y1 - eps:
            return True
    return False


def classes(el):
    return el.get("class", "").replace("&#45;", "-").split()


def groups(root, cls):
    return [g for g in root.iter(S + "g") if cls in classes(g)]


def main():
    root = ET.parse(sys.argv[1]).getroot()
    width = float(root.get("width").rstrip("pt"))
    height = float(root.get("height").rstrip("pt"))
    boxes, leaders, arrows = [], [], []
    for g in groups(root, "tl-label"):
        for el in g.iter(S + "polygon"):
            if el.get("fill") not in ("#ffffff", "#f1f4f8"):
                continue
            p = pts(el.get("points"))
            xs, ys = [a for a, _ in p], [b for _, b in p]
            w, h = max(xs) - min(xs), max(ys) - min(ys)
            if w < 0.8 * width and h < 0.6 * height and w > 12 and h > 12:
                boxes.append((min(xs), min(ys), max(xs), max(ys)))
            break
    for g in groups(root, "tl-leader"):
        leaders += [pts(el.get("points")) for el in g.iter(S + "polyline")]
    for g in groups(root, "tl-link"):
        arrows += [pts(el.get("points")) for el in g.iter(S + "polyline")]
    for name, lines in (("leaders", leaders), ("arrows", arrows)):
        bad = 0
        for p in lines:
            if any(crosses(a, b, box) for a, b in zip(p, p[1:])
                   for box in boxes):
                bad += 1
        print("%s %d crossing %d" % (name, len(lines), bad))
    events = groups(root, "tl-event")
    for ev in events:
        kids = [classes(k) for k in ev]
        for part in ("tl-mark", "tl-label", "tl-leader"):
            if sum(part in k for k in kids) != 1:
                print("event %s has not one %s" % (ev.get("id"), part))
    if not events:
        print("no event groups")


if __name__ == "__main__":
    main()
