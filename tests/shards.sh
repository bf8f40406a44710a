#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Shards: -j N, --compact, several --db, and shards served by xapian-tcpsrv.
#
# The same pages give the same results (every field) whether indexed with -j 1 or -j 2,
# searched with souwen-search's second thread or on one CPU, and after --compact; an index that gains shards later still passes --check. Two indexes
# built apart and searched together -- as folders, and as two xapian-tcpsrv servers on
# loopback -- give the results of one index built from all their pages (every field but
# "id", which is a document's id within its own index, and "db", which names that index). A
# server that is not there, and a malformed tcp:// address, are refused with a message naming
# them (exit 2).
# usage: shards.sh SRC_DIR BUILD_DIR
set -u
src=$1 build=$2
INDEX=$build/souwen-index SEARCH=$build/souwen-search
command -v xapian-tcpsrv >/dev/null || { echo "skipped: xapian-tcpsrv (xapian-tools) is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-shards.XXXXXX")
servers=()
trap 'kill "${servers[@]}" 2>/dev/null; rm -rf "$work"' EXIT
unset SOUWEN_DB SOUWEN_JOBS
fail=0
die() { echo "FAIL: $*"; fail=1; }

queries=(人工智能 欧洲 "算力 OR 芯片" "\"开源 模型\"" "title:人工智能" "type:headline 地铁"
         "date:2026-02-01..2026-02-03 人工智能" 足球 "市场 -芯片" 电动机车 社区 计划)
# The results of every query, one JSON line per hit; $1: what to drop ("id" or nothing).
# listed_first and listed_last that are index times (pages without a fetch time; ending in Z)
# are the second each index read them, so they are masked.
results() {
    local mask='s/"listed_(first|last)":"[^"]*Z"/"listed_\1":"T"/g'
    [[ $1 == id ]] && mask+='; s/"id":[0-9]*,//; s/,"db":"[^"]*"//'
    shift
    for q in "${queries[@]}"; do
        echo "# $q"
        "$SEARCH" --json --limit 20 "$@" "$q" | sed -E "$mask"
    done
}
# The counts of every query: stories, pages, and each facet (exact wherever the index is).
counts() {
    for q in "${queries[@]}"; do
        echo "# $q"
        "$SEARCH" --count "$@" "$q" || true
        "$SEARCH" --count --all-copies "$@" "$q" || true
        "$SEARCH" --json --facet site --facet source --facet section --facet type --facet day \
            "$@" "$q" || true
    done
}
# Every hit of every query (--all), in a stable order: index order differs between layouts.
every() {
    for q in "${queries[@]}"; do
        echo "# $q"
        "$SEARCH" --all --format tsv "$@" "$q" | cut -f2-10 | sort
    done
}

# -j 1 and -j 2 give the same documents, the same ids and the same ranking.
$INDEX --quiet -j 1 --db "$work/j1" "$src/samples" "$src/tests/pages" 2>/dev/null
$INDEX --quiet -j 2 --db "$work/j2" "$src/samples" "$src/tests/pages" 2>/dev/null
results keep --db "$work/j1" >"$work/r-j1"
results keep --db "$work/j2" >"$work/r-j2"
(($(grep -vc '^#' "$work/r-j1") > 30)) || die "too few hits to compare: $(grep -vc '^#' "$work/r-j1")"
# A second thread resolves half of each page's hits once it has opened (--queries, after the
# first queries): the same hits as on one CPU, where it does not start.
if command -v taskset >/dev/null; then
    for k in 1 2 3; do printf '%s\n' "${queries[@]}"; done >"$work/queries.txt"
    "$SEARCH" --json --limit 20 --db "$work/j2" --queries "$work/queries.txt" >"$work/q-two"
    taskset -c 0 "$SEARCH" --json --limit 20 --db "$work/j2" --queries "$work/queries.txt" \
        >"$work/q-one"
    (($(wc -l <"$work/q-one") > 90)) || die "too few hits to compare: $(wc -l <"$work/q-one")"
    cmp -s "$work/q-one" "$work/q-two" ||
        die "hits differ with a second thread: $(diff "$work/q-one" "$work/q-two" | head -5)"
fi
cmp -s "$work/r-j1" "$work/r-j2" || die "-j 2 ranks otherwise than -j 1: $(diff "$work/r-j1" "$work/r-j2" | head -5)"
[[ $($INDEX --db "$work/j2" --stats | grep '^shards') == "shards: 2" ]] || die "-j 2 did not make 2 shards"
$INDEX --db "$work/j2" --check >/dev/null || die "--check of the -j 2 index fails"
counts --db "$work/j1" >"$work/c-j1"
counts --db "$work/j2" >"$work/c-j2"
cmp -s "$work/c-j1" "$work/c-j2" || die "-j 2 counts otherwise than -j 1: $(diff "$work/c-j1" "$work/c-j2" | head -5)"
(($(grep -c '"facet"' "$work/c-j1") > 50)) || die "too few facet rows to compare: $(grep -c '"facet"' "$work/c-j1")"
every --db "$work/j1" >"$work/a-j1"
every --db "$work/j2" >"$work/a-j2"
cmp -s "$work/a-j1" "$work/a-j2" || die "--all over 2 shards differs from 1: $(diff "$work/a-j1" "$work/a-j2" | head -5)"
(($(grep -vc '^#' "$work/a-j1") > 30)) || die "too few --all hits to compare: $(grep -vc '^#' "$work/a-j1")"

# A run that adds at least SOUWEN_TEST_COMPACT_AFTER documents (10,000 unless set) and at
# least as many as the index held compacts each shard on its own: the same shards and
# results, under new names; a run that adds fewer does not.
out=$(SOUWEN_TEST_COMPACT_AFTER=1 $INDEX -j 2 --db "$work/auto" "$src/samples" "$src/tests/pages" 2>/dev/null)
[[ $out == *"index compacted: 2 shards, "*" documents, "* ]] ||
    die "a first run over the threshold did not compact: $out"
[[ $(grep '^shard ' "$work/auto/shards" | tr '\n' ' ') != "shard xapian shard xapian.1 " ]] ||
    die "the compacted shards kept their names"
[[ $($INDEX --db "$work/auto" --stats | grep '^shards') == "shards: 2" ]] || die "compacting changed the number of shards"
results keep --db "$work/auto" >"$work/r-auto"
cmp -s "$work/r-j2" "$work/r-auto" || die "compacting changed the results: $(diff "$work/r-j2" "$work/r-auto" | head -5)"
$INDEX --db "$work/auto" --check >/dev/null || die "--check after compacting fails"
[[ $(ls "$work/auto" | grep '^xapian' | grep -vc stub) == 2 ]] ||
    die "old shards left: $(ls "$work/auto" | tr '\n' ' ')"
cp "$src/tests/pages/article.txt" "$work/one.txt"
sed -i 's/江南大学/东岸大学/g' "$work/one.txt"
out=$(SOUWEN_TEST_COMPACT_AFTER=1 $INDEX -j 2 --db "$work/auto" "$work/one.txt" 2>/dev/null)
[[ $out != *compacted* ]] || die "a run adding less than the index held compacted it: $out"
"$SEARCH" --db "$work/auto" --limit 1 东岸大学 >/dev/null || die "a page indexed after compacting is not found"
out=$($INDEX -j 2 --db "$work/below" "$src/samples" 2>/dev/null)
[[ $out != *compacted* ]] || die "a run under 10,000 documents compacted: $out"
# --no-compact: the same first run over the threshold leaves its shards as written.
out=$(SOUWEN_TEST_COMPACT_AFTER=1 $INDEX -j 2 --no-compact --db "$work/asked" "$src/samples" "$src/tests/pages" 2>/dev/null)
[[ $out != *compacted* && $(grep '^shard ' "$work/asked/shards" | tr '\n' ' ') == "shard xapian shard xapian.1 " ]] ||
    die "a run with --no-compact compacted: $out"
out=$($INDEX --no-compact --compact --db "$work/asked" 2>&1)
[[ $? == 2 && $out == *"--no-compact and --compact"* ]] || die "--no-compact --compact is not refused: $out"

# --compact: one shard, the same results; more jobs later spread new pages again.
out=$($INDEX --db "$work/j2" --compact) || die "--compact exits $?"
[[ $out == "index compacted into one database: "*" documents, "* ]] || die "--compact says: $out"
[[ $($INDEX --db "$work/j2" --stats | grep '^shards') == "shards: 1" ]] || die "--compact left more than one shard"
results keep --db "$work/j2" >"$work/r-compact"
cmp -s "$work/r-j1" "$work/r-compact" || die "--compact changed the results: $(diff "$work/r-j1" "$work/r-compact" | head -5)"
ls "$work/j2" | grep -qx xapian.1 && die "--compact left the old shard xapian.1 behind"
cp "$src/tests/pages/article.txt" "$work/new.txt"
sed -i 's/江南大学/北岸大学/g' "$work/new.txt"
$INDEX --quiet -j 3 --db "$work/j2" "$work/new.txt" || die "indexing after --compact exits $?"
[[ $($INDEX --db "$work/j2" --stats | grep '^shards') == "shards: 3" ]] || die "-j 3 after --compact did not widen to 3 shards"
$INDEX --db "$work/j2" --check >/dev/null || die "--check after widening fails"
"$SEARCH" --db "$work/j2" --limit 1 北岸大学 >/dev/null || die "a page indexed after widening is not found"

# Two indexes built apart, searched together, equal one index of all their pages.
$INDEX --quiet -j 2 --db "$work/a" "$src/samples" 2>/dev/null
$INDEX --quiet -j 1 --db "$work/b" "$src/tests/pages" 2>/dev/null
results id --db "$work/j1" >"$work/r-one"
results id --db "$work/a" --db "$work/b" >"$work/r-multi"
cmp -s "$work/r-one" "$work/r-multi" || die "--db a --db b differs from one index: $(diff "$work/r-one" "$work/r-multi" | head -5)"
counts --db "$work/a" --db "$work/b" >"$work/c-multi"
cmp -s "$work/c-j1" "$work/c-multi" || die "--db a --db b counts otherwise than one index: $(diff "$work/c-j1" "$work/c-multi" | head -5)"

# The same two, each served by its own xapian-tcpsrv on loopback.
# Starts xapian-tcpsrv on a free loopback port for index folder $1; sets $port (not in a
# subshell, so that the EXIT trap knows every server it has to stop).
start_server() {
    local pid
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        port=$((20000 + RANDOM % 30000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue # taken
        # In a session of its own: on SIGTERM xapian-tcpsrv signals its whole process group.
        setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$1/xapian.stub" \
            >"$work/srv-$port.log" 2>&1 &
        pid=$!
        servers+=("$pid")
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
            sleep 0.1
        done
        kill "$pid" 2>/dev/null
    done
    return 1
}
start_server "$work/a" && pa=$port || die "xapian-tcpsrv did not start for index a"
start_server "$work/b" && pb=$port || die "xapian-tcpsrv did not start for index b"
if [[ -n ${pa:-} && -n ${pb:-} ]]; then
    results id --db "tcp://127.0.0.1:$pa" --db "tcp://127.0.0.1:$pb" >"$work/r-tcp"
    cmp -s "$work/r-one" "$work/r-tcp" || die "two xapian-tcpsrv servers differ from one index: $(diff "$work/r-one" "$work/r-tcp" | head -5)"
    # A remote shard and a local one together.
    results id --db "tcp://127.0.0.1:$pa" --db "$work/b" >"$work/r-mixed"
    cmp -s "$work/r-one" "$work/r-mixed" || die "a remote and a local index together differ from one index"
    # Counts run Xapian's match spy on each server: the same exact counts.
    counts --db "tcp://127.0.0.1:$pa" --db "tcp://127.0.0.1:$pb" >"$work/c-tcp"
    cmp -s "$work/c-j1" "$work/c-tcp" || die "counts over two servers differ from one index: $(diff "$work/c-j1" "$work/c-tcp" | head -5)"
    counts --db "tcp://127.0.0.1:$pa" --db "$work/b" >"$work/c-mixed"
    cmp -s "$work/c-j1" "$work/c-mixed" || die "counts over a server and a folder differ from one index"
    # --all streams from local indexes only: a clear refusal, nothing written.
    out=$("$SEARCH" --all --db "tcp://127.0.0.1:$pa" 人工智能 2>&1); rc=$?
    [[ $rc == 2 && $out == *"local indexes only"* ]] || die "--all over xapian-tcpsrv: exit $rc: $out"
    echo "two servers on ports $pa and $pb: $(grep -vc '^#' "$work/r-tcp") hits over ${#queries[@]} queries equal one index"
fi

# The same over IPv6: tcp://[::1]:PORT. Xapian's own server and client speak IPv4 only, so a
# forwarder listens on [::1] (as a proxy in front of xapian-tcpsrv would) and passes each
# connection to the two servers' loopback IPv4 ports; souwen-search must reach it over IPv6.
if [[ -n ${pa:-} && -n ${pb:-} ]] && command -v python3 >/dev/null && [[ -e /proc/net/if_inet6 ]] &&
    python3 -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
    forward() { # IPV4_PORT: prints the [::1] port it listens on, then forwards until killed
        exec python3 -u -c '
import socket, sys, threading
to = int(sys.argv[1])
lis = socket.socket(socket.AF_INET6)
lis.bind(("::1", 0))
lis.listen(8)
print(lis.getsockname()[1])
def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
while True:
    c, _ = lis.accept()
    u = socket.create_connection(("127.0.0.1", to))
    threading.Thread(target=pipe, args=(c, u), daemon=True).start()
    threading.Thread(target=pipe, args=(u, c), daemon=True).start()
' "$1"
    }
    forward "$pa" >"$work/fwd-a" 2>&1 &
    servers+=("$!")
    forward "$pb" >"$work/fwd-b" 2>&1 &
    servers+=("$!")
    for _ in $(seq 100); do
        qa=$(head -1 "$work/fwd-a") qb=$(head -1 "$work/fwd-b")
        [[ $qa == [0-9]* && $qb == [0-9]* ]] && break
        sleep 0.1
    done
    results id --db "tcp://[::1]:$qa" --db "tcp://[::1]:$qb" >"$work/r-tcp6" 2>"$work/r-tcp6.err"
    cmp -s "$work/r-one" "$work/r-tcp6" ||
        die "tcp://[::1]:PORT differs from one index: $(head -3 "$work/r-tcp6.err"; diff "$work/r-one" "$work/r-tcp6" | head -5)"
    echo "two servers through [::1] ports $qa and $qb: equal one index"
else
    echo "skipped: tcp://[::1] (no IPv6 loopback or python3)"
fi

# Refused: nobody listening, a malformed address, a folder that is not an index.
dead=$((20000 + RANDOM % 30000))
out=$("$SEARCH" --db "tcp://127.0.0.1:$dead" 人工智能 2>&1); rc=$?
[[ $rc == 2 && $out == *"tcp://127.0.0.1:$dead"* ]] || die "a server that is not there: exit $rc: $out"
out=$("$SEARCH" --db tcp://127.0.0.1 人工智能 2>&1); rc=$?
[[ $rc == 2 && $out == *"'tcp://127.0.0.1' is not tcp://HOST:PORT"* ]] || die "tcp:// without a port: exit $rc: $out"
out=$("$SEARCH" --db "$work/a" --db "$work" 人工智能 2>&1); rc=$?
[[ $rc == 2 && $out == *"'$work' is not a souwen index"* ]] || die "a second --db that is not an index: exit $rc: $out"
out=$($INDEX --db "$work/a" -j 0 "$src/samples" 2>&1); rc=$?
[[ $rc == 2 && $out == *"-j needs a whole number from 1 to 64, not '0'"* ]] || die "-j 0: exit $rc: $out"
echo bad >"$work/a/shards"
out=$("$SEARCH" --db "$work/a" 人工智能 2>&1); rc=$?
[[ $rc == 2 && $out == *"shard list '$work/a/shards' is damaged at line 1"* ]] || die "a damaged shard list: exit $rc: $out"
((fail)) && exit 1
echo "shards ok"
