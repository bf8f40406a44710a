/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * url.c - the key of a page's URL (url.h), over uriparser.
 *
 * uriparser parses and does RFC 3986's syntax normalization; souwen's own
 * rules (http as https, default ports, tracking parameters, sorted query)
 * are applied as the key is written from the parsed parts.
 */
#include "url.h"

#include "error.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uriparser/Uri.h>

static const char *const tracking[] = {SW_URL_TRACKING, NULL};

static int is_space(unsigned char c) { return c <= ' ' || c == 0x7F; }

static int is_hex(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Percent-encodes the bytes a URL may not hold, so that uriparser takes what crawlers save. */
static void escape_raw(const char *s, size_t n, sw_buf *out) {
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int bad = c >= 0x80 || is_space(c) || strchr("\"<>\\^`{|}", c) ||
                  (c == '%' && !(i + 2 < n && is_hex((unsigned char)s[i + 1]) &&
                                 is_hex((unsigned char)s[i + 2])));
        if (bad) {
            sw_buf_addc(out, '%');
            sw_buf_addc(out, hex[c >> 4]);
            sw_buf_addc(out, hex[c & 15]);
        } else {
            sw_buf_addc(out, (char)c);
        }
    }
}

static size_t range_len(const UriTextRangeA *r) {
    return r->first && r->afterLast ? (size_t)(r->afterLast - r->first) : 0;
}

static int range_is(const UriTextRangeA *r, const char *s) {
    size_t n = range_len(r);
    return n == strlen(s) && strncasecmp(r->first, s, n) == 0;
}

static int is_tracking(const char *name) {
    for (const char *const *t = tracking; *t; t++) {
        size_t n = strlen(*t);
        if ((*t)[n - 1] == '*' ? strncasecmp(name, *t, n - 1) == 0 : strcasecmp(name, *t) == 0)
            return 1;
    }
    return 0;
}

static int by_name_value(const void *a, const void *b) {
    const UriQueryListA *x = *(UriQueryListA *const *)a, *y = *(UriQueryListA *const *)b;
    int c = strcmp(x->key, y->key);
    if (c || x->value == y->value)
        return c;
    if (!x->value || !y->value)
        return x->value ? 1 : -1;
    return strcmp(x->value, y->value);
}

/* Appends "?" and the query's parameters, tracking ones dropped, sorted; nothing when none. */
static int add_query(const UriUriA *uri, sw_buf *out) {
    if (!range_len(&uri->query))
        return 0;
    UriQueryListA *list = NULL;
    int n = 0;
    if (uriDissectQueryMallocA(&list, &n, uri->query.first, uri->query.afterLast) != URI_SUCCESS)
        return SW_ENOMEM;
    UriQueryListA **kept = malloc(((size_t)n + 1) * sizeof(*kept));
    int rc = kept ? 0 : SW_ENOMEM;
    size_t k = 0;
    for (UriQueryListA *q = list; !rc && q; q = q->next)
        if ((*q->key || q->value) && !is_tracking(q->key))
            kept[k++] = q;
    if (!rc && k) {
        qsort(kept, k, sizeof(*kept), by_name_value);
        /* Compose the kept items as their own chain, then put the list back to free it whole. */
        UriQueryListA **next = malloc(k * sizeof(*next));
        if (!next) {
            rc = SW_ENOMEM;
        } else {
            for (size_t i = 0; i < k; i++) {
                next[i] = kept[i]->next;
                kept[i]->next = i + 1 < k ? kept[i + 1] : NULL;
            }
            char *composed = NULL;
            if (uriComposeQueryMallocExA(&composed, kept[0], URI_TRUE, URI_FALSE) != URI_SUCCESS)
                rc = SW_ENOMEM;
            else
                sw_buf_addc(out, '?'), sw_buf_adds(out, composed);
            free(composed);
            for (size_t i = 0; i < k; i++)
                kept[i]->next = next[i];
            free(next);
        }
    }
    free(kept);
    uriFreeQueryListA(list);
    return rc;
}

static void add_range(sw_buf *out, const UriTextRangeA *r) {
    sw_buf_add(out, r->first, range_len(r));
}

/* Writes the key from a parsed, syntax-normalized http(s) URI. */
static int write_key(const UriUriA *uri, sw_buf *out) {
    sw_buf_adds(out, "https://");
    if (range_len(&uri->userInfo)) {
        add_range(out, &uri->userInfo);
        sw_buf_addc(out, '@');
    }
    int bracket = uri->hostData.ip6 || range_len(&uri->hostData.ipFuture);
    size_t hn = range_len(&uri->hostText);
    while (hn && uri->hostText.first[hn - 1] == '.') /* the root's dot, however many */
        hn--;
    if (!hn && range_len(&uri->hostText))
        return SW_EPARSE; /* a host of dots only */
    if (bracket)
        sw_buf_addc(out, '[');
    for (size_t i = 0; i < hn; i++) /* uriparser leaves an IPv6 address's case */
        sw_buf_addc(out, (char)tolower((unsigned char)uri->hostText.first[i]));
    if (bracket)
        sw_buf_addc(out, ']');
    if (range_len(&uri->portText) && !range_is(&uri->portText, "80") &&
        !range_is(&uri->portText, "443")) {
        sw_buf_addc(out, ':');
        add_range(out, &uri->portText);
    }
    if (!uri->pathHead)
        sw_buf_addc(out, '/');
    for (const UriPathSegmentA *s = uri->pathHead; s; s = s->next) {
        sw_buf_addc(out, '/');
        add_range(out, &s->text);
    }
    int rc = add_query(uri, out);
    return rc ? rc : out->oom ? SW_ENOMEM : 0;
}

const char *sw_url_host(const char *url, size_t *len) {
    const char *p = url ? strstr(url, "//") : NULL;
    if (!p)
        return NULL;
    p += 2;
    size_t n = strcspn(p, "/?#");
    const char *at = memchr(p, '@', n);
    if (at) {
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    if (*p == '[') {
        const char *close = memchr(p, ']', n);
        n = close ? (size_t)(close + 1 - p) : n;
    } else {
        const char *colon = memchr(p, ':', n);
        n = colon ? (size_t)(colon - p) : n;
    }
    *len = n;
    return n ? p : NULL;
}

void sw_url_site(const char *url, char *out, size_t cap) {
    size_t n = 0;
    const char *h = sw_url_host(url, &n);
    n = h ? (n < cap - 1 ? n : cap - 1) : 0;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] + 32 : h[i]);
    out[n] = '\0';
}

int sw_url_key(const char *url, size_t len, sw_buf *out) {
    while (len && is_space((unsigned char)*url))
        url++, len--;
    while (len && is_space((unsigned char)url[len - 1]))
        len--;
    sw_buf_reset(out);
    sw_buf esc = SW_BUF_INIT;
    escape_raw(url, len, &esc);
    if (esc.oom) {
        sw_buf_release(&esc);
        return SW_ENOMEM;
    }
    UriUriA uri;
    const char *err = NULL;
    int rc = SW_EPARSE;
    if (esc.len && uriParseSingleUriExA(&uri, esc.data, esc.data + esc.len, &err) == URI_SUCCESS) {
        /* A host with an escape had a space or a raw byte in it: no web URL has. */
        if ((range_is(&uri.scheme, "http") || range_is(&uri.scheme, "https")) &&
            range_len(&uri.hostText) &&
            !memchr(uri.hostText.first, '%', range_len(&uri.hostText))) {
            if (uriNormalizeSyntaxA(&uri) != URI_SUCCESS)
                rc = SW_ENOMEM;
            else
                rc = write_key(&uri, out);
        }
        uriFreeUriMembersA(&uri);
    }
    sw_buf_release(&esc);
    if (rc == SW_EPARSE) {
        sw_buf_reset(out);
        sw_buf_add(out, url, len);
        if (out->oom)
            rc = SW_ENOMEM;
    }
    return rc;
}

int sw_url_is_http(const char *s) {
    size_t scheme = !s                               ? 0
                    : !strncasecmp(s, "http://", 7)  ? 7
                    : !strncasecmp(s, "https://", 8) ? 8
                                                     : 0;
    if (!scheme || !s[scheme] || s[scheme] == '/' || s[scheme] == ':')
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == 0x7f)
            return 0;
    return 1;
}
