/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch.h - the indexing driver: paths in, pages recorded and indexed.
 *
 * A batch owns the store, a writer per Xapian shard (shards.h) and a
 * segmenter per thread. Files are read, parsed and recorded in SQLite in
 * transactions of many pages by the calling thread; after each SQLite
 * commit the pending Xapian work of that batch is applied by `jobs` writer
 * threads, each owning its shards, while the calling thread records the
 * next batch (the protocol is in schema/souwen.sql). Errors in one file are
 * reported through the error callback and recorded in `failures`, which
 * sw_batch_retry_failed reads again; the batch goes on. The library prints
 * nothing. This header is the indexer's one door; the driver's files
 * (batch*.c) share batch_int.h among themselves.
 */
#ifndef SW_BATCH_H
#define SW_BATCH_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sw_batch sw_batch;

typedef struct sw_batch_stats {
    int64_t files;          /* files looked at */
    int64_t pages;          /* pages recorded (new or changed) */
    int64_t unchanged;      /* pages skipped: same bytes as last time */
    int64_t articles;       /* articles recorded */
    int64_t headlines_new;  /* headline items that were new headlines */
    int64_t headlines_seen; /* headline items already known */
    int64_t errors;         /* problems reported: a file, a folder or a WARC record */
    int64_t failed;         /* inputs recorded as failed (files and folders; as --stats counts) */
    int64_t skipped;        /* files in folders that are not pages (other extensions) */
    int64_t links;          /* symbolic links inside folders, not followed (no --follow) */
    int64_t excluded;       /* files and folders left out by an exclude pattern */
    int64_t warc_records;   /* WARC records read */
    int64_t warc_skipped;   /* of which skipped: other record types, media types, statuses */
    int64_t captures_bare;  /* of which captures without a text: revisits, 404 and 410 */
    uint64_t bytes;         /* bytes read (WARC: payloads) */
    int64_t batches;        /* SQLite transactions that recorded inputs (--commit-every) */
    /* Seconds per stage; the last four are summed over the writer threads. */
    double t_read;    /* reading files and WARC records */
    double t_parse;   /* charset, HTML/text parsing, headline keys */
    double t_store;   /* SQLite writes and commits */
    double t_fetch;   /* writers reading documents back from SQLite */
    double t_build;   /* segmenting and building Xapian documents */
    double t_write;   /* Xapian's writer */
    double t_commit;  /* Xapian commits */
    size_t shards;    /* Xapian databases in the index */
    unsigned workers; /* writer threads */
} sw_batch_stats;

typedef struct sw_batch_hooks {
    void *ctx;
    /* A one-line message about one input that failed (the batch goes on). */
    void (*error)(void *ctx, const char *msg);
    /*
     * A one-line message that is not an error (may be NULL): a page indexed in part (a limit
     * was hit), or a failed file that no longer exists dropped by sw_batch_retry_failed.
     */
    void (*warning)(void *ctx, const char *msg);
    /* Called after every file and WARC record; `stats` are the totals so far. */
    void (*progress)(void *ctx, const sw_batch_stats *stats);
    /* When set and non-zero, the batch stops after the current file or WARC record. */
    volatile sig_atomic_t *stop;
} sw_batch_hooks;

/*
 * Opens (creating) the index folder `dir` for writing with `jobs` writer
 * threads (at most SW_SHARDS_MAX; the index gains shards when it has fewer),
 * and applies the work a crashed run left pending. Takes the folder's
 * writer lock (lock.h) first: a folder another process is writing gives
 * SW_ELOCKED at once, with a message naming that process's pid. The lock is
 * held until sw_batch_close.
 */
int sw_batch_open(const char *dir, const sw_batch_hooks *hooks, unsigned jobs, sw_batch **out,
                  char **errmsg);

/*
 * Pages per SQLite transaction (default 500; also capped at 32 MB of input):
 * fewer lose less work to a crash and make it searchable sooner, more are
 * faster. 0 counts as 1.
 */
void sw_batch_set_commit_pages(sw_batch *b, size_t pages);

/*
 * The URL the relative links of a page file resolve against when the page
 * has no URL of its own (souwen-index --base-url; see sw_read_html), or
 * NULL. The batch keeps the pointer: the string must outlive it.
 */
void sw_batch_set_base_url(sw_batch *b, const char *url);

/*
 * The capture time of page files (souwen-index --fetched-at), as sw_store_capture_time writes
 * it; NULL or "": each file's modification time. A WARC record's own date always wins.
 */
void sw_batch_set_fetched_at(sw_batch *b, const char *at);

/*
 * Whether folders are walked through the symbolic links inside them (souwen-index --follow):
 * a link to a folder above it (a loop) is reported and not walked again, a link to nothing is
 * a failed input. Without, links are counted (stats.links) and left.
 */
void sw_batch_set_follow(sw_batch *b, int follow);

/*
 * Leaves out what folders hold that matches `glob` (fnmatch(3); souwen-index --exclude,
 * repeatable): a glob without '/' is matched against each name (a file, or a folder and all
 * it holds), one with '/' against the path below the folder given. The batch keeps the
 * pointer: the string must outlive it. 0, or SW_ENOMEM.
 */
int sw_batch_add_exclude(sw_batch *b, const char *glob);

/*
 * Upgrades the index folder `dir` to this souwen's schema version (under the
 * writer lock): the store through its migrations, then the documents they
 * queued rewritten over `jobs` writer threads, then the version recorded in
 * every shard (until then searches refuse the index). *from receives the
 * oldest version found, *to the version left; equal when there was nothing
 * to do.
 */
int sw_batch_upgrade(const char *dir, unsigned jobs, int *from, int *to, char **errmsg);

/*
 * Indexes a file, or every page file (*.txt, *.html, *.htm, *.shtml, *.xhtml,
 * *.warc, *.warc.gz) below a folder, recursively (symbolic links inside
 * folders are followed only with sw_batch_set_follow). Per-file problems go
 * to the error hook and are recorded as failed, and so is a path that does
 * not exist or a folder that holds no page file ("no pages found under
 * 'DIR'"); the return value is an error only when the store or the index
 * failed, which ends the batch.
 */
int sw_batch_add_path(sw_batch *b, const char *path, char **errmsg);

/*
 * Indexes again each file an earlier run recorded in `failures`, as
 * sw_batch_add_path would the file alone: one read without a problem loses
 * its record, one that fails again keeps it with the new reason (and goes to
 * the error hook). A recorded file that no longer exists is dropped from
 * `failures` with a note to the warning hook; it is not an error. *recorded
 * receives how many files were recorded (0: nothing to retry). Call
 * sw_batch_flush after it.
 */
int sw_batch_retry_failed(sw_batch *b, int64_t *recorded, char **errmsg);

/* Commits what is buffered; after it, everything added is searchable. */
int sw_batch_flush(sw_batch *b, char **errmsg);

/* The totals so far, with the writer threads' times summed in. */
const sw_batch_stats *sw_batch_stats_get(sw_batch *b);

/*
 * Forgets the pages keyed, addressed or read from `what` (a URL, or a path:
 * a WARC file's path forgets all its pages, and a path its failure record),
 * queuing their documents for deletion; *removed receives how many. Call
 * sw_batch_flush to apply.
 */
int sw_batch_remove(sw_batch *b, const char *what, int64_t *removed, char **errmsg);

/*
 * Rebuilds the Xapian index of folder `dir` from the SQLite record alone,
 * over `jobs` new shards written beside the old ones, which are never
 * opened (they may be damaged or missing); the layout then switches to the
 * new shards atomically, and the old ones are removed. Until the switch
 * searches read the old shards; a rebuild killed before it leaves them in
 * place (the next writer removes the half-built ones). Takes the writer
 * lock for its duration. *docs receives the number of documents.
 */
int sw_batch_rebuild(const char *dir, const sw_batch_hooks *hooks, unsigned jobs, uint64_t *docs,
                     char **errmsg);

/*
 * Merges the index's shards into one compacted Xapian database (Xapian's
 * compaction); later runs spread new documents over -j shards again. With `each`, compacts
 * every shard on its own instead (the layout keeps its shards and epochs), as many at once as
 * the batch has jobs. Pending work is applied first. *docs receives the number of documents.
 */
int sw_batch_compact(sw_batch *b, int each, uint64_t *docs, char **errmsg);

/* The documents in the index's shards now. */
int sw_batch_docs(sw_batch *b, uint64_t *docs, char **errmsg);

/* Closes the batch (without flushing: call sw_batch_flush first). NULL-safe. */
void sw_batch_close(sw_batch *b);

#endif
