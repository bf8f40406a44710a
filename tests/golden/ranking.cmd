$INDEX --quiet --db "$DB" "$SRC_TESTS/ranking"
# A word the segmenter cuts in two (人工|智能): where the parts stand together ranks first.
$SEARCH --db "$DB" 人工智能 | grep '^[0-9]'; echo "exit=$?"
# A quoted phrase demands them together: the scattered page is not a hit.
$SEARCH --db "$DB" '"人工智能"' | grep '^[0-9]'; echo "exit=$?"
# Word order matters only inside quotes.
$SEARCH --db "$DB" --type article 温泉 游客 | grep '^[0-9]'; echo "exit=$?"
$SEARCH --db "$DB" '"温泉 游客"'; echo "exit=$?"
# A title match outranks a body match.
$SEARCH --db "$DB" 量子计算 | grep '^[0-9]'; echo "exit=$?"
