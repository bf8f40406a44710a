/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * verify.h - souwen-index --check: is an index folder whole and consistent?
 *
 * Verifies, under the writer lock (so no writer is half-way):
 *   - the SQLite store: integrity_check and the relations the schema does
 *     not enforce;
 *   - the Xapian database's own structure (Xapian::Database::check);
 *   - the Xapian index against the store: every article and every headline
 *     with an occurrence has its document (unique term Qa<id> / Qh<id>), and
 *     no document lacks its row; work still listed in `pending` is not a
 *     problem (the next run applies it) and is only counted;
 *   - every stored page is searchable: a query of its article's title words
 *     (or, for a page with no article, of a headline it lists) finds that
 *     document; a page whose document is pending and not found is counted
 *     apart (pages_pending): the index is sound, but not complete.
 * The library prints nothing: problems go to a callback, one line each.
 */
#ifndef SW_VERIFY_H
#define SW_VERIFY_H

#include "store.h"

#include <stdint.h>

typedef struct sw_verify_report {
    sw_store_counts store;  /* rows in the store */
    uint64_t index_docs;    /* documents in the Xapian index */
    int64_t pages_searched; /* pages whose document was found by its words */
    int64_t pages_pending;  /* pages not found whose document is pending: searchable (as
                               stored) once the next souwen-index run applies it */
    int64_t problems;       /* problems found (each reported through the callback) */
} sw_verify_report;

/*
 * Checks index folder `dir`; `problem(ctx, msg)` receives each problem.
 * Returns 0 when the checks ran (out->problems says whether they passed),
 * or an error when the folder could not be opened (SW_ELOCKED: a writer
 * has it).
 */
int sw_verify_run(const char *dir, void (*problem)(void *ctx, const char *msg), void *ctx,
                  sw_verify_report *out, char **errmsg);

#endif
