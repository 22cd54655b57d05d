#!/usr/bin/python3
"""Compares `dateline dump` of a TimelineJS sheet or JSON file with the
.expect file beside it (tests/compat/README.md), written by
tests/compat/timelinejs/expect.py from the rules of TimelineJS itself.

  tjs_expect.py DATELINE FILE...

Event by event, in date order: START and END (TimelineJS's hour-only
"2020-05-01T09" is dateline's 09:00), the group as the lane, the headline
as the title, display= as the display-date property, media= and
background= as those properties, and the title slide as the timeline's
title.  Exits 1 with the differences on stderr.
"""
import html
import re
import subprocess
import sys


def unquote(s):
    return s[1:-1].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


def text(h):
    """A headline as dateline shows it: HTML turned into text."""
    h = html.unescape(re.sub(r"<[^>]*>", "", h))
    return re.sub(r"\s+", " ", h).strip()


def norm(d):
    if d == "-":
        return d
    d = re.sub(r"T(\d\d)$", r"T\1:00", d)
    m = re.match(r"^(-?)(\d+)(.*)$", d)
    return "%s%04d%s" % (m.group(1), int(m.group(2)), m.group(3))


def expected(path):
    title, events = None, []
    with open(path.rsplit(".", 1)[0] + ".expect", encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "title":
                title = text(p[1])
            elif p[0] == "event":
                extra = {}
                if p[5] != "-":
                    for m in re.finditer(r"(display|media|background)=(.*?)(?= (?:display|media|background|start-ms|end-ms)=|$)", p[5]):
                        extra[m.group(1)] = m.group(2)
                events.append((norm(p[1]), norm(p[2]), "" if p[3] == "-" else p[3], text(p[4]),
                               extra.get("display", "-"), extra.get("media", "-"),
                               extra.get("background", "-")))
    return title, sorted(events)


def ours(dateline, path):
    out = subprocess.run([dateline, "dump", path], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit("%s: dateline dump exited %d:\n%s" % (path, out.returncode, out.stderr))
    lanes, title, events, ev = {}, None, [], None
    for line in out.stdout.splitlines():
        m = re.match(r'lane (\d+) (".*")$', line)
        if m:
            lanes[m.group(1)] = unquote(m.group(2))
        if line.startswith("meta title "):
            title = unquote(line[11:])
        m = re.match(r"event \d+ line \d+ lane (\d+)", line)
        if m:
            ev = {"lane": lanes[m.group(1)]}
            events.append(ev)
        elif ev is not None and line.startswith("  "):
            k = line.split(" ")[3] if line.startswith("  prop ") else ""
            if line.startswith("  date "):
                ev["date"] = unquote(re.match(r'  date (".*?") edtf', line).group(1))
            elif line.startswith("  title "):
                ev["title"] = unquote(line[8:])
            elif line.startswith("  prop "):
                ev[k] = unquote(line[len("  prop ") + len(k) + 1:])
    rows = []
    for ev in events:
        parts = ev["date"].split("/")
        rows.append((parts[0], parts[1] if len(parts) > 1 else "-", ev["lane"], ev["title"],
                     ev.get("display-date", "-"), ev.get("media", "-"), ev.get("background", "-")))
    return title, sorted(rows)


def main(argv):
    bad = 0
    for path in argv[2:]:
        want, got = expected(path), ours(argv[1], path)
        if want != got:
            bad += 1
            print("%s: title %r, expected %r" % (path, got[0], want[0]), file=sys.stderr)
            for r in sorted(set(want[1]) - set(got[1])):
                print("%s: missing: %s" % (path, r), file=sys.stderr)
            for r in sorted(set(got[1]) - set(want[1])):
                print("%s: extra:   %s" % (path, r), file=sys.stderr)
        else:
            print("%s: %d events agree" % (path, len(got[1])))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
