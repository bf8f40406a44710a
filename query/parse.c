/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * parse.c - the query language of parse.h: a lexer and a recursive-descent
 * parser producing a tree of sw_qnode.
 *
 *   or   := and ("OR" and)*
 *   and  := unary+                 ("AND" between them is allowed and ignored)
 *   unary:= ("NOT" | "-") unary | primary
 *   primary := "(" or ")" | field ":" (word | "phrase") | "phrase" | word
 *
 * Only upper-case OR, AND and NOT are operators; lower-case ones are words.
 * Nesting is limited to MAX_DEPTH so that no query can exhaust the stack.
 */
#include "parse.h"

#include "date.h"
#include "error.h"
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 64

enum { T_END, T_WORD, T_PHRASE, T_FIELD, T_OR, T_AND, T_NOT, T_LPAREN, T_RPAREN };

typedef struct lexer {
    const char *q;     /* the whole query */
    const char *p;     /* where the next token starts */
    int tok;           /* the current token */
    const char *at;    /* where it starts */
    const char *s;     /* its text (word, phrase, field value) */
    size_t n;          /* its length */
    int field;         /* T_FIELD: which */
    const char *fname; /* T_FIELD: the name as typed */
    size_t fname_len;
    int value_phrase; /* T_FIELD: the value was quoted */
    char **errmsg;
    int rc; /* sticky error */
    int depth;
} lexer;

static size_t space_at(const char *s) {
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        return 1;
    if (!strncmp(s, "\xE3\x80\x80", 3)) /* U+3000 ideographic space */
        return 3;
    return 0;
}

/* An opening quote at s: its length and the closing quote to look for. */
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

static int fail(lexer *lx, const char *at, const char *fmt, const char *arg, size_t arg_len) {
    if (lx->rc)
        return lx->rc;
    char
        what[256]; /* every template is under 96 bytes: the quoted part is cut between characters */
    snprintf(what, sizeof(what), fmt, (int)sw_utf8_cut(arg, arg_len, 150), arg);
    /* Characters, not bytes: the place a person counts to in what they typed. */
    lx->rc = sw_error(lx->errmsg, SW_EUSAGE, "%s at character %zu of the query", what,
                      sw_utf8_chars(lx->q, (size_t)(at - lx->q)));
    return lx->rc;
}

/* Reads a quoted string starting at p; sets s/n and returns the end, or NULL. */
static const char *quoted(lexer *lx, const char *p) {
    const char *close = "\"";
    size_t k = quote_at(p, &close);
    const char *e = strstr(p + k, close);
    if (!e) {
        fail(lx, p, "unbalanced quote%.*s", "", 0);
        return NULL;
    }
    lx->s = p + k;
    lx->n = (size_t)(e - (p + k));
    return e + strlen(close);
}

static const struct {
    const char *name;
    int field;
} fields[] = {{"title", SW_QF_TITLE},
              {"source", SW_QF_SOURCE},
              {"section", SW_QF_SECTION},
              {"author", SW_QF_AUTHOR},
              {"url", SW_QF_URL},
              {"type", -1},
              {"date", -2},
              {"changed", -3},
              {"gone", -4},
              {"seen", -5},
              {NULL, 0}};

static void next(lexer *lx) {
    if (lx->rc) {
        lx->tok = T_END;
        return;
    }
    size_t k;
    while ((k = space_at(lx->p)))
        lx->p += k;
    const char *p = lx->at = lx->p, *close;
    if (!*p) {
        lx->tok = T_END;
        return;
    }
    if (*p == '(' || *p == ')') {
        lx->tok = *p == '(' ? T_LPAREN : T_RPAREN;
        lx->p = p + 1;
        return;
    }
    if (quote_at(p, &close)) {
        const char *e = quoted(lx, p);
        lx->tok = e ? T_PHRASE : T_END;
        lx->p = e ? e : p + strlen(p);
        return;
    }
    if (*p == '-' && p[1] && !space_at(p + 1) && p[1] != '-') {
        lx->tok = T_NOT;
        lx->p = p + 1;
        return;
    }
    const char *e = p;
    while (*e && !space_at(e) && *e != '(' && *e != ')' && !quote_at(e, &close))
        e++;
    size_t n = (size_t)(e - p);
    lx->s = p;
    lx->n = n;
    lx->p = e;
    if ((n == 2 && !memcmp(p, "OR", 2)) || (n == 1 && *p == '|')) {
        lx->tok = T_OR;
        return;
    }
    if (n == 3 && !memcmp(p, "AND", 3)) {
        lx->tok = T_AND;
        return;
    }
    if (n == 3 && !memcmp(p, "NOT", 3)) {
        lx->tok = T_NOT;
        return;
    }
    /* field:value, where field is ASCII letters (but not a URL's scheme://) */
    size_t f = 0;
    while (f < n && isalpha((unsigned char)p[f]))
        f++;
    if (f > 0 && f < n && p[f] == ':' && strncmp(p + f, "://", 3) != 0) {
        lx->tok = T_FIELD;
        lx->fname = p;
        lx->fname_len = f;
        lx->field = 0;
        int known = 0;
        for (int i = 0; fields[i].name; i++)
            if (strlen(fields[i].name) == f && !strncasecmp(fields[i].name, p, f)) {
                lx->field = fields[i].field;
                known = 1;
            }
        if (!known) {
            fail(lx, p,
                 "unknown field '%.*s:' (fields are title: source: author: section: url: type: "
                 "date: changed: gone: seen:)",
                 p, f + 0);
            return;
        }
        lx->value_phrase = 0;
        lx->s = p + f + 1;
        lx->n = n - f - 1;
        if (lx->n == 0 && quote_at(e, &close)) {
            const char *qe = quoted(lx, e);
            if (!qe)
                return;
            lx->p = qe;
            lx->value_phrase = 1;
        }
        if (lx->n == 0)
            fail(lx, p, "field '%.*s:' needs a value", p, f);
        return;
    }
    lx->tok = T_WORD;
}

static sw_qnode *node(lexer *lx, int kind) {
    sw_qnode *n = calloc(1, sizeof(*n));
    if (!n && !lx->rc)
        lx->rc = sw_error(lx->errmsg, SW_ENOMEM, "out of memory");
    if (n)
        n->kind = kind;
    return n;
}

static void free_node(sw_qnode *n) {
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        free_node(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n);
}

static int add_kid(lexer *lx, sw_qnode *parent, sw_qnode *kid) {
    sw_qnode **k = realloc(parent->kids, (parent->nkids + 1) * sizeof(*k));
    if (!k) {
        free_node(kid);
        return lx->rc = sw_error(lx->errmsg, SW_ENOMEM, "out of memory");
    }
    parent->kids = k;
    parent->kids[parent->nkids++] = kid;
    return 0;
}

static sw_qnode *text_node(lexer *lx, int kind, int field) {
    sw_qnode *n = node(lx, kind);
    if (n && !(n->text = sw_strndup(lx->s, lx->n))) {
        free_node(n);
        lx->rc = sw_error(lx->errmsg, SW_ENOMEM, "out of memory");
        return NULL;
    }
    if (n)
        n->field = field;
    return n;
}

/* The first and last second of the period a date names (2026, 2026-02 or 2026-02-03). */
static int period(const char *s, size_t n, int64_t *first, int64_t *last) {
    char buf[16];
    if (n == 0 || n >= sizeof(buf))
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (strspn(buf, "0123456789-") != n || !isdigit((unsigned char)buf[0]))
        return 0; /* no signs or spaces for sscanf to take */
    int y, m = 0, d = 0, used = 0;
    if (sscanf(buf, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && (size_t)used == n) {
        /* a day */
    } else if (sscanf(buf, "%4d-%2d%n", &y, &m, &used) == 2 && (size_t)used == n) {
        d = 0;
    } else if (sscanf(buf, "%4d%n", &y, &used) == 1 && (size_t)used == n && n == 4) {
        m = d = 0;
    } else {
        return 0;
    }
    /* Any year of four digits (the page scanner's 1970..2100 is about text, not queries):
     * date:2026-01-01..9999-12-31 is an open end written out. */
    int m0 = m ? m : 1, d0 = d ? d : 1;
    if (y < 1 || y > 9999 || m0 < 1 || m0 > 12 || d0 < 1 || d0 > sw_date_month_days(y, m0))
        return 0;
    *first = sw_date_days(y, m0, d0) * 86400 - 8 * 3600;
    /* The end: the first second of the next period, minus one, in days of UTC+08:00 as the
     * start's (from sw_date_days, so that date:2100 ends too). */
    int64_t after = d   ? sw_date_days(y, m, d) + 1
                    : m ? sw_date_days(y, m, 1) + sw_date_month_days(y, m)
                        : sw_date_days(y + 1, 1, 1);
    *last = after * 86400 - 8 * 3600 - 1;
    return 1;
}

/* date:RANGE (the publication date), or with `seen` set seen:RANGE (the capture times). */
static sw_qnode *date_node(lexer *lx, int seen) {
    const char *s = lx->s;
    size_t n = lx->n;
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '.' && s[i + 1] == '.') {
            dots = s + i;
            break;
        }
    int64_t lo = INT64_MIN, hi = INT64_MAX, a, b;
    int ok = 1;
    if (!dots) {
        ok = period(s, n, &lo, &hi);
    } else {
        size_t ln = (size_t)(dots - s), rn = n - ln - 2;
        if (ln)
            ok = period(s, ln, &lo, &b);
        if (ok && rn)
            ok = period(dots + 2, rn, &a, &hi);
        if (ok && !ln && !rn)
            ok = 0;
    }
    if (!ok) {
        fail(lx, lx->at,
             seen ? "bad seen: date '%.*s' (use seen:2026-01-01..2026-02-01, seen:2026-02, "
                    "seen:..2026-02-01)"
                  : "bad date '%.*s' (use date:2026-01-01..2026-02-01, date:2026-02, "
                    "date:..2026-02-01)",
             s, n);
        return NULL;
    }
    if (lo != INT64_MIN && hi != INT64_MAX && lo > hi) {
        fail(lx, lx->at,
             seen ? "seen: range '%.*s' ends before it starts"
                  : "date range '%.*s' ends before it starts",
             s, n);
        return NULL;
    }
    sw_qnode *d = node(lx, SW_QN_DATE);
    if (d) {
        d->lo = lo;
        d->hi = hi;
        d->type = seen ? 's' : 0;
    }
    return d;
}

static sw_qnode *parse_or(lexer *lx);

static sw_qnode *parse_primary(lexer *lx) {
    sw_qnode *n = NULL;
    switch (lx->tok) {
    case T_LPAREN: {
        const char *open = lx->at;
        if (++lx->depth > MAX_DEPTH) {
            fail(lx, open, "the query is nested too deeply%.*s", "", 0);
            return NULL;
        }
        next(lx);
        n = parse_or(lx);
        lx->depth--;
        if (n && lx->tok != T_RPAREN) {
            free_node(n);
            fail(lx, open, "unbalanced parenthesis%.*s", "", 0);
            return NULL;
        }
        next(lx);
        return n;
    }
    case T_WORD: n = text_node(lx, SW_QN_WORD, SW_QF_ANY); break;
    case T_PHRASE:
        if (lx->n == 0) {
            fail(lx, lx->at, "empty phrase%.*s", "", 0);
            return NULL;
        }
        n = text_node(lx, SW_QN_PHRASE, SW_QF_ANY);
        break;
    case T_FIELD:
        if (lx->field == -1) {
            if (lx->n == 7 && !memcmp(lx->s, "article", 7)) {
                if ((n = node(lx, SW_QN_TYPE)))
                    n->type = 'a';
            } else if (lx->n == 8 && !memcmp(lx->s, "headline", 8)) {
                if ((n = node(lx, SW_QN_TYPE)))
                    n->type = 'h';
            } else {
                fail(lx, lx->at, "type: is article or headline, not '%.*s'", lx->s, lx->n);
                return NULL;
            }
        } else if (lx->field == -2) {
            n = date_node(lx, 0);
        } else if (lx->field == -5) {
            n = date_node(lx, 1);
        } else if (lx->field == -3 || lx->field == -4) {
            /* changed:yes|no, gone:yes|no: a filter on articles, as type: is (search.c) */
            int yes = lx->n == 3 && !memcmp(lx->s, "yes", 3),
                no = lx->n == 2 && !memcmp(lx->s, "no", 2);
            if (!yes && !no) {
                fail(lx, lx->at,
                     lx->field == -3 ? "changed: is yes or no, not '%.*s'"
                                     : "gone: is yes or no, not '%.*s'",
                     lx->s, lx->n);
                return NULL;
            }
            if ((n = node(lx, SW_QN_TYPE)))
                n->type = lx->field == -3 ? (yes ? 'C' : 'c') : (yes ? 'G' : 'g');
        } else {
            n = text_node(lx, lx->value_phrase ? SW_QN_PHRASE : SW_QN_WORD, lx->field);
        }
        break;
    case T_RPAREN: fail(lx, lx->at, "unbalanced parenthesis%.*s", "", 0); return NULL;
    case T_OR:
    case T_AND: fail(lx, lx->at, "'%.*s' needs a word on each side", lx->s, lx->n); return NULL;
    case T_NOT: fail(lx, lx->at, "NOT needs a word after it%.*s", "", 0); return NULL;
    default: fail(lx, lx->at, "the query ends too early%.*s", "", 0); return NULL;
    }
    if (n)
        next(lx);
    return n;
}

static sw_qnode *parse_unary(lexer *lx) {
    if (lx->tok != T_NOT)
        return parse_primary(lx);
    const char *at = lx->at;
    next(lx);
    if (lx->tok == T_END || lx->tok == T_RPAREN || lx->tok == T_OR) {
        fail(lx, at, "NOT needs a word after it%.*s", "", 0);
        return NULL;
    }
    if (++lx->depth > MAX_DEPTH) {
        fail(lx, at, "the query is nested too deeply%.*s", "", 0);
        return NULL;
    }
    sw_qnode *kid = parse_unary(lx);
    lx->depth--;
    if (!kid)
        return NULL;
    sw_qnode *n = node(lx, SW_QN_NOT);
    if (!n || add_kid(lx, n, kid)) {
        free_node(n);
        return NULL;
    }
    return n;
}

static sw_qnode *parse_and(lexer *lx) {
    sw_qnode *n = node(lx, SW_QN_AND);
    if (!n)
        return NULL;
    n->implicit = 1;
    const char *start = lx->at;
    while (!lx->rc && lx->tok != T_END && lx->tok != T_RPAREN && lx->tok != T_OR) {
        if (lx->tok == T_AND) {
            n->implicit = 0;
            next(lx);
            if (lx->tok == T_END || lx->tok == T_RPAREN || lx->tok == T_OR) {
                fail(lx, start, "'AND' needs a word on each side%.*s", "", 0);
                break;
            }
            continue;
        }
        sw_qnode *kid = parse_unary(lx);
        if (!kid || add_kid(lx, n, kid))
            break;
    }
    if (!lx->rc && n->nkids == 0) {
        if (lx->tok == T_OR)
            fail(lx, lx->at, "'OR' needs a word on each side%.*s", "", 0);
        else if (lx->tok == T_RPAREN)
            fail(lx, lx->at, "empty parentheses%.*s", "", 0);
        else
            lx->rc = sw_error(lx->errmsg, SW_EUSAGE, "the query is empty");
    }
    if (lx->rc) {
        free_node(n);
        return NULL;
    }
    if (n->nkids == 1) { /* no need for a one-child AND */
        sw_qnode *k = n->kids[0];
        n->nkids = 0;
        free_node(n);
        return k;
    }
    return n;
}

static sw_qnode *parse_or(lexer *lx) {
    sw_qnode *a = parse_and(lx);
    if (!a || lx->tok != T_OR)
        return a;
    sw_qnode *n = node(lx, SW_QN_OR);
    if (!n || add_kid(lx, n, a)) {
        free_node(n);
        return NULL;
    }
    while (!lx->rc && lx->tok == T_OR) {
        const char *at = lx->at;
        next(lx);
        if (lx->tok == T_END || lx->tok == T_RPAREN || lx->tok == T_OR) {
            fail(lx, at, "'OR' needs a word on each side%.*s", "", 0);
            break;
        }
        sw_qnode *b = parse_and(lx);
        if (!b || add_kid(lx, n, b))
            break;
    }
    if (lx->rc) {
        free_node(n);
        return NULL;
    }
    return n;
}

int sw_qparsed_parse(const char *query, sw_qparsed *out, char **errmsg) {
    out->root = NULL;
    lexer lx;
    memset(&lx, 0, sizeof(lx));
    lx.q = lx.p = query;
    lx.errmsg = errmsg;
    next(&lx);
    sw_qnode *root = parse_or(&lx);
    if (root && !lx.rc && lx.tok != T_END)
        fail(&lx, lx.at, "unbalanced parenthesis%.*s", "", 0);
    if (lx.rc) {
        free_node(root);
        return lx.rc;
    }
    out->root = root;
    return 0;
}

void sw_qparsed_release(sw_qparsed *q) {
    free_node(q->root);
    q->root = NULL;
}
