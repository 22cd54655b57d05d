#!/usr/bin/python3
"""Prints what an SVG that Graphviz wrote draws: its shapes and texts
(polygon, polyline, ellipse, text), one a line, in the order they are
painted, from the graph's group on.  Left out: Graphviz's nodes (each a
comment and a group), and what dateline adds to Graphviz's SVG for a web
page (its groups, <title> tooltips and <a> links).  So dateline's SVG and
dot -Tsvg of dateline's DOT print the same when Graphviz draws the same
things in the same order: the DOT's nodes are transparent link areas,
and its drawing is the SVG's.

    svg_drawing.py FILE
"""
import re
import sys

SHAPE = re.compile(r'^<(polygon|polyline|ellipse|text) ')


def drawing(lines):
    out, depth, started = [], 0, False
    for line in lines:
        if not started:
            started = line.startswith('<g id="graph0"')
            continue
        if depth:  # inside a node's group
            depth += line.count('<g ') + line.count('<g>')
            depth -= line.count('</g>')
            continue
        if re.match(r'^<g id="[^"]*" class="node', line):
            depth = 1
            continue
        if SHAPE.match(line):
            out.append(line)
    return out


def main():
    with open(sys.argv[1], encoding='utf-8') as f:
        lines = f.read().split('\n')
    sys.stdout.write(''.join(s + '\n' for s in drawing(lines)))


if __name__ == '__main__':
    main()
