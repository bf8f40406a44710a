# SPDX-License-Identifier: GPL-2.0-or-later
"""The measuring steps of bench/run.sh, one subcommand each; every step prints JSON.

    bench.py index   --bin souwen-index --db DIR --jobs N --input DIR
    bench.py queries --words WORDS.tsv --n 1200 > queries.tsv
    bench.py search  --bin souwen-search --db DIR --queries queries.tsv --cold N --work DIR
    bench.py peers   --input DIR --queries queries.tsv --work DIR
    bench.py html    --bin souwen-index --db DIR --input HTML_DIR --work DIR
    bench.py report  --out DIR SIZE...

The query set (queries.tsv: kind, then the query in souwen's syntax) is drawn
from the words souwen-bench-floors wrote for every 10th article: one word, two
words, a phrase of two adjacent words, a title: word, and a word within the
article's month (date:). Words are tokens of two or more Chinese characters as
ICU cut them. The peers run the same lines, translated to what they can
express (see Peer).

souwen-index's -j and --timings and souwen-search's --queries and --timings
are used when their --help lists them; otherwise the figure is left out and
marked pending, and the rest is measured as before.

Standard library plus python3-xapian (Debian), and bench/quality/engines.py.
"""
import argparse
import calendar
import csv
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "quality"))
import engines  # noqa: E402  (bench/quality/engines.py: the peers as the relevance bench runs them)

HAN = re.compile(r"^[\u3400-\u9fff]{2,}$")


def shard_names(db):
    """The shard folders of a souwen index: its `shards` file's, else the one `xapian`."""
    try:
        with open(os.path.join(db, "shards"), encoding="utf-8") as f:
            names = [l.split(None, 1)[1].strip() for l in f if l.startswith("shard ")]
    except OSError:
        names = []
    return names or ["xapian"]


def du(path):
    """Bytes of the files under path (apparent size)."""
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            p = os.path.join(root, f)
            if not os.path.islink(p):
                total += os.path.getsize(p)
    return total


def pct(values, p):
    """Nearest-rank percentile of values (None when empty)."""
    if not values:
        return None
    v = sorted(values)
    return v[max(0, min(len(v) - 1, int(round(p / 100 * len(v) + 0.5)) - 1))]


def latency(ms):
    return {"n": len(ms), "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95), "p99_ms": pct(ms, 99),
            "mean_ms": statistics.fmean(ms) if ms else None}


def tool_help(binary):
    return subprocess.run([binary, "--help"], capture_output=True, text=True).stdout


def vm_hwm(pid):
    """The peak RSS of process pid so far, in KB (VmHWM), or 0 once it is gone."""
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(cmd, stdout=subprocess.DEVNULL, **kw):
    """Runs cmd; returns (returncode, wall seconds, peak RSS in KB, stderr text).

    The peak is the program's own (VmHWM, read every 10 ms while it runs): getrusage's maxrss
    of a child counts the bench's own memory, which the child held between fork and exec."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as errf:
        p = subprocess.Popen(cmd, stdout=stdout, stderr=errf, **kw)
        peak = 0
        while p.poll() is None:
            peak = max(peak, vm_hwm(p.pid))
            time.sleep(0.01)
        errf.seek(0)
        err = errf.read().decode("utf-8", "replace")
    return p.returncode, time.perf_counter() - t, peak, err


# --- index ---------------------------------------------------------------------------------

def cmd_index(a):
    help_text = tool_help(a.bin)
    has_j = bool(re.search(r"(^|[\s,\[])(-j\b|--jobs\b)", help_text))
    has_timings = "--timings" in help_text
    if a.jobs > 1 and not has_j:
        print(json.dumps({"jobs": a.jobs, "pending": "souwen-index has no -j yet"}))
        return
    shutil.rmtree(a.db, ignore_errors=True)
    cmd = [a.bin, "--db", a.db, "--quiet"]
    if has_j:
        cmd += ["-j", str(a.jobs)]
    if has_timings:
        cmd.append("--timings")
    rc, secs, rss, err = run_measured(cmd + [a.input])
    if rc not in (0, 1):
        sys.exit(f"souwen-index exited {rc}: {err.strip()[:500]}")
    timings = None
    m = re.search(r"souwen-index timings: (\{.*\})", err)
    if m:
        timings = json.loads(m.group(1))
    stats = json.loads(subprocess.run([a.bin, "--db", a.db, "--stats", "--json"],
                                      capture_output=True, text=True, check=True).stdout)
    docs = (stats.get("articles") or 0) + (stats.get("headlines") or 0)
    inp = du(a.input)
    xap = sum(du(os.path.join(a.db, s)) for s in shard_names(a.db))
    sql = du(os.path.join(a.db, "souwen.sqlite"))
    out = {"jobs": a.jobs if has_j else 1, "j_option": has_j, "exit": rc, "seconds": secs,
           "input_bytes": inp, "mb_per_s": inp / 1e6 / secs, "docs": docs,
           "docs_per_s": docs / secs, "pages": stats.get("pages"), "peak_rss_mb": rss / 1024,
           "index_bytes": xap + sql, "xapian_bytes": xap, "sqlite_bytes": sql,
           "index_ratio": (xap + sql) / inp, "xapian_ratio": xap / inp}
    # Glass leaves free space behind many commits: the compacted size is what the index needs.
    if shutil.which("xapian-compact"):
        tmp = a.db.rstrip("/") + ".compact"
        shutil.rmtree(tmp, ignore_errors=True)
        # Every shard (the stub lists them) into one compacted database.
        src = os.path.join(a.db, "xapian.stub")
        if not os.path.exists(src):
            src = os.path.join(a.db, "xapian")
        if subprocess.run(["xapian-compact", src, tmp],
                          capture_output=True).returncode == 0:
            out["xapian_compact_bytes"] = du(tmp)
            out["index_ratio_compact"] = (du(tmp) + sql) / inp
        shutil.rmtree(tmp, ignore_errors=True)
    if timings:
        # Seconds per stage (the writer threads' four summed over threads); the other keys
        # are counts (workers, shards, bytes, pages) and the wall time.
        stages = {k: timings[k] for k in ("read", "parse", "store", "fetch", "segment",
                                          "xapian", "commit", "compact") if k in timings}
        total = sum(stages.values()) or 1
        out["timings"] = timings
        out["stage_share"] = {k: v / total for k, v in stages.items()}
    else:
        out["timings"] = None
        out["pending"] = "souwen-index has no --timings yet: no stage shares"
    print(json.dumps(out))


# --- queries -------------------------------------------------------------------------------

def month_range(date):
    y, m = int(date[:4]), int(date[5:7])
    return f"{y:04d}-{m:02d}-01..{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def cmd_queries(a):
    rng = random.Random(a.seed)
    docs = []
    for line in open(a.words, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 4 or not re.match(r"\d{4}-\d\d-\d\d$", parts[1]):
            continue
        title = [w for w in parts[2].replace(" | ", " ").split() if HAN.match(w)]
        runs = [r.split() for r in parts[3].split(" | ")]
        body = [w for r in runs for w in r if HAN.match(w)]
        pairs = [(r[i], r[i + 1]) for r in runs for i in range(len(r) - 1)
                 if HAN.match(r[i]) and HAN.match(r[i + 1])]
        if body:
            docs.append((parts[1], title, body, pairs))
    if not docs:
        sys.exit(f"no usable words in {a.words}")
    kinds = ["word", "two_words", "phrase", "title", "date"]
    out = []
    while len(out) < a.n:
        date, title, body, pairs = rng.choice(docs)
        kind = kinds[len(out) % len(kinds)]
        if kind == "word":
            q = rng.choice(body)
        elif kind == "two_words":
            w = sorted(set(title + body))
            if len(w) < 2:
                continue
            q = " ".join(rng.sample(w, 2))
        elif kind == "phrase":
            if not pairs:
                continue
            q = '"' + "".join(rng.choice(pairs)) + '"'
        elif kind == "title":
            if not title:
                continue
            q = "title:" + rng.choice(title)
        elif int(date[:4]) < 1970:
            # Each later round of the corpus is dated 4 years earlier: a large corpus has pages
            # dated before 1970, which souwen's date reader (1970-2100) does not take.
            continue
        else:
            q = f"{rng.choice(body)} date:{month_range(date)}"
        out.append((kind, q))
    for kind, q in out:
        print(f"{kind}\t{q}")


def read_queries(path):
    return [tuple(line.rstrip("\n").split("\t", 1)) for line in open(path, encoding="utf-8")]


def by_kind(queries, ms):
    kinds = {}
    for (kind, _q), t in zip(queries, ms):
        if t is not None:
            kinds.setdefault(kind, []).append(t)
    return {k: latency(v) for k, v in kinds.items()}


# --- search --------------------------------------------------------------------------------

def cmd_search(a):
    queries = read_queries(a.queries)
    os.makedirs(a.work, exist_ok=True)
    base = [a.bin, "--db", a.db, "--json", "--limit", "10", "--color", "never"]
    # Cold: one process per query (the page cache is warm; the process, its index handles and
    # caches are new), over an even sample of the set.
    step = max(1, len(queries) // a.cold)
    sample = queries[::step][:a.cold]
    cold, hits, errors = [], [], []
    for _kind, q in sample:
        t = time.perf_counter()
        r = subprocess.run(base + ["--", q], capture_output=True, text=True)
        cold.append((time.perf_counter() - t) * 1000)
        hits.append(r.stdout.count("\n"))
        if r.returncode not in (0, 1):
            errors.append((q, r.stderr.strip()[:200]))
    out = {"queries": len(queries), "cold": latency(cold), "cold_kinds": by_kind(sample, cold),
           "cold_hits_mean": statistics.fmean(hits) if hits else 0, "errors": errors[:10],
           "error_count": len(errors)}
    help_text = tool_help(a.bin)
    if "--queries" in help_text:
        out.update(warm_run(base, queries, a.work, "warm"))
        # The same queries once more after souwen-index --compact (one database, full blocks):
        # what an archive indexed once and then searched gets.
        if a.compact_bin:
            t = time.perf_counter()
            r = subprocess.run([a.compact_bin, "--quiet", "--db", a.db, "--compact"],
                               capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"souwen-index --compact exited {r.returncode}: {r.stderr.strip()[:500]}")
            out["compact_s"] = time.perf_counter() - t
            out.update(warm_run(base, queries, a.work, "warm_compacted"))
    else:
        out.update({"warm": None, "pending": "souwen-search has no --queries yet: no warm latency"})
    print(json.dumps(out))


def warm_run(base, queries, work, tag):
    """One souwen-search process over every query (--queries), timed per query by itself."""
    qfile = os.path.join(work, "queries.txt")
    tfile = os.path.join(work, f"souwen-timings-{tag}.tsv")
    with open(qfile, "w", encoding="utf-8") as f:
        f.writelines(q + "\n" for _k, q in queries)
    t = time.perf_counter()
    with open(os.path.join(work, f"souwen-hits-{tag}.jsonl"), "w") as hf:
        r = subprocess.run(base + ["--queries", qfile, "--timings", tfile], stdout=hf,
                           stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    if r.returncode not in (0, 1):
        sys.exit(f"souwen-search --queries exited {r.returncode}: {r.stderr.strip()[:500]}")
    ms = [None] * len(queries)
    nhits = []
    for line in open(tfile):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 2 and f[0].isdigit() and 1 <= int(f[0]) <= len(queries):
            ms[int(f[0]) - 1] = float(f[1])
            if len(f) > 2:
                nhits.append(int(f[2]))
    warm = [m for m in ms if m is not None]
    return {tag: latency(warm), f"{tag}_kinds": by_kind(queries, ms), f"{tag}_wall_s": wall,
            f"{tag}_hits_mean": statistics.fmean(nhits) if nhits else None}


# --- counting ------------------------------------------------------------------------------

def matches(binary, db, q):
    r = subprocess.run([binary, "--db", db, "--count", "--all-copies", "--", q],
                       capture_output=True, text=True)
    return int(r.stdout.strip() or 0) if r.returncode in (0, 1) else 0


def pick_query(binary, db, words_path, target):
    """The word of the sampled pages whose matches come closest to target (count: pages)."""
    df = {}
    for line in open(words_path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) < 4:
            continue
        for w in set(" ".join(f[2:]).replace("|", " ").split()):
            if len(w) >= 2 and not w.isascii():
                df[w] = df.get(w, 0) + 1
    best = None
    for w, _n in sorted(df.items(), key=lambda kv: -kv[1])[:40]:
        m = matches(binary, db, w)
        if best is None or abs(m - target) < abs(best[1] - target):
            best = (w, m)
    return best


def cmd_count(a):
    """--count and --facet latency on a query matching about --target documents; --all CSV."""
    out = {}
    q, n = pick_query(a.bin, a.db, a.words, a.target)
    out.update({"query": q, "matches": n})
    os.makedirs(a.work, exist_ok=True)
    qfile, tfile = os.path.join(a.work, "count-q.txt"), os.path.join(a.work, "count-t.tsv")
    with open(qfile, "w", encoding="utf-8") as f:
        f.write((q + "\n") * (a.runs + 1))
    for tag, extra in (("count", ["--count"]),
                       ("facet_site_month", ["--facet", "site", "--facet", "month"]),
                       ("facet_all", ["--facet", "source", "--facet", "site", "--facet", "type",
                                      "--facet", "day"])):
        r = subprocess.run([a.bin, "--db", a.db, "--json"] + extra +
                           ["--queries", qfile, "--timings", tfile],
                           capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit(f"souwen-search {' '.join(extra)} exited {r.returncode}: {r.stderr[:300]}")
        ms = [float(l.split("\t")[1]) for l in open(tfile) if l[0].isdigit()][1:]  # warm
        out[tag] = latency(ms)
    # --all: every page as CSV, one process; its peak RSS beside one of a tenth as many hits.
    path = os.path.join(a.work, "all.csv")
    with open(path, "w") as f:
        rc, wall, peak, err = run_measured([a.bin, "--db", a.db, "--all", "--all-copies",
                                            "--format", "csv", "--", q], stdout=f)
    if rc not in (0, 1):
        sys.exit(f"souwen-search --all exited {rc}: {err[:300]}")
    with open(path, newline="", encoding="utf-8") as f:
        rows = sum(1 for _ in csv.reader(f)) - 1
    out["all_csv"] = {"rows": rows, "wall_s": wall, "peak_rss_mb": peak / 1024,
                      "csv_mb": os.path.getsize(path) / 1e6}
    os.unlink(path)
    q2, n2 = pick_query(a.bin, a.db, a.words, max(1, n // 10))
    rc, wall, peak, err = run_measured([a.bin, "--db", a.db, "--all", "--all-copies", "--format",
                                        "csv", "--", q2])
    out["all_csv_tenth"] = {"query": q2, "matches": n2, "wall_s": wall, "peak_rss_mb": peak / 1024}
    print(json.dumps(out))


# --- peers ---------------------------------------------------------------------------------

def read_pages(top):
    """(articles, distinct headlines) of the pages under top, as souwen's store would keep them:
    an article per page (title, body, date), a headline document per distinct headline line."""
    arts, heads, seen = [], [], set()
    paths = []
    for root, dirs, files in os.walk(top):
        dirs.sort()
        paths += [os.path.join(root, f) for f in sorted(files) if f.endswith(".txt")]
    for path in paths:
        lines = open(path, encoding="utf-8").read().split("\n")
        i = 0
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith("URL:")
                                  or " > " in lines[i]):
            i += 1
        title = lines[i].strip() if i < len(lines) else ""
        i += 1
        date = ""
        while i < len(lines) and (lines[i].startswith("来源") or not lines[i].strip()):
            m = re.search(r"\d{4}-\d\d-\d\d", lines[i])
            date = m.group(0) if m else date
            i += 1
        try:
            end = lines.index("本期要闻", i)
        except ValueError:
            end = len(lines)
        body = "\n".join(l for l in lines[i:end] if l.strip())
        arts.append({"id": f"a{len(arts)}", "title": title, "body": body, "date": date})
        for h in lines[end + 1:]:
            h = h.strip()
            if h and h not in seen:
                seen.add(h)
                heads.append({"id": f"h{len(heads)}", "title": h, "body": "", "date": date})
    return arts + heads


def parse_query(q):
    """Our generated syntax: words, "phrase", title:word, date:A..B -> (words, phrases, titles, date)."""
    words, phrases, titles, date = [], [], [], None
    for m in re.finditer(r'"([^"]*)"|(\S+)', q):
        if m.group(1) is not None:
            phrases.append(m.group(1))
        elif m.group(2).startswith("title:"):
            titles.append(m.group(2)[6:])
        elif m.group(2).startswith("date:"):
            lo, _, hi = m.group(2)[5:].partition("..")
            date = (lo, hi)
        else:
            words.append(m.group(2))
    return words, phrases, titles, date


class XapianPeer(engines.Xapian):
    """engines.Xapian (TermGenerator + QueryParser, FLAG_CJK_NGRAM) with what the query set
    needs: title terms under prefix S, the date in value 0 (YYYYMMDD), the text in the document
    data for MSet.snippet()."""
    name = "xapian_ngram"

    def fill(self, tg, doc, d):
        tg.index_text(d["title"], 1, "S")
        tg.index_text(d["title"])
        tg.increase_termpos()
        tg.index_text(d["body"])
        doc.add_value(0, d["date"].replace("-", ""))
        doc.set_data(d["title"] + "\n" + d["body"])

    def set_prefixes(self, qp):
        qp.add_prefix("title", "S")

    def run(self, q):
        import xapian
        words, phrases, titles, date = parse_query(q)
        cjk = xapian.QueryParser.FLAG_CJK_NGRAM
        parts = [p for w in words for p in self._parse(w)]
        for p in phrases:
            parts.append(self.qp.parse_query(f'"{p}"', cjk | xapian.QueryParser.FLAG_PHRASE))
        for w in titles:
            parts.append(self.qp.parse_query(f"title:{w}", cjk))
        query = xapian.Query(xapian.Query.OP_AND, parts)
        if date:
            rq = xapian.Query(xapian.Query.OP_VALUE_RANGE, 0, date[0].replace("-", ""),
                              date[1].replace("-", ""))
            query = xapian.Query(xapian.Query.OP_FILTER, query, rq)
        enq = xapian.Enquire(self.db)
        enq.set_query(query)
        mset = enq.get_mset(0, 10)
        for m in mset:
            mset.snippet(m.document.get_data().decode(), 360, xapian.Stem("none"),
                         xapian.MSet.SNIPPET_CJK_NGRAM | xapian.MSet.SNIPPET_EXHAUSTIVE)
        return mset.size()


class Fts5Peer(engines.Fts5):
    """engines.Fts5 (fts5 trigram, bm25) with the date as an unindexed column. A word or phrase
    of three or more characters is a quoted FTS5 string (a substring, through its trigrams); a
    shorter one is a LIKE filter, a scan, as in engines.Fts5; title: is the column filter; the
    snippet is FTS5's snippet()."""
    name = "fts5_trigram"

    columns = ("title", "body", "date")
    schema = "title, body, date UNINDEXED"

    def run(self, q):
        words, phrases, titles, date = parse_query(q)
        match, where, args = [], [], []
        for w in words + phrases:
            if len(w) >= 3:
                match.append('"' + w.replace('"', '""') + '"')
            else:
                where.append("(title LIKE ? OR body LIKE ?)")
                args += [f"%{w}%", f"%{w}%"]
        for w in titles:
            if len(w) >= 3:
                match.append('title : "' + w.replace('"', '""') + '"')
            else:
                where.append("title LIKE ?")
                args.append(f"%{w}%")
        if match:
            where.insert(0, "docs MATCH ?")
            args.insert(0, " AND ".join(match))
        if date:
            where.append("date BETWEEN ? AND ?")
            args += list(date)
        sql = ("SELECT rowid, snippet(docs, 1, '[', ']', '…', 24) FROM docs WHERE "
               + " AND ".join(where) + (" ORDER BY bm25(docs)" if match else "") + " LIMIT 10")
        return len(self.con.execute(sql, args).fetchall())


def cmd_peers(a):
    queries = read_queries(a.queries)
    os.makedirs(a.work, exist_ok=True)
    t = time.perf_counter()
    docs = read_pages(a.input)
    read_s = time.perf_counter() - t
    inp = du(a.input)
    text = sum(len(d["title"].encode()) + len(d["body"].encode()) for d in docs)
    out = {"docs": len(docs), "input_bytes": inp, "text_bytes": text, "read_pages_s": read_s}
    for peer, path in ((XapianPeer(a.work), "xapian"), (Fts5Peer(a.work), "fts5.sqlite")):
        secs = peer.index(docs)
        ms, errors, hits = [], 0, []
        for _kind, q in queries:
            t = time.perf_counter()
            try:
                hits.append(peer.run(q))
            except Exception:  # a query the peer rejects: counted, not timed
                errors += 1
                ms.append(None)
                continue
            ms.append((time.perf_counter() - t) * 1000)
        good = [m for m in ms if m is not None]
        out[peer.name] = {"seconds": secs, "mb_per_s": inp / 1e6 / secs,
                          "text_mb_per_s": text / 1e6 / secs,
                          "docs_per_s": len(docs) / secs,
                          "index_bytes": du(os.path.join(a.work, path)),
                          "index_ratio": du(os.path.join(a.work, path)) / inp,
                          "warm": latency(good), "warm_kinds": by_kind(queries, ms),
                          "hits_mean": statistics.fmean(hits) if hits else 0,
                          "rejected": errors + len(peer.errors)}
        if hasattr(peer, "con"):
            peer.con.close()
    print(json.dumps(out))


# --- HTML pages against FTS5 on their extracted text -----------------------------------------

def extracted_docs(store):
    """What souwen extracted from the pages, read from its store (schema/souwen.sql): each
    article's title and text (its version, zlib-compressed, against its page's first version
    as the dictionary when it has a base) and each distinct headline's title."""
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    docs = []
    rows = con.execute("SELECT a.title, v.text, b.text FROM articles a JOIN versions v ON "
                       "v.id = a.version LEFT JOIN versions b ON b.id = v.base ORDER BY a.id")
    for title, z, base in rows:
        if base is None:
            body = zlib.decompress(z)
        else:
            body = zlib.decompressobj(zdict=zlib.decompress(base)).decompress(z)
        docs.append({"id": f"a{len(docs)}", "title": title or "",
                     "body": body.decode("utf-8")})
    for (title,) in con.execute("SELECT title FROM headlines ORDER BY id"):
        docs.append({"id": f"h{len(docs)}", "title": title, "body": ""})
    con.close()
    return docs


def cmd_html(a):
    """souwen-index -j 2 over HTML pages, against SQLite FTS5 (trigram) fed the text souwen
    extracted from them: FTS5 is given the parse for free, souwen pays for it. Index sizes are
    over that text: souwen's whole folder after souwen-index --compact, FTS5's database."""
    shutil.rmtree(a.db, ignore_errors=True)
    os.makedirs(a.work, exist_ok=True)
    rc, secs, rss, err = run_measured([a.bin, "--db", a.db, "--quiet", "-j", "2", "--timings",
                                       a.input])
    if rc not in (0, 1):
        sys.exit(f"souwen-index exited {rc}: {err.strip()[:500]}")
    m = re.search(r"souwen-index timings: (\{.*\})", err)
    inp = du(a.input)
    docs = extracted_docs(os.path.join(a.db, "souwen.sqlite"))
    text = sum(len(d["title"].encode()) + len(d["body"].encode()) for d in docs)
    t = time.perf_counter()
    r = subprocess.run([a.bin, "--quiet", "--db", a.db, "--compact"], capture_output=True,
                       text=True)
    if r.returncode != 0:
        sys.exit(f"souwen-index --compact exited {r.returncode}: {r.stderr.strip()[:500]}")
    compact_s = time.perf_counter() - t
    folder = du(a.db)
    fts = engines.Fts5(a.work)
    fts_s = fts.index(docs)
    fts.con.close()
    fts_bytes = du(fts.path)
    print(json.dumps({
        "input_bytes": inp, "pages": sum(len(f) for _r, _d, f in os.walk(a.input)),
        "docs": len(docs), "text_bytes": text,
        "souwen_j2": {"seconds": secs, "mb_per_s": inp / 1e6 / secs, "peak_rss_mb": rss / 1024,
                      "timings": json.loads(m.group(1)) if m else None,
                      "compact_s": compact_s, "folder_bytes": folder,
                      "folder_over_text": folder / text},
        "fts5_trigram": {"seconds": fts_s, "mb_per_s": inp / 1e6 / fts_s,
                         "text_mb_per_s": text / 1e6 / fts_s, "db_bytes": fts_bytes,
                         "db_over_text": fts_bytes / text},
        "souwen_j2_over_fts5": fts_s / secs}))


# --- report --------------------------------------------------------------------------------

def load(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return None


def ratio(a, b):
    return a / b if a and b else None


def size_results(d):
    r = {"floors": load(os.path.join(d, "floors.json")),
         "souwen_index": {"j1": load(os.path.join(d, "index-j1.json")),
                          "j2": load(os.path.join(d, "index-j2.json"))},
         "souwen_search": load(os.path.join(d, "search.json")),
         "souwen_count": load(os.path.join(d, "count.json")),
         "peers": load(os.path.join(d, "peers.json")),
         "html": load(os.path.join(d, "html.json"))}
    try:  # written by run.sh: a busy machine makes every figure slower
        r["load"] = open(os.path.join(d, "load.txt")).read()
    except OSError:
        r["load"] = None
    j1, j2 = r["souwen_index"]["j1"] or {}, r["souwen_index"]["j2"] or {}
    fl, peers, srch = r["floors"] or {}, r["peers"] or {}, r["souwen_search"] or {}
    mb = j1.get("mb_per_s")
    ratios = {}
    for k in ("a_segment", "b_xapian", "c_pipeline"):
        ratios[f"souwen_j1_over_floor_{k}"] = ratio(mb, (fl.get(k) or {}).get("mb_per_s"))
    warm = (srch.get("warm") or {}).get("p50_ms")
    for p in ("xapian_ngram", "fts5_trigram"):
        pr = peers.get(p) or {}
        ratios[f"souwen_j1_over_{p}_mb_per_s"] = ratio(mb, pr.get("mb_per_s"))
        ratios[f"souwen_j2_over_{p}_mb_per_s"] = ratio(j2.get("mb_per_s"), pr.get("mb_per_s"))
        # souwen's index compacted (Xapian + SQLite) when xapian-compact was there; the peers
        # wrote theirs in one commit, so as written is about compact for them.
        ours = (j1.get("xapian_compact_bytes") or 0) + (j1.get("sqlite_bytes") or 0) \
            if j1.get("xapian_compact_bytes") else j1.get("index_bytes")
        ratios[f"souwen_index_size_over_{p}"] = ratio(ours, pr.get("index_bytes"))
        ratios[f"souwen_warm_p50_over_{p}_p50"] = ratio(warm, (pr.get("warm") or {}).get("p50_ms"))
    ratios["j2_over_j1_mb_per_s"] = ratio(j2.get("mb_per_s"), mb)
    r["ratios"] = ratios
    return r


def fmt(v, spec="{:.2f}"):
    return "-" if v is None else spec.format(v)


def table(size, r):
    fl = r["floors"] or {}
    j1, j2 = r["souwen_index"]["j1"] or {}, r["souwen_index"]["j2"] or {}
    peers, s = r["peers"] or {}, r["souwen_search"] or {}
    rows = [("what", "MB/s", "docs/s", "index/input", "peak RSS MB", "p50 ms", "p95 ms", "p99 ms")]
    compact = j1.get("index_ratio_compact")
    notes = []
    names = {"a_segment": "floor (a) read+segment", "b_xapian": "floor (b) Xapian ingest",
             "c_pipeline": "floor (c) (a) then (b)"}
    for k, label in names.items():
        f = fl.get(k) or {}
        rows.append((label, fmt(f.get("mb_per_s")), fmt(f.get("docs_per_s"), "{:.0f}"),
                     "", "", "", "", ""))
    for label, j in (("souwen-index -j 1", j1), ("souwen-index -j 2", j2)):
        if j.get("pending"):
            notes.append(f"{label}: pending, {j['pending']}")
        if not j.get("mb_per_s"):
            rows.append((label, "pending", "", "", "", "", "", ""))
            continue
        rows.append((label, fmt(j.get("mb_per_s")), fmt(j.get("docs_per_s"), "{:.0f}"),
                     fmt(j.get("index_ratio")), fmt(j.get("peak_rss_mb"), "{:.0f}"), "", "", ""))
    for label, lat in (("souwen-search cold (process per query)", s.get("cold")),
                       ("souwen-search warm (--queries)", s.get("warm")),
                       ("souwen-search warm, after --compact", s.get("warm_compacted"))):
        if lat is None and label.endswith("--compact"):
            continue
        if lat:
            rows.append((label + f", n={lat['n']}", "", "", "", "", fmt(lat["p50_ms"]),
                         fmt(lat["p95_ms"]), fmt(lat["p99_ms"])))
        else:
            rows.append((label, "", "", "", "", "pending", "", ""))
    if s.get("pending"):
        notes.append(f"souwen-search warm: pending, {s['pending']}")
    c = r.get("souwen_count") or {}
    for key, label in (("count", "--count"), ("facet_site_month", "--facet site --facet month"),
                       ("facet_all", "--facet source, site, type, day")):
        lat = c.get(key)
        if lat:
            rows.append((f"souwen-search {label}, {c['matches']:,} matches, warm, n={lat['n']}",
                         "", "", "", "", fmt(lat["p50_ms"]), fmt(lat["p95_ms"]),
                         fmt(lat["p99_ms"])))
    for key in ("all_csv", "all_csv_tenth"):
        e = c.get(key)
        if e:
            n = e.get("rows", e.get("matches"))
            rows.append((f"souwen-search --all --all-copies --format csv, {n:,} hits, "
                         f"{e['wall_s']:.1f} s", "", "", "", fmt(e["peak_rss_mb"], "{:.0f}"),
                         "", "", ""))
    for p, label in (("xapian_ngram", "Xapian TermGenerator CJK n-gram"),
                     ("fts5_trigram", "SQLite FTS5 trigram")):
        pr = peers.get(p)
        if pr:
            w = pr["warm"]
            rows.append((label + f", warm, n={w['n']}", fmt(pr["mb_per_s"]),
                         fmt(pr["docs_per_s"], "{:.0f}"), fmt(pr["index_ratio"]), "",
                         fmt(w["p50_ms"]), fmt(w["p95_ms"]), fmt(w["p99_ms"])))
        else:
            notes.append(f"{label}: not measured (--no-peers, or python3-xapian missing)")
    h = r.get("html")
    if h:
        sj, fj = h["souwen_j2"], h["fts5_trigram"]
        rows.append((f"HTML, {h['pages']:,} pages: souwen-index -j 2", fmt(sj["mb_per_s"]), "",
                     fmt(sj["folder_over_text"]) + " of text", fmt(sj["peak_rss_mb"], "{:.0f}"),
                     "", "", ""))
        rows.append(("HTML: FTS5 trigram on souwen's extracted text", fmt(fj["mb_per_s"]), "",
                     fmt(fj["db_over_text"]) + " of text", "", "", "", ""))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = [f"== {size}: {fmt(fl.get('a_segment', {}).get('bytes') or j1.get('input_bytes'), '{:,}')}"
             f" bytes of pages, {fmt(j1.get('docs'), '{:,}')} souwen documents =="]
    for row in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    if compact:
        lines.append(f"souwen index/input after xapian-compact: {compact:.2f} (Xapian and SQLite)")
    lines.append("ratios:")
    lines += [f"  {k:40s} {fmt(v)}" for k, v in r["ratios"].items() if v is not None]
    sh = j1.get("stage_share")
    if sh:
        lines.append("souwen-index -j 1 stage shares: "
                     + ", ".join(f"{k} {v * 100:.0f} %" for k, v in sh.items()))
    lines += notes
    if r.get("load"):
        lines.append("load average before each step: " + r["load"].strip().replace("\n", "; "))
    return "\n".join(lines)


def chart(out, sizes, results):
    """A PNG of indexing MB/s and search p50 latency against corpus size, through gnuplot."""
    if not shutil.which("gnuplot"):
        return "gnuplot not installed (bench/deps.sh installs gnuplot-nox): no chart"
    dat = os.path.join(out, "chart.dat")
    with open(dat, "w") as f:
        f.write("# MB souwen_j1 souwen_j2 floor_c xapian fts5 souwen_warm souwen_cold xapian_p50 "
                "fts5_p50 souwen_warm_compacted\n")
        for s in sizes:
            r = results[s]
            j1, j2 = r["souwen_index"]["j1"] or {}, r["souwen_index"]["j2"] or {}
            fl, pe, se = r["floors"] or {}, r["peers"] or {}, r["souwen_search"] or {}
            mb = (j1.get("input_bytes") or 0) / 1e6
            vals = [j1.get("mb_per_s"), j2.get("mb_per_s"),
                    (fl.get("c_pipeline") or {}).get("mb_per_s"),
                    (pe.get("xapian_ngram") or {}).get("mb_per_s"),
                    (pe.get("fts5_trigram") or {}).get("mb_per_s"),
                    (se.get("warm") or {}).get("p50_ms"), (se.get("cold") or {}).get("p50_ms"),
                    ((pe.get("xapian_ngram") or {}).get("warm") or {}).get("p50_ms"),
                    ((pe.get("fts5_trigram") or {}).get("warm") or {}).get("p50_ms"),
                    (se.get("warm_compacted") or {}).get("p50_ms")]
            f.write(f"{mb:.1f} " + " ".join("NaN" if v is None else f"{v:.4f}" for v in vals) + "\n")
    png = os.path.join(out, "chart.png")
    script = f"""
set terminal pngcairo size 1200,500 noenhanced
set output '{png}'
set datafile missing 'NaN'
set multiplot layout 1,2 title 'souwen bench/run.sh'
set logscale x
set xlabel 'corpus MB'
set key top left
set title 'indexing throughput (MB/s of pages)'
set yrange [0:*]
plot '{dat}' u 1:2 w lp t 'souwen -j1', '' u 1:3 w lp t 'souwen -j2', '' u 1:4 w lp t 'floor (c)', \\
     '' u 1:5 w lp t 'Xapian n-gram', '' u 1:6 w lp t 'FTS5 trigram'
set title 'search p50 latency, top-10 with snippets (ms)'
set autoscale y
set logscale y
plot '{dat}' u 1:7 w lp t 'souwen warm', '' u 1:8 w lp t 'souwen cold (process)', \\
     '' u 1:9 w lp t 'Xapian n-gram warm', '' u 1:10 w lp t 'FTS5 trigram warm', \\
     '' u 1:11 w lp t 'souwen warm, after --compact'
unset multiplot
"""
    r = subprocess.run(["gnuplot"], input=script, capture_output=True, text=True)
    if r.returncode:
        # pngcairo is in gnuplot-nox; fall back to the plain png terminal
        r = subprocess.run(["gnuplot"], input=script.replace("pngcairo", "png"),
                           capture_output=True, text=True)
    return png if r.returncode == 0 else "gnuplot failed: " + r.stderr.strip()[:300]


def targets(sizes, results):
    """The speed issue's targets, each PASS, MISS or "not measured" (at a size not run, or a
    part left out), over the sizes of this run (10M, 100M, 1G as run.sh names them)."""
    def at(size):
        return results.get(size) or {}

    def html(size):
        return at(size).get("html") or {}

    def idx(size, j):
        return (at(size).get("souwen_index") or {}).get(j) or {}

    def srch(size):
        return at(size).get("souwen_search") or {}

    rows = []

    def row(what, value, spec, ok):
        rows.append((what, "not measured" if value is None else spec.format(value),
                     "" if value is None else "PASS" if ok(value) else "MISS"))

    for size in ("10M", "100M"):
        h = html(size)
        row(f"{size} HTML: -j 2 speed / FTS5 trigram on the extracted text (>= 0.8)",
            h.get("souwen_j2_over_fts5"), "{:.2f}", lambda v: v >= 0.8)
    h = html("100M")
    row("100M HTML: index folder after --compact / extracted text (<= 3.0)",
        (h.get("souwen_j2") or {}).get("folder_over_text"), "{:.2f}", lambda v: v <= 3.0)
    if h:
        rows.append(("  (FTS5 trigram database / extracted text, for the record)",
                     "{:.2f}".format(h["fts5_trigram"]["db_over_text"]), ""))
    floor_c = (((at("1G").get("floors") or {}).get("c_pipeline")) or {}).get("mb_per_s")
    j1 = idx("1G", "j1").get("mb_per_s")
    row("1G: -j 1 / floor (c) (>= 0.6)", ratio(j1, floor_c), "{:.2f}", lambda v: v >= 0.6)
    row("1G: -j 2 / -j 1 (>= 1.8)", ratio(idx("1G", "j2").get("mb_per_s"), j1), "{:.2f}",
        lambda v: v >= 1.8)
    warm = srch("100M").get("warm") or {}
    row("100M: search p50 warm, ms (<= 1)", warm.get("p50_ms"), "{:.2f}", lambda v: v <= 1)
    row("100M: search p99 warm, ms (<= 10)", warm.get("p99_ms"), "{:.2f}", lambda v: v <= 10)
    row("1G: search p50 warm as written, ms (<= 3)", (srch("1G").get("warm") or {}).get("p50_ms"),
        "{:.2f}", lambda v: v <= 3)
    rss = {s: idx(s, "j1").get("peak_rss_mb") for s in ("10M", "1G")}
    row("-j 1 peak RSS, 1G / 10M (flat: <= 1.5)", ratio(rss["1G"], rss["10M"]), "{:.2f}",
        lambda v: v <= 1.5)
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["targets (the speed issue; bench/README.md):"]
    lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def cmd_report(a):
    results = {s: size_results(os.path.join(a.out, s)) for s in a.sizes}
    for s in a.sizes:
        print(table(s, results[s]))
        print()
    print(targets(a.sizes, results))
    print()
    results_all = {"sizes": a.sizes, "results": results,
                   "machine": {"cores": os.cpu_count(), "uname": " ".join(os.uname())}}
    msg = chart(a.out, a.sizes, results)
    results_all["chart"] = msg
    json.dump(results_all, open(os.path.join(a.out, "results.json"), "w"), indent=1)
    print(f"figures: {os.path.join(a.out, 'results.json')}; chart: {msg}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("index")
    p.add_argument("--bin", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--input", required=True)
    p = sub.add_parser("queries")
    p.add_argument("--words", required=True)
    p.add_argument("--n", type=int, default=1200)
    p.add_argument("--seed", type=int, default=5)
    p = sub.add_parser("search")
    p.add_argument("--bin", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--cold", type=int, default=200)
    p.add_argument("--work", required=True)
    p.add_argument("--compact-bin", help="souwen-index: compact --db after the warm run and "
                   "run the warm queries again (changes --db)")
    p = sub.add_parser("count")
    p.add_argument("--bin", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--words", required=True)
    p.add_argument("--target", type=int, default=100000)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--work", required=True)
    p = sub.add_parser("peers")
    p.add_argument("--input", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--work", required=True)
    p = sub.add_parser("html")
    p.add_argument("--bin", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("--work", required=True)
    p = sub.add_parser("report")
    p.add_argument("--out", required=True)
    p.add_argument("sizes", nargs="+")
    a = ap.parse_args()
    {"index": cmd_index, "queries": cmd_queries, "search": cmd_search, "peers": cmd_peers,
     "count": cmd_count, "html": cmd_html, "report": cmd_report}[a.cmd](a)


if __name__ == "__main__":
    main()
