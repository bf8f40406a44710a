$INDEX --quiet --db "$DB" "$SRC_TESTS/ranking"
# A word the segmenter cuts in two (人工|智能) matches only where the parts stand together.
$SEARCH --db "$DB" 人工智能 | grep '^[0-9]'; echo "exit=$?"
# So does a quoted phrase: the scattered page is not a hit either way.
$SEARCH --db "$DB" '"人工智能"' | grep '^[0-9]'; echo "exit=$?"
# Word order matters only inside quotes.
$SEARCH --db "$DB" --type article 温泉 游客 | grep '^[0-9]'; echo "exit=$?"
$SEARCH --db "$DB" '"温泉 游客"'; echo "exit=$?"
# A title match outranks a body match.
$SEARCH --db "$DB" 量子计算 | grep '^[0-9]'; echo "exit=$?"
