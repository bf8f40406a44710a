# A page that changes replaces its article and occurrences.
cp "$PAGES/channel.txt" "$WORK/front.txt"
$INDEX --quiet --db "$DB" "$WORK/front.txt"
$SEARCH --db "$DB" 央行; echo "exit=$?"
sed -i 's/央行：保持流动性合理充裕 支持实体经济/商务部：春节消费市场平稳有序/' "$WORK/front.txt"
$INDEX --db "$DB" "$WORK/front.txt"; echo "exit=$?"
# The headline no page lists any more has left the results.
$SEARCH --db "$DB" 央行; echo "exit=$?"
$SEARCH --db "$DB" 春节消费; echo "exit=$?"
