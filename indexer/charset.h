/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * charset.h - which charset a crawled page is in, and its bytes as UTF-8.
 *
 * The decision, in order: a byte-order mark; the charset of the HTTP
 * Content-Type (from a WARC record; UTF-16 only when the bytes look like
 * UTF-16); for HTML, <meta charset>, <meta http-equiv="Content-Type"> or an
 * XML declaration, found by a byte-level prescan of the first 8 KB (the HTML
 * standard's way; the page is not parsed twice; UTF-16 there means UTF-8);
 * then ICU's detector (ucsdet). A declared legacy charset (GB2312, GBK,
 * Big5 ...) loses to the bytes when they are UTF-8 with multibyte sequences
 * and at most a few bad bytes: servers and editors re-save pages as UTF-8
 * and keep the old meta. Any declaration yields to the detector only when
 * decoding with it fails widely (more than one non-ASCII character in ten),
 * so a few stray bytes never change a page's charset.
 * Conversion is ICU's, with U+FFFD for bytes that do not decode.
 */
#ifndef SW_CHARSET_H
#define SW_CHARSET_H

#include "buf.h"

#include <stddef.h>

#define SW_CHARSET_NAME_MAX 32

/*
 * Converts data[0..len) to UTF-8 in `out` (reset first; owned by the caller).
 * `http_charset` is the charset of an HTTP Content-Type, or NULL; `html`
 * says whether to look for a <meta> declaration. On success writes the
 * charset used (e.g. "UTF-8", "GB18030", "Big5", "UTF-16LE") to `used` and
 * the number of bytes that did not decode to *bad (may be NULL). Fails only
 * when ICU cannot open a converter or memory runs out; `name` is used in
 * messages.
 */
int sw_charset_to_utf8(const char *data, size_t len, const char *http_charset, int html,
                       const char *name, sw_buf *out, char used[SW_CHARSET_NAME_MAX], size_t *bad,
                       char **errmsg);

/* Whether s[0..len) is valid UTF-8; *multibyte says whether it has non-ASCII characters. */
int sw_charset_is_utf8(const char *s, size_t len, int *multibyte);

/*
 * The charset named in a Content-Type value ("text/html; charset=gbk"), copied to out; 0 if
 * none. Spaces around '=' and quotes are passed over; the name is letters, digits and
 * "-_:.", cut at SW_CHARSET_NAME_MAX - 1 bytes. The <meta> prescan reads declarations by the
 * same rule, and the WARC reader the HTTP header's.
 */
int sw_charset_from_content_type(const char *ct, size_t len, char out[SW_CHARSET_NAME_MAX]);

#endif
