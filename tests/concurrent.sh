#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Concurrent use: searches while souwen-index writes, and a second writer.
#
# Starts souwen-index in the background on PAGES generated pages, committing every 20 pages.
# While it runs: searches run one after another and must all exit 0 or 1 (never 2), and the
# number of headlines they find (one per page committed) must never go down -- each sees
# the last committed state; a second souwen-index and a --check on the same index must stop
# at once with exit 2 and "index '...' is locked by pid N", N the running writer. At the end
# the searches see every page and --check passes. Then searches run while --compact swaps the
# layout 20 times, and must all succeed.
# usage: concurrent.sh SRC_DIR BUILD_DIR [PAGES]
set -u
src=$1 build=$2 pages=${3:-800}
INDEX=$build/souwen-index SEARCH=$build/souwen-search
command -v sqlite3 >/dev/null || { echo "skipped: the sqlite3 command is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-concurrent.XXXXXX")
trap 'kill -9 $writer 2>/dev/null; rm -rf "$work"' EXIT
unset SOUWEN_DB
"$src/tests/gen_pages.sh" "$src/samples" "$work/pages" "$pages"
db=$work/db
fail=0
die() { echo "FAIL: $*"; fail=1; }

"$INDEX" --quiet --commit-every 20 --db "$db" "$work/pages" 2>"$work/writer.err" &
writer=$!
# Searching starts once the store exists (before, there is no index to search).
for ((i = 0; i < 500; i++)); do
    [[ -s $db/souwen.sqlite && $(sqlite3 "$db/souwen.sqlite" 'PRAGMA user_version' 2>/dev/null) -ge 1 ]] && break
    sleep 0.01
done

# A second writer and a check while the first one writes.
t0=$(date +%s%N)
timeout 10 "$INDEX" --db "$db" "$src/samples" >/dev/null 2>"$work/second.err"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
if kill -0 $writer 2>/dev/null; then
    [[ $rc == 2 ]] || die "a second writer exits $rc, not 2"
    grep -q "index '$db' is locked by pid $writer " "$work/second.err" ||
        die "a second writer does not name pid $writer: $(cat "$work/second.err")"
    ((ms < 2000)) || die "a second writer took $ms ms to give up"
    echo "second writer: exit $rc after $ms ms: $(cat "$work/second.err")"
    timeout 10 "$INDEX" --db "$db" --check >/dev/null 2>"$work/check.err"
    rc=$?
    [[ $rc == 2 ]] && grep -q "locked by pid $writer " "$work/check.err" ||
        die "--check during indexing: exit $rc: $(cat "$work/check.err")"
else
    die "the writer ended before the second one started: use more pages"
fi

searches=0 last=0 seen=()
while kill -0 $writer 2>/dev/null; do
    out=$("$SEARCH" --db "$db" --json --type headline --limit 10000 专属标题 2>"$work/search.err")
    rc=$?
    searches=$((searches + 1))
    if ((rc != 0 && rc != 1)); then
        die "search $searches during indexing exits $rc: $(cat "$work/search.err")"
        break
    fi
    n=$(grep -c . <<<"$out")
    ((n >= last)) || die "search $searches found $n headlines after $last: it went back"
    [[ $n != "$last" ]] && seen+=("$n")
    last=$n
done
wait $writer
rc=$?
[[ $rc == 0 ]] || die "the writer exits $rc: $(cat "$work/writer.err")"
((searches >= 5 && ${#seen[@]} >= 2)) ||
    die "only $searches searches ran during indexing, seeing ${#seen[@]} states"
echo "$searches searches during indexing, all exit 0 or 1; headline counts seen: ${seen[*]}"
n=$("$SEARCH" --db "$db" --json --type headline --limit 10000 专属标题 | grep -c .)
[[ $n == "$pages" ]] || die "after indexing a search finds $n of $pages headlines"
"$INDEX" --db "$db" --check >/dev/null || die "--check after indexing fails"
# The lock is released with the writer: a new writer goes ahead.
"$INDEX" --quiet --db "$db" "$work/pages" || die "a writer after the first one exits $?"

# Searches while --compact swaps the layout again and again and removes the shards it merged:
# a search that read the layout just before a swap reads the new one. None fails.
(for ((k = 0; k < 20; k++)); do "$INDEX" --quiet --db "$db" --compact || exit 1; done) \
    2>"$work/compact.err" &
compactor=$!
csearches=0
while kill -0 $compactor 2>/dev/null; do
    "$SEARCH" --db "$db" --limit 1 专属标题 >/dev/null 2>"$work/search.err"
    rc=$?
    csearches=$((csearches + 1))
    if ((rc != 0)); then
        die "search $csearches during --compact exits $rc: $(cat "$work/search.err")"
        break
    fi
done
wait $compactor || die "--compact exits $?: $(cat "$work/compact.err")"
((fail)) || echo "$csearches searches during 20 compactions, all exit 0"
((fail)) && exit 1
echo "concurrent use ok"
