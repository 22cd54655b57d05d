#!/usr/bin/env bash
# article-quotes.sh - the events claim no more than their article says
# (issue 14).  Every passage quoted between double quotes in an event's
# title or description, and in the front matter's description, must be in
# the seed article word for word, after whitespace is collapsed and the
# article's Markdown is read as text ([said](#) reads "said", \$ reads "$",
# **bold** reads "bold", <url> reads "url").  "..." or "…" inside a quote
# marks an omission: the pieces around it must appear in that order.  Every
# event's source: (and the front matter's) must be the article's URL, the
# one after "Original url:" in the seed.
#
# The seeds live in shared/seed beside the repository ($ROOT/../shared/seed:
# CI clones the repository with a copy of shared/ next to it), so a missing
# seed is a failure, never a skip.  Every events/*.mw must be listed below
# with its seed.  The checker also runs on two mutants of each file (one
# word of a quote changed, one source changed) and must catch both, so it
# cannot pass by finding nothing.
set -u
cd "$(dirname "$0")/../.." || exit 1
dl=${DATELINE:-$PWD/build/dateline}
[[ $dl == /* ]] || dl=$PWD/$dl
PY=/usr/bin/python3
seeds=$PWD/../shared/seed
source tests/cli/lib.bash

# events file | seed article | at least this many quotes
sets=(
  "events/russia-dprk-sanctions.mw|000_7ffb5c1143b22baf.txt|15"
)

# The checker: argv = seed, dump of the events file, name for messages.
# Prints one "PASS what" or "FAIL what" line per check, then
# "COUNT quotes Q events E"; exits 1 if anything failed.
cat >"$tmp/check.py" <<'EOF'
import re
import sys

seed_path, dump_path, name = sys.argv[1:4]


def article_text(raw):
    """The article as a reader sees it, whitespace collapsed."""
    t = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", raw)       # [text](url)
    t = re.sub(r"<((?:https?|mailto):[^>\s]*)>", r"\1", t)  # <url>
    t = t.replace("**", "")                                 # **bold**
    t = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", t)            # \$ and the like
    return re.sub(r"\s+", " ", t).strip()


def unquote(s):
    """Decodes one string of `dateline dump` (C escapes)."""
    esc = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}
    return re.sub(r"\\(x[0-9a-f]{2}|.)",
                  lambda m: chr(int(m.group(1)[1:], 16))
                  if len(m.group(1)) == 3 else esc[m.group(1)], s[1:-1])


def quotes(text):
    """The quoted passages of text, or None if its quotes do not pair."""
    if text.count('"') % 2 or text.count("\u201c") != text.count("\u201d"):
        return None
    return (re.findall(r'"([^"]*)"', text)
            + re.findall("\u201c([^\u201d]*)\u201d", text))


def found(quote, art):
    """Whether quote (in pieces split at ellipses) is in art, in order."""
    pieces = [re.sub(r"\s+", " ", p).strip()
              for p in re.split(r"\.\.\.|\u2026", quote)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return False
    at = 0
    for p in pieces:
        at = art.find(p, at)
        if at < 0:
            return False
        at += len(p)
    return True


fails = 0


def result(good, what):
    global fails
    print(("PASS " if good else "FAIL ") + what)
    fails += not good


raw = open(seed_path, encoding="utf-8").read()
art = article_text(raw)
m = re.search(r"Original url:\s*<([^>\s]+)>", raw)
url = m.group(1) if m else None
result(url is not None, "%s: the seed gives its URL after 'Original url:'" % name)

# The dump: the front matter, then one record per event.
events, meta = [], {"source": [], "description": []}
declared = None
for line in open(dump_path, encoding="utf-8"):
    line = line.rstrip("\n")
    m = re.match(r'timeline ".*" events (\d+) lanes \d+$', line)
    if m:
        declared = int(m.group(1))
        continue
    m = re.match(r'meta (source|description) (".*")$', line)
    if m:
        meta[m.group(1)].append(unquote(m.group(2)))
        continue
    m = re.match(r"event \d+ line (\d+) lane \d+$", line)
    if m:
        events.append({"line": m.group(1), "id": None, "title": "",
                       "description": "", "source": []})
        continue
    m = re.match(r'  (id|title|description|source) (".*")$', line)
    if m and events:
        k, v = m.group(1), unquote(m.group(2))
        if k == "source":
            events[-1]["source"].append(v)
        else:
            events[-1][k] = v

result(declared is not None and declared == len(events),
       "%s: read all %s events of the dump (got %d)"
       % (name, declared, len(events)))

texts = [("front matter", "description", d) for d in meta["description"]]
for s in meta["source"]:
    result(s == url, "%s: front matter source %s %s the article's URL"
           % (name, s, "is" if s == url else "is NOT"))
for e in events:
    where = "%s (%s)" % (e["line"], e["id"] or "no id")
    texts.append((where, "title", e["title"]))
    texts.append((where, "description", e["description"]))
    result(bool(e["source"]), "%s:%s: has a source" % (name, where))
    for s in e["source"]:
        result(s == url, "%s:%s: source %s %s the article's URL"
               % (name, where, s, "is" if s == url else "is NOT"))

count = 0
for where, field, text in texts:
    qs = quotes(text)
    if qs is None:
        result(False, "%s:%s: unpaired quotation marks in the %s"
               % (name, where, field))
        continue
    for q in qs:
        count += 1
        good = found(q, art)
        result(good, '%s:%s: quote in the %s %s in the article: "%s"'
               % (name, where, field, "is" if good else "is NOT", q))

print("COUNT quotes %d events %d" % (count, len(events)))
sys.exit(1 if fails else 0)
EOF

# The mutants of argv[1], written into directory argv[2]: word.mw with one
# word (five letters or more) of the first quote outside comments reversed,
# the word printed; source.mw with the first event's source replaced.
cat >"$tmp/mutate.py" <<'EOF'
import re
import sys

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
body = lines.index("---", 1) + 1 if lines and lines[0] == "---" else 0
word, src = list(lines), list(lines)
changed = source_done = False
for i in range(body, len(lines)):
    if lines[i].lstrip().startswith("//"):
        continue
    if not source_done and lines[i].startswith("source: "):
        src[i] = "source: https://example.org/another-article"
        source_done = True
    for q in re.finditer(r'"([^"]*)"', lines[i]):
        m = None if changed else re.search(r"\b[A-Za-z]{5,}\b", q.group(1))
        if m:
            a, b = q.start(1) + m.start(), q.start(1) + m.end()
            word[i] = lines[i][:a] + lines[i][a:b][::-1] + lines[i][b:]
            print(lines[i][a:b][::-1])
            changed = True
if changed:
    open(sys.argv[2] + "/word.mw", "w", encoding="utf-8").write("\n".join(word))
if source_done:
    open(sys.argv[2] + "/source.mw", "w", encoding="utf-8").write("\n".join(src))
EOF

# run_check SEED MW NAME: dumps MW and checks it against SEED; the
# checker's output goes to $tmp/out, its status is returned.
run_check() {
  if ! "$dl" dump "$2" >"$tmp/dump" 2>"$tmp/dump.err"; then
    echo "FAIL $3: dateline dump failed: $(head -n 3 "$tmp/dump.err")" >"$tmp/out"
    return 1
  fi
  "$PY" "$tmp/check.py" "$1" "$tmp/dump" "$3" >"$tmp/out" 2>&1
}

# Every events file has a seed.
shopt -s nullglob
files=(events/*.mw)
check "events/ holds event files" [ ${#files[@]} -gt 0 ]
for mw in "${files[@]}"; do
  listed=no
  for s in "${sets[@]}"; do [[ ${s%%|*} == "$mw" ]] && listed=yes; done
  check "$mw is listed with its seed article in article-quotes.sh" [ $listed = yes ]
done

for s in "${sets[@]}"; do
  IFS='|' read -r mw seed min <<<"$s"
  seed=$seeds/$seed
  if [[ ! -f $seed ]]; then
    bad "$mw: seed article $seed is missing (CI has shared/ beside the repository)"
    continue
  fi
  run_check "$seed" "$mw" "$mw"
  status=$?
  while read -r verdict what; do
    case $verdict in
    PASS) ok ;;
    FAIL) bad "$what" ;;
    COUNT) echo "article-quotes: $mw: $what" ;;
    *) bad "$mw: checker said: $verdict $what" ;;
    esac
  done <"$tmp/out"
  quotes=$(sed -n 's/^COUNT quotes \([0-9]*\) .*/\1/p' "$tmp/out")
  want_status=0
  grep -q '^FAIL' "$tmp/out" && want_status=1
  check "$mw: the checker's status ($status) matches its verdicts" \
    [ "$status" = $want_status ]
  check "$mw: at least $min quotes checked (got ${quotes:-none})" \
    [ "${quotes:-0}" -ge "$min" ]

  # The mutants must fail, naming what changed.
  rm -f "$tmp/word.mw" "$tmp/source.mw"
  word=$("$PY" "$tmp/mutate.py" "$mw" "$tmp")
  if [[ -z $word || ! -f $tmp/word.mw ]]; then
    bad "$mw: found no quoted word to change"
  else
    run_check "$seed" "$tmp/word.mw" "$mw"
    check "$mw: a changed word ($word) in a quote fails the check" [ $? -ne 0 ]
    check "$mw: the failure names the changed quote" \
      grep -q "^FAIL .*quote.*$word" "$tmp/out"
  fi
  if [[ ! -f $tmp/source.mw ]]; then
    bad "$mw: found no event source to change"
  else
    run_check "$seed" "$tmp/source.mw" "$mw"
    check "$mw: a source that is not the article fails the check" [ $? -ne 0 ]
    check "$mw: the failure names the wrong source" \
      grep -q "^FAIL .*another-article" "$tmp/out"
  fi
done

finish article-quotes
