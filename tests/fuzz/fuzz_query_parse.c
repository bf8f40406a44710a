/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_query_parse.c - libFuzzer harness for the query parser (sw_qparsed_parse).
 *
 * Only the public contract is used -- sw_qparsed_parse() and
 * sw_qparsed_release(), never the fields of sw_qparsed -- so the harness
 * outlives rewrites of the grammar. The input is a query string, cut at its
 * first NUL as a command line would be; a parse either succeeds, or fails
 * with a message. ASan and UBSan do the rest (out-of-bounds reads, leaks of
 * what a failed parse built).
 */
#include "parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *q = malloc(size + 1);
    if (!q)
        return 0;
    memcpy(q, data, size);
    q[size] = '\0';
    sw_qparsed parsed;
    char *err = NULL;
    int rc = sw_qparsed_parse(q, &parsed, &err);
    if (rc == 0)
        sw_qparsed_release(&parsed);
    else if (!err)
        abort(); /* every refusal says why */
    free(err);
    free(q);
    return 0;
}
