$INDEX --quiet --db "$DB" "$PAGES/article.txt" "$PAGES/article2.txt" "$PAGES/channel.txt"
# Articles and headlines together, ranked, in JSON Lines.
$SEARCH --db "$DB" --json 推理成本; echo "exit=$?"
# The same headline on two pages is one hit with two occurrences.
$SEARCH --db "$DB" --json --type headline 地铁新线; echo "exit=$?"
# Two sections of one page: one headline, both sections.
$SEARCH --db "$DB" --type headline 沪指; echo "exit=$?"
# Text output when piped: no escape codes.
$SEARCH --db "$DB" 祁沐阳; echo "exit=$?"
# Full-width query, Latin case: ＨＩＯＯ-style folding.
$SEARCH --db "$DB" --type article ｈ100; echo "exit=$?"
# --any, --limit, --offset.
$SEARCH --db "$DB" --any --limit 1 祁沐阳 沪指 | sed -n 3p; echo "exit=$?"
$SEARCH --db "$DB" --type headline --any --offset 1 --limit 1 --json 沪指 地铁 | cut -c1-40; echo "exit=$?"
# Colour only when asked (or on a terminal).
$SEARCH --db "$DB" --color always --type article 祁沐阳 | sed -n 3p | od -c | head -2 | grep -c '033'; echo "exit=$?"
# On a terminal: colour by default, none under NO_COLOR or TERM=dumb.
script -qec "$SEARCH --db $DB --type article 祁沐阳" /dev/null | grep -c $'\033\\[1;31m'; echo "exit=$?"
NO_COLOR=1 script -qec "$SEARCH --db $DB --type article 祁沐阳" /dev/null | grep -c $'\033'; echo "exit=$?"
TERM=dumb script -qec "$SEARCH --db $DB --type article 祁沐阳" /dev/null | grep -c $'\033'; echo "exit=$?"
# Several indexes: each hit names the --db it came from, as given (ids are per index: the page
# in both is id 1 in each, told apart by db); one index, no db. --queries hits carry the
# query's text beside its line number.
$INDEX --quiet --db "$WORK/second" "$PAGES/article.txt"
$SEARCH --db "$DB" --db "$WORK/second" --json --all-copies --type article 推理成本 | grep -o '"id":[0-9]*\|"title":"[^"]*"\|"db":"[^"]*"' | paste -sd' ' | sed 's/ "id"/\n"id"/g'; echo "exit=$?"
$SEARCH --db "$DB" --json --type article 推理成本 | grep -c '"db"'
printf '推理成本\n# a comment\n地铁新线\n' | $SEARCH --db "$DB" --json --type headline --queries - | cut -d, -f1-4; echo "exit=$?"
