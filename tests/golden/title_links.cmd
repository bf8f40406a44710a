# Headlines without a link find their article by title: text pages list articles by title
# alone. Both orders (the article recorded first, or the list), the source a headline names
# must be the article's (or its author), and a page whose title changes lets its headlines go.
mkdir -p "$WORK/p"
page() { local name=$1; shift; printf "%s\n" "$@" > "$WORK/p/$name.txt"; }
page a 'URL: https://www.example-linjiang.cn/jiaoyu/a1.html' '临江新区新建学校秋季开学 首批学生入校' \
    '2026年9月1日 08:30 来源：临江晚报' '' \
    '临江新区三所新建学校今天迎来首批学生，新增学位两千四百个，周边居民子女可以就近入学。' ''
page b 'URL: https://www.example-haigang.cn/jingji/b1.html' '海港集装箱吞吐量创新高 外贸订单回暖' \
    '2026年9月1日 09:10 来源：海融财经' '' \
    '海港集团发布数据，八月集装箱吞吐量同比增长百分之十二，外贸企业订单明显回暖。' ''
page c 'URL: https://www.example-linjiang.cn/jiaotong/c1.html' '夜间公交线路调整 方便市民晚间出行' \
    '2026年9月1日 10:00 来源：临江晚报' '' \
    '临江公交集团调整六条夜间线路，末班车延后到二十三点，方便市民晚间出行。' ''
page list 'URL: https://www.example-linjiang.cn/' '临江新闻网首页' '' '头条要闻' \
    '临江新区新建学校秋季开学 首批学生入校' '临江晚报' '2026-09-01 08:40' \
    '海港集装箱吞吐量创新高 外贸订单回暖' '别家日报' '2026-09-01 09:20' \
    '夜间公交线路调整 方便市民晚间出行' '2026-09-01 10:05'
$INDEX --quiet --db "$DB" "$WORK/p/a.txt" && $INDEX --quiet --db "$DB" "$WORK/p/list.txt" &&
    $INDEX --quiet --db "$DB" "$WORK/p/b.txt" "$WORK/p/c.txt"; echo "exit=$?"
echo "--- the article indexed before the list, and after it: one hit each, listed once"
$SEARCH --db "$DB" 新建学校 首批学生; echo "exit=$?"
$SEARCH --db "$DB" 夜间公交; echo "exit=$?"
echo "--- a headline naming another source stays a headline of its own"
$SEARCH --db "$DB" 集装箱吞吐量 | grep -E '^[0-9]+\.|别家日报|海融财经'; echo "exit=$?"
echo "--- the article's title changes: its headline is a hit of its own again"
page c 'URL: https://www.example-linjiang.cn/jiaotong/c1.html' '六条夜间公交线路末班车延后' \
    '2026年9月1日 10:00 来源：临江晚报' '' \
    '临江公交集团调整六条夜间线路，末班车延后到二十三点，方便市民晚间出行。' ''
$INDEX --quiet --db "$DB" "$WORK/p/c.txt"; echo "exit=$?"
$SEARCH --db "$DB" --type headline 夜间公交; echo "exit=$?"
echo "--- a headline linked by title that a page later lists with its own URL links there"
cat > "$WORK/p/list2.html" <<'HTML'
<html><head><meta charset="utf-8"><title>临江要闻_临江新闻网</title></head><body>
<h2>要闻</h2><ul>
<li><a href="https://www.example-linjiang.cn/jiaoyu/a9.html">临江新区新建学校秋季开学 首批学生入校</a> <span>临江晚报</span></li>
<li><a href="https://www.example-linjiang.cn/shehui/s1.html">江边步道全线贯通 市民周末打卡</a> <span>临江晚报</span></li>
<li><a href="https://www.example-linjiang.cn/shehui/s2.html">老城区雨污分流改造工程完成过半</a> <span>临江晚报</span></li>
</ul></body></html>
HTML
$INDEX --quiet --db "$DB" "$WORK/p/list2.html"; echo "exit=$?"
$SEARCH --db "$DB" --json 新建学校 首批学生 | grep -oE '"type":"[a-z]+"|"(url|article_url)":"[^"]*"|"featured_on":[0-9]+' | paste -sd' '; echo "exit=$?"
