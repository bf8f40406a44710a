# Stories (tests/stories: pages written for this case). One article reprinted four times:
# retitled with an editor line, in Traditional script a day later, with an ad paragraph added
# and its last paragraph dropped; and another story of the same day with the same opener.
$INDEX --quiet --db "$DB" "$SRC_TESTS/stories"
q() { $SEARCH --db "$DB" --color never "$@"; echo "exit=$?"; }
echo "--- a story is one hit, shown as its original (published first), its copies named"
q 老旧小区
$SEARCH --db "$DB" --json 老旧小区 | grep -o '"url":"[^"]*"\|"copies":[0-9]*'
echo "--- a partial hit is shown as its original too: the Traditional copy ranks first, and the"
echo "--- original lacks no more of the query's words (its copies read by their documents)"
$SEARCH --db "$DB" --json 老旧小区 宇宙飞船 | grep -o '"url":"[^"]*"\|"partial":[a-z]*\|"copies":[0-9]*'
echo "--- the other story of that day, with the same opener, stays apart"
q --limit 5 星河网消息 临江市 | grep -E '^[0-9]+\.|copies'
echo "--- --all-copies: every page a hit of its own, each with its story"
q --all-copies 老旧小区 | grep -E '^[0-9]+\.|copies'
story=$($SEARCH --db "$DB" --json 老旧小区 | grep -o '"story":"[0-9a-f]*"' | cut -d'"' -f4)
echo "--- --story ID: the pages earliest first, each with how it differs from the original"
$SEARCH --db "$DB" --story "$story" | sed "s/$story/<STORY>/"; echo "exit=$?"
$SEARCH --db "$DB" --story "$story" --json | grep -o '"original":[a-z]*\|"site":"[^"]*"\|"title_differs":[a-z]*\|"added":\[[^]]*\]\|"dropped":\[[^]]*\]' | tr '\n' ' ' | sed 's/"original"/\n"original"/g'; echo
echo "--- an unknown story: no hits; --story with a query: a usage error"
q --story 0123456789abcdef
q --story "$story" 老旧小区
echo "--- an article absorbs its own headline (s6-front.html lists it): the article is the hit,"
echo "--- with its listings; a headline whose article was not crawled stays a hit"
q 城市更新
q --type headline 城市更新 | grep -E '^[0-9]+\.'
$SEARCH --db "$DB" --json 城市更新 | grep -o '"type":"[a-z]*"\|"featured_on":[0-9]*\|"featured_lists":[0-9]*' | tr '\n' ' '; echo
echo "--- one page per URL: s7 is s1's page under ?from=wap&utm_source=weixin (the last read stays)"
$INDEX --db "$DB" --stats | grep -E '^(pages|articles|stories):'
$INDEX --db "$DB" --show 'HTTP://NEWS.Example-Xinghe.cn:80/2026/0310/chengshi.html#top' | grep -o '"url":"[^"]*"' | head -1
echo "--- --check: stories are consistent; an article of a lost story, and lost bands, are problems"
$INDEX --db "$DB" --check | tail -1; echo "exit=$?"
cp -r "$DB" "$WORK/broken"
sqlite3 "$WORK/broken/souwen.sqlite" "UPDATE articles SET story = 999 WHERE id = 2; DELETE FROM story_bands WHERE article = 3"
$INDEX --db "$WORK/broken" --check 2>&1 | grep -v 'pages found\|index documents'; echo "exit=${PIPESTATUS[0]}"
echo "--- a story of 30 copies above another: a page of one hit shows one story (its original:"
echo "--- the first of those published first), the next page the other"
mkdir -p "$WORK/many"
for i in $(seq -w 1 30); do
    sed "1s|.*|URL: https://mirror$i.example-portal.cn/news/chengshi.html|; s|2026-03-10 08:00:00|2026-03-1$((10#$i % 9)) 09:00:00|" \
        "$SRC_TESTS/stories/s1-original.txt" >"$WORK/many/copy$i.txt"
done
$INDEX --quiet --db "$WORK/manydb" "$WORK/many" "$SRC_TESTS/stories/s5-other-story.txt"
$SEARCH --db "$WORK/manydb" --color never --limit 1 临江市 | grep -E '^[0-9]+\.|copies'
$SEARCH --db "$WORK/manydb" --color never --limit 1 --offset 1 临江市 | grep -E '^[0-9]+\.|copies'
$SEARCH --db "$WORK/manydb" --json --limit 5 临江市 | grep -o '"url":"[^"]*"\|"copies":[0-9]*' | tr '\n' ' '; echo
echo "--- a story is shown by the earliest copy that holds what the hit matched: 红包 is only in"
echo "--- s4's added paragraph, quoted or not; a word every copy holds shows the original"
for q in 红包 '"红包"' '"每日快报客户端"' '"城市更新"'; do
    $SEARCH --db "$DB" --json --limit 1 -- "$q" | grep -o '"url":"[^"]*"' | head -1
done
