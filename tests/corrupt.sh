#!/bin/bash
# Corruption: damaged index files are named by --check and refused cleanly by the tools
# (an error message and exit 2, or problems and exit 1), never a crash.
#   - Xapian's posting and term lists overwritten in the middle: --check reports Xapian's
#     own structural check failing
#   - the SQLite store's table pages overwritten: --check reports the store, and a search
#     fails with a message naming the store
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
exit $fail
