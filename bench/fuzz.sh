#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the libFuzzer harnesses (tests/fuzz/fuzz_*.c) with clang, ASan and UBSan into
# build-fuzz/, runs each for SECONDS, and prints execs/s and coverage (libFuzzer's cov: and
# ft: at the end). A crash, leak or UBSan report stops that harness; its input is kept in
# build-fuzz/artifacts/<harness>/ -- fix it and copy the input to tests/fuzz/regressions/<harness>/
# so that ctest replays it for good.
#
# usage: bench/fuzz.sh SECONDS [HARNESS...]     (default: every harness)
#   JOBS=2 bench/fuzz.sh 600                    runs two harnesses at a time
# The working corpora grow in build-fuzz/corpus/<harness>/ and are kept between runs.
set -euo pipefail
secs=${1:?usage: bench/fuzz.sh SECONDS [HARNESS...]}
shift
src=$(cd "$(dirname "$0")/.." && pwd)
out=$src/build-fuzz
cc=$(command -v clang-14 || command -v clang) cxx=$(command -v clang++-14 || command -v clang++)
CC=$cc CXX=$cxx cmake -S "$src" -B "$out" -DSOUWEN_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$out" -j"${JOBS:-2}" >/dev/null
mapfile -t all < <(cut -d' ' -f1 "$out/fuzz_seeds.txt" | sort -u)
harnesses=("$@")
((${#harnesses[@]})) || harnesses=("${all[@]}")

run_one() {
    local h=$1 secs=$2 out=$3
    local seeds
    seeds=$(grep -m1 "^$h " "$out/fuzz_seeds.txt" | cut -d' ' -f2-)
    mkdir -p "$out/corpus/$h" "$out/artifacts/$h"
    # shellcheck disable=SC2086 # seeds is a list of folders
    "$out/tests/fuzz_$h" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$out/artifacts/$h/" "$out/corpus/$h" $seeds \
        >"$out/fuzz_$h.log" 2>&1
    local rc=$?
    local execs rate cov ft
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz_$h.log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/fuzz_$h.log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$out/fuzz_$h.log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$out/fuzz_$h.log" | tail -1 | cut -d' ' -f2)
    local found=none
    ((rc == 0)) || found="exit $rc: see $out/fuzz_$h.log and $out/artifacts/$h/"
    printf '%-12s %6ss %12s execs %8s execs/s  cov %6s  ft %7s  findings: %s\n' "$h" "$secs" \
        "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$found"
    return "$rc"
}
export -f run_one
printf '%s\n' "${harnesses[@]}" |
    xargs -P"${JOBS:-1}" -I{} bash -c 'run_one "$@"' _ {} "$secs" "$out"
