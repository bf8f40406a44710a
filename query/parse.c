/*
 * parse.c - splitting a query into words and quoted phrases.
 */
#include "parse.h"

#include "error.h"
#include "page.h"

#include <stdlib.h>
#include <string.h>

static size_t space_at(const char *s) {
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        return 1;
    if (!strncmp(s, "\xE3\x80\x80", 3)) /* U+3000 ideographic space */
        return 3;
    return 0;
}

/* Opening quote at s: its length, and the closing quote to look for. */
static size_t quote_at(const char *s, const char **close) {
    if (*s == '"') {
        *close = "\"";
        return 1;
    }
    if (!strncmp(s, "\xE2\x80\x9C", 3)) { /* “ */
        *close = "\xE2\x80\x9D";          /* ” */
        return 3;
    }
    return 0;
}

static int add(sw_qparsed *q, const char *s, size_t n, int phrase, size_t *cap) {
    if (q->n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        sw_qword *w = realloc(q->words, *cap * sizeof(*w));
        if (!w)
            return SW_ENOMEM;
        q->words = w;
    }
    if (!(q->words[q->n].text = sw_strndup(s, n)))
        return SW_ENOMEM;
    q->words[q->n++].phrase = phrase;
    return 0;
}

int sw_query_parse(const char *query, sw_qparsed *out, char **errmsg) {
    memset(out, 0, sizeof(*out));
    size_t cap = 0;
    const char *p = query;
    int rc = 0;
    while (*p && !rc) {
        size_t k;
        const char *close;
        if ((k = space_at(p))) {
            p += k;
        } else if ((k = quote_at(p, &close))) {
            const char *a = p + k, *e = strstr(a, close);
            if (!e) {
                rc = sw_error(errmsg, SW_EUSAGE, "unbalanced quote at byte %zu of the query",
                              (size_t)(p - query));
                break;
            }
            if (e > a)
                rc = add(out, a, (size_t)(e - a), 1, &cap);
            p = e + strlen(close);
        } else {
            const char *a = p;
            while (*p && !space_at(p) && !quote_at(p, &close))
                p++;
            rc = add(out, a, (size_t)(p - a), 0, &cap);
        }
    }
    if (!rc && out->n == 0)
        rc = sw_error(errmsg, SW_EUSAGE, "the query is empty");
    if (rc == SW_ENOMEM)
        sw_error(errmsg, rc, "out of memory");
    if (rc)
        sw_qparsed_release(out);
    return rc;
}

void sw_qparsed_release(sw_qparsed *q) {
    for (size_t i = 0; i < q->n; i++)
        free(q->words[i].text);
    free(q->words);
    q->words = NULL;
    q->n = 0;
}
