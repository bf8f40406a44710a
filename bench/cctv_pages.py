#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Turns ../shared/data/news_xwlb_cctv into crawled text pages, one per story.

Each page: a URL line (the story's source URL), a breadcrumb, the headline,
a meta line with source and date, the body paragraphs, then the day's
headline list under 本期要闻 -- the shape souwen-index reads. The pages are
written to OUT (never into the repository).

Past the corpus's size (about 40 MB) the stories are written again, round
after round, each round into its own folder (OUT/r01, OUT/r02 ...; the first
round directly in OUT), so that a repeated story is a distinct page: round k
moves every date 4k years back (the corpus spans four years, so rounds do not
overlap) and gives every URL that date and a "-rk" suffix. The text and the
headline lists stay as they are, as a wire story reprinted by many sites does.

With --debian instead of DATA_DIR (when ../shared/data is absent), the text
comes from Chinese documentation in Debian packages, fetched with apt-get
download and unpacked beside OUT, in OUT.debian (nothing is installed):
debian-reference-zh-cn (the Debian Reference, Simplified Chinese, HTML) and
manpages-zh (Chinese manual pages, roff). Each section of a chapter or man
page becomes a story, with invented dates, one "day" per 12 stories whose
titles form that day's headline list.

usage: cctv_pages.py DATA_DIR OUT_DIR [MAX_MB]
       cctv_pages.py --debian OUT_DIR MAX_MB
"""
import collections
import datetime
import glob
import gzip
import html
import os
import re
import subprocess
import sys


def stories(path):
    """The stories of one day file: (date, title, url or None, paragraphs, the day's headlines).

    bench/quality/corpora.py reads the corpus through this too, so that both see one parse.
    """
    text = open(path, encoding="utf-8").read()
    # Each day file ends with "---" and an update timestamp, not part of the last story.
    text = re.sub(r"\n---\s*\n\s*\(更新时间戳[^)]*\)\s*$", "\n", text)
    day = re.search(r"\((\d{8})\)", text)
    day = day.group(1) if day else "20220101"
    date = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    summary = []
    m = re.search(r"## 新闻摘要(.*?)## 详细新闻", text, re.S)
    if m:
        for line in m.group(1).splitlines():
            line = re.sub(r"^\s*(\d+\.|（\d+）)", "", line).strip().rstrip("；;：:")
            if len(line) >= 8 and "主要内容" not in line:
                summary.append(line)
    for part in re.split(r"\n### ", text)[1:]:
        lines = part.split("\n", 1)
        title = lines[0].strip()
        body = lines[1] if len(lines) > 1 else ""
        url = re.search(r"\[查看原文\]\((https?://[^)]+)\)", body)
        body = re.sub(r"\[查看原文\]\([^)]*\)", "", body)
        paras = [html.unescape(re.sub(r"<[^>]+>", "", p)).strip()
                 for p in re.split(r"</p>|<br\s*/?>|\n", body)]
        # A few stories were crawled as the string "undefined"; they have no text.
        paras = [p for p in paras if p and p != "undefined"]
        yield date, title, url.group(1) if url else None, paras, summary


def days(data):
    """The stories with text of DATA_DIR/news/*.md by day, in file order: an OrderedDict of
    date -> [(title, url or None, paragraphs)] (bench/history_crawl.py, bench/html_pages.py)."""
    files = sorted(f for f in os.listdir(os.path.join(data, "news")) if f.endswith(".md"))
    out = collections.OrderedDict()
    for f in files:
        for date, title, url, paras, _ in stories(os.path.join(data, "news", f)):
            if paras:
                out.setdefault(date, []).append((title, url, paras))
    return out


DEBIAN_PACKAGES = ["debian-reference-zh-cn", "manpages-zh"]


def _han_share(text):
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff") / max(1, len(text))


def debian_stories(work):
    """Stories from Chinese documentation in Debian packages (see the module's comment)."""
    os.makedirs(work, exist_ok=True)
    root = os.path.join(work, "root")
    if not os.path.isdir(root):
        subprocess.run(["apt-get", "download", "-q", "-o", "APT::Sandbox::User=root"] + DEBIAN_PACKAGES, cwd=work, check=True,
                       stdout=subprocess.DEVNULL)
        for deb in glob.glob(os.path.join(work, "*.deb")):
            subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    sections = []
    for path in sorted(glob.glob(os.path.join(root, "usr/share/doc/debian-reference-zh-cn/**/*.html"),
                                 recursive=True)):
        text = open(path, encoding="utf-8", errors="replace").read()
        for part in re.split(r"<h[1-4][^>]*>", text)[1:]:
            title, _, body = part.partition("</h")
            body = body.split(">", 1)[-1]
            paras = [html.unescape(re.sub(r"<[^>]+>", "", p)).strip()
                     for p in re.split(r"</p>|<br\s*/?>|</li>|</pre>", body)]
            sections.append((html.unescape(re.sub(r"<[^>]+>|\s+", " ", title)).strip(), paras))
    for path in sorted(glob.glob(os.path.join(root, "usr/share/man/zh_CN/**/*.gz"), recursive=True)):
        text = gzip.open(path, "rt", encoding="utf-8", errors="replace").read()
        name = os.path.basename(path)[:-3]
        for part in re.split(r"\n\.SH ", text)[1:]:
            title, _, body = part.partition("\n")
            body = re.sub(r"^\.\S+ ?", "", body, flags=re.M)   # roff requests
            body = re.sub(r"\\f[BIRP]|\\-|\\\(\w\w|\\&", "", body)
            paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n\.PP", body)]
            sections.append((f"{name} {title.strip(chr(34) + ' ')}", paras))
    stories = []
    for title, paras in sections:
        paras = [p for p in paras if len(p) >= 10]
        if paras and _han_share("".join(paras)) > 0.2:
            stories.append((title, paras))
    day = datetime.date(2022, 9, 1)
    for i in range(0, len(stories), 12):
        group = stories[i:i + 12]
        summary = [t for t, _ in group]
        date = (day + datetime.timedelta(days=i // 12)).isoformat()
        for j, (title, paras) in enumerate(group):
            yield date, title, f"https://debian.example.cn/{date.replace('-', '/')}/{i + j}.shtml", \
                paras, summary


def moved(date, url, k):
    """Round k's date (4k years back) and URL (that date, "-rk" before the extension)."""
    if k == 0:
        return date, url
    y, rest = date.split("-", 1)
    new = f"{int(y) - 4 * k:04d}-{rest}"
    if url:
        url = url.replace(date.replace("-", "/"), new.replace("-", "/"))
        url = re.sub(r"(\.\w+)?$", lambda m: f"-r{k}" + (m.group(1) or ""), url, count=1)
    return new, url


def main():
    if len(sys.argv) < 3 or (sys.argv[1] == "--debian" and len(sys.argv) < 4):
        sys.exit(__doc__.split("usage: ", 1)[1])
    data, out = sys.argv[1], sys.argv[2]
    max_bytes = int(float(sys.argv[3]) * 1e6) if len(sys.argv) > 3 else None
    os.makedirs(out, exist_ok=True)
    if data == "--debian":
        source = "Debian packages " + ", ".join(DEBIAN_PACKAGES)
        all_stories = list(debian_stories(out.rstrip("/") + ".debian"))
        crumb, src = "Debian 文档 > 中文 > 正文", "Debian 中文文档"
    else:
        source = data
        files = sorted(f for f in os.listdir(os.path.join(data, "news")) if f.endswith(".md"))
        all_stories = [s for f in files for s in stories(os.path.join(data, "news", f))]
        crumb, src = "央视网首页 > 新闻联播 > 正文", "央视新闻"
    all_stories = [s for s in all_stories if s[3]]
    if not all_stories:
        sys.exit("no stories found in " + source)
    written = n = k = 0
    while True:
        folder = out if k == 0 else os.path.join(out, f"r{k:02d}")
        os.makedirs(folder, exist_ok=True)
        for date, title, url, paras, summary in all_stories:
            n += 1
            date, url = moved(date, url, k)
            page = []
            if url:
                page.append(f"URL: {url}")
            page += [crumb, title, f"来源：{src} {date} 19:00", ""]
            page += [p + "\n" for p in paras]
            page += ["本期要闻", ""] + summary
            data_out = "\n".join(page) + "\n"
            with open(os.path.join(folder, f"{n:06d}.txt"), "w", encoding="utf-8") as fh:
                fh.write(data_out)
            written += len(data_out.encode("utf-8"))
            if max_bytes and written >= max_bytes:
                break
        k += 1
        if not max_bytes or written >= max_bytes:
            break
    print(f"{n} pages, {written / 1e6:.1f} MB in {out} ({k} round{'s' if k > 1 else ''} of {source})")


if __name__ == "__main__":
    main()
