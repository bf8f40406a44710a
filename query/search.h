/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * search.h - a query against one souwen index: hits with their text and snippets.
 *
 * The searcher opens the Xapian databases once, read-only (every shard of
 * each index folder, and shards served by xapian-tcpsrv, ranked as one),
 * segments and normalizes the query words with the indexer's segmenter,
 * builds the Xapian query, and takes the text of the shown hits only from
 * their Xapian documents: SQLite is not read at search time.
 *
 * Query semantics (the language is in parse.h): every word must match
 * (opts.any: any word). Within a word typed without spaces, the words the
 * segmenter keeps whole are matched each on its own (each also wherever its
 * characters stand together, through the character pairs, at PAIR_WEIGHT),
 * and a word it cut into pieces (马|斯克) only where its characters stand
 * together (the OR of the PHRASE of every cut of it into words the index
 * holds); documents where all the tokens stand together rank higher. When
 * fewer strict hits than asked for exist (and not opts.strict), the partial
 * query fills the page: its implicit ANDs made ORs, ranked by BM25, less
 * the strict hits; each partial hit carries
 * the words it lacks, and candidates that hold every word after all (the
 * page's cut ran across a word's ends) are shown as hits before them.
 */
#ifndef SW_SEARCH_H
#define SW_SEARCH_H

#include "count.h"
#include "doc.h"
#include "index.h"
#include "parse.h"
#include "snippet.h"

#include <stdint.h>

typedef struct sw_searcher sw_searcher;

typedef struct sw_search_opts {
    size_t offset;        /* hits to skip */
    size_t limit;         /* hits to return */
    int any;              /* match any word instead of all */
    int strict;           /* no partial matches after the strict ones */
    char type;            /* 0 for both, 'a' articles only, 'h' headlines only */
    int by_date;          /* newest first instead of by relevance */
    int all_copies;       /* every page of a story, instead of the story once */
    size_t snippet_chars; /* snippet window in characters */
} sw_search_opts;

typedef struct sw_result {
    int rank;           /* 1-based, counting the offset */
    double score;       /* BM25 weight */
    sw_doc doc;         /* the document as indexed (owned), with its headline links */
    size_t db;          /* which of the dbs given to sw_searcher_open holds it */
    sw_snippet snippet; /* body window (articles) or the whole headline */
    sw_snippet title;   /* the title with its highlights */
    int partial;        /* a partial match: not every required word matched */
    char **missing;     /* partial: the query words (as typed) the document lacks, owned */
    size_t nmissing;
    int64_t copies; /* article: pages in its story, itself included (1: no reprint) */
    /* sw_searcher_story only: how this copy differs from the story's original (rank 1). */
    int title_differs; /* its title is not the original's (folded) */
    char **added;      /* its paragraphs the original lacks, owned */
    size_t nadded;
    char **dropped; /* the original's paragraphs it lacks, owned */
    size_t ndropped;
    char *copy_names;   /* the other copies' sources (else sites), ", "-joined, in date
                           order, at most SW_COPY_NAMES of them; owned, NULL when none */
    int copy_names_cut; /* copies_names leaves out some names (too many, or copies not read) */
} sw_result;

typedef struct sw_results {
    sw_result *r;       /* hits in rank order, owned */
    size_t n;           /* hits */
    uint64_t estimated; /* estimated number of matches in all (exact when fewer than asked) */
} sw_results;

#define SW_SEARCH_MAX_DBS 256 /* Xapian databases one search opens, shards counted */
#define SW_COPY_NAMES 8       /* copies named on a hit */

/*
 * Opens dbs[0..n) read-only as one index: each an index folder (all its
 * shards) or tcp://HOST:PORT (a database served by xapian-tcpsrv).
 */
int sw_searcher_open(const char *const *dbs, size_t n, sw_searcher **out, char **errmsg);
void sw_searcher_close(sw_searcher *s);

/*
 * Starts a second thread with its own handle on the same databases (Xapian's and ICU's objects
 * serve one thread each), which resolves half of each page of hits with sw_searcher_run: their
 * stories and snippets. It opens while the first queries run, which do their hits alone until
 * then. 1 when started; 0 when this process may use one CPU only, or no thread could start.
 * The hits are the same either way.
 */
int sw_searcher_share(sw_searcher *s);

/* Runs the query; *out is released with sw_results_release. */
int sw_searcher_run(sw_searcher *s, const sw_qparsed *q, const sw_search_opts *o, sw_results *out,
                    char **errmsg);
void sw_results_release(sw_results *r);

/*
 * Counts the matches of the query (the strict query: partial matches are not counted): stories
 * and pages in all, and by each of fields[0..nfields) (count.h), facet rows sorted by stories,
 * or by pages with o->all_copies. Exact, over every shard and xapian-tcpsrv. A headline whose
 * link is a crawled article is left out (unless o->type asks for headlines), with
 * o->all_copies too: pages and stories are counted over the same documents.
 */
int sw_searcher_count(sw_searcher *s, const sw_qparsed *q, const sw_search_opts *o,
                      const int *fields, size_t nfields, sw_counts *out, char **errmsg);

/* Called with each hit of sw_searcher_all (released after); non-zero stops and is returned. */
typedef int (*sw_result_fn)(void *ctx, const sw_result *r, char **errmsg);

/*
 * Every hit of the query, in the index's own order (Xapian's document ids: neither ranked nor
 * dated), one at a time: the strict matches (those sw_searcher_count counts), each story once
 * as its original unless o->all_copies; rank counts them from 1, score is the BM25 weight.
 * o->offset, limit and by_date are not read. Local indexes only (SW_EUSAGE over
 * xapian-tcpsrv).
 */
int sw_searcher_all(sw_searcher *s, const sw_qparsed *q, const sw_search_opts *o, sw_result_fn fn,
                    void *ctx, char **errmsg);

/* Frees what one result owns and zeroes it. */
void sw_result_release(sw_result *r);

#define SW_STORY_MAX_LIST 1000 /* pages sw_searcher_story lists at most */

/*
 * The pages of the story whose key is `key` (as hits show it), earliest first (published
 * first, undated last, then recorded first), at most SW_STORY_MAX_LIST; out->estimated is the
 * story's number of pages. Each result after the first says how it differs from the first, the
 * original. No snippets. SW_ENOTFOUND when no page has that story.
 */
int sw_searcher_story(sw_searcher *s, const char *key, sw_results *out, char **errmsg);

#endif
