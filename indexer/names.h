/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * names.h - headline sources and section labels cleaned of what a page
 * shows beside them: counters, times and buttons.
 *
 * A list item's source is the name of an outlet or an account (新华社,
 * 澎湃新闻); pages print a rank, a click or comment count, a time or a
 * "more" link in the same line, and since a headline is keyed by its title
 * and source, one headline would otherwise become several. A section label
 * is the list's heading; pages print the other tabs of a tab row, "更多",
 * "进入…频道" or "查看全部" beside it. Both readers (read_html.c,
 * read_text.c) clean what they found here, so the rules are written once.
 * Nothing here finds a source or a heading; the readers do.
 */
#ifndef SW_NAMES_H
#define SW_NAMES_H

#include <stddef.h>

/*
 * Cleans an item source in place: drops the words that are counters
 * (146360, 0, 10万+, 评论 25, 151评论), times and dates (03-12, 10:32,
 * 2小时前, 刚刚), separators and buttons (更多, 关注), wherever they stand,
 * and joins the words left with one space. s is a NUL-terminated UTF-8
 * string owned by the caller; it is left empty when no name remains (as in
 * "1 评论 151 赞 18"). Returns the length left.
 */
size_t sw_name_source(char *s);

/*
 * Cleans a section label in place: drops "more" and channel links (更多,
 * 更多+, 查看全部, 进入新闻频道, 换一换, 刷新), badges (HOT), counters and
 * time-span tabs (一天 三天 一周, 3天|7天); then, when what is left is a
 * tab row - several short tab names side by side (跟贴排行 点击排行) - keeps
 * the first, the tab a saved page shows open. s is owned by the caller and
 * left empty when no heading remains ("赞 0 赏 分享"). Returns the length
 * left.
 */
size_t sw_name_section(char *s);

#endif
