/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * normalize.h - the per-token normalizer: NFKC with case folding.
 *
 * One normalizer folds one token at a time into a reused UTF-8 buffer:
 * full-width forms become half-width (ＡＩ -> ai, ２０２６ -> 2026), Latin is
 * case-folded, compatibility characters are decomposed, and Traditional
 * Chinese characters become Simplified (歐洲 -> 欧洲, 學習 -> 学习), character
 * by character, with the table ICU's Traditional-Simplified transliterator
 * gives at build time. Tokens that are already normal are detected with
 * ICU's quick check and only transcoded.
 */
#ifndef SW_NORMALIZE_H
#define SW_NORMALIZE_H

#include "buf.h"

#include <unicode/utypes.h>

typedef struct sw_normalizer sw_normalizer;

int sw_normalizer_new(sw_normalizer **out, char **errmsg);
void sw_normalizer_free(sw_normalizer *n);

/*
 * Folds the UTF-16 token s[0..len) and writes its UTF-8 form to `out`
 * (reset first). Returns 0 or SW_ENOMEM / SW_EICU.
 */
int sw_normalize_token(sw_normalizer *n, const UChar *s, int32_t len, sw_buf *out);

/*
 * The Simplified form of the BMP code unit u by ICU's character table, or 0 when it has none
 * (u is not a Traditional character, or it is one whose form does not change).
 */
unsigned short sw_normalize_t2s(unsigned short u);

/*
 * The table behind sw_normalize_t2s, built on first use (by this call or the first
 * sw_normalizer_new): 0x10000 entries, owned by the library for the process's life. NULL when
 * out of memory.
 */
const unsigned short *sw_normalize_t2s_table(void);

#endif
