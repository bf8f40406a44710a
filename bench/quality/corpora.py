# SPDX-License-Identifier: GPL-2.0-or-later
"""The two document sets and their queries, read from ../shared/data.

Each document is a dict {id, title, body, url}; body paragraphs are joined
by '\n'. The same documents are fed to every engine: souwen reads them as
text pages (write_pages), Xapian and FTS5 get title and body directly.

It does not index or search anything (engines.py does).
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import cctv_pages  # noqa: E402  (bench/cctv_pages.py: the one parse of the CCTV day files)

CMRC_FILES = ("cmrc2018_dev.json", "cmrc2018_trial.json")


def cmrc(data):
    """CMRC 2018 dev + trial: a document per paragraph, a query per question.

    Returns (docs, queries); a query is {id, text, expected: {doc id}}. The
    one paragraph with an empty title gets its paragraph id as title, so the
    souwen page still has a title line (every engine sees that title).
    """
    docs, queries = [], []
    base = os.path.join(data, "ir_cmrc2018", "squad-style-data")
    for name in CMRC_FILES:
        with open(os.path.join(base, name), encoding="utf-8") as fh:
            d = json.load(fh)
        for art in d["data"]:
            for p in art["paragraphs"]:
                title = art["title"].strip() or p["id"]
                body = "\n".join(x.strip() for x in p["context"].split("\n") if x.strip())
                docs.append({"id": p["id"], "title": title, "body": body,
                             "url": "https://cmrc2018.invalid/" + p["id"]})
                for q in p["qas"]:
                    queries.append({"id": q["id"], "text": q["question"], "expected": {p["id"]}})
    return docs, queries


def _cctv_stories(path):
    """The stories of one day file: (date, title, url or None, paragraphs)."""
    for date, title, url, paras, _summary in cctv_pages.stories(path):
        yield date, title, url, paras


def cctv(data):
    """One document per CCTV 新闻联播 story with a body: title + body, its source URL.

    Stories whose title or body is "undefined" (a crawl failure) are left out.

    Stories are numbered in date order; a story without a URL (15 of them)
    is identified as cctv:<number>. The day's 新闻摘要 list is not included.
    """
    docs = []
    news = os.path.join(data, "news_xwlb_cctv", "news")
    for f in sorted(x for x in os.listdir(news) if x.endswith(".md")):
        for date, title, url, paras in _cctv_stories(os.path.join(news, f)):
            if not paras or title == "undefined":
                continue
            n = len(docs)
            docs.append({"id": url or f"cctv:{n:06d}", "title": title, "body": "\n".join(paras),
                         "url": url, "date": date})
    return docs


def cctv_queries(path):
    """bench/quality/cctv_queries.tsv: query<TAB>url[,url...]<TAB>note; '#' lines are comments."""
    queries = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                raise ValueError(f"{path}:{i + 1}: expected query<TAB>urls<TAB>note")
            queries.append({"id": f"cctv_q{len(queries) + 1:03d}", "text": cols[0].strip(),
                            "expected": {u.strip() for u in cols[1].split(",") if u.strip()},
                            "note": cols[2] if len(cols) > 2 else ""})
    return queries


def write_pages(docs, out, source, date="2026-01-01"):
    """Writes each document as a souwen text page out/<n>.txt; returns {path: doc id}.

    Shape: URL line, breadcrumb, title, meta line, blank line, paragraphs
    separated by blank lines. No headline lists.
    """
    os.makedirs(out, exist_ok=True)
    paths = {}
    for n, d in enumerate(docs):
        page = []
        if d.get("url"):
            page.append(f"URL: {d['url']}")
        page += [f"{source}首页 > 正文", d["title"], f"来源：{source} {d.get('date', date)} 19:00", ""]
        page += [p + "\n" for p in d["body"].split("\n")]
        path = os.path.join(out, f"{n:06d}.txt")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(page) + "\n")
        paths[os.path.abspath(path)] = d["id"]
    return paths
