#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The heavy hostile-input cases (tests/hostile.sh and tests/disk_full.sh have the light ones),
# each with its exit code, message, time and peak memory (GNU time's maximum RSS):
#   - a folder of COUNT (default 100,000) tiny page files, plus one good page
#   - a 1 GB page that is a single line: refused as larger than 64 MB, without reading it
#   - a 60 MB single line, under the limit: indexed (read, segmented in slices), memory bounded
#   - a 10 GB sparse file claiming to be a page
# Everything is written under TMPDIR (about 1.2 GB at peak) and removed at the end.
# usage: bench/hostile.sh [COUNT]       (env: BUILD, default build/)
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$src/build}
count=${1:-100000}
INDEX=$build/souwen-index SEARCH=$build/souwen-search
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-hostilebench.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset SOUWEN_DB
fail=0
# run NAME CMD...: runs CMD, prints exit code, seconds, peak RSS and the last lines of output.
run() {
    local name=$1
    shift
    local start rc rss
    start=$(date +%s%N)
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f '%M' -o "$work/rss" "$@" >"$work/out" 2>&1
        rc=$?
        rss="$(($(tail -1 "$work/rss") / 1024)) MB"
    else
        "$@" >"$work/out" 2>&1
        rc=$?
        rss="?"
    fi
    printf '%s: exit %d, %.1f s, peak RSS %s\n' "$name" "$rc" \
        "$(awk -v n=$(($(date +%s%N) - start)) 'BEGIN { print n / 1e9 }')" "$rss"
    tail -3 "$work/out" | cut -c1-200 | sed 's/^/    /'
    return "$rc"
}
expect() { if eval "$2"; then echo "  ok: $1"; else echo "  FAIL: $1"; fail=1; fi; }

# 1. Many tiny files: a one-headline channel page each, written by one awk.
mkdir -p "$work/tiny"
awk -v n="$count" -v d="$work/tiny" 'BEGIN {
    for (i = 1; i <= n; i++) {
        f = sprintf("%s/%03d/t%06d.txt", d, i % 1000, i)
        if (i <= 1000) system("mkdir -p " d "/" sprintf("%03d", i % 1000))
        printf "微型频道\n头条要闻\n微型页面第%d号 城市交通早高峰平稳运行\n", i > f
        close(f)
    }
}'
cp "$src/samples/site-a-keji-ai.txt" "$work/tiny/good.txt"
run "$count tiny files" "$INDEX" --db "$work/db1" "$work/tiny"
rc=$?
expect "all indexed (exit 0)" '[[ $rc == 0 && $(tail -1 "$work/out") == "$((count + 1)) pages indexed"* ]]'
run "--check after $count tiny files" "$INDEX" --db "$work/db1" --check
expect "--check passes" '[[ $? == 0 ]]'
run "a search over them" "$SEARCH" --db "$work/db1" --limit 3 微型页面第77777号
expect "a search finds one of them" '[[ $? == 0 ]]'
rm -rf "$work/tiny" "$work/db1"

# 2. A 1 GB single line (no newline at all), next to a good page.
mkdir -p "$work/big"
yes '中文新闻内容测试' | tr -d '\n' | head -c 1073741824 >"$work/big/line-1g.txt"
cp "$src/samples/site-b-tiyu-zuqiu.txt" "$work/big/good.txt"
run "a 1 GB single-line page" "$INDEX" --db "$work/db2" "$work/big"
rc=$?
expect "refused as larger than 64 MB, the good page indexed, exit 1" \
    '[[ $rc == 1 && $(cat "$work/out") == *"line-1g.txt'"'"' is larger than 64 MB: not a page"* && $(tail -1 "$work/out") == "1 pages indexed"* ]]'
rm -f "$work/big/line-1g.txt"

# 3. A 60 MB single line: under the limit, so it is read and segmented (in 256 KB slices).
{ printf '首页 > 测试 > 正文\n超长单行页面测试标题\n'; yes '中文新闻内容测试，' | tr -d '\n' | head -c 62914560; printf '\n'; } >"$work/big/line-60m.txt"
run "a 60 MB single-line page" "$INDEX" --db "$work/db2" "$work/big/line-60m.txt"
rc=$?
expect "indexed (exit 0)" '[[ $rc == 0 ]]'
run "a search in it" "$SEARCH" --db "$work/db2" --limit 1 超长单行页面测试标题
expect "found, with a snippet" '[[ $? == 0 ]]'
rm -f "$work/big/line-60m.txt"

# 4. A 10 GB sparse file: refused by its size, without reading.
truncate -s 10G "$work/big/sparse-10g.txt"
run "a 10 GB sparse page" "$INDEX" --db "$work/db2" "$work/big/sparse-10g.txt"
rc=$?
expect "refused as larger than 64 MB (exit 1)" '[[ $rc == 1 && $(cat "$work/out") == *"larger than 64 MB"* ]]'
exit $fail
