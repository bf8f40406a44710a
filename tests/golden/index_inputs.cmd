# What souwen-index says of its inputs: an empty or mistyped folder, symbolic links (counted,
# or followed with --follow, loops included), --exclude, a summary that agrees with --stats,
# and a mistyped --db for work that needs an index.
mkdir -p "$WORK/empty" "$WORK/crawl/2026/old" "$WORK/crawl/2026/tmp" "$WORK/elsewhere"
cp "$PAGES/article.txt" "$WORK/crawl/2026/a.txt"
cp "$PAGES/article2.txt" "$WORK/crawl/2026/old/b.txt"
cp "$PAGES/notes.txt" "$WORK/crawl/2026/tmp/c.txt"
cp "$PAGES/channel.txt" "$WORK/elsewhere/d.txt"
ln -s ../elsewhere "$WORK/crawl/linked"
ln -s .. "$WORK/crawl/2026/up"
ln -s missing.txt "$WORK/crawl/dangling.txt"
echo "--- an empty folder and a mistyped one: exit 1, each named; the summary and --stats agree"
$INDEX --db "$DB" "$WORK/empty" "$WORK/emtpy"; echo "exit=$?"
$INDEX --db "$DB" --stats | grep failed
echo "--- links are counted, not followed"
$INDEX --db "$DB" "$WORK/crawl"; echo "exit=$?"
echo "--- --follow: the linked folder is read, the loop is said once, the dangling link fails"
$INDEX --db "$DB" --follow "$WORK/crawl"; echo "exit=$?"
echo "--- --exclude by name (a folder and all it holds) and by path"
$INDEX --db "$WORK/db2" --exclude tmp --exclude '2026/old/*' "$WORK/crawl"; echo "exit=$?"
$INDEX --db "$WORK/db2" --stats | grep -E '^(pages|failed)'
echo "--- the empty folder gains a page: --retry-failed reads it and forgets its failure"
cp "$PAGES/traditional.txt" "$WORK/empty/e.txt"
rmdir "$WORK/emtpy" 2>/dev/null
$INDEX --db "$DB" --retry-failed 2>&1 | sed 's/^souwen-index: //'; echo "exit=$?"
$INDEX --db "$DB" --stats | grep failed
echo "--- a mistyped --db is not an index, and is not created"
$INDEX --db "$WORK/typo.db" --stats; echo "exit=$?"
$INDEX --db "$WORK/typo.db" --remove https://news.example.cn/2026/0203/a1.html; echo "exit=$?"
$INDEX --db "$WORK/typo.db" --check; echo "exit=$?"
ls "$WORK/typo.db" 2>&1 | sed 's/^ls: //'
echo "--- --version names the libraries souwen-index runs with"
$INDEX --version | sed -E 's/[0-9]+(\.[0-9]+)+/N.N/'
