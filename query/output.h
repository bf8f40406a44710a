/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * output.h - search results as text or JSON Lines.
 *
 * Text: one block per hit (rank, type, title; source, date, where; snippet),
 * highlights in ANSI bold red when colour is on, no escape codes otherwise.
 * JSON Lines: one object per hit with rank, type, id, title, source, date,
 * url, path, score, snippet, highlights (byte ranges [start, end) into
 * snippet), title_highlights, and the same ranges in characters (code
 * points), highlights_chars and title_highlights_chars; articles add featured_on, featured_lists,
 * first_seen, last_seen; headlines sections, occurrences and article_url
 * (when their link is a crawled article), and articles their story and
 * copies. `id` is the document's id within its own index; with several
 * indexes, `db` names that index as given. With --queries, "query" (the line
 * number) and "query_text" come first.
 *
 * A story's pages (souwen-search --story): text, a block per page with how
 * it differs from the original; JSON, an object per page.
 */
#ifndef SW_OUTPUT_H
#define SW_OUTPUT_H

#include "search.h"

#include <stdio.h>

/* What JSON and table output add to each hit: its query and its index. */
typedef struct sw_output_ctx {
    size_t query;           /* the query's line in a --queries file ("query"), 0 for none */
    const char *query_text; /* that line's query as run ("query_text"), or NULL */
    const char *const *dbs; /* the indexes searched, as given (sw_searcher_open's dbs) */
    size_t ndbs;            /* more than one: each hit names its own ("db": dbs[r->db]) */
} sw_output_ctx;

/* Writes the results; returns 0, or SW_EIO when the stream failed. */
int sw_output_text(FILE *f, const sw_results *r, int color);
int sw_output_json(FILE *f, const sw_results *r, const sw_output_ctx *cx);

/* The pages of a story, from sw_searcher_story; 0 or SW_EIO. */
int sw_output_story_text(FILE *f, const sw_results *r);
/* cx: each page names its index ("db") when several were searched; query is not read. */
int sw_output_story_json(FILE *f, const sw_results *r, const sw_output_ctx *cx);

enum { SW_FORMAT_TEXT, SW_FORMAT_JSONL, SW_FORMAT_CSV, SW_FORMAT_TSV };

/*
 * Hits as a table: sep ',' CSV (RFC 4180: CRLF, quoted as needed), '\t' TSV (tabs and line
 * ends in a field become spaces). Columns: rank, type, story, copies, title, source, author,
 * site, date, url, path, score, snippet (plain); with a query number (cx->query, --queries), a
 * first column "query". The columns are the same however many indexes are searched (a script
 * reads them by position): no "db". 0 or SW_EIO.
 */
int sw_output_table_header(FILE *f, int sep, int with_query);
int sw_output_table(FILE *f, const sw_results *r, int sep, const sw_output_ctx *cx);

/*
 * "N stories (M pages)": the line heading a text search's hits; partial_follow adds that they
 * hold every word and partial matches follow.
 */
void sw_output_total(FILE *f, const sw_counts *c, int partial_follow);
/*
 * The header row of counts as CSV (sep ',') or TSV: "count", or with facets
 * "facet,value,count"; with_query (--queries): "query" first.
 */
int sw_output_counts_header(FILE *f, int sep, int facets, int with_query);
/*
 * --count: N alone on a line; JSON Lines {"count": N}; CSV and TSV a row: N, or "total,,N"
 * in the facets' table (`facets`). query: the line of --queries, added to each (0: none).
 */
int sw_output_count(FILE *f, uint64_t n, int format, int facets, size_t query);
/*
 * --facet: text VALUE<TAB>COUNT lines ("(none)" for matches without a value), each facet
 * headed "# FIELD" when there are several; with cols > 0 (a terminal that wide), date facets
 * as a bar chart. JSON Lines {"facet", "value", "count"}; CSV and TSV facet,value,count. The
 * count is of stories, or of pages when by_pages. query: as sw_output_count (JSON "query",
 * CSV and TSV a first column); the table's header is sw_output_counts_header's.
 */
int sw_output_facets(FILE *f, const sw_facet_count *facets, size_t nfacets, int format,
                     int by_pages, int cols, size_t query);

#endif
