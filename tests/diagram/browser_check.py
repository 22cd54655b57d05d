#!/usr/bin/python3
"""browser_check.py SVG... - measures dateline diagrams the way a reader's
browser draws them, in headless Chromium, and checks them.

All SVGs go inline into one HTML page; a script finds, in each, the
groups a web page would (document.querySelectorAll('g.tl-event') and
g.tl-link), and measures every text's box (real font metrics, not
dateline's table), every event's mark (its g.tl-mark), and samples every
leader (the lines in g.tl-leader) and arrow (in g.tl-link) with
getPointAtLength.  Checks, per SVG:
- every event is one g.tl-event holding one g.tl-mark, one g.tl-label
  (with the event's texts) and one g.tl-leader, and there is an event
  group for every mark;
- every label (its background) lies inside the band of its mark's lane
  (g.tl-lane): a cluster's list runs along its lane, not past it;
- no two texts overlap (by more than 0.5 pt each way);
- no text lies outside the viewBox;
- no leader or arrow point lies inside a text box, nor a leader's inside
  another event's mark, nor an arrow's inside the mark or the label of an
  event it does not join;
- what a pointer finds is what is drawn on top: at the centre of each
  event's mark and label (up to 60 events a file) the browser finds that
  event's group, and at the middle of each arrow a g.tl-link (its own, or
  one it runs together with);
- the longest stretch of the time axis that no mark covers (reported; the
  caller says which files must keep it under 25% with --max-empty FILE).
Prints one line per SVG, "FILE ok" or "FILE: PROBLEM", and exits 1 on any
problem.  Needs /usr/bin/chromium.
"""
import json
import subprocess
import sys
import tempfile

SCRIPT = r"""
const out = [];
for (const holder of document.querySelectorAll('div.svg')) {
  const svg = holder.querySelector('svg');
  const vb = svg.viewBox.baseVal, sr = svg.getBoundingClientRect();
  const k = vb.width / sr.width; /* points per CSS pixel */
  const box = r => [(r.left - sr.left) * k, (r.top - sr.top) * k,
                    (r.right - sr.left) * k, (r.bottom - sr.top) * k];
  const texts = [...svg.querySelectorAll('text')].map(t =>
      [...box(t.getBoundingClientRect()), t.textContent]);
  const marks = [], groups = [], inlane = [];
  const lanes = [...svg.querySelectorAll('g.tl-lane')].map(
      g => box(g.getBoundingClientRect()));
  for (const g of svg.querySelectorAll('g.tl-mark'))
    marks.push(box(g.getBoundingClientRect()));
  for (const g of svg.querySelectorAll('g.tl-event')) {
    const kid = c => [...g.children].filter(k => k.classList.contains(c));
    const label = kid('tl-label');
    const mk = kid('tl-mark'), back = label.length ? label[0].querySelector('polygon') : null;
    if (mk.length && back) {
      const m = box(mk[0].getBoundingClientRect()), b = box(back.getBoundingClientRect());
      const cx = (m[0] + m[2]) / 2, cy = (m[1] + m[3]) / 2;
      const lane = lanes.find(l => l[0] <= cx && cx <= l[2] && l[1] <= cy && cy <= l[3]);
      inlane.push([g.id, lane || null, b]);
    }
    groups.push([g.id, kid('tl-mark').length, label.length,
                 kid('tl-leader').length,
                 label.length ? label[0].querySelectorAll('text').length : 0]);
  }
  /* Each event's mark and label background, for the lines to miss. */
  const parts = [];
  for (const g of svg.querySelectorAll('g.tl-event')) {
    const mk = g.querySelector('g.tl-mark'), lb = g.querySelector('g.tl-label polygon');
    parts.push([g.id, mk ? box(mk.getBoundingClientRect()) : null,
                lb ? box(lb.getBoundingClientRect()) : null]);
  }
  const lines = [];
  for (const p of svg.querySelectorAll('g.tl-leader polyline, g.tl-link polyline')) {
    const kind = p.closest('g.tl-link') ? 'arrow' : 'leader';
    const own = kind == 'leader' ? p.closest('g.tl-event').id : null;
    const len = p.getTotalLength(), pts = [];
    const pm = p.getScreenCTM();
    const at = f => {
      const q = p.getPointAtLength(len * f);
      const sp = new DOMPoint(q.x, q.y).matrixTransform(pm);
      return [(sp.x - sr.left) * k, (sp.y - sr.top) * k];
    };
    for (let i = 1; i < 40; i++)
      pts.push(at(i / 40));
    lines.push([kind, pts, own, at(0), at(1)]);
  }
  let axis = null;
  for (const p of svg.querySelectorAll('polyline[stroke="#8a939e"]')) {
    const r = box(p.getBoundingClientRect());
    const l = Math.max(r[2] - r[0], r[3] - r[1]);
    if (!axis || l > axis[4]) axis = [...r, l];
  }
  /* What a pointer finds at the centre of el (an element or a point in
   * page pixels): the page scrolls there first, as the browser only
   * finds what is in view. */
  const find = (px, py) => {
    window.scrollTo(px - innerWidth / 2, py - innerHeight / 2);
    return document.elementFromPoint(px - scrollX, py - scrollY);
  };
  const centre = el => {
    const r = el.getBoundingClientRect();
    return [r.left + r.width / 2 + scrollX, r.top + r.height / 2 + scrollY];
  };
  const name = el => {
    if (!el) return 'nothing';
    const g = el.closest('g.tl-event, g.tl-link, g.node, a');
    return g ? (g.id || g.getAttribute('class') || g.tagName) : el.tagName;
  };
  const hits = [];
  let n = 0;
  for (const g of svg.querySelectorAll('g.tl-event')) {
    if (n++ >= 60) break;
    for (const sel of ['g.tl-mark', 'g.tl-label polygon']) {
      const el = g.querySelector(sel);
      if (!el) continue;
      const f = find(...centre(el));
      if (!f || f.closest('g.tl-event') !== g)
        hits.push((sel == 'g.tl-mark' ? 'the mark' : 'the label') + ' of ' + g.id +
                  ' is under ' + name(f));
    }
  }
  for (const a of svg.querySelectorAll('g.tl-link')) {
    const p = a.querySelector('polyline');
    const q = p.getPointAtLength(p.getTotalLength() / 2);
    const c = new DOMPoint(q.x, q.y).matrixTransform(p.getScreenCTM());
    const f = find(c.x + scrollX, c.y + scrollY);
    /* Arrows that run together share their line. */
    if (!f || !f.closest('g.tl-link'))
      hits.push('the arrow ' + a.id + ' is under ' + name(f));
  }
  out.push({name: holder.id, w: vb.width, h: vb.height, texts, marks, lines,
            axis, groups, inlane, parts, hits,
            links: svg.querySelectorAll('g.tl-link').length});
}
document.getElementById('out').textContent = 'RESULT' + JSON.stringify(out);
"""


def longest_empty(d):
    if not d["axis"] or not d["marks"]:
        return 0
    x0, y0, x1, y1, _ = d["axis"]
    vert = (y1 - y0) > (x1 - x0)
    lo, hi = (y0, y1) if vert else (x0, x1)
    spans = sorted((m[1], m[3]) if vert else (m[0], m[2]) for m in d["marks"])
    at, worst = lo, 0
    for a, b in spans:
        worst = max(worst, a - at)
        at = max(at, b)
    return max(worst, hi - at) / (hi - lo)


def inside(p, t, e=0.5):
    return t[0] + e < p[0] < t[2] - e and t[1] + e < p[1] < t[3] - e


def check(d):
    bad = []
    if len(d["groups"]) != len(d["marks"]) or not d["groups"]:
        bad.append("%d event groups for %d marks"
                   % (len(d["groups"]), len(d["marks"])))
    for gid, mark, label, leader, texts in d["groups"]:
        if (mark, label, leader) != (1, 1, 1) or texts < 1:
            bad.append("event %s holds %d marks, %d labels (%d texts), "
                       "%d leaders" % (gid, mark, label, texts, leader))
    if not d["inlane"] and d["groups"]:
        bad.append("no label measured against its lane")
    for gid, lane, b in d["inlane"]:
        if lane is None:
            bad.append("the mark of %s is in no lane" % gid)
        elif (b[0] < lane[0] - 0.5 or b[1] < lane[1] - 0.5 or
              b[2] > lane[2] + 0.5 or b[3] > lane[3] + 0.5):
            bad.append("the label of %s runs past its lane" % gid)
    t = d["texts"]
    for i in range(len(t)):
        a = t[i]
        if a[0] < -0.5 or a[1] < -0.5 or a[2] > d["w"] + 0.5 or a[3] > d["h"] + 0.5:
            bad.append("text %r outside the view" % a[4])
        for b in t[i + 1:]:
            ox = min(a[2], b[2]) - max(a[0], b[0])
            oy = min(a[3], b[3]) - max(a[1], b[1])
            if ox > 0.5 and oy > 0.5:
                bad.append("texts %r and %r overlap" % (a[4], b[4]))
    for kind, pts, own, first, last in d["lines"]:
        for box in t:
            if any(inside(p, box) for p in pts):
                bad.append("%s through text %r" % (kind, box[4]))
                break
        # An arrow joins the events whose marks its ends touch.
        ends = {gid for gid, mark, _ in d["parts"] if mark and
                any(inside(e, mark, -1.5) for e in (first, last))}
        for gid, mark, back in d["parts"]:
            if gid == own or gid in ends:
                continue
            if mark and any(inside(p, mark) for p in pts):
                bad.append("%s%s through the mark of %s"
                           % (kind, " of " + own if own else "", gid))
            if kind == "arrow" and back and any(inside(p, back) for p in pts):
                bad.append("arrow through the label of %s" % gid)
    bad.extend(d["hits"])
    return bad


def main():
    args = sys.argv[1:]
    strict = set()
    while len(args) > 1 and args[0] == "--max-empty":
        strict.add(args[1])
        args = args[2:]
    parts = []
    for i, f in enumerate(args):
        svg = open(f, encoding="utf-8").read()
        svg = svg[svg.index("<svg"):]
        parts.append('<div class="svg" id="%d">%s</div>' % (i, svg))
    html = ("<!doctype html><html><head><meta charset='utf-8'></head><body style='margin:0'>" + "".join(parts) +
            "<pre id='out'></pre><script>" + SCRIPT + "</script></body></html>")
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as h:
        h.write(html)
    dom = subprocess.run(
        ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--virtual-time-budget=20000", "--dump-dom", "file://" + h.name],
        capture_output=True, text=True, timeout=600).stdout
    start = dom.index("RESULT") + len("RESULT")
    end = dom.index("</pre>", start)
    raw = dom[start:end].replace("&amp;", "&").replace("&lt;", "<") \
        .replace("&gt;", ">").replace("&quot;", '"')
    data = json.loads(raw)
    failed = 0
    for d in data:
        f = args[int(d["name"])]
        bad = check(d)
        empty = longest_empty(d)
        if f in strict and empty > 0.25:
            bad.append("%.0f%% of the axis is empty" % (100 * empty))
        if bad:
            failed = 1
            print("%s: %s" % (f, "; ".join(bad[:3])))
        else:
            print("%s ok (%d events, %d leaders, %d arrows; longest empty "
                  "stretch %.0f%%)" % (f, len(d["groups"]),
                                       sum(ln[0] == "leader" for ln in d["lines"]),
                                       d["links"], 100 * empty))
    sys.exit(failed)


if __name__ == "__main__":
    main()
