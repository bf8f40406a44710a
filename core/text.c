/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * text.c - escaping control characters for terminals, cutting and repairing UTF-8;
 * see text.h.
 *
 * UTF-8 is decoded with ICU's U8_NEXT, which rejects overlong forms,
 * surrogates and truncated sequences, the same judgement the readers and
 * jansson make. Nothing here allocates except through the caller's sw_buf.
 */
#include "text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

size_t sw_utf8_cut(const char *s, size_t len, size_t max) {
    if (len <= max)
        return len;
    const uint8_t *p = (const uint8_t *)s;
    int32_t n = len > INT32_MAX ? INT32_MAX : (int32_t)len, i = 0, last = 0;
    while (i < n && (size_t)i <= max) {
        last = i;
        UChar32 c;
        U8_NEXT(p, i, n, c);
        (void)c;
    }
    return (size_t)i <= max ? (size_t)i : (size_t)last;
}

void sw_utf8_valid(sw_buf *b, const char *s, size_t len) {
    const uint8_t *p = (const uint8_t *)s;
    int32_t n = len > INT32_MAX ? INT32_MAX : (int32_t)len;
    for (int32_t i = 0, run = 0; i <= n;) {
        if (i == n) {
            sw_buf_add(b, s + run, (size_t)(i - run));
            break;
        }
        int32_t at = i;
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0) {
            sw_buf_add(b, s + run, (size_t)(at - run));
            sw_buf_adds(b, "\xEF\xBF\xBD");
            run = i;
        }
    }
}

/* The escape of the character c (-1: not UTF-8) whose bytes are s[0..n), or 0 when none. */
static int escape_of(UChar32 c, const char *s, int32_t n, char out[16]) {
    if (c < 0) {
        int k = 0;
        for (int32_t i = 0; i < n; i++)
            k += snprintf(out + k, (size_t)(16 - k), "\\x%02x", (unsigned char)s[i] & 0xFFu);
        return k;
    }
    if (c < 0x20 || c == 0x7F)
        return snprintf(out, 16, "\\x%02x", (unsigned)c);
    if (c >= 0x80 && c <= 0x9F)
        return snprintf(out, 16, "\\u%04x", (unsigned)c);
    return 0;
}

/* Hands s[0..len) to out(ctx, ...) in pieces: runs of plain text and the escapes between. */
static void escape_each(const char *s, size_t len, void (*out)(void *, const char *, size_t),
                        void *ctx) {
    const uint8_t *p = (const uint8_t *)s;
    int32_t n = len > INT32_MAX ? INT32_MAX : (int32_t)len, run = 0;
    for (int32_t i = 0; i < n;) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(p, i, n, c);
        char e[16];
        int k = c >= 0 || i - at <= 3 ? escape_of(c, s + at, i - at, e) : 0;
        if (k > 0) {
            out(ctx, s + run, (size_t)(at - run));
            out(ctx, e, (size_t)k);
            run = i;
        }
    }
    out(ctx, s + run, (size_t)(n - run));
}

static void to_buf(void *b, const char *s, size_t n) { sw_buf_add(b, s, n); }
static void to_file(void *f, const char *s, size_t n) { fwrite(s, 1, n, f); }

void sw_text_escape(sw_buf *b, const char *s, size_t len) { escape_each(s, len, to_buf, b); }

void sw_text_put(FILE *f, const char *s, size_t len) { escape_each(s, len, to_file, f); }

void sw_text_puts(FILE *f, const char *s) {
    if (s)
        sw_text_put(f, s, strlen(s));
}

void sw_text_warn(const char *prog, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
    fprintf(stderr, "%s: ", prog);
    if (msg) {
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
        va_end(ap);
        sw_text_put(stderr, msg, (size_t)n);
        free(msg);
    } else {
        fputs("out of memory", stderr);
    }
    fputc('\n', stderr);
}

int sw_text_bad_option(const char *prog, int c, const char *arg) {
    if (c == ':')
        sw_text_warn(prog, "option '%s' needs a value (see --help)", arg);
    else
        sw_text_warn(prog, "invalid option '%s' (see --help)", arg);
    return 2;
}

size_t sw_text_strip(char *s, int spaces) {
    const uint8_t *p = (const uint8_t *)s;
    size_t len = strlen(s), w = 0;
    int32_t n = len > INT32_MAX ? INT32_MAX : (int32_t)len;
    int pending = 0; /* a space owed for white space removed, written before the next character */
    for (int32_t i = 0; i < n;) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(p, i, n, c);
        int ctl = c >= 0 && (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F));
        if (ctl) {
            pending |= spaces && ((c >= 0x09 && c <= 0x0D) || c == 0x85);
            continue;
        }
        if (pending && w > 0 && s[w - 1] != ' ' && c != ' ')
            s[w++] = ' ';
        pending = 0;
        memmove(s + w, s + at, (size_t)(i - at));
        w += (size_t)(i - at);
    }
    s[w] = '\0';
    return w;
}
