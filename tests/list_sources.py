#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""list_sources.py - the headline sources and section labels souwen reads from real pages.

Runs `souwen-index --db /nonexistent --show` over every page of the third-party
sets html_gne, html_gerapy and seed-page in ../shared/data, and for each set
collects the distinct headline item sources and section labels. Fails when a
source is or ends in a counter (a rank, a click or comment count), a time or
a date, or holds 评论 / 更多; or when a section label holds "更多", "查看更多",
"进入…频道" or a tab row; then compares the sorted lists with the reviewed
files tests/golden-sources/<set>.txt ("source: X" and "section: X" lines).
UPDATE=1 rewrites those files (review the diff by eye).

Usage: tests/list_sources.py BUILD_DIR [DATA_DIR]
Exit 0 ok, 1 a bad label or a difference, 77 when the data is absent.
The data is read in place and never copied into the repository.
"""
import json
import os
import re
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "build")
data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "..", "shared", "data")
tool = os.path.join(build, "souwen-index")
sets = ["html_gne", "html_gerapy", "seed-page"]
if not all(os.path.isdir(os.path.join(data, s)) for s in sets):
    print(f"skipped: {data} lacks {', '.join(sets)}")
    sys.exit(77)

# A counter, a time or a date as the last word, or glued to a Chinese name (146360,
# 澎湃新闻 0, 澎湃新闻0, 03, 10:32, 1.2万, 2小时前, 刚刚), a rank (1、); a user name such as tan90 is a name.
COUNTER = re.compile(r"(^|\s|[^\x00-\x7f])[0-9０-９:：\-/.,+万千亿]*[0-9０-９][0-9０-９:：\-/.,+万千亿]*$"
                     r"|\d+\s*(秒|分钟|小时|天|周|个月|年)前$|(^|\s)(刚刚|昨天|前天)$"
                     r"|(^|\s)\d+[、.)）]$")  # a rank: 1、 2. 3)
# Counters and buttons as words of their own (大参考 评论 25); 21世纪军工评论 is a name.
BAD_SOURCE_WORD = re.compile(r"(^|\s)(评论|更多|跟贴|跟帖|点击|阅读|赞|关注)(\s|\d|$)")
BAD_SECTION = re.compile(r"更多|进入.{0,8}频道|查看|>>|》》")


def pages(folder):
    for root, _, files in sorted(os.walk(folder)):
        for f in sorted(files):
            if f.endswith((".html", ".htm", ".txt")) and f not in ("README.md",):
                yield os.path.join(root, f)


def labels(path):
    p = subprocess.run([tool, "--db", "/nonexistent", "--show", path], capture_output=True)
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        if not line.strip():
            continue
        page = json.loads(line)
        for lst in page.get("lists") or []:
            if lst.get("section"):
                yield "section", lst["section"]
            for it in lst.get("items") or []:
                if it.get("source"):
                    yield "source", it["source"]


def bad(kind, text):
    if kind == "source":
        if COUNTER.search(text) or BAD_SOURCE_WORD.search(text):
            return "a source that is or ends in a counter, a time or UI text"
    elif BAD_SECTION.search(text):
        return "a section label with 'more' or channel text"
    return None


failed = False
for s in sets:
    found = {}
    for path in pages(os.path.join(data, s)):
        for kind, text in labels(path):
            found.setdefault((kind, text), os.path.relpath(path, data))
    for (kind, text), where in sorted(found.items()):
        why = bad(kind, text)
        if why:
            print(f"FAIL: {s}: {why}: '{text}' ({where})")
            failed = True
    got = "".join(f"{k}: {t}\n" for k, t in sorted(found))
    golden = os.path.join(here, "golden-sources", s + ".txt")
    if os.environ.get("UPDATE"):
        with open(golden, "w", encoding="utf-8") as f:
            f.write(got)
        print(f"updated {os.path.relpath(golden, here)}")
        continue
    want = open(golden, encoding="utf-8").read() if os.path.exists(golden) else ""
    if got != want:
        w, g = set(want.splitlines()), set(got.splitlines())
        for line in sorted(w - g):
            print(f"FAIL: {s}: missing  {line}")
        for line in sorted(g - w):
            print(f"FAIL: {s}: new      {line}")
        failed = True
    else:
        print(f"ok: {s}: {sum(1 for k, _ in found if k == 'source')} sources, "
              f"{sum(1 for k, _ in found if k == 'section')} sections as reviewed")
sys.exit(1 if failed else 0)
