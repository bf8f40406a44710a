# A page that changes replaces its article and occurrences. (Capture times are given: a file
# changed within the second it was read is the same capture read again, as a page file's
# time is its modification time.)
cp "$PAGES/channel.txt" "$WORK/front.txt"
$INDEX --quiet --db "$DB" --fetched-at 2026-02-01T08:00:00Z "$WORK/front.txt"
$SEARCH --db "$DB" 央行; echo "exit=$?"
sed -i 's/央行：保持流动性合理充裕 支持实体经济/商务部：春节消费市场平稳有序/' "$WORK/front.txt"
$INDEX --db "$DB" --fetched-at 2026-02-08T08:00:00Z "$WORK/front.txt"; echo "exit=$?"
# The headline no page lists any more stays in the results: it was shown (0 lists now).
$SEARCH --db "$DB" 央行; echo "exit=$?"
$SEARCH --db "$DB" 春节消费; echo "exit=$?"
# The same for an HTML page (keyed by its canonical URL): the new text replaces the old.
cp "$SAMPLES/site-f-keji-liangzi.html" "$WORK/f.html"
$INDEX --quiet --db "$DB" --fetched-at 2026-02-01T08:00:00Z "$WORK/f.html"
$SEARCH --db "$DB" --type article --json 星河二号 | cut -d, -f2,4; echo "exit=$?"
sed -i 's/星河二号/银河三号/; s/相关推荐/延伸阅读/' "$WORK/f.html"
$INDEX --db "$DB" --fetched-at 2026-02-08T08:00:00Z "$WORK/f.html"; echo "exit=$?"
$SEARCH --db "$DB" --strict --type article 星河二号; echo "exit=$?"
$SEARCH --db "$DB" --type article --json 银河三号 | cut -d, -f2,4; echo "exit=$?"
$SEARCH --db "$DB" --type headline --json 液冷 | grep -o '"sections":\[[^]]*\]'; echo "exit=$?"
