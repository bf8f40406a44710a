/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * util.c - string copies, UTF-8 character counts, the clock and the allocator's settings
 * (util.h).
 */
#include "util.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

void sw_tune_malloc(void) {
#ifdef __GLIBC__
    /* (what the user set in the environment wins) */
    if (getenv("GLIBC_TUNABLES") || getenv("MALLOC_TRIM_THRESHOLD_") ||
        getenv("MALLOC_MMAP_THRESHOLD_"))
        return;
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

char *sw_strndup(const char *s, size_t len) {
    char *d = malloc(len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

int sw_set_str(char **dst, const char *s, size_t len) {
    char *d = sw_strndup(s, len);
    if (!d)
        return SW_ENOMEM;
    free(*dst);
    *dst = d;
    return 0;
}

size_t sw_utf8_chars(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

double sw_clock(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

size_t sw_utf8_han(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    if (n >= 3 && (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        unsigned c = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
                       (c >= 0xF900 && c <= 0xFAFF)
                   ? 3
                   : 0;
    }
    if (n >= 4 && (p[0] & 0xF8) == 0xF0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
        (p[3] & 0xC0) == 0x80) {
        unsigned c = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
                     (p[3] & 0x3Fu);
        return c >= 0x20000 && c <= 0x3FFFF ? 4 : 0;
    }
    return 0;
}
