#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2016,SC2034 # checks are strings check() evaluates, reading $out, $err, $rc
# Counting, against a corpus whose answers are known: --count, --facet (every field, stories
# and --all-copies pages), the "N stories (M pages)" line heading a text search, and --all
# streaming every match as CSV, TSV and JSON Lines (--bom too); and the usage errors.
#
# The corpus is written here (Python, seeded): 46 stories holding the query word 城市规划, 13
# of them reprinted (21 exact copies, on other sites or the same one, under other sources,
# some a month later), on 5 sites and 4 sources from January to April 2026 (two undated, one
# without a source, one without a URL, one dated in UTC the evening before April 1st); 8
# pages without the word; headline lists on text pages (one headline listed under two
# sections, one title under two sources, a bare item without source or time, which takes its
# page's, a page without the word listing a headline with it); and an HTML channel page
# listing two crawled articles
# (those headlines are left out of a default search: the article is the hit) and two pages
# never crawled. The same program knows what each page holds and checks what souwen prints.
# Two indexes built apart from halves of the corpus and searched together count the same.
# usage: counting.sh SRC_DIR BUILD_DIR
set -euo pipefail
build=$2
INDEX=$build/souwen-index SEARCH=$build/souwen-search
command -v python3 >/dev/null || { echo "skipped: python3 is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/souwen-counting.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset SOUWEN_DB SOUWEN_JOBS
export LC_ALL=C.UTF-8
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

cat >"$work/truth.py" <<'PY'
"""The corpus of counting.sh, and what souwen should print for it.

truth.py gen OUT_DIR TRUTH_JSON      writes the pages and what they hold
truth.py TRUTH_JSON count|total OPTS  prints what --count, or a text search's first line, says
truth.py TRUTH_JSON CHECK OPTS        checks souwen's output (stdin): facet, facet-text, csv, tsv
OPTS: copies (--all-copies), article or headline (--type), and facet fields.
"""
import csv, io, json, random, sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone

Q = "城市规划"  # in every matching article and headline, nowhere else
CST = timezone(timedelta(hours=8))  # the days souwen counts by

# Each story's text is drawn from these lists, sentence by sentence.
PLACES = ("临江 东湖 西岭 南港 北原 青川 白沙 枫桥 云台 石门 柳岸 金坛 玉泉 松涛 鹤鸣 桃源 星港 月湾 "
          "霞浦 雁荡 龙潭 凤凰 梅岭 竹溪 兰亭 荷塘 菊坡 杏林 桂湖 芦洲").split()
PEOPLE = ("居民 专家 学者 企业 志愿者 工程师 教师 学生 商户 农户 司机 医生 记者 游客 园丁 厨师 渔民 "
          "画家 律师 会计 老人 孩子 店主 船长 护士 厂长 村民 邮差 摄影师 作家").split()
VERBS = ("讨论 推动 调查 建设 改造 评估 参观 记录 介绍 宣传 比较 整理 设计 检查 修复 保护 展示 研究 "
         "测量 描绘 清扫 装点 巡视 拍摄 讲解 打理 翻新 规整 布置 丈量").split()
THINGS = ("公园 河道 老街 菜场 桥梁 图书馆 体育馆 码头 广场 学校 医院 博物馆 剧院 车站 农场 果园 茶园 "
          "花市 书店 集市 灯塔 钟楼 古井 牌坊 祠堂 戏台 石桥 渡口 粮仓 磨坊").split()
HOW = "认真 仔细 积极 逐步 全面 及时 主动 反复 耐心 持续 悄悄 专门 一起 轮流 连夜".split()
ENDS = ("受到欢迎 引发关注 取得进展 获得好评 效果明显 进展顺利 反响热烈 意见不一 有待完善 颇具特色 "
        "吸引游客 成为亮点 广受赞誉 初见成效 备受期待").split()

SITES = ["news.huaxia-example.cn", "www.dongfang-example.com", "local.beiwang-example.cn",
         "nanfeng-example.net", "m.xibu-example.com.cn"]
SOURCES = ["华夏日报", "东方晨报", "北望新闻", "南风网"]
MARKERS = {0: "zqxsolo", 13: "zqxtrio"}  # a word of one story alone: one page, three pages


def sentence(r):
    return (f"{r.choice(PLACES)}的{r.choice(PEOPLE)}{r.choice(HOW)}{r.choice(VERBS)}"
            f"{r.choice(THINGS)}，{r.choice(PEOPLE)}{r.choice(VERBS)}{r.choice(THINGS)}{r.choice(ENDS)}。")


def story_text(r, match):
    """Four paragraphs of three sentences (about 360 characters); a matching one names Q."""
    paras = ["".join(sentence(r) for _ in range(3)) for _ in range(4)]
    if match:
        paras[r.randrange(4)] += f"{r.choice(PLACES)}的新一轮{Q}方案{r.choice(ENDS)}。"
    return paras


def title_of(r, match):
    t = f"{r.choice(PLACES)}{r.choice(PEOPLE)}{r.choice(VERBS)}{r.choice(THINGS)}"
    return t + (f" {Q}再添新举措" if match else f" {r.choice(ENDS)}")


def day_of(when):
    return when.astimezone(CST).strftime("%Y-%m-%d") if when else None


def shingles(paras):
    t = "".join(c for c in "".join(paras) if c not in "，。")
    return {t[i:i + 4] for i in range(len(t) - 3)}


def gen(out, truth_path):
    r = random.Random(20260301)
    docs, files, texts = [], [], {}  # what souwen should read; (file name, text); story texts
    start = datetime(2026, 1, 3, 8, 0, tzinfo=CST)

    def page(match, story, title, site, source, when, paras, lists=(), url=True, utc=False,
             host=None):
        """A text page; `host` spells the site's host otherwise in its URL."""
        n = len(files) + 1
        name = f"p{n:03d}.txt"
        u = f"https://{host or site}/{'a' if match else 'n'}/{n:03d}.html" if url else None
        shown = when.astimezone(timezone.utc) if utc else when  # the time as the page writes it
        meta = ([f"来源：{source}"] if source else []) + (
            [shown.strftime("%Y-%m-%dT%H:%M:%SZ" if utc else "%Y-%m-%d %H:%M:%S")] if when else [])
        lines = ([f"URL: {u}"] if u else []) + ["首页 > 新闻 > 正文", title, "  ".join(meta), ""]
        for p in paras:
            lines += [p, ""]
        lines += ["责任编辑：林青", ""]
        for section, items in lists:  # headline, source, time: the time ends an item
            lines += [section, ""]
            for h in items:
                lines += [h["title"]] + ([h["source"]] if h["source"] else [])
                lines += [h["when"].strftime("%Y-%m-%d %H:%M:%S")] if h["when"] else []
                lines.append("")
                if h["when"] is None and when:  # an item showing no time takes the page's
                    h["when"] = when
                if section not in h["sections"]:
                    h["sections"].append(section)
                if "url" not in h:  # a headline without a link is shown with its first page
                    h["url"], h["site"] = u, site if url else None
        files.append((name, "\n".join(lines) + "\n"))
        docs.append({"kind": "a", "match": match, "story": f"s{story}", "title": title,
                     "site": site if url else None, "source": source,
                     "when": when.isoformat() if when else None,
                     "shown": shown.strftime("%Y-%m-%dT%H:%M:%S") if when else None,
                     "day": day_of(when), "url": u, "file": name, "sections": [], "linked": False})

    heads = []

    def headline(title, source, when):
        h = {"title": title, "source": source, "when": when, "sections": [], "linked": False}
        heads.append(h)
        return h

    h1 = headline(f"临江新区{Q}草案公示 征求市民意见", "华夏日报", datetime(2026, 2, 2, 18, 20, tzinfo=CST))
    h2 = headline(f"青川古镇{Q}获批 老街风貌将整体保留", "东方晨报", datetime(2026, 3, 9, 7, 45, tzinfo=CST))
    h3 = headline("白沙码头夜市开张 游客排队品尝海鲜", "华夏日报", datetime(2026, 2, 20, 21, 5, tzinfo=CST))
    h4 = headline(f"云台山下{Q}展开幕 模型沙盘吸引市民", "北望新闻", datetime(2026, 4, 12, 10, 0, tzinfo=CST))
    h5 = headline(f"金坛湖畔{Q}听证会举行 居民代表踊跃发言", "南风网", datetime(2026, 1, 28, 15, 30, tzinfo=CST))
    h6 = headline(h1["title"], "南风网", datetime(2026, 2, 3, 9, 10, tzinfo=CST))  # another source
    h7 = headline(f"鹤鸣街道公布{Q}新版图则 社区营造成亮点", None, None)  # a bare item
    lists = {  # by story; stories 3 and 8 are on one site, so h1's first page is its site
        3: [("相关推荐", [h1, h2, h3])],
        8: [("热点推荐", [h1, h4])],
        12: [("相关推荐", [h6]), ("头条要闻", [h7])],
    }

    for s in range(46):
        paras, title = story_text(r, True), title_of(r, True)
        texts[s] = paras
        site, source = SITES[s % len(SITES)], SOURCES[(s * 7 // 3) % len(SOURCES)]
        when = start + timedelta(days=r.randrange(0, 114), hours=r.randrange(0, 12),
                                 minutes=r.randrange(60))
        utc = s == 40
        if s in (10, 29):
            when = None
        if s == 17:
            source = None
        if utc:  # 2026-04-01 02:30 in UTC+08:00
            when = datetime(2026, 3, 31, 18, 30, tzinfo=timezone.utc)
        if s in MARKERS:
            paras[-1] += f"编号{MARKERS[s]}。"
        host = "Local.BeiWang-Example.CN" if site == SITES[2] and s % 2 else None
        page(True, s, title, site, source, when, paras, lists.get(s, ()), url=s != 23, utc=utc,
             host=host)
        if s % 3 == 1 and when and not utc:  # reprints: the same text, later, elsewhere
            for c in range(1 + s % 4 % 3):
                csite = site if s == 4 else SITES[(s + 1 + c) % len(SITES)]
                cwhen = min(when + timedelta(days=r.choice([0, 1, 3, 9, 30, 41]), hours=1 + c),
                            datetime(2026, 4, 28, 20, c, tzinfo=CST))
                page(True, s, title if c else title + "（转载）", csite,
                     SOURCES[(s + c + 1) % len(SOURCES)], cwhen, paras)
    for k in range(8):  # without Q; one lists a headline with Q
        page(False, 100 + k, title_of(r, False), SITES[k % len(SITES)], SOURCES[k % len(SOURCES)],
             start + timedelta(days=7 * k + 2, hours=3), story_text(r, False),
             [("猜你喜欢", [h5, h3])] if k == 2 else ())

    # The channel page: no article of its own, one list of links (titles long enough that
    # the list is not taken for an article).
    crawled = [d for d in docs if d["match"] and d["url"]]
    items = []
    for i, d in enumerate([crawled[5], crawled[20]]):
        h = headline(f"{d['title'].split()[0]}的{Q}故事引发热议 专家学者与居民代表深入探讨第{i + 1}期",
                     "南风网", datetime(2026, 2, 10 + i, 10, 20, tzinfo=CST))
        h["linked"], h["url"] = True, d["url"]
        items.append(h)
    for i, (host, src) in enumerate([(SITES[3], "南风网"), ("www.other-example.org", "东方晨报")]):
        h = headline(f"东湖片区{Q}调整方案公布 新增口袋公园{i + 1}处 沿湖步道全线贯通", src,
                     datetime(2026, 3, 4 + i, 11, 0, tzinfo=CST))
        h["url"] = f"https://{host}/chengjian/x{i + 1}.html"
        items.append(h)
    for h in items:
        h["sections"], h["site"] = ["头条要闻"], h["url"].split("/")[2].lower()
    li = "".join(f'<li><a href="{h["url"]}">{h["title"]}</a> <span class="src">{h["source"]}</span> '
                 f'<span class="time">{h["when"].strftime("%Y-%m-%d %H:%M")}</span></li>\n' for h in items)
    files.append(("channel.html",
                  '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
                  '<title>城建频道_南风网</title>\n'
                  f'<link rel="canonical" href="https://{SITES[3]}/chengjian/"></head>\n<body>\n'
                  '<div class="nav"><a href="/">首页</a> <a href="/chengjian/">城建</a></div>\n'
                  f'<div class="main"><div class="box"><h3>头条要闻</h3><ul>\n{li}</ul></div></div>\n'
                  '<div class="footer">版权所有 2026 南风网</div></body></html>\n'))

    # Distinct stories must stay distinct: far below souwen's near-duplicate bar (Jaccard 0.30).
    sh = [shingles(t) for t in texts.values()]
    worst = max(len(a & b) / len(a | b) for i, a in enumerate(sh) for b in sh[i + 1:])
    if worst > 0.1:
        raise SystemExit(f"two stories of the corpus are too alike (Jaccard {worst:.2f})")

    # What the checks rely on: a story under two months, on two sites; a headline in two sections.
    spread = defaultdict(set)
    for d in docs:
        if d["match"]:
            spread[d["story"]].add((d["day"][:7] if d["day"] else None, d["site"]))
    assert any(len({m for m, _ in v}) > 1 and len({s for _, s in v}) > 1 for v in spread.values())
    assert len(h1["sections"]) == 2

    for name, text in files:
        with open(f"{out}/{name}", "w", encoding="utf-8") as f:
            f.write(text)
    for i, h in enumerate(heads):  # each headline is a story of its own
        w = h["when"]
        docs.append({"kind": "h", "match": Q in h["title"], "story": f"h{i}", "title": h["title"],
                     "site": h.get("site"), "source": h["source"],
                     "when": w.isoformat() if w else None,
                     "shown": w.strftime("%Y-%m-%dT%H:%M:%S") if w else None, "day": day_of(w),
                     "url": h.get("url"), "file": None, "sections": h["sections"],
                     "linked": h["linked"]})
    with open(truth_path, "w", encoding="utf-8") as f:
        json.dump(docs, f, ensure_ascii=False, indent=0)
    print(f"corpus: {len(files)} files, {sum(d['kind'] == 'a' for d in docs)} articles, "
          f"{len(heads)} headlines; distinct stories share at most {worst:.1%} of their shingles")


def chosen(docs, copies, kind):
    """What counting and --all take of Q's matches: with --type, every document of that kind;
    else not a headline linking a crawled article (its article is the hit), with --all-copies
    or without: --all-copies counts pages instead of stories, the same documents."""
    docs = [d for d in docs if d["match"]]
    if kind:
        return [d for d in docs if d["kind"] == kind]
    return [d for d in docs if not d["linked"]]


def values(d, field):
    """The values of a facet a document counts under (None: none)."""
    if field == "section":
        return d["sections"] or [None]
    if field == "type":
        return ["article" if d["kind"] == "a" else "headline"]
    if field in ("year", "month", "day"):
        return [d["day"][:{"year": 4, "month": 7, "day": 10}[field]] if d["day"] else None]
    return [d[field]]


def facet_truth(docs, field, copies):
    """value -> count: pages with --all-copies, else the stories with a page of that value."""
    stories, pages = defaultdict(set), defaultdict(int)
    for d in docs:
        for v in values(d, field):
            stories[v].add(d["story"])
            pages[v] += 1
    return dict(pages) if copies else {v: len(s) for v, s in stories.items()}


def same(what, want, got):
    bad = [f"{k}: want {want.get(k)}, got {got.get(k)}"
           for k in sorted(set(want) | set(got), key=str) if want.get(k) != got.get(k)]
    if bad:
        print(f"  {what}: " + "; ".join(bad[:8]) + (" ..." if len(bad) > 8 else ""))
    return not bad


def in_order(field, rows):
    """Dates in date order, none last; other fields by count, largest first."""
    vals, counts = [v for v, _ in rows], [n for _, n in rows]
    if field in ("year", "month", "day"):
        dated = [v for v in vals if v is not None]
        ok = dated == sorted(dated) and (None not in vals or vals[-1] is None)
    else:
        ok = counts == sorted(counts, reverse=True)
    if not ok:
        print(f"  {field}: rows out of order: {rows}")
    return ok


def check_facets(docs, fields, copies, text):
    """--facet ... --json: {"facet", "value", "count"} per line, each field's rows complete."""
    got = defaultdict(list)
    for line in text.splitlines():
        o = json.loads(line)
        got[o["facet"]].append((o["value"], o["count"]))
    ok = list(got) == fields
    if not ok:
        print(f"  fields: want {fields}, got {list(got)}")
    for field in fields:
        rows = got.get(field, [])
        if len({v for v, _ in rows}) != len(rows):
            print(f"  {field}: a value twice: {rows}")
            ok = False
        ok &= same(field, facet_truth(docs, field, copies), dict(rows))
        ok &= in_order(field, rows)
    return ok


def check_facet_text(docs, fields, copies, text):
    """Text of several --facet: a '# FIELD' line, then VALUE<TAB>COUNT, (none) for none."""
    got, field = defaultdict(dict), None
    for line in text.split("\n"):
        if line.startswith("# "):
            field = line[2:]
        elif line:
            v, n = line.rsplit("\t", 1)
            got[field][None if v == "(none)" else v] = int(n)
    ok = list(got) == fields
    if not ok:
        print(f"  headings: want {fields}, got {list(got)}")
    for field in fields:
        ok &= same(field, facet_truth(docs, field, copies), got.get(field, {}))
    return ok


COLUMNS = ["rank", "type", "story", "copies", "title", "source", "author", "site", "date", "url", "path",
           "score", "snippet"]


def original(pages):
    """The copy a story is shown as: the one published first (undated ones last)."""
    never = datetime.max.replace(tzinfo=CST)
    return min(pages, key=lambda p: datetime.fromisoformat(p["when"]) if p["when"] else never)


def check_table(docs, fmt, copies, text):
    """--all --format csv|tsv: the header, then one row per story (per page with --all-copies)
    with its page's fields; the rows of a story carry one key, and its number of pages."""
    if fmt == "csv":
        if not text.endswith("\r\n") or "\n" in text.replace("\r\n", ""):
            print("  CSV rows must end in CRLF")
            return False
        rows = list(csv.reader(io.StringIO(text, newline="")))
    else:
        rows = [line.split("\t") for line in text.split("\n")[:-1]]
    if not rows or rows[0] != COLUMNS:
        print(f"  header: {rows[:1]}")
        return False
    ok = True
    if any(len(r) != len(COLUMNS) for r in rows):
        print("  a row of another width")
        ok = False
    rows = [dict(zip(COLUMNS, r)) for r in rows[1:]]
    if [r["rank"] for r in rows] != [str(i + 1) for i in range(len(rows))]:
        print("  ranks are not 1..N")
        ok = False
    articles = {d["url"] or d["file"]: d for d in docs if d["kind"] == "a"}
    heads = {(d["title"], d["source"] or ""): d for d in docs if d["kind"] == "h"}
    story = defaultdict(list)
    for d in docs:
        story[d["story"]].append(d)
    shown, keys = defaultdict(int), defaultdict(set)
    for r in rows:
        if r["type"] == "article":  # a page without a URL shows its path
            d = articles.get(r["url"]) or articles.get(r["url"].rsplit("/", 1)[-1])
            pages = story[d["story"]] if d else []
            if d and (not r["story"] or r["copies"] != str(len(pages))):
                print(f"  row {r['rank']}: story {r['story']!r} of {r['copies']} pages, want {len(pages)}")
                ok = False
            if d:
                keys[d["story"]].add(r["story"])
            if d and not copies and original(pages) is not d:
                print(f"  row {r['rank']}: {r['url']} is not its story's original")
                ok = False
        else:
            d = heads.get((r["title"], r["source"])) if r["type"] == "headline" else None
            if d and (r["story"] or r["copies"] or r["url"] != d["url"]):
                print(f"  row {r['rank']}: headline {r['story']!r}, {r['copies']!r}, {r['url']}")
                ok = False
        if not d:
            print(f"  row {r['rank']}: no such {r['type']}: {r['url']} {r['title']}")
            ok = False
            continue
        shown[id(d)] += 1
        # The site as the URL spells its host (--facet site lowercases it); a story's original
        # may carry another title than the copy that matched first.
        got = {"site": r["site"].lower(), "source": r["source"], "date": r["date"][:19],
               "title": r["title"] if copies or d["kind"] == "h" else ""}
        want = {"site": d["site"] or "", "source": d["source"] or "", "date": d["shown"] or "",
                "title": d["title"] if copies or d["kind"] == "h" else ""}
        if got != want:
            print(f"  row {r['rank']}: {got}, want {want}")
            ok = False
    # Every page once (--all-copies), else every story once, as its original.
    want = {id(d) for d in docs} if copies else {id(original(p)) for p in story.values()}
    missing = [d["url"] or d["title"] for d in docs if id(d) in want and not shown[id(d)]]
    twice = [k for k, n in shown.items() if n > 1]
    if len(rows) != len(want) or missing or twice:
        print(f"  {len(rows)} rows, want {len(want)}; missing {missing[:4]}; {len(twice)} twice")
        ok = False
    if any(len(k) != 1 for k in keys.values()) or len(set().union(*keys.values())) != len(keys):
        print(f"  story keys do not follow the stories: {dict(keys)}")
        ok = False
    return ok


def main(argv):
    if argv[1] == "gen":
        gen(argv[2], argv[3])
        return True
    with open(argv[1], encoding="utf-8") as f:
        docs = json.load(f)
    what, opts = argv[2], argv[3:]
    copies = "copies" in opts
    kind = "a" if "article" in opts else "h" if "headline" in opts else None
    fields = [o for o in opts if o not in ("copies", "article", "headline")]
    docs = chosen(docs, copies, kind)
    stories, pages = len({d["story"] for d in docs}), len(docs)
    if what == "count":
        print(pages if copies else stories)
    elif what == "total":
        print(f"{stories} stor{'y' if stories == 1 else 'ies'} ({pages} page{'' if pages == 1 else 's'})")
    elif what == "facet":
        return check_facets(docs, fields, copies, sys.stdin.read())
    elif what == "facet-text":
        return check_facet_text(docs, fields, copies, sys.stdin.read())
    elif what in ("csv", "tsv"):
        return check_table(docs, what, copies, sys.stdin.buffer.read().decode("utf-8"))
    return True


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv) else 1)
PY

# truth OPTS...: what the corpus holds; a check reads souwen's output on stdin.
truth() { python3 "$work/truth.py" "$work/truth.json" "$@"; }
# run ARGS...: souwen-search on the index, its output in $out, stderr in $err, status in $rc.
run() { out=$("$SEARCH" --db "$work/db" "$@" 2>"$work/stderr") && rc=0 || rc=$?; err=$(<"$work/stderr"); }
# options MODE: the words of MODE (copies, article, headline) in $opt for truth, as
# souwen-search's options in $args.
options() {
    read -ra opt <<<"$1"
    args=()
    for o in "${opt[@]}"; do
        case $o in
        copies) args+=(--all-copies) ;;
        *) args+=(--type "$o") ;;
        esac
    done
}
q=城市规划
fields=(site source section type year month day)
facets=()
for f in "${fields[@]}"; do facets+=(--facet "$f"); done

mkdir -p "$work/pages"
python3 "$work/truth.py" gen "$work/pages" "$work/truth.json"
out=$("$INDEX" -j 2 --db "$work/db" "$work/pages" 2>&1) && rc=0 || rc=$?
check "the corpus is indexed: $out" '[[ $rc == 0 && $out == "76 pages indexed"*"0 failed files"* ]]'

# --count: stories, pages, each kind; exit 0; jsonl.
for mode in "" copies article headline "copies article"; do
    options "$mode"
    want=$(truth count "${opt[@]}")
    run --count "${args[@]}" "$q"
    check "--count${args[*]:+ ${args[*]}}: $want" '[[ $rc == 0 && $out == "$want" ]]'
    run "${args[@]}" --limit 3 "$q"
    want=$(truth total "${opt[@]}")
    check "a text search${args[*]:+ ${args[*]}} starts with '$want'" '[[ $rc == 0 && ${out%%$'\''\n'\''*} == "$want" ]]'
done
run --count --json "$q"
check "--count --json: {\"count\": $(truth count)}" '[[ $rc == 0 && $out == "{\"count\": $(truth count)}" ]]'
run --count --format jsonl --all-copies "$q"
check "--count --format jsonl --all-copies" '[[ $rc == 0 && $out == "{\"count\": $(truth count copies)}" ]]'
# The line heading a search is --count and --count --all-copies, with --all-copies or not.
want="$(truth count) stories ($(truth count copies) pages)"
for mode in "" "--all-copies"; do
    run $mode --limit 3 "$q"
    check "a text search${mode:+ $mode} starts with '$want' (--count, --count --all-copies)" \
        '[[ $rc == 0 && ${out%%$'\''\n'\''*} == "$want" ]]'
done
# With --queries every count carries its line; a table has one header.
printf '%s\n' "$q" "# a comment" 潜水艇 "$q" >"$work/queries.txt"
run --count --json --queries "$work/queries.txt"
check "--count --json --queries: {\"query\": LINE, \"count\": N} a line" \
    '[[ $out == "{\"query\": 1, \"count\": $(truth count)}"$'\''\n'\''"{\"query\": 3, \"count\": 0}"$'\''\n'\''"{\"query\": 4, \"count\": $(truth count)}" ]]'
run --facet type --format csv --queries "$work/queries.txt"
check "--facet type --format csv --queries: one header, the line first" \
    '[[ $(grep -c "^query,facet,value,count" <<<"$out") == 1 && $(grep -c "^1,type,article," <<<"$out") == 1 &&
       $(grep -c "^4,type,article," <<<"$out") == 1 && $(grep -c "^3," <<<"$out") == 0 ]]'
run --count --facet type --format csv "$q"
check "--count --facet type --format csv: one table, the total a row" \
    '[[ $out == "facet,value,count"$'\''\r\n'\''"total,,$(truth count)"$'\''\r\n'\''"type,article,"* ]]'
# A closed pipe ends --all quietly, with the exit status of what was written.
set +o pipefail
"$SEARCH" --db "$work/db" --all --all-copies --json "$q" | head -1 >/dev/null
rc=${PIPESTATUS[0]}
set -o pipefail
check "--all | head -1: exit 0 (hits were written)" '[[ $rc == 0 ]]'
# A story of one page, and one of three.
run zqxsolo
check "one page: '1 story (1 page)'" '[[ $rc == 0 && ${out%%$'\''\n'\''*} == "1 story (1 page)" ]]'
run zqxtrio
check "three copies: '1 story (3 pages)'" '[[ $rc == 0 && ${out%%$'\''\n'\''*} == "1 story (3 pages)" ]]'
run --count zqxtrio
check "three copies: --count 1" '[[ $rc == 0 && $out == 1 ]]'
run --count --all-copies zqxtrio
check "three copies: --count --all-copies 3" '[[ $rc == 0 && $out == 3 ]]'

# --facet, every field at once: stories by default, pages with --all-copies; with --type.
for mode in "" copies headline "copies article"; do
    options "$mode"
    run --json "${facets[@]}" "${args[@]}" "$q"
    check "--facet ${fields[*]}${args[*]:+ ${args[*]}} (jsonl): exact counts, in order" \
        '[[ $rc == 0 ]] && truth facet "${opt[@]}" "${fields[@]}" <<<"$out"'
done
run --facet month --facet section --facet source "$q"
check "--facet month, section, source (text): '# FIELD' headings, VALUE<TAB>COUNT" \
    '[[ $rc == 0 ]] && truth facet-text month section source <<<"$out"'
run --facet year --all-copies "$q"
check "--facet year --all-copies (text, one field: no heading)" \
    '[[ $rc == 0 && $out != "#"* ]] && truth facet-text copies year <<<"# year"$'\''\n'\''"$out"'
run --facet type --format csv "$q"
check "--facet type --format csv: facet,value,count" \
    '[[ $rc == 0 && $out == "facet,value,count"$'\''\r\n'\''"type,article,"*$'\''\r\n'\''"type,headline,"* ]]'

# --all: every story once (every page with --all-copies), parsed back.
"$SEARCH" --db "$work/db" --all --format csv "$q" >"$work/all.csv" && rc=0 || rc=$?
check "--all --format csv: one row per story, as its original" '[[ $rc == 0 ]] && truth csv <"$work/all.csv"'
"$SEARCH" --db "$work/db" --all --all-copies --format csv "$q" >"$work/all-copies.csv" && rc=0 || rc=$?
check "--all --all-copies --format csv: one row per page, every URL once" \
    '[[ $rc == 0 ]] && truth csv copies <"$work/all-copies.csv"'
"$SEARCH" --db "$work/db" --all --format tsv "$q" >"$work/all.tsv" && rc=0 || rc=$?
n=$(($(wc -l <"$work/all.tsv") - 1))
check "--all --format tsv: $n rows, as many as --count" \
    '[[ $rc == 0 && $n == "$(truth count)" ]] && truth tsv <"$work/all.tsv"'
"$SEARCH" --db "$work/db" --all --type headline --format tsv "$q" >"$work/heads.tsv" && rc=0 || rc=$?
check "--all --type headline --format tsv: every headline, the linked ones too" \
    '[[ $rc == 0 ]] && truth tsv headline <"$work/heads.tsv"'
for f in csv tsv; do
    "$SEARCH" --db "$work/db" --all --bom --format $f "$q" >"$work/bom.$f" && rc=0 || rc=$?
    check "--bom --format $f: EF BB BF, then the table" \
        '[[ $rc == 0 && $(head -c 3 "$work/bom.$f" | od -An -tx1 | tr -d " ") == efbbbf ]] &&
         cmp -s <(tail -c +4 "$work/bom.$f") "$work/all.$f"'
done
run --all --json "$q"
n=$(grep -c '^{' <<<"$out" || true)
check "--all --json: $n lines, as many as --count" '[[ $rc == 0 && $n == "$(truth count)" ]]'
run --all --json --all-copies "$q"
n=$(grep -c '^{' <<<"$out" || true)
check "--all --json --all-copies: $n lines, as many as --count --all-copies" \
    '[[ $rc == 0 && $n == "$(truth count copies)" ]]'

# On a terminal, a date facet is a bar chart as wide as the terminal (here 60 columns).
if command -v script >/dev/null; then
    out=$(COLUMNS=60 script -qec "$SEARCH --db $work/db --facet month $q" /dev/null | tr -d '\r')
    widths=$(python3 -c 'import sys; print(" ".join(str(len(l)) for l in sys.stdin.read().splitlines()))' <<<"$out")
    check "--facet month on a terminal: a bar chart, no line wider than 60 columns ($widths)" \
        '[[ $out == *"█"* ]] && python3 -c "import sys; w = [len(l) for l in sys.stdin.read().splitlines()]; sys.exit(not w or max(w) > 60 or max(w) < 50)" <<<"$out"'
fi

# --plot: a valid SVG and PNG with a bar per period with matches (bars are the only shapes
# filled #3366cc). The periods come from --facet, checked against the truth above.
cat >"$work/bars.py" <<'PY'
import re, struct, sys, zlib
path = sys.argv[1]
data = open(path, "rb").read()
if path.endswith(".svg"):
    text = data.decode("utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text and text.rstrip().endswith("</svg>")
    print(len(re.findall(r'<path[^>]*fill:rgb\(20%,40%,80%\)', text)))
    sys.exit(0)
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
at, idat, w = 8, b"", 0
while at < len(data):  # chunks, each CRC checked
    n, kind = struct.unpack(">I4s", data[at:at + 8])
    body = data[at + 8:at + 8 + n]
    assert zlib.crc32(kind + body) == struct.unpack(">I", data[at + 8 + n:at + 12 + n])[0]
    if kind == b"IHDR":
        w, h, depth, color = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and color in (2, 6)
        bpp = 3 if color == 2 else 4
    elif kind == b"IDAT":
        idat += body
    at += 12 + n
raw, rows, prev = zlib.decompress(idat), [], bytearray(w * bpp)
for y in range(h):  # undo the PNG filters, row by row
    f, line = raw[y * (w * bpp + 1)], bytearray(raw[y * (w * bpp + 1) + 1:(y + 1) * (w * bpp + 1)])
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        p = a + b - c
        pred = [0, a, b, (a + b) // 2, a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c)
                else b if abs(p - b) <= abs(p - c) else c][f]
        line[i] = (line[i] + pred) & 255
    rows.append(line)
    prev = line
def bar(line, x):
    return tuple(line[x * bpp:x * bpp + 3]) == (0x33, 0x66, 0xcc)
# the row just above the axis: every bar reaches it, one run of bar colour each
best = 0
for y in range(h - 1, h // 2, -1):
    runs = sum(1 for x in range(w) if bar(rows[y], x) and (x == 0 or not bar(rows[y], x - 1)))
    best = max(best, runs)
print(best)
PY
for field in month day; do
    run --json --facet "$field" "$q"
    periods=$(grep -c '"value":"' <<<"$out" || true)
    for ext in svg png; do
        rm -f "$work/plot.$ext"
        run --plot "$work/plot.$ext" --facet "$field" "$q"
        bars=$(python3 "$work/bars.py" "$work/plot.$ext" 2>&1 || true)
        check "--plot plot.$ext --facet $field: a valid $ext with $periods bars ($bars)" \
            '[[ $rc == 0 && $bars == "$periods" ]] && ((periods > 1))'
    done
done
run --plot "$work/span.svg" "$q" # the corpus spans four months: months, as --facet month
bars=$(python3 "$work/bars.py" "$work/span.svg" 2>&1 || true)
run --json --facet month "$q"
check "--plot without --facet: by month for a span of months ($bars bars)" \
    '[[ $bars == "$(grep -c "\"value\":\"" <<<"$out")" ]]'
run --plot "$work/no/such/dir/plot.svg" "$q"
check "--plot into a missing folder: exit 2 naming it, nothing written" \
    '[[ $rc == 2 && $err == *"$work/no/such/dir/plot.svg"* && ! -e $work/no ]]'
mkdir "$work/ro"
chmod 555 "$work/ro"
run --plot "$work/ro/plot.png" "$q"
if [[ -w $work/ro ]]; then # root writes anywhere: the check means nothing there
    echo "skipped: --plot into a read-only folder (running as root)"
else
    check "--plot into a read-only folder: exit 2, nothing written" \
        '[[ $rc == 2 && $err == *"$work/ro/plot.png"* && -z $(ls -A "$work/ro") ]]'
fi
chmod 755 "$work/ro"
long="$(printf '城市规划%.0s' {1..80})"
run --plot "$work/long.png" "a$long" # the title cut inside the query: between characters
check "--plot with a query longer than the title: a chart, the title cut between characters" \
    '[[ $rc == 1 || $rc == 0 ]] && [[ -s $work/long.png ]]'
run --plot "$work/quiet.svg" --format csv "$q"
check "--plot --format csv: the chart, nothing on stdout" '[[ $rc == 0 && -z $out && -s $work/quiet.svg ]]'
run --plot "$work/plot.gif" "$q"
check "--plot plot.gif: exit 2, SVG or PNG only" '[[ $rc == 2 && $err == *"FILE.svg or FILE.png"* ]]'
run --plot "$work/q.svg" --queries /dev/null
check "--plot with --queries: exit 2" '[[ $rc == 2 && $err == *"one QUERY"* ]]'

# Usage errors: exit 2, with a message.
run --facet bogus "$q"
check "--facet bogus: exit 2 naming the fields" \
    '[[ $rc == 2 && -z $out && $err == *bogus* && $err == *"source, site, section, type, year, month, day"* ]]'
for bad in "--all --limit 5" "--all --offset 5" "--all --sort date" "--count --all" \
    "--facet site --limit 5" "--count --sort date"; do
    read -ra args <<<"$bad"
    run "${args[@]}" "$q"
    check "$bad: exit 2, '... do not go together'" '[[ $rc == 2 && -z $out && $err == *"do not go together"* ]]'
done
for bad in "--bom" "--bom --json" "--bom --count"; do
    read -ra args <<<"$bad"
    run "${args[@]}" "$q"
    check "$bad: exit 2, --bom is for csv or tsv" '[[ $rc == 2 && -z $out && $err == *"--bom is for --format csv or tsv"* ]]'
done

# Nothing matches: 0, exit 1.
run --count 潜水艇
check "no match: --count prints 0, exit 1" '[[ $rc == 1 && $out == 0 ]]'
run --count --json 潜水艇
check "no match: --count --json prints {\"count\": 0}, exit 1" '[[ $rc == 1 && $out == "{\"count\": 0}" ]]'
run --facet site --json 潜水艇
check "no match: --facet site prints nothing, exit 1" '[[ $rc == 1 && -z $out ]]'
run --all --format csv 潜水艇
check "no match: --all --format csv prints the header alone, exit 1" \
    '[[ $rc == 1 && $out == "rank,type,story,copies,title,source,author,site,date,url,path,score,snippet"$'\''\r'\'' ]]'
run 潜水艇
check "no match: a text search says '0 stories (0 pages)', exit 1" '[[ $rc == 1 && $out == "0 stories (0 pages)" ]]'

# Two indexes built apart from the two halves of the corpus, searched together: a story's copies
# are one story across them (its key comes from its text), so articles count as in one index.
files=("$work/pages"/*)
half=$((${#files[@]} / 2))
mkdir -p "$work/half1" "$work/half2"
cp "${files[@]:0:half}" "$work/half1"
cp "${files[@]:half}" "$work/half2"
"$INDEX" --quiet --db "$work/db1" "$work/half1" && "$INDEX" --quiet --db "$work/db2" "$work/half2" &&
    rc=0 || rc=$?
check "two halves indexed apart" '[[ $rc == 0 ]]'
two=(--db "$work/db1" --db "$work/db2")
out=$("$SEARCH" "${two[@]}" --count --type article "$q") && rc=0 || rc=$?
check "two indexes: --count --type article" '[[ $rc == 0 && $out == "$(truth count article)" ]]'
out=$("$SEARCH" "${two[@]}" --count --all-copies --type article "$q") && rc=0 || rc=$?
check "two indexes: --count --all-copies --type article" '[[ $rc == 0 && $out == "$(truth count copies article)" ]]'
out=$("$SEARCH" "${two[@]}" --json "${facets[@]}" --type article "$q") && rc=0 || rc=$?
check "two indexes: --facet ${fields[*]} --type article" '[[ $rc == 0 ]] && truth facet article "${fields[@]}" <<<"$out"'
# --all over both: each index numbers its documents alone, so a match is named by its id and
# its key, and a story's original is read by id, story and key.
"$SEARCH" "${two[@]}" --all --all-copies --type article --format csv "$q" >"$work/two.csv" && rc=0 || rc=$?
check "two indexes: --all --all-copies --type article --format csv, every page once" \
    '[[ $rc == 0 ]] && truth csv copies article <"$work/two.csv"'
"$SEARCH" "${two[@]}" --all --type article --format csv "$q" >"$work/two.csv" && rc=0 || rc=$?
check "two indexes: --all --type article --format csv, each story once" \
    '[[ $rc == 0 ]] && truth csv article <"$work/two.csv"'
exit $fail
