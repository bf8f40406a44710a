#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# History benchmark (issue 14, "Every capture kept"): one crawl of SIZE MB of news pages as
# WARC files, indexed, then the same crawl three times more, a week apart and unchanged, then
# once with 10 % of its pages edited. Prints, per crawl, wall time, MB/s, and how much the
# store (the SQLite file) and the whole index folder grew; then a table of the issue's targets
# with PASS or MISS:
#   an unchanged re-crawl at >= 50 MB/s (HTML payload MB / wall seconds), each of crawls 2-4;
#   the store growing by < 5 % per unchanged crawl;
#   the edited crawl growing the store by at most the edited texts, zlib-compressed (the
#   versions table alone, the whole store, and the whole store beyond what the unchanged
#   crawl before it added, each compared).
# Besides: crawl 1 indexed again on its own UTC+8 day (a copy of the index after crawl 1),
# against crawl 2, the same bytes a week later (seen: values change with the day).
#
# usage: bench/history.sh [--size MB] [--build DIR] [--out DIR]
#   --size   MB of HTML per crawl (default 100)
#   --build  the CMake build folder to use (default build/); configured and built here
#   --out    where crawls, indexes and figures go (default $TMPDIR/souwen-bench, else
#            /tmp/souwen-bench; this run in OUT/history-SIZE); never inside the repository;
#            crawls already there are reused
# Crawls: ../shared/data/news_xwlb_cctv through bench/history_crawl.py; without that data the
# benchmark is skipped (exit 0). Figures also in OUT/history-SIZE/results.json. Never run by
# ctest. See README.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
size=100
build=$top/build
out=${TMPDIR:-/tmp}/souwen-bench
while (($#)); do
    case $1 in
        --size) size=${2%[Mm]}; shift 2 ;;
        --size=*) size=${1#*=}; size=${size%[Mm]}; shift ;;
        --build) build=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "history.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[[ $size =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "history.sh: --size is a number of MB, not '$size'" >&2; exit 2; }
data=$top/../shared/data/news_xwlb_cctv
if [[ ! -d $data/news ]]; then
    echo "history.sh: skipped: no CCTV news data in '$data' (the crawls are made from it)"
    exit 0
fi
build=$(mkdir -p "$build" && cd "$build" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
case $out/ in "$top"/*) echo "history.sh: --out must be outside the repository" >&2; exit 2 ;; esac
py=/usr/bin/python3
[[ -x $py ]] || py=python3
export PYTHONDONTWRITEBYTECODE=1
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

log "building in $build"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target souwen-index >/dev/null

d=$out/history-${size}M
mkdir -p "$d"
# The crawls are kept between runs; they are written again only when missing or unfinished.
if [[ ! -f $d/crawls.done ]]; then
    log "writing the crawls from $data"
    rm -rf "$d/crawls"
    "$py" "$top/bench/history_crawl.py" "$data" "$d/crawls" "$size" >"$d/crawls.done"
fi
cat "$d/crawls.done" >&2
rm -rf "$d/db" "$d/db-same" "$d/m"
mkdir -p "$d/m"

# measure NAME DB: the index folder's size, the store's (souwen.sqlite and its WAL, if any)
# and its tables' (SQLite's dbstat: pages each table and index takes), into m/NAME.json.
measure() {
    "$py" - "$2" >"$d/m/$1.json" <<'EOF'
import glob, json, os, sqlite3, sys
db = sys.argv[1]
folder = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(db) for f in fs)
path = os.path.join(db, "souwen.sqlite")
wal = os.path.getsize(path + "-wal") if os.path.exists(path + "-wal") else 0
store = os.path.getsize(path) + wal
# immutable: the reading leaves no -shm or -wal behind (souwen-index has checkpointed its WAL).
c = sqlite3.connect(f"file:{path}?{'mode=ro' if wal else 'immutable=1'}", uri=True)
tables = {n: [size, used] for n, size, used in
          c.execute("SELECT name, sum(pgsize), sum(payload) FROM dbstat GROUP BY name")}
versions_z, versions = c.execute("SELECT coalesce(sum(length(text)), 0), count(*) FROM versions").fetchone()
captures = c.execute("SELECT count(*) FROM captures").fetchone()[0]
json.dump({"folder": folder, "store": store, "tables": tables, "versions_text": versions_z,
           "versions": versions, "captures": captures}, sys.stdout)
EOF
}

# index NAME DB: crawl NAME indexed into DB at -j 2; wall time and --timings into m/NAME.time
# and m/NAME.timings, then measured.
index() {
    # The writes before (a crawl, a copy) reach the disk first: a re-crawl comes a week later,
    # and the kernel's flushing of them took up to a third of one's time.
    sync
    log "crawl $1: load $(cut -d' ' -f1-3 /proc/loadavg)"
    cut -d' ' -f1 /proc/loadavg >"$d/m/$1.load"
    local t0 t1
    t0=$(date +%s.%N)
    "$build/souwen-index" --db "$2" -j 2 --quiet --timings "$d/crawls/$1"/*.warc.gz \
        2>"$d/m/$1.stderr"
    t1=$(date +%s.%N)
    echo "$t0 $t1" | awk '{printf "%.3f\n", $2 - $1}' >"$d/m/$1.time"
    sed -n 's/^souwen-index timings: //p' "$d/m/$1.stderr" >"$d/m/$1.timings"
    measure "$1" "$2"
}

index c1 "$d/db"
cp -a "$d/db" "$d/db-same"
index c1-same "$d/db-same"
# What a run costs whatever it reads (the lock, the store's checks at open, the shards, the
# close): a WARC of one warcinfo record, into the same copy.
mkdir -p "$d/crawls/empty"
printf 'WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Date: 2026-03-02T02:00:00Z\r\nContent-Length: 0\r\n\r\n\r\n\r\n' \
    >"$d/crawls/empty/empty.warc"
t0=$(date +%s.%N)
"$build/souwen-index" --db "$d/db-same" -j 2 --quiet "$d/crawls/empty/empty.warc"
echo "$t0 $(date +%s.%N)" | awk '{printf "%.3f\n", $2 - $1}' >"$d/m/empty.time"
rm -rf "$d/db-same"
for c in c2 c3 c4 c5; do index "$c" "$d/db"; done

"$py" - "$d" <<'EOF'
import json, os, sys
d = sys.argv[1]
crawls = json.load(open(os.path.join(d, "crawls", "crawls.json")))
m = {}
for name in ["c1", "c1-same", "c2", "c3", "c4", "c5"]:
    f = lambda ext: open(os.path.join(d, "m", f"{name}.{ext}")).read().strip()
    m[name] = json.loads(f("json"))
    m[name]["wall"] = float(f("time"))
    m[name]["timings"] = json.loads(f("timings") or "{}")
    m[name]["load"] = float(f("load"))
MB = 1e6
html = crawls["c1"]["html_bytes"]

def versions_bytes(x, used=0):
    return sum(v[used] for k, v in x["tables"].items()
               if k in ("versions", "sqlite_autoindex_versions_1"))

def table_growth(a, b):
    """Bytes of SQLite pages each table or index gained from a to b, largest first."""
    d = {k: v[0] - a["tables"].get(k, [0])[0] for k, v in b["tables"].items()}
    return {k: v for k, v in sorted(d.items(), key=lambda x: -x[1]) if v}

rows, results = [], {"crawls": crawls, "measured": m}
print(f"\nhistory benchmark: {crawls['c1']['pages']} pages, {html / MB:.1f} MB of HTML per crawl "
      f"({crawls['c1']['warc_bytes'] / MB:.1f} MB of .warc.gz), souwen-index -j 2, in {d}\n")
print(f"{'crawl':<9} {'date':<11} {'wall s':>8} {'MB/s':>7} {'store MB':>9} {'store +B':>11} "
      f"{'store +%':>8} {'folder MB':>9} {'folder +B':>11} {'versions':>8} {'captures':>8}  load")
before = {"c1": None, "c1-same": "c1", "c2": "c1", "c3": "c2", "c4": "c3", "c5": "c4"}
for name, x in m.items():
    b = m[before[name]] if before[name] else {"store": 0, "folder": 0}
    x["mbps"] = html / MB / x["wall"]
    x["store_growth"] = x["store"] - b["store"]
    x["store_growth_pct"] = 100 * x["store_growth"] / b["store"] if b["store"] else None
    x["folder_growth"] = x["folder"] - b["folder"]
    pct = f"{x['store_growth_pct']:.2f}" if x["store_growth_pct"] is not None else "-"
    print(f"{name:<9} {crawls[name]['from'][:10]:<11} {x['wall']:>8.2f} {x['mbps']:>7.1f} "
          f"{x['store'] / MB:>9.1f} {x['store_growth']:>11,} {pct:>8} {x['folder'] / MB:>9.1f} "
          f"{x['folder_growth']:>11,} {x['versions']:>8} {x['captures']:>8}  {x['load']:.2f}")
print("\n(c1-same: crawl 1 again 3 hours later, the same UTC+8 day, into a copy of the index "
      "after c1; c2-c4: one, two, three weeks later; c5: four weeks later, "
      f"{crawls['c5']['edited']} pages edited; store = souwen.sqlite; folder = the whole index)")
print("\nseconds per stage (souwen-index --timings; fetch..commit summed over the 2 writers):")
stages = ["read", "parse", "store", "fetch", "segment", "xapian", "commit", "wall"]
print(f"{'crawl':<9} " + " ".join(f"{s:>8}" for s in stages))
for name, x in m.items():
    print(f"{name:<9} " + " ".join(f"{x['timings'].get(s, 0):>8.3f}" for s in stages))

c5, c4 = m["c5"], m["c4"]
v_growth = versions_bytes(c5) - versions_bytes(c4)
vt_growth = c5["versions_text"] - c4["versions_text"]
z = crawls["c5"]["edited_zlib"]
print(f"\ncrawl 5: {crawls['c5']['edited']} pages edited; their article texts (paragraphs joined "
      f"by '\\n', UTF-8) are {crawls['c5']['edited_raw']:,} bytes, {z:,} zlib-compressed "
      f"(level 6, each text on its own, summed)")
vp_growth = versions_bytes(c5, 1) - versions_bytes(c4, 1)
print(f"  versions table + its index grew {v_growth:,} bytes of SQLite pages, {vp_growth:,} bytes "
      f"of records (title, hash, page and text, keys); the compressed texts in it "
      f"{vt_growth:,} bytes; {c5['versions'] - c4['versions']} rows")
print(f"  whole store grew {c5['store_growth']:,} bytes; whole index folder {c5['folder_growth']:,}")
print("\nstore growth by table and index (SQLite pages, bytes):")
for name, prev in [("c2", "c1"), ("c5", "c4")]:
    g = table_growth(m[prev], m[name])
    print(f"  {name}: " + ", ".join(f"{k} {v:,}" for k, v in g.items()))
    results[f"{name}_table_growth"] = g
same, c2 = m["c1-same"], m["c2"]
print(f"\nthe same bytes on crawl 1's own day {same['wall']:.2f} s ({same['mbps']:.1f} MB/s), "
      f"a week later (c2) {c2['wall']:.2f} s ({c2['mbps']:.1f} MB/s): a new day costs "
      f"{c2['wall'] - same['wall']:.2f} s ({100 * (c2['wall'] - same['wall']) / c2['wall']:.0f} % of c2)")
empty = float(open(os.path.join(d, "m", "empty.time")).read())
results["empty_run_wall"] = empty
print(f"a run that reads nothing (a WARC of one warcinfo record) takes {empty:.2f} s on this store "
      f"(opening: lock, the store's checks, the shards; closing); of crawl 1 again on its own day, "
      f"{same['timings'].get('read', 0):.2f} s is reading the WARC files and about "
      f"{same['wall'] - empty - same['timings'].get('read', 0):.2f} s the rest (hashing, one look-up "
      f"and capture row per page)")

targets = []
for name in ["c2", "c3", "c4"]:
    x = m[name]
    targets.append((f"{name} unchanged re-crawl >= 50 MB/s", f"{x['mbps']:.1f} MB/s", x["mbps"] >= 50))
for name in ["c2", "c3", "c4"]:
    x = m[name]
    targets.append((f"{name} store growth < 5 %", f"{x['store_growth_pct']:.2f} % ({x['store_growth']:,} B)",
                    x["store_growth_pct"] < 5))
targets.append(("c5 versions growth <= edited texts, zlib", f"{v_growth:,} B vs {z:,} B", v_growth <= z))
targets.append(("c5 store growth <= edited texts, zlib", f"{c5['store_growth']:,} B vs {z:,} B",
                c5["store_growth"] <= z))
# Every crawl adds its capture rows; what the edits add is the growth beyond an unchanged
# crawl's (c4, the one before).
extra = c5["store_growth"] - m["c4"]["store_growth"]
targets.append(("c5 store growth beyond c4's <= edited, zlib", f"{extra:,} B vs {z:,} B", extra <= z))
print("\ntarget                                     measured                        result")
for t, got, ok in targets:
    print(f"{t:<42} {got:<31} {'PASS' if ok else 'MISS'}")
results["targets"] = [{"target": t, "measured": got, "pass": ok} for t, got, ok in targets]
results["versions_growth"], results["versions_text_growth"] = v_growth, vt_growth
json.dump(results, open(os.path.join(d, "results.json"), "w"), indent=1)
EOF
