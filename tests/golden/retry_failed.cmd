# --retry-failed reads again the files earlier runs recorded as failed: a file fixed since is
# indexed and loses its record, one that still fails keeps it with its new reason, and one
# that no longer exists is dropped from the record with a note.
# Recorded paths are real paths: the scratch folder's is put back as $WORK for the output.
real=$(cd "$WORK" && pwd -P)
run() { "$@" 2>&1 | sed "s|$real|$WORK|g"; echo "exit=${PIPESTATUS[0]}"; }
failures() {
    sqlite3 "$DB/souwen.sqlite" "SELECT path, reason FROM failures ORDER BY path" |
        sed "s|$real|$WORK|g"
}
mkdir "$WORK/pages"
cp "$PAGES/bad-utf8.txt" "$PAGES/nothing.txt" "$PAGES/channel.txt" "$WORK/pages/"
cp "$PAGES/nothing.txt" "$WORK/pages/gone.txt"
run $INDEX --db "$DB" "$WORK/pages"
$INDEX --db "$DB" --stats | grep '^failed files'
failures
# Nothing changed on disk: each recorded file fails again and keeps its record (exit 1).
run $INDEX --db "$DB" --retry-failed
# bad-utf8.txt is fixed, gone.txt removed, nothing.txt broken another way: the fixed page
# is indexed and searchable, the gone file dropped (not an error), nothing.txt's record
# carries its new reason; exit 1 for it.
cp "$PAGES/article.txt" "$WORK/pages/bad-utf8.txt"
rm "$WORK/pages/gone.txt"
printf '\xff\xfe' >"$WORK/pages/nothing.txt"
run $INDEX --db "$DB" --retry-failed
$INDEX --db "$DB" --stats | grep '^failed files'
failures
$SEARCH --db "$DB" --type article --limit 1 --json 江南大学 | cut -d, -f2,4
# nothing.txt fixed too: the last record goes (exit 0), and then there is nothing to retry.
cp "$PAGES/article2.txt" "$WORK/pages/nothing.txt"
run $INDEX --db "$DB" --retry-failed
$INDEX --db "$DB" --stats | grep '^failed files'
run $INDEX --db "$DB" --retry-failed
run $INDEX --quiet --db "$DB" --retry-failed
# Usage errors (exit 2): --retry-failed takes no PATH and no other mode, and an index that
# does not exist has nothing to retry (it is not created).
run $INDEX --db "$DB" --retry-failed "$WORK/pages"
run $INDEX --db "$DB" --retry-failed --remove x
run $INDEX --db "$WORK/none" --retry-failed
test -e "$WORK/none" || echo "no folder $WORK/none was created"
