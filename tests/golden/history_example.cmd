# README's History section, "A worked example: samples/history/", run as README writes it:
# each "$ " line of the section's code blocks, from the repository root, with build/souwen-index,
# build/souwen-search and /tmp/hist read as $INDEX, $SEARCH and $DB; a --history without a
# pipe runs on a terminal (script(1) gives it one), as the reader's would. The transcript is
# this case's output; then README's blocks, which must be that transcript (but the seconds).
# golden: exact times
readme=$SRC_TESTS/../README.md
sed -n '/^### A worked example: samples\/history\//,/^## /p' "$readme" |
    awk '/^```/ { block = !block; next } block' >"$WORK/blocks"
grep -c '^\$ ' "$WORK/blocks" | sed 's/$/ commands in README/'
cd "$SRC_TESTS/.." || exit 2
while IFS= read -r line <&3; do
    [[ $line == '$ '* ]] || continue
    echo "$line"
    cmd=${line#'$ '} cmd=${cmd//build\/souwen-index/$INDEX} cmd=${cmd//build\/souwen-search/$SEARCH}
    cmd=${cmd//\/tmp\/hist/$DB}
    if [[ $cmd == *--history* && $cmd != *'|'* ]]; then
        script -qec "$cmd" /dev/null </dev/null | tr -d '\r'
    else
        eval "$cmd" </dev/null
    fi
done 3<"$WORK/blocks" >"$WORK/run" 2>&1
cat "$WORK/run"
secs() { sed -E 's/[0-9]+\.[0-9]{2} s$/<T> s/' "$1"; }
if diff <(secs "$WORK/blocks") <(secs "$WORK/run") >"$WORK/diff"; then
    echo "README shows this output"
else
    echo "README shows another output (< README, > the run):"
    cat "$WORK/diff"
fi
# What README says of the other pages in words: their captures' statuses and changes.
for p in 0228/nongmao 0226/tushuguan 0301/yinghua; do
    echo "$p: $($INDEX --db "$DB" --history "https://news.example-yanhu.cn/2026/$p.html" |
        jq -r '"\(.status) \(.change)"' | paste -sd' ')"
done
