/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * util.h - small helpers every module uses: string copies, UTF-8 character
 * counts and a monotonic clock.
 *
 * Nothing here knows about pages, the store or the index; a header that
 * needs one of these includes this one rather than a module's.
 */
#ifndef SW_UTIL_H
#define SW_UTIL_H

#include <stddef.h>

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
