/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * buf.c - the growable byte buffer of buf.h.
 */
#include "buf.h"

#include "error.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int sw_buf_grow(sw_buf *b, size_t extra) {
    if (b->oom)
        return SW_ENOMEM;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->oom = 1;
            return SW_ENOMEM;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return SW_ENOMEM;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void sw_buf_add(sw_buf *b, const void *data, size_t len) {
    if (sw_buf_grow(b, len))
        return;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void sw_buf_adds(sw_buf *b, const char *s) { sw_buf_add(b, s, strlen(s)); }

void sw_buf_addc(sw_buf *b, char c) { sw_buf_add(b, &c, 1); }

void sw_buf_addf(sw_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || sw_buf_grow(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sw_buf_reset(sw_buf *b) {
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void sw_buf_release(sw_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

char *sw_buf_detach(sw_buf *b, size_t *len) {
    char *p = b->data;
    if (len)
        *len = b->len;
    if (!p)
        p = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void *sw_grow(void *items, size_t *cap, size_t need, size_t size, size_t first) {
    if (need <= *cap)
        return items;
    size_t n = *cap ? *cap : first;
    while (n < need) {
        if (n > ((size_t)-1) / 2 / size)
            return NULL;
        n *= 2;
    }
    void *p = realloc(items, n * size);
    if (p)
        *cap = n;
    return p;
}

int sw_buf_inflate(sw_buf *b, const void *in, size_t n, int window_bits, const void *dict,
                   size_t dn, int partial, size_t max) {
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (n > UINT_MAX || inflateInit2(&z, window_bits) != Z_OK)
        return n > UINT_MAX ? SW_EPARSE : SW_ENOMEM;
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    int zr = Z_OK;
    unsigned char chunk[16384];
    while (zr == Z_OK) {
        z.next_out = chunk;
        z.avail_out = sizeof(chunk);
        zr = inflate(&z, Z_NO_FLUSH);
        if (zr == Z_NEED_DICT && dict && dn <= UINT_MAX)
            zr = inflateSetDictionary(&z, dict, (uInt)dn) == Z_OK ? Z_OK : Z_DATA_ERROR;
        sw_buf_add(b, chunk, sizeof(chunk) - z.avail_out);
        if (b->len > max || b->oom)
            zr = Z_MEM_ERROR;
        else if (partial && zr == Z_BUF_ERROR && z.avail_in == 0)
            zr = Z_STREAM_END; /* cut short: keep what decoded */
    }
    inflateEnd(&z);
    return zr == Z_MEM_ERROR ? SW_ENOMEM : zr == Z_STREAM_END ? 0 : SW_EPARSE;
}
