#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs one golden case: tests/golden/CASE.cmd is a bash script run with
#   $INDEX, $SEARCH  the two binaries      $DB     a fresh index folder
#   $PAGES           tests/pages           $SAMPLES samples/
#   $WORK            a scratch folder
#   $SRC_TESTS       tests/
# Its stdout and stderr, normalized (folders replaced by <DB>, <WORK>, <SRC>;
# timings by <T>; scores by <S>; capture times, which follow the files' times, by
# <TIME>), must equal CASE.expected. A case whose capture times come from its input (a
# WARC-Date) and are what it shows says so in a line "# golden: exact times": it keeps them.
# Usage: run.sh SRC_DIR BUILD_DIR CASE    (UPDATE=1 rewrites the .expected)
set -u
src=$1 build=$2 case=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-golden.XXXXXX")
trap 'rm -rf "$work"' EXIT
export INDEX=$build/souwen-index SEARCH=$build/souwen-search DB=$work/db PAGES=$src/tests/pages \
    SAMPLES=$src/samples WORK=$work/scratch SRC_TESTS=$src/tests
mkdir -p "$WORK"
unset SOUWEN_DB NO_COLOR
# Two writer threads whatever the machine: the layout (shards: 2) is part of the output.
export SOUWEN_JOBS=2
cd "$work" || exit 2
bash "$src/tests/golden/$case.cmd" >"$work/out" 2>&1
times=(-e 's/"(first_seen|last_seen|from|to)":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"/"\1":"<TIME>"/g'
    -e 's/^   listed [0-9TZ:-]{20} – [0-9TZ:-]{20}$/   listed <TIME> – <TIME>/')
grep -qx '# golden: exact times' "$src/tests/golden/$case.cmd" && times=()
sed -E -e "s|$work/db|<DB>|g" -e "s|$work/scratch|<WORK>|g" -e "s|$src|<SRC>|g" \
    -e 's/[0-9][0-9]*\.[0-9][0-9] s$/<T> s/' -e 's/"score":[0-9.e+-]*/"score":<S>/g' \
    "${times[@]}" "$work/out" >"$work/got"
expected=$src/tests/golden/$case.expected
if [[ ${UPDATE:-} == 1 ]]; then
    cp "$work/got" "$expected"
    echo "updated $expected"
    exit 0
fi
if ! diff -u "$expected" "$work/got"; then
    echo "golden case '$case' differs from $expected (UPDATE=1 to accept)"
    exit 1
fi
echo "golden case '$case' ok"
