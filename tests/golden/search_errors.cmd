$INDEX --quiet --db "$DB" "$PAGES/article.txt"
# No hits: exit 1, nothing printed.
$SEARCH --db "$DB" 火星基地; echo "exit=$?"
# A malformed query: exit 2 with a message.
$SEARCH --db "$DB" '"推理成本'; echo "exit=$?"
$SEARCH --db "$DB" '，。'; echo "exit=$?"
$SEARCH --db "$DB" 'author: 模型'; echo "exit=$?"
# Bad options.
$SEARCH --db "$DB" --limit -3 模型; echo "exit=$?"
$SEARCH --db "$DB" --type video 模型; echo "exit=$?"
$SEARCH --db "$DB"; echo "exit=$?"
# No index there.
$SEARCH --db "$WORK/none" 模型; echo "exit=$?"
# SOUWEN_DB chooses the index when --db is absent.
SOUWEN_DB="$DB" $SEARCH --type article 祁沐阳 | sed -n 3p; echo "exit=$?"
# A query of 10,000 words: a clear error at once, not a stall.
$SEARCH --db "$DB" "$(for i in $(seq 1 10000); do printf '词%d ' $i; done)"; echo "exit=$?"
# Many words, under the limit: searched.
$SEARCH --db "$DB" --any "$(for i in $(seq 1 300); do printf '词%d ' $i; done) 祁沐阳" | sed -n 3p; echo "exit=$?"
# -j is souwen-index's --jobs: souwen-search has none, and says that JSON is --json.
$SEARCH --db "$DB" -j 模型; echo "exit=$?"
$SEARCH --db "$DB" --json 模型 | cut -d, -f1-2; echo "exit=$?"
# A Latin word to leave out, typed as its own argument, is read as an option: the message names
# it (before or after the other words) and shows NOT and the command with --, which both search.
$SEARCH --db "$DB" 推理成本 -AI; echo "exit=$?"
$SEARCH --db "$DB" -AI 推理成本; echo "exit=$?"
$SEARCH --db "$DB" -- 推理成本 -AI | sed -n 3p; echo "exit=$?"
$SEARCH --db "$DB" 推理成本 NOT AI | sed -n 3p; echo "exit=$?"
# --version: souwen's, then each library's as loaded (versions shown as N.N: they vary by
# machine, but each must be a dotted number).
$SEARCH --version | sed -E 's/ [0-9]+(\.[0-9]+)+( |$)/ N.N\2/'; echo "exit=$?"
# A malformed Chinese query: the position is in characters as typed (( is character 5, byte 13).
$SEARCH --db "$DB" 人工智能 '(欧洲'; echo "exit=$?"
