/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_story.c - libFuzzer harness for URL keys and story signatures: the two readings of page
 * text and links that decide which page and which story a page is.
 *
 * The input is taken as a URL (sw_url_key, then sw_url_host) and as an article's text
 * (sw_story_sign, its bands, its comparison with itself). Whatever goes in: a key is
 * idempotent (the key of a key is itself), a host lies inside its URL, a text is the same
 * story as itself, and nothing reads past the input.
 */
#include "buf.h"
#include "error.h"
#include "story.h"
#include "url.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    sw_buf k = SW_BUF_INIT, k2 = SW_BUF_INIT;
    int rc = sw_url_key(s, size, &k);
    if (rc == 0) {
        if (sw_url_key(k.data, k.len, &k2) != 0 || k2.len != k.len ||
            memcmp(k.data, k2.data, k.len))
            abort(); /* a key is its own key */
    } else if (rc != SW_EPARSE && rc != SW_ENOMEM) {
        abort();
    }
    size_t hl = 0;
    const char *h = sw_url_host(s, &hl);
    if (h && (h < s || h + hl > s + strlen(s)))
        abort();
    sw_story_sig sig;
    if (sw_story_sign(s, size, &sig) == 0) {
        if (sig.chars && !sw_story_same(&sig, &sig))
            abort();
        for (int b = 0; sw_story_sketched(&sig) && b < SW_STORY_BANDS; b++)
            if (sw_story_band(&sig, b) == 0)
                abort();
    }
    sw_buf_release(&k);
    sw_buf_release(&k2);
    free(s);
    return 0;
}
