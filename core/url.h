/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * url.h - the key of a page's URL: one page per URL, however it was linked.
 *
 * Crawlers save one article under many spellings of its URL: with a
 * tracking parameter (?from=wap, spm=, utm_source=), over http and https,
 * with an upper-case host, a default port or a fragment. souwen keys a page
 * by its URL's key, so those spellings are one page; the URL as crawled is
 * still what a hit shows.
 *
 * The key: RFC 3986 syntax normalization (uriparser: scheme and host in
 * lower case, percent-encodings in upper case and unreserved ones decoded,
 * dot segments removed), http folded into https, a default port (80, 443)
 * dropped, an empty path written "/", the fragment dropped, and the query's
 * tracking parameters (SW_URL_TRACKING below) dropped and the rest sorted by
 * name then value. Bytes a URL may not hold (a space, raw UTF-8) are
 * percent-encoded first, so a URL written with raw Chinese and one with its
 * %E4%B8%AD escapes have one key.
 *
 * It does not follow redirects, fold "www." or "m." hosts into one (they can
 * be different sites), or drop a parameter that is not in the list.
 */
#ifndef SW_URL_H
#define SW_URL_H

#include "buf.h"

#include <stddef.h>

/*
 * The query parameters that only say how a reader arrived, by name, compared
 * without case; a name ending in '*' is a prefix.
 */
#define SW_URL_TRACKING                                                                            \
    "utm_*", "spm", "spm_id_from", "from", "fr", "wfr", "share*", "isappinstalled", "scene",       \
        "clicktime", "enterid", "chksm", "srcid", "adtag", "pgv_*", "sudaref", "spss*", "gclid",   \
        "fbclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_hs*"

/*
 * Writes the key of url[0..len) to out (replacing what it held). Returns 0;
 * SW_EPARSE when url is not an absolute http or https URL (out then holds
 * url as given, without surrounding white space: a path or another scheme
 * is its own key); SW_ENOMEM.
 */
int sw_url_key(const char *url, size_t len, sw_buf *out);

/*
 * The host of url (an absolute URL with "//"): a pointer into url and its length in *len
 * (without user, port or brackets' contents changed), or NULL when url has none.
 */
const char *sw_url_host(const char *url, size_t *len);

/*
 * The site of a page at url: its host, lowercased (as url: and --facet site take it), in out
 * (cut to cap - 1 bytes); "" when url has no host.
 */
void sw_url_site(const char *url, char *out, size_t cap);

/*
 * Whether s is an absolute http:// or https:// URL: a scheme, then a host (not '/' or ':'),
 * and no white space or control character anywhere (--base-url, a page's <base href>).
 */
int sw_url_is_http(const char *s);

#endif
