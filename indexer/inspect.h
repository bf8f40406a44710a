/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inspect.h - what souwen-index --show and --stats print.
 *
 * Both only read: --show parses a file the way indexing does (or loads a
 * page from the store, for a URL) and prints it as JSON; --stats prints the
 * store's counts, the charsets pages were read in and the index size.
 */
#ifndef SW_INSPECT_H
#define SW_INSPECT_H

#include <stdio.h>

/*
 * Prints, as one JSON object per line, what souwen takes from `what`: an
 * existing file is parsed afresh (a WARC file gives one line per HTML
 * record; bad records are reported through `error`); anything else is
 * looked up in the index folder `dir` by URL, key or path. With `at` (a
 * capture time, or NULL), `what` is always looked up, and the line holds
 * the lists the page showed at its latest capture not after `at`
 * (sw_store_load_page_at: "captured_at" and "status" name that capture).
 * `base_url` (or NULL) resolves the links of a page file with no URL of its
 * own (a WARC record has one; see sw_read_html). Returns 0, SW_ENOTFOUND,
 * SW_EUSAGE (no capture that early), or an error; per-record problems count
 * in *failed.
 */
int sw_inspect_show(const char *dir, const char *what, const char *at, const char *base_url,
                    FILE *out, void (*error)(void *ctx, const char *msg), void *ctx, int *failed,
                    char **errmsg);

/*
 * Prints the captures of the page whose URL, key or path is `what` in the index folder `dir`,
 * oldest first: one JSON object a line (fetched_at, status, change: new, unchanged, changed,
 * gone or back; title; for a changed text title_was when the title changed, and the
 * paragraphs removed and added), or with `text` the same as a readable diff. SW_ENOTFOUND
 * when the index has no such page.
 */
int sw_inspect_history(const char *dir, const char *what, int text, FILE *out, char **errmsg);

/* Prints the counts of the index folder `dir` as "name: value" lines (or one JSON object). */
int sw_inspect_stats(const char *dir, int json, FILE *out, char **errmsg);

#endif
