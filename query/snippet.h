/*
 * snippet.h - souwen's own snippets over ICU words.
 *
 * Given a stored text and the query's normalized terms, picks the window of
 * about `max_chars` characters that covers the most distinct query terms
 * (earliest on ties), moves its cuts to sentence or clause punctuation when
 * one is within reach and otherwise to a word boundary (never inside a word
 * or a character), collapses white space, marks cuts with "…", and returns
 * the byte ranges of every matched word in the snippet. Whole mode keeps the
 * entire text (headlines, titles).
 */
#ifndef SW_SNIPPET_H
#define SW_SNIPPET_H

#include "buf.h"
#include "segment.h"

#include <stddef.h>

typedef struct sw_range {
    size_t start; /* byte offset in the snippet */
    size_t end;   /* one past the last byte */
} sw_range;

typedef struct sw_snippet {
    sw_buf text;    /* the snippet, UTF-8 */
    sw_range *hl;   /* highlights, in order, not overlapping */
    size_t nhl;     /* highlights used */
    size_t hl_cap;  /* highlights allocated */
} sw_snippet;

/* The query's terms: normalized forms, as the segmenter writes them. */
typedef struct sw_terms {
    const char **term; /* borrowed strings */
    size_t n;
} sw_terms;

typedef struct sw_snipper sw_snipper;

/* A snipper owns reusable scratch; one per thread. */
int sw_snipper_new(sw_segmenter *seg, sw_snipper **out);
void sw_snipper_free(sw_snipper *s);

/*
 * Builds the snippet of text[0..len) into *out (whose previous contents are
 * replaced; init it with {0} once, release with sw_snippet_release).
 * max_chars 0 means whole. Returns 0 or a negative SW_E* code.
 */
int sw_snippet_build(sw_snipper *s, const char *text, size_t len, const sw_terms *terms,
                     size_t max_chars, sw_snippet *out);
void sw_snippet_release(sw_snippet *sn);

#endif
