# HTML pages and WARC files, good and bad: every bad input gets a one-line
# error naming the file (and the record's byte offset); the rest is indexed.
$INDEX --db "$DB" "$SRC_TESTS/html" "$SRC_TESTS/warc"; echo "exit=$?"
# Records before and after each bad one were indexed (--all-copies: the copies of one text
# in several WARC files are one story, shown once without it).
$SEARCH --db "$DB" --all-copies --json 第一條記錄完好 | cut -d, -f2,4,8; echo "exit=$?"
$SEARCH --db "$DB" --all-copies --json 錯誤之後的記錄 | cut -d, -f2,4,8; echo "exit=$?"
$SEARCH --db "$DB" --all-copies --json 損壞之後 | cut -d, -f2,4,8; echo "exit=$?"
# Unclosed tags: a best-effort tree, the text is searchable.
$SEARCH --db "$DB" 未閉合標籤; echo "exit=$?"
# A record cut short by the end of the file is not indexed.
$SEARCH --db "$DB" --strict 截斷之前; echo "exit=$?"
# The failures are recorded in the index.
$INDEX --db "$DB" --stats | grep -E '^(pages|failed)'
# An ad nested 300 deep before the article: the article is read whole.
$SEARCH --db "$DB" 深層嵌套 | sed -n 3,4p; echo "exit=$?"
# 10,000 nested divs: the parse stops at souwen's cap and says so, on stderr and in --show.
$INDEX --db "$DB" --show "$SRC_TESTS/html/nested.html" | grep -o '"warning":"[^"]*"'
# Content-Encoding "gzip, gzip" is undone twice; an unknown coding (br) and a payload that
# decompresses past the limit are refused, each with its reason; the next record is indexed.
$SEARCH --db "$DB" --json 兩次壓縮 | cut -d, -f2,4,8; echo "exit=$?"
$SEARCH --db "$DB" --json 壓縮炸彈後面 | cut -d, -f2,4,8; echo "exit=$?"
