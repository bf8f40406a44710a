# Unheaded lists merge only when they share a template. An ad strip and the footer's badges
# next to the feed, all without a heading, are not merged into it.
$INDEX --db "$DB" --show "$SRC_TESTS/html/list-ads.html" | sed -e "s|$SRC_TESTS|<TESTS>|" \
    -e 's/},{"section"/},\n{"section"/g'; echo "exit=$?"
