#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What reaches a terminal: page text with control characters and long section names.
#   - titles, sources, section names and URLs lose their control characters when a page is
#     read (text page, HTML <meta name=source>, a URL: line); bodies keep them as stored
#   - text output shows every control character as \xNN (\u0080..\u009f for C1), never the
#     byte, and is valid UTF-8: section names are cut between characters
#   - messages on stderr escape control characters in the file names they quote
#   - --json keeps escaping them (\u001b), and never loses a key
# usage: terminal.sh SRC_DIR BUILD_DIR
set -u
src=$1 build=$2
INDEX=$build/souwen-index SEARCH=$build/souwen-search
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-terminal.XXXXXX")
trap '[[ -n ${KEEP:-} ]] || rm -rf "$work"' EXIT
unset SOUWEN_DB NO_COLOR
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
# Bytes a terminal acts on: C0 other than the line feed, DEL, and C1 (U+0080..U+009F) in UTF-8.
raw_controls() { LC_ALL=C grep -c $'[\x01-\x09\x0b-\x1f\x7f]\|\xc2[\x80-\x9f]' || true; }
utf8() { if command -v iconv >/dev/null; then iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; else python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8")'; fi; }

E=$'\x1b' B=$'\x07' C1=$'\xc2\x9b'
p=$work/pages
mkdir -p "$p"
# A channel page whose lists have no heading: they are named by its title, which is long (and
# starts with two ASCII letters so that a cut by bytes falls inside a character).
long="5G魏少军：产业链协同推进集成电路发展国产芯片迎来新机遇和新挑战的一年"
{
    printf '<html><head><meta charset="utf-8"><title>%s</title></head><body><div class="feed"><ul>\n' "$long"
    for i in 1 2 3 4 5 6 7 8; do
        printf '<li><a href="https://news.example.cn/2026/%d.html">华为发布第%d代手机芯片 iPhone销量在日本下降</a></li>\n' "$i" "$i"
    done
    printf '</ul></div></body></html>\n'
} >"$p/channel.html"
# An article whose only source is <meta name=source>, holding an OSC 52 clipboard write.
{
    printf '<html><head><meta charset="utf-8"><title>日本央行宣布维持利率不变 华为回应</title>'
    printf '<meta name="source" content="示例%s]52;c;ZXZpbA==%s日报"></head><body>' "$E" "$B"
    printf '<h1>日本央行宣布维持利率不变 华为回应</h1><div class="article"><p>2026-02-03 09:15</p>\n'
    for i in 1 2 3; do
        printf '<p>日本央行周二宣布维持利率不变，华为与iPhone在日本市场的竞争加剧，分析人士认为这一决定符合市场预期，未来走势仍需观察。第%d段。</p>\n' "$i"
    done
    printf '</div></body></html>\n'
} >"$p/meta-source.html"
# A text page with control characters in its URL, title, source, body and a list's heading.
printf 'URL: https://news.example.cn/t%s]52;c;ZXZpbA==%s.html\n首页 > 科技 > 正文\n华为手机在日本%s]0;title%s热销 iPhone份额%s下滑\n来源：示例%s[2J晚报  2026-02-03 09:15:00\n\n华为手机在日本市场热销，iPhone份额下滑。%s[2J这是正文第一段，记者从多方了解到相关情况%s。\n\n热点%s[1m推荐\n\n城市地铁新线开通 早高峰客流平稳\n城市地铁新线开通 早高峰客流平稳\n示例晚报\n2026-02-02 18:20:05\n' \
    "$E" "$B" "$E" "$B" "$C1" "$E" "$E" "$C1" "$E" >"$p/controls.txt"
# A file whose name holds control characters and whose bytes are not UTF-8: an error naming it.
bad="$p/bad${E}]0;owned${B}name.txt"
printf '标题\n\xff\xfe正文\n' >"$bad"

out=$("$INDEX" --db "$work/db" "$p" 2>"$work/err")
rc=$?
check "the pages are indexed, the bad one reported (exit 1)" '[[ $rc == 1 && $out == "3 pages indexed"* ]]'
check "the error names the file with its control characters escaped" \
    '[[ $(raw_controls <"$work/err") == 0 && $(cat "$work/err") == *'"'"'bad\x1b]0;owned\x07name.txt'"'"'* ]]'

show=$("$INDEX" --db "$work/db" --show "$p/controls.txt" "$p/meta-source.html")
check "--show: title, source, section and URL have no control characters left" \
    '[[ $show == *"\"title\":\"华为手机在日本]0;title热销 iPhone份额下滑\""* &&
       $show == *"\"source\":\"示例[2J晚报\""* && $show == *"\"source\":\"示例]52;c;ZXZpbA==日报\""* &&
       $show == *"\"section\":\"热点[1m推荐\""* && $show == *"\"url\":\"https://news.example.cn/t]52;c;ZXZpbA==.html\""* ]]'
check "--show: the body keeps its control characters (escaped in JSON)" \
    '[[ $show == *"下滑。\u001B[2J这是"* ]]'

for q in 华为 iPhone 日本 type:headline 魏少军 '示例 OR 央行' ; do
    "$SEARCH" --db "$work/db" --color never --limit 20 $q >>"$work/text"
    "$SEARCH" --db "$work/db" --color always --limit 20 $q >>"$work/color"
    "$SEARCH" --db "$work/db" --json --limit 20 $q >>"$work/json"
done
check "text output of six queries is valid UTF-8" 'utf8 <"$work/text"'
check "text output holds no control character (--color never)" '[[ $(raw_controls <"$work/text") == 0 ]]'
check "coloured output holds no escape but its own colours" \
    '[[ $(sed -e "s/\x1b\[[0-9;]*m//g" "$work/color" | raw_controls) == 0 ]] && utf8 <"$work/color"'
check "a body's ESC is shown as \\x1b" 'grep -qF "\x1b[2J这是" "$work/text"'
check "a long section name is cut between characters and keeps the count of lists" \
    'grep -qF "5G魏少军：产业链协同推进集成电路发展国产…, 1 list" "$work/text"'
check "JSON output is valid UTF-8 with every snippet" \
    'utf8 <"$work/json" && [[ $(grep -c . "$work/json") == $(grep -c "\"snippet\":" "$work/json") ]]'

# Messages of souwen-search quote what they were given with control characters escaped.
err=$("$SEARCH" --db "$work/no${E}[2Jsuch" 华为 2>&1)
check "souwen-search: an index path with control characters is escaped in the message" \
    '[[ $(raw_controls <<<"$err") == 0 && $err == *"no\x1b[2Jsuch"* ]]'
printf '华为\n华为 date:2026-13\n' >"$work/queries${E}[2J"
err=$("$SEARCH" --db "$work/db" --queries "$work/queries${E}[2J" 2>&1 >/dev/null)
check "souwen-search: a --queries file name with control characters is escaped" \
    '[[ $(raw_controls <<<"$err") == 0 && $err == *"queries\x1b[2J:2: bad date"* ]]'
exit $fail
