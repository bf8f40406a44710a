/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_int.h - what the files of the indexing driver share, and nothing else.
 *
 * The driver is four files, one job each: batch.c opens and closes a batch
 * and keeps its SQLite transactions (and --remove, --upgrade);
 * batch_inputs.c walks folders and reads files and WARC records into pages;
 * batch_writers.c applies the pending work in the writer threads;
 * batch_layout.c administers the shards (strays, widening, --rebuild,
 * --compact). batch.h is the indexer's one public door: nothing here is for
 * callers outside those four files. Cross-file names are `batch_<verb>`;
 * file-local ones carry no prefix.
 */
#ifndef SW_BATCH_INT_H
#define SW_BATCH_INT_H

#include "batch.h"

#include "buf.h"
#include "index.h"
#include "page.h"
#include "segment.h"
#include "shards.h"
#include "store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define BATCH_PAGES 500         /* pages per SQLite transaction, unless set */
#define BATCH_BYTES (32u << 20) /* ...and at most this much input */
#define BATCH_NO_SHARDS 0x100   /* batch_open: leave the shards closed (--rebuild) */
/*
 * Toward BATCH_PAGES, unless set, a capture repeating bytes already recorded under its path or
 * URL (or without bytes: a revisit, a 404) counts this share of a page: it is a row and a patch,
 * not a parse, and a re-crawl in batches of 500 spent a tenth of its time between them.
 */
#define BATCH_REPEAT_SHARE 16

/* One writer thread of the parallel catch-up: its own store connection, segmenter and shards. */
typedef struct batch_worker {
    struct sw_batch *b;
    unsigned no;       /* this worker writes the shards s with s % nworkers == no */
    sw_store *store;   /* read-only connection (SQLite WAL: sees the last commit) */
    sw_segmenter *seg; /* ICU is per thread */
    pthread_t thread;
    int rc;         /* outcome of the last run */
    char *errmsg;   /* its message, owned */
    double t_fetch; /* seconds reading documents back from the store */
} batch_worker;

struct sw_batch {
    char *dir;                      /* the index folder */
    int lock_fd;                    /* the writer's lock on dir (lock.h) */
    size_t commit_pages;            /* pages per SQLite transaction */
    int commit_set;                 /* ...set (--commit-every): every capture counts whole */
    const char *base_url;           /* --base-url for pages without a URL, or NULL (not owned) */
    char fetched_at[24];            /* --fetched-at as a capture time (store.h), or "" */
    int follow;                     /* walk folders through symbolic links (--follow) */
    const char **excludes;          /* --exclude globs (the array owned, the strings not) */
    size_t nexcludes, excludes_cap; /* ...how many, and room for */
    sw_buf last_failed;             /* the input last recorded as failed (counted once) */
    unsigned jobs;                  /* writer threads asked for */
    sw_store *store;                /* the record */
    sw_shards shards;               /* which Xapian databases, and which holds what (shards.h) */
    sw_index *shard[SW_SHARDS_MAX]; /* a writer per shard, shards.names order */
    batch_worker workers[SW_SHARDS_MAX];
    unsigned nworkers;     /* workers in use: min(jobs, shards) */
    char *kinds;           /* the pending list being applied, owned */
    int64_t *ids;          /* ...its ids, owned */
    size_t npending;       /* ...its length */
    int applying;          /* the writer threads have work in flight */
    int64_t applying_upto; /* ...of the generations up to this one */
    unsigned started;      /* threads started for it */
    int64_t gen;           /* generation of the batch being recorded */
    sw_segmenter *seg;     /* the main thread's: headline keys */
    sw_batch_hooks hooks;  /* the caller's callbacks */
    sw_batch_stats stats;  /* totals so far */
    int in_txn;            /* an SQLite transaction is open */
    size_t txn_units;      /* pages in the open transaction, counted in sixteenths */
    size_t txn_bytes;      /* bytes in the open transaction (as units: a share of a repeat's) */
    sw_buf file;           /* the current file's bytes, reused */
    sw_buf key;            /* headline key scratch, reused */
    sw_buf utf8;           /* a page decoded to UTF-8, reused */
    int removing;          /* sw_batch_remove was called: `removed` is emptied at the flush */
    /* The store's check, run beside the first batch (batch.c: batch_check_wait). */
    pthread_t check_thread;
    int checking;       /* ...started and not yet joined */
    atomic_int checked; /* ...finished: set by its thread last */
    int check_rc;       /* ...its outcome, once joined: kept for every later commit */
    char *check_msg;    /* ...its message, owned */
    char *store_path;   /* the store's file, owned */
};

/* batch.c: the batch and its transactions. */

/*
 * sw_batch_open, the shards opened with index_flags (SW_INDEX_ANY_VERSION: an upgrade); with
 * BATCH_NO_SHARDS (a rebuild) the lock, layout and store only: no shard is opened, nothing
 * pending is applied, the layout is not widened.
 */
int batch_open(const char *dir, const sw_batch_hooks *hooks, unsigned jobs, int index_flags,
               sw_batch **out, char **errmsg);
/*
 * The store's check (SQLite's quick_check and souwen's own, sw_store_check) runs in a thread
 * of its own beside the first batch, on its own connection: the first commit, and any writing
 * of the shards, waits for it, and a damaged store is refused with nothing written. 0, or the
 * check's error (every time it is asked again).
 */
int batch_check_wait(sw_batch *b, char **errmsg);
/* An error rc met while the check may still run: the check's error instead when it found the
 * store damaged (what is wrong is the store, and --check says more), else rc. */
int batch_check_verdict(sw_batch *b, int rc, char **errmsg);
/* Opens an SQLite transaction unless one is open. */
int batch_begin(sw_batch *b, char **errmsg);
/*
 * Records a parsed page under `key` (inside the open transaction), counting it; a full
 * transaction is committed and handed to the writer threads, and the next one begun.
 */
int batch_record(sw_batch *b, sw_page *page, const char *key, const char *hash, size_t bytes,
                 const char *at, char **errmsg);
/*
 * Counts an input of `bytes` toward the open transaction (a page, or with `repeat` a capture
 * without a new text, whose document still needs a patch), committing it as batch_record
 * does when full.
 */
int batch_counted(sw_batch *b, size_t bytes, int repeat, char **errmsg);
/*
 * A test's fault injection (as git's GIT_TEST_* variables): when SOUWEN_TEST_KILL_AT names
 * `point`, the process kills itself there with SIGKILL, as a crash at that moment would;
 * SOUWEN_TEST_STOP_AT stops it there (SIGSTOP) so that a test can look at the index.
 */
void batch_test_point(const char *point);

/* batch_writers.c: the writer threads. */

/* Sets up workers for the layout: min(jobs, shards) of them, each with its own connection. */
int batch_writers_start(sw_batch *b, char **errmsg);
/* Frees workers[from..nworkers) and leaves nworkers at `from` (or below it). */
void batch_writers_release(sw_batch *b, unsigned from);
/*
 * Starts applying the pending work of generations up to `upto` in the writer threads while
 * the caller goes on recording the next generation; batch_catch_up_finish waits for it.
 */
int batch_catch_up_start(sw_batch *b, int64_t upto, char **errmsg);
/*
 * Sets the writer threads on b->kinds, b->ids (filled by the caller); `upto` < 0 leaves the
 * pending rows in the store when they finish (a rebuild clears them after its swap).
 */
void batch_writers_run(sw_batch *b, int64_t upto);
/*
 * Waits for the writer threads; when all succeeded, clears the pending rows they applied.
 * Nothing to wait for is success.
 */
int batch_catch_up_finish(sw_batch *b, char **errmsg);
/* Applies every pending generation and waits for it (opening, rebuilding, the last flush). */
int batch_catch_up(sw_batch *b, char **errmsg);

/* batch_layout.c: the shards of the index folder. */

/* Opens a writer (with SW_INDEX_* `flags`) on each shard of the layout from `from` on. */
int batch_open_shards(sw_batch *b, size_t from, int flags, char **errmsg);
/* Closes every shard's writer. */
void batch_close_shards(sw_batch *b);
/*
 * Removes shard folders the layout does not list and temporary layout and stub files: what
 * a compaction, rebuild or save killed halfway left behind; and, while the store holds nothing,
 * a listed shard Xapian was killed creating (no `iamglass`). Only the writer, under the lock.
 */
void batch_remove_strays(sw_batch *b);
/*
 * Spreads new documents over `jobs` shards when the layout has fewer, records the layout and
 * sets up the workers for it.
 */
int batch_widen(sw_batch *b, char **errmsg);

#endif
