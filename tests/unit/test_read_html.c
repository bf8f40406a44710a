/*
 * test_read_html.c - the HTML reader (indexer/read_html.c) on pages written here.
 */
#include "check.h"
#include "error.h"
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

/* Reads tests/html_meta/<name> from dir and parses it into p; -1 when it cannot be read. */
static int parse_file(const char *dir, const char *name, sw_page *p) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "unable to open '%s'\n", path);
        sw_page_init(p);
        return -1;
    }
    static char data[1 << 16];
    size_t n = fread(data, 1, sizeof(data) - 1, f);
    fclose(f);
    data[n] = '\0';
    return parse(data, NULL, p);
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
        CHECK_INT(
            cases[i].file ? parse_file(dir, cases[i].file, &p) : parse(cases[i].html, NULL, &p), 0);
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

int main(int argc, char **argv) {
    sw_page p;
    CHECK(argc > 1); /* the folder of tests/html_meta pages */
    if (argc > 1)
        test_meta(argv[1]);
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
    return check_done();
}
