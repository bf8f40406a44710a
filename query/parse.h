/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * parse.h - the query language, parsed into a tree.
 *
 *   人工智能 欧洲          words: all must match (souwen-search --any: any)
 *   "开源 模型" “开源模型”  an exact phrase
 *   a OR b                either (OR binds looser than the implicit AND)
 *   NOT a, -a             without a (beside at least one positive word)
 *   ( ... )               grouping
 *   title:X source:X section:X url:X    X a word or a "phrase"; url: takes a
 *                         site (example.cn matches its subdomains) or a URL
 *                         prefix (anything with a '/')
 *   type:article|headline
 *   date:2026-01-01..2026-02-01, date:2026-02, date:2026, date:..2026-02-01,
 *   date:2026-01-01..     inclusive, in UTC+08:00
 *
 * Words are kept as typed: search.c segments and normalizes them the way
 * the indexer does. The parser checks the grammar only; every error has a
 * message saying what and where: "at character N of the query", N counting
 * the characters (code points) before it from 0.
 */
#ifndef SW_PARSE_H
#define SW_PARSE_H

#include <stddef.h>
#include <stdint.h>

enum {
    SW_QN_WORD,   /* text, field */
    SW_QN_PHRASE, /* text, field */
    SW_QN_AND,    /* kids; implicit when written without AND */
    SW_QN_OR,     /* kids */
    SW_QN_NOT,    /* kids[0] */
    SW_QN_DATE,   /* lo, hi */
    SW_QN_TYPE    /* type */
};

enum { SW_QF_ANY, SW_QF_TITLE, SW_QF_SOURCE, SW_QF_SECTION, SW_QF_URL, SW_QF_AUTHOR };

typedef struct sw_qnode {
    int kind;               /* SW_QN_* */
    int field;              /* SW_QF_* for words and phrases */
    int implicit;           /* SW_QN_AND written as juxtaposition (--any makes it OR) */
    char *text;             /* word or phrase as typed, owned */
    int64_t lo, hi;         /* SW_QN_DATE: unix seconds, INT64_MIN / INT64_MAX when open;
                               its type is 's' for seen: (capture times), else 0 (date:) */
    char type;              /* SW_QN_TYPE: 'a' or 'h' (type:), 'C' or 'c' (changed:yes, no),
                               'G' or 'g' (gone:yes, no) */
    struct sw_qnode **kids; /* children, owned */
    size_t nkids;           /* children used */
} sw_qnode;

typedef struct sw_qparsed {
    sw_qnode *root; /* owned */
} sw_qparsed;

/*
 * Parses `query` into *out, a tree of sw_qnode (search.c turns it into core's sw_query for
 * Xapian). Returns 0, or SW_EUSAGE with a message (unbalanced quote or parenthesis, unknown
 * field, bad date, an operator with nothing beside it, an empty query), or SW_ENOMEM. The
 * caller releases *out with sw_qparsed_release (also after a failure: it is then empty).
 */
int sw_qparsed_parse(const char *query, sw_qparsed *out, char **errmsg);
void sw_qparsed_release(sw_qparsed *q);

#endif
