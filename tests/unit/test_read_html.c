/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_read_html.c - the HTML reader (indexer/read_html.c) on pages written here.
 */
#include "buf.h"
#include "check.h"
#include "error.h"
#include "names.h"
#include "page.h"
#include "read.h"

#include <stdio.h>
#include <stdlib.h>

static int parse(const char *html, const char *url, sw_page *p) {
    char *err = NULL;
    sw_page_init(p);
    int rc = sw_read_html(html, strlen(html), url, "t.html", p, &err);
    free(err);
    return rc;
}

/* Parses <dir>/<name> (a page of tests/html or tests/html_meta) with base_url as its fallback base.
 */
static int parse_file(const char *dir, const char *name, const char *base_url, sw_page *p) {
    sw_buf path = SW_BUF_INIT, data = SW_BUF_INIT;
    sw_buf_addf(&path, "%s/%s", dir, name);
    FILE *f = fopen(sw_buf_str(&path), "rb");
    CHECK(f != NULL);
    int ch;
    while (f && (ch = getc(f)) != EOF)
        sw_buf_addc(&data, (char)ch);
    if (f)
        fclose(f);
    char *err = NULL;
    sw_page_init(p);
    int rc = sw_read_html(sw_buf_str(&data), data.len, base_url, name, p, &err);
    free(err);
    sw_buf_release(&path);
    sw_buf_release(&data);
    return rc;
}

/* Two pages inline: （记者 X Y） in a dateline; 作者： followed by a time, 记者 in a sentence. */
static const char bracket[] =
    "<html><head><title>新建游泳馆下月向市民开放</title></head><body>"
    "<h1>新建游泳馆下月向市民开放</h1><div>2026-03-08 10:00</div><div>"
    "<p>本报讯（记者 何晓东 许静）城南新建的全民游泳馆已经完成验收，下月起向市民开放。</p>"
    "<p>游泳馆设有标准泳池和儿童戏水池，工作日晚上开放到九点半。</p></div></body></html>";
static const char timed[] =
    "<html><head><title>公交站台加装遮阳棚</title></head><body>"
    "<h1>公交站台加装遮阳棚</h1><div>作者：2026-03-09 11:20 来源：临江晚报</div><div>"
    "<p>市民告诉记者，站台加装遮阳棚以后，夏天等车不再被晒得睁不开眼。</p>"
    "<p>公交集团表示，年内还将为另外四十个站台加装遮阳棚和座椅。</p></div></body></html>";

/* A source named only by a link whose class says so, beside the date under the title. */
static const char linked_source[] =
    "<html><head><title>江心洲大桥主塔封顶</title></head><body>"
    "<h1>江心洲大桥主塔封顶</h1><div class=\"date-source\"><span class=\"date\">2026年03月10日 "
    "07:30</span> <a class=\"source\" href=\"https://jc.example.cn/\">江城晚报</a></div><div>"
    "<p>江心洲大桥南主塔今天上午顺利封顶，大桥建设进入上部结构施工阶段，预计明年通车。</p>"
    "<p>大桥通车后，从江心洲到主城区的车程将由四十分钟缩短到十分钟左右。</p></div></body></html>";

/* A reporter in square brackets after the time, a source in them after 来源 (older sohu). */
static const char bracketed[] =
    "<html><head><title>老年大学春季班报名火爆</title></head><body>"
    "<h1>老年大学春季班报名火爆</h1><div>2026年3月11日09:40 [ 郑远航 ]  来源：[ <a "
    "href=\"https://lj.example.cn/\">临江晚报</a> ]</div><div>"
    "<p>市老年大学春季班今天开始报名，书法、声乐和智能手机课程的名额不到一小时就报满了。</p>"
    "<p>学校表示，将增开周末班次，尽量满足更多老年人的学习需求。</p></div></body></html>";

/* The article's date, source and author, each from where a page puts it (tests/html_meta). */
static void test_meta(const char *dir) {
    static const struct {
        const char *file, *html;            /* a page of tests/html_meta, or one inline */
        const char *author, *source, *date; /* what it yields; NULL: nothing */
    } cases[] = {
        /* The date and source (<em id="source">) beside the title, not the dates of the
           sidebar list before it; the reporter opening the body (本报记者 X), not the editor. */
        {"article-reporter.html", NULL, "周明远", "临江日报", "2026-03-05T08:30:12+08:00"},
        /* 作者：X beside 来源：Y: the person is the author, the outlet the source; the author
           meta that names the site is no author. */
        {"article-labels.html", NULL, "林小雨", "云帆网", "2026-03-06T19:20:00+08:00"},
        /* A self-media account named only in an author box. */
        {"article-author-box.html", NULL, "江畔听雨", NULL, "2026-03-07T17:45:00+08:00"},
        /* 文/X signing a column. */
        {"article-wen.html", NULL, "陈可", NULL, "2026-02-20"},
        /* Dated lists before the title and after the body date no article; "作者：" with
           nothing after it names nobody (not 来源, not the outlet). */
        {"article-undated.html", NULL, NULL, "临江日报", NULL},
        {NULL, bracket, "何晓东 许静", NULL, "2026-03-08T10:00:00+08:00"},
        {NULL, timed, NULL, "临江晚报", "2026-03-09T11:20:00+08:00"},
        {NULL, linked_source, NULL, "江城晚报", "2026-03-10T07:30:00+08:00"},
        {NULL, bracketed, "郑远航", "临江晚报", "2026-03-11T09:40:00+08:00"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        sw_page p;
        CHECK_INT(cases[i].file ? parse_file(dir, cases[i].file, NULL, &p)
                                : parse(cases[i].html, NULL, &p),
                  0);
        CHECK(p.body != NULL);
        CHECK_STR(p.author, cases[i].author);
        CHECK_STR(p.source, cases[i].source);
        CHECK_STR(p.published_at, cases[i].date);
        sw_page_release(&p);
    }
}

static const char article[] =
    "<!DOCTYPE html><html><head><title>江边步道全线贯通 市民周末打卡_临江晚报</title>"
    "<meta property=\"article:published_time\" content=\"2026-02-02T17:58:29+08:00\">"
    "<style>p { color: red }</style><script>var x = '脚本里的字不是正文';</script></head><body>"
    "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/sh/\">社会</a> <a "
    "href=\"/ty/\">体育</a></div>"
    "<div class=\"article\"><h1>江边步道全线贯通 市民周末打卡</h1>"
    "<div class=\"info\">来源：临江晚报 编辑：王五</div>"
    "<div "
    "class=\"content\"><p>"
    "经过两年建设，全长二十公里的江边步道今天全线贯通，沿途设置了十二个休憩点。</p>"
    "<p>周末一早，不少市民带着家人来到步道散步、骑行，还有人专程来拍照打卡。</p>"
    "<p>市园林部门表示，步道夜间照明将于下月开启，方便市民晚间锻炼。</p></div>"
    "<div class=\"share\">分享到：<a href=\"#\">微博</a><a href=\"#\">微信</a></div>"
    "<div class=\"comment\"><p>网友评论：终于修好了，太棒了！2026-02-02 20:00</p></div></div>"
    "<div class=\"box\"><h3>相关推荐</h3><ul>"
    "<li><a href=\"/2026/0201/a.html\">临江大桥夜景灯光秀周末上演</a><span>临江晚报</span> "
    "<span>2026年2月1日 19:30</span></li>"
    "<li><a href=\"b.html\">城东新建三座口袋公园 年底前开放</a> <span>2026-01-30</span></li>"
    "<li><a href=\"https://other.example.cn/c.html\">春节期间公交线路调整一览</a></li>"
    "</ul></div><div class=\"footer\">版权所有 临江晚报</div></body></html>";

static const char channel[] =
    "<html><head><meta charset=\"utf-8\"><title>体育频道_临江网</title></head><body>"
    "<div><h2>头条要闻</h2><ul><li><a href=\"/1.html\">临江队主场两球击败对手 取得三连胜</a></li>"
    "<li><a href=\"/2.html\">全民健身中心春节期间照常开放</a></li>"
    "<li><a href=\"/3.html\">中学生篮球联赛决赛本周六开打</a></li></ul></div>"
    "<div><h2>24小时热文</h2><ul><li><a href=\"/4.html\">马拉松报名人数创新高 名额一小时抢光</a> "
    "2026-02-02 09:00</li>"
    "<li><a href=\"/5.html\">冬泳爱好者江中迎新春</a> 2026-02-02 08:00</li>"
    "<li><a href=\"/6.html\">青少年足球训练营开营</a> 2026-02-01 "
    "18:00</li></ul></div></body></html>";

/* The cleaner of names.h on one string: what is left. */
static const char *source_of(const char *s, char *out, size_t cap) {
    snprintf(out, cap, "%s", s);
    sw_name_source(out);
    return out;
}

static const char *section_of(const char *s, char *out, size_t cap) {
    snprintf(out, cap, "%s", s);
    sw_name_section(out);
    return out;
}

/* Sources and section labels: counters, times and buttons go, names stay whole. */
static void test_names(void) {
    char b[128];
    CHECK_STR(source_of("澎湃新闻 0", b, sizeof(b)), "澎湃新闻");
    CHECK_STR(source_of("146360", b, sizeof(b)), "");
    CHECK_STR(source_of("10、", b, sizeof(b)), "");
    CHECK_STR(source_of("1  141788", b, sizeof(b)), "");
    CHECK_STR(source_of("大参考 评论 25", b, sizeof(b)), "大参考");
    CHECK_STR(source_of("1 评论 151 赞 18", b, sizeof(b)), "");
    CHECK_STR(source_of("新华社 02-2412:02", b, sizeof(b)), "新华社");
    CHECK_STR(source_of("9图 新华社 ⋅ 不感兴趣", b, sizeof(b)), "新华社");
    CHECK_STR(source_of("云帆晚报 2小时前", b, sizeof(b)), "云帆晚报");
    CHECK_STR(source_of("观察者网 151评论", b, sizeof(b)), "观察者网");
    CHECK_STR(source_of("[ 交流 ] 七月海蓝", b, sizeof(b)), "七月海蓝");
    /* Names with digits or counter words inside them are names. */
    CHECK_STR(source_of("36氪", b, sizeof(b)), "36氪");
    CHECK_STR(source_of("21世纪经济报道", b, sizeof(b)), "21世纪经济报道");
    CHECK_STR(source_of("陶慕剑防务评论", b, sizeof(b)), "陶慕剑防务评论");
    CHECK_STR(source_of("撩人情鹃 tan90", b, sizeof(b)), "撩人情鹃 tan90");
    CHECK_STR(section_of("跟贴排行 点击排行", b, sizeof(b)), "跟贴排行");
    CHECK_STR(section_of("一天 三天 一周", b, sizeof(b)), "");
    CHECK_STR(section_of("热门文章 3天|7天", b, sizeof(b)), "热门文章");
    CHECK_STR(section_of("大家都爱看 进入新闻频道", b, sizeof(b)), "大家都爱看");
    CHECK_STR(section_of("新闻排行榜 更多+", b, sizeof(b)), "新闻排行榜");
    CHECK_STR(section_of("精彩推荐 查看全部", b, sizeof(b)), "精彩推荐");
    CHECK_STR(section_of("今日推荐HOT", b, sizeof(b)), "今日推荐");
    CHECK_STR(section_of("赞 0 赏 分享", b, sizeof(b)), "");
    CHECK_STR(section_of("风闻 · 24小时最热 查看全部", b, sizeof(b)), "风闻 · 24小时最热");
    /* Not a tab row: a heading longer than a tab, a label with its value. */
    CHECK_STR(section_of("手热到发烫 输了球的快船惹不起", b, sizeof(b)),
              "手热到发烫 输了球的快船惹不起");
    CHECK_STR(section_of("来源: 长江网", b, sizeof(b)), "来源: 长江网");
}

/* Reads html and checks that its body holds `keep` and, unless NULL, not `drop`. */
static void check_body(const char *html, const char *keep, const char *drop) {
    sw_page p;
    CHECK_INT(parse(html, NULL, &p), 0);
    CHECK(p.body && strstr(p.body, keep) != NULL);
    CHECK(p.body && (!drop || !strstr(p.body, drop)));
    sw_page_release(&p);
}

/* Reads html and checks the title chosen. */
static void check_title(const char *html, const char *want) {
    sw_page p;
    CHECK_INT(parse(html, NULL, &p), 0);
    CHECK_STR(p.title, want);
    sw_page_release(&p);
}

/*
 * Title choice: a head title cut short is not taken over the full <h1>; a
 * site name is cut off on the side the page does not show; a one-word label
 * is never a title.
 */
static void test_titles(void) {
    static const char cut_og[] =
        "<html><head><title>老街改造完成 居民\"回家\"_临江网</title>"
        "<meta property=\"og:title\" content=\"老街改造完成 居民\"></head><body>"
        "<h1>老街改造完成 居民\"回家\"看新貌</h1><div class=\"content\"><p>历时一年的老街改造"
        "今天完工，搬迁的居民陆续回到老街，青石板路、白墙黛瓦让人眼前一亮。</p><p>街道办表示，"
        "老街将引入非遗手作和老字号小吃，春节前对外开放。</p></div></body></html>";
    check_title(cut_og, "老街改造完成 居民\"回家\"看新貌");

    /* "站点--文章": the side the page shows is the article's, not the first. */
    static const char site_first[] =
        "<html><head><title>Lin-Jiang blog--江心岛观鸟记</title></head><body>"
        "<div class=\"nav\"><a href=\"/\">Lin-Jiang</a></div><div "
        "class=\"post\"><b>江心岛观鸟记</b>"
        "<p>清晨六点，我们坐第一班渡船上了江心岛，芦苇丛里不时飞起成群的白鹭。</p>"
        "<p>向导说，今年冬天来岛上越冬的候鸟比去年多了三成，有几种还是第一次记录到。</p>"
        "</div></body></html>";
    check_title(site_first, "江心岛观鸟记");

    /* A <title> of one UI word (显示) is no title: the post's first line names it. */
    static const char label[] =
        "<html><head><title>显示</title></head><body><table><tr><td>"
        "<p>渡口的早班船</p><p>天还没亮，渡口已经排起了长队，赶早市的菜农挑着担子，学生背着书包，"
        "船老大一声吆喝，渡船缓缓离岸。</p><p>这条航线开了四十多年，如今每天仍有上千人往返。</p>"
        "</td></tr></table></body></html>";
    check_title(label, "渡口的早班船");
}

/*
 * The body leaves out a list of related headlines with a time beside each
 * (as long as the headlines, so not link-heavy) and, after the post, a box
 * of comments that outweighs it; a paragraph with a few links stays.
 */
static void test_body_boxes(void) {
    static const char related[] =
        "<html><head><title>江滩湿地公园扩建完工_临江网</title></"
        "head><body><div><h1>江滩湿地公园扩建完工</h1>"
        "<p>扩建后的江滩湿地公园面积增加一倍，新建了观鸟台和三公里木栈道，<a "
        "href=\"/map\">游园地图</a>"
        "已在入口处发放。</"
        "p><p>公园管理处介绍，扩建工程保留了原有的芦苇荡，补种了二十多种本地水生植物，"
        "入冬以来已有上千只候鸟在此停留。</p><p>节假日期间公园将延长开放时间，并增设临时停车场。</"
        "p>"
        "<div>·<a href=\"/a.html\">城东新建三座口袋公园 年底前开放</a> (2026-01-30 10:12AM)<br>"
        "·<a href=\"/b.html\">江边步道全线贯通 市民周末打卡</a> (2026-01-28 09:40AM)<br>"
        "·<a href=\"/c.html\">冬季观鸟指南：这些地方不能错过</a> (2026-01-20 16:05PM)<br></div>"
        "</div></body></html>";
    check_body(related, "游园地图已在入口处发放", "口袋公园");
    check_body(related, "临时停车场", "观鸟指南");

    sw_buf b = SW_BUF_INIT;
    sw_buf_adds(
        &b,
        "<html><head><title>我的第一篇博客</title></head><body><div><div class=\"post\">"
        "<h2>我的第一篇博客</h2><p>搬到临江已经三年了，一直想把这座城市的变化记下来，今天终于开了"
        "这个博客。</p><p>以后我会在这里写写江边的早市、老街的小吃，还有每年冬天飞来的候鸟，"
        "也欢迎各位朋友留言，说说你们眼中的临江。</p><p>第一篇就写到这里，谢谢大家。</p></div>"
        "<div id=\"comments\"><h3>评论</h3>");
    for (int i = 0; i < 30; i++)
        sw_buf_adds(&b, "<h4>re: 我的第一篇博客 2026-01-05 12:46</h4><p>欢迎欢迎，写得真好，"
                        "期待你的下一篇，我也是临江人，老街的小吃确实值得一写。</p>");
    sw_buf_adds(&b, "</div></div></body></html>");
    check_body(sw_buf_str(&b), "每年冬天飞来的候鸟", "期待你的下一篇");
    sw_buf_release(&b);
}

/*
 * A blog's month page of posts in one template is about its first post, even
 * when a later one is longer; a page of one such box keeps the best-scored.
 */
static void test_first_post(void) {
    sw_buf b = SW_BUF_INIT;
    sw_buf_adds(&b,
                "<html><head><title>江边人家 | 临江博客</title></head><body><table>"
                "<tr><td class=\"post-title\">冬至包饺子</td></tr><tr><td class=\"post-body\">"
                "冬至这天，全家人围在一起包饺子，奶奶擀皮，妈妈调馅，我负责把饺子摆整齐，"
                "一共包了两百多个。</td></tr>"
                "<tr><td class=\"post-title\">江心岛一日游</td></tr><tr><td class=\"post-body\">");
    for (int i = 0; i < 12; i++)
        sw_buf_adds(
            &b,
            "<p>坐第一班渡船上岛，芦苇丛里不时飞起白鹭，岛上的老人说，今年来的候鸟特别多。</p>");
    sw_buf_adds(
        &b,
        "</td></tr><tr><td class=\"post-title\">老街的早点铺</td></tr><tr><td class=\"post-body\">"
        "老街口那家早点铺开了三十年，豆浆还是用石磨磨的，油条炸得又脆又香，"
        "每天一早就排起长队。</td></tr>"
        "</table></body></html>");
    check_body(sw_buf_str(&b), "全家人围在一起包饺子", "渡船");
    sw_buf_release(&b);

    /* Two alike boxes are not a page of posts: the long one stays the body. */
    static const char two[] =
        "<html><head><title>江心岛一日游_临江博客</title></head><body>"
        "<div "
        "class=\"box\">冬至这天，全家人围在一起包饺子，奶奶擀皮，妈妈调馅，我负责摆饺子，"
        "一共包了两百多个。</div>"
        "<div "
        "class=\"box\"><p>"
        "坐第一班渡船上岛，芦苇丛里不时飞起白鹭，岛上的老人说，今年来的候鸟特别多。</p>"
        "<p>中午在岛上的农家吃了江鲜，下午沿着木栈道走了一圈，看到了成群的野鸭。</p>"
        "<p>傍晚坐最后一班船回城，江面上的晚霞红了半边天。</p></div></body></html>";
    check_body(two, "渡船", NULL);

    /* A standfirst in its own <p> just before the body's box opens the body; a link line does not.
     */
    static const char lead[] =
        "<html><head><title>临江早报摘要_临江广播</title></head><body><div>"
        "<h1>临江早报摘要</h1><p><a href=\"/zb/\">更多早报摘要节目</a></p>"
        "<p "
        "class=\"chapo\">"
        "各位听众早上好，欢迎收听临江早报摘要。今天的报纸都关注江滩湿地公园扩建完工。</p>"
        "<div "
        "class=\"body\"><p>临江日报说，扩建后的湿地公园面积增加一倍，新建了观鸟台和木栈道。</p>"
        "<p>临江晚报关注的是停车问题，节假日期间公园将增设临时停车场，方便市民自驾前往。</p>"
        "<p>临江商报则算了一笔账，扩建工程总投资一点二亿元，其中三成用于生态修复。</p></div>"
        "</div></body></html>";
    check_body(lead, "各位听众早上好", "更多早报摘要节目");
}

/*
 * A table of figures after the text, in the same box, belongs to the body;
 * the same table holding links (a box of other pages) does not.
 */
static void test_whole_box(void) {
    static const char head[] =
        "<html><head><title>临江大学二〇二六年博士招生简章_研究生院</title></head><body>"
        "<table><tr><td><a href=\"/\">首页</a> <a href=\"/zs/\">招生信息</a></td></tr><tr><td>"
        "<table><tr><td>"
        "一、培养目标：培养德智体美全面发展，掌握坚实宽广的基础理论和系统深入的专业知识，"
        "具有独立从事科学研究工作能力的高级专门人才。<br>二、报考条件：已获硕士学位的在职人员或应届"
        "硕士毕业生，身体健康，有两名副教授以上专家推荐。<br>"
        "三、报名时间：每年三月一日至三月十五日，"
        "逾期不再补报。<br>附：招生专业及考试科目</td></tr></table><table>";
    static const char rows[] = "<tr><td>0101 江河生态学</td><td>王立新</td><td>3</td>"
                               "<td>1、英语 2、生态学原理 3、水文学</td></tr>"
                               "<tr><td>0102 湿地保护</td><td>陈春华</td><td>2</td>"
                               "<td>1、英语 2、湿地生态学 3、鸟类学</td></tr>"
                               "<tr><td>0103 城市水环境</td><td>李明远</td><td>2</td>"
                               "<td>1、英语 2、环境化学 3、水处理工程</td></tr>";
    static const char linked[] =
        "<tr><td><a href=\"/a.html\">临江大学二〇二六年硕士招生简章</a></td></tr>"
        "<tr><td><a href=\"/b.html\">临江大学二〇二六年推免生接收办法</a></td></tr>"
        "<tr><td><a href=\"/c.html\">临江大学二〇二五年博士录取名单公示</a></td></tr>";
    static const char tail[] = "</table></td></tr></table></body></html>";
    sw_buf b = SW_BUF_INIT;
    sw_buf_adds(&b, head);
    sw_buf_adds(&b, rows);
    sw_buf_adds(&b, tail);
    check_body(sw_buf_str(&b), "湿地生态学", NULL);
    check_body(sw_buf_str(&b), "报名时间", NULL);
    sw_buf_reset(&b);
    sw_buf_adds(&b, head);
    sw_buf_adds(&b, linked);
    sw_buf_adds(&b, tail);
    check_body(sw_buf_str(&b), "报名时间", "推免生接收办法");
    sw_buf_release(&b);
}

/* tests/html/list-counters.html: a ranking page saved without its URL. */
static void test_counters(const char *dir) {
    sw_page p;
    CHECK_INT(parse_file(dir, "list-counters.html", NULL, &p), 0);
    CHECK_INT(p.nlists, 3);
    if (p.nlists == 3) {
        const sw_list *r = &p.lists[0];
        CHECK_STR(r->section, "跟帖排行"); /* the open tab of 跟帖排行 点击排行 更多>> */
        CHECK_INT(r->n, 5);
        if (r->n == 5) {
            CHECK_STR(r->items[0].source, "新华社");     /* rank 1, 46360 clicks */
            CHECK_STR(r->items[1].source, "澎湃新闻");   /* 0 */
            CHECK_STR(r->items[2].source, "大参考");     /* 评论 25 */
            CHECK(r->items[3].source == NULL);           /* 146360 only */
            CHECK_STR(r->items[4].source, "云帆晚报");   /* 2小时前 */
            CHECK_STR(r->items[0].url, "/p/6854455512"); /* no URL known: as written */
        }
        /* 一天 三天 一周 are no heading: the list is named by the page title. */
        CHECK_STR(p.lists[1].section, "新闻排行");
        CHECK_INT(p.lists[1].n, 3);
        if (p.lists[1].n == 3) {
            CHECK_STR(p.lists[1].items[0].source, "云帆晚报"); /* 阅读 10万+ */
            CHECK_STR(p.lists[1].items[1].source, "江北日报"); /* 1.2万 */
            CHECK_STR(p.lists[1].items[2].source, "云帆网");   /* 03-02 18:40 */
        }
        CHECK_STR(p.lists[2].section, "大家都爱看");
    }
    sw_page_release(&p);

    /* With a base URL the links are absolute, relative paths included. */
    CHECK_INT(parse_file(dir, "list-counters.html", "https://www.example-yunfan.cn/rank/", &p), 0);
    CHECK(p.url == NULL); /* the base is no URL of the page's own */
    if (p.nlists == 3 && p.lists[0].n && p.lists[2].n) {
        CHECK_STR(p.lists[0].items[0].url, "https://www.example-yunfan.cn/p/6854455512");
        CHECK_STR(p.lists[2].items[0].url, "https://www.example-yunfan.cn/2026/0302/d1.html");
    }
    sw_page_release(&p);

    /* What the page says of itself wins over the caller's base: <base href>, its canonical link. */
    static const char based[] =
        "<html><head><title>要闻_云帆网</title><base href=\"https://m.example-yunfan.cn/yw/\">"
        "<link rel=canonical href=\"https://www.example-yunfan.cn/yw/\"></head><body><ul>"
        "<li><a href=\"a1.html\">江北新区地铁四号线今日开通试运营</a></li>"
        "<li><a href=\"a2.html\">老城区雨污分流改造工程完成过半</a></li>"
        "<li><a href=\"/a3.html\">市图书馆春季读书月活动正式启动</a></li></ul></body></html>";
    CHECK_INT(parse(based, "https://other.example.cn/", &p), 0);
    CHECK_STR(p.url, "https://www.example-yunfan.cn/yw/");
    if (p.nlists == 1 && p.lists[0].n == 3) {
        CHECK_STR(p.lists[0].items[0].url, "https://m.example-yunfan.cn/yw/a1.html");
        CHECK_STR(p.lists[0].items[2].url, "https://m.example-yunfan.cn/a3.html");
    }
    CHECK_INT((int)p.nlists, 1);
    sw_page_release(&p);
    const char *canon = strstr(based, "<base");
    char nobase[sizeof(based)];
    snprintf(nobase, sizeof(nobase), "%.*s%s", (int)(canon - based), based, strstr(canon, ">") + 1);
    CHECK_INT(parse(nobase, "https://other.example.cn/", &p), 0);
    if (p.nlists == 1 && p.lists[0].n == 3)
        CHECK_STR(p.lists[0].items[0].url, "https://www.example-yunfan.cn/yw/a1.html");
    sw_page_release(&p);
}

int main(int argc, char **argv) {
    CHECK(argc > 2); /* the folders of tests/html and tests/html_meta pages */
    if (argc <= 2)
        return check_done();
    test_names();
    test_counters(argv[1]);
    sw_page p;
    test_meta(argv[2]);
    CHECK_INT(parse(article, "https://news.example-linjiang.cn/2026/0202/bd.html", &p), 0);
    CHECK_STR(p.title, "江边步道全线贯通 市民周末打卡");
    CHECK_STR(p.published_at, "2026-02-02T17:58:29+08:00");
    CHECK_STR(p.source, "临江晚报");
    CHECK(p.body && strstr(p.body, "全长二十公里的江边步道今天全线贯通") != NULL);
    CHECK(p.body && strstr(p.body, "夜间照明将于下月开启") != NULL);
    CHECK(p.body && !strstr(p.body, "脚本"));
    CHECK(p.body && !strstr(p.body, "首页"));
    CHECK(p.body && !strstr(p.body, "分享到"));
    CHECK(p.body && !strstr(p.body, "网友评论"));
    CHECK_INT(p.nlists, 1);
    if (p.nlists == 1) {
        const sw_list *l = &p.lists[0];
        CHECK_STR(l->section, "相关推荐");
        CHECK_INT(l->n, 3);
        if (l->n == 3) {
            CHECK_STR(l->items[0].title, "临江大桥夜景灯光秀周末上演");
            CHECK_STR(l->items[0].url, "https://news.example-linjiang.cn/2026/0201/a.html");
            CHECK_STR(l->items[0].time, "2026-02-01T19:30:00+08:00");
            CHECK_STR(l->items[0].source, "临江晚报");
            CHECK_STR(l->items[1].url, "https://news.example-linjiang.cn/2026/0202/b.html");
            CHECK_STR(l->items[1].time, "2026-01-30");
            CHECK_STR(l->items[2].url, "https://other.example.cn/c.html");
            CHECK(l->items[2].time == NULL);
        }
    }
    sw_page_release(&p);

    /* A channel front: no article, its lists under their headings. */
    CHECK_INT(parse(channel, NULL, &p), 0);
    CHECK(p.title == NULL && p.body == NULL);
    CHECK_INT(p.nlists, 2);
    if (p.nlists == 2) {
        CHECK_STR(p.lists[0].section, "头条要闻");
        CHECK_INT(p.lists[0].n, 3);
        CHECK_STR(p.lists[1].section, "24小时热文");
        CHECK_STR(p.lists[1].items[0].time, "2026-02-02T09:00:00+08:00");
        CHECK_STR(p.lists[1].items[0].url, "/4.html"); /* no base URL: kept as written */
    }
    sw_page_release(&p);

    /* The date from the page header when no meta gives it; canonical URL taken. */
    static const char dated[] =
        "<html><head><title>新闻</title><link rel=canonical href=\"https://x.example.cn/n/1.html\">"
        "</head><body><h1>社区食堂覆盖全部街道 老人就餐更方便</h1><div>2026年2月3日 09:15 "
        "临江晚报</div>"
        "<div><p>记者走访发现，全市社区食堂已经覆盖全部街道，老人可以就近用餐，价格实惠。</p>"
        "<p>不少老人表示，饭菜合口味，比自己做饭省心多了。</p></div></body></html>";
    CHECK_INT(parse(dated, NULL, &p), 0);
    CHECK_STR(p.title, "社区食堂覆盖全部街道 老人就餐更方便");
    CHECK_STR(p.published_at, "2026-02-03T09:15:00+08:00");
    CHECK_STR(p.url, "https://x.example.cn/n/1.html");
    sw_page_release(&p);

    /* Empty and element-less input is an error; tag soup is not. */
    CHECK_INT(parse("", NULL, &p), SW_EPARSE);
    sw_page_release(&p);
    CHECK_INT(parse("<div><p>没有闭合的标签<b>粗体<i>斜体</div></span></p>", NULL, &p), 0);
    sw_page_release(&p);
    test_titles();
    test_body_boxes();
    test_first_post();
    test_whole_box();
    return check_done();
}
