$INDEX --quiet --db "$DB" "$SAMPLES" "$PAGES"
q() { $SEARCH --db "$DB" --limit 20 "$@" | grep -E '^([0-9]*\. |partial matches)'; echo "exit=${PIPESTATUS[0]}"; }
echo "--- OR: either word; without it, both (then partial matches: one of them; --strict: none)"
q 祁沐阳 OR 沪指
q 祁沐阳 沪指
q --strict 祁沐阳 沪指
echo "--- NOT and -word: without; alone, an error"
q 人工智能 -欧洲 --type article
q 人工智能 NOT 欧洲 --type article
q -欧洲
q -- -apple
echo "--- parentheses group"
q '(欧洲 OR 青岛) 人工智能' --type article
q '欧洲 OR 青岛 人工智能' --type article
echo "--- title: only the title"
q title:祁沐阳
q 祁沐阳 --type article
echo "--- source: and section:"
q source:科创日报
q source:祁沐阳
q section:热门排行 --limit 3
q section:人工智能
echo "--- url: site, prefix"
q url:example-caijing.com.cn --type article
q url:www.example.com.cn/finance/
q url:nosuch.example.org
echo "--- type:"
q type:article 地铁
q type:headline 地铁
q type:video 地铁
echo "--- date:"
q date:2026-02-01 地铁
q date:2026-02 地铁
q date:2025 地铁
q date:..2026-01-31 --type article
q date:2026-02-03.. --type article
q date:2026-02-31
q date:2100 地铁
q date:2026-01-01..9999-12-31 --type article
q date:2026-02-03..9999 --type article
q date:..0001-01-01 地铁
q date:2026-01-01..10000-01-01
echo "--- --sort date: newest first"
$SEARCH --db "$DB" --json --sort date --type article 人工智能 | cut -d, -f1,7
echo "--- Traditional finds Simplified, and the reverse, highlighted as stored"
$SEARCH --db "$DB" --json --type article 歐洲 算力 | head -1 | grep -o '"title":"[^"]*"\|"title_highlights":[][0-9,]*'
$SEARCH --db "$DB" --json 学习 与 --type article | grep -o '"snippet":"[^"]*","highlights":[][0-9,]*'
$SEARCH --db "$DB" --json 议会 --type article | cut -d, -f1,4
echo "--- any 2+ Chinese characters in the text, however segmented; words rank first"
q 鲍时
q 沐阳
echo "--- a question typed without spaces: all its words are needed; partial matches follow"
q 江南大学团队发布的是什么模型
q --strict 江南大学团队发布的是什么模型
q --any --limit 2 江南大学团队发布的是什么模型
echo "--- malformed queries"
q '"开源'
q '(欧洲 OR'
q 'unknown:x'
q 'title:'
q ')'
q 'url:http://'
q 'a AND'
