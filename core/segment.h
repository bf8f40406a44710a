/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * segment.h - the segmenter: UTF-8 text in, normalized word tokens out.
 *
 * Words are found with ICU's word BreakIterator (locale zh, dictionary-based
 * for Han text), one iterator reused for every text the segmenter sees.
 * Each token reaches a callback with its normalized form (see normalize.h)
 * and the byte offsets of the word in the original UTF-8 text, so snippets
 * and highlights mark the text exactly as stored. Spaces, punctuation and
 * symbols are not tokens. The same code segments documents and queries:
 * that is what makes a query word find the words the indexer made.
 *
 * Not thread-safe: one segmenter per thread.
 */
#ifndef SW_SEGMENT_H
#define SW_SEGMENT_H

#include "buf.h"

#include <stddef.h>

typedef struct sw_segmenter sw_segmenter;

/* Tokens longer than this many bytes once normalized are dropped. */
#define SW_TERM_MAX 120

enum {
    SW_TOK_HAN = 1 /* the token starts with an ideograph (Chinese) */
};

/*
 * Called once per token, in text order. `term` is the normalized token
 * (NUL-terminated, valid only during the call); [start, end) are its byte
 * offsets in the text given to sw_segment(). Return 0 to go on, a positive
 * value to stop early (sw_segment returns it), or a negative SW_E* error.
 */
typedef int (*sw_token_fn)(void *ctx, const char *term, size_t term_len, size_t start, size_t end,
                           int tflags);

int sw_segmenter_new(sw_segmenter **out, char **errmsg);
void sw_segmenter_free(sw_segmenter *s);

/*
 * Segments text[0..len) (UTF-8; invalid bytes are treated as U+FFFD and never
 * become tokens). Returns 0, the callback's positive stop value, or a
 * negative SW_E* code. Long texts are broken in slices at line or space
 * boundaries, so memory stays bounded whatever the length.
 */
int sw_segment(sw_segmenter *s, const char *text, size_t len, sw_token_fn fn, void *ctx);

/*
 * Folds text[0..len) as a whole, the way each token is folded, into `out`
 * (reset first): a token's folded form is found inside the folded text of
 * any text holding it (snippets use it to skip text without a match).
 * Returns 0 or SW_ENOMEM / SW_EICU.
 */
int sw_segment_fold(sw_segmenter *s, const char *text, size_t len, sw_buf *out);

/*
 * Writes text[0..len) into `out` (reset first) with every run of Chinese characters converted
 * by OpenCC's Taiwan and Hong Kong tables even when none of its characters is Traditional: the
 * mainland wording of a query word typed in characters both scripts share (滑鼠 -> 鼠标,
 * 程式 -> 程序). A text holding a Traditional character is written unchanged: sw_segment
 * folds it. Returns 0 or a negative SW_E* code.
 */
int sw_segment_variant(sw_segmenter *s, const char *text, size_t len, sw_buf *out);

#endif
