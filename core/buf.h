/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * buf.h - a growable byte buffer, always NUL-terminated.
 *
 * The buffer owns its bytes. sw_buf_release() frees them and leaves an empty
 * buffer; sw_buf_reset() keeps the allocation for reuse, which is how scratch
 * buffers avoid per-token allocation on the indexing path. Appends take a
 * sticky error: once an allocation fails, `oom` is set and later appends do
 * nothing, so a builder checks once at the end.
 */
#ifndef SW_BUF_H
#define SW_BUF_H

#include <stddef.h>

typedef struct sw_buf {
    char *data; /* the bytes, NUL-terminated when cap > 0 */
    size_t len; /* bytes used, not counting the NUL */
    size_t cap; /* bytes allocated */
    int oom;    /* set when an allocation failed */
} sw_buf;

#define SW_BUF_INIT                                                                                \
    { NULL, 0, 0, 0 }

/* Makes room for `extra` more bytes (plus the NUL); 0 or SW_ENOMEM. */
int sw_buf_grow(sw_buf *b, size_t extra);
void sw_buf_add(sw_buf *b, const void *data, size_t len);
void sw_buf_adds(sw_buf *b, const char *s);
void sw_buf_addc(sw_buf *b, char c);
void sw_buf_addf(sw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Appends to b the inflation of in[0..n): window_bits as zlib's inflateInit2 takes them
 * (15 + 32: zlib or gzip; -15: raw deflate); dict[0..dn) is the preset dictionary zlib data
 * may ask for (NULL: none). With `partial`, input that stops short keeps what it decoded. 0;
 * SW_EPARSE for bad data (or cut short, without `partial`); SW_ENOMEM when out of memory or
 * when b would pass max bytes (then b->len > max).
 */
int sw_buf_inflate(sw_buf *b, const void *in, size_t n, int window_bits, const void *dict,
                   size_t dn, int partial, size_t max);
void sw_buf_reset(sw_buf *b);
void sw_buf_release(sw_buf *b);
/* Hands the bytes to the caller (who frees them) and leaves b empty. */
char *sw_buf_detach(sw_buf *b, size_t *len);
/*
 * Makes room for `need` elements of `size` bytes in the array `items` whose
 * capacity is *cap, doubling from `first`. Returns the (possibly moved)
 * array, with *cap updated, or NULL when out of memory (then `items` and
 * *cap are unchanged and still valid): `p = sw_grow(a, &cap, n + 1, sizeof(*a), 8)`.
 */
void *sw_grow(void *items, size_t *cap, size_t need, size_t size, size_t first);

/* The bytes as a C string; "" for a buffer that never grew. */
static inline const char *sw_buf_str(const sw_buf *b) { return b->data ? b->data : ""; }

#endif
