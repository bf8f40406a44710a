# A folder with good and bad pages: bad ones are named, the rest indexed, exit 1.
$INDEX --db "$DB" "$PAGES"; echo "exit=$?"
# Re-running the same batch adds nothing.
$INDEX --db "$DB" "$PAGES"; echo "exit=$?"
# A missing path is an error for that path only.
$INDEX --db "$DB" "$PAGES/article.txt" "$PAGES/no-such-page.txt"; echo "exit=$?"
# Paths on standard input.
printf '%s\n' "$PAGES/channel.txt" "$PAGES/article2.txt" | $INDEX --db "$DB" -; echo "exit=$?"
# Usage errors.
$INDEX --db "$DB"; echo "exit=$?"
$INDEX --bogus; echo "exit=$?"
