#!/usr/bin/env bash
# Renders the article's timeline into OUTDIR: the model dump, the feed, and
# the diagram as DOT, SVG, PNG and PDF.  Usage: demo.sh BIN INPUT OUTDIR
set -euo pipefail
bin=$1 in=$2 outdir=$3
name=$(basename "$in" .mw)
mkdir -p "$outdir"
"$bin" check "$in"
"$bin" dump -o "$outdir/$name.dump" "$in"
"$bin" ics -o "$outdir/$name.ics" "$in"
for fmt in dot svg png pdf; do
  "$bin" render -o "$outdir/$name.$fmt" "$in"
done
echo "dateline: wrote $(cd "$outdir" && ls "$name".* | tr '\n' ' ')into $outdir/"
