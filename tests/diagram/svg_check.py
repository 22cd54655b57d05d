#!/usr/bin/python3
"""svg_check.py SVG - reads a dateline diagram as Graphviz wrote it and
counts leaders and after: arrows that pass through a label's background.

Independent of dateline's own numbers: it reads only the SVG.  Label
backgrounds are the filled rectangles (white or the lane tint) drawn after
the lane and axis lines, that do not span the plot the way a lane band
does; leaders are the two-point lines in an event colour; arrows
are the grey (#555555) polylines.  Prints one line per kind:
"leaders N crossing M" and "arrows N crossing M".
"""
import re
import sys
import xml.etree.ElementTree as ET

GRID = {"#dfe3e8", "#b8c0ca", "#8a939e"}
ARROW = "#555555"


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


def main():
    root = ET.parse(sys.argv[1]).getroot()
    width = float(root.get("width").rstrip("pt"))
    height = float(root.get("height").rstrip("pt"))
    boxes, leaders, arrows = [], [], []
    lines_seen = False  # label boxes come after the lane and axis lines
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        if tag == "polyline" and el.get("stroke") in ("#b8c0ca", "#8a939e"):
            lines_seen = True
        if tag == "polygon" and el.get("fill") in ("#ffffff", "#f1f4f8") \
                and lines_seen:
            p = pts(el.get("points"))
            xs, ys = [a for a, _ in p], [b for _, b in p]
            w, h = max(xs) - min(xs), max(ys) - min(ys)
            # Lane bands span the plot one way; label boxes do not.
            if w < 0.8 * width and h < 0.6 * height and w > 12 and h > 12:
                boxes.append((min(xs), min(ys), max(xs), max(ys)))
        elif tag == "polyline":
            stroke = el.get("stroke")
            p = pts(el.get("points"))
            if stroke == ARROW:
                arrows.append(p)
            elif stroke not in GRID and len(p) == 2:
                leaders.append(p)
    for name, lines in (("leaders", leaders), ("arrows", arrows)):
        bad = 0
        for p in lines:
            if any(crosses(a, b, box) for a, b in zip(p, p[1:])
                   for box in boxes):
                bad += 1
        print("%s %d crossing %d" % (name, len(lines), bad))


if __name__ == "__main__":
    main()
