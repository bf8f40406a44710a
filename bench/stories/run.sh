#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# souwen's stories against the labels: makes the default and the held-out reprint corpus (once;
# they are kept), indexes each with souwen-index and prints evaluate.py's report of the story
# each page got (B-cubed precision, recall, F1; per transformation; wrong merges), and shown.py's
# count of reprinted stories a search shows as their original, copies right. Exit 1 when
# a corpus misses the targets (F1 >= 0.97, precision >= 0.98).
# usage: bench/stories/run.sh [--build DIR] [--out DIR]
#   --build  the CMake build folder (default build/; built here)
#   --out    where the corpora and indexes go (default $TMPDIR/souwen-stories, else
#            /tmp/souwen-stories); never inside the repository: the text is CCTV's
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$src/build out=${TMPDIR:-/tmp}/souwen-stories
while (($#)); do
    case $1 in
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: bench/stories/run.sh [--build DIR] [--out DIR]" >&2; exit 2 ;;
    esac
done
command -v opencc >/dev/null || bash "$src/bench/deps.sh" || exit 2
cmake -S "$src" -B "$build" >/dev/null && cmake --build "$build" -j2 >/dev/null || exit 2
sql="SELECT p.url, s.key FROM articles a JOIN pages p ON p.id = a.page_id JOIN stories s ON s.id = a.story"
rc=0
for corpus in default heldout; do
    dir=$out/$corpus
    if [[ ! -f $dir/labels.tsv ]]; then
        args=()
        [[ $corpus == heldout ]] && args=(--heldout)
        python3 "$here/make_corpus.py" "$dir" "${args[@]}" >/dev/null || exit 2
    fi
    rm -rf "$dir.db"
    start=$(date +%s%N)
    "$build/souwen-index" --quiet --db "$dir.db" "$dir/pages" "$dir/crawl.warc.gz" || exit 2
    ms=$((($(date +%s%N) - start) / 1000000))
    echo "== $corpus corpus: indexed in $((ms / 1000)).$(printf %03d $((ms % 1000))) s"
    python3 "$here/evaluate.py" --labels "$dir/labels.tsv" --sqlite "$dir.db/souwen.sqlite" \
        --sql "$sql" --check || rc=1
    python3 "$here/shown.py" --labels "$dir/labels.tsv" --db "$dir.db" --search "$build/souwen-search"
    echo
done
exit $rc
