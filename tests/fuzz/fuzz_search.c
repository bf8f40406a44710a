/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_search.c - libFuzzer harness for the whole query path: parse, build
 * the Xapian query, search, snippets, over an index of samples/ made once.
 *
 * The first byte chooses the options (offset, --any, --type, --sort date,
 * snippet length); the rest is the query. Every refusal must say why.
 */
#include "batch.h"
#include "parse.h"
#include "search.h"

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sw_searcher *searcher;
static char dir[64]; /* the index, removed at exit */

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void cleanup(void) {
    sw_searcher_close(searcher);
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The index, made on the first input (the replay driver has no initializer hook). */
static void setup(void) {
    snprintf(dir, sizeof(dir), "/tmp/souwen-fuzz-search.%d", (int)getpid());
    const char *samples = SOUWEN_SAMPLES_DIR; /* set by tests/CMakeLists.txt */
    sw_batch *b = NULL;
    char *err = NULL;
    if (sw_batch_open(dir, NULL, 2, &b, &err) || sw_batch_add_path(b, samples, &err) ||
        sw_batch_flush(b, &err)) {
        fprintf(stderr, "fuzz_search: %s\n", err ? err : "setup failed");
        exit(1);
    }
    sw_batch_close(b);
    const char *dbs[] = {dir}; /* two shards: the multi-database path */
    if (sw_searcher_open(dbs, 1, &searcher, &err)) {
        fprintf(stderr, "fuzz_search: %s\n", err);
        exit(1);
    }
    atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!searcher)
        setup();
    if (size < 1)
        return 0;
    char *q = malloc(size);
    if (!q)
        return 0;
    memcpy(q, data + 1, size - 1);
    q[size - 1] = '\0';
    sw_qparsed parsed;
    char *err = NULL;
    if (sw_qparsed_parse(q, &parsed, &err) == 0) {
        sw_search_opts o = {.offset = data[0] & 3,
                            .limit = 5,
                            .any = (data[0] >> 2) & 1,
                            .type = "\0ah\0"[(data[0] >> 3) & 3],
                            .by_date = (data[0] >> 5) & 1,
                            .snippet_chars = 10 + (data[0] >> 6) * 40};
        sw_results res;
        if (sw_searcher_run(searcher, &parsed, &o, &res, &err) == 0)
            sw_results_release(&res);
        else if (!err)
            abort();
        sw_qparsed_release(&parsed);
    } else if (!err) {
        abort();
    }
    free(err);
    free(q);
    return 0;
}
