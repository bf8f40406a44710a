#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile and broken input, the light cases (bench/hostile.sh has the heavy ones): each gets a
# clear error or a correct result, and the rest of the batch is indexed.
#   - file names with spaces, a newline, and bytes that are not UTF-8
#   - symbolic link loops, a dangling link, a FIFO named like a page or like a WARC file
#   - a page of nothing but punctuation
#   - links planted in the index folder (lock, stub, layout, shard), and the modes it creates
#   - a file the indexer may not read (run as nobody, when setpriv and the user exist)
#   - a WARC file whose record claims 10 GB (plain and gzipped), between two good records
#   - a query of 10,000 words (refused) and of 1,000 (answered)
#   - a list of 100,000 links (read in linear time, repeated items dropped)
# usage: hostile.sh SRC_DIR BUILD_DIR
set -u
src=$1 build=$2
INDEX=$build/souwen-index SEARCH=$build/souwen-search
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset SOUWEN_DB
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
"$src/tests/gen_pages.sh" "$src/samples" "$work/gen" 6

# Names: a space, a newline, bytes that are not UTF-8 (Latin-1 and a lone continuation byte).
d=$work/names
mkdir -p "$d"
cp "$work/gen/p000001.txt" "$d/with space.txt"
cp "$work/gen/p000002.txt" "$d/new"$'\n'"line.txt"
cp "$work/gen/p000003.txt" "$d/caf"$'\xe9'"-"$'\x80'".txt"
out=$("$INDEX" --db "$work/db1" "$d" 2>&1)
rc=$?
check "odd file names in a folder are all indexed" '[[ $rc == 0 && $out == "3 pages indexed"* ]]'
out=$("$INDEX" --db "$work/db1b" "$d/with space.txt" "$d/new"$'\n'"line.txt" "$d/caf"$'\xe9'"-"$'\x80'".txt" 2>&1)
rc=$?
check "odd file names given as arguments are all indexed" '[[ $rc == 0 && $out == "3 pages indexed"* ]]'
j=$("$SEARCH" --db "$work/db1" --json --type article 第3篇 2>&1)
rc=$?
check "a path that is not UTF-8 is shown with U+FFFD in JSON" '[[ $rc == 0 && $j == *"\"path\":\"$d/caf�-�.txt\""* ]]'
j=$("$SEARCH" --db "$work/db1" --json --type article 第2篇 2>&1)
check "a path with a newline is escaped in JSON" '[[ $j == *"new\\nline.txt"* ]]'
check "--check passes" '"$INDEX" --db "$work/db1" --check >/dev/null'

# Links and special files: loops and dangling links inside a folder are not followed; given
# as arguments they are errors naming the path; a FIFO does not hang the batch.
d=$work/links
mkdir -p "$d/sub"
cp "$work/gen/p000004.txt" "$d/good.txt"
ln -s . "$d/sub/loop"
ln -s "$d" "$d/sub/up"
ln -s b.txt "$d/a.txt"
ln -s a.txt "$d/b.txt"
ln -s self.txt "$d/self.txt"
ln -s missing.txt "$d/dangling.txt"
mkfifo "$d/fifo.txt"
out=$(timeout 20 "$INDEX" --db "$work/db2" "$d" 2>&1)
rc=$?
check "a folder of link loops, a dangling link and a FIFO: its one page indexed, no error" \
    '[[ $rc == 0 && $out == "1 page indexed"* ]]'
out=$(timeout 20 "$INDEX" --db "$work/db2" "$d/a.txt" "$d/self.txt" "$d/dangling.txt" "$d/fifo.txt" "$d/sub/loop" "$work/gen/p000005.txt" 2>&1)
rc=$?
check "as arguments: each named with its reason, exit 1, the good page indexed" \
    '[[ $rc == 1 && $out == *"unable to open '"'$d/a.txt'"': Too many levels of symbolic links"* &&
       $out == *"unable to open '"'$d/self.txt'"'"* &&
       $out == *"unable to open '"'$d/dangling.txt'"': No such file or directory"* &&
       $out == *"'"'$d/fifo.txt'"' is not a regular file"* &&
       $out == *"no pages found under '"'$d/sub/loop'"'"* && $out == *"1 page indexed"*"5 failed files"* ]]'

# A FIFO named like a WARC file, given as PATH and on stdin: refused at once naming it (not
# waited on while the writer lock is held), and the page beside it indexed.
d=$work/fifo-warc
mkdir -p "$d"
mkfifo "$d/f.warc" "$d/g.warc.gz"
out=$(timeout 20 "$INDEX" --db "$work/db2w" "$d/f.warc" "$d/g.warc.gz" "$work/gen/p000005.txt" 2>&1)
rc=$?
check "FIFOs named *.warc and *.warc.gz as PATH: each named, exit 1, the good page indexed" \
    '[[ $rc == 1 && $out == *"'"'$d/f.warc'"' is not a regular file"* &&
       $out == *"'"'$d/g.warc.gz'"' is not a regular file"* && $out == *"1 page indexed"*"2 failed files"* ]]'
out=$(printf '%s\n' "$d/f.warc" "$work/gen/p000004.txt" | timeout 20 "$INDEX" --db "$work/db2x" - 2>&1)
rc=$?
check "a FIFO named *.warc on stdin: named, exit 1, the good page indexed" \
    '[[ $rc == 1 && $out == *"'"'$d/f.warc'"' is not a regular file"* && $out == *"1 page indexed"* ]]'

# Links planted in the index folder are never written through: a lock, stub, layout or shard
# that is a symbolic link is refused (exit 2, naming it), and the file it points to is intact;
# a link at the old fixed temporary name of the stub is simply not used.
"$INDEX" --quiet -j 2 --db "$work/dbl" "$work/gen/p000001.txt" "$work/gen/p000002.txt"
planted() { # NAME TARGET: a copy of the good index with dbl/NAME a link to TARGET
    rm -rf "$work/dbp" && cp -r "$work/dbl" "$work/dbp" && rm -rf "$work/dbp/$1" && ln -s "$2" "$work/dbp/$1"
}
echo precious >"$work/victim"
planted lock "$work/victim"
out=$("$INDEX" --db "$work/dbp" --compact 2>&1)
rc=$?
check "lock a link: --compact refused naming it (exit 2), the target intact" \
    '[[ $rc == 2 && $out == *"'"'$work/dbp/lock'"'"*"symbolic link"* && $(cat "$work/victim") == precious ]]'
out=$("$INDEX" --db "$work/dbp" "$work/gen/p000003.txt" 2>&1)
rc=$?
check "lock a link: indexing refused (exit 2), the target intact" \
    '[[ $rc == 2 && $out == *"symbolic link"* && $(cat "$work/victim") == precious ]]'
planted .xapian.stub.tmp "$work/victim"
out=$("$INDEX" --db "$work/dbp" "$work/gen/p000003.txt" 2>&1)
rc=$?
check "a link at .xapian.stub.tmp: the stub is written, the target intact (exit $rc)" \
    '[[ $rc == 0 && $(cat "$work/victim") == precious && $(cat "$work/dbp/xapian.stub") == "auto xapian"* ]]'
cp "$work/dbl/xapian.stub" "$work/stub-copy"
planted xapian.stub "$work/stub-copy"
out=$("$INDEX" --db "$work/dbp" "$work/gen/p000003.txt" 2>&1)
rc=$?
check "the stub a link: refused naming it (exit 2), its target intact" \
    '[[ $rc == 2 && $out == *"'"'$work/dbp/xapian.stub'"'"*"symbolic link"* && $(cat "$work/stub-copy") == "$(cat "$work/dbl/xapian.stub")" ]]'
cp "$work/dbl/shards" "$work/shards-copy"
planted shards "$work/shards-copy"
out=$("$INDEX" --db "$work/dbp" "$work/gen/p000003.txt" 2>&1)
rc=$?
check "the layout a link: refused naming it (exit 2)" \
    '[[ $rc == 2 && $out == *"'"'$work/dbp/shards'"'"*"symbolic link"* ]]'
out=$("$SEARCH" --db "$work/dbp" 第1篇 2>&1)
rc=$?
check "the layout a link: a search refuses it too (exit 2)" '[[ $rc == 2 && $out == *"symbolic link"* ]]'
rm -rf "$work/elsewhere" && cp -r "$work/dbl/xapian.1" "$work/elsewhere"
before=$(ls -l --time-style=+%s.%N "$work/elsewhere" | md5sum)
planted xapian.1 "$work/elsewhere"
out=$("$INDEX" --db "$work/dbp" "$work/gen/p000003.txt" "$work/gen/p000004.txt" 2>&1)
rc=$?
check "a shard a link: indexing refused naming it (exit 2), nothing written where it points" \
    '[[ $rc == 2 && $out == *"'"'$work/dbp/xapian.1'"'"*"symbolic link"* && $(ls -l --time-style=+%s.%N "$work/elsewhere" | md5sum) == "$before" ]]'
rm -rf "$work/dbn" "$work/empty" && mkdir -p "$work/dbn" "$work/empty" && ln -s "$work/empty" "$work/dbn/xapian"
out=$("$INDEX" --db "$work/dbn" "$work/gen/p000003.txt" 2>&1)
rc=$?
check "a new index whose first shard is a planted link: refused (exit 2), nothing written there" \
    '[[ $rc == 2 && $out == *"symbolic link"* && -z $(ls -A "$work/empty") ]]'
# Files 0644 and folders 0755 whatever the umask (a umask may take more away, never add).
(umask 0 && "$INDEX" --quiet --db "$work/dbm" "$work/gen/p000001.txt")
modes=$(stat -c '%a' "$work/dbm" "$work/dbm/lock" "$work/dbm/shards" "$work/dbm/xapian.stub" | tr '\n' ' ')
check "under umask 0: the index folder 755, lock, shards and stub 644 ($modes)" '[[ $modes == "755 644 644 644 " ]]'

# A page of punctuation only: refused with a reason; the page beside it is indexed.
d=$work/punct
mkdir -p "$d"
printf '，。！？……\n、、、；：“”\n\n——！！！\n' >"$d/punct.txt"
cp "$work/gen/p000006.txt" "$d/good.txt"
out=$("$INDEX" --db "$work/db3" "$d" 2>&1)
rc=$?
check "an all-punctuation page is refused, the other indexed" \
    '[[ $rc == 1 && $out == *"'"'$d/punct.txt'"' has no words: only punctuation, symbols or white space"* && $out == *"1 page indexed"* ]]'
check "the refusal is recorded for the next run" \
    '[[ $(sqlite3 "$work/db3/souwen.sqlite" "SELECT count(*) FROM failures" 2>/dev/null || echo 1) == 1 ]]'

# A file the indexer may not read: as root every file is readable, so run as nobody.
if [[ $EUID == 0 ]] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    d=$work/perm
    mkdir -p "$d/closed"
    cp "$work/gen/p000001.txt" "$d/secret.txt"
    cp "$work/gen/p000002.txt" "$d/open.txt"
    cp "$work/gen/p000003.txt" "$d/closed/inside.txt"
    chmod 000 "$d/secret.txt" "$d/closed"
    chmod 755 "$work"
    mkdir -p "$work/db4" && chown nobody "$work/db4"
    out=$(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$INDEX" --db "$work/db4" "$d" 2>&1)
    rc=$?
    check "an unreadable file and folder are named, the readable page indexed" \
        '[[ $rc == 1 && $out == *"unable to open '"'$d/secret.txt'"': Permission denied"* &&
           $out == *"unable to read '"'$d/closed'"': Permission denied"* && $out == *"1 page indexed"* ]]'
else
    echo "skipped: an unreadable file (needs root, setpriv and the user nobody)"
fi

# A WARC record that claims 10 GB: reported with the file and its byte offset, never read into
# memory, and the good records before and after it indexed.
w=$work/warc
mkdir -p "$w"
record() { # URI BODY [CLAIMED_LENGTH]
    local http len
    http=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%s' "$2")
    len=${3:-$(printf '%s' "$http" | wc -c)}
    printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: 2026-02-03T01:00:00Z\r\n' "$1"
    printf 'Content-Type: application/http; msgtype=response\r\nContent-Length: %s\r\n\r\n%s\r\n\r\n' "$len" "$http"
}
page() { printf '<html><head><title>%s</title></head><body><h1>%s</h1><p>%s。%s。%s。</p></body></html>' "$1" "$1" "$2" "$2" "$2"; }
{
    record https://hostile.example.cn/a.html "$(page 城市地铁新线开通 早高峰客流平稳有序乘客出行方便)"
    record https://hostile.example.cn/huge.html "$(page 巨型记录 这条记录声称自己有十个吉字节)" 10737418240
    record https://hostile.example.cn/b.html "$(page 冬季运动会开幕在即 场馆全部就绪志愿者到位)"
} >"$w/huge.warc"
gzip -c "$w/huge.warc" >"$w/huge.warc.gz"
for f in huge.warc huge.warc.gz; do
    out=$(/usr/bin/time -f 'rss=%M' "$INDEX" --db "$work/db6-$f" "$w/$f" 2>&1)
    rc=$?
    rss=$(grep -o 'rss=[0-9]*' <<<"$out" | cut -d= -f2)
    check "$f: the 10 GB claim is an error naming the file and offset (exit 1), peak RSS ${rss} KB" \
        '[[ $rc == 1 && $out == *"$w/$f"* && $out == *byte* ]] && ((rss < 100000))'
    check "$f: the good record before it is indexed" \
        '"$INDEX" --db "$work/db6-$f" --show https://hostile.example.cn/a.html >/dev/null'
    check "$f: the good record after it is indexed (the claim swallowed it; it is read again)" \
        '"$INDEX" --db "$work/db6-$f" --show https://hostile.example.cn/b.html >/dev/null'
done

# A query of 10,000 words: a clear refusal at once (souwen takes 1,024 terms: Xapian's
# matcher slows down far more than linearly past that); 1,000 words: an answer, quickly.
"$INDEX" --quiet --db "$work/db5" "$src/samples"
q=$(for ((i = 0; i < 10000; i++)); do printf 'w%d ' "$i"; done)
start=$(date +%s%N)
out=$(timeout 60 "$SEARCH" --db "$work/db5" $q 2>&1)
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "10,000 words: refused with a message (exit 2) in ${ms} ms" \
    '[[ $rc == 2 && $out == *"query is too long"* ]] && ((ms < 5000))'
q=$(for ((i = 0; i < 1000; i++)); do printf 'w%d ' "$i"; done)
out=$(timeout 60 "$SEARCH" --db "$work/db5" --strict $q 2>&1)
rc=$?
check "1,000 words that all must match (--strict): no hits (exit 1)" \
    '[[ $rc == 1 && $out == "0 stories (0 pages)" ]]'
start=$(date +%s%N)
out=$(timeout 60 "$SEARCH" --db "$work/db5" --limit 1 $q 人工智能 2>&1)
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "1,000 words and 人工智能: a page holding 人工智能 is a partial match (exit 0) in ${ms} ms" \
    '[[ $rc == 0 && $out == "0 stories (0 pages)"*"partial matches, without w0 w1 "* &&
       $out == *人工智能* ]] && ((ms < 5000))'
start=$(date +%s%N)
out=$(timeout 60 "$SEARCH" --db "$work/db5" --any --limit 1 $q 人工智能 2>&1)
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "1,000 words, any may match: the hit is found in ${ms} ms" \
    '[[ $rc == 0 && $out == *人工智能* ]] && ((ms < 5000))'
# A list of 100,000 links, one in a thousand a repeat of the one before: read in linear time
# (the repeat check once compared every item with every earlier one: 26 s), repeats dropped.
awk 'BEGIN { print "<html><head><title>滚动新闻</title></head><body><h2>滚动新闻</h2><ul>";
    for (k = 0; k < 100000; k++) { i = k - (k % 1000 == 999);
        printf "<li><a href=\"/n/%d.html\">第%d条滚动新闻标题</a></li>\n", i, i }
    print "</ul></body></html>" }' >"$work/list100k.html"
start=$(date +%s%N)
out=$(timeout 120 "$INDEX" --db "$work/db6" --show "$work/list100k.html" 2>&1)
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
n=$(grep -o '"time":' <<<"$out" | wc -l)
check "a list of 100,000 links is read in ${ms} ms with its 99,900 distinct items ($n)" \
    '[[ $rc == 0 && $n == 99900 ]] && ((ms < 15000))'
exit $fail
