/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * labels.c - the source and author labels of labels.h.
 *
 * The differences between the readers are kept as they were found: a text
 * page's meta line also takes "来源 X" with a space and "稿源：X", an HTML
 * header also takes the Traditional 來源. Making the readers agree would
 * change what some pages yield, so it is a change of its own. The author
 * labels after 作者 (撰文, 执笔, 文, the editor's) are read in HTML pages
 * only so far.
 */
#include "labels.h"

#include <stddef.h>

const sw_label sw_labels[] = {
    {"来源", 0, {"：", ":", " ", NULL}, {"：", ":", NULL}},
    {"來源", 0, {NULL}, {"：", ":", NULL}},
    {"稿源", 0, {"：", NULL}, {NULL}},
    {"作者", 1, {"：", ":", NULL}, {"：", ":", NULL}},
    {"撰文", 1, {NULL}, {"：", ":", "/", NULL}},
    {"执笔人", 1, {NULL}, {"：", ":", NULL}},
    {"执笔", 1, {NULL}, {"：", ":", NULL}},
    {"文", 1, {NULL}, {"：", "/", "／", NULL}}, /* 文/张三; not after a Han character (原文：) */
    {"责任编辑", 2, {NULL}, {"：", ":", NULL}},
    {"责编", 2, {NULL}, {"：", ":", NULL}},
    {"编辑", 2, {NULL}, {"：", ":", NULL}},
    {NULL, 0, {NULL}, {NULL}},
};

const char *const sw_byline_words[] = {"记者", "实习生", "通讯员", "本贴由", "本帖由", "by ", NULL};

const char *const sw_not_names[] = {
    "记者", "编辑", "本报", "本网", "通讯员", "实习生", "未完待续", "待续", "佚名", "不详",
    "未知", "匿名", "网友", "评论", "分享",   "转载",   "转载文章", "原创", "出自", "来源",
    "作者", "图片", "摄影", "综合", "整理",   "整合",   "网络整理", "网络", "阅读", "相关文章",
    "编译", "报道", "发表", "时间", "日期",   "admin",  NULL};
