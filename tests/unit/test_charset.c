/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_charset.c - the charset decision and conversion (indexer/charset.c).
 *
 * Bytes are written here as escapes: 中文 is E4 B8 AD E6 96 87 in UTF-8,
 * D6 D0 CE C4 in GBK and A4 A4 A4 E5 in Big5.
 */
#include "charset.h"
#include "check.h"
#include "error.h"

#include <stdlib.h>

static const char *conv(const char *data, size_t len, const char *http, sw_buf *out,
                        char used[SW_CHARSET_NAME_MAX]) {
    char *err = NULL;
    int rc = sw_charset_to_utf8(data, len, http, 1, "test", out, used, NULL, &err);
    CHECK(rc == 0);
    free(err);
    return sw_buf_str(out);
}

int main(void) {
    sw_buf out = SW_BUF_INIT;
    char used[SW_CHARSET_NAME_MAX];
    static const char gbk_meta[] = "<meta charset=\"gbk\"><p>\xD6\xD0\xCE\xC4</p>";
    CHECK_STR(conv(gbk_meta, sizeof(gbk_meta) - 1, NULL, &out, used),
              "<meta charset=\"gbk\"><p>中文</p>");
    CHECK_STR(used, "GBK");
    /* meta says gb2312, the bytes are UTF-8: UTF-8 wins. */
    static const char wrong[] = "<meta http-equiv=\"Content-Type\" content=\"text/html; "
                                "charset=gb2312\"><p>\xE4\xB8\xAD\xE6\x96\x87</p>";
    CHECK(strstr(conv(wrong, sizeof(wrong) - 1, NULL, &out, used), "<p>中文</p>") != NULL);
    CHECK_STR(used, "UTF-8");
    /* The HTTP header comes before the meta. */
    static const char big5[] = "<meta charset=\"gbk\"><p>\xA4\xA4\xA4\xE5</p>";
    conv(big5, sizeof(big5) - 1, "big5", &out, used);
    CHECK_STR(used, "Big5");
    CHECK(strstr(sw_buf_str(&out), "中文") != NULL);
    /* A BOM comes before everything, and is not kept. */
    static const char bom16[] = "\xFF\xFE<\0p\0>\0\x2D\x4E\x87\x65";
    CHECK_STR(conv(bom16, sizeof(bom16) - 1, "gbk", &out, used), "<p>中文");
    CHECK_STR(used, "UTF-16LE");
    static const char bom8[] = "\xEF\xBB\xBF<p>\xE4\xB8\xAD\xE6\x96\x87";
    CHECK_STR(conv(bom8, sizeof(bom8) - 1, NULL, &out, used), "<p>中文");
    /* No declaration: GBK Chinese is detected (as GB18030, its superset). */
    static const char bare[] = "<html><body><p>\xBD\xF1\xCC\xEC\xCA\xD0\xBD\xBC\xCC\xFA\xC2\xB7"
                               "\xBB\xB7\xCF\xDF\xD5\xFD\xCA\xBD\xCD\xA8\xB3\xB5\xA3\xAC\xD1\xD8"
                               "\xCF\xDF\xCA\xAE\xB6\xFE\xD5\xBE\xCD\xAC\xB2\xBD\xC6\xF4\xD3\xC3"
                               "\xA1\xA3</p></body></html>";
    const char *t = conv(bare, sizeof(bare) - 1, NULL, &out, used);
    CHECK_STR(used, "GB18030");
    CHECK(strstr(t, "今天市郊铁路环线正式通车") != NULL);
    /* Declared UTF-8, saved as GBK: the detector's Chinese charset wins. */
    static const char lie[] =
        "<meta charset=\"utf-8\"><p>\xBD\xF1\xCC\xEC\xCA\xD0\xBD\xBC\xCC\xFA"
        "\xC2\xB7\xBB\xB7\xCF\xDF\xD5\xFD\xCA\xBD\xCD\xA8\xB3\xB5\xA3\xAC\xD1\xD8"
        "\xCF\xDF\xCA\xAE\xB6\xFE\xD5\xBE\xCD\xAC\xB2\xBD\xC6\xF4\xD3\xC3\xA1\xA3</p>";
    t = conv(lie, sizeof(lie) - 1, NULL, &out, used);
    CHECK_STR(used, "GB18030");
    CHECK(strstr(t, "今天市郊铁路环线正式通车") != NULL);
    /* Bytes that do not decode become U+FFFD and are counted; the rest is read. */
    size_t bad = 0;
    char *err = NULL;
    static const char broken[] = "<meta charset=gbk><p>\xD6\xD0\xFF\xCE\xC4</p>";
    CHECK(sw_charset_to_utf8(broken, sizeof(broken) - 1, NULL, 1, "t", &out, used, &bad, &err) ==
          0);
    CHECK(bad >= 1);
    CHECK(strstr(sw_buf_str(&out), "中") != NULL && strstr(sw_buf_str(&out), "文") != NULL);
    /* Declared UTF-8 with one stray byte: still UTF-8, the byte is one U+FFFD. */
    static const char stray[] = "<meta charset=\"utf-8\"><p>\xE5\x8A\xA1\xE6\x95\x99\xE8\x82\xB2"
                                "\xE9\x98\xB6\xE6\xAE\xB5\xFF\xE6\x8B\x9B\xE7\x94\x9F</p>";
    bad = 0;
    CHECK(sw_charset_to_utf8(stray, sizeof(stray) - 1, NULL, 1, "t", &out, used, &bad, &err) == 0);
    CHECK_STR(used, "UTF-8");
    CHECK(bad == 1);
    CHECK(strstr(sw_buf_str(&out), "务教育阶段\xEF\xBF\xBD招生") != NULL);
    /* A UTF-16 <meta> or XML declaration on bytes the prescan can read means UTF-8. */
    static const char m16[] = "<meta charset=\"utf-16\"><p>\xE4\xB8\xAD\xE6\x96\x87</p>";
    CHECK_STR(conv(m16, sizeof(m16) - 1, NULL, &out, used), m16);
    CHECK_STR(used, "UTF-8");
    static const char x16[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><p>\xE4\xB8\xAD</p>";
    CHECK_STR(conv(x16, sizeof(x16) - 1, NULL, &out, used), x16);
    CHECK_STR(used, "UTF-8");
    /* An HTTP UTF-16 on ASCII-compatible bytes is not believed; on UTF-16 bytes it is. */
    CHECK_STR(conv(m16, sizeof(m16) - 1, "utf-16", &out, used), m16);
    CHECK_STR(used, "UTF-8");
    static const char le[] = "<\0p\0>\0\x2D\x4E\x87\x65<\0/\0p\0>\0";
    CHECK_STR(conv(le, sizeof(le) - 1, "utf-16", &out, used), "<p>中文</p>");
    CHECK_STR(used, "UTF-16LE");
    int mb = 0;
    CHECK(sw_charset_is_utf8("a\xE4\xB8\xAD", 4, &mb) && mb);
    CHECK(!sw_charset_is_utf8("a\xE4\xB8", 3, &mb));
    CHECK(!sw_charset_is_utf8("\xC0\x80", 2, &mb)); /* overlong */
    char cs[SW_CHARSET_NAME_MAX];
    CHECK(sw_charset_from_content_type("text/html; charset=\"GB2312\"", 27, cs));
    CHECK_STR(cs, "GB2312");
    CHECK(!sw_charset_from_content_type("text/html", 9, cs));
    sw_buf_release(&out);
    return check_done();
}
