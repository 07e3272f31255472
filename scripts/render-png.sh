#!/usr/bin/env bash
# Renders an HTML report and a notice to PNG with headless Chromium so a person can look at
# them (print layout: A4 pages via PDF, then PNG pages). Needs Debian's chromium,
# fonts-noto-cjk and poppler-utils; installs them when missing.
# Usage: scripts/render-png.sh REPORT.html NOTICE.html OUTDIR
set -euo pipefail
report=${1:?usage: render-png.sh REPORT.html NOTICE.html OUTDIR}
notice=${2:?}
out=${3:?}
missing=""
for p in chromium fonts-noto-cjk poppler-utils; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
render() {  # HTML → PDF (print CSS, A4) → PNG pages at 60 dpi
  local html=$1 name=$2
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --user-data-dir="$tmp/profile" \
    --print-to-pdf="$tmp/$name.pdf" "file://$(realpath "$html")" >/dev/null 2>&1
  pdftoppm -png -r 60 "$tmp/$name.pdf" "$out/$name"
}
render "$report" report
render "$notice" notice
# Screen view of the report's first screenful, as a browser shows it.
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" --hide-scrollbars \
  --window-size=1200,1400 --screenshot="$out/report-screen.png" "file://$(realpath "$report")" >/dev/null 2>&1
ls -1 "$out"/*.png
