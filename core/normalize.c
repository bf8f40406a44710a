/*
 * normalize.c - NFKC + case folding per token (ICU's nfkc_cf).
 *
 * Tokens arrive as UTF-16 slices of the segmenter's buffer. ASCII tokens take
 * a fast path (lower-casing is all nfkc_cf does to them); others are checked
 * with unorm2_spanQuickCheckYes and normalized only when needed, so the
 * common Chinese token costs one quick check and one transcoding.
 */
#include "normalize.h"

#include "error.h"

#include <stdlib.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

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
    if (unorm2_spanQuickCheckYes(n->nfkc_cf, s, len, &st) == len && U_SUCCESS(st))
        return to_utf8(s, len, out);
    for (;;) {
        st = U_ZERO_ERROR;
        int32_t need = unorm2_normalize(n->nfkc_cf, s, len, n->scratch, n->scratch_cap, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR || (U_SUCCESS(st) && need >= n->scratch_cap)) {
            int32_t cap = need + 16;
            UChar *p = realloc(n->scratch, (size_t)cap * sizeof(UChar));
            if (!p)
                return SW_ENOMEM;
            n->scratch = p;
            n->scratch_cap = cap;
            continue;
        }
        if (U_FAILURE(st))
            return SW_EICU;
        return to_utf8(n->scratch, need, out);
    }
}
