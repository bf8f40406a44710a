#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Captures, case by case (tests/history.sh has the three weekly crawls): an edit undone
# shows the first text again; a revisit record's own HTTP status (404: gone; 304: unchanged)
# and media type; a 404 or revisit of an image is no page; a record without a WARC-Date takes
# the HTTP Date, else --fetched-at; an unchanged capture patches its article's document
# (captures, first_seen, last_seen, seen: the span from the first capture to the last) without
# reading the page again; --fetched-at takes
# a time and nothing more; --history finds a page file by the path as typed; a re-crawl's
# repeats count a sixteenth of a page toward a batch.
set -u
src=$1 build=$2
export LC_ALL=C.UTF-8
t=$(mktemp -d "${TMPDIR:-/tmp}/souwen-captures.XXXXXX")
trap 'rm -rf "$t"' EXIT
. "$src/tests/warc_lib.sh"
# page TITLE PARAGRAPH [HEADER]: an HTTP 200 response holding an article.
page() {
    printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n%s\r\n<html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s</p><p>本报记者将继续关注此事的后续进展，并及时向读者报道有关部门的正式通报和各方的反应。</p></article></body></html>' \
        "${3:+$3$'\r\n'}" "$1" "$1" "$2"
}
idx() { "$build/souwen-index" --quiet -j 1 --db "$@"; }
changes() { "$build/souwen-index" --db "$1" --history "$2" | sed -E 's/.*"fetched_at":"([^"]*)".*"change":"([a-z]+)".*/\1 \2/' | paste -sd' '; }
field() { # field DB QUERY KEY...: the keys of the first hit, space-separated
    local db=$1 q=$2
    shift 2
    "$build/souwen-search" --db "$db" --json "$q" | python3 -c '
import json, sys
keys = sys.argv[1:]
for line in sys.stdin:
    d = json.loads(line)
    print(" ".join(json.dumps(d.get(k), ensure_ascii=False) for k in keys))
    break' "$@"
}
S=https://news.example.cn

# 1. An edit undone (A, B, A): the page shows A again, in order and out of order.
A=$(page '水库加固工程启动' '水库加固工程今日启动，总投资三亿元。')
B=$(page '水库加固工程启动' '水库加固工程今日启动，总投资五亿元。')
record "$t/r1.warc" response "$S/a.html" 2026-03-02T02:00:00Z "$A"
record "$t/r2.warc" response "$S/a.html" 2026-03-09T02:00:00Z "$B"
record "$t/r3.warc" response "$S/a.html" 2026-03-16T02:00:00Z "$A"
for f in 1 2 3; do idx "$t/in" "$t/r$f.warc"; done
for f in 3 1 2; do idx "$t/out" "$t/r$f.warc"; done
for db in in out; do
    check "$db: A B A history" "$(changes "$t/$db" "$S/a.html")" \
        "2026-03-02T02:00:00Z new 2026-03-09T02:00:00Z changed 2026-03-16T02:00:00Z changed"
    check "$db: A B A shows A" "$("$build/souwen-search" --db "$t/$db" --count 三亿元) $("$build/souwen-search" --db "$t/$db" --count 五亿元)" "1 0"
    check "$db: A B A fields" "$(field "$t/$db" 水库 changed captures first_seen last_seen)" \
        'true 3 "2026-03-02T02:00:00Z" "2026-03-16T02:00:00Z"'
    "$build/souwen-index" --db "$t/$db" --check >/dev/null || check "$db: --check" $? 0
    # --show --at: the page as it was then (its text then, fetched then, no file named)
    check "$db: --show --at the edit" "$("$build/souwen-index" --db "$t/$db" --show "$S/a.html" --at 2026-03-10 |
        python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["captured_at"], d["fetched_at"], d["path"], "五亿元" in d["body"], "三亿元" in d["body"])')" \
        "2026-03-09T02:00:00Z 2026-03-09T02:00:00Z None True False"
done

# 2. Revisit records: their HTTP status decides (404: gone, 304: unchanged, 301: none); a
# revisit of HTML is a capture, of an image none; a 404 of an image is no page.
C=$(page '公交线路调整' '本市三条公交线路将于下月调整。')
record "$t/v.warc" response "$S/c.html" 2026-04-01T02:00:00Z "$C"
record "$t/v.warc" revisit "$S/c.html" 2026-04-08T02:00:00Z "$(printf 'HTTP/1.1 304 Not Modified\r\n\r\n')"
record "$t/v.warc" revisit "$S/c.html" 2026-04-15T02:00:00Z "$(printf 'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n')"
record "$t/v.warc" revisit "$S/c.html" 2026-04-22T02:00:00Z "$(printf 'HTTP/1.1 301 Moved Permanently\r\n\r\n')"
record "$t/v.warc" revisit "$S/logo.png" 2026-04-08T02:00:00Z "$(printf 'HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n')"
record "$t/v.warc" revisit "$S/feed" 2026-04-08T02:00:00Z "$(printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n')"
record "$t/v.warc" response "$S/img/x.jpg" 2026-04-08T02:00:00Z "$(printf 'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>404</html>')"
idx "$t/v" "$t/v.warc"
check "revisit statuses" "$(changes "$t/v" "$S/c.html")" \
    "2026-04-01T02:00:00Z new 2026-04-08T02:00:00Z unchanged 2026-04-15T02:00:00Z gone"
check "gone by a revisit" "$(field "$t/v" 公交 gone captures)" "true 3"
for u in logo.png feed img/x.jpg; do
    "$build/souwen-index" --db "$t/v" --history "$S/$u" >/dev/null 2>&1
    check "no page for $u" $? 1
done
check "--stats pages" "$("$build/souwen-index" --db "$t/v" --stats | grep "^pages:")" "pages: 1"

# 3. Capture times: a record without a WARC-Date takes its HTTP Date; without either,
# --fetched-at.
record "$t/d.warc" response "$S/d1.html" "" "$(page '图书馆延长开放时间' '市图书馆自下周起延长开放时间。' 'Date: Tue, 03 Feb 2026 07:00:49 GMT')"
record "$t/d.warc" response "$S/d2.html" "" "$(page '图书馆新增自习座位' '市图书馆新增自习座位两百个。')"
record "$t/d.warc" revisit "$S/d1.html" "" "$(printf 'HTTP/1.1 304 Not Modified\r\nDate: Tue, 10 Feb 2026 07:00:49 GMT\r\n\r\n')"
idx "$t/d" --fetched-at 2026-02-20T00:00:00Z "$t/d.warc"
check "HTTP Date" "$(changes "$t/d" "$S/d1.html")" "2026-02-03T07:00:49Z new 2026-02-10T07:00:49Z unchanged"
check "--fetched-at for a record without a date" "$(changes "$t/d" "$S/d2.html")" "2026-02-20T00:00:00Z new"

# 4. An unchanged capture on a new day: the article's document is patched (captures,
# last_seen, seen:), its words are not read again, and the result is what --rebuild writes.
record "$t/u1.warc" response "$S/u.html" 2026-05-01T02:00:00Z "$C"
record "$t/u2.warc" response "$S/u.html" 2026-05-20T02:00:00Z "$C"
idx "$t/u" "$t/u1.warc"
idx "$t/u" "$t/u2.warc"
check "patched fields" "$(field "$t/u" 公交 changed gone captures first_seen last_seen)" \
    'false false 2 "2026-05-01T02:00:00Z" "2026-05-20T02:00:00Z"'
check "seen: a patched day" "$("$build/souwen-search" --db "$t/u" --count '公交 seen:2026-05-20')" 1
check "seen: the first day" "$("$build/souwen-search" --db "$t/u" --count 'seen:2026-05-01')" 1
check "seen: between two captures" "$("$build/souwen-search" --db "$t/u" --count 'seen:2026-05-10')" 1
check "seen: after the last" "$("$build/souwen-search" --db "$t/u" --count 'seen:2026-05-21..')" 0
check "seen: before the first" "$("$build/souwen-search" --db "$t/u" --count 'seen:..2026-04-30')" 0
"$build/souwen-index" --db "$t/u" --check >/dev/null || check "--check after a patch" $? 0
before=$("$build/souwen-search" --db "$t/u" --json 公交 | sed -E 's/"score":[^,]*,//')
idx "$t/u" --rebuild
check "a patch is what --rebuild writes" "$("$build/souwen-search" --db "$t/u" --json 公交 | sed -E 's/"score":[^,]*,//')" "$before"

# 5. --history of a page file by the path as typed; --fetched-at is a time, whole.
mkdir -p "$t/files" && cd "$t" || exit 1
printf '标题：水价听证会召开\n\n水价听证会今天召开，二十名代表参加。\n' >files/p.txt
idx f --fetched-at 2026-02-01T08:00:00Z files/p.txt
check "--history files/p.txt" "$(changes f files/p.txt)" "2026-02-01T08:00:00Z new"
for bad in '2026-02-01 garbage' 'x2026-02-01' 'soon'; do
    msg=$("$build/souwen-index" --db f --fetched-at "$bad" files/p.txt 2>&1)
    check "--fetched-at '$bad'" "$msg (exit $?)" \
        "souwen-index: --fetched-at needs a date and time ('2026-01-05T10:00:00Z'), not '$bad' (exit 2)"
done

# 6. Two fetches of one URL in the same second are one capture, the same whatever the order:
# the one with a text (not the 404), of two texts the one whose hash sorts last; indexing the
# files again changes nothing.
cd "$t" || exit 1
X=$(page '码头改造方案公布' '码头改造工程总投资三亿元。')
Y=$(page '码头改造方案公布' '码头改造工程总投资五亿元。')
record "$t/x.warc" response "$S/m.html" 2026-06-01T02:00:00Z "$X"
record "$t/y.warc" response "$S/m.html" 2026-06-01T02:00:00Z "$Y"
record "$t/g.warc" response "$S/m.html" 2026-06-01T02:00:00Z "$(printf 'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>404</html>')"
shown() { echo "$("$build/souwen-search" --db "$1" --count 三亿元) $("$build/souwen-search" --db "$1" --count 五亿元) $(field "$1" 码头 gone captures)"; }
idx s1 x.warc y.warc g.warc
idx s2 g.warc y.warc x.warc
idx s3 y.warc g.warc x.warc
check "same second: one text kept" "$(shown s1)" "$(shown s2)"
check "same second: any order" "$(shown s3)" "$(shown s1)"
check "same second: one capture" "$(changes s1 "$S/m.html" | wc -w)" 2
msg=$("$build/souwen-index" -j 1 --db s1 x.warc y.warc g.warc 2>&1 | grep -o '^[0-9]* pages\? indexed ([0-9]* unchanged)')
check "same second, again" "$msg" "0 pages indexed (2 unchanged)"
check "same second, again: the same" "$(shown s1)" "$(shown s2)"

# 7. type:headline in a query finds a headline that links to a crawled article, as --type
# headline does (the market's headline on the sample front page links to its article).
idx "$t/sh" "$src/samples/history"
check "type:headline" "$("$build/souwen-search" --db "$t/sh" --count '农贸市场 type:headline')" 1
check "--type headline" "$("$build/souwen-search" --db "$t/sh" --count --type headline 农贸市场)" 1
check "no type: the article" "$("$build/souwen-search" --db "$t/sh" --json 农贸市场 | grep -c '"type":"headline"')" 0
# Its listing times are the captures that showed it, in the one UTC form.
check "listed_first, listed_last" "$(field "$t/sh" '农贸市场 type:article' listed_first listed_last featured_on)" \
    '"2026-03-02T01:00:00Z" "2026-03-02T01:00:00Z" 0'

# 8. A front page over six crawls (a headline that moves place, a revisit, a 404, the first
# bytes again, a new list), indexed in order and in three other orders: the same hits, the
# same lists at each capture (--show --at), the same spans.
front() {
    local items="" h
    for h in "$@"; do
        items+="<li><a href=\"/n/$(printf '%s' "$h" | cksum | cut -d' ' -f1).html\">$h</a></li>"
    done
    printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><head><title>新闻首页</title></head><body><div class="main"><h2>要闻</h2><ul class="news">%s</ul></div></body></html>' "$items"
}
H1=全市河道清淤工程全面启动 H2=新建体育中心年底前投入使用 H3=春运返程客流高峰今日到来
H4=老旧小区加装电梯惠及千户 H5=社区医院开设夜间门诊服务
weeks=(2026-01-05T01:00:00Z 2026-01-12T01:00:00Z 2026-01-19T01:00:00Z 2026-01-26T01:00:00Z
    2026-02-02T01:00:00Z 2026-02-09T01:00:00Z)
record "$t/f1.warc" response "$S/" "${weeks[0]}" "$(front "$H1" "$H2" "$H3")"
record "$t/f2.warc" response "$S/" "${weeks[1]}" "$(front "$H2" "$H1" "$H3")"
record "$t/f3.warc" revisit "$S/" "${weeks[2]}" "$(printf 'HTTP/1.1 304 Not Modified\r\n\r\n')"
record "$t/f4.warc" response "$S/" "${weeks[3]}" "$(printf 'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>404</html>')"
record "$t/f5.warc" response "$S/" "${weeks[4]}" "$(front "$H1" "$H2" "$H3")"
record "$t/f6.warc" response "$S/" "${weeks[5]}" "$(front "$H3" "$H4" "$H5")"
state() { # the headline hits, the lists at each capture, and the spans of index $1
    "$build/souwen-search" --db "$1" --json --type headline --limit 100 '河道 OR 体育 OR 春运 OR 电梯 OR 门诊' |
        sed -E 's/"(rank|id|score)":[^,]*,//g; s/"path":"[^"]*",//' | sort
    for w in "${weeks[@]}"; do "$build/souwen-index" --db "$1" --show "$S/" --at "$w" | sed -E 's/"path":[^,]*,//'; done
    sqlite3 "$1/souwen.sqlite" "SELECT h.title, s.first_at, iif(s.last_at = '~', 'open', s.last_at), s.position FROM spans s JOIN headlines h ON h.id = s.headline_id ORDER BY 1, 2" 2>/dev/null
}
for o in 123456 312456 135246 654321; do
    for i in $(echo "$o" | sed 's/./& /g'); do idx "$t/fp$o" "$t/f$i.warc"; done
done
state "$t/fp123456" >"$t/state-in"
check "front page: the spans of a headline that moved, a revisit and a 404 between" \
    "$(grep '^{"type":"headline","title":"春运' "$t/state-in" | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print(" ".join(x["from"][5:10] + ".." + x["to"][5:10] for e in d["timeline"] for x in e["spans"]))')" \
    "01-05..01-19 02-02..02-09"
for o in 312456 135246 654321; do
    state "$t/fp$o" >"$t/state-$o"
    cmp -s "$t/state-in" "$t/state-$o" || check "front page indexed in the order $o" "$(diff "$t/state-in" "$t/state-$o" | head -5)" ""
done
# The usual re-crawl, a capture after all others repeating the latest (the same bytes, or a
# revisit), writes no span: the spans through the latest capture are open. The headlines'
# documents still say they were seen then.
record "$t/r1.warc" response "$S/" "${weeks[0]}" "$(front "$H1" "$H2" "$H3")"
record "$t/r2.warc" response "$S/" "${weeks[1]}" "$(front "$H1" "$H2" "$H3")"
record "$t/r3.warc" revisit "$S/" "${weeks[2]}" "$(printf 'HTTP/1.1 304 Not Modified\r\n\r\n')"
spans() { sqlite3 "$1/souwen.sqlite" "SELECT * FROM spans ORDER BY 1, 2, 3, 4" 2>/dev/null; }
idx "$t/rp" "$t/r1.warc"
spans "$t/rp" >"$t/spans-1"
for i in 2 3; do
    idx "$t/rp" "$t/r$i.warc"
    spans "$t/rp" >"$t/spans-$i"
    check "a repeat capture ($i) writes no span" "$(diff "$t/spans-1" "$t/spans-$i" | head -3)" ""
    check "a repeat capture ($i): the headline seen then" \
        "$(field "$t/rp" '河道 type:headline' first_seen last_seen)" "\"${weeks[0]}\" \"${weeks[$((i - 1))]}\""
done
check "the spans are open" "$(cut -d'|' -f5 "$t/spans-3" | sort -u)" "~"

# A patch rewrites every value of a document but its copy card (sw_index_patch): after a
# revisit of the front page and the same bytes of an article it lists (the headlines and the
# article patched, not written whole), facets (value 4), seen: (6, 7) and the hit cards (8)
# are what --rebuild writes from the store.
A1=$(page "$H1" '全市河道清淤工程今日全面启动，涉及河道四十条。')
U1=$S/n/$(printf '%s' "$H1" | cksum | cut -d' ' -f1).html
for i in 1 2 3; do cp "$t/f$i.warc" "$t/g$i.warc"; done
record "$t/g1.warc" response "$U1" "${weeks[0]}" "$A1"
record "$t/g3.warc" response "$U1" "${weeks[2]}" "$A1"
values() {
    "$build/souwen-search" --db "$1" --json --limit 100 '河道 OR 体育 OR 春运' |
        sed -E 's/"(rank|score)":[^,]*,//g' | sort
    "$build/souwen-search" --db "$1" --count --facet type --facet section --facet site --facet day \
        '河道 OR 体育 OR 春运'
    for w in "${weeks[@]%%T*}" 2026-01-15 ..2026-01-04 2026-02-03..; do
        "$build/souwen-search" --db "$1" --count "seen:$w"
    done
}
for i in 1 2 3; do idx "$t/gp" "$t/g$i.warc"; done
values "$t/gp" >"$t/values-patched"
idx "$t/gp" --rebuild
values "$t/gp" >"$t/values-rebuilt"
check "patched documents are what --rebuild writes" \
    "$(diff "$t/values-patched" "$t/values-rebuilt" | head -5)" ""
check "patched documents: the seen: counts" "$(tail -9 "$t/values-rebuilt" | paste -sd' ')" "3 3 3 0 0 0 3 0 0"

# A batch is 500 pages read, or 8,000 captures repeating bytes already recorded (a capture row
# and a patch each, not a page read), unless --commit-every sets it: then every page counts.
# (The store's check before the first batch, not beside it: a first batch grows while the
# check runs, so the number of batches would depend on its speed.)
bash "$src/tests/gen_pages.sh" "$src/samples" "$t/many" 600
txns() { SOUWEN_TEST_CHECK_FIRST=1 "$build/souwen-index" --quiet --timings --db "$t/batches" \
    "$@" "$t/many" 2>&1 | sed -nE 's/.*"batches": ([0-9]+).*/\1/p'; }
check "600 pages read: 2 batches" "$(txns)" 2
check "600 pages again, a week later: 1 batch" "$(txns --fetched-at 2026-05-01T00:00:00Z)" 1
check "the same with --commit-every 500: 2" \
    "$(txns --fetched-at 2026-05-08T00:00:00Z --commit-every 500)" 2
check "the same with --commit-every 100: 6" \
    "$(txns --fetched-at 2026-05-15T00:00:00Z --commit-every 100)" 6
check "page 600 captured 4 times" \
    "$("$build/souwen-index" --db "$t/batches" --history https://gen.example.cn/5/000600.html | wc -l)" 4

[[ $fails -eq 0 ]] || {
    echo "$fails failed"
    exit 1
}
