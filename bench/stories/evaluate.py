#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""evaluate.py - scores an assignment of pages to stories against make_corpus.py's labels.

    bench/stories/evaluate.py --labels OUT/labels.tsv --pairs FILE|-
    bench/stories/evaluate.py --labels OUT/labels.tsv --sqlite DB --sql "SELECT url, story ..."
    bench/stories/evaluate.py --labels OUT/labels.tsv --baseline none|exact
    bench/stories/evaluate.py --self-test

The assignment is one line per page, "url<TAB>story_id" (what souwen will print),
or the two columns of an SQL query on souwen's SQLite record, or a trivial
baseline: "none" (every page its own story) and "exact" (one story per
identical body text, the text of the pages' <p> elements, NFKC, without
white space). Story ids are opaque: only which pages share one matters.

The one design decision: a page is its normalized URL (normalize_url below;
README.md states the rule), so that the copies of a page under URL variants
count once, whatever story each copy was given (the one most of them got).
A labelled page souwen did not report is a story of its own; a reported
URL not in the labels is counted and otherwise ignored.

It prints B-cubed precision, recall and F1 (averaged per page), recall per
transformation, the gold stories wrongly merged (with examples, by kind of
hard negative, when OUT/stories.tsv is beside the labels) and the pages not
reported. --check exits 1 when the targets (F1 >= 0.97, precision >= 0.98)
are not met. Not done here: running souwen.
"""
import argparse
import collections
import gzip
import html.parser
import json
import os
import re
import sqlite3
import sys
import unicodedata

TARGET_F1, TARGET_P = 0.97, 0.98
TRACKING = {"spm", "from", "scene", "isappinstalled", "wfr", "share", "share_token", "share_from"}
DEFAULT_PORT = {"http": "80", "https": "443"}


def normalize_url(url):
    """The page a URL names: scheme dropped (http = https), host lower-case without its
    default port, no fragment, no tracking parameters (utm_*, spm, from, scene, share...);
    path and other parameters kept as written. A string that is not an absolute URL
    (a file path) is kept as it is."""
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$", url.strip())
    if not m:
        return url.strip()
    scheme, host, path, query = m.group(1).lower(), m.group(2).lower(), m.group(3), m.group(4)
    host = host.rsplit("@", 1)[-1]
    if ":" in host and host.rsplit(":", 1)[1] == DEFAULT_PORT.get(scheme):
        host = host.rsplit(":", 1)[0]
    params = [p for p in (query or "?")[1:].split("&")
              if p and not (p.split("=", 1)[0].lower().startswith("utm_")
                            or p.split("=", 1)[0].lower() in TRACKING)]
    return host + (path or "/") + ("?" + "&".join(params) if params else "")


def bcubed(gold, pred):
    """B-cubed over the items of gold ({item: gold label}); pred ({item: cluster id}) may lack
    items, each of which is then a cluster of its own. Returns (precision, recall, f1,
    {item: (precision, recall)}): for an item, precision is the share of its predicted
    cluster in its gold cluster, recall the share of its gold cluster in its predicted
    cluster; both averaged over items."""
    cl = {i: pred.get(i, ("\0alone", i)) for i in gold}
    size_p = collections.Counter(cl.values())
    size_g = collections.Counter(gold.values())
    both = collections.Counter((cl[i], gold[i]) for i in gold)
    per = {}
    for i in gold:
        n = both[(cl[i], gold[i])]
        per[i] = (n / size_p[cl[i]], n / size_g[gold[i]])
    if not per:
        return 0.0, 0.0, 0.0, per
    p = sum(x for x, _ in per.values()) / len(per)
    r = sum(y for _, y in per.values()) / len(per)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), per


# ---------------------------------------------------------------- inputs


class Labels:
    def __init__(self, path):
        self.rows = []   # (url, key, label, role, transformations, published, file)
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip() or line.startswith("#"):
                    continue
                f = line.rstrip("\n").split("\t")
                if len(f) != 6:
                    sys.exit(f"evaluate.py: {path}:{n}: expected 6 columns, got {len(f)}")
                url, label, role, trans, pub, file = f
                self.rows.append((url, normalize_url(url), label, role,
                                  [] if trans == "-" else trans.split(","), pub, file))
        self.gold = {}   # item (normalized URL) -> story label
        for url, key, label, *_ in self.rows:
            if self.gold.setdefault(key, label) != label:
                sys.exit(f"evaluate.py: '{url}' is labelled {label}, its page {self.gold[key]}")
        self.first_url = {}
        for url, key, *_ in self.rows:
            self.first_url.setdefault(key, url)
        self.original = {}   # story label -> item of an original page
        for url, key, label, role, *_ in self.rows:
            if role == "original":
                self.original.setdefault(label, key)
        self.stories = {}
        spath = os.path.join(os.path.dirname(os.path.abspath(path)), "stories.tsv")
        if os.path.exists(spath):
            with open(spath, encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("#") or not line.strip():
                        continue
                    label, date, chars, paras, flags, title, url = line.rstrip("\n").split("\t")
                    self.stories.setdefault(label, dict(date=date, chars=int(chars), title=title,
                                                        flags=[] if flags == "-" else flags.split(",")))


def read_pairs(lines, source):
    out = []
    for n, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) < 2:
            sys.exit(f"evaluate.py: {source}:{n}: expected 'url<TAB>story_id'")
        out.append((f[0], f[1]))
    return out


def read_sqlite(db, sql):
    if os.path.isdir(db):
        db = os.path.join(db, "souwen.sqlite")
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        rows = con.execute(sql).fetchall()
    except sqlite3.Error as e:
        sys.exit(f"evaluate.py: '{db}': {e}")
    if rows and len(rows[0]) < 2:
        sys.exit("evaluate.py: the query must return two columns, url and story id")
    return [(str(u), str(s)) for u, s, *_ in rows if u is not None]


class _Paragraphs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def _decode(body, charset=None):
    if not charset:
        m = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", body[:4096])
        charset = m.group(1).decode() if m else "utf-8"
    charset = charset.lower()
    if charset in ("gbk", "gb2312"):
        charset = "gb18030"
    return body.decode(charset, errors="replace")


def _warc_records(path):
    data = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    recs, pos, n = {}, 0, 0
    while True:
        i = data.find(b"WARC/1.", pos)
        if i < 0:
            return recs
        end = data.find(b"\r\n\r\n", i)
        hdr = dict(line.split(": ", 1) for line in data[i:end].decode("utf-8", "replace").split("\r\n")[1:]
                   if ": " in line)
        length = int(hdr.get("Content-Length", "0"))
        n += 1
        recs[n] = (hdr, data[end + 4:end + 4 + length])
        pos = end + 4 + length


def page_body(base, file, warcs):
    """The text of a page's <p> elements, NFKC, without white space ('' when it has none)."""
    if "#" in file and file.split("#", 1)[0].endswith((".warc", ".warc.gz")):
        wf, n = file.split("#", 1)
        if wf not in warcs:
            warcs[wf] = _warc_records(os.path.join(base, wf))
        hdr, block = warcs[wf][int(n)]
        charset = None
        if hdr.get("WARC-Type") == "response":
            head, _, block = block.partition(b"\r\n\r\n")
            m = re.search(rb"(?i)content-type:[^\r\n]*charset=([A-Za-z0-9_-]+)", head)
            charset = m.group(1).decode() if m else None
        text = _decode(block, charset)
    else:
        with open(os.path.join(base, file), "rb") as fh:
            text = _decode(fh.read())
    p = _Paragraphs()
    p.feed(text)
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", "".join(p.parts)))


def baseline(labels, kind, labels_path):
    if kind == "none":
        return [(url, "page " + key) for url, key, *_ in labels.rows]
    base, warcs, out, ids = os.path.dirname(os.path.abspath(labels_path)), {}, [], {}
    for url, key, label, role, trans, pub, file in labels.rows:
        body = page_body(base, file, warcs)
        out.append((url, "body-%d" % ids.setdefault(body, len(ids)) if body else "empty-" + url))
    return out


# ---------------------------------------------------------------- the report


def evaluate(labels, reported):
    """Everything the report shows, as a dict."""
    by_item = collections.defaultdict(list)   # item -> [(url, id)]
    unknown, own = 0, {}
    for url, sid in reported:
        key = normalize_url(url)
        if key not in labels.gold:
            unknown += 1
            continue
        by_item[key].append((url, sid))
        own[url] = sid
    pred, disagree = {}, 0
    for key, lst in by_item.items():
        votes = collections.Counter(sid for _, sid in lst)
        top = max(votes.values())
        tied = sorted(s for s, c in votes.items() if c == top)
        first = own.get(labels.first_url[key])
        pred[key] = first if first in tied else tied[0]
        disagree += len(votes) > 1
    p, r, f, per = bcubed(labels.gold, pred)
    res = dict(pages=len(labels.gold), urls=len(labels.rows), reported=len(pred),
               unknown_urls=unknown, variant_disagreements=disagree,
               precision=p, recall=r, f1=f,
               targets_met=f >= TARGET_F1 and p >= TARGET_P)

    # Recall per transformation: reprints carrying it, joined to their story's original.
    rows = collections.OrderedDict()

    def add(name, key, label):
        orig = labels.original.get(label)
        joined = key in pred and orig in pred and pred[key] == pred[orig]
        row = rows.setdefault(name, [0, 0, 0.0])
        row[0] += 1
        row[1] += joined
        row[2] += per[key][1]

    seen = set()
    for url, key, label, role, trans, pub, file in labels.rows:
        if role == "urlvariant" or key in seen:
            continue
        seen.add(key)
        if role == "original":
            add("original", key, label)
            continue
        add("reprint (all)", key, label)
        for t in trans:
            add(t, key, label)
    res["per_transformation"] = {k: dict(pages=n, joined=j, b3_recall=s / n) for k, (n, j, s) in rows.items()}

    variants = collections.OrderedDict()
    for url, key, label, role, trans, pub, file in labels.rows:
        if role != "urlvariant":
            continue
        v = variants.setdefault(trans[0] if trans else "url", [0, 0, 0])
        v[0] += 1
        if url not in own:
            v[2] += 1
        elif own[url] == pred.get(key):
            v[1] += 1
    res["url_variants"] = {k: dict(urls=n, same_story=s, no_line=m) for k, (n, s, m) in variants.items()}

    # Wrong merges: gold stories sharing a predicted story.
    clusters = collections.defaultdict(lambda: collections.OrderedDict())
    for key, sid in pred.items():
        clusters[sid].setdefault(labels.gold[key], []).append(key)
    merged, pairs = set(), collections.OrderedDict()   # (story, story) -> (a predicted story, its pages)
    for sid, golds in clusters.items():
        gl = sorted(golds)
        if len(gl) < 2:
            continue
        merged.update(gl)
        for i in range(len(gl)):
            for j in range(i + 1, len(gl)):
                pairs.setdefault((gl[i], gl[j]), (sid, sum(len(v) for v in golds.values())))
    pairs = [(a, b, sid, n) for (a, b), (sid, n) in pairs.items()]
    kinds = collections.OrderedDict((k, []) for k in ("template", "short", "same_title", "same_day", "other"))
    for a, b, sid, n in pairs:
        kinds[merge_kind(labels, a, b)].append((a, b, sid, n))
    res["wrongly_merged_stories"] = len(merged)
    res["wrong_merge_clusters"] = sum(1 for g in clusters.values() if len(g) > 1)
    res["wrong_merge_pairs"] = {k: len(v) for k, v in kinds.items()}   # distinct pairs of gold stories
    res["wrong_merge_examples"] = {k: [example(labels, a, b, sid, n) for a, b, sid, n in v[:3]]
                                   for k, v in kinds.items() if v}
    missing = [labels.first_url[k] for k in labels.gold if k not in pred]
    roles = collections.Counter()
    role_of = {}
    for url, key, label, role, *_ in labels.rows:
        role_of.setdefault(key, role)
    for k in labels.gold:
        if k not in pred:
            roles[role_of[k]] += 1
    res["not_reported"] = dict(pages=len(missing), by_role=dict(roles), first=missing[:10])
    return res


def merge_kind(labels, a, b):
    sa, sb = labels.stories.get(a), labels.stories.get(b)
    if not sa or not sb:
        return "other"
    if any(f.startswith(f"template:{b}:") for f in sa["flags"]):
        return "template"
    if "short" in sa["flags"] and "short" in sb["flags"]:
        return "short"
    if sa["title"] == sb["title"]:
        return "same_title"
    if sa["date"] == sb["date"]:
        return "same_day"
    return "other"


def example(labels, a, b, sid, n):
    def one(x):
        s = labels.stories.get(x, {})
        return f"{x} {s.get('date', '?')} {s.get('title', '')}".strip()
    return dict(stories=[one(a), one(b)], story_id=sid[:60], pages_in_cluster=n)


def report(res, what):
    out = [f"assignment: {what}",
           f"pages: {res['pages']:,} ({res['urls']:,} labelled URLs, URL variants folded into their page); "
           f"reported: {res['reported']:,}; URLs not in the labels: {res['unknown_urls']:,}; "
           f"pages whose URLs got different stories: {res['variant_disagreements']:,}",
           f"B-cubed precision {res['precision']:.4f}  recall {res['recall']:.4f}  F1 {res['f1']:.4f}"
           f"   targets F1 >= {TARGET_F1}, precision >= {TARGET_P}: "
           + ("met" if res["targets_met"] else "not met"),
           "", "recall per transformation (pages carrying it; joined = same story as the original page):",
           f"  {'':16} {'pages':>6} {'joined':>7} {'share':>7} {'B3 recall':>9}"]
    for k, v in res["per_transformation"].items():
        if k == "original":   # joined to itself: only its recall says something
            out.append(f"  {k:16} {v['pages']:6} {'-':>7} {'-':>7} {v['b3_recall']:9.4f}")
        else:
            out.append(f"  {k:16} {v['pages']:6} {v['joined']:7} {v['joined'] / v['pages']:7.1%} {v['b3_recall']:9.4f}")
    if res["url_variants"]:
        out += ["", "URL variants (each folded into its page; same = its own line gave the page's story):",
                f"  {'':16} {'URLs':>6} {'same':>7} {'no line':>7}"]
        for k, v in res["url_variants"].items():
            out.append(f"  {k:16} {v['urls']:6} {v['same_story']:7} {v['no_line']:7}")
    out += ["", f"wrongly merged: {res['wrongly_merged_stories']:,} gold stories in "
            f"{res['wrong_merge_clusters']:,} predicted stories; pairs by kind: "
            + ", ".join(f"{k} {n:,}" for k, n in res["wrong_merge_pairs"].items())]
    for k, exs in res["wrong_merge_examples"].items():
        for e in exs:
            out.append(f"  {k}: {e['stories'][0]}  +  {e['stories'][1]}  ({e['pages_in_cluster']} pages in one story)")
    nr = res["not_reported"]
    out += ["", f"not reported: {nr['pages']:,} pages"
            + (" (" + ", ".join(f"{k} {n}" for k, n in sorted(nr["by_role"].items())) + ")" if nr["pages"] else "")]
    out += [f"  {u}" for u in nr["first"]]
    return "\n".join(out)


# ---------------------------------------------------------------- self-test


def self_test():
    fails = []

    def near(name, got, want):
        if abs(got - want) > 1e-9:
            fails.append(f"{name}: got {got!r}, want {want!r}")

    def same(name, got, want):
        if got != want:
            fails.append(f"{name}: got {got!r}, want {want!r}")

    # Gold {a,b,c} {d,e}, predicted {a,b} {c,d,e}. Precision per item: a 2/2, b 2/2, c 1/3,
    # d 2/3, e 2/3 -> 11/15; recall: a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 -> 11/15.
    g = dict(a=1, b=1, c=1, d=2, e=2)
    p, r, f, _ = bcubed(g, dict(a="x", b="x", c="y", d="y", e="y"))
    near("split+merge P", p, 11 / 15), near("split+merge R", r, 11 / 15), near("split+merge F", f, 11 / 15)
    # Every item alone: precision 1; recall a 1/3, b 1/3, c 1/3, d 1/2, e 1/2 -> 2/5.
    p, r, f, _ = bcubed(g, {})
    near("none P", p, 1.0), near("none R", r, 2 / 5), near("none F", f, 2 * 0.4 / 1.4)
    # All in one: precision a,b,c 3/5, d,e 2/5 -> 13/25; recall 1.
    p, r, f, _ = bcubed(g, {k: "all" for k in g})
    near("one P", p, 13 / 25), near("one R", r, 1.0), near("one F", f, 2 * 0.52 / 1.52)
    # Gold {a,b} {c}, predicted {a,b,c}: precision 2/3, 2/3, 1/3 -> 5/9; F = 5/7.
    p, r, f, _ = bcubed(dict(a=1, b=1, c=2), dict(a=0, b=0, c=0))
    near("three P", p, 5 / 9), near("three F", f, 5 / 7)
    # Perfect, and ids that differ from the labels but group alike.
    p, r, f, _ = bcubed(g, dict(a="q", b="q", c="q", d="z", e="z"))
    near("perfect F", f, 1.0)
    # A missing item is alone: gold {a,b}, b not reported -> P 1, R (1/2 + 1/2) / 2.
    p, r, f, _ = bcubed(dict(a=1, b=1), dict(a="x"))
    near("missing P", p, 1.0), near("missing R", r, 0.5)

    for url, want in [
        ("https://tv.cctv.com/2023/03/15/V.shtml", "tv.cctv.com/2023/03/15/V.shtml"),
        ("http://TV.CCTV.COM:80/2023/03/15/V.shtml#comments", "tv.cctv.com/2023/03/15/V.shtml"),
        ("https://tv.cctv.com:443/a?spm=C1.P2&utm_source=wx&id=7", "tv.cctv.com/a?id=7"),
        ("https://tv.cctv.com/a?from=wap", "tv.cctv.com/a"),
        ("http://tv.cctv.com:8080/a", "tv.cctv.com:8080/a"),
        ("https://www.example-cjgc.com/detail/1.html?channel=news", "www.example-cjgc.com/detail/1.html?channel=news"),
        ("https://x.cn", "x.cn/"),
        ("/data/crawl/a.html", "/data/crawl/a.html"),
    ]:
        same(f"normalize_url({url})", normalize_url(url), want)

    # Variants fold: two URLs of one page count once; the story most of its URLs got wins.
    class L(Labels):
        def __init__(self, rows):
            self.rows = [(u, normalize_url(u), lab, role, [], "", "") for u, lab, role in rows]
            self.gold = {k: lab for _, k, lab, *_ in self.rows}
            self.first_url, self.original, self.stories = {}, {}, {}
            for u, k, lab, role, *_ in self.rows:
                self.first_url.setdefault(k, u)
                if role == "original":
                    self.original.setdefault(lab, k)
    lab = L([("https://a.cn/1", "s1", "original"), ("http://a.cn/1?from=wap", "s1", "urlvariant"),
             ("https://b.cn/1", "s1", "reprint"), ("https://a.cn/2", "s2", "original")])
    res = evaluate(lab, [("https://a.cn/1", "x"), ("http://a.cn/1?from=wap", "y"), ("https://b.cn/1", "x"),
                         ("https://a.cn/2", "z"), ("https://elsewhere.cn/", "x")])
    same("folded pages", res["pages"], 3), same("unknown URLs", res["unknown_urls"], 1)
    same("disagreements", res["variant_disagreements"], 1), near("folded F", res["f1"], 1.0)
    res = evaluate(lab, [("https://a.cn/1", "x"), ("https://b.cn/1", "x"), ("https://a.cn/2", "x")])
    near("merged P", res["precision"], 5 / 9), same("merged pairs", res["wrong_merge_pairs"]["other"], 1)
    same("not reported", res["not_reported"]["pages"], 0)

    for line in fails:
        print("FAIL", line)
    print(f"self-test: {'ok' if not fails else f'{len(fails)} failed'}")
    return 1 if fails else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", help="OUT/labels.tsv written by make_corpus.py")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--pairs", help="url<TAB>story_id lines, a file or - for stdin")
    src.add_argument("--sqlite", help="souwen's record (DB/souwen.sqlite or the DB folder); with --sql")
    src.add_argument("--baseline", choices=["none", "exact"], help="a trivial assignment")
    ap.add_argument("--sql", help="query returning url, story_id (with --sqlite)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--check", action="store_true", help="exit 1 when the targets are not met")
    ap.add_argument("--self-test", action="store_true", help="check the B-cubed function and URL rule; exit 1 on a mismatch")
    a = ap.parse_args()
    if a.self_test:
        return self_test()
    if not a.labels or not (a.pairs or a.sqlite or a.baseline):
        ap.print_usage(sys.stderr)
        print("evaluate.py: --labels and one of --pairs, --sqlite, --baseline are needed", file=sys.stderr)
        return 2
    if a.sqlite and not a.sql:
        print("evaluate.py: --sqlite needs --sql", file=sys.stderr)
        return 2
    labels = Labels(a.labels)
    if a.pairs:
        what = "pairs from " + ("stdin" if a.pairs == "-" else a.pairs)
        if a.pairs == "-":
            reported = read_pairs(sys.stdin, "stdin")
        else:
            with open(a.pairs, encoding="utf-8") as fh:
                reported = read_pairs(fh, a.pairs)
    elif a.sqlite:
        what, reported = f"{a.sqlite}: {a.sql}", read_sqlite(a.sqlite, a.sql)
    else:
        what, reported = f"baseline {a.baseline}", baseline(labels, a.baseline, a.labels)
    res = evaluate(labels, reported)
    res["assignment"] = what
    try:
        print(json.dumps(res, ensure_ascii=False) if a.json else report(res, what))
    except BrokenPipeError:
        return 0
    return 1 if a.check and not res["targets_met"] else 0


if __name__ == "__main__":
    sys.exit(main())
