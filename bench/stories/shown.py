#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""shown.py - is each reprinted story shown as its original, with its copies counted right?

  bench/stories/shown.py --labels OUT/labels.tsv --db DB [--search build/souwen-search]

For every story of the index with more than one page, asks souwen-search --story for its pages
(earliest first: the first is what a default search shows for the story) and checks against the
labels that the first is the story's original page and that `copies` is the number of pages
listed. Prints the counts, and the misses by cause: `tie` (the page shown was published at the
original's time), `earlier-date` (souwen read an earlier date for it). A URL variant shown is the
original's own page (one page per URL) and counts as the original. Standard library only.
"""
import argparse
import collections
import json
import sqlite3
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--labels", required=True)
    ap.add_argument("--db", required=True, help="the souwen index folder")
    ap.add_argument("--search", default="build/souwen-search")
    a = ap.parse_args()
    lab, original = {}, {}
    for line in open(a.labels, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[0].startswith("#") or len(f) < 6:
            continue
        lab[f[0]] = f
        if f[2] == "original":
            original[f[1]] = f[0]
    con = sqlite3.connect(f"file:{a.db}/souwen.sqlite?mode=ro", uri=True)
    keys = [r[0] for r in con.execute(
        "SELECT s.key FROM stories s WHERE (SELECT count(*) FROM articles a WHERE a.story = s.id) > 1")]
    shown = copies_right = 0
    miss = collections.Counter()
    for k in keys:
        out = subprocess.run([a.search, "--db", a.db, "--story", k, "--json"],
                             capture_output=True, text=True, check=False).stdout.splitlines()
        pages = [json.loads(x) for x in out]
        if not pages:
            miss["not listed"] += 1
            continue
        first = pages[0]
        copies_right += first["copies"] == len(pages)
        g = lab.get(first["url"])
        if g is None:
            miss["not labelled"] += 1
        elif g[2] in ("original", "urlvariant"):
            shown += 1
        else:
            o = lab.get(original.get(g[1], ""))
            miss["tie" if o and o[4] == g[4] else "earlier-date"] += 1
    print(f"reprinted stories: {len(keys)}; shown as their original: {shown} "
          f"({shown / max(len(keys), 1):.1%}); copies right: {copies_right}; "
          f"misses: {dict(miss) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
