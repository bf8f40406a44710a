# souwen-index --check, --upgrade, schema versions and the writer lock.
$INDEX --quiet --db "$DB" "$SAMPLES"; echo "exit=$?"
# A sound index passes --check.
$INDEX --db "$DB" --check; echo "exit=$?"
# --upgrade on an index of this version does nothing and says so.
$INDEX --db "$DB" --upgrade; echo "exit=$?"
# Usage errors.
$INDEX --db "$DB" --check "$SAMPLES"; echo "exit=$?"
$INDEX --db "$DB" --check --upgrade; echo "exit=$?"
$INDEX --db "$DB" --commit-every 0 "$SAMPLES"; echo "exit=$?"
$INDEX --db "$WORK/none" --check; echo "exit=$?"
$INDEX --db "$WORK/none" --upgrade; echo "exit=$?"
# An index whose store lost an article row and a headline's occurrences and spans: the
# index keeps documents for them, which --check names (exit 1).
cp -r "$DB" "$WORK/broken"
sqlite3 "$WORK/broken/souwen.sqlite" "DELETE FROM articles WHERE id = 1; DELETE FROM occurrences WHERE headline_id = 2; DELETE FROM spans WHERE headline_id = 2"
$INDEX --db "$WORK/broken" --check; echo "exit=$?"
# A store row changed behind the index's back: the page is no longer found by its words.
cp -r "$DB" "$WORK/stale"
sqlite3 "$WORK/stale/souwen.sqlite" "UPDATE articles SET title = '完全不同的标题' WHERE id = 2"
$INDEX --db "$WORK/stale" --check; echo "exit=$?"
# The same differences listed in `pending` (as a killed run leaves them) are not problems:
# they are reported, and the next souwen-index run applies them.
sqlite3 "$WORK/broken/souwen.sqlite" "INSERT INTO pending(kind, id) VALUES ('a', 1), ('h', 2)"
$INDEX --db "$WORK/broken" --check; echo "exit=$?"
$INDEX --quiet --db "$WORK/broken" "$SAMPLES/site-e-keji-pindao.txt"; echo "exit=$?"
$INDEX --db "$WORK/broken" --check; echo "exit=$?"
# A store of a newer schema version is refused by the indexer, naming both versions, and
# --upgrade does not downgrade it. Searches read only the Xapian shards (at this version).
V=$(sqlite3 "$DB/souwen.sqlite" "PRAGMA user_version")
sqlite3 "$DB/souwen.sqlite" "PRAGMA user_version = $((V + 1))"
$INDEX --db "$DB" "$SAMPLES"; echo "exit=$?"
$INDEX --db "$DB" --check; echo "exit=$?"
$INDEX --db "$DB" --upgrade; echo "exit=$?"
$SEARCH --db "$DB" --limit 1 人工智能 >/dev/null; echo "exit=$?"
# An older store (a made-up version -1: there is none before 1) is refused with a pointer
# to --upgrade, which finds no migration from it in its table and changes nothing.
sqlite3 "$DB/souwen.sqlite" "PRAGMA user_version = -1"
$INDEX --db "$DB" --check; echo "exit=$?"
$INDEX --db "$DB" --upgrade; echo "exit=$?"
sqlite3 "$DB/souwen.sqlite" "PRAGMA user_version"
sqlite3 "$DB/souwen.sqlite" "PRAGMA user_version = $V"
$SEARCH --db "$DB" --limit 1 人工智能 >/dev/null; echo "exit=$?"
# While another process holds the writer lock, writers, --check and --upgrade stop at once
# (exit 2) naming the pid written in the lock file (here this shell's); searches go on.
echo $$ >"$DB/lock"
flock "$DB/lock" $INDEX --db "$DB" "$SAMPLES" 2>&1 | sed "s/pid $$ /pid N /"; echo "exit=${PIPESTATUS[0]}"
flock "$DB/lock" $INDEX --db "$DB" --check 2>&1 | sed "s/pid $$ /pid N /"; echo "exit=${PIPESTATUS[0]}"
flock "$DB/lock" $INDEX --db "$DB" --upgrade 2>&1 | sed "s/pid $$ /pid N /"; echo "exit=${PIPESTATUS[0]}"
flock "$DB/lock" $SEARCH --db "$DB" --limit 1 人工智能 >/dev/null; echo "exit=$?"
# A pid in the lock file whose process is gone (the holder has not written its own yet) is
# not named.
echo 999999999 >"$DB/lock"
flock "$DB/lock" $INDEX --db "$DB" "$SAMPLES"; echo "exit=$?"
# Without a holder, the lock file left by a killed writer stops nobody.
$INDEX --quiet --db "$DB" "$SAMPLES"; echo "exit=$?"
