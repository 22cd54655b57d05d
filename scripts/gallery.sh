#!/usr/bin/env bash
# Regenerates docs/gallery/: the article's events (and only those) drawn
# in several views, each as PNG and SVG, and docs/gallery/README.md showing
# every view with the exact command that made it.  `make docs` runs it.
#
#   scripts/gallery.sh [BINARY]     (default build/dateline)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/dateline}
ev=events/russia-dprk-sanctions.mw
dir=docs/gallery
if [[ ! -x $bin ]]; then
  echo "gallery: $bin not found; run 'make' first" >&2
  exit 1
fi
mkdir -p "$dir"
# Time stamps come from the event file's history, not from today, so an
# unchanged input regenerates an unchanged gallery.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1533254400} # 3 August 2018

# name | title | options (word-split; no value contains a space)
views=(
  "proportional|The default axis: proportional, broken where a long stretch is empty|"
  "ordinal|Ordinal axis: evenly spaced, in date order|--axis ordinal"
  "vertical|Vertical: time runs down the page|--orientation vertical"
  "lane-labour|One lane: Labour|--lane Labour"
  "tag-ipc|One tag: every event tagged #ipc|--tag ipc"
  "crop-week|A crop: the week of the article, 30 July to 3 August 2018|--from 2018-07-30 --to 2018-08-03"
)

readme=$dir/README.md.tmp
{
  echo "# Gallery"
  echo
  echo "The events of \`$ev\` (from The Moscow Times / Reuters article of"
  echo "3 August 2018) drawn in several views. Every image here is made by"
  echo "\`scripts/gallery.sh\` (\`make docs\`); the command under each one"
  echo "makes it again. Each view also exists as SVG: same name, \`.svg\`."
  echo "See [howto-report.md](../howto-report.md) for sizes, formats and filters."
} >"$readme"

for v in "${views[@]}"; do
  IFS='|' read -r name title opts <<<"$v"
  read -ra args <<<"$opts"
  for ext in png svg; do
    "$bin" render "$ev" -o "$dir/$name.$ext" ${args[@]+"${args[@]}"}
    if [[ ! -s $dir/$name.$ext ]]; then
      echo "gallery: $dir/$name.$ext is empty" >&2
      exit 1
    fi
  done
  {
    echo
    echo "## $title"
    echo
    echo "![$title]($name.png)"
    echo
    echo '```sh'
    echo "dateline render $ev -o $dir/$name.png${opts:+ $opts}"
    echo '```'
  } >>"$readme"
done
mv "$readme" "$dir/README.md"
echo "gallery: ${#views[@]} views written to $dir/"
