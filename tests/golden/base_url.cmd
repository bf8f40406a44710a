# --base-url: the relative links of a page saved without its URL become absolute against it,
# on --show and when indexing; the page keeps no URL (it is keyed by its path). Its headline
# sources hold no rank, count or time, and its tab-row heading is the open tab.
$INDEX --db "$DB" --base-url https://www.example-yunfan.cn/rank/ --show "$SRC_TESTS/html/list-counters.html" \
    | sed -e "s|$SRC_TESTS|<TESTS>|" -e 's/},{"section"/},\n{"section"/g'; echo "exit=$?"
$INDEX --db "$DB" -q --base-url https://www.example-yunfan.cn/rank/ "$SRC_TESTS/html/list-counters.html"; echo "exit=$?"
$SEARCH --db "$DB" --json --type headline 地铁四号线 | grep -o '"title":"[^"]*","source":"[^"]*"\|"url":"[^"]*"'; echo "exit=$?"
# A URL of the page's own wins: no link of the WARC's pages points to wrong.example.cn.
$INDEX --db "$DB" --base-url https://wrong.example.cn/ --show "$SAMPLES/crawl-2026-02-03.warc.gz" \
    | grep -o '"url":"[^"]*"' | sort | uniq -c | sed 's/^ *//'; echo "exit=$?"
# What it rejects: a URL that is not absolute http(s) is a usage error (exit 2).
$INDEX --db "$DB" --base-url /rank/ --show "$SRC_TESTS/html/list-counters.html"; echo "exit=$?"
$INDEX --db "$DB" --base-url ftp://www.example-yunfan.cn/ "$SRC_TESTS/html/list-counters.html"; echo "exit=$?"
$INDEX --db "$DB" --base-url https:// --show "$SRC_TESTS/html/list-counters.html"; echo "exit=$?"
$INDEX --db "$DB" --base-url; echo "exit=$?"
