# --remove forgets pages by URL or path; --rebuild makes the Xapian index
# again from SQLite alone, with the same results.
$INDEX --quiet --db "$DB" "$SAMPLES"
$SEARCH --db "$DB" --json --limit 1 集装箱 吞吐量 | cut -d, -f2,4; echo "exit=$?"
$INDEX --db "$DB" --remove https://finance.example-hairong.com.cn/2026/0203/tyxd.html; echo "exit=$?"
$SEARCH --db "$DB" --type article 集装箱 吞吐量; echo "exit=$?"
# Removing by path: a WARC file's path forgets every page read from it.
$INDEX --db "$DB" --remove "$SAMPLES/crawl-2026-02-03.warc.gz"; echo "exit=$?"
$SEARCH --db "$DB" --strict --type article 家用服务机器人; echo "exit=$?"
$INDEX --db "$DB" --remove https://nowhere.example.cn/none.html; echo "exit=$?"
$SEARCH --db "$DB" --json 量子计算 | cut -d, -f2,4 >"$WORK/before"
rm -rf "$DB/xapian"
$INDEX --db "$DB" --rebuild | sed 's/documents, .*/documents/'; echo "exit=$?"
$SEARCH --db "$DB" --json 量子计算 | cut -d, -f2,4 >"$WORK/after"
cmp "$WORK/before" "$WORK/after" && echo "same results after the rebuild"
$INDEX --db "$DB" --rebuild x; echo "exit=$?"
# Re-indexing brings the removed pages back.
$INDEX --db "$DB" "$SAMPLES"; echo "exit=$?"
$SEARCH --db "$DB" --type article --json 集装箱 吞吐量 | cut -d, -f2,4; echo "exit=$?"
