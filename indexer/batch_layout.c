/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_layout.c - the shards of an index folder, administered by its writer: opening them,
 * widening the layout for more writer threads, removing strays, --rebuild and --compact.
 *
 * The decision a reader needs: the layout (the `shards` file, shards.h) is the only truth
 * about which shard folders make up the index, and it is switched atomically. New shards are
 * always written beside the old ones under names the layout does not list, so until the
 * switch they are strays that searches never open; the old ones are removed only after it.
 * A run killed at any moment leaves either the old index or the new one, and the next writer
 * removes what is not listed.
 *
 * This file does not route documents to shards (shards.c) or write documents into them
 * (batch_writers.c); it never follows a symbolic link in the index folder.
 */
#include "batch_int.h"

#include "buf.h"
#include "error.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Removes one file or folder below a shard folder (nftw callback). */
static int unlink_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

/* Whether `n` names a shard folder: xapian or xapian.N. */
static int shard_name(const char *n) {
    if (strncmp(n, "xapian", 6) != 0)
        return 0;
    return !n[6] || (n[6] == '.' && n[7] && strspn(n + 7, "0123456789") == strlen(n + 7));
}

/* Whether `n` is a temporary layout or stub file (.shards.*.tmp, .xapian.stub.*.tmp). */
static int temporary_name(const char *n) {
    size_t len = strlen(n);
    return (strncmp(n, ".shards.", 8) == 0 || strncmp(n, ".xapian.stub.", 13) == 0) && len > 4 &&
           strcmp(n + len - 4, ".tmp") == 0;
}

/* Whether the index folder's file `name` is absent or empty. */
static int empty_file(const sw_batch *b, const char *name) {
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/%s", b->dir, name);
    struct stat st;
    int empty = !p.oom && (lstat(sw_buf_str(&p), &st) != 0 ? errno == ENOENT
                                                           : S_ISREG(st.st_mode) && !st.st_size);
    sw_buf_release(&p);
    return empty;
}

/* Whether shard folder `n` is there without the `iamglass` file Xapian writes last. */
static int headless_shard(const sw_batch *b, const char *n) {
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/%s", b->dir, n);
    struct stat st;
    int there = !p.oom && lstat(sw_buf_str(&p), &st) == 0 && S_ISDIR(st.st_mode);
    sw_buf_addf(&p, "/iamglass");
    int headless = there && !p.oom && lstat(sw_buf_str(&p), &st) != 0 && errno == ENOENT;
    sw_buf_release(&p);
    return headless;
}

void batch_remove_strays(sw_batch *b) {
    DIR *d = opendir(b->dir);
    if (!d)
        return;
    /*
     * A writer killed in a new index's first moments, before anything was committed to the
     * store (absent or empty, its write-ahead log too), can leave a listed shard with tables
     * but no `iamglass`, which Xapian takes for a database and cannot open: nothing was ever
     * indexed in it, so it goes too.
     */
    int unborn = empty_file(b, "souwen.sqlite") && empty_file(b, "souwen.sqlite-wal");
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        int temporary = temporary_name(n);
        if (!temporary && !shard_name(n))
            continue;
        int listed = 0;
        for (size_t i = 0; !temporary && i < b->shards.n; i++)
            listed |= strcmp(b->shards.names[i], n) == 0;
        if (listed && !(unborn && headless_shard(b, n)))
            continue;
        sw_buf p = SW_BUF_INIT;
        sw_buf_addf(&p, "%s/%s", b->dir, n);
        struct stat st;
        /* A layout or stub a killed writer did not rename is unlinked, never followed. */
        if (!p.oom && temporary)
            unlink(sw_buf_str(&p));
        else if (!p.oom && lstat(sw_buf_str(&p), &st) == 0 && S_ISDIR(st.st_mode))
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
        rc = sw_index_open(path, SW_INDEX_WRITE | flags, &b->shard[i], errmsg);
    /* With pages in the store (else batch_remove_strays removed it): what --rebuild is for. */
    if (rc == SW_EINDEX && headless_shard(b, b->shards.names[i]))
        rc = sw_error(errmsg, SW_EINDEX,
                      "'%s' is an unfinished shard (no iamglass): souwen-index --rebuild writes "
                      "it again from the record of pages",
                      path);
    free(path);
    return rc;
}

int batch_open_shards(sw_batch *b, size_t from, int flags, char **errmsg) {
    int rc = 0;
    for (size_t i = from; i < b->shards.n && !rc; i++)
        rc = open_shard(b, i, flags, errmsg);
    return rc;
}

void batch_close_shards(sw_batch *b) {
    for (size_t i = 0; i < SW_SHARDS_MAX; i++) {
        sw_index_close(b->shard[i]);
        b->shard[i] = NULL;
    }
}

/*
 * The new shards take an epoch from the next ids on, so every document already written stays
 * in the shard that holds it; the `shards` file and the stub Xapian's tools open are saved.
 */
int batch_widen(sw_batch *b, char **errmsg) {
    int rc = 0;
    if (b->jobs > sw_shards_width(&b->shards)) {
        int64_t na, nh;
        size_t before = b->shards.n;
        rc = sw_store_next_ids(b->store, &na, &nh, errmsg);
        if (!rc)
            rc = sw_shards_grow(&b->shards, b->jobs, na, nh, errmsg);
        if (!rc)
            rc = batch_open_shards(b, before, 0, errmsg);
    }
    if (!rc)
        rc = sw_shards_save(&b->shards, errmsg);
    if (!rc)
        rc = batch_writers_start(b, errmsg);
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

/*
 * Copies the names of the layout's shards into old[0..*n) (NULL past a failed copy), before
 * the layout is replaced; retire() frees them.
 */
static int keep_names(sw_batch *b, char *old[SW_SHARDS_MAX], size_t *n, char **errmsg) {
    int rc = 0;
    memset(old, 0, SW_SHARDS_MAX * sizeof(*old));
    *n = b->shards.n;
    for (size_t i = 0; i < *n && !rc; i++)
        if (!(old[i] = strdup(b->shards.names[i])))
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    return rc;
}

/*
 * After the switch to a new layout (unless *rc is set): removes the old shards old[0..n) and
 * counts the new layout's documents into *docs. Frees the names whatever *rc.
 */
static void retire(sw_batch *b, char *old[SW_SHARDS_MAX], size_t n, uint64_t *docs, int *rc,
                   char **errmsg) {
    for (size_t i = 0; i < n && !*rc; i++)
        *rc = remove_shard_dir(b, old[i], errmsg);
    if (!*rc)
        *rc = count_docs(b, docs, errmsg);
    for (size_t i = 0; i < n; i++)
        free(old[i]);
}

/* Opens writers on every shard of a new layout, records it, and sizes the workers. */
static int adopt_layout(sw_batch *b, char **errmsg) {
    int rc = batch_open_shards(b, 0, 0, errmsg);
    if (!rc)
        rc = sw_shards_save(&b->shards, errmsg);
    batch_writers_release(b, (unsigned)b->shards.n); /* fewer shards: the rest has nothing to do */
    if (!rc)
        rc = batch_writers_start(b, errmsg);
    return rc;
}

/* Every document the store holds: its articles and headlines listed or shown, into b->kinds,
 * b->ids. */
static int list_all(sw_batch *b, char **errmsg) {
    int64_t *a = NULL, *h = NULL;
    size_t na = 0, nh = 0;
    int rc = sw_store_ids(b->store, 'a', &a, &na, errmsg);
    if (!rc)
        rc = sw_store_ids(b->store, 'h', &h, &nh, errmsg);
    if (!rc &&
        (!(b->kinds = malloc(na + nh + 1)) || !(b->ids = malloc((na + nh + 1) * sizeof(*b->ids)))))
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
    /* The old shards stay closed: a damaged one is what a rebuild is for. */
    int rc = batch_open(dir, hooks, jobs, BATCH_NO_SHARDS, &b, errmsg);
    if (!rc)
        rc = keep_names(b, old, &nold, errmsg);
    /*
     * New shards beside the old ones, under names neither the layout nor the folder uses:
     * until the layout is swapped they are strays, which searches never open and the next
     * writer removes, so a rebuild killed before its swap leaves the old index as it was.
     */
    if (!rc)
        rc = sw_shards_reset(&b->shards, b->jobs, 1, errmsg);
    if (!rc)
        rc = batch_open_shards(b, 0, 0, errmsg);
    if (!rc)
        rc = batch_writers_start(b, errmsg);
    if (!rc)
        rc = list_all(b, errmsg);
    if (!rc) {
        batch_writers_run(b, -1); /* pending rows stay until the swap */
        rc = batch_catch_up_finish(b, errmsg);
    }
    /* The swap; then the new shards hold every stored document, so nothing is pending. */
    if (!rc) {
        batch_test_point("rebuild-swap");
        rc = sw_shards_save(&b->shards, errmsg);
    }
    if (!rc)
        rc = sw_store_pending_done(b->store, INT64_MAX, errmsg);
    if (b)
        retire(b, old, nold, docs, &rc, errmsg);
    sw_batch_close(b);
    return rc;
}

int sw_batch_docs(sw_batch *b, uint64_t *docs, char **errmsg) {
    return count_docs(b, docs, errmsg);
}

/* Shards compacted each into its own new folder, by as many threads as there are jobs. */
typedef struct compact_job {
    char **src, **dst; /* shard i: from src[i] into dst[i] */
    int *rc;           /* shard i's status */
    char **err;        /* ...and message (owned) */
    size_t n;
    atomic_size_t next; /* the next shard to take */
} compact_job;

static void *compact_shards(void *arg) {
    compact_job *j = arg;
    for (size_t i; (i = atomic_fetch_add(&j->next, 1)) < j->n;)
        j->rc[i] = sw_index_compact((const char *const *)&j->src[i], 1, j->dst[i], &j->err[i]);
    return NULL;
}

/*
 * Compacts src[i] into dst[i] for each of the n shards, on up to `threads` threads (the
 * caller's among them: with none started, it does them all). The first failure, in shard
 * order, is returned.
 */
static int compact_each(char **src, char **dst, size_t n, unsigned threads, char **errmsg) {
    int rcs[SW_SHARDS_MAX] = {0};
    char *errs[SW_SHARDS_MAX] = {0};
    pthread_t th[SW_SHARDS_MAX];
    compact_job j = {src, dst, rcs, errs, n, 0};
    size_t started = 0;
    while (started + 1 < threads && started + 1 < n &&
           pthread_create(&th[started], NULL, compact_shards, &j) == 0)
        started++;
    compact_shards(&j);
    for (size_t i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rcs[i] && !rc) {
            rc = rcs[i];
            free(*errmsg);
            *errmsg = errs[i];
            errs[i] = NULL;
        }
        free(errs[i]);
    }
    return rc;
}

int sw_batch_compact(sw_batch *b, int each, uint64_t *docs, char **errmsg) {
    int rc = sw_batch_flush(b, errmsg);
    if (rc)
        return rc;
    batch_test_point("compact");
    char *old[SW_SHARDS_MAX];
    size_t n = 0;
    rc = keep_names(b, old, &n, errmsg);
    char *paths[SW_SHARDS_MAX], *dsts[SW_SHARDS_MAX];
    memset(paths, 0, sizeof(paths));
    memset(dsts, 0, sizeof(dsts));
    for (size_t i = 0; i < n && !rc; i++)
        if (!(paths[i] = sw_shards_path(&b->shards, i)))
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    batch_close_shards(b);
    /*
     * Into new folders (one, or one a shard); the layout switches to them atomically, then
     * the old shards go. Until the switch the new folders are strays that no search opens.
     */
    if (!rc)
        rc =
            each ? sw_shards_rename(&b->shards, errmsg) : sw_shards_reset(&b->shards, 1, 1, errmsg);
    size_t ndst = each ? n : 1;
    for (size_t i = 0; !rc && i < ndst; i++)
        if (!(dsts[i] = sw_shards_path(&b->shards, i)))
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    if (!rc)
        rc = each ? compact_each(paths, dsts, n, b->jobs, errmsg)
                  : sw_index_compact((const char *const *)paths, n, dsts[0], errmsg);
    /* A compaction that failed (a full disk) leaves no half-written copy taking room. */
    for (size_t i = 0; rc && i < ndst && dsts[i]; i++)
        nftw(dsts[i], unlink_one, 16, FTW_DEPTH | FTW_PHYS);
    if (!rc) {
        batch_test_point("compact-swap");
        rc = adopt_layout(b, errmsg);
    }
    if (!rc)
        batch_test_point("compact-swapped");
    retire(b, old, n, docs, &rc, errmsg);
    for (size_t i = 0; i < n || i < ndst; i++) {
        free(paths[i]);
        free(dsts[i]);
    }
    return rc;
}
