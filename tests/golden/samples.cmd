# The Quick start's demo: every sample page indexes, with no error.
$INDEX --db "$DB" "$SAMPLES"; echo "exit=$?"
$SEARCH --db "$DB" --limit 3 人工智能 欧洲; echo "exit=$?"
# One headline listed on four pages is one hit, with its four occurrences.
$SEARCH --db "$DB" --json --type headline 国产大模型 开源生态 | cut -d, -f1-5,12-; echo "exit=$?"
# An invented name the dictionary cannot know: found in the article and the headline.
$SEARCH --db "$DB" --json 祁沐阳 | cut -d, -f1-4; echo "exit=$?"
# Full-width query folds: ＡＩ finds ai/AI/ＡＩ.
$SEARCH --db "$DB" --json --limit 2 ＡＩ | cut -d, -f1-4; echo "exit=$?"
# The channel front pages yield lists only: no article from them.
$SEARCH --db "$DB" --strict --type article 科技频道; echo "exit=$?"
# HTML in GBK, Big5, with a wrong meta charset, and from the WARC (GBK named by HTTP only).
$SEARCH --db "$DB" --type article --json 集装箱 吞吐量 | cut -d, -f2,4; echo "exit=$?"
$SEARCH --db "$DB" --type article --json 換電站 | cut -d, -f2,4; echo "exit=$?"
$SEARCH --db "$DB" --type article --json 加装电梯 | cut -d, -f2,4; echo "exit=$?"
$SEARCH --db "$DB" --type article --json 养老陪护 | cut -d, -f2,4; echo "exit=$?"
# An article's author (作者：周沛然) is not its source: author: finds it, source: does not, and
# --facet author counts it (headlines have no author).
$SEARCH --db "$DB" author:周沛然 | sed -n 1,4p; echo "exit=$?"
$SEARCH --db "$DB" source:周沛然; echo "exit=$?"
$SEARCH --db "$DB" --type article --facet author 人工智能; echo "exit=$?"
# Indexing the samples again adds nothing.
$INDEX --db "$DB" "$SAMPLES"; echo "exit=$?"
