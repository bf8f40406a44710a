/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * index.h - the Xapian index, in souwen's own C terms.
 *
 * The index holds one document per article and one per headline, derived
 * from the store's sw_doc records; its terms, prefixes and value slots are
 * documented in schema/TERMS.md and at the top of index.c. Query trees are
 * built here from normalized terms (the query tool segments and normalizes
 * first); Xapian's QueryParser is never used.
 */
#ifndef SW_INDEX_H
#define SW_INDEX_H

#include "doc.h"
#include "schema.h"
#include "segment.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sw_index sw_index;
typedef struct sw_query sw_query;

/* Term prefixes (see schema/TERMS.md). */
#define SW_PREFIX_TITLE "S"
#define SW_PREFIX_SOURCE "A"
#define SW_PREFIX_SECTION "K"
#define SW_PREFIX_TYPE "T"
#define SW_PREFIX_PAIR "XB"       /* pairs of Chinese characters, free text */
#define SW_PREFIX_TITLE_PAIR "XC" /* pairs of Chinese characters, title */
#define SW_PREFIX_HOST "H"
#define SW_PREFIX_URL "U"
#define SW_PREFIX_DAY "D"      /* YYYYMMDD, the day in UTC+08:00 */
#define SW_PREFIX_MONTH "M"    /* YYYYMM */
#define SW_PREFIX_YEAR "Y"     /* YYYY */
#define SW_PREFIX_ID "Q"       /* Q<type><id>: a document's unique id term (sw_index_id_term) */
#define SW_PREFIX_STORY "XS"   /* XS<story key>: an article's story (stories.key) */
#define SW_PREFIX_AUTHOR "XA"  /* an article's author words (author:) */
#define SW_PREFIX_CHANGED "XV" /* XVyes / XVno: an article's page had more than one text */
#define SW_PREFIX_GONE "XG"    /* XGyes / XGno: its page's latest capture was a 404 or 410 */
#define SW_TERM_LINKED "XL"    /* a headline whose link is a crawled article (boolean) */

/* Bytes enough for any id term and its NUL: Q, the type letter, an int64 in decimal. */
#define SW_ID_TERM_MAX 24

/* Xapian metadata key holding the schema version the index was written with. */
#define SW_INDEX_SCHEMA_KEY "souwen_schema"

enum {
    SW_INDEX_WRITE = 1,      /* open for writing, creating the database when missing */
    SW_INDEX_ANY_VERSION = 2 /* do not refuse another schema version (for --upgrade) */
};

/*
 * Opens the Xapian database in `dir` (flags: SW_INDEX_*; 0 is read-only). The
 * database records its schema version under SW_INDEX_SCHEMA_KEY: a writable
 * open records SW_SCHEMA_VERSION when the key is unset (a new index), and an
 * index of another version is refused with a message naming both, unless
 * SW_INDEX_ANY_VERSION is given. A read-only open accepts an unset key.
 */
int sw_index_open(const char *dir, int flags, sw_index **out, char **errmsg);
void sw_index_close(sw_index *x);

/*
 * Opens specs[0..n) read-only as one index, ranked together (Xapian's
 * multi-database): each a Xapian database folder, a stub file, or
 * tcp://HOST:PORT (a database served by xapian-tcpsrv). Versions are
 * checked as for sw_index_open.
 */
int sw_index_open_many(const char *const *specs, size_t n, sw_index **out, char **errmsg);

/* Opens every shard of the index folder `dir` (shards.h) read-only, as one index. */
int sw_index_open_folder(const char *dir, sw_index **out, char **errmsg);

/* The schema version the index records, 0 when none (*version). */
int sw_index_schema(sw_index *x, int *version, char **errmsg);
/* Records schema `version` and commits (writable index). */
int sw_index_set_schema(sw_index *x, int version, char **errmsg);

/*
 * Xapian's structural check of the closed (or not being written) database in
 * `dir`: *errors receives the number of inconsistencies it found.
 */
int sw_index_check(const char *dir, uint64_t *errors, char **errmsg);

/*
 * The ids of every document of `type` ('a' or 'h') in the index, from its
 * unique id terms Q<type><id>: a malloc'd array the caller frees, sorted
 * ascending, in *ids[0..*n).
 */
int sw_index_ids(sw_index *x, char type, int64_t **ids, size_t *n, char **errmsg);

/*
 * Writes the unique id term of document (type, id), Q<type><id> with the id in decimal
 * ("Qa42"), NUL-terminated into out, and returns its length. The index replaces and deletes
 * documents by this term; a probe for one document filters on it.
 */
size_t sw_index_id_term(char out[SW_ID_TERM_MAX], char type, int64_t id);

/* The version of Xapian loaded at run time ("1.4.22"): a static string. */
const char *sw_index_xapian_version(void);
/* Where a writable index spent its time, in seconds. */
typedef struct sw_index_times {
    double build;  /* segmenting fields and building documents (ICU, terms) */
    double write;  /* handing documents to Xapian's writer */
    double commit; /* Xapian commits */
} sw_index_times;

const sw_index_times *sw_index_times_get(const sw_index *x);

/* Writes (adds or replaces) the document for `d`, segmenting its fields with `seg`. */
int sw_index_put(sw_index *x, sw_segmenter *seg, const sw_doc *d, char **errmsg);
/*
 * Merges the Xapian databases srcs[0..n) into a new compacted database
 * `dst` (what xapian-compact does).
 */
int sw_index_compact(const char *const *srcs, size_t n, const char *dst, char **errmsg);

/*
 * Rewrites what article document d says of its page's captures in place: its data (their
 * number, first and last time) and values 6 and 7 (seen:), its terms untouched (the store
 * writes the document whole when changed: or gone: turns). The cheap write of a capture that
 * brought no new text. SW_ENOTFOUND when the document is not in this shard (then
 * sw_index_put it), else 0 or an error.
 */
int sw_index_patch(sw_index *x, const sw_doc *d, char **errmsg);
/*
 * n documents of this shard are about to be patched: when they are a sixteenth of it or more,
 * the docids of all its documents are read in one scan of a value, and the patches until the
 * next commit find theirs there instead of looking each up (a re-crawl patches every
 * document: the look-ups were a sixth of its time). *mapped (may be NULL): the docids read.
 */
int sw_index_expect_patches(sw_index *x, size_t n, size_t *mapped, char **errmsg);
/* ...and not past this many documents in the shard: the map holds about 100 bytes a document
 * until the commit, and a larger shard's patches look theirs up. */
#define SW_INDEX_MAP_MAX 500000

/* Deletes the document for (type, id); a missing one is not an error. */
int sw_index_delete(sw_index *x, char type, int64_t id, char **errmsg);
int sw_index_commit(sw_index *x, char **errmsg);
int sw_index_count(sw_index *x, uint64_t *n, char **errmsg);

enum { SW_Q_AND, SW_Q_OR, SW_Q_AND_MAYBE, SW_Q_PHRASE, SW_Q_FILTER, SW_Q_AND_NOT };

/* A query for prefix+term (prefix may be ""); NULL when out of memory. */
sw_query *sw_query_term(const char *prefix, const char *term, size_t len);
/*
 * Combines subs[0..n) with op; the subs stay owned by the caller (free them
 * when done). NULL when out of memory. SW_Q_PHRASE demands the terms
 * adjacent and in order.
 */
sw_query *sw_query_op(int op, sw_query *const *subs, size_t n);
void sw_query_free(sw_query *q);
/* Xapian's text form of the query, malloc'd (the caller frees it): for the unit tests. */
char *sw_query_describe(const sw_query *q);
/*
 * A copy of q for another thread: it shares no part with q, whose parts Xapian counts without a
 * lock. NULL when out of memory.
 */
sw_query *sw_query_clone(const sw_query *q);
/* q with its weights multiplied by factor; q stays owned by the caller. */
sw_query *sw_query_scale(const sw_query *q, double factor);
/*
 * Documents dated within [lo, hi] (unix seconds; INT64_MIN / INT64_MAX for open ends): whole
 * days of UTC+08:00 as the OR of the fewest year, month and day terms that cover them, else
 * (an open end, a bound inside a day) a range over the date value.
 */
sw_query *sw_query_date_range(int64_t lo, int64_t hi);

/*
 * Articles whose page was known between unix times lo and hi, on whole days of UTC+08:00
 * (seen:): first captured on or before hi's day and last captured on or after lo's, by the
 * values of its first and latest capture day; INT64_MIN / INT64_MAX for an open end.
 */
sw_query *sw_query_seen_range(int64_t lo, int64_t hi);
/* Documents with any term prefix+s* (s truncated as index.c truncates URLs). */
sw_query *sw_query_prefix(const char *prefix, const char *s, size_t len);
/*
 * The AND of the character pairs of s (normalized Chinese characters only,
 * at least two), each pair as a pair term (prefix: SW_PREFIX_PAIR or
 * SW_PREFIX_TITLE_PAIR) or as a two-character word (word_prefix: "" or
 * SW_PREFIX_TITLE): exact for two characters, a superset of the exact
 * string for more (pairs have no positions). NULL when s is not such a run
 * or out of memory.
 */
sw_query *sw_query_pairs(const char *prefix, const char *word_prefix, const char *s, size_t len);
/* How many documents hold the term (0 when unknown: a remote server that fails). */
uint64_t sw_index_termfreq(sw_index *x, const char *term, size_t len);
/* log((N + 1) / (termfreq + 0.5)): how rare a term is in the index. */
double sw_index_idf(sw_index *x, const char *term, size_t len);

typedef struct sw_hit {
    sw_doc doc;     /* the document as written (owned: sw_doc_release each) */
    double score;   /* BM25 weight */
    uint64_t words; /* sw_index_story_copies: sw_index_words of the copy */
    size_t spec;    /* which of sw_index_open_many's specs holds it (else 0) */
    uint32_t docid; /* the document in the databases searched (sw_index_read_doc) */
    int later;      /* SW_SEARCH_LATER: its document is still to read (doc.type is 0 until then) */
} sw_hit;

#define SW_SEARCH_BY_DATE 1  /* newest first, instead of by relevance */
#define SW_SEARCH_BY_STORY 2 /* one hit per story: its best-ranked article */
#define SW_SEARCH_LATER 4    /* a local hit's document is read by sw_index_read_hit */

/*
 * Runs q and fills hits[0..*n) with at most `limit` hits from rank `offset`,
 * by relevance (equal weights in the order of the documents' keys) or
 * (SW_SEARCH_BY_DATE in `how`) newest first, one per story with
 * SW_SEARCH_BY_STORY; *estimated receives the estimated number of matches. With
 * SW_SEARCH_LATER, the hits of a local index come without their documents (hits[i].later set):
 * sw_index_read_hit reads each, maybe on another thread with its own handle.
 */
int sw_index_search(sw_index *x, const sw_query *q, int how, size_t offset, size_t limit,
                    sw_hit *hits, size_t *n, uint64_t *estimated, char **errmsg);

/*
 * Reads the document of a hit of SW_SEARCH_LATER into h->doc (nothing when it has it): 0,
 * SW_ENOTFOUND when it has left this handle's revision of the index (no message), else an
 * error. x holds the same databases as the handle that searched, in the same order.
 */
int sw_index_read_hit(sw_index *x, sw_hit *h, char **errmsg);

/*
 * Reads document `docid` of the databases x holds (a hit's, as searched by this handle) into
 * *d: 0, SW_ENOTFOUND when it has left the index (no message), else an error.
 */
int sw_index_read_doc(sw_index *x, uint32_t docid, sw_doc *d, char **errmsg);

/* A hash of the words a document is searched by (title, source, text): equal, the same words. */
uint64_t sw_index_words(const sw_doc *d);

/*
 * The pages of story `story` (at most max), from their copy cards alone (no text read): each
 * h[i].doc holds type, id, date, fetched, saved, and as its source the copy's name (its
 * source, else its site), and h[i].words the hash of its words. Release each h[i].doc.
 */
int sw_index_story_copies(sw_index *x, const char *story, size_t max, sw_hit *h, size_t *n,
                          char **errmsg);

/*
 * A distinct kind of match for counting (value 4): documents alike in all of these are one
 * row, with their number. Strings are "" when absent; they last until the function returns.
 */
typedef struct sw_tally {
    char type;            /* 'a' or 'h' */
    const char *story;    /* the story key; "" for a headline (a story of its own) */
    const char *day;      /* yyyymmdd in UTC+08:00, as date: takes it */
    const char *source;   /* as the page gives it */
    const char *site;     /* the URL's host, lowercased (as url: takes it) */
    const char *sections; /* a headline's sections, '\n'-joined */
    const char *author;   /* an article's author */
    uint64_t count;       /* matching documents */
} sw_tally;

/* Called once per row; a non-zero return stops the count and is returned (message set). */
typedef int (*sw_tally_fn)(void *ctx, const sw_tally *row);

/*
 * Every match of q, counted by the rows above (exact: every match is checked, over every
 * shard and xapian-tcpsrv); *matches is their number.
 */
int sw_index_tally(sw_index *x, const sw_query *q, sw_tally_fn fn, void *ctx, uint64_t *matches,
                   char **errmsg);

/*
 * The matches of q: *pages of them, and the *stories they belong to (a headline, or an
 * article without a story, is a story of its own). Exact, as sw_index_tally, reading the
 * story value alone.
 */
int sw_index_count_stories(sw_index *x, const sw_query *q, uint64_t *stories, uint64_t *pages,
                           char **errmsg);

/* Called with each match (h->doc is released after); non-zero stops and is returned. */
typedef int (*sw_stream_fn)(void *ctx, sw_hit *h);

/*
 * Every match of q in index order, with its BM25 weight as h->score, one document in memory
 * at a time (the match list waits in a temporary file). Local indexes only: SW_EUSAGE over
 * xapian-tcpsrv.
 */
int sw_index_stream(sw_index *x, const sw_query *q, sw_stream_fn fn, void *ctx, char **errmsg);

#endif
