/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * normalize.c - per token: NFKC + case folding (ICU's nfkc_cf), then
 * Traditional -> Simplified Chinese.
 *
 * Tokens arrive as UTF-16 slices of the segmenter's buffer. ASCII tokens take
 * a fast path (lower-casing is all nfkc_cf does to them); others are checked
 * with unorm2_spanQuickCheckYes and normalized only when needed. Chinese
 * variants are folded character by character through a 64K lookup table
 * built once from the pairs core/gen_t2s.c extracts from ICU's
 * Traditional-Simplified transliterator at build time, so the common Chinese
 * token costs a quick check, a table look-up per character and one
 * transcoding. Folding happens after segmentation: ICU's dictionary
 * segments Traditional text as well as Simplified, and folding Simplified
 * text first could change how it is segmented (著名 -> 着名).
 */
#include "normalize.h"

#include "error.h"

#include "t2s_pairs.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

/* t2s[u]: the simplified form of BMP code unit u, or 0 when it has none. */
static unsigned short *t2s;
static pthread_once_t t2s_once = PTHREAD_ONCE_INIT;

static void t2s_build(void) {
    unsigned short *t = calloc(0x10000, sizeof(*t));
    if (!t)
        return;
    for (int i = 0; i < SW_T2S_PAIRS; i++)
        t[sw_t2s_pairs[i][0]] = sw_t2s_pairs[i][1];
    t2s = t;
}

unsigned short sw_normalize_t2s(unsigned short u) { return t2s ? t2s[u] : 0; }

const unsigned short *sw_normalize_t2s_table(void) {
    pthread_once(&t2s_once, t2s_build);
    return t2s;
}

struct sw_normalizer {
    const UNormalizer2 *nfkc_cf; /* ICU singleton, not owned */
    UChar *scratch;              /* normalized UTF-16, reused */
    int32_t scratch_cap;         /* UChars allocated in scratch */
};

int sw_normalizer_new(sw_normalizer **out, char **errmsg) {
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *n2 = unorm2_getNFKCCasefoldInstance(&st);
    if (U_FAILURE(st))
        return sw_error(errmsg, SW_EICU, "unable to load ICU normalizer: %s", u_errorName(st));
    pthread_once(&t2s_once, t2s_build);
    if (!t2s)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    sw_normalizer *n = calloc(1, sizeof(*n));
    if (!n)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    n->nfkc_cf = n2;
    *out = n;
    return 0;
}

void sw_normalizer_free(sw_normalizer *n) {
    if (!n)
        return;
    free(n->scratch);
    free(n);
}

static int grow_scratch(sw_normalizer *n, int32_t cap) {
    if (cap <= n->scratch_cap)
        return 0;
    UChar *p = realloc(n->scratch, (size_t)cap * sizeof(UChar));
    if (!p)
        return SW_ENOMEM;
    n->scratch = p;
    n->scratch_cap = cap;
    return 0;
}

static int to_utf8(const UChar *s, int32_t len, sw_buf *out) {
    /* UTF-16 to UTF-8 needs at most 3 bytes per unit. */
    if (sw_buf_grow(out, (size_t)len * 3))
        return SW_ENOMEM;
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0;
    u_strToUTF8WithSub(out->data, (int32_t)(out->cap - 1), &n, s, len, 0xFFFD, NULL, &st);
    if (U_FAILURE(st))
        return SW_EICU;
    out->len = (size_t)n;
    out->data[n] = '\0';
    return 0;
}

int sw_normalize_token(sw_normalizer *n, const UChar *s, int32_t len, sw_buf *out) {
    sw_buf_reset(out);
    int ascii = 1;
    for (int32_t i = 0; i < len; i++)
        if (s[i] >= 0x80) {
            ascii = 0;
            break;
        }
    if (ascii) {
        if (sw_buf_grow(out, (size_t)len))
            return SW_ENOMEM;
        for (int32_t i = 0; i < len; i++) {
            char c = (char)s[i];
            out->data[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        out->len = (size_t)len;
        out->data[len] = '\0';
        return 0;
    }
    UErrorCode st = U_ZERO_ERROR;
    const UChar *src = s;
    if (unorm2_spanQuickCheckYes(n->nfkc_cf, s, len, &st) != len || U_FAILURE(st)) {
        for (;;) {
            st = U_ZERO_ERROR;
            int32_t need = unorm2_normalize(n->nfkc_cf, s, len, n->scratch, n->scratch_cap, &st);
            if (st == U_BUFFER_OVERFLOW_ERROR || (U_SUCCESS(st) && need >= n->scratch_cap)) {
                if (grow_scratch(n, need + 16))
                    return SW_ENOMEM;
                continue;
            }
            if (U_FAILURE(st))
                return SW_EICU;
            src = n->scratch;
            len = need;
            break;
        }
    }
    /* Traditional -> Simplified, in the scratch copy (made only when needed). */
    for (int32_t i = 0; i < len; i++) {
        unsigned short f = t2s[src[i]];
        if (!f)
            continue;
        if (src != n->scratch) {
            if (grow_scratch(n, len + 1))
                return SW_ENOMEM;
            memcpy(n->scratch, src, (size_t)len * sizeof(UChar));
            src = n->scratch;
        }
        n->scratch[i] = f;
    }
    return to_utf8(src, len, out);
}
