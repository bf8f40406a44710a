/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * read.h - page readers: bytes as the crawler saved them in, sw_page out.
 *
 * read.c decides the kind of an input and which reader a page goes through
 * (sw_input_kind, sw_parse_page); read_text.c and read_html.c are the
 * readers. WARC files are read record by record with warc.h, and each
 * record's payload then comes through sw_parse_page.
 */
#ifndef SW_READ_H
#define SW_READ_H

#include "page.h"

#include "buf.h"

#include <stddef.h>

/*
 * Parses a crawled page saved as visible text (UTF-8, one page per file):
 * an optional "URL: ..." line, a breadcrumb, the title, meta lines (source,
 * time), body paragraphs, then headline lists under headings such as
 * 相关推荐 / 热点推荐 / 头条要闻, each item a headline (often repeated on
 * the next line), an optional source and an optional time.
 *
 * `name` is used in messages only. Fills `page` (which the caller has
 * init'ed and releases) with url, title, source, published_at, body and
 * lists; on failure returns SW_EPARSE with a message naming `name` and, for
 * bad bytes, the byte offset.
 */
int sw_read_text(const char *data, size_t len, const char *name, sw_page *page, char **errmsg);

/*
 * Parses an HTML page whose bytes are already UTF-8 (see charset.h) with
 * libxml2's HTML parser and extracts the article (title without the site
 * suffix, body, source, publish time) and every headline list. Relative
 * links are made absolute against, in this order: the page's <base href>
 * (itself resolved against the page's URL), page->url (the caller's: a WARC
 * record's URL), the page's <link rel=canonical> or og:url, and last
 * `base_url` (souwen-index --base-url, for a folder saved from one site; may
 * be NULL), so a URL of the page's own always wins; with none of them links
 * stay as written. When page->url is NULL it is set from the canonical link
 * or og:url (never from `base_url`: a saved file is keyed by its path). A page with no article gets
 * lists only. Fails with SW_EPARSE only for an empty page or one with no
 * elements at all; tag soup gives a best-effort page. `name` is used in
 * messages only.
 */
int sw_read_html(const char *data, size_t len, const char *base_url, const char *name,
                 sw_page *page, char **errmsg);

/* Kinds of input (0: not known from the name). */
enum { SW_INPUT_TEXT = 1, SW_INPUT_HTML = 2, SW_INPUT_WARC = 3 };

/* The kind a file's name says (.txt, .html/.htm/.shtml/.xhtml, .warc/.warc.gz), or 0. */
int sw_input_kind_by_name(const char *name);

/* The kind of an input from its name, then its first bytes (a WARC header, markup). */
int sw_input_kind(const char *name, const char *data, size_t len);

/*
 * Parses one page of kind SW_INPUT_TEXT or SW_INPUT_HTML into `page` (which
 * the caller init'ed, and may have given a url; it releases it): HTML is
 * decoded with charset.c (`http_charset` from a WARC record, or NULL) into
 * `scratch` (reused, owned by the caller) and read with sw_read_html; the
 * charset used goes to page->charset; `base_url` (or NULL) resolves the
 * links of a page with no URL of its own (see sw_read_html). Then the control characters of the
 * page's URL, title, source and section names, and of its items' titles,
 * sources and links, are removed (white space ones become a space, URLs
 * lose them all; see sw_text_strip); the body keeps them.
 */
int sw_parse_page(const char *data, size_t len, int kind, const char *name,
                  const char *http_charset, const char *base_url, sw_buf *scratch, sw_page *page,
                  char **errmsg);

#endif
