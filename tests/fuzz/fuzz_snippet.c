/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_snippet.c - libFuzzer harness for the snippet builder (sw_snippet_build).
 *
 * Input: a first byte choosing the window (0 = whole), the query up to the
 * first newline, then the text. The query is segmented into terms as
 * souwen-search does: each term a pattern (Chinese terms of two or more
 * characters also matched inside longer words), plus the whole query as a
 * substring pattern. The snippet must be valid UTF-8 when the text is, and
 * its highlights must be in order, non-overlapping, non-empty and inside it. It must be the
 * same whether plain pieces are matched without segmenting (the default) or segmented.
 */
#include "segment.h"
#include "snippet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_TERMS 32

typedef struct qterms {
    char *t[MAX_TERMS];
    size_t n;
} qterms;

static int on_term(void *ctx, const char *term, size_t len, size_t a, size_t b, int f) {
    (void)a, (void)b, (void)f;
    qterms *q = ctx;
    if (q->n < MAX_TERMS && !(q->t[q->n++] = strndup(term, len)))
        abort();
    return 0;
}

static int valid_utf8(const char *s, size_t n) {
    for (int32_t i = 0; i < (int32_t)n;) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, (int32_t)n, c);
        if (c < 0)
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static sw_segmenter *seg;
    static sw_snipper *snip;
    if (!seg && (sw_segmenter_new(&seg, NULL) || sw_snipper_new(seg, &snip)))
        abort();
    if (size < 1 || size > 1 << 20)
        return 0;
    size_t max_chars = data[0];
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
        return 0;
    qterms q = {{0}, 0};
    sw_segment(seg, p, (size_t)(nl - p), on_term, &q);
    sw_pattern pats[MAX_TERMS + 1];
    double weights[MAX_TERMS];
    for (size_t i = 0; i < q.n; i++) {
        size_t len = strlen(q.t[i]);
        int han = len >= 6 && (unsigned char)q.t[i][0] >= 0xE3;
        pats[i] = (sw_pattern){q.t[i], len, han, (uint64_t)1 << i};
        weights[i] = 1.0 + (double)(i % 3);
    }
    size_t np = q.n;
    if (nl > p)
        pats[np++] = (sw_pattern){p, (size_t)(nl - p), 1, q.n ? ((uint64_t)1 << q.n) - 1 : 0};
    sw_terms terms = {pats, np, weights, q.n};
    /* The stored texts are NUL-terminated C strings: cut at a NUL, as the store would. */
    size_t tlen = strnlen(nl + 1, (size_t)(end - nl - 1));
    char *text = strndup(nl + 1, tlen);
    if (!text)
        abort();
    sw_snippet sn, seg_sn;
    memset(&sn, 0, sizeof(sn));
    memset(&seg_sn, 0, sizeof(seg_sn));
    sw_snipper_set_quick(snip, 0);
    int seg_rc = sw_snippet_build(snip, text, tlen, &terms, max_chars, &seg_sn);
    sw_snipper_set_quick(snip, 1);
    int rc = sw_snippet_build(snip, text, tlen, &terms, max_chars, &sn);
    if (rc != seg_rc || !sw_snippet_equal(&sn, &seg_sn))
        abort();
    sw_snippet_release(&seg_sn);
    if (rc == 0) {
        size_t last = 0;
        for (size_t i = 0; i < sn.nhl; i++) {
            if (sn.hl[i].start < last || sn.hl[i].start >= sn.hl[i].end ||
                sn.hl[i].end > sn.text.len)
                abort();
            last = sn.hl[i].end;
        }
        if (valid_utf8(text, tlen) && !valid_utf8(sw_buf_str(&sn.text), sn.text.len))
            abort();
    }
    sw_snippet_release(&sn);
    free(text);
    for (size_t i = 0; i < q.n; i++)
        free(q.t[i]);
    return 0;
}
