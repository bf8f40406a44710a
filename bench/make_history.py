#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""make_history.py - writes samples/history/: three weekly crawls of one site as WARC files.

    bench/make_history.py        (from the repository root; commit the files it writes)

The site is 雁湖新闻网 (https://news.example-yanhu.cn/), fictional local news written for
souwen: a front page whose 头条要闻 list links to the articles, crawled on three Mondays
(2026-03-02, -09 and -16, 09:00 UTC+8). Between the crawls:

  a  gongjiao.html     edited in week 2 (title and first paragraph), as edited in week 3
  b  nongmao.html      deleted: 404 in weeks 2 and 3
  c  tushuguan.html    unchanged: the same bytes in week 2, a revisit record with an HTTP
                       304 header block in week 3
  d  yinghua.html      404 in week 2, back with the same text in week 3
  e  xuexiao.html      new in week 2, unchanged in week 3
  /  the front page    b's headline leaves after week 1; e's comes in week 2; week 3
                       repeats week 2

The one design decision: each record is written as tests/history.sh's `record` helper
writes it (uncompressed, CRLF header lines, a Content-Length, two CRLFs after the block),
with a record ID derived from its URL and date, so the bytes are the same at every run and
the files can be read with less(1) (.gitattributes keeps git from touching their line ends). README's History section and the golden case
tests/golden/history_example.cmd show what souwen makes of them.

Not written here: request, warcinfo or metadata records (samples/crawl-2026-02-03.warc.gz
shows those).
"""
import os
import uuid

SITE = "https://news.example-yanhu.cn"
A_URL = SITE + "/2026/0227/gongjiao.html"
B_URL = SITE + "/2026/0228/nongmao.html"
C_URL = SITE + "/2026/0226/tushuguan.html"
D_URL = SITE + "/2026/0301/yinghua.html"
E_URL = SITE + "/2026/0306/xuexiao.html"
FRONT = SITE + "/"
SOURCE = "雁湖日报"


def article(url, title, date, paras):
    ps = "\n".join(f"<p>{p}</p>" for p in paras)
    return f'''<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}_雁湖新闻网</title>
<link rel="canonical" href="{url}">
</head>
<body>
<div class="article">
<h1>{title}</h1>
<div class="info"><span>{date}</span> 来源：{SOURCE}</div>
<div class="content">
{ps}
</div>
</div>
<div class="footer">版权所有 2026 雁湖新闻网</div>
</body>
</html>
'''.encode()


def front(items):
    lis = "\n".join(f'<li><a href="{u}">{t}</a> <span class="src">{SOURCE}</span> '
                    f'<span class="time">{tm}</span></li>' for (t, u, tm) in items)
    return f'''<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>雁湖新闻网_首页</title>
<link rel="canonical" href="{FRONT}">
</head>
<body>
<div class="main">
<h2>头条要闻</h2>
<ul>
{lis}
</ul>
</div>
<div class="footer">版权所有 2026 雁湖新闻网</div>
</body>
</html>
'''.encode()


A_TAIL = ["此次调整同时新开两条社区巴士线路，连接湖西、枫林两个新建小区和轨道交通二号线枫林站，"
          "早晚高峰每十五分钟一班。",
          "市民可通过“雁湖公交”小程序查询调整后的线路、站点和首末班时间。"]
A1 = article(A_URL, "雁湖市十条公交线路下周一起调整 新开两条社区巴士", "2026-02-27 10:00", [
    "记者从雁湖市交通运输局获悉，为配合城北片区道路施工，全市十条公交线路将于三月九日起"
    "调整走向，沿线十四个站点临时迁移。"] + A_TAIL)
A2 = article(A_URL, "雁湖市十条公交线路调整推迟至四月 新开两条社区巴士", "2026-02-27 10:00", [
    "记者从雁湖市交通运输局获悉，因城北片区道路施工延期，全市十条公交线路的调整推迟至"
    "四月一日实施，在此之前各线路走向和站点保持不变。"] + A_TAIL)
B = article(B_URL, "湖东农贸市场改造完工重新开业 摊位租金三年不涨", "2026-02-28 16:20", [
    "经过四个月的改造，湖东农贸市场于二月二十八日重新开业，新增冷链区和熟食区，"
    "地面和排水系统全部翻新。",
    "市场管理方表示，改造后的一百二十个摊位租金三年内保持不变，首批商户已全部入驻。"])
C = article(C_URL, "市图书馆周末开放时间延长至晚九点 新增自习座位三百个", "2026-02-26 09:15", [
    "雁湖市图书馆自三月起延长周末开放时间，周六、周日闭馆时间由晚六点推迟至晚九点。",
    "图书馆三楼改造后新增自习座位三百个，读者可凭读者证通过公众号提前一天预约。"])
D = article(D_URL, "湖滨公园樱花节本周六开幕 今年首次开放夜间赏花", "2026-03-01 08:40", [
    "第十二届湖滨公园樱花节将于三月七日开幕，持续至四月初，园内三千余株樱花陆续进入花期。",
    "今年樱花节首次开放夜间赏花，每晚七点至十点沿湖步道亮灯，游客无需购票。"])
E = article(E_URL, "雁湖中学新校区九月启用 新增学位一千二百个", "2026-03-06 11:30", [
    "雁湖中学城西新校区主体工程日前完工，新校区占地一百二十亩，设教学楼四栋和体育馆一座，"
    "计划今年九月投入使用。",
    "市教育局表示，新校区启用后将新增初中和高中学位一千二百个，城西片区学生就近入学的"
    "压力将明显缓解。"])
NOT_FOUND = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>页面不存在</title>"
             "</head><body><p>您访问的页面不存在或已被删除。</p></body></html>\n").encode()

H_A = ("公交线路调整 新开两条社区巴士", A_URL, "2026-02-27 10:00")
H_B = ("湖东农贸市场改造完工重新开业", B_URL, "2026-02-28 16:20")
H_C = ("市图书馆周末延长开放至晚九点", C_URL, "2026-02-26 09:15")
H_D = ("湖滨公园樱花节本周六开幕", D_URL, "2026-03-01 08:40")
H_E = ("雁湖中学新校区九月启用", E_URL, "2026-03-06 11:30")
FRONT1 = front([H_A, H_B, H_D, H_C])
FRONT2 = front([H_E, H_A, H_D, H_C])


def http(status, body):
    head = f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
    return (head + f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def revisit_304(etag):
    return f'HTTP/1.1 304 Not Modified\r\nETag: "{etag}"\r\n\r\n'.encode()


class Warc:
    def __init__(self, path, day):
        self.out, self.day, self.n = open(path, "wb"), day, 0  # n: records written

    def record(self, wtype, uri, second, block, extra=()):
        """One record fetched at 01:00:SECOND UTC (09:00 in UTC+8) of the crawl's day."""
        self.n += 1
        rid = uuid.uuid5(uuid.NAMESPACE_URL, f"{uri} {self.day} {self.n}")
        hdr = [
            "WARC/1.0", f"WARC-Type: {wtype}", f"WARC-Record-ID: <urn:uuid:{rid}>",
            f"WARC-Target-URI: {uri}", f"WARC-Date: {self.day}T01:00:{second:02d}Z", *extra,
            "Content-Type: application/http; msgtype=response", f"Content-Length: {len(block)}"]
        self.out.write(("\r\n".join(hdr) + "\r\n\r\n").encode() + block + b"\r\n\r\n")

    def close(self):
        self.out.close()


os.makedirs("samples/history", exist_ok=True)
w = Warc("samples/history/crawl-2026-03-02.warc", "2026-03-02")
w.record("response", FRONT, 0, http("200 OK", FRONT1))
w.record("response", A_URL, 1, http("200 OK", A1))
w.record("response", B_URL, 2, http("200 OK", B))
w.record("response", C_URL, 3, http("200 OK", C))
w.record("response", D_URL, 4, http("200 OK", D))
w.close()
w = Warc("samples/history/crawl-2026-03-09.warc", "2026-03-09")
w.record("response", FRONT, 0, http("200 OK", FRONT2))
w.record("response", A_URL, 1, http("200 OK", A2))
w.record("response", B_URL, 2, http("404 Not Found", NOT_FOUND))
w.record("response", C_URL, 3, http("200 OK", C))
w.record("response", D_URL, 4, http("404 Not Found", NOT_FOUND))
w.record("response", E_URL, 5, http("200 OK", E))
w.close()
w = Warc("samples/history/crawl-2026-03-16.warc", "2026-03-16")
w.record("response", FRONT, 0, http("200 OK", FRONT2))
w.record("response", A_URL, 1, http("200 OK", A2))
w.record("response", B_URL, 2, http("404 Not Found", NOT_FOUND))
w.record("revisit", C_URL, 3, revisit_304("tushuguan-0226"), [
    "WARC-Profile: http://netpreserve.org/warc/1.0/revisit/server-not-modified",
    f"WARC-Refers-To-Target-URI: {C_URL}", "WARC-Refers-To-Date: 2026-03-09T01:00:03Z"])
w.record("response", D_URL, 4, http("200 OK", D))
w.record("response", E_URL, 5, http("200 OK", E))
w.close()
