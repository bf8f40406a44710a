#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Captures and versions: three weekly crawls of one site as WARC files written here (an
# edited page, a deleted one, an unchanged one seen again by a revisit record, one that comes
# back), indexed in order and out of order (3, 1, 2): the same --history and the same search
# results; a gone page stays searchable; bad input is refused. A front page whose list changes
# each week: a headline that left it stays searchable with its first and last seen, one that
# left and came back has two spans, --show --at lists what it showed each week.
set -u
src=$1 build=$2
export LC_ALL=C.UTF-8
t=$(mktemp -d "${TMPDIR:-/tmp}/souwen-history.XXXXXX")
trap 'rm -rf "$t"' EXIT
. "$src/tests/warc_lib.sh"
# page TITLE PARAGRAPH...: an HTTP 200 response holding an article.
page() {
    local title=$1 body="" p
    shift
    for p in "$@"; do body+="<p>$p</p>"; done
    body+="<p>本报记者将继续关注此事的后续进展，并及时向读者报道有关部门的正式通报和各方的反应。</p>"
    printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><head><title>%s</title></head><body><article><h1>%s</h1><div class="date">2026-01-02 10:00</div>%s</article></body></html>' \
        "$title" "$title" "$body"
}
gone=$(printf 'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>404</html>')
revisit=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n')
S=https://news.example.cn
A1=$(page '市政府发布河道整治方案' '河道整治方案今日发布，涉及十二条河流。' '方案提出三年内完成全部清淤工程。')
A2=$(page '市政府发布河道整治方案（更新）' '河道整治方案今日发布，涉及十二条河流。' '方案提出五年内完成全部清淤工程。' '专家认为方案切实可行。')
B=$(page '某企业被曝违规排放污水' '记者调查发现该企业夜间偷排污水。' '附近居民多次投诉无果。')
C=$(page '春季植树活动在郊区举行' '数百名志愿者参加了春季植树活动。' '活动共种下树苗三千余棵。')
D=$(page '地铁三号线延长段开通时间推迟' '地铁三号线延长段原定本月开通。' '因设备调试开通时间推迟。')
# front TITLE...: an HTTP 200 front page listing these headlines under 要闻, in this order.
front() {
    local items="" h
    for h in "$@"; do
        items+="<li><a href=\"/n/$(printf '%s' "$h" | cksum | cut -d' ' -f1).html\">$h</a></li>"
    done
    printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><head><title>新闻首页</title></head><body><div class="main"><h2>要闻</h2><ul class="news">%s</ul></div></body></html>' \
        "$items"
}
# H1 leaves in week 3; H2 leaves in week 2 and comes back, lower, in week 3; H6 comes in week 2.
H1=全市河道清淤工程全面启动 H2=新建体育中心年底前投入使用 H3=春运返程客流高峰今日到来
H4=老旧小区加装电梯惠及千户 H5=社区医院开设夜间门诊服务 H6=地铁夜间延时运营方案公布
F1=$(front "$H1" "$H2" "$H3" "$H4" "$H5")
F2=$(front "$H1" "$H3" "$H4" "$H5" "$H6")
F3=$(front "$H3" "$H4" "$H2" "$H5" "$H6")
w1=$t/crawl1.warc w2=$t/crawl2.warc w3=$t/crawl3.warc
record "$w1" response "$S/a.html" 2026-01-05T02:00:00Z "$A1"
record "$w1" response "$S/b.html" 2026-01-05T02:00:01Z "$B"
record "$w1" response "$S/c.html" 2026-01-05T02:00:02Z "$C"
record "$w1" response "$S/d.html" 2026-01-05T02:00:03Z "$D"
record "$w2" response "$S/a.html" 2026-01-12T02:00:00Z "$A2"
record "$w2" response "$S/b.html" 2026-01-12T02:00:01Z "$gone"
record "$w2" response "$S/c.html" 2026-01-12T02:00:02Z "$C"
record "$w2" response "$S/d.html" 2026-01-12T02:00:03Z "$gone"
record "$w2" response "$S/e.html" 2026-01-12T02:00:04Z "$gone"
record "$w3" response "$S/a.html" 2026-01-19T02:00:00Z "$A2"
record "$w3" response "$S/b.html" 2026-01-19T02:00:01Z "$gone"
record "$w3" revisit "$S/c.html" 2026-01-19T02:00:02Z "$revisit"
record "$w3" response "$S/d.html" 2026-01-19T02:00:03Z "$D"
record "$w1" response "$S/" 2026-01-05T01:00:00Z "$F1"
record "$w2" response "$S/" 2026-01-12T01:00:00Z "$F2"
record "$w3" response "$S/" 2026-01-19T01:00:00Z "$F3"

idx() { "$build/souwen-index" --quiet -j 1 --db "$@"; }
for f in 1 2 3; do idx "$t/in" "$t/crawl$f.warc" || check "index crawl $f" $? 0; done
for f in 3 1 2; do idx "$t/out" "$t/crawl$f.warc" || check "index crawl $f (out of order)" $? 0; done

hist() { "$build/souwen-index" --db "$1" --history "$2" | sed -E 's/"fetched_at":"[^"]*",//'; }
changes() { "$build/souwen-index" --db "$1" --history "$2" | sed -E 's/.*"change":"([a-z]+)".*/\1/' | paste -sd' '; }
for db in "$t/in" "$t/out"; do
    check "$db a" "$(changes "$db" "$S/a.html")" "new changed unchanged"
    check "$db b" "$(changes "$db" "$S/b.html")" "new gone gone"
    check "$db c" "$(changes "$db" "$S/c.html")" "new unchanged unchanged"
    check "$db d" "$(changes "$db" "$S/d.html")" "new gone back"
    check "$db e (never seen but gone)" "$(changes "$db" "$S/e.html")" "gone"
    "$build/souwen-index" --db "$db" --check >/dev/null || check "$db --check" $? 0
done
check "a's history" "$("$build/souwen-index" --db "$t/in" --history "$S/a.html" | sed -n 2p)" \
    '{"fetched_at":"2026-01-12T02:00:00Z","status":200,"change":"changed","title":"市政府发布河道整治方案（更新）","title_was":"市政府发布河道整治方案","removed":["方案提出三年内完成全部清淤工程。"],"added":["方案提出五年内完成全部清淤工程。","专家认为方案切实可行。"]}'
check "b's gone capture" "$("$build/souwen-index" --db "$t/in" --history "$S/b.html" | sed -n 2p)" \
    '{"fetched_at":"2026-01-12T02:00:01Z","status":404,"change":"gone","title":"某企业被曝违规排放污水"}'
for u in a b c d; do
    check "same history of $u in and out of order" "$(hist "$t/out" "$S/$u.html")" "$(hist "$t/in" "$S/$u.html")"
done

# On a terminal (script(1) gives it one): the same as a readable diff.
if command -v script >/dev/null; then
    check "--history on a terminal" \
        "$(script -qec "'$build/souwen-index' --db '$t/in' --history '$S/a.html'" /dev/null | tr -d '\r')" \
        "2026-01-05T02:00:00Z  200  new        市政府发布河道整治方案
2026-01-12T02:00:00Z  200  changed    市政府发布河道整治方案（更新）
    title was: 市政府发布河道整治方案
    - 方案提出三年内完成全部清淤工程。
    + 方案提出五年内完成全部清淤工程。
    + 专家认为方案切实可行。
2026-01-19T02:00:00Z  200  unchanged  市政府发布河道整治方案（更新）"
else
    echo "note: no script(1): the terminal's diff is not checked"
fi

# Search covers each page's latest text, whatever order the crawls came in; a gone page
# keeps its last text.
titles() { "$build/souwen-search" --db "$1" --json --type article "$2" | grep -o '"title":"[^"]*"' | sort | paste -sd' '; }
for db in "$t/in" "$t/out"; do
    check "$db: edited text" "$(titles "$db" 五年内)" '"title":"市政府发布河道整治方案（更新）"'
    check "$db: old text" "$(titles "$db" 三年内)" ""
    check "$db: gone page searchable" "$(titles "$db" 偷排污水)" '"title":"某企业被曝违规排放污水"'
    check "$db: changed:yes" "$(titles "$db" changed:yes)" '"title":"市政府发布河道整治方案（更新）"'
    check "$db: changed:no" "$(titles "$db" changed:no)" \
        '"title":"地铁三号线延长段开通时间推迟" "title":"春季植树活动在郊区举行" "title":"某企业被曝违规排放污水"'
    check "$db: gone:yes" "$(titles "$db" gone:yes)" '"title":"某企业被曝违规排放污水"'
    check "$db: gone:no with a word" "$(titles "$db" '延长段 gone:no')" '"title":"地铁三号线延长段开通时间推迟"'
    check "$db: gone:yes with a word" "$(titles "$db" '延长段 gone:yes')" ""
    check "$db: hit fields" "$("$build/souwen-search" --db "$db" --json --type article '河道 OR 污水 OR 植树' |
        sed -E 's/.*"title":"([^"]*)".*"changed":([a-z]+),"gone":([a-z]+).*/\1 \2 \3/' | sort | paste -sd' ')" \
        "市政府发布河道整治方案（更新） true false 春季植树活动在郊区举行 false false 某企业被曝违规排放污水 false true"
done

# Headlines over time: the same timeline whatever order the crawls came in.
hl() { "$build/souwen-search" --db "$1" --json --type headline "$2" | sed -E 's/.*"occurrences":/"occurrences":/'; }
W1=2026-01-05T01:00:00Z W2=2026-01-12T01:00:00Z W3=2026-01-19T01:00:00Z
for db in "$t/in" "$t/out"; do
    check "$db: departed headline" "$(hl "$db" 河道清淤)" \
        "\"occurrences\":0,\"first_seen\":\"$W1\",\"last_seen\":\"$W2\",\"timeline\":[{\"page\":\"$S/\",\"section\":\"要闻\",\"position\":0,\"spans_omitted\":0,\"spans\":[{\"from\":\"$W1\",\"to\":\"$W2\"}]}],\"timeline_omitted\":0}"
    check "$db: headline back again" "$(hl "$db" 体育中心)" \
        "\"occurrences\":1,\"first_seen\":\"$W1\",\"last_seen\":\"$W3\",\"timeline\":[{\"page\":\"$S/\",\"section\":\"要闻\",\"position\":1,\"spans_omitted\":0,\"spans\":[{\"from\":\"$W1\",\"to\":\"$W1\"},{\"from\":\"$W3\",\"to\":\"$W3\"}]}],\"timeline_omitted\":0}"
    check "$db: headline from week 2" "$(hl "$db" 延时运营 | grep -o '"spans":.*')" \
        "\"spans\":[{\"from\":\"$W2\",\"to\":\"$W3\"}]}],\"timeline_omitted\":0}"
    check "$db: departed headline in text" \
        "$("$build/souwen-search" --db "$db" --type headline 河道清淤 | grep listed)" "   listed $W1 – $W2"
done
every() { "$build/souwen-search" --db "$1" --json --type headline '要闻 OR 首页 OR 河道清淤 OR 体育中心 OR 春运 OR 电梯 OR 门诊 OR 延时运营' |
    sed -E 's/"rank":[0-9]+,//; s/"id":[0-9]+,//; s/"score":[^,]*,//; s/"path":"[^"]*",//' | sort; }
check "the same headline hits in and out of order" "$(every "$t/out")" "$(every "$t/in")"
# --show --at: what the front page showed at the capture at or before a time.
shown() {
    local j
    j=$("$build/souwen-index" --db "$1" --show "$S/" --at "$2")
    echo "$(sed -E 's/^\{"captured_at":"([^"]*)","status":([0-9]+).*/\1 \2/' <<<"$j")" \
        "$(grep -o '"title":"[^"]*"' <<<"$j" | sed -E 's/"title":"(.*)"/\1/' | paste -sd' ')"
}
for db in "$t/in" "$t/out"; do
    check "$db: --show --at week 1" "$(shown "$db" "$W1")" "$W1 200 $H1 $H2 $H3 $H4 $H5"
    check "$db: --show --at week 2" "$(shown "$db" '2026-01-15 12:00')" "$W2 200 $H1 $H3 $H4 $H5 $H6"
    check "$db: --show --at week 3" "$(shown "$db" 2026-02-01T00:00:00Z)" "$W3 200 $H3 $H4 $H2 $H5 $H6"
done
check "--show without --at: the list now" \
    "$("$build/souwen-index" --db "$t/in" --show "$S/" | grep -o '"title":"[^"]*"' | sed -n 3p)" "\"title\":\"$H2\""
msg=$("$build/souwen-index" --db "$t/in" --show "$S/" --at 2026-01-04T00:00:00Z 2>&1)
check "--at before the first capture" "$msg (exit $?)" \
    "souwen-index: '$S/' has no capture at or before 2026-01-04T00:00:00Z (exit 2)"
msg=$("$build/souwen-index" --db "$t/in" --show "$S/" --at last-week 2>&1)
check "--at last-week" "$msg (exit $?)" \
    "souwen-index: --at needs a date and time ('2026-01-05T10:00:00Z'), not 'last-week' (exit 2)"
msg=$("$build/souwen-index" --db "$t/in" --at "$W1" --history "$S/" 2>&1)
check "--at without --show" "$msg (exit $?)" "souwen-index: --at goes with --show (see --help) (exit 2)"

# --rebuild writes the documents from the tables: changed:, gone: and seen: as before.
"$build/souwen-index" --quiet -j 1 --db "$t/in" --rebuild || check "--rebuild" $? 0
check "changed:yes after --rebuild" "$(titles "$t/in" changed:yes)" '"title":"市政府发布河道整治方案（更新）"'
check "gone:yes after --rebuild" "$(titles "$t/in" gone:yes)" '"title":"某企业被曝违规排放污水"'
check "seen: after --rebuild" "$(titles "$t/in" '植树 seen:2026-01-19')" '"title":"春季植树活动在郊区举行"'
check "a departed headline after --rebuild" "$(hl "$t/in" 河道清淤 | grep -o '"last_seen":"[^"]*"')" "\"last_seen\":\"$W2\""

# The same crawl indexed again adds no capture: the same fetch is one row.
idx "$t/in" "$w3"
check "crawl 3 again" "$(changes "$t/in" "$S/c.html")" "new unchanged unchanged"

# Page files: the capture time is --fetched-at, else the file's time.
mkdir -p "$t/files"
printf '标题：水价听证会召开\n\n水价听证会今天召开，二十名代表参加。\n' >"$t/files/p.txt"
idx "$t/f" --fetched-at 2026-02-01T08:00:00Z "$t/files/p.txt"
printf '标题：水价听证会召开\n\n水价听证会今天召开，二十五名代表参加。\n' >"$t/files/p.txt"
idx "$t/f" --fetched-at '2026-02-08 16:00' "$t/files/p.txt"
check "file captures" "$("$build/souwen-index" --db "$t/f" --history "$t/files/p.txt" | sed -E 's/.*"fetched_at":"([^"]*)".*"change":"([a-z]+)".*/\1 \2/' | paste -sd' ')" \
    "2026-02-01T08:00:00Z new 2026-02-08T08:00:00Z changed"
# seen: from the first capture's day to the last's (UTC+08:00); an unchanged capture on a new
# day moves the last.
idx "$t/f" --fetched-at 2026-02-20T20:00:00Z "$t/files/p.txt"
for q in seen:2026-02-01 seen:2026-02-08 seen:2026-02-21 seen:2026-02 'seen:2026-02-19..' seen:..2026-02-01 \
        seen:2026-02-20 seen:2026-02-02..2026-02-07 \
        '代表 seen:2026'; do
    check "$q" "$(titles "$t/f" "$q")" '"title":"标题：水价听证会召开"'
done
for q in seen:2026-02-22.. seen:..2026-01-31 seen:2026-03.. date:2026-02-08; do
    check "$q" "$(titles "$t/f" "$q")" ""
done

# The same front page crawled again unchanged, between weeks 1 and 2 and after week 3:
# its list is copied (the headline that left is seen again in between, its span unchanged).
w4=$t/crawl4.warc
record "$w4" response "$S/" 2026-01-08T01:00:00Z "$F1"
record "$w4" response "$S/" 2026-01-26T01:00:00Z "$F3"
idx "$t/in" "$w4"
check "re-crawls: departed headline" "$(hl "$t/in" 河道清淤 | grep -o '"spans":.*')" \
    "\"spans\":[{\"from\":\"$W1\",\"to\":\"$W2\"}]}],\"timeline_omitted\":0}"
check "re-crawls: headline back again" "$(hl "$t/in" 体育中心 | grep -o '"spans":.*')" \
    "\"spans\":[{\"from\":\"$W1\",\"to\":\"2026-01-08T01:00:00Z\"},{\"from\":\"$W3\",\"to\":\"2026-01-26T01:00:00Z\"}]}],\"timeline_omitted\":0}"
check "re-crawl: --show --at" "$(shown "$t/in" 2026-01-09)" "2026-01-08T01:00:00Z 200 $H1 $H2 $H3 $H4 $H5"
# A 404 of the front page between two captures that listed a headline cuts its span in two.
w5=$t/crawl5.warc
record "$w5" response "$S/" 2026-01-10T01:00:00Z "$gone"
idx "$t/in" "$w5"
check "a 404 cuts a span" "$(hl "$t/in" 河道清淤 | grep -o '"spans":.*')" \
    "\"spans\":[{\"from\":\"$W1\",\"to\":\"2026-01-08T01:00:00Z\"},{\"from\":\"$W2\",\"to\":\"$W2\"}]}],\"timeline_omitted\":0}"
check "--show --at a 404" "$(shown "$t/in" 2026-01-11)" "2026-01-10T01:00:00Z 404 "
"$build/souwen-index" --db "$t/in" --check >/dev/null || check "--check after re-crawls" $? 0

# --remove forgets the page and its captures; a front page forgotten takes the headlines only
# it showed.
"$build/souwen-index" --quiet --db "$t/in" --remove "$S/" || check "--remove of the front page" $? 0
check "departed headline after --remove" "$(hl "$t/in" 河道清淤)" ""
"$build/souwen-index" --db "$t/in" --check >/dev/null || check "--check after --remove of the front page" $? 0
"$build/souwen-index" --quiet --db "$t/in" --remove "$S/a.html" || check "--remove" $? 0
"$build/souwen-index" --db "$t/in" --check >/dev/null || check "--check after --remove" $? 0

# Bad input.
msg=$("$build/souwen-index" --db "$t/in" --history "$S/a.html" 2>&1)
check "--history of a removed page: exit" $? 1
check "--history of a removed page" "$msg" "souwen-index: no page '$S/a.html' in the index '$t/in'"
msg=$("$build/souwen-index" --db "$t/in" --history "$S/nowhere.html" 2>&1)
check "--history of an unknown URL: exit" $? 1
msg=$("$build/souwen-index" --db "$t/none" --history "$S/a.html" 2>&1)
check "--history without an index" "$msg (exit $?)" "souwen-index: no index at '$t/none' (exit 2)"
msg=$("$build/souwen-search" --db "$t/out" 'changed:maybe' 2>&1)
check "changed:maybe" "$msg (exit $?)" \
    "souwen-search: changed: is yes or no, not 'maybe' at character 0 of the query (exit 2)"
msg=$("$build/souwen-search" --db "$t/out" '污水 gone:nope' 2>&1)
check "gone:nope" "$msg (exit $?)" \
    "souwen-search: gone: is yes or no, not 'nope' at character 3 of the query (exit 2)"
msg=$("$build/souwen-search" --db "$t/out" 'seen:2026-13' 2>&1)
check "seen:2026-13" "$msg (exit $?)" \
    "souwen-search: bad seen: date '2026-13' (use seen:2026-01-01..2026-02-01, seen:2026-02, seen:..2026-02-01) at character 0 of the query (exit 2)"
msg=$("$build/souwen-index" --db "$t/f" --fetched-at yesterday "$t/files/p.txt" 2>&1)
check "--fetched-at yesterday" "$msg (exit $?)" \
    "souwen-index: --fetched-at needs a date and time ('2026-01-05T10:00:00Z'), not 'yesterday' (exit 2)"

# --check: captures and versions that disagree with their pages are problems.
if command -v sqlite3 >/dev/null; then
    sqlite3 "$t/out/souwen.sqlite" "DELETE FROM captures WHERE page_id = (SELECT id FROM pages WHERE url = '$S/c.html');
        UPDATE captures SET version = 9999 WHERE page_id = (SELECT id FROM pages WHERE url = '$S/d.html') AND version IS NOT NULL"
    msg=$("$build/souwen-index" --db "$t/out" --check 2>&1 >/dev/null)
    check "--check exit on broken captures" $? 1
    check "--check on broken captures" "$(sed -E 's/(page|capture|version) [0-9]+/\1 N/' <<<"$msg" | sort -u | paste -sd'|')" \
        "souwen-index: check: capture N names a version its page does not have|souwen-index: check: page N has no capture|souwen-index: check: page N has no capture of the text it shows|souwen-index: check: page N records another latest capture than its captures|souwen-index: check: version N is the text of no capture"
    sqlite3 "$t/in/souwen.sqlite" "INSERT INTO spans VALUES (999999, 999999, '要闻', '2026-01-05T01:00:00Z', '2026-01-05T01:00:00Z', 0);
        INSERT INTO page_last VALUES (999999, '2026-01-05T01:00:00Z')"
    msg=$("$build/souwen-index" --db "$t/in" --check 2>&1 >/dev/null)
    check "--check on spans without a page or headline" "$msg (exit $?)" \
        "souwen-index: check: spans name page 999999, which is not stored
souwen-index: check: spans name headline 999999, which is not stored
souwen-index: check: the latest capture of page 999999 is recorded, but not the page
souwen-index: check: spans of page 999999 through its latest capture are not open (or open without one) (exit 1)"
else
    echo "note: no sqlite3 command: --check on broken captures is not checked"
fi

echo "$fails failed"
((fails == 0))
