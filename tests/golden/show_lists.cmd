# Unheaded lists merge only when they share a template, and --show marks the page's main list.
# A feed cut in two blocks of one template is one list, marked "main" although the sidebar's
# list is longer; the nav bar and the sidebar stay lists of their own. Two notices with the
# same title but different links are two items.
$INDEX --db "$DB" --show "$SRC_TESTS/html/list-main.html" | sed -e "s|$SRC_TESTS|<TESTS>|" \
    -e 's/},{"section"/},\n{"section"/g'; echo "exit=$?"
# What the rule rejects: an ad strip and the footer's badges next to the feed, all without a
# heading, are not merged into it; the feed alone is the main list.
$INDEX --db "$DB" --show "$SRC_TESTS/html/list-ads.html" | sed -e "s|$SRC_TESTS|<TESTS>|" \
    -e 's/},{"section"/},\n{"section"/g'; echo "exit=$?"
