/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * util.h - small helpers every module uses: string copies, UTF-8 character
 * counts, a monotonic clock and the allocator's settings for both tools.
 *
 * Nothing here knows about pages, the store or the index; a header that
 * needs one of these includes this one rather than a module's.
 */
#ifndef SW_UTIL_H
#define SW_UTIL_H

#include <stddef.h>

/*
 * Sets the C library's allocator for a long run of allocations (called first by both tools):
 * memory freed stays in the process up to 64 MiB instead of going back to the kernel at each
 * free, and blocks under 32 MiB come from the heap. With glibc's defaults, indexing spent a
 * fifth of its time in the kernel taking back and handing out the same pages (10 MB of HTML
 * pages: 4.3 s -> 3.6 s; sys 1.2 s -> 0.45 s; peak RSS the same). 64-bit glibc only; the
 * allocator's own settings in the environment (GLIBC_TUNABLES, MALLOC_*_) are left as set.
 */
void sw_tune_malloc(void);

/* A malloc'd copy of s[0..len), owned by the caller; NULL when out of memory. */
char *sw_strndup(const char *s, size_t len);

/* Replaces *dst (freed) with a copy of s[0..len); 0 or SW_ENOMEM. */
int sw_set_str(char **dst, const char *s, size_t len);

/*
 * The number of characters in s[0..n): bytes that do not continue a UTF-8
 * sequence. Bytes that are not UTF-8 count one each.
 */
size_t sw_utf8_chars(const char *s, size_t n);

/*
 * The length of the UTF-8 sequence at s[0..n) when it is a Chinese character (a CJK unified
 * ideograph, Extension A, a compatibility ideograph, or in planes 2 and 3), else 0: what the
 * segmenter and the index count as Chinese.
 */
size_t sw_utf8_han(const char *s, size_t n);

/* Seconds on the monotonic clock, for timing stages. */
double sw_clock(void);

#endif
