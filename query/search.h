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
    size_t snippet_chars; /* snippet window in characters */
} sw_search_opts;

typedef struct sw_result {
    int rank;           /* 1-based, counting the offset */
    double score;       /* BM25 weight */
    sw_doc doc;         /* the document as indexed (owned), with its headline links */
    sw_snippet snippet; /* body window (articles) or the whole headline */
    sw_snippet title;   /* the title with its highlights */
    int partial;        /* a partial match: not every required word matched */
    char **missing;     /* partial: the query words (as typed) the document lacks, owned */
    size_t nmissing;
} sw_result;

typedef struct sw_results {
    sw_result *r;       /* hits in rank order, owned */
    size_t n;           /* hits */
    uint64_t estimated; /* estimated number of matches in all (exact when fewer than asked) */
} sw_results;

#define SW_SEARCH_MAX_DBS 256 /* Xapian databases one search opens, shards counted */

/*
 * Opens dbs[0..n) read-only as one index: each an index folder (all its
 * shards) or tcp://HOST:PORT (a database served by xapian-tcpsrv).
 */
int sw_searcher_open(const char *const *dbs, size_t n, sw_searcher **out, char **errmsg);
void sw_searcher_close(sw_searcher *s);

/* Runs the query; *out is released with sw_results_release. */
int sw_searcher_run(sw_searcher *s, const sw_qparsed *q, const sw_search_opts *o, sw_results *out,
                    char **errmsg);
void sw_results_release(sw_results *r);

#endif
