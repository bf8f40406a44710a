#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# warc_memory.sh - indexes a WARC of 200 MB or more and reports peak memory.
#
# Builds /tmp/souwen-bench/big.warc.gz with bench/make_warc.py: ROUNDS rounds of
# the sample WARC's records under varied URLs (4 HTML pages each, plus request,
# redirect, metadata and an image/jpeg record of IMAGE_KB random bytes that
# keeps the file large without making the run long), then indexes it with
# /usr/bin/time and prints file size, pages, seconds and peak RSS.
# Usage: bench/warc_memory.sh [BUILD_DIR]   (ROUNDS, IMAGE_KB, OUT from the environment)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
rounds=${ROUNDS:-2500} image_kb=${IMAGE_KB:-80}
out=${OUT:-/tmp/souwen-bench}
mkdir -p "$out"
rm -rf "$out/db"
cd "$here"
python3 bench/make_warc.py --repeat "$rounds" --image-kb "$image_kb" --out "$out/big.warc.gz"
size=$(stat -c %s "$out/big.warc.gz")
echo "warc: $out/big.warc.gz, $((size / 1000000)) MB compressed, $rounds rounds"
/usr/bin/time -f "peak RSS %M KB, %e s elapsed" "$build/souwen-index" --db "$out/db" "$out/big.warc.gz"
"$build/souwen-index" --db "$out/db" --stats | head -3
