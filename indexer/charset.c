/*
 * charset.c - charset decision and conversion to UTF-8 (see charset.h).
 *
 * The one decision a reader needs: declarations are trusted only as far as
 * the bytes allow. A page that declares a legacy Chinese charset but is
 * valid UTF-8 with multibyte characters is read as UTF-8 (GBK or Big5 text
 * of any length is almost never valid UTF-8), and a detector guess of a
 * Latin single-byte charset is replaced by GB18030 when the bytes decode
 * cleanly as GB18030, since souwen reads Chinese news. GB2312 and GBK are
 * decoded with GB18030, their superset, and recorded under the declared
 * name. The other way round, a page declared UTF-8 whose bytes are not is
 * read in the charset ICU's detector finds, when that is a Chinese one.
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

int sw_charset_is_utf8(const char *str, size_t len, int *multibyte) {
    const unsigned char *s = (const unsigned char *)str;
    int mb = 0;
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
            goto bad;
        }
        if (len - i <= n) /* the sequence runs past the end */
            goto bad;
        if (s[i + 1] < lo || s[i + 1] > hi)
            goto bad;
        for (size_t k = 2; k <= n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                goto bad;
        mb = 1;
        i += n + 1;
    }
    if (multibyte)
        *multibyte = mb;
    return 1;
bad:
    if (multibyte)
        *multibyte = mb;
    return 0;
}

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

/* Decodes with converter `conv` into out; counts U+FFFD produced. Negative on failure. */
static int convert(const char *data, size_t len, const char *conv, sw_buf *out, size_t *bad,
                   const char *name, char **errmsg) {
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
    size_t nbad = 0;
    for (int32_t i = 0; i < ulen; i++)
        nbad += u[i] == 0xFFFD || u[i] == 0x1A;
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

int sw_charset_to_utf8(const char *data, size_t len, const char *http_charset, int html,
                       const char *name, sw_buf *out, char used[SW_CHARSET_NAME_MAX], size_t *bad,
                       char **errmsg) {
    const unsigned char *u = (const unsigned char *)data;
    char decl[SW_CHARSET_NAME_MAX] = "";
    const char *conv = NULL;
    sw_buf_reset(out);
    if (bad)
        *bad = 0;
    /* 1. A byte-order mark settles it. */
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        data += 3, len -= 3;
        snprintf(decl, sizeof(decl), "UTF-8");
    } else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        data += 2, len -= 2;
        snprintf(decl, sizeof(decl), "UTF-16LE");
    } else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        data += 2, len -= 2;
        snprintf(decl, sizeof(decl), "UTF-16BE");
    }
    int bom = decl[0] != '\0';
    /* 2. and 3. What the server or the page says. */
    if (!bom && http_charset && *http_charset)
        snprintf(decl, sizeof(decl), "%s", http_charset);
    if (!bom && !decl[0] && html)
        meta_charset(data, len, decl);
    int mb = 0, utf8 = sw_charset_is_utf8(data, len, &mb);
    if (decl[0]) {
        canonical(decl, used, &conv);
        if (!bom && utf8 && mb && strcmp(used, "UTF-8") != 0 && strncmp(used, "UTF-16", 6) != 0)
            canonical("UTF-8", used, &conv); /* the declaration is wrong: the bytes are UTF-8 */
        char guess[SW_CHARSET_NAME_MAX];
        if (!bom && !utf8 && !strcmp(used, "UTF-8") && detect(data, len, html, guess)) {
            /* Declared UTF-8 but it is not: trust the detector when it sees Chinese. */
            char rec[SW_CHARSET_NAME_MAX];
            const char *gconv;
            canonical(guess, rec, &gconv);
            if (is_legacy_cjk(rec)) {
                memcpy(used, rec, SW_CHARSET_NAME_MAX);
                conv = gconv == rec ? NULL : gconv;
            }
        }
        /* A declaration ICU does not know falls through to detection. */
        UErrorCode err = U_ZERO_ERROR;
        UConverter *c = ucnv_open(conv, &err);
        ucnv_close(c);
        if (U_FAILURE(err))
            conv = NULL;
    }
    /* 4. The detector, for pages that say nothing (or nothing usable). */
    if (!conv) {
        char guess[SW_CHARSET_NAME_MAX];
        if (utf8)
            canonical("UTF-8", used, &conv);
        else if (detect(data, len, html, guess)) {
            canonical(guess, used, &conv);
            if (!is_legacy_cjk(used) && strncmp(used, "UTF", 3) != 0) {
                sw_buf_reset(out);
                size_t nb = 0;
                if (convert(data, len, "GB18030", out, &nb, name, NULL) == 0 && nb == 0)
                    canonical("GB18030", used, &conv);
            }
        } else {
            canonical("GB18030", used, &conv);
        }
    }
    if (!strcmp(conv, "UTF-8") && utf8) {
        sw_buf_reset(out);
        sw_buf_add(out, data, len);
        return out->oom ? sw_error(errmsg, SW_ENOMEM, "out of memory reading '%s'", name) : 0;
    }
    sw_buf_reset(out);
    return convert(data, len, conv, out, bad, name, errmsg);
}
