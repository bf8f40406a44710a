/*
 * batch.c - reading files into the store and the index (see batch.h).
 *
 * One decision matters: SQLite is written first, in transactions of up to
 * BATCH_PAGES pages or BATCH_BYTES bytes, and the Xapian documents are then
 * rebuilt from the store's rows (never from the parse in memory), so a
 * normal run, a catch-up after a crash and a rebuild all take one path.
 */
#include "batch.h"

#include "buf.h"
#include "error.h"
#include "index.h"
#include "lock.h"
#include "page.h"
#include "read.h"
#include "segment.h"
#include "shards.h"
#include "store.h"
#include "warc.h"

#include "date.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <time.h>
#include <fcntl.h>
#include <fts.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#define BATCH_PAGES 500
#define BATCH_BYTES (32u << 20)
#define MAX_PAGE_BYTES (64u << 20) /* a text page larger than this is refused */
#define OPEN_NO_SHARDS 0x100       /* open_batch: leave the shards closed (--rebuild) */

/* One worker of the parallel catch-up: its own store connection, segmenter and shards. */
typedef struct worker {
    struct sw_batch *b;
    unsigned no;        /* this worker writes the shards s with s % nworkers == no */
    sw_store *store;    /* read-only connection (SQLite WAL: sees the last commit) */
    sw_segmenter *seg;  /* ICU is per thread */
    pthread_t thread;
    int rc;             /* outcome of the last run */
    char *errmsg;       /* its message, owned */
    double t_fetch;     /* seconds reading documents back from the store */
} worker;

struct sw_batch {
    char *dir;             /* the index folder */
    int lock_fd;           /* the writer's lock on dir (lock.h) */
    size_t commit_pages;   /* pages per SQLite transaction */
    unsigned jobs;         /* writer threads asked for */
    sw_store *store;       /* the record */
    sw_shards shards;      /* which Xapian databases, and which holds what (shards.h) */
    sw_index *shard[SW_SHARDS_MAX]; /* a writer per shard, shards.names order */
    worker workers[SW_SHARDS_MAX];
    unsigned nworkers;     /* workers in use: min(jobs, shards) */
    char *kinds;           /* the pending list being applied, owned */
    int64_t *ids;
    size_t npending;
    int applying;          /* the writer threads have work in flight */
    int64_t applying_upto; /* ...of the generations up to this one */
    unsigned started;      /* threads started for it */
    int64_t gen;           /* generation of the batch being recorded */
    sw_segmenter *seg;     /* the main thread's: headline keys */
    sw_batch_hooks hooks;  /* the caller's callbacks */
    sw_batch_stats stats;  /* totals so far */
    int in_txn;            /* an SQLite transaction is open */
    size_t txn_pages;      /* pages in the open transaction */
    size_t txn_bytes;      /* bytes in the open transaction */
    sw_buf file;           /* the current file's bytes, reused */
    sw_buf key;            /* headline key scratch, reused */
    sw_buf utf8;           /* a page decoded to UTF-8, reused */
    int removing;          /* sw_batch_remove was called: `removed` is emptied at the flush */
};

static int check_store(sw_store *s, const char *path, char **errmsg);

/*
 * A test's fault injection (as git's GIT_TEST_* variables): when SOUWEN_TEST_KILL_AT names
 * `point`, the process kills itself there with SIGKILL, as a crash at that moment would;
 * SOUWEN_TEST_STOP_AT stops it there (SIGSTOP) so that a test can look at the index.
 */
static void sw_test_point(const char *point) {
    const char *at = getenv("SOUWEN_TEST_KILL_AT");
    if (at && strcmp(at, point) == 0)
        kill(getpid(), SIGKILL);
    at = getenv("SOUWEN_TEST_STOP_AT"); /* SIGSTOP: the test looks, then continues or kills */
    if (at && strcmp(at, point) == 0)
        kill(getpid(), SIGSTOP);
}

static void report(sw_batch *b, const char *msg) {
    b->stats.errors++;
    if (b->hooks.error)
        b->hooks.error(b->hooks.ctx, msg);
}

/* A page that was read in part: said once, the page is indexed all the same. */
static void warn(sw_batch *b, const sw_page *page) {
    if (page->warning && b->hooks.warning)
        b->hooks.warning(b->hooks.ctx, page->warning);
}

/* Applies the pending rows routed to this worker's shards, then commits those shards. */
static void *work(void *arg) {
    worker *w = arg;
    sw_batch *b = w->b;
    int rc = 0;
    for (size_t i = 0; i < b->npending && !rc; i++) {
        unsigned sh = sw_shards_route(&b->shards, b->kinds[i], b->ids[i]);
        if (sh % b->nworkers != w->no)
            continue;
        sw_doc d;
        double t0 = sw_clock();
        rc = sw_store_get_doc(w->store, b->kinds[i], b->ids[i], 1, &d, &w->errmsg);
        w->t_fetch += sw_clock() - t0;
        if (rc == SW_ENOTFOUND) {
            rc = sw_index_delete(b->shard[sh], b->kinds[i], b->ids[i], &w->errmsg);
        } else if (rc == 0) {
            rc = sw_index_put(b->shard[sh], w->seg, &d, &w->errmsg);
            sw_doc_release(&d);
        }
    }
    for (size_t sh = w->no; sh < b->shards.n && !rc; sh += b->nworkers)
        rc = sw_index_commit(b->shard[sh], &w->errmsg);
    w->rc = rc;
    return NULL;
}

/*
 * Starts applying the pending work of generations up to `upto` in the writer
 * threads: the documents are spread over the workers by shard; each writes
 * and commits its own shards, all at once, while the calling thread goes on
 * recording the next batch (a later generation) in SQLite.
 */
static void start_threads(sw_batch *b, int64_t upto);

static int start_catch_up(sw_batch *b, int64_t upto, char **errmsg) {
    int rc = sw_store_pending(b->store, upto, &b->kinds, &b->ids, &b->npending, errmsg);
    if (rc)
        return rc;
    start_threads(b, upto);
    return 0;
}

/* Sets the writer threads on b->kinds, b->ids; finish_catch_up waits for them. */
static void start_threads(sw_batch *b, int64_t upto) {
    b->applying = 1;
    b->applying_upto = upto;
    b->started = 0;
    for (unsigned i = 0; i < b->nworkers; i++) {
        b->workers[i].rc = 0;
        free(b->workers[i].errmsg);
        b->workers[i].errmsg = NULL;
    }
    for (unsigned i = 0; i < b->nworkers && b->npending; i++) {
        worker *w = &b->workers[i];
        if (pthread_create(&w->thread, NULL, work, w) != 0) {
            w->rc = sw_error(&w->errmsg, SW_ENOMEM, "unable to start a writer thread");
            break;
        }
        b->started = i + 1;
    }
}

/*
 * Waits for the writer threads; when all succeeded, clears the pending rows
 * they applied (rows queued again since carry a later generation and stay).
 * A crash before that leaves the rows in place, and applying them again is
 * idempotent.
 */
static int finish_catch_up(sw_batch *b, char **errmsg) {
    if (!b->applying)
        return 0;
    for (unsigned i = 0; i < b->started; i++)
        pthread_join(b->workers[i].thread, NULL);
    int rc = 0;
    for (unsigned i = 0; i < b->nworkers && !rc; i++)
        if ((rc = b->workers[i].rc))
            sw_error(errmsg, rc, "%s", b->workers[i].errmsg ? b->workers[i].errmsg
                                                              : sw_strerror(rc));
    if (!rc && b->npending && b->applying_upto >= 0) /* < 0: a rebuild, cleared after its swap */
        rc = sw_store_pending_done(b->store, b->applying_upto, errmsg);
    free(b->kinds);
    free(b->ids);
    b->kinds = NULL;
    b->ids = NULL;
    b->npending = 0;
    b->applying = 0;
    b->started = 0;
    return rc;
}

/* Applies every pending generation and waits for it (opening, rebuilding, the last flush). */
static int catch_up(sw_batch *b, char **errmsg) {
    int rc = finish_catch_up(b, errmsg);
    if (!rc)
        rc = start_catch_up(b, INT64_MAX, errmsg);
    if (!rc)
        rc = finish_catch_up(b, errmsg);
    return rc;
}

static int unlink_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw);

/*
 * Removes shard folders the layout does not list (xapian or xapian.N) and
 * temporary layout and stub files: what a compaction, rebuild or save
 * killed halfway left behind. Only the writer, under the lock, does this.
 */
static void remove_strays(sw_batch *b) {
    DIR *d = opendir(b->dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        size_t len = strlen(n);
        if ((strncmp(n, ".shards.", 8) == 0 || strncmp(n, ".xapian.stub.", 13) == 0) &&
            len > 4 && strcmp(n + len - 4, ".tmp") == 0) {
            /* A layout or stub a killed writer did not rename (unlinked, never followed). */
            sw_buf p = SW_BUF_INIT;
            sw_buf_addf(&p, "%s/%s", b->dir, n);
            if (!p.oom)
                unlink(sw_buf_str(&p));
            sw_buf_release(&p);
            continue;
        }
        if (strncmp(n, "xapian", 6) != 0 || (n[6] && (n[6] != '.' || !n[7] ||
                                                      strspn(n + 7, "0123456789") != strlen(n + 7))))
            continue;
        int listed = 0;
        for (size_t i = 0; i < b->shards.n; i++)
            listed |= strcmp(b->shards.names[i], n) == 0;
        if (listed)
            continue;
        sw_buf p = SW_BUF_INIT;
        sw_buf_addf(&p, "%s/%s", b->dir, n);
        struct stat st;
        if (!p.oom && lstat(sw_buf_str(&p), &st) == 0 && S_ISDIR(st.st_mode))
            nftw(sw_buf_str(&p), unlink_one, 16, FTW_DEPTH | FTW_PHYS);
        sw_buf_release(&p);
    }
    closedir(d);
}

/* Opens a writer on shard i of the layout. */
static int open_shard(sw_batch *b, size_t i, int flags, char **errmsg) {
    char *path = sw_shards_path(&b->shards, i);
    if (!path)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    struct stat st;
    int rc = 0;
    /* Xapian would write its files wherever a link planted here points. */
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        rc = sw_error(errmsg, SW_EINDEX, "'%s' is a symbolic link: refusing to follow it", path);
    if (!rc)
        rc = sw_index_open(path, SW_INDEX_WRITE | (flags & ~OPEN_NO_SHARDS), &b->shard[i], errmsg);
    free(path);
    return rc;
}

/* Sets up workers for the layout: min(jobs, shards) of them, each with its own connection. */
static int start_workers(sw_batch *b, char **errmsg) {
    unsigned want = b->jobs < b->shards.n ? b->jobs : (unsigned)b->shards.n;
    if (want == 0)
        want = 1;
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/souwen.sqlite", b->dir);
    int rc = p.oom ? sw_error(errmsg, SW_ENOMEM, "out of memory") : 0;
    for (unsigned i = b->nworkers; i < want && !rc; i++) {
        worker *w = &b->workers[i];
        w->b = b;
        w->no = i;
        rc = sw_store_open(sw_buf_str(&p), 0, &w->store, errmsg);
        if (!rc)
            rc = sw_segmenter_new(&w->seg, errmsg);
        if (!rc)
            b->nworkers = i + 1;
    }
    sw_buf_release(&p);
    return rc;
}

/*
 * Spreads new documents over `jobs` shards when the layout has fewer (an
 * epoch from the next ids on), and records the layout: the `shards` file
 * and the stub that Xapian's tools open.
 */
static int widen(sw_batch *b, char **errmsg) {
    int rc = 0;
    if (b->jobs > sw_shards_width(&b->shards)) {
        int64_t na, nh;
        size_t before = b->shards.n;
        rc = sw_store_next_ids(b->store, &na, &nh, errmsg);
        if (!rc)
            rc = sw_shards_grow(&b->shards, b->jobs, na, nh, errmsg);
        for (size_t i = before; i < b->shards.n && !rc; i++)
            rc = open_shard(b, i, 0, errmsg);
    }
    if (!rc)
        rc = sw_shards_save(&b->shards, errmsg);
    if (!rc)
        rc = start_workers(b, errmsg);
    return rc;
}

static void first_problem(void *ctx, const char *msg) {
    char **first = ctx;
    if (!*first)
        *first = strdup(msg);
}

/*
 * SQLite's quick_check of the store before anything is written: pages recorded into a damaged
 * store could be lost with it, and the index derived from it would be wrong.
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

/*
 * sw_batch_open, the shards opened with index_flags (SW_INDEX_ANY_VERSION: an upgrade); with
 * OPEN_NO_SHARDS (a rebuild) the lock, layout and store only: no shard is opened, nothing
 * pending is applied, the layout is not widened.
 */
static int open_batch(const char *dir, const sw_batch_hooks *hooks, unsigned jobs,
                      int index_flags, sw_batch **out, char **errmsg) {
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
    /* The lock first: nothing of the folder is touched while another writer has it. */
    int rc = sw_lock_take(dir, &b->lock_fd, errmsg);
    if (!rc)
        rc = sw_shards_load(dir, &b->shards, errmsg);
    if (!rc && !(index_flags & OPEN_NO_SHARDS))
        rc = sw_shards_check(&b->shards, errmsg);
    if (!rc)
        remove_strays(b);
    /*
     * The index before the store: a run killed between the two leaves an empty index and no
     * store, which reads as "nothing indexed yet", never a store without its index.
     */
    for (size_t i = 0; i < b->shards.n && !rc && !(index_flags & OPEN_NO_SHARDS); i++)
        rc = open_shard(b, i, index_flags, errmsg);
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/souwen.sqlite", dir);
    if (!rc)
        rc = sw_store_open(sw_buf_str(&p), 1, &b->store, errmsg);
    if (!rc)
        rc = check_store(b->store, sw_buf_str(&p), errmsg);
    sw_buf_release(&p);
    if (!rc)
        rc = sw_segmenter_new(&b->seg, errmsg);
    /* What a crashed run left pending goes where it was routed, before the layout widens. */
    if (!rc && !(index_flags & OPEN_NO_SHARDS))
        rc = start_workers(b, errmsg);
    if (!rc && !(index_flags & OPEN_NO_SHARDS))
        rc = catch_up(b, errmsg);
    if (!rc && !(index_flags & OPEN_NO_SHARDS))
        rc = widen(b, errmsg);
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
    return open_batch(dir, hooks, jobs, 0, out, errmsg);
}

static void close_shards(sw_batch *b) {
    for (size_t i = 0; i < SW_SHARDS_MAX; i++) {
        sw_index_close(b->shard[i]);
        b->shard[i] = NULL;
    }
}

void sw_batch_close(sw_batch *b) {
    if (!b)
        return;
    if (b->in_txn && b->store)
        sw_store_rollback(b->store);
    char *ignored = NULL;
    finish_catch_up(b, &ignored); /* after an error: the threads are waited for, nothing more */
    free(ignored);
    close_shards(b);
    for (unsigned i = 0; i < b->nworkers; i++) {
        sw_store_close(b->workers[i].store);
        sw_segmenter_free(b->workers[i].seg);
        free(b->workers[i].errmsg);
    }
    sw_store_close(b->store);
    sw_shards_release(&b->shards);
    sw_segmenter_free(b->seg);
    sw_buf_release(&b->file);
    sw_buf_release(&b->key);
    sw_buf_release(&b->utf8);
    sw_lock_release(b->lock_fd);
    free(b->dir);
    free(b);
}

void sw_batch_set_commit_pages(sw_batch *b, size_t pages) { b->commit_pages = pages ? pages : 1; }

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
    rc = open_batch(dir, NULL, jobs, SW_INDEX_ANY_VERSION, &b, errmsg);
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

/* Commits the open transaction, if any, and moves the store to the next generation. */
static int commit_txn(sw_batch *b, char **errmsg) {
    double t0 = sw_clock();
    int rc = 0;
    if (b->in_txn) {
        b->in_txn = 0;
        rc = sw_store_queue_linked(b->store, errmsg);
        if (!rc)
            rc = sw_store_commit(b->store, errmsg);
        if (rc)
            sw_store_rollback(b->store);
        else
            sw_store_set_generation(b->store, ++b->gen);
    }
    b->stats.t_store += sw_clock() - t0;
    b->txn_pages = b->txn_bytes = 0;
    return rc;
}

/*
 * A full batch: commits it, waits for the writer threads to finish the one
 * before, and sets them on this one; the caller goes on reading.
 */
static int flush_and_go_on(sw_batch *b, char **errmsg) {
    int rc = commit_txn(b, errmsg);
    if (!rc)
        rc = finish_catch_up(b, errmsg);
    if (!rc)
        rc = start_catch_up(b, b->gen - 1, errmsg);
    return rc;
}

static int begin(sw_batch *b, char **errmsg);

int sw_batch_flush(sw_batch *b, char **errmsg) {
    int rc = commit_txn(b, errmsg);
    sw_test_point("flush");
    if (!rc)
        rc = catch_up(b, errmsg);
    /* The removals are in the index now: a later --remove of them finds nothing, rightly. */
    if (!rc && b->removing && (rc = begin(b, errmsg)) == 0) {
        rc = sw_store_removed_clear(b->store, errmsg);
        int crc = commit_txn(b, errmsg);
        rc = rc ? rc : crc;
        b->removing = 0;
    }
    return rc;
}

static int key_token(void *ctx, const char *term, size_t len, size_t start, size_t end,
                     int tflags) {
    (void)start, (void)end, (void)tflags;
    sw_buf *k = ctx;
    if (k->len && k->data[k->len - 1] != '\x1f')
        sw_buf_addc(k, ' ');
    sw_buf_add(k, term, len);
    return k->oom ? SW_ENOMEM : 0;
}

/* Sets every item's key: normalized title tokens, U+001F, normalized source tokens. */
static int set_item_keys(sw_batch *b, sw_page *page) {
    for (size_t i = 0; i < page->nlists; i++) {
        for (size_t j = 0; j < page->lists[i].n; j++) {
            sw_item *it = &page->lists[i].items[j];
            sw_buf_reset(&b->key);
            int rc = sw_segment(b->seg, it->title, strlen(it->title), key_token, &b->key);
            sw_buf_addc(&b->key, '\x1f');
            if (!rc && it->source)
                rc = sw_segment(b->seg, it->source, strlen(it->source), key_token, &b->key);
            if (rc < 0 || b->key.oom)
                return rc < 0 ? rc : SW_ENOMEM;
            if (!(it->key = strdup(sw_buf_str(&b->key))))
                return SW_ENOMEM;
        }
    }
    return 0;
}

static int read_file(sw_batch *b, const char *path, char **errmsg) {
    /* O_NONBLOCK: a FIFO or a device named like a page must not hang the batch. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return sw_error(errmsg, SW_EIO, "unable to open '%s': %s", path, strerror(errno));
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) != 0) {
        rc = sw_error(errmsg, SW_EIO, "unable to read '%s': %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = sw_error(errmsg, SW_EIO, "'%s' is not a regular file", path);
        goto out;
    }
    if ((uint64_t)st.st_size > MAX_PAGE_BYTES) {
        rc = sw_error(errmsg, SW_EPARSE, "'%s' is larger than %u MB: not a page", path,
                      MAX_PAGE_BYTES >> 20);
        goto out;
    }
    sw_buf_reset(&b->file);
    if (b->file.cap > 4 * (size_t)st.st_size + (1u << 20))
        sw_buf_release(&b->file); /* do not keep a huge buffer for small pages */
    for (;;) {
        if (sw_buf_grow(&b->file, 65536)) {
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory reading '%s'", path);
            break;
        }
        ssize_t n = read(fd, b->file.data + b->file.len, 65536);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = sw_error(errmsg, SW_EIO, "unable to read '%s': %s", path, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        b->file.len += (size_t)n;
        b->file.data[b->file.len] = '\0';
        /* The file may have grown since fstat. */
        if (b->file.len > MAX_PAGE_BYTES) {
            rc = sw_error(errmsg, SW_EPARSE, "'%s' is larger than %u MB: not a page", path,
                          MAX_PAGE_BYTES >> 20);
            break;
        }
    }
out:
    close(fd);
    if (b->file.oom)
        sw_buf_release(&b->file); /* the next file starts afresh */
    return rc;
}

static void hash_hex(const char *data, size_t len, char hash[40]) {
    XXH128_hash_t h = XXH3_128bits(data, len);
    snprintf(hash, 40, "%016llx%016llx", (unsigned long long)h.high64,
             (unsigned long long)h.low64);
}

static int begin(sw_batch *b, char **errmsg) {
    if (!b->in_txn) {
        int rc = sw_store_begin(b->store, errmsg);
        if (rc)
            return rc;
        b->in_txn = 1;
    }
    return 0;
}

/* Records a parsed page under `key`, flushing when the transaction is full. */
static int record(sw_batch *b, sw_page *page, const char *key, const char *hash, size_t bytes,
                  char **errmsg) {
    sw_put_stats ps = {0, 0, 0};
    double t0 = sw_clock();
    int rc = sw_store_put_page(b->store, page, key, hash, (int64_t)bytes, &ps, errmsg);
    b->stats.t_store += sw_clock() - t0;
    if (rc)
        return rc;
    b->stats.pages++;
    b->stats.articles += ps.articles;
    b->stats.headlines_new += ps.headlines_new;
    b->stats.headlines_seen += ps.headlines_seen;
    b->txn_pages++;
    b->txn_bytes += bytes;
    if (b->txn_pages >= b->commit_pages || b->txn_bytes >= BATCH_BYTES) {
        if ((rc = flush_and_go_on(b, errmsg)))
            return rc;
        return begin(b, errmsg);
    }
    return 0;
}

static void progress(sw_batch *b) {
    if (b->hooks.progress)
        b->hooks.progress(b->hooks.ctx, &b->stats);
}

static int stopped(sw_batch *b) { return b->hooks.stop && *b->hooks.stop; }

/*
 * A WARC file, record by record. Each HTML response or resource record is a
 * page keyed by its WARC-Target-URI; bad records are reported and skipped.
 */
static int add_warc(sw_batch *b, const char *abs, const char *path, char **errmsg) {
    sw_warc *w = NULL;
    char *msg = NULL;
    int rc = sw_warc_open(abs, path, &w, &msg), failed = 0;
    if (rc) {
        report(b, msg);
        rc = sw_store_set_failure(b->store, abs, msg, errmsg);
        free(msg);
        return rc;
    }
    rc = 0;
    sw_warc_record r;
    while (!rc && !stopped(b)) {
        double t0 = sw_clock();
        int got = sw_warc_next(w, &r, &msg);
        b->stats.t_read += sw_clock() - t0;
        progress(b); /* a WARC file is many pages: keep the progress line moving */
        if (got == 0)
            break;
        if (got < 0) {
            failed = 1;
            report(b, msg);
            if ((rc = sw_store_set_failure(b->store, abs, msg, errmsg)) || got == SW_EIO)
                break;
            continue;
        }
        b->stats.warc_records++;
        if (r.kind == SW_WARC_SKIPPED) {
            b->stats.warc_skipped++;
            continue;
        }
        b->stats.bytes += r.body_len;
        char hash[40];
        hash_hex(r.body, r.body_len, hash);
        if ((rc = sw_store_page_unchanged(b->store, r.uri, hash, errmsg)) < 0)
            break;
        if (rc == 1) {
            rc = 0;
            b->stats.unchanged++;
            continue;
        }
        sw_page page;
        sw_page_init(&page);
        char name[512];
        snprintf(name, sizeof(name), "%s (record at byte %llu, %s)", path,
                 (unsigned long long)r.offset, r.uri);
        char iso[SW_DATE_MAX];
        rc = sw_set_str(&page.url, r.uri, strlen(r.uri));
        if (!rc)
            rc = sw_set_str(&page.path, abs, strlen(abs));
        if (!rc && r.date && sw_date_find(r.date, strlen(r.date), iso, NULL, NULL))
            rc = sw_set_str(&page.fetched_at, iso, strlen(iso));
        t0 = sw_clock();
        if (!rc)
            rc = sw_parse_page(r.body, r.body_len, SW_INPUT_HTML, name, r.charset, &b->utf8,
                               &page, &msg);
        if (!rc)
            rc = set_item_keys(b, &page);
        b->stats.t_parse += sw_clock() - t0;
        if (rc) {
            sw_page_release(&page);
            if (!msg)
                sw_error(&msg, rc, "unable to read '%s': %s", name, sw_strerror(rc));
            failed = 1;
            report(b, msg);
            rc = sw_store_set_failure(b->store, abs, msg, errmsg);
            continue;
        }
        warn(b, &page);
        rc = record(b, &page, r.uri, hash, r.body_len, errmsg);
        sw_page_release(&page);
    }
    free(msg);
    sw_warc_close(w);
    if (!rc && !failed)
        rc = sw_store_set_failure(b->store, abs, NULL, errmsg);
    return rc;
}

/*
 * One file. Returns 0 when the file was handled (indexed, unchanged, or
 * failed and reported); negative only for store/index failures.
 */
static int add_file(sw_batch *b, const char *path, char **errmsg) {
    char abs[PATH_MAX];
    char *msg = NULL;
    int rc = 0;
    b->stats.files++;
    if (!realpath(path, abs)) {
        sw_error(&msg, SW_EIO, "unable to open '%s': %s", path, strerror(errno));
        report(b, msg);
        free(msg);
        return 0;
    }
    if ((rc = begin(b, errmsg)))
        return rc;
    if (sw_input_kind_by_name(abs) == SW_INPUT_WARC)
        return add_warc(b, abs, path, errmsg);
    double t0 = sw_clock();
    rc = read_file(b, abs, &msg);
    b->stats.t_read += sw_clock() - t0;
    if (rc)
        goto failed;
    int kind = sw_input_kind(abs, sw_buf_str(&b->file), b->file.len);
    if (kind == SW_INPUT_WARC)
        return add_warc(b, abs, path, errmsg);
    b->stats.bytes += b->file.len;
    char hash[40];
    hash_hex(sw_buf_str(&b->file), b->file.len, hash);
    rc = sw_store_page_unchanged(b->store, abs, hash, errmsg);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        b->stats.unchanged++;
        return 0;
    }
    sw_page page;
    sw_page_init(&page);
    t0 = sw_clock();
    rc = sw_parse_page(sw_buf_str(&b->file), b->file.len, kind, path, NULL, &b->utf8, &page,
                       &msg);
    if (!rc && (rc = sw_set_str(&page.path, abs, strlen(abs))) == 0)
        rc = set_item_keys(b, &page);
    b->stats.t_parse += sw_clock() - t0;
    if (rc) {
        sw_page_release(&page);
        if (!msg)
            sw_error(&msg, rc, "unable to read '%s': %s", path, sw_strerror(rc));
        goto failed;
    }
    warn(b, &page);
    /* The same bytes may be known under the page's URL (from a WARC, or another copy). */
    rc = page.url ? sw_store_page_unchanged(b->store, page.url, hash, errmsg) : 0;
    if (rc == 1)
        b->stats.unchanged++;
    else if (rc == 0)
        rc = record(b, &page, page.url ? page.url : abs, hash, b->file.len, errmsg);
    sw_page_release(&page);
    if (rc < 0)
        return rc;
    return sw_store_set_failure(b->store, abs, NULL, errmsg);

failed:
    report(b, msg);
    rc = sw_store_set_failure(b->store, abs, msg, errmsg);
    free(msg);
    return rc;
}

static int page_file(const char *name) { return sw_input_kind_by_name(name) != 0; }

static int by_name(const FTSENT **a, const FTSENT **b) { return strcmp((*a)->fts_name, (*b)->fts_name); }


int sw_batch_add_path(sw_batch *b, const char *path, char **errmsg) {
    struct stat st;
    char *msg = NULL;
    if (stat(path, &st) != 0) {
        b->stats.files++;
        sw_error(&msg, SW_EIO, "unable to open '%s': %s", path, strerror(errno));
        report(b, msg);
        free(msg);
        return 0;
    }
    if (!S_ISDIR(st.st_mode)) {
        int rc = add_file(b, path, errmsg);
        progress(b);
        return rc;
    }
    char *const argv[] = {(char *)path, NULL};
    FTS *fts = fts_open(argv, FTS_PHYSICAL | FTS_COMFOLLOW | FTS_NOCHDIR, by_name);
    if (!fts) {
        sw_error(&msg, SW_EIO, "unable to read folder '%s': %s", path, strerror(errno));
        report(b, msg);
        free(msg);
        return 0;
    }
    int rc = 0;
    FTSENT *e;
    while (!rc && !stopped(b) && (e = fts_read(fts)) != NULL) {
        switch (e->fts_info) {
        case FTS_F:
            if (page_file(e->fts_name)) {
                rc = add_file(b, e->fts_path, errmsg);
                progress(b);
            } else {
                b->stats.skipped++;
            }
            break;
        case FTS_DNR:
        case FTS_ERR:
        case FTS_NS:
            b->stats.files++;
            sw_error(&msg, SW_EIO, "unable to read '%s': %s", e->fts_path, strerror(e->fts_errno));
            report(b, msg);
            break;
        default:
            break;
        }
    }
    free(msg);
    fts_close(fts);
    return rc;
}

/* Removes one file or folder below the Xapian folder (nftw callback). */
static int unlink_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

int sw_batch_remove(sw_batch *b, const char *what, int64_t *removed, char **errmsg) {
    char abs[PATH_MAX];
    int rc = begin(b, errmsg);
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

/* Removes the folder of shard name `name` in the index folder, if there. */
static int remove_shard_dir(sw_batch *b, const char *name, char **errmsg) {
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/%s", b->dir, name);
    int rc = 0;
    if (p.oom)
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    else if (nftw(sw_buf_str(&p), unlink_one, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT)
        rc = sw_error(errmsg, SW_EIO, "unable to remove the old index '%s': %s", sw_buf_str(&p),
                      strerror(errno));
    sw_buf_release(&p);
    return rc;
}

/* Documents in all shards. */
static int count_docs(sw_batch *b, uint64_t *docs, char **errmsg) {
    *docs = 0;
    for (size_t i = 0; i < b->shards.n; i++) {
        uint64_t n = 0;
        int rc = sw_index_count(b->shard[i], &n, errmsg);
        if (rc)
            return rc;
        *docs += n;
    }
    return 0;
}

/* Opens writers on every shard of a new layout, records it, and sizes the workers. */
static int adopt_layout(sw_batch *b, char **errmsg) {
    int rc = 0;
    for (size_t i = 0; i < b->shards.n && !rc; i++)
        rc = open_shard(b, i, 0, errmsg);
    if (!rc)
        rc = sw_shards_save(&b->shards, errmsg);
    for (unsigned i = (unsigned)b->shards.n; i < b->nworkers; i++) {
        /* fewer shards than workers: the extra workers have nothing to write */
        sw_store_close(b->workers[i].store);
        sw_segmenter_free(b->workers[i].seg);
        free(b->workers[i].errmsg);
        memset(&b->workers[i], 0, sizeof(b->workers[i]));
    }
    if (b->nworkers > b->shards.n)
        b->nworkers = (unsigned)b->shards.n;
    if (!rc)
        rc = start_workers(b, errmsg);
    return rc;
}

/* Every document the store holds: its articles and listed headlines, into b->kinds, b->ids. */
static int list_all(sw_batch *b, char **errmsg) {
    int64_t *a = NULL, *h = NULL;
    size_t na = 0, nh = 0;
    int rc = sw_store_ids(b->store, 'a', &a, &na, errmsg);
    if (!rc)
        rc = sw_store_ids(b->store, 'h', &h, &nh, errmsg);
    if (!rc && (!(b->kinds = malloc(na + nh + 1)) ||
                !(b->ids = malloc((na + nh + 1) * sizeof(*b->ids)))))
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < na + nh; i++) {
        b->kinds[i] = i < na ? 'a' : 'h';
        b->ids[i] = i < na ? a[i] : h[i - na];
    }
    b->npending = rc ? 0 : na + nh;
    free(a);
    free(h);
    return rc;
}

int sw_batch_rebuild(const char *dir, const sw_batch_hooks *hooks, unsigned jobs, uint64_t *docs,
                     char **errmsg) {
    sw_batch *b = NULL;
    char *old[SW_SHARDS_MAX];
    size_t nold = 0;
    memset(old, 0, sizeof(old));
    /* The old shards stay closed: a damaged one is what a rebuild is for. */
    int rc = open_batch(dir, hooks, jobs, OPEN_NO_SHARDS, &b, errmsg);
    for (size_t i = 0; !rc && i < b->shards.n; i++, nold++)
        if (!(old[i] = strdup(b->shards.names[i])))
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    /*
     * New shards beside the old ones, under names neither the layout nor the folder uses:
     * until the layout is swapped they are strays, which searches never open and the next
     * writer removes, so a rebuild killed before its swap leaves the old index as it was.
     */
    if (!rc)
        rc = sw_shards_reset(&b->shards, b->jobs, 1, errmsg);
    for (size_t i = 0; !rc && i < b->shards.n; i++)
        rc = open_shard(b, i, 0, errmsg);
    if (!rc)
        rc = start_workers(b, errmsg);
    if (!rc)
        rc = list_all(b, errmsg);
    if (!rc) {
        start_threads(b, -1); /* pending rows stay until the swap */
        rc = finish_catch_up(b, errmsg);
    }
    /* The swap; then the new shards hold every stored document, so nothing is pending. */
    if (!rc)
        sw_test_point("rebuild-swap");
    if (!rc)
        rc = sw_shards_save(&b->shards, errmsg);
    if (!rc)
        rc = sw_store_pending_done(b->store, INT64_MAX, errmsg);
    for (size_t i = 0; i < nold && !rc; i++)
        rc = remove_shard_dir(b, old[i], errmsg);
    if (!rc)
        rc = count_docs(b, docs, errmsg);
    for (size_t i = 0; i < nold; i++)
        free(old[i]);
    sw_batch_close(b);
    return rc;
}

int sw_batch_compact(sw_batch *b, uint64_t *docs, char **errmsg) {
    int rc = sw_batch_flush(b, errmsg);
    if (rc)
        return rc;
    char *old[SW_SHARDS_MAX];
    size_t n = b->shards.n;
    memset(old, 0, sizeof(old));
    for (size_t i = 0; i < n && !rc; i++)
        if (!(old[i] = strdup(b->shards.names[i])))
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    char *paths[SW_SHARDS_MAX];
    memset(paths, 0, sizeof(paths));
    for (size_t i = 0; i < n && !rc; i++)
        if (!(paths[i] = sw_shards_path(&b->shards, i)))
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    close_shards(b);
    /* Into a new folder; the layout switches to it atomically, then the old shards go. */
    char *dst = NULL;
    if (!rc)
        rc = sw_shards_reset(&b->shards, 1, 1, errmsg);
    if (!rc && !(dst = sw_shards_path(&b->shards, 0)))
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    if (!rc)
        rc = sw_index_compact((const char *const *)paths, n, dst, errmsg);
    if (!rc)
        sw_test_point("compact-swap");
    if (!rc)
        rc = adopt_layout(b, errmsg);
    if (!rc)
        sw_test_point("compact-swapped");
    for (size_t i = 0; i < n && !rc; i++)
        rc = remove_shard_dir(b, old[i], errmsg);
    if (!rc)
        rc = count_docs(b, docs, errmsg);
    for (size_t i = 0; i < n; i++) {
        free(old[i]);
        free(paths[i]);
    }
    free(dst);
    return rc;
}
