#!/usr/bin/env python3
"""Turns ../shared/data/news_xwlb_cctv into crawled text pages, one per story.

Each page: a URL line (the story's source URL), a breadcrumb, the headline,
a meta line with source and date, the body paragraphs, then the day's
headline list under 本期要闻 -- the shape souwen-index reads. The pages are
written to OUT (never into the repository).

usage: cctv_pages.py DATA_DIR OUT_DIR [MAX_MB]
"""
import html
import os
import re
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


def main():
    data, out = sys.argv[1], sys.argv[2]
    max_bytes = int(float(sys.argv[3]) * 1e6) if len(sys.argv) > 3 else None
    os.makedirs(out, exist_ok=True)
    written = n = 0
    files = sorted(f for f in os.listdir(os.path.join(data, "news")) if f.endswith(".md"))
    for f in files:
        for date, title, url, paras, summary in stories(os.path.join(data, "news", f)):
            if not paras:
                continue
            n += 1
            page = []
            if url:
                page.append(f"URL: {url}")
            page += ["央视网首页 > 新闻联播 > 正文", title, f"来源：央视新闻 {date} 19:00", ""]
            page += [p + "\n" for p in paras]
            page += ["本期要闻", ""] + summary
            data_out = "\n".join(page) + "\n"
            with open(os.path.join(out, f"{n:06d}.txt"), "w", encoding="utf-8") as fh:
                fh.write(data_out)
            written += len(data_out.encode("utf-8"))
            if max_bytes and written >= max_bytes:
                print(f"{n} pages, {written / 1e6:.1f} MB in {out}")
                return
    print(f"{n} pages, {written / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
