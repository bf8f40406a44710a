/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store_story.h - stories in the store: which story an article joins (private to core's store).
 *
 * A story is a row of `stories`; each article belongs to one (articles.story). When an article
 * is written, its text's signature (story.h) is compared with the articles that share its
 * exact hash or one of its band keys, and the article joins the story of the best match, or
 * begins a story of its own. Nothing is re-clustered: an article keeps its story until its page
 * changes, so the stories depend only on the order pages were recorded in, which --rebuild and
 * --upgrade keep.
 *
 * Works on a bare connection (sqlite3 *) so that the store and its migrations share it; the
 * caller owns the transaction.
 */
#ifndef SW_STORE_STORY_H
#define SW_STORE_STORY_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sw_storyer sw_storyer;

/* Prepares the statements on db (which has the story tables). 0, or SW_ESTORE / SW_ENOMEM. */
int sw_storyer_open(sqlite3 *db, const char *path, sw_storyer **out, char **errmsg);
void sw_storyer_close(sw_storyer *c);

/*
 * Signs article `article`'s text[0..len), published at `published_at` (ISO 8601, or NULL),
 * records its signature and bands, and sets its articles.story: the story of the best matching
 * earlier article, else a new story. A near-duplicate published more than a month before or
 * after is another story (a yearly announcement in the same words); an exact copy is not. *story
 * (when not NULL) receives it.
 */
int sw_storyer_assign(sw_storyer *c, int64_t article, const char *text, size_t len,
                      const char *published_at, int64_t *story, char **errmsg);

/* Forgets article `article`'s signature and bands (before the article row goes). */
int sw_storyer_forget(sw_storyer *c, int64_t article, char **errmsg);

#endif
