#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The long crash-safety run: tests/crash.sh with KILLS (default 50) random kill -9 points
# over a larger corpus. The corpus is MB megabytes (default 8) of CCTV news pages made by
# bench/cctv_pages.py from ../shared/data/news_xwlb_cctv when that data is present, else
# PAGES (default 3000) pages generated from samples/. Prints the kill counts and the final
# comparison with an uninterrupted run; exits non-zero when they differ.
# usage: bench/crash.sh [KILLS] [COMMIT_EVERY]      (env: MB, PAGES; BUILD, default build/)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$src/build}
kills=${1:-50} every=${2:-50}
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-crashbench.XXXXXX")
trap 'rm -rf "$work"' EXIT
data=$src/../shared/data/news_xwlb_cctv
if [[ -d $data/news ]]; then
    python3 "$src/bench/cctv_pages.py" "$data" "$work/pages" "${MB:-8}"
else
    "$src/tests/gen_pages.sh" "$src/samples" "$work/pages" "${PAGES:-3000}"
    echo "$(ls "$work/pages" | wc -l) pages generated from samples/"
fi
"$src/tests/crash.sh" "$src" "$build" "$kills" 0 "$every" "$work/pages"
