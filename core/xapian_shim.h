/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xapian_shim.h - the C face of libxapian; the only door to C++ in souwen.
 *
 * Every function catches Xapian::Error and std::exception and returns a
 * negative SW_E* code with a malloc'd message in *err (when err is not NULL);
 * nothing C++ crosses into C. Only core/index.c includes this header (and
 * bench/floors.c, which measures raw Xapian): the build defines
 * SW_XAPIAN_SHIM_DOOR for those files alone, and any other file that
 * includes it fails to compile.
 * Objects are opaque and owned by whoever created them (free with the
 * matching _free/_close, all NULL-safe).
 */
#ifndef SW_XAPIAN_SHIM_H
#define SW_XAPIAN_SHIM_H

#ifndef SW_XAPIAN_SHIM_DOOR
#error "xapian_shim.h is private to core/index.c: include index.h instead"
#endif

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xs_db xs_db;
typedef struct xs_doc xs_doc;
typedef struct xs_query xs_query;

/* Opens (writable: creating) the database in folder `path`. */
int xs_db_open(const char *path, int writable, xs_db **out, char **err);
void xs_db_close(xs_db *db);
/*
 * Opens specs[0..n) read-only as one database (Xapian's multi-database: one ranking over all).
 * A spec is a database folder, a Xapian stub file listing several, or tcp://HOST:PORT for a
 * database served by xapian-tcpsrv.
 */
int xs_db_open_many(const char *const *specs, size_t n, xs_db **out, char **err);
/* Merges the databases srcs[0..n) into a new compacted database `dst` (xapian-compact). */
int xs_db_compact(const char *const *srcs, size_t n, const char *dst, char **err);
/* Commits pending changes of a writable database. */
int xs_db_commit(xs_db *db, char **err);
/*
 * Reads every document's id term from value `slot` (where each holds its own) into a map that
 * xs_db_patch uses until the next commit: worth it when a good share of the documents are to
 * be patched (*mapped: how many). Replacing or deleting a document drops it from the map.
 */
int xs_db_map_ids(xs_db *db, unsigned slot, size_t *mapped, char **err);
/* Adds or replaces the document whose unique id term is `idterm`. */
int xs_db_replace(xs_db *db, const char *idterm, xs_doc *doc, char **err);
/*
 * Changes the values of the document with `idterm` in place: they become those of
 * slots[0..nslots) (values[i], lens[i] bytes; an empty one: none), and the values in
 * keep[0..nkeep) stay as they are (each read alone). No other value is read, and its terms
 * and data stay untouched. SW_ENOTFOUND when no document has idterm.
 */
int xs_db_patch(xs_db *db, const char *idterm, const unsigned *slots, const char *const *values,
                const size_t *lens, size_t nslots, const unsigned *keep, size_t nkeep, char **err);
/* Deletes the document whose unique id term is `idterm` (absent: no-op). */
int xs_db_delete(xs_db *db, const char *idterm, char **err);
/* Every hit's data is followed by the bytes of its document's value in `slot` (-1: none). */
void xs_set_hit_card(int slot);
/*
 * Xapian's own structural check of the database in folder `path` (what xapian-check does):
 * *errors receives the number of inconsistencies found; a database too damaged to check is
 * an error with Xapian's message.
 */
int xs_db_check(const char *path, uint64_t *errors, char **err);
/* Number of documents. */
int xs_db_doccount(xs_db *db, uint64_t *out, char **err);
/*
 * The user metadata stored under `key`: a malloc'd NUL-terminated copy in *value (the caller
 * frees it), or NULL when the key is unset.
 */
int xs_db_get_metadata(xs_db *db, const char *key, char **value, char **err);
/* Sets metadata `key` (written with the next commit) on a writable database. */
int xs_db_set_metadata(xs_db *db, const char *key, const char *value, char **err);
/*
 * Calls fn for every term starting with `prefix`, in byte order, with the term (not
 * NUL-terminated, valid during the call only); a non-zero return stops the walk and is
 * returned.
 */
int xs_db_terms(xs_db *db, const char *prefix, int (*fn)(void *ctx, const char *term, size_t len),
                void *ctx, char **err);

int xs_doc_new(xs_doc **out, char **err);
void xs_doc_free(xs_doc *doc);
/* Adds a term at a position (pos > 0) or, with pos 0, without position. */
int xs_doc_add(xs_doc *doc, const char *term, size_t len, unsigned pos, unsigned wdf);
int xs_doc_set_data(xs_doc *doc, const char *data, size_t len);
int xs_doc_set_value(xs_doc *doc, unsigned slot, const char *data, size_t len);
/* The version of the libxapian loaded at run time ("1.4.22"): a static string. */
const char *xs_version(void);
/* Xapian's sortable serialisation of a number, into out[0..*len) (out >= 18 bytes). */
void xs_sortable(double v, char *out, size_t *len);

enum { XS_AND, XS_OR, XS_AND_MAYBE, XS_PHRASE, XS_FILTER, XS_AND_NOT };

/* A term query (wqf 1). NULL when out of memory. */
xs_query *xs_query_term(const char *term, size_t len);
/* Combines subs[0..n) with op (XS_PHRASE: window n). The subs stay owned by the caller. */
xs_query *xs_query_op(int op, xs_query *const *subs, size_t n);
void xs_query_free(xs_query *q);
/* Xapian's own description of the query, malloc'd (sw_query_describe: the unit tests). */
char *xs_query_describe(const xs_query *q);
/*
 * A copy of q that shares nothing with it (Xapian counts references to a query's parts without
 * a lock): for another thread. NULL when out of memory.
 */
xs_query *xs_query_clone(const xs_query *q);
/* q with its weights multiplied by factor (>= 0). q stays owned by the caller. */
xs_query *xs_query_scale(const xs_query *q, double factor);
/* Documents whose value in `slot` lies in [lo, hi]; either may be NULL for an open end. */
xs_query *xs_query_value_range(unsigned slot, const char *lo, size_t lo_len, const char *hi,
                               size_t hi_len);
/* Any term starting with prefix (expanded at search time, at most max_terms terms). */
xs_query *xs_query_wildcard(const char *prefix, size_t len, unsigned max_terms);
/* How many documents contain the term; 0 when none or on error. */
uint64_t xs_db_termfreq(xs_db *db, const char *term, size_t len);

#define XS_COLLAPSE_TIE_SUFFIX (-2) /* collapse_slot of xs_db_search: see there */

typedef struct xs_hit {
    char *data;     /* the document's data, malloc'd (NUL-terminated); the caller frees it */
    size_t len;     /* its length */
    double score;   /* BM25 weight */
    size_t spec;    /* which of xs_db_open_many's specs holds the document (else 0) */
    uint32_t docid; /* the document in the databases opened (xs_db_read) */
} xs_hit;

/*
 * Runs `q`, filling hits[0..*n) with at most `max` hits from rank `first`.
 * *estimated receives Xapian's estimate of the total number of matches.
 * sort_slot < 0 ranks by relevance, equal weights ordered by the value in
 * tie_slot (ascending; < 0: by document id); otherwise by sort_slot, highest
 * first, then by relevance. With collapse_slot >= 0, at most one document per value in that
 * slot is returned (the best ranked; documents without the value are all kept). With
 * XS_COLLAPSE_TIE_SUFFIX (and sort_slot < 0), documents whose tie values hold the same 8 bytes
 * after a NUL are collapsed the same way, reading no other value; of those of equal weight the
 * one whose value ends with the least time (6 more bytes) is kept. *estimated then counts them
 * collapsed (exact when every match was seen). With `later`, the hits of local databases
 * carry no data, only their docid, for xs_db_read (a remote database's hits carry theirs,
 * fetched in one round trip). On error no hit owns data.
 */
int xs_db_search(xs_db *db, const xs_query *q, int sort_slot, int tie_slot, int collapse_slot,
                 size_t first, size_t max, int later, xs_hit *hits, size_t *n, uint64_t *estimated,
                 char **err);

/*
 * The data of document `docid` into hit->data and len, as xs_db_search gives it: 0,
 * SW_ENOTFOUND when the document is no longer there, else an error.
 */
int xs_db_read(xs_db *db, uint32_t docid, xs_hit *hit, char **err);

/*
 * The documents that hold term[0..len) (at most max, in document order), each as the value in
 * `slot` instead of its data: hits[i].data and len, score 0. On error no hit owns data.
 */
int xs_db_term_values(xs_db *db, const char *term, size_t len, int slot, size_t max, xs_hit *hits,
                      size_t *n, char **err);

/* Called once per distinct value with how many matches hold it; non-zero stops (returned). */
typedef int (*xs_tally_fn)(void *ctx, const char *value, size_t len, uint64_t count);

/*
 * Counts every match of `q` by its value in `slot` (Xapian's ValueCountMatchSpy, which
 * xapian-tcpsrv runs too): fn for each distinct non-empty value, *matches the number of
 * matches. Exact: every match is checked.
 */
int xs_db_tally(xs_db *db, const xs_query *q, int slot, xs_tally_fn fn, void *ctx,
                uint64_t *matches, char **err);

/*
 * Called with each match's two values and its BM25 weight; non-zero stops (returned). Called
 * with NULL values when the match starts over (the database moved on and was reopened): the
 * matches handed so far are to be forgotten.
 */
typedef int (*xs_stream_fn)(void *ctx, const char *value, size_t len, const char *check,
                            size_t check_len, double weight);

/*
 * Every match of `q`, handed to fn with its values in `slot` and `check` as the matcher meets
 * it (nothing is held). Local databases only: SW_EUSAGE when one is served by xapian-tcpsrv.
 */
int xs_db_stream(xs_db *db, const xs_query *q, int slot, int check, xs_stream_fn fn, void *ctx,
                 char **err);

/*
 * The data of the document holding `term` (an id term) whose value in `check` is value[0..vlen)
 * (several indexes searched together may each hold the id), in *hit; SW_ENOTFOUND when none.
 */
int xs_db_data(xs_db *db, const char *term, size_t len, int check, const char *value, size_t vlen,
               xs_hit *hit, char **err);

#ifdef __cplusplus
}
#endif

#endif
