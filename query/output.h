/*
 * output.h - search results as text or JSON Lines.
 *
 * Text: one block per hit (rank, type, title; source, date, where; snippet),
 * highlights in ANSI bold red when colour is on, no escape codes otherwise.
 * JSON Lines: one object per hit with rank, type, id, title, source, date,
 * url, path, score, snippet, highlights (byte ranges [start, end) into
 * snippet), title_highlights; articles add featured_on, featured_lists,
 * first_seen, last_seen; headlines sections, occurrences and article_url
 * (when their link is a crawled article), and articles their story and
 * copies. `id` is the document's id within its own index.
 *
 * A story's pages (souwen-search --story): text, a block per page with how
 * it differs from the original; JSON, an object per page.
 */
#ifndef SW_OUTPUT_H
#define SW_OUTPUT_H

#include "search.h"

#include <stdio.h>

/* Writes the results; returns 0, or SW_EIO when the stream failed. */
int sw_output_text(FILE *f, const sw_results *r, int color);
/* query: the line number of the query in a --queries file, added to each hit; 0 for none. */
int sw_output_json(FILE *f, const sw_results *r, size_t query);

/* The pages of a story, from sw_searcher_story; 0 or SW_EIO. */
int sw_output_story_text(FILE *f, const sw_results *r);
int sw_output_story_json(FILE *f, const sw_results *r);

#endif
