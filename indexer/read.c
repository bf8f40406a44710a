/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * read.c - one page's bytes to an sw_page: which reader, which charset.
 *
 * The batch and `souwen-index --show` both come through here, so what --show
 * prints is exactly what indexing records. The kind of input is decided by
 * the name's extension and then by the bytes: a WARC header or a gzip
 * magic number means WARC (read by read_warc.c, record by record, never
 * through here), markup at the start means HTML, anything else is a text
 * page. HTML is decoded to UTF-8 by charset.c first; text pages must be
 * UTF-8 already (read_text.c reports the first bad byte).
 *
 * Whatever the reader, the short fields of the page (title, source, author, section
 * names, URLs, and the same of each list item) lose their control characters
 * here, once, so that no reader can let an ESC through to a terminal; a URL
 * given by the caller (a WARC record's target URI) is cleaned with them.
 * Bodies keep theirs: output escapes them (text.h).
 */
#include "read.h"

#include "buf.h"
#include "charset.h"
#include "error.h"
#include "text.h"
#include "util.h"
#include "warc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcasecmp(s + n - k, suffix) == 0;
}

int sw_input_kind_by_name(const char *name) {
    if (ends_with(name, ".warc") || ends_with(name, ".warc.gz"))
        return SW_INPUT_WARC;
    if (ends_with(name, ".html") || ends_with(name, ".htm") || ends_with(name, ".shtml") ||
        ends_with(name, ".xhtml"))
        return SW_INPUT_HTML;
    if (ends_with(name, ".txt"))
        return SW_INPUT_TEXT;
    return 0;
}

/* Whether the first non-blank bytes are markup an HTML page starts with. */
static int looks_html(const char *data, size_t len) {
    static const char *const starts[] = {"<!doctype html", "<html",   "<head", "<meta",
                                         "<title",         "<body",   "<!--",  "<?xml",
                                         "<div",           "<script", "<text", NULL};
    size_t i = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        i = 3;
    else if (len >= 2 && ((unsigned char)data[0] == 0xFF || (unsigned char)data[0] == 0xFE))
        return 1; /* UTF-16 with a BOM: only HTML is read in UTF-16 */
    while (i < len && isspace((unsigned char)data[i]))
        i++;
    for (int k = 0; starts[k]; k++) {
        size_t n = strlen(starts[k]);
        if (len - i >= n && strncasecmp(data + i, starts[k], n) == 0)
            return 1;
    }
    return 0;
}

int sw_input_kind(const char *name, const char *data, size_t len) {
    int k = sw_input_kind_by_name(name);
    if (k == SW_INPUT_WARC || sw_warc_sniff(data, len))
        return SW_INPUT_WARC;
    if (k == SW_INPUT_HTML || looks_html(data, len))
        return SW_INPUT_HTML;
    return SW_INPUT_TEXT;
}

/* One page through its reader, before the fields are cleaned. */
static int parse(const char *data, size_t len, int kind, const char *name, const char *http_charset,
                 const char *base_url, sw_buf *scratch, sw_page *page, char **errmsg) {
    if (kind == SW_INPUT_TEXT) {
        int rc = sw_read_text(data, len, name, page, errmsg);
        return rc ? rc : sw_set_str(&page->charset, "UTF-8", 5);
    }
    if (len == 0)
        return sw_error(errmsg, SW_EPARSE, "'%s' is empty", name);
    char used[SW_CHARSET_NAME_MAX];
    int rc = sw_charset_to_utf8(data, len, http_charset, 1, name, scratch, used, NULL, errmsg);
    if (!rc)
        rc = sw_set_str(&page->charset, used, strlen(used));
    if (!rc)
        rc = sw_read_html(sw_buf_str(scratch), scratch->len, base_url, name, page, errmsg);
    return rc;
}

/* Strips the control characters of a field (see text.h); a field left empty becomes NULL. */
static void strip(char **s, int spaces, int keep_empty) {
    if (*s && sw_text_strip(*s, spaces) == 0 && !keep_empty) {
        free(*s);
        *s = NULL;
    }
}

/* The short fields of a page, as the file head says. */
static void strip_page(sw_page *page) {
    strip(&page->url, 0, 0);
    strip(&page->title, 1, 1);
    strip(&page->source, 1, 0);
    strip(&page->author, 1, 0);
    for (size_t i = 0; i < page->nlists; i++) {
        sw_list *l = &page->lists[i];
        strip(&l->section, 1, 1);
        for (size_t j = 0; j < l->n; j++) {
            strip(&l->items[j].title, 1, 1);
            strip(&l->items[j].source, 1, 0);
            strip(&l->items[j].url, 0, 0);
        }
    }
}

int sw_parse_page(const char *data, size_t len, int kind, const char *name,
                  const char *http_charset, const char *base_url, sw_buf *scratch, sw_page *page,
                  char **errmsg) {
    int rc = parse(data, len, kind, name, http_charset, base_url, scratch, page, errmsg);
    if (!rc)
        strip_page(page);
    return rc;
}
