/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * snippet.h - souwen's own snippets over ICU words.
 *
 * Given a stored text and the query's patterns, finds every match (a whole
 * token equal to a query term, or a query string of Chinese characters
 * found inside the text's runs of Chinese, wherever the segmenter cut
 * them), then picks the window of about `max_chars` characters whose
 * matches cover the most query units, weighted by rarity (earliest on
 * ties). When the units lie far apart, two or three shorter windows joined
 * by "…" are used if together they cover more. Cuts move to sentence or
 * clause punctuation when one is within reach, else to a word boundary
 * (never inside a word or a character); white space is collapsed; "…"
 * marks cuts. Highlights are byte ranges of the matches in the snippet,
 * over the original characters (全角, Traditional) as stored. Whole mode
 * keeps the entire text (headlines, titles).
 */
#ifndef SW_SNIPPET_H
#define SW_SNIPPET_H

#include "buf.h"
#include "segment.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sw_range {
    size_t start; /* byte offset in the snippet */
    size_t end;   /* one past the last byte */
} sw_range;

typedef struct sw_snippet {
    sw_buf text;   /* the snippet, UTF-8 */
    sw_range *hl;  /* highlights, in order, not overlapping */
    size_t nhl;    /* highlights used */
    size_t hl_cap; /* highlights allocated */
} sw_snippet;

/* What to look for: normalized forms, as the segmenter writes them. */
typedef struct sw_pattern {
    const char *text; /* normalized term or string of Chinese characters (borrowed) */
    size_t len;       /* its length in bytes */
    int substr;       /* 1: also match inside runs of Chinese characters */
    uint64_t units;   /* the query units (bits) a match covers */
} sw_pattern;

typedef struct sw_terms {
    const sw_pattern *p;  /* patterns (borrowed) */
    size_t n;             /* patterns */
    const double *weight; /* weight[i]: how much covering unit i is worth (rarity) */
    size_t nunits;        /* units, at most 64 */
} sw_terms;

typedef struct sw_snipper sw_snipper;

/* A snipper owns reusable scratch; one per thread. */
int sw_snipper_new(sw_segmenter *seg, sw_snipper **out);
void sw_snipper_free(sw_snipper *s);
/*
 * on = 0: segment every piece that holds a pattern, even where its matches can be found
 * without (the default, 1, spares ICU those pieces; the snippets are the same either way:
 * tests compare the two).
 */
void sw_snipper_set_quick(sw_snipper *s, int on);
/*
 * How many pieces of its text the last sw_snippet_build segmented to find the matches (not
 * counting those a window's edge needed), for tests and measurements.
 */
size_t sw_snipper_segmented(const sw_snipper *s);

/*
 * Builds the snippet of text[0..len) into *out (whose previous contents are
 * replaced; init it with {0} once, release with sw_snippet_release).
 * max_chars 0 means whole. Returns 0 or a negative SW_E* code.
 */
int sw_snippet_build(sw_snipper *s, const char *text, size_t len, const sw_terms *terms,
                     size_t max_chars, sw_snippet *out);
void sw_snippet_release(sw_snippet *sn);
/* 1 when a and b have the same text and the same highlights, else 0. */
int sw_snippet_equal(const sw_snippet *a, const sw_snippet *b);

#endif
