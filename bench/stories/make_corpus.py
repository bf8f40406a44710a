#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""make_corpus.py - writes a labelled corpus of news reprints (转载) for the story benchmark.

    bench/stories/make_corpus.py OUT [--stories N] [--seed S] [--heldout] [--data DIR]

Each CCTV 新闻联播 story of ../shared/data/news_xwlb_cctv is one story label. For
about N of them (whole broadcast days, so that the stories of one day, which
share the opener 央视网消息（新闻联播）： and their topic words, are in the corpus
together) it writes the original page (the story's own tv.cctv.com URL) and
0-6 reprints on made-up sites, each site with its own HTML template, and some
copies of the original under URL variants. What was done to each page is
written to OUT/labels.tsv, which bench/stories/evaluate.py scores souwen
against. The text is third-party: everything goes to OUT, never into the
repository.

The one design decision: every choice is drawn from random.Random seeded with
a string (seed, pool, purpose), so the same arguments write the same bytes,
whatever PYTHONHASHSEED is; the days are split once by --seed into two pools,
the default corpus drawing from one and --heldout from the other, so the two
never share a story.

Not done here: scoring (evaluate.py), and anything souwen itself would do.
See bench/stories/README.md for the corpus's contents and the label format.
"""
import argparse
import collections
import datetime
import gzip
import html
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time
import unicodedata
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import cctv_pages  # noqa: E402  (bench/cctv_pages.py: the one parse of the CCTV day files)

DEFAULT_DATA = os.path.join(HERE, "..", "..", "..", "shared", "data", "news_xwlb_cctv")
TZ = datetime.timezone(datetime.timedelta(hours=8))

# The shares, each drawn independently per reprint (README.md lists the counts they give).
REPRINT_WEIGHTS = [15, 20, 20, 15, 12, 10, 8]   # stories with 0, 1, ... 6 reprints
P_RETITLE = 0.30      # (a) prefix and/or suffix on the title
P_EDITOR = 0.20       # (b) 责任编辑 line at the end
P_AD = 0.20           # (b) an ad paragraph, at the start or the end (half each)
P_DROP_LAST = 0.25    # (c) last paragraph dropped (stories of 3 or more paragraphs only)
P_LATER = 0.50        # (e) published 3 minutes to 24 hours after the original
P_VARIANTS = 0.30     # (f) stories whose original is also crawled under 1-2 URL variants
SHORT_CHARS = 50      # a story whose body is shorter than this is "short"
SHORT_SHARE = 1 / 40  # days with short stories are picked first, up to this share of N
TEMPLATE_PAIRS = 1 / 200  # pairs of near-identical stories of different days, per story of N
TEMPLATE_JACCARD = 0.6    # ... at least this similar (5-character shingles of the body)

RETITLE_PREFIXES = ["央视快讯｜", "转载：", "【关注】", "最新！", "新闻联播｜"]
RETITLE_SUFFIXES = ["（附视频）", "【图】", "（组图）", "｜今日要闻"]
EDITORS = ["王某某", "李某", "张晓明", "刘洋", "陈静", "赵磊", "孙婷婷"]
ADS_END = ["【推广】下载{site}客户端，随时随地看新闻，新用户注册即送会员礼包。",
           "关注{site}微信公众号，每天推送最新权威资讯，欢迎转发分享给更多朋友。",
           "本文转载自其他媒体，转载目的在于传递更多信息，不代表本网赞同其观点和对其真实性负责。"]
ADS_START = ["▲点击上方蓝字，关注{site}，第一时间获取重大新闻。",
             "【{site}讯】本网从权威渠道获悉以下消息，现全文转发如下。"]
VARIANTS = ["from", "spm", "utm", "fragment", "http", "upper_host", "port"]


# ---------------------------------------------------------------- the stories


class Story:
    def __init__(self, day, pos, title, url, paras):
        self.label = f"{day.replace('-', '')}-{pos:02d}"   # changed for stories of one text
        self.date, self.title, self.url, self.paras = day, title, url, paras
        self.chars = len("".join(paras))
        self.flags = []


def shingles(text, k=5):
    text = re.sub(r"\s", "", text)
    return {text[i:i + k] for i in range(max(1, len(text) - k + 1))}


def load_days(data):
    """{day: [Story]} of every story with text, in broadcast order."""
    days = collections.OrderedDict()
    news = os.path.join(data, "news")
    for f in sorted(x for x in os.listdir(news) if x.endswith(".md")):
        for date, title, url, paras, _summary in cctv_pages.stories(os.path.join(news, f)):
            if not paras:
                continue
            lst = days.setdefault(date, [])
            s = Story(date, len(lst) + 1, title, url, paras)
            if not s.url:   # 15 stories have no source URL: one of the same shape
                h = uuid.uuid5(uuid.NAMESPACE_URL, date + title).hex[:20]
                s.url = f"https://tv.cctv.com/{date.replace('-', '/')}/VIDE{h}{date[2:].replace('-', '')}.shtml"
            lst.append(s)
    return days


def template_pairs(days):
    """Pairs of stories of different days whose titles differ only in numbers (annual
    announcements, 第N次 meetings) and whose bodies are near-identical: hard negatives."""
    groups = collections.OrderedDict()
    for lst in days.values():
        for s in lst:
            groups.setdefault(re.sub(r"[0-9０-９〇零一二三四五六七八九十百千\s]", "", s.title), []).append(s)
    pairs = []
    for lst in groups.values():
        if len(lst) < 2 or len(lst) > 120:   # 国内联播快讯 and the like: digests, not templates
            continue
        sh = [shingles("".join(s.paras)) for s in lst]
        for i in range(len(lst)):
            for j in range(i + 1, len(lst)):
                if lst[i].date == lst[j].date:
                    continue
                jac = len(sh[i] & sh[j]) / len(sh[i] | sh[j])
                if TEMPLATE_JACCARD <= jac < 1:
                    pairs.append((lst[i], lst[j], jac))
    return pairs


def pick_days(days, n, seed, heldout):
    """Whole days, about n stories, from this corpus's pool: template pairs first, then days
    with short stories, then the pool's order. Returns the days and every template pair
    among their stories (those picked for it and those that came with other days)."""
    order = list(days)
    random.Random(f"{seed}:pools").shuffle(order)
    pool = order[1::2] if heldout else order[0::2]
    in_pool = set(pool)
    rng = random.Random(f"{seed}:{'heldout' if heldout else 'main'}:days")
    rng.shuffle(pool)
    chosen, count = [], 0

    def take(day):
        nonlocal count
        if day not in chosen and count < n:
            chosen.append(day)
            count += len(days[day])

    pairs = [p for p in template_pairs(days) if p[0].date in in_pool and p[1].date in in_pool]
    rng.shuffle(pairs)
    want = max(1, round(n * TEMPLATE_PAIRS))
    used = []
    for a, b, jac in pairs:
        if len(used) >= want:
            break
        if any(a in u or b in u for u in used):
            continue
        take(a.date), take(b.date)
        used.append((a, b, jac))
    short_days = [d for d in pool if any(s.chars < SHORT_CHARS for s in days[d])]
    shorts = 0
    for d in short_days:
        if shorts >= n * SHORT_SHARE:
            break
        take(d)
        shorts += sum(1 for s in days[d] if s.chars < SHORT_CHARS)
    for d in pool:
        take(d)
    chosen.sort()
    picked = set(chosen)
    return chosen, [p for p in pairs if p[0].date in picked and p[1].date in picked]


# ---------------------------------------------------------------- URLs


def variant_url(url, kind, rng):
    """The same page under another URL, as crawlers meet it (evaluate.py folds each back)."""
    scheme, rest = url.split("://", 1)
    host, _, path = rest.partition("/")
    path = "/" + path
    if kind == "from":
        return f"{url}?from=wap"
    if kind == "spm":
        return f"{url}?spm=C{rng.randint(10000, 99999)}.P{rng.getrandbits(40):x}.E{rng.getrandbits(40):x}.{rng.randint(1, 30)}"
    if kind == "utm":
        return f"{url}?utm_source={rng.choice(['wechat', 'weibo', 'toutiao'])}&utm_medium=social&utm_campaign=share"
    if kind == "fragment":
        return f"{url}#{rng.choice(['comments', 'top', 'pinglun'])}"
    if kind == "http":
        return f"{'http' if scheme == 'https' else 'https'}://{host}{path}"
    if kind == "upper_host":
        return f"{scheme}://{host.upper()}{path}"
    if kind == "port":
        return f"http://{host}:80{path}" if rng.random() < 0.5 else f"https://{host}:443{path}"
    raise ValueError(kind)


# ---------------------------------------------------------------- the sites


def esc(s):
    return html.escape(s, quote=True)


def ts(dt, fmt):
    return dt.strftime(fmt)


class Site:
    """A made-up site: where its pages live, how they are dressed, in which charset."""

    def __init__(self, key, name, host, scheme, weight, charset="utf-8", script=None,
                 vehicle="file", minutes_only=False):
        self.key, self.name, self.host, self.scheme = key, name, host, scheme
        self.weight, self.charset, self.script = weight, charset, script
        self.vehicle, self.minutes_only = vehicle, minutes_only
        self.hot = []   # the site's own ranking list: the same on every page

    def url_for(self, story, when, seed):
        r = random.Random(f"{seed}:{self.key}:{story.label}")
        d = when.strftime("%Y%m%d")
        y, m, dd = when.strftime("%Y"), when.strftime("%m"), when.strftime("%d")
        n = r.randint(1000000, 9999999)
        path = {
            "cctv": None,
            "hqmh": f"/{r.choice(['guonei', 'guoji', 'shehui'])}/{d}/{n}.html",
            "baodao": f"/article/{d}{n % 100000:05d}",
            "dfkb": f"/news/{y}-{m}/{dd}/content_{n}.htm",
            "zyzx": f"/system/{y}/{m}/{dd}/{n:08d}.shtml",
            "jrzx": f"/a/{r.getrandbits(64):016x}",
            "cjgc": f"/detail/{n}.html?channel=news",
            "bfw": f"/xwzx/gnxw/{y}{m}/t{d}_{n}.htm",
            "kandian": f"/s/{d}A0{r.getrandbits(24):06X}00",
        }[self.key]
        return f"{self.scheme}://{self.host}{path}"


SITES = [
    Site("cctv", "央视网", "tv.cctv.com", "https", 0),
    Site("hqmh", "环球门户", "www.example-hqmh.cn", "https", 16),
    Site("baodao", "寶島新聞網", "news.example-baodao.com.tw", "https", 12, script="s2twp"),
    Site("dfkb", "东方快报网", "www.example-dfkb.com.cn", "http", 12, charset="gbk", minutes_only=True),
    Site("zyzx", "中原在线", "news.example-zyzx.cn", "https", 10, charset="gb2312"),
    Site("jrzx", "今日资讯", "m.example-jrzx.com", "https", 14),
    Site("cjgc", "财经观察网", "www.example-cjgc.com", "https", 8, minutes_only=True),
    Site("bfw", "北方新闻网", "www.example-bfw.net.cn", "https", 12),
    Site("kandian", "看点快报", "kuaibao.example-kandian.cn", "https", 10, vehicle="warc"),
]
SITE = {s.key: s for s in SITES}
SHORT_SITE = "hqmh"   # every short story has a page here, among others' pages in one template


def related_html(items):
    return "".join(f'<li><a href="{esc(u)}" target="_blank">{esc(t)}</a></li>' for t, u, _ in items)


def render(p):
    """The HTML of page p (a dict), in its site's template, as a str."""
    s = SITE[p["site"]]
    t, when, src = p["title"], p["published"], p["source"]
    paras = "\n".join(f"<p>{esc(x)}</p>" for x in p["paras"])
    rel, hot = p["related"], s.hot
    url = p["url"]
    if s.key == "cctv":
        return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{esc(t)}_新闻频道_央视网(cctv.com)</title>
<link rel="canonical" href="{esc(url)}">
<meta name="keywords" content="新闻联播">
</head><body>
<div class="header"><div class="nav"><a href="https://www.cctv.com/">首页</a> <a href="https://news.cctv.com/">新闻</a> <a href="https://tv.cctv.com/lm/xwlb/">新闻联播</a> <a href="https://sports.cctv.com/">体育</a> <a href="https://tv.cctv.com/">电视</a></div></div>
<div class="column_wrapper">
<div class="title_area"><h1>{esc(t)}</h1>
<div class="info">来源：{esc(src)} | {ts(when, '%Y年%m月%d日 %H:%M')}</div></div>
<div class="content_area" id="content_area">
{paras}
</div>
<div class="bqjm"><h3>本期节目</h3><ul>{related_html(rel)}</ul></div>
</div>
<div class="footer"><span>央视网版权所有</span> <span>京ICP证060535号</span></div>
</body></html>
"""
    if s.key == "hqmh":
        return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>{esc(t)}_环球门户</title>
<link rel="canonical" href="{esc(url)}">
</head><body>
<div id="topnav"><ul class="menu"><li><a href="/">首页</a></li><li><a href="/guonei/">国内</a></li><li><a href="/guoji/">国际</a></li><li><a href="/shehui/">社会</a></li><li><a href="/junshi/">军事</a></li></ul></div>
<div class="main">
<div class="left">
<h1 class="art-title">{esc(t)}</h1>
<div class="art-meta"><span>发布时间：{ts(when, '%Y-%m-%d %H:%M:%S')}</span> <span>来源：{esc(src)}</span></div>
<div class="art-content" id="article">
{paras}
</div>
{"" if not rel else '<div class="related"><h3>相关推荐</h3><ul>' + related_html(rel) + '</ul></div>'}
</div>
<div class="right"><div class="hotlist"><h3>热点排行</h3><ol>{related_html(hot)}</ol></div></div>
</div>
<div class="foot"><div>关于我们 | 联系我们 | 广告服务 | 网站地图</div><div>Copyright © 环球门户 版权所有 京ICP备00000001号</div></div>
</body></html>
"""
    if s.key == "baodao":
        pub = when.isoformat()
        return f"""<!DOCTYPE html>
<html lang="zh-Hant-TW"><head><meta charset="utf-8">
<title>{esc(t)} | 寶島新聞網</title>
<meta property="og:title" content="{esc(t)}">
<meta property="og:url" content="{esc(url)}">
<meta property="og:site_name" content="寶島新聞網">
<meta property="article:published_time" content="{pub}">
</head><body>
<header class="site-header"><nav><a href="/">首頁</a> <a href="/list/politics">政治</a> <a href="/list/world">國際</a> <a href="/list/china">兩岸</a> <a href="/list/finance">財經</a> <a href="/list/life">生活</a></nav></header>
<main>
<article class="story">
<h1>{esc(t)}</h1>
<div class="byline">發布時間：{ts(when, '%Y/%m/%d %H:%M')}　來源：{esc(src)}</div>
<section class="story-body">
{paras}
</section>
</article>
<aside class="more">{"" if not rel else '<h2>相關新聞</h2><ul>' + related_html(rel) + '</ul>'}<h2>熱門排行</h2><ul>{related_html(hot)}</ul></aside>
</main>
<footer><span>寶島新聞網 版權所有 © 2026</span> <a href="/privacy">隱私權政策</a></footer>
</body></html>
"""
    if s.key == "dfkb":
        items = "".join(f'<tr><td><a href="{esc(u)}">{esc(x)}</a></td><td>{d}</td></tr>' for x, u, d in rel)
        return f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>{esc(t)} - 东方快报网</title>
<link rel="canonical" href="{esc(url)}">
</head><body>
<table width="980" class="top"><tr><td><a href="/">东方快报网首页</a></td><td><a href="/news/">新闻</a></td><td><a href="/finance/">财经</a></td><td><a href="/ent/">娱乐</a></td><td><a href="/tech/">科技</a></td></tr></table>
<div class="wrap">
<div class="position">您的位置：<a href="/">首页</a> &gt; <a href="/news/">新闻</a> &gt; 正文</div>
<h1>{esc(t)}</h1>
<div class="source">{ts(when, '%Y-%m-%d %H:%M')}　来源：{esc(src)}</div>
<div class="TRS_Editor">
{paras}
</div>
{"" if not rel else '<div class="xgxw"><div class="bt">相关新闻</div><table>' + items + '</table></div>'}
<div class="phb"><div class="bt">点击排行</div><ul>{related_html(hot)}</ul></div>
</div>
<div class="bottom">东方快报网 版权所有 未经授权禁止转载 沪ICP备00000002号</div>
</body></html>
"""
    if s.key == "zyzx":
        return f"""<!DOCTYPE html>
<html><head><meta charset="gb2312">
<title>{esc(t)}_中原在线_新闻中心</title>
<meta name="og:url" content="{esc(url)}">
<link rel="canonical" href="{esc(url)}">
</head><body>
<div class="headbar"><a href="/">中原在线</a> | <a href="/news/">新闻</a> | <a href="/henan/">河南</a> | <a href="/video/">视频</a></div>
<div class="container"><div class="article">
<div class="crumb">中原在线 &gt; 新闻中心 &gt; 国内新闻</div>
<h1 id="title">{esc(t)}</h1>
<div class="pubinfo">{ts(when, '%Y年%m月%d日 %H:%M:%S')}&nbsp;&nbsp;来源：{esc(src)}</div>
<div id="zoom" class="text">
{paras}
</div>
</div>
<div class="recommend">{"" if not rel else '<h4>延伸阅读</h4><ul>' + related_html(rel) + '</ul>'}<h4>今日热点</h4><ul>{related_html(hot)}</ul></div>
</div>
<div class="copyright">中原在线 版权所有　豫ICP备00000003号　违法和不良信息举报电话：0371-00000000</div>
</body></html>
"""
    if s.key == "jrzx":
        return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{esc(t)}-今日资讯</title>
<meta property="og:title" content="{esc(t)}">
<meta property="og:url" content="{esc(url)}">
<meta property="article:published_time" content="{when.isoformat()}">
<meta name="source" content="{esc(src)}">
</head><body>
<div class="m-top"><a class="logo" href="/">今日资讯</a><a class="dl" href="/app">打开APP</a></div>
<div class="m-article">
<h1 class="m-title">{esc(t)}</h1>
<div class="m-info"><span class="src">{esc(src)}</span> <span class="time">{ts(when, '%m-%d %H:%M')}</span></div>
<div class="m-body">
{paras}
</div>
</div>
{"" if not rel else '<div class="m-feed"><div class="feed-title">猜你喜欢</div><ul>' + related_html(rel) + '</ul></div>'}
<div class="m-rank"><div class="feed-title">24小时热榜</div><ul>{related_html(hot)}</ul></div>
<div class="m-foot">今日资讯 © 打开APP阅读更多精彩内容</div>
</body></html>
"""
    if s.key == "cjgc":
        return f"""<!DOCTYPE html>
<html><head><meta charset="UTF-8">
<title>{esc(t)}|财经观察网</title>
<link rel="canonical" href="{esc(url)}">
</head><body>
<nav class="navbar"><a href="/">财经观察网</a><a href="/macro/">宏观</a><a href="/stock/">股市</a><a href="/company/">公司</a><a href="/news/">要闻</a></nav>
<div class="page">
<div class="article-box">
<h1>{esc(t)}</h1>
<div class="article-info"><span class="time">{ts(when, '%Y-%m-%d %H:%M')}</span>　<span class="source">来源：{esc(src)}</span></div>
<div class="article-text">
{paras}
</div>
<div class="share">分享到：微信 微博 QQ空间</div>
</div>
{"" if not rel else '<div class="relate-news"><h2>相关阅读</h2><ul>' + related_html(rel) + '</ul></div>'}
<div class="sidebar"><h2>热门文章</h2><ul>{related_html(hot)}</ul></div>
</div>
<footer class="footer">财经观察网 版权所有 © 投资有风险，入市需谨慎</footer>
</body></html>
"""
    if s.key == "bfw":
        return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>{esc(t)}_北方新闻网_新闻中心</title>
<link rel="canonical" href="{esc(url)}">
<meta name="pubdate" content="{ts(when, '%Y-%m-%d %H:%M:%S')}">
</head><body>
<div class="top-nav"><ul><li><a href="/">北方新闻网</a></li><li><a href="/xwzx/gnxw/">国内新闻</a></li><li><a href="/xwzx/gjxw/">国际新闻</a></li><li><a href="/tj/">天津</a></li></ul></div>
<div class="con">
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; 国内新闻</div>
<div class="conL">
<h1>{esc(t)}</h1>
<div class="laiyuan">来源：{esc(src)}　{ts(when, '%Y-%m-%d %H:%M:%S')}</div>
<div class="TRS_Editor" id="text">
{paras}
</div>
{"" if not rel else '<div class="xgyd"><h3>相关新闻</h3><ul>' + related_html(rel) + '</ul></div>'}
</div>
<div class="conR"><h3>新闻排行</h3><ul>{related_html(hot)}</ul></div>
</div>
<div class="footer"><span class="fp">北方新闻网 版权所有</span></div>
</body></html>
"""
    if s.key == "kandian":   # WARC only: no charset in the page (the HTTP header gives it), no canonical
        return f"""<!DOCTYPE html>
<html><head>
<title>{esc(t)}_看点快报</title>
</head><body>
<div class="kb-header"><a href="/">看点快报</a> <a href="/channel/news">要闻</a> <a href="/channel/world">国际</a> <a href="/channel/society">社会</a></div>
<div class="kb-main">
<div class="kb-title"><h1>{esc(t)}</h1></div>
<div class="kb-author"><span>来源：{esc(src)}</span> <span>发布时间：{ts(when, '%Y-%m-%d %H:%M:%S')}</span></div>
<div class="kb-content">
{paras}
</div>
</div>
{"" if not rel else '<div class="kb-recommend"><h3>相关推荐</h3><ul>' + related_html(rel) + '</ul></div>'}
<div class="kb-hot"><h3>热文排行</h3><ul>{related_html(hot)}</ul></div>
<div class="kb-footer">看点快报 © 腾云科技</div>
</body></html>
"""
    raise ValueError(s.key)


def encode(text, charset):
    """Bytes in the site's charset; a character it lacks becomes a character reference."""
    return text.encode("gb2312" if charset == "gb2312" else charset, errors="xmlcharrefreplace")


def opencc(strings, config):
    """strings converted by the opencc command (one call for all of them)."""
    if not strings:
        return []
    if not shutil.which("opencc"):
        sys.exit("make_corpus.py: the opencc command is needed (apt-get install opencc)")
    src = "\n".join(s.replace("\n", " ") for s in strings) + "\n"
    out = subprocess.run(["opencc", "-c", config + ".json"], input=src.encode("utf-8"),
                         stdout=subprocess.PIPE, check=True).stdout.decode("utf-8")
    lines = out.split("\n")
    if len(lines) < len(strings):
        sys.exit("make_corpus.py: opencc returned fewer lines than it was given")
    return lines[:len(strings)]


# ---------------------------------------------------------------- WARC


class Warc:
    """A WARC file, one gzip member per record (as bench/make_warc.py writes)."""

    def __init__(self, path, seed):
        self.out = open(path, "wb")
        self.n = 0
        self.seed = seed
        self.record("warcinfo", None, b"software: souwen bench/stories/make_corpus.py\r\n"
                    b"format: WARC File Format 1.0\r\n", "application/warc-fields",
                    datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))

    def record(self, wtype, uri, block, ctype, when):
        self.n += 1
        rid = uuid.uuid5(uuid.NAMESPACE_URL, f"{self.seed}:{self.n}")
        hdr = ["WARC/1.0", f"WARC-Type: {wtype}", f"WARC-Record-ID: <urn:uuid:{rid}>",
               f"WARC-Date: {when.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')}"]
        if uri:
            hdr.append(f"WARC-Target-URI: {uri}")
        hdr += [f"Content-Type: {ctype}", f"Content-Length: {len(block)}"]
        raw = ("\r\n".join(hdr) + "\r\n\r\n").encode() + block + b"\r\n\r\n"
        self.out.write(gzip.compress(raw, mtime=0))
        return self.n

    def response(self, uri, body, charset, when):
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset={charset}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        return self.record("response", uri, head + body, "application/http; msgtype=response", when)

    def close(self):
        self.out.close()


# ---------------------------------------------------------------- the corpus


def file_for(url):
    """OUT-relative file of an HTML page: pages/<host>/<path, extension .html>."""
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    path, _, query = path.partition("?")
    path = re.sub(r"\.(s?html?|htm)$", "", path)
    if query:
        path += "_" + re.sub(r"[^A-Za-z0-9_.-]", "_", query)
    return f"pages/{host}/{path}.html"


def norm_text(paras):
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", "".join(paras)))


def later(rng):
    """3 minutes to 24 hours, log-uniform: most reprints come within the hour or two."""
    return datetime.timedelta(minutes=round(math.exp(rng.uniform(math.log(3), math.log(1440)))))


def build(args):
    t0 = time.time()
    days = load_days(args.data)
    chosen, pairs = pick_days(days, args.stories, args.seed, args.heldout)
    stories = [s for d in chosen for s in days[d]]
    # One text, one story: CCTV broadcast a few stories twice with the same words.
    first = {}
    for s in stories:
        k = norm_text(s.paras)
        if k in first:
            s.flags.append(f"same_text:{first[k].label}")
            s.label = first[k].label
        else:
            first[k] = s
    for a, b, jac in pairs:
        a.flags.append(f"template:{b.label}:{jac:.2f}")
        b.flags.append(f"template:{a.label}:{jac:.2f}")
    for s in stories:
        if s.chars < SHORT_CHARS:
            s.flags.append("short")

    rng = random.Random(f"{args.seed}:{'heldout' if args.heldout else 'main'}:draws")
    by_day = collections.OrderedDict((d, days[d]) for d in chosen)
    reprint_sites = [s for s in SITES if s.key != "cctv"]
    for site in reprint_sites:
        site.hot = [(s.title, site.url_for(s, datetime.datetime.fromisoformat(s.date), args.seed), s.date)
                    for s in rng.sample(stories, 8)]

    pages = []
    for s in stories:
        day = datetime.datetime.fromisoformat(s.date).replace(tzinfo=TZ)
        pub = day + datetime.timedelta(hours=19, minutes=rng.randint(10, 150))
        lineup = [(o.title, o.url, o.date) for o in by_day[s.date]]   # the whole day, as 本期节目 is
        orig = dict(url=s.url, site="cctv", story=s, role="original", trans=[], published=pub,
                    title=s.title, paras=list(s.paras), source="央视网", related=lineup,
                    vehicle="file")
        pages.append(orig)
        short = s.chars < SHORT_CHARS
        k = rng.choices(range(len(REPRINT_WEIGHTS)), REPRINT_WEIGHTS)[0]
        if short:
            k = max(k, 1)
        sites, pool = [], list(reprint_sites)
        if short:
            sites.append(SITE[SHORT_SITE])
            pool.remove(SITE[SHORT_SITE])
        while len(sites) < k:
            site = rng.choices(pool, [x.weight for x in pool])[0]
            pool.remove(site)
            sites.append(site)
        for site in sites:
            trans, title, paras = [], s.title, list(s.paras)
            if rng.random() < P_RETITLE:
                how = rng.random()
                if how < 0.45:
                    title = rng.choice(RETITLE_PREFIXES) + title
                elif how < 0.9:
                    title = title + rng.choice(RETITLE_SUFFIXES)
                else:
                    title = rng.choice(RETITLE_PREFIXES) + title + rng.choice(RETITLE_SUFFIXES)
                trans.append("retitle")
            if rng.random() < P_EDITOR:
                paras.append(f"责任编辑：{rng.choice(EDITORS)}")
                trans.append("editor")
            if rng.random() < P_AD:
                if rng.random() < 0.5:
                    paras.insert(0, rng.choice(ADS_START).format(site=site.name))
                    trans.append("ad_start")
                else:
                    paras.append(rng.choice(ADS_END).format(site=site.name))
                    trans.append("ad_end")
            if len(s.paras) >= 3 and rng.random() < P_DROP_LAST:
                last = len(s.paras) - 1 + (1 if "ad_start" in trans else 0)
                del paras[last]
                trans.append("drop_last")
            if site.script:
                trans.append("traditional")
            when = pub
            if rng.random() < P_LATER:
                when = pub + later(rng)
                trans.append("later")
            if site.minutes_only:
                when = when.replace(second=0)
            if not set(trans) - {"later"}:
                trans.insert(0, "exact")
            src = rng.choice(["央视网", "央视新闻", "新闻联播", "央视新闻客户端"])
            if short:
                related = []   # only the site's own lists: the same around every short story
            else:
                others = [o for o in by_day[s.date] if o is not s]
                picks = rng.sample(others, min(3, len(others))) + rng.sample(stories, 3)
                related = [(o.title, site.url_for(o, datetime.datetime.fromisoformat(o.date), args.seed), o.date)
                           for o in picks if o is not s]
            pages.append(dict(url=site.url_for(s, when, args.seed), site=site.key, story=s, role="reprint",
                              trans=trans, published=when, title=title, paras=paras, source=src,
                              related=related, vehicle=site.vehicle))
        if rng.random() < P_VARIANTS:
            for kind in rng.sample(VARIANTS, rng.choice([1, 1, 2])):
                fetched = pub + datetime.timedelta(minutes=rng.randint(30, 3000))
                pages.append(dict(orig, url=variant_url(s.url, kind, rng), role="urlvariant",
                                  trans=[f"url_{kind}"], vehicle="warc", fetched=fetched, copy_of=orig))

    # Traditional script: everything of the Traditional site's pages goes through opencc at once.
    for site in reprint_sites:
        if not site.script:
            continue
        mine = [p for p in pages if p["site"] == site.key]
        strings = [t for t, _, _ in site.hot]
        for p in mine:
            strings += [p["title"], p["source"]] + p["paras"] + [t for t, _, _ in p["related"]]
        conv = iter(opencc(strings, site.script))
        site.hot = [(next(conv), u, d) for _, u, d in site.hot]
        for p in mine:
            p["title"], p["source"] = next(conv), next(conv)
            p["paras"] = [next(conv) for _ in p["paras"]]
            p["related"] = [(next(conv), u, d) for _, u, d in p["related"]]

    if os.path.exists(args.out) and os.listdir(args.out):
        if not os.path.exists(os.path.join(args.out, "labels.tsv")):
            sys.exit(f"make_corpus.py: '{args.out}' is not empty and holds no labels.tsv; not overwriting it")
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    warc = Warc(os.path.join(args.out, "crawl.warc.gz"), f"{args.seed}:{args.heldout}")
    seen = set()
    for p in pages:
        if p["role"] == "urlvariant":
            body = p["copy_of"]["bytes"]
            n = warc.response(p["url"], body, "utf-8", p["fetched"])
            p["file"] = f"crawl.warc.gz#{n}"
            continue
        site = SITE[p["site"]]
        text = render(p)
        p["bytes"] = encode(text, site.charset)
        if p["url"] in seen:
            sys.exit(f"make_corpus.py: two pages with the URL '{p['url']}'")
        seen.add(p["url"])
        if p["vehicle"] == "warc":
            n = warc.response(p["url"], p["bytes"], site.charset, p["published"] + datetime.timedelta(minutes=5))
            p["file"] = f"crawl.warc.gz#{n}"
        else:
            p["file"] = file_for(p["url"])
            path = os.path.join(args.out, p["file"])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if os.path.exists(path):
                sys.exit(f"make_corpus.py: two pages in the file '{p['file']}'")
            with open(path, "wb") as fh:
                fh.write(p["bytes"])
    warc.close()

    with open(os.path.join(args.out, "labels.tsv"), "w", encoding="utf-8") as fh:
        fh.write("# url\tstory_label\trole\ttransformations\tpublished_at\tfile\n")
        for p in pages:
            fh.write("\t".join([p["url"], p["story"].label, p["role"], ",".join(p["trans"]) or "-",
                                p["published"].isoformat(), p["file"]]) + "\n")
    with open(os.path.join(args.out, "stories.tsv"), "w", encoding="utf-8") as fh:
        fh.write("# story_label\tcctv_date\tbody_chars\tparagraphs\tflags\ttitle\tcctv_url\n")
        for s in stories:
            fh.write("\t".join([s.label, s.date, str(s.chars), str(len(s.paras)),
                                ",".join(s.flags) or "-", s.title, s.url]) + "\n")
    return stories, pages, chosen, time.time() - t0


def summary(stories, pages, chosen):
    """Counts for the README and the terminal: per role, transformation, site."""
    out = []
    roles = collections.Counter(p["role"] for p in pages)
    labels = {s.label for s in stories}
    out.append(f"{len(chosen)} days, {len(stories)} CCTV stories ({len(labels)} story labels), "
               f"{len(pages)} pages: " + ", ".join(f"{n} {r}" for r, n in roles.most_common()))
    titles = collections.Counter(s.title for s in stories)
    out.append("hard negatives: %d stories open with 央视网消息（新闻联播）：, %d share their title with "
               "another story; %d short stories; %d template pairs; stories sharing one text: %d" % (
        sum(1 for s in stories if s.paras[0].startswith("央视网消息（新闻联播）")),
        sum(1 for s in stories if titles[s.title] > 1),
        sum(1 for s in stories if "short" in s.flags),
        sum(1 for s in stories for f in s.flags if f.startswith("template:")) // 2,
        sum(1 for s in stories if any(f.startswith("same_text:") for f in s.flags))))
    reprints = [p for p in pages if p["role"] == "reprint"]
    tr = collections.Counter(t for p in pages if p["role"] != "original" for t in p["trans"])
    out.append("transformations (of %d reprints): " % len(reprints) + ", ".join(
        f"{t} {n}" for t, n in sorted(tr.items())))
    per = collections.Counter(len([p for p in pages if p["story"] is s and p["role"] == "reprint"]) for s in stories)
    out.append("reprints per story: " + ", ".join(f"{k}: {per[k]}" for k in sorted(per)))
    sites = collections.Counter((p["site"], p["role"]) for p in pages)
    out.append("pages per site: " + ", ".join(
        f"{SITE[k].host} {sites[(k, 'original')] + sites[(k, 'reprint')]}" + (
            f" (+{sites[(k, 'urlvariant')]} URL variants)" if sites[(k, 'urlvariant')] else "")
        for k in SITE))
    files = sum(1 for p in pages if not p["file"].startswith("crawl.warc.gz"))
    out.append(f"files: {files} HTML pages under pages/, {len(pages) - files} records in crawl.warc.gz")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="output folder (created; a previous corpus there is replaced)")
    ap.add_argument("--stories", type=int, default=1500, help="about this many stories (whole days; default 1500)")
    ap.add_argument("--seed", default="1", help="seed of every choice (default 1)")
    ap.add_argument("--heldout", action="store_true",
                    help="draw from the other half of the days (disjoint from the default corpus)")
    ap.add_argument("--data", default=DEFAULT_DATA, help="the news_xwlb_cctv folder (default ../shared/data/...)")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.data, "news")):
        sys.exit(f"make_corpus.py: no CCTV data in '{args.data}' (expected news/*.md)")
    stories, pages, chosen, secs = build(args)
    print(summary(stories, pages, chosen))
    print(f"written to {args.out} in {secs:.1f} s")


if __name__ == "__main__":
    main()
