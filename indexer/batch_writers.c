/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_writers.c - the writer threads: the pending work of the store applied to the shards.
 *
 * After each SQLite commit the pending rows of that generation (schema/souwen.sql) are read
 * once by the calling thread and spread over the workers by shard: each worker owns the
 * shards s with s % nworkers == its number, so no two threads ever write one Xapian
 * database, and each has its own read-only store connection and segmenter. The decision a
 * reader needs: a document is always rebuilt from the store's committed rows, never from the
 * parse in memory, so a normal run, the catch-up after a crash and a rebuild take this one
 * path, and applying a generation twice is harmless.
 *
 * This file does not decide what is pending (the store does), which shard holds a document
 * (shards.h), or when a generation is committed (batch.c).
 */
#include "batch_int.h"

#include "buf.h"
#include "doc.h"
#include "error.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Applies the pending rows routed to this worker's shards, then commits those shards. */
static void *work(void *arg) {
    batch_worker *w = arg;
    sw_batch *b = w->b;
    /* One snapshot of the store for the whole catch-up, instead of a read lock taken and
     * dropped for every statement (about 8 % of the reading time of a re-crawl). */
    int rc = sw_store_read_begin(w->store, &w->errmsg);
    size_t patches[SW_SHARDS_MAX] = {0};
    for (size_t i = 0; i < b->npending; i++)
        if (b->kinds[i] == 'c' || b->kinds[i] == 'g')
            patches[sw_shards_route(&b->shards, b->kinds[i], b->ids[i])]++;
    for (size_t sh = w->no; sh < b->shards.n && !rc; sh += b->nworkers)
        rc = sw_index_expect_patches(b->shard[sh], patches[sh], NULL, &w->errmsg);
    for (size_t i = 0; i < b->npending && !rc; i++) {
        unsigned sh = sw_shards_route(&b->shards, b->kinds[i], b->ids[i]);
        if (sh % b->nworkers != w->no)
            continue;
        /* 'c', 'g': an article whose page was captured again, a headline whose spans moved,
         * their words unchanged: a patch. */
        int patch = b->kinds[i] == 'c' || b->kinds[i] == 'g';
        char kind = b->kinds[i] == 'c' ? 'a' : b->kinds[i] == 'g' ? 'h' : b->kinds[i];
        sw_doc d;
        double t0 = sw_clock();
        rc = sw_store_get_doc(w->store, kind, b->ids[i], patch ? SW_DOC_VALUES : 1, &d, &w->errmsg);
        w->t_fetch += sw_clock() - t0;
        if (rc == 0 && patch) {
            rc = sw_index_patch(b->shard[sh], &d, &w->errmsg);
            sw_doc_release(&d);
            /* No document to patch yet: it is written whole, with its text. */
            if (rc == SW_ENOTFOUND)
                rc = sw_store_get_doc(w->store, kind, b->ids[i], 1, &d, &w->errmsg);
            else
                patch = -1; /* patched */
        }
        if (rc == SW_ENOTFOUND) {
            rc = sw_index_delete(b->shard[sh], kind, b->ids[i], &w->errmsg);
        } else if (rc == 0 && patch >= 0) {
            rc = sw_index_put(b->shard[sh], w->seg, &d, &w->errmsg);
            sw_doc_release(&d);
        }
    }
    if (rc)
        sw_store_rollback(w->store);
    else
        rc = sw_store_commit(w->store, &w->errmsg);
    for (size_t sh = w->no; sh < b->shards.n && !rc; sh += b->nworkers)
        rc = sw_index_commit(b->shard[sh], &w->errmsg);
    w->rc = rc;
    return NULL;
}

int batch_writers_start(sw_batch *b, char **errmsg) {
    unsigned want = b->jobs < b->shards.n ? b->jobs : (unsigned)b->shards.n;
    if (want == 0)
        want = 1;
    int rc = 0;
    for (unsigned i = b->nworkers; i < want && !rc; i++) {
        batch_worker *w = &b->workers[i];
        w->b = b;
        w->no = i;
        rc = sw_store_open(b->store_path, 0, &w->store, errmsg);
        if (!rc)
            rc = sw_segmenter_new(&w->seg, errmsg);
        if (!rc)
            b->nworkers = i + 1;
    }
    return rc;
}

void batch_writers_release(sw_batch *b, unsigned from) {
    for (unsigned i = from; i < b->nworkers; i++) {
        sw_store_close(b->workers[i].store);
        sw_segmenter_free(b->workers[i].seg);
        free(b->workers[i].errmsg);
        memset(&b->workers[i], 0, sizeof(b->workers[i]));
    }
    if (b->nworkers > from)
        b->nworkers = from;
}

/*
 * The documents are spread over the workers by shard; each writes and commits its own shards,
 * all at once, while the calling thread goes on recording the next batch (a later
 * generation) in SQLite.
 */
void batch_writers_run(sw_batch *b, int64_t upto) {
    b->applying = 1;
    b->applying_upto = upto;
    b->started = 0;
    for (unsigned i = 0; i < b->nworkers; i++) {
        b->workers[i].rc = 0;
        free(b->workers[i].errmsg);
        b->workers[i].errmsg = NULL;
    }
    for (unsigned i = 0; i < b->nworkers && b->npending; i++) {
        batch_worker *w = &b->workers[i];
        if (pthread_create(&w->thread, NULL, work, w) != 0) {
            w->rc = sw_error(&w->errmsg, SW_ENOMEM, "unable to start a writer thread");
            break;
        }
        b->started = i + 1;
    }
}

int batch_catch_up_start(sw_batch *b, int64_t upto, char **errmsg) {
    int rc = sw_store_pending(b->store, upto, &b->kinds, &b->ids, &b->npending, errmsg);
    if (!rc && b->npending && (rc = batch_check_wait(b, errmsg))) {
        free(b->kinds); /* nothing from a damaged store goes to the shards */
        free(b->ids);
        b->kinds = NULL;
        b->ids = NULL;
        b->npending = 0;
    }
    if (rc)
        return rc;
    batch_writers_run(b, upto);
    return 0;
}

/*
 * Rows queued again while the threads ran carry a later generation and stay. A crash before
 * the rows are cleared leaves them in place, and applying them again is idempotent.
 */
int batch_catch_up_finish(sw_batch *b, char **errmsg) {
    if (!b->applying)
        return 0;
    for (unsigned i = 0; i < b->started; i++)
        pthread_join(b->workers[i].thread, NULL);
    int rc = 0;
    for (unsigned i = 0; i < b->nworkers && !rc; i++)
        if ((rc = b->workers[i].rc))
            sw_error(errmsg, rc, "%s",
                     b->workers[i].errmsg ? b->workers[i].errmsg : sw_strerror(rc));
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

int batch_catch_up(sw_batch *b, char **errmsg) {
    int rc = batch_catch_up_finish(b, errmsg);
    if (!rc)
        rc = batch_catch_up_start(b, INT64_MAX, errmsg);
    if (!rc)
        rc = batch_catch_up_finish(b, errmsg);
    return rc;
}
