/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_segment.c - libFuzzer harness for the segmenter (sw_segment).
 *
 * Any bytes, valid UTF-8 or not, are segmented; every token must lie inside
 * the text, after the previous one, be non-empty, no longer than
 * SW_TERM_MAX bytes once normalized, and be valid UTF-8 itself (it becomes
 * a Xapian term and a key in SQLite).
 */
#include "segment.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct state {
    size_t len;  /* the text's length */
    size_t last; /* end of the previous token */
} state;

static int on_token(void *ctx, const char *term, size_t len, size_t start, size_t end, int f) {
    (void)f;
    state *st = ctx;
    if (start >= end || end > st->len || start < st->last || len == 0 || len > SW_TERM_MAX ||
        strlen(term) != len)
        abort();
    st->last = end;
    for (int32_t i = 0; i < (int32_t)len;) {
        UChar32 c;
        U8_NEXT((const uint8_t *)term, i, (int32_t)len, c);
        if (c < 0)
            abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static sw_segmenter *seg;
    if (!seg && sw_segmenter_new(&seg, NULL))
        abort();
    state st = {size, 0};
    if (sw_segment(seg, (const char *)data, size, on_token, &st) < 0)
        abort();
    return 0;
}
