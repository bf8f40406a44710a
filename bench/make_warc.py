#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""make_warc.py - writes a WARC file (one gzip member per record) from the sample pages.

  bench/make_warc.py                       writes samples/crawl-2026-02-03.warc.gz
  bench/make_warc.py --repeat N --image-kb K --out F
                                           N rounds with varied URLs (for the
                                           constant-memory benchmark), each with a
                                           K KB image/jpeg record of random bytes

The sample WARC holds what a crawler such as wget --warc-file writes: a
warcinfo record, request records, HTML responses (one chunked and gzip
encoded, one whose charset only the HTTP header gives), a resource record
(Big5 HTML), a redirect, an image and a metadata record. Run from the
repository root; commit the .warc.gz it writes.
"""
import argparse
import gzip
import io
import os
import uuid

ap = argparse.ArgumentParser()
ap.add_argument("--repeat", type=int, default=0)
ap.add_argument("--image-kb", type=int, default=0)
ap.add_argument("--out", default="samples/crawl-2026-02-03.warc.gz")
a = ap.parse_args()

F_URL = "https://www.example-xinghe.cn/keji/2026/0203/qlzn.html"
J_URL = "https://www.example-yunfan.cn/keji/"
K_URL = "https://www.example-yunfan.cn/keji/2026/0203/jiqiren.html"
H_URL = "https://news.example-taibei.com.tw/2026/02/03/dianche.html"
pages = {
    F_URL: open("samples/site-f-keji-liangzi.html", "rb").read(),
    J_URL: open("samples/site-j-keji-channel.html", "rb").read(),
    K_URL: open("bench/warc-pages/site-k-keji-jiqiren.html", "rb").read(),
    H_URL: open("samples/site-h-taibei-big5.html", "rb").read(),
}
n = 0


def record(out, wtype, uri, block, ctype, date):
    global n
    n += 1
    hdr = [f"WARC/1.0", f"WARC-Type: {wtype}", f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=n)}>",
           f"WARC-Date: {date}"]
    if uri:
        hdr.append(f"WARC-Target-URI: {uri}")
    hdr += [f"Content-Type: {ctype}", f"Content-Length: {len(block)}"]
    raw = ("\r\n".join(hdr) + "\r\n\r\n").encode() + block + b"\r\n\r\n"
    out.write(gzip.compress(raw, mtime=0))


def http(status, headers, body):
    h = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return h.encode() + body


def chunked(body, size=700):
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
    return out + b"0\r\n\r\n"


def vary(html, r):
    return html if r == 0 else html.replace(b"</h1>", f" No.{r}</h1>".encode()).replace(
        b"<title>", f"<title>No.{r} ".encode())


def round_(out, r):
    sfx = "" if r == 0 else f"?r={r}"
    d = "2026-02-03T03:%02d:%02dZ" % (r // 60 % 60, r % 60)
    f_url, j_url, k_url, h_url = (u + sfx for u in (F_URL, J_URL, K_URL, H_URL))
    record(out, "request", f_url, f"GET /keji/2026/0203/qlzn.html HTTP/1.1\r\nHost: www.example-xinghe.cn\r\n\r\n".encode(),
           "application/http; msgtype=request", d)
    body = gzip.compress(vary(pages[F_URL], r), mtime=0)
    record(out, "response", f_url, http("200 OK", [("Content-Type", "text/html; charset=utf-8"),
           ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")], chunked(body)),
           "application/http; msgtype=response", d)
    record(out, "response", j_url, http("200 OK", [("Content-Type", "text/html"),
           ("Content-Length", str(len(pages[J_URL])))], vary(pages[J_URL], r)),
           "application/http; msgtype=response", d)
    record(out, "response", k_url, http("200 OK", [("Content-Type", "text/html; charset=GBK")],
           vary(pages[K_URL], r)), "application/http; msgtype=response", d)
    record(out, "resource", h_url, vary(pages[H_URL], r), "text/html", d)
    record(out, "response", "http://www.example-xinghe.cn/keji/" + sfx,
           http("301 Moved Permanently", [("Location", "https://www.example-xinghe.cn/keji/")], b""),
           "application/http; msgtype=response", d)
    img = os.urandom(a.image_kb * 1024) if a.image_kb else b"\x89PNG\r\n\x1a\n" + bytes(64)
    record(out, "response", f"https://www.example-yunfan.cn/img/{r}.jpg",
           http("200 OK", [("Content-Type", "image/jpeg" if a.image_kb else "image/png")], img),
           "application/http; msgtype=response", d)
    record(out, "metadata", f_url, b"outlinks: https://www.example-yunfan.cn/keji/\r\n",
           "application/warc-fields", d)


with open(a.out, "wb") as out:
    record(out, "warcinfo", None, b"software: souwen bench/make_warc.py\r\nformat: WARC File Format 1.0\r\n",
           "application/warc-fields", "2026-02-03T03:00:00Z")
    for r in range(max(1, a.repeat)):
        round_(out, r)
