/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * helper.c - a second thread that shares the caller's loops (see helper.h).
 *
 * One job at a time: the caller posts it under the lock, both threads take items through an
 * atomic counter, and the caller withdraws the job (if the helper never woke for it) or waits
 * until the helper has finished the item it took.
 */
#include "helper.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

struct sw_helper {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* a job posted, the helper done with one, or quit */
    sw_helper_open_fn open;
    sw_helper_close_fn close;
    void *arg;
    int ready; /* 0: opening; 1: waits for jobs; -1: could not open (never helps) */
    int quit;
    int posted; /* a job waits to be taken */
    int busy;   /* the helper works on the job */
    sw_helper_item_fn fn;
    void *job;
    size_t n;
    atomic_size_t next; /* the next item to take */
};

static void take_items(sw_helper *h, sw_helper_item_fn fn, void *job, void *state, size_t n) {
    for (size_t i; (i = atomic_fetch_add(&h->next, 1)) < n;)
        fn(job, state, i);
}

static void *helper_main(void *arg) {
    sw_helper *h = arg;
    void *state = NULL;
    int ok = h->open(h->arg, &state) == 0;
    pthread_mutex_lock(&h->mu);
    h->ready = ok ? 1 : -1;
    while (ok) {
        while (!h->posted && !h->quit)
            pthread_cond_wait(&h->cv, &h->mu);
        if (h->quit)
            break;
        h->posted = 0;
        h->busy = 1;
        sw_helper_item_fn fn = h->fn;
        void *job = h->job;
        size_t n = h->n;
        pthread_mutex_unlock(&h->mu);
        take_items(h, fn, job, state, n);
        pthread_mutex_lock(&h->mu);
        h->busy = 0;
        pthread_cond_broadcast(&h->cv);
    }
    pthread_mutex_unlock(&h->mu);
    if (ok)
        h->close(state);
    return NULL;
}

sw_helper *sw_helper_start(sw_helper_open_fn open, sw_helper_close_fn close, void *arg) {
    cpu_set_t cpus;
    if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && CPU_COUNT(&cpus) < 2)
        return NULL; /* a second thread would only take turns with the first */
    sw_helper *h = calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    h->open = open;
    h->close = close;
    h->arg = arg;
    atomic_init(&h->next, 0);
    if (pthread_mutex_init(&h->mu, NULL)) {
        free(h);
        return NULL;
    }
    if (pthread_cond_init(&h->cv, NULL)) {
        pthread_mutex_destroy(&h->mu);
        free(h);
        return NULL;
    }
    if (pthread_create(&h->th, NULL, helper_main, h)) {
        pthread_cond_destroy(&h->cv);
        pthread_mutex_destroy(&h->mu);
        free(h);
        return NULL;
    }
    return h;
}

void sw_helper_stop(sw_helper *h) {
    if (!h)
        return;
    pthread_mutex_lock(&h->mu);
    h->quit = 1;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(h->th, NULL);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    free(h);
}

void sw_helper_run(sw_helper *h, sw_helper_item_fn fn, void *job, void *own, size_t n) {
    int posted = 0;
    if (h && n > 1) {
        pthread_mutex_lock(&h->mu);
        if (h->ready == 1) {
            h->fn = fn;
            h->job = job;
            h->n = n;
            atomic_store(&h->next, 0);
            h->posted = posted = 1;
            pthread_cond_broadcast(&h->cv);
        }
        pthread_mutex_unlock(&h->mu);
    }
    if (!posted) {
        for (size_t i = 0; i < n; i++)
            fn(job, own, i);
        return;
    }
    take_items(h, fn, job, own, n);
    pthread_mutex_lock(&h->mu);
    h->posted = 0; /* not taken: every item is done already */
    while (h->busy)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
}
