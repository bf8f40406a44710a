/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_helper.c - the second thread of souwen-search: every item of a loop done once, by
 * either thread, the helper taking a share when it is ready, and the caller alone when it is
 * not or could not open.
 */
#include "check.h"
#include "helper.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct state {
    int who; /* 1: the caller's; 2: the helper's */
} state;

typedef struct job {
    size_t n;
    atomic_int done[64]; /* times item i was done */
    int by[64];          /* who did it */
} job;

static state helper_state = {2};
static atomic_int opened, closed;

static int open_ok(void *arg, void **st) {
    (void)arg;
    atomic_fetch_add(&opened, 1);
    *st = &helper_state;
    return 0;
}

static int open_fails(void *arg, void **st) {
    (void)arg;
    (void)st;
    return 1;
}

/* Opens only once *arg is set: a helper still opening. */
static int open_late(void *arg, void **st) {
    while (!atomic_load((atomic_int *)arg))
        usleep(1000);
    *st = &helper_state;
    return 0;
}

static void close_state(void *st) {
    CHECK(st == &helper_state);
    atomic_fetch_add(&closed, 1);
}

static void item(void *j, void *st, size_t i) {
    job *b = j;
    atomic_fetch_add(&b->done[i], 1);
    b->by[i] = ((state *)st)->who;
    struct timespec t = {0, 200000}; /* 0.2 ms: time for the other thread to take some */
    nanosleep(&t, NULL);
}

/* Runs a job of n items; returns how many the helper did (-1 if an item was not done once). */
static int run(sw_helper *h, size_t n) {
    static job b;
    state own = {1};
    memset(&b, 0, sizeof(b));
    b.n = n;
    sw_helper_run(h, item, &b, &own, n);
    int helped = 0;
    for (size_t i = 0; i < n; i++) {
        if (atomic_load(&b.done[i]) != 1)
            return -1;
        helped += b.by[i] == 2;
    }
    return helped;
}

/* Waits until the helper has opened (its first job can then be shared). */
static void settle(void) {
    for (int i = 0; i < 2000 && !atomic_load(&opened); i++)
        usleep(1000);
    usleep(20000);
}

int main(void) {
    /* No helper: the caller alone. */
    CHECK_INT(run(NULL, 10), 0);
    CHECK_INT(run(NULL, 0), 0);

    sw_helper *h = sw_helper_start(open_ok, close_state, NULL);
    if (!h) { /* one CPU: nothing to share */
        fprintf(stderr, "test_helper: one CPU, the helper is not started\n");
        return check_done();
    }
    settle();
    int total = 0;
    for (int k = 0; k < 20; k++) {
        int got = run(h, 40);
        CHECK(got >= 0 && got <= 40);
        total += got > 0 ? got : 0;
    }
    CHECK(total > 0);        /* the helper took a share */
    CHECK_INT(run(h, 1), 0); /* one item: not worth waking it */
    CHECK_INT(run(h, 0), 0);
    sw_helper_stop(h);
    CHECK_INT(atomic_load(&opened), 1);
    CHECK_INT(atomic_load(&closed), 1);

    /* A helper that could not open never helps, and stops cleanly. */
    h = sw_helper_start(open_fails, close_state, NULL);
    CHECK(h != NULL);
    usleep(20000);
    CHECK_INT(run(h, 40), 0);
    sw_helper_stop(h);
    CHECK_INT(atomic_load(&closed), 1);

    /* While it is opening, the caller works alone; stopping waits for the open. */
    atomic_int go = 0;
    h = sw_helper_start(open_late, close_state, &go);
    CHECK(h != NULL);
    CHECK_INT(run(h, 40), 0);
    atomic_store(&go, 1);
    sw_helper_stop(h);
    CHECK_INT(atomic_load(&closed), 2);
    return check_done();
}
