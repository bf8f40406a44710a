/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * labels.h - the words a Chinese news page writes before its source and its
 * author (来源：新华社, 作者：张三), for both readers.
 *
 * One table, so that the words, what each one names and what may follow it
 * are written down once, with the words that stand before a reporter's
 * name (本报记者 X) and those that are never a name. The readers do not yet
 * accept the same labels:
 * each entry says what follows the word in a text page's meta line and in
 * an HTML page's header, and an empty list means that reader does not read
 * the label. What a label's value is (up to a space, a separator, a length)
 * stays with each reader, since a meta line and an HTML header end a value
 * differently.
 */
#ifndef SW_LABELS_H
#define SW_LABELS_H

#define SW_LABEL_AFTER_MAX 4 /* separators per reader, the NULL that ends them included */

typedef struct sw_label {
    const char *word; /* the label, e.g. "来源" */
    int is_author;    /* 0: names the source; 1: the author; 2: an editor (责任编辑), the
                         author only when the page names no other */
    const char *text_after[SW_LABEL_AFTER_MAX]; /* what follows it in a text page (read_text.c) */
    const char *html_after[SW_LABEL_AFTER_MAX]; /* ... in an HTML page's header (read_html.c) */
} sw_label;

/*
 * The labels in the order the readers try them (source labels first); the
 * entry with a NULL word ends the table. Each `*_after` list is tried in its
 * order and ends with NULL.
 */
extern const sw_label sw_labels[];

/*
 * Words written just before a byline's names (新京报记者 彭冲, 本报实习生
 * 刘国栋, a forum's 本贴由大卫于 and "by duscha"), NULL-terminated: the
 * names follow, after spaces or none.
 */
extern const char *const sw_byline_words[];

/*
 * Words that may stand where a name does but never name a person or an
 * account (佚名, 未完待续, 转载, 评论 ...), NULL-terminated: a reader that
 * finds one after a label takes no name from it.
 */
extern const char *const sw_not_names[];

#endif
