/*
 * parse.h - the query string, split into words and phrases.
 *
 * The grammar for now: words separated by white space (ASCII or U+3000),
 * and "exact phrases" in ASCII or Chinese quotes (“…”). The words are kept
 * as typed; search.c segments and normalizes them the way the indexer does.
 */
#ifndef SW_PARSE_H
#define SW_PARSE_H

#include <stddef.h>

typedef struct sw_qword {
    char *text; /* as typed, owned */
    int phrase; /* 1 when it was quoted */
} sw_qword;

typedef struct sw_qparsed {
    sw_qword *words; /* in query order, owned */
    size_t n;        /* words used */
} sw_qparsed;

/*
 * Parses `query`. Returns 0, or SW_EUSAGE with a message (an unbalanced
 * quote, an empty query). The caller releases *out with sw_qparsed_release.
 */
int sw_query_parse(const char *query, sw_qparsed *out, char **errmsg);
void sw_qparsed_release(sw_qparsed *q);

#endif
