/*
 * search.c - from parsed query to hits with snippets (see search.h).
 */
#include "search.h"

#include "buf.h"
#include "error.h"
#include "segment.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct sw_searcher {
    sw_index *index;    /* Xapian, read-only */
    sw_store *store;    /* SQLite, read-only */
    sw_segmenter *seg;  /* query words and snippets */
    sw_snipper *snip;   /* snippet scratch */
};

int sw_searcher_open(const char *dir, sw_searcher **out, char **errmsg) {
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return sw_error(errmsg, SW_ENOTFOUND, "no index at '%s' (create one with souwen-index)",
                        dir);
    sw_searcher *s = calloc(1, sizeof(*s));
    if (!s)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/souwen.sqlite", dir);
    int rc = 0;
    if (stat(sw_buf_str(&p), &st) != 0)
        rc = sw_error(errmsg, SW_ENOTFOUND, "'%s' is not a souwen index (no souwen.sqlite)", dir);
    if (!rc)
        rc = sw_store_open(sw_buf_str(&p), 0, &s->store, errmsg);
    sw_buf_reset(&p);
    sw_buf_addf(&p, "%s/xapian", dir);
    if (!rc)
        rc = sw_index_open(sw_buf_str(&p), 0, &s->index, errmsg);
    sw_buf_release(&p);
    if (!rc)
        rc = sw_segmenter_new(&s->seg, errmsg);
    if (!rc && sw_snipper_new(s->seg, &s->snip))
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    if (rc) {
        sw_searcher_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void sw_searcher_close(sw_searcher *s) {
    if (!s)
        return;
    sw_index_close(s->index);
    sw_store_close(s->store);
    sw_snipper_free(s->snip);
    sw_segmenter_free(s->seg);
    free(s);
}

/* Query construction: a growing list of owned sub-queries and of distinct terms. */
typedef struct qbuild {
    sw_query **q;     /* owned sub-queries */
    size_t n, cap;
    char **terms;     /* distinct normalized terms, owned */
    size_t nterms, terms_cap;
    size_t word_first; /* index in q where the current word's tokens start */
} qbuild;

static int qpush(qbuild *b, sw_query *q) {
    if (!q)
        return SW_ENOMEM;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        sw_query **p = realloc(b->q, cap * sizeof(*p));
        if (!p) {
            sw_query_free(q);
            return SW_ENOMEM;
        }
        b->q = p;
        b->cap = cap;
    }
    b->q[b->n++] = q;
    return 0;
}

/* Replaces q[from..n) by op over them. */
static int qreduce(qbuild *b, size_t from, int op) {
    sw_query *c = sw_query_op(op, b->q + from, b->n - from);
    if (!c)
        return SW_ENOMEM;
    while (b->n > from)
        sw_query_free(b->q[--b->n]);
    return qpush(b, c);
}

static int add_term_once(qbuild *b, const char *term, size_t len) {
    for (size_t i = 0; i < b->nterms; i++)
        if (strlen(b->terms[i]) == len && !memcmp(b->terms[i], term, len))
            return 0;
    if (b->nterms == b->terms_cap) {
        size_t cap = b->terms_cap ? b->terms_cap * 2 : 16;
        char **p = realloc(b->terms, cap * sizeof(*p));
        if (!p)
            return SW_ENOMEM;
        b->terms = p;
        b->terms_cap = cap;
    }
    if (!(b->terms[b->nterms] = strndup(term, len)))
        return SW_ENOMEM;
    b->nterms++;
    return 0;
}

static int on_query_token(void *ctx, const char *term, size_t len, size_t start, size_t end,
                          int tflags) {
    (void)start, (void)end, (void)tflags;
    qbuild *b = ctx;
    int rc = add_term_once(b, term, len);
    return rc ? rc : qpush(b, sw_query_term("", term, len));
}

static void qbuild_release(qbuild *b) {
    for (size_t i = 0; i < b->n; i++)
        sw_query_free(b->q[i]);
    free(b->q);
    for (size_t i = 0; i < b->nterms; i++)
        free(b->terms[i]);
    free(b->terms);
}

/* Builds the whole query into b->q[0]. */
static int build(sw_searcher *s, const sw_qparsed *qp, const sw_search_opts *o, qbuild *b,
                 char **errmsg) {
    int rc = 0;
    for (size_t w = 0; w < qp->n && !rc; w++) {
        size_t from = b->n;
        rc = sw_segment(s->seg, qp->words[w].text, strlen(qp->words[w].text), on_query_token, b);
        if (rc || b->n - from <= 1)
            continue; /* no token (punctuation only) or one term: nothing to combine */
        if (qp->words[w].phrase) {
            rc = qreduce(b, from, SW_Q_PHRASE);
            continue;
        }
        /* AND of the tokens, boosted where they stand together in order. */
        sw_query *and_q = sw_query_op(SW_Q_AND, b->q + from, b->n - from);
        sw_query *phr_q = sw_query_op(SW_Q_PHRASE, b->q + from, b->n - from);
        sw_query *pair[2] = {and_q, phr_q};
        sw_query *maybe = and_q && phr_q ? sw_query_op(SW_Q_AND_MAYBE, pair, 2) : NULL;
        sw_query_free(and_q);
        sw_query_free(phr_q);
        while (b->n > from)
            sw_query_free(b->q[--b->n]);
        rc = qpush(b, maybe);
    }
    if (rc)
        return sw_error(errmsg, rc, "unable to build the query: %s", sw_strerror(rc));
    if (b->n == 0)
        return sw_error(errmsg, SW_EUSAGE, "the query has no searchable words");
    if (b->n > 1 && (rc = qreduce(b, 0, o->any ? SW_Q_OR : SW_Q_AND)))
        return sw_error(errmsg, rc, "out of memory");
    if (o->type) {
        const char *t = o->type == 'a' ? "article" : "headline";
        if ((rc = qpush(b, sw_query_term(SW_PREFIX_TYPE, t, strlen(t)))) ||
            (rc = qreduce(b, 0, SW_Q_FILTER)))
            return sw_error(errmsg, rc, "out of memory");
    }
    return 0;
}

/*
 * Snippets look at the first SNIPPET_SCAN_MAX bytes of a body only (cut at a character): a
 * 60 MB page would otherwise cost seconds and hundreds of MB per search. A match further on
 * still finds the page; its snippet is then the body's opening.
 */
#define SNIPPET_SCAN_MAX (1u << 20)

static size_t snippet_scan_len(const char *body) {
    size_t n = strnlen(body, SNIPPET_SCAN_MAX + 1);
    if (n <= SNIPPET_SCAN_MAX)
        return n;
    n = SNIPPET_SCAN_MAX;
    while (n > 0 && ((unsigned char)body[n] & 0xC0) == 0x80)
        n--;
    return n;
}

int sw_searcher_run(sw_searcher *s, const sw_qparsed *qp, const sw_search_opts *o,
                    sw_results *out, char **errmsg) {
    memset(out, 0, sizeof(*out));
    qbuild b;
    memset(&b, 0, sizeof(b));
    sw_hit *hits = NULL;
    int rc = build(s, qp, o, &b, errmsg);
    if (rc)
        goto out;
    if (o->limit && !(hits = calloc(o->limit, sizeof(*hits))) &&
        (rc = sw_error(errmsg, SW_ENOMEM, "out of memory")))
        goto out;
    size_t n = 0;
    if ((rc = sw_index_search(s->index, b.q[0], o->offset, o->limit, hits, &n, &out->estimated,
                              errmsg)))
        goto out;
    if (n && !(out->r = calloc(n, sizeof(*out->r)))) {
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        goto out;
    }
    sw_terms terms = {(const char **)b.terms, b.nterms};
    for (size_t i = 0; i < n; i++) {
        sw_result *r = &out->r[out->n];
        int g = sw_store_get_doc(s->store, hits[i].type, hits[i].id, 1, &r->doc, errmsg);
        if (g == SW_ENOTFOUND)
            continue; /* the store moved on since the index was committed */
        if ((rc = g))
            goto out;
        out->n++;
        r->rank = (int)(o->offset + out->n);
        r->score = hits[i].score;
        const char *title = r->doc.title ? r->doc.title : "";
        if ((rc = sw_snippet_build(s->snip, title, strlen(title), &terms, 0, &r->title)))
            break;
        if (r->doc.type == 'a')
            rc = sw_snippet_build(s->snip, r->doc.body, snippet_scan_len(r->doc.body), &terms,
                                  o->snippet_chars, &r->snippet);
        else
            rc = sw_snippet_build(s->snip, title, strlen(title), &terms, 0, &r->snippet);
        if (rc)
            break;
    }
    if (rc)
        rc = sw_error(errmsg, rc, "unable to build a snippet: %s", sw_strerror(rc));
out:
    free(hits);
    qbuild_release(&b);
    if (rc)
        sw_results_release(out);
    return rc;
}

void sw_results_release(sw_results *r) {
    for (size_t i = 0; i < r->n; i++) {
        sw_doc_release(&r->r[i].doc);
        sw_snippet_release(&r->r[i].snippet);
        sw_snippet_release(&r->r[i].title);
    }
    free(r->r);
    memset(r, 0, sizeof(*r));
}
