/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * story.c - the signature that makes two articles one story (story.h).
 *
 * The folded text is a sequence of code points; each window of
 * SW_STORY_SHINGLE of them is hashed once (64 bits), the hashes sorted and
 * made distinct, and the sketch's entry i is the least of
 * (h * A[i] + B[i]) >> 32 over them: one multiply-add per entry rather than
 * a hash function per entry, which is what MinHash needs when h is already
 * well mixed.
 */
#include "story.h"

#include "error.h"
#include "normalize.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* Thresholds of sw_story_same, measured on bench/stories (see its README). */
#define SAME_CONTAINMENT 0.70 /* the smaller text's shingles found in the larger */
#define SAME_JACCARD 0.30 /* and the two sets' overlap, against a short text inside a long one */

static uint64_t mix64(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* The multipliers (odd) and addends of the sketch's entries, from a fixed seed. */
static void coefficients(uint64_t a[SW_STORY_HASHES], uint64_t b[SW_STORY_HASHES]) {
    uint64_t s = 0x736f7577656e2121ULL; /* "souwen!!" */
    for (int i = 0; i < SW_STORY_HASHES; i++) {
        a[i] = mix64(s += 0x9e3779b97f4a7c15ULL) | 1;
        b[i] = mix64(s += 0x9e3779b97f4a7c15ULL);
    }
}

/* The next code point of s[*i..n), or -1 for an invalid byte (skipped). */
static int32_t next_cp(const unsigned char *s, size_t n, size_t *i) {
    unsigned c = s[*i];
    size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!k || *i + k > n) {
        (*i)++;
        return -1;
    }
    uint32_t cp = k == 1 ? c : c & (0x7F >> k);
    for (size_t j = 1; j < k; j++) {
        if ((s[*i + j] & 0xC0) != 0x80) {
            (*i)++;
            return -1;
        }
        cp = cp << 6 | (s[*i + j] & 0x3F);
    }
    *i += k;
    return (int32_t)cp;
}

/* The folded form of a code point, or 0 when it does not count (not a letter or digit). */
static uint32_t fold(const unsigned short *t2s, int32_t cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
        cp -= 0xFEE0;
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ? (uint32_t)cp
               : cp >= 'A' && cp <= 'Z'                             ? (uint32_t)(cp + 32)
                                                                    : 0;
    if (!u_isalnum(cp))
        return 0;
    unsigned short s = cp <= 0xFFFF ? t2s[cp] : 0;
    return s ? s : (uint32_t)u_tolower(cp);
}

static int by_value(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int sw_story_sign(const char *text, size_t len, sw_story_sig *sig) {
    memset(sig, 0, sizeof(*sig));
    const unsigned short *t2s = sw_normalize_t2s_table();
    uint32_t *cps = t2s ? malloc((len + 1) * sizeof(*cps)) : NULL;
    if (!cps)
        return SW_ENOMEM;
    size_t n = 0;
    uint64_t exact = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len;) {
        int32_t cp = next_cp((const unsigned char *)text, len, &i);
        uint32_t f = cp < 0 ? 0 : fold(t2s, cp);
        if (f) {
            cps[n++] = f;
            exact = (exact ^ f) * 0x100000001b3ULL;
        }
    }
    sig->chars = (uint32_t)n;
    sig->exact = n ? mix64(exact) | 1 : 0;
    if (n < SW_STORY_MIN_CHARS) {
        free(cps);
        return 0;
    }
    size_t ns = n - SW_STORY_SHINGLE + 1;
    uint64_t *h = malloc(ns * sizeof(*h));
    if (!h) {
        free(cps);
        return SW_ENOMEM;
    }
    for (size_t i = 0; i < ns; i++) {
        uint64_t x = 0;
        for (int j = 0; j < SW_STORY_SHINGLE; j++)
            x = mix64(x ^ cps[i + (size_t)j]);
        h[i] = x;
    }
    free(cps);
    qsort(h, ns, sizeof(*h), by_value);
    size_t d = 0;
    for (size_t i = 0; i < ns; i++)
        if (!d || h[i] != h[d - 1])
            h[d++] = h[i];
    sig->shingles = (uint32_t)d;
    uint64_t a[SW_STORY_HASHES], b[SW_STORY_HASHES];
    coefficients(a, b);
    for (int k = 0; k < SW_STORY_HASHES; k++)
        sig->min[k] = UINT32_MAX;
    for (size_t i = 0; i < d; i++)
        for (int k = 0; k < SW_STORY_HASHES; k++) {
            uint32_t v = (uint32_t)((h[i] * a[k] + b[k]) >> 32);
            if (v < sig->min[k])
                sig->min[k] = v;
        }
    free(h);
    return 0;
}

int sw_story_sketched(const sw_story_sig *sig) { return sig->shingles > 0; }

int64_t sw_story_band(const sw_story_sig *sig, int b) {
    uint64_t x = mix64((uint64_t)b + 1);
    for (int r = 0; r < SW_STORY_ROWS; r++)
        x = mix64(x ^ sig->min[b * SW_STORY_ROWS + r]);
    x &= INT64_MAX;
    return x ? (int64_t)x : 1;
}

double sw_story_jaccard(const sw_story_sig *a, const sw_story_sig *b) {
    int same = 0;
    for (int k = 0; k < SW_STORY_HASHES; k++)
        same += a->min[k] == b->min[k];
    return (double)same / SW_STORY_HASHES;
}

double sw_story_containment(const sw_story_sig *a, const sw_story_sig *b) {
    double j = sw_story_jaccard(a, b), na = a->shingles, nb = b->shingles;
    double small = na < nb ? na : nb;
    if (small <= 0)
        return 0;
    double both = j * (na + nb) / (1 + j);
    return both >= small ? 1 : both / small;
}

int sw_story_same(const sw_story_sig *a, const sw_story_sig *b) {
    if (a->exact && a->exact == b->exact)
        return 1;
    if (!sw_story_sketched(a) || !sw_story_sketched(b))
        return 0;
    return sw_story_jaccard(a, b) >= SAME_JACCARD && sw_story_containment(a, b) >= SAME_CONTAINMENT;
}

void sw_story_key(uint64_t h, char out[17]) {
    static const char hex[] = "0123456789abcdef";
    h = mix64(h);
    for (int i = 15; i >= 0; i--, h >>= 4)
        out[i] = hex[h & 15];
    out[16] = '\0';
}

int sw_story_key_value(const char *key, uint64_t *v) {
    uint64_t k = 0;
    int i = 0;
    for (; i < 16 && key[i]; i++) {
        char c = key[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        k = k << 4 | (uint64_t)d;
    }
    if (i != 16 || key[i])
        return -1;
    *v = k;
    return 0;
}

void sw_story_pack(const sw_story_sig *sig, unsigned char out[SW_STORY_HASHES * 4]) {
    for (int k = 0; k < SW_STORY_HASHES; k++)
        for (int j = 0; j < 4; j++)
            out[k * 4 + j] = (unsigned char)(sig->min[k] >> (8 * j));
}

void sw_story_unpack(const unsigned char in[SW_STORY_HASHES * 4], sw_story_sig *sig) {
    for (int k = 0; k < SW_STORY_HASHES; k++) {
        sig->min[k] = 0;
        for (int j = 0; j < 4; j++)
            sig->min[k] |= (uint32_t)in[k * 4 + j] << (8 * j);
    }
}
