/*
 * labels.h - the words a Chinese news page writes before its source and its
 * author (来源：新华社, 作者：张三), for both readers.
 *
 * One table, so that the words, what each one names and what may follow it
 * are written down once. The readers do not yet accept the same labels:
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
    const char *word;                           /* the label, e.g. "来源" */
    int is_author;                              /* names the author, not the source */
    const char *text_after[SW_LABEL_AFTER_MAX]; /* what follows it in a text page (read_text.c) */
    const char *html_after[SW_LABEL_AFTER_MAX]; /* ... in an HTML page's header (read_html.c) */
} sw_label;

/*
 * The labels in the order the readers try them (source labels first); the
 * entry with a NULL word ends the table. Each `*_after` list is tried in its
 * order and ends with NULL.
 */
extern const sw_label sw_labels[];

#endif
