# --show prints what souwen takes from a page: here a GBK page, as JSON.
$INDEX --db "$DB" --show "$SAMPLES/site-g-caijing-gbk.html" | sed "s|$SAMPLES|<SAMPLES>|"; echo "exit=$?"
# A WARC file: one line per HTML record (charset from the HTTP header for the second).
$INDEX --db "$DB" --show "$SAMPLES/crawl-2026-02-03.warc.gz" | cut -d, -f1-3; echo "exit=$?"
$INDEX --db "$DB" --show "$SAMPLES/no-such-page.html"; echo "exit=$?"
$INDEX --quiet --db "$DB" "$SAMPLES"
# From the index, by URL: the channel front page has lists only.
$INDEX --db "$DB" --show https://www.example-yunfan.cn/keji/ | sed "s|$SAMPLES|<SAMPLES>|" | cut -c1-260; echo "exit=$?"
# Headline links: the article is featured on three pages, in four lists;
# the headlines that link to it carry its URL.
$SEARCH --db "$DB" --json --type article 量子计算 纠错 | grep -o '"featured_on":[0-9]*,"featured_lists":[0-9]*,"listed_first":"[^"]*"'; echo "exit=$?"
$SEARCH --db "$DB" --json --type headline 量子计算 纠错 | grep -o '"article_url":"[^"]*"' | sort | uniq -c; echo "exit=$?"
$INDEX --db "$DB" --stats | grep -v '^index size'; echo "exit=$?"
