#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What the character-pair layer (XB/XC terms, see schema/TERMS.md) costs:
# builds souwen at HEAD and at a baseline revision without it, indexes the
# same pages with both, and prints time, peak RSS and index size (as written
# and after xapian-compact).
# usage: bench/pairs_cost.sh [PAGES_DIR] [BASELINE_REV]
#   PAGES_DIR defaults to 20 MB of CCTV stories made by bench/cctv_pages.py
#   from ../shared/data/news_xwlb_cctv; BASELINE_REV to the last commit
#   before the pair layer.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-pairs.XXXXXX")
trap 'rm -rf "$work"; git -C "$top" worktree remove --force "$work/base-src" 2>/dev/null || true' EXIT
pages=${1:-}
base=${2:-dc190c6}
if [[ -z $pages ]]; then
    data=$top/../shared/data/news_xwlb_cctv
    [[ -d $data ]] || { echo "skipped: $data is absent and no PAGES_DIR given"; exit 0; }
    pages=$work/pages
    python3 "$top/bench/cctv_pages.py" "$data" "$pages" 20 >/dev/null
fi
mb=$(du -sm --apparent-size "$pages" | cut -f1)
git -C "$top" worktree add -q --detach "$work/base-src" "$base"
for v in base head; do
    src=$top
    [[ $v == base ]] && src=$work/base-src
    cmake -S "$src" -B "$work/build-$v" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$work/build-$v" -j"$(nproc)" --target souwen-index >/dev/null
    /usr/bin/time -f "%e %M" -o "$work/time-$v" \
        "$work/build-$v/souwen-index" -q --db "$work/db-$v" "$pages" || true
    xapian-compact "$work/db-$v/xapian" "$work/compact-$v" >/dev/null
    read -r secs rss < <(tail -1 "$work/time-$v")
    printf '%-5s %8s s %8.1f MB/s %8d MB RSS %8d MB index %8d MB compacted\n' "$v" "$secs" \
        "$(echo "$mb / $secs" | bc -l)" $((rss / 1024)) \
        "$(du -sm "$work/db-$v/xapian" | cut -f1)" "$(du -sm "$work/compact-$v" | cut -f1)"
done
echo "input: $mb MB of pages in $pages"
