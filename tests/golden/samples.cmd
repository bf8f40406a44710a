# The Quick start's demo: every sample page indexes, with no error.
$INDEX --db "$DB" "$SAMPLES"; echo "exit=$?"
$SEARCH --db "$DB" --limit 3 人工智能 欧洲; echo "exit=$?"
# One headline listed on four pages is one hit, with its four occurrences.
$SEARCH --db "$DB" --json --type headline 国产大模型 开源生态 | cut -d, -f1-5,12-; echo "exit=$?"
# An invented name the dictionary cannot know: found in the article and the headline.
$SEARCH --db "$DB" --json 祁沐阳 | cut -d, -f1-4; echo "exit=$?"
# Full-width query folds: ＡＩ finds ai/AI/ＡＩ.
$SEARCH --db "$DB" --json --limit 2 ＡＩ | cut -d, -f1-4; echo "exit=$?"
# The channel front page yields lists only: no article from it.
$SEARCH --db "$DB" --type article 云帆网; echo "exit=$?"
