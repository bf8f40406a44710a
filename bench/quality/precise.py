#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Precision benchmark: does souwen-search find what was typed, and only that?

Three behaviours, measured over the CCTV 新闻联播 stories (../shared/data/news_xwlb_cctv)
written as crawled text pages, each with its day's headline list (本期要闻), the shape
bench/cctv_pages.py writes:

- names (names.tsv): 71 unquoted names and terms found in the stories: foreign names in
  transliteration (马斯克, 古特雷斯, 泽连斯基), Chinese personal names, companies, places and
  terms, from names in hundreds of stories to names in one or two; all but two (特斯拉, C919)
  are cut into several tokens by ICU's word break (the note of each gives the cut). precision@10: of all the top-10 hits of all names, the share whose title or
  story holds the name as one contiguous string (folded: NFKC + casefold; the pages are
  Simplified). An article hit is judged on its story's title + body as written into the page, a
  headline hit on its title. Measured in relevance order, and for the names marked
  "--sort date" also newest first. Recall against the quoted name: every hit of "NAME" (the
  phrase, --limit 10000), keyed by type and URL (articles) or title (headlines), should also be a
  hit of the unquoted name at --limit 10000; the number that are not is reported. Per-name
  counts are written to <work>/names-detail.tsv.
- questions (questions.tsv): 40 unspaced natural questions about specific stories, written in our
  own words as someone who remembers the story would type them (嫦娥六号从月球背面带回样品安全着陆),
  each with the story it should find, searched with souwen-search's defaults (all words).
  success@5, and the number of questions answered by nothing although some story holds most
  (more than half) of the question's words (listed in the file's second column).
- wording (wording.tsv): 51 keyword queries, each holding a word whose Taiwan form differs in
  vocabulary (软件/軟體, 人工智能/人工智慧, 新西兰/紐西蘭). (a) the mainland (Simplified) query over
  every page converted with `opencc -c s2twp` (Taiwan Traditional with Taiwan phrases); (b) the
  Taiwan query (the s2twp form of the mainland one) over the Simplified pages. success@5 each.

Questions and wording queries are known-item searches over articles (--type article, as
quality.py's cctv set): a query succeeds when its expected story's URL is among the first 5
hits. Each index is built once (the Simplified pages serve names, questions and wording (b));
the queries of one pass run in one souwen-search process (--queries FILE --json). Work files
go under --work, never into the repository; the figures are printed and written as JSON.

It exits 0 with a message when the data is missing; without the `opencc` command (Debian
package opencc) the wording set is skipped, with a message.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.join(HERE, ".."))
import cctv_pages  # noqa: E402  (bench/cctv_pages.py: the one parse of the CCTV day files)

CRUMB, SOURCE = "央视网首页 > 新闻联播 > 正文", "央视新闻"
SEP = "@@@souwen-precise-page {}@@@"  # ASCII: opencc leaves it alone


def fold(text):
    """What "holds the name" compares: NFKC + case folding (the pages are Simplified)."""
    return unicodedata.normalize("NFKC", text).casefold()


def read_tsv(name, columns):
    """Rows of a query file ('#' lines and blank lines skipped), each padded to `columns`."""
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if not cols[0].strip():
                raise SystemExit(f"precise: {name}:{n}: empty query")
            rows.append([c.strip() for c in cols] + [""] * (columns - len(cols)))
    return rows


def load_stories(data):
    """Every story with a body, in date order: dicts {n, date, title, url, paras, summary}."""
    news = os.path.join(data, "news_xwlb_cctv", "news")
    out = []
    for f in sorted(x for x in os.listdir(news) if x.endswith(".md")):
        for date, title, url, paras, summary in cctv_pages.stories(os.path.join(news, f)):
            if paras:
                out.append({"n": len(out) + 1, "date": date, "title": title, "url": url,
                            "paras": paras, "summary": summary})
    return out


def page_text(s):
    """A story as bench/cctv_pages.py writes it: URL, breadcrumb, headline, meta, paragraphs
    separated by blank lines, then the day's headline list under 本期要闻."""
    page = [f"URL: {s['url']}"] if s["url"] else []
    page += [CRUMB, s["title"], f"来源：{SOURCE} {s['date']} 19:00", ""]
    page += [p + "\n" for p in s["paras"]]
    page += ["本期要闻", ""] + s["summary"]
    return "\n".join(page) + "\n"


def write_pages(stories, folder):
    """One page per story, folder/<n>.txt; returns {absolute path: story}."""
    os.makedirs(folder)
    paths = {}
    for s in stories:
        path = os.path.abspath(os.path.join(folder, f"{s['n']:06d}.txt"))
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(page_text(s))
        paths[path] = s
    return paths


def opencc(config, lines):
    """Each line converted with `opencc -c config` (one process)."""
    r = subprocess.run(["opencc", "-c", config], input="\n".join(lines) + "\n",
                       capture_output=True, text=True, check=True)
    return r.stdout.split("\n")[:len(lines)]


def write_taiwan_pages(stories, folder, work):
    """The pages converted with opencc s2twp, in one opencc run: folder/<n>.txt."""
    os.makedirs(folder)
    src, dst = os.path.join(work, "all-s.txt"), os.path.join(work, "all-tw.txt")
    with open(src, "w", encoding="utf-8") as fh:
        for s in stories:
            fh.write(SEP.format(s["n"]) + "\n" + page_text(s))
    subprocess.run(["opencc", "-c", "s2twp", "-i", src, "-o", dst], check=True)
    n = None
    parts = {}
    with open(dst, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("@@@souwen-precise-page "):
                n = int(line.split()[1].rstrip("@"))
                parts[n] = []
            else:
                parts[n].append(line)
    if len(parts) != len(stories):
        raise SystemExit(f"precise: opencc gave {len(parts)} pages for {len(stories)}")
    for n, lines in parts.items():
        with open(os.path.join(folder, f"{n:06d}.txt"), "w", encoding="utf-8") as fh:
            fh.writelines(lines)
    os.remove(src)
    os.remove(dst)


class Souwen:
    """One index and its searches, through the CLI."""

    def __init__(self, build, db):
        self.index_bin = os.path.join(build, "souwen-index")
        self.search_bin = os.path.join(build, "souwen-search")
        self.db = db
        self.errors = []
        self.search_seconds = 0.0

    def index(self, folder):
        shutil.rmtree(self.db, ignore_errors=True)
        t = time.perf_counter()
        r = subprocess.run([self.index_bin, "--db", self.db, "--quiet", folder],
                           capture_output=True, text=True)
        if r.returncode not in (0, 1):
            raise SystemExit(f"precise: souwen-index exited {r.returncode}: {r.stderr.strip()[:500]}")
        secs = time.perf_counter() - t
        stats = subprocess.run([self.index_bin, "--db", self.db, "--stats", "--json"],
                               capture_output=True, text=True)
        try:
            self.stats = json.loads(stats.stdout)
        except ValueError:
            self.stats = {}
        return secs

    def run(self, queries, args, name):
        """Runs each query (one per line) in one souwen-search process; returns a list, per
        query, of its hits (JSON objects, best first)."""
        qfile = os.path.join(os.path.dirname(self.db), f"queries-{name}.txt")
        with open(qfile, "w", encoding="utf-8") as fh:
            fh.writelines(q + "\n" for q in queries)
        cmd = [self.search_bin, "--db", self.db, "--json", "--color", "never"] + args + \
              ["--queries", qfile]
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True)
        self.search_seconds += time.perf_counter() - t
        if r.returncode not in (0, 1):
            self.errors += [f"{name}: {line}" for line in r.stderr.splitlines()[:5]]
            if not r.stdout:
                raise SystemExit(f"precise: souwen-search exited {r.returncode}: {r.stderr.strip()[:500]}")
        hits = [[] for _ in queries]
        for line in r.stdout.splitlines():
            h = json.loads(line)
            hits[h["query"] - 1].append(h)
        for h in hits:
            h.sort(key=lambda x: x["rank"])
        return hits


def hit_key(h):
    """A hit's identity across two searches: type and URL (or path), or type and title."""
    if h["type"] == "article":
        return ("article", h.get("url") or h.get("path"))
    return ("headline", h.get("title"))


def run_names(sw, paths, stories, work):
    rows = read_tsv("names.tsv", 3)
    names = [r[0] for r in rows]
    dated = [r[0] for r in rows if r[1] == "--sort date"]
    texts = {p: fold(s["title"] + "\n" + "\n".join(s["paras"])) for p, s in paths.items()}
    all_texts = list(texts.values())

    def right(h, name):
        if h["type"] == "article":
            text = texts.get(os.path.abspath(h.get("path") or ""))
            if text is None:
                raise SystemExit(f"precise: a hit names a page not written: {h.get('path')}")
            return fold(name) in text
        return fold(name) in fold(h.get("title") or "")

    top = sw.run(names, ["--limit", "10"], "names-top10")
    top_date = sw.run(dated, ["--limit", "10", "--sort", "date"], "names-date")
    unq = sw.run(names, ["--limit", "10000"], "names-all")
    quoted = sw.run([f'"{n}"' for n in names], ["--limit", "10000"], "names-quoted")
    date_of = dict(zip(dated, top_date))
    detail, fig = [], {"right": 0, "hits": 0, "right_date": 0, "hits_date": 0,
                       "quoted_hits": 0, "quoted_missing": 0, "names_missing": 0, "capped": 0}
    for i, name in enumerate(names):
        ok = sum(right(h, name) for h in top[i])
        fig["right"] += ok
        fig["hits"] += len(top[i])
        dok = dn = ""
        if name in date_of:
            dok = sum(right(h, name) for h in date_of[name])
            dn = len(date_of[name])
            fig["right_date"] += dok
            fig["hits_date"] += dn
        have = {hit_key(h) for h in unq[i]}
        missing = [h for h in quoted[i] if hit_key(h) not in have]
        fig["quoted_hits"] += len(quoted[i])
        fig["quoted_missing"] += len(missing)
        fig["names_missing"] += bool(missing)
        fig["capped"] += len(unq[i]) >= 10000
        holding = sum(fold(name) in t for t in all_texts)
        wrong = [h["title"][:30] for h in top[i] if not right(h, name)][:3]
        detail.append(f"{name}\t{rows[i][1]}\t{holding}\t{len(unq[i])}\t{len(quoted[i])}\t{len(missing)}"
                      f"\t{ok}/{len(top[i])}\t{dok}/{dn}\t{' | '.join(wrong)}\n")
    with open(os.path.join(work, "names-detail.tsv"), "w", encoding="utf-8") as fh:
        fh.write("name\tsort\tstories holding it\tunquoted hits\tquoted hits\tquoted hits not "
                 "in unquoted\tright/top10\tright/top10 by date\tfirst wrong top-10 titles\n")
        fh.writelines(detail)
    out = [
        {"set": "names", "figure": "precision@10", "value": ratio(fig["right"], fig["hits"]),
         "queries": len(names), "note": f"{fig['right']}/{fig['hits']} top-10 hits hold the name"},
        {"set": "names", "figure": "precision@10 --sort date",
         "value": ratio(fig["right_date"], fig["hits_date"]), "queries": len(dated),
         "note": f"{fig['right_date']}/{fig['hits_date']} top-10 hits hold the name"},
        {"set": "names", "figure": "quoted hits missing unquoted", "value": fig["quoted_missing"],
         "queries": len(names),
         "note": f"of {fig['quoted_hits']} hits of \"NAME\"; {fig['names_missing']} names lose some"
                 + (f"; {fig['capped']} unquoted searches reached 10000 hits" if fig["capped"] else "")},
    ]
    return out


def ratio(a, b):
    return round(a / b, 4) if b else 0.0


def known_item(sw, queries, expected, name):
    """(success@5 count, zero-hit query indexes, rank per query) of article searches."""
    hits = sw.run(queries, ["--limit", "10", "--type", "article"], name)
    ranks, zero = [], []
    for i, hs in enumerate(hits):
        if not hs:
            zero.append(i)
        rank = next((r for r, h in enumerate(hs, 1) if h.get("url") in expected[i]), 0)
        ranks.append((rank, [h["title"][:30] for h in hs[:3]]))
    return sum(1 for r, _ in ranks if 0 < r <= 5), zero, ranks


def check_urls(name, rows, col, urls):
    for r in rows:
        if not set(r[col].split(",")) & urls:
            raise SystemExit(f"precise: {name}: '{r[0]}' names no story of the set: {r[col]}")


def run_questions(sw, stories, work):
    rows = read_tsv("questions.tsv", 4)
    urls = {s["url"] for s in stories}
    check_urls("questions.tsv", rows, 2, urls)
    for r in rows:
        if any(c.isspace() for c in r[0]):
            raise SystemExit(f"precise: questions.tsv: '{r[0]}' holds a space")
        bad = [w for w in r[1].split() if w not in r[0]]
        if bad:
            raise SystemExit(f"precise: questions.tsv: '{r[0]}': words not in the question: {bad}")
    expected = [set(r[2].split(",")) for r in rows]
    ok, zero, ranks = known_item(sw, [r[0] for r in rows], expected, "questions")
    texts = [fold(s["title"] + "\n" + "\n".join(s["paras"])) for s in stories]
    most = 0
    with open(os.path.join(work, "questions-ranks.tsv"), "w", encoding="utf-8") as fh:
        fh.write("rank (0: not in top 10)\tquestion\tbest share of its words held by a story\ttop 3\n")
        for i, r in enumerate(rows):
            words = [fold(w) for w in r[1].split()]
            best = max(sum(w in t for w in words) for t in texts) / max(1, len(words))
            if i in zero and best > 0.5:
                most += 1
            fh.write(f"{ranks[i][0]}\t{r[0]}\t{best:.2f}\t{' | '.join(ranks[i][1])}\n")
    n = len(rows)
    return [
        {"set": "questions", "figure": "success@5", "value": ratio(ok, n), "queries": n,
         "note": f"{ok}/{n}"},
        {"set": "questions", "figure": "answered by nothing", "value": len(zero), "queries": n,
         "note": f"{most} of them while a story holds most of the question's words"},
    ]


def run_wording(sw_s, sw_tw, stories, work, tw_folder):
    rows = read_tsv("wording.tsv", 4)
    urls = {s["url"] for s in stories}
    check_urls("wording.tsv", rows, 2, urls)
    mainland = [r[0] for r in rows]
    tw, t, tw_chars = opencc("s2twp", mainland), opencc("s2t", mainland), opencc("s2tw", mainland)
    for r, a, b, c in zip(rows, tw, t, tw_chars):
        if a == b or a == c:
            raise SystemExit(f"precise: wording.tsv: '{r[0]}': its Taiwan form differs only in "
                             f"characters, not in vocabulary ({a})")
        if a != r[1]:
            print(f"precise: wording.tsv: '{r[0]}': this opencc gives {a}, the file {r[1]} "
                  "(the file's form is searched)", file=sys.stderr)
    # Each differing word should stand in the converted target page in its Taiwan form only (opencc
    # converts by context, so a word can keep its characters-only form on some page).
    pages = {}
    for f in os.listdir(tw_folder):
        with open(os.path.join(tw_folder, f), encoding="utf-8") as fh:
            text = fh.read()
        if text.startswith("URL: "):
            pages[text[5:text.index("\n")].strip()] = text
    unconverted = []
    for r in rows:
        words = r[0].split()
        for w, a, b in zip(words, opencc("s2twp", words), opencc("s2t", words)):
            page = "".join(pages.get(u, "") for u in r[2].split(","))
            if a != b and (b in page or a not in page):
                unconverted.append(f"{r[0]}: {w}")
    if unconverted:
        print(f"precise: wording.tsv: on the converted page of its story, the mainland word is still "
              f"there or its Taiwan form is not: {unconverted}", file=sys.stderr)
    expected = [set(r[2].split(",")) for r in rows]
    out = []
    for part, sw, queries, what in (("a", sw_tw, mainland, "Simplified queries, Taiwan pages"),
                                    ("b", sw_s, [r[1] for r in rows], "Taiwan queries, Simplified pages")):
        ok, zero, ranks = known_item(sw, queries, expected, f"wording-{part}")
        with open(os.path.join(work, f"wording-{part}-ranks.tsv"), "w", encoding="utf-8") as fh:
            fh.write("rank (0: not in top 10)\tquery\ttop 3\n")
            fh.writelines(f"{rk}\t{q}\t{' | '.join(top)}\n" for q, (rk, top) in zip(queries, ranks))
        n = len(rows)
        out.append({"set": f"wording-{part}", "figure": "success@5", "value": ratio(ok, n),
                    "queries": n, "note": f"{ok}/{n}; {what}; {len(zero)} answered by nothing"
                    + (f"; {len(unconverted)} words not converted on their page" if unconverted else "")})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(HERE, "..", "..", "build"),
                    help="folder holding souwen-index and souwen-search (default: build/)")
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "..", "shared", "data"),
                    help="third-party data (default: ../shared/data)")
    ap.add_argument("--work", default="/tmp/souwen-precise", help="work files, rebuilt on every run")
    ap.add_argument("--json", help="figures as JSON (default: <work>/precise.json)")
    ap.add_argument("--sets", default="names,questions,wording")
    args = ap.parse_args()
    args.data, args.build, args.work = (os.path.abspath(p) for p in (args.data, args.build, args.work))
    sets = [s for s in args.sets.split(",") if s]
    unknown = set(sets) - {"names", "questions", "wording"}
    if unknown:
        ap.error(f"unknown sets: {','.join(sorted(unknown))}")

    if not os.path.isdir(os.path.join(args.data, "news_xwlb_cctv", "news")):
        print(f"precise: skipped: no CCTV stories in '{args.data}/news_xwlb_cctv'")
        return 0
    if "wording" in sets and shutil.which("opencc") is None:
        print("precise: wording skipped: no opencc command (apt-get install opencc)")
        sets.remove("wording")
        if not sets:
            return 0
    for b in ("souwen-index", "souwen-search"):
        if not os.access(os.path.join(args.build, b), os.X_OK):
            print(f"precise: no '{b}' in '{args.build}' (build first, or give --build)", file=sys.stderr)
            return 2

    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    t0 = time.perf_counter()
    stories = load_stories(args.data)
    paths = write_pages(stories, os.path.join(args.work, "pages"))
    sw = Souwen(args.build, os.path.join(args.work, "souwen.db"))
    print(f"precise: indexing {len(stories)} pages", file=sys.stderr, flush=True)
    isecs = sw.index(os.path.join(args.work, "pages"))
    indexes = [{"pages": "Simplified", "documents": len(stories), "index_seconds": round(isecs, 1),
                "articles": sw.stats.get("articles"), "headlines": sw.stats.get("headlines")}]
    rows = []
    for name in sets:
        print(f"precise: {name}", file=sys.stderr, flush=True)
        t = time.perf_counter()
        if name == "names":
            got = run_names(sw, paths, stories, args.work)
        elif name == "questions":
            got = run_questions(sw, stories, args.work)
        else:
            tc = time.perf_counter()
            write_taiwan_pages(stories, os.path.join(args.work, "pages-tw"), args.work)
            csecs = time.perf_counter() - tc
            sw_tw = Souwen(args.build, os.path.join(args.work, "souwen-tw.db"))
            print(f"precise: indexing {len(stories)} Taiwan pages", file=sys.stderr, flush=True)
            tsecs = sw_tw.index(os.path.join(args.work, "pages-tw"))
            indexes.append({"pages": "Taiwan (opencc s2twp)", "documents": len(stories),
                            "index_seconds": round(tsecs, 1), "convert_seconds": round(csecs, 1),
                            "articles": sw_tw.stats.get("articles"),
                            "headlines": sw_tw.stats.get("headlines")})
            t += csecs + tsecs  # the set's seconds are its searches and judging
            got = run_wording(sw, sw_tw, stories, args.work, os.path.join(args.work, "pages-tw"))
            sw.errors += sw_tw.errors
        secs = round(time.perf_counter() - t, 1)
        for r in got:
            r.update(documents=len(stories), seconds=secs)
        rows += got

    commit = subprocess.run(["git", "-C", HERE, "log", "-1", "--format=%h"], capture_output=True,
                            text=True).stdout.strip()
    print(f"\nsouwen build: {args.build} (source HEAD now: {commit or '?'}; the build may be older)")
    head = f"{'set':<10} {'figure':<30} {'value':>7} {'queries':>7} {'docs':>6} {'secs':>5}  note"
    print(head)
    print("-" * len(head))
    for r in rows:
        v = f"{r['value']:.3f}" if isinstance(r["value"], float) else str(r["value"])
        print(f"{r['set']:<10} {r['figure']:<30} {v:>7} {r['queries']:>7} {r['documents']:>6} "
              f"{r['seconds']:>5}  {r['note']}")
    for ix in indexes:
        extra = f", converted in {ix['convert_seconds']} s" if "convert_seconds" in ix else ""
        print(f"index: {ix['pages']} pages, {ix['documents']} stories ({ix['articles']} articles, "
              f"{ix['headlines']} headlines) in {ix['index_seconds']} s{extra}")
    if sw.errors:
        print(f"souwen-search reported: {sw.errors[:3]}")
    print(f"(secs: the set's searches and judging; details in {args.work}: names-detail.tsv, "
          f"questions-ranks.tsv, wording-*-ranks.tsv; total {time.perf_counter() - t0:.0f} s)")
    out = args.json or os.path.join(args.work, "precise.json")
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"commit": commit, "build": args.build,
                   "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                   "results": rows, "indexes": indexes, "errors": sw.errors}, fh,
                  ensure_ascii=False, indent=1)
    print(f"figures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
