/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * util.c - string copies, UTF-8 character counts and the clock (util.h).
 */
#include "util.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

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
