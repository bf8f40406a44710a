# One article saved as UTF-8, GBK, GB18030, Big5, UTF-16 and GBK without a
# declaration: each indexes to the same terms, so the same query gives the
# same hit and the same snippet and highlights in every charset.
for f in utf8 gbk gb18030 big5 utf16 nometa-gbk; do
    $INDEX --quiet --db "$WORK/$f" "$SRC_TESTS/charsets/$f.html" || echo "$f: exit=$?"
    $INDEX --db "$WORK/$f" --show "$SRC_TESTS/charsets/$f.html" | grep -o '"charset":"[^"]*"' | sed "s/^/$f: /"
    $SEARCH --db "$WORK/$f" --json 環線 通車 | sed -e 's/"url":[^,]*,"path":[^,]*,//' -e 's/"score":[^,]*,//' >"$WORK/$f.out"
    $SEARCH --db "$WORK/$f" --json --type headline 機場快線 | sed -e 's/"url":[^,]*,"path":[^,]*,//' -e 's/"score":[^,]*,//' >>"$WORK/$f.out"
done
cat "$WORK/utf8.out"
for f in gbk gb18030 big5 utf16 nometa-gbk; do
    cmp -s "$WORK/utf8.out" "$WORK/$f.out" && echo "$f: same results as UTF-8" || diff "$WORK/utf8.out" "$WORK/$f.out"
done
