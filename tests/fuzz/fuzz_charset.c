/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_charset.c - libFuzzer harness for charset detection and conversion.
 *
 * The first byte picks the HTTP charset a WARC record might declare (none,
 * a right one, a wrong one, garbage) and whether to look for <meta>; the
 * rest are the page's bytes. Whatever goes in, what comes out must be valid
 * UTF-8 and name the charset used.
 */
#include "buf.h"
#include "charset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char *const http[] = {
        NULL, "gbk", "big5", "utf-8", "gb2312", "utf-16le", "x-nonsense-charset", ""};
    if (size == 0)
        return 0;
    const char *declared = http[data[0] & 7];
    int html = (data[0] >> 3) & 1;
    sw_buf out = SW_BUF_INIT;
    char used[SW_CHARSET_NAME_MAX] = "";
    size_t bad = 0;
    char *err = NULL;
    int rc = sw_charset_to_utf8((const char *)data + 1, size - 1, declared, html, "fuzz", &out,
                                used, &bad, &err);
    if (rc == 0) {
        int mb;
        if (!used[0] || !sw_charset_is_utf8(sw_buf_str(&out), out.len, &mb))
            abort();
    } else if (!err) {
        abort();
    }
    free(err);
    sw_buf_release(&out);
    return 0;
}
