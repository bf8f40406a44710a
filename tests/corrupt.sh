#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Corruption: damaged index files are named by --check and refused cleanly by the tools
# (an error message and exit 2, or problems and exit 1), never a crash.
#   - Xapian's posting and term lists overwritten in the middle: --check reports Xapian's
#     own structural check failing
#   - the SQLite store's table pages overwritten: --check reports the store, a search
#     fails with a message naming the store, and indexing refuses to write into it
#   - a shard cut short or without its version file: --rebuild recovers it
#   - a shard folder (or all of them) lost: indexing and searching refuse naming it and
#     --rebuild, which recovers it
# usage: corrupt.sh SRC_DIR BUILD_DIR
set -u
src=$1 build=$2
INDEX=$build/souwen-index SEARCH=$build/souwen-search
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-corrupt.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset SOUWEN_DB
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
"$src/tests/gen_pages.sh" "$src/samples" "$work/pages" 40
"$INDEX" --quiet --db "$work/good" "$work/pages" || { echo "FAIL: indexing"; exit 1; }
check "the sound index passes --check" '"$INDEX" --db "$work/good" --check >/dev/null'

# The same 3000 bytes (not random: the outcome is the same every run) at 8200 in each list.
junk() { awk 'BEGIN { for (i = 0; i < 3000; i++) printf "%c", 33 + (i * 7919) % 90 }'; }
cp -r "$work/good" "$work/x"
for f in postlist termlist; do
    junk | dd of="$work/x/xapian/$f.glass" bs=1 seek=8200 conv=notrunc 2>/dev/null
done
out=$("$INDEX" --db "$work/x" --check 2>&1)
rc=$?
check "damaged Xapian lists: --check names the index as damaged (exit 1 or 2)" \
    '[[ ($rc == 1 || $rc == 2) && $out == *"'"'$work/x/xapian'"'"*"damaged"* ]]'
"$SEARCH" --db "$work/x" 第1篇 >/dev/null 2>"$work/err"
rc=$?
check "a search on it answers or fails with a message, no crash (exit $rc)" \
    '[[ $rc == 0 || $rc == 1 || ($rc == 2 && -s $work/err) ]]'

cp -r "$work/good" "$work/s"
size=$(stat -c %s "$work/s/souwen.sqlite")
junk | dd of="$work/s/souwen.sqlite" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
out=$("$INDEX" --db "$work/s" --check 2>&1)
rc=$?
check "a damaged store: --check names it (exit 1 or 2)" \
    '[[ ($rc == 1 || $rc == 2) && $out == *"'"'$work/s/souwen.sqlite'"'"* ]]'
echo "   ${out//$'\n'/ / }" | cut -c1-300
"$SEARCH" --db "$work/s" --limit 50 生成 >/dev/null 2>"$work/err"
rc=$?
check "a search on it answers or fails with a message, no crash (exit $rc)" \
    '[[ $rc == 0 || $rc == 1 || ($rc == 2 && -s $work/err) ]]'

# Indexing into a damaged store is refused (exit 2, pointing to --check), nothing written:
# the store's check runs beside the first batch, whose commit waits for it.
before=$(cat "$work/s/souwen.sqlite" "$work"/s/xapian*/*.glass 2>/dev/null | cksum)
out=$("$INDEX" --db "$work/s" "$src/samples" 2>&1)
rc=$?
check "a damaged store: indexing refused (exit 2) naming it and --check" \
    '[[ $rc == 2 && $out == *"'"'$work/s/souwen.sqlite'"'"*"damaged"*"--check"* ]]'
after=$(cat "$work/s/souwen.sqlite" "$work"/s/xapian*/*.glass 2>/dev/null | cksum)
check "a damaged store: nothing written to it or to the index" '[[ $before == "$after" ]]'
# --rebuild and --compact write the shards from the store at once: refused the same way.
for mode in --rebuild --compact; do
    out=$("$INDEX" --db "$work/s" "$mode" 2>&1)
    rc=$?
    check "a damaged store: $mode refused (exit 2) naming it" \
        '[[ $rc == 2 && $out == *"'"'$work/s/souwen.sqlite'"'"*"damaged"* ]]'
done
after=$(cat "$work/s/souwen.sqlite" "$work"/s/xapian*/*.glass 2>/dev/null | cksum)
check "a damaged store: --rebuild and --compact wrote nothing" '[[ $before == "$after" ]]'

# A damaged shard: --rebuild builds new shards from the store alone, never opening the old ones,
# and everything works again. Damage: a list cut short, and the shard's version file removed.
"$INDEX" --quiet -j 2 --db "$work/two" "$work/pages" || { echo "FAIL: indexing"; exit 1; }
damage_cut() { truncate -s $(($(stat -c %s "$1/xapian/postlist.glass") / 2)) "$1/xapian/postlist.glass"; }
damage_id() { rm "$1/xapian/iamglass"; }
for how in cut id; do
    rm -rf "$work/d" && cp -r "$work/two" "$work/d" && "damage_$how" "$work/d"
    "$INDEX" --db "$work/d" --check >/dev/null 2>&1
    check "$how: the damage is real (--check exit $?)" '[[ $? != 0 ]]'
    out=$("$INDEX" --db "$work/d" --rebuild 2>&1)
    rc=$?
    check "$how: --rebuild recovers (exit $rc: $(head -1 <<<"$out"))" '[[ $rc == 0 && $out == "index rebuilt: "* ]]'
    out=$("$INDEX" --db "$work/d" --check 2>&1)
    rc=$?
    check "$how: then --check passes, every page found" \
        '[[ $rc == 0 && $out == *"40 of 40 pages found by their words"* ]]'
    "$SEARCH" --db "$work/d" --limit 1 第7篇 >/dev/null 2>&1
    check "$how: a search finds hits again" '[[ $? == 0 ]]'
    "$INDEX" --quiet --db "$work/d" "$src/samples/"*.txt >/dev/null 2>&1
    check "$how: indexing works again" '[[ $? == 0 || $? == 1 ]]'
    check "$how: and --compact" '"$INDEX" --quiet --db "$work/d" --compact'
done

# A lost shard is an error naming it and --rebuild, for indexing and searching, never
# recreated empty; --rebuild recovers it. The same with every shard gone.
for lost in one all; do
    rm -rf "$work/d" && cp -r "$work/two" "$work/d"
    if [[ $lost == one ]]; then rm -rf "$work/d/xapian.1"; else rm -rf "$work/d/xapian" "$work/d/xapian.1"; fi
    out=$("$INDEX" --db "$work/d" "$src/samples" 2>&1)
    rc=$?
    check "$lost shard(s) lost: indexing exit 2 naming it and --rebuild" \
        '[[ $rc == 2 && $out == *"$work/d/xapian"*"missing"*"--rebuild"* ]]'
    check "$lost shard(s) lost: no empty shard was created" '[[ ! -e $work/d/xapian.1 ]]'
    out=$("$SEARCH" --db "$work/d" 第7篇 2>&1)
    rc=$?
    check "$lost shard(s) lost: a search exit 2 naming it and --rebuild" \
        '[[ $rc == 2 && $out == *"missing"*"--rebuild"* ]]'
    out=$("$INDEX" --db "$work/d" --check 2>&1)
    check "$lost shard(s) lost: --check fails" '[[ $? != 0 ]]'
    check "$lost shard(s) lost: --rebuild recovers" '"$INDEX" --quiet --db "$work/d" --rebuild'
    out=$("$INDEX" --db "$work/d" --check 2>&1)
    rc=$?
    check "$lost shard(s) lost: then --check passes, every page found" \
        '[[ $rc == 0 && $out == *"40 of 40 pages found by their words"* ]]'
done
exit $fail
