#!/usr/bin/env bash
# An SVG a web page can use (issue 9, item 8): every event is one group
# with a stable, unique, valid id (the event's id:, else one derived from
# lane, date and ordinal) and the class tl-event, holding its leader
# (tl-leader), mark (tl-mark) and label (tl-label, with the label's texts
# inside its link); the event's <title> is the full title and the date;
# the label is a link where the event has one; after: arrows carry
# tl-link, lanes, axis and ticks tl-lane, tl-axis, tl-tick; every footer
# source links its whole URL even when it wraps; the image map has areas
# for labels and --map-name names its <map>.  Read with xmllint and
# Python's ElementTree, not with our own code.
set -u
cd "$(dirname "$0")/../.."
dl=$DATELINE
source tests/cli/lib.bash

long=https://example.org/a/very/long/path/that/goes/on/and/on/for/quite/a/while/indeed/yes/it/does/really/go/on/and/on/forever.html
cat >"$tmp/t.mw" <<EOF
---
title: Classes
---
# Alpha
2020-01-01: First thing & more
source: $long?q=1&r=2
id: first
2020-02-01: Second thing
url: https://example.com/two
2020-02-01: Second thing
2020-03-01: Third thing, no link
after: first
# Beta
2020-04-01: Fourth thing
id: with.dot
EOF
# The same events with every title edited and an event added in front.
sed -e 's/thing/item/' -e 's/^# Alpha$/# Alpha\n2019-06-01: Added/' \
	"$tmp/t.mw" >"$tmp/edit.mw"

"$dl" render -o "$tmp/a.svg" "$tmp/t.mw" && ok || bad "render a.svg"
"$dl" render -o "$tmp/b.svg" "$tmp/t.mw" && ok || bad "render b.svg"
"$dl" render -o "$tmp/e.svg" "$tmp/edit.mw" && ok || bad "render e.svg"
for f in a b e; do
	check "xmllint accepts $f.svg" xmllint --noout "$tmp/$f.svg"
done
check "two renders are the same" cmp -s "$tmp/a.svg" "$tmp/b.svg"

/usr/bin/python3 - "$tmp" "$long?q=1&r=2" <<'PY' >"$tmp/py.out" 2>&1
import re, sys, xml.etree.ElementTree as ET
tmp, long = sys.argv[1], sys.argv[2]
S = '{http://www.w3.org/2000/svg}'
X = '{http://www.w3.org/1999/xlink}'
def groups(f):
    root = ET.parse(f).getroot()
    return root, [g for g in root.iter(S + 'g') if 'class' in g.attrib]
def cls(g):
    return g.get('class').split()
def kids(g, c):
    return [k for k in g if k.tag == S + 'g' and c in cls(k)]
def events(f):
    root, gs = groups(f)
    out = {}
    for g in gs:
        if 'tl-event' in cls(g):
            out[g.get('id')] = g
    return root, gs, out
root, gs, ev = events(tmp + '/a.svg')
fail = []
def want(c, what):
    if not c:
        fail.append(what)
ids = [g.get('id') for g in root.iter() if g.get('id')]
want(len(ids) == len(set(ids)), 'ids unique')
want(len(ev) == 5, 'five events, got %d' % len(ev))
xmlid = re.compile(r'^[A-Za-z_][A-Za-z0-9_.-]*$')
want(all(xmlid.match(i) for i in ev), 'ids are XML names')
want('tl-e-first' in ev and 'tl-e-with_dot' in ev, 'id: gives the id')
labels = {g.get('id'): g for g in gs if 'tl-label' in cls(g)}
want(len(labels) == 5 and sum('tl-mark' in cls(g) for g in gs) == 5,
     'one mark and one label per event')
def title(g):
    return g.find(S + 'title').text
for i, g in ev.items():
    parts = [len(kids(g, c)) for c in ('tl-leader', 'tl-mark', 'tl-label')]
    want(parts == [1, 1, 1], 'leader, mark, label in %s: %r' % (i, parts))
    if parts != [1, 1, 1]:
        continue
    want(kids(g, 'tl-label')[0] is labels.get(i + '-label'), 'label of ' + i)
    want(kids(g, 'tl-mark')[0].get('id') == i + '-mark', 'mark of ' + i)
    want(kids(g, 'tl-leader')[0].get('id') == i + '-leader', 'leader of ' + i)
    # The label's texts are in its group: its title (the date is the
    # cluster's head's, for the second of two on one day).
    words = ' '.join(t.text for t in kids(g, 'tl-label')[0].iter(S + 'text'))
    want(title(g).split(' (')[0] in words, 'texts of %s: %r' % (i, words))
    t = title(g)
    want(re.search(r'\(\d+ [A-Z][a-z]+ 2020\)( #\d+)?$', t),
         'title has date: ' + t)
want('2020' in ' '.join(t.text for t in kids(ev['tl-e-first'], 'tl-label')[0]
                        .iter(S + 'text')), 'the date in the label')
want(title(ev['tl-e-first']) ==
     'First thing & more (1 January 2020)', 'full title and date')
# A leader is a line from the mark to the label.
lead = kids(ev['tl-e-first'], 'tl-leader')[0].findall(S + 'polyline')
want(len(lead) == 1, 'the leader is drawn')
# The label's text is inside its link, where it has one.
a = labels['tl-e-first-label'].find('.//' + S + 'a')
want(a is not None and a.find(S + 'text') is not None, 'label text is a link')
links = [g for g in gs if 'tl-link' in cls(g)]
want(len(links) == 1 and links[0].find(S + 'polyline') is not None and
     links[0].find(S + 'polygon') is not None, 'the after: arrow and its head')
def href(g):
    a = g.find('.//' + S + 'a')
    return a.get(X + 'href') if a is not None else None
want(href(labels['tl-e-first-label']) == long, 'label links its source')
nolink = [i for i, g in ev.items() if 'Third' in title(g)][0]
want(href(labels[nolink + '-label']) is None, 'no link, no href')
for c, n in (('tl-lane', 2), ('tl-axis', 1)):
    want(sum(c in cls(g) for g in gs) == n, '%d %s' % (n, c))
want(sum('tl-tick' in cls(g) for g in gs) >= 2, 'ticks')
# The footer's first source is one link holding all its lines.
src = [a for a in root.iter(S + 'a')
       if any(t.text.startswith('[1]') for t in a.iter(S + 'text'))]
want(len(src) == 1 and src[0].get(X + 'href') == long and
     len(src[0].findall(S + 'text')) >= 2,
     'the wrapped source links its whole URL')
# The source does wrap: its first line is not the whole URL.
first = [t.text for t in root.iter(S + 'text') if t.text.startswith('[1]')]
want(first and 'forever' not in first[0], 'the source wraps')
# The mark is a link too.
a = kids(ev['tl-e-first'], 'tl-mark')[0].find(S + 'a')
want(a is not None and a.get(X + 'href') == long, 'the mark is a link')
# Stable: the same ids across an edit of every title and a new event.
_, _, ev2 = events(tmp + '/e.svg')
want(set(ev) <= set(ev2) and len(ev2) == 6, 'ids survive an edit')
print('\n'.join(fail) or 'ok')
PY
check "structure: $(cat "$tmp/py.out")" grep -qx ok "$tmp/py.out"

# Ids that would clash stay unique: one id: is another's label id, two
# differ only where '_' stands for a character an XML id cannot hold.
cat >"$tmp/clash.mw" <<'EOF'
2020-01-01: One
id: x-label
2020-01-02: Two
id: x
2020-01-03: Three
id: a.b
2020-01-04: Four
id: a_b
EOF
"$dl" render -o "$tmp/c.svg" "$tmp/clash.mw" && ok || bad "render c.svg"
check "clashing ids stay unique" /usr/bin/python3 -c '
import sys, xml.etree.ElementTree as ET
ids = [e.get("id") for e in ET.parse(sys.argv[1]).getroot().iter() if e.get("id")]
ev = [e.get("id") for e in ET.parse(sys.argv[1]).getroot().iter()
      if "tl-event" in e.get("class", "").split()]
sys.exit(not (len(ids) == len(set(ids)) and len(ev) == 4))' "$tmp/c.svg"

"$dl" render -T cmapx --map-name my_map-2 -o "$tmp/m.map" "$tmp/t.mw" && ok ||
	bad "cmapx"
check "xmllint accepts the map" xmllint --noout "$tmp/m.map"
check "--map-name names the map" grep -q '<map id="my_map&#45;2" name="my_map&#45;2">' "$tmp/m.map"
check "areas for labels" grep -q 'id="tl-e-first-label"' "$tmp/m.map"
check "default map name" sh -c "'$dl' render -T cmapx '$tmp/t.mw' | grep -q '<map id=\"timeline\"'"
expect_err 2 "dateline: --map-name takes letters, digits, '-' and '_', not 'a b' (try 'dateline --help')" \
	"$dl" render -T cmapx --map-name 'a b' "$tmp/t.mw"

finish svg-classes
