#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""html_pages.py - writes a folder of HTML news pages, for bench/run.sh's HTML line.

    bench/html_pages.py DATA_DIR OUT_DIR MAX_MB

The pages are the CCTV 新闻联播 stories of DATA_DIR (../shared/data/news_xwlb_cctv), parsed
by bench/cctv_pages.py (past the corpus's size, rounds of distinct pages as cctv_pages.py
makes them), each dressed in one of the made-up sites of bench/stories/make_corpus.py in
turn (their templates and charsets: UTF-8, GBK, GB2312), with the day's other stories as the
page's related list. Files go to OUT_DIR/NNN/NNNNNNN.html, 1,000 a folder, until their bytes
reach MAX_MB. Prints one line: pages, bytes, and the bytes per charset.

Not done here: indexing or measuring (bench/run.sh, bench/speed/bench.py).
"""
import collections
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "stories"))
import cctv_pages  # noqa: E402  (the one parse of the CCTV day files)
import make_corpus  # noqa: E402  (the site templates)

TZ8 = datetime.timezone(datetime.timedelta(hours=8))
RELATED = 10  # items in a page's related list


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().split("\n\n")[1])
    data, out, max_bytes = sys.argv[1], sys.argv[2], int(float(sys.argv[3]) * 1e6)
    days = cctv_pages.days(data)
    if not days:
        sys.exit(f"html_pages.py: no stories in '{data}'")
    written = n = rnd = 0
    by_charset = collections.Counter()
    while written < max_bytes:
        for date, day in days.items():
            if written >= max_bytes:
                break
            page = []
            for i, (title, url, paras) in enumerate(day):
                site = make_corpus.SITES[(n + i) % len(make_corpus.SITES)]
                d, u = cctv_pages.moved(date, url or f"https://tv.cctv.com/{date}/{i}", rnd)
                if site.key != "cctv":
                    u = f"{site.scheme}://{site.host}/{d.replace('-', '')}/{n + i:07d}.html"
                page.append((site, title, u, d, paras))
            for i, (site, title, url, d, paras) in enumerate(page):
                when = datetime.datetime.fromisoformat(d + "T19:30:00").replace(tzinfo=TZ8)
                rel = [(t, u, None) for _, t, u, _, _ in page if u != url][:RELATED]
                p = {"site": site.key, "title": title, "published": when, "source": "央视新闻",
                     "paras": paras, "url": url, "related": rel}
                body = make_corpus.encode(make_corpus.render(p), site.charset)
                folder = os.path.join(out, f"{n // 1000:03d}")
                os.makedirs(folder, exist_ok=True)
                with open(os.path.join(folder, f"{n:07d}.html"), "wb") as fh:
                    fh.write(body)
                n += 1
                written += len(body)
                by_charset[site.charset] += len(body)
                if written >= max_bytes:
                    break
        rnd += 1
    share = ", ".join(f"{c} {b / 1e6:.1f} MB" for c, b in sorted(by_charset.items()))
    print(f"{n} HTML pages, {written / 1e6:.1f} MB ({share}) in {out}")


if __name__ == "__main__":
    main()
