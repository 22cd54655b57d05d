#!/usr/bin/env bash
# Installs the Debian packages dateline needs, when any is missing.
#   deps.sh build   what building and running need (make deps, make demo)
#   deps.sh test    that and what the tests need (make deps-test, make check)
# As root it runs apt-get; otherwise it prints the exact command.  With
# everything present it does nothing and says nothing.
set -euo pipefail
mode=${1:-build}

build=(
  build-essential pkg-config
  libgraphviz-dev graphviz        # cgraph + gvc draw the diagram in-process
  libical-dev                     # the feed
  libmicrohttpd-dev               # dateline serve
  zlib1g-dev                      # dateline serve: gzip
  libcsv-dev libjansson-dev libxml2-dev  # the TimelineJS and HTML readers
  fonts-dejavu-core               # the diagram's font: Latin, Greek, Cyrillic,
                                  # Hebrew, Arabic
  fonts-wqy-microhei              # the diagram's Chinese, Japanese, Korean
  fonts-symbola                   # the diagram's emoji
)
test=(
  libcmocka-dev                   # unit tests
  clang libclang-rt-14-dev        # libFuzzer targets
  valgrind time                   # make leakcheck, make bench
  python3 python3-icalendar       # an independent .ics parser for tests
  libxml2-utils                   # xmllint checks our SVG and pages
  poppler-utils                   # pdfinfo/pdftoppm/pdffonts check our PDF
  pango1.0-tools                  # pango-view measures text as pango draws it
  python3-fonttools               # reads the fonts: text widths, PDF coverage
  curl                            # dateline serve's tests
  vdirsyncer                      # a real calendar client subscribes in tests
  chromium                        # the served page in a real browser
  wrk                             # make bench: requests per second
  groff-base                      # tests/cli/man.sh checks the man pages
  texlive-latex-base              # the LaTeX recipe of docs/howto-report.md
)

case $mode in
build) pkgs=("${build[@]}") ;;
test) pkgs=("${build[@]}" "${test[@]}") ;;
*)
  echo "usage: deps.sh build|test" >&2
  exit 2
  ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  echo "dateline: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "dateline: missing packages; run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
