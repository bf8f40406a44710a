/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_read_text.c - libFuzzer harness for the text-page reader (sw_read_text).
 *
 * Any bytes go in; the reader must either fill a page or refuse with a
 * message, never crash, leak or read out of bounds. What it returns is
 * checked for the invariants the store relies on: an article has both a
 * title and a body, every list has a section and items with titles.
 */
#include "page.h"
#include "read.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sw_page page;
    sw_page_init(&page);
    char *err = NULL;
    int rc = sw_read_text((const char *)data, size, "fuzz", &page, &err);
    if (rc == 0) {
        if (!page.title != !page.body)
            abort(); /* an article is a title and a body, or nothing */
        if (!page.title && page.nlists == 0)
            abort(); /* success means something was read */
        for (size_t i = 0; i < page.nlists; i++) {
            if (!page.lists[i].section || page.lists[i].n == 0)
                abort();
            for (size_t j = 0; j < page.lists[i].n; j++)
                if (!page.lists[i].items[j].title)
                    abort();
        }
    } else if (!err) {
        abort(); /* every refusal says why */
    }
    free(err);
    sw_page_release(&page);
    return 0;
}
