/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * helper.h - a second thread that shares the caller's loops over independent items.
 *
 * The helper opens its own state on its own thread (for souwen-search, a second handle on the
 * index with its own segmenter: Xapian and ICU objects are not shared between threads), then
 * waits. sw_helper_run hands it the items of one loop: both threads take the next item until
 * none is left, and the call returns when every item is done. While the helper is still
 * opening, or could not open, the caller does every item alone.
 */
#ifndef SW_HELPER_H
#define SW_HELPER_H

#include <stddef.h>

typedef struct sw_helper sw_helper;

/* Opens the helper's state into *state, on the helper's thread: 0, or it stays idle. */
typedef int (*sw_helper_open_fn)(void *arg, void **state);
/* Closes the state open made, on the helper's thread. */
typedef void (*sw_helper_close_fn)(void *state);
/* Does item i of the job with `state`: the caller's own, or the helper's. */
typedef void (*sw_helper_item_fn)(void *job, void *state, size_t i);

/*
 * Starts the helper, which opens its state with open(arg) at once; NULL when this process may
 * run on one CPU only, or no thread could start (the caller then works alone).
 */
sw_helper *sw_helper_start(sw_helper_open_fn open, sw_helper_close_fn close, void *arg);

/* Stops the helper (after its open, if it is still opening) and frees it; NULL: nothing. */
void sw_helper_stop(sw_helper *h);

/*
 * Runs fn(job, ..., i) for every i in [0, n), each once, on the caller's thread (with `own`)
 * and the helper's (with its state); returns when all are done. h may be NULL.
 */
void sw_helper_run(sw_helper *h, sw_helper_item_fn fn, void *job, void *own, size_t n);

#endif
