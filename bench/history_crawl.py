#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""history_crawl.py - writes repeated crawls of one site as WARC files, for bench/history.sh.

    bench/history_crawl.py DATA_DIR OUT_DIR MAX_MB [--edit-share 0.1] [--pages-per-file 2000]

The pages are the CCTV 新闻联播 stories of DATA_DIR (../shared/data/news_xwlb_cctv),
parsed by bench/cctv_pages.py (past the corpus's size, rounds of distinct pages as
cctv_pages.py makes them: dates 4 years back per round, "-rK" URLs) and dressed as
tv.cctv.com pages by bench/stories/make_corpus.py's template, with the day's other stories
under 本期节目; every record is an HTTP 200 response written by make_corpus.py's Warc (one
gzip member per record). Pages are added until their HTML bytes reach MAX_MB.

The one design decision: every crawl is written in one pass from the same page bytes, so an
unchanged page has exactly the same payload in every crawl; only the WARC-Date (and the
record IDs) differ. The crawls, each in OUT_DIR/<name>/part-NN.warc.gz:

  c1        crawl 1: 2026-03-02 from 02:00Z (10:00 UTC+8), a page every 0.1 s
  c1-same   crawl 1 again 3 hours later: a new capture on the same UTC+8 day
  c2 c3 c4  crawl 1 one, two and three weeks later, unchanged
  c5        four weeks later, EDIT_SHARE of the pages (chosen by a fixed seed) edited: a
            paragraph of another story appended to one of its paragraphs, or added after
            it (half each); the rest unchanged

OUT_DIR/crawls.json says, per crawl, its pages, HTML bytes (the HTTP payloads) and WARC
bytes; and for c5 the edited pages and `edited_zlib`: the sum over them of the length of
zlib.compress(text, 6), text being the edited article body as versions.text holds it
before compression (its paragraphs joined by '\\n', UTF-8), and `edited_raw`, the same
uncompressed.

Not done here: indexing or measuring (bench/history.sh).
"""
import argparse
import datetime
import json
import os
import random
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "stories"))
import cctv_pages  # noqa: E402  (the one parse of the CCTV day files)
import make_corpus  # noqa: E402  (the tv.cctv.com template and the WARC writer)

UTC = datetime.timezone.utc
TZ8 = datetime.timezone(datetime.timedelta(hours=8))
START = datetime.datetime(2026, 3, 2, 2, 0, 0, tzinfo=UTC)
CRAWLS = [("c1", datetime.timedelta(0)), ("c1-same", datetime.timedelta(hours=3))] + [
    (f"c{k}", datetime.timedelta(weeks=k - 1)) for k in (2, 3, 4, 5)]


def pages(data, max_bytes):
    """(url, title, paras, html str) of each page, until max_bytes of HTML."""
    days = cctv_pages.days(data)
    if not days:
        sys.exit(f"history_crawl.py: no stories in '{data}'")
    written = n = k = 0
    while True:
        for date, day in days.items():
            moved = []
            for i, (title, url, paras) in enumerate(day):
                url = url or f"https://tv.cctv.com/{date.replace('-', '/')}/VIDE{i:04d}.shtml"
                d, u = cctv_pages.moved(date, url, k)
                moved.append((title, u, d, paras))
            for title, url, d, paras in moved:
                when = datetime.datetime.fromisoformat(d + "T19:30:00").replace(tzinfo=TZ8)
                p = {"site": "cctv", "title": title, "published": when, "source": "央视新闻",
                     "paras": paras, "url": url,
                     "related": [(t, u, x) for t, u, x, _ in moved if u != url]}
                body = make_corpus.render(p)
                n += 1
                written += len(body.encode("utf-8"))
                yield url, title, paras, body
                if written >= max_bytes:
                    return
        k += 1


def edit(paras, rng, donors):
    """paras with one paragraph changed or one added, from another story's text."""
    extra = rng.choice(rng.choice(donors))
    i = rng.randrange(len(paras))
    out = list(paras)
    if rng.random() < 0.5:
        out[i] = out[i] + extra
    else:
        out.insert(i + 1, extra)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("max_mb", type=float)
    ap.add_argument("--edit-share", type=float, default=0.1)
    ap.add_argument("--pages-per-file", type=int, default=2000)
    a = ap.parse_args()
    all_pages = list(pages(a.data, int(a.max_mb * 1e6)))
    rng = random.Random("souwen history crawl 5")
    edited = set(rng.sample(range(len(all_pages)), round(a.edit_share * len(all_pages))))
    donors = [p[2] for p in all_pages[:5000]]
    stats = {name: {"pages": 0, "html_bytes": 0, "warc_bytes": 0, "from": (START + off).isoformat()}
             for name, off in CRAWLS}
    stats["c5"].update(edited=len(edited), edited_zlib=0, edited_raw=0)
    warcs = {}
    for i, (url, title, paras, body) in enumerate(all_pages):
        part = i // a.pages_per_file
        new = None
        if i in edited:
            paras2 = edit(paras, rng, donors)
            text = "\n".join(paras2).encode("utf-8")
            stats["c5"]["edited_zlib"] += len(zlib.compress(text, 6))
            stats["c5"]["edited_raw"] += len(text)
            # The page as it was, with only its article's paragraphs replaced.
            new = body.replace("\n".join(f"<p>{make_corpus.esc(x)}</p>" for x in paras),
                               "\n".join(f"<p>{make_corpus.esc(x)}</p>" for x in paras2), 1)
            assert new != body
        for name, off in CRAWLS:
            key = (name, part)
            if key not in warcs:
                for k in [k for k in warcs if k[0] == name]:
                    warcs.pop(k).close()
                folder = os.path.join(a.out, name)
                os.makedirs(folder, exist_ok=True)
                warcs[key] = make_corpus.Warc(os.path.join(folder, f"part-{part:02d}.warc.gz"),
                                              f"history:{name}:{part}")
            b = (new if name == "c5" and new else body).encode("utf-8")
            warcs[key].response(url, b, "utf-8", START + off + datetime.timedelta(seconds=i / 10))
            stats[name]["pages"] += 1
            stats[name]["html_bytes"] += len(b)
    for w in warcs.values():
        w.close()
    for name, _ in CRAWLS:
        folder = os.path.join(a.out, name)
        stats[name]["warc_bytes"] = sum(os.path.getsize(os.path.join(folder, f))
                                        for f in os.listdir(folder))
    with open(os.path.join(a.out, "crawls.json"), "w") as fh:
        json.dump(stats, fh, indent=1)
    c1 = stats["c1"]
    print(f"{c1['pages']} pages, {c1['html_bytes'] / 1e6:.1f} MB of HTML per crawl, "
          f"{len(CRAWLS)} crawls in {a.out} ({len(edited)} pages edited in c5)")


if __name__ == "__main__":
    main()
