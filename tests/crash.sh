#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Crash safety: souwen-index killed with SIGKILL at random points, then checked.
#
# Indexes CORPUS once without interruption (the reference), then again into a fresh index,
# killing the indexer at random moments and restarting it, until KILLS runs were killed. After every
# kill: the index opens (souwen-search answers 0 or 1, never 2) and souwen-index --check
# passes (exit 0, or 3: sound with work left pending). At the end, one uninterrupted run of the same command
# completes it, and the index must equal the reference: the same counts of pages, articles,
# headlines, occurrences and failures, the same Xapian document count, and the same ids with
# the same keys.
#
# usage: crash.sh SRC_DIR BUILD_DIR [KILLS [PAGES [COMMIT_EVERY [CORPUS_DIR]]]]
#   without CORPUS_DIR, PAGES pages are generated from samples/ (tests/gen_pages.sh).
# ctest runs a small case; bench/crash.sh runs 50 kills over a larger corpus.
set -u
src=$1 build=$2 kills=${3:-8} pages=${4:-300} every=${5:-20} corpus=${6:-}
INDEX=$build/souwen-index SEARCH=$build/souwen-search
command -v sqlite3 >/dev/null || { echo "skipped: the sqlite3 command is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-crash.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [[ -z $corpus ]]; then
    corpus=$work/pages
    "$src/tests/gen_pages.sh" "$src/samples" "$corpus" "$pages"
fi
unset SOUWEN_DB
fail=0
die() { echo "FAIL: $*"; fail=1; }

# What must be equal between two indexes: counts, then ids with their keys and each article's
# story, hashed.
summary() {
    sqlite3 "$1/souwen.sqlite" "
        SELECT 'pages', count(*) FROM pages;
        SELECT 'articles', count(*) FROM articles;
        SELECT 'headlines', count(*) FROM headlines;
        SELECT 'occurrences', count(*) FROM occurrences;
        SELECT 'failures', count(*) FROM failures;
        SELECT 'pending', count(*) FROM pending;
        SELECT 'stories', count(DISTINCT story) FROM articles;"
    "$INDEX" --db "$1" --check | head -1 | sed 's/.*occurrences, \([0-9]*\) index documents.*/xapian_docs|\1/'
    echo "ids|$(sqlite3 "$1/souwen.sqlite" "
        SELECT 'p', id, key, hash FROM pages;
        SELECT 'a', a.id, p.key, a.title FROM articles a JOIN pages p ON p.id = a.page_id;
        SELECT 'h', id, key FROM headlines;
        SELECT 'o', headline_id, page_id, section, position FROM occurrences;
        SELECT 's', a.id, s.key FROM articles a JOIN stories s ON s.id = a.story;" | md5sum | cut -c1-32)"
}

start=$(date +%s.%N)
"$INDEX" --quiet --commit-every "$every" --db "$work/ref" "$corpus" >/dev/null 2>"$work/ref.err"
ref_rc=$?
ref_secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
summary "$work/ref" >"$work/ref.sum"
"$INDEX" --db "$work/ref" --check >/dev/null || die "the reference index does not pass --check"
echo "reference: exit $ref_rc in ${ref_secs}s: $(tr '\n' ' ' <"$work/ref.sum")"

# Random delays of up to about twice a fair share of the reference run, so that the kills
# spread over the whole indexing (each restart resumes from the last commit).
max_ms=$(awk -v t="$ref_secs" -v k="$kills" 'BEGIN { printf "%d", t * 2000 / k + 80 }')
killed=0 finished=0 pending_seen=0 nothing_yet=0
db=$work/db
# Until KILLS runs were really killed (a run may end before its kill); at most 3 x KILLS runs.
for ((k = 1; killed < kills && k <= 3 * kills; k++)); do
    "$INDEX" --quiet --commit-every "$every" --db "$db" "$corpus" >/dev/null 2>>"$work/run.err" &
    pid=$!
    sleep "$(awk -v ms=$((RANDOM % max_ms)) 'BEGIN { printf "%.3f", ms / 1000 }')"
    if kill -9 "$pid" 2>/dev/null; then
        killed=$((killed + 1))
    else
        # It ended first: the index may be complete, so that runs are short now; aim sooner.
        finished=$((finished + 1))
        max_ms=$((max_ms / 2 > 10 ? max_ms / 2 : 10))
    fi
    wait "$pid" 2>/dev/null
    if [[ ! -s $db/souwen.sqlite ]] || [[ $(sqlite3 "$db/souwen.sqlite" 'PRAGMA user_version') == 0 ]]; then
        nothing_yet=$((nothing_yet + 1)) # killed before the store's first commit
        continue
    fi
    # Sound (0), or sound with pages not searchable until the pending work is applied (3).
    "$INDEX" --db "$db" --check >"$work/check.out" 2>&1
    rc=$?
    ((rc == 0 || rc == 3)) || { die "kill $k: --check failed (exit $rc):"; cat "$work/check.out"; }
    grep -q pending "$work/check.out" && pending_seen=$((pending_seen + 1))
    "$SEARCH" --db "$db" --limit 3 第1篇 >/dev/null 2>"$work/search.err"
    rc=$?
    ((rc == 0 || rc == 1)) || { die "kill $k: search exit $rc:"; cat "$work/search.err"; }
done
"$INDEX" --quiet --commit-every "$every" --db "$db" "$corpus" >/dev/null 2>>"$work/run.err"
rc=$?
[[ $rc == "$ref_rc" ]] || { die "the completing run exits $rc, the reference $ref_rc; its runs said:"; sort "$work/run.err" | uniq -c | sort -rn | head -5; }
summary "$db" >"$work/db.sum"
"$INDEX" --db "$db" --check >"$work/check.out" 2>&1 || { die "final --check failed:"; cat "$work/check.out"; }
if ! diff "$work/ref.sum" "$work/db.sum"; then
    die "the killed-and-completed index differs from the reference (above: < reference, > killed)"
fi
echo "killed: $killed kill -9 (pending work left at $pending_seen, before the first commit at" \
    "$nothing_yet), $finished runs ended before their kill"
((killed >= kills)) || die "only $killed of $kills runs were killed"
echo "after the completing run: $(tr '\n' ' ' <"$work/db.sum")"
((fail)) && exit 1
echo "crash safety ok"
