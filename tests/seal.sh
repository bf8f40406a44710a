#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The Xapian shim's seal: a file outside core/index.c that includes core/xapian_shim.h does not
# compile, and says why; the same file compiles where the build opens the door.
# usage: seal.sh SOURCE_DIR C_COMPILER
src=$1 cc=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
printf '#include "xapian_shim.h"\nint probe(void) { return xs_db_open(0, 0, 0, 0); }\n' >"$tmp/probe.c"
if "$cc" -fsyntax-only -I "$src/core" "$tmp/probe.c" 2>"$tmp/err"; then
    echo "FAIL: a file outside the door included xapian_shim.h and compiled"
    exit 1
fi
if ! grep -q 'private to core/index.c' "$tmp/err"; then
    echo "FAIL: the refusal does not say why:"
    cat "$tmp/err"
    exit 1
fi
if ! "$cc" -fsyntax-only -DSW_XAPIAN_SHIM_DOOR -I "$src/core" "$tmp/probe.c"; then
    echo "FAIL: the header does not compile behind the door"
    exit 1
fi
echo "ok: xapian_shim.h compiles only behind SW_XAPIAN_SHIM_DOOR"
