/*
 * read.h - page readers: bytes as the crawler saved them in, sw_page out.
 */
#ifndef SW_READ_H
#define SW_READ_H

#include "page.h"

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

#endif
