# One article saved as UTF-8, GBK, GB18030, Big5, UTF-16 and GBK without a
# declaration: each indexes to the same terms, so the same query gives the
# same hit and the same snippet and highlights in every charset. So do the
# same UTF-8 bytes declared UTF-16 by a <meta> or an XML declaration (a page
# without a byte-order mark that the prescan can read is not UTF-16: the
# HTML standard reads it as UTF-8), and the UTF-8 bytes with one stray byte
# under a wrong gb2312 <meta>.
for f in utf8 gbk gb18030 big5 utf16 nometa-gbk utf16-meta xml-utf16 gb2312-utf8-stray; do
    $INDEX --quiet --db "$WORK/$f" "$SRC_TESTS/charsets/$f.html" || echo "$f: exit=$?"
    $INDEX --db "$WORK/$f" --show "$SRC_TESTS/charsets/$f.html" | grep -o '"charset":"[^"]*"' | sed "s/^/$f: /"
    $SEARCH --db "$WORK/$f" --json 環線 通車 | sed -e 's/"url":[^,]*,"path":[^,]*,//' -e 's/"score":[^,]*,//' >"$WORK/$f.out"
    $SEARCH --db "$WORK/$f" --json --type headline 機場快線 | sed -e 's/"url":[^,]*,"path":[^,]*,//' -e 's/"score":[^,]*,//' -e 's/"page":"[^"]*",//g' >>"$WORK/$f.out"
done
cat "$WORK/utf8.out"
for f in gbk gb18030 big5 utf16 nometa-gbk utf16-meta xml-utf16 gb2312-utf8-stray; do
    cmp -s "$WORK/utf8.out" "$WORK/$f.out" && echo "$f: same results as UTF-8" || diff "$WORK/utf8.out" "$WORK/$f.out"
done
# A page declared UTF-8 with one byte that is not (0xFF) stays UTF-8: the
# byte becomes U+FFFD and the rest of the text reads as written.
$INDEX --db "$WORK/stray" --show "$SRC_TESTS/charsets/utf8-stray.html" | grep -o -e '"charset":"[^"]*"' -e '"title":"[^"]*"'
$INDEX --quiet --db "$WORK/stray" "$SRC_TESTS/charsets/utf8-stray.html" || echo "utf8-stray: exit=$?"
$SEARCH --db "$WORK/stray" 金融街 专题调研 | sed -n 3,5p
