# Search that means what was typed (tests/precise: pages written for this case).
$INDEX --quiet --db "$DB" "$SRC_TESTS/precise"
q() { $SEARCH --db "$DB" --color never "$@"; echo "exit=$?"; }
echo "--- a name ICU cuts (马|斯克) matches only where it stands whole: not 哈马斯 … 斯克里普斯 … 卢甘斯克"
q 马斯克
q '"马斯克"'
echo "--- 华|为: not 对华出口…为主要, nor 耀京华”为主题 (punctuation stands between); highlights mark the name"
q 华为
$SEARCH --db "$DB" --json 华为 | grep -o '"title_highlights":[][0-9,]*'
echo "--- a part of a name (斯克) still finds every page that holds it"
q 斯克
echo "--- a question without spaces: its words must all match; else partial matches follow, marked"
q 嫦娥探月工程取得新进展
$SEARCH --db "$DB" --json 嫦娥探月工程取得新进展 | grep -o '"partial":true,"missing":[^]]*]'
echo "--- --strict: no partial matches"
q --strict 嫦娥探月工程取得新进展
echo "--- Taiwan wording: mainland words find the Taiwan page (軟體 資料庫 網路 檔案)"
q 软件
q 数据库
q 网络安全
q 文件
echo "--- and Taiwan words find the mainland page (印表機 滑鼠 程式)"
q 印表機
q 滑鼠
q 程式 --type article
echo "--- highlights mark the page's own characters"
$SEARCH --db "$DB" --json 数据库 | grep -o '"title":"[^"]*"\|"title_highlights":[][0-9,]*'
