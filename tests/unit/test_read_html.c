/*
 * test_read_html.c - the HTML reader (indexer/read_html.c) on pages written here.
 */
#include "buf.h"
#include "check.h"
#include "error.h"
#include "page.h"
#include "read.h"

#include <stdlib.h>

static int parse(const char *html, const char *url, sw_page *p) {
    char *err = NULL;
    sw_page_init(p);
    int rc = sw_read_html(html, strlen(html), url, "t.html", p, &err);
    free(err);
    return rc;
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

int main(void) {
    sw_page p;
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
