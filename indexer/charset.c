/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * charset.c - charset decision and conversion to UTF-8 (see charset.h).
 *
 * The one decision a reader needs: declarations are trusted only as far as
 * the bytes allow, and the bytes are judged by how widely a decoding fails,
 * never by one bad byte. A page that declares a legacy Chinese charset but
 * is UTF-8 with multibyte characters and at most a few bad bytes is read as
 * UTF-8 (GBK or Big5 text of any length fails as UTF-8 on most of its
 * characters); a page declared UTF-8 with a few stray bytes stays UTF-8,
 * each stray byte a U+FFFD. A declared charset yields to the detector only
 * when its own decoding fails widely (see fails_widely), and then only to a
 * Chinese charset that decodes the bytes better. Following the HTML
 * standard's prescan, a <meta> or XML declaration of UTF-16 on a page
 * without a byte-order mark means UTF-8. A detector guess of a Latin
 * single-byte charset is replaced by GB18030 when the bytes decode cleanly
 * as GB18030, since souwen reads Chinese news. GB2312 and GBK are decoded
 * with GB18030, their superset, and recorded under the declared name.
 * This file does not parse HTML: the <meta> prescan works on bytes.
 */
#include "charset.h"

#include "error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#define PRESCAN_BYTES 8192      /* <meta> declarations are looked for this far */
#define DETECT_BYTES (64 << 10) /* ucsdet sees at most this much */

/*
 * Counts, in s[0..len), the non-ASCII characters that are well-formed UTF-8
 * (*chars) and the ill-formed sequences (*bad), each maximal ill-formed
 * subpart once, as a UTF-8 decoder replaces them with U+FFFD (the Encoding
 * standard's rule, which ICU follows).
 */
static void utf8_scan(const char *str, size_t len, size_t *chars, size_t *bad) {
    const unsigned char *s = (const unsigned char *)str;
    size_t good = 0, wrong = 0;
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            wrong++, i++;
            continue;
        }
        size_t k = 1;
        for (; k <= n && i + k < len; k++) {
            unsigned b = s[i + k];
            if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
                break;
        }
        if (k > n)
            good++;
        else
            wrong++; /* the lead and the continuation bytes that fitted: one U+FFFD */
        i += k;
    }
    *chars = good;
    *bad = wrong;
}

int sw_charset_is_utf8(const char *s, size_t len, int *multibyte) {
    size_t chars, bad;
    utf8_scan(s, len, &chars, &bad);
    if (multibyte)
        *multibyte = chars > 0;
    return bad == 0;
}

/*
 * Whether a decoding that produced `bad` replacement characters among
 * `nonascii` non-ASCII ones failed widely: more than one in ten. Measured on
 * the third-party pages (html_cwced, feeds_chardet): a legacy Chinese page
 * read as UTF-8 loses 78-93 % of its non-ASCII sequences, a UTF-8 page 0 %,
 * so a few stray bytes in a long page never reach this, and a page in
 * another charset always does.
 */
static int fails_widely(size_t nonascii, size_t bad) { return bad > 0 && bad * 10 > nonascii; }

/* The charset after "charset" in s[0..len): skips spaces, '=', quotes. */
static int charset_after(const char *s, size_t len, char out[SW_CHARSET_NAME_MAX]) {
    for (size_t i = 0; i + 7 <= len; i++) {
        if (strncasecmp(s + i, "charset", 7) != 0)
            continue;
        size_t j = i + 7;
        while (j < len && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j >= len || s[j] != '=')
            continue;
        j++;
        while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '"' || s[j] == '\''))
            j++;
        size_t n = 0;
        while (j + n < len && n < SW_CHARSET_NAME_MAX - 1 &&
               (isalnum((unsigned char)s[j + n]) || s[j + n] == '-' || s[j + n] == '_' ||
                s[j + n] == ':' || s[j + n] == '.'))
            n++;
        if (n == 0)
            continue;
        memcpy(out, s + j, n);
        out[n] = '\0';
        return 1;
    }
    return 0;
}

int sw_charset_from_content_type(const char *ct, size_t len, char out[SW_CHARSET_NAME_MAX]) {
    return ct ? charset_after(ct, len, out) : 0;
}

/* The first <meta> in the page's first bytes that names a charset (or an XML declaration's). */
static int meta_charset(const char *s, size_t len, char out[SW_CHARSET_NAME_MAX]) {
    if (len > PRESCAN_BYTES)
        len = PRESCAN_BYTES;
    if (len > 5 && !strncmp(s, "<?xml", 5)) {
        const char *end = memchr(s, '>', len);
        size_t n = end ? (size_t)(end - s) : len;
        for (size_t i = 0; i + 8 < n; i++) {
            if (strncmp(s + i, "encoding", 8) != 0)
                continue;
            size_t j = i + 8;
            while (j < n && (s[j] == ' ' || s[j] == '=' || s[j] == '"' || s[j] == '\''))
                j++;
            size_t k = 0;
            while (j + k < n && k < SW_CHARSET_NAME_MAX - 1 &&
                   (isalnum((unsigned char)s[j + k]) || s[j + k] == '-' || s[j + k] == '_'))
                k++;
            if (k) {
                memcpy(out, s + j, k);
                out[k] = '\0';
                return 1;
            }
        }
    }
    for (size_t i = 0; i + 5 < len; i++) {
        if (s[i] != '<' || strncasecmp(s + i + 1, "meta", 4) != 0)
            continue;
        const char *end = memchr(s + i, '>', len - i);
        size_t n = end ? (size_t)(end - (s + i)) : len - i;
        if (charset_after(s + i, n, out))
            return 1;
    }
    return 0;
}

/* How a declared or detected name is recorded, and which ICU converter decodes it. */
static void canonical(const char *name, char rec[SW_CHARSET_NAME_MAX], const char **conv) {
    static const struct {
        const char *alias, *rec, *conv;
    } map[] = {
        {"utf-8", "UTF-8", "UTF-8"},
        {"utf8", "UTF-8", "UTF-8"},
        {"gb2312", "GB2312", "GB18030"},
        {"gbk", "GBK", "GB18030"},
        {"x-gbk", "GBK", "GB18030"},
        {"cp936", "GBK", "GB18030"},
        {"gb18030", "GB18030", "GB18030"},
        {"euc-cn", "GB2312", "GB18030"},
        {"x-euc-cn", "GB2312", "GB18030"},
        {"hz-gb-2312", "HZ-GB-2312", "HZ-GB-2312"},
        {"big5", "Big5", "windows-950"},
        {"big-5", "Big5", "windows-950"},
        {"cp950", "Big5", "windows-950"},
        {"x-x-big5", "Big5", "windows-950"},
        {"big5-hkscs", "Big5-HKSCS", "Big5-HKSCS"},
        {"utf-16le", "UTF-16LE", "UTF-16LE"},
        {"utf-16be", "UTF-16BE", "UTF-16BE"},
        {"utf-16", "UTF-16LE", "UTF-16LE"},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (strcasecmp(name, map[i].alias) == 0) {
            snprintf(rec, SW_CHARSET_NAME_MAX, "%s", map[i].rec);
            *conv = map[i].conv;
            return;
        }
    }
    snprintf(rec, SW_CHARSET_NAME_MAX, "%s", name);
    *conv = rec;
}

static int is_legacy_cjk(const char *rec) {
    return !strncmp(rec, "GB", 2) || !strncmp(rec, "Big5", 4) || !strncmp(rec, "HZ", 2);
}

/*
 * Decodes with converter `conv` into out; counts the U+FFFD produced (*bad) and the
 * non-ASCII characters, those included (*nonascii; may be NULL). Negative on failure.
 */
static int convert(const char *data, size_t len, const char *conv, sw_buf *out, size_t *bad,
                   size_t *nonascii, const char *name, char **errmsg) {
    UErrorCode err = U_ZERO_ERROR;
    UConverter *c = ucnv_open(conv, &err);
    if (U_FAILURE(err))
        return sw_error(errmsg, SW_EICU, "unable to read '%s': no converter for charset '%s'", name,
                        conv);
    int rc = 0;
    UChar *u = malloc((len + 1) * sizeof(UChar));
    if (!u) {
        ucnv_close(c);
        return sw_error(errmsg, SW_ENOMEM, "out of memory reading '%s'", name);
    }
    int32_t ulen = ucnv_toUChars(c, u, (int32_t)len + 1, data, (int32_t)len, &err);
    ucnv_close(c);
    if (U_FAILURE(err)) {
        free(u);
        return sw_error(errmsg, SW_EICU, "unable to decode '%s' as %s: %s", name, conv,
                        u_errorName(err));
    }
    size_t nbad = 0, nna = 0;
    for (int32_t i = 0; i < ulen; i++) {
        nbad += u[i] == 0xFFFD || u[i] == 0x1A;
        nna += u[i] >= 0x80 || u[i] == 0x1A;
    }
    if (nonascii)
        *nonascii = nna;
    int32_t blen = 0;
    err = U_ZERO_ERROR;
    u_strToUTF8WithSub(NULL, 0, &blen, u, ulen, 0xFFFD, NULL, &err);
    err = U_ZERO_ERROR;
    if (sw_buf_grow(out, (size_t)blen) != 0) {
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory reading '%s'", name);
    } else {
        u_strToUTF8WithSub(out->data, (int32_t)out->cap, &blen, u, ulen, 0xFFFD, NULL, &err);
        if (U_FAILURE(err))
            rc = sw_error(errmsg, SW_EICU, "unable to convert '%s' to UTF-8: %s", name,
                          u_errorName(err));
        else {
            out->len = (size_t)blen;
            out->data[out->len] = '\0';
        }
    }
    free(u);
    if (bad)
        *bad = nbad;
    return rc;
}

/* ucsdet's best guess, or 0. */
static int detect(const char *data, size_t len, int html, char out[SW_CHARSET_NAME_MAX]) {
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *d = ucsdet_open(&err);
    if (U_FAILURE(err))
        return 0;
    ucsdet_enableInputFilter(d, html);
    ucsdet_setText(d, data, (int32_t)(len > DETECT_BYTES ? DETECT_BYTES : len), &err);
    const UCharsetMatch *m = ucsdet_detect(d, &err);
    const char *n = m && U_SUCCESS(err) ? ucsdet_getName(m, &err) : NULL;
    int ok = n && U_SUCCESS(err);
    if (ok)
        snprintf(out, SW_CHARSET_NAME_MAX, "%s", n);
    ucsdet_close(d);
    return ok;
}

/* Whether the name is UTF-16 of some byte order. */
static int is_utf16(const char *name) { return !strncasecmp(name, "utf-16", 6); }

/*
 * Whether data looks like UTF-16 without a byte-order mark: markup is ASCII,
 * so a quarter of the first bytes are zero. *be says whether the zeros come
 * first (big-endian).
 */
static int looks_utf16(const char *data, size_t len, int *be) {
    size_t n = len < 1024 ? len : 1024, even = 0, odd = 0;
    /* cppcheck-suppress knownConditionTrueFalse ; cppcheck 2.10 takes len for 0 here */
    for (size_t i = 0; i < n; i++)
        if (!data[i]) {
            if (i % 2)
                odd++;
            else
                even++;
        }
    *be = even > odd;
    /* cppcheck-suppress knownConditionTrueFalse ; as above */
    return n >= 4 && (even + odd) * 4 >= n;
}

/*
 * What a decoding that failed widely is replaced by: the detector's guess
 * when it is a Chinese charset, else GB18030 (souwen reads Chinese news); its
 * converter goes to *conv and its record name to rec, or 0 when there is
 * nothing else to try.
 */
static int alternative(const char *data, size_t len, int html, const char *conv_now,
                       char rec[SW_CHARSET_NAME_MAX], const char **conv) {
    char guess[SW_CHARSET_NAME_MAX];
    if (!detect(data, len, html, guess) || !strncasecmp(guess, "UTF", 3))
        snprintf(guess, sizeof(guess), "GB18030");
    canonical(guess, rec, conv);
    if (!is_legacy_cjk(rec))
        canonical("GB18030", rec, conv);
    return strcmp(*conv, conv_now) != 0;
}

/*
 * Steps 1 to 3: the charset the bytes declare, into decl ("" for none): a byte-order mark
 * (skipped: *data and *len move past it; *bom set), else the server's, else the page's own.
 */
static void declared_charset(const char **data, size_t *len, const char *http_charset, int html,
                             char decl[SW_CHARSET_NAME_MAX], int *bom) {
    const unsigned char *u = (const unsigned char *)*data;
    decl[0] = '\0';
    /* 1. A byte-order mark settles it. */
    size_t mark = 0;
    if (*len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        mark = 3, snprintf(decl, SW_CHARSET_NAME_MAX, "UTF-8");
    else if (*len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        mark = 2, snprintf(decl, SW_CHARSET_NAME_MAX, "UTF-16LE");
    else if (*len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        mark = 2, snprintf(decl, SW_CHARSET_NAME_MAX, "UTF-16BE");
    *data += mark, *len -= mark;
    *bom = mark > 0;
    if (*bom)
        return;
    /* 2. What the server says: UTF-16 only when the bytes are (else it says nothing). */
    int be = 0;
    if (http_charset && *http_charset) {
        if (!is_utf16(http_charset))
            snprintf(decl, SW_CHARSET_NAME_MAX, "%s", http_charset);
        else if (looks_utf16(*data, *len, &be))
            snprintf(decl, SW_CHARSET_NAME_MAX, "%s",
                     strcasecmp(http_charset, "utf-16") ? http_charset
                     : be                               ? "UTF-16BE"
                                                        : "UTF-16LE");
    }
    /*
     * 3. What the page says. A declaration the prescan could read is in an
     * ASCII-compatible page, so UTF-16 there means UTF-8 (the HTML
     * standard's rule), and x-user-defined means windows-1252.
     */
    if (!decl[0] && html && meta_charset(*data, *len, decl)) {
        if (is_utf16(decl))
            snprintf(decl, SW_CHARSET_NAME_MAX, "UTF-8");
        else if (!strcasecmp(decl, "x-user-defined"))
            snprintf(decl, SW_CHARSET_NAME_MAX, "windows-1252");
    }
}

/*
 * The converter a declaration names, into used/conv (*conv NULL when ICU does not know it):
 * UTF-8 instead when the bytes are plainly UTF-8 and the declaration (not a byte-order mark)
 * says otherwise. Returns whether the declaration stands (it came from the server or the page).
 */
static int take_declared(const char *decl, int bom, int u8fits, char used[SW_CHARSET_NAME_MAX],
                         const char **conv) {
    canonical(decl, used, conv);
    int declared = !bom;
    if (!bom && u8fits && strcmp(used, "UTF-8") != 0 && !is_utf16(used))
        canonical("UTF-8", used, conv); /* the declaration is wrong: the bytes are UTF-8 */
    /* A declaration ICU does not know falls through to detection. */
    UErrorCode err = U_ZERO_ERROR;
    UConverter *c = ucnv_open(*conv, &err);
    ucnv_close(c);
    if (U_FAILURE(err))
        *conv = NULL, declared = 0;
    return declared;
}

/* 4. The detector, for pages that say nothing (or nothing usable); `out` is scratch. */
static void take_detected(const char *data, size_t len, int html, int utf8, const char *name,
                          sw_buf *out, char used[SW_CHARSET_NAME_MAX], const char **conv) {
    char guess[SW_CHARSET_NAME_MAX];
    if (utf8) {
        canonical("UTF-8", used, conv);
    } else if (detect(data, len, html, guess)) {
        canonical(guess, used, conv);
        if (!is_legacy_cjk(used) && strncmp(used, "UTF", 3) != 0) {
            sw_buf_reset(out);
            size_t nb = 0;
            if (convert(data, len, "GB18030", out, &nb, NULL, name, NULL) == 0 && nb == 0)
                canonical("GB18030", used, conv);
        }
    } else {
        canonical("GB18030", used, conv);
    }
}

/*
 * 5. A declaration whose decoding fails widely (a GBK page declared UTF-8) yields to the
 * detector's Chinese charset, when that decodes better: *out, used and *nbad are replaced.
 */
static void prefer_alternative(const char *data, size_t len, int html, const char *conv,
                               const char *name, sw_buf *out, char used[SW_CHARSET_NAME_MAX],
                               size_t *nbad) {
    char rec[SW_CHARSET_NAME_MAX];
    const char *aconv;
    if (!alternative(data, len, html, conv, rec, &aconv))
        return;
    sw_buf alt = SW_BUF_INIT;
    size_t abad = 0, ana = 0;
    if (convert(data, len, aconv, &alt, &abad, &ana, name, NULL) == 0 && abad < *nbad &&
        !fails_widely(ana, abad)) {
        sw_buf tmp = *out;
        *out = alt, alt = tmp;
        memcpy(used, rec, SW_CHARSET_NAME_MAX);
        *nbad = abad;
    }
    sw_buf_release(&alt);
}

int sw_charset_to_utf8(const char *data, size_t len, const char *http_charset, int html,
                       const char *name, sw_buf *out, char used[SW_CHARSET_NAME_MAX], size_t *bad,
                       char **errmsg) {
    char decl[SW_CHARSET_NAME_MAX];
    const char *conv = NULL;
    int bom = 0, declared = 0;
    sw_buf_reset(out);
    if (bad)
        *bad = 0;
    declared_charset(&data, &len, http_charset, html, decl, &bom);
    size_t u8chars = 0, u8bad = 0;
    utf8_scan(data, len, &u8chars, &u8bad);
    /* UTF-8 with multibyte characters, a few bad bytes at most: never an accident. */
    int u8fits = u8chars > 0 && !fails_widely(u8chars + u8bad, u8bad);
    if (decl[0])
        declared = take_declared(decl, bom, u8fits, used, &conv);
    if (!conv)
        take_detected(data, len, html, u8bad == 0 || u8fits, name, out, used, &conv);
    if (!strcmp(conv, "UTF-8") && u8bad == 0) {
        sw_buf_reset(out);
        sw_buf_add(out, data, len);
        return out->oom ? sw_error(errmsg, SW_ENOMEM, "out of memory reading '%s'", name) : 0;
    }
    sw_buf_reset(out);
    size_t nbad = 0, nna = 0;
    int rc = convert(data, len, conv, out, &nbad, &nna, name, errmsg);
    if (!rc && declared && fails_widely(nna, nbad))
        prefer_alternative(data, len, html, conv, name, out, used, &nbad);
    if (bad)
        *bad = nbad;
    return rc;
}
