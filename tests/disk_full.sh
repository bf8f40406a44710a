#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A disk-full index folder: the index lives on a small tmpfs that fills up while indexing.
# souwen-index must stop with exit 2 and a message naming the full disk, leave an index that
# opens, searches (without error) and passes --check (what did not fit is pending or not yet
# stored), and,
# once there is room again, the same command must complete it. A compaction at a run's end
# that finds no room is only warned about. Needs root and a tmpfs mount
# (skipped, 77, otherwise).
# usage: disk_full.sh SRC_DIR BUILD_DIR
set -u
src=$1 build=$2
INDEX=$build/souwen-index SEARCH=$build/souwen-search
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-diskfull.XXXXXX")
mnt=$work/mnt
mkdir -p "$mnt"
cleanup() { mountpoint -q "$mnt" && umount "$mnt"; rm -rf "$work"; }
trap cleanup EXIT
mount -t tmpfs -o size=1m tmpfs "$mnt" 2>/dev/null || { echo "skipped: cannot mount a tmpfs here"; exit 77; }
unset SOUWEN_DB
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
"$src/tests/gen_pages.sh" "$src/samples" "$work/pages" 600
db=$mnt/db

# Two ways to fill up: Xapian's write (1 MB), or SQLite's commit (300 KB).
for size in 1m 300k; do
    rm -rf "$db"
    mount -o remount,size=$size "$mnt"
    out=$("$INDEX" --commit-every 50 --db "$db" "$work/pages" 2>&1)
    rc=$?
    check "$size: exit 2 naming the full disk" \
        '[[ $rc == 2 && ($out == *"No space left on device"* || $out == *"database or disk is full"*) ]]'
    echo "   $out"
    c=$("$INDEX" --db "$db" --check 2>&1)
    rc=$?
    # 3: sound, with the last stored batches pending (not searchable until the next run).
    check "$size: what was committed passes --check (exit $rc)" '[[ $rc == 0 || $rc == 3 ]]'
    echo "   ${c//$'\n'/ / }"
    stored=$(sqlite3 "$db/souwen.sqlite" 'SELECT count(*) FROM pages' 2>/dev/null || echo 0)
    if ((stored > 0)); then
        # Exit 0 or 1: the writer threads apply a batch while the next is stored, so the
        # last stored batches may still be pending work, not yet in the search index.
        "$SEARCH" --db "$db" --limit 1 第1篇 >/dev/null
        rc=$?
        check "$size: the index searches (exit $rc)" '[[ $rc == 0 || $rc == 1 ]]'
    fi
    mount -o remount,size=32m "$mnt"
    out=$("$INDEX" --commit-every 50 --db "$db" "$work/pages" 2>&1)
    check "$size: with room again, the same command completes the index" '[[ $? == 0 ]]'
    c=$("$INDEX" --db "$db" --check 2>&1)
    check "$size: all 600 pages, --check passes" '[[ $? == 0 && $c == "600 pages,"* && $c == *"600 of 600 pages found"* ]]'
done

# No room for the compacted copy (5.4 MB) that a first run makes at its end: stopped as its
# compaction starts, the disk is filled but for 1 MB. The run warns, exits 0, leaves no
# half-written copy, and the index is whole; with room, --compact does it.
rm -rf "$db"
mount -o remount,size=32m "$mnt"
SOUWEN_TEST_COMPACT_AFTER=1 SOUWEN_TEST_STOP_AT=compact "$INDEX" --db "$db" -j 1 "$work/pages" \
    >"$work/compact.out" 2>&1 &
pid=$!
for ((i = 0; i < 400; i++)); do
    [[ $(ps -o stat= -p "$pid" 2>/dev/null) == T* ]] && break
    sleep 0.05
done
free=$(df --output=avail -k "$mnt" | tail -1)
fallocate -l $(((free - 1024) * 1024)) "$mnt/fill" 2>/dev/null ||
    dd if=/dev/zero of="$mnt/fill" bs=1k count=$((free - 1024)) 2>/dev/null
kill -CONT "$pid"
wait "$pid"
rc=$?
out=$(cat "$work/compact.out")
rm -f "$mnt/fill"
check "a compaction without room: exit 0 and a warning ($out)" \
    '[[ $rc == 0 && $out == *"600 pages indexed"* && $out == *"the shards were not compacted (unable to compact"*"No space left on device"* && $out != *"index compacted"* ]]'
check "no half-written copy is left ($(ls "$db" | tr '\n' ' '))" \
    '[[ $(ls "$db" | grep "^xapian" | grep -vc stub) == 1 ]]'
c=$("$INDEX" --db "$db" --check 2>&1)
check "the index as written passes --check" '[[ $? == 0 && $c == *"600 of 600 pages found"* ]]'
mount -o remount,size=32m "$mnt"
out=$("$INDEX" --db "$db" --compact 2>&1)
check "with room, --compact compacts it ($out)" '[[ $? == 0 && $out == "index compacted into one database: "* ]]'
exit $fail
