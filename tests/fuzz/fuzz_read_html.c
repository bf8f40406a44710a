/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_read_html.c - libFuzzer harness for the HTML path as indexing takes
 * it (sw_parse_page: charset decision and conversion, then sw_read_html).
 *
 * Any bytes go in as a page; the reader must fill a page or refuse with a
 * message, never crash, leak or read out of bounds, and what it fills must
 * hold the invariants the store relies on: an article has a title and a
 * body, every list a section and titled items, and every string is valid
 * UTF-8 whatever charset the bytes were in.
 */
#include "charset.h"
#include "page.h"
#include "read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_utf8(const char *s) {
    int mb;
    if (s && !sw_charset_is_utf8(s, strlen(s), &mb))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sw_page page;
    sw_page_init(&page);
    sw_buf scratch = SW_BUF_INIT;
    char *err = NULL;
    int rc = sw_parse_page((const char *)data, size, SW_INPUT_HTML, "fuzz.html", NULL, NULL,
                           &scratch, &page, &err);
    if (rc == 0) {
        if (!page.title != !page.body)
            abort(); /* an article is a title and a body, or nothing */
        check_utf8(page.title);
        check_utf8(page.body);
        check_utf8(page.source);
        for (size_t i = 0; i < page.nlists; i++) {
            if (!page.lists[i].section || page.lists[i].n == 0)
                abort();
            check_utf8(page.lists[i].section);
            for (size_t j = 0; j < page.lists[i].n; j++) {
                if (!page.lists[i].items[j].title)
                    abort();
                check_utf8(page.lists[i].items[j].title);
            }
        }
    } else if (!err) {
        abort(); /* every refusal says why */
    }
    free(err);
    sw_page_release(&page);
    sw_buf_release(&scratch);
    return 0;
}
