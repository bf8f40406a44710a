#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Speed benchmark: one run builds a corpus of crawled news pages per size and prints, on it, the
# floors (bench/floors.c), souwen-index at -j 1 and -j 2, souwen-search latency (cold: a process
# per query; warm: one process, --queries; warm again after souwen-index --compact), counting
# (--count and --facet latency, --all CSV time and peak RSS, on a query of about 100,000
# matches: the word of the corpus closest to it), the peers
# (Xapian CJK n-grams, SQLite FTS5 trigram) and the ratios; at 10M and 100M also HTML pages of
# the same stories (bench/html_pages.py) indexed -j 2 against FTS5 trigram fed the text souwen
# extracted from them, with index sizes over that text after --compact; then the speed issue's
# targets, each PASS or MISS. Writes OUT/results.json, the tables on stdout and OUT/chart.png.
#
# usage: bench/run.sh [--size 10M|100M|1G]... [--build DIR] [--out DIR] [--quick] [--no-peers]
#                     [--no-peers-at SIZE]...
#   --size   corpus sizes, each measured in turn (default 10M; repeatable, or 10M,100M)
#   --build  the CMake build folder to use (default build/); configured and built here
#   --out    where corpora, indexes and figures go (default $TMPDIR/souwen-bench, else
#            /tmp/souwen-bench); never inside the repository; a corpus already there is reused
#   --quick  50 cold queries instead of 200 (the 1,200 warm queries stay): for iteration
#   --no-peers  leave out the peers (at 1G, Xapian's n-grams alone take about 20 minutes)
#   --no-peers-at SIZE  leave them out at that size only (repeatable, or 1G,100M): the 1G
#            targets do not compare with a peer
# Corpus: ../shared/data/news_xwlb_cctv through bench/cctv_pages.py, else Chinese documentation
# from Debian packages (see bench/cctv_pages.py). Peers need python3-xapian, the chart gnuplot:
# bench/deps.sh installs both, and is run when either is missing (if it cannot, those parts are
# skipped with a note). See README.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
sizes=()
build=$top/build
out=${TMPDIR:-/tmp}/souwen-bench
cold=200
no_peers=0
no_peers_at=()
while (($#)); do
    case $1 in
        --size) IFS=, read -ra s <<<"$2"; sizes+=("${s[@]}"); shift 2 ;;
        --size=*) IFS=, read -ra s <<<"${1#*=}"; sizes+=("${s[@]}"); shift ;;
        --build) build=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --quick) cold=50; shift ;;
        --no-peers) no_peers=1; shift ;;
        --no-peers-at) IFS=, read -ra s <<<"$2"; no_peers_at+=("${s[@]}"); shift 2 ;;
        --no-peers-at=*) IFS=, read -ra s <<<"${1#*=}"; no_peers_at+=("${s[@]}"); shift ;;
        -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
((${#sizes[@]})) || sizes=(10M)
build=$(mkdir -p "$build" && cd "$build" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
case $out/ in "$top"/*) echo "run.sh: --out must be outside the repository" >&2; exit 2 ;; esac

py=/usr/bin/python3
[[ -x $py ]] || py=python3
bench=("$py" "$top/bench/speed/bench.py")
export PYTHONDONTWRITEBYTECODE=1
if ! "$py" -c 'import xapian' 2>/dev/null || ! command -v gnuplot >/dev/null ||
    ! command -v xapian-compact >/dev/null; then
    bash "$top/bench/deps.sh" || echo "note: bench/deps.sh failed: going on without" >&2
fi
peers=$((!no_peers))
((peers)) && ! "$py" -c 'import xapian' 2>/dev/null && { peers=0; echo "note: python3-xapian missing (bench/deps.sh): peers skipped" >&2; }
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
# Every figure is one core's or two: anything else running skews them, so the load is kept.
step() {
    log "$size: $1"
    echo "$1: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$d/load.txt"
}

log "building in $build"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target souwen-index souwen-search souwen-bench-floors >/dev/null

data=$top/../shared/data/news_xwlb_cctv
for size in "${sizes[@]}"; do
    case $size in
        *[Gg]) mb=$((${size%[Gg]} * 1000)) ;;
        *[Mm]) mb=${size%[Mm]} ;;
        *) echo "run.sh: a size is like 10M, 100M or 1G, not '$size'" >&2; exit 2 ;;
    esac
    d=$out/$size
    mkdir -p "$d"
    # The corpus is kept between runs; it is rebuilt only when missing or unfinished.
    if [[ ! -f $d/pages.done ]]; then
        rm -rf "$d/pages"
        if [[ -d $data ]]; then
            log "$size: corpus from $data"
            "$py" "$top/bench/cctv_pages.py" "$data" "$d/pages" "$mb" >"$d/pages.done"
        else
            log "$size: $data is absent: corpus from Debian packages' Chinese documentation"
            "$py" "$top/bench/cctv_pages.py" --debian "$d/pages" "$mb" >"$d/pages.done"
        fi
    fi
    cat "$d/pages.done" >&2
    : >"$d/load.txt"
    find "$d/pages" -name '*.txt' | sort >"$d/pages.list"

    step "floors"
    rm -rf "$d/floors-db"
    "$build/souwen-bench-floors" --words "$d/words.tsv" "$d/pages.list" "$d/floors-db" \
        >"$d/floors.json"
    rm -rf "$d/floors-db"

    for j in 1 2; do
        step "souwen-index -j $j"
        "${bench[@]}" index --bin "$build/souwen-index" --db "$d/souwen-j$j.db" --jobs "$j" \
            --input "$d/pages" >"$d/index-j$j.json"
        [[ $j == 2 ]] && rm -rf "$d/souwen-j2.db"
    done

    step "souwen-search cold ($cold queries) and warm"
    "${bench[@]}" queries --words "$d/words.tsv" --n 1200 >"$d/queries.tsv"
    "${bench[@]}" search --bin "$build/souwen-search" --db "$d/souwen-j1.db" \
        --queries "$d/queries.tsv" --cold "$cold" --work "$d/search" \
        --compact-bin "$build/souwen-index" >"$d/search.json"

    step "souwen-search --count, --facet and --all on a query of about 100,000 matches"
    "${bench[@]}" count --bin "$build/souwen-search" --db "$d/souwen-j1.db" \
        --words "$d/words.tsv" --work "$d/search" >"$d/count.json"

    # HTML pages of the same stories (only where the CCTV data is: the Debian fallback is
    # text), against FTS5 fed the text souwen extracted from them.
    if [[ -d $data && $size != *[Gg] ]]; then
        if [[ ! -f $d/html.done ]]; then
            rm -rf "$d/html"
            "$py" "$top/bench/html_pages.py" "$data" "$d/html" "$mb" >"$d/html.done.tmp"
            mv "$d/html.done.tmp" "$d/html.done"
        fi
        cat "$d/html.done" >&2
        # Read once beforehand, as the floors read the text pages: FTS5 is fed from memory.
        find "$d/html" -type f -exec cat {} + >/dev/null
        step "HTML pages: souwen-index -j 2, FTS5 trigram on the extracted text"
        "${bench[@]}" html --bin "$build/souwen-index" --db "$d/souwen-html.db" \
            --input "$d/html" --work "$d/html-fts5" >"$d/html.json"
        rm -rf "$d/souwen-html.db" "$d/html-fts5"
    else
        rm -f "$d/html.json"
    fi

    if ((peers)) && [[ " ${no_peers_at[*]} " != *" $size "* ]]; then
        step "peers (Xapian CJK n-grams, SQLite FTS5 trigram)"
        "${bench[@]}" peers --input "$d/pages" --queries "$d/queries.tsv" --work "$d/peers" \
            >"$d/peers.json"
        rm -rf "$d/peers"
    else
        rm -f "$d/peers.json"
    fi
done

"${bench[@]}" report --out "$out" "${sizes[@]}"
