/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch.c - the indexing driver's door (batch.h): a batch opened and closed, its SQLite
 * transactions, the flush, --remove and --upgrade.
 *
 * One decision matters: SQLite is written first, in transactions of up to BATCH_PAGES pages
 * or BATCH_BYTES bytes, and only after each commit do the writer threads rebuild that
 * generation's Xapian documents from the store's rows, while this thread records the next
 * one. So a crash loses at most the open transaction, and whatever a killed run left pending
 * is applied when the next batch opens.
 *
 * The other jobs have their own files (batch_int.h lists what they share): reading inputs
 * (batch_inputs.c), the writer threads (batch_writers.c), the shard layout with --rebuild and
 * --compact (batch_layout.c). This file reads no input and writes no Xapian document.
 */
#include "batch_int.h"

#include "error.h"
#include "lock.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void batch_test_point(const char *point) {
    const char *at = getenv("SOUWEN_TEST_KILL_AT");
    if (at && strcmp(at, point) == 0)
        kill(getpid(), SIGKILL);
    at = getenv("SOUWEN_TEST_STOP_AT"); /* SIGSTOP: the test looks, then continues or kills */
    if (at && strcmp(at, point) == 0)
        kill(getpid(), SIGSTOP);
}

static void first_problem(void *ctx, const char *msg) {
    char **first = ctx;
    if (!*first)
        *first = strdup(msg);
}

/*
 * SQLite's quick_check of the store (and souwen's quick checks) before anything is committed:
 * pages recorded into a damaged store could be lost with it, and the index derived from it
 * would be wrong. Run beside the first batch by check_thread (batch_check_wait).
 */
static int check_store(sw_store *s, const char *path, char **errmsg) {
    char *first = NULL;
    int64_t problems = 0;
    int rc = sw_store_check(s, 1, first_problem, &first, &problems, errmsg);
    if (!rc && problems)
        rc = sw_error(errmsg, SW_ESTORE,
                      "the store '%s' is damaged (%s): nothing was written; 'souwen-index "
                      "--check' reports what is wrong",
                      path, first ? first : "SQLite's quick_check failed");
    free(first);
    return rc;
}

#define CHECK_GROWTH 64 /* the first batch, while the check runs: at most this many batches */

/* The check on a read-only connection of its own (it sees the store as this run found it). */
static void *check_thread(void *arg) {
    sw_batch *b = arg;
    sw_store *s = NULL;
    b->check_rc = sw_store_open(b->store_path, 0, &s, &b->check_msg);
    if (!b->check_rc)
        b->check_rc = check_store(s, b->store_path, &b->check_msg);
    sw_store_close(s);
    atomic_store(&b->checked, 1);
    return NULL;
}

/*
 * The check started beside the first batch; run here when no thread can be started, or when
 * a test needs batches of the same size whatever the check's speed (SOUWEN_TEST_CHECK_FIRST).
 */
static int check_start(sw_batch *b, char **errmsg) {
    if (!getenv("SOUWEN_TEST_CHECK_FIRST") &&
        pthread_create(&b->check_thread, NULL, check_thread, b) == 0) {
        b->checking = 1;
        return 0;
    }
    return check_store(b->store, b->store_path, errmsg);
}

int batch_check_wait(sw_batch *b, char **errmsg) {
    if (b->checking) {
        pthread_join(b->check_thread, NULL);
        b->checking = 0;
    }
    if (!b->check_rc)
        return 0;
    free(*errmsg);
    *errmsg = b->check_msg ? strdup(b->check_msg) : NULL;
    return b->check_rc;
}

int batch_check_verdict(sw_batch *b, int rc, char **errmsg) {
    if (rc >= 0)
        return rc;
    char *msg = NULL;
    int crc = batch_check_wait(b, &msg);
    if (!crc) {
        free(msg);
        return rc;
    }
    free(*errmsg);
    *errmsg = msg;
    return crc;
}

int batch_open(const char *dir, const sw_batch_hooks *hooks, unsigned jobs, int index_flags,
               sw_batch **out, char **errmsg) {
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return sw_error(errmsg, SW_EIO, "unable to create the index folder '%s': %s", dir,
                        strerror(errno));
    sw_batch *b = calloc(1, sizeof(*b));
    if (!b || !(b->dir = strdup(dir))) {
        free(b);
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    }
    b->lock_fd = -1;
    b->commit_pages = BATCH_PAGES;
    b->jobs = jobs == 0 ? 1 : jobs > SW_SHARDS_MAX ? SW_SHARDS_MAX : jobs;
    if (hooks)
        b->hooks = *hooks;
    int shards = !(index_flags & BATCH_NO_SHARDS); /* else a rebuild: they stay closed */
    /* The lock first: nothing of the folder is touched while another writer has it. */
    int rc = sw_lock_take(dir, &b->lock_fd, errmsg);
    if (!rc)
        rc = sw_shards_load(dir, &b->shards, errmsg);
    if (!rc && shards)
        rc = sw_shards_check(&b->shards, errmsg);
    if (!rc)
        batch_remove_strays(b);
    /*
     * The index before the store: a run killed between the two leaves an empty index and no
     * store, which reads as "nothing indexed yet", never a store without its index.
     */
    if (!rc && shards)
        rc = batch_open_shards(b, 0, index_flags, errmsg);
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/souwen.sqlite", dir);
    if (!rc && !(b->store_path = sw_buf_detach(&p, NULL)))
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    if (!rc)
        rc = sw_store_open(b->store_path, 1, &b->store, errmsg);
    /* A rebuild or an upgrade writes the shards from the store at once: checked first. */
    if (!rc && (index_flags & (BATCH_NO_SHARDS | SW_INDEX_ANY_VERSION)))
        rc = check_store(b->store, b->store_path, errmsg);
    else if (!rc)
        rc = check_start(b, errmsg);
    sw_buf_release(&p);
    if (!rc)
        rc = sw_segmenter_new(&b->seg, errmsg);
    /* What a crashed run left pending goes where it was routed, before the layout widens. */
    if (!rc && shards)
        rc = batch_writers_start(b, errmsg);
    if (!rc && shards)
        rc = batch_catch_up(b, errmsg);
    if (!rc && shards)
        rc = batch_widen(b, errmsg);
    if (!rc && (rc = sw_store_last_generation(b->store, &b->gen, errmsg)) == 0)
        sw_store_set_generation(b->store, ++b->gen);
    if (rc) {
        sw_batch_close(b);
        return rc;
    }
    *out = b;
    return 0;
}

int sw_batch_open(const char *dir, const sw_batch_hooks *hooks, unsigned jobs, sw_batch **out,
                  char **errmsg) {
    return batch_open(dir, hooks, jobs, 0, out, errmsg);
}

void sw_batch_close(sw_batch *b) {
    if (!b)
        return;
    if (b->in_txn && b->store)
        sw_store_rollback(b->store);
    char *ignored = NULL;
    batch_catch_up_finish(b, &ignored); /* after an error: the threads are waited for */
    batch_check_wait(b, &ignored);
    free(ignored);
    free(b->check_msg);
    free(b->store_path);
    batch_close_shards(b);
    batch_writers_release(b, 0);
    sw_store_close(b->store);
    sw_shards_release(&b->shards);
    sw_segmenter_free(b->seg);
    sw_buf_release(&b->file);
    sw_buf_release(&b->key);
    sw_buf_release(&b->last_failed);
    free(b->excludes);
    sw_buf_release(&b->utf8);
    sw_lock_release(b->lock_fd);
    free(b->dir);
    free(b);
}

void sw_batch_set_commit_pages(sw_batch *b, size_t pages) {
    b->commit_pages = pages ? pages : 1;
    b->commit_set = 1;
}

void sw_batch_set_base_url(sw_batch *b, const char *url) { b->base_url = url; }

void sw_batch_set_fetched_at(sw_batch *b, const char *at) {
    snprintf(b->fetched_at, sizeof(b->fetched_at), "%s", at ? at : "");
}

void sw_batch_set_follow(sw_batch *b, int follow) { b->follow = follow; }

int sw_batch_add_exclude(sw_batch *b, const char *glob) {
    const char **e = sw_grow(b->excludes, &b->excludes_cap, b->nexcludes + 1, sizeof(*e), 4);
    if (!e)
        return SW_ENOMEM;
    b->excludes = e;
    b->excludes[b->nexcludes++] = glob;
    return 0;
}

/*
 * The store's part of an upgrade, under the writer lock: its migrations, then the versions
 * the shards record (the oldest into *from; a newer one is refused). *stale: some shard is
 * not at *to yet.
 */
static int upgrade_store(const char *dir, int *from, int *to, int *stale, char **errmsg) {
    int fd = -1;
    sw_buf p = SW_BUF_INIT;
    int rc = sw_lock_existing(dir, 0, &fd, &p, errmsg);
    if (!rc)
        rc = sw_store_upgrade(sw_buf_str(&p), from, to, errmsg);
    sw_shards sh;
    int have_shards = !rc && (rc = sw_shards_load(dir, &sh, errmsg)) == 0;
    if (have_shards)
        rc = sw_shards_check(&sh, errmsg);
    for (size_t i = 0; have_shards && i < sh.n && !rc; i++) {
        sw_index *x = NULL;
        int xver = 0;
        sw_buf_reset(&p);
        sw_buf_addf(&p, "%s/%s", dir, sh.names[i]);
        rc = sw_index_open(sw_buf_str(&p), SW_INDEX_WRITE | SW_INDEX_ANY_VERSION, &x, errmsg);
        if (!rc)
            rc = sw_index_schema(x, &xver, errmsg);
        if (!rc && xver > *to)
            rc = sw_error(errmsg, SW_EINDEX,
                          "the index '%s' has schema version %d, newer than this souwen's "
                          "version %d: it cannot be downgraded",
                          sw_buf_str(&p), xver, *to);
        else if (!rc && xver != *to) {
            if (xver && xver < *from) /* 0: an index from before versions, the store's age */
                *from = xver;
            *stale = 1;
        }
        sw_index_close(x);
    }
    if (have_shards)
        sw_shards_release(&sh);
    sw_buf_release(&p);
    sw_lock_release(fd);
    return rc;
}

int sw_batch_upgrade(const char *dir, unsigned jobs, int *from, int *to, char **errmsg) {
    int stale = 0;
    int rc = upgrade_store(dir, from, to, &stale, errmsg);
    if (rc || !stale)
        return rc;
    /*
     * The documents the migrations queued are rewritten while the shards still record their
     * old version, which searches refuse: an index is never searched half rewritten (its
     * date: would miss the documents not rewritten yet). An upgrade killed here is finished
     * by the next --upgrade.
     */
    sw_batch *b = NULL;
    rc = batch_open(dir, NULL, jobs, SW_INDEX_ANY_VERSION, &b, errmsg);
    if (!rc)
        rc = sw_batch_flush(b, errmsg);
    for (size_t i = 0; !rc && i < b->shards.n; i++)
        rc = sw_index_set_schema(b->shard[i], *to, errmsg);
    sw_batch_close(b);
    return rc;
}

const sw_batch_stats *sw_batch_stats_get(sw_batch *b) {
    sw_batch_stats *st = &b->stats; /* the writer threads' times are summed here */
    st->t_fetch = st->t_build = st->t_write = st->t_commit = 0;
    for (unsigned i = 0; i < b->nworkers; i++)
        st->t_fetch += b->workers[i].t_fetch;
    for (size_t i = 0; i < b->shards.n; i++) {
        const sw_index_times *t = b->shard[i] ? sw_index_times_get(b->shard[i]) : NULL;
        if (t) {
            st->t_build += t->build;
            st->t_write += t->write;
            st->t_commit += t->commit;
        }
    }
    st->shards = b->shards.n;
    st->workers = b->nworkers;
    return st;
}

int batch_begin(sw_batch *b, char **errmsg) {
    if (!b->in_txn) {
        int rc = sw_store_begin(b->store, errmsg);
        if (rc)
            return rc;
        b->in_txn = 1;
    }
    return 0;
}

/* Commits the open transaction, if any, and moves the store to the next generation. */
static int commit_txn(sw_batch *b, char **errmsg) {
    double t0 = sw_clock();
    int rc = 0;
    if (b->in_txn) {
        b->in_txn = 0;
        rc = batch_check_wait(b, errmsg);
        if (!rc)
            rc = sw_store_queue_linked(b->store, errmsg);
        if (!rc)
            rc = sw_store_commit(b->store, errmsg);
        if (rc) {
            sw_store_rollback(b->store);
        } else {
            sw_store_set_generation(b->store, ++b->gen);
            b->stats.batches += b->txn_units > 0;
        }
    }
    b->stats.t_store += sw_clock() - t0;
    b->txn_units = b->txn_bytes = 0;
    return rc;
}

/*
 * A full batch: commits it, waits for the writer threads to finish the one
 * before, and sets them on this one; the caller goes on reading.
 */
static int flush_and_go_on(sw_batch *b, char **errmsg) {
    int rc = commit_txn(b, errmsg);
    if (!rc)
        rc = batch_catch_up_finish(b, errmsg);
    if (!rc)
        rc = batch_catch_up_start(b, b->gen - 1, errmsg);
    return rc;
}

int batch_record(sw_batch *b, sw_page *page, const char *key, const char *hash, size_t bytes,
                 const char *at, char **errmsg) {
    sw_put_stats ps = {0, 0, 0};
    double t0 = sw_clock();
    int rc = sw_store_put_page(b->store, page, key, hash, (int64_t)bytes, at, &ps, errmsg);
    b->stats.t_store += sw_clock() - t0;
    if (rc)
        return rc;
    b->stats.pages++;
    b->stats.articles += ps.articles;
    b->stats.headlines_new += ps.headlines_new;
    b->stats.headlines_seen += ps.headlines_seen;
    return batch_counted(b, bytes, 0, errmsg);
}

int batch_counted(sw_batch *b, size_t bytes, int repeat, char **errmsg) {
    size_t share = repeat && !b->commit_set ? 1 : BATCH_REPEAT_SHARE;
    b->txn_units += share;
    b->txn_bytes += share == BATCH_REPEAT_SHARE ? bytes : bytes / BATCH_REPEAT_SHARE;
    size_t units = b->commit_pages * BATCH_REPEAT_SHARE, bytes_max = BATCH_BYTES;
    /* While the store's check runs, the first batch goes on growing (up to CHECK_GROWTH times
     * a batch): its commit waits for the check. */
    if (b->checking && !atomic_load(&b->checked)) {
        units *= CHECK_GROWTH;
        bytes_max *= CHECK_GROWTH;
    }
    int full = b->txn_units >= units || b->txn_bytes >= bytes_max;
    if (full) {
        int rc = flush_and_go_on(b, errmsg);
        return rc ? rc : batch_begin(b, errmsg);
    }
    return 0;
}

int sw_batch_flush(sw_batch *b, char **errmsg) {
    /* (--compact and --upgrade flush with nothing to commit: the check is waited for here) */
    int rc = batch_check_wait(b, errmsg);
    if (!rc)
        rc = commit_txn(b, errmsg);
    batch_test_point("flush");
    if (!rc)
        rc = batch_catch_up(b, errmsg);
    /* The removals are in the index now: a later --remove of them finds nothing, rightly. */
    if (!rc && b->removing && (rc = batch_begin(b, errmsg)) == 0) {
        rc = sw_store_removed_clear(b->store, errmsg);
        int crc = commit_txn(b, errmsg);
        rc = rc ? rc : crc;
        b->removing = 0;
    }
    return rc;
}

int sw_batch_remove(sw_batch *b, const char *what, int64_t *removed, char **errmsg) {
    char abs[PATH_MAX];
    int rc = batch_begin(b, errmsg);
    if (rc)
        return rc;
    int64_t n = 0;
    b->removing = 1;
    rc = sw_store_remove_pages(b->store, what, &n, errmsg);
    if (!rc && n == 0 && realpath(what, abs))
        rc = sw_store_remove_pages(b->store, abs, &n, errmsg);
    /* Removed by a run killed after its commit: this run finishes it (sw_batch_open did). */
    if (!rc && n == 0)
        rc = sw_store_removed_before(b->store, what, &n, errmsg);
    if (!rc && realpath(what, abs))
        rc = sw_store_set_failure(b->store, abs, NULL, errmsg);
    *removed = n;
    return rc;
}
