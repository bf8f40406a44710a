#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Interruptions at chosen moments (SOUWEN_TEST_KILL_AT / SOUWEN_TEST_STOP_AT stop or kill
# souwen-index there; tests/crash.sh kills at random moments):
#   - --rebuild stopped before its swap: searches still find every page in the old shards;
#     killed there, the old shards stay, --check passes finding every page, the next writer
#     removes the half-built shards, and a second --rebuild completes
#   - --remove killed after its SQLite commit: the same command run again reports success and
#     the page leaves the results
#   - --compact killed after its swap: the next writer run removes the old shards
#   - indexing killed after its SQLite commit: --check says incomplete (exit 3), and the same
#     command run again completes the index
#   - an empty store, as a writer killed while it created it leaves: nothing indexed yet
#   - a first shard Xapian was killed creating (no iamglass): nothing indexed yet, with no
#     store; beside stored pages, the writer stops naming --rebuild
#   - --check by a user who may not write the lock file (run as nobody, when root)
# usage: interrupt.sh SRC_DIR BUILD_DIR
set -u
src=$1 build=$2
INDEX=$build/souwen-index SEARCH=$build/souwen-search
command -v sqlite3 >/dev/null || { echo "skipped: the sqlite3 command is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-interrupt.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset SOUWEN_DB
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
"$src/tests/gen_pages.sh" "$src/samples" "$work/pages" 60
"$INDEX" --quiet -j 2 --db "$work/ref" "$work/pages" || { echo "FAIL: indexing"; exit 1; }
shards() { grep '^shard' "$1/shards" | tr '\n' ' '; }
folders() { (cd "$1" && ls -d xapian xapian.* 2>/dev/null | grep -v stub | tr '\n' ' '); }

# --rebuild, stopped just before it swaps the layout, then killed there.
cp -r "$work/ref" "$work/r"
old=$(shards "$work/r")
SOUWEN_TEST_STOP_AT=rebuild-swap "$INDEX" --quiet --db "$work/r" --rebuild &
pid=$!
for ((i = 0; i < 200; i++)); do
    [[ $(ps -o stat= -p "$pid" 2>/dev/null) == T* ]] && break
    sleep 0.05
done
check "the rebuild reached its swap" '[[ $(ps -o stat= -p "$pid" 2>/dev/null) == T* ]]'
out=$("$SEARCH" --db "$work/r" --all-copies --limit 1 第7篇 2>&1)
rc=$?
check "during the rebuild a search finds its hits (exit $rc)" '[[ $rc == 0 && $out == *第7篇* ]]'
check "during the rebuild the layout names the old shards" '[[ $(shards "$work/r") == "$old" ]]'
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
out=$("$SEARCH" --db "$work/r" --all-copies --limit 1 第7篇 2>&1)
rc=$?
check "killed before its swap: a search still finds its hits (exit $rc)" '[[ $rc == 0 && $out == *第7篇* ]]'
out=$("$INDEX" --db "$work/r" --check 2>&1)
rc=$?
check "killed before its swap: --check passes finding every page (exit $rc)" \
    '[[ $rc == 0 && $out == *"60 of 60 pages found by their words"* && $out != *pending* ]]'
"$INDEX" --quiet --db "$work/r" "$work/pages/p000001.txt"
check "the next writer run removes the half-built shards ($(folders "$work/r"))" \
    '[[ "$(folders "$work/r")" == "$(shards "$work/r" | sed "s/shard //g")" ]]'
out=$("$INDEX" --db "$work/r" --rebuild 2>&1)
rc=$?
check "a second --rebuild completes (exit $rc)" '[[ $rc == 0 && $out == "index rebuilt: "* ]]'
out=$("$INDEX" --db "$work/r" --check 2>&1)
check "and --check passes" '[[ $? == 0 && $out == *"60 of 60 pages found"* ]]'

# --remove killed after SQLite committed it, before the search index had it.
cp -r "$work/ref" "$work/m"
url=$(sqlite3 "$work/ref/souwen.sqlite" "SELECT url FROM pages WHERE key LIKE '%/000007.html'")
SOUWEN_TEST_KILL_AT=flush "$INDEX" --db "$work/m" --remove "$url" >/dev/null 2>&1
rc=$?
check "--remove killed after its commit (exit $rc)" '[[ $rc == 137 ]]'
out=$("$INDEX" --db "$work/m" --remove "$url" 2>&1)
rc=$?
check "the same --remove again: success (exit $rc: $out)" '[[ $rc == 0 && $out == "1 pages removed" ]]'
"$SEARCH" --db "$work/m" --all-copies --type article 第7篇 >"$work/hits" 2>&1
check "the page is no longer found" '! grep -q "$url" "$work/hits"'
check "--check passes" '"$INDEX" --db "$work/m" --check >/dev/null 2>&1'
out=$("$INDEX" --db "$work/m" --remove "$url" 2>&1)
rc=$?
check "once complete, removing it again finds nothing (exit $rc)" '[[ $rc == 1 && $out == *"no page"* ]]'

# --compact killed after its swap, before removing the old shards.
cp -r "$work/ref" "$work/c"
SOUWEN_TEST_KILL_AT=compact-swapped "$INDEX" --db "$work/c" --compact >/dev/null 2>&1
rc=$?
check "--compact killed after its swap (exit $rc), the old shards left ($(folders "$work/c"))" \
    '[[ $rc == 137 && "$(folders "$work/c")" != "$(shards "$work/c" | sed "s/shard //g")" ]]'
"$INDEX" --quiet -j 1 --db "$work/c" "$work/pages/p000001.txt"
check "the next writer run removes them ($(folders "$work/c"))" \
    '[[ "$(folders "$work/c")" == "$(shards "$work/c" | sed "s/shard //g")" ]]'
check "--check passes" '"$INDEX" --db "$work/c" --check >/dev/null 2>&1'

# A first run's compaction killed before its swap: the new shards are strays, the index is
# the run's as written (every page found, --check passes); the next writer removes them.
SOUWEN_TEST_COMPACT_AFTER=1 SOUWEN_TEST_KILL_AT=compact-swap "$INDEX" --quiet -j 2 --db "$work/a" \
    "$work/pages" >/dev/null 2>&1
rc=$?
check "a run's compaction killed before its swap (exit $rc), strays left ($(folders "$work/a"))" \
    '[[ $rc == 137 && "$(folders "$work/a")" != "$(shards "$work/a" | sed "s/shard //g")" ]]'
check "--check passes" '"$INDEX" --db "$work/a" --check >/dev/null 2>&1'
n=$("$SEARCH" --db "$work/a" --count --all-copies 第 2>/dev/null)
want=$("$SEARCH" --db "$work/ref" --count --all-copies 第 2>/dev/null)
check "every page is found ($n of $want)" '[[ -n $n && $n == "$want" ]]'
"$INDEX" --quiet -j 2 --db "$work/a" "$work/pages/p000001.txt"
check "the next writer run removes them ($(folders "$work/a"))" \
    '[[ "$(folders "$work/a")" == "$(shards "$work/a" | sed "s/shard //g")" ]]'

# Indexing killed after its SQLite commit, before the search index took the batch: --check
# says the index is sound but not complete, names how many pages cannot be found yet, and
# exits 3; the same command run again completes it (exit 0, every page found).
SOUWEN_TEST_KILL_AT=flush "$INDEX" --quiet --db "$work/p" "$work/pages" >/dev/null 2>&1
out=$("$INDEX" --db "$work/p" --check 2>&1)
rc=$?
check "killed before the search index took the pages: --check exits 3 ($(grep -o '[0-9]* pages not searchable until then' <<<"$out"))" \
    '[[ $rc == 3 && $out == *"60 pages not searchable until then"* && $out == *"incomplete: run souwen-index"* && $out != *ok ]]'
"$INDEX" --quiet --db "$work/p" "$work/pages" >/dev/null 2>&1
out=$("$INDEX" --db "$work/p" --check 2>&1)
rc=$?
check "the same command again completes it: --check passes (exit $rc)" \
    '[[ $rc == 0 && $out == *"60 of 60 pages found by their words"* && $out == *ok ]]'

# A writer killed as it created the store leaves an empty souwen.sqlite and no shard: that is
# nothing indexed yet, not a lost shard; the same command completes the index.
mkdir "$work/e" && : >"$work/e/souwen.sqlite"
out=$("$INDEX" --quiet --db "$work/e" "$work/pages" 2>&1)
rc=$?
check "an empty store left by a kill: the same command completes the index (exit $rc)" \
    '[[ $rc == 0 ]] && "$INDEX" --db "$work/e" --check 2>&1 | grep -q "60 of 60 pages found"'

# A writer killed while Xapian created a new index's first shard leaves its folder without
# `iamglass`, and no store: nothing indexed yet, so the same command completes the index. With
# pages in the store, such a shard is not removed: the writer stops and names --rebuild.
mkdir -p "$work/u/xapian" && : >"$work/u/xapian/postlist.glass" && : >"$work/u/xapian/flintlock"
out=$("$INDEX" --quiet --db "$work/u" "$work/pages" 2>&1)
rc=$?
check "a first shard killed unfinished: the same command completes the index (exit $rc)" \
    '[[ $rc == 0 ]] && "$INDEX" --db "$work/u" --check 2>&1 | grep -q "60 of 60 pages found"'
cp -r "$work/ref" "$work/v" && rm "$work/v/xapian/iamglass"
out=$("$INDEX" --db "$work/v" "$work/pages/p000001.txt" 2>&1)
rc=$?
check "an unfinished shard beside stored pages: exit 2, naming it and --rebuild ($out)" \
    '[[ $rc == 2 && $out == *"$work/v/xapian"*"unfinished shard"*"--rebuild"* && -d $work/v/xapian ]]'
out=$("$INDEX" --db "$work/v" --rebuild 2>&1)
check "and --rebuild makes it whole" \
    '[[ $? == 0 ]] && "$INDEX" --db "$work/v" --check 2>&1 | grep -q "60 of 60 pages found"'

# --check needs no write access: a shared lock, taken read-only.
if [[ $EUID == 0 ]] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    cp -r "$work/ref" "$work/ro"
    chmod 755 "$work" && chown -R nobody "$work/ro" && chown root "$work/ro/lock" && chmod 444 "$work/ro/lock"
    out=$(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$INDEX" --db "$work/ro" --check 2>&1)
    rc=$?
    check "--check by a user who may not write the lock file (exit $rc)" '[[ $rc == 0 && $out == *ok ]]'
else
    echo "skipped: --check as a user who may only read (needs root, setpriv and the user nobody)"
fi
exit $fail
