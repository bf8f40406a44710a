#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The crawled page souwen started from (../shared/data/seed-page), end to end.
# Skips (exit 77) when that third-party data is absent.
set -u
src=$1 build=$2
seed=$src/../shared/data/seed-page
[[ -d $seed ]] || { echo "skipped: $seed is absent"; exit 77; }
db=$(mktemp -d "${TMPDIR:-/tmp}/souwen-seed.XXXXXX")
trap 'rm -rf "$db"' EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

out=$("$build/souwen-index" --db "$db/i" "$seed")
check "indexes the page with no error" '[[ $? -eq 0 && $out == "1 page indexed"*"1 article, 31 headlines new"* ]]'
j=$("$build/souwen-search" --db "$db/i" --json --type article 人工智能 欧洲)
check "the article is found, title kept whole" '[[ $j == *"\"title\":\"欧媒:欧洲应该给中国一个机会,让中国帮助欧洲成为世界的领导者\""* ]]'
check "its date is the page time" '[[ $j == *"\"date\":\"2026-02-03T07:00:49+08:00\""* ]]'
check "both words highlighted in the snippet" '[[ $j == *"人工智能"* && $j == *"\"highlights\":[["* ]]'
h=$("$build/souwen-search" --db "$db/i" --json --type headline 袁惟仁)
check "a name ICU splits finds both of its headlines" '[[ $(grep -c . <<<"$h") -eq 2 ]]'
check "headline source and time" '[[ $h == *"\"source\":\"扒虾侃娱\",\"date\":\"2026-02-02T17:58:29+08:00\""* ]]'
check "a source line ending in 新闻 is not a heading" '! "$build/souwen-search" --db "$db/i" --json --type headline 纽约期金 | grep -q "\"sections\":\[\"每日经济新闻\"\]"'
a=$("$build/souwen-index" --db "$db/none" --show "$seed"/*.txt)
check "the author box names the author" '[[ $a == *"\"source\":\"网易\",\"author\":\"快看张同学\",\"date\":\"2026-02-03T07:00:49+08:00\""* ]]'
check "accessibility links are no headline" '[[ $a != *"无障碍浏览"* && $a == *"\"section\":\"数码要闻\""* ]]'
d=$("$build/souwen-search" --db "$db/i" --json DeepSeek)
check "Latin brand names are words" '[[ $d == *"DeepSeek"* ]]'
p=$("$build/souwen-search" --db "$db/i" --json H100)
check "model numbers are words" '[[ $p == *"H100"* ]]'
exit $fail
