/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_read_text.c - the text-page reader on pages written for these tests.
 */
#include "check.h"
#include "error.h"
#include "page.h"
#include "read.h"

#include <stdlib.h>

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    *len = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    return buf;
}

static int read_page(const char *dir, const char *name, sw_page *p, char **err) {
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    size_t len = 0;
    char *data = slurp(path, &len);
    CHECK(data != NULL);
    sw_page_init(p);
    int rc = data ? sw_read_text(data, len, name, p, err) : -1;
    free(data);
    return rc;
}

static const sw_list *list(const sw_page *p, const char *section) {
    for (size_t i = 0; i < p->nlists; i++)
        if (!strcmp(p->lists[i].section, section))
            return &p->lists[i];
    return NULL;
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "tests/pages";
    sw_page p;
    char *err = NULL;

    CHECK_INT(read_page(dir, "article.txt", &p, &err), 0);
    CHECK_STR(p.url, "https://news.example.cn/2026/0203/a1.html");
    CHECK_STR(p.title, "江南大学团队发布开源语言模型 推理成本下降八成");
    CHECK_STR(p.source, "示例科技日报");
    CHECK_STR(p.published_at, "2026-02-03T09:15:00+08:00");
    /* The body keeps its paragraphs and drops the share counters and the statement. */
    CHECK(p.body && !strncmp(p.body, "2月3日，江南大学", strlen("2月3日，江南大学")));
    CHECK(p.body && strstr(p.body, "特别声明") == NULL);
    CHECK(p.body && strstr(p.body, "分享至") == NULL);
    CHECK(p.body && strstr(p.body, "祁沐阳说。") != NULL);
    /* 相关推荐 and 往期回顾 are empty and dropped; a source ending in 新闻 is no heading. */
    CHECK(list(&p, "相关推荐") == NULL);
    CHECK(list(&p, "往期回顾") == NULL);
    CHECK(list(&p, "每日经济新闻") == NULL);
    const sw_list *hot = list(&p, "热点推荐");
    CHECK(hot != NULL);
    if (hot) {
        CHECK_INT(hot->n, 3); /* the author box after the last item is not an item */
        CHECK_STR(hot->items[0].title, "城市地铁新线开通 早高峰客流平稳");
        CHECK_STR(hot->items[0].source, "示例晚报");
        CHECK_STR(hot->items[0].time, "2026-02-02T18:20:05+08:00");
        CHECK_STR(hot->items[1].source, "每日经济新闻");
        CHECK_STR(hot->items[2].title, "冬季运动会开幕在即 场馆全部就绪");
        CHECK_STR(hot->items[2].source, "示例体育");
    }
    /* A heading repeated around the same bare item: one list, one item. */
    const sw_list *top = list(&p, "头条要闻");
    CHECK(top && top->n == 1 && !strcmp(top->items[0].title, "春运首日全国铁路发送旅客超千万人次"));
    CHECK(top && top->items[0].source == NULL);
    /* An item that shows no time takes the listing page's. */
    CHECK(top && top->items[0].time && !strcmp(top->items[0].time, "2026-02-03T09:15:00+08:00"));
    const sw_list *fin = list(&p, "财经要闻");
    CHECK(fin && fin->n == 1);
    sw_page_release(&p);

    /* The author box (time, name twice) gives the author; the source stays the 来源 line's. */
    CHECK_INT(read_page(dir, "article.txt", &p, &err), 0);
    CHECK_STR(p.author, "示例号作者");
    CHECK(list(&p, "每天一点科技新闻") == NULL); /* the box's motto heads no list */
    sw_page_release(&p);

    /*
     * Plain notes: the short lines under the title (a summary, a heading, a
     * news opener) are body text, not meta; a heading over a long or marked-up
     * paragraph heads no list, the paragraph stays in the body.
     */
    CHECK_INT(read_page(dir, "notes.txt", &p, &err), 0);
    CHECK_STR(p.title, "城南旧城改造调研笔记");
    const char *opener = "三个社区的走访记录与初步建议\n走访安排\n示例台消息（晚间新闻）：\n上周";
    CHECK(p.body && !strncmp(p.body, opener, strlen(opener)));
    CHECK(p.body && strstr(p.body, "\n相关资讯\n<p><strong>示例台消息</strong>") != NULL);
    CHECK(p.body && strstr(p.body, "每月公开一次进度。") != NULL);
    CHECK_INT(p.nlists, 0);
    sw_page_release(&p);

    /* An author box before the body: the time, then the name twice (once with an icon's). */
    const char *box = "开源模型在欧洲企业中普及\n2026-02-03 07:00:49\n快看张同学 incentive-icons\n"
                      "快看张同学\n报告指出，欧洲企业采用开源模型的比例持续上升。\n";
    CHECK_INT(sw_read_text(box, strlen(box), "box.txt", &p, &err), 0);
    CHECK_STR(p.author, "快看张同学");
    CHECK_STR(p.published_at, "2026-02-03T07:00:49+08:00");
    CHECK_STR(p.body, "报告指出，欧洲企业采用开源模型的比例持续上升。");
    sw_page_release(&p);
    /* Two different short lines after the time are no author box: they are body text. */
    const char *nobox = "开源模型在欧洲企业中普及\n2026-02-03 07:00:49\n欧洲观察\n企业调查\n"
                        "报告指出，欧洲企业采用开源模型的比例持续上升。\n";
    CHECK_INT(sw_read_text(nobox, strlen(nobox), "nobox.txt", &p, &err), 0);
    CHECK(p.author == NULL);
    CHECK(p.body && !strncmp(p.body, "欧洲观察\n企业调查\n", strlen("欧洲观察\n企业调查\n")));
    sw_page_release(&p);

    /* A row of short links under a heading is no headline; the headline beside it is. */
    const char *nav =
        "科技频道\n数码要闻\n涨价后没人买了 游戏机年销仅三万台\n无障碍浏览 进入关怀版\n";
    CHECK_INT(sw_read_text(nav, strlen(nav), "nav.txt", &p, &err), 0);
    CHECK(p.nlists == 1 && p.lists[0].n == 1);
    CHECK(p.nlists == 1 && !strcmp(p.lists[0].items[0].title, "涨价后没人买了 游戏机年销仅三万台"));
    sw_page_release(&p);

    /* A channel front: no article, two lists; a heading's "more" tail is not part of it. */
    CHECK_INT(read_page(dir, "channel.txt", &p, &err), 0);
    CHECK(p.title == NULL && p.body == NULL);
    CHECK_INT(p.nlists, 2);
    CHECK(list(&p, "24小时热文") && list(&p, "24小时热文")->n == 2);
    CHECK(list(&p, "热门排行") && list(&p, "热门排行")->n == 1);
    sw_page_release(&p);

    /* Bad input: a clear error naming the file and the byte. */
    CHECK_INT(read_page(dir, "bad-utf8.txt", &p, &err), SW_EPARSE);
    CHECK_STR(err, "'bad-utf8.txt' is not UTF-8 text: invalid byte at byte 7");
    sw_page_release(&p);
    CHECK_INT(read_page(dir, "nothing.txt", &p, &err), SW_EPARSE);
    CHECK_STR(err, "'nothing.txt' has neither an article nor a headline list");
    sw_page_release(&p);
    CHECK_INT(sw_read_text("a\0b", 3, "nul.txt", &p, &err), SW_EPARSE);
    CHECK_STR(err, "'nul.txt' is not UTF-8 text: NUL byte at byte 1");
    sw_page_release(&p);
    /* Only punctuation and spaces: nothing a search could find, so no page. */
    const char *punct = "，。！？……\n、、、；：“”\n\n——！！！ ... ---\n";
    CHECK_INT(sw_read_text(punct, strlen(punct), "punct.txt", &p, &err), SW_EPARSE);
    CHECK_STR(err, "'punct.txt' has no words: only punctuation, symbols or white space");
    sw_page_release(&p);
    /*
     * A transcript copied from Markdown: the heading's marks are not the title's, and a day
     * in brackets in the title is the page's date when no meta line gives one; not a day that
     * cannot be (month 13), nor a bare eight-digit number.
     */
    const char *md = "# 《晚间新闻》 (20260203)\n\n今晚的主要内容有：城市更新、春运和天气。\n";
    CHECK_INT(sw_read_text(md, strlen(md), "md.txt", &p, &err), 0);
    CHECK_STR(p.title, "《晚间新闻》 (20260203)");
    CHECK_STR(p.published_at, "2026-02-03");
    sw_page_release(&p);
    const char *bad = "## 会议纪要 （20261332）\n\n第一项议程讨论了明年的预算安排。\n";
    CHECK_INT(sw_read_text(bad, strlen(bad), "bad.txt", &p, &err), 0);
    CHECK_STR(p.title, "会议纪要 （20261332）");
    CHECK(p.published_at == NULL);
    sw_page_release(&p);
    /* A short line under the title with a date inside it is body, not the page's time. */
    const char *digest = "# 《晚间新闻》 (20260203)\n本期主要内容：\n1.2026年3月1日起新规实施；\n"
                         "新规涉及快递包装和外卖餐具的回收。\n";
    CHECK_INT(sw_read_text(digest, strlen(digest), "digest.txt", &p, &err), 0);
    CHECK_STR(p.published_at, "2026-02-03");
    CHECK(p.body && strstr(p.body, "1.2026年3月1日起新规实施；"));
    sw_page_release(&p);
    const char *bare = "订单 20260203 已发货\n\n包裹预计三天内送达，请保持电话畅通。\n";
    CHECK_INT(sw_read_text(bare, strlen(bare), "bare.txt", &p, &err), 0);
    CHECK(p.published_at == NULL);
    sw_page_release(&p);
    /* One digit is a word (full-width forms too): the page is read as usual. */
    const char *one = "——\n——２——。\n";
    CHECK_INT(sw_read_text(one, strlen(one), "one.txt", &p, &err), 0);
    sw_page_release(&p);
    free(err);
    return check_done();
}
