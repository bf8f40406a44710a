#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""How much of a text page's Chinese reaches what souwen-index extracts.

Builds .txt pages in a temporary folder from two third-party corpora in
../shared/data and runs `souwen-index --show` on each:

  cctv   CCTV 新闻联播 day files (news_xwlb_cctv/news/*.md) copied as .txt,
         HTML fragments and all: a headline list, then per story a headline,
         a body of <p> paragraphs and a source link.
  notes  plain Chinese text documents as a user's .txt notes look: a name
         line, a one-line summary and a few short headings first, then the
         paragraphs (ir_cmrc2018 Wikipedia paragraphs, grouped by title).

For each page it counts Han characters in the input and in the title, body,
source, author, date, list sections and item titles and sources, each
output counted at most as often as the input has it. It fails unless at
least 99.5 % of each corpus's Han characters, and 95 % of every page's,
are extracted, and no item title is longer than 100 characters or holds
markup.

Usage: text_coverage.py BUILD_DIR DATA_DIR [-v]. Exit 77 when the data is
absent.
"""
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile

CCTV_DAYS = 300  # a sample: every day file would take about a minute
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MARKUP = re.compile(r"<[a-zA-Z/][^>]*>")
HEADINGS = ["概况", "历史沿革", "主要特点", "延伸阅读"]


def han(s):
    return collections.Counter(HAN.findall(s or ""))


def cctv_pages(data, out):
    days = sorted(os.listdir(os.path.join(data, "news_xwlb_cctv", "news")))
    days = [d for d in days if d.endswith(".md")]
    random.Random(7).shuffle(days)
    for d in sorted(days[:CCTV_DAYS]):
        with open(os.path.join(data, "news_xwlb_cctv", "news", d), encoding="utf-8") as f:
            text = f.read()
        path = os.path.join(out, "cctv-" + d[:-3] + ".txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        yield path


def notes_pages(data, out):
    paras = []
    for name in ("cmrc2018_dev.json", "cmrc2018_trial.json"):
        with open(os.path.join(data, "ir_cmrc2018", "squad-style-data", name), encoding="utf-8") as f:
            for d in json.load(f)["data"]:
                paras += [(d["title"], p["context"]) for p in d["paragraphs"]]
    # Four paragraphs to a document, named after the first one's article.
    for n in range(0, len(paras), len(HEADINGS)):
        title, first = paras[n]
        cut = first.find("。")
        summary = first[: cut if 0 < cut <= 60 else 30]  # a one-line summary, no full stop
        lines = [title, summary]
        for heading, (_, p) in zip(HEADINGS, paras[n : n + len(HEADINGS)]):
            lines += [heading, p]
        path = os.path.join(out, "notes-%04d.txt" % n)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n\n".join(lines) + "\n")
        yield path


def extracted(page):
    parts = [page.get(k) for k in ("title", "body", "source", "author", "date")]
    for lst in page.get("lists") or []:
        parts.append(lst.get("section"))
        for it in lst.get("items") or []:
            parts += [it.get("title"), it.get("source")]
    return "\n".join(p for p in parts if p)


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv[1:]
    if len(args) != 2:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    build, data = args
    if not os.path.isdir(os.path.join(data, "news_xwlb_cctv")) or not os.path.isdir(
        os.path.join(data, "ir_cmrc2018")
    ):
        print("skipped: %s has no news_xwlb_cctv or ir_cmrc2018" % data)
        return 77
    index = os.path.join(build, "souwen-index")
    fail = 0
    with tempfile.TemporaryDirectory(prefix="souwen-coverage.") as tmp:
        for corpus, pages in (("cctv", cctv_pages), ("notes", notes_pages)):
            total_in = total_out = npages = 0
            worst = (1.0, None)
            bad_items = []
            for path in pages(data, tmp):
                with open(path, encoding="utf-8") as f:
                    want = han(f.read())
                r = subprocess.run([index, "--db", "/nonexistent", "--show", path],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    print("FAIL: %s: souwen-index --show exited %d: %s"
                          % (os.path.basename(path), r.returncode, r.stderr.strip()))
                    fail = 1
                    continue
                page = json.loads(r.stdout)
                got = han(extracted(page))
                # A CCTV day file is dated by its title's "(YYYYMMDD)", its name's day.
                day = os.path.basename(path)[5:13]
                if corpus == "cctv" and (page.get("date") or "")[:10] != "%s-%s-%s" % (
                        day[:4], day[4:6], day[6:]):
                    print("FAIL: %s: dated %r, not its day" % (os.path.basename(path), page.get("date")))
                    fail = 1
                n_in = sum(want.values())
                n_out = sum(min(c, got[ch]) for ch, c in want.items())
                total_in += n_in
                total_out += n_out
                npages += 1
                share = n_out / n_in if n_in else 1.0
                if share < worst[0]:
                    worst = (share, os.path.basename(path))
                if share < 0.95:
                    print("FAIL: %s: %.1f %% of its %d Han characters extracted"
                          % (os.path.basename(path), 100 * share, n_in))
                    fail = 1
                elif verbose:
                    print("%s: %.2f %%" % (os.path.basename(path), 100 * share))
                for lst in page.get("lists") or []:
                    for it in lst.get("items") or []:
                        t = it.get("title") or ""
                        if len(t) > 100 or MARKUP.search(t):
                            bad_items.append((os.path.basename(path), t[:60]))
            share = total_out / total_in if total_in else 0.0
            print("%s: %d pages, %d of %d Han characters extracted (%.2f %%), worst page %.1f %% (%s)"
                  % (corpus, npages, total_out, total_in, 100 * share, 100 * worst[0], worst[1]))
            if share < 0.995:
                print("FAIL: %s: under 99.5 %% of the corpus's Han characters extracted" % corpus)
                fail = 1
            if bad_items:
                print("FAIL: %s: %d headlines over 100 characters or holding markup, e.g. %s: %r"
                      % (corpus, len(bad_items), bad_items[0][0], bad_items[0][1]))
                fail = 1
    return fail


if __name__ == "__main__":
    sys.exit(main())
