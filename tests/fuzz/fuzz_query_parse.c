/*
 * fuzz_query_parse.c - libFuzzer harness for the query parser (sw_query_parse).
 *
 * Only the public contract is used (sw_query_parse + sw_qparsed_release),
 * so the harness outlives changes to the grammar. The input is a query
 * string (cut at its first NUL, as a command line would); a parse either
 * succeeds with at least one word, or fails with a message. Each word is
 * then segmented the way souwen-search does, to reach the segmenter with
 * what the parser hands on.
 */
#include "parse.h"
#include "segment.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_token(void *ctx, const char *term, size_t len, size_t start, size_t end, int f) {
    (void)f;
    size_t n = *(size_t *)ctx;
    if (start >= end || end > n || len == 0 || len > SW_TERM_MAX || strlen(term) != len)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static sw_segmenter *seg;
    if (!seg && sw_segmenter_new(&seg, NULL))
        abort();
    char *q = malloc(size + 1);
    if (!q)
        return 0;
    memcpy(q, data, size);
    q[size] = '\0';
    sw_qparsed parsed;
    char *err = NULL;
    int rc = sw_query_parse(q, &parsed, &err);
    if (rc == 0) {
        if (parsed.n == 0)
            abort(); /* an empty query is an error, not zero words */
        for (size_t i = 0; i < parsed.n; i++) {
            size_t n = strlen(parsed.words[i].text);
            if (sw_segment(seg, parsed.words[i].text, n, on_token, &n) < 0)
                abort();
        }
        sw_qparsed_release(&parsed);
    } else if (!err) {
        abort();
    }
    free(err);
    free(q);
    return 0;
}
