/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store.h - the SQLite record of pages, articles, headlines and occurrences.
 *
 * Layout and the commit protocol with Xapian are documented in
 * schema/souwen.sql. The store opens `souwen.sqlite` inside the index folder,
 * in WAL mode; every statement is prepared once and bound.
 */
#ifndef SW_STORE_H
#define SW_STORE_H

#include "doc.h"
#include "page.h"
#include "schema.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sw_store sw_store;

typedef struct sw_put_stats {
    int64_t articles;       /* articles written */
    int64_t headlines_new;  /* headlines seen for the first time */
    int64_t headlines_seen; /* items that were already known headlines */
} sw_put_stats;

/*
 * Opens the store file `path` (writable: created, with the schema, when
 * missing). A store whose schema version is not SW_SCHEMA_VERSION is
 * refused with a message naming both versions.
 */
int sw_store_open(const char *path, int writable, sw_store **out, char **errmsg);

/*
 * Whether `path` holds a store that has recorded its schema (user_version set): a writer
 * killed while it created the file leaves one that is empty, which holds nothing yet.
 */
int sw_store_present(const char *path);
void sw_store_close(sw_store *s);

/*
 * Brings the store file `path` to SW_SCHEMA_VERSION, applying in one
 * transaction each migration from its version on (the table in store.c:
 * one function per version step). *from receives the version found, *to
 * the version left; equal when there was nothing to do. A store newer than
 * this souwen, or one with no migration path, is refused naming both
 * versions.
 */
int sw_store_upgrade(const char *path, int *from, int *to, char **errmsg);

/* Row counts, for --stats, --check and the tests. */
typedef struct sw_store_counts {
    int64_t pages, articles, headlines, occurrences;
    int64_t stories;          /* stories of the articles (a reprinted article's story once) */
    int64_t listed_headlines; /* headlines with at least one occurrence */
    int64_t pending;          /* Xapian work not yet applied */
    int64_t failures;         /* files recorded as failed */
    int64_t bytes;            /* bytes of the pages read */
} sw_store_counts;

int sw_store_count(sw_store *s, sw_store_counts *c, char **errmsg);

/*
 * Verifies the store: SQLite's integrity_check (quick_check when `quick`),
 * then the relations the schema does not enforce (every article,
 * occurrence, capture and span has its page, every occurrence and
 * span its headline...; the checks that read every capture only without
 * `quick`). Each problem
 * goes to fn as a one-line message; *problems receives their number.
 * Returns an error only when the checks could not run.
 */
int sw_store_check(sw_store *s, int quick, void (*fn)(void *ctx, const char *msg), void *ctx,
                   int64_t *problems, char **errmsg);

/*
 * The ids that must have a Xapian document, sorted ascending, in a
 * malloc'd *ids[0..*n) the caller frees: every article ('a'), every
 * headline with at least one occurrence or span ('h').
 */
int sw_store_ids(sw_store *s, char type, int64_t **ids, size_t *n, char **errmsg);

/* One stored page and a document it contributes, for the "every page is searchable" check. */
typedef struct sw_page_probe {
    int64_t page_id;   /* pages.id */
    const char *key;   /* pages.key */
    char type;         /* 'a' its article, 'h' a headline it lists, 0 neither */
    int64_t id;        /* articles.id or headlines.id */
    const char *title; /* that document's title */
} sw_page_probe;

/*
 * Calls fn once per stored page in id order (strings valid during the call
 * only); a non-zero return stops the walk and is returned.
 */
int sw_store_each_page(sw_store *s, int (*fn)(void *ctx, const sw_page_probe *p), void *ctx,
                       char **errmsg);

int sw_store_begin(sw_store *s, char **errmsg);
int sw_store_commit(sw_store *s, char **errmsg);
/* A read transaction: every read until sw_store_commit (or _rollback) sees one snapshot. */
int sw_store_read_begin(sw_store *s, char **errmsg);
void sw_store_rollback(sw_store *s);

/*
 * Whether the page keyed `key` (a URL, or a path: pages are found by either)
 * is stored with this content hash: 1 if so
 * (nothing to do), 0 if it is new or changed, negative on error.
 */
int sw_store_page_unchanged(sw_store *s, const char *key, const char *hash, char **errmsg);

/*
 * Records `page` (inside a transaction the caller opened) under `key`,
 * replacing what that key held before, and queues the Xapian work in
 * `pending`. Its lists are recorded in the spans at `at` whether or not the
 * capture is the newest (schema/souwen.sql). Items must have their key set.
 * Adds to *st.
 */
int sw_store_put_page(sw_store *s, const sw_page *page, const char *key, const char *hash,
                      int64_t bytes, const char *at, sw_put_stats *st, char **errmsg);

/*
 * Captures (schema/souwen.sql): every fetch of a page is a row, at its time `at` (the form
 * sw_store_capture_time writes; NULL: now). sw_store_put_page records the capture of the page
 * it is given, and its text as a version; it changes the page's article and lists only when
 * `at` is not older than the capture whose text the page shows (crawls may be indexed in any
 * order).
 */
#define SW_CAPTURE_TIME 24
/* `when` (any form sw_date_find reads) as a capture time, "YYYY-MM-DDTHH:MM:SSZ": 1, or 0. */
int sw_store_capture_time(const char *when, char out[SW_CAPTURE_TIME]);
/* As sw_store_capture_time, for a time typed by a user: the whole of `when` must be the time. */
int sw_store_capture_time_arg(const char *when, char out[SW_CAPTURE_TIME]);

/*
 * Whether the page keyed `key` (as sw_store_page_unchanged finds it) had these bytes at one
 * of its captures: then a capture at `at` with that text is recorded, with the spans of
 * that earlier capture's lists copied to `at`, and 1 returned (nothing else to do); 0 when the
 * bytes are new to it, negative on error.
 */
int sw_store_page_seen(sw_store *s, const char *key, const char *hash, const char *at,
                       char **errmsg);

/*
 * A capture without a text of the page keyed `key`: HTTP status 404 or 410 (the page is gone
 * at `at`), or 200 for a WARC revisit record (the text it had). A page not yet known is
 * recorded with no article, to hold it.
 */
int sw_store_capture_bare(sw_store *s, const char *key, const char *url, const char *path,
                          const char *at, int status, char **errmsg);

/* One capture of a page, for --history (strings valid during the call only). */
typedef struct sw_capture {
    const char *fetched_at; /* its time, as sw_store_capture_time writes it */
    int status;             /* HTTP status: 200, 404, 410 */
    int64_t version;        /* versions.id, 0 for none (gone, or a revisit record) */
    const char *title;      /* that version's title, or NULL */
    const char *text;       /* its text (paragraphs separated by '\n'), or NULL */
} sw_capture;

/*
 * Calls fn for each capture of the page whose key, URL or path is `what`, oldest first (by
 * time). *found is 0 when no page is. A non-zero return of fn stops the walk and is returned.
 */
int sw_store_history(sw_store *s, const char *what, int (*fn)(void *ctx, const sw_capture *c),
                     void *ctx, int *found, char **errmsg);

/* Records (or clears, with reason NULL) a failure for `path`. */
int sw_store_set_failure(sw_store *s, const char *path, const char *reason, char **errmsg);

/*
 * Generations of pending work: rows written from now on carry `gen` (a row
 * queued again moves to it), so that the work of earlier generations can be
 * applied and cleared while a later one is being recorded.
 */
void sw_store_set_generation(sw_store *s, int64_t gen);
/* The highest generation among the pending rows, 0 when none. */
int sw_store_last_generation(sw_store *s, int64_t *gen, char **errmsg);

/*
 * Pending Xapian work of generations up to `upto`: fills kinds and ids
 * (malloc'd arrays the caller frees) with n rows.
 */
int sw_store_pending(sw_store *s, int64_t upto, char **kinds, int64_t **ids, size_t *n,
                     char **errmsg);
/*
 * Deletes the pending rows of generations up to `upto` and the headlines they
 * name that no page lists any more and no capture showed (no occurrence, no
 * span; its own transaction).
 */
int sw_store_pending_done(sw_store *s, int64_t upto, char **errmsg);

/*
 * Loads document (type, id) into *d (released by the caller with
 * sw_doc_release), with its key and headline links. Returns 0,
 * SW_ENOTFOUND when it no longer exists (a headline with neither
 * occurrences nor spans counts as gone), or an error. A headline gains
 * first_seen, last_seen and its timeline (doc.h) from its spans. With want_text 0 the article
 * body is not read; with SW_DOC_VALUES only what sw_index_patch writes is sure to be read (no
 * body, and no headline's path or article_at).
 */
#define SW_DOC_VALUES (-1)
int sw_store_get_doc(sw_store *s, char type, int64_t id, int want_text, sw_doc *d, char **errmsg);

/*
 * Forgets every page whose key, URL or path is `what` (inside a transaction
 * the caller opened): its article, occurrences and spans are queued in
 * `pending` and deleted, with its captures and versions, then the page row. *removed receives how
 * many pages.
 */
int sw_store_remove_pages(sw_store *s, const char *what, int64_t *removed, char **errmsg);
/*
 * Pages removed as `what` by a --remove that has not finished (its SQLite part committed, the
 * rest maybe not): *n receives how many (table `removed`; inside the caller's transaction).
 */
int sw_store_removed_before(sw_store *s, const char *what, int64_t *n, char **errmsg);
/* Empties `removed`: the --remove that filled it is complete (inside a transaction). */
int sw_store_removed_clear(sw_store *s, char **errmsg);

/* Queues every article and headline in `pending` (its own transaction), for a rebuild. */
int sw_store_queue_all(sw_store *s, char **errmsg);

/*
 * Fills `p` (init'ed by the caller, who releases it) with what the store
 * holds for the page keyed, addressed or read from `what`: url, path,
 * charset, fetched_at, the article, and its lists with their items (items
 * carry the headline's first-seen source, time and link). SW_ENOTFOUND when
 * no page matches.
 */
int sw_store_load_page(sw_store *s, const char *what, sw_page *p, char **errmsg);

/*
 * The page as it was at its latest capture not after `at` (a capture time,
 * sw_store_capture_time): that capture's time (also its fetched_at) goes to `used`, its HTTP
 * status to *status; its title and body are the article it showed then (a revisit: the text
 * it repeats; a 404 or 410: none), its lists those it showed then (its spans). Its path is
 * not known per capture: NULL. SW_ENOTFOUND when no page matches; SW_EUSAGE, with a message,
 * when the page has no capture at or before `at`.
 */
int sw_store_load_page_at(sw_store *s, const char *what, const char *at, sw_page *p,
                          char used[SW_CAPTURE_TIME], int *status, char **errmsg);

/* Calls fn once per charset with the number of pages read in it, most used first. */
int sw_store_charsets(sw_store *s, void (*fn)(void *ctx, const char *charset, int64_t pages),
                      void *ctx, char **errmsg);

/*
 * Queues (inside the caller's transaction) the articles whose headline links
 * changed: those at the URL of a queued headline. Run before each commit
 * of pages, so that featured_on and friends in the index stay true.
 */
int sw_store_queue_linked(sw_store *s, char **errmsg);

/* The next article and headline ids (one past the largest), for shards.h. */
int sw_store_next_ids(sw_store *s, int64_t *next_a, int64_t *next_h, char **errmsg);

/*
 * Calls fn once per file recorded as failed (table `failures`), in path order, with its path
 * and reason (valid during the call only); a non-zero return stops the walk and is returned.
 */
int sw_store_failures(sw_store *s, int (*fn)(void *ctx, const char *path, const char *reason),
                      void *ctx, char **errmsg);

#endif
