/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * story.h - what makes two articles one story: a signature of the text.
 *
 * A reprint (转载) of an article is the same text with small edits: a new
 * title, an editor line or an ad paragraph added, the last paragraph
 * dropped, Traditional script. The signature sees through those: it is
 * taken over the article's folded text (letters and digits only, Latin in
 * lower case, full-width forms as ASCII, Traditional characters as
 * Simplified), so script, punctuation and spacing do not count.
 *
 * - `exact`: a hash of the whole folded text. Equal hashes are copies.
 * - `min[]`: a MinHash sketch of the text's character shingles
 *   (SW_STORY_SHINGLE characters each); the share of equal entries of two
 *   sketches estimates the Jaccard similarity of their shingle sets.
 * - bands: the sketch cut into SW_STORY_BANDS bands of SW_STORY_ROWS
 *   entries, each hashed to a key; two texts that share a band key are
 *   candidates (locality-sensitive hashing), so a new page is compared with
 *   a few candidates, never with the archive.
 *
 * The decision (sw_story_same) is on the estimated containment of the
 * smaller shingle set in the larger, which a dropped or added paragraph
 * lowers less than it lowers the Jaccard similarity. Texts shorter than
 * SW_STORY_MIN_CHARS folded characters are never near-duplicates: only
 * exact copies.
 *
 * This file knows nothing of pages or the store; story assignment is in
 * the store (store.c), which keeps the bands.
 */
#ifndef SW_STORY_H
#define SW_STORY_H

#include <stddef.h>
#include <stdint.h>

#define SW_STORY_SHINGLE 4    /* characters per shingle */
#define SW_STORY_HASHES 64    /* MinHash entries */
#define SW_STORY_BANDS 16     /* LSH bands ... */
#define SW_STORY_ROWS 4       /* ... of this many entries: SW_STORY_BANDS * SW_STORY_ROWS entries */
#define SW_STORY_MIN_CHARS 50 /* shorter folded texts join only as exact copies */

typedef struct sw_story_sig {
    uint64_t exact;                /* hash of the folded text; 0 when it is empty */
    uint32_t chars;                /* folded characters */
    uint32_t shingles;             /* distinct shingles (an estimate for long texts) */
    uint32_t min[SW_STORY_HASHES]; /* MinHash sketch; all zero when chars < SW_STORY_MIN_CHARS */
} sw_story_sig;

/* Signs the UTF-8 text[0..len) (invalid bytes are skipped). 0 or SW_ENOMEM. */
int sw_story_sign(const char *text, size_t len, sw_story_sig *sig);

/* Whether sig carries a sketch (its text is long enough to be compared as a reprint). */
int sw_story_sketched(const sw_story_sig *sig);

/* The key of band b (0 <= b < SW_STORY_BANDS) of a sketched signature; never 0. */
int64_t sw_story_band(const sw_story_sig *sig, int b);

/* Estimated Jaccard similarity of two sketched signatures' shingle sets, 0..1. */
double sw_story_jaccard(const sw_story_sig *a, const sw_story_sig *b);

/*
 * Estimated share of the smaller shingle set that the larger holds, 0..1,
 * from the Jaccard estimate and the two set sizes.
 */
double sw_story_containment(const sw_story_sig *a, const sw_story_sig *b);

/* Whether two signatures are one story: the same folded text, or a near-duplicate. */
int sw_story_same(const sw_story_sig *a, const sw_story_sig *b);

/* A story's key as souwen names it: 16 lower-case hex digits of a mix of h, NUL-terminated. */
void sw_story_key(uint64_t h, char out[17]);
/* The value of a story key (16 hex digits) in *v: 0, or -1 for a string that is not one. */
int sw_story_key_value(const char *key, uint64_t *v);

/* The sketch as bytes for storage (SW_STORY_HASHES * 4, little-endian), and back. */
void sw_story_pack(const sw_story_sig *sig, unsigned char out[SW_STORY_HASHES * 4]);
void sw_story_unpack(const unsigned char in[SW_STORY_HASHES * 4], sw_story_sig *sig);

#endif
